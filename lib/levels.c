/* levels.c — comparison levels; see levels.h. */
#include "levels.h"

#include <stdlib.h>
#include <string.h>

#include "compare.h"
#include "util.h"

static const char *const kind_names[CMP_KINDS_] = {
	"name", "date", "phone", "email", "postcode", "address", "digits", "text",
};

static const char *const names[CMP_KINDS_][LEVELS_MAX] = {
	[CMP_NAME] = {"different", "partial", "swapped", "close", "near", "same"},
	[CMP_DATE] = {"different", "typo", "same"},
	[CMP_PHONE] = {"different", "same"},
	[CMP_EMAIL] = {"different", "close", "same local part", "same"},
	[CMP_POSTCODE] = {"different", "same district", "same"},
	[CMP_ADDRESS] = {"different", "similar", "same"},
	[CMP_DIGITS] = {"different", "typo", "same"},
	[CMP_TEXT] = {"different", "close", "same"},
};

int
levels_count(enum cmp_kind k)
{
	int n = 0;

	while (n < LEVELS_MAX && names[k][n] != NULL)
		n++;
	return n;
}

const char *levels_kind_name(enum cmp_kind k) { return kind_names[k]; }

const char *
levels_name(enum cmp_kind k, int level)
{
	return level < 0 ? "missing" : names[k][level];
}

/* Nicknames and the names they stand for, one group a line: two words in
 * one group are the same given name.  Short forms that are a prefix of the
 * name (chris, christopher) need no entry. */
static const char *const nicknames[] = {
	" robert bob bobby rob robbie bert ", " william bill billy will willy liam ",
	" richard dick rick ricky rich richie ", " james jim jimmy jamie ",
	" john jack johnny jon ", " elizabeth liz lizzie beth betty eliza libby bess ",
	" margaret maggie meg peggy marge madge ", " katherine catherine kate katie kathy cathy kat ",
	" edward ed eddie ted teddy ned ", " charles charlie chuck chas ",
	" michael mike mikey mick ", " thomas tom tommy ", " joseph joe joey ",
	" anthony tony ", " daniel dan danny ", " david dave davy ", " donald don donny donnie ",
	" henry harry hank ", " jennifer jen jenny ", " patricia pat patty trish ",
	" alexander alex sandy xander ", " alexandra alex sandra sandy lexi ",
	" christopher chris kit ", " christine chris chrissy tina ", " nicholas nick nicky ",
	" stephen steven steve ", " matthew matt ", " andrew andy drew ", " benjamin ben benny ",
	" samuel sam sammy ", " samantha sam sammy ", " susan sue susie ", " deborah debbie deb ",
	" rebecca becky becca ", " victoria vicky tori ", " jacqueline jackie ",
	" lawrence larry ", " gerald gerry jerry ", " gregory greg ", " jonathan jon jonny ",
	" timothy tim timmy ", " kenneth ken kenny ", " ronald ron ronnie ", " raymond ray ",
	" leonard leo len lenny ", " frederick fred freddie ", " francis frank frankie ",
	" peter pete ", " philip phil ", " douglas doug ", " zachary zach zack ",
	" abigail abby ", " barbara barb barbie ", " dorothy dot dottie ", " eleanor ellie nora ",
	" helen nell nellie ", " isabella bella izzy ", " jessica jess jessie ", " joanne jo ",
	" judith judy ", " kimberly kim ", " lucinda lucy cindy ", " pamela pam ",
	" sarah sally sadie ", " theresa teresa terry tess ", " valerie val ", " wendy gwendolyn ",
};

/* The nickname groups' words, sorted, each with its group: built once
 * (a scan of the groups for every pair of names was most of the time). */
struct nick {
	char w[16];
	int group;
};

static struct nick nicks[512];
static size_t nnicks;

static int
cmp_nick(const void *x, const void *y)
{
	return strcmp(((const struct nick *)x)->w, ((const struct nick *)y)->w);
}

static void
build_nicks(void)
{
	size_t g, n;
	const char *p, *e;

	for (g = 0; g < sizeof(nicknames) / sizeof(nicknames[0]); g++)
		for (p = nicknames[g]; *p != '\0'; p = e) {
			while (*p == ' ')
				p++;
			for (e = p; *e != '\0' && *e != ' '; e++)
				;
			n = (size_t)(e - p);
			if (n == 0 || n >= sizeof(nicks[0].w) || nnicks == sizeof(nicks) / sizeof(nicks[0]))
				continue;
			memcpy(nicks[nnicks].w, p, n);
			nicks[nnicks].w[n] = '\0';
			nicks[nnicks++].group = (int)g;
		}
	qsort(nicks, nnicks, sizeof(nicks[0]), cmp_nick);
}

