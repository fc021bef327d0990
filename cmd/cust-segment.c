/* cust-segment — place customers in a grid of segments, or score them with
 * RFM.  See cust-segment(1) and custkit-segment(5). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "customers.h"
#include "outfile.h"
#include "segment.h"
#include "tally.h"
#include "value.h"

enum { OPT_SPEC = OPT_PROGRAM_, OPT_RFM, OPT_AMOUNT, OPT_NAMES, OPT_FIT, OPT_MODEL, OPT_SUMMARY,
	OPT_ORDERS, OPT_ORDERS_ONLY, OPT_ORDER_COL, OPT_AS_OF, OPT_REJECTS };

static const struct cli_option options[] = {
	CLI_CHOICE("spec", 0, "FILE", OPT_SPEC, "the dimensions: cuts, quantiles, case, top, pareto\n"
	    "(custkit-segment(5))", "*.json"),
	CLI_CHOICE("rfm", 0, "[=mean8]", OPT_RFM, "R, F, M scores 1-5 by rank and the eleven named\n"
	    "segments; =mean8: high or low against the mean, the\neight classes", "mean8"),
	CLI_AMOUNT(OPT_AMOUNT),
	CLI_CHOICE("names", 0, "FILE", OPT_NAMES, "new names for labels and segments (a JSON object)", "*.json"),
	CLI_ARG("fit", 0, "FILE", OPT_FIT, "write the boundaries learnt from these customers"),
	CLI_CHOICE("model", 0, "FILE", OPT_MODEL, "use the boundaries of a --fit file instead of learning",
	    "*.json"),
	CLI_FLAG("summary", 0, OPT_SUMMARY, "customers and shares per segment, on standard error"),
	CLI_ARG("orders", 0, "FILE", OPT_ORDERS, "the orders (CSV or JSON): customer id, date, amount, ..."),
	CLI_FLAG("orders-only", 0, OPT_ORDERS_ONLY, "no customer table: every customer id in the orders"),
	CLI_LIST("order-col", 0, "ROLE=HEADER", OPT_ORDER_COL, "like --col, for the orders", NULL),
	CLI_ARG("as-of", 0, "DATE", OPT_AS_OF, "measure as of this date (default: today; with --rfm\n"
	    "the day after the latest order); windows end\n"
	    "the day before"),
	CLI_ARG("rejects", 0, "FILE", OPT_REJECTS, "orders that cannot be read, with the reasons"),
	CLI_END,
};

struct opts {
	const char *spec, *amount, *names, *fit, *model, *orders, *rejects;
	bool rfm, mean8, summary, orders_only, as_of_given;
	int32_t as_of;
	char **order_cols;
	size_t norder_cols;
};

static void
usage(FILE *fp)
{
	fputs("Usage: cust-segment (--spec FILE | --rfm[=mean8]) --orders FILE [OPTION]... [CUSTOMERS]...\n"
	    "Place each customer in a cell of a grid of segments, or score it with RFM,\n"
	    "and add a column per dimension and the segment to its record.\n"
	    "\n", fp);
	cli_options_help(fp, options);
	fputs("\nExit status: 0 success, 1 orders rejected, 2 usage, spec or model error,\n"
	    "3 unreadable input, 4 output not written.  See cust-segment(1).\n", fp);
}

/* Files a run writes must be none of the files it reads, nor each other. */
static void
check_files(int argc, char **argv, const struct cli *cli, const struct opts *o)
{
	const struct runfile f[] = {
		{"--fit", o->fit, RUNFILE_WRITE}, {"--rejects", o->rejects, RUNFILE_WRITE},
		{"--orders", o->orders, RUNFILE_READ}, {"--spec", o->spec, RUNFILE_READ},
		{"--model", o->model, RUNFILE_READ}, {"--names", o->names, RUNFILE_READ}, CLI_OUTPUT(cli),
	};

	cli_check_files(argv + optind, (size_t)(argc - optind), o->orders_only ? NULL : "customer table",
	    f, ARRAY_LEN(f));
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct opts *o)
{
	int c;

	o->as_of = cli_today();
	while ((c = cli_next_option(cli, argc, argv, options, usage)) != -1) {
		switch (c) {
		case OPT_SPEC: o->spec = optarg; break;
		case OPT_RFM:
			o->rfm = true;
			if (optarg && strcmp(optarg, "mean8") != 0)
				cli_usage_error("--rfm=%s: expected --rfm or --rfm=mean8", optarg);
			o->mean8 = optarg != NULL;
			break;
		case OPT_AMOUNT: o->amount = optarg; break;
		case OPT_NAMES: o->names = optarg; break;
		case OPT_FIT: o->fit = optarg; break;
		case OPT_MODEL: o->model = optarg; break;
		case OPT_SUMMARY: o->summary = true; break;
		case OPT_ORDERS: o->orders = optarg; break;
		case OPT_ORDERS_ONLY: o->orders_only = true; break;
		case OPT_ORDER_COL: cli_append(&o->order_cols, &o->norder_cols, optarg); break;
		case OPT_AS_OF: o->as_of = cli_as_of(optarg); o->as_of_given = true; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		}
	}
	if ((o->spec == NULL) == !o->rfm)
		cli_usage_error("one of --spec FILE and --rfm is needed");
	if (o->amount && !o->rfm)
		cli_usage_error("--amount is for --rfm: a spec says what it adds up");
	if (o->fit && o->model)
		cli_usage_error("--fit and --model: learn the boundaries or use them, not both");
	if (o->orders == NULL)
		cli_usage_error("--orders FILE is needed");
	cli_check_customer_files(o->orders, o->orders_only, (size_t)(argc - optind), "--orders-only");
	check_files(argc, argv, cli, o);
}

