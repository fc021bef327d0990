/* cust-grade — grade customers into tiers from their order history.
 * See cust-grade(1) and custkit-rules(5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "grade.h"
#include "history.h"
#include "orders.h"
#include "outfile.h"
#include "reader.h"
#include "rejects.h"
#include "roles.h"
#include "value.h"
#include "writer.h"

enum { OPT_RULES = OPT_PROGRAM_, OPT_ORDERS, OPT_AS_OF, OPT_HISTORY, OPT_CHANGES, OPT_ORDERS_ONLY,
	OPT_STRICT, OPT_REJECTS, OPT_ORDER_COL };

static const struct option longopts[] = {
	{"rules", required_argument, NULL, OPT_RULES},
	{"orders", required_argument, NULL, OPT_ORDERS},
	{"as-of", required_argument, NULL, OPT_AS_OF},
	{"history", required_argument, NULL, OPT_HISTORY},
	{"changes", no_argument, NULL, OPT_CHANGES},
	{"orders-only", no_argument, NULL, OPT_ORDERS_ONLY},
	{"strict", no_argument, NULL, OPT_STRICT},
	{"rejects", required_argument, NULL, OPT_REJECTS},
	{"order-col", required_argument, NULL, OPT_ORDER_COL},
	CLI_COMMON_LONGOPTS,
	{NULL, 0, NULL, 0},
};

struct opts {
	const char *rules, *orders, *history, *rejects;
	int32_t as_of;
	bool changes, orders_only, strict;
	char **order_cols;
	size_t norder_cols;
};

static const char *const grade_col_names[] = {"grade", "grade_prev", "grade_updated", "grade_reason"};

static void
usage(FILE *fp)
{
	fputs("Usage: cust-grade --rules FILE --orders FILE [OPTION]... [CUSTOMERS]...\n"
	    "Grade each customer from its order history with the rules in FILE, and\n"
	    "add grade, grade_prev, grade_updated and grade_reason to its record.\n"
	    "\n"
	    "      --rules FILE      grades, tiers, promote and demote rules (custkit-rules(5))\n"
	    "      --orders FILE     the orders (CSV or JSON): customer id, date, amount, ...\n"
	    "      --as-of DATE      grade as of this date (default: today); windows end\n"
	    "                        the day before\n"
	    "      --history FILE    the grade history: read for previous grades, and one\n"
	    "                        row appended per change\n"
	    "      --changes         output only the customers whose grade changed\n"
	    "      --orders-only     no customer table: grade every customer id in the orders\n"
	    "      --strict          customers without orders, or orders of unknown\n"
	    "                        customers, are findings (exit 1)\n"
	    "      --rejects FILE    orders that cannot be read, with the reasons\n"
	    "      --order-col ROLE=HEADER  like --col, for the orders\n", fp);
	cli_common_help(fp);
	fputs("\nExit status: 0 success, 1 orders rejected (or --strict findings), 2 usage\n"
	    "or rules error, 3 unreadable input, 4 output not written.  See cust-grade(1).\n", fp);
}

static int32_t
today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	struct date d;

	localtime_r(&t, &tm);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	return date_to_days(d);
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct opts *o)
{
	struct date d;
	const char *why;
	int c;

	o->as_of = today();
	while ((c = cli_next_option(cli, argc, argv, "o:q", longopts, usage)) != -1) {
		switch (c) {
		case OPT_RULES: o->rules = optarg; break;
		case OPT_ORDERS: o->orders = optarg; break;
		case OPT_HISTORY: o->history = optarg; break;
		case OPT_CHANGES: o->changes = true; break;
		case OPT_ORDERS_ONLY: o->orders_only = true; break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_AS_OF:
			if (date_parse(optarg, strlen(optarg), &d, &why) != VALUE_OK)
				cli_usage_error("--as-of %s: not a date (%s)", optarg, why);
			o->as_of = date_to_days(d);
			break;
		case OPT_ORDER_COL:
			o->order_cols = xreallocarray(o->order_cols, o->norder_cols + 1, sizeof(char *));
			o->order_cols[o->norder_cols++] = optarg;
			break;
		}
	}
	if (o->rules == NULL || o->orders == NULL)
		cli_usage_error("--rules FILE and --orders FILE are both needed");
	if (o->orders_only && optind < argc)
		cli_usage_error("--orders-only takes no customer files");
}

/* Expression columns: a header exactly, else a role (amount, 金额, ...). */
struct lookup {
	const struct header *h;
	const struct roles *roles;
};

