/* Unit tests for dedupe.c: normal forms by role, keys, transitive
 * clusters, reasons and merge survivors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "dedupe.h"
#include "value.h"

static char *names[] = {"id", "name", "phone", "email", "birth_date", "updated"};
static const struct header hdr = {6, names};

static void
normal_is(enum role r, const char *in, const char *want)
{
	struct strbuf out = STRBUF_INIT;
	bool ok = role_normal(r, in, strlen(in), &out);

	if (want == NULL)
		assert_false(ok);
	else {
		assert_true(ok);
		assert_string_equal(sb_str(&out), want);
	}
	sb_free(&out);
}

static void
test_normal(void **state)
{
	(void)state;
	normal_is(ROLE_PHONE, "+86 138 1234 5678", "13812345678");
	normal_is(ROLE_PHONE, "１３８-１２３４-５６７８", "13812345678");
	normal_is(ROLE_PHONE, "00000000000", NULL);
	normal_is(ROLE_PHONE, "+86 000 0000 0000", NULL);
	normal_is(ROLE_PHONE, "12", NULL);
	normal_is(ROLE_PHONE, "无", NULL);
	normal_is(ROLE_EMAIL, " Zhang.San@Example.COM ", "zhang.san@example.com");
	normal_is(ROLE_EMAIL, "foo@", NULL);
	normal_is(ROLE_EMAIL, "n/a", NULL);
	normal_is(ROLE_ID, "17850.0", "17850");
	normal_is(ROLE_AMOUNT, "￥12,000", "12000000000");
	normal_is(ROLE_AMOUNT, "12000.00", "12000000000");
	normal_is(ROLE_AMOUNT, "about 5", "about 5");
	normal_is(ROLE_ID, "0", NULL);
	normal_is(ROLE_BIRTH_DATE, "1985年3月4日", "1985-03-04");
	normal_is(ROLE_NAME, "  Zhang   SAN ", "zhang san");
	normal_is(ROLE_NAME, "张三", "张三");
	normal_is(ROLE_NAME, "未知", NULL);
	normal_is(ROLE_NONE, "", NULL);
}

static void
add(struct dedupe *d, long line, const char *id, const char *name, const char *phone,
    const char *email, const char *bd, const char *upd)
{
	char *f[6] = {(char *)id, (char *)name, (char *)phone, (char *)email, (char *)bd, (char *)upd};
	size_t len[6], i;
	struct record rec = {6, f, len, "t.csv", line, NULL};

	for (i = 0; i < 6; i++)
		len[i] = strlen(f[i]);
	dedupe_add(d, &rec);
}

static void
test_clusters(void **state)
{
	struct roles roles;
	struct cust_err err;
	struct dedupe_key keys[3], bad;
	struct strbuf buf = STRBUF_INIT;
	struct dedupe *d;
	char *vals[6];
	size_t lens[6], n, k;
	const size_t *m;

	(void)state;
	assert_int_equal(roles_find(&roles, &hdr, NULL, 0, "--col", &err), 0);
	assert_int_equal(dedupe_key_parse("phone", &hdr, &roles, &keys[0], &err), 0);
	assert_int_equal(dedupe_key_parse("email", &hdr, &roles, &keys[1], &err), 0);
	assert_int_equal(dedupe_key_parse("name+birth_date", &hdr, &roles, &keys[2], &err), 0);
	assert_int_equal(keys[2].ncols, 2);
	assert_int_equal(dedupe_key_parse("name+nosuch", &hdr, &roles, &bad, &err), -1);
	assert_int_equal(err.status, CUST_USAGE);

	d = dedupe_new(&hdr, &roles, keys, 3);
	add(d, 2, "A", "Ann", "13800000001", "", "", "2024-01-01");
	add(d, 3, "B", "Bob", "13900000002", "b@x.com", "", "2024-03-01");
	add(d, 4, "C", "Cat", "138 0000 0001", "B@X.COM", "", "");          /* joins A and B */
	add(d, 5, "D", "Dan", "0", "n/a", "", "2024-02-01");               /* no usable key */
	add(d, 6, "E", "Ann", "", "", "1990-01-02", "2024-05-01");
	add(d, 7, "F", "ann", "", "", "1990年1月2日", "2023-01-01");        /* joins E */
	dedupe_finish(d);

	assert_int_equal(dedupe_records(d), 6);
	assert_int_equal(dedupe_clusters(d), 3);
	assert_int_equal(dedupe_duplicates(d), 3);
	assert_int_equal(dedupe_cluster(d, 0), 1);
	assert_int_equal(dedupe_cluster(d, 1), 1);
	assert_int_equal(dedupe_cluster(d, 2), 1);
	assert_int_equal(dedupe_cluster(d, 3), 2);
	assert_int_equal(dedupe_cluster(d, 4), 3);
	assert_int_equal(dedupe_cluster(d, 5), 3);
	assert_true(dedupe_is_first(d, 0));
	assert_false(dedupe_is_first(d, 1));
	assert_true(dedupe_is_first(d, 3));
	assert_string_equal(dedupe_reason(d, 0, &buf), "phone");
	assert_string_equal(dedupe_reason(d, 2, &buf), "phone, email");
	assert_string_equal(dedupe_reason(d, 3, &buf), "no usable key");
	assert_string_equal(dedupe_reason(d, 5, &buf), "name+birth_date");

	m = dedupe_members(d, 1, &n);
	assert_int_equal(n, 3);
	assert_int_equal(m[0], 0);
	assert_int_equal(m[2], 2);
	assert_int_equal(dedupe_survivor(d, m, n, KEEP_FIRST, -1), 0);
	assert_int_equal(dedupe_survivor(d, m, n, KEEP_LAST, -1), 2);
	assert_int_equal(dedupe_survivor(d, m, n, KEEP_COMPLETE, -1), 1);
	assert_int_equal(dedupe_survivor(d, m, n, KEEP_NEWEST, 5), 1);   /* C's date is empty */

	dedupe_record(d, 2, vals, lens);
	assert_string_equal(vals[2], "138 0000 0001");
	assert_int_equal(dedupe_line(d, 2), 4);
	assert_string_equal(dedupe_file(d, 2), "t.csv");

	dedupe_free(d);
	for (k = 0; k < 3; k++)
		dedupe_key_free(&keys[k]);
	sb_free(&buf);
}