/* Everything a run holds. */
struct run {
	struct cli cli;
	struct opts o;
	struct customers cs;
	struct segment *seg;
	struct orderbook *ob;
	struct tally t;
	bool reread;                /* the table is read again to be written */
	int status;
};

/* Open the orders and the customers, then the segmentation against
 * their columns. */
static void
open_inputs(struct run *r, int argc, char **argv)
{
	struct customers_opts co = {r->o.orders, r->o.orders_only, argv + optind, (size_t)(argc - optind),
	    r->cli.cols, r->cli.ncols, r->o.order_cols, r->o.norder_cols, cli_reader_opts(&r->cli), NULL};
	struct expr_scope scope;
	struct cust_err err;

	if ((r->o.spec && segment_check(r->o.spec, &err) < 0) || customers_open(&r->cs, &co, &err) < 0)
		cli_die_err(&err);
	scope = customers_scope(&r->cs);
	r->seg = r->o.spec ? segment_load(r->o.spec, &scope, &err) :
	    segment_rfm(r->o.mean8, r->o.amount, r->cs.oroles.col[ROLE_ORDER_ID] >= 0, &scope, &err);
	if (r->seg == NULL || (r->o.names && segment_names(r->seg, r->o.names, &err) < 0))
		cli_die_err(&err);
	segment_order_columns(r->seg, &r->cs.oc);
}

/* Add up every customer's orders in the slots the segmentation needs. */
static void
load_orders(struct run *r)
{
	/* RFM's default as-of date is found from the orders: until then
	 * every order counts. */
	bool later = r->o.rfm && !r->o.as_of_given;
	struct date far = {9999, 12, 31};

	r->ob = orderbook_new();
	segment_bind(r->seg, r->ob, later ? date_to_days(far) : r->o.as_of, later);
	if (cli_load_orders(&r->cli, &r->cs, r->ob, segment_statuses(r->seg), segment_as_of(r->seg), r->o.rejects))
		r->status = CUST_FINDINGS;
}

/* What is worth a word about one customer. */
static void
note_customer(struct run *r, const struct customer *c)
{
	if (c->keylen == 0)
		return;
	orderbook_mark(r->ob, c->cust);
	tally_customer(&r->t, c, r->ob);
}

