/* customers.c — the customers of a run beside their orders; see customers.h. */
#include "customers.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *idnames[] = {"customer_id"};

static bool
reads_stdin(const struct customers_opts *o)
{
	size_t i;

	for (i = 0; i < o->nfiles; i++)
		if (strcmp(o->files[i], "-") == 0)
			return true;
	return o->nfiles == 0;
}

/* A table on standard input is read twice when it has merged_ids: once
 * for the ids, before the orders, then for the customers.  A file is read
 * again from where it started.  A pipe is copied as it is read, to a
 * temporary file with no name, which then becomes standard input (so that
 * messages still say "stdin"); the copy stops after the header when there
 * is no merged_ids.  Returns the copy's descriptor, or 0 for none. */
static int
stdin_copy(struct customers *cs)
{
	const char *dir = getenv("TMPDIR");
	struct stat st;
	char *path;
	int fd;

	if (fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode) &&
	    (cs->stdin_at = lseek(STDIN_FILENO, 0, SEEK_CUR)) >= 0)
		return 0;
	path = xmalloc(strlen(dir && *dir ? dir : "/tmp") + 32);
	sprintf(path, "%s/custkit-table.XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) >= 0)
		unlink(path);
	free(path);
	/* Said only if the copy turns out to be needed. */
	cs->copy_errno = fd < 0 ? errno : 0;
	return fd < 0 ? 0 : fd;
}

/* The copy of standard input is all of it: it is standard input now. */
static int
stdin_copied(struct customers *cs, struct cust_err *err)
{
	int rc = 0;

	if (dup2(cs->copy, STDIN_FILENO) < 0 || lseek(STDIN_FILENO, 0, SEEK_SET) < 0)
		rc = cust_fail(err, CUST_INPUT, "stdin: cannot copy the customer table to a temporary file: %s",
		    strerror(errno));
	close(cs->copy);
	cs->copy = 0;
	cs->stdin_at = 0;
	return rc;
}

int
customers_open(struct customers *cs, const struct customers_opts *o, struct cust_err *err)
{
	char *orders_path[1] = {(char *)o->orders};
	struct reader_opts ro = o->ropts;
	struct strbuf hint = STRBUF_INIT;
	size_t i;

	memset(cs, 0, sizeof(*cs));
	cs->opts = *o;
	cs->oc.status = -1;
	for (i = 0; i < ROLE_COUNT_; i++)
		cs->croles.col[i] = -1;     /* stays so with orders_only */
	cs->idheader.n = 1;
	cs->idheader.names = idnames;
	cs->merged = -1;
	cs->stdin_at = -1;
	if (o->id_map) {
		cs->idmap = idmap_new();
		if (idmap_load(cs->idmap, o->id_map, &o->ropts, err) < 0)
			return -1;
	}
	if ((cs->orders = reader_open(orders_path, 1, &o->ropts, err)) == NULL)
		return -1;
	if (roles_find(&cs->oroles, reader_header(cs->orders), o->order_cols, o->norder_cols, "--order-col", err) < 0)
		return -1;
	cs->oc.id = cs->oroles.col[ROLE_ID];
	cs->oc.date = cs->oroles.col[ROLE_ORDER_DATE];
	cs->oc.status = cs->oroles.col[ROLE_STATUS];
	/* An empty orders file (no header even) is no orders: the caller
	 * decides whether a run without any may go on. */
	if ((cs->oc.id < 0 || cs->oc.date < 0) && reader_header(cs->orders)->n > 0) {
		reader_header_hint(cs->orders, &hint);
		cust_fail(err, CUST_INPUT, "%s: no %s column (name it with --order-col %s=HEADER)%s",
		    o->orders, cs->oc.id < 0 ? "customer id" : "order date",
		    cs->oc.id < 0 ? "id" : "order_date", sb_str(&hint));
		sb_free(&hint);
		return -1;
	}
	cs->ofind.h = reader_header(cs->orders);
	cs->ofind.roles = &cs->oroles;
	cs->cfind.h = &cs->idheader;
	if (o->orders_only)
		return 0;
	if (reads_stdin(o))
		cs->copy = stdin_copy(cs);
	ro.copy_stdin = cs->copy;
	if ((cs->table = reader_open(o->files, o->nfiles, &ro, err)) == NULL)
		return -1;
	if (roles_find(&cs->croles, reader_header(cs->table), o->cols, o->ncols, "--col", err) < 0)
		return -1;
	for (i = 0; i < o->ncols; i++)
		cs->grade_named |= strncmp(o->cols[i], "grade=", 6) == 0;
	if (cs->croles.col[ROLE_GRADE] >= 0 && cs->croles.col[ROLE_GRADE] == cs->croles.col[ROLE_ID])
		return cust_fail(err, CUST_USAGE, "the grade column cannot be the customer id column");
	/* An empty table (no header at all) is no customers, not an error. */
	if (cs->croles.col[ROLE_ID] < 0 && reader_header(cs->table)->n > 0) {
		reader_header_hint(cs->table, &hint);
		cust_fail(err, CUST_INPUT,
		    "the customer table has no customer id column (name it with --col id=HEADER)%s", sb_str(&hint));
		sb_free(&hint);
		return -1;
	}
	cs->cfind.h = reader_header(cs->table);
	cs->cfind.roles = &cs->croles;
	cs->merged = header_find(reader_header(cs->table), MERGED_IDS_COLUMN);
	if (cs->merged >= 0 && cs->copy_errno)
		return cust_fail(err, CUST_INPUT, "stdin: cannot copy the customer table to a temporary file: %s",
		    strerror(cs->copy_errno));
	if (cs->merged < 0 && cs->copy > 0) {
		reader_stop_copy(cs->table);
		close(cs->copy);
		cs->copy = 0;
	}
	return 0;
}

