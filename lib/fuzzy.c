/* fuzzy.c — Fellegi-Sunter matching with EM; see fuzzy.h. */
#include "fuzzy.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "hash.h"
#include "linkage.h"
#include "value.h"

#define U_SAMPLE 200000         /* random pairs for the u probabilities */
#define EM_ROUNDS 100
#define EM_TOLERANCE 1e-6
#define MIN_LABELLED 20         /* key-joined pairs needed to start m from them */
#define SHARE_CAP 20            /* records holding one phone that make it a shared one */
#define SUPPORT 0.5 /* mean probability across two clusters to join them */
#define MISSING (-1)
#define SHARED (-2)

struct field {
	long col;
	enum cmp_kind kind;
	enum role role;
	int nlev;
	int partner;                /* given name <-> surname, for swaps; -1 */
	bool shareable;             /* a phone, e-mail or address: may be a household's */
};

/* A comparison pattern (the levels of every field) and how many
 * candidates have it: EM works on patterns, not on pairs. */
struct pattern {
	int8_t *level;
	double count, p;
};

struct key_pair {
	uint32_t a, b;
	uint8_t k;
};

struct fuzzy {
	struct dedupe *d;
	size_t nrec, nf, ncols;
	struct field *f;
	long *cols;
	int namefield;              /* whose disagreement makes a value shared; -1 */
	struct strbuf text;         /* normal values */
	size_t *off;                /* record i, field k at i * nf + k; SIZE_MAX: missing */
	uint32_t *len;
	uint32_t *count;            /* how many records hold that same value */
	uint8_t *shared;            /* the value is a household's or a company's */
	size_t filled[FUZZY_MAX_FIELDS];
	double m[FUZZY_MAX_FIELDS][LEVELS_MAX], u[FUZZY_MAX_FIELDS][LEVELS_MAX], lambda;
	size_t rounds;
	bool m_from_keys;
	struct key_pair *kp;        /* pairs the keys would join, accepted */
	size_t nkp, capkp, keys_refused;
	struct pattern *pat;
	size_t npat;
	struct hash *patindex;
	uint64_t *cand;             /* candidate pairs of records, a << 32 | b, sorted */
	uint32_t *candpat;
	float *candp;               /* each candidate's match probability */
	uint8_t *candkey;           /* the keys join it */
	size_t ncand;
	size_t *out;                /* candidates at or above the threshold */
	size_t nout;
	double threshold;
	size_t max_cluster;
	size_t *label;              /* each record's cluster (its first record) */
	size_t *group;              /* the records its links join transitively */
	bool *flagged;              /* by group: held at max_cluster */
	size_t nflagged;
	struct linkage_stats ls;
	struct strbuf excluded;     /* columns left out, and why, for --explain */
	struct strbuf scratch;      /* fuzzy_group's members */
	bool dates_kept_well;       /* one name, one phone: one date, nearly always */
};

const char *
fuzzy_level_name(const struct fuzzy *z, size_t k, int level)
{
	return level == SHARED ? "shared" : levels_name(z->f[k].kind, level);
}

/* Roles that describe an account or an order, not the person. */
static bool
identifying(enum role r)
{
	switch (r) {
	case ROLE_ID: case ROLE_SIGNUP_DATE: case ROLE_ORDER_ID: case ROLE_ORDER_DATE:
	case ROLE_AMOUNT: case ROLE_STATUS: case ROLE_QUANTITY: case ROLE_PRICE: case ROLE_GRADE:
		return false;
	default:
		return true;
	}
}

static enum cmp_kind
kind_of_role(enum role r)
{
	switch (r) {
	case ROLE_NAME: case ROLE_GIVEN_NAME: case ROLE_SURNAME: case ROLE_COMPANY: return CMP_NAME;
	case ROLE_BIRTH_DATE: return CMP_DATE;
	case ROLE_PHONE: return CMP_PHONE;
	case ROLE_EMAIL: return CMP_EMAIL;
	case ROLE_POSTCODE: return CMP_POSTCODE;
	case ROLE_ADDRESS: return CMP_ADDRESS;
	default: return CMP_TEXT;
	}
}

/* Titles say nothing of who it is: Mr Wang is 王先生 is 王. */
static void
drop_titles(struct strbuf *v)
{
	static const char *const before[] = {"mr ", "mrs ", "ms ", "miss ", "dr ", "mr. ", "mrs. ", "ms. ", "dr. "};
	static const char *const after[] = {"先生", "女士", "小姐", "太太"};
	size_t i, n;

	for (i = 0; i < ARRAY_LEN(before); i++) {
		n = strlen(before[i]);
		if (v->len > n && memcmp(v->s, before[i], n) == 0) {
			memmove(v->s, v->s + n, v->len - n);
			v->len -= n;
			break;
		}
	}
	for (i = 0; i < ARRAY_LEN(after); i++) {
		n = strlen(after[i]);
		if (v->len > n && memcmp(v->s + v->len - n, after[i], n) == 0) {
			v->len -= n;
			break;
		}
	}
	v->s[v->len] = '\0';
}

/* The value as compared: dates as YYYYMMDD, phones as digits, e-mails in
 * lower case, other text by text_key; false when missing or a
 * placeholder. */
static bool
normal(const struct field *f, const char *s, size_t n, struct strbuf *out)
{
	struct date d;
	const char *why;
	char buf[16];
	size_t i;

	sb_reset(out);
	if (f->kind == CMP_DATE) {
		s = trim_space(s, n, &n);
		if (n == 0 || is_placeholder(s, n))
			return false;
		if (date_parse(s, n, &d, &why) == VALUE_OK) {
			date_format(d, buf);
			for (i = 0; i < 10; i++)
				if (buf[i] != '-')
					sb_addc(out, buf[i]);
			return true;
		}
		return role_normal(ROLE_NONE, s, n, out);
	}
	if (!role_normal(f->kind == CMP_PHONE ? ROLE_PHONE : f->kind == CMP_EMAIL ? ROLE_EMAIL :
	    ROLE_NONE, s, n, out))
		return false;
	if (f->kind == CMP_PHONE && out->s[0] == '+') {
		memmove(out->s, out->s + 1, out->len);
		out->len--;
	}
	if (f->kind == CMP_NAME)
		drop_titles(out);
	return out->len > 0;
}

