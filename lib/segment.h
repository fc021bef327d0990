/* segment.h — place customers in the cells of a grid (custkit-segment(5)),
 * or score them with RFM.
 *
 * A segmentation is a list of dimensions, each giving every customer one
 * label from a measure of its orders or its record:
 *   cuts       half-open bins over a number: below the first cut the
 *              first label, from cut k up to cut k+1 label k+1;
 *   quantiles  equal-count bins by rank: customers ordered by (value,
 *              id) ascending, the i-th of n (from 0) in bin floor(K*i/n),
 *              or by a list of probabilities;
 *   case       the first condition that holds gives its label;
 *   top        the value of an order column with the largest aggregate
 *              (favourite category), ties to the smaller value as text;
 *   pareto     customers by value descending (ties by id), each labelled
 *              by the share of the total held by those before it (ABC);
 *   mean       (the Chinese eight-class RFM) high or low against the
 *              population's mean.
 * --rfm is three quantile dimensions of five bins, R reversed (most
 * recent = 5), named through the standard table of 125 codes; --rfm=mean8
 * three mean dimensions named by the eight classes.
 *
 * What is learnt from the population (quantile and Pareto boundaries,
 * means) is kept as (value, customer id) pairs, so that a boundary inside
 * a run of ties falls where it fell: applied with segment_model_load to
 * the same customers, it gives the same labels byte for byte.
 *
 * A customer whose value is null gets SEGMENT_NO_ORDERS when it has no
 * counted orders, else SEGMENT_NONE.  A run:
 *   segment_load / segment_rfm   the dimensions, expressions in scope
 *   segment_order_columns        the order columns they compute with
 *   segment_bind                 slots, before the orders are read
 *   segment_add                  each customer, in input order
 *   segment_learn | _model_load  the boundaries; segment_fit_write
 *   segment_write_*              every customer with its labels
 */
#ifndef CUST_SEGMENT_H
#define CUST_SEGMENT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "expr.h"
#include "measure.h"
#include "orders.h"
#include "writer.h"

#define SEGMENT_NO_ORDERS "no orders"
#define SEGMENT_NONE "none"

/* --- the arithmetic of ranks, exposed for tests ------------------------ */

/* A member of the population: a value and the customer's id key. */
struct seg_item {
	int64_t v;
	const char *id;
	size_t idlen;
};
/* A boundary: the first member of a bin (set false: no member reaches
 * the bin, as with fewer customers than bins). */
struct seg_bound {
	bool set;
	int64_t v;
	char *id;
	size_t idlen;
};

/* Ids compare as numbers when both are digits only, else as bytes. */
int seg_id_cmp(const char *a, size_t alen, const char *b, size_t blen);
/* Order by (v, id); desc: v descending, id still ascending. */
int seg_item_cmp(const struct seg_item *a, const struct seg_item *b, bool desc);
/* Sort items and set bounds[0..nb) to the first member of bins 1..nb:
 * with probs NULL, bin b of nb+1 starts at ceil(b*n/(nb+1)); else at
 * ceil(probs[b]*n) (probs in millionths, ascending). */
void seg_quantile_bounds(struct seg_item *items, size_t n, const int64_t *probs, size_t nb,
    struct seg_bound *bounds);
/* Sort items by value descending and set bounds[k] to the first member
 * whose label is past k: a member's label is the first k whose share
 * (millionths) is larger than the share of the total held by the members
 * before it.  Members must have positive values. */
void seg_pareto_bounds(struct seg_item *items, size_t n, const int64_t *shares, size_t nshares,
    struct seg_bound *bounds);
/* The bin of (v, id): how many set bounds it is at or past. */
size_t seg_bin(const struct seg_bound *bounds, size_t nb, int64_t v, const char *id, size_t idlen,
    bool desc);
/* The bin of v among cuts (ascending): how many cuts are <= v. */
size_t seg_cut(const int64_t *cuts, size_t ncuts, int64_t v);
/* The mean of the values, rounded up (ceil: a value >= it is >= the
 * exact mean) or down, in DEC units. */
int64_t seg_mean(const struct seg_item *items, size_t n, bool up);
/* The segment of an RFM code such as "545", or NULL. */
const char *seg_rfm_name(const char *code);
/* The eight-class name for R, F, M high (true) or low. */
const char *seg_mean8_name(bool r, bool f, bool m);

/* --- a run ------------------------------------------------------------- */

struct segment;

/* Load a spec file; expressions see order columns inside aggregates and
 * customer columns outside (scope).  Errors name the file and place. */
struct segment *segment_load(const char *path, const struct expr_scope *scope, struct cust_err *err);
/* The built-in RFM (mean8: the eight classes): M is sum(amount), F
 * distinct(order_id) when has_order_id, else count(). */
struct segment *segment_rfm(bool mean8, const char *amount, bool has_order_id,
    const struct expr_scope *scope, struct cust_err *err);
void segment_free(struct segment *s);
/* Rename labels and segment names (a JSON object, old to new). */
int segment_names(struct segment *s, const char *path, struct cust_err *err);
/* Every mistake but a column the data lacks, found before the data is
 * opened (reading a header from a pipe may wait): 0, or -1 with err. */
int segment_check(const char *path, struct cust_err *err);
/* Add the order columns the measures do arithmetic on to oc. */
void segment_order_columns(const struct segment *s, struct order_columns *oc);
/* The order statuses that count. */
const struct status_filter *segment_statuses(const struct segment *s);
/* Declare the slots as of a date (default_as_of: the day after the
 * latest counted order, found once the orders are read). */
void segment_bind(struct segment *s, struct orderbook *ob, int32_t as_of, bool default_as_of);
/* The as-of date in force (after segment_learn when it was the default). */
int32_t segment_as_of(const struct segment *s);
/* Measure customer cust (orderbook index, -1: none) with its record (n
 * fields) and id key; keep the record too when the table cannot be read
 * again (keep), else only what was measured.  A record without an id
 * (keylen 0) is no customer: it is not ranked, and is written as it was. */
void segment_add(struct segment *s, long cust, char *const *field, const size_t *len, size_t n,
    const char *key, size_t keylen, bool keep);
size_t segment_customers(const struct segment *s);
/* Learn the boundaries from the customers added; -1 with err when a
 * dimension that ranks has nobody to rank. */
int segment_learn(struct segment *s, struct cust_err *err);
/* Use the boundaries of a --fit file instead; -1 if it is unreadable or
 * made from another spec.  Needs no customer: loaded before the first,
 * each customer can be written as soon as it is added (per record, as a
 * shard or a pipe wants). */
int segment_model_load(struct segment *s, const char *path, struct cust_err *err);
/* Write what was learnt as JSON. */
int segment_fit_write(const struct segment *s, FILE *fp, struct cust_err *err);
/* The columns segment_write adds, in order. */
size_t segment_columns(const struct segment *s, const char *const **names);
/* Write every customer, in the order added, with the added columns:
 * begin, then next for each customer with its record read again (or
 * NULL: the record kept), then end.  A record read again that is not
 * the customer added there, or a different number of them, means the
 * table changed between the two readings: -1 with err. */
void segment_write_begin(struct segment *s, struct writer *w, const struct header *h, bool header);
int segment_write_next(struct segment *s, char *const *field, const size_t *len, const char *key,
    size_t keylen, struct cust_err *err);
/* err NULL: the writing stopped early (a failed write), nothing to check. */
int segment_write_end(struct segment *s, struct cust_err *err);
/* Count, share of customers and share of the first measure per segment,
 * as a table for a terminal (CJK-aligned). */
void segment_summary(const struct segment *s, FILE *fp);

#endif
