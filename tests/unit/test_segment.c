/* Unit tests for segment.c: ranks with ties, quantile bins, half-open
 * cuts, Pareto shares, means, the RFM table and the eight classes. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "segment.h"
#include "testutil.h"

#define D(x) ((int64_t)(x) * DEC_SCALE)

static void
free_bounds(struct seg_bound *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(b[i].id);
}

static void
test_id_order(void **state)
{
	(void)state;
	assert_true(seg_id_cmp("9999", 4, "17850", 5) < 0);      /* as numbers */
	assert_true(seg_id_cmp("007", 3, "7", 1) == 0);
	assert_true(seg_id_cmp("C10", 3, "C9", 2) < 0);          /* as bytes */
	assert_true(seg_id_cmp("C1", 2, "C10", 3) < 0);
}

/* The i-th of n (by value, then id) scores 1 + floor(5i/n). */
static void
test_rank_scores_with_ties(void **state)
{
	/* Seven customers, four of them tied on 10. */
	struct seg_item it[] = {
		{D(10), "6", 1}, {D(10), "2", 1}, {D(5), "9", 1}, {D(10), "4", 1},
		{D(10), "3", 1}, {D(20), "1", 1}, {D(1), "8", 1},
	};
	struct seg_bound b[4] = {{0}};
	/* Sorted: 8(1) 9(5) 2(10) 3(10) 4(10) 6(10) 1(20): i = 0..6. */
	const struct { int64_t v; const char *id; size_t score; } want[] = {
		{D(1), "8", 1}, {D(5), "9", 1}, {D(10), "2", 2}, {D(10), "3", 3},
		{D(10), "4", 3}, {D(10), "6", 4}, {D(20), "1", 5},
	};
	size_t i;

	(void)state;
	seg_quantile_bounds(it, 7, NULL, 4, b);
	for (i = 0; i < 7; i++) {
		assert_int_equal(seg_bin(b, 4, want[i].v, want[i].id, 1, false) + 1, want[i].score);
		assert_int_equal(1 + 5 * i / 7, want[i].score);
	}
	/* A boundary inside the tie remembers the id: 3 and 4 are not 2. */
	assert_int_equal(b[1].v, D(10));
	assert_string_equal(b[1].id, "3");
	free_bounds(b, 4);
}

static void
test_fewer_customers_than_bins(void **state)
{
	struct seg_item it[] = {{D(3), "a", 1}, {D(7), "b", 1}};
	struct seg_bound b[4] = {{0}};

	(void)state;
	seg_quantile_bounds(it, 2, NULL, 4, b);
	/* i=0 → 1, i=1 → 1 + floor(5/2) = 3. */
	assert_int_equal(seg_bin(b, 4, D(3), "a", 1, false), 0);
	assert_int_equal(seg_bin(b, 4, D(7), "b", 1, false), 2);
	free_bounds(b, 4);
}

static void
test_quantile_probabilities(void **state)
{
	struct seg_item it[10];
	char ids[10][2];
	int64_t probs[] = {500000, 900000};      /* 0.5, 0.9 */
	struct seg_bound b[2] = {{0}};
	size_t i;

	(void)state;
	for (i = 0; i < 10; i++) {
		ids[i][0] = (char)('a' + i);
		ids[i][1] = 0;
		it[i].v = D(10 - (int)i);
		it[i].id = ids[i];
		it[i].idlen = 1;
	}
	seg_quantile_bounds(it, 10, probs, 2, b);
	/* Values 1..10: bin 1 from index 5 (value 6), bin 2 from index 9. */
	assert_int_equal(b[0].v, D(6));
	assert_int_equal(b[1].v, D(10));
	assert_int_equal(seg_bin(b, 2, D(5), "f", 1, false), 0);
	assert_int_equal(seg_bin(b, 2, D(6), "e", 1, false), 1);
	assert_int_equal(seg_bin(b, 2, D(10), "a", 1, false), 2);
	free_bounds(b, 2);
}

static void
test_cuts_half_open(void **state)
{
	int64_t cuts[] = {D(100), D(500)};

	(void)state;
	assert_int_equal(seg_cut(cuts, 2, D(-3)), 0);
	assert_int_equal(seg_cut(cuts, 2, D(100) - 1), 0);
	assert_int_equal(seg_cut(cuts, 2, D(100)), 1);     /* a cut opens its bin */
	assert_int_equal(seg_cut(cuts, 2, D(500) - 1), 1);
	assert_int_equal(seg_cut(cuts, 2, D(500)), 2);
}

