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
	const char *max_changes;        /* as given, for messages; NULL: no limit */
	double max_count, max_percent;  /* one of them is >= 0 */
};

static const char *const grade_col_names[] = {"grade", "grade_prev", "grade_updated", "grade_reason"};

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

static const char *
as_of_text(int32_t days)
{
	static char buf[16];

	date_format(date_from_days(days), buf);
	return buf;
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

	if (!o->orders_only && strcmp(o->orders, "-") == 0 && optind == argc)
		cli_usage_error("--orders - reads standard input: name the customer table, "
		    "or use --orders-only");
	cli_check_files(argv + optind, (size_t)(argc - optind), o->orders_only ? NULL : "customer table",
	    f, ARRAY_LEN(f));
	if (o->changes && !o->orders_only)
		cli_check_partial_output(cli, argv + optind, (size_t)(argc - optind), "customer table",
		    "--changes writes only the customers whose grade changed");
}

/* --max-changes N or P%, like rsync's --max-delete: a cron job whose
 * orders export failed would otherwise demote everyone. */
static void
parse_max_changes(struct opts *o, const char *arg)
{
	size_t digits = strspn(arg, "0123456789");
	char *end;
	double v;

	o->max_changes = arg;
	o->max_count = o->max_percent = -1;
	if (digits > 0 && digits <= 15 && arg[digits] == '\0') {
		o->max_count = strtod(arg, NULL);
		return;
	}
	v = strtod(arg, &end);
	if (digits > 0 && strcmp(end, "%") == 0 && v <= 100) {
		o->max_percent = v;
		return;
	}
	cli_usage_error("--max-changes %s: expected a number of customers, or a percentage such as 5%%", arg);
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
		case OPT_MAX_CHANGES: parse_max_changes(o, optarg); break;
		}
	}
	if (o->rules == NULL || o->orders == NULL)
		cli_usage_error("--rules FILE and --orders FILE are both needed");
	cli_check_customer_files(o->orders_only, (size_t)(argc - optind), "--orders-only");
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
	unsigned long long ncust, nchanged, noorders, nungraded, nunknown, nunread, nnoid, ndup;
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
	struct writer_opts wo = cli_writer_opts(&r->cli, reader_format(r->cs.orders));
	struct cust_err err;
	struct rejects *rj;

	rj = rejects_open(r->o.rejects, reader_header(r->cs.orders), &wo, stderr, r->cli.prog, 100, &err);
	if (rj == NULL || customers_load_orders(&r->cs, NULL, NULL, r->o.as_of, rj, &err) < 0 ||
	    rejects_close(rj, &err) < 0)
		cli_die_err(&err);
	if (r->cs.stats.read == 0)
		cli_die(CUST_FINDINGS, "%s: no orders (an empty export?): nothing graded or written%s",
		    r->o.orders, r->o.allow_empty ? "" : "; --allow-empty grades without them");
	if (r->cs.stats.read == 1)
		cli_die(CUST_FINDINGS, "%s: the one record is no order: nothing graded or written", r->o.orders);
	cli_die(CUST_FINDINGS, "%s: none of the %llu records is an order: nothing graded or written",
	    r->o.orders, r->cs.stats.read);
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

/* An empty or header-only orders file is a failed export far more often
 * than a month without sales: grading on it would demote everyone, and
 * the history would keep it.  Refuse it, and orders that all fall outside
 * the periods the rules look at, unless --allow-empty says it is meant. */
