/* hash.h — a string-keyed hash table with a 64-bit value per key.
 *
 * Keys are copied into an arena owned by the table, so the table holds
 * only compact slots plus the key bytes: the per-customer state of the
 * stateful programs is built on it.
 */
#ifndef CUST_HASH_H
#define CUST_HASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hash;

struct hash *hash_new(void);
void hash_free(struct hash *h);
/* Find key; returns a pointer to its value, or NULL. */
uint64_t *hash_get(const struct hash *h, const char *key, size_t len);
uint64_t *hash_get_hashed(const struct hash *h, uint64_t hv, const char *key, size_t len);
/* Find or insert key (value 0 when new); *added tells which. */
uint64_t *hash_put(struct hash *h, const char *key, size_t len, bool *added);
/* The same with the key's hash_bytes() value already at hand. */
uint64_t *hash_put_hashed(struct hash *h, uint64_t hv, const char *key, size_t len, bool *added);
/* Room for n keys without growing: slots stay where a prefetch put them. */
void hash_reserve(struct hash *h, size_t n);
/* Start loading the slot of a key whose hash_bytes() is hv. */
void hash_prefetch_hashed(const struct hash *h, uint64_t hv);
size_t hash_count(const struct hash *h);
/* Start loading key's slot into the cache: a lookup soon after is then
 * cheap.  A hint only. */
void hash_prefetch(const struct hash *h, const char *key, size_t len);
/* Iterate: i from 0 while hash_iter returns true. */
bool hash_iter(const struct hash *h, size_t *i, const char **key, size_t *len, uint64_t **val);
uint64_t hash_bytes(const void *p, size_t n);

/* A set of byte strings, for when only membership counts (distinct()
 * over millions of order ids): an 8-byte slot per key (32 bits of its
 * hash, 32 of its place) and the key once, after its length, in an
 * arena — a quarter of what struct hash spends on such a key. */
struct keyset;
struct keyset *keyset_new(void);
void keyset_free(struct keyset *s);
/* Add key; true if it was not in the set. */
bool keyset_add(struct keyset *s, const char *key, size_t len);
size_t keyset_count(const struct keyset *s);
/* Each key, in no order: start with *i = 0; false when done.  *key stays
 * valid until the next keyset_add (which may also be missed by the walk). */
bool keyset_iter(const struct keyset *s, size_t *i, const char **key, size_t *len);

#endif
