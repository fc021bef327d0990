/* Unit tests for jsonfile.c: the messages every configuration loader
 * gives, and the unknown-key check they share. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jsonfile.h"
#include "testutil.h"

static void
test_syntax_error_names_line(void **state)
{
	static const char text[] = "{\"a\": 1,\n \"a\": 2}";
	char *path = tmpfile_with(text, sizeof(text) - 1);
	struct cust_err err;
	char want[256];

	(void)state;
	assert_null(json_load_config(path, &err));
	assert_int_equal(err.status, CUST_USAGE);
	snprintf(want, sizeof(want), "%s:2:", path);
	assert_memory_equal(err.msg, want, strlen(want));
	assert_non_null(strstr(err.msg, "duplicate object key"));
	unlink(path);
	free(path);
}

static void
test_bad_names_place(void **state)
{
	struct cust_err err;
	struct jsonfile jf = {"spec.json", &err};

	(void)state;
	assert_int_equal(jf_bad(&jf, "dimensions[1].cuts", "expected %d numbers", 3), -1);
	assert_int_equal(err.status, CUST_USAGE);
	assert_string_equal(err.msg, "spec.json: dimensions[1].cuts: expected 3 numbers");
}

static void
test_only_keys(void **state)
{
	static const char *const keys[] = {"name", "cuts", NULL};
	struct cust_err err;
	struct jsonfile jf = {"spec.json", &err};
	json_t *ok = json_pack("{s:s, s:[i]}", "name", "x", "cuts", 1);
	json_t *typo = json_pack("{s:s, s:[i]}", "name", "x", "cust", 1);

	(void)state;
	assert_true(jf_only_keys(&jf, ok, "dimensions[0]", keys));
	assert_false(jf_only_keys(&jf, typo, "dimensions[0]", keys));
	assert_string_equal(err.msg, "spec.json: dimensions[0]: unknown key 'cust'");
	json_decref(ok);
	json_decref(typo);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_syntax_error_names_line),
		cmocka_unit_test(test_bad_names_place),
		cmocka_unit_test(test_only_keys),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
