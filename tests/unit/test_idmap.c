/* Unit tests for idmap.c: the ids a merge absorbed, from merged_ids and
 * from --id-map files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "idmap.h"
#include "testutil.h"

static const char *
resolve(const struct idmap *m, const char *id)
{
	static char buf[64];
	size_t n;
	const char *s = idmap_resolve(m, id, strlen(id), &n);

	assert_true(n < sizeof(buf));
	memcpy(buf, s, n);
	buf[n] = '\0';
	return buf;
}

static void
test_merged_ids_split(void **state)
{
	const char s[] = " K001; K005 ;;17850.0;K008 ";
	const char *want[] = {"K001", "K005", "17850", "K008"};
	size_t pos = 0, len, i = 0;
	const char *id;

	(void)state;
	while (idlist_next(s, sizeof(s) - 1, &pos, &id, &len)) {
		assert_true(i < 4);
		assert_int_equal(len, strlen(want[i]));
		assert_memory_equal(id, want[i], len);
		i++;
	}
	assert_int_equal(i, 4);
	pos = 0;
	assert_false(idlist_next("", 0, &pos, &id, &len));
}

static void
test_chains_and_loops(void **state)
{
	struct idmap *m = idmap_new();

	(void)state;
	idmap_add(m, "A", 1, "B", 1);
	idmap_add(m, "B", 1, "C", 1);
	idmap_add(m, "A", 1, "Z", 1);      /* the first mapping stands */
	idmap_add(m, "D", 1, "D", 1);      /* to itself: nothing */
	assert_int_equal(idmap_count(m), 2);
	assert_string_equal(resolve(m, "A"), "C");
	assert_string_equal(resolve(m, "B"), "C");
	assert_string_equal(resolve(m, "Q"), "Q");
	idmap_add(m, "C", 1, "A", 1);      /* a loop ends somewhere */
	(void)resolve(m, "A");
	idmap_free(m);
}

static void
test_load(void **state)
{
	static const char good[] = "old_id,surviving_id\nK001,K008\n 17850.0 ,K008\n";
	static const char bad[] = "old_id,surviving_id\nK001,K008\n,K008\n";
	struct reader_opts o = {0};
	struct cust_err err;
	struct idmap *m = idmap_new();
	char *p = tmpfile_with(good, sizeof(good) - 1), *q = tmpfile_with(bad, sizeof(bad) - 1);
	const char *old;
	size_t n;

	(void)state;
	assert_int_equal(idmap_load(m, p, &o, &err), 0);
	assert_int_equal(idmap_count(m), 2);
	idmap_get(m, 1, &old, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(old, "17850", 5);
	assert_string_equal(resolve(m, "17850"), "K008");
	assert_int_equal(idmap_load(m, q, &o, &err), -1);
	assert_int_equal(err.status, CUST_INPUT);
	assert_non_null(strstr(err.msg, ":3: an id map row needs both ids"));
	unlink(p);
	unlink(q);
	free(p);
	free(q);
	idmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_merged_ids_split),
		cmocka_unit_test(test_chains_and_loops),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
