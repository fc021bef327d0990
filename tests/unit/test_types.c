/* Unit tests for types.c: what the Table Schema spec says each type is,
 * and that keys compare values, not spellings. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "pattern.h"
#include "types.h"
#include "value.h"

static int
read_as(struct tspec *sp, const char *s, bool fix, struct strbuf *key, struct strbuf *fixed, int64_t *ord)
{
	const char *why;

	return type_read(sp, s, strlen(s), fix, key, fixed, ord, &why);
}

static bool
ok(enum ftype t, enum fformat f, const char *s)
{
	struct tspec sp = {.type = t, .format = f, .bare_number = true};
	int64_t ord;

	return read_as(&sp, s, false, NULL, NULL, &ord) == VALUE_OK;
}

static void
test_lexical_forms(void **state)
{
	(void)state;
	assert_true(ok(FT_INTEGER, FF_DEFAULT, "-0012"));
	assert_false(ok(FT_INTEGER, FF_DEFAULT, "1.0"));
	assert_true(ok(FT_NUMBER, FF_DEFAULT, "-1.5e-3"));
	assert_true(ok(FT_NUMBER, FF_DEFAULT, "NaN"));
	assert_true(ok(FT_NUMBER, FF_DEFAULT, "-INF"));
	assert_false(ok(FT_NUMBER, FF_DEFAULT, "1,000"));
	assert_true(ok(FT_BOOLEAN, FF_DEFAULT, "TRUE"));
	assert_false(ok(FT_BOOLEAN, FF_DEFAULT, "yes"));
	assert_true(ok(FT_DATE, FF_DEFAULT, "2024-02-29"));
	assert_false(ok(FT_DATE, FF_DEFAULT, "2023-02-29"));
	assert_false(ok(FT_DATE, FF_DEFAULT, "2024/10/4"));
	assert_true(ok(FT_DATE, FF_ANY, "2024/10/4"));
	assert_true(ok(FT_DATE, FF_ANY, "2024年10月4日"));
	assert_true(ok(FT_DATE, FF_ANY, "10th Jan 1969"));
	assert_true(ok(FT_TIME, FF_DEFAULT, "23:59:59.5+08:00"));
	assert_false(ok(FT_TIME, FF_DEFAULT, "24:00:00"));
	assert_true(ok(FT_TIME, FF_ANY, "3:00 pm"));
	assert_true(ok(FT_DATETIME, FF_DEFAULT, "2014-01-01T06:00:00-05:30"));
	assert_false(ok(FT_DATETIME, FF_DEFAULT, "2014-01-01 06:00:00"));
	assert_true(ok(FT_YEARMONTH, FF_DEFAULT, "2024-12"));
	assert_false(ok(FT_YEARMONTH, FF_DEFAULT, "2024-00"));
	assert_true(ok(FT_DURATION, FF_DEFAULT, "P1Y2M3DT4H5M6.5S"));
	assert_true(ok(FT_DURATION, FF_DEFAULT, "PT36H"));
	assert_true(ok(FT_DURATION, FF_DEFAULT, "P2W"));
	assert_false(ok(FT_DURATION, FF_DEFAULT, "P"));
	assert_false(ok(FT_DURATION, FF_DEFAULT, "P1DT"));
	assert_false(ok(FT_DURATION, FF_DEFAULT, "P1.5D"));
	assert_true(ok(FT_GEOPOINT, FF_DEFAULT, "-180, 90"));
	assert_false(ok(FT_GEOPOINT, FF_DEFAULT, "-180.0001, 0"));
	assert_true(ok(FT_GEOPOINT, FF_ARRAY, "[1.5, -2]"));
	assert_true(ok(FT_GEOJSON, FF_DEFAULT, "{\"type\": \"Point\", \"coordinates\": [1, 2]}"));
	assert_false(ok(FT_GEOJSON, FF_DEFAULT, "{\"type\": \"Point\", \"coordinates\": [1]}"));
	assert_true(ok(FT_STRING, FF_UUID, "123e4567-e89b-12d3-a456-426614174000"));
	assert_false(ok(FT_STRING, FF_UUID, "123e4567e89b12d3a456426614174000"));
	assert_true(ok(FT_STRING, FF_BINARY, "dGVzdA=="));
	assert_false(ok(FT_STRING, FF_URI, "://x"));
}

/* Equal values have equal keys, and keys order as the values do. */
static void
test_keys_compare_values(void **state)
{
	struct tspec num = {.type = FT_NUMBER, .bare_number = true};
	struct tspec dt = {.type = FT_DATETIME, .bare_number = true};
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	int64_t oa, ob;

	(void)state;
	assert_int_equal(read_as(&num, "1.50", false, &a, NULL, &oa), VALUE_OK);
	assert_int_equal(read_as(&num, "0001.5e0", false, &b, NULL, &ob), VALUE_OK);
	assert_string_equal(a.s, b.s);
	read_as(&num, "99999999999999999999", false, &a, NULL, &oa);
	read_as(&num, "100000000000000000000", false, &b, NULL, &ob);
	assert_int_equal(type_compare(FT_NUMBER, a.s, 0, b.s, 0), -1);
	read_as(&num, "-0.001", false, &a, NULL, &oa);
	read_as(&num, "-0.01", false, &b, NULL, &ob);
	assert_int_equal(type_compare(FT_NUMBER, a.s, 0, b.s, 0), 1);
	read_as(&num, "NaN", false, &a, NULL, &oa);
	assert_int_equal(type_compare(FT_NUMBER, a.s, 0, b.s, 0), 2);
	read_as(&num, "-0", false, &a, NULL, &oa);
	read_as(&num, "0.000", false, &b, NULL, &ob);
	assert_string_equal(a.s, b.s);
	/* One instant, two spellings; --fix keeps the offset. */
	read_as(&dt, "2014-01-01T06:00:00+01:00", true, &a, &b, &oa);
	assert_string_equal(b.s, "2014-01-01T06:00:00+01:00");
	read_as(&dt, "2014-01-01T05:00:00Z", false, NULL, NULL, &ob);
	assert_int_equal(oa, ob);
	sb_free(&a);
	sb_free(&b);
}

