/* types.c — Table Schema types; see types.h. */
#include "types.h"

#include <ctype.h>
#include <inttypes.h>
#include <stddef.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

static const char *const type_names[FT_COUNT_] = {
	"string", "integer", "number", "boolean", "date", "datetime", "money", "phone", "any",
	"time", "year", "yearmonth", "duration", "geopoint", "geojson", "object", "array", "list",
};

const char *
ftype_name(enum ftype t)
{
	return type_names[t];
}

int
ftype_parse(const char *name)
{
	int t;

	for (t = 0; t < FT_COUNT_; t++)
		if (strcmp(type_names[t], name) == 0)
			return t;
	return -1;
}

void
tspec_free(struct tspec *sp)
{
	size_t i;

	if (sp == NULL)
		return;
	free(sp->pattern);
	free(sp->decimal_char);
	free(sp->group_char);
	for (i = 0; i < sp->ntrue; i++)
		free(sp->true_values[i]);
	for (i = 0; i < sp->nfalse; i++)
		free(sp->false_values[i]);
	free(sp->true_values);
	free(sp->false_values);
	free(sp->delimiter);
	if (sp->item) {
		tspec_free(sp->item);
		free(sp->item);
	}
}

static int
invalid(const char **why, const char *reason)
{
	*why = reason;
	return VALUE_INVALID;
}

/* --- exact decimals -------------------------------------------------------- */

/* A decimal's key: "0"; "N" (NaN); "+I", "-I"; or the sign, the decimal
 * exponent e and the significant digits d1d2… of 0.d1d2… × 10^e, as
 * "+4:12345" for 1234.5.  Equal numbers have equal keys, whatever their
 * size: integers beyond 64 bits stay exact. */
static int
decimal_key(const char *s, size_t n, bool integer, struct strbuf *key)
{
	const char *p = s, *e = s + n, *ip, *fp = NULL;
	size_t ni = 0, nf = 0;
	bool neg = false;
	long long ex = 0;
	char lower[16];
	size_t k;

	if (p < e && (*p == '+' || *p == '-'))
		neg = *p++ == '-';
	if (!integer && e - p <= 8) {
		for (k = 0; p + k < e; k++)
			lower[k] = (char)tolower((unsigned char)p[k]);
		lower[k] = '\0';
		if (strcmp(lower, "nan") == 0 || strcmp(lower, "inf") == 0 ||
		    strcmp(lower, "infinity") == 0) {
			if (key) {
				sb_reset(key);
				sb_adds(key, lower[0] == 'n' ? "N" : neg ? "-I" : "+I");
			}
			return VALUE_OK;
		}
	}
	ip = p;
	while (p < e && *p >= '0' && *p <= '9')
		p++;
	ni = (size_t)(p - ip);
	if (!integer && p < e && *p == '.') {
		fp = ++p;
		while (p < e && *p >= '0' && *p <= '9')
			p++;
		nf = (size_t)(p - fp);
	}
	if (ni + nf == 0)
		return VALUE_INVALID;
	if (!integer && p < e && (*p == 'e' || *p == 'E')) {
		bool eneg = false;
		const char *ep;
		p++;
		if (p < e && (*p == '+' || *p == '-'))
			eneg = *p++ == '-';
		ep = p;
		while (p < e && *p >= '0' && *p <= '9') {
			if (ex < 1000000000LL)
				ex = ex * 10 + (*p - '0');
			p++;
		}
		if (p == ep)
			return VALUE_INVALID;
		if (eneg)
			ex = -ex;
	}
	if (p != e)
		return VALUE_INVALID;
	if (key == NULL)
		return VALUE_OK;
	/* The digits, integer part then fraction, without leading or
	 * trailing zeros; the exponent counts from the first integer digit. */
	{
		struct strbuf d = STRBUF_INIT;
		long long pos = (long long)ni;
		size_t i, lead = 0;
		sb_add(&d, ip, ni);
		if (nf)
			sb_add(&d, fp, nf);
		while (lead < d.len && d.s[lead] == '0')
			lead++;
		while (d.len > lead && d.s[d.len - 1] == '0')
			d.len--;
		sb_reset(key);
		if (lead == d.len)
			sb_addc(key, '0');
		else {
			pos -= (long long)lead;
			sb_addf(key, "%c%lld:", neg ? '-' : '+', pos + ex);
			for (i = lead; i < d.len; i++)
				sb_addc(key, d.s[i]);
		}
		sb_free(&d);
	}
	return VALUE_OK;
}

/* Class of a decimal key: 0 NaN, 1 -INF, 2 negative, 3 zero, 4 positive, 5 +INF. */
static int
decimal_class(const char *k)
{
	switch (k[0]) {
	case 'N': return 0;
	case '0': return 3;
	case '+': return k[1] == 'I' ? 5 : 4;
	default: return k[1] == 'I' ? 1 : 2;
	}
}

static int
decimal_compare(const char *a, const char *b)
{
	int ca = decimal_class(a), cb = decimal_class(b), r;
	long long ea, eb;
	const char *da, *db;

	if (ca == 0 || cb == 0)
		return 2;
	if (ca != cb)
		return ca < cb ? -1 : 1;
	if (ca != 2 && ca != 4)
		return 0;
	ea = strtoll(a + 1, (char **)&da, 10);
	eb = strtoll(b + 1, (char **)&db, 10);
	if (ea != eb)
		r = ea < eb ? -1 : 1;
	else {
		r = strcmp(da + 1, db + 1);
		r = r < 0 ? -1 : r > 0;
	}
	return ca == 2 ? -r : r;
}

/* bareNumber false: leading and trailing text that is not part of the
 * number (currency signs, %, spaces) is dropped; a sign just before the
 * digits is kept. */
static void
strip_to_number(const char **s, size_t *n)
{
	const char *p = *s, *e = *s + *n;

	while (p < e && !(*p >= '0' && *p <= '9')) {
		if ((*p == '-' || *p == '+') && p + 1 < e && ((p[1] >= '0' && p[1] <= '9') || p[1] == '.'))
			break;
		if (*p == '.' && p + 1 < e && p[1] >= '0' && p[1] <= '9')
			break;
		p++;
	}
	while (e > p && !(e[-1] >= '0' && e[-1] <= '9'))
		e--;
	*s = p;
	*n = (size_t)(e - p);
}

