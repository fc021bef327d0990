/* report.h — cust-report's engine: groups, aggregates, trends, quality.
 *
 * A report is a definition (the --by columns, the metrics, the trend
 * period) and the state it accumulates: one entry per group (and per
 * group and period) and, for the trend, per customer the periods it
 * bought in (a bitset per group it bought in), never one per input
 * record, except the values an exact median or quantile needs and, for
 * groups of customers measured over their orders, one compact entry per
 * order until each customer's group is known.
 *
 * Metrics are "[NAME=]FN(X)" with FN one of count, sum, avg, min, max,
 * median, quantile (quantile(X, Q), 0 <= Q <= 1), distinct: X is an
 * expression of expr.h's language over one record (a customer's columns,
 * or with orders an order's), parsed by expr_parse.  Numbers are exact
 * decimals (6 places): sums, min and max are exact; avg is rounded half
 * away from zero at the sixth place (of money: to the cent, as people read
 * an average; its sum and count stay exact).  Medians and quantiles are
 * exact: they interpolate linearly between the two nearest values (as
 * DuckDB's quantile_cont and median do), which takes at most 12 places
 * (a quantile has 6, the values 6), all of them kept.  A value that is not
 * a number in a numeric metric, or an operand of its arithmetic that is
 * not (avg(amount * 2) of "abc"), is counted in the metric's "not numeric"
 * count and left out, never taken as zero; an empty value is no value.
 *
 * The results are tables (struct rtable) that report_out.c renders; the
 * module never prints.
 */
#ifndef CUST_REPORT_H
#define CUST_REPORT_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "expr.h"
#include "record.h"
#include "util.h"

enum report_fn { RF_COUNT, RF_SUM, RF_AVG, RF_MIN, RF_MAX, RF_MEDIAN, RF_QUANTILE, RF_DISTINCT };

struct report_metric {
	char *name;             /* as given, or the expression as written */
	char *src;              /* the whole metric as given */
	enum report_fn fn;
	struct expr *arg;       /* NULL for count() */
	int64_t q;              /* quantile, times DEC_SCALE */
	bool money;             /* its values are amounts of money (RC_MONEY) */
};

enum trend_period { TREND_NONE, TREND_WEEK, TREND_MONTH, TREND_QUARTER };

/* What a cell of a table holds, for typed output (JSON numbers, xlsx).
 * RC_NUM is an exact decimal with its trailing zeros trimmed (4.5,
 * 0.0000025); RC_MONEY an amount of money, to the cent with exactly two
 * places (642.25, 1000.00): revenue, spend, average order, and the
 * metrics sum, avg, min and max of an amount (report_money);
 * RC_MONEY_EXACT an amount of money as exact as it is, which may be
 * finer than a cent: two places, and more when the value has more
 * (231.70, 10.005, 10.0025): the median and quantiles of an amount. */
enum rcol_kind { RC_TEXT, RC_INT, RC_NUM, RC_SHARE, RC_MONEY, RC_MONEY_EXACT };

/* One table of the report.  Cells are owned; NULL is no value. */
struct rtable {
	char *section;          /* "groups", "crosstab", "trend", ...: stable */
	char *title;
	size_t ncols, nrows;
	char **cols;
	enum rcol_kind *kinds;
	bool *data;             /* per column: its header is the data's (a --by
	                           column, a metric, a grade), shown as it is;
	                           else one of the report's words (count, share),
	                           which people read in their language */
	char **cells;           /* nrows * ncols */
	long bar;               /* the column a chart shows, or -1 */
	long label;             /* the column that names a bar, or -1 */
};

struct report;

/* An empty report: nby group columns (0, 1 or 2, named as the user gave
 * them), grouping orders (order columns) or customers. */
struct report *report_new(void);
void report_free(struct report *r);
/* Add a metric parsed in scope (row expressions: scope->order NULL).
 * CUST_USAGE with "--metric TEXT: what is wrong" on error. */
int report_add_metric(struct report *r, const char *text, const struct expr_scope *scope,
    struct cust_err *err);
