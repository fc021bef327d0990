/* dedupe_out.h — the views of a deduplication: every record marked with
 * its customer, one record per customer, or the pairs fuzzy matching
 * joined, for review.
 */
#ifndef CUST_DEDUPE_OUT_H
#define CUST_DEDUPE_OUT_H

#include "dedupe.h"
#include "fuzzy.h"
#include "writer.h"

/* Every record with cluster_id, is_duplicate and match_reason (columns of
 * those names in the input are replaced: a re-run does not pile them up).
 * z (or NULL): a cluster fuzzy matching flagged says so in match_reason. */
void dedupe_write_marked(struct writer *w, struct dedupe *dd, const struct header *h,
    const struct fuzzy *z);
/* One record per customer (dedupe_merge) with cluster_id, merged_ids and
 * merge_conflicts.  A cluster z flagged is never merged: its records are
 * written as they are, and held gets a line for the records linked with
 * them, "A1; A2; A3 (3 records)": what would have been merged.  With
 * idmap (not NULL; needs id_col), also the id map of idmap.h:
 * old_id,surviving_id for every id a merge absorbed, so that orders keyed
 * later by an old id find their customer. */
void dedupe_write_merged(struct writer *w, struct dedupe *dd, const struct header *h, enum keep keep,
    long newest_col, long id_col, const struct fuzzy *z, struct strbuf *held, struct writer *idmap);
/* record_a, record_b, probability, weight, and each compared column's
 * level with its part of the weight ("same +9.81"). */
void dedupe_write_pairs(struct writer *w, struct dedupe *dd, const struct fuzzy *z,
    const struct header *h, long id_col);

#endif
