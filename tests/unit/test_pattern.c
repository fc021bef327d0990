/* Unit tests for pattern.c: the simple matcher must agree with glibc's
 * regex on every pattern it accepts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pattern.h"

static const char *const patterns[] = {
	"C[0-9]{3}", "C[0-9]{8}", "[A-Z]{2}[0-9]+", "1[3-9][0-9]{9}", "a*b", "a+b?c*", "x.y",
	"[^0-9]+", "[a-z_]{2,4}", "ab{2,}c", "[-a]b", "[a-]{1,3}", "\\.[0-9]", "a{0,2}a{2}",
	"[0-9]*[0-9]{2}", ".*", ".+z",
};
static const char *const values[] = {
	"", "C", "C001", "C0001", "C00000001", "AB1", "AB", "ab12", "13812345678", "12812345678",
	"b", "aab", "abccc", "x-y", "xy", "abc", "ab_", "abbc", "abbbbc", "ac", "-b", "--a",
	".5", "a5", "aa", "aaa", "aaaa", "123", "1", "zz", "z",
};

static const char *const refused[] = {
	"(ab)+", "a|b", "^a", "a$", "a++", "a{2}{3}", "[a", "a{3,2}", "张三", "*a", "a{x}",
};

static void
test_agrees_with_regex(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(patterns) / sizeof(*patterns); i++) {
		struct simple_pattern *sp = simple_pattern_compile(patterns[i]);
		char ere[128];
		regex_t re;

		if (sp == NULL)
			fail_msg("'%s' should be simple", patterns[i]);
		/* Our \d etc. are plain bracket sets here, so the ERE is the same. */
		snprintf(ere, sizeof(ere), "^(%s)$", patterns[i]);
		assert_int_equal(regcomp(&re, ere, REG_EXTENDED | REG_NOSUB), 0);
		for (j = 0; j < sizeof(values) / sizeof(*values); j++) {
			bool want = regexec(&re, values[j], 0, NULL, 0) == 0;
			bool got = simple_pattern_match(sp, values[j], strlen(values[j]));
			if (want != got)
				fail_msg("'%s' on \"%s\": regex %d, simple %d", patterns[i], values[j], want, got);
		}
		regfree(&re);
		simple_pattern_free(sp);
	}
}

static void
test_shorthand_classes(void **state)
{
	struct simple_pattern *sp = simple_pattern_compile("C\\d{3}-\\w+\\s?\\D");

	(void)state;
	assert_non_null(sp);
	assert_true(simple_pattern_match(sp, "C123-ab_9 x", 11));
	assert_true(simple_pattern_match(sp, "C123-ab_9x", 10));
	assert_false(simple_pattern_match(sp, "C12-ab_9x", 9));
	assert_false(simple_pattern_match(sp, "C123-ab_9 5", 11));
	simple_pattern_free(sp);
}

static void
test_refused(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		if (simple_pattern_compile(refused[i]) != NULL)
			fail_msg("'%s' should go to the regex engine", refused[i]);
}

static void
test_long_values_are_linear(void **state)
{
	struct simple_pattern *sp = simple_pattern_compile(".*a.*b.*c");
	size_t n = 1 << 20;
	char *s = malloc(n);

	(void)state;
	memset(s, 'x', n);
	s[10] = 'a';
	s[n / 2] = 'b';
	s[n - 1] = 'c';
	assert_true(simple_pattern_match(sp, s, n));
	s[n - 1] = 'x';
	assert_false(simple_pattern_match(sp, s, n));
	free(s);
	simple_pattern_free(sp);
}

/* A fixed-length pattern reads an ASCII value in one pass; anything else
 * is the regex engine's, whose characters are not bytes. */
static void
test_fixed_and_not_ascii(void **state)
{
	static const struct {
		const char *pattern, *value;
		bool match;
	} cases[] = {
		{"C\\d{8}", "C00000001", true}, {"C\\d{8}", "C0000000x", false},
		{"C\\d{8}", "C0000001", false}, {"C\\d{8}", "C000000012", false},
		{"C\\d{8}", "x00000001", false}, {"C\\d{8}", "\xef\xbc\xa3" "0000001", false},
		{"C\\d{8}", "C000000\xef\xbc\x91", false}, {"C\\d{8}", "", false},
		{".{3}", "abc", true}, {".{3}", "\xe5\xbc\xa0" "ab", true}, {".{3}", "ab\xe5\xbc\xa0", true},
		{".{3}", "a\xe5\xbc\xa0", false}, {".{6}", "\xe5\xbc\xa0\xe4\xb8\x89", false},
		{"\\D{2}", "\xe5\xbc\xa0\xe4\xb8\x89", true}, {"\\D{2}", "ab", true}, {"\\D{2}", "a1", false},
		{"\\D{2}", "a\xe5\xbc\xa0", true}, {"\\D{2}", "1\xe5\xbc\xa0", false},
		{"[^0-9]{3}", "a\xe5\xbc\xa0" "b", true}, {"\\d\\D{3}", "x\xe5\xbc\xa0", false},
		{"\\d.{3}", "1\xe5\xbc\xa0", false}, {"\\d.{3}", "1ab\xe5\xbc\xa0", true},
		{"\\d.{2}", "1a\xe5\xbc\xa0", true}, {"[A-Z]{2}\\d{3}", "AB123", true}, {"[A-Z]{2}\\d{3}", "Ab123", false},
	};
	char buf[256];
	const char *why;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct xsd_regex *re = xsd_regex_compile(cases[i].pattern, buf, sizeof(buf), &why);
		assert_non_null(re);
		if (xsd_regex_match(re, cases[i].value, strlen(cases[i].value)) != cases[i].match)
			fail_msg("'%s' on \"%s\": want %d", cases[i].pattern, cases[i].value, cases[i].match);
		xsd_regex_free(re);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agrees_with_regex),
		cmocka_unit_test(test_shorthand_classes),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_long_values_are_linear),
		cmocka_unit_test(test_fixed_and_not_ascii),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
