/* Unit tests for align.c: files whose headers differ read as one table,
 * columns matched by name, then by role, the rest added. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "align.h"
#include "testutil.h"

static char *paths[3];

static int
clean_up(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < 3; i++)
		if (paths[i]) {
			unlink(paths[i]);
			free(paths[i]);
			paths[i] = NULL;
		}
	return 0;
}

static char *
joined(const struct header *h)
{
	static char buf[512];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < h->n; i++) {
		strcat(buf, i ? "," : "");
		strcat(buf, h->names[i]);
	}
	return buf;
}

static char *
row(const struct record *rec)
{
	static char buf[512];
	size_t i;

	buf[0] = '\0';
	for (i = 0; i < rec->n; i++) {
		strcat(buf, i ? "," : "");
		strncat(buf, rec->field[i], rec->len[i]);
	}
	return buf;
}

/* Two files with these texts, opened as one table. */
static struct aligned *
open_two(const char *a, const char *b)
{
	struct reader_opts o = {0};
	struct cust_err err;
	struct aligned *al;

	paths[0] = tmpfile_with(a, strlen(a));
	paths[1] = tmpfile_with(b, strlen(b));
	al = aligned_open(paths, 2, &o, &err);
	assert_non_null(al);
	assert_int_equal(aligned_columns(al, NULL, 0, &err), 0);
	return al;
}

static void
test_union_by_name_then_role(void **state)
{
	struct aligned *al = open_two("会员编号,客户名称,联系电话,积分\nM1,张三,138,5\n",
	    "邮箱,手机,姓名,客户编号,积分\nx@y.z,139,李四,C2,7\n");
	struct cust_err err;
	struct record *rec;

	(void)state;
	assert_true(aligned_differ(al));
	assert_string_equal(joined(aligned_header(al)), "会员编号,客户名称,联系电话,积分,邮箱,source");
	assert_int_equal(aligned_roles(al)->col[ROLE_EMAIL], 4);
	assert_int_equal(aligned_next(al, &rec, &err), 1);
	assert_non_null(strstr(row(rec), "M1,张三,138,5,,/tmp/custkit-test-"));
	assert_int_equal(aligned_next(al, &rec, &err), 1);
	assert_non_null(strstr(row(rec), "C2,李四,139,7,x@y.z,/tmp/custkit-test-"));
	assert_int_equal(rec->line, 2);
	assert_int_equal(aligned_next(al, &rec, &err), 0);
	assert_int_equal(aligned_count(al), 2);
	aligned_close(al);
}

static void
test_same_names_no_source(void **state)
{
	struct aligned *al = open_two("id,phone\n1,138\n", "phone,id\n139,2\n");
	struct cust_err err;
	struct record *rec;

	(void)state;
	assert_false(aligned_differ(al));
	assert_string_equal(joined(aligned_header(al)), "id,phone");
	assert_int_equal(aligned_next(al, &rec, &err), 1);
	assert_string_equal(row(rec), "1,138");
	assert_int_equal(aligned_next(al, &rec, &err), 1);
	assert_string_equal(row(rec), "2,139");
	aligned_close(al);
}

static void
test_override_in_no_file(void **state)
{
	static const char a[] = "id,phone\n1,138\n";
	char *cols[] = {"id=编号"};
	struct reader_opts o = {0};
	struct cust_err err;
	struct aligned *al;

	(void)state;
	paths[0] = tmpfile_with(a, sizeof(a) - 1);
	al = aligned_open(paths, 1, &o, &err);
	assert_non_null(al);
	assert_non_null(aligned_first(al));
	assert_int_equal(aligned_columns(al, cols, 1, &err), -1);
	aligned_close(al);
	assert_int_equal(err.status, CUST_USAGE);
	assert_string_equal(err.msg, "--col id=编号: no column named '编号'");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_union_by_name_then_role, clean_up),
		cmocka_unit_test_teardown(test_same_names_no_source, clean_up),
		cmocka_unit_test_teardown(test_override_in_no_file, clean_up),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
