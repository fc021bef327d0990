/* cust-grade — grade customers into tiers from their order history.
 * See cust-grade(1) and custkit-rules(5). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "addcols.h"
#include "cli.h"
#include "customers.h"
#include "grade.h"
#include "history.h"
#include "outfile.h"
#include "tally.h"
#include "value.h"

enum { OPT_RULES = OPT_PROGRAM_, OPT_ORDERS, OPT_AS_OF, OPT_HISTORY, OPT_CHANGES, OPT_ORDERS_ONLY,
	OPT_STRICT, OPT_REJECTS, OPT_ORDER_COL, OPT_ALLOW_EMPTY, OPT_MAX_CHANGES, OPT_ID_MAP };

static const struct cli_option options[] = {
	CLI_CHOICE("rules", 0, "FILE", OPT_RULES, "grades, tiers, promote and demote rules (custkit-rules(5))",
	    "*.json"),
	CLI_ARG("orders", 0, "FILE", OPT_ORDERS, "the orders (CSV or JSON): customer id, date, amount, ..."),
	CLI_ARG("as-of", 0, "DATE", OPT_AS_OF, "grade as of this date (default: today); windows end\n"
	    "the day before"),
	CLI_ARG("history", 0, "FILE", OPT_HISTORY, "the grade history: read for previous grades, and one\n"
	    "row appended per change"),
	CLI_FLAG("changes", 0, OPT_CHANGES, "output only the customers whose grade changed"),
	CLI_FLAG("orders-only", 0, OPT_ORDERS_ONLY, "no customer table: grade every customer id in the orders"),
	CLI_FLAG("strict", 0, OPT_STRICT, "customers without orders, or orders of unknown\n"
	    "customers, are findings (exit 1)"),
	CLI_ARG("rejects", 0, "FILE", OPT_REJECTS, "orders that cannot be read, with the reasons"),
	CLI_LIST("order-col", 0, "ROLE=HEADER", OPT_ORDER_COL, "like --col, for the orders", NULL),
	CLI_FLAG("allow-empty", 0, OPT_ALLOW_EMPTY, "grade even when no order falls in the rules' periods\n"
	    "(an empty orders file is otherwise refused, exit 1)"),
	CLI_ARG("max-changes", 0, "N|P%", OPT_MAX_CHANGES, "when more than N customers (or P%) would change\n"
	    "grade, write and append nothing and exit 1"),
	CLI_ARG("id-map", 0, "FILE", OPT_ID_MAP, "old id -> surviving id (cust-dedupe --id-map): orders\n"
	    "of an old id count for its survivor"),
	CLI_END,
};

struct opts {
	const char *rules, *orders, *history, *rejects, *id_map;
	int32_t as_of;
	bool changes, orders_only, strict, allow_empty;
	char **order_cols;
	size_t norder_cols;
	struct grade_limit max_changes;
};

static void
usage(FILE *fp)
{
	fputs("Usage: cust-grade --rules FILE --orders FILE [OPTION]... [CUSTOMERS]...\n"
	    "Grade each customer from its order history with the rules in FILE, and\n"
	    "add grade, grade_prev, grade_updated and grade_reason to its record.\n"
	    "\n", fp);
	cli_options_help(fp, options);
	fputs("\nExit status: 0 success, 1 orders rejected (or --strict findings), 2 usage\n"
	    "or rules error, 3 unreadable input, 4 output not written.  See cust-grade(1).\n", fp);
}

/* Files a run writes must be none of the files it reads, nor each other:
 * --rejects orders.csv would replace the orders, --history with -o the
 * memory between runs.  The output may replace the customer table (it is
 * read whole before the rename), unless --changes leaves customers out. */