static void
check_orders(struct run *r)
{
	const struct order_stats *st = &r->cs.stats;

	if (r->o.allow_empty)
		return;
	if (st->read == 0)
		cli_die(CUST_FINDINGS, "%s: no orders (an empty export?): nothing graded or written; "
		    "--allow-empty grades without them", r->o.orders);
	if (orderbook_nslots(r->ob) > 0 && orderbook_in_period(r->ob) == 0 && st->read == 1)
		cli_die(CUST_FINDINGS, "%s: the one order does not fall in the periods the rules look at "
		    "(as of %s): nothing graded or written; --allow-empty grades without them", r->o.orders,
		    as_of_text(r->o.as_of));
	if (orderbook_nslots(r->ob) > 0 && orderbook_in_period(r->ob) == 0)
		cli_die(CUST_FINDINGS, "%s: none of the %llu orders falls in the periods the rules look at "
		    "(as of %s): nothing graded or written; --allow-empty grades without them", r->o.orders,
		    st->read, as_of_text(r->o.as_of));
}

/* Add up every customer's orders in the slots the rules need. */
static void
load_orders(struct run *r)
{
	r->ob = orderbook_new();
	grade_rules_bind(r->rules, r->ob, r->o.as_of);
	if (cli_load_orders(&r->cli, &r->cs, r->ob, &r->rules->statuses, r->o.as_of, r->o.rejects))
		r->status = CUST_FINDINGS;
	check_orders(r);
}

/* What is worth a word about one customer's grading. */
static void
note_customer(struct run *r, const struct customer *c, const struct graded *gr)
{
	r->ncust++;
	r->noorders += !orderbook_counted(r->ob, c->cust);
	r->nchanged += gr->changed;
	r->nungraded += gr->grade.len == 0;
	if (c->rec && c->rec->error) {
		if (!r->cli.quiet)
			cli_warn("%s:%ld: %s (graded as it is)", c->rec->file, c->rec->line, c->rec->error);
		r->nunread++;
		r->status = CUST_FINDINGS;
	}
	if (gr->unknown_grade && r->nunknown++ < 10 && !r->cli.quiet) {
		if (c->rec)
			cli_warn("%s:%ld: %.*s: grade '%s' is not one of the grades of %s; graded afresh",
			    c->rec->file, c->rec->line, (int)c->keylen, c->key, gr->prev.s, r->o.rules);
		else
			cli_warn("%.*s: grade '%s' (from %s) is not one of the grades of %s; graded afresh",
			    (int)c->keylen, c->key, gr->prev.s, r->o.history, r->o.rules);
	}
}

/* A record that is no customer: no id, or no columns at all (JSON that
 * holds no object).  It is not graded and goes to no history; a record
 * with columns is written as it was, so that -o onto the table keeps it. */
static bool
reject_customer(struct run *r, const struct customer *c)
{
	r->status = CUST_FINDINGS;
	if (r->nnoid++ >= 100 || r->cli.quiet)
		;
	else if (c->n == 0)
		cli_warn("%s:%ld: %s", c->rec->file, c->rec->line, c->rec->error ? c->rec->error : "no columns");
	else
		cli_warn("%s:%ld: no customer id: not graded, written as it was", c->rec->file, c->rec->line);
	return c->n > 0 && !r->o.changes;
}

/* An id listed twice is graded twice from the same orders: the table
 * probably holds a copy-paste mistake, which the user should see. */
static void
note_duplicate(struct run *r, const struct customer *c)
{
	if (r->ndup++ < 10 && !r->cli.quiet)
		cli_warn("%s:%ld: customer id %.*s is also on line %ld", c->rec->file, c->rec->line,
		    (int)c->keylen, c->key, c->first_line);
	if (r->o.strict)
		r->status = CUST_FINDINGS;
}

/* Would this run change more grades than --max-changes allows? */
static bool
too_many_changes(const struct run *r)
{
	double limit = r->o.max_count >= 0 ? r->o.max_count : r->o.max_percent / 100 * (double)r->ncust;

	return r->o.max_changes != NULL && (double)r->nchanged > limit;
}

/* Where the records go: the output, or for standard output a spool
 * copied out only once the run is known to be one to commit (the count
 * of changes for --max-changes, some customer's orders found). */
