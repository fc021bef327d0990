/* dedupe.h — the same customer entered twice, found by exact keys.
 *
 * A key is one column or several joined (name+birth_date).  Two records
 * whose normalised key values are equal are the same customer, and links
 * join transitively: phone links A and B, e-mail links B and C, so A, B and
 * C are one customer (a union-find over the records).  Values are
 * normalised by the column's role: phones to their digits (+86 prefixes
 * dropped), e-mails lower-cased, ids as numbers where they are ("17850.0"
 * is 17850), dates to ISO 8601, other text by text_key (NFKC, case-folded,
 * white space collapsed).  Placeholders (blank, 0, 00000000000, n/a, 无),
 * and phones and e-mails that are not valid ones ("foo@"), never match
 * anything: junk must not join strangers into one customer.
 *
 * The records are kept in memory (their fields in one arena): clusters are
 * known only once the last record is in.
 */
#ifndef CUST_DEDUPE_H
#define CUST_DEDUPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"
#include "roles.h"
#include "util.h"

#define DEDUPE_MAX_KEYS 30

struct dedupe_key {
	char *label;            /* as given: "phone", "name+birth_date" */
	size_t ncols;
	long *col;
	enum role *role;        /* how each column's values are normalised */
};

/* Parse a --key argument: parts joined by '+', each a header or a role
 * (phone, email, id, name, ... or 手机, 邮箱 ...).  A part that names no
 * column is a usage error. */
int dedupe_key_parse(const char *spec, const struct header *h, const struct roles *roles,
    struct dedupe_key *k, struct cust_err *err);
void dedupe_key_free(struct dedupe_key *k);


enum keep { KEEP_FIRST, KEEP_LAST, KEEP_COMPLETE, KEEP_NEWEST };

struct dedupe;

struct dedupe *dedupe_new(const struct header *h, const struct roles *roles,
    const struct dedupe_key *keys, size_t nkeys);
void dedupe_free(struct dedupe *d);
/* Keep a well-formed record and link it to the earlier ones it shares a key
 * with. */
void dedupe_add(struct dedupe *d, const struct record *rec);
/* Join the records that share a key value (once; dedupe_finish does it if
 * it has not been done). */
void dedupe_link_keys(struct dedupe *d);
/* Instead of dedupe_link_keys, for a caller that weighs keys as evidence:
 * call fn(ctx, first, i, k) for each record i that shares key k's value
 * with an earlier record (first: the first record with that value), and
 * join nothing; the caller joins with dedupe_link_key. */
void dedupe_each_key_pair(struct dedupe *d, void (*fn)(void *ctx, size_t first, size_t i, size_t k),
    void *ctx);
/* Join a and b for sharing key k (as dedupe_link_keys would). */
void dedupe_link_key(struct dedupe *d, size_t a, size_t b, size_t k);
/* Are a and b one customer so far?  Is column col part of a key? */
bool dedupe_joined(struct dedupe *d, size_t a, size_t b);
bool dedupe_key_column(const struct dedupe *d, long col);
/* Join records a and b, found alike by another means (fuzzy matching). */
void dedupe_link_similar(struct dedupe *d, size_t a, size_t b);
/* Record i had no key but was compared by another means: its lack of a
 * match is a finding, not "no usable key". */
void dedupe_mark_compared(struct dedupe *d, size_t i);
/* Number the clusters in the order of their first records.  Call once,
 * after the last dedupe_add and any linking. */
void dedupe_finish(struct dedupe *d);

size_t dedupe_records(const struct dedupe *d);
size_t dedupe_clusters(const struct dedupe *d);
/* Records that are not the first of their cluster. */
size_t dedupe_duplicates(const struct dedupe *d);

/* Record i (in input order): its fields (NUL-terminated), line and file. */
void dedupe_record(const struct dedupe *d, size_t i, char **vals, size_t *lens);
long dedupe_line(const struct dedupe *d, size_t i);
const char *dedupe_file(const struct dedupe *d, size_t i);
/* Append a name for record i a person can find it by: its id (column
 * id_col), or FILE:LINE without one; returns out's text. */
const char *dedupe_name(const struct dedupe *d, size_t i, long id_col, struct strbuf *out);
/* Its cluster (1, 2, ... by first record) and whether it is the first. */
size_t dedupe_cluster(const struct dedupe *d, size_t i);
bool dedupe_is_first(const struct dedupe *d, size_t i);
/* Why it is in its cluster: the keys it shares with another record
 * ("phone, email", and "similar" for a fuzzy match), "" for a record
 * alone, or "no usable key". */
const char *dedupe_reason(const struct dedupe *d, size_t i, struct strbuf *buf);

/* The members of cluster c (1-based), in input order; valid until the next
 * call. */
const size_t *dedupe_members(struct dedupe *d, size_t c, size_t *n);

/* The survivor of a cluster's members by rule (newest: the latest date in
 * column newest_col; records whose date cannot be read count as oldest). */
size_t dedupe_survivor(const struct dedupe *d, const size_t *members, size_t n, enum keep rule,
    long newest_col);

/* One record for cluster c: the survivor's fields, each empty one filled
 * from the first other member that has it.  ids gets every member's id
 * (column id_col, or FILE:LINE without one) joined by "; "; conflicts gets
 * each column where members hold different values (compared in normal
 * form), as "column: a | b", joined by "; ".  vals point into the kept
 * records. */
void dedupe_merge(struct dedupe *d, size_t c, enum keep rule, long newest_col, long id_col,
    char **vals, size_t *lens, struct strbuf *ids, struct strbuf *conflicts);

#endif
