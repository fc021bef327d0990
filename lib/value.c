/* value.c — parsing and normalising values; see value.h. */
#include "value.h"
#include "value_ref.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <tmmintrin.h>      /* SSSE3, used where the CPU has it */
#endif

/* Decode one full-width ASCII form (U+FF01..U+FF5E, 3 bytes EF BC/BD xx)
 * or U+3000 at s; returns its ASCII equivalent and sets *adv, or 0. */
static int
fullwidth_at(const unsigned char *s, size_t n, size_t *adv)
{
	if (n >= 3 && s[0] == 0xEF && (s[1] == 0xBC || s[1] == 0xBD) && s[2] >= 0x80 && s[2] <= 0xBF) {
		unsigned cp = 0xF000u | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
		if (cp >= 0xFF01 && cp <= 0xFF5E) {
			*adv = 3;
			return (int)(cp - 0xFF00 + 0x20);
		}
	}
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80) {
		*adv = 3;
		return ' ';
	}
	return 0;
}

size_t
fold_fullwidth(const char *s, size_t len, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, adv, count = 0;
	int c;

	sb_reset(out);
	sb_grow(out, len);
	while (i < len) {
		if (u[i] >= 0xE3 && (c = fullwidth_at(u + i, len - i, &adv)) != 0) {
			out->s[out->len++] = (char)c;
			i += adv;
			count++;
		} else
			out->s[out->len++] = s[i++];
	}
	out->s[out->len] = '\0';
	return count;
}

/* Copy s to a small ASCII buffer, folding full-width forms; stops (and
 * returns false) on other non-ASCII bytes unless keep_other. */
static bool
to_ascii(const char *s, size_t n, char *out, size_t cap, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, adv;
	int c;

	while (i < n) {
		if (k + 1 >= cap)
			return false;
		if (u[i] < 0x80) {
			out[k++] = (char)u[i++];
			continue;
		}
		if ((c = fullwidth_at(u + i, n - i, &adv)) == 0)
			return false;
		out[k++] = (char)c;
		i += adv;
	}
	out[k] = '\0';
	*outlen = k;
	return true;
}

const char *
trim_space_slow(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;

	for (;;) {
		if (len > 0 && (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')) {
			u++;
			len--;
		} else if (len >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) {
			u += 3;
			len -= 3;
		} else
			break;
	}
	for (;;) {
		if (len > 0 && (u[len - 1] == ' ' || u[len - 1] == '\t' || u[len - 1] == '\r' ||
		    u[len - 1] == '\n'))
			len--;
		else if (len >= 3 && u[len - 3] == 0xE3 && u[len - 2] == 0x80 && u[len - 1] == 0x80)
			len -= 3;
		else
			break;
	}
	*outlen = len;
	return (const char *)u;
}

static bool
has_prefix_ci(const char *s, size_t n, const char *p)
{
	size_t k = strlen(p);

	return n >= k && strncasecmp(s, p, k) == 0;
}

/* --- money ----------------------------------------------------------------- */

/* Bytes that stand for 万 and 亿 once folded: no ASCII a user could type. */
#define WAN_MARK '\001'
#define YI_MARK '\002'

/* The one reader of decorated numbers (money_parse, and the expression
 * language's decimals): fold to ASCII, strip the currency signs, codes
 * and the 元 suffix, read the sign in any of the places ledgers put it,
 * then the digits with thousands separators in groups of three.  A
 * trailing 万 or 亿 (1.25万元) multiplies by 10^4 or 10^8 exactly: the
 * digits are read with that many more places. */
static int decimal_read(const char *p, const char *e, int places, bool round, int64_t *out,
    const char **why);

/* The longest value read: what decimal_parse_slow folds into its buffer. */
#define DECIMAL_MAX 126

/* A currency sign at u[0..n): its length, or 0.  $ and the signs the
 * general reader folds to it: ¥ £ € ￥. */
static size_t
currency_sign(const unsigned char *u, size_t n)
{
	if (n >= 1 && u[0] == '$')
		return 1;
	if (n >= 2 && u[0] == 0xC2 && (u[1] == 0xA5 || u[1] == 0xA3))
		return 2;
	if (n >= 3 && ((u[0] == 0xE2 && u[1] == 0x82 && u[2] == 0xAC) ||
	    (u[0] == 0xEF && u[1] == 0xBF && u[2] == 0xA5)))
		return 3;
	return 0;
}

/* A decimal as most amounts are written (838.39, -1234.5, £6,765.83,
 * ¥1,234.50): a minus, a currency sign, at most 9 digits before the
 * point (in groups of three when separated) and no more after it than
 * places, so that nothing can overflow and nothing needs rounding.  Says
 * false for anything else. */
static bool
decimal_fast(const char *s, size_t n, int places, int64_t *out)
{
	static const uint64_t pow10[10] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		100000000, 1000000000};
	const unsigned char *u = (const unsigned char *)s;
	size_t i = n > 0 && s[0] == '-', ndig = 0, group = 0, dot;
	uint64_t v = 0, frac = 0;
	bool sep = false;

	if (places < 0 || places > 9)
		return false;
	i += currency_sign(u + i, n - i);
	for (; i < n; i++) {
		if ((unsigned)(s[i] - '0') <= 9) {
			v = v * 10 + (uint64_t)(s[i] - '0');
			ndig++;
			group++;
		} else if (s[i] == ',' && ndig > 0 && (sep ? group == 3 : group <= 3)) {
			sep = true;
			group = 0;
		} else
			break;
	}
	if (ndig == 0 || ndig > 9 || (sep && group != 3))
		return false;
	if (i < n) {
		if (s[i] != '.')
			return false;
		for (dot = ++i; i < n && (unsigned)(s[i] - '0') <= 9; i++)
			frac = frac * 10 + (uint64_t)(s[i] - '0');
		if (i < n || i - dot > (size_t)places)
			return false;
		frac *= pow10[(size_t)places - (i - dot)];
	}
	*out = (int64_t)(v * pow10[places] + frac);
	if (s[0] == '-')
		*out = -*out;
	return true;
}

/* Plain decimals first; other ASCII values (¥ and £ aside, nearly all)
 * read where they are, without the copy that folding makes. */
int
decimal_parse(const char *s, size_t len, int places, bool round, int64_t *out, const char **why)
{
	size_t n, i;
	const char *t = trim_space(s, len, &n);

	if (decimal_fast(t, n, places, out))
		return VALUE_OK;
	if (n == 0 || n > DECIMAL_MAX)
		return decimal_parse_slow(s, len, places, round, out, why);
	for (i = 0; i < n && (unsigned char)t[i] < 0x80; i++)
		;
	if (i < n)
		return decimal_parse_slow(s, len, places, round, out, why);
	return decimal_read(t, t + n, places, round, out, why);
}

