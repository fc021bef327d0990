/* Unit tests for orders.c and grade.c: slots, windows, statuses, ids,
 * and the grading semantics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade.h"
#include "orders.h"
#include "value.h"
#include "testutil.h"

/* Order columns: 0 amount, 1 status */
static long
order_col(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	if (n == 6 && memcmp(name, "amount", 6) == 0)
		return 0;
	if (n == 6 && memcmp(name, "status", 6) == 0)
		return 1;
	return -1;
}

static const struct expr_scope scope = {NULL, NULL, order_col, NULL};

static void
add(struct orderbook *ob, const char *id, const char *date, const char *amount)
{
	char *row[] = {(char *)amount, "paid"};
	size_t len[] = {strlen(amount), 4};

	orderbook_add(ob, id, strlen(id), day(date), row, len);
}

static void
test_slots_and_windows(void **state)
{
	struct cust_err err;
	struct expr *e = expr_parse("sum(amount)", &scope, &err);
	const struct agg_call **calls;
	struct orderbook *ob = orderbook_new();
	struct dayrange sep = {day("2024-09-01"), day("2024-09-30")};
	struct dayrange all = {INT32_MIN, day("2024-09-30")};
	size_t s_sep, s_all, s_cnt, s_rec;
	long c;

	(void)state;
	assert_non_null(e);
	expr_aggregates(e, 0, &calls);
	s_sep = orderbook_slot(ob, AGG_SUM, calls[0]->arg, sep);
	s_all = orderbook_slot(ob, AGG_SUM, calls[0]->arg, all);
	/* An identical slot is shared. */
	assert_int_equal(orderbook_slot(ob, AGG_SUM, calls[0]->arg, sep), s_sep);
	s_cnt = orderbook_slot(ob, AGG_COUNT, NULL, sep);
	s_rec = orderbook_slot(ob, AGG_RECENCY, NULL, all);
	assert_int_equal(orderbook_nslots(ob), 4);
	add(ob, "C1", "2024-09-03", "345.79");
	add(ob, "C1", "2024-09-15", "145.29");
	add(ob, "C1", "2024-09-30", "8.92");
	add(ob, "C1", "2024-08-31", "1000");
	add(ob, "C2", "2024-01-01", "5");
	c = orderbook_find(ob, "C1", 2);
	assert_true(c >= 0);
	assert_int_equal(orderbook_value(ob, c, s_sep).num, 500 * DEC_SCALE);
	assert_int_equal(orderbook_value(ob, c, s_all).num, 1500 * DEC_SCALE);
	assert_int_equal(orderbook_value(ob, c, s_cnt).num, 3 * DEC_SCALE);
	assert_int_equal(orderbook_value(ob, c, s_rec).num, 1 * DEC_SCALE);   /* last order 09-30 */
	/* A customer with no orders has empty aggregates. */
	assert_int_equal(orderbook_value(ob, -1, s_sep).num, 0);
	assert_int_equal(orderbook_value(ob, -1, s_rec).type, X_NULL);
	assert_int_equal(orderbook_customers(ob), 2);
	/* A sum past what 64 bits hold is null (too large), never wrapped. */
	add(ob, "C3", "2024-09-03", "9000000000000");
	assert_int_equal(orderbook_value(ob, orderbook_find(ob, "C3", 2), s_sep).num, 9000000000000 * DEC_SCALE);
	add(ob, "C3", "2024-09-04", "9000000000000");
	assert_int_equal(orderbook_value(ob, orderbook_find(ob, "C3", 2), s_sep).type, X_NULL);
	add(ob, "C3", "2024-09-05", "1");
	assert_int_equal(orderbook_value(ob, orderbook_find(ob, "C3", 2), s_sep).type, X_NULL);
	assert_int_equal(orderbook_value(ob, orderbook_find(ob, "C3", 2), s_cnt).num, 3 * DEC_SCALE);
	orderbook_mark(ob, c);
	assert_int_equal(orderbook_unmarked(ob), 2);
	free(calls);
	orderbook_free(ob);
	expr_free(e);
}