size_t report_nmetrics(const struct report *r);
const struct report_metric *report_metric(const struct report *r, size_t i);
/* Mark the metrics that are money: sum, avg, min, max, median and
 * quantile of what expr_is_money says is money under w. */
void report_money(struct report *r, const struct expr_words *w);
/* Mark metric i as money (a merged report: as its partials say). */
void report_set_money(struct report *r, size_t i);
/* Values of metric i left out in all groups for not being numbers. */
unsigned long long report_not_numeric(const struct report *r, size_t i);
/* The first metric of metric i's argument (sum(金额), median(金额)): i
 * itself when none before has it.  Metrics of one argument read the same
 * values, so one value that is no number is one finding, not one a metric. */
size_t report_metric_arg(const struct report *r, size_t i);
/* The group columns: their indexes in the records grouped. */
void report_group_by(struct report *r, const long *cols, char *const *names, size_t n);
/* Trend by period; amount: what an order line adds to the revenue
 * (order_amount; NULL: none), which must outlive r. */
void report_trend(struct report *r, enum trend_period p, const struct expr *amount);

/* Accounting.  A group is found from a record's group columns. */
long report_group(struct report *r, char *const *row, const size_t *len);
/* One customer (or order, when orders are grouped) in group g, whose
 * metrics are measured over its own columns. */
void report_add_row(struct report *r, long g, char *const *row, const size_t *len);
/* Only counted in group g (its metrics come from elsewhere). */
void report_count(struct report *r, long g);
/* An order line of customer cust (any index) on day: measured now into
 * group g (g >= 0), or kept until report_customer_group says its group.
 * It is not counted: groups of orders count each with report_count.
 * order: the key of the order it is a line of (report_order_key), 0 when
 * the line is an order of its own.  The trend counts orders, not lines:
 * an order at its first line, once in each group it has lines in.  The
 * lines of one order must come one after another among its customer's
 * (as in every export: other customers' lines may come between); a key
 * met again after another order of the customer is another order. */
void report_add_order(struct report *r, long g, size_t cust, int32_t day, uint64_t order,
    char *const *row, const size_t *len);
/* The key of an order id (trimmed), never 0; 0 for an empty id. */
uint64_t report_order_key(const char *s, size_t n);
/* Customer cust's order comes soon (orderbook_on_ahead): start loading
 * what the trend holds of it.  A hint only. */
void report_customer_ahead(const struct report *r, size_t cust, bool near);
void report_customer_group(struct report *r, size_t cust, long g);
/* Put the kept orders into their customers' groups.  Those of customers
 * without one stay kept: a partial state carries them to the part whose
 * table has their customer. */
void report_settle(struct report *r);
/* The customers are the ids of the orders (--orders-only): a partial
 * state's counts are of its members, which other parts may share, and
 * merging counts each once. */
void report_count_members(struct report *r);
/* Orders report_settle found no group for. */
size_t report_unplaced(const struct report *r);
/* The customer of id (a key, as id_key makes it) is in group g: for a
 * partial state, so that its orders in other parts find their group. */
void report_member(struct report *r, const char *id, size_t len, long g);
/* Data quality: a record's completeness, and its _errors column (-1: none). */
void report_quality(struct report *r, const struct header *h, char *const *row, const size_t *len,
    long errors_col);

/* The grade migration of cust-grade's history file (customer_id, date,
 * from, to, reason) over the changes dated in [since, until): the
 * tables "migration" (customers by their grade before the first change
 * and after the last one; no grade before is "(none)") and "moves"
 * (changes per month: promotions and demotions when both grades are
 * among grades, which are ranked low to high; new grades; other).
 * Grades the rules do not rank follow theirs, by the day first met,
 * then by name.  The state is per customer (its first and last change)
 * and per month, never per row. */
struct migration;
struct migration *migration_new(char *const *grades, size_t ngrades, int32_t since, int32_t until);
void migration_free(struct migration *h);
/* Count only the changes of the customers whose id keys (id_key) are in
 * ids (those of the customer table: each shard of a sharded run counts
 * its own customers' changes of the one history file, so that the merge
 * does not count them once per shard); ids outlives h.  Not called: all. */
