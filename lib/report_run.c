/* report_run.c — one cust-report run, apart from its command line; see report_run.h. */
#include "report_run.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "roles.h"
#include "value.h"

int
report_opts_check(const struct report_opts *o, size_t nfiles, struct cust_err *err)
{
	if (o->merge) {
		if (o->by || o->nmetrics || o->orders || o->history || o->risk || o->risk_tuned || o->rules ||
		    o->since != INT32_MIN || o->quality || o->trend || o->partial || o->amount)
			return cust_fail(err, CUST_USAGE, "--merge takes the report's definition from the partial states: "
			    "give it no --by, --metric, --orders, --trend, --risk, --history, --quality or --partial "
			    "(nor their options)");
		if (nfiles == 0)
			return cust_fail(err, CUST_USAGE, "--merge needs the partial state files");
		return 0;
	}
	if (o->risk_tuned && !o->risk)
		return cust_fail(err, CUST_USAGE, "--risk-cancel, --risk-min-orders, --risk-top, --risk-quiet and "
		    "--risk-quiet-days tune --risk, which is missing");
	if (o->amount && o->trend == TREND_NONE && !o->risk)
		return cust_fail(err, CUST_USAGE, "--amount is for --trend and --risk: a metric says what it adds up");
	if (o->rules && o->history == NULL)
		return cust_fail(err, CUST_USAGE, "--rules ranks the grades of --history FILE, which is missing");
	if (o->orders_only && o->orders == NULL)
		return cust_fail(err, CUST_USAGE, "--orders-only needs --orders FILE");
	if (o->risk && o->orders == NULL)
		return cust_fail(err, CUST_USAGE, "--risk needs --orders FILE");
	if (o->trend != TREND_NONE && o->orders == NULL)
		return cust_fail(err, CUST_USAGE, "--trend needs --orders FILE");
	return 0;
}

static void say(struct report_run *r, enum warn_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
say(struct report_run *r, enum warn_level level, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	msg = xmalloc((size_t)(n < 0 ? 0 : n) + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)(n < 0 ? 0 : n) + 1, fmt, ap);
	va_end(ap);
	if (r->warn)
		r->warn(r->warn_ctx, level, msg);
	free(msg);
}

static struct expr_scope
scope_of(struct report_run *r)
{
	struct expr_scope s = {column_find, &r->cfind, NULL, NULL};

	return r->o.orders ? customers_scope(&r->cs) : s;
}

int
report_run_open(struct report_run *r, char *const *files, size_t nfiles, struct reader_opts ro,
    struct cust_err *err)
{
	struct customers_opts co = {r->o.orders, r->o.orders_only, files, nfiles, r->o.cols, r->o.ncols,
	    r->o.order_cols, r->o.norder_cols, ro, NULL};

	if (r->o.orders) {
		if (customers_open(&r->cs, &co, err) < 0)
			return -1;
		r->cols = (struct report_columns){r->o.orders_only ? NULL : &r->cs.cfind, &r->cs.ofind};
		return 0;
	}
	if ((r->table = reader_open(files, nfiles, &ro, err)) == NULL ||
	    roles_find(&r->roles, reader_header(r->table), r->o.cols, r->o.ncols, "--col", err) < 0)
		return -1;
	r->cfind.h = reader_header(r->table);
	r->cfind.roles = &r->roles;
	r->cols.customers = &r->cfind;
	return 0;
}

static const struct header *
table_header(const struct report_run *r)
{
	return r->o.orders ? customers_header(&r->cs) : reader_header(r->table);
}

/* The --by columns: the customers' if they have them all, else the
 * orders'. */
static int
group_columns(struct report_run *r, struct cust_err *err)
{
	struct report_by b;
	size_t i;

	if (report_by_find(r->o.by, &r->cols, &b, err) < 0) {
		r->why = b.missing ? REPORT_LIST_ALL : REPORT_USAGE_HINT;
		report_by_free(&b);
		return -1;
	}
	r->by_orders = r->o.orders && b.orders;
	r->byheads = json_array();
	for (i = 0; i < b.n; i++)
		json_array_append_new(r->byheads, json_string(b.names[i]));
	r->zh |= b.n && report_header_zh(&(struct header){b.n, b.names});
	report_group_by(r->rep, b.cols, b.names, b.n);
	report_by_free(&b);
	return 0;
}

/* Revenue and spend come from the orders' amount column: without one
 * they would be empty columns nobody explained. */
static void
no_amount_warning(struct report_run *r)
{
	if (!r->o.orders || r->amount != NULL || (r->o.trend == TREND_NONE && !r->o.risk))
		return;
	say(r, WARN_DETAIL, "%s: the orders have no amount column (name it with --order-col amount=HEADER): %s",
	    r->o.trend != TREND_NONE ? "--trend" : "--risk",
	    r->o.trend != TREND_NONE ? "no revenue, no average order" : "no spend to tell the valuable customers by");
}

