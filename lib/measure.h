/* measure.h — an expression measured for each customer over a window of
 * its orders, bound to the order book.
 *
 * Rules (custkit-rules(5)) and segment specs (custkit-segment(5)) both
 * say "this expression, over the last 12 months" or "in each of the last
 * 3 calendar months", with a filter on which order statuses count.  A
 * measure is parsed once, its aggregates are declared as order book slots
 * for an as-of date (measure_bind, before the orders are read), and then
 * evaluated per customer from the customer's totals: nothing is read
 * again and no order is kept.
 *
 * A window ends the day before the as-of date: "1m" with as-of
 * 2024-10-01 covers 2024-09-01 to 2024-09-30.
 */
#ifndef CUST_MEASURE_H
#define CUST_MEASURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "expr.h"
#include "jsonfile.h"
#include "orders.h"

struct window {
	enum { W_ALL, W_DAYS, W_MONTHS } kind;
	int n;
};

/* Parse "30d", "3m", "12m", "1y", "all"; -1 on error. */
int window_parse(const char *s, struct window *w);
/* The days a window covers as of a date. */
struct dayrange window_days(struct window w, int32_t as_of);
/* The k-th complete calendar month before the as-of date (k from 1). */
struct dayrange month_days(int32_t as_of, int k);
/* A window from a configuration value at place where: 0, or -1 with
 * jf's error. */
int window_load(const struct jsonfile *jf, json_t *v, const char *where, struct window *w);

/* Which order statuses count, from "all", {"count": [...]} or
 * {"exclude": [...]} (at place "statuses"): 0, or -1 with jf's error.
 * Free with statuses_free. */
int statuses_load(const struct jsonfile *jf, json_t *v, struct status_filter *sf);
void statuses_free(struct status_filter *sf);

struct measure {
	struct expr *expr;          /* NULL: nothing to measure (always holds) */
	char *src;                  /* as the file wrote it */
	struct window window;
	int each_month;             /* 0: over the window */
	const struct agg_call **calls;
	size_t ncalls;
	size_t *slots;              /* ncalls per month (or one set) */
};

/* Parse src (a customer expression in scope) into m, whose window and
 * each_month the caller sets: 0, or -1 with "PATH: where: column N: …". */
int measure_parse(struct measure *m, const struct jsonfile *jf, const char *where, const char *src,
    const struct expr_scope *scope);
void measure_free(struct measure *m);
/* Declare the order book slots m needs as of a date. */
void measure_bind(struct measure *m, struct orderbook *ob, int32_t as_of);
/* Does m hold for customer cust (orderbook index, -1: no orders) whose
 * record is row (may be NULL): over its window, or in every month?
 * aggs has room for m->ncalls values. */
bool measure_holds(const struct measure *m, const struct orderbook *ob, long cust, char *const *row,
    const size_t *rowlen, struct xval *aggs);
/* The value of m (over its window) for a customer; strings point into
 * row or into the expression. */
struct xval measure_value(const struct measure *m, const struct orderbook *ob, long cust,
    char *const *row, const size_t *rowlen, struct xval *aggs);

#endif
