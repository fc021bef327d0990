/* dedupe.c — exact-key deduplication; see dedupe.h. */
#include "dedupe.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "orders.h"
#include "value.h"

#define NO_KEY (UINT32_C(1) << 31)     /* in reason[]: no key could be formed */
#define SIMILAR (UINT32_C(1) << 30)    /* in reason[]: a fuzzy match */

struct dedupe {
	size_t ncols;
	const struct header *h;
	enum role *colrole;
	const struct dedupe_key *keys;
	size_t nkeys;
	struct strbuf arena;        /* every kept field, NUL-terminated */
	size_t *recoff;             /* record i's first field in arena */
	uint32_t *flen;             /* field j of record i at i * ncols + j */
	long *line;
	const char **file;
	size_t *parent;             /* union-find; a root is its cluster's first record */
	uint32_t *reason;           /* keys shared with another record, or NO_KEY */
	size_t *cluster;            /* after finish */
	size_t n, cap, nclusters;
	bool keys_linked;
	struct strbuf keytext;      /* every record's key values, linked at finish */
	size_t *kofs;               /* record i's key k at i * nkeys + k, or SIZE_MAX */
	uint64_t *khash;
	struct strbuf key, part, listing;
	struct namelist names;      /* input names */
	size_t *member, *start;     /* members by cluster, after finish */
	char **other;               /* dedupe_merge's scratch */
	size_t *olen, *listed, *listlen;
	size_t nlisted;
	struct strbuf forms;        /* normal forms of one column's values */
};

int
dedupe_key_parse(const char *spec, const struct header *h, const struct roles *roles,
    struct dedupe_key *k, struct cust_err *err)
{
	const char *part = spec, *plus;
	char *name;
	long col;

	memset(k, 0, sizeof(*k));
	k->label = xstrdup(spec);
	for (;;) {
		plus = strchr(part, '+');
		name = plus ? xstrndup(part, (size_t)(plus - part)) : xstrdup(part);
		if (*name == '\0') {
			cust_fail(err, CUST_USAGE, "--key '%s': expected COLUMN or COLUMN+COLUMN", spec);
			goto fail;
		}
		if ((col = roles_column(h, roles, name, strlen(name))) < 0) {
			cust_fail(err, CUST_USAGE, "--key %s: no column '%s' (and no column has that role)",
			    spec, name);
			goto fail;
		}
		free(name);
		k->col = xreallocarray(k->col, k->ncols + 1, sizeof(*k->col));
		k->role = xreallocarray(k->role, k->ncols + 1, sizeof(*k->role));
		k->col[k->ncols] = col;
		k->role[k->ncols++] = roles_of_column(roles, (size_t)col);
		if (plus == NULL)
			return 0;
		part = plus + 1;
	}
fail:
	free(name);
	dedupe_key_free(k);
	return -1;
}

void
dedupe_key_free(struct dedupe_key *k)
{
	free(k->label);
	free(k->col);
	free(k->role);
	memset(k, 0, sizeof(*k));
}

struct dedupe *
dedupe_new(const struct header *h, const struct roles *roles, const struct dedupe_key *keys,
    size_t nkeys)
{
	struct dedupe *d = xcalloc(1, sizeof(*d));
	size_t i;

	d->ncols = h->n;
	d->h = h;
	d->colrole = xcalloc(h->n + 1, sizeof(*d->colrole));
	for (i = 0; i < h->n; i++)
		d->colrole[i] = roles_of_column(roles, i);
	d->keys = keys;
	d->nkeys = nkeys < DEDUPE_MAX_KEYS ? nkeys : DEDUPE_MAX_KEYS;
	return d;
}

void
dedupe_free(struct dedupe *d)
{
	if (d == NULL)
		return;
	sb_free(&d->arena);
	sb_free(&d->key);
	sb_free(&d->keytext);
	free(d->kofs);
	free(d->khash);
	sb_free(&d->part);
	sb_free(&d->listing);
	free(d->colrole);
	free(d->recoff);
	free(d->flen);
	free(d->line);
	free(d->file);
	free(d->parent);
	free(d->reason);
	free(d->cluster);
	free(d->member);
	free(d->start);
	free(d->other);
	free(d->olen);
	free(d->listed);
	free(d->listlen);
	sb_free(&d->forms);
	namelist_free(&d->names);
	free(d);
}

