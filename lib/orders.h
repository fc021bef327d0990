/* orders.h — per-customer aggregates of an order stream.
 *
 * An order book holds, for every customer id seen in the orders, one
 * 8-byte cell per slot (two for avg).  A slot is an aggregate (sum,
 * count, …) of a row expression over the orders whose date falls in a day
 * range: the last 12 months, one calendar month, all time before the
 * as-of date.  Identical slots are shared, so rules that say sum(amount)
 * over the same window cost one cell.  Memory is O(customers × slots);
 * orders are not kept.
 */
#ifndef CUST_ORDERS_H
#define CUST_ORDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "expr.h"
#include "record.h"
#include "roles.h"          /* id_key */

struct idmap;
struct orderbook;
struct reader;

/* Days since 1970-01-01, inclusive bounds. */
struct dayrange {
	int32_t from, to;
};

/* Empty; the slots say the periods, orders_load the as-of date. */
struct orderbook *orderbook_new(void);
void orderbook_free(struct orderbook *ob);
/* The slot for fn(arg) over days, shared with an identical one. */
size_t orderbook_slot(struct orderbook *ob, enum agg_fn fn, const struct expr *arg, struct dayrange days);
size_t orderbook_nslots(const struct orderbook *ob);
/* Orders added that fall in the days of some slot: none, when slots
 * exist, means the rules see no order at all (a stale export). */
unsigned long long orderbook_in_period(const struct orderbook *ob);
/* Account one order of customer id (normalised) on day, whose columns
 * are row/rowlen.  Slots must all be declared before the first order. */
void orderbook_add(struct orderbook *ob, const char *id, size_t idlen, int32_t day,
    char *const *row, const size_t *rowlen);
/* Have fn called with every order counted, with its customer's index,
 * day and columns, for what the slots cannot hold (a customer's
 * favourite category, the values of an exact median, the periods a
 * customer bought in).  fn runs in the caller's thread, in input order. */
typedef void (*order_fn)(void *ctx, size_t cust, int32_t day, char *const *row, const size_t *rowlen);
void orderbook_on_order(struct orderbook *ob, order_fn fn, void *ctx);
/* What fn needs of an order is the order alone (groups of orders, no
 * customer state): orders_load then keeps no customers, finds none and
 * passes ORDERBOOK_NO_CUSTOMER; an order with no customer id is still
 * rejected.  Before orders_load. */
#define ORDERBOOK_NO_CUSTOMER SIZE_MAX
void orderbook_orders_alone(struct orderbook *ob);
/* Have fn told of the customer of an order some way ahead, twice: far
 * (near false), then half as far (near true), so that it can start
 * loading its own state of that customer in steps.  A hint only: fn may
 * be told of a customer whose order does not count. */
typedef void (*ahead_fn)(void *ctx, size_t cust, bool near);
void orderbook_on_ahead(struct orderbook *ob, ahead_fn fn, void *ctx);
/* Index of a customer, or -1 if no order names it.  A customer whose
 * orders were all left out (not paid, after the as-of date, rejected for
 * a bad date or number) has an index and no counted orders. */
long orderbook_find(const struct orderbook *ob, const char *id, size_t idlen);

/* Customers are scattered through a file and their state outgrows the
 * cache.  Reading a file of customer ids (orders, or the customer table),
 * have the reader thread work out each record's id (orderbook_prepare_id
 * as its reader_prepare, or a preparation whose output starts with a
 * struct id_prep), and call orderbook_look_ahead after each reader_next:
 * for a record some way ahead it asks for the hash slot of its customer;
 * nearer, once the slot is in, it looks the customer up and asks for its
 * totals.  orderbook_customer then finds the record's customer in what
 * was learnt.  Zero-initialise struct lookahead. */
struct id_prep {
	uint64_t hv;                /* hash_bytes() of the id key */
	uint32_t off, len;          /* the id key: these bytes of the id field */
};
/* A reader_prepare_fn; ctx points to the id column, a long. */
void orderbook_prepare_id(const struct record *rec, void *out, void *ctx);

