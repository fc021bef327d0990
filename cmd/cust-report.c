/* cust-report — the customer report: groups, metrics, trends, quality.
 * See cust-report(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "outfile.h"
#include "report_run.h"
#include "texttable.h"

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
check_files(int argc, char **argv, const struct cli *cli, const struct report_opts *o)
{
	const struct runfile f[] = {
		{"--partial", o->partial, RUNFILE_WRITE}, {"--rejects", o->rejects, RUNFILE_WRITE},
		{"--orders", o->orders, RUNFILE_READ}, {"--history", o->history, RUNFILE_READ},
		{"--rules", o->rules, RUNFILE_READ}, {"-o", cli->output ? cli->output : "-", RUNFILE_WRITE},
	};

	/* With --merge the files named are the partial states it reads. */
	cli_check_files(argv + optind, (size_t)(argc - optind),
	    o->merge ? "partial state" : o->orders_only ? NULL : "customer table", f, ARRAY_LEN(f));
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct report_opts *o)
{
	struct cust_err err;
	int c, to = -1;

	o->as_of = cli_today() + 1;
	o->since = INT32_MIN;
	o->ko = risk_opts_default();
	o->lang = -1;
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
			if ((to = report_format_parse(optarg)) < 0)
				cli_usage_error("--to %s: expected text, md, csv, json, html or xlsx", optarg);
			break;
		}
	}
	if (to < 0) {
		size_t n;
		const struct ext_format *names = report_format_names(&n);
		cli_check_output_name(cli->output, names, n);
	}
	if (to == RPT_XLSX)
		cli_refuse_binary_terminal(cli);
	/* The format: --to, else -o's extension, else text. */
	o->format = to >= 0 ? (enum report_format)to : report_format_of_name(cli->output);
	o->cols = cli->cols;
	o->ncols = cli->ncols;
	if (report_opts_check(o, (size_t)(argc - optind), &err) < 0)
		cli_usage_error("%s", err.msg);
	check_files(argc, argv, cli, o);
	if (o->merge)
		return;
	cli_check_customer_files(o->orders, o->orders_only, (size_t)(argc - optind), "--orders --orders-only");
}

/* The message of a report that cannot be defined: the columns there are
 * when it named one that is not, the hint to --help for a usage error. */
static _Noreturn void
die_define(const struct report_run *r, const struct cust_err *err)
{
	struct strbuf sb = STRBUF_INIT;

	if (r->why == REPORT_USAGE_HINT)
		cli_usage_error("%s", err->msg);
	if (r->why == REPORT_LIST_NONE)
		cli_die_err(err);
	sb_adds(&sb, err->msg);
	report_columns_list(&r->cols, r->why == REPORT_LIST_ORDERS, &sb);
	cli_die(CUST_USAGE, "%s", sb_str(&sb));
}

static void
visit_order(void *ctx, size_t cust, int32_t day, char *const *row, const size_t *rowlen)
{
	struct report_run *r = ctx;
	long g, st = r->cs.oc.status, oid = r->cs.oroles.col[ROLE_ORDER_ID];
	bool counts = true;
	/* Line items (UCI's InvoiceNo): orders are counted, not their lines
	 * (by the trend and the risk; revenue by category adds up lines). */
	bool by_order = oid >= 0 && (r->risk || r->o.trend != TREND_NONE || !r->by_orders);
	uint64_t order = by_order ? report_order_key(row[oid], rowlen[oid]) : 0;

	if (r->risk) {
		counts = st < 0 || status_counts(&r->paid, row[st], rowlen[st]);
		risk_order(r->risk, cust, day, order, row, rowlen, counts);
	}
	if (!counts)
		return;
	/* Groups of orders count orders; groups of customers count customers
	 * (report_run_customers), their orders only measured.  Without --by and a
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
	const struct report_run *r = ctx;

	report_customer_ahead(r->rep, cust, near);
}

static void
load_orders(struct report_run *r, const struct cli *cli)
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
	if (cli_load_orders(cli, &r->cs, r->ob, &sf, r->o.as_of, r->o.rejects))
		r->status = CUST_FINDINGS;
	/* A cron job's empty export: the report is written, and said to
	 * have no order, as cust-grade refuses to grade without any. */
	if (r->cs.stats.read == 0) {
		cli_warn("%s: no orders (an empty export?): the report has none", r->o.orders);
		r->status = CUST_FINDINGS;
	}
}

static void
write_report(struct report_run *r, const struct cli *cli)
{
	struct report_out_opts ro = {r->o.format, r->zh, false, cli->excel, 0, NULL};
	char *sub = report_subtitle(r->o.by ? r->byheads : NULL, r->o.orders != NULL, r->o.as_of, r->zh);
	const char *nc = getenv("NO_COLOR");
	const struct rtable *t;
	struct cust_err err;
	struct outfile out;
	size_t n;

	if (outfile_open(&out, cli->output, false, &err) < 0)
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
	struct cli cli;
	struct report_run r;
	struct cust_err err;
	char **files;
	size_t nfiles;

	memset(&r, 0, sizeof(r));
	cli_init(&cli, "cust-report");
	parse_args(argc, argv, &cli, &r.o);
	files = argv + optind;
	nfiles = (size_t)(argc - optind);
	r.warn = cli_lib_warn;
	r.warn_ctx = &cli;
	if (r.o.merge) {
		if (report_run_merge(&r, files, nfiles, &err) < 0)
			cli_die_err(&err);
	} else {
		if (report_run_open(&r, files, nfiles, cli_reader_opts(&cli), &err) < 0)
			cli_die_err(&err);
		if (report_run_define(&r, &err) < 0)
			die_define(&r, &err);
		if (r.o.orders)
			load_orders(&r, &cli);
		if (report_run_customers(&r, &err) < 0 || (r.o.history && report_run_history(&r, &err) < 0))
			cli_die_err(&err);
		if (r.risk)
			risk_table(r.risk, r.rep, r.ob);
		if (r.o.partial && report_run_partial(&r, &err) < 0)
			cli_die_err(&err);
	}
	write_report(&r, &cli);
	report_run_free(&r);
	free(r.o.metrics);
	free(r.o.order_cols);
	cli_free(&cli);
	return r.status;
}