static void
check_files(int argc, char **argv, const struct cli *cli, const struct opts *o)
{
	const struct runfile f[] = {
		{"--history", o->history, RUNFILE_WRITE}, {"--rejects", o->rejects, RUNFILE_WRITE},
		{"--orders", o->orders, RUNFILE_READ}, {"--rules", o->rules, RUNFILE_READ}, 
		{"--id-map", o->id_map, RUNFILE_READ}, CLI_OUTPUT(cli),
	};

	cli_check_files(argv + optind, (size_t)(argc - optind), o->orders_only ? NULL : "customer table",
	    f, ARRAY_LEN(f));
	if (o->changes && !o->orders_only)
		cli_check_partial_output(cli, argv + optind, (size_t)(argc - optind), "customer table",
		    "--changes writes only the customers whose grade changed");
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct opts *o)
{
	int c;

	o->as_of = cli_today();
	while ((c = cli_next_option(cli, argc, argv, options, usage)) != -1) {
		switch (c) {
		case OPT_RULES: o->rules = optarg; break;
		case OPT_ORDERS: o->orders = optarg; break;
		case OPT_HISTORY: o->history = optarg; break;
		case OPT_CHANGES: o->changes = true; break;
		case OPT_ORDERS_ONLY: o->orders_only = true; break;
		case OPT_STRICT: o->strict = true; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_ID_MAP: o->id_map = optarg; break;
		case OPT_AS_OF: o->as_of = cli_as_of(optarg); break;
		case OPT_ORDER_COL:
			cli_append(&o->order_cols, &o->norder_cols, optarg);
			break;
		case OPT_ALLOW_EMPTY: o->allow_empty = true; break;
		case OPT_MAX_CHANGES:
			if (!grade_limit_parse(&o->max_changes, optarg))
				cli_usage_error("--max-changes %s: expected a number of customers, or a "
				    "percentage such as 5%%", optarg);
			break;
		}
	}
	if (o->rules == NULL || o->orders == NULL)
		cli_usage_error("--rules FILE and --orders FILE are both needed");
	cli_check_customer_files(o->orders, o->orders_only, (size_t)(argc - optind), "--orders-only");
	check_files(argc, argv, cli, o);
}

/* Everything a run holds. */
struct run {
	struct cli cli;
	struct opts o;
	struct customers cs;
	struct grade_rules *rules;
	struct orderbook *ob;
	struct history *hist;
	struct tally t;
	unsigned long long nchanged, nungraded, nunknown, ndup;
	int status;
	/* The output row, held here so that a run that dies mid-way holds
	 * nothing only a register points to (LeakSanitizer). */
	struct addcols out;
};

/* Orders with no header at all (an empty file, JSON that holds no
 * object) have no column for the rules to name: their records are
 * rejected, and the run stops as with no orders, even with --allow-empty. */
static void
no_order_columns(struct run *r)
{
	struct cust_err err;

	cli_load_orders(&r->cli, &r->cs, NULL, NULL, r->o.as_of, r->o.rejects);
	grade_orders_check(r->o.orders, &r->cs.stats, NULL, r->o.as_of, r->o.allow_empty, &err);
	cli_die_err(&err);
}

/* Open the orders and the customers, then load the rules against their
 * columns, and the history. */
static void
open_inputs(struct run *r, int argc, char **argv)
{
	struct customers_opts co = {r->o.orders, r->o.orders_only, argv + optind, (size_t)(argc - optind),
	    r->cli.cols, r->cli.ncols, r->o.order_cols, r->o.norder_cols, cli_reader_opts(&r->cli),
	    r->o.id_map};
	struct expr_scope scope;
	struct cust_err err;

	/* The history is locked before any input is read: a second run
	 * waits here, then reads what the first wrote. */
	if (grade_rules_check(r->o.rules, &err) < 0 ||
	    (r->o.history && (r->hist = history_load(r->o.history, r->o.as_of, &err)) == NULL) ||
	    customers_open(&r->cs, &co, &err) < 0)
		cli_die_err(&err);
	if (reader_header(r->cs.orders)->n == 0)
		no_order_columns(r);
	scope = customers_scope(&r->cs);
	if ((r->rules = grade_rules_load(r->o.rules, &scope, &err)) == NULL)
		cli_die_err(&err);
	r->rules->words = customers_words(&r->cs, r->rules->zh);
	grade_rules_order_columns(r->rules, &r->cs.oc);
}