static int
read_decimal(const struct tspec *sp, const char *s, size_t n, struct strbuf *key, const char **why)
{
	bool integer = sp->type == FT_INTEGER;
	struct strbuf t = STRBUF_INIT;
	const char *dc = sp->decimal_char ? sp->decimal_char : ".";
	size_t gl = sp->group_char ? strlen(sp->group_char) : 0, dl = strlen(dc), i;
	int rc;

	if (!sp->bare_number)
		strip_to_number(&s, &n);
	if (gl == 0 && dl == 1 && dc[0] == '.')
		rc = decimal_key(s, n, integer, key);
	else {
		for (i = 0; i < n;) {
			if (gl && n - i >= gl && memcmp(s + i, sp->group_char, gl) == 0)
				i += gl;
			else if (dl && n - i >= dl && memcmp(s + i, dc, dl) == 0) {
				sb_addc(&t, '.');
				i += dl;
			} else if (s[i] == '.' && strcmp(dc, ".") != 0) {
				sb_free(&t);
				return invalid(why, "a '.' where the decimal mark is another character");
			} else
				sb_addc(&t, s[i++]);
		}
		rc = decimal_key(t.s ? t.s : "", t.len, integer, key);
		sb_free(&t);
	}
	if (rc != VALUE_OK)
		*why = integer ? "not an integer" : "not a number";
	return rc;
}

/* --- dates and times ------------------------------------------------------- */

struct when {
	int year, month, day;
	int hour, min, sec, usec;
	bool has_date, has_time, has_tz;
	int tz;                     /* minutes east of UTC */
};

static int
digits_at(const char **pp, const char *e, int min, int max, int *out)
{
	const char *p = *pp;
	int v = 0, k = 0;

	while (p < e && k < max && *p >= '0' && *p <= '9') {
		v = v * 10 + (*p++ - '0');
		k++;
	}
	if (k < min)
		return -1;
	*pp = p;
	*out = v;
	return k;
}

/* Z, +hh:mm or -hh:mm (also +hhmm) at *pp. */
static bool
offset_at(const char **pp, const char *e, struct when *w)
{
	const char *p = *pp;
	int h, m = 0, sign;

	if (p < e && (*p == 'Z' || *p == 'z')) {
		w->has_tz = true;
		w->tz = 0;
		*pp = p + 1;
		return true;
	}
	if (p >= e || (*p != '+' && *p != '-'))
		return false;
	sign = *p++ == '-' ? -1 : 1;
	if (digits_at(&p, e, 2, 2, &h) < 0)
		return false;
	if (p < e && *p == ':')
		p++;
	if (p < e && digits_at(&p, e, 2, 2, &m) < 0)
		return false;
	if (h > 23 || m > 59)
		return false;
	w->has_tz = true;
	w->tz = sign * (h * 60 + m);
	*pp = p;
	return true;
}

/* hh:mm:ss[.ffffff] with two-digit fields, as the spec writes times. */
static bool
iso_time_at(const char **pp, const char *e, struct when *w, bool seconds_optional)
{
	const char *p = *pp;
	int f = 0, k;

	if (digits_at(&p, e, 2, 2, &w->hour) < 0 || p >= e || *p++ != ':' ||
	    digits_at(&p, e, 2, 2, &w->min) < 0)
		return false;
	w->sec = 0;
	if (p < e && *p == ':') {
		p++;
		if (digits_at(&p, e, 2, 2, &w->sec) < 0)
			return false;
		if (p < e && *p == '.') {
			p++;
			if ((k = digits_at(&p, e, 1, 6, &f)) < 0)
				return false;
			while (k++ < 6)
				f *= 10;
			while (p < e && *p >= '0' && *p <= '9')
				p++;        /* beyond microseconds */
		}
	} else if (!seconds_optional)
		return false;
	w->usec = f;
	w->has_time = true;
	*pp = p;
	return w->hour <= 23 && w->min <= 59 && w->sec <= 59;
}

static bool
iso_date_at(const char **pp, const char *e, struct when *w)
{
	const char *p = *pp;
	struct date d;

	if (digits_at(&p, e, 4, 4, &w->year) < 0 || p >= e || *p++ != '-' ||
	    digits_at(&p, e, 2, 2, &w->month) < 0 || p >= e || *p++ != '-' ||
	    digits_at(&p, e, 2, 2, &w->day) < 0)
		return false;
	d.year = w->year;
	d.month = w->month;
	d.day = w->day;
	w->has_date = true;
	*pp = p;
	return date_valid(d);
}

static const char *const month_names[12] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december",
};
static const char *const day_names[7] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
};

/* A month or weekday name (full, or its first three letters) at *pp. */
static int
name_at(const char **pp, const char *e, const char *const *names, int count)
{
	const char *p = *pp;
	size_t k = 0, j;
	int i;

	while (p + k < e && isalpha((unsigned char)p[k]))
		k++;
	if (k < 3)
		return -1;
	for (i = 0; i < count; i++) {
		size_t full = strlen(names[i]);
		if (k != 3 && k != full && !(k == 4 && full > 4))
			continue;
		for (j = 0; j < k && j < full && tolower((unsigned char)p[j]) == names[i][j]; j++)
			;
		if (j == k && (k == 3 || k == full || (k == 4 && names[i][3] == '\0')))
			break;
	}
	if (i == count)
		return -1;
	*pp = p + k;
	return i;
}

static void
skip_space(const char **pp, const char *e)
{
	while (*pp < e && (**pp == ' ' || **pp == ','))
		(*pp)++;
}

/* am or pm at *pp: 0 am, 12 pm, -1 neither. */
static int
ampm_at(const char **pp, const char *e)
{
	const char *p = *pp;
	int r;

	if (e - p < 2 || (tolower((unsigned char)p[1]) != 'm'))
		return -1;
	if (tolower((unsigned char)p[0]) == 'a')
		r = 0;
	else if (tolower((unsigned char)p[0]) == 'p')
		r = 12;
	else
		return -1;
	*pp = p + 2;
	return r;
}