static size_t
root(struct dedupe *d, size_t i)
{
	while (d->parent[i] != i) {
		d->parent[i] = d->parent[d->parent[i]];     /* path halving */
		i = d->parent[i];
	}
	return i;
}

/* The earlier record becomes the root: a cluster's root is its first. */
static void
join(struct dedupe *d, size_t a, size_t b)
{
	a = root(d, a);
	b = root(d, b);
	if (a < b)
		d->parent[b] = a;
	else if (b < a)
		d->parent[a] = b;
}

static void
keep_record(struct dedupe *d, const struct record *rec)
{
	size_t i = d->n, j, total;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 1024;
		d->recoff = xreallocarray(d->recoff, d->cap, sizeof(*d->recoff));
		d->flen = xreallocarray(d->flen, d->cap * (d->ncols ? d->ncols : 1), sizeof(*d->flen));
		d->line = xreallocarray(d->line, d->cap, sizeof(*d->line));
		d->file = xreallocarray(d->file, d->cap, sizeof(*d->file));
		d->parent = xreallocarray(d->parent, d->cap, sizeof(*d->parent));
		d->reason = xreallocarray(d->reason, d->cap, sizeof(*d->reason));
		d->kofs = xreallocarray(d->kofs, d->cap * (d->nkeys ? d->nkeys : 1), sizeof(*d->kofs));
		d->khash = xreallocarray(d->khash, d->cap * (d->nkeys ? d->nkeys : 1), sizeof(*d->khash));
	}
	d->recoff[i] = d->arena.len;
	for (j = 0, total = 0; j < d->ncols; j++) {
		d->flen[i * d->ncols + j] = (uint32_t)rec->len[j];
		total += rec->len[j] + 1;
	}
	/* The reader lays fields out one after another: one copy, usually. */
	if (d->ncols > 0 && record_contiguous(rec))
		sb_add(&d->arena, rec->field[0], total);
	else
		for (j = 0; j < d->ncols; j++) {
			sb_add(&d->arena, rec->field[j], rec->len[j]);
			sb_addc(&d->arena, '\0');
		}
	d->line[i] = rec->line;
	d->file[i] = namelist_keep(&d->names, rec->file);
	d->parent[i] = i;
	d->reason[i] = 0;
	d->n++;
}

/* Key k's value for the record: its columns' normal forms joined; false if
 * any of them is unusable. */
static bool
key_value(struct dedupe *d, size_t k, const struct record *rec)
{
	const struct dedupe_key *key = &d->keys[k];
	size_t c;

	sb_reset(&d->key);
	sb_addc(&d->key, (char)k);
	for (c = 0; c < key->ncols; c++) {
		size_t col = (size_t)key->col[c];
		if (!role_normal(key->role[c], rec->field[col], rec->len[col], &d->part))
			return false;
		if (c > 0)
			sb_addc(&d->key, '\x1f');
		sb_add(&d->key, d->part.s, d->part.len);
	}
	return true;
}

void
dedupe_add(struct dedupe *d, const struct record *rec)
{
	size_t i = d->n, k;
	bool usable = false;

	keep_record(d, rec);
	/* Only the key values now: linking waits for dedupe_finish, where
	 * the table's slots can be fetched ahead of their use. */
	for (k = 0; k < d->nkeys; k++) {
		size_t *at = &d->kofs[i * d->nkeys + k];
		if (!key_value(d, k, rec)) {
			*at = SIZE_MAX;
			continue;
		}
		usable = true;
		*at = d->keytext.len;
		d->khash[i * d->nkeys + k] = hash_bytes(d->key.s, d->key.len);
		/* Length first: the values are binary (a key number, \x1f). */
		sb_add(&d->keytext, &d->key.len, sizeof(d->key.len));
		sb_add(&d->keytext, d->key.s, d->key.len);
	}
	if (!usable)
		d->reason[i] = NO_KEY;
}

#define LINK_AHEAD 16     /* table slots fetched this many keys ahead */