static void
test_strptime_patterns(void **state)
{
	struct tspec sp = {.type = FT_DATE, .format = FF_PATTERN, .pattern = "%d/%m/%y"};
	const char *bad;
	int64_t ord, want;

	(void)state;
	assert_int_equal(read_as(&sp, "21/11/06", false, NULL, NULL, &ord), VALUE_OK);
	want = date_to_days((struct date){2006, 11, 21});
	assert_int_equal(ord, want);
	assert_int_not_equal(read_as(&sp, "21/11/06 16:30", false, NULL, NULL, &ord), VALUE_OK);
	sp.pattern = "%B %d, %Y %I:%M %p";
	sp.type = FT_DATETIME;
	assert_int_equal(read_as(&sp, "January 5, 2024 12:30 am", false, NULL, NULL, &ord), VALUE_OK);
	assert_int_equal(type_pattern_check("%Y-%q", &bad), -1);
	assert_string_equal(bad, "%q");
}

static void
test_xsd_regex(void **state)
{
	char buf[128];
	const char *why;
	struct xsd_regex *re = xsd_regex_compile("\\p{Lu}\\d+", buf, sizeof(buf), &why);

	(void)state;
	assert_non_null(re);
	assert_true(xsd_regex_match(re, "Ä12", strlen("Ä12")));
	assert_false(xsd_regex_match(re, "ä12", strlen("ä12")));
	assert_false(xsd_regex_match(re, "A12x", 4));
	assert_false(xsd_regex_match(re, "\xff\xfe", 2));    /* invalid UTF-8 fails, never crashes */
	xsd_regex_free(re);
	re = xsd_regex_compile("$a^", buf, sizeof(buf), &why);
	assert_true(xsd_regex_match(re, "$a^", 3));
	xsd_regex_free(re);
	assert_null(xsd_regex_compile("[a-z-[aeiou]]", buf, sizeof(buf), &why));
	assert_null(xsd_regex_compile("a*?", buf, sizeof(buf), &why));
}

/* The reader type_reader_of chooses for a column answers as type_read
 * does: status, reason, key, fixed form and order. */
static void
test_reader_of(void **state)
{
	static const struct tspec specs[] = {
		{.type = FT_MONEY}, {.type = FT_PHONE}, {.type = FT_PHONE, .format = FF_CN_MOBILE},
		{.type = FT_STRING, .format = FF_EMAIL}, {.type = FT_DATE}, {.type = FT_DATE, .format = FF_ANY},
		{.type = FT_TIME}, {.type = FT_TIME, .format = FF_ANY}, {.type = FT_DATETIME},
		{.type = FT_DATETIME, .format = FF_ANY, .date_alone = true}, {.type = FT_INTEGER, .bare_number = true},
		{.type = FT_STRING},
	};
	static const char *const values[] = {
		"1,234.50", "\xc2\xa3" "6,765.83", "1.005", "+86 138 1234 5678", "13812345678", "00000000000",
		"A.B@Example.COM", "x@y", "2024-02-29", "2023-02-29", "2024/10/4", "45569",
		"2024\xe5\xb9\xb4" "10\xe6\x9c\x88" "4\xe6\x97\xa5", "23:59:59", "3:00 pm", "24:00:00",
		"2014-01-01T06:00:00+01:00", "2014-01-01 06:00:00", "10th Jan 1969", "abc", "12",
	};
	struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT, fa = STRBUF_INIT, fb = STRBUF_INIT;
	size_t i, j;
	int fix;

	(void)state;
	for (i = 0; i < sizeof(specs) / sizeof(*specs); i++)
		for (j = 0; j < sizeof(values) / sizeof(*values); j++)
			for (fix = 0; fix < 2; fix++) {
				type_reader read = type_reader_of(&specs[i]);
				const char *wa = "", *wb = "", *v = values[j];
				int64_t oa = -1, ob = -2;
				int ra = read(&specs[i], v, strlen(v), fix, &ka, &fa, &oa, &wa);
				int rb = type_read(&specs[i], v, strlen(v), fix, &kb, &fb, &ob, &wb);
				if (ra != rb || oa != ob || (wa == NULL) != (wb == NULL) || (wa && strcmp(wa, wb) != 0) ||
				    (ra == VALUE_OK && (strcmp(sb_str(&ka), sb_str(&kb)) != 0 ||
				    strcmp(sb_str(&fa), sb_str(&fb)) != 0)))
					fail_msg("type %d format %d \"%s\"%s: reader %d %s, type_read %d %s", specs[i].type,
					    specs[i].format, v, fix ? " (fix)" : "", ra, wa ? wa : "-", rb, wb ? wb : "-");
			}
	sb_free(&ka);
	sb_free(&kb);
	sb_free(&fa);
	sb_free(&fb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lexical_forms),
		cmocka_unit_test(test_keys_compare_values),
		cmocka_unit_test(test_strptime_patterns),
		cmocka_unit_test(test_xsd_regex),
		cmocka_unit_test(test_reader_of),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
