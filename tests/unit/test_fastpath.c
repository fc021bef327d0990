/* Unit tests for the fast paths of value.c: each must agree with the
 * general reader behind it (value_ref.h) on every input — the same
 * status, the same reason, the same value and normal form.  Hand-picked
 * edge cases first, then many values made by mutating realistic ones
 * (a fixed seed: a failure is reproducible), each byte drawn from what
 * exports hold: full-width digits, CJK date marks, currency signs, stray
 * separators, non-UTF-8 bytes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "value.h"
#include "value_ref.h"

#define MUTANTS 40000

/* What a mutation may put into a value. */
static const char *const pieces[] = {
	"0", "1", "2", "5", "9", "00", "29", "31", "12", "13", "60", "1900", "2024", "45569",
	"\xef\xbc\x90", "\xef\xbc\x99", "\xef\xbc\x8e", "\xef\xbc\xa0",   /* ０ ９ ． ＠ */
	"-", "/", ".", ",", " ", "+", "(", ")", "@", ":", "T", "Z", "z", "a", "Q", "_", "'",
	"\t", "..", "--", "@@", "e", "E",
	"\xe5\xb9\xb4", "\xe6\x9c\x88", "\xe6\x97\xa5",   /* 年 月 日 */
	"\xc2\xa3", "\xc2\xa5", "\xef\xbf\xa5", "\xe5\x85\x83", "\xe4\xb8\x87",   /* £ ¥ ￥ 元 万 */
	"GBP", "RMB", "\xe3\x80\x80", "\xc3\xa9", "\xff", "\x01",
	"`", "{", "[", "^", "~", "\x7f",   /* beside the letters and digits */
};

static unsigned long long rng = 0x9E3779B97F4A7C15ULL;

static unsigned
rnd(unsigned n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng % n);
}

/* seed with one to three edits (replace, insert, delete) into buf. */
static size_t
mutate(const char *seed, char *buf, size_t cap)
{
	size_t n = strlen(seed), k, edits = 1 + rnd(3);

	memcpy(buf, seed, n + 1);
	for (k = 0; k < edits; k++) {
		const char *p = pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))];
		size_t pn = strlen(p), at = n ? rnd((unsigned)n + 1) : 0, cut = 0;
		switch (rnd(3)) {
		case 0:   /* replace one byte */
			cut = at < n ? 1 : 0;
			break;
		case 1:   /* insert */
			break;
		default:  /* delete one byte */
			if (at < n) {
				memmove(buf + at, buf + at + 1, n - at);
				n--;
			}
			continue;
		}
		if (n - cut + pn + 1 > cap)
			continue;
		memmove(buf + at + pn, buf + at + cut, n - at - cut + 1);
		memcpy(buf + at, p, pn);
		n = n - cut + pn;
	}
	return n;
}

/* --- e-mail -------------------------------------------------------------- */

static void
email_agrees(const char *s, size_t n)
{
	char a[512], b[512];
	const char *wa = NULL, *wb = NULL;
	int ra = email_normalize(s, n, a, &wa), rb = email_normalize_slow(s, n, b, &wb);

	if (ra != rb)
		fail_msg("email \"%.*s\": fast %d, general %d (%s)", (int)n, s, ra, rb, wb ? wb : "");
	if (ra == VALUE_OK && strcmp(a, b) != 0)
		fail_msg("email \"%.*s\": fast \"%s\", general \"%s\"", (int)n, s, a, b);
	if (ra != VALUE_OK && strcmp(wa, wb) != 0)
		fail_msg("email \"%.*s\": fast says %s, general %s", (int)n, s, wa, wb);
	ra = email_normalize(s, n, NULL, &wa);
	if (ra != rb)
		fail_msg("email \"%.*s\" without output: fast %d, general %d", (int)n, s, ra, rb);
}