/* The first entry of word w[0..n), or NULL. */
static const struct nick *
nick_find(const char *w, size_t n)
{
	struct nick key;
	size_t lo = 0, hi = nnicks;

	if (n == 0 || n >= sizeof(key.w))
		return NULL;
	memcpy(key.w, w, n);
	key.w[n] = '\0';
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(nicks[mid].w, key.w) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < nnicks && strcmp(nicks[lo].w, key.w) == 0 ? &nicks[lo] : NULL;
}

bool
levels_same_name(const char *a, size_t na, const char *b, size_t nb)
{
	const struct nick *x, *y, *yy;

	if (na == 0 || nb == 0)
		return false;
	if (na > nb) {
		const char *t = a;
		size_t tn = na;
		a = b, na = nb, b = t, nb = tn;
	}
	/* An initial, or a short form the name begins with. */
	if ((na == 1 || na >= 3) && memcmp(a, b, na) == 0 && (unsigned char)a[0] < 0x80)
		return true;
	if (nnicks == 0)
		build_nicks();
	if ((x = nick_find(a, na)) == NULL || (y = nick_find(b, nb)) == NULL)
		return false;
	/* Any group the two words share. */
	for (; x < nicks + nnicks && strcmp(x->w, nicks[x - nicks].w) == 0 &&
	    strncmp(x->w, a, na) == 0 && x->w[na] == '\0'; x++)
		for (yy = y; yy < nicks + nnicks && strncmp(yy->w, b, nb) == 0 && yy->w[nb] == '\0'; yy++)
			if (x->group == yy->group)
				return true;
	return false;
}

/* Jaro-Winkler of at least thr?  The characters two strings share bound
 * how far Jaro can go: most pairs are told apart by that count alone. */
static bool
jw_at_least(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, double thr, double *jw)
{
	unsigned char ca[128] = {0}, cb[128] = {0};
	size_t i, m = 0;
	double j;

	for (i = 0; i < na && a[i] < 128; i++)
		ca[a[i]]++;
	for (i = 0; i < nb && b[i] < 128 && i < COMPARE_MAX; i++)
		cb[b[i]]++;
	if (na > 0 && nb > 0 && na <= COMPARE_MAX && nb <= COMPARE_MAX && i == nb) {
		for (i = 0; i < 128; i++)
			m += ca[i] < cb[i] ? ca[i] : cb[i];
		j = ((double)m / (double)na + (double)m / (double)nb + 1) / 3;
		if (j + 0.4 * (1 - j) < thr) {
			*jw = 0;
			return false;
		}
	}
	*jw = jaro_winkler(a, na, b, nb);
	return *jw >= thr;
}

/* --- words --------------------------------------------------------------- */

#define MAX_WORDS 8

struct words {
	size_t n;
	const char *w[MAX_WORDS];
	size_t len[MAX_WORDS];
};

static bool
is_sep(char c)
{
	return c == ' ' || c == '-' || c == '.' || c == ',' || c == '\'' || c == '/';
}

static void
split(const char *s, size_t n, struct words *out)
{
	size_t i = 0, j;

	out->n = 0;
	while (i < n && out->n < MAX_WORDS) {
		while (i < n && is_sep(s[i]))
			i++;
		for (j = i; j < n && !is_sep(s[j]); j++)
			;
		if (j > i) {
			out->w[out->n] = s + i;
			out->len[out->n++] = j - i;
		}
		i = j;
	}
}

static bool
word_eq(const struct words *a, size_t i, const struct words *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->w[i], b->w[j], a->len[i]) == 0;
}

static bool
has_cjk(const uint32_t *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c[i] >= 0x2E80)
			return true;
	return false;
}

/* The same words in another order (each used once). */
static bool
swapped(const struct words *a, const struct words *b)
{
	bool used[MAX_WORDS] = {false};
	size_t i, j;

	if (a->n != b->n || a->n < 2)
		return false;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (!used[j] && word_eq(a, i, b, j))
				break;
		if (j == b->n)
			return false;
		used[j] = true;
	}
	return true;
}

/* Every word of the shorter name is a word of the other, or stands for
 * one (a nickname or an initial): "bob smith" / "robert smith", "smith" /
 * "john smith", "j smith" / "john smith". */
