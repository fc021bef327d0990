/* cust-grade — grade customers into tiers from their order history.
 * See cust-grade(1) and custkit-rules(5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
			cli_append(&o->order_cols, &o->norder_cols, optarg);
			break;
		}
	}
	if (o->rules == NULL || o->orders == NULL)
		cli_usage_error("--rules FILE and --orders FILE are both needed");
	if (o->orders_only && optind < argc)
		cli_usage_error("--orders-only takes no customer files");
	if (!o->orders_only && optind == argc && isatty(STDIN_FILENO))
		cli_usage_error("no customer table: name the files, pipe one in, or use --orders-only");
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

/* Everything a run holds. */
struct run {
	struct cli cli;
	struct opts o;
	struct reader *orders, *customers;
	struct roles oroles, croles;
	struct lookup olk, clk;
	struct header idheader;
	struct grade_rules *rules;
	struct orderbook *ob;
	struct order_columns oc;
	struct order_stats ost;
	struct history *hist;
	unsigned long long ncust, nchanged, noorders;
	int status;
};

static char *idnames[] = {"customer_id"};

/* Open the orders and the customers and find their key columns. */
static void
open_inputs(struct run *r, int argc, char **argv)
{
	struct reader_opts ropts = cli_reader_opts(&r->cli);
	char *orders_path[1] = {(char *)r->o.orders};
	struct cust_err err;

	if ((r->orders = reader_open(orders_path, 1, &ropts, &err)) == NULL)
		cli_die_err(&err);
	if (roles_find(&r->oroles, reader_header(r->orders), r->o.order_cols, r->o.norder_cols, &err) < 0)
		cli_die_err(&err);
	r->oc.id = r->oroles.col[ROLE_ID];
	r->oc.date = r->oroles.col[ROLE_ORDER_DATE];
	r->oc.status = r->oroles.col[ROLE_STATUS];
	if (r->oc.id < 0 || r->oc.date < 0)
		cli_die(CUST_INPUT, "%s: no %s column (name it with --order-col %s=HEADER)", r->o.orders,
		    r->oc.id < 0 ? "customer id" : "order date", r->oc.id < 0 ? "id" : "order_date");
	r->idheader.n = 1;
	r->idheader.names = idnames;
	if (!r->o.orders_only) {
		if ((r->customers = reader_open(argv + optind, (size_t)(argc - optind), &ropts, &err)) == NULL)
			cli_die_err(&err);
		if (roles_find(&r->croles, reader_header(r->customers), r->cli.cols, r->cli.ncols, &err) < 0)
			cli_die_err(&err);
		if (r->croles.col[ROLE_ID] < 0 && reader_header(r->customers)->n > 0)
			cli_die(CUST_INPUT, "the customer table has no customer id column "
			    "(name it with --col id=HEADER)");
	}
}

/* Load the rules against both tables' columns, and the history. */
static void
load_rules(struct run *r)
{
	struct expr_scope scope;
	struct cust_err err;

	r->olk.h = reader_header(r->orders);
	r->olk.roles = &r->oroles;
	r->clk.h = r->customers ? reader_header(r->customers) : &r->idheader;
	r->clk.roles = r->customers ? &r->croles : NULL;
	scope.row = lookup;
	scope.row_ctx = &r->clk;
	scope.order = lookup;
	scope.order_ctx = &r->olk;
	if ((r->rules = grade_rules_load(r->o.rules, &scope, &err)) == NULL)
		cli_die_err(&err);
	collect_numeric(r->rules, &r->oc);
	if (r->o.history && (r->hist = history_load(r->o.history, r->o.as_of, &err)) == NULL)
		cli_die_err(&err);
}

/* Add up every customer's orders in the slots the rules need. */
static void
load_orders(struct run *r)
{
	struct writer_opts wo = cli_writer_opts(&r->cli, reader_format(r->orders));
	struct cust_err err;
	struct rejects *rj;

	r->ob = orderbook_new(r->o.as_of);
	grade_rules_bind(r->rules, r->ob, r->o.as_of);
	rj = rejects_open(r->o.rejects, reader_header(r->orders), &wo, stderr, r->cli.prog, 100, &err);
	if (rj == NULL)
		cli_die_err(&err);
	if (orders_load(r->orders, &r->oc, &r->rules->statuses, r->o.as_of, r->ob, rj, &r->ost, &err) < 0) {
		rejects_abort(rj);
		cli_die_err(&err);
	}
	if (rejects_close(rj, &err) < 0)
		cli_die_err(&err);
	if (r->ost.rejected)
		r->status = CUST_FINDINGS;
}