static void
test_email(void **state)
{
	static const char *const edge[] = {
		"a@b.co", "A.B@Example.COM", " x@y.z ", "x@y", "@y.z", "x@", "x@@y.z", "x@y@z.com",
		".x@y.z", "x.@y.z", "x..y@z.com", "x@y..z", "x@.y.z", "x@y.z.", "x@-y.z", "x@y-.z",
		"x@y.z-", "x@a-b.c-d", "x_y+tag@mail.example.org", "x!#$%&'*/=?^`{|}~@y.z",
		"x@y_z.com", "x@y.c_m", "x y@z.com", "x@y z.com", "\xe5\xbc\xa0@y.z",
		"\xef\xbd\x98@y.z",   /* full-width x */
		"x@\xef\xbd\x99.z", "x\xe3\x80\x80@y.z", "\xe3\x80\x80x@y.z\xe3\x80\x80", "x@y.z\xff",
		"", " ", "@", ".", "a@b.c\t",
		/* lower-casing eight bytes at a time: every letter, and the bytes beside A and Z */
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ@ABCDEFGHIJKLM.NOPQRSTUVWXYZ", "`{|}~^_@x.y", "Z@Z.ZZZZZZZZZZ",
		/* eight letters and digits at a time: a byte beside a range in the middle of a run */
		"abcdefgh{jklmnop@example.com", "x@abcdefg{ijklmnop.com", "x@abcdefgh`ijklmno.com",
		"x@ABCDEFGH[IJKLMNO.com", "x@abcdefgh@ijklmno.com", "x@abcdefgh/ijklmno.com",
		"x@abcdefgh:ijklmno.com", "x@abcdefgh\x7fijklmno.com", "x@abcdefgh\xc3\xa9jklmno.com",
		"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ@0123456789.abcdefghij",
		/* 64 and 65 characters before the @; a 63- and 64-character label */
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@y.z",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@y.z",
		"x@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.z",
		"x@bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.z",
	};
	static const char *const seeds[] = {"n.allen89062@gmail.com", "Wang.Fang@163.COM", "a@b.cn",
		"x-y_z+1@mail-1.example.co.uk"};
	char buf[600];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		email_agrees(edge[i], strlen(edge[i]));
	/* Very long: around the 320-byte limit of the general reader. */
	for (n = 300; n < 330; n++) {
		memset(buf, 'a', n);
		memcpy(buf + n - 6, "@y.com", 6);
		email_agrees(buf, n);
	}
	for (i = 0; i < MUTANTS; i++) {
		n = mutate(seeds[i % (sizeof(seeds) / sizeof(seeds[0]))], buf, sizeof(buf));
		email_agrees(buf, n);
	}
}

/* --- decimals and money --------------------------------------------------- */

static void
decimal_agrees(const char *s, size_t n)
{
	static const int places[] = {0, 2, 4, 6, 9};
	size_t i;
	int round;

	for (i = 0; i < sizeof(places) / sizeof(places[0]); i++)
		for (round = 0; round < 2; round++) {
			int64_t a = -7, b = -7;
			const char *wa = NULL, *wb = NULL;
			int ra = decimal_parse(s, n, places[i], round, &a, &wa);
			int rb = decimal_parse_slow(s, n, places[i], round, &b, &wb);
			if (ra != rb)
				fail_msg("decimal \"%.*s\" (%d places%s): fast %d, general %d (%s)", (int)n, s,
				    places[i], round ? ", rounded" : "", ra, rb, wb ? wb : "");
			if (ra == VALUE_OK && a != b)
				fail_msg("decimal \"%.*s\" (%d places): fast %lld, general %lld", (int)n, s,
				    places[i], (long long)a, (long long)b);
			if (ra != VALUE_OK && strcmp(wa, wb) != 0)
				fail_msg("decimal \"%.*s\": fast says %s, general %s", (int)n, s, wa, wb);
		}
}

