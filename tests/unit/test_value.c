/* Unit tests for value.c: money, dates, phones, e-mails, numbers, text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "value.h"

static void
money_is(const char *s, int want_rc, int64_t want)
{
	const char *why = NULL;
	int64_t cents = -999;
	int rc = money_parse(s, strlen(s), &cents, &why);

	if (rc != want_rc)
		fail_msg("money_parse(\"%s\") = %d (%s), want %d", s, rc, why ? why : "", want_rc);
	if (rc == VALUE_OK && cents != want)
		fail_msg("money_parse(\"%s\") = %lld cents, want %lld", s, (long long)cents, (long long)want);
}

/* Text keys: NFKC, case folding, white space collapsed and trimmed; the
 * comparison agrees with the keys, ASCII or not. */
static void
test_text_compare(void **state)
{
	struct strbuf k = STRBUF_INIT;

	(void)state;
	assert_int_equal(text_key("  Gold \t Member ", strlen("  Gold \t Member "), &k), VALUE_OK);
	assert_string_equal(k.s, "gold member");
	assert_int_equal(text_key("ＶＩＰ 客户", strlen("ＶＩＰ 客户"), &k), VALUE_OK);
	assert_string_equal(k.s, "vip 客户");
	assert_int_equal(text_key("   ", 3, &k), VALUE_OK);
	assert_string_equal(k.s, "");
	/* Chinese text is its own key (no utf8proc), unless it carries
	 * something to fold. */
	assert_int_equal(text_key("张三丰", strlen("张三丰"), &k), VALUE_OK);
	assert_string_equal(k.s, "张三丰");
	assert_int_equal(text_key("母婴 用品", strlen("母婴 用品"), &k), VALUE_OK);
	assert_string_equal(k.s, "母婴 用品");
	assert_int_equal(text_key("母婴  用品 ", strlen("母婴  用品 "), &k), VALUE_OK);
	assert_string_equal(k.s, "母婴 用品");
	assert_int_equal(text_key("VIP客户", strlen("VIP客户"), &k), VALUE_OK);
	assert_string_equal(k.s, "vip客户");
	assert_int_equal(text_key("\xe5\xbc", 2, &k), VALUE_INVALID);     /* cut off */
	assert_int_equal(text_compare("VIP", 3, "vip ", 4), 0);
	assert_int_equal(text_compare("ＶＩＰ", strlen("ＶＩＰ"), "vip", 3), 0);
	assert_true(text_compare("a", 1, "B", 1) < 0);
	assert_true(text_compare("ab", 2, "a", 1) > 0);
	assert_true(text_compare("北京", strlen("北京"), "上海", strlen("上海")) != 0);
	assert_true(text_compare("\xff", 1, "\xfe", 1) > 0);  /* bytes */
	sb_free(&k);
}