/* A time of day as people write it: 9 am, 3:00 pm, 16:30, 16:30:05.5. */
static bool
loose_time_at(const char **pp, const char *e, struct when *w)
{
	const char *p = *pp;
	int h, m = 0, s = 0, half, f = 0, k;

	if (digits_at(&p, e, 1, 2, &h) < 0)
		return false;
	if (p < e && *p == ':') {
		p++;
		if (digits_at(&p, e, 2, 2, &m) < 0)
			return false;
		if (p < e && *p == ':') {
			p++;
			if (digits_at(&p, e, 2, 2, &s) < 0)
				return false;
			if (p < e && *p == '.') {
				p++;
				if ((k = digits_at(&p, e, 1, 6, &f)) < 0)
					return false;
				while (k++ < 6)
					f *= 10;
			}
		}
	}
	skip_space(&p, e);
	half = ampm_at(&p, e);
	if (half < 0 && *pp + 2 >= p)
		return false;       /* a bare number is no time */
	if (half >= 0) {
		if (h < 1 || h > 12)
			return false;
		h = h % 12 + half;
	}
	if (h > 23 || m > 59 || s > 59)
		return false;
	w->hour = h;
	w->min = m;
	w->sec = s;
	w->usec = f;
	w->has_time = true;
	*pp = p;
	return true;
}

/* English dates: 10th Jan 1969, 10 January 1969, Jan 10, 1969, Monday … */
static bool
english_date_at(const char **pp, const char *e, struct when *w)
{
	const char *p = *pp;
	int d, y, m;
	struct date dd;

	if (name_at(&p, e, day_names, 7) >= 0)
		skip_space(&p, e);
	if (digits_at(&p, e, 1, 2, &d) >= 0) {
		if (e - p >= 2 && (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 ||
		    strncasecmp(p, "rd", 2) == 0 || strncasecmp(p, "th", 2) == 0))
			p += 2;
		skip_space(&p, e);
		if ((m = name_at(&p, e, month_names, 12)) < 0)
			return false;
	} else {
		if ((m = name_at(&p, e, month_names, 12)) < 0)
			return false;
		skip_space(&p, e);
		if (digits_at(&p, e, 1, 2, &d) < 0)
			return false;
		if (e - p >= 2 && (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 ||
		    strncasecmp(p, "rd", 2) == 0 || strncasecmp(p, "th", 2) == 0))
			p += 2;
	}
	skip_space(&p, e);
	if (digits_at(&p, e, 4, 4, &y) < 0)
		return false;
	dd.year = w->year = y;
	dd.month = w->month = m + 1;
	dd.day = w->day = d;
	w->has_date = true;
	*pp = p;
	return date_valid(dd);
}

/* --- strptime-style patterns ----------------------------------------------- */

int
type_pattern_check(const char *pat, const char **bad)
{
	const char *p;

	for (p = pat; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '\0' || !strchr("YymdHIMSfpbBhaAjzZT%", *p)) {
			*bad = p - 1;
			return -1;
		}
	}
	return 0;
}

/* The directives that are a number of 1 to 4 digits in a field of when. */
static bool
numeric_directive(char d, const char **pp, const char *e, struct when *w)
{
	static const struct {
		char d;
		int min, max;
		size_t off;
		bool date;
	} dirs[] = {
		{'Y', 4, 4, offsetof(struct when, year), true},
		{'m', 1, 2, offsetof(struct when, month), true},
		{'d', 1, 2, offsetof(struct when, day), true},
		{'H', 1, 2, offsetof(struct when, hour), false},
		{'I', 1, 2, offsetof(struct when, hour), false},
		{'M', 1, 2, offsetof(struct when, min), false},
		{'S', 1, 2, offsetof(struct when, sec), false},
	};
	size_t i;
	int *field;

	for (i = 0; i < ARRAY_LEN(dirs) && dirs[i].d != d; i++)
		;
	field = (int *)((char *)w + dirs[i].off);
	if (digits_at(pp, e, dirs[i].min, dirs[i].max, field) < 0)
		return false;
	if (d == 'I' && (*field < 1 || *field > 12))
		return false;
	if (dirs[i].date)
		w->has_date = true;
	else
		w->has_time = true;
	return true;
}

static bool
pattern_read(const char *pat, const char *s, size_t n, struct when *w)
{
	const char *p = s, *e = s + n, *f;
	int v, k, pm = -1, yday = 0;
	struct date d;

	w->year = 1900;
	w->month = w->day = 1;
	for (f = pat; *f; f++) {
		if (*f == ' ') {
			if (p >= e || !isspace((unsigned char)*p))
				return false;
			while (p < e && isspace((unsigned char)*p))
				p++;
			continue;
		}
		if (*f != '%') {
			if (p >= e || tolower((unsigned char)*p) != tolower((unsigned char)*f))
				return false;
			p++;
			continue;
		}
		switch (*++f) {
		case 'y':
			if (digits_at(&p, e, 2, 2, &v) < 0)
				return false;
			w->year = v < 69 ? 2000 + v : 1900 + v;
			w->has_date = true;
			break;
		case 'j':
			if (digits_at(&p, e, 1, 3, &yday) < 0 || yday < 1)
				return false;
			w->has_date = true;
			break;
		case 'Y': case 'm': case 'd': case 'H': case 'I': case 'M': case 'S':
			if (!numeric_directive(*f, &p, e, w))
				return false;
			break;
		case 'f':
			if ((k = digits_at(&p, e, 1, 6, &w->usec)) < 0)
				return false;
			while (k++ < 6)
				w->usec *= 10;
			break;
		case 'p':
			if ((pm = ampm_at(&p, e)) < 0)
				return false;
			break;
		case 'b':
		case 'B':
		case 'h':
			if ((v = name_at(&p, e, month_names, 12)) < 0)
				return false;
			w->month = v + 1;
			w->has_date = true;
			break;
		case 'a':
		case 'A':
			if (name_at(&p, e, day_names, 7) < 0)
				return false;
			break;
		case 'z':
			if (!offset_at(&p, e, w))
				return false;
			break;
		case 'Z':
			if (e - p >= 3 && (strncasecmp(p, "UTC", 3) == 0 || strncasecmp(p, "GMT", 3) == 0)) {
				p += 3;
				w->has_tz = true;
				w->tz = 0;
			} else
				return false;
			break;
		case 'T':
			if (!iso_time_at(&p, e, w, false))
				return false;
			break;
		case '%':
			if (p >= e || *p++ != '%')
				return false;
			break;
		default:
			return false;
		}
	}
	if (p != e)
		return false;
	if (pm >= 0) {
		if (w->hour < 1 || w->hour > 12)
			return false;
		w->hour = w->hour % 12 + pm;
	}
	if (yday) {
		struct date jan1 = {w->year, 1, 1};
		d = date_from_days(date_to_days(jan1) + yday - 1);
		if (d.year != w->year)
			return false;
		w->month = d.month;
		w->day = d.day;
	}
	d.year = w->year;
	d.month = w->month;
	d.day = w->day;
	return date_valid(d) && w->hour <= 23 && w->min <= 59 && w->sec <= 59;
}

