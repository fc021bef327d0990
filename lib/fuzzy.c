/* fuzzy.c — Fellegi-Sunter matching with EM; see fuzzy.h. */
#include "fuzzy.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "compare.h"
#include "hash.h"
#include "value.h"

#define U_SAMPLE 200000         /* random pairs for the u probabilities */
#define EM_ROUNDS 40
#define MISSING (-1)

enum kind { TEXT, DIGITS };

struct field {
	long col;
	enum kind kind;
	enum role role;
};

/* A comparison pattern (the levels of every field) and how many
 * candidates have it: EM works on patterns, not on pairs. */
struct pattern {
	int8_t *level;
	double count, p;
};

struct fuzzy {
	struct dedupe *d;
	size_t nrec, nf, ncols;
	struct field *f;
	long *cols;
	struct strbuf text;         /* normal values */
	size_t *off;                /* record i, field k at i * nf + k; SIZE_MAX: missing */
	uint32_t *len;
	uint32_t *count;            /* how many records hold that same value */
	size_t filled[32];          /* records with a value, per field */
	double m[32][FUZZY_LEVELS], u[32][FUZZY_LEVELS], lambda;
	bool keycol[32];            /* the field is a key column */
	struct pattern *pat;        /* the candidates' comparison patterns */
	size_t npat;
	struct hash *patindex;      /* levels -> index in pat */
	uint64_t *cand;             /* candidate pairs of records, a << 32 | b */
	uint32_t *candpat;          /* each candidate's pattern */
	size_t ncand;
	struct fuzzy_pair **out;    /* pairs at or above the threshold */
	size_t nout, capout;
	double threshold;
};

static const char *const level_names[FUZZY_LEVELS] = {"different", "similar", "close", "typo", "same"};

const char *
fuzzy_level_name(int level)
{
	return level < 0 ? "missing" : level_names[level];
}

/* Roles that describe an account or an order, not the person. */
static bool
identifying(enum role r)
{
	switch (r) {
	case ROLE_ID: case ROLE_SIGNUP_DATE: case ROLE_ORDER_ID: case ROLE_ORDER_DATE:
	case ROLE_AMOUNT: case ROLE_STATUS: case ROLE_QUANTITY: case ROLE_PRICE:
	case ROLE_CATEGORY: case ROLE_GRADE:
		return false;
	default:
		return true;
	}
}

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* The value as compared: phones and dates as digits, other text by
 * text_key; false when missing or a placeholder. */
static bool
normal(const struct field *f, const char *s, size_t n, struct strbuf *out)
{
	struct date d;
	const char *why;
	size_t i;

	sb_reset(out);
	if (f->role == ROLE_BIRTH_DATE) {
		char buf[16];
		s = trim_space(s, n, &n);
		if (n == 0 || is_placeholder(s, n))
			return false;
		if (date_parse(s, n, &d, &why) == VALUE_OK) {
			/* 1985-03-04 as 19850304: digits, compared by edits. */
			date_format(d, buf);
			for (i = 0; i < 10; i++)
				if (buf[i] != '-')
					sb_addc(out, buf[i]);
			return true;
		}
	}
	if (!dedupe_normal(f->role == ROLE_BIRTH_DATE ? ROLE_NONE : f->role, s, n, out))
		return false;
	if (f->role == ROLE_PHONE && out->s[0] == '+') {
		memmove(out->s, out->s + 1, out->len);
		out->len--;
	}
	return true;
}

