/* Unit tests for report.c: metrics parsed through expr.c, exact sums and
 * medians, non-numbers counted not zeroed, trend periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "report.h"
#include "value.h"

static const char *const cols[] = {"grade", "amount", "city"};

static long
lookup(void *ctx, const char *name, size_t n)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < ARRAY_LEN(cols); i++)
		if (strlen(cols[i]) == n && memcmp(cols[i], name, n) == 0)
			return (long)i;
	return -1;
}

static const struct expr_scope scope = {lookup, NULL, lookup, NULL};

static void
add(struct report *r, const char *grade, const char *amount, const char *city)
{
	char *row[] = {(char *)grade, (char *)amount, (char *)city};
	size_t len[] = {strlen(grade), strlen(amount), strlen(city)};

	report_add_row(r, report_group(r, row, len), row, len);
}

static const char *
cell(const struct rtable *t, size_t row, const char *col)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		if (strcmp(t->cols[i], col) == 0)
			return t->cells[row * t->ncols + i];
	fail_msg("no column %s", col);
	return NULL;
}

static void
test_groups_exact(void **state)
{
	struct report *r = report_new();
	struct cust_err err;
	long by = 0;
	char *name = "grade";
	const struct rtable *t;
	size_t n;

	(void)state;
	assert_int_equal(report_add_metric(r, "total=sum(amount)", &scope, &err), 0);
	assert_int_equal(report_add_metric(r, "median(amount)", &scope, &err), 0);
	assert_int_equal(report_add_metric(r, "quantile(amount, 0.25)", &scope, &err), 0);
	assert_int_equal(report_add_metric(r, "distinct(city)", &scope, &err), 0);
	assert_int_equal(report_add_metric(r, "avg(amount)", &scope, &err), 0);
	report_group_by(r, &by, &name, 1);
	add(r, "A", "345.79", "北京");
	add(r, "A", "145.29", " 北京");
	add(r, "A", "8.92", "上海");
	add(r, "A", "n/a", "上海");
	add(r, "B", "1", "x");
	t = report_tables(r, &n);
	assert_true(n >= 2);
	assert_string_equal(t[0].section, "groups");
	assert_string_equal(cell(&t[0], 0, "grade"), "A");
	assert_string_equal(cell(&t[0], 0, "count"), "4");
	assert_string_equal(cell(&t[0], 0, "share"), "0.8");
	assert_string_equal(cell(&t[0], 0, "total"), "500");
	assert_string_equal(cell(&t[0], 0, "median(amount)"), "145.29");
	/* (n-1)q = 0.5: halfway between 8.92 and 145.29 */
	assert_string_equal(cell(&t[0], 0, "quantile(amount, 0.25)"), "77.105");
	assert_string_equal(cell(&t[0], 0, "distinct(city)"), "2");
	assert_string_equal(cell(&t[0], 0, "avg(amount)"), "166.666667");
	/* "n/a" is counted as a problem, never as zero. */
	assert_string_equal(t[1].section, "problems");
	assert_int_equal(t[1].nrows, 4);   /* each numeric metric of group A; distinct takes text */
	assert_string_equal(cell(&t[1], 0, "group"), "A");
	assert_string_equal(cell(&t[1], 0, "not_numeric"), "1");
	report_free(r);
}

static void
test_metric_errors(void **state)
{
	struct report *r = report_new();
	struct cust_err err;

	(void)state;
	assert_int_equal(report_add_metric(r, "mode(amount)", &scope, &err), -1);
	assert_string_equal(err.msg, "--metric mode(amount): expected FN(X), FN one of count, sum, avg, "
	    "min, max, median, quantile, distinct");
	assert_int_equal(report_add_metric(r, "quantile(amount, 2)", &scope, &err), -1);
	assert_string_equal(err.msg, "--metric quantile(amount, 2): the quantile is a number from 0 to 1");
	assert_int_equal(report_add_metric(r, "sum(nosuch)", &scope, &err), -1);
	assert_int_equal(err.status, CUST_USAGE);
	assert_non_null(strstr(err.msg, "--metric sum(nosuch): "));
	assert_int_equal(report_add_metric(r, "sum()", &scope, &err), -1);
	assert_string_equal(err.msg, "--metric sum(): sum needs a value to aggregate");
	assert_int_equal(report_add_metric(r, "n=count()", &scope, &err), 0);
	assert_string_equal(report_metric(r, 0)->name, "n");
	report_free(r);
}

static void
test_quantile(void **state)
{
	int64_t v[] = {1000000, 2000000, 4000000};

	(void)state;
	assert_int_equal(report_quantile(v, 3, 500000), 2000000);
	assert_int_equal(report_quantile(v, 2, 500000), 1500000);
	assert_int_equal(report_quantile(v, 3, 1000000), 4000000);
	assert_int_equal(report_quantile(v, 3, 0), 1000000);
	assert_int_equal(report_quantile(v, 1, 500000), 1000000);
}

static void
test_periods(void **state)
{
	char buf[16];
	struct date d = {2024, 10, 4};
	int32_t day = date_to_days(d);

	(void)state;
	trend_period_label(TREND_MONTH, trend_period_of(TREND_MONTH, day), buf);
	assert_string_equal(buf, "2024-10");
	trend_period_label(TREND_QUARTER, trend_period_of(TREND_QUARTER, day), buf);
	assert_string_equal(buf, "2024-Q4");
	/* 2024-10-04 is a Friday: its week starts on Monday 2024-09-30. */
	trend_period_label(TREND_WEEK, trend_period_of(TREND_WEEK, day), buf);
	assert_string_equal(buf, "2024-09-30");
	d.day = 30; d.month = 9;
	assert_int_equal(trend_period_of(TREND_WEEK, date_to_days(d)), trend_period_of(TREND_WEEK, day));
	d.day = 29;
	assert_int_equal(trend_period_of(TREND_WEEK, date_to_days(d)) + 1, trend_period_of(TREND_WEEK, day));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_exact),
		cmocka_unit_test(test_metric_errors),
		cmocka_unit_test(test_quantile),
		cmocka_unit_test(test_periods),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
