/* report_cols.h — the columns cust-report's options name, found in its
 * two tables: the customers' and, with --orders, the orders'.
 *
 * --by names one or two columns, by header or by role (as --col names
 * them: `city` finds 城市), looked up first among the customers' columns,
 * then the orders': columns of the customers group customers, columns
 * only the orders have group orders.  One group is of one kind, so a
 * pair that mixes the kinds is refused, saying why and what to do.  A
 * name found in neither table is refused too; the caller then adds the
 * list of the columns there are (report_columns_list), which a message
 * of fixed length could cut.  The headers found are the data's (the
 * role `city` is headed 城市), and so is the language they are in.
 * Nothing here prints: errors fill struct cust_err (CUST_USAGE).
 */
#ifndef CUST_REPORT_COLS_H
#define CUST_REPORT_COLS_H

#include <stdbool.h>

#include "customers.h"
#include "record.h"
#include "util.h"

/* The two tables' columns, as expressions find them: customers NULL when
 * the customers have no columns of their own (--orders-only), orders
 * NULL without --orders. */
struct report_columns {
	const struct column_finder *customers, *orders;
};

/* The --by columns found. */
struct report_by {
	long cols[2];           /* in the customers' or the orders' records */
	char *names[2];         /* their headers, as the data has them */
	size_t n;               /* 0 (no --by), 1 or 2 */
	bool orders;            /* the groups are of orders */
	const char *missing;    /* on error: the name found in neither table */
	char *copy;             /* private: --by cut into names */
};

/* Find the columns of by ("城市" or "城市,品类"; NULL: none).  -1 on a
 * third column, a pair of a customer's and an order's column, or a name
 * no table has (then b->missing names it). */
int report_by_find(const char *by, const struct report_columns *c, struct report_by *b, struct cust_err *err);
/* After the last use of b->missing (the names are the headers'). */
void report_by_free(struct report_by *b);
/* "; the customers have: 客户编号, 姓名, 城市; the orders have: ..."
 * into sb: the columns a --by or a metric may name (orders_only: only
 * the orders', as for the metrics over orders). */
void report_columns_list(const struct report_columns *c, bool orders_only, struct strbuf *sb);
/* Is any of h's headers other than ASCII?  Then the data is taken as
 * Chinese (the report's titles follow it unless --lang says). */
bool report_header_zh(const struct header *h);

#endif
