/* cust-report — the customer report: groups, metrics, trends, quality.
 * See cust-report(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "customers.h"
#include "grade.h"
#include "hash.h"
#include "jsonfile.h"
#include "outfile.h"
#include "report.h"
#include "report_out.h"
#include "report_cols.h"
#include "report_partial.h"
#include "texttable.h"
#include "value.h"

enum { OPT_BY = OPT_PROGRAM_, OPT_METRIC, OPT_ORDERS, OPT_ORDERS_ONLY, OPT_ORDER_COL, OPT_AS_OF,
	OPT_REJECTS, OPT_TREND, OPT_QUALITY, OPT_LANG, OPT_REPORT_TO, OPT_HISTORY, OPT_RULES, OPT_SINCE, OPT_RISK, OPT_RISK_CANCEL, OPT_PARTIAL, OPT_MERGE,
	OPT_RISK_TOP, OPT_RISK_QUIET, OPT_RISK_QUIET_DAYS, OPT_RISK_MIN_ORDERS, OPT_AMOUNT };

static const struct cli_option options[] = {
	CLI_ARG("by", 0, "COL[,COL]", OPT_BY, "group by a column (two: the cross-tab); a column of\n"
	    "the orders groups orders"),
	CLI_LIST("metric", 0, "METRIC", OPT_METRIC, "[NAME=]FN(X) per group, FN one of count, sum, avg,\n"
	    "min, max, median, quantile(X, Q), distinct", NULL),
	CLI_ARG("orders", 0, "FILE", OPT_ORDERS, "the orders: metrics and trends are over them"),
	CLI_FLAG("orders-only", 0, OPT_ORDERS_ONLY, "no customer table: the customers are the ids in the orders"),
	CLI_LIST("order-col", 0, "ROLE=HEADER", OPT_ORDER_COL, "like --col, for the orders", NULL),
	CLI_AMOUNT(OPT_AMOUNT),
	CLI_ARG("as-of", 0, "DATE", OPT_AS_OF, "count orders before this date (default: tomorrow, so\n"
	    "every order to date)"),
	CLI_ARG("rejects", 0, "FILE", OPT_REJECTS, "orders that cannot be read, with the reasons"),
	CLI_CHOICE("trend", 0, "PERIOD", OPT_TREND, "customers, orders, revenue per period: week, month,\n"
	    "quarter (needs --orders)", "week month quarter"),
	CLI_ARG("history", 0, "FILE", OPT_HISTORY, "cust-grade's history: the grade migration matrix and\n"
	    "the promotions and demotions per month"),
	CLI_CHOICE("rules", 0, "FILE", OPT_RULES, "cust-grade's rules: the grades, low to high", "*.json"),
	CLI_ARG("since", 0, "DATE", OPT_SINCE, "the history's changes from this date on (default: all)"),
	CLI_FLAG("risk", 0, OPT_RISK, "customers at risk, with the reasons: late or unpaid\n"
	    "payments, cancellations, valuable customers gone quiet"),
	CLI_ARG("risk-cancel", 0, "RATE", OPT_RISK_CANCEL, "--risk: a share of cancelled or refunded orders\n"
	    "over RATE is a risk (default: 0.3)"),
	CLI_ARG("risk-min-orders", 0, "N", OPT_RISK_MIN_ORDERS, "--risk: judge cancellations of customers with at\n"
	    "least N orders (default: 3)"),
	CLI_ARG("risk-top", 0, "SHARE", OPT_RISK_TOP, "--risk: the valuable customers are this share with the\n"
	    "highest spend (default: 0.2)"),
	CLI_ARG("risk-quiet", 0, "TIMES", OPT_RISK_QUIET, "--risk: a valuable customer is gone quiet after TIMES\n"
	    "its usual gap between orders (default: 3)"),
	CLI_ARG("risk-quiet-days", 0, "DAYS", OPT_RISK_QUIET_DAYS, "--risk: gone quiet also needs DAYS days without\n"
	    "an order (default: 30)"),
	CLI_FLAG("quality", 0, OPT_QUALITY, "completeness per column, and cust-validate's _errors\n"
	    "by column and kind"),
	CLI_ARG("partial", 0, "FILE", OPT_PARTIAL, "also write the report's mergeable state (JSON) to FILE"),
	CLI_FLAG("merge", 0, OPT_MERGE, "the files are partial states of one report definition:\n"
	    "report on them together, exactly as on the whole input"),
	CLI_CHOICE("lang", 0, "LANG", OPT_LANG, "titles in zh or en (default: as the data)", "zh en"),
	CLI_CHOICE("to", 0, "FORMAT", OPT_REPORT_TO, "text, md, csv, json, html or xlsx (default: text,\n"
	    "or -o's extension)", "text md csv json html xlsx"),
	CLI_END,
};

struct opts {
	const char *orders, *rejects, *by, *history, *rules, *partial, *amount;
	bool merge;
	int32_t since;
	char **metrics, **order_cols;
	size_t nmetrics, norder_cols;
	int32_t as_of;
	bool orders_only, quality, risk;
	bool risk_tuned;                /* a --risk-* option was given */
	struct risk_opts ko;
	enum trend_period trend;
	int lang;                       /* -1 from the data, 0 en, 1 zh */
	int to;                         /* -1: from -o, else text */
};