struct hash;
void migration_only(struct migration *h, const struct hash *ids);
/* CUST_INPUT on a file that is not a history or a row without a date. */
int migration_read(struct migration *h, const char *path, struct cust_err *err);
/* The tables "migration" and "moves" into r. */
void migration_tables(struct migration *h, struct report *r);

/* Customers at risk, from their orders (all of them, counted or not):
 * each with its reasons in words, ranked by how many reasons, then
 * spend.  The reasons and their thresholds (cust-report(1) documents
 * the defaults):
 *   paid late          an order paid after its due date
 *   unpaid past due    an order with a due date before the as-of date,
 *                      no paid date (when the orders have the column)
 *   cancellations      more than cancel of the orders (of at least
 *                      min_orders) are not counted (cancelled, refunded)
 *   gone quiet         among the top share by spend, paid orders on 2
 *                      days or more, and no order for more than quiet
 *                      times the customer's average gap between paid
 *                      orders and at least quiet_days (orders all of one
 *                      day have no usual gap) */
struct risk_opts {
	int32_t as_of;
	double cancel;          /* 0.3 */
	unsigned min_orders;    /* 3 */
	double top;             /* 0.2: the most valuable fifth */
	double quiet;           /* 3 */
	int quiet_days;         /* 30 */
	bool zh;
};
/* The defaults above. */
struct risk_opts risk_opts_default(void);
/* Set the threshold of option opt ("risk-cancel", "risk-min-orders",
 * "risk-top", "risk-quiet", "risk-quiet-days") from its argument:
 * CUST_USAGE "--risk-top 0: expected a share above 0, up to 1, such as
 * 0.2" for a value out of its range, or another option. */
int risk_opt(struct risk_opts *o, const char *opt, const char *arg, struct cust_err *err);
struct risk;
struct orderbook;
/* amount: what an order line adds to the spend (order_amount; NULL:
 * none), which must outlive k. */
struct risk *risk_new(const struct risk_opts *o, long due_col, long paid_col, const struct expr *amount);
void risk_free(struct risk *k);
/* The customer table's name and phone columns, by their headers (NULL:
 * the table has none): the risk table shows them after the id, so that
 * a manager can call.  Not called: no such columns. */
void risk_contact_columns(struct risk *k, const char *name, const char *phone);
/* The name and phone of the customer of id (a key, as id_key makes it),
 * any customer of the table: a partial state carries them all, for the
 * part that has the customer's orders.  The first given is kept. */
void risk_contact(struct risk *k, const char *id, size_t idlen, const char *name, size_t nlen,
    const char *phone, size_t plen);
/* Both from the customer table of cs (customers.h): risk_contact_columns
 * from its roles (not with --orders-only: the ids have no name), and
 * risk_contact of one of its customers. */
struct customers;
struct customer;
void risk_contact_table(struct risk *k, const struct customers *cs);
void risk_contact_of(struct risk *k, const struct customers *cs, const struct customer *c);
/* An order line of customer cust on day, of order (report_order_key; 0:
 * a line that is an order of its own, as report_add_order says); counts:
 * its status counts (paid).  An order counts once in the orders, the
 * cancelled, paid, late and unpaid counts; the usual gap is between
 * paid orders, without order keys between the days with paid orders
 * (a customer's orders of one day, one after another, are one). */
void risk_order(struct risk *k, size_t cust, int32_t day, uint64_t order, char *const *row,
    const size_t *rowlen, bool counts);
/* The table "risk" (customer_id, orders, spend, reasons) into r; ties
 * ranked by id.  ob: the order book the customers' indexes are of (NULL
 * after risk_merge). */
void risk_table(struct risk *k, struct report *r, const struct orderbook *ob);