/* --- formatting and keys of dates and times -------------------------------- */

static int64_t
when_days(const struct when *w)
{
	struct date d = {w->year, w->month, w->day};

	return date_to_days(d);
}

/* Microseconds since 1970-01-01T00:00:00Z; a time without an offset is
 * taken as UTC. */
static int64_t
when_instant(const struct when *w, bool with_date)
{
	int64_t s = (int64_t)w->hour * 3600 + w->min * 60 + w->sec - (w->has_tz ? w->tz * 60 : 0);

	if (with_date)
		s += when_days(w) * 86400;
	return s * 1000000 + w->usec;
}

static void
add_offset(struct strbuf *out, const struct when *w)
{
	if (!w->has_tz)
		return;
	if (w->tz == 0)
		sb_addc(out, 'Z');
	else
		sb_addf(out, "%c%02d:%02d", w->tz < 0 ? '-' : '+', abs(w->tz) / 60, abs(w->tz) % 60);
}

/* Two digits, by hand: --fix writes a date or a time for every record,
 * and printf costs more than the parsing. */
static void
add2(struct strbuf *out, int v)
{
	sb_addc(out, '0' + v / 10 % 10);
	sb_addc(out, '0' + v % 10);
}

static void
add_time(struct strbuf *out, const struct when *w)
{
	add2(out, w->hour);
	sb_addc(out, ':');
	add2(out, w->min);
	sb_addc(out, ':');
	add2(out, w->sec);
	if (w->usec) {
		char f[8];
		int k = 6;
		snprintf(f, sizeof(f), "%06d", w->usec);
		while (k > 0 && f[k - 1] == '0')
			f[--k] = '\0';
		sb_addf(out, ".%s", f);
	}
	add_offset(out, w);
}

/* Split a trailing offset off s[0..*n) for the wide parsers. */
static void
trailing_offset(const char *s, size_t *n, struct when *w)
{
	size_t i = *n;
	const char *p;

	if (i > 0 && (s[i - 1] == 'Z' || s[i - 1] == 'z')) {
		w->has_tz = true;
		w->tz = 0;
		*n = i - 1;
		return;
	}
	/* +hh:mm, +hhmm or +hh after a time (so a date's '-' is no offset) */
	for (size_t len = 6; len >= 3; len--) {
		if (i < len + 5)
			continue;
		p = s + i - len;
		if ((*p == '+' || *p == '-') && strchr(s, ':') && strchr(s, ':') < p) {
			struct when t = *w;
			const char *q = p;
			if (offset_at(&q, s + i, &t) && q == s + i) {
				*w = t;
				*n = i - len;
				return;
			}
		}
	}
}

enum dt_kind { K_DATE, K_TIME, K_DATETIME };

static bool
has_letter(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] | 0x20) >= 'a' && ((unsigned char)s[i] | 0x20) <= 'z' &&
		    s[i] != 'T' && s[i] != 'Z' && s[i] != 'z')
			return true;
	return false;
}

static int
read_when(const struct tspec *sp, enum dt_kind kind, const char *s, size_t n, bool fix,
    struct when *w, bool *rewritten, const char **why)
{
	const char *p = s, *e = s + n;
	bool wide = sp->format == FF_ANY || fix;

	memset(w, 0, sizeof(*w));
	*rewritten = false;
	if (sp->format == FF_PATTERN) {
		if (!pattern_read(sp->pattern, s, n, w))
			return invalid(why, kind == K_TIME ? "does not have the time format" :
			    "does not have the date format");
		return VALUE_OK;
	}
	/* The spec's own form first (value.c reads it too, when wide). */
	if (kind == K_DATE && !wide && n == 10 && s[4] == '-' && iso_date_at(&p, e, w) && p == e)
		return VALUE_OK;
	if (kind == K_TIME && iso_time_at(&p, e, w, false) && (p == e || (offset_at(&p, e, w) && p == e)))
		return VALUE_OK;
	if (kind == K_DATETIME && iso_date_at(&p, e, w) && p < e && *p++ == 'T' &&
	    iso_time_at(&p, e, w, false) && (p == e || (offset_at(&p, e, w) && p == e)))
		return VALUE_OK;
	memset(w, 0, sizeof(*w));
	*rewritten = true;
	/* Then what people write. */
	p = s;
	if (kind == K_TIME) {
		if (loose_time_at(&p, e, w) && (p == e || (offset_at(&p, e, w) && p == e)) && wide)
			return VALUE_OK;
		return invalid(why, sp->format == FF_ANY ? "not a time of day" :
		    "expected hh:mm:ss (\"format\": \"any\" also reads 9:30 and 3 pm)");
	}
	{
		struct datetime dt;
		const char *dwhy = NULL;
		size_t m = n;
		int rc;
		if (kind == K_DATETIME)
			trailing_offset(s, &m, w);
		rc = datetime_parse(s, m, &dt, &dwhy);
		/* Exports often give a date a time (2023-5-6 10:00, or Excel's
		 * 00:00:00): fixing keeps the date, checking says so. */
		if (rc == VALUE_OK && kind == K_DATE && dt.has_time && !fix)
			return invalid(why, "has a time of day, which --fix drops");
		if (rc == VALUE_AMBIGUOUS || rc == VALUE_RANGE) {
			*why = dwhy;
			return rc;
		}
		if (rc == VALUE_OK) {
			w->year = dt.date.year;
			w->month = dt.date.month;
			w->day = dt.date.day;
			w->hour = dt.hour;
			w->min = dt.min;
			w->sec = dt.sec;
			w->has_date = true;
			w->has_time = dt.has_time;
			if (!wide)
				return invalid(why, kind == K_DATE ?
				    "expected YYYY-MM-DD; --fix or \"format\": \"any\" would read it" :
				    "expected YYYY-MM-DDThh:mm:ss; --fix or \"format\": \"any\" would read it");
			return VALUE_OK;
		}
	}
	/* English month names need letters: most values have none. */
	memset(w, 0, sizeof(*w));
	p = s;
	if (wide && has_letter(s, n) && english_date_at(&p, e, w)) {
		skip_space(&p, e);
		if (kind == K_DATETIME && p < e && (*p == 'T' || *p == ' '))
			p++;
		if (p == e)
			return VALUE_OK;
		if (kind == K_DATETIME && loose_time_at(&p, e, w) && (p == e || (offset_at(&p, e, w) && p == e)))
			return VALUE_OK;
	}
	return invalid(why, kind == K_DATE ? (sp->format == FF_ANY ? "not a date" : "expected YYYY-MM-DD") :
	    (sp->format == FF_ANY ? "not a datetime" : "expected YYYY-MM-DDThh:mm:ss"));
}