void
customers_close(struct customers *cs)
{
	free(cs->oc.numeric);
	idmap_free(cs->idmap);
	hash_free(cs->seen);
	if (cs->copy > 0)
		close(cs->copy);
	reader_close(cs->orders);
	reader_close(cs->table);
	memset(cs, 0, sizeof(*cs));
}

const struct header *
customers_header(const struct customers *cs)
{
	return cs->table ? reader_header(cs->table) : &cs->idheader;
}

enum format
customers_format(const struct customers *cs)
{
	return reader_format(cs->table ? cs->table : cs->orders);
}

long
column_find(void *ctx, const char *name, size_t n)
{
	struct column_finder *cf = ctx;

	return roles_column(cf->h, cf->roles, name, n);
}

struct expr_scope
customers_scope(struct customers *cs)
{
	struct expr_scope s = {column_find, &cs->cfind, column_find, &cs->ofind};

	return s;
}

struct expr_words
customers_words(const struct customers *cs, bool zh)
{
	struct expr_words w = {zh, cs->oroles.col[ROLE_AMOUNT], cs->oroles.col[ROLE_QUANTITY],
	    cs->oroles.col[ROLE_PRICE]};

	return w;
}

/* Orders with no header: JSON that holds no object, or nothing at all. */
static int
reject_all(struct reader *r, struct rejects *rj, struct order_stats *st, struct cust_err *err)
{
	struct record *rec;
	int rc;

	while ((rc = reader_next(r, &rec, err)) > 0) {
		st->read++;
		st->rejected++;
		rejects_add(rj, rec, NULL, NULL, rec->error ? rec->error : "no columns");
	}
	return rc;
}

/* The ids each record's merged_ids lists are that record's, known before
 * the first order: an order of an old id is its survivor's from the
 * start, for the totals and for every order a program looks at itself
 * (report's trends and risks, segment's favourites). */
static int
learn_merges(struct customers *cs, struct cust_err *err)
{
	size_t idcol = (size_t)cs->croles.col[ROLE_ID], mcol = (size_t)cs->merged, keylen, len, pos;
	const char *key, *id;
	struct record *rec;
	int rc;

	if (cs->idmap == NULL)
		cs->idmap = idmap_new();
	while ((rc = reader_next(cs->table, &rec, err)) > 0) {
		if (idcol >= rec->n || mcol >= rec->n)
			continue;
		keylen = id_key(rec->field[idcol], rec->len[idcol], &key);
		for (pos = 0; keylen > 0 && idlist_next(rec->field[mcol], rec->len[mcol], &pos, &id, &len);)
			idmap_add(cs->idmap, id, len, key, keylen);
	}
	if (rc < 0 || (cs->copy > 0 && stdin_copied(cs, err) < 0))
		return -1;
	return customers_rewind(cs, err);
}

int
customers_load_orders(struct customers *cs, struct orderbook *ob, const struct status_filter *sf,
    int32_t as_of, struct rejects *rj, struct cust_err *err)
{
	cs->ob = ob;
	if (cs->oc.id < 0)
		return reject_all(cs->orders, rj, &cs->stats, err);
	if (cs->merged >= 0 && learn_merges(cs, err) < 0)
		return -1;
	if (cs->idmap)
		orderbook_merge_ids(ob, cs->idmap);
	if (orders_load(cs->orders, &cs->oc, sf, as_of, ob, rj, &cs->stats, err) < 0)
		return -1;
	/* From here on the table is read: have its reader thread find each
	 * record's id, so that the customer's totals can be fetched ahead. */
	if (cs->table && cs->croles.col[ROLE_ID] >= 0)
		reader_prepare(cs->table, orderbook_prepare_id, &cs->croles.col[ROLE_ID],
		    sizeof(struct id_prep));
	return 0;
}

