/* pattern.c — simple pattern matcher; see pattern.h. */
#include "pattern.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define MAX_ITEMS 64
#define UNBOUNDED SIZE_MAX

struct item {
	uint64_t set[2];            /* which ASCII bytes match */
	size_t min, max;
};

struct simple_pattern {
	struct item item[MAX_ITEMS];
	size_t n;
	size_t fixed;               /* every count exact: the one length, else 0 */
};

static void
add(uint64_t set[2], unsigned c)
{
	if (c < 128)
		set[c >> 6] |= 1ULL << (c & 63);
}

static bool
has(const uint64_t set[2], unsigned char c)
{
	return c < 128 && (set[c >> 6] >> (c & 63)) & 1;
}

static void
add_range(uint64_t set[2], unsigned a, unsigned b)
{
	for (; a <= b; a++)
		add(set, a);
}

/* \d \w \s and their negations, or an escaped literal. */
static void
escape(uint64_t set[2], char c)
{
	uint64_t tmp[2] = {0, 0};

	switch (c) {
	case 'd': case 'D':
		add_range(tmp, '0', '9');
		break;
	case 'w': case 'W':
		add_range(tmp, '0', '9');
		add_range(tmp, 'a', 'z');
		add_range(tmp, 'A', 'Z');
		add(tmp, '_');
		break;
	case 's': case 'S':
		add(tmp, ' ');
		add_range(tmp, '\t', '\r');
		break;
	case 'n': add(set, '\n'); return;
	case 't': add(set, '\t'); return;
	case 'r': add(set, '\r'); return;
	default: add(set, (unsigned char)c); return;
	}
	if (c >= 'A' && c <= 'Z') {
		tmp[0] = ~tmp[0];
		tmp[1] = ~tmp[1];
	}
	set[0] |= tmp[0];
	set[1] |= tmp[1];
}

/* [...] at *pp; returns false if it is not something we handle. */
static bool
bracket(const char **pp, uint64_t set[2])
{
	const char *p = *pp + 1;
	bool neg = false;
	unsigned prev = 0;
	bool have_prev = false;

	if (*p == '^') {
		neg = true;
		p++;
	}
	for (; *p && (*p != ']' || p == *pp + 1 + neg); p++) {
		if ((unsigned char)*p >= 0x80 || *p == '[')
			return false;
		if (*p == '\\' && p[1]) {
			escape(set, *++p);
			have_prev = false;
		} else if (*p == '-' && have_prev && p[1] && p[1] != ']') {
			if ((unsigned char)p[1] >= 0x80 || p[1] == '\\' || (unsigned char)p[1] < prev)
				return false;
			add_range(set, prev, (unsigned char)p[1]);
			p++;
			have_prev = false;
		} else {
			prev = (unsigned char)*p;
			add(set, prev);
			have_prev = true;
		}
	}
	if (*p != ']')
		return false;
	if (neg) {
		set[0] = ~set[0];
		set[1] = ~set[1];
	}
	*pp = p;
	return true;
}

static bool
count(const char **pp, size_t *min, size_t *max)
{
	char *end;
	const char *p = *pp + 1;

	*min = strtoul(p, &end, 10);
	if (end == p)
		return false;
	p = end;
	if (*p == '}') {
		*max = *min;
	} else if (*p == ',' && p[1] == '}') {
		*max = UNBOUNDED;
		p++;
	} else if (*p == ',') {
		*max = strtoul(p + 1, &end, 10);
		if (end == p + 1 || *end != '}' || *max < *min)
			return false;
		p = end;
	} else
		return false;
	*pp = p;
	return true;
}