/* --- other types ----------------------------------------------------------- */

static bool
uuid_like(const char *s, size_t n)
{
	size_t i;

	if (n != 36)
		return false;
	for (i = 0; i < n; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return false;
		} else if (!isxdigit((unsigned char)s[i]))
			return false;
	}
	return true;
}

static bool
base64_like(const char *s, size_t n)
{
	size_t i, pad = 0;

	if (n % 4 != 0)
		return false;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '=') {
			if (i + 2 < n)
				return false;
			pad++;
		} else if (pad || !(isalnum(c) || c == '+' || c == '/'))
			return false;
	}
	return true;
}

/* RFC 3986: a scheme (letter, then letters, digits, + - .), a colon, and
 * the rest without spaces or characters a URI cannot hold. */
static bool
uri_like(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || !isalpha((unsigned char)s[0]))
		return false;
	for (i = 1; i < n && (isalnum((unsigned char)s[i]) || strchr("+-.", s[i])); i++)
		;
	if (i >= n || s[i] != ':' || i + 1 >= n)
		return false;
	for (i++; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == '"' || c == '<' || c == '>' || c == '\\' || c == '^' || c == '`' ||
		    c == '{' || c == '|' || c == '}' || c == 0x7f)
			return false;
	}
	return true;
}

/* ISO 8601 durations: PnYnMnDTnHnMnS in that order, each part optional but
 * one at least, and a T only before a time part; PnW; a leading '-'. */
static bool
duration_like(const char *s, size_t n)
{
	const char *p = s, *e = s + n, *units = "YMD";
	bool time = false, any = false;
	int stage = 0;

	if (p < e && *p == '-')
		p++;
	if (p >= e || *p++ != 'P')
		return false;
	if (e - p >= 2 && e[-1] == 'W') {
		for (; p < e - 1; p++)
			if (!isdigit((unsigned char)*p))
				return false;
		return true;
	}
	while (p < e) {
		const char *d = p, *u;
		bool frac = false;
		if (*p == 'T') {
			if (time)
				return false;
			time = true;
			units = "HMS";
			stage = 0;
			p++;
			if (p == e)
				return false;
			continue;
		}
		while (p < e && (isdigit((unsigned char)*p) || *p == '.' || *p == ',')) {
			frac |= *p == '.' || *p == ',';
			p++;
		}
		if (p == d || p >= e || (u = strchr(units + stage, *p)) == NULL || *p == '\0')
			return false;
		if (frac && !(time && *p == 'S'))
			return false;
		stage = (int)(u - units) + 1;
		p++;
		any = true;
	}
	return any;
}

/* Keys of -180, 180, -90 and 90, as decimal_key writes them. */
static bool
geo_range(const char *lon, const char *lat)
{
	int r1 = decimal_compare(lon, "-3:18"), r2 = decimal_compare(lon, "+3:18");
	int r3 = decimal_compare(lat, "-2:9"), r4 = decimal_compare(lat, "+2:9");

	return r1 >= 0 && r1 != 2 && r2 <= 0 && r3 >= 0 && r3 != 2 && r4 <= 0;
}

static int
read_geopoint(const struct tspec *sp, const char *s, size_t n, struct strbuf *key, const char **why)
{
	struct strbuf lon = STRBUF_INIT, lat = STRBUF_INIT;
	char a[64], b[64];
	json_t *j = NULL, *x = NULL, *y = NULL;
	int rc = VALUE_INVALID;

	if (sp->format == FF_DEFAULT) {
		const char *comma = memchr(s, ',', n);
		size_t an, bn;
		const char *as, *bs;
		if (comma == NULL)
			goto out;
		as = trim_space(s, (size_t)(comma - s), &an);
		bs = trim_space(comma + 1, n - (size_t)(comma - s) - 1, &bn);
		if (decimal_key(as, an, false, &lon) != VALUE_OK || decimal_key(bs, bn, false, &lat) != VALUE_OK)
			goto out;
	} else {
		j = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
		if (sp->format == FF_ARRAY && json_is_array(j) && json_array_size(j) == 2) {
			x = json_array_get(j, 0);
			y = json_array_get(j, 1);
		} else if (sp->format == FF_OBJECT && json_is_object(j) && json_object_size(j) == 2) {
			x = json_object_get(j, "lon");
			y = json_object_get(j, "lat");
		}
		if (!json_is_number(x) || !json_is_number(y))
			goto out;
		if (json_is_integer(x))
			snprintf(a, sizeof(a), "%" JSON_INTEGER_FORMAT, json_integer_value(x));
		else
			snprintf(a, sizeof(a), "%.17g", json_real_value(x));
		if (json_is_integer(y))
			snprintf(b, sizeof(b), "%" JSON_INTEGER_FORMAT, json_integer_value(y));
		else
			snprintf(b, sizeof(b), "%.17g", json_real_value(y));
		if (decimal_key(a, strlen(a), false, &lon) != VALUE_OK ||
		    decimal_key(b, strlen(b), false, &lat) != VALUE_OK)
			goto out;
	}
	if (!geo_range(lon.s, lat.s)) {
		*why = "longitude beyond ±180 or latitude beyond ±90";
		rc = VALUE_RANGE;
		goto done;
	}
	if (key) {
		sb_reset(key);
		sb_addf(key, "%s,%s", lon.s, lat.s);
	}
	rc = VALUE_OK;
	goto done;
out:
	*why = sp->format == FF_ARRAY ? "expected [lon, lat]" : sp->format == FF_OBJECT ?
	    "expected {\"lon\": …, \"lat\": …}" : "expected lon, lat";
done:
	json_decref(j);
	sb_free(&lon);
	sb_free(&lat);
	return rc;
}