/* Every aggregate of one customer's orders, a value missing from one. */
static void
test_aggregate_values(void **state)
{
	static const enum agg_fn fns[] = {AGG_SUM, AGG_COUNT, AGG_COUNT_X, AGG_AVG, AGG_MIN, AGG_MAX,
	    AGG_DISTINCT, AGG_RECENCY, AGG_TENURE};
	static const int64_t want[] = {500 * DEC_SCALE, 4 * DEC_SCALE, 3 * DEC_SCALE, 166666667,
	    8920000, 345790000, 3 * DEC_SCALE, 2 * DEC_SCALE, 28 * DEC_SCALE};
	struct cust_err err;
	struct expr *e = expr_parse("sum(amount)", &scope, &err);
	const struct agg_call **calls;
	struct orderbook *ob = orderbook_new();
	struct dayrange all = {INT32_MIN, day("2024-09-30")};
	size_t slot[ARRAY_LEN(fns)], i;
	long c;

	(void)state;
	expr_aggregates(e, 0, &calls);
	for (i = 0; i < ARRAY_LEN(fns); i++)
		slot[i] = orderbook_slot(ob, fns[i], fns[i] == AGG_COUNT || fns[i] >= AGG_RECENCY ?
		    NULL : calls[0]->arg, all);
	/* Before any order: 0 for sums and counts, null for the rest. */
	for (i = 0; i < ARRAY_LEN(fns); i++)
		assert_int_equal(orderbook_value(ob, -1, slot[i]).type,
		    i < 3 || fns[i] == AGG_DISTINCT ? X_NUM : X_NULL);
	add(ob, "A", "2024-09-03", "345.79");
	add(ob, "A", "2024-09-15", "145.29");
	add(ob, "A", "2024-09-29", "8.92");
	add(ob, "A", "2024-09-20", "");
	c = orderbook_find(ob, "A", 1);
	for (i = 0; i < ARRAY_LEN(fns); i++) {
		struct xval v = orderbook_value(ob, c, slot[i]);
		assert_int_equal(v.type, X_NUM);
		if (v.num != want[i])
			fail_msg("aggregate %d: %lld, want %lld", (int)fns[i], (long long)v.num,
			    (long long)want[i]);
	}
	free(calls);
	orderbook_free(ob);
	expr_free(e);
}

static void
test_id_key_and_status(void **state)
{
	const char *k;
	struct status_filter def = {NULL, 0, false, false};
	char *paid[] = {"paid", "已付款"};
	struct status_filter only = {paid, 2, true, false};

	(void)state;
	assert_int_equal(id_key(" 17850.0 ", 9, &k), 5);
	assert_memory_equal(k, "17850", 5);
	assert_int_equal(id_key("17850.00", 8, &k), 5);
	assert_int_equal(id_key("17850.5", 7, &k), 7);
	assert_int_equal(id_key("C001", 4, &k), 4);
	assert_int_equal(id_key("  ", 2, &k), 0);
	assert_true(status_counts(&def, "已付款", strlen("已付款")));
	assert_false(status_counts(&def, "已取消", strlen("已取消")));
	assert_false(status_counts(&def, " Cancelled ", 11));
	assert_true(status_counts(&def, "", 0));
	assert_true(status_counts(&only, "PAID", 4));
	assert_false(status_counts(&only, "shipped", 7));
}

static void
test_window_parse(void **state)
{
	struct window w;

	(void)state;
	assert_int_equal(window_parse("30d", &w), 0);
	assert_int_equal(w.kind, W_DAYS);
	assert_int_equal(w.n, 30);
	assert_int_equal(window_parse("12m", &w), 0);
	assert_int_equal(w.kind, W_MONTHS);
	assert_int_equal(window_parse("2y", &w), 0);
	assert_int_equal(w.n, 24);
	assert_int_equal(window_parse("all", &w), 0);
	assert_int_equal(w.kind, W_ALL);
	assert_int_equal(window_parse("12", &w), -1);
	assert_int_equal(window_parse("0m", &w), -1);
	assert_int_equal(window_parse("3w", &w), -1);
	/* Past the limits, not overflowing on the way (UBSan). */
	assert_int_equal(window_parse("100y", &w), 0);
	assert_int_equal(w.n, 1200);
	assert_int_equal(window_parse("101y", &w), -1);
	assert_int_equal(window_parse("2147483647y", &w), -1);
	assert_int_equal(window_parse("2147483647m", &w), -1);
	assert_int_equal(window_parse("9223372036854775807d", &w), -1);
}

static struct grade_rules *
rules(const char *json)
{
	char *path = tmpfile_with(json, strlen(json));
	struct cust_err err;
	struct grade_rules *g = grade_rules_load(path, &scope, &err);

	if (g == NULL)
		fail_msg("%s", err.msg);
	unlink(path);
	free(path);
	return g;
}

static const char promote_rules[] =
    "{\"grades\": [\"low\", \"mid\", \"high\"],"
    " \"tiers\": [{\"grade\": \"high\", \"when\": \"sum(amount) > 500\", \"window\": \"1m\"},"
    "            {\"grade\": \"mid\", \"when\": \"sum(amount) >= 100\", \"window\": \"1m\"},"
    "            {\"grade\": \"low\"}],"
    " \"promote\": [{\"to\": \"high\", \"when\": \"sum(amount) > 500\", \"each_month\": 3}],"
    " \"demote\": [{\"to\": \"low\", \"when\": \"sum(amount) < 100\", \"each_month\": 2}]}";

