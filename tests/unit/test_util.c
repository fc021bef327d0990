/* Unit tests for util.c: string buffers, file name extensions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "util.h"

/* sb_addf formats once into the room a buffer has, and again into a
 * grown one when that is too small: the text is the same either way. */
static void
test_addf(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char want[600];
	size_t i, cap;

	(void)state;
	sb_addf(&sb, "%s=%d", "x", 42);           /* no buffer yet */
	assert_string_equal(sb.s, "x=42");
	assert_int_equal(sb.len, 4);
	sb_addf(&sb, "; %s", "y");                /* fits */
	assert_string_equal(sb.s, "x=42; y");
	memset(want, 'z', 200);
	want[200] = '\0';
	sb_addf(&sb, "%s", want);                 /* does not fit: grown */
	assert_int_equal(sb.len, 207);
	assert_memory_equal(sb.s + 7, want, 201);
	sb_reset(&sb);
	/* Exactly the room there is, and one more. */
	cap = sb.cap;
	assert_true(cap < sizeof(want));
	for (i = cap - 3; i <= cap; i++) {
		sb_reset(&sb);
		memset(want, 'a' + (int)(i % 26), i);
		want[i] = '\0';
		sb_addf(&sb, "%s", want);
		assert_int_equal(sb.len, i);
		assert_string_equal(sb.s, want);
	}
	sb_reset(&sb);
	sb_addf(&sb, "%s", "");
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb_str(&sb), "");
	sb_free(&sb);
}

/* What -o's name says: an extension is a word after the last dot of
 * the last component; a date or a version after a dot is none. */
static void
test_path_extension(void **state)
{
	(void)state;
	assert_string_equal(path_extension("report.pdf"), ".pdf");
	assert_string_equal(path_extension("out/Report.XLSX"), ".XLSX");
	assert_string_equal(path_extension("a.b/c.tar.gz"), ".gz");
	assert_string_equal(path_extension("x.mp3"), ".mp3");
	assert_null(path_extension(NULL));
	assert_null(path_extension("out"));
	assert_null(path_extension("-"));
	assert_null(path_extension("/dev/stdout"));
	assert_null(path_extension("a.b/out"));
	assert_null(path_extension(".profile"));
	assert_null(path_extension("dir/.hidden"));
	assert_null(path_extension("customers.2024-10-01"));
	assert_null(path_extension("run.1"));
	assert_null(path_extension("trailing."));
	assert_null(path_extension("long.abcdefghi"));
	assert_null(path_extension("报表.中文"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addf),
		cmocka_unit_test(test_path_extension),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