static bool
is_one_of(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (strcmp(s, *list) == 0)
			return true;
	return false;
}

static bool geojson_geometry(json_t *g);

/* A GeometryCollection's members, each one a geometry of its kind. */
static bool
each_geometry(json_t *list, bool (*ok)(json_t *))
{
	size_t i;

	if (!json_is_array(list))
		return false;
	for (i = 0; i < json_array_size(list); i++)
		if (!ok(json_array_get(list, i)))
			return false;
	return true;
}

/* GeoJSON's geometry types, and how deep each nests its positions. */
static const char *const geometry_types[] = {"Point", "MultiPoint", "LineString", "MultiLineString",
	"Polygon", "MultiPolygon", NULL};
static const int geometry_depth[] = {0, 1, 1, 2, 2, 3};

static bool
geojson_object(json_t *j)
{
	const char *type = json_string_value(json_object_get(j, "type"));
	json_t *v;
	size_t i;

	if (!json_is_object(j) || type == NULL)
		return false;
	if (is_one_of(type, geometry_types) || strcmp(type, "GeometryCollection") == 0)
		return geojson_geometry(j);
	if (strcmp(type, "Feature") == 0) {
		v = json_object_get(j, "geometry");
		if (v == NULL || !(json_is_null(v) || geojson_geometry(v)))
			return false;
		v = json_object_get(j, "properties");
		return v != NULL && (json_is_null(v) || json_is_object(v));
	}
	if (strcmp(type, "FeatureCollection") == 0) {
		v = json_object_get(j, "features");
		if (!json_is_array(v))
			return false;
		for (i = 0; i < json_array_size(v); i++)
			if (!geojson_object(json_array_get(v, i)) ||
			    strcmp(json_string_value(json_object_get(json_array_get(v, i), "type")), "Feature") != 0)
				return false;
		return true;
	}
	return false;
}

/* Positions nested depth deep: 0 a position ([x, y, …] numbers). */
static bool
positions(json_t *a, int depth)
{
	size_t i;

	if (!json_is_array(a))
		return false;
	if (depth == 0) {
		if (json_array_size(a) < 2)
			return false;
		for (i = 0; i < json_array_size(a); i++)
			if (!json_is_number(json_array_get(a, i)))
				return false;
		return true;
	}
	for (i = 0; i < json_array_size(a); i++)
		if (!positions(json_array_get(a, i), depth - 1))
			return false;
	return true;
}

static bool
geojson_geometry(json_t *g)
{
	const char *type = json_string_value(json_object_get(g, "type"));
	size_t i;

	if (!json_is_object(g) || type == NULL)
		return false;
	if (strcmp(type, "GeometryCollection") == 0)
		return each_geometry(json_object_get(g, "geometries"), geojson_geometry);
	for (i = 0; geometry_types[i]; i++)
		if (strcmp(type, geometry_types[i]) == 0)
			return positions(json_object_get(g, "coordinates"), geometry_depth[i]);
	return false;
}

static bool
topojson_object(json_t *j)
{
	static const char *const arcs[] = {"LineString", "MultiLineString", "Polygon", "MultiPolygon", NULL};
	static const char *const points[] = {"Point", "MultiPoint", NULL};
	const char *type = json_string_value(json_object_get(j, "type"));

	if (!json_is_object(j) || type == NULL)
		return false;
	if (strcmp(type, "Topology") == 0)
		return json_is_object(json_object_get(j, "objects")) && json_is_array(json_object_get(j, "arcs"));
	if (strcmp(type, "GeometryCollection") == 0)
		return each_geometry(json_object_get(j, "geometries"), topojson_object);
	if (is_one_of(type, arcs))
		return json_is_array(json_object_get(j, "arcs"));
	if (is_one_of(type, points))
		return json_is_array(json_object_get(j, "coordinates"));
	return false;
}

static int
read_json(const struct tspec *sp, const char *s, size_t n, struct strbuf *key, int64_t *ord,
    const char **why)
{
	json_t *j = json_loadb(s, n, JSON_DECODE_ANY | JSON_REJECT_DUPLICATES, NULL);
	bool ok;

	switch (sp->type) {
	case FT_OBJECT: ok = json_is_object(j); *why = "not a JSON object"; break;
	case FT_ARRAY: ok = json_is_array(j); *why = "not a JSON array"; break;
	default:
		ok = sp->format == FF_TOPOJSON ? topojson_object(j) : geojson_object(j);
		*why = sp->format == FF_TOPOJSON ? "not a TopoJSON object" : "not a GeoJSON object";
	}
	if (ok) {
		*ord = json_is_array(j) ? (int64_t)json_array_size(j) : (int64_t)json_object_size(j);
		if (key) {
			char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
			sb_reset(key);
			sb_adds(key, text);
			free(text);
		}
		*why = NULL;
	}
	json_decref(j);
	return ok ? VALUE_OK : VALUE_INVALID;
}

static int
read_list(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    int64_t *ord, const char **why)
{
	const char *d = sp->delimiter ? sp->delimiter : ",", *p = s, *e = s + n, *q;
	size_t dl = strlen(d);
	struct strbuf item = STRBUF_INIT;
	int64_t count = 0, o;
	int rc = VALUE_OK;

	if (key)
		sb_reset(key);
	for (;;) {
		q = dl ? memmem(p, (size_t)(e - p), d, dl) : NULL;
		if (q == NULL)
			q = e;
		rc = type_read(sp->item, p, (size_t)(q - p), fix, key ? &item : NULL, NULL, &o, why);
		if (rc != VALUE_OK) {
			*why = "an item is not of the list's item type";
			break;
		}
		if (key) {
			if (count)
				sb_addc(key, '\x1f');
			sb_add(key, item.s ? item.s : "", item.len);
		}
		count++;
		if (q == e)
			break;
		p = q + dl;
	}
	sb_free(&item);
	*ord = count;
	return rc;
}