/* Learn the boundaries from every customer, and keep them with --fit. */
static void
learn(struct run *r)
{
	struct customer c;
	struct cust_err err;
	struct outfile out;
	int rc;

	/* Ranks need every customer before the first is written: a table in
	 * files is read again then, else its records are kept. */
	r->reread = customers_rereadable(&r->cs);
	while ((rc = customers_next(&r->cs, &c, &err)) > 0) {
		if (c.keylen == 0 && !tally_no_customer(&r->t, &c, true))
			continue;
		segment_add(r->seg, c.cust, c.field, c.len, c.n, c.key, c.keylen, !r->reread);
		note_customer(r, &c);
	}
	if (rc < 0 || segment_learn(r->seg, &err) < 0)
		cli_die_err(&err);
	if (r->o.fit == NULL)
		return;
	if (outfile_open(&out, r->o.fit, false, &err) < 0)
		cli_die_err(&err);
	if (segment_fit_write(r->seg, out.fp, &err) < 0 || outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		cli_die_err(&err);
	}
}

/* Write every customer with its labels: with --model each as it is read,
 * else after learning, from the table read again or the records kept. */
static void
write_all(struct run *r)
{
	struct writer_opts wo = cli_writer_opts(&r->cli, customers_format(&r->cs));
	const struct header *h;
	struct customer c;
	struct cust_err err;
	struct outfile out;
	struct writer *w;
	size_t i;
	int rc = 0;

	if (r->o.model && segment_model_load(r->seg, r->o.model, &err) < 0)
		cli_die_err(&err);
	/* The header is the new reader's: the first one's is gone. */
	if (!r->o.model && r->reread && customers_rewind(&r->cs, &err) < 0)
		cli_die_err(&err);
	h = customers_header(&r->cs);
	if (outfile_open(&out, r->cli.output, false, &err) < 0)
		cli_die_err(&err);
	w = writer_new(out.fp, out.name, &wo);
	/* An empty export (no header at all) gives an empty output. */
	segment_write_begin(r->seg, w, h, h->n > 0);
	if (r->o.model) {
		while (!writer_failed(w) && (rc = customers_next(&r->cs, &c, &err)) > 0) {
			if (c.keylen == 0 && !tally_no_customer(&r->t, &c, true))
				continue;
			segment_add(r->seg, c.cust, c.field, c.len, c.n, c.key, c.keylen, false);
			note_customer(r, &c);
			rc = segment_write_next(r->seg, c.field, c.len, c.key, c.keylen, &err);
		}
	} else if (r->reread) {
		while (!writer_failed(w) && (rc = customers_next(&r->cs, &c, &err)) > 0) {
			if (c.keylen == 0 && !tally_no_customer(&r->t, &c, false))
				continue;
			if ((rc = segment_write_next(r->seg, c.field, c.len, c.key, c.keylen, &err)) < 0)
				break;
		}
	}
	for (i = 0; !r->o.model && !r->reread && rc == 0 && i < segment_customers(r->seg) && !writer_failed(w); i++)
		rc = segment_write_next(r->seg, NULL, NULL, NULL, 0, &err);
	if (rc < 0 || segment_write_end(r->seg, writer_failed(w) ? NULL : &err) < 0 || writer_finish(w, &err) < 0 ||
	    outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		cli_die_err(&err);
	}
	writer_free(w);
}

static void
report(struct run *r)
{
	char date[16];

	if (r->o.summary) {
		date_format(date_from_days(segment_as_of(r->seg)), date);
		fprintf(stderr, "%llu %s as of %s\n", r->t.ncust, plural(r->t.ncust, "customer", "customers"), date);
		segment_summary(r->seg, stderr);
	}
	tally_report(&r->t, &r->cs);
	tally_overflows(r->ob);
}

int
main(int argc, char **argv)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	cli_init(&r.cli, "cust-segment");
	tally_init(&r.t, &r.cli, "segmented", &r.status);
	parse_args(argc, argv, &r.cli, &r.o);
	open_inputs(&r, argc, argv);
	load_orders(&r);
	if (r.o.model == NULL)
		learn(&r);
	write_all(&r);
	report(&r);

	free(r.o.order_cols);
	orderbook_free(r.ob);
	segment_free(r.seg);
	customers_close(&r.cs);
	cli_free(&r.cli);
	return r.status;
}
