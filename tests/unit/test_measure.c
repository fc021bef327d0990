/* Unit tests for measure.c: an expression measured over a window or
 * month by month from the order book, and the status filter's loader. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "measure.h"
#include "testutil.h"

static long
order_col(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	return n == 6 && memcmp(name, "amount", 6) == 0 ? 0 : -1;
}

static const struct expr_scope scope = {NULL, NULL, order_col, NULL};

static void
add(struct orderbook *ob, const char *id, const char *date, const char *amount)
{
	char *row[] = {(char *)amount};
	size_t len[] = {strlen(amount)};

	orderbook_add(ob, id, strlen(id), day(date), row, len);
}

static void
test_value_over_window(void **state)
{
	struct cust_err err;
	struct jsonfile jf = {"spec.json", &err};
	struct measure m = {0};
	struct orderbook *ob = orderbook_new();
	struct xval aggs[4], v;

	(void)state;
	assert_int_equal(window_parse("1m", &m.window), 0);
	assert_int_equal(measure_parse(&m, &jf, "x", "sum(amount) + count()", &scope), 0);
	measure_bind(&m, ob, day("2024-10-01"));
	add(ob, "a", "2024-08-31", "1000");   /* before the window */
	add(ob, "a", "2024-09-01", "10.5");
	add(ob, "a", "2024-09-30", "2");
	add(ob, "a", "2024-10-01", "1000");   /* the as-of day: after it */
	v = measure_value(&m, ob, orderbook_find(ob, "a", 1), NULL, NULL, aggs);
	assert_int_equal(v.type, X_NUM);
	assert_int_equal(v.num, 14500000);    /* 12.5 + 2 orders */
	measure_free(&m);
	orderbook_free(ob);
}

static void
test_holds_each_month(void **state)
{
	struct cust_err err;
	struct jsonfile jf = {"rules.json", &err};
	struct measure m = {0};
	struct orderbook *ob = orderbook_new();
	struct xval aggs[4];

	(void)state;
	m.each_month = 2;
	assert_int_equal(measure_parse(&m, &jf, "x", "sum(amount) >= 100", &scope), 0);
	measure_bind(&m, ob, day("2024-10-15"));
	add(ob, "a", "2024-08-20", "100");
	add(ob, "a", "2024-09-20", "100");
	add(ob, "b", "2024-09-01", "500");   /* August has nothing */
	assert_true(measure_holds(&m, ob, orderbook_find(ob, "a", 1), NULL, NULL, aggs));
	assert_false(measure_holds(&m, ob, orderbook_find(ob, "b", 1), NULL, NULL, aggs));
	measure_free(&m);
	orderbook_free(ob);
}

static void
test_parse_error_names_place(void **state)
{
	struct cust_err err;
	struct jsonfile jf = {"spec.json", &err};
	struct measure m = {0};

	(void)state;
	assert_int_equal(measure_parse(&m, &jf, "dimensions[0].expr", "sum(amount) +", &scope), -1);
	assert_string_equal(err.msg, "spec.json: dimensions[0].expr: column 14: expected an operand, found the end");
	measure_free(&m);
}

static void
test_statuses(void **state)
{
	struct cust_err err;
	struct jsonfile jf = {"spec.json", &err};
	struct status_filter sf = {0};
	json_t *ok = json_pack("{s:[s]}", "count", " Paid ");
	json_t *bad = json_pack("{s:[i]}", "exclude", 3);

	(void)state;
	assert_int_equal(statuses_load(&jf, ok, &sf), 0);
	assert_true(sf.count_only);
	assert_string_equal(sf.list[0], "Paid");
	assert_true(status_counts(&sf, "paid", 4));
	assert_false(status_counts(&sf, "refunded", 8));
	statuses_free(&sf);
	assert_int_equal(statuses_load(&jf, bad, &sf), -1);
	assert_string_equal(err.msg, "spec.json: statuses: statuses must be strings");
	statuses_free(&sf);
	json_decref(ok);
	json_decref(bad);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_value_over_window),
		cmocka_unit_test(test_holds_each_month),
		cmocka_unit_test(test_parse_error_names_place),
		cmocka_unit_test(test_statuses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