static long
lookup(void *ctx, const char *name, size_t n)
{
	struct lookup *lk = ctx;
	char *z = xstrndup(name, n);
	long col = header_find(lk->h, z);
	enum role r;

	if (col < 0 && lk->roles) {
		r = role_parse(z);
		if (r == ROLE_NONE)
			r = role_of_header(z);
		if (r != ROLE_NONE)
			col = lk->roles->col[r];
	}
	free(z);
	return col;
}

static void
note_numeric(void *ctx, long col, bool numeric)
{
	struct order_columns *oc = ctx;
	size_t i;

	if (!numeric)
		return;
	for (i = 0; i < oc->nnumeric; i++)
		if (oc->numeric[i] == col)
			return;
	oc->numeric = xreallocarray(oc->numeric, oc->nnumeric + 1, sizeof(long));
	oc->numeric[oc->nnumeric++] = col;
}

static void
collect_numeric(const struct grade_rules *g, struct order_columns *oc)
{
	size_t i;

	for (i = 0; i < g->ntiers; i++)
		expr_order_columns(g->tiers[i].when, note_numeric, oc);
	for (i = 0; i < g->npromote; i++)
		expr_order_columns(g->promote[i].when, note_numeric, oc);
	for (i = 0; i < g->ndemote; i++)
		expr_order_columns(g->demote[i].when, note_numeric, oc);
}