static void
test_merge(void **state)
{
	struct roles roles;
	struct cust_err err;
	struct dedupe_key key;
	struct strbuf ids = STRBUF_INIT, conflicts = STRBUF_INIT;
	struct dedupe *d;
	char *vals[6];
	size_t lens[6];

	(void)state;
	assert_int_equal(roles_find(&roles, &hdr, NULL, 0, "--col", &err), 0);
	assert_int_equal(dedupe_key_parse("phone", &hdr, &roles, &key, &err), 0);
	d = dedupe_new(&hdr, &roles, &key, 1);
	add(d, 2, "A", "", "13800000001", "", "", "");
	add(d, 3, "B", "Bob", "138-0000-0001", "b@x.com", "", "");
	add(d, 4, "C", "Robert", "+86 13800000001", "", "", "");
	dedupe_finish(d);
	dedupe_merge(d, 1, KEEP_FIRST, -1, 0, vals, lens, &ids, &conflicts);
	assert_string_equal(vals[0], "A");
	assert_string_equal(vals[1], "Bob");         /* filled from B */
	assert_string_equal(vals[3], "b@x.com");
	assert_string_equal(sb_str(&ids), "A; B; C");
	/* Phones are one number written three ways: no conflict there. */
	assert_string_equal(sb_str(&conflicts), "name: Bob | Robert");
	dedupe_free(d);
	dedupe_key_free(&key);
	sb_free(&ids);
	sb_free(&conflicts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_normal),
		cmocka_unit_test(test_clusters),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