#define LOOKAHEAD_RING 64
struct lookahead_entry {
	unsigned long long seq;     /* the record this entry is for */
	long cust;                  /* its customer, or -1 */
	bool looked;                /* cust is the answer of a lookup */
};
struct lookahead {
	unsigned long long seq;     /* records taken */
	struct lookahead_entry ring[LOOKAHEAD_RING];
};
void orderbook_look_ahead(struct orderbook *ob, struct reader *r, long idcol, struct lookahead *la);
/* The customer of the record just taken, whose id key is key, as p says:
 * added if it is new and add is set, else -1 when it has no orders. */
long orderbook_customer(struct orderbook *ob, struct lookahead *la, const char *key,
    const struct id_prep *p, bool add);
size_t orderbook_customers(const struct orderbook *ob);
const char *orderbook_id(const struct orderbook *ob, size_t i, size_t *len);
/* The value of slot s for customer i (i == -1: a customer with no orders). */
struct xval orderbook_value(const struct orderbook *ob, long i, size_t s);
/* The ids a merge absorbed (idmap.h): from now on an order of an old id
 * the map names counts as its survivor's, as if placed under the
 * survivor's id.  on_order sees the survivor; the old id has an index of
 * its own (orderbook_find) that is absorbed (orderbook_absorbed), owned
 * by the survivor (orderbook_owner), never counted, and not unknown to
 * the customer table.  A survivor exists once an order names it or one of
 * its old ids.  Pre: before the first order; m outlives the loading. */
void orderbook_merge_ids(struct orderbook *ob, const struct idmap *m);
bool orderbook_absorbed(const struct orderbook *ob, long i);
/* The customer whose orders customer i's are: its survivor, or i itself. */
long orderbook_owner(const struct orderbook *ob, long i);
/* Mark customer i as present in the customer table; count the unmarked. */
void orderbook_mark(struct orderbook *ob, long i);
size_t orderbook_unmarked(const struct orderbook *ob);
/* The first unmarked customer after i (i = -1: the first of all), in the
 * order the orders named them, or -1. */
long orderbook_next_unmarked(const struct orderbook *ob, long i);
/* How many sums (a customer's, in one slot) grew past 64 bits: they are
 * null, and conditions on them are false. */
size_t orderbook_overflows(const struct orderbook *ob);
/* Has customer i (or -1) any order counted before the as-of date? */
bool orderbook_counted(const struct orderbook *ob, long i);


/* Does an order with this status count?  Statuses are compared lower-cased
 * and trimmed.  count_only: only those count; otherwise excluded ones
 * don't; with neither, the default exclusions (cancelled, refunded,
 * pending, failed, … and 已取消, 已退款, 待付款, …). */
struct status_filter {
	char **list;
	size_t n;
	bool count_only;       /* list is what counts, not what is excluded */
	bool all;              /* every order counts */
};
bool status_counts(const struct status_filter *f, const char *s, size_t n);


#include "reader.h"
#include "rejects.h"

/* Where an order stream keeps what orders_load needs. */
struct order_columns {
	long id, date, status;      /* status -1: every order counts */
	long *numeric;              /* columns the rules do arithmetic on */
	size_t nnumeric;
};

/* Add the order columns e does arithmetic on to oc->numeric (e may be
 * NULL): orders_load rejects an order whose value there is no number. */
void order_columns_numeric(struct order_columns *oc, const struct expr *e);

/* What an order line adds up to (revenue, spend, M): text, an expression
 * over an order's columns such as "Quantity * UnitPrice" (--amount), or
 * NULL for the amount column; scope: a customer scope (its order lookup
 * names the columns).  The columns it computes with go to oc->numeric
 * (oc may be NULL), so that an order whose amount is no number is
 * rejected with the reason, never added as zero.  *out is NULL when text
 * is NULL and the orders have no amount column.  CUST_USAGE "--amount
 * TEXT: column N: ..." when text does not parse. */
int order_amount(const char *text, const struct expr_scope *scope, struct order_columns *oc, struct expr **out,
    struct cust_err *err);

struct order_stats {
	unsigned long long read, counted, not_paid, after_as_of, rejected;
};

/* Read every order into ob.  Orders with no customer id, an unreadable
 * date, or text where a number is needed go to rj with the reason; they
 * are never counted as zero.  The order stream is the whole of the
 * orders: distinct()'s memory of the values it saw is let go at its end. */
int orders_load(struct reader *r, const struct order_columns *cols, const struct status_filter *sf,
    int32_t as_of, struct orderbook *ob, struct rejects *rj, struct order_stats *st,
    struct cust_err *err);

#endif