static void
test_decimal(void **state)
{
	static const char *const edge[] = {
		"0", "-0", "5.", ".5", "-.5", "-", ".", "", " ", "838.39", "-838.39", " 838.39 ",
		"1.005", "1.500", "1.5000000000", "123456789", "1234567890", "999999999.999999999",
		"-999999999.999999999", "9223372036854775807", "92233720368547758.08",
		"1,234.50", "£6,765.83", "¥1,234.50", "1041.13 GBP", "RMB 100", "(12.00)", "12.00-",
		"+3", "--5", "1,23.4", "1.2.3", "0x10", "1e5", "１２３４．５", "1.25\xe4\xb8\x87",
		"12\xe5\x85\x83", "\xe3\x80\x80" "12", "12\t", "\xff", "1\x01",
		"-$12", "$-12", "$", "-$", "$$5", "$,123", "$1,234", "1,234,567.891", "123,456,789.5",
		"1,234,567,890.5", "\xc2\xa5" "12,34", "-\xc2\xa3", "\xc2\xa3\xc2\xa3" "5", "\xc2",
		"\xe2\x82", "\xef\xbf\xa5" "-5", "(\xc2\xa3" "5)", "\xc2\xa3 5", "1,000,000",
		/* around the longest value the general reader folds */
		"000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
		"0000000000000000000000000000000000000000001",
		"000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
		"00000000000000000000000000000000000000000001",
		"000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
		"000000000000000000000000000000000000000000001",
	};
	static const char *const seeds[] = {"838.39", "-1234.5", "\"1,411.61\"", "\xc2\xa3" "516.19",
		"1041.13 GBP", "0.05", "123456789.12", "\xc2\xa3" "6,765.83", "-\xc2\xa5" "1,234.50",
		"\xe2\x82\xac" "0.05", "$1,234,567.89", "\xef\xbf\xa5" "88"};
	char buf[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		decimal_agrees(edge[i], strlen(edge[i]));
	for (i = 0; i < MUTANTS; i++) {
		n = mutate(seeds[i % (sizeof(seeds) / sizeof(seeds[0]))], buf, sizeof(buf));
		decimal_agrees(buf, n);
	}
}

/* --- phones and placeholders ------------------------------------------------ */

static void
phone_agrees(const char *s, size_t n)
{
	char a[600], b[600];
	const char *wa = NULL, *wb = NULL;
	int ra = phone_normalize(s, n, a, &wa), rb = phone_normalize_slow(s, n, b, &wb);

	if (ra != rb)
		fail_msg("phone \"%.*s\": fast %d, general %d (%s)", (int)n, s, ra, rb, wb ? wb : "");
	if (ra == VALUE_OK && strcmp(a, b) != 0)
		fail_msg("phone \"%.*s\": fast \"%s\", general \"%s\"", (int)n, s, a, b);
	if (ra != VALUE_OK && strcmp(wa, wb) != 0)
		fail_msg("phone \"%.*s\": fast says %s, general %s", (int)n, s, wa, wb);
	if (phone_normalize(s, n, NULL, &wa) != rb)
		fail_msg("phone \"%.*s\" without output: not %d", (int)n, s, rb);
	if (is_placeholder(s, n) != is_placeholder_slow(s, n))
		fail_msg("placeholder \"%.*s\": fast %d", (int)n, s, is_placeholder(s, n));
	if (ra == VALUE_OK && is_placeholder(a, strlen(a)) != is_placeholder_slow(a, strlen(a)))
		fail_msg("placeholder \"%s\": fast %d", a, is_placeholder(a, strlen(a)));
}

static void
test_phone(void **state)
{
	static const char *const edge[] = {
		"13812345678", "+86 138 1234 5678", "0086 13812345678", "8613812345678", "+447258255764",
		"07805 786385", "(010) 6552-9988", "010.6552.9988", "+1/555/0100", "\t138 1234 5678\t",
		"++8613812345678", "138+12345678", "+", "", " ", "123456", "1234567", "123456789012345",
		"1234567890123456", "12345678901234567890123456789012", "123456789012345678901234567890123",
		"00000000000", "+8600000000000", "0000000", "1111111", "111111", "+44 1111 111111",
		"+1 2222222", "+12 22222", "+123 55555", "+1234 55555", "0", "00", "000", "0012345678",
		"000012345678", "\xef\xbc\x91\xef\xbc\x93\xef\xbc\x98" "12345678",   /* １３８… */
		"138\xe3\x80\x80" "1234 5678", "138-1234-567x", "tel 13812345678", "\xff", "138\x00" "1",
		"n/a", "N/A", "-", "--", "null", "\xe6\x97\xa0", "\xe6\x9a\x82\xe6\x97\xa0", " 0 ", "7777777 ",
	};
	static const char *const seeds[] = {"+447258255764", "07805 786385", "+44 7038 781655",
		"+86 130 2604 0609", "13812345678", "00000000000", "+8611111111111"};
	char buf[600];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		phone_agrees(edge[i], strlen(edge[i]));
	for (i = 0; i < MUTANTS; i++) {
		n = mutate(seeds[i % (sizeof(seeds) / sizeof(seeds[0]))], buf, 64);
		phone_agrees(buf, n);
	}
	/* Very long: far more digits than any phone. */
	memset(buf, '7', 500);
	phone_agrees(buf, 500);
}

/* --- dates and times ---------------------------------------------------------- */

static void
datetime_agrees(const char *s, size_t n)
{
	struct datetime a, b;
	const char *wa = NULL, *wb = NULL;
	int ra, rb;

	memset(&a, 0x55, sizeof(a));
	memset(&b, 0x55, sizeof(b));
	ra = datetime_parse(s, n, &a, &wa);
	rb = datetime_parse_slow(s, n, &b, &wb);
	if (ra != rb)
		fail_msg("datetime \"%.*s\": fast %d, general %d (%s)", (int)n, s, ra, rb, wb ? wb : "");
	if (ra == VALUE_OK && (a.date.year != b.date.year || a.date.month != b.date.month ||
	    a.date.day != b.date.day || a.has_time != b.has_time || a.hour != b.hour || a.min != b.min ||
	    a.sec != b.sec))
		fail_msg("datetime \"%.*s\": fast %04d-%02d-%02d %d %02d:%02d:%02d, general "
		    "%04d-%02d-%02d %d %02d:%02d:%02d", (int)n, s, a.date.year, a.date.month, a.date.day,
		    a.has_time, a.hour, a.min, a.sec, b.date.year, b.date.month, b.date.day, b.has_time,
		    b.hour, b.min, b.sec);
	if (ra != VALUE_OK && strcmp(wa, wb) != 0)
		fail_msg("datetime \"%.*s\": fast says %s, general %s", (int)n, s, wa, wb);
}

static void
test_datetime(void **state)
{
	static const char *const edge[] = {
		/* leap days, bad months and days */
		"2024-02-29", "2023-02-29", "1900-02-29", "2000-02-29", "2100-02-29", "2024-02-30",
		"2024-13-01", "2024-00-10", "2024-10-00", "2024-04-31", "2024-12-31", "2024/02/29",
		"2023/02/29", "2024/2/29", "2024.02.29", "20240229", "20230229", "2024-2-9", "2024-1-1",
		"0999-01-01", "1000-01-01", "9999-12-31", "10000-01-01", "2024-10-04 ", " 2024-10-04",
		"2024-10-04\t", "2024-10/04", "2024/10-04", "2024-1004",
		/* Excel serials, with Excel's 1900-02-29 */
		"59", "60", "61", "1", "0", "45569", "2958465", "2958466", "45569.5", "45569.999999",
		"45569.", "12345678", "123456789",
		/* day/month or month/day */
		"25/10/2024", "10/25/2024", "03/04/2024", "4/4/2024", "31/02/2024", "13/13/2024",
		/* times */
		"2024-10-04 08:26:00", "2024-10-04T08:26:00", "2024-10-04T08:26", "2024-10-04 8:26:05",
		"2024-10-04 23:59:60", "2024-10-04 24:00:00", "2024-10-04 23:60:00", "2024-10-04 08:26:00Z",
		"2024-10-04T08:26:00+08:00", "2024-10-04T08:26:00-0530", "2024-10-04 08:26:00.123",
		"2024-10-04 08", "2024-10-04 08:2", "2024-10-04 08:26:0", "2024-10-04  08:26",
		"2024-10-04 08:26:00 x", "2024-10-04x",
		/* CJK and full-width */
		"2024\xe5\xb9\xb4" "10\xe6\x9c\x88" "4\xe6\x97\xa5",
		"2024\xe5\xb9\xb4" "2\xe6\x9c\x88" "30\xe6\x97\xa5",
		"\xef\xbc\x92\xef\xbc\x90\xef\xbc\x92\xef\xbc\x94-10-04",
		"\xe3\x80\x80" "2024-10-04\xe3\x80\x80", "2024-10-04\xff",
		"", " ", "-", "T", "2024", "2024-", "2024-10", "abc", "May 5 2024",
		/* around the longest value the general reader folds */
		"2024-10-04 08:26:00.00000000000000000000000000000000000000000001",
		"2024-10-04 08:26:00.000000000000000000000000000000000000000000001",
		"2024-10-04 08:26:00.0000000000000000000000000000000000000000000001",
	};
	static const char *const seeds[] = {"2024-02-29", "1963-02-27", "2023/11/23", "2021/1/15",
		"2004.03.10", "25991", "20241004", "2024-10-04 08:26:00", "2024-10-04T08:26:00+08:00",
		"2019\xe5\xb9\xb4" "11\xe6\x9c\x88" "14\xe6\x97\xa5", "45569.5", "25/10/2024"};
	char buf[256];
	size_t i, n;

	(void)state;
	for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++)
		datetime_agrees(edge[i], strlen(edge[i]));
	for (i = 0; i < MUTANTS; i++) {
		n = mutate(seeds[i % (sizeof(seeds) / sizeof(seeds[0]))], buf, sizeof(buf));
		datetime_agrees(buf, n);
	}
}

