/* fuzzy.h — probabilistic record linkage (Fellegi-Sunter, EM).
 *
 * The records exact keys miss are compared field by field.  Candidate
 * pairs come from blocks (records that share a field's normal value, or a
 * --block rule's), never from all pairs; a block larger than
 * FUZZY_MAX_BLOCK says too little to be worth its pairs and is skipped.
 * Each field of a pair gets a comparison level: the same, one edit apart,
 * close (Jaro-Winkler >= 0.9 for text, two edits for digits), similar
 * (Jaro-Winkler >= 0.8), different, or missing.  How likely each level is
 * among true matches (m) and among non-matches (u) is estimated from the
 * data: u from random pairs, which are almost never matches; m from the
 * pairs the exact keys have already joined when there are enough of them,
 * otherwise by expectation-maximisation; then the share of matches among
 * the candidates by EM.  A pair's match probability follows from the
 * levels' weights, log(m/u) added up, agreeing on a common value counting
 * for less; pairs at or above the threshold are the same customer.
 */
#ifndef CUST_FUZZY_H
#define CUST_FUZZY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dedupe.h"

#define FUZZY_MAX_BLOCK 100
#define FUZZY_LEVELS 5          /* different, similar, close, one edit, the same */

struct fuzzy_opts {
	double threshold;               /* match probability, default 0.95 */
	const long *compare;            /* columns to compare; NULL: the default */
	size_t ncompare;
	const struct dedupe_key *blocks;    /* blocking rules; none: one per field */
	size_t nblocks;
};

struct fuzzy_pair {
	size_t a, b;                    /* records, a < b */
	double p;                       /* match probability */
	int8_t level[];                 /* per field: 0..FUZZY_LEVELS-1, or -1 missing */
};

struct fuzzy;

/* Compare the kept records of d (after dedupe_add, before numbering) and
 * join those that match into d's clusters. */
struct fuzzy *fuzzy_run(struct dedupe *d, const struct header *h, const struct roles *roles,
    const struct fuzzy_opts *o);
void fuzzy_free(struct fuzzy *f);

/* The compared columns, and the candidate pairs at or above the threshold
 * in record order, for review. */
size_t fuzzy_fields(const struct fuzzy *f, const long **cols);
size_t fuzzy_pairs(const struct fuzzy *f);
const struct fuzzy_pair *fuzzy_pair(const struct fuzzy *f, size_t k);
const char *fuzzy_level_name(int level);
/* Candidates compared, and how many were linked. */
size_t fuzzy_candidates(const struct fuzzy *f);

#endif