int
report_run_define(struct report_run *r, struct cust_err *err)
{
	struct expr_scope s = scope_of(r), rows = s;
	const struct header *h = table_header(r);
	size_t i;

	r->rep = report_new();
	if (r->o.orders) {
		rows.row = s.order;
		rows.row_ctx = s.order_ctx;
	}
	for (i = 0; i < r->o.nmetrics; i++)
		if (report_add_metric(r->rep, r->o.metrics[i], &rows, err) < 0) {
			/* As --by does: the columns a metric may name. */
			if (strstr(err->msg, ": unknown column '"))
				r->why = r->o.orders ? REPORT_LIST_ORDERS : REPORT_LIST_ALL;
			return -1;
		}
	/* Amounts print as money, to the cent: the metrics of them too. */
	const long *col = r->o.orders ? r->cs.oroles.col : r->roles.col;
	struct expr_words w = {false, col[ROLE_AMOUNT], col[ROLE_QUANTITY], col[ROLE_PRICE]};
	report_money(r->rep, &w);
	if (group_columns(r, err) < 0)
		return -1;
	if (r->o.orders_only && !r->by_orders)
		report_count_members(r->rep);
	/* As cust-grade: an order whose amount is no number is rejected
	 * with the reason, not added up (revenue, spend, owed) as zero. */
	if ((r->o.trend != TREND_NONE || r->o.risk) && order_amount(r->o.amount, &s, &r->cs.oc, &r->amount, err) < 0)
		return -1;
	no_amount_warning(r);
	if (r->o.trend != TREND_NONE)
		report_trend(r->rep, r->o.trend, r->amount);
	r->zh |= report_header_zh(h);
	/* With --orders-only the orders are the data the language is of. */
	if (r->o.orders_only) {
		h = reader_header(r->cs.orders);
		r->zh |= report_header_zh(h);
	}
	r->errors_col = header_find(h, "_errors");
	if (r->o.lang >= 0)
		r->zh = r->o.lang == 1;
	return 0;
}

/* A customer record that cannot be read whole is still reported on
 * (as it is), and said so. */
static void
note_record(struct report_run *r, const struct record *rec)
{
	if (rec == NULL || rec->error == NULL)
		return;
	if (r->nunread++ < 100)
		say(r, WARN_DETAIL, "%s:%ld: %s (reported as it is)", rec->file, rec->line, rec->error);
	r->status = CUST_FINDINGS;
}

/* Orders counted in no group are said, not lost in silence.  A partial
 * keeps them for the part their customers are in. */
static void
warn_unplaced(struct report_run *r)
{
	size_t n = report_unplaced(r->rep);

	if (n)
		say(r, WARN_DETAIL, "%zu %s of customers not in the customer table: in no group", n,
		    plural(n, "order is", "orders are"));
}

/* Values that are not numbers, once per argument however many metrics
 * read it (sum(满意度), avg(满意度)), pointing to the section as this
 * format shows it: its title to people, its key to programs. */
static void
warn_not_numeric(struct report_run *r)
{
	struct rtable problems = {.section = "problems"};
	enum report_format f = r->o.format;
	const char *see = f == RPT_CSV || f == RPT_JSON ? "problems" : report_title(&problems, r->zh);
	struct strbuf sb = STRBUF_INIT;
	size_t n = report_nmetrics(r->rep), i, j;

	for (i = 0; i < n; i++) {
		unsigned long long bad = 0, b;
		if (report_metric_arg(r->rep, i) != i)
			continue;
		sb_reset(&sb);
		for (j = i; j < n; j++)
			if (report_metric_arg(r->rep, j) == i && (b = report_not_numeric(r->rep, j)) > 0) {
				sb_addf(&sb, "%s%s", sb.len ? ", " : "", report_metric(r->rep, j)->src);
				bad = b > bad ? b : bad;
			}
		if (bad == 0)
			continue;
		r->status = CUST_FINDINGS;
		say(r, WARN_INPUT, "--metric %s: %llu %s not %s, left out (not read as zero); see the section \"%s\"",
		    sb_str(&sb), bad, plural(bad, "value is", "values are"), plural(bad, "a number", "numbers"), see);
	}
	sb_free(&sb);
}

static void
table_id(struct report_run *r, const char *id, size_t len)
{
	const char *key;
	bool added;

	if ((len = id_key(id, len, &key)) > 0)
		hash_put(r->table_ids, key, len, &added);
}

/* Without --orders: each record measured over its own columns. */
static int
table_rows(struct report_run *r, const struct header *h, struct cust_err *err)
{
	struct record *rec;
	int rc;

	while ((rc = reader_next(r->table, &rec, err)) > 0) {
		note_record(r, rec);
		if (r->table_ids)
			table_id(r, rec->field[r->roles.col[ROLE_ID]], rec->len[r->roles.col[ROLE_ID]]);
		report_add_row(r->rep, report_group(r->rep, rec->field, rec->len), rec->field, rec->len);
		if (r->o.quality)
			report_quality(r->rep, h, rec->field, rec->len, r->errors_col);
	}
	return rc;
}