static void
test_money(void **state)
{
	char buf[32];

	(void)state;
	money_is("1234.5", VALUE_OK, 123450);
	money_is("1,234.50", VALUE_OK, 123450);
	money_is("¥1,234.50", VALUE_OK, 123450);
	money_is(" ¥1,234.50 ", VALUE_OK, 123450);
	money_is("￥88", VALUE_OK, 8800);
	money_is("1234.50元", VALUE_OK, 123450);
	money_is("(12.00)", VALUE_OK, -1200);
	money_is("-12", VALUE_OK, -1200);
	money_is("-¥12", VALUE_OK, -1200);
	money_is("¥-12", VALUE_OK, -1200);
	money_is("+3", VALUE_OK, 300);
	money_is("$310.5", VALUE_OK, 31050);
	money_is("£6,765.83", VALUE_OK, 676583);
	money_is("€0.05", VALUE_OK, 5);
	money_is("RMB 100", VALUE_OK, 10000);
	money_is("1041.13 GBP", VALUE_OK, 104113);
	money_is("１２３４．５", VALUE_OK, 123450);
	money_is("1,234,567.8", VALUE_OK, 123456780);
	money_is("1.500", VALUE_OK, 150);
	money_is(".5", VALUE_OK, 50);
	money_is("1.005", VALUE_INVALID, 0);
	money_is("--5", VALUE_INVALID, 0);
	money_is("(-5)", VALUE_INVALID, 0);
	money_is("¥¥5", VALUE_INVALID, 0);
	money_is("+-5", VALUE_INVALID, 0);
	money_is("RMB ¥5", VALUE_INVALID, 0);
	money_is("(5)-", VALUE_INVALID, 0);
	money_is("-5-", VALUE_INVALID, 0);
	money_is("1,23.4", VALUE_INVALID, 0);
	money_is("12,34", VALUE_INVALID, 0);
	money_is(",123", VALUE_INVALID, 0);
	money_is("abc", VALUE_INVALID, 0);
	money_is("1.2.3", VALUE_INVALID, 0);
	money_is("", VALUE_EMPTY, 0);
	money_is("   ", VALUE_EMPTY, 0);
	money_is("¥", VALUE_INVALID, 0);
	money_is("99999999999999999999", VALUE_RANGE, 0);
	money_is("92233720368547758.08", VALUE_RANGE, 0);
	money_is("92233720368547758.07", VALUE_OK, INT64_MAX);
	money_is("92233720368547757", VALUE_OK, 9223372036854775700LL);
	/* 万 (10^4) and 亿 (10^8), as Chinese ledgers write large sums:
	 * exact, never through a double. */
	money_is("1.2万", VALUE_OK, 1200000);
	money_is("3亿元", VALUE_OK, 30000000000LL);
	money_is("1.25万元", VALUE_OK, 1250000);
	money_is("¥12.3456万", VALUE_OK, 12345600);
	money_is("-0.5万", VALUE_OK, -500000);
	money_is("1,200万", VALUE_OK, 1200000000);
	money_is("１．２万", VALUE_OK, 1200000);
	money_is("0.00000001亿", VALUE_OK, 100);
	money_is("1.23456789万", VALUE_INVALID, 0);   /* past the fen */
	money_is("万", VALUE_INVALID, 0);
	money_is("1万万", VALUE_INVALID, 0);
	money_is("1亿2000万", VALUE_INVALID, 0);
	money_is("万5", VALUE_INVALID, 0);
	money_is("92233720368548亿", VALUE_RANGE, 0);
	assert_int_equal(money_format(123450, buf), 7);
	assert_string_equal(buf, "1234.50");
	money_format(-5, buf);
	assert_string_equal(buf, "-0.05");
	money_format(0, buf);
	assert_string_equal(buf, "0.00");
	money_format(-120000, buf);
	assert_string_equal(buf, "-1200.00");
	money_format(INT64_MIN, buf);
	assert_string_equal(buf, "-92233720368547758.08");
}

static void
date_is(const char *s, int want_rc, const char *want)
{
	const char *why = NULL;
	struct date d = {0, 0, 0};
	char buf[16];
	int rc = date_parse(s, strlen(s), &d, &why);

	if (rc != want_rc)
		fail_msg("date_parse(\"%s\") = %d (%s), want %d", s, rc, why ? why : "", want_rc);
	if (rc == VALUE_OK) {
		date_format(d, buf);
		if (strcmp(buf, want) != 0)
			fail_msg("date_parse(\"%s\") = %s, want %s", s, buf, want);
	}
}