static void
usage(FILE *fp)
{
	fputs("Usage: cust-report [--by COL[,COL]] [--metric [NAME=]FN(X)]... [--orders FILE\n"
	    "       [--orders-only]] [--trend PERIOD] [OPTION]... [CUSTOMERS]...\n"
	    "Report on customers: counts and shares per group, aggregates, the cross-tab\n"
	    "of two columns, trends over the orders, data completeness.\n"
	    "\n", fp);
	cli_options_help(fp, options);
	fputs("\nExit status: 0 success, 1 records or orders rejected, 2 usage error (a --by\n"
	    "column that does not exist), 3 unreadable input, 4 output not written.\n"
	    "See cust-report(1).\n", fp);
}

/* The files a run writes are none of those it reads, nor each other.
 * The report holds no records, so -o may not replace the customer table
 * either (as it may in the programs that write the records back). */
static void
check_files(int argc, char **argv, const struct cli *cli, const struct opts *o)
{
	const struct runfile f[] = {
		{"--partial", o->partial, RUNFILE_WRITE}, {"--rejects", o->rejects, RUNFILE_WRITE},
		{"--orders", o->orders, RUNFILE_READ}, {"--history", o->history, RUNFILE_READ},
		{"--rules", o->rules, RUNFILE_READ}, {"-o", cli->output ? cli->output : "-", RUNFILE_WRITE},
	};

	cli_check_files(argv + optind, (size_t)(argc - optind), o->orders_only ? NULL : "customer table",
	    f, ARRAY_LEN(f));
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct opts *o)
{
	struct cust_err err;
	int c;

	o->as_of = cli_today() + 1;
	o->since = INT32_MIN;
	o->ko = risk_opts_default();
	o->lang = o->to = -1;
	while ((c = cli_next_option(cli, argc, argv, options, usage)) != -1) {
		switch (c) {
		case OPT_BY: o->by = optarg; break;
		case OPT_METRIC: cli_append(&o->metrics, &o->nmetrics, optarg); break;
		case OPT_ORDERS: o->orders = optarg; break;
		case OPT_AMOUNT: o->amount = optarg; break;
		case OPT_ORDERS_ONLY: o->orders_only = true; break;
		case OPT_ORDER_COL: cli_append(&o->order_cols, &o->norder_cols, optarg); break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_QUALITY: o->quality = true; break;
		case OPT_RISK: o->risk = true; break;
		case OPT_PARTIAL: o->partial = optarg; break;
		case OPT_MERGE: o->merge = true; break;
		case OPT_RISK_CANCEL: case OPT_RISK_TOP: case OPT_RISK_QUIET: case OPT_RISK_QUIET_DAYS:
		case OPT_RISK_MIN_ORDERS:
			o->risk_tuned = true;
			if (risk_opt(&o->ko, cli_option_name(options, c), optarg, &err) < 0)
				cli_usage_error("%s", err.msg);
			break;
		case OPT_HISTORY: o->history = optarg; break;
		case OPT_RULES: o->rules = optarg; break;
		case OPT_SINCE: o->since = cli_date("--since", optarg); break;
		case OPT_AS_OF: o->as_of = cli_as_of(optarg); break;
		case OPT_TREND:
			o->trend = strcmp(optarg, "week") == 0 ? TREND_WEEK : strcmp(optarg, "month") == 0 ?
			    TREND_MONTH : strcmp(optarg, "quarter") == 0 ? TREND_QUARTER : TREND_NONE;
			if (o->trend == TREND_NONE)
				cli_usage_error("--trend %s: expected week, month or quarter", optarg);
			break;
		case OPT_LANG:
			if (strcmp(optarg, "zh") != 0 && strcmp(optarg, "en") != 0)
				cli_usage_error("--lang %s: expected zh or en", optarg);
			o->lang = strcmp(optarg, "zh") == 0;
			break;
		case OPT_REPORT_TO:
			if ((o->to = report_format_parse(optarg)) < 0)
				cli_usage_error("--to %s: expected text, md, csv, json, html or xlsx", optarg);
			break;
		}
	}
	if (o->to < 0) {
		size_t n;
		const struct ext_format *names = report_format_names(&n);
		cli_check_output_name(cli->output, names, n);
	}
	if (o->merge) {
		if (o->by || o->nmetrics || o->orders || o->history || o->risk || o->risk_tuned || o->rules ||
		    o->since != INT32_MIN || o->quality || o->trend || o->partial || o->amount)
			cli_usage_error("--merge takes the report's definition from the partial states: "
			    "give it no --by, --metric, --orders, --trend, --risk, --history, --quality or --partial "
			    "(nor their options)");
		if (optind == argc)
			cli_usage_error("--merge needs the partial state files");
		return;
	}
	if (o->risk_tuned && !o->risk)
		cli_usage_error("--risk-cancel, --risk-min-orders, --risk-top, --risk-quiet and --risk-quiet-days "
		    "tune --risk, which is missing");
	if (o->amount && o->trend == TREND_NONE && !o->risk)
		cli_usage_error("--amount is for --trend and --risk: a metric says what it adds up");
	if (o->rules && o->history == NULL)
		cli_usage_error("--rules ranks the grades of --history FILE, which is missing");
	if (o->orders_only && o->orders == NULL)
		cli_usage_error("--orders-only needs --orders FILE");
	if (o->risk && o->orders == NULL)
		cli_usage_error("--risk needs --orders FILE");
	if (o->trend != TREND_NONE && o->orders == NULL)
		cli_usage_error("--trend needs --orders FILE");
	check_files(argc, argv, cli, o);
	cli_check_customer_files(o->orders, o->orders_only, (size_t)(argc - optind), "--orders --orders-only");
}