/* The output columns: the input's, then the grade columns it lacks. */
static size_t
output_header(const struct header *h, struct grade_columns *gc, char ***names)
{
	long *cols[] = {&gc->grade, &gc->prev, &gc->updated, &gc->reason};
	size_t n = h->n, i;

	*names = xcalloc(h->n + 5, sizeof(char *));
	for (i = 0; i < h->n; i++)
		(*names)[i] = h->names[i];
	for (i = 0; i < 4; i++) {
		*cols[i] = header_find(h, grade_col_names[i]);
		if (*cols[i] < 0)
			(*names)[n++] = (char *)grade_col_names[i];
	}
	return n;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct opts o = {0};
	struct cust_err err;
	struct reader_opts ropts;
	struct reader *orders, *customers = NULL;
	struct roles oroles, croles;
	struct lookup olk, clk;
	struct expr_scope scope;
	struct grade_rules *g;
	struct orderbook *ob;
	struct order_columns oc = {-1, -1, -1, NULL, 0};
	struct order_stats ost = {0};
	struct rejects *rj;
	struct history *hist = NULL;
	struct writer_opts wo = {FMT_AUTO, false};
	struct grade_columns gc = {-1, -1, -1, -1};
	struct graded gr = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, false};
	struct outfile out;
	struct writer *w;
	struct record *rec;
	char **names, **vals, *orders_path[1], idname[] = "customer_id";
	size_t *lens, nout, i, nid;
	unsigned long long ncust = 0, nchanged = 0, noorders = 0;
	struct header idheader = {1, NULL};
	int rc, status = CUST_OK;
	const char *id;

	cli_init(&cli, "cust-grade");
	parse_args(argc, argv, &cli, &o);
	ropts = cli_reader_opts(&cli);

	/* Orders first: the rules name their columns. */
	orders_path[0] = (char *)o.orders;
	if ((orders = reader_open(orders_path, 1, &ropts, &err)) == NULL)
		cli_die_err(&err);
	if (roles_find(&oroles, reader_header(orders), o.order_cols, o.norder_cols, &err) < 0)
		cli_die_err(&err);
	oc.id = oroles.col[ROLE_ID];
	oc.date = oroles.col[ROLE_ORDER_DATE];
	oc.status = oroles.col[ROLE_STATUS];
	if (oc.id < 0 || oc.date < 0)
		cli_die(CUST_INPUT, "%s: no %s column (name it with --order-col %s=HEADER)", o.orders,
		    oc.id < 0 ? "customer id" : "order date", oc.id < 0 ? "id" : "order_date");
	if (!o.orders_only) {
		if ((customers = reader_open(argv + optind, (size_t)(argc - optind), &ropts, &err)) == NULL)
			cli_die_err(&err);
		if (roles_find(&croles, reader_header(customers), cli.cols, cli.ncols, &err) < 0)
			cli_die_err(&err);
		if (croles.col[ROLE_ID] < 0 && reader_header(customers)->n > 0)
			cli_die(CUST_INPUT, "the customer table has no customer id column "
			    "(name it with --col id=HEADER)");
	}
	olk.h = reader_header(orders);
	olk.roles = &oroles;
	clk.h = customers ? reader_header(customers) : &idheader;
	clk.roles = customers ? &croles : NULL;
	idheader.names = (char *[]){idname};
	scope.row = lookup;
	scope.row_ctx = &clk;
	scope.order = lookup;
	scope.order_ctx = &olk;
	if ((g = grade_rules_load(o.rules, &scope, &err)) == NULL)
		cli_die_err(&err);
	collect_numeric(g, &oc);
	if (o.history && (hist = history_load(o.history, o.as_of, &err)) == NULL)
		cli_die_err(&err);

	/* Aggregate the orders. */
	ob = orderbook_new(o.as_of);
	grade_rules_bind(g, ob, o.as_of);
	wo = cli_writer_opts(&cli, reader_format(orders));
	if ((rj = rejects_open(o.rejects, reader_header(orders), &wo, stderr, cli.prog, 100, &err)) == NULL)
		cli_die_err(&err);
	if (orders_load(orders, &oc, &g->statuses, o.as_of, ob, rj, &ost, &err) < 0) {
		rejects_abort(rj);
		cli_die_err(&err);
	}
	if (rejects_close(rj, &err) < 0)
		cli_die_err(&err);

	/* Grade every customer. */
	wo = cli_writer_opts(&cli, customers ? reader_format(customers) : reader_format(orders));
	if (outfile_open(&out, cli.output, false, &err) < 0)
		cli_die_err(&err);
	w = writer_new(out.fp, out.name, &wo);
	if (customers) {
		nout = output_header(reader_header(customers), &gc, &names);
	} else {
		nout = output_header(&idheader, &gc, &names);
	}
	writer_header(w, names, nout);
	vals = xcalloc(nout + 1, sizeof(char *));
	lens = xcalloc(nout + 1, sizeof(size_t));
	for (;;) {
		char *const *row = NULL;
		const size_t *rowlen = NULL;
		size_t n = 0, key_len;
		const char *key;

		if (customers) {
			if ((rc = reader_next(customers, &rec, &err)) <= 0)
				break;
			if (rec->error) {
				cli_warn("%s:%ld: %s (passed through ungraded)", rec->file, rec->line, rec->error);
				status = CUST_FINDINGS;
			}
			row = rec->field;
			rowlen = rec->len;
			n = rec->n;
			key_len = id_key(row[croles.col[ROLE_ID]], rowlen[croles.col[ROLE_ID]], &key);
		} else {
			if (ncust >= orderbook_customers(ob)) {
				rc = 0;
				break;
			}
			id = orderbook_id(ob, (size_t)ncust, &nid);
			key = id;
			key_len = nid;
			vals[0] = (char *)id;
			lens[0] = nid;
			row = vals;
			rowlen = lens;
			n = 1;
		}
		ncust++;
		grade_customer(g, ob, hist, o.as_of, key, key_len, row, rowlen, &gc, &gr);
		if (orderbook_find(ob, key, key_len) < 0)
			noorders++;
		nchanged += gr.changed;
		if (o.changes && !gr.changed)
			continue;
		for (i = 0; i < n; i++) {
			vals[i] = row[i];
			lens[i] = rowlen[i];
		}
		{
			struct strbuf *src[] = {&gr.grade, &gr.prev, &gr.updated, &gr.reason};
			long cols[] = {gc.grade, gc.prev, gc.updated, gc.reason};
			size_t extra = n;
			for (i = 0; i < 4; i++) {
				size_t at = cols[i] >= 0 ? (size_t)cols[i] : extra++;
				vals[at] = (char *)sb_str(src[i]);
				lens[at] = src[i]->len;
			}
		}
		writer_row(w, vals, lens, nout);
	}
	if (rc < 0 || writer_finish(w, &err) < 0 || outfile_commit(&out, &err) < 0 ||
	    (hist && history_commit(hist, &err) < 0)) {
		outfile_abort(&out);
		cli_die_err(&err);
	}

	/* What the user should know about the data. */
	if (ost.rejected)
		status = CUST_FINDINGS;
	if (!cli.quiet && customers && noorders)
		cli_warn("%llu of %llu customers have no orders before %s", noorders, ncust,
		    "the as-of date");
	if (!cli.quiet && customers && orderbook_unmarked(ob))
		cli_warn("%zu customer ids in %s are not in the customer table", orderbook_unmarked(ob), o.orders);
	if (o.strict && customers && (noorders || orderbook_unmarked(ob)))
		status = CUST_FINDINGS;
	writer_free(w);
	free(vals);
	free(lens);
	free(names);
	free(oc.numeric);
	free(o.order_cols);
	sb_free(&gr.grade);
	sb_free(&gr.prev);
	sb_free(&gr.updated);
	sb_free(&gr.reason);
	history_free(hist);
	orderbook_free(ob);
	grade_rules_free(g);
	reader_close(orders);
	reader_close(customers);
	cli_free(&cli);
	return status;
}