static void
test_dates(void **state)
{
	(void)state;
	date_is("2024-10-04", VALUE_OK, "2024-10-04");
	date_is("2024-10-4", VALUE_OK, "2024-10-04");
	date_is("2024/10/4", VALUE_OK, "2024-10-04");
	date_is("2024.10.04", VALUE_OK, "2024-10-04");
	date_is("2024年10月4日", VALUE_OK, "2024-10-04");
	date_is("２０２４年１０月４日", VALUE_OK, "2024-10-04");
	date_is("20241004", VALUE_OK, "2024-10-04");
	date_is("45569", VALUE_OK, "2024-10-04");
	date_is("1", VALUE_OK, "1900-01-01");
	date_is("59", VALUE_OK, "1900-02-28");
	date_is("60", VALUE_RANGE, "");
	date_is("61", VALUE_OK, "1900-03-01");
	date_is("2958465", VALUE_OK, "9999-12-31");
	date_is("2958466", VALUE_RANGE, "");
	date_is("25/10/2024", VALUE_OK, "2024-10-25");
	date_is("10/25/2024", VALUE_OK, "2024-10-25");
	date_is("03/04/2024", VALUE_AMBIGUOUS, "");
	date_is("04/04/2024", VALUE_OK, "2024-04-04");
	date_is("2024-02-29", VALUE_OK, "2024-02-29");
	date_is("2023-02-29", VALUE_RANGE, "");
	date_is("1900-02-29", VALUE_RANGE, "");
	date_is("2000-02-29", VALUE_OK, "2000-02-29");
	date_is("2024-02-30", VALUE_RANGE, "");
	date_is("2024-13-01", VALUE_RANGE, "");
	date_is("2024-10-04 08:26:00", VALUE_INVALID, "");
	date_is("tomorrow", VALUE_INVALID, "");
	date_is("", VALUE_EMPTY, "");
	/* Half a date, mixed separators, a two-digit year, too many digits:
	 * none is read as some date. */
	date_is("2024-10", VALUE_INVALID, "");
	date_is("2024-10-", VALUE_INVALID, "");
	date_is("2024/10-04", VALUE_INVALID, "");
	date_is("2024-100-04", VALUE_INVALID, "");
	date_is("2024-10-004", VALUE_INVALID, "");
	date_is("24-10-04", VALUE_INVALID, "");
	date_is("2024年10月", VALUE_INVALID, "");
	date_is("2024年10", VALUE_INVALID, "");
	date_is("2024年月4日", VALUE_INVALID, "");
	date_is("2024年10月4", VALUE_OK, "2024-10-04");
	date_is("4/10/24", VALUE_INVALID, "");
	date_is("2024:10:04", VALUE_INVALID, "");
	date_is("2024-10-04x", VALUE_INVALID, "");
	date_is("0", VALUE_RANGE, "");
	date_is("202410041", VALUE_INVALID, "");
	/* The edges of the months, and of D/M/Y against M/D/Y. */
	date_is("2024-04-30", VALUE_OK, "2024-04-30");
	date_is("2024-04-31", VALUE_RANGE, "");
	date_is("2024-12-31", VALUE_OK, "2024-12-31");
	date_is("2024-12-32", VALUE_RANGE, "");
	date_is("2024-00-10", VALUE_RANGE, "");
	date_is("2024-01-00", VALUE_RANGE, "");
	date_is("2100-02-29", VALUE_RANGE, "");
	date_is("1600-02-29", VALUE_OK, "1600-02-29");
	date_is("1000-01-01", VALUE_OK, "1000-01-01");
	date_is("9999-12-31", VALUE_OK, "9999-12-31");
	date_is("13/12/2024", VALUE_OK, "2024-12-13");
	date_is("12/13/2024", VALUE_OK, "2024-12-13");
	date_is("12/12/2024", VALUE_OK, "2024-12-12");
	date_is("31/12/2024", VALUE_OK, "2024-12-31");
	date_is("32/12/2024", VALUE_RANGE, "");
	date_is("13/13/2024", VALUE_RANGE, "");
	date_is("1/2/2024", VALUE_AMBIGUOUS, "");
	/* Excel serials at the year's edges (1900 date system). */
	date_is("366", VALUE_OK, "1900-12-31");
	date_is("367", VALUE_OK, "1901-01-01");
	date_is("36526", VALUE_OK, "2000-01-01");
	date_is("45351", VALUE_OK, "2024-02-29");
	date_is("45352", VALUE_OK, "2024-03-01");
}