/* Add up every customer's orders in the slots the rules need; refuse
 * orders that would demote everyone (grade_orders_check). */
static void
load_orders(struct run *r)
{
	struct cust_err err;

	r->ob = orderbook_new();
	grade_rules_bind(r->rules, r->ob, r->o.as_of);
	if (cli_load_orders(&r->cli, &r->cs, r->ob, &r->rules->statuses, r->o.as_of, r->o.rejects))
		r->status = CUST_FINDINGS;
	if (grade_orders_check(r->o.orders, &r->cs.stats, r->ob, r->o.as_of, r->o.allow_empty, &err) < 0)
		cli_die_err(&err);
}

/* What is worth a word about one customer's grading. */
static void
note_customer(struct run *r, const struct customer *c, const struct graded *gr)
{
	if (c->first_line && r->ndup++ < 10 && !r->cli.quiet)
		cli_warn("%s:%ld: customer id %.*s is also on line %ld", c->rec->file, c->rec->line,
		    (int)c->keylen, c->key, c->first_line);
	if (c->first_line && r->o.strict)
		r->status = CUST_FINDINGS;
	tally_customer(&r->t, c, r->ob);
	r->nchanged += gr->changed;
	r->nungraded += gr->grade.len == 0;
	if (gr->unknown_grade && r->nunknown++ < 10 && !r->cli.quiet) {
		if (c->rec)
			cli_warn("%s:%ld: %.*s: grade '%s' is not one of the grades of %s; graded afresh",
			    c->rec->file, c->rec->line, (int)c->keylen, c->key, gr->prev.s, r->o.rules);
		else
			cli_warn("%.*s: grade '%s' (from %s) is not one of the grades of %s; graded afresh",
			    (int)c->keylen, c->key, gr->prev.s, r->o.history, r->o.rules);
	}
}

/* Standard output is held back until the run is known to be one to
 * commit, when it may yet refuse: with --max-changes, or when the table's
 * customers may turn out to have none of the orders. */
static bool
may_refuse(const struct run *r)
{
	return r->o.max_changes.text != NULL || (!r->o.allow_empty && r->cs.table != NULL);
}

/* Nothing is committed when the run must not change anything: no
 * customers at all (exit 3), or more changes than --max-changes (1). */
static void
refuse_run(struct run *r, struct outfile *out)
{
	const struct tally *t = &r->t;
	/* Orders, but none of any customer in the table: another shop's
	 * export, or ids written another way, would demote everyone. */
	bool unmatched = r->cs.table != NULL && !r->o.allow_empty && t->ncust > 0 &&
	    t->noorders == t->ncust && r->cs.stats.counted > 0 && orderbook_nslots(r->ob) > 0;
	bool too_many = grade_limit_exceeded(&r->o.max_changes, r->nchanged, t->ncust);
	struct strbuf ids = STRBUF_INIT;

	if ((t->ncust > 0 || r->cs.table == NULL) && !too_many && !unmatched)
		return;
	outfile_abort(out);
	if (t->ncust == 0)
		cli_die(CUST_INPUT, "no customers in the customer table%s: nothing graded or written",
		    t->nnoid ? " (every record was rejected)" : "");
	if (unmatched) {
		if (customers_unmatched(&r->cs, &ids))
			cli_warn("%s", ids.s);
		sb_free(&ids);
		cli_die(CUST_FINDINGS, "%s: none of its %llu counted %s is of a customer in the table "
		    "(another export, or ids written another way?): nothing graded, written or appended; "
		    "--allow-empty grades without them", r->o.orders, r->cs.stats.counted,
		    plural(r->cs.stats.counted, "order", "orders"));
	}
	cli_die(CUST_FINDINGS, "%llu of %llu %s would change grade, more than --max-changes %s: "
	    "nothing written or appended", r->nchanged, t->ncust, plural(t->ncust, "customer", "customers"),
	    r->o.max_changes.text);
}

