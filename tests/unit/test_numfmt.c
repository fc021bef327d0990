/* Unit tests for numfmt.c: which number formats show dates, and date
 * serials as ISO 8601 in both date systems. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "numfmt.h"
#include "workbook.h"

static void
kind_is(const char *code, enum numfmt_kind want, int decimals)
{
	struct numfmt f = numfmt_classify(code);

	if (f.kind != want || f.decimals != decimals)
		fail_msg("numfmt_classify(%s) = kind %d, %d decimals; want kind %d, %d", code, f.kind,
		    f.decimals, want, decimals);
}

/* y, m, d, h, s outside quotes, escapes and [brackets]; m with h or s is
 * minutes; AM/PM is a time; fixed decimals are counted. */
static void
test_classify(void **state)
{
	(void)state;
	kind_is("General", NF_NUMBER, -1);
	kind_is("0.00", NF_NUMBER, 2);
	kind_is("#,##0.00\"元\"", NF_NUMBER, 2);
	kind_is("[Red]0.0;[Blue]\\-0.0", NF_NUMBER, 1);
	kind_is("0.00%", NF_NUMBER, -1);
	kind_is("0.00E+00", NF_NUMBER, -1);
	kind_is("#,##0", NF_NUMBER, -1);
	kind_is("@", NF_NUMBER, -1);
	kind_is("\"Date:\" 0", NF_NUMBER, -1);          /* the d is quoted text */
	kind_is("\\d\\a\\y 0", NF_NUMBER, -1);          /* escaped */
	kind_is("_(* #,##0.00_)", NF_NUMBER, 2);
	kind_is("yyyy-mm-dd", NF_DATE, -1);
	kind_is("yyyy\"年\"m\"月\"d\"日\"", NF_DATE, -1);
	kind_is("[$-804]yyyy/mm/dd\\ hh:mm", NF_DATETIME, -1);
	kind_is("mmm-yy", NF_DATE, -1);                 /* m alone: the month */
	kind_is("dd/mm/yyyy;@", NF_DATE, -1);
	kind_is("m/d/yy h:mm", NF_DATETIME, -1);
	kind_is("h:mm AM/PM", NF_TIME, -1);
	kind_is("mm:ss", NF_TIME, -1);                  /* m with s: minutes */
	kind_is("[h]:mm:ss", NF_TIME, -1);
	kind_is("[mm]:ss", NF_TIME, -1);
	kind_is("上午/下午h\"时\"mm\"分\"", NF_TIME, -1);
	kind_is("[Red]#,##0", NF_NUMBER, -1);           /* a colour has an e and a d */
	{
		/* A hostile format asking for 300 decimals: capped. */
		char code[400] = "0.";
		memset(code + 2, '0', 300);
		kind_is(code, NF_NUMBER, NUMFMT_MAX_DECIMALS);
	}
}

static void
test_builtin(void **state)
{
	int id;

	(void)state;
	for (id = 14; id <= 17; id++)
		assert_int_equal(numfmt_builtin(id).kind, NF_DATE);
	for (id = 18; id <= 21; id++)
		assert_int_equal(numfmt_builtin(id).kind, NF_TIME);
	assert_int_equal(numfmt_builtin(22).kind, NF_DATETIME);
	for (id = 45; id <= 47; id++)
		assert_int_equal(numfmt_builtin(id).kind, NF_TIME);
	/* The Chinese ids, which styles.xml need not define. */
	assert_int_equal(numfmt_builtin(31).kind, NF_DATE);
	assert_int_equal(numfmt_builtin(57).kind, NF_DATE);
	assert_int_equal(numfmt_builtin(32).kind, NF_TIME);
	assert_int_equal(numfmt_builtin(0).kind, NF_NUMBER);
	assert_int_equal(numfmt_builtin(2).decimals, 2);
	assert_int_equal(numfmt_builtin(4).decimals, 2);
	assert_int_equal(numfmt_builtin(10).decimals, -1);
	assert_int_equal(numfmt_builtin(163).kind, NF_NUMBER);
	assert_int_equal(numfmt_builtin(-1).kind, NF_NUMBER);
}