struct simple_pattern *
simple_pattern_compile(const char *xsd)
{
	struct simple_pattern *sp = xcalloc(1, sizeof(*sp));
	const char *p;

	for (p = xsd; *p; p++) {
		struct item *it;
		if (sp->n == MAX_ITEMS || (unsigned char)*p >= 0x80 || strchr("()|^$", *p))
			goto no;
		it = &sp->item[sp->n++];
		it->min = it->max = 1;
		if (*p == '\\' && p[1])
			escape(it->set, *++p);
		else if (*p == '[') {
			if (!bracket(&p, it->set))
				goto no;
		} else if (*p == '.') {
			it->set[0] = ~(1ULL << '\n' | 1ULL << '\r');
			it->set[1] = ~0ULL;
		} else if (strchr("*+?{}]", *p))
			goto no;
		else
			add(it->set, (unsigned char)*p);
		switch (p[1]) {
		case '*': it->min = 0; it->max = UNBOUNDED; p++; break;
		case '+': it->max = UNBOUNDED; p++; break;
		case '?': it->min = 0; p++; break;
		case '{':
			p++;
			if (!count(&p, &it->min, &it->max))
				goto no;
			break;
		}
		if (p[1] && strchr("*+?{", p[1]))
			goto no;            /* stacked quantifiers */
	}
	/* C\d{8} and its like: each item an exact count, so one length and
	 * one pass with no bookkeeping. */
	for (size_t k = 0; k < sp->n && sp->item[k].min == sp->item[k].max; k++)
		if (k + 1 == sp->n)
			for (k = 0; k < sp->n; k++)
				sp->fixed += sp->item[k].min;
	return sp;
no:
	free(sp);
	return NULL;
}

/* Which prefixes of s can the items so far match?  reach[i] says the
 * items so far can match s[0..i).  Each item extends every reachable end
 * by min to max characters of its class: a range of new ends, added with
 * a difference array, so each item costs O(n) whatever its counts. */
/* A value as long as a fixed pattern: each byte against its item's
 * class, which says no to every byte >= 0x80.  1 or 0 for an ASCII value;
 * -1 when the value is not ASCII (and so not this matcher's to decide). */
static int
fixed_match(const struct simple_pattern *sp, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t k, i = 0, end;

	for (k = 0; k < sp->n; k++) {
		uint64_t lo = sp->item[k].set[0], hi = sp->item[k].set[1];
		for (end = i + sp->item[k].min; i < end; i++)
			if (u[i] >= 0x80 || !(((u[i] < 64 ? lo : hi) >> (u[i] & 63)) & 1))
				goto mismatch;
	}
	return 1;
mismatch:
	for (; i < n; i++)
		if (u[i] >= 0x80)
			return -1;
	return 0;
}

bool
simple_pattern_match(const struct simple_pattern *sp, const char *s, size_t n)
{
	int small[2][130], *reach, *diff;
	size_t k, i, run, lo, hi;
	bool ok;

	if (sp->fixed > 0)
		return n == sp->fixed && fixed_match(sp, s, n) == 1;

	if (n + 2 > 130) {
		reach = xcalloc(2 * (n + 2), sizeof(int));
		diff = reach + n + 2;
	} else {
		reach = small[0];
		diff = small[1];
		memset(reach, 0, (n + 2) * sizeof(int));
	}
	reach[0] = 1;
	for (k = 0; k < sp->n; k++) {
		const struct item *it = &sp->item[k];
		memset(diff, 0, (n + 2) * sizeof(int));
		/* Backwards, so run = how many chars from i are in the class. */
		run = 0;
		for (i = n + 1; i-- > 0;) {
			if (i < n)
				run = has(it->set, (unsigned char)s[i]) ? run + 1 : 0;
			if (!reach[i] || run < it->min)
				continue;
			lo = i + it->min;
			hi = i + (run < it->max ? run : it->max);
			diff[lo]++;
			diff[hi + 1]--;
		}
		for (i = 0, run = 0; i <= n; i++) {
			run += (size_t)diff[i];
			reach[i] = run != 0;
		}
	}
	ok = reach[n] != 0;
	if (reach != small[0])
		free(reach);
	return ok;
}

void
simple_pattern_free(struct simple_pattern *sp)
{
	free(sp);
}

/* --- whole XML Schema patterns through PCRE2 ------------------------------ */

