/* customers.c — the customers of a run beside their orders; see customers.h. */
#include "customers.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *idnames[] = {"customer_id"};

int
customers_open(struct customers *cs, const struct customers_opts *o, struct cust_err *err)
{
	char *orders_path[1] = {(char *)o->orders};
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
	if ((cs->table = reader_open(o->files, o->nfiles, &o->ropts, err)) == NULL)
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
	return 0;
}

void
customers_close(struct customers *cs)
{
	free(cs->oc.numeric);
	idmap_free(cs->idmap);
	hash_free(cs->seen);
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

int
customers_load_orders(struct customers *cs, struct orderbook *ob, const struct status_filter *sf,
    int32_t as_of, struct rejects *rj, struct cust_err *err)
{
	cs->ob = ob;
	size_t i, len, slen;
	const char *old, *surv;

	if (cs->oc.id < 0)
		return reject_all(cs->orders, rj, &cs->stats, err);
	/* --id-map's old ids are absorbed once the orders are in, a
	 * merged_ids column's as the table is read. */
	if (cs->idmap || cs->merged >= 0)
		orderbook_keep_distinct(ob);
	if (orders_load(cs->orders, &cs->oc, sf, as_of, ob, rj, &cs->stats, err) < 0)
		return -1;
	for (i = 0; i < idmap_count(cs->idmap); i++) {
		idmap_get(cs->idmap, i, &old, &len);
		surv = idmap_resolve(cs->idmap, old, len, &slen);
		orderbook_absorb(ob, surv, slen, old, len);
	}
	/* From here on the table is read: have its reader thread find each
	 * record's id, so that the customer's totals can be fetched ahead. */
	if (cs->table && cs->croles.col[ROLE_ID] >= 0)
		reader_prepare(cs->table, orderbook_prepare_id, &cs->croles.col[ROLE_ID],
		    sizeof(struct id_prep));
	return 0;
}

/* The orders of the ids a merged record lists are its own. */
static void
absorb_merged(struct customers *cs, struct customer *c, const char *ids, size_t n)
{
	size_t pos = 0, len;
	const char *id;
	long t;

	while (idlist_next(ids, n, &pos, &id, &len))
		if ((t = orderbook_absorb(cs->ob, c->key, c->keylen, id, len)) >= 0)
			c->cust = t;
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
	/* An old id (--id-map, or listed by an earlier merged record) is its
	 * survivor: the same person, the same orders. */
	c->cust = orderbook_owner(cs->ob, c->cust);
	if (cs->merged >= 0)
		absorb_merged(cs, c, rec->field[cs->merged], rec->len[cs->merged]);
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
