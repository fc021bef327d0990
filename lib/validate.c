/* validate.c — see validate.h. */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "outfile.h"
#include "rejects.h"
#include "validate.h"

struct vkeyset {
	size_t *cols;
	size_t n;
	struct hash *keys;
};

/* A record kept until the whole table is seen (foreign keys into the
 * same table): its values as they will be written, and its errors. */
struct held {
	long line;
	const char *file;
	char *why;                  /* NULL: valid so far */
	bool checked;               /* went through checker_run */
	unsigned long long recno;
	char **vals;
	size_t *lens;
};

static void
hold(struct held *h, const struct record *rec, char **vals, const size_t *lens, const char *why,
    bool checked, unsigned long long recno, struct namelist *names)
{
	size_t i;

	h->line = rec->line;
	h->file = namelist_keep(names, rec->file);
	h->why = why && *why ? xstrdup(why) : NULL;
	h->checked = checked;
	h->recno = recno;
	h->vals = xcalloc(rec->n + 1, sizeof(char *));
	h->lens = xcalloc(rec->n + 1, sizeof(size_t));
	for (i = 0; i < rec->n; i++) {
		h->vals[i] = xstrndup(vals[i], lens[i]);
		h->lens[i] = lens[i];
	}
}

static void
emit(struct writer *w, struct rejects *rj, const struct record *rec, char **vals, size_t *lens,
    const char *why, size_t n)
{
	if (why != NULL)
		rejects_add(rj, rec, vals, lens, why);
	else if (w != NULL)
		writer_row(w, vals, lens, n);
}

/* The held records, in input order, once the table is whole. */
static void
release(struct checker *chk, struct held *held, size_t nheld, struct writer *w, struct rejects *rj,
    size_t ncols)
{
	struct strbuf why = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < nheld; i++) {
		struct held *h = &held[i];
		struct record rec = {ncols, h->vals, h->lens, h->file, h->line, NULL};
		sb_reset(&why);
		if (h->why)
			sb_adds(&why, h->why);
		if (h->checked)
			checker_finish(chk, h->recno, &why);
		emit(w, rj, &rec, h->vals, h->lens, why.len ? why.s : NULL, ncols);
		for (j = 0; j < ncols; j++)
			free(h->vals[j]);
		free(h->vals);
		free(h->lens);
		free(h->why);
	}
	sb_free(&why);
}

static struct checker *
new_checker(struct vtable *t, const struct header *h, const struct roles *roles, bool fix)
{
	struct checker *chk;
	size_t i;

	if (t->schema == NULL && !fix)
		return NULL;
	chk = checker_new(t->schema, h, roles, fix);
	for (i = 0; i < t->nkeysets; i++)
		checker_want_keys(chk, t->keysets[i].cols, t->keysets[i].n);
	for (i = 0; t->refs && i < t->schema->nfks; i++)
		if (t->refs[i])
			checker_set_reference(chk, i, t->refs[i]);
	return chk;
}

/* JSON output typed as the schema says, else as the roles do. */
static void
json_types(struct writer *w, const struct schema *schema, const struct roles *roles, size_t ncols)
{
	enum ftype *types;
	size_t i;

	writer_roles(w, roles);
	if (schema == NULL)
		return;
	types = xcalloc(ncols + 1, sizeof(*types));
	schema_column_types(schema, types, ncols);
	for (i = 0; i < ncols; i++) {
		if (types[i] == FT_ANY)
			continue;       /* no field: the role says */
		writer_json_type(w, i, types[i] == FT_INTEGER || types[i] == FT_NUMBER ||
		    types[i] == FT_MONEY ? JSON_NUMBER : types[i] == FT_BOOLEAN ? JSON_BOOL : JSON_TEXT);
	}
	free(types);
}

static struct writer *
open_writer(struct vtable *t, const struct header *h, const struct roles *roles, const struct writer_opts *wo)
{
	struct writer *w;

	if (t->out == NULL)
		return NULL;
	w = writer_new(t->out, t->out_name, wo);
	json_types(w, t->schema, roles, h->n);
	if (t->schema != NULL) {
		enum ftype *types = xcalloc(h->n + 1, sizeof(*types));
		schema_column_types(t->schema, types, h->n);
		writer_types(w, types, h->n);
		free(types);
	}
	writer_header(w, h->names, h->n);
	return w;
}

/* The keys other tables reference, as this record gives them. */
static void
add_keys(struct vtable *t)
{
	const char *key;
	size_t i, klen;
	bool added;

	for (i = 0; i < t->nkeysets; i++)
		if ((key = checker_key(t->chk, t->keysets[i].cols, t->keysets[i].n, &klen)) != NULL)
			hash_put(t->keysets[i].keys, key, klen, &added);
}

/* Read the table through: rc of the last reader_next. */
static int
pass_records(struct vtable *t, const struct validate_opts *o, struct writer *w, struct rejects *rj,
    struct cust_err *err)
{
	const struct header *h = reader_header(t->rd);
	bool defer = t->chk && checker_defers(t->chk);
	struct held *held = NULL;
	struct namelist names = {0};
	size_t nheld = 0, cap = 0;
	unsigned long long checked = 0;
	struct record *rec;
	char **vals;
	size_t *lens;
	const char *why;
	int rc;

