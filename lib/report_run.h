/* report_run.h — one cust-report run, apart from its command line.
 *
 * cmd/cust-report.c parses the options into struct report_opts and
 * writes the report; everything between is here, in the order a run
 * takes it:
 *
 *   report_opts_check     the options that do not go together (usage)
 *   report_run_open       the customer table, or it and the orders
 *   report_run_define     the metrics, the --by groups, the trend, the
 *                         language of the data
 *   (then the caller reads the orders into r->ob, each into the report
 *   and the risk: cmd/cust-report.c's load_orders)
 *   report_run_customers  each customer into its group; its contact for
 *                         --risk; the history's ids for --partial
 *   report_run_history    --history's migration (with --rules' grades)
 *   report_run_partial    --partial's state
 *   report_run_merge      instead of all the above: --merge's states
 *
 * Nothing here prints: errors fill struct cust_err and return -1;
 * warnings go to r->warn, WARN_DETAIL for what -q hides (a record read
 * only in part, orders in no group, customers with no id, no amount
 * column), WARN_INPUT for what it keeps (values that are no numbers,
 * which also make the run's status CUST_FINDINGS).
 */
#ifndef CUST_REPORT_RUN_H
#define CUST_REPORT_RUN_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "customers.h"
#include "grade.h"
#include "report.h"
#include "report_cols.h"
#include "report_out.h"
#include "report_partial.h"

/* The command line's report, as parsed. */
struct report_opts {
	const char *orders, *rejects, *by, *history, *rules, *partial, *amount;
	bool merge;
	int32_t since;                  /* INT32_MIN: all */
	char **metrics, **order_cols, **cols;   /* --metric, --order-col, --col */
	size_t nmetrics, norder_cols, ncols;
	int32_t as_of;
	bool orders_only, quality, risk;
	bool risk_tuned;                /* a --risk-* option was given */
	struct risk_opts ko;
	enum trend_period trend;
	int lang;                       /* -1 from the data, 0 en, 1 zh */
	enum report_format format;      /* what the report is written as */
};

/* CUST_USAGE with the message when options do not go together (--merge
 * with a definition, --risk without --orders, ...). */
int report_opts_check(const struct report_opts *o, size_t nfiles, struct cust_err *err);

/* What a run holds.  The caller zeroes it and sets o, warn, warn_ctx;
 * o's strings and lists stay the caller's and must outlive the run. */
struct report_run {
	struct report_opts o;
	warn_fn *warn;
	void *warn_ctx;
	struct customers cs;            /* with --orders */
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
	struct hash *table_ids;         /* --history with --partial: the table's customers */
	struct report_merged merged;    /* --merge's */
	struct header qh;               /* --merge's quality header */
	bool by_orders;                 /* the groups are of orders */
	json_t *byheads;                /* the --by columns' headers, as the data has them */
	bool zh;
	long errors_col;
	unsigned long long nunread, nnoid;
	int status;                     /* 0, or CUST_FINDINGS */
	/* after report_run_define fails: the message wants the columns there
	 * are listed (report_columns_list; REPORT_LIST_ORDERS: the orders'
	 * alone), or a hint to --help (a usage error of --by) */
	enum { REPORT_LIST_NONE, REPORT_LIST_ALL, REPORT_LIST_ORDERS, REPORT_USAGE_HINT } why;
};

/* The customer table of files (none: standard input), with --orders the
 * orders too; ro: how to read them. */
int report_run_open(struct report_run *r, char *const *files, size_t nfiles, struct reader_opts ro,
    struct cust_err *err);
/* The metrics (over the orders when there are some), the groups; on
 * error r->why says what the message wants added. */
int report_run_define(struct report_run *r, struct cust_err *err);
/* Each customer into its group (with --orders, once the orders are in:
 * their kept orders go to it), a record read only in part as it is. */
int report_run_customers(struct report_run *r, struct cust_err *err);
int report_run_history(struct report_run *r, struct cust_err *err);
int report_run_partial(struct report_run *r, struct cust_err *err);
/* The report of the partial states in paths: defined by the first,
 * refusing any of another definition; o.by, o.orders ("" or NULL) and
 * o.as_of become the whole run's, for the page's subtitle. */
int report_run_merge(struct report_run *r, char *const *paths, size_t n, struct cust_err *err);
void report_run_free(struct report_run *r);

#endif
