/* Unit tests for compare.c: UTF-8 decoding, Jaro-Winkler, edit distance. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "compare.h"

static double
jw(const char *a, const char *b)
{
	uint32_t x[COMPARE_MAX], y[COMPARE_MAX];
	size_t nx = utf8_decode(a, strlen(a), x, COMPARE_MAX), ny = utf8_decode(b, strlen(b), y, COMPARE_MAX);

	return jaro_winkler(x, nx, y, ny);
}

static size_t
ed(const char *a, const char *b, size_t max)
{
	uint32_t x[COMPARE_MAX], y[COMPARE_MAX];
	size_t nx = utf8_decode(a, strlen(a), x, COMPARE_MAX), ny = utf8_decode(b, strlen(b), y, COMPARE_MAX);

	return edit_distance(x, nx, y, ny, max);
}

static void
test_decode(void **state)
{
	uint32_t c[8];

	(void)state;
	assert_int_equal(utf8_decode("张三a", strlen("张三a"), c, 8), 3);
	assert_int_equal(c[0], 0x5F20);
	assert_int_equal(c[1], 0x4E09);
	assert_int_equal(c[2], 'a');
	assert_int_equal(utf8_decode("\xE5\xBC", 2, c, 8), 2);     /* cut short */
	assert_int_equal(c[0], 0xFFFD);
	assert_int_equal(utf8_decode("abcdef", 6, c, 4), 4);
}

static void
test_jaro_winkler(void **state)
{
	(void)state;
	/* The textbook values (Winkler 1990). */
	assert_true(jw("MARTHA", "MARHTA") > 0.9610 && jw("MARTHA", "MARHTA") < 0.9612);
	assert_true(jw("DWAYNE", "DUANE") > 0.8399 && jw("DWAYNE", "DUANE") < 0.8401);
	assert_true(jw("DIXON", "DICKSONX") > 0.8132 && jw("DIXON", "DICKSONX") < 0.8134);
	assert_true(jw("same", "same") == 1.0);
	assert_true(jw("", "") == 1.0);
	assert_true(jw("abc", "") == 0.0);
	assert_true(jw("abc", "xyz") == 0.0);
	/* Chinese names compare by character: one of three differs. */
	assert_true(jw("张伟明", "张伟民") > 0.8);
	assert_true(jw("张伟明", "李建国") == 0.0);
}

static void
test_edit_distance(void **state)
{
	(void)state;
	assert_int_equal(ed("kitten", "sitting", 5), 3);
	assert_int_equal(ed("kitten", "sitting", 2), 3);      /* over the bound: max + 1 */
	assert_int_equal(ed("19850304", "19850340", 2), 2);
	assert_int_equal(ed("张三", "张山", 2), 1);
	assert_int_equal(ed("", "abc", 5), 3);
	assert_int_equal(ed("abc", "abc", 0), 0);
	assert_int_equal(ed("abcdefgh", "ab", 2), 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode),
		cmocka_unit_test(test_jaro_winkler),
		cmocka_unit_test(test_edit_distance),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
