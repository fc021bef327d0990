/* hash.c — open-addressing string hash table; see hash.h. */
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

/* A key of up to HEAD bytes (ids, phones, with a byte to spare) is also
 * kept in its slot and compared there: a lookup in a table larger than the
 * cache then costs one miss, not two.  A slot is 32 bytes, two to a cache
 * line: the low half of the key's hash (which also places it, for tables
 * of up to 2^32 slots) and a 32-bit offset into the arena (4 GiB of keys). */
#define HEAD 12
struct slot {
	uint32_t hash;      /* the low 32 bits of hash_bytes(); 0 = empty */
	uint32_t len;
	uint64_t val;
	uint32_t off;       /* key offset in the arena */
	char head[HEAD];
};

_Static_assert(sizeof(struct slot) == 32, "two slots to a cache line");

struct hash {
	struct slot *slots;
	size_t cap, count;
	struct strbuf arena;
};

/* Eight bytes a step, each folded in with a multiply and a shift, then
 * murmur3's finaliser: a customer id or phone is two or three steps where
 * byte-wise FNV took a dozen multiplies.  Values never leave the process,
 * so byte order does not matter. */
uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0x9E3779B97F4A7C15ULL ^ n, w;
	size_t i;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (n > 0) {
		for (w = 0, i = 0; i < n; i++)
			w |= (uint64_t)s[i] << (8 * i);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	/* Never 0 in the low half, which marks an empty slot. */
	return (uint32_t)h != 0 ? h : h | 1;
}

struct hash *
hash_new(void)
{
	struct hash *h = xcalloc(1, sizeof(*h));

	h->cap = 64;
	h->slots = xcalloc(h->cap, sizeof(struct slot));
	return h;
}

void
hash_free(struct hash *h)
{
	if (h == NULL)
		return;
	table_free(h->slots, h->cap, sizeof(struct slot));
	sb_free(&h->arena);
	free(h);
}

static struct slot *
find(const struct hash *h, uint64_t hv, const char *key, size_t len)
{
	size_t i = hv & (h->cap - 1);

	for (;;) {
		struct slot *s = &h->slots[i];
		if (s->hash == 0)
			return s;
		if (s->hash == (uint32_t)hv && s->len == len &&
		    memcmp(len <= HEAD ? s->head : h->arena.s + s->off, key, len) == 0)
			return s;
		i = (i + 1) & (h->cap - 1);
	}
}

static void
grow(struct hash *h)
{
	struct slot *old = h->slots;
	size_t oldcap = h->cap, i;

	h->cap *= 2;
	h->slots = table_calloc(h->cap, sizeof(struct slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].hash == 0)
			continue;
		size_t j = old[i].hash & (h->cap - 1);
		while (h->slots[j].hash != 0)
			j = (j + 1) & (h->cap - 1);
		h->slots[j] = old[i];
	}
	table_free(old, oldcap, sizeof(struct slot));
}

uint64_t *
hash_get(const struct hash *h, const char *key, size_t len)
{
	return hash_get_hashed(h, hash_bytes(key, len), key, len);
}

uint64_t *
hash_get_hashed(const struct hash *h, uint64_t hv, const char *key, size_t len)
{
	struct slot *s = find(h, hv, key, len);

	return s->hash ? &s->val : NULL;
}

uint64_t *
hash_put(struct hash *h, const char *key, size_t len, bool *added)
{
	return hash_put_hashed(h, hash_bytes(key, len), key, len, added);
}

void
hash_reserve(struct hash *h, size_t n)
{
	while (n * 4 > h->cap * 3)
		grow(h);
}

void
hash_prefetch_hashed(const struct hash *h, uint64_t hv)
{
	__builtin_prefetch(&h->slots[hv & (h->cap - 1)]);
}

uint64_t *
hash_put_hashed(struct hash *h, uint64_t hv, const char *key, size_t len, bool *added)
{
	struct slot *s;

	/* At most three quarters full: linear probes stay in a cache line or
	 * two, and a smaller table stays in the cache longer. */
	if ((h->count + 1) * 4 > h->cap * 3)
		grow(h);
	s = find(h, hv, key, len);
	if (added)
		*added = s->hash == 0;
	if (s->hash == 0) {
		if (h->arena.len + len + 1 > UINT32_MAX)
			cust_oom_hook();    /* more than 4 GiB of keys */
		s->hash = (uint32_t)hv;
		s->off = (uint32_t)h->arena.len;
		s->len = (uint32_t)len;
		s->val = 0;
		if (len <= HEAD)
			memcpy(s->head, key, len);
		sb_add(&h->arena, key, len);
		sb_addc(&h->arena, '\0');
		h->count++;
	}
	return &s->val;
}