static void
test_datetimes(void **state)
{
	struct datetime dt;
	const char *why;
	char buf[32];

	(void)state;
	/* The straight-line ISO reader must refuse what the full one does. */
	assert_int_not_equal(datetime_parse("2024-02-30", 10, &dt, &why), VALUE_OK);
	assert_int_not_equal(datetime_parse("2024-1a-03", 10, &dt, &why), VALUE_OK);
	assert_int_not_equal(datetime_parse("2024-10-04 24:00:00", 19, &dt, &why), VALUE_OK);
	assert_int_equal(datetime_parse("2024-10-04 08:26:00", 19, &dt, &why), VALUE_OK);
	assert_true(dt.has_time && dt.hour == 8 && dt.min == 26 && dt.sec == 0);
	assert_int_equal(datetime_parse("2010-12-01 08:26:00", 19, &dt, &why), VALUE_OK);
	datetime_format(&dt, buf);
	assert_string_equal(buf, "2010-12-01T08:26:00");
	assert_int_equal(datetime_parse("2024-10-04T08:26", 16, &dt, &why), VALUE_OK);
	datetime_format(&dt, buf);
	assert_string_equal(buf, "2024-10-04T08:26:00");
	assert_int_equal(datetime_parse("2024/10/4 8:26:05", 17, &dt, &why), VALUE_OK);
	assert_int_equal(dt.hour, 8);
	assert_int_equal(dt.sec, 5);
	assert_int_equal(datetime_parse("45569.5", 7, &dt, &why), VALUE_OK);
	datetime_format(&dt, buf);
	assert_string_equal(buf, "2024-10-04T12:00:00");
	assert_int_equal(datetime_parse("2024-10-04T08:26:00Z", 20, &dt, &why), VALUE_OK);
	assert_int_equal(datetime_parse("2024-10-04T08:26:00+08:00", 25, &dt, &why), VALUE_OK);
	assert_int_equal(datetime_parse("2024-10-04", 10, &dt, &why), VALUE_OK);
	assert_false(dt.has_time);
	datetime_format(&dt, buf);
	assert_string_equal(buf, "2024-10-04");
	assert_int_equal(datetime_parse("2024-10-04 25:00", 16, &dt, &why), VALUE_RANGE);
	assert_int_equal(datetime_parse("2024-10-04 8", 12, &dt, &why), VALUE_INVALID);
}

static void
test_days_roundtrip(void **state)
{
	struct date d;
	int32_t n;

	(void)state;
	d = (struct date){1970, 1, 1};
	assert_int_equal(date_to_days(d), 0);
	d = (struct date){2024, 10, 4};
	assert_int_equal(date_to_days(d), 20000);
	d = (struct date){1969, 12, 31};
	assert_int_equal(date_to_days(d), -1);
	/* Past 9999 (a date computed, never read) is still written whole. */
	{
		char buf[32];
		date_format(date_from_days(2932897), buf);
		assert_string_equal(buf, "10000-01-01");
	}
	for (n = -354285; n <= 2932896; n += 997) {  /* 1000-01-01 .. 9999-12-31 */
		d = date_from_days(n);
		assert_true(date_valid(d));
		assert_int_equal(date_to_days(d), n);
	}
}

static void
phone_is(const char *s, int want_rc, const char *want)
{
	char out[64];
	const char *why = NULL;
	int rc = phone_normalize(s, strlen(s), out, &why);

	if (rc != want_rc)
		fail_msg("phone_normalize(\"%s\") = %d (%s), want %d", s, rc, why ? why : "", want_rc);
	if (rc == VALUE_OK && strcmp(out, want) != 0)
		fail_msg("phone_normalize(\"%s\") = %s, want %s", s, out, want);
}