static void
test_semantics(void **state)
{
	struct grade_rules *g = rules(promote_rules);
	struct orderbook *ob = orderbook_new();
	struct grade_result r;
	struct strbuf why = STRBUF_INIT;

	(void)state;
	grade_rules_bind(g, ob, day("2024-10-15"));
	g->words.amount = 0;    /* order column 0 is the amount: "spend" */
	/* P: over 500 in Jul, Aug and Sep (October is not complete). */
	add(ob, "P", "2024-07-01", "501");
	add(ob, "P", "2024-08-31", "600");
	add(ob, "P", "2024-09-30", "700");
	/* Q: over 500 in Aug and Sep only. */
	add(ob, "Q", "2024-08-10", "900");
	add(ob, "Q", "2024-09-10", "900");
	add(ob, "Q", "2024-10-10", "900");
	/* D: under 100 in Aug and Sep. */
	add(ob, "D", "2024-08-10", "99.99");
	add(ob, "D", "2024-09-10", "1");

	r = grade_decide(g, ob, orderbook_find(ob, "P", 1), NULL, NULL, 1);
	assert_int_equal(r.how, GRADE_PROMOTE);
	assert_int_equal(r.level, 2);
	grade_reason(g, &r, 1, &why);
	assert_string_equal(why.s, "Promoted from mid to high: spend over 500 in each of the last 3 months");
	r = grade_decide(g, ob, orderbook_find(ob, "Q", 1), NULL, NULL, 1);
	assert_int_equal(r.how, GRADE_KEEP);
	assert_int_equal(r.level, 1);
	r = grade_decide(g, ob, orderbook_find(ob, "D", 1), NULL, NULL, 2);
	assert_int_equal(r.how, GRADE_DEMOTE);
	assert_int_equal(r.level, 0);
	/* Already at the target: a rule to the same grade does not fire. */
	r = grade_decide(g, ob, orderbook_find(ob, "D", 1), NULL, NULL, 0);
	assert_int_equal(r.how, GRADE_KEEP);
	/* No grade yet: the tiers decide, over the last month (15 Sep to 14 Oct). */
	r = grade_decide(g, ob, orderbook_find(ob, "Q", 1), NULL, NULL, -1);
	assert_int_equal(r.how, GRADE_TIER);
	assert_int_equal(r.level, 2);
	r = grade_decide(g, ob, -1, NULL, NULL, -1);
	assert_int_equal(r.level, 0);
	grade_reason(g, &r, -1, &why);
	assert_string_equal(why.s, "Graded low: the conditions of the higher grades are not met");
	sb_free(&why);
	orderbook_free(ob);
	grade_rules_free(g);
}

static void
test_load_errors(void **state)
{
	static const struct { const char *json, *msg; } cases[] = {
		{"{\"grades\": []}", "grades: expected a non-empty array of grade names, lowest first"},
		{"{\"grades\": [\"a\"]}", "tiers: at least one tier is needed"},
		{"{\"grades\": [\"a\"], \"tiers\": [{\"grade\": \"a\", \"window\": \"12\"}]}",
		    "tiers[0].window: expected a window such as \"30d\", \"3m\", \"12m\" or \"all\" "
		    "(at most 100 years: 36525d, 1200m, 100y)"},
		{"{\"grades\": [\"a\", \"b\"], \"tiers\": [{\"grade\": \"a\"}], \"demote\": [{\"to\": \"a\"}]}",
		    "demote[0]: a promote or demote rule needs \"when\""},
		{"{\"grades\": [\"a\"], \"tiers\": [{\"grade\": \"a\", \"when\": \"count() >\"}]}",
		    "tiers[0].when: column 10: expected an operand, found the end"},
		{"{\"grades\": [\"a\", \"b\", \"a\"], \"tiers\": [{\"grade\": \"a\"}]}",
		    "grades: 'a' is listed twice"},
		{"{\"grades\": [\"a\"], \"tiers\": [{\"grade\": \"a\", \"when\": \"count() + 1\"}]}",
		    "tiers[0].when: expected a condition such as sum(amount) > 100, found a number"},
		{"{\"grades\": [\"a\"], \"tiers\": [{\"grade\": \"a\", \"when\": \"'yes'\"}]}",
		    "tiers[0].when: expected a condition such as city == '北京', found text"},
		{"{\"grades\": [\"a\"], \"tiers\": [{\"grade\": \"a\"}], \"statuses\": {\"keep\": []}}",
		    "statuses: expected \"all\", {\"count\": [...]} or {\"exclude\": [...]}"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		char *path = tmpfile_with(cases[i].json, strlen(cases[i].json));
		struct cust_err err;
		assert_null(grade_rules_load(path, &scope, &err));
		assert_int_equal(err.status, CUST_USAGE);
		assert_string_equal(err.msg + strlen(path) + 2, cases[i].msg);
		unlink(path);
		free(path);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_slots_and_windows),
		cmocka_unit_test(test_aggregate_values),
		cmocka_unit_test(test_id_key_and_status),
		cmocka_unit_test(test_window_parse),
		cmocka_unit_test(test_semantics),
		cmocka_unit_test(test_load_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
