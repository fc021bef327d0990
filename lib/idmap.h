/* idmap.h — which customer an id belongs to now that duplicates are merged.
 *
 * cust-dedupe --mode merge keeps one record per customer, its survivor; the
 * ids of the records it absorbed live on in the survivor's merged_ids
 * column ("K001; K005; K008") and, with --id-map FILE, in a CSV of two
 * columns: old_id,surviving_id.  Orders keep the id they were placed under,
 * so every program that reads orders (cust-grade, cust-segment,
 * cust-report: customers.h) maps them through this table: a merged
 * customer owns the orders of every id it absorbed.
 *
 * Ids are keys as id_key makes them (trimmed; 17850.0 is 17850).  A map
 * may chain (A -> B from one run, B -> C from a later one): idmap_resolve
 * follows it to its end.
 */
#ifndef CUST_IDMAP_H
#define CUST_IDMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "reader.h"
#include "util.h"

/* The column cust-dedupe --mode merge writes and readers look for. */
#define MERGED_IDS_COLUMN "merged_ids"

struct idmap;

struct idmap *idmap_new(void);
void idmap_free(struct idmap *m);
/* old now belongs to survivor.  Mapping an id to itself is nothing; a
 * second mapping of the same old id is ignored (the first one stands). */
void idmap_add(struct idmap *m, const char *old, size_t oldlen, const char *survivor,
    size_t survivorlen);
/* Add the mappings of an --id-map file: a header row, then the old id in
 * the first column and the surviving id in the second.  A file of fewer
 * than two columns, or a row with an empty id, is an error (CUST_INPUT)
 * with its line. */
int idmap_load(struct idmap *m, const char *path, const struct reader_opts *ro, struct cust_err *err);
size_t idmap_count(const struct idmap *m);
/* Mapping i (0 .. idmap_count-1) in the order added. */
void idmap_get(const struct idmap *m, size_t i, const char **old, size_t *oldlen);
/* Where id belongs in the end: the last of its chain, or id itself. */
const char *idmap_resolve(const struct idmap *m, const char *id, size_t len, size_t *outlen);

/* The ids of a merged_ids field one by one, as id_key makes them: start
 * with *pos = 0; false at the end.  Ids are separated by ';' (and the
 * spaces around it). */
bool idlist_next(const char *s, size_t n, size_t *pos, const char **id, size_t *len);

#endif