static FILE *
open_output(struct run *r, struct outfile *out, FILE **spool)
{
	struct cust_err err;

	*spool = NULL;
	if (outfile_open(out, r->cli.output, false, &err) < 0)
		cli_die_err(&err);
	if ((r->o.max_changes == NULL && (r->o.allow_empty || r->cs.table == NULL)) || out->path != NULL ||
	    out->direct)
		return out->fp;
	if ((*spool = tmpfile()) == NULL)
		cli_die(CUST_OUTPUT, "cannot make a temporary file for standard output: %s", strerror(errno));
	return *spool;
}

static int
copy_spool(FILE *spool, FILE *to, struct cust_err *err)
{
	char buf[65536];
	size_t n;

	rewind(spool);
	while ((n = fread(buf, 1, sizeof(buf), spool)) > 0)
		if (fwrite(buf, 1, n, to) != n)
			return cust_fail(err, CUST_OUTPUT, "stdout: write error: %s", strerror(errno));
	if (ferror(spool))
		return cust_fail(err, CUST_OUTPUT, "temporary file: read error: %s", strerror(errno));
	fclose(spool);
	return 0;
}

/* Nothing is committed when the run must not change anything: no
 * customers at all (exit 3), or more changes than --max-changes (1). */
static void
refuse_run(struct run *r, struct outfile *out, FILE *spool)
{
	/* Orders, but none of any customer in the table: another shop's
	 * export, or ids written another way, would demote everyone. */
	bool unmatched = r->cs.table != NULL && !r->o.allow_empty && r->ncust > 0 &&
	    r->noorders == r->ncust && r->cs.stats.counted > 0 && orderbook_nslots(r->ob) > 0;

	if ((r->ncust > 0 || r->cs.table == NULL) && !too_many_changes(r) && !unmatched)
		return;
	if (spool)
		fclose(spool);
	outfile_abort(out);
	if (r->ncust == 0)
		cli_die(CUST_INPUT, "no customers in the customer table%s: nothing graded or written",
		    r->nnoid ? " (every record was rejected)" : "");
	if (unmatched) {
		struct strbuf ids = STRBUF_INIT;

		if (customers_unmatched(&r->cs, &ids))
			cli_warn("%s", ids.s);
		sb_free(&ids);
		cli_die(CUST_FINDINGS, "%s: none of its %llu counted %s is of a customer in the table "
		    "(another export, or ids written another way?): nothing graded, written or appended; "
		    "--allow-empty grades without them", r->o.orders, r->cs.stats.counted,
		    plural(r->cs.stats.counted, "order", "orders"));
	}
	cli_die(CUST_FINDINGS, "%llu of %llu %s would change grade, more than --max-changes %s: "
	    "nothing written or appended", r->nchanged, r->ncust, plural(r->ncust, "customer", "customers"),
	    r->o.max_changes);
}

