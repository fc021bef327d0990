/* numfmt.c — number formats and date serials; see numfmt.h. */
#include "numfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util.h"
#include "value.h"

/* ECMA-376 18.8.30, with zh-CN for the locale-dependent ids. */
static const char *const builtin[] = {
	[0] = "General", [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00",
	[5] = "$#,##0_);($#,##0)", [6] = "$#,##0_);[Red]($#,##0)",
	[7] = "$#,##0.00_);($#,##0.00)", [8] = "$#,##0.00_);[Red]($#,##0.00)",
	[9] = "0%", [10] = "0.00%", [11] = "0.00E+00", [12] = "# ?/?", [13] = "# ?\?/?\?",
	[14] = "yyyy/m/d", [15] = "d-mmm-yy", [16] = "d-mmm", [17] = "mmm-yy",
	[18] = "h:mm AM/PM", [19] = "h:mm:ss AM/PM", [20] = "h:mm", [21] = "h:mm:ss",
	[22] = "yyyy/m/d h:mm",
	[27] = "yyyy\"年\"m\"月\"", [28] = "m\"月\"d\"日\"", [29] = "m\"月\"d\"日\"",
	[30] = "m-d-yy", [31] = "yyyy\"年\"m\"月\"d\"日\"", [32] = "h\"时\"mm\"分\"",
	[33] = "h\"时\"mm\"分\"ss\"秒\"", [34] = "上午/下午h\"时\"mm\"分\"",
	[35] = "上午/下午h\"时\"mm\"分\"ss\"秒\"", [36] = "yyyy\"年\"m\"月\"",
	[37] = "#,##0 ;(#,##0)", [38] = "#,##0 ;[Red](#,##0)",
	[39] = "#,##0.00;(#,##0.00)", [40] = "#,##0.00;[Red](#,##0.00)",
	[41] = "_(* #,##0_);_(* (#,##0);_(* \"-\"_);_(@_)",
	[42] = "_(\"$\"* #,##0_);_(\"$\"* (#,##0);_(\"$\"* \"-\"_);_(@_)",
	[43] = "_(* #,##0.00_);_(* (#,##0.00);_(* \"-\"??_);_(@_)",
	[44] = "_(\"$\"* #,##0.00_);_(\"$\"* (#,##0.00);_(\"$\"* \"-\"??_);_(@_)",
	[45] = "mm:ss", [46] = "[h]:mm:ss", [47] = "mmss.0", [48] = "##0.0E+0", [49] = "@",
	[50] = "yyyy\"年\"m\"月\"", [51] = "m\"月\"d\"日\"", [52] = "yyyy\"年\"m\"月\"",
	[53] = "m\"月\"d\"日\"", [54] = "m\"月\"d\"日\"", [55] = "上午/下午h\"时\"mm\"分\"",
	[56] = "上午/下午h\"时\"mm\"分\"ss\"秒\"", [57] = "yyyy\"年\"m\"月\"", [58] = "m\"月\"d\"日\"",
};

struct numfmt
numfmt_builtin(int id)
{
	if (id >= 0 && (size_t)id < ARRAY_LEN(builtin) && builtin[id] != NULL)
		return numfmt_classify(builtin[id]);
	return (struct numfmt){NF_NUMBER, -1};
}

static int
lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* [h], [mm], [ss]: elapsed time.  Anything else in brackets (a colour,
 * a condition, a locale [$-804]) shows nothing of the value's kind. */
static bool
elapsed_bracket(const char *p, size_t n)
{
	size_t i;

	if (n == 0)
		return false;
	for (i = 0; i < n; i++)
		if (lower(p[i]) != lower(p[0]))
			return false;
	return strchr("hms", lower(p[0])) != NULL;
}

struct numfmt
numfmt_classify(const char *code)
{
	bool date = false, time = false, month = false, percent = false, exponent = false;
	int decimals = -1;
	const char *p, *q;

	for (p = code; *p && *p != ';'; p++) {
		int c = lower((unsigned char)*p);
		switch (c) {
		case '"':
			q = strchr(p + 1, '"');
			p = q ? q : p + strlen(p) - 1;
			break;
		case '\\': case '_': case '*':
			if (p[1])
				p++;
			break;
		case '[':
			q = strchr(p, ']');
			if (q == NULL)
				return (struct numfmt){NF_NUMBER, -1};
			if (elapsed_bracket(p + 1, (size_t)(q - p - 1)))
				time = true;
			p = q;
			break;
		case 'a':
			/* AM/PM and A/P hold an m and a p that are no date codes. */
			if (strncasecmp(p, "am/pm", 5) == 0) {
				time = true;
				p += 4;
			} else if (strncasecmp(p, "a/p", 3) == 0) {
				time = true;
				p += 2;
			}
			break;
		case 'y': case 'd':
			date = true;
			break;
		case 'm':
			month = true;
			break;
		case 'h': case 's':
			time = true;
			break;
		case '%':
			percent = true;
			break;
		case 'e':
			exponent = true;
			break;
		case '.':
			for (q = p + 1, decimals = 0; *q == '0' || *q == '#' || *q == '?'; q++)
				decimals += *q == '0';
			/* Excel shows at most 30; a format asking for more is
			 * hostile, and would make padding unbounded. */
			if (decimals > NUMFMT_MAX_DECIMALS)
				decimals = NUMFMT_MAX_DECIMALS;
			break;
		default:
			break;
		}
	}
	/* An m among hours or seconds is minutes; alone, it is the month. */
	if (month && !time)
		date = true;
	if (date)
		return (struct numfmt){time ? NF_DATETIME : NF_DATE, -1};
	if (time)
		return (struct numfmt){NF_TIME, -1};
	if (percent || exponent || decimals <= 0)
		decimals = -1;
	return (struct numfmt){NF_NUMBER, decimals};
}

bool
number_text_valid(const char *s, size_t len)
{
	size_t i = 0;
	bool digits = false;

	if (i < len && (s[i] == '-' || s[i] == '+'))
		i++;
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		digits = true;
	if (i < len && s[i] == '.')
		for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
			digits = true;
	if (!digits)
		return false;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < len && (s[i] == '-' || s[i] == '+'))
			i++;
		if (i == len)
			return false;
		while (i < len && s[i] >= '0' && s[i] <= '9')
			i++;
	}
	return i == len;
}