/* --- fields ------------------------------------------------------------- */

/* A column of numbers in which no value repeats numbers the rows: it
 * says nothing about who is who. */
static bool
row_numbers(struct fuzzy *z, const struct field *f, struct strbuf *v)
{
	struct hash *seen;
	char **vals;
	size_t *lens, i;
	bool added, unique = true;

	if (z->nrec < 20)
		return false;
	seen = hash_new();
	vals = xcalloc(z->ncols + 1, sizeof(char *));
	lens = xcalloc(z->ncols + 1, sizeof(size_t));
	for (i = 0; i < z->nrec && unique; i++) {
		dedupe_record(z->d, i, vals, lens);
		if (!normal(f, vals[f->col], lens[f->col], v) || !levels_all_digits(v->s, v->len))
			unique = false;
		else
			hash_put(seen, v->s, v->len, &added), unique = added;
	}
	hash_free(seen);
	free(vals);
	free(lens);
	return unique;
}

/* Text or digits: a column without a role is digits when nearly all its
 * values are. */
static enum cmp_kind
sample_kind(struct fuzzy *z, const struct field *f, struct strbuf *v)
{
	char **vals = xcalloc(z->ncols + 1, sizeof(char *));
	size_t *lens = xcalloc(z->ncols + 1, sizeof(size_t)), i, filled = 0, digits = 0;
	size_t step = z->nrec / 1000 + 1;

	for (i = 0; i < z->nrec; i += step) {
		dedupe_record(z->d, i, vals, lens);
		if (!normal(f, vals[f->col], lens[f->col], v))
			continue;
		filled++;
		digits += levels_all_digits(v->s, v->len);
	}
	free(vals);
	free(lens);
	return filled > 0 && digits * 10 >= filled * 9 ? CMP_DIGITS : CMP_TEXT;
}

static void
choose_fields(struct fuzzy *z, const struct header *h, const struct roles *roles,
    const struct fuzzy_opts *o)
{
	struct strbuf v = STRBUF_INIT;
	size_t c, i, k;
	int given = -1, sur = -1;

	z->ncols = h->n;
	z->f = xcalloc(h->n + 1, sizeof(*z->f));
	z->cols = xcalloc(h->n + 1, sizeof(long));
	z->namefield = -1;
	for (c = 0; c < h->n; c++) {
		enum role r = roles_of_column(roles, c);
		struct field *f = &z->f[z->nf];
		bool wanted = false;
		if (o->compare != NULL) {
			for (i = 0; i < o->ncompare; i++)
				wanted |= o->compare[i] == (long)c;
		} else if (!identifying(r)) {
			sb_addf(&z->excluded, "  column %s: not compared (its role, %s, is about the record)\n",
			    h->names[c], role_name(r));
		} else if (strcmp(h->names[c], SOURCE_COLUMN) == 0) {
			/* which file a record came from says nothing of the person */
			sb_addf(&z->excluded, "  column %s: not compared (the file a record came from)\n",
			    h->names[c]);
		} else
			wanted = true;
		if (!wanted)
			continue;
		if (z->nf == FUZZY_MAX_FIELDS) {
			sb_addf(&z->excluded, "  column %s: not compared (at most %d fields)\n", h->names[c],
			    FUZZY_MAX_FIELDS);
			continue;
		}
		f->col = (long)c;
		f->role = r;
		f->kind = kind_of_role(r);
		f->partner = -1;
		if (r == ROLE_NONE || f->kind == CMP_TEXT)
			f->kind = sample_kind(z, f, &v);
		if (o->compare == NULL && f->kind == CMP_DIGITS && row_numbers(z, f, &v)) {
			sb_addf(&z->excluded, "  column %s: not compared (numbers that never repeat: row numbers)\n",
			    h->names[c]);
			continue;
		}
		f->nlev = levels_count(f->kind);
		f->shareable = f->kind == CMP_PHONE || f->kind == CMP_EMAIL || f->kind == CMP_ADDRESS ||
		    f->kind == CMP_POSTCODE;
		if (r == ROLE_GIVEN_NAME)
			given = (int)z->nf;
		if (r == ROLE_SURNAME)
			sur = (int)z->nf;
		z->cols[z->nf++] = (long)c;
	}
	if (given >= 0 && sur >= 0) {
		z->f[given].partner = sur;
		z->f[sur].partner = given;
	}
	/* The name that tells people apart: the given name, else the name,
	 * else the company's. */
	for (k = 0; k < z->nf && z->namefield < 0; k++)
		if (z->f[k].role == ROLE_GIVEN_NAME)
			z->namefield = (int)k;
	for (k = 0; k < z->nf && z->namefield < 0; k++)
		if (z->f[k].role == ROLE_NAME)
			z->namefield = (int)k;
	for (k = 0; k < z->nf && z->namefield < 0; k++)
		if (z->f[k].role == ROLE_COMPANY)
			z->namefield = (int)k;
	sb_free(&v);
}

/* --- values ------------------------------------------------------------- */

static const char *
value(const struct fuzzy *z, size_t i, size_t k, size_t *n)
{
	size_t x = z->off[i * z->nf + k];

	if (x == SIZE_MAX)
		return NULL;
	*n = z->len[i * z->nf + k];
	return z->text.s + x;
}

static bool
same_value(const struct fuzzy *z, size_t a, size_t ka, size_t b, size_t kb)
{
	size_t na = 0, nb = 0;
	const char *va = value(z, a, ka, &na), *vb = value(z, b, kb, &nb);

	return va != NULL && vb != NULL && na == nb && memcmp(va, vb, na) == 0;
}

