/* customers.h — the customers of a run, read beside their orders.
 *
 * cust-grade, cust-segment and cust-report read a customer table from files
 * or stdin and an order stream from --orders; with --orders-only the order
 * stream is the only input and the customers are the ids found in it.
 * This module opens both, finds their columns by role, gives rules the
 * columns they name (a header exactly, else a role: `amount` finds 金额),
 * adds every customer's orders up in an orderbook, then hands out the
 * customers one by one with their orderbook index, in input order.
 *
 *   customers_open           both inputs, their roles and key columns
 *   customers_scope          what rule expressions may name
 *   customers_load_orders    add the orders up (slots declared first)
 *   customers_next           each customer with its record and totals
 *
 * A merged customer owns the orders of every id it absorbed (idmap.h):
 * the old ids of --id-map and of the table's merged_ids column are known
 * before the first order is read (the table is read once more for them),
 * so that an order of an old id is its survivor's from the start, for
 * the totals and for every order a program sees itself (orderbook_on_order).
 * An id so absorbed is no customer of its own: a record of it in the
 * table is taken as its survivor.  Such a table read from a pipe is
 * copied as it is read to a temporary file (in TMPDIR, with no name),
 * which then is standard input.
 */
#ifndef CUST_CUSTOMERS_H
#define CUST_CUSTOMERS_H

#include <stdbool.h>
#include <sys/types.h>

#include "expr.h"
#include "hash.h"
#include "idmap.h"
#include "orders.h"
#include "reader.h"
#include "rejects.h"
#include "roles.h"

struct customers_opts {
	const char *orders;             /* the order file, "-" for stdin */
	bool orders_only;               /* no customer table */
	char *const *files;             /* the customer table; none: stdin */
	size_t nfiles;
	char *const *cols;              /* --col ROLE=HEADER for the table */
	size_t ncols;
	char *const *order_cols;        /* --order-col ROLE=HEADER */
	size_t norder_cols;
	struct reader_opts ropts;
	const char *id_map;             /* --id-map FILE: old id -> surviving id */
};

/* Column lookup for expressions: a header exactly, else a role. */
struct column_finder {
	const struct header *h;
	const struct roles *roles;      /* NULL: headers only */
};
/* An expr_lookup over a struct column_finder (ctx). */
long column_find(void *ctx, const char *name, size_t n);

struct customers {
	struct reader *orders;
	struct reader *table;           /* NULL with orders_only */
	struct roles oroles, croles;
	struct order_columns oc;
	struct orderbook *ob;           /* made by customers_load_orders's caller */
	struct idmap *idmap;            /* --id-map, or NULL */
	long merged;                    /* the table's merged_ids column, or -1 */
	bool grade_named;               /* --col grade=HEADER was given */
	struct order_stats stats;
	/* private */
	struct customers_opts opts;
	struct header idheader;         /* "customer_id", with orders_only */
	struct column_finder ofind, cfind;
	struct lookahead la;
	size_t next;                    /* orders_only: the next customer */
	char *idval[1];
	size_t idlen[1];
	struct hash *seen;              /* each id of the table: the line it was first on */
	off_t stdin_at;                 /* where the table on stdin starts, or -1 */
	int copy;                       /* a copy of stdin being made, or 0 */
	int copy_errno;                 /* why none could be made */
};

/* One customer as customers_next gives it. */
struct customer {
	char **field;                   /* its record, or its id alone */
	size_t *len;
	size_t n;
	const char *key;                /* its id as a key (see id_key) */
	size_t keylen;
	long cust;                      /* orderbook index; -1: no order names it */
	const struct record *rec;       /* for file:line; NULL with orders_only */
	long first_line;                /* its id was already on this line; 0: first time */
};

/* Open the orders, then the table (unless orders_only), and find the
 * customer id in both and the order date (and status) in the orders. */
int customers_open(struct customers *cs, const struct customers_opts *o, struct cust_err *err);
void customers_close(struct customers *cs);
/* The table's header, or the single column customer_id with orders_only. */
const struct header *customers_header(const struct customers *cs);
/* The format output defaults to: the table's, else the orders'. */
enum format customers_format(const struct customers *cs);
/* Expressions over this run: customer columns outside aggregates, order
 * columns inside.  Valid while cs is. */
struct expr_scope customers_scope(struct customers *cs);
/* The words conditions are described in: which order columns are the
 * amount, the quantity and the unit price. */
struct expr_words customers_words(const struct customers *cs, bool zh);
/* Read every order into ob, whose slots are all declared; rejected orders
 * go to rj.  Counts are in cs->stats. */
int customers_load_orders(struct customers *cs, struct orderbook *ob, const struct status_filter *sf,
    int32_t as_of, struct rejects *rj, struct cust_err *err);
/* The next customer: 1, 0 at the end, -1 on a read error.  A record with
 * no id (empty, or no id column as in JSON with no object) has keylen 0:
 * it is no customer, and the caller rejects it. */
int customers_next(struct customers *cs, struct customer *c, struct cust_err *err);
/* After every customer was taken (and marked in the order book): how
 * many customer ids of the orders are not in the table, with the
 * sentence that names the first of them ("3 order customer ids are not
 * in the customer table: K099, K100, K123") in out. */
size_t customers_unmatched(const struct customers *cs, struct strbuf *out);
/* Can the customer table be read a second time (files, all regular)?
 * A program that must see every customer before writing any (segment's
 * ranks) then keeps what it learnt, not the records. */
bool customers_rereadable(const struct customers *cs);
/* Read the customer table again from its start (customers_rereadable). */
int customers_rewind(struct customers *cs, struct cust_err *err);

#endif