/* The mergeable state of a report: what --partial writes and --merge
 * reads, so that merged partials give exactly the report of the whole
 * input, however the orders were split by rows (a customer's orders in
 * several parts, the parts in any date order) and the customers.  The
 * caller adds
 * the definition that must match.  What the state holds:
 *   groups   per group: the count, and per metric the value count, the
 *            exact sum as decimal text, min, max, the not-numeric count,
 *            every value of a median or quantile (exact, not estimated:
 *            these grow with the values)
 *   distinct the value keys distinct() met, per metric and group
 *   members  with groups of customers, the id and group of each
 *            customer of the part's table (with --orders-only, of its
 *            orders: a customer several parts name counts once); the
 *            orders of customers in no group of this part (id, day,
 *            amount, each metric's value), which merging puts where
 *            their customer is
 *   quality  per column the filled count; the error counts by kind
 *   trend    per group and period the orders and exact revenue; per
 *            customer (by id) its orders and, per group, the periods it
 *            bought in (new, returning, lapsed and repeat need them)
 *   risk     per customer (by id) with orders: orders, cancelled, paid,
 *            late and unpaid counts, the latest payment's delay, the
 *            first and last paid day, exact spend and amount owed,
 *            paid orders (or days) for the usual gap; with a customer
 *            table of names or phones, the name and phone of each of
 *            its customers (by id)
 *   history  per customer its first change (day, from) and last (day,
 *            to) in the period; per month the promotions, demotions,
 *            new and other changes; the grades the rules do not rank,
 *            with the day first met
 * The state is written as it is walked (jsonw.h) and read as it streams
 * (jsonpull.h), so that neither side holds more than the report's own
 * state: a state is read in the order it is written (the groups first:
 * what follows names them by their place), and errors are the reader's
 * (FILE: what, CUST_INPUT).
 * ob: the order book the customers' indexes are of (NULL: no orders). */
struct jw;
struct jpull;
void report_partial(const struct report *r, const struct orderbook *ob, struct jw *w);
/* Add a partial state to r, defined as the partial's report was (with
 * report_trend when it has a trend); report_settle once all are in.
 * The quality header, when the state has one, is built in qh (the
 * caller frees its names after r). */
int report_merge(struct report *r, struct jpull *p, struct header *qh);
void risk_partial(const struct risk *k, const struct orderbook *ob, struct jw *w);
int risk_merge(struct risk *k, struct jpull *p);
void migration_partial(const struct migration *h, struct jw *w);
/* Merged in file order, a customer's same-day changes fall as in the
 * whole file. */
int migration_merge(struct migration *h, struct jpull *p);
/* A decimal as exact text in a state, and back. */
json_t *report_json_dec(int64_t v);
int64_t report_dec_of(json_t *j);

/* The tables, in order: groups, crosstab, metric problems, trend,
 * cohort, quality.  Valid until report_free. */
const struct rtable *report_tables(struct report *r, size_t *n);
/* Add a table made elsewhere (migration, risk); r takes it. */
struct rtable *report_table_new(struct report *r, const char *section, const char *title,
    char *const *cols, const enum rcol_kind *kinds, size_t ncols);
void rtable_row(struct rtable *t, char *const *cells);

/* Period helpers, exposed for tests. */
int32_t trend_period_of(enum trend_period p, int32_t day);
void trend_period_label(enum trend_period p, int32_t idx, char *buf);   /* buf >= 16 */
/* An exact quantile: x + sub / DEC_SCALE millionths, 0 <= sub <
 * DEC_SCALE (x is the floor), so twelve decimal places in all: what a
 * value between two of 6 places, at a fraction of 6 places, can need. */
struct report_exact {
	int64_t x;
	int64_t sub;
};
/* The q-quantile (q times DEC_SCALE) of n values in any order, n > 0,
 * interpolated, exactly; v is reordered (selection, not a sort: linear
 * time). */
struct report_exact report_quantile(int64_t *v, size_t n, int64_t q);
/* e as decimal text with its trailing zeros trimmed, but at least
 * min_places places (money: 2); buf >= 32.  Returns the length. */
size_t report_exact_format(struct report_exact e, int min_places, char *buf);

#endif