/* How common each value is: agreeing on 张伟 says less than agreeing on
 * 欧阳建华, and the score says so (a term-frequency adjustment). */
static void
count_values(struct fuzzy *z)
{
	struct hash *seen = hash_new();
	struct strbuf key = STRBUF_INIT;
	size_t i, k, n;
	bool added;

	z->count = xcalloc(z->nrec * z->nf + 1, sizeof(*z->count));
	for (int pass = 0; pass < 2; pass++)
		for (i = 0; i < z->nrec; i++)
			for (k = 0; k < z->nf; k++) {
				uint64_t *c;
				const char *v = value(z, i, k, &n);
				if (v == NULL)
					continue;
				sb_reset(&key);
				sb_addc(&key, (char)k);
				sb_add(&key, v, n);
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

/* --- groups of records by value ----------------------------------------- */

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

/* The records holding a value of field k, grouped by value (sorted by its
 * hash; a collision only puts two values in one group, which callers
 * check where it matters). */
static size_t
group_by(const struct fuzzy *z, size_t k, struct member *m)
{
	size_t i, nm = 0, n;
	const char *v;

	for (i = 0; i < z->nrec; i++)
		if ((v = value(z, i, k, &n)) != NULL)
			m[nm++] = (struct member){hash_bytes(v, n), (uint32_t)i};
	if (nm > 0)
		qsort(m, nm, sizeof(*m), cmp_member);
	return nm;
}

static int level(const struct fuzzy *z, size_t a, size_t b, size_t k);
static bool names_alike(const struct fuzzy *z, size_t a, size_t b);

/* Do a and b hold birth dates (or other dates) that differ outright?
 * A person has one: two dates, two people. */
static bool
dates_disagree(const struct fuzzy *z, size_t a, size_t b)
{
	size_t d;

	if (!z->dates_kept_well)
		return false;
	for (d = 0; d < z->nf; d++)
		if (z->f[d].kind == CMP_DATE && level(z, a, b, d) >= 0 && level(z, a, b, d) < DATE_TYPO)
			return true;
	return false;
}

/* The end of the group of equal hashes that starts at m[i]. */
static size_t
group_end(const struct member *m, size_t nm, size_t i)
{
	size_t j;

	for (j = i + 1; j < nm && m[j].hash == m[i].hash; j++)
		;
	return j;
}

/* Are a and b surely one person: alike names, and no two dates where
 * the table keeps dates well? */
static bool
names_one_person(const struct fuzzy *z, size_t a, size_t b)
{
	return dates_disagree(z, a, b) ? false : names_alike(z, a, b);
}

/* Are the names of a and b one person's: both named, the same name but
 * for a typo or the order?  A surname alone or an initial could be any
 * of a family, and Chinese names one character apart are more often a
 * brother and a sister (张伟, 张敏) than a typo, unless born on one day. */
static bool
names_alike(const struct fuzzy *z, size_t a, size_t b)
{
	size_t k = (size_t)z->namefield, na = 0, nb = 0;
	const char *va = value(z, a, k, &na), *vb = value(z, b, k, &nb);
	size_t d;
	int l;

	if (va == NULL || vb == NULL)
		return false;
	l = level(z, a, b, k);
	if (l == NAME_CLOSE && ((unsigned char)va[0] >= 0x80 || (unsigned char)vb[0] >= 0x80)) {
		/* Unless they were born on one day. */
		for (d = 0; d < z->nf; d++)
			if (z->f[d].kind == CMP_DATE && same_value(z, a, d, b, d))
				return true;
		return false;
	}
	/* Swapped with a part missing is a surname alone again. */
	if (l == NAME_SWAPPED && z->f[k].partner >= 0 &&
	    (z->off[a * z->nf + (size_t)z->f[k].partner] == SIZE_MAX ||
	    z->off[b * z->nf + (size_t)z->f[k].partner] == SIZE_MAX))
		return false;
	return l >= NAME_SWAPPED;
}

/* Do a and b share a birth date and a surname (or close)?  Then a given
 * name that disagrees is a typo more often than a twin: a household
 * sharing a phone or an e-mail is not born on one day. */
static bool
born_one_day_one_family_name(const struct fuzzy *z, size_t a, size_t b)
{
	int p = z->namefield >= 0 ? z->f[z->namefield].partner : -1;
	size_t d;

	if (p < 0 || level(z, a, b, (size_t)p) < NAME_CLOSE)
		return false;
	for (d = 0; d < z->nf; d++)
		if (z->f[d].kind == CMP_DATE && same_value(z, a, d, b, d))
			return true;
	return false;
}

/* Is a's name part of b's: a surname alone, an initial or a nickname of
 * it, or the parts swapped with a's other part missing? */
static bool
name_part_of(const struct fuzzy *z, size_t a, size_t b)
{
	size_t k = (size_t)z->namefield;
	int l = level(z, a, b, k), p = z->f[k].partner;

	if (l == NAME_PARTIAL)
		return z->len[a * z->nf + k] < z->len[b * z->nf + k];
	return l == NAME_SWAPPED && p >= 0 && z->off[a * z->nf + (size_t)p] == SIZE_MAX;
}

static size_t
uf_root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* Are a and b businesses at two sites: where the name is a company's,
 * their addresses or postcodes disagree and none agrees?  A business is
 * one at one place: a chain's branches share a brand, a head office's
 * phone and e-mail, and differ in where they are.  A person is not tied
 * to a place (people move), so this is asked only of companies. */
static bool
other_sites(const struct fuzzy *z, size_t a, size_t b)
{
	size_t k, na = 0, nb = 0, agree = 0, differ = 0;
	const char *va, *vb;

	if (z->namefield < 0 || z->f[z->namefield].role != ROLE_COMPANY)
		return false;
	for (k = 0; k < z->nf; k++) {
		if (z->f[k].kind != CMP_ADDRESS && z->f[k].kind != CMP_POSTCODE)
			continue;
		if ((va = value(z, a, k, &na)) == NULL || (vb = value(z, b, k, &nb)) == NULL)
			continue;
		if (levels_compare(z->f[k].kind, va, na, vb, nb) > 0)
			agree++;
		else
			differ++;
	}
	return differ > 0 && agree == 0;
}

/* Is the group of holders whose root is m[x] a person of its own: has
 * one of its members a name that is not part of the name of a holder
 * outside the group? */
static bool
counted_person(const struct fuzzy *z, const struct member *m, size_t i, size_t j, size_t x,
    size_t *parent)
{
	size_t nf = (size_t)z->namefield, w, y;

	for (w = i; w < j; w++) {
		if (uf_root(parent, w - i) != x - i || z->off[m[w].rec * z->nf + nf] == SIZE_MAX)
			continue;
		for (y = i; y < j; y++)
			if (uf_root(parent, y - i) != x - i && z->off[m[y].rec * z->nf + nf] != SIZE_MAX &&
			    name_part_of(z, m[w].rec, m[y].rec))
				break;
		if (y == j)
			return true;
	}
	return false;
}

/* Do the holders m[i..j) of one value name two or more people?  Holders
 * surely one person are one, transitively (Ryan, Rnyan and Ran are one;
 * John and Mary two). */
static bool
several_people(const struct fuzzy *z, const struct member *m, size_t i, size_t j, size_t k)
{
	size_t parent[SHARE_CAP], x, y, groups = 0;

	if (z->namefield < 0)
		return false;
	for (x = i; x < j; x++)
		parent[x - i] = x - i;
	/* A holder without a name, or with a surname alone, joins no one:
	 * it would join everyone. */
	for (x = i; x < j; x++)
		for (y = x + 1; y < j; y++)
			if (same_value(z, m[x].rec, k, m[y].rec, k) && (names_one_person(z, m[x].rec, m[y].rec) ||
			    born_one_day_one_family_name(z, m[x].rec, m[y].rec)) &&
			    !other_sites(z, m[x].rec, m[y].rec))
				parent[uf_root(parent, y - i)] = uf_root(parent, x - i);
	/* A holder whose name could be another's (王 of 王芳, J of John)
	 * is not a person of its own; a group of holders is one if any of
	 * its members' names is its own (Kate and Katherine born on one
	 * day are a person, though Kate alone could be part of Katherine). */
	for (x = i; x < j; x++) {
		if (uf_root(parent, x - i) == x - i && counted_person(z, m, i, j, x, parent))
			groups++;
	}
	return groups >= 2;
}

/* Does a date that differs say two people?  Only where the data shows
 * dates are kept well: among records that share a phone (or e-mail, or
 * address) and a name, at most one pair in ten holds two dates (in some
 * tables the birth date is half noise, and says little). */
static bool
dates_kept_well(struct fuzzy *z, struct member *m)
{
	size_t k, d, i, j, x, y, nm, pairs = 0, differ = 0;

	for (d = 0; d < z->nf && z->f[d].kind != CMP_DATE; d++)
		;
	if (d == z->nf || z->namefield < 0)
		return false;
	for (k = 0; k < z->nf; k++) {
		if (!z->f[k].shareable)
			continue;
		nm = group_by(z, k, m);
		for (i = 0; i < nm; i = j) {
			j = group_end(m, nm, i);
			for (x = i; x < j && j - i <= SHARE_CAP; x++)
				for (y = x + 1; y < j; y++)
					if (same_value(z, m[x].rec, k, m[y].rec, k) &&
					    names_alike(z, m[x].rec, m[y].rec) && level(z, m[x].rec, m[y].rec, d) >= 0) {
						pairs++;
						differ += level(z, m[x].rec, m[y].rec, d) < DATE_TYPO;
					}
		}
	}
	return pairs >= 20 && differ * 10 <= pairs;
}

/* A phone, e-mail or address held by several people (a family's phone, a
 * company's switchboard), or by more than SHARE_CAP records, belongs to a
 * group, not to a person. */
static void
find_shared(struct fuzzy *z, struct member *m)
{
	size_t k, i, j, x, nm;
	bool shared;

	z->shared = xcalloc(z->nrec * z->nf + 1, 1);
	z->dates_kept_well = dates_kept_well(z, m);
	for (k = 0; k < z->nf; k++) {
		if (!z->f[k].shareable)
			continue;
		nm = group_by(z, k, m);
		for (i = 0; i < nm; i = j) {
			j = group_end(m, nm, i);
			if (j - i < 2)
				continue;
			shared = j - i > SHARE_CAP || several_people(z, m, i, j, k);
			if (shared)
				for (x = i; x < j; x++)
					z->shared[m[x].rec * z->nf + k] = 1;
		}
	}
}

/* --- levels ------------------------------------------------------------- */

/* Are a's field x and b's field y alike (close or better)?  Missing: -1. */
static int
cross(const struct fuzzy *z, size_t a, size_t x, size_t b, size_t y)
{
	size_t na = 0, nb = 0;
	const char *va = value(z, a, x, &na), *vb = value(z, b, y, &nb);

	if (va == NULL || vb == NULL)
		return -1;
	return levels_compare(CMP_NAME, va, na, vb, nb) >= NAME_CLOSE;
}

/* Given name and surname (fields k and p) the other way round: each
 * crossed pair alike where both are there, and at least one is. */
static bool
swapped_names(const struct fuzzy *z, size_t a, size_t b, size_t k, size_t p)
{
	int x = cross(z, a, k, b, p), y = cross(z, a, p, b, k);

	return x != 0 && y != 0 && (x == 1 || y == 1);
}

/* The level of field k for records a and b. */
static int
level(const struct fuzzy *z, size_t a, size_t b, size_t k)
{
	size_t na = 0, nb = 0;
	const char *va = value(z, a, k, &na), *vb = value(z, b, k, &nb);
	int l, p = z->f[k].partner;

	if (va == NULL || vb == NULL)
		return MISSING;
	l = levels_compare(z->f[k].kind, va, na, vb, nb);
	if (l == z->f[k].nlev - 1 && z->shared[a * z->nf + k])
		return SHARED;
	/* Given name and surname the other way round. */
	if (p >= 0 && l < NAME_SWAPPED && swapped_names(z, a, b, k, (size_t)p))
		return NAME_SWAPPED;
	return l;
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
	double count[FUZZY_MAX_FIELDS][LEVELS_MAX] = {{0}}, total[FUZZY_MAX_FIELDS] = {0};
	uint64_t seed = 42;
	size_t s, k, a, b, samples = z->nrec < 2 ? 0 : U_SAMPLE;
	int l;

	for (s = 0; s < samples; s++) {
		a = (size_t)(rng_next(&seed) % z->nrec);
		b = (size_t)(rng_next(&seed) % z->nrec);
		if (a == b)
			continue;
		for (k = 0; k < z->nf; k++) {
			if ((l = level(z, a, b, k)) < 0)
				continue;
			count[k][l]++;
			total[k]++;
		}
	}
	for (k = 0; k < z->nf; k++)
		for (l = 0; l < z->f[k].nlev; l++)
			/* Smoothed: a level never seen at random is rare, not
			 * impossible. */
			z->u[k][l] = (count[k][l] + 0.5) / (total[k] + 0.5 * z->f[k].nlev);
}

/* --- keys --------------------------------------------------------------- */

/* Pairs the exact keys join, unless the key value is a shared one or
 * their names disagree: those are kept to be joined, and to start m. */
static void
key_pair(void *ctx, size_t a, size_t b, size_t key)
{
	struct fuzzy *z = ctx;
	size_t k;

	for (k = 0; k < z->nf; k++)
		if (dedupe_key_column(z->d, z->f[k].col) && z->shared[a * z->nf + k] &&
		    same_value(z, a, k, b, k)) {
			z->keys_refused++;
			return;
		}
	if (dates_disagree(z, a, b)) {
		z->keys_refused++;
		return;
	}
	if (z->namefield >= 0 && z->off[a * z->nf + (size_t)z->namefield] != SIZE_MAX &&
	    z->off[b * z->nf + (size_t)z->namefield] != SIZE_MAX && !names_one_person(z, a, b) &&
	    !name_part_of(z, a, b) && !name_part_of(z, b, a)) {
		z->keys_refused++;
		return;
	}
	if (z->nkp == z->capkp) {
		z->capkp = z->capkp ? 2 * z->capkp : 256;
		z->kp = xreallocarray(z->kp, z->capkp, sizeof(*z->kp));
	}
	z->kp[z->nkp++] = (struct key_pair){(uint32_t)(a < b ? a : b), (uint32_t)(a < b ? b : a),
	    (uint8_t)key};
}

/* --- candidates --------------------------------------------------------- */

static int
cmp_cand(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

static void
cand_records(const struct fuzzy *z, size_t x, size_t *a, size_t *b)
{
	*a = (size_t)(z->cand[x] >> 32);
	*b = (size_t)(z->cand[x] & 0xFFFFFFFFu);
}

static void
add_pair(struct fuzzy *z, size_t *cap, size_t a, size_t b)
{
	if (z->ncand == *cap) {
		*cap = *cap ? *cap * 2 : 4096;
		z->cand = xreallocarray(z->cand, *cap, sizeof(*z->cand));
	}
	z->cand[z->ncand++] = a < b ? (uint64_t)a << 32 | b : (uint64_t)b << 32 | a;
}

#define BLOCK_REFINE 10       /* records expected to share a value, past which it is refined */

/* The records of field k grouped by value, as group_by; but a field whose
 * values many records share at random (a birth date among a million:
 * n u(same) records each) is grouped by value and the name's first
 * character, as Splink's usual rules do: a birthday alone would make
 * quadratic work of pairs that nearly all differ. */
static size_t
group_by_refined(const struct fuzzy *z, size_t k, struct member *m)
{
	size_t i, nm = 0, n, nn, q = (size_t)z->namefield;
	const char *v, *name;
	uint64_t h;

	double u = z->u[k][z->f[k].nlev - 1];

	/* Only a field that identifies by itself (agreeing at random less
	 * than once in a thousand pairs): a city's blocks are left whole,
	 * and over FUZZY_MAX_BLOCK, skipped. */
	if (z->namefield < 0 || k == q || (double)z->nrec * u <= BLOCK_REFINE || u >= 0.001)
		return group_by(z, k, m);
	for (i = 0; i < z->nrec; i++) {
		if ((v = value(z, i, k, &n)) == NULL)
			continue;
		h = hash_bytes(v, n);
		if ((name = value(z, i, q, &nn)) != NULL) {
			/* The first character, all its bytes. */
			size_t c = 1;
			while (c < nn && ((unsigned char)name[c] & 0xC0) == 0x80)
				c++;
			h ^= hash_bytes(name, c) * 0x9E3779B97F4A7C15ULL;
		}
		m[nm++] = (struct member){h, (uint32_t)i};
	}
	if (nm > 0)
		qsort(m, nm, sizeof(*m), cmp_member);
	return nm;
}

/* Pairs within each group of at most FUZZY_MAX_BLOCK records. */
static void
block_pairs(struct fuzzy *z, struct member *m, size_t nm, size_t *cap)
{
	size_t i, j, k, q;

	for (i = 0; i < nm; i = j) {
		j = group_end(m, nm, i);
		if (j - i < 2 || j - i > FUZZY_MAX_BLOCK)
			continue;
		for (k = i; k < j; k++)
			for (q = k + 1; q < j; q++)
				add_pair(z, cap, m[k].rec, m[q].rec);
	}
}

static void
find_candidates(struct fuzzy *z, const struct fuzzy_opts *o, struct member *m)
{
	struct strbuf v = STRBUF_INIT, key = STRBUF_INIT;
	char **vals = xcalloc(z->ncols + 1, sizeof(char *));
	size_t *lens = xcalloc(z->ncols + 1, sizeof(size_t));
	size_t cap = 0, nm, i, k, r, c, u;

	for (r = 0; r < o->nblocks; r++) {
		const struct dedupe_key *b = &o->blocks[r];
		for (i = 0, nm = 0; i < z->nrec; i++) {
			bool ok = true;
			dedupe_record(z->d, i, vals, lens);
			sb_reset(&key);
			for (c = 0; c < b->ncols && ok; c++) {
				ok = role_normal(b->role[c], vals[b->col[c]], lens[b->col[c]], &v);
				sb_add(&key, v.s, v.len);
				sb_addc(&key, '\x1f');
			}
			if (ok)
				m[nm++] = (struct member){hash_bytes(key.s, key.len), (uint32_t)i};
		}
		if (nm > 0)
			qsort(m, nm, sizeof(*m), cmp_member);
		block_pairs(z, m, nm, &cap);
	}
	/* Without rules, one per field: two records that agree exactly on
	 * any one field are compared on all of them. */
	for (k = 0; k < z->nf && o->nblocks == 0; k++)
		block_pairs(z, m, group_by_refined(z, k, m), &cap);
	for (i = 0; i < z->nkp; i++)
		add_pair(z, &cap, z->kp[i].a, z->kp[i].b);
	/* One candidate per pair, however many blocks gave it.  Every block
	 * may have been too large: then there is no array at all. */
	if (z->ncand > 0)
		qsort(z->cand, z->ncand, sizeof(*z->cand), cmp_cand);
	for (i = 0, u = 0; i < z->ncand; i++)
		if (u == 0 || z->cand[i] != z->cand[u - 1])
			z->cand[u++] = z->cand[i];
	z->ncand = u;
	sb_free(&v);
	sb_free(&key);
	free(vals);
	free(lens);
}

/* The candidate index of records a < b, or SIZE_MAX. */
static size_t
cand_find(const struct fuzzy *z, size_t a, size_t b)
{
	uint64_t want = (uint64_t)a << 32 | b;
	size_t lo = 0, hi = z->ncand;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (z->cand[mid] < want)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < z->ncand && z->cand[lo] == want ? lo : SIZE_MAX;
}

/* --- EM ----------------------------------------------------------------- */

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

static void
count_patterns(struct fuzzy *z)
{
	int8_t lv[FUZZY_MAX_FIELDS];
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

/* The pattern's weight, in natural log odds, with the prior. */
static double
pattern_weight(const struct fuzzy *z, const int8_t *lv)
{
	double w = log(z->lambda / (1 - z->lambda));
	size_t k;

	for (k = 0; k < z->nf; k++)
		if (lv[k] >= 0)
			w += log(z->m[k][lv[k]] / z->u[k][lv[k]]);
	return w;
}

/* m from the pairs the keys join, each key column learnt only from the
 * pairs other keys joined (its own agreement there was chosen, not
 * observed).  Returns false when there are too few of them. */
static bool
m_from_keys(struct fuzzy *z)
{
	double count[FUZZY_MAX_FIELDS][LEVELS_MAX] = {{0}}, total[FUZZY_MAX_FIELDS] = {0};
	size_t x, k;
	int l;

	if (z->nkp < MIN_LABELLED)
		return false;
	for (x = 0; x < z->nkp; x++)
		for (k = 0; k < z->nf; k++) {
			if ((l = level(z, z->kp[x].a, z->kp[x].b, k)) < 0)
				continue;
			if (dedupe_key_column(z->d, z->f[k].col) && l == z->f[k].nlev - 1)
				continue;
			count[k][l]++;
			total[k]++;
		}
	for (k = 0; k < z->nf; k++) {
		if (total[k] < MIN_LABELLED)
			continue;
		for (l = 0; l < z->f[k].nlev; l++)
			z->m[k][l] = (count[k][l] + z->u[k][l]) / (total[k] + 1);
	}
	return true;
}

/* fastLink's and Splink's EM, with u held at its random-pair estimate:
 * (m is smoothed towards u by one pair's worth, so that a level seen
 * among no matches says nothing rather than much either way)
 * every candidate is a match with the probability its pattern gives, m is
 * re-estimated from those probabilities, and the prior is the expected
 * matches over all pairs of records (pairs that agree on nothing are
 * taken as non-matches). */
static void
expectation_maximisation(struct fuzzy *z)
{
	double num[FUZZY_MAX_FIELDS][LEVELS_MAX], den[FUZZY_MAX_FIELDS], matches, old, alpha;
	double m0[FUZZY_MAX_FIELDS][LEVELS_MAX];
	double pairs = (double)z->nrec * (double)(z->nrec - 1) / 2;
	size_t q, k;
	int l, top;

	for (k = 0; k < z->nf; k++) {
		/* Matches mostly agree; what they do otherwise, EM finds. */
		top = z->f[k].nlev - 1;
		for (l = 0; l <= top; l++)
			z->m[k][l] = l == top ? 0.7 : l == 0 ? 0.1 : 0.2 / (top - 1);
	}
	z->m_from_keys = m_from_keys(z);
	memcpy(m0, z->m, sizeof(m0));
	alpha = z->m_from_keys ? (double)z->nkp : 0;
	z->lambda = fmin(0.5, fmax(1.0, 0.1 * (double)z->ncand) / pairs);
	for (z->rounds = 0; z->rounds < EM_ROUNDS && z->npat > 0; z->rounds++) {
		memset(num, 0, sizeof(num));
		memset(den, 0, sizeof(den));
		matches = 0;
		for (q = 0; q < z->npat; q++) {
			struct pattern *p = &z->pat[q];
			double e = p->count / (1 + exp(-pattern_weight(z, p->level)));
			matches += e;
			for (k = 0; k < z->nf; k++)
				if (p->level[k] >= 0) {
					num[k][p->level[k]] += e;
					den[k] += e;
				}
		}
		old = z->lambda;
		z->lambda = fmin(0.5, fmax(matches, 0.5) / pairs);
		for (k = 0; k < z->nf; k++)
			for (l = 0; l < z->f[k].nlev; l++)
				z->m[k][l] = (num[k][l] + alpha * m0[k][l] + z->u[k][l]) / (den[k] + alpha + 1);
		if (fabs(z->lambda - old) <= EM_TOLERANCE * old)
			break;
	}
}

/* --- scoring ------------------------------------------------------------ */

/* Field k's part of the weight (log2) for records a, b at level l: log2
 * m/u, with "the same" weighed by how common the value is. */
static double
field_weight(const struct fuzzy *z, size_t a, size_t k, int l)
{
	double u, share;

	if (l < 0)
		return 0;
	u = z->u[k][l];
	if (l == z->f[k].nlev - 1) {
		share = (double)z->count[a * z->nf + k] / (double)z->filled[k];
		if (share > u)
			u = share;
	}
	return log2(z->m[k][l] / u);
}

static double
pair_weight(const struct fuzzy *z, const int8_t *lv, size_t a)
{
	double w = log2(z->lambda / (1 - z->lambda));
	size_t k;

	for (k = 0; k < z->nf; k++)
		w += field_weight(z, a, k, lv[k]);
	return w;
}

static void
score(struct fuzzy *z)
{
	size_t x, a, b, i;

	z->candp = xcalloc(z->ncand + 1, sizeof(*z->candp));
	for (x = 0; x < z->ncand; x++) {
		cand_records(z, x, &a, &b);
		z->candp[x] = (float)(1 / (1 + exp2(-pair_weight(z, z->pat[z->candpat[x]].level, a))));
	}
	/* The pairs the keys join are the same customer, unless the model,
	 * the key's agreement included and fitted on enough key pairs to be
	 * trusted, finds them more likely two: keys are evidence, not truth
	 * (a chain's branches share a head office's phone and e-mail and
	 * nothing else). */
	z->candkey = xcalloc(z->ncand + 1, 1);
	for (i = 0; i < z->nkp; i++)
		if ((x = cand_find(z, z->kp[i].a, z->kp[i].b)) != SIZE_MAX &&
		    (!z->m_from_keys || z->candp[x] >= 0.5)) {
			z->candp[x] = 1;
			z->candkey[x] = 1;
		}
}

/* Any pair's probability: a candidate's as scored, another's scored now
 * (two members of a cluster need not share any one value exactly). */
static double
score_of(void *ctx, size_t a, size_t b)
{
	const struct fuzzy *z = ctx;
	int8_t lv[FUZZY_MAX_FIELDS];
	size_t x, k;

	if (b < a) {
		x = a, a = b, b = x;
	}
	if ((x = cand_find(z, a, b)) != SIZE_MAX)
		return z->candp[x];
	for (k = 0; k < z->nf; k++)
		lv[k] = (int8_t)level(z, a, b, k);
	return 1 / (1 + exp2(-pair_weight(z, lv, a)));
}

/* Links at or above the threshold, clustered (linkage.h), then joined in
 * d: key pairs by their key, the others as similar. */
static void
cluster(struct fuzzy *z)
{
	struct link_edge *e = xcalloc(z->ncand + 1, sizeof(*e));
	size_t x, ne = 0, a, b, i;

	z->out = xcalloc(z->ncand + 1, sizeof(*z->out));
	for (x = 0; x < z->ncand; x++) {
		if (z->candp[x] < z->threshold)
			continue;
		cand_records(z, x, &a, &b);
		e[ne++] = (struct link_edge){(uint32_t)a, (uint32_t)b, z->candp[x]};
		z->out[z->nout++] = x;
	}
	z->label = xcalloc(z->nrec + 1, sizeof(*z->label));
	z->group = xcalloc(z->nrec + 1, sizeof(*z->group));
	z->flagged = xcalloc(z->nrec + 1, sizeof(*z->flagged));
	z->ls = linkage_cluster(z->nrec, e, ne, score_of, z, SUPPORT, z->max_cluster, z->label, z->group,
	    z->flagged);
	for (i = 0; i < z->nrec; i++)
		z->nflagged += z->flagged[i];
	for (i = 0; i < z->nkp; i++)
		if (z->label[z->kp[i].a] == z->label[z->kp[i].b])
			dedupe_link_key(z->d, z->kp[i].a, z->kp[i].b, z->kp[i].k);
	for (i = 0; i < ne; i++)
		if (z->label[e[i].a] == z->label[e[i].b] && !z->candkey[cand_find(z, e[i].a, e[i].b)])
			dedupe_link_similar(z->d, e[i].a, e[i].b);
	free(e);
}

struct fuzzy *
fuzzy_run(struct dedupe *d, const struct header *h, const struct roles *roles,
    const struct fuzzy_opts *o)
{
	struct fuzzy *z = xcalloc(1, sizeof(*z));
	struct member *m;

	z->d = d;
	z->nrec = dedupe_records(d);
	z->threshold = o->threshold;
	z->max_cluster = o->max_cluster ? o->max_cluster : FUZZY_MAX_CLUSTER;
	choose_fields(z, h, roles, o);
	if (z->nf == 0 || z->nrec < 2 || z->nrec >= UINT32_MAX) {
		dedupe_link_keys(d);
		return z;
	}
	m = xcalloc(z->nrec + 1, sizeof(*m));
	normalise_all(z);
	find_shared(z, m);
	dedupe_each_key_pair(d, key_pair, z);
	estimate_u(z);
	find_candidates(z, o, m);
	free(m);
	count_patterns(z);
	expectation_maximisation(z);
	score(z);
	cluster(z);
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
	free(z->pat);
	hash_free(z->patindex);
	free(z->out);
	free(z->cand);
	free(z->candpat);
	free(z->candp);
	free(z->candkey);
	free(z->off);
	free(z->len);
	free(z->count);
	free(z->shared);
	free(z->kp);
	free(z->label);
	free(z->flagged);
	free(z->group);
	free(z->f);
	free(z->cols);
	sb_free(&z->text);
	sb_free(&z->excluded);
	sb_free(&z->scratch);
	free(z);
}

size_t
fuzzy_fields(const struct fuzzy *z, const long **cols)
{
	*cols = z->cols;
	return z->nf;
}

size_t fuzzy_pairs(const struct fuzzy *z) { return z->nout; }
size_t fuzzy_candidates(const struct fuzzy *z) { return z->ncand; }
size_t fuzzy_flagged_groups(const struct fuzzy *z) { return z->nflagged; }

double fuzzy_m(const struct fuzzy *z, size_t k, int l) { return z->m[k][l]; }
double fuzzy_u(const struct fuzzy *z, size_t k, int l) { return z->u[k][l]; }
double fuzzy_prior(const struct fuzzy *z) { return z->lambda; }

bool
fuzzy_flagged(const struct fuzzy *z, size_t i)
{
	return z->flagged != NULL && z->flagged[z->group[i]];
}

size_t
fuzzy_group(const struct fuzzy *z, size_t i, const size_t **members)
{
	size_t n = 0, j;

	sb_reset(&((struct fuzzy *)z)->scratch);
	for (j = z->group[i]; j < z->nrec; j++)
		if (z->group[j] == z->group[i]) {
			sb_add(&((struct fuzzy *)z)->scratch, &j, sizeof(j));
			n++;
		}
	*members = (const size_t *)(const void *)z->scratch.s;
	return n;
}

void
fuzzy_pair(const struct fuzzy *z, size_t n, struct fuzzy_pair *out)
{
	size_t x = z->out[n], k;
	const struct pattern *p = &z->pat[z->candpat[x]];

	cand_records(z, x, &out->a, &out->b);
	out->p = z->candp[x];
	out->weight = log2(z->lambda / (1 - z->lambda));
	for (k = 0; k < z->nf; k++) {
		out->level[k] = p->level[k];
		out->w[k] = field_weight(z, out->a, k, p->level[k]);
		out->weight += out->w[k];
	}
}

/* --- explain ------------------------------------------------------------ */

static int
cmp_size_desc(const void *x, const void *y)
{
	const size_t *a = x, *b = y;

	if (a[0] != b[0])
		return a[0] > b[0] ? -1 : 1;
	return a[1] < b[1] ? -1 : a[1] > b[1];
}

/* (size, cluster) of every cluster, largest first. */
static size_t *
by_size(struct dedupe *d, size_t *n)
{
	size_t c, k, *s;

	*n = dedupe_clusters(d);
	s = xcalloc(2 * *n + 2, sizeof(size_t));
	for (c = 1; c <= *n; c++) {
		dedupe_members(d, c, &k);
		s[2 * (c - 1)] = k;
		s[2 * (c - 1) + 1] = c;
	}
	if (*n > 0)
		qsort(s, *n, 2 * sizeof(size_t), cmp_size_desc);
	return s;
}

void
fuzzy_largest(const struct fuzzy *z, struct dedupe *d, size_t k, struct strbuf *out)
{
	size_t n, i, *s = by_size(d, &n);

	(void)z;
	for (i = 0; i < n && i < k && s[2 * i] > 1; i++)
		sb_addf(out, "%s%zu (%zu records)", i ? ", " : "", s[2 * i + 1], s[2 * i]);
	free(s);
}

void
fuzzy_explain(const struct fuzzy *z, struct dedupe *d, const struct header *h, struct strbuf *out)
{
	size_t k, n, i, j, *s;
	int l;

	sb_addf(out, "fuzzy model: %zu records, %zu fields compared\n", z->nrec, z->nf);
	sb_adds(out, sb_str(&z->excluded));
	for (k = 0; k < z->nf; k++) {
		sb_addf(out, "  field %s (%s%s):\n", h->names[z->f[k].col], levels_kind_name(z->f[k].kind),
		    z->f[k].shareable ? ", shared values are no evidence" : "");
		for (l = z->f[k].nlev - 1; l >= 0; l--)
			sb_addf(out, "    %-16s m=%.6f u=%.6f weight %+.2f\n", levels_name(z->f[k].kind, l),
			    z->m[k][l], z->u[k][l], log2(z->m[k][l] / z->u[k][l]));
	}
	sb_addf(out, "prior: two random records match with probability %.3g\n", z->lambda);
	sb_addf(out, "m: %s, then %zu rounds of EM over the candidates; u: %d random pairs\n",
	    z->m_from_keys ? "started from the key-joined pairs" : "started from \"matches mostly agree\"",
	    z->rounds, z->nrec < 2 ? 0 : U_SAMPLE);
	sb_addf(out, "dates: %s\n", z->dates_kept_well ? "kept well (two dates, two people)" :
	    "too often different for one person to say two people");
	sb_addf(out, "keys: %zu pairs joined, %zu refused (a shared value, or names that disagree)\n",
	    z->nkp, z->keys_refused);
	sb_addf(out, "pairs scored: %zu; at or above %.2f: %zu\n", z->ncand, z->threshold, z->nout);
	sb_addf(out, "clustering: %zu joins, %zu refused as weakly supported, %zu as over --max-cluster %zu\n",
	    z->ls.joins, z->ls.weak, z->ls.over, z->max_cluster);
	s = by_size(d, &n);
	sb_adds(out, "cluster sizes:");
	for (i = 0; i < n; i = j) {
		for (j = i; j < n && s[2 * j] == s[2 * i]; j++)
			;
		sb_addf(out, " %zu x%zu%s", s[2 * i], j - i, j < n ? "," : "");
	}
	sb_adds(out, "\n");
	free(s);
	sb_adds(out, "largest clusters: ");
	n = out->len;
	fuzzy_largest(z, d, 5, out);
	sb_adds(out, out->len == n ? "none, every record alone\n" : "\n");
}