struct xsd_regex {
	struct simple_pattern *simple;   /* ASCII values, simple patterns */
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

/* XML Schema to PCRE2: ^ and $ are literals outside classes; refuse what
 * PCRE2 would read differently or not at all. */
static bool
xsd_translate(const char *p, struct strbuf *out, const char **why)
{
	bool in_set = false, after_quant = false;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			char c = p[1];
			if (c == 'i' || c == 'I' || c == 'c' || c == 'C') {
				*why = "\\i and \\c (XML name characters) are not supported";
				return false;
			}
			if ((c == 'p' || c == 'P') && p[2] == '{' && p[3] == 'I' && p[4] == 's') {
				*why = "\\p{Is...} Unicode blocks are not supported (use a range)";
				return false;
			}
			sb_addc(out, *p++);
			sb_addc(out, *p);
			after_quant = false;
			continue;
		}
		if (in_set) {
			if (*p == '-' && p[1] == '[') {
				*why = "class subtraction ([a-z-[aeiou]]) is not supported";
				return false;
			}
			if (*p == '[') {
				sb_adds(out, "\\[");
				continue;
			}
			in_set = *p != ']';
			sb_addc(out, *p);
			continue;
		}
		if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			if (after_quant) {
				*why = "a quantifier follows another quantifier (as in a++)";
				return false;
			}
			after_quant = true;
			while (*p == '{' && p[1] && p[1] != '}')
				sb_addc(out, *p++);
			sb_addc(out, *p);
			continue;
		}
		after_quant = false;
		if (*p == '[') {
			in_set = true;
			sb_addc(out, *p);
			if (p[1] == '^')
				sb_addc(out, *++p);
			if (p[1] == ']')
				sb_adds(out, "\\]"), p++;
		} else if (*p == '^' || *p == '$')
			sb_addc(out, '\\'), sb_addc(out, *p);
		else
			sb_addc(out, *p);
	}
	return true;
}

struct xsd_regex *
xsd_regex_compile(const char *xsd, char *buf, size_t bufsize, const char **why)
{
	struct xsd_regex *re;
	struct strbuf pat = STRBUF_INIT;
	pcre2_compile_context *cc;
	PCRE2_SIZE off;
	int rc;

	sb_adds(&pat, "(?:");
	if (!xsd_translate(xsd, &pat, why)) {
		sb_free(&pat);
		return NULL;
	}
	sb_adds(&pat, ")");
	re = xcalloc(1, sizeof(*re));
	cc = pcre2_compile_context_create(NULL);
	/* XML Schema's '.' is any character but \n and \r. */
	pcre2_set_newline(cc, PCRE2_NEWLINE_ANYCRLF);
	re->code = pcre2_compile((PCRE2_SPTR)pat.s, pat.len,
	    PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF | PCRE2_ANCHORED | PCRE2_ENDANCHORED |
	    PCRE2_DOLLAR_ENDONLY, &rc, &off, cc);
	pcre2_compile_context_free(cc);
	sb_free(&pat);
	if (re->code == NULL) {
		pcre2_get_error_message(rc, (PCRE2_UCHAR *)buf, bufsize);
		*why = buf;
		free(re);
		return NULL;
	}
	pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	/* A pattern that backtracks without end fails the value, not the run. */
	re->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(re->mc, 1000000);
	re->simple = simple_pattern_compile(xsd);
	return re;
}

bool
xsd_regex_match(struct xsd_regex *re, const char *s, size_t n)
{
	size_t i;
	int m;

	/* C\d{8}: one pass that also finds out whether the value is ASCII. */
	if (re->simple && n == re->simple->fixed &&
	    (m = fixed_match(re->simple, s, n)) >= 0)
		return m == 1;
	if (re->simple) {
		for (i = 0; i < n && (unsigned char)s[i] < 0x80; i++)
			;
		if (i == n)
			return simple_pattern_match(re->simple, s, n);
	}
	return pcre2_match(re->code, (PCRE2_SPTR)s, n, 0, 0, re->md, re->mc) >= 0;
}

void
xsd_regex_free(struct xsd_regex *re)
{
	if (re == NULL)
		return;
	simple_pattern_free(re->simple);
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
	free(re);
}