static void
test_phones(void **state)
{
	(void)state;
	phone_is("+86 138 1234 5678", VALUE_OK, "13812345678");
	/* 00 before a country code, never before more zeros (a placeholder) */
	phone_is("0044 7700 900123", VALUE_OK, "+447700900123");
	phone_is("00000000000", VALUE_OK, "00000000000");
	phone_is("138-1234-5678", VALUE_OK, "13812345678");
	phone_is("０08６１３８１２３４５６７８", VALUE_OK, "13812345678");
	phone_is("００８６１３８１２３４５６７８", VALUE_OK, "13812345678");
	phone_is("8613812345678", VALUE_OK, "13812345678");
	phone_is("+8613812345678", VALUE_OK, "13812345678");
	phone_is("(010) 6552-1234", VALUE_OK, "01065521234");
	phone_is("+44 20 7946 0958", VALUE_OK, "+442079460958");
	phone_is("0044 20 7946 0958", VALUE_OK, "+442079460958");
	phone_is("1234567", VALUE_OK, "1234567");
	phone_is("12345", VALUE_INVALID, "");
	phone_is("1234567890123456", VALUE_INVALID, "");
	phone_is("abc", VALUE_INVALID, "");
	phone_is("138 1234 5678 转 12", VALUE_INVALID, "");
	phone_is("1+38", VALUE_INVALID, "");
	phone_is("", VALUE_EMPTY, "");
	assert_int_equal(phone_normalize("13812345678", 11, NULL, &(const char *){NULL}), VALUE_OK);
}

static void
email_is(const char *s, int want_rc, const char *want)
{
	char out[128];
	const char *why = NULL;
	int rc = email_normalize(s, strlen(s), out, &why);

	if (rc != want_rc)
		fail_msg("email_normalize(\"%s\") = %d (%s), want %d", s, rc, why ? why : "", want_rc);
	if (rc == VALUE_OK && strcmp(out, want) != 0)
		fail_msg("email_normalize(\"%s\") = %s, want %s", s, out, want);
}

static void
test_emails(void **state)
{
	(void)state;
	email_is("  Foo.Bar@Example.COM ", VALUE_OK, "foo.bar@example.com");
	email_is("foo＠example.com", VALUE_OK, "foo@example.com");
	email_is("a+tag@mail.example.co.uk", VALUE_OK, "a+tag@mail.example.co.uk");
	email_is("foo@", VALUE_INVALID, "");
	email_is("foo@bar", VALUE_INVALID, "");
	email_is("a b@c.com", VALUE_INVALID, "");
	email_is("a@@b.com", VALUE_INVALID, "");
	email_is("@b.com", VALUE_INVALID, "");
	email_is("a.@b.com", VALUE_INVALID, "");
	email_is("a@-b.com", VALUE_INVALID, "");
	email_is("a@b..com", VALUE_INVALID, "");
	email_is("张三@qq.com", VALUE_INVALID, "");
	email_is("", VALUE_EMPTY, "");
}

static void
test_numbers(void **state)
{
	int64_t i;
	double d;
	bool b;
	const char *why;

	(void)state;
	assert_int_equal(integer_parse("42", 2, &i, &why), VALUE_OK);
	assert_int_equal(i, 42);
	assert_int_equal(integer_parse(" -7 ", 4, &i, &why), VALUE_OK);
	assert_int_equal(i, -7);
	assert_int_equal(integer_parse("９", 3, &i, &why), VALUE_OK);
	assert_int_equal(i, 9);
	assert_int_equal(integer_parse("-9223372036854775808", 20, &i, &why), VALUE_OK);
	assert_int_equal(i, INT64_MIN);
	assert_int_equal(integer_parse("9223372036854775808", 19, &i, &why), VALUE_RANGE);
	assert_int_equal(integer_parse("4.0", 3, &i, &why), VALUE_INVALID);
	assert_int_equal(integer_parse("-", 1, &i, &why), VALUE_INVALID);
	assert_int_equal(number_parse("5.5", 3, &d, &why), VALUE_OK);
	assert_true(d == 5.5);
	assert_int_equal(number_parse("1e3", 3, &d, &why), VALUE_OK);
	assert_true(d == 1000);
	assert_int_equal(number_parse("0x10", 4, &d, &why), VALUE_INVALID);
	assert_int_equal(number_parse("inf", 3, &d, &why), VALUE_INVALID);
	assert_int_equal(number_parse("1e", 2, &d, &why), VALUE_INVALID);
	assert_int_equal(boolean_parse("Yes", 3, &b, &why), VALUE_OK);
	assert_true(b);
	assert_int_equal(boolean_parse("否", strlen("否"), &b, &why), VALUE_OK);
	assert_false(b);
	assert_int_equal(boolean_parse("maybe", 5, &b, &why), VALUE_INVALID);
}