static void
test_pareto_shares(void **state)
{
	/* Total 100: a holds 50, b 30, c 15, d 4, e 1. */
	struct seg_item it[] = {{D(15), "c", 1}, {D(1), "e", 1}, {D(50), "a", 1}, {D(4), "d", 1},
	    {D(30), "b", 1}};
	int64_t shares[] = {800000, 950000};
	struct seg_bound b[2] = {{0}};

	(void)state;
	seg_pareto_bounds(it, 5, shares, 2, b);
	/* Before a: 0 → A; before b: 50% → A; before c: 80% → B (not < 80%);
	 * before d: 95% → C; before e: 99% → C. */
	assert_int_equal(seg_bin(b, 2, D(50), "a", 1, true), 0);
	assert_int_equal(seg_bin(b, 2, D(30), "b", 1, true), 0);
	assert_int_equal(seg_bin(b, 2, D(15), "c", 1, true), 1);
	assert_int_equal(seg_bin(b, 2, D(4), "d", 1, true), 2);
	assert_int_equal(seg_bin(b, 2, D(1), "e", 1, true), 2);
	assert_string_equal(b[0].id, "c");
	assert_string_equal(b[1].id, "d");
	free_bounds(b, 2);
}

static void
test_pareto_skips_a_label(void **state)
{
	/* One customer holds 97%: the next one is past both shares. */
	struct seg_item it[] = {{D(97), "a", 1}, {D(2), "b", 1}, {D(1), "c", 1}};
	int64_t shares[] = {800000, 950000};
	struct seg_bound b[2] = {{0}};

	(void)state;
	seg_pareto_bounds(it, 3, shares, 2, b);
	assert_int_equal(seg_bin(b, 2, D(97), "a", 1, true), 0);
	assert_int_equal(seg_bin(b, 2, D(2), "b", 1, true), 2);
	free_bounds(b, 2);
}

static void
test_mean(void **state)
{
	struct seg_item it[] = {{D(1), "a", 1}, {D(2), "b", 1}, {D(2), "c", 1}};   /* mean 5/3 */

	(void)state;
	assert_int_equal(seg_mean(it, 3, true), 1666667);
	assert_int_equal(seg_mean(it, 3, false), 1666666);
	/* F, M high when >= the mean: 2 is, 1 is not. */
	assert_true(D(2) >= seg_mean(it, 3, true));
	assert_false(D(1) >= seg_mean(it, 3, true));
}

static void
test_mean8(void **state)
{
	(void)state;
	assert_string_equal(seg_mean8_name(true, true, true), "重要价值客户");
	assert_string_equal(seg_mean8_name(true, false, true), "重要发展客户");
	assert_string_equal(seg_mean8_name(false, true, true), "重要保持客户");
	assert_string_equal(seg_mean8_name(false, false, true), "重要挽留客户");
	assert_string_equal(seg_mean8_name(true, true, false), "一般价值客户");
	assert_string_equal(seg_mean8_name(true, false, false), "一般发展客户");
	assert_string_equal(seg_mean8_name(false, true, false), "一般保持客户");
	assert_string_equal(seg_mean8_name(false, false, false), "一般挽留客户");
}

/* Every one of the 125 codes has exactly one segment. */
static void
test_rfm_table(void **state)
{
	char code[4] = {0};
	int r, f, m;

	(void)state;
	for (r = 1; r <= 5; r++)
		for (f = 1; f <= 5; f++)
			for (m = 1; m <= 5; m++) {
				code[0] = (char)('0' + r);
				code[1] = (char)('0' + f);
				code[2] = (char)('0' + m);
				assert_non_null(seg_rfm_name(code));
			}
	assert_string_equal(seg_rfm_name("545"), "Champions");
	assert_string_equal(seg_rfm_name("155"), "Cannot Lose Them");
	assert_string_equal(seg_rfm_name("111"), "Lost");
	assert_string_equal(seg_rfm_name("311"), "New Customers");
	assert_null(seg_rfm_name("55"));
	assert_null(seg_rfm_name("5 5"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_order),
		cmocka_unit_test(test_rank_scores_with_ties),
		cmocka_unit_test(test_fewer_customers_than_bins),
		cmocka_unit_test(test_quantile_probabilities),
		cmocka_unit_test(test_cuts_half_open),
		cmocka_unit_test(test_pareto_shares),
		cmocka_unit_test(test_pareto_skips_a_label),
		cmocka_unit_test(test_mean),
		cmocka_unit_test(test_mean8),
		cmocka_unit_test(test_rfm_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
