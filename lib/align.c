/* align.c — tables with different headers read as one; see align.h. */
#include "align.h"

#include <stdlib.h>
#include <string.h>

#include "roles.h"

struct input {
	struct reader *r;
	long *map;                  /* its column -> the table's */
};

struct aligned {
	struct input *in;
	size_t nin, cur;
	struct header h;            /* the union, names owned */
	struct roles roles;         /* of the union */
	long source;                /* the source column, or -1 */
	bool differ;
	struct record rec;          /* laid out in the table's columns */
	unsigned long long count;
};

static char empty[] = "";

/* Do two headers hold the same names (in any order)? */
static bool
same_names(const struct header *a, const struct header *b)
{
	size_t i;

	if (a->n != b->n)
		return false;
	for (i = 0; i < b->n; i++)
		if (header_find(a, b->names[i]) < 0)
			return false;
	return true;
}

static size_t
add_column(struct aligned *a, const char *name)
{
	a->h.names = xreallocarray(a->h.names, a->h.n + 2, sizeof(char *));
	a->h.names[a->h.n] = xstrdup(name);
	a->h.names[a->h.n + 1] = NULL;
	return a->h.n++;
}

/* The --col overrides whose column h has. */
static size_t
overrides_for(const struct header *h, char *const *cols, size_t ncols, char **out)
{
	size_t i, n = 0;
	const char *eq;

	for (i = 0; i < ncols; i++)
		if ((eq = strchr(cols[i], '=')) == NULL || header_find(h, eq + 1) >= 0)
			out[n++] = cols[i];
	return n;
}

/* Map input k's columns: by name, then by role, else a new column. */
static int
map_input(struct aligned *a, size_t k, char *const *cols, size_t ncols, struct cust_err *err)
{
	const struct header *h = reader_header(a->in[k].r);
	bool *taken = xcalloc(a->h.n + h->n + 1, 1);
	char **own = xcalloc(ncols + 1, sizeof(char *));
	struct roles roles;
	size_t i;
	long t;
	enum role r;

	if (roles_find(&roles, h, own, overrides_for(h, cols, ncols, own), "--col", err) < 0) {
		free(taken);
		free(own);
		return -1;
	}
	a->in[k].map = xcalloc(h->n + 1, sizeof(long));
	for (i = 0; i < h->n; i++) {
		t = header_find(&a->h, h->names[i]);
		a->in[k].map[i] = t >= 0 && !taken[t] ? t : -1;
		if (t < 0 || taken[t])
			continue;
		taken[t] = true;
		r = roles_of_column(&roles, i);
		if (r != ROLE_NONE && a->roles.col[r] < 0)
			a->roles.col[r] = t;
	}
	for (i = 0; i < h->n; i++) {
		if (a->in[k].map[i] >= 0)
			continue;
		r = roles_of_column(&roles, i);
		t = r != ROLE_NONE ? a->roles.col[r] : -1;
		if (t < 0 || taken[t]) {
			t = (long)add_column(a, h->names[i]);
			if (r != ROLE_NONE && a->roles.col[r] < 0)
				a->roles.col[r] = t;
		}
		taken[t] = true;
		a->in[k].map[i] = t;
	}
	free(taken);
	free(own);
	return 0;
}

/* Does some input have the column an override names? */
static bool
in_some_input(const struct aligned *a, const char *col)
{
	const char *eq = strchr(col, '=');
	size_t k;

	for (k = 0; eq && k < a->nin; k++)
		if (header_find(reader_header(a->in[k].r), eq + 1) >= 0)
			return true;
	return eq == NULL;
}

struct aligned *
aligned_open(char *const *paths, size_t npaths, const struct reader_opts *opts,
    struct cust_err *err)
{
	static char *const stdin_path[] = {"-"};
	struct aligned *a = xcalloc(1, sizeof(*a));
	size_t k;

	if (npaths == 0) {
		paths = stdin_path;
		npaths = 1;
	}
	a->in = xcalloc(npaths, sizeof(*a->in));
	a->source = -1;
	for (k = 0; k < npaths; k++) {
		if ((a->in[a->nin].r = reader_open(paths + k, 1, opts, err)) == NULL) {
			aligned_close(a);
			return NULL;
		}
		a->nin++;
	}
	return a;
}

