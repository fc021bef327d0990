/* expr.h — the expression language of rules, specs and reports.
 *
 *   sum(amount) > 500 && count() >= 3
 *   sum(Quantity * UnitPrice) >= 50000
 *   recency() <= 30 || `客户等级` == '贵宾'
 *
 * Numbers are exact decimals (int64 with 6 decimal places), never double,
 * so 345.79 + 145.29 + 8.92 is exactly 500.  An expression is parsed once,
 * with positioned errors, into a tree that is evaluated without re-parsing.
 *
 * Two kinds of expression:
 *   - row expressions see one record's columns (an order line);
 *   - customer expressions may also call aggregates over the customer's
 *     orders: sum(x), count(), count(x), avg(x), min(x), max(x),
 *     distinct(x), recency(), tenure(), where x is a row expression over
 *     the order's columns.  Aggregates do not nest.  Outside aggregates a
 *     customer expression sees the customer record's columns.
 * The aggregates are computed elsewhere (orders module) and handed to
 * expr_eval() as an array indexed by each aggregate call's slot.
 */
#ifndef CUST_EXPR_H
#define CUST_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

#define DEC_SCALE 1000000LL   /* decimal places: 6 */
#define DEC_MAX_TEXT "9223372036854.775807"   /* the largest number */

enum xtype { X_NULL, X_NUM, X_STR, X_BOOL };

struct xval {
	enum xtype type;
	int64_t num;            /* X_NUM: value * DEC_SCALE; X_BOOL: 0 or 1;
	                           X_NULL: X_NOT_NUMBER or 0 */
	const char *str;        /* X_STR: not NUL-terminated */
	size_t len;
};

/* A null that arithmetic gave because an operand was text that reads as
 * no number ('abc' * 2, abs('n/a')), where an empty operand gives a plain
 * null: a report counts the one as a value that is not a number, and
 * leaves the other out as no value.  Any null is null to everything else. */
#define X_NOT_NUMBER 1

enum agg_fn { AGG_SUM, AGG_COUNT, AGG_COUNT_X, AGG_AVG, AGG_MIN, AGG_MAX, AGG_DISTINCT,
	AGG_RECENCY, AGG_TENURE };

struct expr;

/* An aggregate call inside a customer expression. */
struct agg_call {
	enum agg_fn fn;
	const struct expr *arg; /* row expression over order columns; NULL for
	                           count(), recency(), tenure() */
	size_t slot;            /* index into the values given to expr_eval */
};

/* Column lookup: returns the column index for name[0..len), or -1. */
typedef long (*expr_lookup)(void *ctx, const char *name, size_t len);

struct expr_scope {
	expr_lookup row;        /* columns of the row (customer expressions:
	                           the customer record); NULL: none allowed */
	void *row_ctx;
	expr_lookup order;      /* columns of an order (inside aggregates);
	                           NULL: aggregates not allowed (row expression) */
	void *order_ctx;
};

/* Every name is a column (index 0), in rows and orders alike: for a
 * configuration file checked before the data is open. */
extern const struct expr_scope expr_any_columns;

/* Parse src.  On error returns NULL with err->msg "column N: what was
 * expected" (N counts characters from 1) and status CUST_USAGE. */
struct expr *expr_parse(const char *src, const struct expr_scope *scope, struct cust_err *err);
void expr_free(struct expr *e);

/* The aggregate calls of a customer expression, in order of appearance;
 * slots are numbered from first_slot so several expressions can share one
 * value array.  Returns the number of calls. */
size_t expr_aggregates(struct expr *e, size_t first_slot, const struct agg_call ***calls);

/* Call fn for every order column read inside an aggregate; numeric tells
 * whether it is used as a number (sum, avg, min, max, arithmetic). */
void expr_order_columns(const struct expr *e, void (*fn)(void *ctx, long col, bool numeric), void *ctx);

/* What an expression gives whatever its inputs: X_NUM (arithmetic,
 * aggregates), X_STR, X_BOOL (comparisons, && || !), or X_NULL when that
 * depends on the data (a column, coalesce(), if()).  Loaders use it to
 * refuse a condition that is a number, such as "sum(amount)". */
enum xtype expr_result_type(const struct expr *e);

/* The expression as the language writes it, canonically spaced and
 * parenthesised: parse(print(e)) computes what e does.  Appends to out. */
void expr_print(const struct expr *e, struct strbuf *out);

/* Words for expr_describe: the language, and which order columns are the
 * amount, the quantity and the unit price (-1: none), so that sum(amount)
 * and sum(Quantity * UnitPrice) both read as spend. */
struct expr_words {
	bool zh;
	long amount, quantity, price;
};
/* A condition in words a customer could be shown: "spend over 500 and at
 * least 3 orders", "消费金额超过500且订单数达到3".  What has no words of
 * its own (arithmetic, functions, columns) is printed as the language
 * writes it.  Appends to out. */
void expr_describe(const struct expr *e, const struct expr_words *w, struct strbuf *out);

/* Is x an amount of money: the amount column, the unit price, or
 * quantity * price (the columns w names)?  Reports print money so. */
bool expr_is_money(const struct expr *x, const struct expr_words *w);

/* Do two expressions compute the same thing (same tree)? */
bool expr_same(const struct expr *a, const struct expr *b);

/* Evaluate.  row: the values of the row's columns as strings (row[i],
 * rowlen[i]); aggs: the aggregate values by slot (NULL for a row
 * expression).  Strings in the result point into row or into the
 * expression itself. */
struct xval expr_eval(const struct expr *e, char *const *row, const size_t *rowlen,
    const struct xval *aggs);
/* Truth of a value: non-zero number, non-empty string, true; NULL is false. */
bool xval_truthy(struct xval v);
/* A value as a number, if it is one or a string that reads as one. */
bool xval_number(struct xval v, int64_t *out);
/* The column e is, when it is a column and nothing more; else -1. */
long expr_column(const struct expr *e);
/* Only numbers, columns and + - * /: such an expression keeps no state of
 * its own and may be evaluated in any thread. */
bool expr_arithmetic(const struct expr *e);

/* Decimal helpers. */
/* 0 ok, -1 not a number, -2 a number too large (past DEC_MAX_TEXT). */
int dec_parse(const char *s, size_t len, int64_t *out);
size_t dec_format(int64_t v, char *buf);                   /* buf >= 32; trims zeros */
/* Money: v to the cent, half away from zero, with exactly two places
 * (642.25, 1000.00, -0.01).  buf >= 32. */
size_t dec_format_money(int64_t v, char *buf);

#endif