int
decimal_parse_slow(const char *s, size_t len, int places, bool round, int64_t *out, const char **why)
{
	char buf[DECIMAL_MAX + 2];
	size_t n, i;

	s = trim_space(s, len, &n);
	if (n == 0) {
		*why = "empty";
		return VALUE_EMPTY;
	}
	/* Fold to ASCII, turning the currency signs we know into '$'. */
	{
		const unsigned char *u = (const unsigned char *)s;
		size_t k = 0, adv;
		int c;
		for (i = 0; i < n;) {
			if (k + 2 >= sizeof(buf)) {
				*why = "too long";
				return VALUE_INVALID;
			}
			if (u[i] < 0x80) {
				buf[k++] = (char)u[i++];
			} else if (i + 1 < n && u[i] == 0xC2 && (u[i + 1] == 0xA5 || u[i + 1] == 0xA3)) {
				buf[k++] = '$';     /* ¥ £ */
				i += 2;
			} else if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x82 && u[i + 2] == 0xAC) {
				buf[k++] = '$';     /* € */
				i += 3;
			} else if (i + 2 < n && u[i] == 0xEF && u[i + 1] == 0xBF && u[i + 2] == 0xA5) {
				buf[k++] = '$';     /* ￥ */
				i += 3;
			} else if (i + 2 < n && u[i] == 0xE5 && u[i + 1] == 0x85 && u[i + 2] == 0x83) {
				buf[k++] = 'Y';     /* 元 suffix */
				i += 3;
			} else if (i + 2 < n && u[i] == 0xE4 && u[i + 1] == 0xB8 && u[i + 2] == 0x87) {
				buf[k++] = WAN_MARK;   /* 万 */
				i += 3;
			} else if (i + 2 < n && u[i] == 0xE4 && u[i + 1] == 0xBA && u[i + 2] == 0xBF) {
				buf[k++] = YI_MARK;    /* 亿 */
				i += 3;
			} else if ((c = fullwidth_at(u + i, n - i, &adv)) != 0) {
				buf[k++] = (char)c;
				i += adv;
			} else {
				*why = "unexpected character";
				return VALUE_INVALID;
			}
		}
		buf[k] = '\0';
		n = k;
	}
	return decimal_read(buf, buf + n, places, round, out, why);
}