/* Grade every customer and write its record with the grade columns. */
static void
grade_all(struct run *r)
{
	struct writer_opts wo = cli_writer_opts(&r->cli, customers_format(&r->cs));
	const struct header *h = customers_header(&r->cs);
	const char *added[4] = {grade_col_names[0], grade_col_names[1], grade_col_names[2],
	    grade_col_names[3]};
	struct grade_columns gc;
	struct graded gr = {0};
	struct text *gvals[] = {&gr.grade, &gr.prev, &gr.updated, &gr.reason};
	struct customer c;
	struct cust_err err;
	struct outfile out;
	struct writer *w;
	FILE *spool, *fp;
	char *add[4];
	size_t addlen[4], i;
	int rc;

	fp = open_output(r, &out, &spool);
	w = writer_new(fp, out.name, &wo);
	writer_roles(w, &r->cs.croles);
	/* A CRM's own grade column (会员等级, Tier) is the one updated when
	 * there is no "grade", or when --col grade= names it. */
	if (r->cs.croles.col[ROLE_GRADE] >= 0 && (header_find(h, added[0]) < 0 || r->cs.grade_named))
		added[0] = h->names[r->cs.croles.col[ROLE_GRADE]];
	gc.grade = header_find(h, added[0]);
	gc.prev = header_find(h, added[1]);
	gc.updated = header_find(h, added[2]);
	gc.reason = header_find(h, added[3]);
	gc.merged = r->cs.merged;
	addcols_begin(&r->out, w, h, added, 4);
	/* An empty export (no header at all) gives an empty output: a cron
	 * job on it must not fail, nor invent a table. */
	if (h->n > 0)
		addcols_header(&r->out);
	while ((rc = customers_next(&r->cs, &c, &err)) > 0) {
		if (c.keylen == 0) {
			if (!reject_customer(r, &c))
				continue;
			/* Written as it was: its own grade columns, if any. */
			for (i = 0; i < 4; i++) {
				add[i] = r->out.at[i] < c.n ? c.field[r->out.at[i]] : "";
				addlen[i] = r->out.at[i] < c.n ? c.len[r->out.at[i]] : 0;
			}
			addcols_row(&r->out, c.field, c.len, add, addlen);
			continue;
		}
		if (c.first_line)
			note_duplicate(r, &c);
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
		refuse_run(r, &out, spool);
	/* The history first: if it cannot be written, the output is not
	 * either, and a run again the same day gives the same output. */
	if (rc < 0 || writer_finish(w, &err) < 0 || (r->hist && history_commit(r->hist, &err) < 0) ||
	    (spool && copy_spool(spool, out.fp, &err) < 0) || outfile_commit(&out, &err) < 0) {
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
	struct strbuf unmatched = STRBUF_INIT;
	size_t unknown = customers_unmatched(&r->cs, &unmatched);

	if (r->cli.quiet && r->nunread)
		cli_warn("%llu customer %s could not be read whole (graded as %s)", r->nunread,
		    plural(r->nunread, "record", "records"), plural(r->nunread, "it is", "they are"));
	if (!r->cli.quiet && r->noorders)
		cli_warn("%llu of %llu %s no counted orders before the as-of date", r->noorders, r->ncust,
		    plural(r->noorders, plural(r->ncust, "customer has", "customers has"), "customers have"));
	if (!r->cli.quiet && unknown)
		cli_warn("%s", unmatched.s);
	sb_free(&unmatched);
	/* Under -q the records are not named, but how many stays. */
	if (r->cli.quiet && r->nnoid)
		cli_warn("%llu %s no customer id: not graded, written as %s", r->nnoid,
		    plural(r->nnoid, "record had", "records had"), plural(r->nnoid, "it was", "they were"));
	else if (r->nnoid > 100)
		cli_warn("%llu records in all had no customer id", r->nnoid);
	if (r->cli.quiet && r->ndup)
		cli_warn("%llu %s a customer id listed before", r->ndup,
		    plural(r->ndup, "record repeats", "records repeat"));
	else if (r->ndup > 10)
		cli_warn("%llu customer ids in all were listed more than once", r->ndup);
	if (!r->cli.quiet && r->nunknown > 10)
		cli_warn("%llu customers in all had a grade that is not one of the grades", r->nunknown);
	if (!r->cli.quiet && r->nungraded)
		cli_warn("%llu of %llu %s no tier's condition and %s no grade "
		    "(a last tier without \"when\" grades everyone else)", r->nungraded, r->ncust,
		    plural(r->nungraded, plural(r->ncust, "customer meets", "customers meets"), "customers meet"),
		    plural(r->nungraded, "has", "have"));
	if (orderbook_overflows(r->ob))
		cli_warn("%zu %s too large (past " DEC_MAX_TEXT ") and %s as null",
		    orderbook_overflows(r->ob), plural(orderbook_overflows(r->ob), "sum is", "sums are"),
		    plural(orderbook_overflows(r->ob), "counts", "count"));
	if (r->o.strict && (r->noorders || unknown))
		r->status = CUST_FINDINGS;
}

int
main(int argc, char **argv)
{
	struct run r;

	memset(&r, 0, sizeof(r));
	cli_init(&r.cli, "cust-grade");
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