static bool
boolean_in(char *const *list, size_t n, const char *const *deflt, const char *s, size_t len)
{
	size_t i;

	if (list == NULL) {
		for (; *deflt; deflt++)
			if (strlen(*deflt) == len && memcmp(*deflt, s, len) == 0)
				return true;
		return false;
	}
	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], s, len) == 0)
			return true;
	return false;
}

static void
key_int(struct strbuf *key, int64_t v)
{
	if (key) {
		sb_reset(key);
		sb_addf(key, "%" PRId64, v);
	}
}

static int
read_when_typed(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	enum dt_kind kind = sp->type == FT_DATE ? K_DATE : sp->type == FT_TIME ? K_TIME : K_DATETIME;
	struct when w;
	bool rewritten;
	int rc = read_when(sp, kind, s, n, fix, &w, &rewritten, why);

	if (rc != VALUE_OK)
		return rc;
	if (kind == K_DATE)
		*ord = when_days(&w);
	else
		*ord = when_instant(&w, kind == K_DATETIME);
	key_int(key, *ord);
	/* A pattern's form is the user's; rewrite only what has a normal form. */
	if (fixed && sp->format != FF_PATTERN) {
		sb_reset(fixed);
		if (kind != K_TIME) {
			char buf[16];
			struct date d = {w.year, w.month, w.day};
			sb_add(fixed, buf, date_format(d, buf));
		}
		if (kind == K_DATETIME && sp->date_alone && !w.has_time)
			return VALUE_OK;
		if (kind == K_DATETIME)
			sb_addc(fixed, 'T');
		if (kind != K_DATE)
			add_time(fixed, &w);
	} else if (fixed) {
		sb_reset(fixed);
		sb_add(fixed, s, n);
	}
	(void)rewritten;
	return VALUE_OK;
}

/* Numbers typed with full-width digits (１２３, as Chinese input methods
 * write them) are numbers to --fix, which writes them in ASCII; without
 * it the message says so. */
static int
read_folded(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	struct strbuf t = STRBUF_INIT;
	int rc;

	if (fold_fullwidth(s, n, &t) == 0) {
		/* Other text (€, ￥): as it is, for bareNumber. */
		sb_free(&t);
		if (sp->type == FT_BOOLEAN)
			return invalid(why, "not one of the true or false values");
		rc = read_decimal(sp, s, n, key, why);
		if (rc == VALUE_OK && fixed) {
			sb_reset(fixed);
			sb_add(fixed, s, n);
		}
		return rc;
	}
	rc = type_read(sp, t.s, t.len, fix, key, fixed, ord, why);
	if (rc == VALUE_OK && !fix)
		rc = invalid(why, "full-width characters; --fix would read it");
	sb_free(&t);
	return rc;
}

/* Phones and e-mails: one pass that checks and writes the normal form,
 * which is both the key and what --fix writes. */
static int
read_normalized(int (*norm)(const char *, size_t, char *, const char **), const char *s, size_t n,
    struct strbuf *key, struct strbuf *fixed, const char **why)
{
	struct strbuf *out = key ? key : fixed;
	int rc;

	if (out == NULL)
		return norm(s, n, NULL, why);
	sb_reset(out);
	sb_grow(out, n + 2);
	if ((rc = norm(s, n, out->s, why)) != VALUE_OK)
		return rc;
	out->len = strlen(out->s);
	if (key && fixed) {
		sb_reset(fixed);
		sb_add(fixed, key->s, key->len);
	}
	return VALUE_OK;
}

/* A phone's normal form (at most 15 digits and a '+') is what the
 * format and the placeholder test look at. */
static int
read_phone(const struct tspec *sp, const char *s, size_t n, struct strbuf *key, struct strbuf *fixed,
    const char **why)
{
	char buf[64];
	size_t len;
	int rc;

	if (n >= sizeof(buf) - 2)
		return invalid(why, "too many digits");
	if ((rc = phone_normalize(s, n, buf, why)) != VALUE_OK)
		return rc;
	len = strlen(buf);
	if (is_placeholder(buf, len))
		return invalid(why, "a placeholder, not a number");   /* 00000000000, as dedupe ignores it */
	if (sp->format == FF_CN_MOBILE && !is_cn_mobile(buf, len))
		return invalid(why, "expected 11 digits starting with 13 to 19");
	if (key) {
		sb_reset(key);
		sb_add(key, buf, len);
	}
	if (fixed) {
		sb_reset(fixed);
		sb_add(fixed, buf, len);
	}
	return VALUE_OK;
}

/* The cases of type_read that most columns take, each a reader of its
 * own for type_reader_of to hand out. */
static int
read_money(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	char buf[32];
	int64_t v;
	int rc;

	(void)sp;
	(void)fix;
	*why = NULL;
	*ord = 0;
	if ((rc = money_parse(s, n, &v, why)) != VALUE_OK)
		return rc;
	*ord = v;
	key_int(key, v);
	if (fixed) {
		sb_reset(fixed);
		sb_add(fixed, buf, money_format(v, buf));
	}
	return VALUE_OK;
}

static int
read_phone_value(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	(void)fix;
	*why = NULL;
	*ord = 0;
	return read_phone(sp, s, n, key, fixed, why);
}

static int
read_email(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	(void)sp;
	(void)fix;
	*why = NULL;
	*ord = 0;
	return read_normalized(email_normalize, s, n, key, fixed, why);
}

static int
read_when_value(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	*why = NULL;
	*ord = 0;
	return read_when_typed(sp, s, n, fix, key, fixed, ord, why);
}

type_reader
type_reader_of(const struct tspec *sp)
{
	switch (sp->type) {
	case FT_MONEY:
		return read_money;
	case FT_PHONE:
		return read_phone_value;
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME:
		return read_when_value;
	case FT_STRING:
		return sp->format == FF_EMAIL ? read_email : type_read;
	default:
		return type_read;
	}
}

