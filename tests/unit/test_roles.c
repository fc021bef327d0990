/* Unit tests for roles.c: a column named by header or by role, and
 * values normalised by their role. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "roles.h"
#include "testutil.h"

static void
test_column_by_header_or_role(void **state)
{
	char *names[] = {"客户编号", "手机", "amount", "城市"};
	struct header h = {4, names};
	struct roles r;
	struct cust_err err;

	(void)state;
	assert_int_equal(roles_find(&r, &h, NULL, 0, "--col", &err), 0);
	assert_int_equal(roles_column(&h, &r, "amount", 6), 2);        /* header */
	assert_int_equal(roles_column(&h, &r, "phone", 5), 1);         /* role name */
	assert_int_equal(roles_column(&h, &r, "联系电话", strlen("联系电话")), 1);  /* alias */
	assert_int_equal(roles_column(&h, &r, "city", 4), 3);
	assert_int_equal(roles_column(&h, NULL, "city", 4), -1);       /* headers only */
	assert_int_equal(roles_column(&h, &r, "email", 5), -1);
	assert_int_equal(roles_column(&h, &r, "amountX", 6), 2);       /* n bytes of name */
}

static void
test_normal_by_role(void **state)
{
	struct strbuf out = STRBUF_INIT;

	(void)state;
	assert_true(role_normal(ROLE_PHONE, "+86 138-0013-8000", 17, &out));
	assert_string_equal(out.s, "13800138000");
	assert_true(role_normal(ROLE_ID, " 17850.0 ", 9, &out));
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.s, "17850", 5);
	assert_true(role_normal(ROLE_SIGNUP_DATE, "2024年10月4日", strlen("2024年10月4日"), &out));
	assert_string_equal(out.s, "2024-10-04");
	assert_false(role_normal(ROLE_EMAIL, "N/A", 3, &out));
	/* Spaces between ideographs go (padding, split addresses); spaces
	 * beside Latin letters or digits stay. */
	assert_true(role_normal(ROLE_NAME, " 张　 三 ", strlen(" 张　 三 "), &out));
	assert_string_equal(out.s, "张三");
	assert_true(role_normal(ROLE_ADDRESS, "北京 朝阳区 A 座 3 号", strlen("北京 朝阳区 A 座 3 号"), &out));
	assert_string_equal(out.s, "北京朝阳区 a 座 3 号");
	assert_true(role_normal(ROLE_NAME, "山田 たろう", strlen("山田 たろう"), &out));
	assert_string_equal(out.s, "山田たろう");
	assert_true(role_normal(ROLE_NAME, "Li  Na", 6, &out));
	assert_string_equal(out.s, "li na");
	sb_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_column_by_header_or_role),
		cmocka_unit_test(test_normal_by_role),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