	while ((rc = reader_next(t->rd, &rec, err)) > 0) {
		vals = rec->field;
		lens = rec->len;
		why = rec->error;
		if (why == NULL && t->chk != NULL) {
			if (checker_run(t->chk, rec, &vals, &lens, &why) == 0)
				why = NULL;
			add_keys(t);
			checked++;
		}
		if (defer) {
			if (nheld == cap)
				held = xreallocarray(held, cap = cap ? 2 * cap : 1024, sizeof(*held));
			hold(&held[nheld++], rec, vals, lens, why, rec->error == NULL, checked - 1, &names);
		} else
			emit(w, rj, rec, vals, lens, why, h->n);
		if (w && writer_failed(w))
			break;
		if (o->progress)
			o->progress(reader_count(t->rd));
	}
	if (o->progress_done)
		o->progress_done();
	if (rc >= 0 && defer)
		release(t->chk, held, nheld, w, rj, h->n);
	free(held);
	namelist_free(&names);
	return rc;
}

int
validate_table(struct vtable *t, const struct roles *roles, const struct validate_opts *o,
    struct summary *sum, struct cust_err *err)
{
	const struct header *h = reader_header(t->rd);
	struct rejects *rj;
	struct writer *w;
	int rc;

	t->chk = new_checker(t, h, roles, o->fix);
	if ((rj = rejects_open(t->rejects, h, &o->wo, o->diag, o->prog, o->max_shown, err)) == NULL)
		return -1;
	w = open_writer(t, h, roles, &o->wo);
	rc = pass_records(t, o, w, rj, err);
	if (rc < 0 || (w && writer_finish(w, err) < 0)) {
		rejects_abort(rj);
		writer_free(w);
		return -1;
	}
	writer_free(w);
	sum->h = h;
	sum->records = reader_count(t->rd);
	sum->rejected = rejects_count(rj);
	sum->valid = sum->records - sum->rejected;
	sum->errors = t->chk ? checker_errors(t->chk) : NULL;
	sum->fixes = t->chk ? checker_fixes(t->chk) : NULL;
	return rejects_close(rj, err);
}

void
validate_table_done(struct vtable *t)
{
	checker_free(t->chk);
	t->chk = NULL;
}

/* t references table `to` through fk: `to` must collect those keys. */
static int
plan_reference(struct package *p, struct vtable *t, size_t k, struct resource *to, struct vtable *tt,
    struct cust_err *err)
{
	const struct foreign_key *fk = &t->schema->fks[k];
	struct vkeyset *ks;
	size_t j;

	tt->keysets = xreallocarray(tt->keysets, tt->nkeysets + 1, sizeof(*tt->keysets));
	ks = &tt->keysets[tt->nkeysets++];
	ks->n = fk->nref;
	ks->cols = xcalloc(ks->n + 1, sizeof(size_t));
	ks->keys = hash_new();
	for (j = 0; j < ks->n; j++) {
		long f = schema_field(to->schema, fk->ref_names[j]);
		if (f < 0)
			return cust_fail(err, CUST_USAGE, "%s: foreignKeys: %s has no field '%s'", p->path,
			    to->name, fk->ref_names[j]);
		ks->cols[j] = (size_t)f;   /* a field index until the table is bound */
	}
	t->refs[k] = ks->keys;
	return 0;
}

struct vtable *
validate_plan(struct package *p, struct cust_err *err)
{
	struct vtable *tabs = xcalloc(p->nres + 1, sizeof(*tabs));
	size_t i, k;

	for (i = 0; i < p->nres; i++)
		tabs[i].schema = p->res[i].schema;
	for (i = 0; i < p->nres; i++) {
		struct schema *s = p->res[i].schema;
		tabs[i].refs = xcalloc(s->nfks + 1, sizeof(*tabs[i].refs));
		for (k = 0; k < s->nfks; k++) {
			struct resource *to = s->fks[k].resource[0] ? package_resource(p, s->fks[k].resource) : NULL;
			if (to == NULL || to == &p->res[i])
				continue;
			if (plan_reference(p, &tabs[i], k, to, &tabs[to - p->res], err) < 0) {
				validate_plan_free(tabs, p->nres);
				return NULL;
			}
		}
	}
	return tabs;
}

void
validate_bind(struct vtable *t, const struct resource *r)
{
	size_t k, j;

	for (k = 0; k < t->nkeysets; k++)
		for (j = 0; j < t->keysets[k].n; j++)
			t->keysets[k].cols[j] = (size_t)r->schema->fields[t->keysets[k].cols[j]].col;
}

void
validate_plan_free(struct vtable *tabs, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		for (k = 0; k < tabs[i].nkeysets; k++) {
			free(tabs[i].keysets[k].cols);
			hash_free(tabs[i].keysets[k].keys);
		}
		free(tabs[i].keysets);
		free(tabs[i].refs);
	}
	free(tabs);
}

int
validate_rejects_path(const struct package *p, const char *rejects, struct cust_err *err)
{
	struct runfile *f = xcalloc(2, sizeof(*f));
	size_t i, j, n = 0;
	int rc;

	f[n++] = (struct runfile){"--package", p->path, RUNFILE_READ};
	f[n++] = (struct runfile){"--rejects", rejects, RUNFILE_WRITE};
	for (i = 0; i < p->nres; i++)
		for (j = 0; j < p->res[i].npaths; j++) {
			f = xreallocarray(f, n + 1, sizeof(*f));
			f[n++] = (struct runfile){p->res[i].name, p->res[i].paths[j], RUNFILE_READ};
		}
	rc = runfiles_check(f, n, err);
	free(f);
	return rc;
}
