/* Unit tests for hash.c, roles.c and outfile.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sys/stat.h>

#include "hash.h"
#include "outfile.h"
#include "roles.h"
#include "testutil.h"

static void
test_hash_put_get(void **state)
{
	struct hash *h = hash_new();
	char key[32];
	bool added;
	uint64_t *v;
	int i;

	(void)state;
	for (i = 0; i < 100000; i++) {
		snprintf(key, sizeof(key), "k%d", i);
		v = hash_put(h, key, strlen(key), &added);
		assert_true(added);
		*v = (uint64_t)i * 3;
	}
	assert_int_equal(hash_count(h), 100000);
	for (i = 0; i < 100000; i += 997) {
		snprintf(key, sizeof(key), "k%d", i);
		v = hash_get(h, key, strlen(key));
		assert_non_null(v);
		assert_int_equal(*v, (uint64_t)i * 3);
	}
	v = hash_put(h, "k5", 2, &added);
	assert_false(added);
	assert_int_equal(*v, 15);
	assert_null(hash_get(h, "nope", 4));
	/* Keys are bytes: an embedded NUL and a prefix are different keys. */
	hash_put(h, "a\0b", 3, &added);
	assert_true(added);
	assert_null(hash_get(h, "a", 1));
	hash_free(h);
}

/* Keys of up to 20 bytes are compared in their slot, longer ones in the
 * arena: keys that differ only past either edge must stay apart. */
static void
test_hash_key_lengths(void **state)
{
	struct hash *h = hash_new();
	char k[64];
	size_t n, i;
	bool added;

	(void)state;
	for (n = 1; n <= 40; n++)
		for (i = 0; i < 2; i++) {
			memset(k, 'a', n);
			k[n - 1] = (char)('x' + i);
			*hash_put(h, k, n, &added) = n * 10 + i;
			assert_true(added);
		}
	for (n = 1; n <= 40; n++)
		for (i = 0; i < 2; i++) {
			memset(k, 'a', n);
			k[n - 1] = (char)('x' + i);
			hash_prefetch(h, k, n);
			assert_int_equal(*hash_get(h, k, n), n * 10 + i);
		}
	memset(k, 'a', 21);
	assert_null(hash_get(h, k, 21));
	assert_int_equal(hash_count(h), 80);
	hash_free(h);
}

static void
test_hash_iter(void **state)
{
	struct hash *h = hash_new();
	const char *k;
	size_t len, it = 0, n = 0;
	uint64_t *v, sum = 0;

	(void)state;
	*hash_put(h, "张伟", strlen("张伟"), NULL) = 1;
	*hash_put(h, "王芳", strlen("王芳"), NULL) = 2;
	*hash_put(h, "", 0, NULL) = 4;
	while (hash_iter(h, &it, &k, &len, &v)) {
		assert_int_equal(strlen(k), len);
		sum += *v;
		n++;
	}
	assert_int_equal(n, 3);
	assert_int_equal(sum, 7);
	hash_free(h);
}

static void
test_roles_aliases(void **state)
{
	(void)state;
	assert_int_equal(role_of_header("customer_id"), ROLE_ID);
	assert_int_equal(role_of_header("Customer ID"), ROLE_ID);
	assert_int_equal(role_of_header("CustomerID"), ROLE_ID);
	assert_int_equal(role_of_header("客户编号"), ROLE_ID);
	assert_int_equal(role_of_header("客户ID"), ROLE_ID);
	assert_int_equal(role_of_header("客户ＩＤ"), ROLE_ID);
	assert_int_equal(role_of_header("手机"), ROLE_PHONE);
	assert_int_equal(role_of_header("联系电话"), ROLE_PHONE);
	assert_int_equal(role_of_header("E-mail"), ROLE_EMAIL);
	assert_int_equal(role_of_header("消费金额"), ROLE_AMOUNT);
	assert_int_equal(role_of_header("InvoiceDate"), ROLE_ORDER_DATE);
	assert_int_equal(role_of_header("UnitPrice"), ROLE_PRICE);
	assert_int_equal(role_of_header("date_of_birth"), ROLE_BIRTH_DATE);
	assert_int_equal(role_of_header("state"), ROLE_PROVINCE);
	assert_int_equal(role_of_header("favourite colour"), ROLE_NONE);
	assert_int_equal(role_parse("phone"), ROLE_PHONE);
	assert_int_equal(role_parse("customer_id"), ROLE_ID);
	assert_int_equal(role_parse("bogus"), ROLE_NONE);
	assert_string_equal(role_name(ROLE_BIRTH_DATE), "birth_date");
}