/* Everything a run holds. */
struct run {
	struct cli cli;
	struct opts o;
	struct customers cs;
	struct reader *table;           /* the customers, read alone (no --orders) */
	struct roles roles;
	struct column_finder cfind;
	struct report_columns cols;     /* what --by and the metrics may name */
	struct orderbook *ob;
	struct report *rep;
	struct risk *risk;
	struct migration *hist;
	struct grade_rules *rules;      /* --rules: its grades, low to high */
	struct status_filter paid;      /* the orders that count (--risk reads all) */
	struct expr *amount;            /* what an order line adds up to */
	struct hash *table_ids;         /* --history: the table's customers */
	struct report_merged merged;    /* --merge's */
	bool by_orders;                 /* the groups are of orders */
	json_t *byheads;                /* the --by columns' headers, as the data has them */
	bool zh;
	long errors_col;
	unsigned long long nunread, nnoid;
	int status;
};

static struct expr_scope
scope_of(struct run *r)
{
	struct expr_scope s = {column_find, &r->cfind, NULL, NULL};

	return r->o.orders ? customers_scope(&r->cs) : s;
}

static void
open_inputs(struct run *r, int argc, char **argv)
{
	struct customers_opts co = {r->o.orders, r->o.orders_only, argv + optind, (size_t)(argc - optind),
	    r->cli.cols, r->cli.ncols, r->o.order_cols, r->o.norder_cols, cli_reader_opts(&r->cli), NULL};
	struct reader_opts ro = cli_reader_opts(&r->cli);
	struct cust_err err;

	if (r->o.orders) {
		if (customers_open(&r->cs, &co, &err) < 0)
			cli_die_err(&err);
		r->cols = (struct report_columns){r->o.orders_only ? NULL : &r->cs.cfind, &r->cs.ofind};
		return;
	}
	if ((r->table = reader_open(argv + optind, (size_t)(argc - optind), &ro, &err)) == NULL ||
	    roles_find(&r->roles, reader_header(r->table), r->cli.cols, r->cli.ncols, "--col", &err) < 0)
		cli_die_err(&err);
	r->cfind.h = reader_header(r->table);
	r->cfind.roles = &r->roles;
	r->cols.customers = &r->cfind;
}

static const struct header *
table_header(const struct run *r)
{
	return r->o.orders ? customers_header(&r->cs) : reader_header(r->table);
}