/* With --orders: each customer into its group, its orders with it. */
static int
order_customers(struct report_run *r, const struct header *h, struct cust_err *err)
{
	struct customer c;
	int rc;

	while ((rc = customers_next(&r->cs, &c, err)) > 0) {
		note_record(r, c.rec);
		if (r->o.quality && c.rec)
			report_quality(r->rep, h, c.field, c.len, r->errors_col);
		if (r->risk && c.rec && c.keylen)
			risk_contact_of(r->risk, &r->cs, &c);
		if (r->table_ids && c.keylen)
			table_id(r, c.key, c.keylen);
		if (r->by_orders)
			continue;
		/* A customer with no id is still a customer of its
		 * group (as without --orders), one with no orders. */
		long g = report_group(r->rep, c.field, c.len);
		report_count(r->rep, g);
		if (c.keylen == 0)
			r->nnoid++;
		else if (c.cust >= 0)
			report_customer_group(r->rep, (size_t)c.cust, g);
		if (r->o.partial)
			report_member(r->rep, c.key, c.keylen, g);
	}
	report_settle(r->rep);
	if (!r->o.partial)
		warn_unplaced(r);
	return rc;
}

int
report_run_customers(struct report_run *r, struct cust_err *err)
{
	const struct header *h = table_header(r);

	/* A shard counts its own customers' changes of the one history
	 * every shard is given: merged, each change counts once. */
	if (r->o.history && r->o.partial && !r->o.orders_only && (r->o.orders || r->roles.col[ROLE_ID] >= 0))
		r->table_ids = hash_new();
	if ((r->table ? table_rows(r, h, err) : order_customers(r, h, err)) < 0)
		return -1;
	warn_not_numeric(r);
	if (r->nnoid)
		say(r, WARN_DETAIL, "%llu customer %s no customer id: counted in %s group, with no orders", r->nnoid,
		    plural(r->nnoid, "record has", "records have"), plural(r->nnoid, "its", "their"));
	return 0;
}

int
report_run_history(struct report_run *r, struct cust_err *err)
{
	/* The grades of cust-grade's rules, read as cust-grade reads them:
	 * a file it refuses is refused here with the same words. */
	if (r->o.rules && (r->rules = grade_rules_load(r->o.rules, &expr_any_columns, err)) == NULL)
		return -1;
	/* cust-grade dates its changes with its --as-of: a report as of the
	 * same day counts them (so does a merged report: report_partial.c). */
	r->hist = migration_new(r->rules ? r->rules->grades : NULL, r->rules ? r->rules->ngrades : 0, r->o.since,
	    r->o.as_of + 1);
	if (r->table_ids)
		migration_only(r->hist, r->table_ids);
	if (migration_read(r->hist, r->o.history, err) < 0)
		return -1;
	migration_tables(r->hist, r->rep);
	return 0;
}

int
report_run_partial(struct report_run *r, struct cust_err *err)
{
	const struct report_opts *o = &r->o;
	struct report_def d = {o->by, o->metrics, o->nmetrics, o->cols, o->order_cols, o->ncols,
	    o->norder_cols, o->orders != NULL, o->orders_only, o->quality, o->risk, o->history != NULL, o->as_of,
	    o->trend, o->amount, o->ko, o->since, r->rules ? r->rules->grades : NULL, r->rules ? r->rules->ngrades : 0};
	struct report_parts p = {r->rep, r->ob, r->risk, r->hist, r->byheads, r->zh};

	return report_partial_write(o->partial, &d, &p, err);
}

int
report_run_merge(struct report_run *r, char *const *paths, size_t n, struct cust_err *err)
{
	struct report_merged *m = &r->merged;

	if (report_merge_partials(m, paths, n, r->o.lang, &r->qh, err) < 0)
		return -1;
	r->rep = m->p.rep;
	r->risk = m->p.risk;
	r->hist = m->p.hist;
	r->byheads = m->p.byheads;
	r->zh = m->p.zh;
	/* The page's subtitle says what the whole run's would. */
	r->o.by = m->by;
	r->o.orders = m->orders ? "" : NULL;
	r->o.as_of = m->as_of;
	warn_unplaced(r);
	/* Merged, the values that were no numbers are said as a whole run
	 * says them. */
	warn_not_numeric(r);
	return 0;
}

void
report_run_free(struct report_run *r)
{
	size_t i;

	if (r->o.merge) {
		report_merged_free(&r->merged);
		for (i = 0; i < r->qh.n; i++)
			free(r->qh.names[i]);
		free(r->qh.names);
		return;
	}
	risk_free(r->risk);
	migration_free(r->hist);
	hash_free(r->table_ids);
	grade_rules_free(r->rules);
	json_decref(r->byheads);
	report_free(r->rep);
	expr_free(r->amount);
	orderbook_free(r->ob);
	if (r->o.orders)
		customers_close(&r->cs);
	reader_close(r->table);
}