/* The next customer: a record of the table, or an id of the orders. */
static int
next_customer(struct run *r, char ***row, size_t **rowlen, size_t *n, char **idval, size_t *idlen,
    const char **key, size_t *keylen, long *cust, struct lookahead *la, struct cust_err *err)
{
	struct record *rec;
	const struct id_prep *p;
	long idcol = r->customers ? r->croles.col[ROLE_ID] : -1;
	int rc;

	if (r->customers == NULL) {
		if (r->ncust >= orderbook_customers(r->ob))
			return 0;
		idval[0] = (char *)orderbook_id(r->ob, (size_t)r->ncust, &idlen[0]);
		*row = idval;
		*rowlen = idlen;
		*n = 1;
		*key = idval[0];
		*keylen = idlen[0];
		*cust = (long)r->ncust;
		return 1;
	}
	if ((rc = reader_next(r->customers, &rec, err)) <= 0)
		return rc;
	orderbook_look_ahead(r->ob, r->customers, idcol, la);
	if (rec->error) {
		cli_warn("%s:%ld: %s (graded as it is)", rec->file, rec->line, rec->error);
		r->status = CUST_FINDINGS;
	}
	*row = rec->field;
	*rowlen = rec->len;
	*n = rec->n;
	p = reader_prepared(r->customers);
	*key = rec->field[idcol] + p->off;
	*keylen = p->len;
	*cust = orderbook_customer(r->ob, la, *key, p, false);
	return 1;
}

/* Grade every customer and write its record with the grade columns. */
static void
grade_all(struct run *r)
{
	struct writer_opts wo = cli_writer_opts(&r->cli,
	    reader_format(r->customers ? r->customers : r->orders));
	struct grade_columns gc = {-1, -1, -1, -1};
	struct graded gr = {0};
	struct strbuf *gvals[] = {&gr.grade, &gr.prev, &gr.updated, &gr.reason};
	struct cust_err err;
	struct outfile out;
	struct writer *w;
	char **names, **vals, **row, *idval[1];
	size_t *lens, *rowlen, idlen[1], nout, n, i, keylen;
	const char *key;
	long cust;
	struct lookahead la = {0};
	int rc;

	if (outfile_open(&out, r->cli.output, false, &err) < 0)
		cli_die_err(&err);
	w = writer_new(out.fp, out.name, &wo);
	nout = output_header(r->customers ? reader_header(r->customers) : &r->idheader, &gc, &names);
	writer_header(w, names, nout);
	vals = xcalloc(nout + 1, sizeof(char *));
	lens = xcalloc(nout + 1, sizeof(size_t));
	if (r->customers)
		reader_prepare(r->customers, orderbook_prepare_id, &r->croles.col[ROLE_ID],
		    sizeof(struct id_prep));
	while ((rc = next_customer(r, &row, &rowlen, &n, idval, idlen, &key, &keylen, &cust, &la, &err)) > 0) {
		long cols[] = {gc.grade, gc.prev, gc.updated, gc.reason};
		size_t extra = n;

		r->ncust++;
		grade_customer(r->rules, r->ob, r->hist, r->o.as_of, key, keylen, cust, row, rowlen,
		    &gc, &gr);
		r->noorders += !orderbook_counted(r->ob, cust);
		r->nchanged += gr.changed;
		if (r->o.changes && !gr.changed)
			continue;
		memcpy(vals, row, n * sizeof(*vals));
		memcpy(lens, rowlen, n * sizeof(*lens));
		for (i = 0; i < 4; i++) {
			size_t at = cols[i] >= 0 ? (size_t)cols[i] : extra++;
			vals[at] = (char *)sb_str(gvals[i]);
			lens[at] = gvals[i]->len;
		}
		writer_row(w, vals, lens, nout);
	}
	if (rc < 0 || writer_finish(w, &err) < 0 || outfile_commit(&out, &err) < 0 ||
	    (r->hist && history_commit(r->hist, &err) < 0)) {
		outfile_abort(&out);
		cli_die_err(&err);
	}
	writer_free(w);
	free(vals);
	free(lens);
	free(names);
	graded_free(&gr);
}

/* What the user should know about how the two tables matched. */
static void
report(struct run *r)
{
	size_t unknown = r->customers ? orderbook_unmarked(r->ob) : 0;

	if (!r->cli.quiet && r->noorders && r->customers)
		cli_warn("%llu of %llu customers have no orders before the as-of date", r->noorders, r->ncust);
	if (!r->cli.quiet && unknown)
		cli_warn("%zu customer ids in %s are not in the customer table", unknown, r->o.orders);
	if (r->o.strict && r->customers && (r->noorders || unknown))
		r->status = CUST_FINDINGS;
}

int
main(int argc, char **argv)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	r.oc.status = -1;
	cli_init(&r.cli, "cust-grade");
	parse_args(argc, argv, &r.cli, &r.o);
	open_inputs(&r, argc, argv);
	load_rules(&r);
	load_orders(&r);
	grade_all(&r);
	report(&r);

	free(r.oc.numeric);
	free(r.o.order_cols);
	history_free(r.hist);
	orderbook_free(r.ob);
	grade_rules_free(r.rules);
	reader_close(r.orders);
	reader_close(r.customers);
	cli_free(&r.cli);
	return r.status;
}