/* A column named that no table has: the message lists those there are
 * (orders: only the orders', which a metric over them may name). */
static _Noreturn void
die_listing_columns(const struct run *r, const char *msg, bool orders)
{
	struct strbuf sb = STRBUF_INIT;

	sb_adds(&sb, msg);
	report_columns_list(&r->cols, orders, &sb);
	cli_die(CUST_USAGE, "%s", sb_str(&sb));
}

/* The --by columns: the customers' if they have them all, else the
 * orders'. */
static void
group_columns(struct run *r)
{
	struct report_by b;
	struct cust_err err;
	size_t i;

	if (report_by_find(r->o.by, &r->cols, &b, &err) < 0) {
		if (b.missing)
			die_listing_columns(r, err.msg, false);
		cli_usage_error("%s", err.msg);
	}
	r->by_orders = r->o.orders && b.orders;
	r->byheads = json_array();
	for (i = 0; i < b.n; i++)
		json_array_append_new(r->byheads, json_string(b.names[i]));
	r->zh |= b.n && report_header_zh(&(struct header){b.n, b.names});
	report_group_by(r->rep, b.cols, b.names, b.n);
	report_by_free(&b);
}

/* Revenue and spend come from the orders' amount column: without one
 * they would be empty columns nobody explained. */
static void
no_amount_warning(const struct run *r)
{
	if (r->cli.quiet || !r->o.orders || r->amount != NULL ||
	    (r->o.trend == TREND_NONE && !r->o.risk))
		return;
	cli_warn("%s: the orders have no amount column (name it with --order-col amount=HEADER): %s",
	    r->o.trend != TREND_NONE ? "--trend" : "--risk",
	    r->o.trend != TREND_NONE ? "no revenue, no average order" : "no spend to tell the valuable customers by");
}

/* The metrics, over the orders when there are some, else over the
 * customers' own columns. */
static void
define_report(struct run *r)
{
	struct expr_scope s = scope_of(r), rows = s;
	const struct header *h = table_header(r);
	struct cust_err err;
	size_t i;

	r->rep = report_new();
	if (r->o.orders) {
		rows.row = s.order;
		rows.row_ctx = s.order_ctx;
	}
	for (i = 0; i < r->o.nmetrics; i++) {
		if (report_add_metric(r->rep, r->o.metrics[i], &rows, &err) < 0) {
			/* As --by does: the columns a metric may name. */
			if (strstr(err.msg, ": unknown column '"))
				die_listing_columns(r, err.msg, r->o.orders != NULL);
			cli_die_err(&err);
		}
	}
	/* Amounts print as money, to the cent: the metrics of them too. */
	const long *col = r->o.orders ? r->cs.oroles.col : r->roles.col;
	struct expr_words w = {false, col[ROLE_AMOUNT], col[ROLE_QUANTITY], col[ROLE_PRICE]};
	report_money(r->rep, &w);
	group_columns(r);
	if (r->o.orders_only && !r->by_orders)
		report_count_members(r->rep);
	/* As cust-grade: an order whose amount is no number is rejected
	 * with the reason, not added up (revenue, spend, owed) as zero. */
	if ((r->o.trend != TREND_NONE || r->o.risk) && order_amount(r->o.amount, &s, &r->cs.oc, &r->amount, &err) < 0)
		cli_die_err(&err);
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
}

static void
visit_order(void *ctx, size_t cust, int32_t day, char *const *row, const size_t *rowlen)
{
	struct run *r = ctx;
	long g, st = r->cs.oc.status, oid = r->cs.oroles.col[ROLE_ORDER_ID];
	bool counts = true;
	/* Line items (UCI's InvoiceNo): orders are counted, not their lines. */
	uint64_t order = oid >= 0 ? report_order_key(row[oid], rowlen[oid]) : 0;

	if (r->risk) {
		counts = st < 0 || status_counts(&r->paid, row[st], rowlen[st]);
		risk_order(r->risk, cust, day, order, row, rowlen, counts);
	}
	if (!counts)
		return;
	/* Groups of orders count orders; groups of customers count customers
	 * (read_customers), their orders only measured.  Without --by and a
	 * customer table every customer of the orders is in the one group:
	 * measured now, nothing kept. */
	if (r->by_orders) {
		g = report_group(r->rep, row, rowlen);
		report_count(r->rep, g);
	} else
		g = r->o.orders_only && r->o.by == NULL ? report_group(r->rep, row, rowlen) : -1;
	report_add_order(r->rep, g, cust, day, order, row, rowlen);
}