/* Grade every customer and write its record with the grade columns. */
static void
grade_all(struct run *r)
{
	struct writer_opts wo = cli_writer_opts(&r->cli, customers_format(&r->cs));
	const struct header *h = customers_header(&r->cs);
	const char *added[4];
	struct grade_columns gc;
	struct graded gr = {0};
	struct text *gvals[] = {&gr.grade, &gr.prev, &gr.updated, &gr.reason};
	struct customer c;
	struct cust_err err;
	struct outfile out;
	struct writer *w;
	char *add[4];
	size_t addlen[4], i;
	int rc;

	if (outfile_open(&out, r->cli.output, false, &err) < 0 || (may_refuse(r) && outfile_hold(&out, &err) < 0))
		cli_die_err(&err);
	w = writer_new(out.fp, out.name, &wo);
	writer_roles(w, &r->cs.croles);
	grade_columns_find(h, &r->cs.croles, r->cs.grade_named, r->cs.merged, added, &gc);
	addcols_begin(&r->out, w, h, added, 4);
	/* An empty export (no header at all) gives an empty output: a cron
	 * job on it must not fail, nor invent a table. */
	if (h->n > 0)
		addcols_header(&r->out);
	while ((rc = customers_next(&r->cs, &c, &err)) > 0) {
		if (c.keylen == 0) {
			/* Written as it was, its own grade columns too, unless
			 * only changes are. */
			if (tally_no_customer(&r->t, &c, true) && !r->o.changes)
				addcols_row(&r->out, c.field, c.len, NULL, NULL);
			continue;
		}
		grade_customer(r->rules, r->ob, r->hist, r->o.as_of, c.key, c.keylen, c.cust, c.field, c.len,
		    &gc, &gr);
		note_customer(r, &c, &gr);
		if (r->o.changes && !gr.changed)
			continue;
		for (i = 0; i < 4; i++) {
			add[i] = (char *)gvals[i]->s;
			addlen[i] = gvals[i]->len;
		}
		addcols_row(&r->out, c.field, c.len, add, addlen);
	}
	if (rc == 0)
		refuse_run(r, &out);
	/* The history first: if it cannot be written, the output is not
	 * either, and a run again the same day gives the same output. */
	if (rc < 0 || writer_finish(w, &err) < 0 || (r->hist && history_commit(r->hist, &err) < 0) ||
	    outfile_commit(&out, &err) < 0) {
		outfile_abort(&out);
		cli_die_err(&err);
	}
	writer_free(w);
	addcols_end(&r->out);
	graded_free(&gr);
}

/* What the user should know about how the two tables matched. */
static void
report(struct run *r)
{
	size_t unknown = tally_report(&r->t, &r->cs);

	if (r->cli.quiet && r->ndup)
		cli_warn("%llu %s a customer id listed before", r->ndup,
		    plural(r->ndup, "record repeats", "records repeat"));
	else if (r->ndup > 10)
		cli_warn("%llu customer ids in all were listed more than once", r->ndup);
	if (!r->cli.quiet && r->nunknown > 10)
		cli_warn("%llu customers in all had a grade that is not one of the grades", r->nunknown);
	if (!r->cli.quiet && r->nungraded)
		cli_warn("%llu of %llu %s no tier's condition and %s no grade "
		    "(a last tier without \"when\" grades everyone else)", r->nungraded, r->t.ncust,
		    plural(r->nungraded, plural(r->t.ncust, "customer meets", "customers meets"), "customers meet"),
		    plural(r->nungraded, "has", "have"));
	tally_overflows(r->ob);
	if (r->o.strict && (r->t.noorders || unknown))
		r->status = CUST_FINDINGS;
}

int
main(int argc, char **argv)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	cli_init(&r.cli, "cust-grade");
	tally_init(&r.t, &r.cli, "graded", &r.status);
	parse_args(argc, argv, &r.cli, &r.o);
	open_inputs(&r, argc, argv);
	load_orders(&r);
	grade_all(&r);
	report(&r);

	free(r.o.order_cols);
	history_free(r.hist);
	orderbook_free(r.ob);
	grade_rules_free(r.rules);
	customers_close(&r.cs);
	cli_free(&r.cli);
	return r.status;
}