/* Which columns to compare, and how: digits when nearly all values are. */
static void
choose_fields(struct fuzzy *z, const struct header *h, const struct roles *roles,
    const struct fuzzy_opts *o)
{
	struct strbuf v = STRBUF_INIT;
	char **vals = xcalloc(h->n + 1, sizeof(char *));
	size_t *lens = xcalloc(h->n + 1, sizeof(size_t)), c, i, filled, digits, step;

	z->ncols = h->n;
	z->f = xcalloc(h->n + 1, sizeof(*z->f));
	z->cols = xcalloc(h->n + 1, sizeof(long));
	for (c = 0; c < h->n && z->nf < 32; c++) {
		enum role r = roles_of_column(roles, c);
		bool wanted = false;
		if (o->compare != NULL) {
			for (i = 0; i < o->ncompare; i++)
				wanted |= o->compare[i] == (long)c;
		} else	/* which file a record came from says nothing of the person */
			wanted = identifying(r) && strcmp(h->names[c], SOURCE_COLUMN) != 0;
		if (!wanted)
			continue;
		z->f[z->nf].col = (long)c;
		z->f[z->nf].role = r;
		z->f[z->nf].kind = TEXT;
		/* A sample of the values decides text or digits. */
		step = z->nrec / 1000 + 1;
		for (i = 0, filled = 0, digits = 0; i < z->nrec; i += step) {
			dedupe_record(z->d, i, vals, lens);
			if (!normal(&z->f[z->nf], vals[c], lens[c], &v))
				continue;
			filled++;
			digits += all_digits(v.s, v.len);
		}
		if (r == ROLE_PHONE || r == ROLE_BIRTH_DATE || (filled > 0 && digits * 10 >= filled * 9))
			z->f[z->nf].kind = DIGITS;
		z->cols[z->nf] = (long)c;
		z->nf++;
	}
	sb_free(&v);
	free(vals);
	free(lens);
}

/* How common each value is: agreeing on 张伟 says less than agreeing on
 * 欧阳建华, and the score says so (a term-frequency adjustment). */
static void
count_values(struct fuzzy *z)
{
	struct hash *seen = hash_new();
	struct strbuf key = STRBUF_INIT;
	size_t i, k, x;
	bool added;

	z->count = xcalloc(z->nrec * z->nf + 1, sizeof(*z->count));
	for (int pass = 0; pass < 2; pass++)
		for (i = 0; i < z->nrec; i++)
			for (k = 0; k < z->nf; k++) {
				uint64_t *c;
				if ((x = z->off[i * z->nf + k]) == SIZE_MAX)
					continue;
				sb_reset(&key);
				sb_addc(&key, (char)k);
				sb_add(&key, z->text.s + x, z->len[i * z->nf + k]);
				c = hash_put(seen, key.s, key.len, &added);
				if (pass == 0) {
					++*c;
					z->filled[k]++;
				} else
					z->count[i * z->nf + k] = (uint32_t)*c;
			}
	sb_free(&key);
	hash_free(seen);
}

static void
normalise_all(struct fuzzy *z)
{
	struct strbuf v = STRBUF_INIT;
	char **vals = xcalloc(z->ncols + 1, sizeof(char *));
	size_t *lens = xcalloc(z->ncols + 1, sizeof(size_t)), i, k;

	z->off = xcalloc(z->nrec * z->nf + 1, sizeof(*z->off));
	z->len = xcalloc(z->nrec * z->nf + 1, sizeof(*z->len));
	for (i = 0; i < z->nrec; i++) {
		dedupe_record(z->d, i, vals, lens);
		for (k = 0; k < z->nf; k++) {
			size_t col = (size_t)z->f[k].col;
			if (!normal(&z->f[k], vals[col], lens[col], &v)) {
				z->off[i * z->nf + k] = SIZE_MAX;
				continue;
			}
			z->off[i * z->nf + k] = z->text.len;
			z->len[i * z->nf + k] = (uint32_t)v.len;
			sb_add(&z->text, v.s, v.len);
			dedupe_mark_compared(z->d, i);
		}
	}
	count_values(z);
	sb_free(&v);
	free(vals);
	free(lens);
}

