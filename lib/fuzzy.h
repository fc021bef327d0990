/* fuzzy.h — probabilistic record linkage (Fellegi-Sunter, EM).
 *
 * The model, as Splink and fastLink have it:
 *
 * Fields.  Every column is compared except those about the record rather
 * than the customer (id, signup date, order columns, status, grade) and
 * columns of numbers in which no value repeats (row numbers); --compare
 * names them instead.  Each compared field has a kind (name, date, phone,
 * e-mail, postcode, address, digits, text) and the comparison levels of
 * that kind (levels.h).
 *
 * u, how often each level occurs between two records that are not the
 * same customer, is counted over random pairs of records: random pairs
 * are almost never matches, whatever the data.  m, how often it occurs
 * between two records of one customer, is found by expectation-
 * maximisation over the candidate pairs (records that agree exactly on
 * some field, in blocks of at most FUZZY_MAX_BLOCK), starting from the
 * pairs the exact keys join where there are enough, and from "matches
 * mostly agree" otherwise; the key-joined pairs are a start, not truth.
 * The prior, that two random records match, is estimated with m: the
 * expected matches among the candidates over all pairs of records.
 *
 * A pair's match weight is the prior's log-odds plus, per field,
 * log2(m/u) of its level; agreeing on a value many records hold counts
 * for less (u is at least the value's share: a term-frequency
 * adjustment).  A phone, e-mail or address that records with different
 * names share (a switchboard, a family phone) is no evidence at all,
 * and is never a key.  A key joins two records only if their names do not
 * disagree.
 *
 * Pairs at or above the threshold are clustered without chaining
 * (linkage.h): two clusters join only if their members are, on average,
 * each other's matches, and none grows past max_cluster.
 */
#ifndef CUST_FUZZY_H
#define CUST_FUZZY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dedupe.h"
#include "levels.h"

#define FUZZY_MAX_BLOCK 100
#define FUZZY_MAX_FIELDS 32
#define FUZZY_MAX_CLUSTER 50    /* the default --max-cluster */

struct fuzzy_opts {
	double threshold;               /* match probability, default 0.95 */
	const long *compare;            /* columns to compare; NULL: the default */
	size_t ncompare;
	const struct dedupe_key *blocks;    /* blocking rules; none: one per field */
	size_t nblocks;
	size_t max_cluster;             /* 0: FUZZY_MAX_CLUSTER */
};

/* A pair at or above the threshold, for review. */
struct fuzzy_pair {
	size_t a, b;                    /* records, a < b */
	double p, weight;               /* match probability and weight (log2 odds) */
	int8_t level[FUZZY_MAX_FIELDS]; /* per field: a level, -1 missing, -2 shared */
	double w[FUZZY_MAX_FIELDS];     /* per field: its part of the weight */
};

struct fuzzy;

/* Compare the kept records of d (after dedupe_add, before dedupe_finish)
 * and join those that match into d's clusters. */
struct fuzzy *fuzzy_run(struct dedupe *d, const struct header *h, const struct roles *roles,
    const struct fuzzy_opts *o);
void fuzzy_free(struct fuzzy *f);

/* The compared columns. */
size_t fuzzy_fields(const struct fuzzy *f, const long **cols);
/* The pairs at or above the threshold, in record order. */
size_t fuzzy_pairs(const struct fuzzy *f);
void fuzzy_pair(const struct fuzzy *f, size_t k, struct fuzzy_pair *out);
const char *fuzzy_level_name(const struct fuzzy *f, size_t field, int level);
size_t fuzzy_candidates(const struct fuzzy *f);

/* The fitted model: m and u of field k's level l, and the prior. */
double fuzzy_m(const struct fuzzy *f, size_t k, int l);
double fuzzy_u(const struct fuzzy *f, size_t k, int l);
double fuzzy_prior(const struct fuzzy *f);

/* Is record i linked (transitively) with records that would have made a
 * cluster over max_cluster?  Then it is not to be merged. */
bool fuzzy_flagged(const struct fuzzy *f, size_t i);
/* The records so linked with i, in input order; valid until the next
 * call. */
size_t fuzzy_group(const struct fuzzy *f, size_t i, const size_t **members);
/* How many such groups. */
size_t fuzzy_flagged_groups(const struct fuzzy *f);

/* The fitted model and what it did, for --explain: fields and their kinds,
 * m and u per level, the prior, pairs scored and linked, cluster sizes.
 * Call after dedupe_finish. */
void fuzzy_explain(const struct fuzzy *f, struct dedupe *d, const struct header *h, struct strbuf *out);
/* The largest clusters, "7 (12 records), 3 (9 records)", at most k. */
void fuzzy_largest(const struct fuzzy *f, struct dedupe *d, size_t k, struct strbuf *out);

#endif