static bool
same_key(const struct dedupe *d, size_t x, size_t y)
{
	size_t lx, ly;

	memcpy(&lx, d->keytext.s + d->kofs[x], sizeof(lx));
	memcpy(&ly, d->keytext.s + d->kofs[y], sizeof(ly));
	return lx == ly && memcmp(d->keytext.s + d->kofs[x] + sizeof(lx),
	    d->keytext.s + d->kofs[y] + sizeof(ly), lx) == 0;
}

/* Join every record to the first earlier record with an equal key value.
 * The table holds only the number of a (record, key) value, four bytes a
 * slot, its hash and text being in khash and keytext: small enough to
 * stay in the cache where a general hash table would not. */
void
dedupe_link_key(struct dedupe *d, size_t a, size_t b, size_t k)
{
	d->reason[a] |= UINT32_C(1) << k;
	d->reason[b] |= UINT32_C(1) << k;
	join(d, a, b);
}

static void
link_key_pair(void *ctx, size_t first, size_t i, size_t k)
{
	dedupe_link_key(ctx, first, i, k);
}

void
dedupe_link_keys(struct dedupe *d)
{
	dedupe_each_key_pair(d, link_key_pair, d);
}

void
dedupe_each_key_pair(struct dedupe *d, void (*fn)(void *ctx, size_t first, size_t i, size_t k),
    void *ctx)
{
	size_t total = d->n * d->nkeys, cap = 16, mask, x, y, at;
	uint32_t *slot;

	if (d->keys_linked)
		return;
	d->keys_linked = true;
	if (total >= UINT32_MAX)
		cust_oom_hook();     /* 4G key values would not fit in memory anyway */
	while (cap < 2 * total)
		cap *= 2;
	mask = cap - 1;
	slot = xcalloc(cap, sizeof(*slot));
	for (x = 0; x < total; x++) {
		size_t i = x / d->nkeys, k = x % d->nkeys, first;
		if (x + LINK_AHEAD < total && d->kofs[x + LINK_AHEAD] != SIZE_MAX)
			__builtin_prefetch(&slot[d->khash[x + LINK_AHEAD] & mask]);
		if (d->kofs[x] == SIZE_MAX)
			continue;
		for (at = d->khash[x] & mask; slot[at] != 0; at = (at + 1) & mask) {
			y = slot[at] - 1;
			if (d->khash[y] == d->khash[x] && same_key(d, x, y))
				break;
		}
		if (slot[at] == 0) {
			slot[at] = (uint32_t)(x + 1);
			continue;
		}
		first = (slot[at] - 1) / d->nkeys;
		fn(ctx, first, i, k);
	}
	free(slot);
}

bool
dedupe_joined(struct dedupe *d, size_t a, size_t b)
{
	return root(d, a) == root(d, b);
}

bool
dedupe_key_column(const struct dedupe *d, long col)
{
	size_t k, c;

	for (k = 0; k < d->nkeys; k++)
		for (c = 0; c < d->keys[k].ncols; c++)
			if (d->keys[k].col[c] == col)
				return true;
	return false;
}

void
dedupe_mark_compared(struct dedupe *d, size_t i)
{
	if (d->reason[i] == NO_KEY)
		d->reason[i] = 0;
}

void
dedupe_link_similar(struct dedupe *d, size_t a, size_t b)
{
	dedupe_mark_compared(d, a);
	dedupe_mark_compared(d, b);
	d->reason[a] |= SIMILAR;
	d->reason[b] |= SIMILAR;
	join(d, a, b);
}

void
dedupe_finish(struct dedupe *d)
{
	size_t i, c, *fill;

	dedupe_link_keys(d);
	d->cluster = xcalloc(d->n + 1, sizeof(*d->cluster));
	for (i = 0; i < d->n; i++) {
		size_t r = root(d, i);
		/* r <= i, so its cluster is numbered already. */
		d->cluster[i] = r == i ? ++d->nclusters : d->cluster[r];
	}
	/* Members by cluster, in input order (a counting sort). */
	d->start = xcalloc(d->nclusters + 2, sizeof(*d->start));
	d->member = xcalloc(d->n + 1, sizeof(*d->member));
	for (i = 0; i < d->n; i++)
		d->start[d->cluster[i] + 1]++;
	for (c = 1; c <= d->nclusters + 1; c++)
		d->start[c] += d->start[c - 1];
	fill = xcalloc(d->nclusters + 2, sizeof(*fill));
	memcpy(fill, d->start, (d->nclusters + 2) * sizeof(*fill));
	for (i = 0; i < d->n; i++)
		d->member[fill[d->cluster[i]]++] = i;
	free(fill);
}