static void
test_roles_find(void **state)
{
	char *names[] = {"编号", "tel", "客户编号", "mobile"};
	struct header h = {4, names};
	char *over[] = {"phone=tel"}, *bad_role[] = {"mobile=tel"}, *bad_col[] = {"phone=x"};
	struct roles r;
	struct cust_err err;

	(void)state;
	assert_int_equal(roles_find(&r, &h, NULL, 0, "--col", &err), 0);
	assert_int_equal(r.col[ROLE_ID], 0);          /* the first matching column */
	assert_int_equal(r.col[ROLE_PHONE], 1);
	assert_int_equal(roles_find(&r, &h, over, 1, "--col", &err), 0);
	assert_int_equal(r.col[ROLE_PHONE], 1);
	assert_int_equal(roles_of_column(&r, 1), ROLE_PHONE);
	assert_int_equal(roles_of_column(&r, 3), ROLE_NONE);
	assert_int_equal(roles_find(&r, &h, bad_role, 1, "--col", &err), -1);
	assert_int_equal(err.status, CUST_USAGE);
	assert_int_equal(roles_find(&r, &h, bad_col, 1, "--col", &err), -1);
	assert_string_equal(err.msg, "--col phone=x: no column named 'x'");
}

static void
test_outfile_atomic(void **state)
{
	char dir[] = "/tmp/custkit-out-XXXXXX", path[64], *text;
	struct outfile of;
	struct cust_err err;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(outfile_open(&of, path, false, &err), 0);
	fputs("new\n", of.fp);
	/* Until commit, the target does not exist. */
	assert_null(read_all(path));
	assert_int_equal(outfile_commit(&of, &err), 0);
	text = read_all(path);
	assert_string_equal(text, "new\n");
	free(text);
	/* An aborted write keeps the old file. */
	assert_int_equal(outfile_open(&of, path, false, &err), 0);
	fputs("half", of.fp);
	outfile_abort(&of);
	text = read_all(path);
	assert_string_equal(text, "new\n");
	free(text);
	/* Appending is atomic too. */
	assert_int_equal(outfile_open(&of, path, true, &err), 0);
	fputs("more\n", of.fp);
	assert_int_equal(outfile_commit(&of, &err), 0);
	text = read_all(path);
	assert_string_equal(text, "new\nmore\n");
	free(text);
	unlink(path);
	rmdir(dir);
	assert_int_equal(outfile_open(&of, "/nonexistent-dir/x.csv", false, &err), -1);
	assert_int_equal(err.status, CUST_OUTPUT);
}

/* Membership over enough keys to grow many times, keys of every length
 * class (a length past 127 takes two bytes), and keys that differ only
 * after a shared prefix. */
static void
test_keyset(void **state)
{
	struct keyset *s = keyset_new();
	char key[300];
	size_t i;

	(void)state;
	for (i = 0; i < 50000; i++) {
		size_t n = (size_t)snprintf(key, sizeof(key), "O%09zu", i);
		assert_true(keyset_add(s, key, n));
	}
	for (i = 0; i < 50000; i += 7) {
		size_t n = (size_t)snprintf(key, sizeof(key), "O%09zu", i);
		assert_false(keyset_add(s, key, n));
	}
	memset(key, 'x', sizeof(key));
	assert_true(keyset_add(s, key, 200));
	assert_false(keyset_add(s, key, 200));
	assert_true(keyset_add(s, key, 199));
	assert_true(keyset_add(s, "", 0));
	assert_false(keyset_add(s, "", 0));
	assert_int_equal(keyset_count(s), 50003);
	keyset_free(s);
}

/* A walk meets each key once, whole, including the empty key and one
 * whose length takes two bytes, however often the set grew. */
static void
test_keyset_iter(void **state)
{
	struct keyset *s = keyset_new();
	unsigned char seen[1000] = {0};
	char key[300];
	const char *k;
	size_t i, n, len, nseen = 0, empty = 0, longkey = 0;

	(void)state;
	i = 0;
	assert_false(keyset_iter(s, &i, &k, &len));
	for (i = 0; i < 1000; i++) {
		n = (size_t)snprintf(key, sizeof(key), "K%zu", i);
		assert_true(keyset_add(s, key, n));
	}
	assert_true(keyset_add(s, "", 0));
	memset(key, 'x', 200);
	assert_true(keyset_add(s, key, 200));
	for (i = 0; keyset_iter(s, &i, &k, &len);) {
		if (len == 0) {
			empty++;
			continue;
		}
		if (len == 200) {
			assert_memory_equal(k, key, 200);
			longkey++;
			continue;
		}
		assert_true(len >= 2 && len <= 4 && k[0] == 'K');
		n = 0;
		for (size_t j = 1; j < len; j++)
			n = n * 10 + (size_t)(k[j] - '0');
		assert_true(n < 1000);
		assert_int_equal(seen[n], 0);
		seen[n] = 1;
		nseen++;
	}
	assert_int_equal(nseen, 1000);
	assert_int_equal(empty, 1);
	assert_int_equal(longkey, 1);
	keyset_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_put_get),
		cmocka_unit_test(test_hash_key_lengths),
		cmocka_unit_test(test_hash_iter),
		cmocka_unit_test(test_roles_aliases),
		cmocka_unit_test(test_roles_find),
		cmocka_unit_test(test_outfile_atomic),
		cmocka_unit_test(test_keyset),
		cmocka_unit_test(test_keyset_iter),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
