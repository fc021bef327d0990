/* hash.c — open-addressing string hash table; see hash.h. */
#include "hash.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

struct slot {
	uint64_t hash;      /* 0 = empty */
	uint64_t off;       /* key offset in the arena */
	uint32_t len;
	uint64_t val;
};

struct hash {
	struct slot *slots;
	size_t cap, count;
	struct strbuf arena;
};

/* FNV-1a over 8-byte words would be faster; this 64-bit mix of FNV-1a is
 * simple and good enough for the key lengths we see (ids, phones). */
uint64_t
hash_bytes(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h ? h : 1;
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
	free(h->slots);
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
		if (s->hash == hv && s->len == len && memcmp(h->arena.s + s->off, key, len) == 0)
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
	h->slots = xcalloc(h->cap, sizeof(struct slot));
	for (i = 0; i < oldcap; i++) {
		if (old[i].hash == 0)
			continue;
		size_t j = old[i].hash & (h->cap - 1);
		while (h->slots[j].hash != 0)
			j = (j + 1) & (h->cap - 1);
		h->slots[j] = old[i];
	}
	free(old);
}

uint64_t *
hash_get(const struct hash *h, const char *key, size_t len)
{
	struct slot *s = find(h, hash_bytes(key, len), key, len);

	return s->hash ? &s->val : NULL;
}

uint64_t *
hash_put(struct hash *h, const char *key, size_t len, bool *added)
{
	uint64_t hv = hash_bytes(key, len);
	struct slot *s;

	if ((h->count + 1) * 4 > h->cap * 3)
		grow(h);
	s = find(h, hv, key, len);
	if (added)
		*added = s->hash == 0;
	if (s->hash == 0) {
		s->hash = hv;
		s->off = h->arena.len;
		s->len = (uint32_t)len;
		s->val = 0;
		sb_add(&h->arena, key, len);
		sb_addc(&h->arena, '\0');
		h->count++;
	}
	return &s->val;
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