size_t dedupe_records(const struct dedupe *d) { return d->n; }
size_t dedupe_clusters(const struct dedupe *d) { return d->nclusters; }
size_t dedupe_duplicates(const struct dedupe *d) { return d->n - d->nclusters; }
long dedupe_line(const struct dedupe *d, size_t i) { return d->line[i]; }
const char *dedupe_file(const struct dedupe *d, size_t i) { return d->file[i]; }
size_t dedupe_cluster(const struct dedupe *d, size_t i) { return d->cluster[i]; }

const char *
dedupe_name(const struct dedupe *d, size_t i, long id_col, struct strbuf *out)
{
	const char *p = d->arena.s + d->recoff[i];
	size_t j;

	if (id_col >= 0) {
		for (j = 0; j < (size_t)id_col; j++)
			p += d->flen[i * d->ncols + j] + 1;
		if (d->flen[i * d->ncols + (size_t)id_col] > 0) {
			sb_add(out, p, d->flen[i * d->ncols + (size_t)id_col]);
			return sb_str(out);
		}
	}
	sb_addf(out, "%s:%ld", d->file[i], d->line[i]);
	return sb_str(out);
}

bool
dedupe_is_first(const struct dedupe *d, size_t i)
{
	return d->parent[i] == i;
}

void
dedupe_record(const struct dedupe *d, size_t i, char **vals, size_t *lens)
{
	char *p = d->arena.s + d->recoff[i];
	size_t j;

	for (j = 0; j < d->ncols; j++) {
		vals[j] = p;
		lens[j] = d->flen[i * d->ncols + j];
		p += lens[j] + 1;
	}
}

const char *
dedupe_reason(const struct dedupe *d, size_t i, struct strbuf *buf)
{
	size_t k;

	sb_reset(buf);
	if (d->reason[i] == NO_KEY)
		return "no usable key";
	for (k = 0; k < d->nkeys; k++)
		if (d->reason[i] & (UINT32_C(1) << k))
			sb_addf(buf, "%s%s", buf->len ? ", " : "", d->keys[k].label);
	if (d->reason[i] & SIMILAR)
		sb_addf(buf, "%ssimilar", buf->len ? ", " : "");
	return sb_str(buf);
}

const size_t *
dedupe_members(struct dedupe *d, size_t c, size_t *n)
{
	*n = d->start[c + 1] - d->start[c];
	return d->member + d->start[c];
}

static size_t
filled(const struct dedupe *d, size_t i)
{
	const char *p = d->arena.s + d->recoff[i];
	size_t j, k = 0, n;

	for (j = 0; j < d->ncols; j++) {
		n = d->flen[i * d->ncols + j];
		if (n > 0 && !is_placeholder(p, n))
			k++;
		p += n + 1;
	}
	return k;
}

/* Seconds since the epoch of the date in column col, or INT64_MIN. */
static int64_t
record_time(const struct dedupe *d, size_t i, long col)
{
	const char *p = d->arena.s + d->recoff[i], *why;
	struct datetime dt;
	size_t j;

	for (j = 0; j < (size_t)col; j++)
		p += d->flen[i * d->ncols + j] + 1;
	if (datetime_parse(p, d->flen[i * d->ncols + (size_t)col], &dt, &why) != VALUE_OK)
		return INT64_MIN;
	return (int64_t)date_to_days(dt.date) * 86400 + dt.hour * 3600 + dt.min * 60 + dt.sec;
}