/* The folded value p..e: signs, currency, separators, digits. */
static int
decimal_read(const char *p, const char *e, int places, bool round, int64_t *out, const char **why)
{
	int nsign = 0, ncur = 0, unit_places = places;
	size_t i, digits_int = 0, ndec = 0, group = 0;
	bool neg = false, seen_sep = false, dot = false;
	uint64_t v = 0, frac = 0, scale = 1;
	int up = 0;

	while (p < e && *p == ' ')
		p++;
	while (e > p && e[-1] == ' ')
		e--;
	if (p < e && *p == '(' && e[-1] == ')') {
		neg = true;
		nsign = 1;
		p++;
		e--;
	}
	/* Sign and currency in either order, once each: -$12, $-12, +12;
	 * --5, (-5) and ¥¥5 are no amounts anyone meant. */
	for (i = 0; i < 3 && p < e; i++) {
		if (*p == '-' || *p == '+') {
			if (nsign++)
				goto two_signs;
			if (*p == '-')
				neg = !neg;
			p++;
		} else if (*p == '$') {
			if (ncur++)
				goto two_signs;
			p++;
		} else if (((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z') &&
		    (has_prefix_ci(p, (size_t)(e - p), "RMB") || has_prefix_ci(p, (size_t)(e - p), "CNY") ||
		    has_prefix_ci(p, (size_t)(e - p), "USD") || has_prefix_ci(p, (size_t)(e - p), "EUR") ||
		    has_prefix_ci(p, (size_t)(e - p), "GBP"))) {
			if (ncur++)
				goto two_signs;
			p += 3;
		} else
			break;
		while (p < e && *p == ' ')
			p++;
	}
	if (e > p && e[-1] == 'Y')
		e--;
	if (e > p && (e[-1] == WAN_MARK || e[-1] == YI_MARK)) {
		places += e[-1] == WAN_MARK ? 4 : 8;
		e--;
	}
	/* A trailing currency code: 1041.13 GBP, 100 RMB. */
	if (e - p > 3 && ((e[-1] | 0x20) >= 'a' && (e[-1] | 0x20) <= 'z')) {
		static const char *const codes[] = {"RMB", "CNY", "USD", "EUR", "GBP", "HKD"};
		size_t c;
		for (c = 0; c < ARRAY_LEN(codes); c++)
			if (strncasecmp(e - 3, codes[c], 3) == 0) {
				e -= 3;
				break;
			}
	}
	while (e > p && e[-1] == ' ')
		e--;
	if (e > p && e[-1] == '-' && nsign == 0) {
		neg = true;     /* 12.00- as some ledgers write it */
		e--;
	}
	if (p == e) {
		*why = "no digits";
		return VALUE_INVALID;
	}
	for (; p < e; p++) {
		char c = *p;
		if (c >= '0' && c <= '9') {
			if (dot) {
				if (ndec >= (size_t)places) {
					if (round && ndec == (size_t)places)
						up = c >= '5';
					else if (!round && c != '0') {
						*why = places == 2 ? "more than 2 decimal places" :
						    unit_places == 2 ? "finer than a cent" : "too many decimal places";
						return VALUE_INVALID;
					}
					ndec++;
					continue;
				}
				frac = frac * 10 + (uint64_t)(c - '0');
				ndec++;
			} else {
				if (v > (UINT64_MAX - 9) / 10) {
					*why = "too large";
					return VALUE_RANGE;
				}
				v = v * 10 + (uint64_t)(c - '0');
				digits_int++;
				group++;
			}
		} else if (c == ',' && !dot) {
			if (digits_int == 0 || (seen_sep ? group != 3 : group > 3)) {
				*why = "misplaced thousands separator";
				return VALUE_INVALID;
			}
			seen_sep = true;
			group = 0;
		} else if (c == '.' && !dot) {
			dot = true;
		} else {
			*why = "not a number";
			return VALUE_INVALID;
		}
	}
	if (seen_sep && group != 3) {
		*why = "misplaced thousands separator";
		return VALUE_INVALID;
	}
	if (digits_int == 0 && ndec == 0) {
		*why = "no digits";
		return VALUE_INVALID;
	}
	for (i = 0; i < (size_t)places; i++) {
		scale *= 10;
		if (i >= ndec)
			frac *= 10;
	}
	if (v > ((uint64_t)INT64_MAX - frac - (uint64_t)up) / scale) {
		*why = "too large";
		return VALUE_RANGE;
	}
	*out = (int64_t)(v * scale + frac + (uint64_t)up);
	if (neg)
		*out = -*out;
	return VALUE_OK;
two_signs:
	*why = "more than one sign or currency";
	return VALUE_INVALID;
}

int
money_parse(const char *s, size_t len, int64_t *cents, const char **why)
{
	return decimal_parse(s, len, 2, false, cents, why);
}

/* Digits of v right-aligned in tmp; returns where they start. */
static char *
utoa_end(uint64_t v, char *end)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

size_t
money_format(int64_t cents, char *buf)
{
	uint64_t a = cents < 0 ? (uint64_t)0 - (uint64_t)cents : (uint64_t)cents;
	char tmp[24], *p = utoa_end(a / 100, tmp + sizeof(tmp));
	size_t n = 0, k = (size_t)(tmp + sizeof(tmp) - p);

	if (cents < 0)
		buf[n++] = '-';
	memcpy(buf + n, p, k);
	n += k;
	buf[n++] = '.';
	buf[n++] = (char)('0' + a % 100 / 10);
	buf[n++] = (char)('0' + a % 10);
	buf[n] = '\0';
	return n;
}

/* --- dates ----------------------------------------------------------------- */

static bool
leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int y, int m)
{
	static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	return m == 2 && leap(y) ? 29 : d[m - 1];
}

bool
date_valid(struct date d)
{
	return d.year >= 1000 && d.year <= 9999 && d.month >= 1 && d.month <= 12 &&
	    d.day >= 1 && d.day <= month_days(d.year, d.month);
}

/* Howard Hinnant's days_from_civil. */
int32_t
date_to_days(struct date d)
{
	int y = d.year - (d.month <= 2);
	int era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153u * (unsigned)(d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + (unsigned)d.day - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + (int32_t)doe - 719468;
}

struct date
date_from_days(int32_t z)
{
	struct date d;
	int era, y;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = (int)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
	d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
	d.year = y + (d.month <= 2);
	return d;
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
}

size_t
date_format(struct date d, char *buf)
{
	if (d.year < 0 || d.year > 9999)
		return (size_t)sprintf(buf, "%04d-%02d-%02d", d.year, d.month, d.day);
	put2(buf, d.year / 100);
	put2(buf + 2, d.year % 100);
	buf[4] = '-';
	put2(buf + 5, d.month);
	buf[7] = '-';
	put2(buf + 8, d.day);
	buf[10] = '\0';
	return 10;
}

size_t
datetime_format(const struct datetime *dt, char *buf)
{
	size_t n = date_format(dt->date, buf);

	if (dt->has_time)
		n += (size_t)sprintf(buf + n, "T%02d:%02d:%02d", dt->hour, dt->min, dt->sec);
	return n;
}

/* Read 1..max digits at *p; returns -1 if none. */
static int
digits(const char **p, const char *e, int max, int *count)
{
	int v = 0, k = 0;

	while (*p < e && k < max && **p >= '0' && **p <= '9') {
		v = v * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	*count = k;
	return k ? v : -1;
}

static int
excel_serial(long serial, struct date *d, const char **why)
{
	/* 1900 system: 1 = 1900-01-01; Excel counts a 1900-02-29 that never was. */
	if (serial < 1 || serial > 2958465) {
		*why = "Excel serial number out of range";
		return VALUE_RANGE;
	}
	if (serial == 60) {
		*why = "Excel's 1900-02-29 does not exist";
		return VALUE_RANGE;
	}
	*d = date_from_days((int32_t)(serial - (serial > 60 ? 25569 : 25568)));
	return VALUE_OK;
}

/* Parse the date part at the start of buf[0..n); *used is set to the
 * bytes consumed. */
static int
date_part(const char *buf, size_t n, struct date *d, size_t *used, const char **why)
{
	const char *p = buf, *e = buf + n;
	int a, b, c, ka, kb, kc;
	char sep;

	a = digits(&p, e, 8, &ka);
	if (a < 0) {
		*why = "not a date";
		return VALUE_INVALID;
	}
	/* 2024.01.15 is a date; 45569.5 an Excel serial with a time. */
	if (p < e && *p == '.' && memchr(p + 1, '.', (size_t)(e - p - 1)) != NULL)
		goto separated;
	if (p == e || *p == ' ' || *p == 'T' || *p == '.') {
		if (ka == 8 && (p == e || *p != '.')) {
			d->year = a / 10000;
			d->month = a / 100 % 100;
			d->day = a % 100;
			*used = (size_t)(p - buf);
			if (!date_valid(*d)) {
				*why = "no such date";
				return VALUE_RANGE;
			}
			return VALUE_OK;
		}
		if (ka <= 7 && (p == e || *p == '.')) {
			*used = (size_t)(p - buf);
			return excel_serial(a, d, why);
		}
	}
	if (p == e) {
		*why = "not a date";
		return VALUE_INVALID;
	}
separated:
	sep = *p++;
	if (sep == 'Y') {       /* 年: the CJK form, folded to Y M D */
		b = digits(&p, e, 2, &kb);
		if (b < 0 || p == e || *p++ != 'M') {
			*why = "not a date";
			return VALUE_INVALID;
		}
		c = digits(&p, e, 2, &kc);
		if (c < 0) {
			*why = "not a date";
			return VALUE_INVALID;
		}
		if (p < e && *p == 'D')
			p++;
		d->year = a;
		d->month = b;
		d->day = c;
	} else if (sep == '-' || sep == '/' || sep == '.') {
		b = digits(&p, e, 2, &kb);
		if (b < 0 || p == e || *p++ != sep) {
			*why = "not a date";
			return VALUE_INVALID;
		}
		c = digits(&p, e, 4, &kc);
		if (c < 0) {
			*why = "not a date";
			return VALUE_INVALID;
		}
		if (ka == 4) {
			if (kc > 2) {
				*why = "not a date";
				return VALUE_INVALID;
			}
			d->year = a;
			d->month = b;
			d->day = c;
		} else if (kc == 4 && ka <= 2) {
			/* D/M/Y or M/D/Y: only when one reading is impossible. */
			bool dm = a >= 1 && a <= 31 && b >= 1 && b <= 12;
			bool md = a >= 1 && a <= 12 && b >= 1 && b <= 31;
			if (dm && md && a != b) {
				*why = "ambiguous: day/month or month/day";
				return VALUE_AMBIGUOUS;
			}
			d->year = c;
			d->month = dm ? b : a;
			d->day = dm ? a : b;
		} else {
			*why = "not a date";
			return VALUE_INVALID;
		}
	} else {
		*why = "not a date";
		return VALUE_INVALID;
	}
	*used = (size_t)(p - buf);
	if (!date_valid(*d)) {
		*why = d->year < 1000 || d->year > 9999 ? "year out of range" : "no such date";
		return d->month >= 1 && d->month <= 12 && d->year >= 1000 ? VALUE_RANGE :
		    (d->month > 12 || d->month < 1 ? VALUE_RANGE : VALUE_INVALID);
	}
	return VALUE_OK;
}

/* Fold full-width forms and 年月日 to ASCII (Y M D) into buf. */
static bool
fold_date(const char *s, size_t n, char *buf, size_t cap, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, adv;
	int c;

	while (i < n) {
		if (k + 1 >= cap)
			return false;
		if (u[i] < 0x80)
			buf[k++] = (char)u[i++];
		else if (i + 2 < n && u[i] == 0xE5 && u[i + 1] == 0xB9 && u[i + 2] == 0xB4) {
			buf[k++] = 'Y';         /* 年 */
			i += 3;
		} else if (i + 2 < n && u[i] == 0xE6 && u[i + 1] == 0x9C && u[i + 2] == 0x88) {
			buf[k++] = 'M';         /* 月 */
			i += 3;
		} else if (i + 2 < n && u[i] == 0xE6 && u[i + 1] == 0x97 && u[i + 2] == 0xA5) {
			buf[k++] = 'D';         /* 日 */
			i += 3;
		} else if ((c = fullwidth_at(u + i, n - i, &adv)) != 0) {
			buf[k++] = (char)c;
			i += adv;
		} else
			return false;
	}
	buf[k] = '\0';
	*outlen = k;
	return true;
}

int
date_parse(const char *s, size_t len, struct date *d, const char **why)
{
	struct datetime dt;
	int rc = datetime_parse(s, len, &dt, why);

	if (rc == VALUE_OK && dt.has_time) {
		*why = "has a time of day";
		return VALUE_INVALID;
	}
	if (rc == VALUE_OK)
		*d = dt.date;
	return rc;
}

/* Two ASCII digits at s as a number, or -1. */
static inline int
two_digits(const char *s)
{
	unsigned a = (unsigned char)s[0] - '0', b = (unsigned char)s[1] - '0';

	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/* The forms orders are written in most, 2024-10-04 and
 * 2024-10-04 08:26:00 (or with slashes, as Excel in China writes them),
 * read without folding or copying, in straight-line code: grading reads
 * one per order. */
static bool
iso_fast(const char *s, size_t n, struct datetime *dt)
{
	int hi, lo, mo, d;

	if ((n != 10 && n != 19) || s[4] != s[7] || (s[4] != '-' && s[4] != '/'))
		return false;
	hi = two_digits(s);
	lo = two_digits(s + 2);
	mo = two_digits(s + 5);
	d = two_digits(s + 8);
	if ((hi | lo | mo | d) < 0)
		return false;
	memset(dt, 0, sizeof(*dt));
	dt->date.year = hi * 100 + lo;
	dt->date.month = mo;
	dt->date.day = d;
	if (n == 19) {
		if ((s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':')
			return false;
		dt->hour = two_digits(s + 11);
		dt->min = two_digits(s + 14);
		dt->sec = two_digits(s + 17);
		if ((dt->hour | dt->min | dt->sec) < 0 || dt->hour > 23 || dt->min > 59 || dt->sec > 60)
			return false;
		dt->has_time = true;
	}
	return date_valid(dt->date);
}

static int datetime_read(const char *buf, size_t n, struct datetime *dt, const char **why);

/* The longest value read: what datetime_parse_slow folds into its buffer. */
#define DATETIME_MAX 63

/* ISO dates in straight-line code; other ASCII dates (2024/10/4,
 * 2024.10.04, Excel serials) read where they are, without the copy that
 * folding 年月日 and full-width digits makes. */
int
datetime_parse(const char *s, size_t len, struct datetime *dt, const char **why)
{
	size_t n, i;
	const char *t;

	if (iso_fast(s, len, dt))
		return VALUE_OK;
	t = trim_space(s, len, &n);
	if (n == 0 || n > DATETIME_MAX)
		return datetime_parse_slow(s, len, dt, why);
	for (i = 0; i < n && (unsigned char)t[i] < 0x80; i++)
		;
	if (i < n)
		return datetime_parse_slow(s, len, dt, why);
	memset(dt, 0, sizeof(*dt));
	return datetime_read(t, n, dt, why);
}

int
datetime_parse_slow(const char *s, size_t len, struct datetime *dt, const char **why)
{
	char buf[DATETIME_MAX + 1];
	size_t n;

	memset(dt, 0, sizeof(*dt));
	s = trim_space(s, len, &n);
	if (n == 0) {
		*why = "empty";
		return VALUE_EMPTY;
	}
	if (!fold_date(s, n, buf, sizeof(buf), &n)) {
		*why = "not a date";
		return VALUE_INVALID;
	}
	return datetime_read(buf, n, dt, why);
}

/* The folded value buf[0..n): a date, then maybe a time. */
static int
datetime_read(const char *buf, size_t n, struct datetime *dt, const char **why)
{
	const char *p, *e;
	size_t used;
	int rc, k, frac;

	if ((rc = date_part(buf, n, &dt->date, &used, why)) != VALUE_OK)
		return rc;
	p = buf + used;
	e = buf + n;
	if (p == e)
		return VALUE_OK;
	if (*p == '.' && used <= 7) {
		/* Excel serial with a fraction of a day. */
		long num = 0, den = 1;
		for (p++, k = 0; p < e && *p >= '0' && *p <= '9' && k < 9; p++, k++) {
			num = num * 10 + (*p - '0');
			den *= 10;
		}
		if (p != e || k == 0) {
			*why = "not a date";
			return VALUE_INVALID;
		}
		frac = (int)((num * 86400 + den / 2) / den);
		if (frac >= 86400)
			frac = 86399;
		dt->has_time = true;
		dt->hour = frac / 3600;
		dt->min = frac / 60 % 60;
		dt->sec = frac % 60;
		return VALUE_OK;
	}
	if (*p != ' ' && *p != 'T') {
		*why = "not a date";
		return VALUE_INVALID;
	}
	while (p < e && (*p == ' ' || *p == 'T'))
		p++;
	dt->hour = digits(&p, e, 2, &k);
	if (dt->hour < 0 || p == e || *p++ != ':') {
		*why = "bad time of day";
		return VALUE_INVALID;
	}
	dt->min = digits(&p, e, 2, &k);
	if (dt->min < 0 || k != 2) {
		*why = "bad time of day";
		return VALUE_INVALID;
	}
	if (p < e && *p == ':') {
		p++;
		dt->sec = digits(&p, e, 2, &k);
		if (dt->sec < 0 || k != 2) {
			*why = "bad time of day";
			return VALUE_INVALID;
		}
		if (p < e && *p == '.')     /* fractions of a second are dropped */
			for (p++; p < e && *p >= '0' && *p <= '9'; p++)
				;
	}
	if (p < e && (*p == 'Z' || *p == 'z'))
		p++;
	else if (p < e && (*p == '+' || *p == '-')) {
		p++;
		digits(&p, e, 2, &k);
		if (p < e && *p == ':')
			p++;
		digits(&p, e, 2, &k);
	}
	if (p != e) {
		*why = "unexpected text after the time";
		return VALUE_INVALID;
	}
	if (dt->hour > 23 || dt->min > 59 || dt->sec > 60) {
		*why = "no such time of day";
		return VALUE_RANGE;
	}
	dt->has_time = true;
	return VALUE_OK;
}

/* --- phones and e-mails ------------------------------------------------------ */

bool
is_cn_mobile(const char *s, size_t len)
{
	size_t i;

	if (len != 11 || s[0] != '1' || s[1] < '3' || s[1] > '9')
		return false;
	for (i = 2; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		;
	return i == len;
}

static int phone_finish(char *d, size_t nd, bool plus, char *out, const char **why);

/* What each byte other than a digit is in a phone number as most are
 * written (ASCII): PH_BAD also for every byte >= 0x80, which
 * phone_normalize_slow reads. */
enum { PH_BAD, PH_SEP, PH_PLUS };
static const unsigned char phone_class[256] = {
	[' '] = PH_SEP, ['-'] = PH_SEP, ['.'] = PH_SEP, ['('] = PH_SEP, [')'] = PH_SEP,
	['/'] = PH_SEP, ['\t'] = PH_SEP, ['+'] = PH_PLUS,
};

/* ASCII phones of up to 31 bytes (so of at most 31 digits), a digit
 * stored with one test; anything else (full-width digits, letters, a
 * second +, very long values) goes to phone_normalize_slow. */
int
phone_normalize(const char *s, size_t len, char *out, const char **why)
{
	const unsigned char *u = (const unsigned char *)s;
	char d[32];
	size_t i, nd = 0;
	bool plus = false;

	if (len >= sizeof(d))
		return phone_normalize_slow(s, len, out, why);
	for (i = 0; i < len; i++) {
		if ((unsigned)(u[i] - '0') <= 9)
			d[nd++] = (char)u[i];
		else if (phone_class[u[i]] == PH_PLUS && nd == 0 && !plus)
			plus = true;
		else if (phone_class[u[i]] != PH_SEP)
			return phone_normalize_slow(s, len, out, why);
	}
	return phone_finish(d, nd, plus, out, why);
}

int
phone_normalize_slow(const char *s, size_t len, char *out, const char **why)
{
	const unsigned char *u = (const unsigned char *)s;
	char d[32];
	size_t i = 0, nd = 0, adv;
	bool plus = false;
	int c;

	while (i < len) {
		c = u[i];
		adv = 1;
		if (c >= 0x80 && (c = fullwidth_at(u + i, len - i, &adv)) == 0) {
			*why = "unexpected character";
			return VALUE_INVALID;
		}
		i += adv;
		if (c >= '0' && c <= '9') {
			if (nd >= sizeof(d) - 1) {
				*why = "too many digits";
				return VALUE_INVALID;
			}
			d[nd++] = (char)c;
		} else if (c == '+' && nd == 0 && !plus)
			plus = true;
		else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')' && c != '/' && c != '\t') {
			*why = "not a phone number";
			return VALUE_INVALID;
		}
	}
	return phone_finish(d, nd, plus, out, why);
}

/* The digits d[0..nd) of a phone (room for one more), and whether a +
 * led them: its normal form. */
static int
phone_finish(char *d, size_t nd, bool plus, char *out, const char **why)
{
	d[nd] = '\0';
	if (nd == 0) {
		*why = "empty";
		return VALUE_EMPTY;
	}
	/* 00 is the international prefix, as + is (country codes never
	 * start with 0: 00000000000 is a placeholder, not a number abroad). */
	if (!plus && nd > 2 && d[0] == '0' && d[1] == '0' && d[2] != '0') {
		plus = true;
		memmove(d, d + 2, nd - 1);
		nd -= 2;
	}
	/* China mobile: 86 + 1[3-9]xxxxxxxxx, with or without + */
	if (nd == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1' && d[3] >= '3' && d[3] <= '9') {
		if (out)
			memcpy(out, d + 2, 12);
		return VALUE_OK;
	}
	if (nd < 7 || nd > 15) {
		*why = nd < 7 ? "too few digits" : "too many digits";
		return VALUE_INVALID;
	}
	if (out == NULL)
		return VALUE_OK;
	if (plus) {
		out[0] = '+';
		memcpy(out + 1, d, nd + 1);
	} else
		memcpy(out, d, nd + 1);
	return VALUE_OK;
}

/* What each ASCII byte may be in an address we accept, after folding:
 * EM_BAD nowhere; EM_LOCAL only before the @; EM_HOST also in a domain
 * label (letters are lower-cased first). */
enum { EM_BAD, EM_LOCAL, EM_HOST, EM_DOT, EM_AT };
static const unsigned char email_class[256] = {   /* bytes >= 0x80: EM_BAD */
#define L EM_LOCAL
	['!'] = L, ['#'] = L, ['$'] = L, ['%'] = L, ['&'] = L, ['\''] = L, ['*'] = L, ['+'] = L,
	['/'] = L, ['='] = L, ['?'] = L, ['^'] = L, ['_'] = L, ['`'] = L, ['{'] = L, ['|'] = L,
	['}'] = L, ['~'] = L,
#undef L
	['-'] = EM_HOST, ['.'] = EM_DOT, ['@'] = EM_AT,
#define H4(c) [c] = EM_HOST, [c + 1] = EM_HOST, [c + 2] = EM_HOST, [c + 3] = EM_HOST
	H4('0'), H4('4'), ['8'] = EM_HOST, ['9'] = EM_HOST,
	H4('a'), H4('e'), H4('i'), H4('m'), H4('q'), H4('u'), ['y'] = EM_HOST, ['z'] = EM_HOST,
	H4('A'), H4('E'), H4('I'), H4('M'), H4('Q'), H4('U'), ['Y'] = EM_HOST, ['Z'] = EM_HOST,
#undef H4
};

/* ASCII s[0..n) lower-cased into out, eight bytes at a time: a byte
 * from 'A' to 'Z' gains 0x20. */
static void
ascii_lower(const unsigned char *s, size_t n, char *out)
{
	size_t i = 0;
	uint64_t w, up;

	for (; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		/* High bit of each byte: >= 'A' and not > 'Z' (no carries: every byte < 0x80). */
		up = (w + 0x3F3F3F3F3F3F3F3FULL) & ~(w + 0x2525252525252525ULL) & 0x8080808080808080ULL;
		w |= up >> 2;
		memcpy(out + i, &w, 8);
	}
	for (; i < n; i++)
		out[i] = (char)(s[i] >= 'A' && s[i] <= 'Z' ? s[i] | 0x20 : s[i]);
	out[n] = '\0';
}

/* The addresses nearly every table holds (plain ASCII, valid), checked
 * in runs of ordinary bytes with a look at each dot and the @ only.
 * Says false for anything else, which email_normalize_slow reads and
 * explains; it accepts exactly what that accepts (tests/unit/
 * test_fastpath.c holds it to that). */
static bool
email_fast(const unsigned char *u, size_t n, char *out)
{
	size_t i = 0, at, label, dots = 0;
	unsigned char k;

	if (n == 0 || n >= 320)
		return false;
	/* The local part: runs of letters, digits and the like, each dot
	 * between two of them. */
	for (;;) {
		while (i < n && (unsigned char)(email_class[u[i]] - EM_LOCAL) <= EM_HOST - EM_LOCAL)
			i++;
		if (i == n)
			return false;
		if ((k = email_class[u[i]]) == EM_AT)
			break;
		if (k != EM_DOT || i == 0 || u[i - 1] == '.')
			return false;
		i++;
	}
	at = i;
	if (at == 0 || at > 64 || u[at - 1] == '.')
		return false;
	/* The domain: two or more labels of letters, digits and inner hyphens. */
	for (label = ++i;; label = ++i) {
		while (i < n && email_class[u[i]] == EM_HOST)
			i++;
		if (i == label || i - label > 63 || u[label] == '-' || u[i - 1] == '-')
			return false;
		if (i == n)
			break;
		if (u[i] != '.')
			return false;
		dots++;
	}
	if (dots == 0)
		return false;
	if (out)
		ascii_lower(u, n, out);
	return true;
}

int
email_normalize(const char *s, size_t len, char *out, const char **why)
{
	size_t n;
	const char *t = trim_space(s, len, &n);

	if (email_fast((const unsigned char *)t, n, out))
		return VALUE_OK;
	return email_normalize_slow(s, len, out, why);
}

int
email_normalize_slow(const char *s, size_t len, char *out, const char **why)
{
	size_t n, i, at = 0, nat = 0, start;
	const char *t = trim_space(s, len, &n);
	const unsigned char *u;
	bool double_dot = false;
	char buf[320];

	if (n == 0) {
		*why = "empty";
		return VALUE_EMPTY;
	}
	/* Most addresses are plain ASCII and are read in place; only
	 * full-width ones are folded into buf first. */
	for (i = 0; i < n && (unsigned char)t[i] < 0x80; i++)
		;
	if (i < n) {
		if (!to_ascii(t, n, buf, sizeof(buf), &n)) {
			*why = "not an e-mail address";
			return VALUE_INVALID;
		}
		t = buf;
	} else if (n >= sizeof(buf)) {
		*why = "not an e-mail address";
		return VALUE_INVALID;
	}
	u = (const unsigned char *)t;
	for (i = 0; i < n; i++) {
		unsigned char k = u[i] < 0x80 ? email_class[u[i]] : EM_BAD;
		if (k == EM_BAD) {
			*why = "not an e-mail address";
			return VALUE_INVALID;
		}
		if (k == EM_AT) {
			at = i;
			nat++;
		} else if (k == EM_DOT && i > 0 && u[i - 1] == '.')
			double_dot = true;
	}
	if (nat != 1 || at == 0 || at > 64 || at + 1 >= n) {
		*why = nat != 1 ? "needs exactly one @" : "not an e-mail address";
		return VALUE_INVALID;
	}
	if (u[0] == '.' || u[at - 1] == '.' || double_dot) {
		*why = "misplaced dot";
		return VALUE_INVALID;
	}
	/* Domain: dot-separated labels of letters, digits and inner
	 * hyphens, at least two. */
	if (memchr(u + at + 1, '.', n - at - 1) == NULL) {
		*why = "the domain has no dot";
		return VALUE_INVALID;
	}
	for (start = at + 1, i = at + 1; i <= n; i++) {
		if (i < n && u[i] != '.') {
			if (email_class[u[i]] != EM_HOST)
				break;
			continue;
		}
		if (i == start || i - start > 63 || u[start] == '-' || u[i - 1] == '-')
			break;
		start = i + 1;
	}
	if (i <= n) {
		*why = "bad domain";
		return VALUE_INVALID;
	}
	if (out) {
		for (i = 0; i < n; i++)
			out[i] = (char)(u[i] >= 'A' && u[i] <= 'Z' ? u[i] | 0x20 : u[i]);
		out[n] = '\0';
	}
	return VALUE_OK;
}

/* --- numbers and booleans ---------------------------------------------------- */

int
integer_parse(const char *s, size_t len, int64_t *v, const char **why)
{
	char buf[32];
	size_t n, i = 0;
	uint64_t a = 0;
	bool neg = false;
	const char *t = trim_space(s, len, &n);

	if (n == 0) {
		*why = "empty";
		return VALUE_EMPTY;
	}
	if (!to_ascii(t, n, buf, sizeof(buf), &n)) {
		*why = "not an integer";
		return VALUE_INVALID;
	}
	if (buf[0] == '-' || buf[0] == '+')
		neg = buf[i++] == '-';
	if (i == n) {
		*why = "not an integer";
		return VALUE_INVALID;
	}
	for (; i < n; i++) {
		if (buf[i] < '0' || buf[i] > '9') {
			*why = "not an integer";
			return VALUE_INVALID;
		}
		if (a > (UINT64_MAX - 9) / 10) {
			*why = "too large";
			return VALUE_RANGE;
		}
		a = a * 10 + (uint64_t)(buf[i] - '0');
	}
	if (a > (uint64_t)INT64_MAX + neg) {
		*why = "too large";
		return VALUE_RANGE;
	}
	*v = neg ? (int64_t)(0 - a) : (int64_t)a;
	return VALUE_OK;
}

int
number_parse(const char *s, size_t len, double *v, const char **why)
{
	char buf[64], *end;
	size_t n, i = 0;
	bool digit = false;
	const char *t = trim_space(s, len, &n);

	if (n == 0) {
		*why = "empty";
		return VALUE_EMPTY;
	}
	if (!to_ascii(t, n, buf, sizeof(buf), &n)) {
		*why = "not a number";
		return VALUE_INVALID;
	}
	/* Check the shape ourselves: strtod takes hex, inf and nan too. */
	if (buf[i] == '-' || buf[i] == '+')
		i++;
	for (; i < n && isdigit((unsigned char)buf[i]); i++)
		digit = true;
	if (i < n && buf[i] == '.')
		for (i++; i < n && isdigit((unsigned char)buf[i]); i++)
			digit = true;
	if (digit && i < n && (buf[i] == 'e' || buf[i] == 'E')) {
		i++;
		if (i < n && (buf[i] == '-' || buf[i] == '+'))
			i++;
		if (i == n || !isdigit((unsigned char)buf[i]))
			digit = false;
		while (i < n && isdigit((unsigned char)buf[i]))
			i++;
	}
	if (!digit || i != n) {
		*why = "not a number";
		return VALUE_INVALID;
	}
	*v = strtod(buf, &end);
	return VALUE_OK;
}

int
boolean_parse(const char *s, size_t len, bool *v, const char **why)
{
	static const char *const yes[] = {"true", "yes", "y", "t", "1", "是", "真", "对"};
	static const char *const no[] = {"false", "no", "n", "f", "0", "否", "假", "错"};
	size_t n, i;
	const char *t = trim_space(s, len, &n);

	for (i = 0; i < ARRAY_LEN(yes); i++) {
		if (strlen(yes[i]) == n && strncasecmp(t, yes[i], n) == 0) {
			*v = true;
			return VALUE_OK;
		}
		if (strlen(no[i]) == n && strncasecmp(t, no[i], n) == 0) {
			*v = false;
			return VALUE_OK;
		}
	}
	*why = n == 0 ? "empty" : "not true or false";
	return n == 0 ? VALUE_EMPTY : VALUE_INVALID;
}

/* --- text ------------------------------------------------------------------ */

static bool
is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The next character of ASCII text as a key: lower case, a run of white
 * space as one space (none at the ends), -1 at the end.  Start at *i = 0. */
static int
next_folded(const char *s, size_t n, size_t *i)
{
	if (*i == 0)
		while (*i < n && is_blank(s[*i]))
			(*i)++;
	if (*i < n && is_blank(s[*i])) {
		while (*i < n && is_blank(s[*i]))
			(*i)++;
		return *i < n ? ' ' : -1;
	}
	if (*i == n)
		return -1;
	return (unsigned char)(s[*i] >= 'A' && s[*i] <= 'Z' ? s[(*i)++] | 0x20 : s[(*i)++]);
}

bool
text_is_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

size_t
utf8_chars(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* Is s its own key: lower-case ASCII without stray white space, and
 * ideographs of U+4000..U+9FFF (lead bytes E4..E9), which NFKC and case
 * folding leave as they are?  Chinese names and categories nearly always
 * are, and then need no utf8proc. */
static bool
is_own_key(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	if (n == 0 || u[0] == ' ' || u[n - 1] == ' ')
		return false;
	for (i = 0; i < n; i++) {
		if (u[i] < 0x80) {
			if ((u[i] >= 'A' && u[i] <= 'Z') || u[i] == '\t' || u[i] == '\n' || u[i] == '\r' ||
			    (u[i] == ' ' && u[i + 1] == ' '))
				return false;
		} else if (u[i] >= 0xE4 && u[i] <= 0xE9 && i + 2 < n && (u[i + 1] & 0xC0) == 0x80 &&
		    (u[i + 2] & 0xC0) == 0x80)
			i += 2;
		else
			return false;
	}
	return true;
}

int
text_key(const char *s, size_t len, struct strbuf *out)
{
	utf8proc_uint8_t *mapped = NULL;
	utf8proc_ssize_t n;
	size_t i = 0;
	bool space = false;
	int c;

	sb_reset(out);
	if (is_own_key(s, len)) {
		sb_add(out, s, len);
		return VALUE_OK;
	}
	if (text_is_ascii(s, len)) {
		/* NFKC leaves ASCII as it is and case folding lowers it:
		 * nearly all keys are made here, without utf8proc. */
		while ((c = next_folded(s, len, &i)) >= 0)
			sb_addc(out, (char)c);
		if (out->s == NULL)
			sb_add(out, "", 0);
		return VALUE_OK;
	}
	n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped,
	    UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
	if (n < 0)
		return VALUE_INVALID;
	for (i = 0; i < (size_t)n; i++) {
		unsigned char ch = mapped[i];
		if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
			space = out->len > 0;
			continue;
		}
		if (space)
			sb_addc(out, ' ');
		space = false;
		sb_addc(out, ch);
	}
	free(mapped);
	if (out->s == NULL)
		sb_add(out, "", 0);
	return VALUE_OK;
}

int
text_compare(const char *a, size_t an, const char *b, size_t bn)
{
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
	size_t i = 0, j = 0, n;
	int ca, cb, c;

	if (text_is_ascii(a, an) && text_is_ascii(b, bn)) {
		do {
			ca = next_folded(a, an, &i);
			cb = next_folded(b, bn, &j);
		} while (ca == cb && ca >= 0);
		return (ca > cb) - (ca < cb);
	}
	/* Invalid UTF-8 compares as its bytes. */
	if (text_key(a, an, &ka) != VALUE_OK) {
		sb_reset(&ka);
		sb_add(&ka, a, an);
	}
	if (text_key(b, bn, &kb) != VALUE_OK) {
		sb_reset(&kb);
		sb_add(&kb, b, bn);
	}
	n = ka.len < kb.len ? ka.len : kb.len;
	c = memcmp(ka.s, kb.s, n);
	c = c ? (c > 0) - (c < 0) : (ka.len > kb.len) - (ka.len < kb.len);
	sb_free(&ka);
	sb_free(&kb);
	return c;
}

/* Phones pass through here once each, and nearly none is a placeholder:
 * those end in two equal digits, so most values are decided by their
 * last two bytes. */
bool
is_placeholder(const char *s, size_t len)
{
	size_t n;
	const char *t = trim_space(s, len, &n);

	if (n >= 7 && (isdigit((unsigned char)t[0]) || t[0] == '+') && t[n - 1] != t[n - 2])
		return false;
	return is_placeholder_slow(s, len);
}

bool
is_placeholder_slow(const char *s, size_t len)
{
	static const char *const words[] = {"-", "--", "n/a", "na", "null", "none", "nil", "unknown",
	    "test", "无", "空", "暂无", "未知", "不详", "没有", "/", "?", "#n/a"};
	size_t n, i;
	const char *t = trim_space(s, len, &n);

	if (n == 0)
		return true;
	if (isdigit((unsigned char)t[0])) {
		/* All zeros, or one digit repeated: 0, 00000000000, 1111111 */
		for (i = 1; i < n && t[i] == t[0]; i++)
			;
		return i == n && (t[0] == '0' || n >= 7);
	}
	if (t[0] == '+') {
		/* The same behind a country code of one to three digits, as a
		 * normalised phone has it: +8600000000000 */
		size_t cc;
		for (cc = 1; cc <= 3 && cc + 1 < n && isdigit((unsigned char)t[cc]); cc++) {
			for (i = cc + 2; i < n && t[i] == t[cc + 1]; i++)
				;
			if (i == n && n - cc - 1 >= 5 && isdigit((unsigned char)t[cc + 1]))
				return true;
		}
		return false;
	}
	/* Longer than every word: most values. */
	if (n > 7)
		return false;
	for (i = 0; i < ARRAY_LEN(words); i++)
		if ((words[i][0] | 0x20) == (t[0] | 0x20) && strlen(words[i]) == n &&
		    strncasecmp(t, words[i], n) == 0)
			return true;
	return false;
}

#if defined(__x86_64__) || defined(__i386__)
/* UTF-8 checked sixteen bytes at a time with three table look-ups per
 * byte pair, whatever the text (Keiser and Lemire, "Validating UTF-8 in
 * less than one instruction per byte", 2021, as simdjson does it): long
 * runs of Chinese text, a whole buffer of an export, cost what ASCII
 * costs.  Each error class is a bit; a byte pair is bad when the three
 * tables agree on one, or when a third or fourth byte of a sequence is
 * missing or extra. */
enum {
	U8_TOO_SHORT = 1 << 0, U8_TOO_LONG = 1 << 1, U8_OVERLONG_3 = 1 << 2, U8_TOO_LARGE = 1 << 3,
	U8_SURROGATE = 1 << 4, U8_OVERLONG_2 = 1 << 5, U8_TOO_LARGE_1000 = 1 << 6, U8_OVERLONG_4 = 1 << 6,
	U8_TWO_CONTS = 1 << 7, U8_CARRY = U8_TOO_SHORT | U8_TOO_LONG | U8_TWO_CONTS
};

__attribute__((target("ssse3"))) static __m128i
utf8_block_errors(__m128i in, __m128i prev)
{
	static const unsigned char byte1_high_t[16] = {
	    U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG, U8_TOO_LONG,
	    U8_TWO_CONTS, U8_TWO_CONTS, U8_TWO_CONTS, U8_TWO_CONTS, U8_TOO_SHORT | U8_OVERLONG_2, U8_TOO_SHORT,
	    U8_TOO_SHORT | U8_OVERLONG_3 | U8_SURROGATE,
	    U8_TOO_SHORT | U8_TOO_LARGE | U8_TOO_LARGE_1000 | U8_OVERLONG_4};
	static const unsigned char byte1_low_t[16] = {
	    U8_CARRY | U8_OVERLONG_3 | U8_OVERLONG_2 | U8_OVERLONG_4, U8_CARRY | U8_OVERLONG_2, U8_CARRY, U8_CARRY,
	    U8_CARRY | U8_TOO_LARGE, U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000,
	    U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000, U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000,
	    U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000, U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000,
	    U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000, U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000,
	    U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000,
	    U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000 | U8_SURROGATE,
	    U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000, U8_CARRY | U8_TOO_LARGE | U8_TOO_LARGE_1000};
	static const unsigned char byte2_high_t[16] = {
	    U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT,
	    U8_TOO_SHORT,
	    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 | U8_TOO_LARGE_1000 | U8_OVERLONG_4,
	    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_OVERLONG_3 | U8_TOO_LARGE,
	    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE | U8_TOO_LARGE,
	    U8_TOO_LONG | U8_OVERLONG_2 | U8_TWO_CONTS | U8_SURROGATE | U8_TOO_LARGE,
	    U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT, U8_TOO_SHORT};
	const __m128i low4 = _mm_set1_epi8(0x0F);
	const __m128i byte1_high = _mm_loadu_si128((const __m128i *)(const void *)byte1_high_t);
	const __m128i byte1_low = _mm_loadu_si128((const __m128i *)(const void *)byte1_low_t);
	const __m128i byte2_high = _mm_loadu_si128((const __m128i *)(const void *)byte2_high_t);
	__m128i prev1 = _mm_alignr_epi8(in, prev, 15);
	__m128i sc = _mm_and_si128(_mm_and_si128(
	    _mm_shuffle_epi8(byte1_high, _mm_and_si128(_mm_srli_epi16(prev1, 4), low4)),
	    _mm_shuffle_epi8(byte1_low, _mm_and_si128(prev1, low4))),
	    _mm_shuffle_epi8(byte2_high, _mm_and_si128(_mm_srli_epi16(in, 4), low4)));
	/* The third and fourth bytes of a sequence: continuations the
	 * pair tables cannot see. */
	__m128i third = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 14), _mm_set1_epi8((char)(0xE0 - 0x80)));
	__m128i fourth = _mm_subs_epu8(_mm_alignr_epi8(in, prev, 13), _mm_set1_epi8((char)(0xF0 - 0x80)));
	__m128i must23 = _mm_and_si128(_mm_or_si128(third, fourth), _mm_set1_epi8((char)0x80));

	return _mm_xor_si128(must23, sc);
}

/* s[0..len) by blocks.  The last is padded with zeros (ASCII), at
 * least one: they end a sequence left open as too short (when the text
 * fills its blocks, the last is all zeros). */
__attribute__((target("ssse3"))) static bool
utf8_valid_ssse3(const unsigned char *s, size_t len)
{
	__m128i prev = _mm_setzero_si128(), err = _mm_setzero_si128(), in;
	unsigned char tail[16];
	size_t i;

	for (i = 0; i + 16 <= len; i += 16) {
		in = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		/* ASCII after a finished sequence: nothing to check. */
		if (_mm_movemask_epi8(_mm_or_si128(in, prev)) != 0)
			err = _mm_or_si128(err, utf8_block_errors(in, prev));
		prev = in;
	}
	memset(tail, 0, sizeof(tail));
	memcpy(tail, s + i, len - i);
	in = _mm_loadu_si128((const __m128i *)(const void *)tail);
	err = _mm_or_si128(err, utf8_block_errors(in, prev));
	return _mm_movemask_epi8(_mm_cmpeq_epi8(err, _mm_setzero_si128())) == 0xFFFF;
}
#endif

bool
utf8_valid(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint64_t w;

#if defined(__x86_64__) || defined(__i386__)
	/* Short values keep the loop below: it stops at the first ASCII
	 * run's end and needs no block to fill. */
	if (len >= 64 && __builtin_cpu_supports("ssse3"))
		return utf8_valid_ssse3(u, len);
#endif
	while (i < len) {
#ifdef __SSE2__
		/* ASCII runs sixteen bytes at a time: every record passes here. */
		unsigned m = 0;
		while (i + 16 <= len &&
		    (m = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(u + i)))) == 0)
			i += 16;
		if (m != 0)
			i += (size_t)__builtin_ctz(m);
#endif
		/* ASCII runs eight bytes at a time. */
		while (i + 8 <= len) {
			memcpy(&w, u + i, 8);
			if ((w &= 0x8080808080808080ULL) != 0) {
				/* Straight to the first non-ASCII byte: CJK text
				 * puts one every few bytes. */
				i += first_high_byte(w);
				break;
			}
			i += 8;
		}
		if (i >= len)
			break;
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		/* CJK text: three-byte characters, often several in a row,
		 * none of them overlong or a surrogate (E1..EC, EE, EF). */
		while (i + 3 <= len && (unsigned)(u[i] - 0xE1) <= 0xEF - 0xE1 && u[i] != 0xED &&
		    ((u[i + 1] | (unsigned)u[i + 2] << 8) & 0xC0C0) == 0x8080)
			i += 3;
		if (i >= len || u[i] < 0x80)
			continue;
		if (u[i] >= 0xC2 && u[i] <= 0xDF) {
			if (i + 1 >= len || (u[i + 1] & 0xC0) != 0x80)
				return false;
			i += 2;
		} else if (u[i] >= 0xE0 && u[i] <= 0xEF) {
			if (i + 2 >= len || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80)
				return false;
			if ((u[i] == 0xE0 && u[i + 1] < 0xA0) || (u[i] == 0xED && u[i + 1] >= 0xA0))
				return false;   /* overlong, surrogate */
			i += 3;
		} else if (u[i] >= 0xF0 && u[i] <= 0xF4) {
			if (i + 3 >= len || (u[i + 1] & 0xC0) != 0x80 || (u[i + 2] & 0xC0) != 0x80 ||
			    (u[i + 3] & 0xC0) != 0x80)
				return false;
			if ((u[i] == 0xF0 && u[i + 1] < 0x90) || (u[i] == 0xF4 && u[i + 1] >= 0x90))
				return false;
			i += 4;
		} else
			return false;
	}
	return true;
}

size_t
grapheme_at(const char *s, size_t n, size_t *width)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp, prev, state = 0;
	utf8proc_ssize_t k;
	size_t i;
	int w;
	bool flag;

	/* ASCII followed by ASCII (or nothing): no mark can join it. */
	if (u[0] < 0x80 && (n == 1 || u[1] < 0x80)) {
		*width = u[0] >= 0x20 && u[0] < 0x7f;
		return 1;
	}
	if ((k = utf8proc_iterate(u, (utf8proc_ssize_t)n, &cp)) <= 0) {
		*width = 1;
		return 1;
	}
	w = utf8proc_charwidth(cp);
	w = w < 0 ? 0 : w;
	flag = cp >= 0x1F1E6 && cp <= 0x1F1FF;
	for (i = (size_t)k, prev = cp; i < n; i += (size_t)k, prev = cp) {
		if ((k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp)) <= 0 ||
		    utf8proc_grapheme_break_stateful(prev, cp, &state))
			break;
		/* ❤ is narrow, ❤️ an emoji: terminals give it two columns. */
		if ((cp == 0xFE0F && w == 1) || flag)
			w = 2;
	}
	*width = (size_t)w;
	return i;
}

size_t
display_width(const char *s, size_t len)
{
	size_t w = 0, i = 0, cw;

	while (i < len) {
		i += grapheme_at(s + i, len - i, &cw);
		w += cw;
	}
	return w;
}