size_t
number_pad(const char *s, size_t len, int decimals, char *buf)
{
	const char *dot = memchr(s, '.', len);
	size_t have = dot ? len - (size_t)(dot - s) - 1 : 0, n = len;

	memcpy(buf, s, len);
	if (decimals > 0 && (size_t)decimals > have && number_text_valid(s, len) &&
	    memchr(s, 'e', len) == NULL && memchr(s, 'E', len) == NULL) {
		if (dot == NULL)
			buf[n++] = '.';
		for (; have < (size_t)decimals; have++)
			buf[n++] = '0';
	}
	buf[n] = '\0';
	return n;
}

size_t
number_shortest(double d, char *buf)
{
	int prec;

	for (prec = 0; prec <= 17; prec++) {
		if (fabs(d) < 1e15 && (d == 0 || fabs(d) >= 1e-6))
			snprintf(buf, 32, "%.*f", prec, d);
		else
			snprintf(buf, 32, "%.*g", prec + 1, d);
		if (strtod(buf, NULL) == d)
			break;
	}
	return strlen(buf);
}

#define MAX_SERIAL 2958465.0    /* 9999-12-31 in the 1900 system */

static size_t
hms(long long secs, char *buf)
{
	return (size_t)snprintf(buf, SERIAL_ISO_MAX, "%02lld:%02lld:%02lld", secs / 3600,
	    secs / 60 % 60, secs % 60);
}

size_t
serial_to_iso(const char *s, size_t len, enum numfmt_kind kind, bool date1904, char *buf,
    const char **why)
{
	char num[64];
	double v;
	long long secs, days;
	struct datetime dt;
	static const struct date epoch1900 = {1899, 12, 30}, epoch1904 = {1904, 1, 1};

	if (len >= sizeof(num) || !number_text_valid(s, len)) {
		*why = "not a number";
		return 0;
	}
	memcpy(num, s, len);
	num[len] = '\0';
	v = strtod(num, NULL);
	if (!(v >= 0) || v > MAX_SERIAL + 1) {
		*why = v < 0 ? "a negative date serial" : "a date serial beyond 9999-12-31";
		return 0;
	}
	/* To the nearest second, as Excel shows it; a day's end carries. */
	secs = llround(v * 86400.0);
	if (kind == NF_TIME)
		return hms(secs, buf);
	days = secs / 86400;
	secs %= 86400;
	if (!date1904 && days == 0) {
		if (kind == NF_DATETIME && secs > 0)
			return hms(secs, buf);     /* a time of day written as 1900-01-00 */
		*why = "serial 0 is no date (Excel shows 1900-01-00)";
		return 0;
	}
	if (!date1904 && days == 60) {
		*why = "1900-02-29 does not exist (Excel's 1900 leap-year bug)";
		return 0;
	}
	/* Excel counts the phantom 1900-02-29: serials before it are a day
	 * off from the true count. */
	if (!date1904 && days < 60)
		days++;
	dt.date = date_from_days(date_to_days(date1904 ? epoch1904 : epoch1900) + (int32_t)days);
	if (dt.date.year > 9999) {
		*why = "a date serial beyond 9999-12-31";
		return 0;
	}
	dt.has_time = kind == NF_DATETIME;
	dt.hour = (int)(secs / 3600);
	dt.min = (int)(secs / 60 % 60);
	dt.sec = (int)(secs % 60);
	return datetime_format(&dt, buf);
}