static void
ahead_customer(void *ctx, size_t cust, bool near)
{
	const struct run *r = ctx;

	report_customer_ahead(r->rep, cust, near);
}

static void
load_orders(struct run *r)
{
	/* With --risk every order is read: cancellations are a reason. */
	struct status_filter sf = {.all = r->o.risk};

	if (r->o.risk) {
		struct risk_opts ko = r->o.ko;
		ko.as_of = r->o.as_of;
		ko.zh = r->zh;
		r->risk = risk_new(&ko, r->cs.oroles.col[ROLE_DUE_DATE], r->cs.oroles.col[ROLE_PAID_DATE], r->amount);
		/* Whom to call about a customer at risk: the table's name and phone. */
		risk_contact_table(r->risk, &r->cs);
	}
	r->ob = orderbook_new();
	orderbook_on_order(r->ob, visit_order, r);
	orderbook_on_ahead(r->ob, ahead_customer, r);
	/* Revenue by category needs no customer: none is looked up. */
	if (r->by_orders && r->o.orders_only && r->o.trend == TREND_NONE && !r->o.risk)
		orderbook_orders_alone(r->ob);
	if (cli_load_orders(&r->cli, &r->cs, r->ob, &sf, r->o.as_of, r->o.rejects))
		r->status = CUST_FINDINGS;
}

/* A customer record that cannot be read whole is still reported on
 * (as it is), and said so. */
static void
note_record(struct run *r, const struct record *rec)
{
	if (rec == NULL || rec->error == NULL)
		return;
	if (r->nunread++ < 100 && !r->cli.quiet)
		cli_warn("%s:%ld: %s (reported as it is)", rec->file, rec->line, rec->error);
	r->status = CUST_FINDINGS;
}

/* Orders counted in no group are said, not lost in silence.  A partial
 * keeps them for the part their customers are in. */
static void
warn_unplaced(const struct run *r)
{
	size_t n = report_unplaced(r->rep);

	if (n && !r->cli.quiet)
		cli_warn("%zu %s of customers not in the customer table: in no group", n,
		    plural(n, "order is", "orders are"));
}

static enum report_format format_of(const struct run *r);

/* Values that are not numbers, once per argument however many metrics
 * read it (sum(满意度), avg(满意度)), pointing to the section as this
 * format shows it: its title to people, its key to programs. */
static void
warn_not_numeric(struct run *r)
{
	struct rtable problems = {.section = "problems"};
	enum report_format f = format_of(r);
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
		cli_warn("--metric %s: %llu %s not %s, left out (not read as zero); see the section \"%s\"",
		    sb_str(&sb), bad, plural(bad, "value is", "values are"), plural(bad, "a number", "numbers"), see);
	}
	sb_free(&sb);
}

static void
table_id(struct run *r, const char *id, size_t len)
{
	const char *key;
	bool added;

	if ((len = id_key(id, len, &key)) > 0)
		hash_put(r->table_ids, key, len, &added);
}