static void
iso_is(const char *serial, enum numfmt_kind kind, bool date1904, const char *want)
{
	char buf[SERIAL_ISO_MAX];
	const char *why = "";
	size_t n = serial_to_iso(serial, strlen(serial), kind, date1904, buf, &why);

	if (want == NULL) {
		if (n != 0)
			fail_msg("serial_to_iso(%s) = %.*s, want an error", serial, (int)n, buf);
		return;
	}
	if (n == 0)
		fail_msg("serial_to_iso(%s): %s, want %s", serial, why, want);
	if (n != strlen(want) || memcmp(buf, want, n) != 0)
		fail_msg("serial_to_iso(%s) = %.*s, want %s", serial, (int)n, buf, want);
}

static void
test_serials(void **state)
{
	(void)state;
	/* 1900: Excel's phantom 1900-02-29 is serial 60. */
	iso_is("1", NF_DATE, false, "1900-01-01");
	iso_is("59", NF_DATE, false, "1900-02-28");
	iso_is("60", NF_DATE, false, NULL);
	iso_is("61", NF_DATE, false, "1900-03-01");
	iso_is("45569", NF_DATE, false, "2024-10-04");
	iso_is("45569.99", NF_DATE, false, "2024-10-04");        /* the date shown */
	iso_is("45569.5", NF_DATETIME, false, "2024-10-04T12:00:00");
	iso_is("45569.999999", NF_DATETIME, false, "2024-10-05T00:00:00");   /* rounds to the second */
	iso_is("2958465", NF_DATE, false, "9999-12-31");
	iso_is("2958466", NF_DATE, false, NULL);
	iso_is("-1", NF_DATE, false, NULL);
	iso_is("0", NF_DATE, false, NULL);
	iso_is("0.25", NF_DATETIME, false, "06:00:00");
	iso_is("abc", NF_DATE, false, NULL);
	iso_is("4.5569E4", NF_DATE, false, "2024-10-04");
	/* 1904: serial 0 is 1904-01-01, no phantom day. */
	iso_is("0", NF_DATE, true, "1904-01-01");
	iso_is("60", NF_DATE, true, "1904-03-01");
	iso_is("44107", NF_DATE, true, "2024-10-04");
	iso_is("1.25", NF_DATETIME, true, "1904-01-02T06:00:00");
	/* Times and durations. */
	iso_is("0.75", NF_TIME, false, "18:00:00");
	iso_is("1.75", NF_TIME, false, "42:00:00");
	iso_is("0.000694444444444444", NF_TIME, false, "00:01:00");
}

static void
test_numbers(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(number_pad("1234.5", 6, 2, buf), 7);
	assert_string_equal(buf, "1234.50");
	number_pad("3", 1, 2, buf);
	assert_string_equal(buf, "3.00");
	number_pad("1.005", 5, 2, buf);
	assert_string_equal(buf, "1.005");                  /* never rounded */
	number_pad("1E-3", 4, 2, buf);
	assert_string_equal(buf, "1E-3");
	number_pad("12345678901234567890", 20, 0, buf);
	assert_string_equal(buf, "12345678901234567890");
	assert_true(number_text_valid("-1.5E+20", 8));
	assert_false(number_text_valid("1,5", 3));
	assert_false(number_text_valid(".", 1));
	assert_false(number_text_valid("1e", 2));
	number_shortest(0.1, buf);
	assert_string_equal(buf, "0.1");
	number_shortest(17850.0, buf);
	assert_string_equal(buf, "17850");
	number_shortest(1e20, buf);
	assert_string_equal(buf, "1e+20");
}

static void
test_workbook_helpers(void **state)
{
	char buf[8];
	char *names[] = {"隐藏", "客户名单", "Sheet3"};
	bool hidden[] = {true, false, false};

	(void)state;
	book_col_name(0, buf);
	assert_string_equal(buf, "A");
	book_col_name(25, buf);
	assert_string_equal(buf, "Z");
	book_col_name(26, buf);
	assert_string_equal(buf, "AA");
	book_col_name(16383, buf);
	assert_string_equal(buf, "XFD");
	assert_int_equal(book_pick_sheet(NULL, names, hidden, 3), 1);
	assert_int_equal(book_pick_sheet("sheet3", names, hidden, 3), 2);
	assert_int_equal(book_pick_sheet("1", names, hidden, 3), 0);
	assert_int_equal(book_pick_sheet("4", names, hidden, 3), -1);
	assert_int_equal(book_pick_sheet("客户名单", names, hidden, 3), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classify),
		cmocka_unit_test(test_builtin),
		cmocka_unit_test(test_serials),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_workbook_helpers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