void
hash_prefetch(const struct hash *h, const char *key, size_t len)
{
	hash_prefetch_hashed(h, hash_bytes(key, len));
}

size_t
hash_count(const struct hash *h)
{
	return h->count;
}

bool
hash_iter(const struct hash *h, size_t *i, const char **key, size_t *len, uint64_t **val)
{
	while (*i < h->cap) {
		struct slot *s = &h->slots[(*i)++];
		if (s->hash == 0)
			continue;
		*key = h->arena.s + s->off;
		*len = s->len;
		*val = &s->val;
		return true;
	}
	return false;
}

/* --- keyset ---------------------------------------------------------------- */

struct keyset {
	uint64_t *slots;            /* hash << 32 | arena offset; 0: empty */
	size_t cap, count;
	struct strbuf arena;        /* per key: its length (LEB128), its bytes */
};

struct keyset *
keyset_new(void)
{
	struct keyset *s = xcalloc(1, sizeof(*s));

	s->cap = 64;
	s->slots = table_calloc(s->cap, sizeof(uint64_t));
	sb_addc(&s->arena, 0);      /* offset 0 is no key */
	return s;
}

void
keyset_free(struct keyset *s)
{
	if (s == NULL)
		return;
	table_free(s->slots, s->cap, sizeof(uint64_t));
	sb_free(&s->arena);
	free(s);
}

static const char *
keyset_key(const struct keyset *s, uint32_t off, size_t *len)
{
	const unsigned char *p = (const unsigned char *)s->arena.s + off;
	size_t n = 0;
	int shift = 0;

	do
		n |= (size_t)(*p & 0x7f) << shift, shift += 7;
	while (*p++ & 0x80);
	*len = n;
	return (const char *)p;
}

static void
keyset_grow(struct keyset *s)
{
	uint64_t *old = s->slots;
	size_t oldcap = s->cap, i, j;

	s->cap *= 2;
	s->slots = table_calloc(s->cap, sizeof(uint64_t));
	for (i = 0; i < oldcap; i++) {
		if (old[i] == 0)
			continue;
		/* Placed by the 32 bits of the hash the slot keeps. */
		for (j = (old[i] >> 32) & (s->cap - 1); s->slots[j] != 0; j = (j + 1) & (s->cap - 1))
			;
		s->slots[j] = old[i];
	}
	table_free(old, oldcap, sizeof(uint64_t));
}

bool
keyset_add(struct keyset *s, const char *key, size_t len)
{
	uint64_t hv = hash_bytes(key, len);
	uint32_t tag = (uint32_t)hv;            /* never 0 */
	size_t i, klen, n;
	const char *k;

	if ((s->count + 1) * 4 > s->cap * 3)
		keyset_grow(s);
	for (i = tag & (s->cap - 1); s->slots[i] != 0; i = (i + 1) & (s->cap - 1)) {
		if ((uint32_t)(s->slots[i] >> 32) != tag)
			continue;
		k = keyset_key(s, (uint32_t)s->slots[i], &klen);
		if (klen == len && memcmp(k, key, len) == 0)
			return false;
	}
	if (s->arena.len + len + 10 > UINT32_MAX)
		cust_oom_hook();            /* more than 4 GiB of keys */
	s->slots[i] = (uint64_t)tag << 32 | (uint32_t)s->arena.len;
	for (n = len; n >= 0x80; n >>= 7)
		sb_addc(&s->arena, (int)(n & 0x7f) | 0x80);
	sb_addc(&s->arena, (int)n);
	sb_add(&s->arena, key, len);
	s->count++;
	return true;
}

size_t
keyset_count(const struct keyset *s)
{
	return s->count;
}

bool
keyset_iter(const struct keyset *s, size_t *i, const char **key, size_t *len)
{
	for (; *i < s->cap; (*i)++)
		if (s->slots[*i] != 0) {
			*key = keyset_key(s, (uint32_t)s->slots[(*i)++], len);
			return true;
		}
	return false;
}
