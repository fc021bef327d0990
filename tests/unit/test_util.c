/* Unit tests for util.c: string buffers. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_addf),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