int
type_read(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why)
{
	static const char *const deflt_true[] = {"true", "True", "TRUE", "1", NULL};
	static const char *const deflt_false[] = {"false", "False", "FALSE", "0", NULL};
	int64_t v = 0;
	int rc;

	*why = NULL;
	*ord = 0;
	switch (sp->type) {
	case FT_INTEGER:
	case FT_NUMBER:
		if (!text_is_ascii(s, n))
			return read_folded(sp, s, n, fix, key, fixed, ord, why);
		rc = read_decimal(sp, s, n, key, why);
		break;
	case FT_BOOLEAN:
		if (!text_is_ascii(s, n) && sp->true_values == NULL && sp->false_values == NULL)
			return read_folded(sp, s, n, fix, key, fixed, ord, why);
		if (boolean_in(sp->true_values, sp->ntrue, deflt_true, s, n))
			*ord = 1;
		else if (!boolean_in(sp->false_values, sp->nfalse, deflt_false, s, n))
			return invalid(why, "not one of the true or false values");
		key_int(key, *ord);
		rc = VALUE_OK;
		break;
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME:
		return read_when_value(sp, s, n, fix, key, fixed, ord, why);
	case FT_YEAR: {
		const char *p = s + (n && *s == '-');
		int k = 0;
		while (p + k < s + n && isdigit((unsigned char)p[k]) && k < 12)
			v = v * 10 + (p[k++] - '0');
		if (k < 4 || p + k != s + n)
			return invalid(why, "expected a year, YYYY");
		*ord = *s == '-' ? -v : v;
		key_int(key, *ord);
		rc = VALUE_OK;
		break;
	}
	case FT_YEARMONTH: {
		const char *p = s, *e = s + n;
		int y, m;
		if (digits_at(&p, e, 4, 4, &y) < 0 || p >= e || *p++ != '-' ||
		    digits_at(&p, e, 2, 2, &m) < 0 || p != e || m < 1 || m > 12)
			return invalid(why, "expected YYYY-MM");
		*ord = (int64_t)y * 12 + m - 1;
		key_int(key, *ord);
		rc = VALUE_OK;
		break;
	}
	case FT_DURATION:
		if (!duration_like(s, n))
			return invalid(why, "expected an ISO 8601 duration such as P1Y2M3DT4H5M6S");
		rc = VALUE_OK;
		if (key) {
			sb_reset(key);
			sb_add(key, s, n);
		}
		break;
	case FT_GEOPOINT:
		rc = read_geopoint(sp, s, n, key, why);
		break;
	case FT_GEOJSON:
	case FT_OBJECT:
	case FT_ARRAY:
		rc = read_json(sp, s, n, key, ord, why);
		break;
	case FT_LIST:
		rc = read_list(sp, s, n, fix, key, ord, why);
		break;
	case FT_MONEY:
		return read_money(sp, s, n, fix, key, fixed, ord, why);
	case FT_PHONE:
		return read_phone_value(sp, s, n, fix, key, fixed, ord, why);
	case FT_STRING:
		switch (sp->format) {
		case FF_EMAIL:
			return read_email(sp, s, n, fix, key, fixed, ord, why);
		case FF_URI:
			if (!uri_like(s, n))
				return invalid(why, "expected scheme:rest, as in https://example.com");
			break;
		case FF_UUID:
			if (!uuid_like(s, n))
				return invalid(why, "expected 8-4-4-4-12 hexadecimal digits");
			break;
		case FF_BINARY:
			if (!base64_like(s, n))
				return invalid(why, "not base64");
			break;
		default:
			break;
		}
		/* fall through */
	default:
		rc = VALUE_OK;
		if (key) {
			sb_reset(key);
			sb_add(key, s, n);
		}
	}
	if (rc == VALUE_OK && fixed) {
		sb_reset(fixed);
		sb_add(fixed, s, n);
	}
	return rc;
}

bool
type_orders_by_key(enum ftype t)
{
	return t == FT_INTEGER || t == FT_NUMBER;
}

int
type_compare(enum ftype t, const char *akey, int64_t aord, const char *bkey, int64_t bord)
{
	if (type_orders_by_key(t))
		return decimal_compare(akey, bkey);
	return aord < bord ? -1 : aord > bord;
}

void
type_show(enum ftype t, const char *key, int64_t ord, struct strbuf *out)
{
	char buf[64];
	struct when w;
	int64_t s, d;

	memset(&w, 0, sizeof(w));
	switch (t) {
	case FT_MONEY:
		sb_add(out, buf, money_format(ord, buf));
		return;
	case FT_DATE:
		sb_add(out, buf, date_format(date_from_days((int32_t)ord), buf));
		return;
	case FT_DATETIME:
	case FT_TIME:
		w.usec = (int)(((ord % 1000000) + 1000000) % 1000000);
		s = (ord - w.usec) / 1000000;
		d = s / 86400 - (s % 86400 < 0);
		s -= d * 86400;
		w.hour = (int)(s / 3600);
		w.min = (int)(s / 60 % 60);
		w.sec = (int)(s % 60);
		if (t == FT_DATETIME)
			sb_add(out, buf, date_format(date_from_days((int32_t)d), buf)), sb_addc(out, 'T');
		add_time(out, &w);
		return;
	case FT_YEARMONTH:
		sb_addf(out, "%04" PRId64 "-%02d", ord / 12, (int)(ord % 12) + 1);
		return;
	case FT_INTEGER:
	case FT_NUMBER:
		break;
	default:
		sb_addf(out, "%" PRId64, ord);
		return;
	}
	/* A decimal key back to digits. */
	switch (decimal_class(key)) {
	case 0: sb_adds(out, "NaN"); return;
	case 1: sb_adds(out, "-INF"); return;
	case 3: sb_addc(out, '0'); return;
	case 5: sb_adds(out, "INF"); return;
	}
	{
		char *dg;
		long long ex = strtoll(key + 1, &dg, 10), i, nd;
		dg++;
		nd = (long long)strlen(dg);
		if (key[0] == '-')
			sb_addc(out, '-');
		if (ex <= 0) {
			sb_adds(out, "0.");
			for (i = ex; i < 0; i++)
				sb_addc(out, '0');
			sb_adds(out, dg);
		} else if (ex >= nd) {
			sb_adds(out, dg);
			for (i = nd; i < ex; i++)
				sb_addc(out, '0');
		} else {
			sb_add(out, dg, (size_t)ex);
			sb_addc(out, '.');
			sb_adds(out, dg + ex);
		}
	}
}