static void
read_customers(struct run *r)
{
	const struct header *h = table_header(r);
	struct customer c;
	struct record *rec;
	struct cust_err err;
	int rc;

	/* A shard counts its own customers' changes of the one history
	 * every shard is given: merged, each change counts once. */
	if (r->o.history && r->o.partial && !r->o.orders_only && (r->o.orders || r->roles.col[ROLE_ID] >= 0))
		r->table_ids = hash_new();
	if (r->table) {
		while ((rc = reader_next(r->table, &rec, &err)) > 0) {
			note_record(r, rec);
			if (r->table_ids)
				table_id(r, rec->field[r->roles.col[ROLE_ID]], rec->len[r->roles.col[ROLE_ID]]);
			report_add_row(r->rep, report_group(r->rep, rec->field, rec->len), rec->field, rec->len);
			if (r->o.quality)
				report_quality(r->rep, h, rec->field, rec->len, r->errors_col);
		}
	} else {
		while ((rc = customers_next(&r->cs, &c, &err)) > 0) {
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
	}
	if (rc < 0)
		cli_die_err(&err);
	warn_not_numeric(r);
	if (r->nnoid && !r->cli.quiet)
		cli_warn("%llu customer %s no customer id: counted in %s group, with no orders", r->nnoid,
		    plural(r->nnoid, "record has", "records have"), plural(r->nnoid, "its", "their"));
}

static void
write_partial(struct run *r)
{
	const struct opts *o = &r->o;
	struct report_def d = {o->by, o->metrics, o->nmetrics, r->cli.cols, o->order_cols, r->cli.ncols,
	    o->norder_cols, o->orders != NULL, o->orders_only, o->quality, o->risk, o->history != NULL, o->as_of,
	    o->trend, o->amount, o->ko, o->since, r->rules ? r->rules->grades : NULL, r->rules ? r->rules->ngrades : 0};
	struct report_parts p = {r->rep, r->ob, r->risk, r->hist, r->byheads, r->zh};
	struct cust_err err;

	if (report_partial_write(o->partial, &d, &p, &err) < 0)
		cli_die_err(&err);
}

/* The report of the partial states named on the command line: defined
 * by the first, refusing any of another definition. */
static void
merge_partials(struct run *r, int argc, char **argv, struct header *qh)
{
	struct report_merged *m = &r->merged;
	struct cust_err err;

	if (report_merge_partials(m, argv + optind, (size_t)(argc - optind), r->o.lang, qh, &err) < 0)
		cli_die_err(&err);
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
}

/* The format: --to, else -o's extension, else text. */
static enum report_format
format_of(const struct run *r)
{
	return r->o.to >= 0 ? (enum report_format)r->o.to : report_format_of_name(r->cli.output);
}

static void
read_history(struct run *r)
{
	struct cust_err err;

	/* The grades of cust-grade's rules, read as cust-grade reads them:
	 * a file it refuses is refused here with the same words. */
	if (r->o.rules && (r->rules = grade_rules_load(r->o.rules, &expr_any_columns, &err)) == NULL)
		cli_die_err(&err);
	/* cust-grade dates its changes with its --as-of: a report as of the
	 * same day counts them (so does a merged report: report_partial.c). */
	r->hist = migration_new(r->rules ? r->rules->grades : NULL, r->rules ? r->rules->ngrades : 0, r->o.since, r->o.as_of + 1);
	if (r->table_ids)
		migration_only(r->hist, r->table_ids);
	if (migration_read(r->hist, r->o.history, &err) < 0)
		cli_die_err(&err);
	migration_tables(r->hist, r->rep);
}

static void
write_report(struct run *r)
{
	struct report_out_opts ro = {format_of(r), r->zh, false, r->cli.excel, 0, NULL};
	char *sub = report_subtitle(r->o.by ? r->byheads : NULL, r->o.orders != NULL, r->o.as_of, r->zh);
	const char *nc = getenv("NO_COLOR");
	const struct rtable *t;
	struct cust_err err;
	struct outfile out;
	size_t n;

	if (outfile_open(&out, r->cli.output, false, &err) < 0)
		cli_die_err(&err);
	if (ro.to == RPT_TEXT && out.path == NULL && isatty(fileno(out.fp))) {
		ro.color = nc == NULL || *nc == '\0';
		/* A terminal is as wide as it is; a file or a pipe gets whole lines. */
		ro.width = texttable_terminal_width(fileno(out.fp));
	}
	t = report_tables(r->rep, &n);
	ro.subtitle = sub;
	if (report_write(t, n, &ro, out.fp, out.name, &err) < 0 || outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		cli_die_err(&err);
	}
	free(sub);
}

int
main(int argc, char **argv)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	cli_init(&r.cli, "cust-report");
	parse_args(argc, argv, &r.cli, &r.o);
	if (r.o.merge) {
		struct header qh = {0, NULL};
		merge_partials(&r, argc, argv, &qh);
		write_report(&r);
		report_merged_free(&r.merged);
		for (size_t i = 0; i < qh.n; i++)
			free(qh.names[i]);
		free(qh.names);
		cli_free(&r.cli);
		return r.status;
	}
	open_inputs(&r, argc, argv);
	define_report(&r);
	if (r.o.orders)
		load_orders(&r);
	read_customers(&r);
	if (r.o.history)
		read_history(&r);
	if (r.risk)
		risk_table(r.risk, r.rep, r.ob);
	if (r.o.partial)
		write_partial(&r);
	write_report(&r);

	risk_free(r.risk);
	migration_free(r.hist);
	hash_free(r.table_ids);
	grade_rules_free(r.rules);
	json_decref(r.byheads);
	report_free(r.rep);
	expr_free(r.amount);
	orderbook_free(r.ob);
	if (r.o.orders)
		customers_close(&r.cs);
	reader_close(r.table);
	free(r.o.metrics);
	free(r.o.order_cols);
	cli_free(&r.cli);
	return r.status;
}