int
customers_next(struct customers *cs, struct customer *c, struct cust_err *err)
{
	const struct id_prep *p;
	struct record *rec;
	uint64_t *line;
	bool added;
	int rc;

	if (cs->table == NULL) {
		while (cs->next < orderbook_customers(cs->ob) && orderbook_absorbed(cs->ob, (long)cs->next))
			cs->next++;
		if (cs->next >= orderbook_customers(cs->ob))
			return 0;
		cs->idval[0] = (char *)orderbook_id(cs->ob, cs->next, &cs->idlen[0]);
		c->field = cs->idval;
		c->len = cs->idlen;
		c->n = 1;
		c->key = cs->idval[0];
		c->keylen = cs->idlen[0];
		c->cust = (long)cs->next++;
		c->rec = NULL;
		c->first_line = 0;
		return 1;
	}
	if ((rc = reader_next(cs->table, &rec, err)) <= 0)
		return rc;
	c->field = rec->field;
	c->len = rec->len;
	c->n = rec->n;
	c->rec = rec;
	c->first_line = 0;
	if (cs->croles.col[ROLE_ID] < 0) {
		c->key = "";
		c->keylen = 0;
		c->cust = -1;
		return 1;
	}
	orderbook_look_ahead(cs->ob, cs->table, cs->croles.col[ROLE_ID], &cs->la);
	p = reader_prepared(cs->table);
	c->key = rec->field[cs->croles.col[ROLE_ID]] + p->off;
	c->keylen = p->len;
	c->cust = c->keylen ? orderbook_customer(cs->ob, &cs->la, c->key, p, false) : -1;
	/* An old id (--id-map, or listed in a merged record) is its
	 * survivor: the same person, the same orders. */
	c->cust = orderbook_owner(cs->ob, c->cust);
	if (c->keylen) {
		if (cs->seen == NULL)
			cs->seen = hash_new();
		line = hash_put_hashed(cs->seen, p->hv, c->key, c->keylen, &added);
		if (added)
			*line = (uint64_t)rec->line;
		else
			c->first_line = (long)*line;
	}
	return 1;
}

bool
customers_rereadable(const struct customers *cs)
{
	struct stat st;
	size_t i;

	if (cs->table == NULL || cs->opts.nfiles == 0)
		return false;
	for (i = 0; i < cs->opts.nfiles; i++)
		if (strcmp(cs->opts.files[i], "-") == 0 || stat(cs->opts.files[i], &st) < 0 || !S_ISREG(st.st_mode))
			return false;
	return true;
}

int
customers_rewind(struct customers *cs, struct cust_err *err)
{
	struct reader_opts ro = cs->opts.ropts;
	const struct header *was = reader_header(cs->table), *now;
	struct header keep = {was->n, NULL};
	size_t i;
	bool same;

	/* Warnings (an encoding guessed) were given the first time. */
	ro.warn = NULL;
	keep.names = xcalloc(was->n + 1, sizeof(char *));
	for (i = 0; i < was->n; i++)
		keep.names[i] = xstrdup(was->names[i]);
	reader_close(cs->table);
	if (cs->stdin_at >= 0 && lseek(STDIN_FILENO, cs->stdin_at, SEEK_SET) < 0) {
		cs->table = NULL;
		cust_fail(err, CUST_INPUT, "stdin: %s", strerror(errno));
	} else
		cs->table = reader_open(cs->opts.files, cs->opts.nfiles, &ro, err);
	same = cs->table != NULL && (now = reader_header(cs->table))->n == keep.n;
	for (i = 0; same && i < keep.n; i++)
		same = strcmp(now->names[i], keep.names[i]) == 0;
	for (i = 0; i < keep.n; i++)
		free(keep.names[i]);
	free(keep.names);
	if (cs->table == NULL)
		return -1;
	if (!same)
		return cust_fail(err, CUST_INPUT, "%s: the customer table changed while it was read",
		    cs->opts.files[0]);
	cs->cfind.h = reader_header(cs->table);
	memset(&cs->la, 0, sizeof(cs->la));
	hash_free(cs->seen);
	cs->seen = NULL;
	reader_prepare(cs->table, orderbook_prepare_id, &cs->croles.col[ROLE_ID], sizeof(struct id_prep));
	return 0;
}

#define SHOWN_IDS 5   /* unmatched order customer ids named */

size_t
customers_unmatched(const struct customers *cs, struct strbuf *out)
{
	size_t unknown = cs->table && cs->ob ? orderbook_unmarked(cs->ob) : 0, shown, len;
	const char *id;
	long i = -1;

	sb_reset(out);
	if (unknown == 0)
		return 0;
	/* The ids themselves are what the user needs to find the mistake. */
	sb_addf(out, "%zu order customer %s not in the customer table: ", unknown,
	    plural(unknown, "id is", "ids are"));
	for (shown = 0; shown < SHOWN_IDS && (i = orderbook_next_unmarked(cs->ob, i)) >= 0; shown++) {
		id = orderbook_id(cs->ob, (size_t)i, &len);
		sb_addf(out, "%s%.*s", shown ? ", " : "", (int)len, id);
	}
	if (unknown > shown)
		sb_addf(out, " and %zu more", unknown - shown);
	return unknown;
}