const struct reader *
aligned_first(const struct aligned *a)
{
	return a->in[0].r;
}

int
aligned_columns(struct aligned *a, char *const *cols, size_t ncols, struct cust_err *err)
{
	const struct header *first = reader_header(a->in[0].r);
	char **own = xcalloc(ncols + 1, sizeof(char *));
	size_t k, i;

	for (i = 0; i < first->n; i++)
		add_column(a, first->names[i]);
	if (roles_find(&a->roles, &a->h, own, overrides_for(&a->h, cols, ncols, own), "--col", err) < 0)
		goto fail;
	/* An empty file (no header) has nothing to align. */
	for (k = 1; k < a->nin; k++)
		a->differ |= reader_header(a->in[k].r)->n > 0 && first->n > 0 &&
		    !same_names(first, reader_header(a->in[k].r));
	for (k = 1; k < a->nin; k++)
		if (map_input(a, k, cols, ncols, err) < 0)
			goto fail;
	for (i = 0; i < ncols; i++)
		if (!in_some_input(a, cols[i])) {
			cust_fail(err, CUST_USAGE, "--col %s: no column named '%s'", cols[i],
			    strchr(cols[i], '=') + 1);
			goto fail;
		}
	if (a->differ) {
		a->source = header_find(&a->h, SOURCE_COLUMN);
		if (a->source < 0)
			a->source = (long)add_column(a, SOURCE_COLUMN);
	}
	a->rec.field = xcalloc(a->h.n + 1, sizeof(char *));
	a->rec.len = xcalloc(a->h.n + 1, sizeof(size_t));
	free(own);
	return 0;
fail:
	free(own);
	return -1;
}

const struct header *
aligned_header(const struct aligned *a)
{
	return &a->h;
}

enum format
aligned_format(const struct aligned *a)
{
	return reader_format(a->in[0].r);
}

const struct roles *
aligned_roles(const struct aligned *a)
{
	return &a->roles;
}

bool
aligned_differ(const struct aligned *a)
{
	return a->differ;
}

/* Input k's record in the table's columns. */
static struct record *
lay_out(struct aligned *a, size_t k, struct record *in)
{
	struct record *out = &a->rec;
	size_t i;

	if (k == 0 && !a->differ)
		return in;      /* the table is the first file's */
	for (i = 0; i < a->h.n; i++) {
		out->field[i] = empty;
		out->len[i] = 0;
	}
	for (i = 0; i < in->n; i++) {
		long t = k == 0 ? (long)i : a->in[k].map[i];
		out->field[t] = in->field[i];
		out->len[t] = in->len[i];
	}
	if (a->source >= 0) {
		out->field[a->source] = (char *)in->file;
		out->len[a->source] = strlen(in->file);
	}
	out->n = a->h.n;
	out->file = in->file;
	out->line = in->line;
	out->error = in->error;
	return out;
}

int
aligned_next(struct aligned *a, struct record **rec, struct cust_err *err)
{
	struct record *in;
	int rc;

	while (a->cur < a->nin) {
		if ((rc = reader_next(a->in[a->cur].r, &in, err)) < 0)
			return -1;
		if (rc > 0) {
			*rec = lay_out(a, a->cur, in);
			a->count++;
			return 1;
		}
		/* Done with this file: its parsing thread ends now. */
		reader_close(a->in[a->cur].r);
		a->in[a->cur++].r = NULL;
	}
	return 0;
}

unsigned long long
aligned_count(const struct aligned *a)
{
	return a->count;
}

void
aligned_close(struct aligned *a)
{
	size_t k;

	if (a == NULL)
		return;
	for (k = 0; k < a->nin; k++) {
		reader_close(a->in[k].r);
		free(a->in[k].map);
	}
	for (k = 0; k < a->h.n; k++)
		free(a->h.names[k]);
	free(a->h.names);
	free(a->in);
	free(a->rec.field);
	free(a->rec.len);
	free(a);
}
