/* idmap.c — ids absorbed by a merge; see idmap.h. */
#include "idmap.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "orders.h"

struct idmap {
	struct hash *index;         /* old id -> mapping number */
	struct strbuf text;         /* old\0survivor\0 per mapping */
	size_t *off;                /* mapping -> its old id in text */
	size_t n;
};

/* A chain longer than this is a loop (A -> B -> A): it ends where it is. */
#define MAX_CHAIN 64

struct idmap *
idmap_new(void)
{
	struct idmap *m = xcalloc(1, sizeof(*m));

	m->index = hash_new();
	return m;
}

void
idmap_free(struct idmap *m)
{
	if (m == NULL)
		return;
	hash_free(m->index);
	sb_free(&m->text);
	free(m->off);
	free(m);
}

void
idmap_add(struct idmap *m, const char *old, size_t oldlen, const char *survivor, size_t survivorlen)
{
	bool added;
	uint64_t *v;

	oldlen = id_key(old, oldlen, &old);
	survivorlen = id_key(survivor, survivorlen, &survivor);
	if (oldlen == 0 || survivorlen == 0 || (oldlen == survivorlen && memcmp(old, survivor, oldlen) == 0))
		return;
	v = hash_put(m->index, old, oldlen, &added);
	if (!added)
		return;
	*v = m->n;
	m->off = xreallocarray(m->off, m->n + 1, sizeof(size_t));
	m->off[m->n++] = m->text.len;
	sb_add(&m->text, old, oldlen);
	sb_addc(&m->text, '\0');
	sb_add(&m->text, survivor, survivorlen);
	sb_addc(&m->text, '\0');
}

int
idmap_load(struct idmap *m, const char *path, const struct reader_opts *ro, struct cust_err *err)
{
	char *paths[1] = {(char *)path};
	struct reader_opts o = *ro;
	struct reader *r;
	struct record *rec;
	int rc;

	o.prefetch = false;
	if ((r = reader_open(paths, 1, &o, err)) == NULL)
		return -1;
	if (reader_header(r)->n < 2) {
		reader_close(r);
		return cust_fail(err, CUST_INPUT, "%s: an id map has two columns: old id, surviving id", path);
	}
	while ((rc = reader_next(r, &rec, err)) > 0) {
		const char *k;
		if (rec->error != NULL || id_key(rec->field[0], rec->len[0], &k) == 0 ||
		    id_key(rec->field[1], rec->len[1], &k) == 0) {
			cust_fail(err, CUST_INPUT, "%s:%ld: %s", rec->file, rec->line,
			    rec->error ? rec->error : "an id map row needs both ids");
			rc = -1;
			break;
		}
		idmap_add(m, rec->field[0], rec->len[0], rec->field[1], rec->len[1]);
	}
	reader_close(r);
	return rc < 0 ? -1 : 0;
}

size_t
idmap_count(const struct idmap *m)
{
	return m ? m->n : 0;
}

void
idmap_get(const struct idmap *m, size_t i, const char **old, size_t *oldlen)
{
	*old = m->text.s + m->off[i];
	*oldlen = strlen(*old);
}

const char *
idmap_resolve(const struct idmap *m, const char *id, size_t len, size_t *outlen)
{
	uint64_t *v;
	size_t steps;

	*outlen = len;
	for (steps = 0; m && steps < MAX_CHAIN && (v = hash_get(m->index, id, *outlen)) != NULL; steps++) {
		const char *old = m->text.s + m->off[*v];
		id = old + strlen(old) + 1;
		*outlen = strlen(id);
	}
	return id;
}

bool
idlist_next(const char *s, size_t n, size_t *pos, const char **id, size_t *len)
{
	while (*pos < n) {
		size_t start = *pos, end;
		const char *semi = memchr(s + start, ';', n - start);

		end = semi ? (size_t)(semi - s) : n;
		*pos = semi ? end + 1 : n;
		if ((*len = id_key(s + start, end - start, id)) > 0)
			return true;
	}
	return false;
}