size_t
dedupe_survivor(const struct dedupe *d, const size_t *m, size_t n, enum keep rule, long newest_col)
{
	size_t best = m[0], k;

	switch (rule) {
	case KEEP_FIRST:
		break;
	case KEEP_LAST:
		best = m[n - 1];
		break;
	case KEEP_COMPLETE:
		/* Ties go to the earlier record. */
		for (k = 1; k < n; k++)
			if (filled(d, m[k]) > filled(d, best))
				best = m[k];
		break;
	case KEEP_NEWEST:
		for (k = 1; k < n; k++)
			if (record_time(d, m[k], newest_col) > record_time(d, best, newest_col))
				best = m[k];
		break;
	}
	return best;
}

/* Append the value's form for comparison to d->forms: its normal form by
 * the column's role, or the value itself when it has none.  Returns the
 * form's length. */
static size_t
value_form(struct dedupe *d, size_t col, const char *s, size_t n)
{
	if (role_normal(d->colrole[col], s, n, &d->part)) {
		sb_add(&d->forms, d->part.s, d->part.len);
		return d->part.len;
	}
	sb_add(&d->forms, s, n);
	return n;
}

void
dedupe_merge(struct dedupe *d, size_t c, enum keep rule, long newest_col, long id_col,
    char **vals, size_t *lens, struct strbuf *ids, struct strbuf *conflicts)
{
	size_t n, k, col, j, best;
	const size_t *m = dedupe_members(d, c, &n);
	char **other;
	size_t *olen, *listed, *listlen;
	struct strbuf *seen = &d->listing;

	if (d->other == NULL) {
		d->other = xcalloc(d->ncols + 1, sizeof(char *));
		d->olen = xcalloc(d->ncols + 1, sizeof(size_t));
	}
	if (n + 1 > d->nlisted) {
		d->listed = xreallocarray(d->listed, n + 1, sizeof(size_t));
		d->listlen = xreallocarray(d->listlen, n + 1, sizeof(size_t));
		d->nlisted = n + 1;
	}
	other = d->other;
	olen = d->olen;
	listed = d->listed;
	listlen = d->listlen;

	best = dedupe_survivor(d, m, n, rule, newest_col);
	dedupe_record(d, best, vals, lens);
	sb_reset(ids);
	sb_reset(conflicts);
	for (k = 0; k < n; k++) {
		if (ids->len > 0)
			sb_adds(ids, "; ");
		dedupe_name(d, m[k], id_col, ids);
	}
	for (col = 0; col < d->ncols && n > 1; col++) {
		/* Fill from the first member that has a value. */
		for (k = 0; k < n && (lens[col] == 0 || is_placeholder(vals[col], lens[col])); k++) {
			dedupe_record(d, m[k], other, olen);
			if (olen[col] > 0 && !is_placeholder(other[col], olen[col])) {
				vals[col] = other[col];
				lens[col] = olen[col];
			}
		}
		/* Every other value the members hold, once each (their ids
		 * are in merged_ids already), compared in normal form: each
		 * member's value is normalised once. */
		if ((long)col == id_col)
			continue;
		sb_reset(seen);
		sb_reset(&d->forms);
		for (k = 0, j = 0; k < n; k++) {
			size_t q, at, len;
			if (m[k] == best)
				continue;
			dedupe_record(d, m[k], other, olen);
			if (olen[col] == 0 || (olen[col] == lens[col] &&
			    memcmp(other[col], vals[col], lens[col]) == 0) ||
			    is_placeholder(other[col], olen[col]))
				continue;
			if (j == 0) {
				/* The kept value's form, when first needed. */
				listed[0] = 0;
				listlen[j++] = value_form(d, col, vals[col], lens[col]);
			}
			at = d->forms.len;
			len = value_form(d, col, other[col], olen[col]);
			for (q = 0; q < j; q++)
				if (listlen[q] == len &&
				    memcmp(d->forms.s + listed[q], d->forms.s + at, len) == 0)
					break;
			if (q < j) {
				d->forms.len = at;
				continue;
			}
			listed[j] = at;
			listlen[j++] = len;
			sb_adds(seen, " | ");
			sb_add(seen, other[col], olen[col]);
		}
		j = j > 0 ? j - 1 : 0;
		if (j > 0)
			sb_addf(conflicts, "%s%s: %.*s%s", conflicts->len ? "; " : "", d->h->names[col],
			    (int)lens[col], vals[col], seen->s);
	}
}