static bool
partial(const struct words *a, const struct words *b)
{
	bool used[MAX_WORDS] = {false};
	size_t i, j;

	if (a->n > b->n) {
		const struct words *t = a;
		a = b, b = t;
	}
	if (a->n == 0)
		return false;
	for (i = 0; i < a->n; i++) {
		for (j = 0; j < b->n; j++)
			if (!used[j] && (word_eq(a, i, b, j) ||
			    levels_same_name(a->w[i], a->len[i], b->w[j], b->len[j])))
				break;
		if (j == b->n)
			return false;
		used[j] = true;
	}
	return true;
}

static int
name_level(const char *a, size_t na, const char *b, size_t nb)
{
	uint32_t ca[COMPARE_MAX], cb[COMPARE_MAX];
	size_t la = utf8_decode(a, na, ca, COMPARE_MAX), lb = utf8_decode(b, nb, cb, COMPARE_MAX);
	struct words wa, wb;
	double jw;

	if (has_cjk(ca, la) || has_cjk(cb, lb)) {
		/* Jaro-Winkler says little about two or three characters:
		 * one changed character of a name is the close level, and a
		 * surname alone (王 of 王芳) is part of the name. */
		if (la >= 2 && lb >= 2 && edit_distance(ca, la, cb, lb, 1) <= 1)
			return 3;
		if ((la < lb && memcmp(a, b, na) == 0) || (lb < la && memcmp(a, b, nb) == 0))
			return NAME_PARTIAL;
	} else if (jw_at_least(ca, la, cb, lb, 0.88, &jw))
		return jw >= 0.92 ? 4 : 3;
	split(a, na, &wa);
	split(b, nb, &wb);
	if (swapped(&wa, &wb))
		return NAME_SWAPPED;
	if (partial(&wa, &wb))
		return NAME_PARTIAL;
	return 0;
}

/* --- dates, digits, the rest ------------------------------------------- */

static size_t
hamming(const char *a, const char *b, size_t n)
{
	size_t i, d = 0;

	for (i = 0; i < n; i++)
		d += a[i] != b[i];
	return d;
}

bool
levels_all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

/* YYYYMMDD: day and month swapped, or only one of year, month and day
 * differs, in one digit. */
static int
date_level(const char *a, size_t na, const char *b, size_t nb)
{
	static const size_t at[3] = {0, 4, 6}, len[3] = {4, 2, 2};
	size_t k, off = 0, d = 0;

	if (na != 8 || nb != 8 || !levels_all_digits(a, 8) || !levels_all_digits(b, 8))
		return 0;
	if (memcmp(a, b, 4) == 0 && memcmp(a + 4, b + 6, 2) == 0 && memcmp(a + 6, b + 4, 2) == 0)
		return 1;
	for (k = 0; k < 3; k++)
		if (memcmp(a + at[k], b + at[k], len[k]) != 0) {
			d++;
			off = hamming(a + at[k], b + at[k], len[k]);
		}
	return d == 1 && off == 1 ? 1 : 0;
}

static int
digits_level(const char *a, size_t na, const char *b, size_t nb)
{
	uint32_t ca[COMPARE_MAX], cb[COMPARE_MAX];
	size_t la = utf8_decode(a, na, ca, COMPARE_MAX), lb = utf8_decode(b, nb, cb, COMPARE_MAX), i;

	if (la < 2 || lb < 2)
		return 0;
	if (edit_distance(ca, la, cb, lb, 1) <= 1)
		return 1;
	if (la == lb) {
		/* Two neighbours swapped: 1234 / 1324. */
		for (i = 0; i + 1 < la && ca[i] == cb[i]; i++)
			;
		if (i + 1 < la && ca[i] == cb[i + 1] && ca[i + 1] == cb[i] &&
		    memcmp(ca + i + 2, cb + i + 2, (la - i - 2) * sizeof(*ca)) == 0)
			return 1;
	}
	return 0;
}

/* The same local part at another domain, or a typo (Jaro-Winkler >= 0.88
 * over the whole address). */
static int
email_level(const char *a, size_t na, const char *b, size_t nb)
{
	const char *ea = memchr(a, '@', na), *eb = memchr(b, '@', nb);
	uint32_t ca[COMPARE_MAX], cb[COMPARE_MAX];
	size_t la, lb;
	double jw;

	if (ea != NULL && eb != NULL && ea - a == eb - b && memcmp(a, b, (size_t)(ea - a)) == 0)
		return 2;
	la = utf8_decode(a, na, ca, COMPARE_MAX);
	lb = utf8_decode(b, nb, cb, COMPARE_MAX);
	return jw_at_least(ca, la, cb, lb, 0.88, &jw);
}