/* The level of field k for records a and b. */
static int
level(const struct fuzzy *z, size_t a, size_t b, size_t k)
{
	size_t oa = z->off[a * z->nf + k], ob = z->off[b * z->nf + k];
	size_t la, lb, na, nb, ed;
	uint32_t ca[COMPARE_MAX], cb[COMPARE_MAX];
	double jw;

	if (oa == SIZE_MAX || ob == SIZE_MAX)
		return MISSING;
	la = z->len[a * z->nf + k];
	lb = z->len[b * z->nf + k];
	if (la == lb && memcmp(z->text.s + oa, z->text.s + ob, la) == 0)
		return 4;
	na = utf8_decode(z->text.s + oa, la, ca, COMPARE_MAX);
	nb = utf8_decode(z->text.s + ob, lb, cb, COMPARE_MAX);
	ed = edit_distance(ca, na, cb, nb, 2);
	if (z->f[k].kind == DIGITS)
		return ed <= 1 ? 3 : ed == 2 ? 2 : 0;
	/* A one-character name differs in every edit: only equal counts. */
	if (ed <= 1 && na > 1 && nb > 1)
		return 3;
	jw = jaro_winkler(ca, na, cb, nb);
	return jw >= 0.9 ? 2 : jw >= 0.8 ? 1 : 0;
}

