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
 * those names in the input are replaced: a re-run does not pile them up). */
void dedupe_write_marked(struct writer *w, struct dedupe *dd, const struct header *h);
/* One record per customer (dedupe_merge) with cluster_id, merged_ids and
 * merge_conflicts.  With idmap (not NULL; needs id_col), also the id map
 * of idmap.h: old_id,surviving_id for every absorbed id, so that orders
 * keyed later by an old id find their customer. */
void dedupe_write_merged(struct writer *w, struct dedupe *dd, const struct header *h, enum keep keep,
    long newest_col, long id_col, struct writer *idmap);
/* record_a, record_b, probability and each compared column's level. */
void dedupe_write_pairs(struct writer *w, struct dedupe *dd, const struct fuzzy *z,
    const struct header *h, long id_col);

#endif
