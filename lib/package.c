/* package.c — data packages; see package.h. */
#include "package.h"

#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"

static int
bad(struct cust_err *err, const char *path, const char *where, const char *msg, const char *arg)
{
	return cust_fail(err, CUST_USAGE, "%s: %s: %s%s", path, where, msg, arg);
}

/* A path relative to the package file's directory. */
static char *
resolve(const char *pkg, const char *rel)
{
	const char *slash = strrchr(pkg, '/');
	struct strbuf sb = STRBUF_INIT;

	if (rel[0] == '/' || slash == NULL)
		return xstrdup(rel);
	sb_add(&sb, pkg, (size_t)(slash - pkg) + 1);
	sb_adds(&sb, rel);
	return sb_detach(&sb);
}

/* Paths must stay inside the package (the spec forbids / and ..), and
 * custkit reads only local files. */
static bool
safe_path(const char *p)
{
	return p[0] != '/' && strstr(p, "..") == NULL && strstr(p, "://") == NULL;
}

static int
load_resource(struct package *pkg, struct resource *r, json_t *jr, size_t idx, struct cust_err *err)
{
	static const char *const known[] = {"name", "path", "schema", "profile", "title", "description",
		"format", "mediatype", "encoding", "bytes", "hash", "sources", "licenses", "$schema", "type",
		"scheme", NULL};
	char where[80];
	const char *key;
	json_t *v, *path;
	size_t i;

	snprintf(where, sizeof(where), "resources[%zu]", idx);
	if (!json_is_object(jr))
		return bad(err, pkg->path, where, "expected an object", "");
	json_object_foreach(jr, key, v) {
		for (i = 0; known[i] && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL)
			return bad(err, pkg->path, where, "custkit does not implement the resource property ", key);
	}
	if ((v = json_object_get(jr, "format")) != NULL &&
	    (!json_is_string(v) || (strcmp(json_string_value(v), "csv") != 0 &&
	     strcmp(json_string_value(v), "tsv") != 0 && strcmp(json_string_value(v), "json") != 0 &&
	     strcmp(json_string_value(v), "jsonl") != 0)))
		return bad(err, pkg->path, where, "format must be csv, tsv, json or jsonl", "");
	v = json_object_get(jr, "name");
	if (!json_is_string(v))
		return bad(err, pkg->path, where, "\"name\" is missing or not a string", "");
	r->name = xstrdup(json_string_value(v));
	path = json_object_get(jr, "path");
	if (json_is_string(path)) {
		json_t *one = json_array();
		json_array_append(one, path);
		r->paths = xcalloc(2, sizeof(char *));
		if (!safe_path(json_string_value(path))) {
			json_decref(one);
			return bad(err, pkg->path, where, "custkit reads local paths inside the package, not ",
			    json_string_value(path));
		}
		r->paths[r->npaths++] = resolve(pkg->path, json_string_value(path));
		json_decref(one);
	} else if (json_is_array(path) && json_array_size(path) > 0) {
		r->paths = xcalloc(json_array_size(path) + 1, sizeof(char *));
		for (i = 0; i < json_array_size(path); i++) {
			const char *p = json_string_value(json_array_get(path, i));
			if (p == NULL || !safe_path(p))
				return bad(err, pkg->path, where, "custkit reads local paths inside the package, not ",
				    p ? p : "a non-string");
			r->paths[r->npaths++] = resolve(pkg->path, p);
		}
	} else
		return bad(err, pkg->path, where, "\"path\" is missing (custkit does not read inline \"data\")", "");
	v = json_object_get(jr, "schema");
	snprintf(where, sizeof(where), "%s (%.40s).schema", pkg->path, r->name);
	if (json_is_string(v)) {
		char *sp = resolve(pkg->path, json_string_value(v));
		r->schema = schema_load(sp, err);
		free(sp);
	} else if (json_is_object(v))
		r->schema = schema_from_json(v, where, err);
	else
		return bad(err, pkg->path, where + strlen(pkg->path) + 2, "a table resource needs a schema", "");
	return r->schema ? 0 : -1;
}

struct resource *
package_resource(struct package *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->nres; i++)
		if (strcmp(p->res[i].name, name) == 0)
			return &p->res[i];
	return NULL;
}

/* Referenced tables first (depth first); a cycle between tables cannot
 * be checked in one pass and is refused. */
static int
order(struct package *p, size_t i, int *state, struct resource *out, size_t *nout, struct cust_err *err)
{
	size_t k;

	if (state[i] == 2)
		return 0;
	if (state[i] == 1)
		return bad(err, p->path, "foreignKeys", "tables reference each other in a cycle through ",
		    p->res[i].name);
	state[i] = 1;
	for (k = 0; k < p->res[i].schema->nfks; k++) {
		const char *to = p->res[i].schema->fks[k].resource;
		struct resource *t;
		if (to[0] == '\0' || strcmp(to, p->res[i].name) == 0)
			continue;
		if ((t = package_resource(p, to)) == NULL)
			return bad(err, p->path, "foreignKeys", "no resource is named ", to);
		if (order(p, (size_t)(t - p->res), state, out, nout, err) < 0)
			return -1;
	}
	state[i] = 2;
	out[(*nout)++] = p->res[i];
	return 0;
}

struct package *
package_load(const char *path, struct cust_err *err)
{
	struct package *p = xcalloc(1, sizeof(*p));
	json_t *root = json_load_config(path, err), *res;
	struct resource *sorted = NULL;
	int *state = NULL;
	size_t i, n = 0;

	p->path = xstrdup(path);
	if (root == NULL)
		goto fail;
	res = json_object_get(root, "resources");
	if (!json_is_array(res) || json_array_size(res) == 0) {
		bad(err, path, "top level", "expected an object with a \"resources\" array", "");
		goto fail;
	}
	p->res = xcalloc(json_array_size(res) + 1, sizeof(*p->res));
	for (i = 0; i < json_array_size(res); i++) {
		p->nres++;
		if (load_resource(p, &p->res[i], json_array_get(res, i), i, err) < 0)
			goto fail;
	}
	state = xcalloc(p->nres + 1, sizeof(int));
	sorted = xcalloc(p->nres + 1, sizeof(*sorted));
	for (i = 0; i < p->nres; i++)
		if (order(p, i, state, sorted, &n, err) < 0)
			goto fail;
	free(p->res);
	p->res = sorted;
	free(state);
	json_decref(root);
	return p;
fail:
	free(state);
	free(sorted);
	json_decref(root);
	package_free(p);
	return NULL;
}

void
package_free(struct package *p)
{
	size_t i, j;

	if (p == NULL)
		return;
	for (i = 0; i < p->nres; i++) {
		free(p->res[i].name);
		for (j = 0; j < p->res[i].npaths; j++)
			free(p->res[i].paths[j]);
		free(p->res[i].paths);
		schema_free(p->res[i].schema);
	}
	free(p->res);
	free(p->path);
	free(p);
}