static uint64_t
rng_next(uint64_t *s)
{
	/* splitmix64: a fixed seed, so that the same input gives the same
	 * clusters on every run. */
	uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* u: how often each level occurs between records picked at random. */
static void
estimate_u(struct fuzzy *z)
{
	double count[32][FUZZY_LEVELS] = {{0}}, total[32] = {0};
	uint64_t seed = 42;
	size_t s, k, a, b, samples = U_SAMPLE;
	int l;

	if (z->nrec < 2)
		samples = 0;
	for (s = 0; s < samples; s++) {
		a = (size_t)(rng_next(&seed) % z->nrec);
		b = (size_t)(rng_next(&seed) % z->nrec);
		if (a == b)
			continue;
		for (k = 0; k < z->nf; k++) {
			if ((l = level(z, a, b, k)) == MISSING)
				continue;
			count[k][l]++;
			total[k]++;
		}
	}
	for (k = 0; k < z->nf; k++)
		for (l = 0; l < FUZZY_LEVELS; l++)
			/* Smoothed: a level never seen at random is rare, not
			 * impossible. */
			z->u[k][l] = (count[k][l] + 0.5) / (total[k] + 0.5 * FUZZY_LEVELS);
}

/* --- candidates ------------------------------------------------------------ */

struct member {
	uint64_t hash;
	uint32_t rec;
};

static int
cmp_member(const void *x, const void *y)
{
	const struct member *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

static int
cmp_cand(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The records of candidate x. */
static void
cand_records(const struct fuzzy *z, size_t x, size_t *a, size_t *b)
{
	*a = (size_t)(z->cand[x] >> 32);
	*b = (size_t)(z->cand[x] & 0xFFFFFFFFu);
}

static void
add_pair(struct fuzzy *z, size_t *cap, uint32_t a, uint32_t b)
{
	if (z->ncand == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		z->cand = xreallocarray(z->cand, *cap, sizeof(*z->cand));
	}
	z->cand[z->ncand++] = (uint64_t)a << 32 | b;
}

/* Pairs from one blocking rule: records whose block values hash alike
 * (a collision only adds a candidate, which comparison then rejects). */
static void
block_pairs(struct fuzzy *z, struct member *m, size_t nm, size_t *cap)
{
	size_t i, j, k;

	qsort(m, nm, sizeof(*m), cmp_member);
	for (i = 0; i < nm; i = j) {
		for (j = i + 1; j < nm && m[j].hash == m[i].hash; j++)
			;
		if (j - i < 2 || j - i > FUZZY_MAX_BLOCK)
			continue;
		for (k = i; k < j; k++) {
			size_t q;
			for (q = k + 1; q < j; q++)
				add_pair(z, cap, m[k].rec, m[q].rec);
		}
	}
}

static void
find_candidates(struct fuzzy *z, const struct header *h, const struct fuzzy_opts *o)
{
	struct member *m = xcalloc(z->nrec + 1, sizeof(*m));
	struct strbuf v = STRBUF_INIT, key = STRBUF_INIT;
	char **vals = xcalloc(h->n + 1, sizeof(char *));
	size_t *lens = xcalloc(h->n + 1, sizeof(size_t));
	size_t cap = 0, nm, i, k, r, c, u;

	if (o->nblocks > 0) {
		for (r = 0; r < o->nblocks; r++) {
			const struct dedupe_key *b = &o->blocks[r];
			for (i = 0, nm = 0; i < z->nrec; i++) {
				bool ok = true;
				dedupe_record(z->d, i, vals, lens);
				sb_reset(&key);
				for (c = 0; c < b->ncols && ok; c++) {
					ok = dedupe_normal(b->role[c], vals[b->col[c]], lens[b->col[c]], &v);
					sb_add(&key, v.s, v.len);
					sb_addc(&key, '\x1f');
				}
				if (ok)
					m[nm++] = (struct member){hash_bytes(key.s, key.len), (uint32_t)i};
			}
			block_pairs(z, m, nm, &cap);
		}
	} else {
		/* One rule per field: two records that agree exactly on any
		 * one field are compared on all of them. */
		for (k = 0; k < z->nf; k++) {
			for (i = 0, nm = 0; i < z->nrec; i++) {
				size_t off = z->off[i * z->nf + k];
				if (off != SIZE_MAX)
					m[nm++] = (struct member){hash_bytes(z->text.s + off,
					    z->len[i * z->nf + k]), (uint32_t)i};
			}
			block_pairs(z, m, nm, &cap);
		}
	}
	/* One candidate per pair, however many blocks gave it. */
	qsort(z->cand, z->ncand, sizeof(*z->cand), cmp_cand);
	for (i = 0, u = 0; i < z->ncand; i++)
		if (u == 0 || z->cand[i] != z->cand[u - 1])
			z->cand[u++] = z->cand[i];
	z->ncand = u;
	sb_free(&v);
	sb_free(&key);
	free(vals);
	free(lens);
	free(m);
}

/* --- EM ---------------------------------------------------------------------- */

static size_t
pattern_of(struct fuzzy *z, const int8_t *lv)
{
	bool added;
	uint64_t *slot = hash_put(z->patindex, (const char *)lv, z->nf, &added);

	if (added) {
		if ((z->npat & (z->npat - 1)) == 0)     /* 0, 1, 2, 4, ...: doubling */
			z->pat = xreallocarray(z->pat, z->npat ? 2 * z->npat : 1, sizeof(*z->pat));
		z->pat[z->npat].level = xmalloc(z->nf + 1);
		memcpy(z->pat[z->npat].level, lv, z->nf);
		z->pat[z->npat].count = 0;
		*slot = z->npat++;
	}
	z->pat[*slot].count++;
	return (size_t)*slot;
}

/* Each candidate's comparison pattern, counted: EM works on patterns. */
static void
count_patterns(struct fuzzy *z)
{
	int8_t lv[32];
	size_t x, k, a, b;

	z->patindex = hash_new();
	z->candpat = xcalloc(z->ncand + 1, sizeof(*z->candpat));
	for (x = 0; x < z->ncand; x++) {
		cand_records(z, x, &a, &b);
		for (k = 0; k < z->nf; k++)
			lv[k] = (int8_t)level(z, a, b, k);
		z->candpat[x] = (uint32_t)pattern_of(z, lv);
	}
}

static double
pattern_probability(const struct fuzzy *z, const struct pattern *p)
{
	double w = log(z->lambda / (1 - z->lambda));
	size_t k;

	for (k = 0; k < z->nf; k++)
		if (p->level[k] != MISSING)
			w += log(z->m[k][p->level[k]] / z->u[k][p->level[k]]);
	return 1 / (1 + exp(-w));
}

#define MIN_LABELLED 20      /* key-linked pairs needed to learn m from them */

/* m from the candidates the exact keys have already joined: what matches
 * look like in this very table.  A key column is learnt only from pairs
 * another key joined (in those its own agreement is not forced by the way
 * the pairs were chosen).  Sets learnt[k] for the columns with enough
 * pairs; returns false when there are too few joined pairs at all. */
static bool
learn_m_from_keys(struct fuzzy *z, bool *learnt)
{
	double count[32][FUZZY_LEVELS] = {{0}}, total[32] = {0};
	size_t x, k, j, n = 0;
	int l;

	for (x = 0; x < z->ncand; x++) {
		const struct pattern *p = &z->pat[z->candpat[x]];
		size_t a, b;
		cand_records(z, x, &a, &b);
		if (!dedupe_joined(z->d, a, b))
			continue;
		n++;
		for (k = 0; k < z->nf; k++) {
			if ((l = p->level[k]) == MISSING)
				continue;
			if (z->keycol[k]) {
				for (j = 0; j < z->nf; j++)
					if (j != k && z->keycol[j] && p->level[j] == 4)
						break;
				if (j == z->nf)
					continue;
			}
			count[k][l]++;
			total[k]++;
		}
	}
	if (n < MIN_LABELLED)
		return false;
	for (k = 0; k < z->nf; k++) {
		if (total[k] < MIN_LABELLED)
			continue;
		learnt[k] = true;
		for (l = 0; l < FUZZY_LEVELS; l++)
			z->m[k][l] = (count[k][l] + 0.5) / (total[k] + 0.5 * FUZZY_LEVELS);
	}
	return true;
}

static void
expectation_maximisation(struct fuzzy *z)
{
	double num[32][FUZZY_LEVELS], den[32], matches, total;
	bool fixed[32] = {false}, from_keys;
	size_t round, q, k;
	int l;

	/* Start from "the same value is far likelier among matches".  With
	 * enough pairs the keys have joined, m comes from them and stays: EM
	 * then only finds the share of matches (and m for columns the keys
	 * say nothing about), and cannot wander off to a pattern that is
	 * common but means nothing (same name and same sex, in Chinese
	 * data).  Without keys, EM finds all of m. */
	for (k = 0; k < z->nf; k++) {
		z->keycol[k] = dedupe_key_column(z->d, z->f[k].col);
		for (l = 0; l < FUZZY_LEVELS; l++)
			z->m[k][l] = l == 4 ? 0.8 : 0.05;
	}
	from_keys = learn_m_from_keys(z, fixed);
	z->lambda = 0.1;
	for (round = 0; round < EM_ROUNDS && z->npat > 0; round++) {
		memset(num, 0, sizeof(num));
		memset(den, 0, sizeof(den));
		matches = total = 0;
		for (q = 0; q < z->npat; q++) {
			struct pattern *p = &z->pat[q];
			double e = pattern_probability(z, p) * p->count;
			matches += e;
			total += p->count;
			for (k = 0; k < z->nf; k++)
				if (p->level[k] != MISSING) {
					num[k][p->level[k]] += e;
					den[k] += e;
				}
		}
		z->lambda = (matches + 1) / (total + 2);
		for (k = 0; k < z->nf; k++)
			if (!fixed[k])
				for (l = 0; l < FUZZY_LEVELS; l++)
					z->m[k][l] = (num[k][l] + 0.5) / (den[k] + 0.5 * FUZZY_LEVELS);
	}
	for (q = 0; q < z->npat; q++)
		z->pat[q].p = pattern_probability(z, &z->pat[q]);
	if (getenv("CUSTKIT_FUZZY_TRACE") != NULL) {
		/* The fitted model, for whoever tunes the comparisons. */
		fprintf(stderr, "fuzzy: %zu candidates, %zu patterns, lambda %.6f, m %s\n", z->ncand,
		    z->npat, z->lambda, from_keys ? "from key-joined pairs" : "by EM");
		for (k = 0; k < z->nf; k++) {
			fprintf(stderr, "  field %ld (%s):", z->f[k].col, z->f[k].kind == DIGITS ? "digits" : "text");
			for (l = 0; l < FUZZY_LEVELS; l++)
				fprintf(stderr, " %s m=%.4f u=%.6f", level_names[l], z->m[k][l], z->u[k][l]);
			fputc('\n', stderr);
		}
	}
}

/* --- the run ----------------------------------------------------------------- */

/* The pattern's probability with each agreement weighed by how common
 * the shared value is: u for "the same" is at least the value's share. */
static double
pair_probability(const struct fuzzy *z, const struct pattern *p, size_t a)
{
	double w = log(p->p / (1 - p->p)), share;
	size_t k;

	if (p->p <= 0 || p->p >= 1)
		return p->p;
	for (k = 0; k < z->nf; k++) {
		if (p->level[k] != 4)
			continue;
		share = (double)z->count[a * z->nf + k] / (double)z->filled[k];
		if (share > z->u[k][4])
			w += log(z->u[k][4] / share);
	}
	return 1 / (1 + exp(-w));
}

struct fuzzy *
fuzzy_run(struct dedupe *d, const struct header *h, const struct roles *roles,
    const struct fuzzy_opts *o)
{
	struct fuzzy *z = xcalloc(1, sizeof(*z));
	size_t x, k;

	z->d = d;
	z->nrec = dedupe_records(d);
	z->threshold = o->threshold;
	dedupe_link_keys(d);
	choose_fields(z, h, roles, o);
	if (z->nf == 0 || z->nrec < 2 || z->nrec >= UINT32_MAX)
		return z;
	normalise_all(z);
	estimate_u(z);
	find_candidates(z, h, o);
	count_patterns(z);
	expectation_maximisation(z);
	for (x = 0; x < z->ncand; x++) {
		const struct pattern *p = &z->pat[z->candpat[x]];
		size_t a, b;
		struct fuzzy_pair *fp;
		double prob;
		cand_records(z, x, &a, &b);
		if ((prob = pair_probability(z, p, a)) < z->threshold)
			continue;
		fp = xmalloc(sizeof(*fp) + z->nf);
		fp->a = a;
		fp->b = b;
		fp->p = prob;
		for (k = 0; k < z->nf; k++)
			fp->level[k] = p->level[k];
		if (z->nout == z->capout) {
			z->capout = z->capout ? z->capout * 2 : 256;
			z->out = xreallocarray(z->out, z->capout, sizeof(*z->out));
		}
		z->out[z->nout++] = fp;
		dedupe_link_similar(d, fp->a, fp->b);
	}
	return z;
}

void
fuzzy_free(struct fuzzy *z)
{
	size_t i;

	if (z == NULL)
		return;
	for (i = 0; i < z->npat; i++)
		free(z->pat[i].level);
	for (i = 0; i < z->nout; i++)
		free(z->out[i]);
	free(z->out);
	free(z->pat);
	hash_free(z->patindex);
	free(z->cand);
	free(z->candpat);
	free(z->off);
	free(z->len);
	free(z->count);
	free(z->f);
	free(z->cols);
	sb_free(&z->text);
	free(z);
}

size_t
fuzzy_fields(const struct fuzzy *z, const long **cols)
{
	*cols = z->cols;
	return z->nf;
}

size_t fuzzy_pairs(const struct fuzzy *z) { return z->nout; }
const struct fuzzy_pair *fuzzy_pair(const struct fuzzy *z, size_t k) { return z->out[k]; }
size_t fuzzy_candidates(const struct fuzzy *z) { return z->ncand; }
