/* linkage.h — clusters from scored pairs, without chaining.
 *
 * Joining every pair above a threshold transitively lets a few wrong
 * links chain thousands of strangers into one cluster.  Here links are
 * taken strongest first, and two clusters are joined only when their
 * members support each other on average: the mean match probability over
 * every pair across the two (a pair never scored counts 0) must be at
 * least `support`.  A stranger linked to one member of a family of four
 * stays out; a weak bridge between two clusters is not crossed.  No
 * cluster grows past max_cluster records: a join that would make it
 * larger is refused, and every record linked to those (transitively) is
 * flagged, for review.
 */
#ifndef CUST_LINKAGE_H
#define CUST_LINKAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct link_edge {
	uint32_t a, b;
	float p;
};

/* The match probability of records a and b, 0 when never scored. */
typedef double linkage_score_fn(void *ctx, size_t a, size_t b);

struct linkage_stats {
	size_t joins, weak, over;      /* joins made; refused as weak; refused as too large */
};

/* Cluster n records from edges (reordered: strongest first).  label[i] is
 * the first record of i's cluster; group[i] the first record of the
 * records the edges join transitively (what a chain would have made one);
 * flagged[group] says a join in that group was refused for size.  Returns
 * what was done. */
struct linkage_stats linkage_cluster(size_t n, struct link_edge *e, size_t ne, linkage_score_fn *score,
    void *ctx, double support, size_t max_cluster, size_t *label, size_t *group, bool *flagged);

#endif