static size_t
district(const char *s, size_t n)
{
	const char *sp = memchr(s, ' ', n);

	if (sp != NULL)
		return (size_t)(sp - s);
	/* Digits: all but the last two (2119 -> 21, 200031 -> 2000); letters:
	 * all but the inward code of three (SW1A1AA -> SW1A). */
	return levels_all_digits(s, n) ? (n > 3 ? n - 2 : 0) : (n > 4 ? n - 3 : 0);
}

static int
postcode_level(const char *a, size_t na, const char *b, size_t nb)
{
	size_t da = district(a, na), db = district(b, nb);

	return da > 0 && da == db && memcmp(a, b, da) == 0;
}

/* The house numbers must agree; then most words, or most pairs of
 * characters in Chinese, shared. */
static int
address_level(const char *a, size_t na, const char *b, size_t nb)
{
	struct words wa, wb;
	uint32_t ca[COMPARE_MAX], cb[COMPARE_MAX];
	size_t la, lb, i, j, shared = 0, nd = 0;
	struct strbuf numa = STRBUF_INIT, numb = STRBUF_INIT;
	bool same_numbers;
	double jw;

	for (i = 0; i < na; i++)
		if (a[i] >= '0' && a[i] <= '9')
			sb_addc(&numa, a[i]);
		else if (numa.len > 0 && numa.s[numa.len - 1] != ' ')
			sb_addc(&numa, ' ');
	for (i = 0; i < nb; i++)
		if (b[i] >= '0' && b[i] <= '9')
			sb_addc(&numb, b[i]);
		else if (numb.len > 0 && numb.s[numb.len - 1] != ' ')
			sb_addc(&numb, ' ');
	while (numa.len > 0 && numa.s[numa.len - 1] == ' ')
		numa.len--;
	while (numb.len > 0 && numb.s[numb.len - 1] == ' ')
		numb.len--;
	same_numbers = numa.len == numb.len && (numa.len == 0 || memcmp(numa.s, numb.s, numa.len) == 0);
	sb_free(&numa);
	sb_free(&numb);
	if (!same_numbers)
		return 0;
	la = utf8_decode(a, na, ca, COMPARE_MAX);
	lb = utf8_decode(b, nb, cb, COMPARE_MAX);
	if (has_cjk(ca, la) || has_cjk(cb, lb)) {
		/* Pairs of characters in common (Dice). */
		for (i = 0; i + 1 < la; i++)
			for (j = 0; j + 1 < lb; j++)
				if (ca[i] == cb[j] && ca[i + 1] == cb[j + 1]) {
					shared++;
					break;
				}
		nd = (la > 1 ? la - 1 : 0) + (lb > 1 ? lb - 1 : 0);
		return nd > 0 && 2 * shared * 10 >= nd * 7;
	}
	if (jw_at_least(ca, la, cb, lb, 0.88, &jw))
		return 1;
	split(a, na, &wa);
	split(b, nb, &wb);
	for (i = 0; i < wa.n; i++)
		for (j = 0; j < wb.n; j++)
			if (word_eq(&wa, i, &wb, j)) {
				shared++;
				break;
			}
	return shared > 0 && shared * 2 >= (wa.n > wb.n ? wa.n : wb.n);
}

static int
text_level(const char *a, size_t na, const char *b, size_t nb)
{
	uint32_t ca[COMPARE_MAX], cb[COMPARE_MAX];
	size_t la = utf8_decode(a, na, ca, COMPARE_MAX), lb = utf8_decode(b, nb, cb, COMPARE_MAX);

	double jw;

	if (has_cjk(ca, la) || has_cjk(cb, lb))
		return la >= 2 && lb >= 2 && edit_distance(ca, la, cb, lb, 1) <= 1;
	return jw_at_least(ca, la, cb, lb, 0.88, &jw);
}

int
levels_compare(enum cmp_kind k, const char *a, size_t na, const char *b, size_t nb)
{
	if (na == nb && memcmp(a, b, na) == 0)
		return levels_count(k) - 1;
	switch (k) {
	case CMP_NAME: return name_level(a, na, b, nb);
	case CMP_DATE: return date_level(a, na, b, nb);
	case CMP_PHONE: return 0;
	case CMP_EMAIL: return email_level(a, na, b, nb);
	case CMP_POSTCODE: return postcode_level(a, na, b, nb);
	case CMP_ADDRESS: return address_level(a, na, b, nb);
	case CMP_DIGITS: return digits_level(a, na, b, nb);
	default: return text_level(a, na, b, nb);
	}
}