static void
key_is(const char *a, const char *want)
{
	struct strbuf sb = STRBUF_INIT;

	assert_int_equal(text_key(a, strlen(a), &sb), VALUE_OK);
	assert_string_equal(sb_str(&sb), want);
	sb_free(&sb);
}

static void
test_text(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n;
	const char *t;

	(void)state;
	key_is("  张 三 ", "张 三");
	key_is("张\xE3\x80\x80三", "张 三");
	key_is("ＡＢＣ", "abc");
	key_is("Straße", "strasse");
	key_is("王芳", "王芳");
	assert_int_equal(text_key("\xFF", 1, &sb), VALUE_INVALID);
	assert_int_equal(fold_fullwidth("１３８，ＡＢ　x", strlen("１３８，ＡＢ　x"), &sb), 7);
	assert_string_equal(sb.s, "138,AB x");
	sb_free(&sb);
	t = trim_space("\xE3\x80\x80 ab \t", 8, &n);
	assert_int_equal(n, 2);
	assert_memory_equal(t, "ab", 2);
	assert_true(is_placeholder("", 0));
	assert_true(is_placeholder(" N/A ", 5));
	assert_true(is_placeholder("00000000000", 11));
	assert_true(is_placeholder("1111111", 7));
	assert_true(is_placeholder("无", strlen("无")));
	assert_true(is_placeholder("暂无", strlen("暂无")));
	assert_false(is_placeholder("13812345678", 11));
	assert_false(is_placeholder("111", 3));
	assert_true(is_placeholder("+8600000000000", 14));
	assert_true(is_placeholder("+100000", 7));
	assert_false(is_placeholder("+8613812345678", 14));
	assert_false(is_placeholder("+86000", 6));
	assert_false(is_placeholder("+", 1));
	assert_false(is_placeholder("张三", strlen("张三")));
}

static void
test_utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("plain ascii text, long enough", 29));
	assert_true(utf8_valid("张三 é 😀", strlen("张三 é 😀")));
	assert_false(utf8_valid("\xC0\xAF", 2));          /* overlong */
	assert_false(utf8_valid("\xED\xA0\x80", 3));      /* surrogate */
	assert_false(utf8_valid("\xF4\x90\x80\x80", 4));  /* > U+10FFFF */
	assert_false(utf8_valid("ab\xE5\xBC", 4));        /* cut short */
	assert_false(utf8_valid("\xD5\xC5\xCE\xB0", 4));  /* GBK 张伟 */
	/* Runs of CJK, and a bad byte right after one. */
	assert_true(utf8_valid("已付款,母婴,张三丰", strlen("已付款,母婴,张三丰")));
	assert_false(utf8_valid("已付款\xE5\xBC", strlen("已付款") + 2));
	assert_false(utf8_valid("已付款\xED\xA0\x80", strlen("已付款") + 3));
	assert_false(utf8_valid("已付款\xE0\x80\x80", strlen("已付款") + 3));
	assert_false(utf8_valid("已\xE5\x28\x80付款", strlen("已付款") + 3));
	assert_int_equal(display_width("abc", 3), 3);
	assert_int_equal(display_width("张三", strlen("张三")), 4);
	assert_int_equal(display_width("ＡＢ", strlen("ＡＢ")), 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_compare),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_datetimes),
		cmocka_unit_test(test_days_roundtrip),
		cmocka_unit_test(test_phones),
		cmocka_unit_test(test_emails),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