/* --- UTF-8 validity -------------------------------------------------------------- */

/* RFC 3629, byte by byte, as the reference. */
static bool
utf8_reference(const unsigned char *u, size_t n)
{
	size_t i = 0, k, len;
	unsigned cp, min;

	while (i < n) {
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if (u[i] >= 0xC2 && u[i] <= 0xDF)
			len = 2, cp = u[i] & 0x1Fu, min = 0x80;
		else if (u[i] >= 0xE0 && u[i] <= 0xEF)
			len = 3, cp = u[i] & 0x0Fu, min = 0x800;
		else if (u[i] >= 0xF0 && u[i] <= 0xF4)
			len = 4, cp = u[i] & 0x07u, min = 0x10000;
		else
			return false;
		if (i + len > n)
			return false;
		for (k = 1; k < len; k++) {
			if ((u[i + k] & 0xC0) != 0x80)
				return false;
			cp = cp << 6 | (u[i + k] & 0x3Fu);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return false;
		i += len;
	}
	return true;
}

static void
test_utf8(void **state)
{
	static const char *const bad[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE5\xBC",
		"\xD5\xC5", "\xE0\x80\x80", "\x80", "\xFF", "\xF0\x8F\xBF\xBF", "\xC3"};
	static const char *const good[] = {"\xE5\xBC\xA0", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xEF\xBC\x90",
		"\xE3\x80\x80", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF"};
	char buf[128];
	size_t i, at, k, n;

	(void)state;
	/* Every offset around the sixteen- and eight-byte steps, every end. */
	for (at = 0; at < 40; at++)
		for (k = 0; k < sizeof(bad) / sizeof(*bad) + sizeof(good) / sizeof(*good); k++) {
			const char *p = k < sizeof(bad) / sizeof(*bad) ? bad[k] : good[k - sizeof(bad) / sizeof(*bad)];
			for (n = at + strlen(p); n <= at + strlen(p) + 20; n += 5) {
				memset(buf, 'a', sizeof(buf));
				memcpy(buf + at, p, strlen(p));
				if (utf8_valid(buf, n) != utf8_reference((const unsigned char *)buf, n))
					fail_msg("utf8_valid, \"%s\" at %zu of %zu: %d", p, at, n, utf8_valid(buf, n));
			}
		}
	for (i = 0; i < MUTANTS; i++) {
		n = mutate("C00000001,Nancy Allen,+447258255764,n.allen89062@gmail.com,Bristol,1963-02-27,"
		    "\xe5\xbc\xa0\xe4\xb8\x89,2023/11/23,M", buf, sizeof(buf));
		if (utf8_valid(buf, n) != utf8_reference((const unsigned char *)buf, n))
			fail_msg("utf8_valid \"%.*s\": %d", (int)n, buf, utf8_valid(buf, n));
	}
}

/* Long text (64 bytes and more) is checked by blocks of sixteen: each
 * good and bad sequence at every offset of a block, in Chinese text and
 * in ASCII, at every length around the end; then runs of random bytes
 * drawn from the lead and continuation ranges, which meet every pair the
 * block tables classify. */
static void
test_utf8_long(void **state)
{
	static const char *const seq[] = {"\xC0\xAF", "\xED\xA0\x80", "\xF4\x90\x80\x80", "\xE5\xBC",
		"\xD5\xC5", "\xE0\x80\x80", "\x80", "\xFF", "\xF0\x8F\xBF\xBF", "\xC3", "\xF5\x80\x80\x80",
		"\xF0\x90", "\xE5\xBC\xA0\xA0", "\xE5\xBC\xA0", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xEF\xBC\x90",
		"\xE3\x80\x80", "\xED\x9F\xBF", "\xF4\x8F\xBF\xBF", "\xE0\xA0\x80", "\xC2\x80", "\xDF\xBF"};
	static const unsigned char pool[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
		0xC2, 0xDF, 0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF8, 0xFF};
	char buf[200];
	size_t i, at, k, n, j;
	unsigned seed = 12345;

	(void)state;
	for (j = 0; j < 2; j++)
		for (at = 0; at < 100; at++)
			for (k = 0; k < sizeof(seq) / sizeof(*seq); k++) {
				size_t m = strlen(seq[k]);
				for (i = 0; i < sizeof(buf); i++)
					buf[i] = j ? "\xe5\xbc\xa0"[i % 3] : 'a';
				/* Whole characters around it in Chinese text. */
				memcpy(buf + at - (j ? at % 3 : 0), seq[k], m);
				for (n = at + m; n < at + m + 40 && n <= sizeof(buf); n++)
					if (n >= 64 && utf8_valid(buf, n) != utf8_reference((const unsigned char *)buf, n))
						fail_msg("utf8_valid, seq %zu at %zu of %zu in %s: %d", k, at, n,
						    j ? "Chinese" : "ASCII", utf8_valid(buf, n));
			}
	for (i = 0; i < MUTANTS * 4; i++) {
		n = 64 + (seed = seed * 1103515245u + 12345u) % 100;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly valid Chinese, a random byte now and then. */
			buf[k] = (seed >> 16) % 8 ? "\xe5\xbc\xa0"[k % 3] : (char)pool[(seed >> 20) % sizeof(pool)];
		}
		if (utf8_valid(buf, n) != utf8_reference((const unsigned char *)buf, n))
			fail_msg("utf8_valid, random %zu bytes: %d", n, utf8_valid(buf, n));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_email),
		cmocka_unit_test(test_utf8_long),
		cmocka_unit_test(test_decimal),
		cmocka_unit_test(test_phone),
		cmocka_unit_test(test_datetime),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
