/* Unit tests for report.c: metrics parsed through expr.c, exact sums and
 * medians, non-numbers counted not zeroed, trend periods. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "orders.h"
#include "report.h"
#include "report_out.h"
#include "jsonpull.h"
#include "jsonw.h"
#include "report_partial.h"
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
	/* "n/a" is counted as a problem, never as zero; the group is named as in groups. */
	assert_string_equal(t[1].section, "problems");
	assert_int_equal(t[1].nrows, 4);   /* each numeric metric of group A; distinct takes text */
	assert_string_equal(cell(&t[1], 0, "grade"), "A");
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

/* Medians and quantiles are exact, never rounded: a median of two cents
 * is half a cent finer (10.005, as DuckDB's median of DECIMAL(18, 3)
 * gives), a quantile of six places between two of six keeps all twelve;
 * the largest and least numbers and the widest gap between two too.
 * Values in millionths; places: at least so many (money: 2). */
static void
test_quantile(void **state)
{
	static const struct {
		int64_t v[4];
		size_t n;
		int64_t q;
		int places;
		const char *want;
	} cases[] = {
		{{1000000, 2000000, 4000000}, 3, 500000, 0, "2"},
		{{1000000, 2000000}, 2, 500000, 0, "1.5"},
		{{1000000, 2000000, 4000000}, 3, 1000000, 0, "4"},
		{{1000000, 2000000, 4000000}, 3, 0, 0, "1"},
		{{1000000}, 1, 500000, 0, "1"},
		{{10000000, 10010000}, 2, 500000, 2, "10.005"},
		{{10000000, 10010000}, 2, 250000, 2, "10.0025"},
		{{10000000, 10010000}, 2, 123457, 2, "10.00123457"},
		{{10020000, 10000000, 10010000}, 3, 500000, 2, "10.01"},
		{{10030000, 10000000, 10020000, 10010000}, 4, 500000, 2, "10.015"},
		{{10030000, 10000000, 10020000, 10010000}, 4, 250000, 2, "10.0075"},
		{{231720000}, 1, 500000, 2, "231.72"},
		{{231700000}, 1, 500000, 2, "231.70"},
		{{231700000}, 1, 500000, 0, "231.7"},
		{{0}, 1, 500000, 2, "0.00"},
		{{0}, 1, 500000, 0, "0"},
		{{0, 1}, 2, 500000, 0, "0.0000005"},
		{{0, 1}, 2, 333333, 0, "0.000000333333"},
		{{0, 1}, 2, 999999, 0, "0.000000999999"},
		{{-10010000, -10000000}, 2, 500000, 2, "-10.005"},
		{{-10010000, -10000000}, 2, 250000, 2, "-10.0075"},
		{{INT64_MAX, INT64_MAX - 1}, 2, 500000, 2, "9223372036854.7758065"},
		{{INT64_MAX, INT64_MAX - 1}, 2, 1000000, 2, "9223372036854.775807"},
		{{INT64_MIN, INT64_MIN + 1}, 2, 500000, 2, "-9223372036854.7758075"},
		{{INT64_MIN, INT64_MIN + 1}, 2, 0, 2, "-9223372036854.775808"},
		{{INT64_MIN, INT64_MAX}, 2, 500000, 0, "-0.0000005"},
		{{INT64_MIN, INT64_MAX}, 2, 1, 0, "-9223353590110.702098448385"},
	};
	char buf[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int64_t v[4];
		memcpy(v, cases[i].v, sizeof(v));
		report_exact_format(report_quantile(v, cases[i].n, cases[i].q), cases[i].places, buf);
		assert_string_equal(buf, cases[i].want);
	}
}

static int
cmp64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Selection gives what sorting does, in any order, with many equal
 * values (amounts repeat), sorted and reversed inputs included. */
static void
test_quantile_unsorted(void **state)
{
	enum { N = 5001 };
	static int64_t v[N], w[N];
	static const int64_t qs[] = {0, 1, 250000, 333333, 500000, 900000, 999999, 1000000};
	uint64_t x = 88172645463325252ULL;
	size_t n, i, k, shape;

	(void)state;
	for (shape = 0; shape < 4; shape++)
		for (n = 1; n <= N; n += n < 20 ? 1 : 997) {
			for (i = 0; i < n; i++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				w[i] = shape == 0 ? (int64_t)(x % 1000000007) - 500000000 : shape == 1 ?
				    (int64_t)(x % 5) * 10000 : shape == 2 ? (int64_t)i : (int64_t)(n - i);
			}
			for (k = 0; k < sizeof(qs) / sizeof(qs[0]); k++) {
				int64_t sorted[N];
				struct report_exact want, got;
				memcpy(sorted, w, n * sizeof(int64_t));
				qsort(sorted, n, sizeof(int64_t), cmp64);
				memcpy(v, w, n * sizeof(int64_t));
				want = report_quantile(sorted, n, qs[k]);
				got = report_quantile(v, n, qs[k]);
				assert_int_equal(got.x, want.x);
				assert_int_equal(got.sub, want.sub);
			}
		}
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

/* ---- partial states ---- */

struct feed {
	struct report *r;
	struct risk *k;
};

/* As cust-report feeds them: the report and the risk see every order. */
static void
on_order(void *ctx, size_t cust, int32_t day, char *const *row, const size_t *len)
{
	struct feed *f = ctx;

	report_add_order(f->r, report_group(f->r, row, len), cust, day, 0, row, len);
	risk_order(f->k, cust, day, 0, row, len, true);
}

static const struct risk_opts ko = {20000, 0.3, 3, 0.5, 3, 30, false};

struct shard {
	struct report *r;
	struct risk *k;
	struct orderbook *ob;
	struct feed f;
};

/* Every name is the amount, column 1. */
static long
amount_col(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	(void)name;
	(void)n;
	return 1;
}

static struct expr *amount_expr;

static void
shard_open(struct shard *s)
{
	long by = 2;
	char *name = "city";

	s->r = report_new();
	report_group_by(s->r, &by, &name, 1);
	if (amount_expr == NULL) {
		struct expr_scope sc = {amount_col, NULL, NULL, NULL};
		struct cust_err err;
		amount_expr = expr_parse("amount", &sc, &err);
	}
	report_trend(s->r, TREND_WEEK, amount_expr);
	s->k = risk_new(&ko, -1, -1, amount_expr);
	s->ob = orderbook_new();
	s->f = (struct feed){s->r, s->k};
	orderbook_on_order(s->ob, on_order, &s->f);
}

static void
shard_close(struct shard *s)
{
	report_free(s->r);
	risk_free(s->k);
	orderbook_free(s->ob);
}

static void
order(struct shard *s, const char *id, int32_t day, const char *amount, const char *city)
{
	char *row[] = {"", (char *)amount, (char *)city};
	size_t len[] = {0, strlen(amount), strlen(city)};

	orderbook_add(s->ob, id, strlen(id), day, row, len);
}

/* Every cell of every table the same. */
static void
assert_same_tables(struct report *a, struct report *b)
{
	size_t na, nb, i, j;
	const struct rtable *ta = report_tables(a, &na), *tb = report_tables(b, &nb);

	assert_int_equal(na, nb);
	for (i = 0; i < na; i++) {
		assert_string_equal(ta[i].section, tb[i].section);
		assert_int_equal(ta[i].nrows, tb[i].nrows);
		assert_int_equal(ta[i].ncols, tb[i].ncols);
		for (j = 0; j < ta[i].nrows * ta[i].ncols; j++) {
			if (ta[i].cells[j] == NULL || tb[i].cells[j] == NULL)
				assert_ptr_equal(ta[i].cells[j], tb[i].cells[j]);
			else
				assert_string_equal(ta[i].cells[j], tb[i].cells[j]);
		}
	}
}

/* The state as --partial writes it and --merge reads it: through text,
 * streamed both ways. */
struct text {
	char *s;
	size_t n;
	FILE *fp;
	struct jw w;
	struct jpull *p;
};

static struct jw *
text_write(struct text *t)
{
	t->fp = open_memstream(&t->s, &t->n);
	assert_non_null(t->fp);
	jw_init(&t->w, t->fp, 4);
	return &t->w;
}

static struct jpull *
text_read(struct text *t, struct cust_err *err)
{
	assert_int_equal(fclose(t->fp), 0);
	t->fp = fmemopen(t->s, t->n, "r");
	assert_non_null(t->fp);
	return t->p = jp_new(t->fp, "state", err);
}

/* Every byte of the text read, nothing after the state. */
static void
text_close(struct text *t)
{
	assert_true(jp_done(t->p));
	jp_close(t->p);
	fclose(t->fp);
	free(t->s);
}

static const struct {
	const char *id, *amount, *city;
	int32_t day;
} orders[] = {
	/* A's weeks span more than 64 (the set widens both ways), and
	 * one is before 1970 (a negative period). */
	{"A", "10.5", "北京", 7 * 70}, {"A", "20", "北京", 0}, {"A", "5", "北京", 7 * 140},
	{"A", "1", "北京", -30}, {"B", "100", "上海", 7 * 70}, {"B", "100", "北京", 7 * 71},
	{"A", "2", "上海", 7 * 71}, {"C", "7", "上海", 7 * 140}, {"B", "100", "上海", 7 * 69},
	{"C", "8", "上海", 7 * 141}, {"A", "3", "北京", 7 * 72},
};

static void
test_trend_risk_merge(void **state)
{
	struct shard whole, part[3];
	struct report *merged = report_new();
	struct risk *mk = risk_new(&ko, -1, -1, NULL);
	struct cust_err err;
	struct header qh = {0, NULL};
	long cols[1] = {0};
	char *name = "city";
	const struct rtable *t;
	size_t i, n;

	(void)state;
	shard_open(&whole);
	for (i = 0; i < 3; i++)
		shard_open(&part[i]);
	for (i = 0; i < ARRAY_LEN(orders); i++) {
		order(&whole, orders[i].id, orders[i].day, orders[i].amount, orders[i].city);
		/* A customer's orders in every part, the parts out of date order. */
		order(&part[(i * 2) % 3], orders[i].id, orders[i].day, orders[i].amount, orders[i].city);
	}
	report_group_by(merged, cols, &name, 1);
	report_trend(merged, TREND_WEEK, NULL);
	for (i = 3; i-- > 0;) {
		struct text st, rk;
		report_partial(part[i].r, part[i].ob, text_write(&st));
		risk_partial(part[i].k, part[i].ob, text_write(&rk));
		assert_int_equal(report_merge(merged, text_read(&st, &err), &qh), 0);
		assert_int_equal(risk_merge(mk, text_read(&rk, &err)), 0);
		text_close(&st);
		text_close(&rk);
	}
	risk_table(whole.k, whole.r, whole.ob);
	risk_table(mk, merged, NULL);
	assert_same_tables(whole.r, merged);

	/* And the whole is right: A bought in 北京 in weeks 0, 70, 72, 140
	 * and the week before 1970; in week 71 it is lapsed there. */
	t = report_tables(whole.r, &n);
	for (i = 0; i < n && strcmp(t[i].section, "trend") != 0; i++)
		continue;
	assert_true(i < n);
	t += i;
	for (i = 0; i < t->nrows; i++) {
		char label[16];
		trend_period_label(TREND_WEEK, trend_period_of(TREND_WEEK, 7 * 71), label);
		if (strcmp(cell(t, i, "city"), "北京") != 0 || strcmp(cell(t, i, "period"), label) != 0)
			continue;
		assert_string_equal(cell(t, i, "customers"), "1");      /* B */
		assert_string_equal(cell(t, i, "new"), "0");
		assert_string_equal(cell(t, i, "lapsed"), "1");         /* A */
		break;
	}
	assert_true(i < t->nrows);
	/* Silent for decades: A (41.5) and B (300) are among the top half
	 * by spend and at risk, B first; C (15) is not valuable. */
	t = report_tables(merged, &n);
	assert_string_equal(t[n - 1].section, "risk");
	assert_int_equal(t[n - 1].nrows, 2);
	assert_string_equal(cell(&t[n - 1], 0, "customer_id"), "B");
	report_free(merged);
	risk_free(mk);
	shard_close(&whole);
	for (i = 0; i < 3; i++)
		shard_close(&part[i]);
	expr_free(amount_expr);
	amount_expr = NULL;
}

static char *
write_temp(const char *text)
{
	char *path = strdup("/tmp/test_report_XXXXXX");
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	return path;
}

static void
test_migration_merge(void **state)
{
	const char *head = "customer_id,date,from,to,reason\n";
	const char *rows[] = {
		"C1,2024-08-01,,低级,r\n", "C2,2024-08-01,,中级,r\n", "C1,2024-09-01,低级,中级,r\n",
		"C1,2024-10-01,中级,高级,r\n", "C2,2024-10-01,中级,VIP,r\n", "C3,2024-10-01,高级,中级,r\n",
	};
	char *grades[] = {"低级", "中级", "高级"};
	struct report *rw = report_new(), *rm = report_new();
	struct migration *w = migration_new(grades, 3, INT32_MIN, INT32_MAX);
	struct migration *m = migration_new(grades, 3, INT32_MIN, INT32_MAX);
	struct strbuf all = STRBUF_INIT, part[2] = {STRBUF_INIT, STRBUF_INIT};
	struct cust_err err;
	char *path;
	size_t i;

	(void)state;
	sb_adds(&all, head);
	sb_adds(&part[0], head);
	sb_adds(&part[1], head);
	for (i = 0; i < ARRAY_LEN(rows); i++) {
		sb_adds(&all, rows[i]);
		sb_adds(&part[i % 2], rows[i]);
	}
	path = write_temp(sb_str(&all));
	assert_int_equal(migration_read(w, path, &err), 0);
	unlink(path);
	free(path);
	for (i = 0; i < 2; i++) {
		struct migration *p = migration_new(grades, 3, INT32_MIN, INT32_MAX);
		struct text st;
		path = write_temp(sb_str(&part[i]));
		assert_int_equal(migration_read(p, path, &err), 0);
		unlink(path);
		free(path);
		migration_partial(p, text_write(&st));
		assert_int_equal(migration_merge(m, text_read(&st, &err)), 0);
		text_close(&st);
		migration_free(p);
		sb_free(&part[i]);
	}
	migration_tables(w, rw);
	migration_tables(m, rm);
	assert_same_tables(rw, rm);
	sb_free(&all);
	migration_free(w);
	migration_free(m);
	report_free(rw);
	report_free(rm);
}

/* A part of a customer table, grouped by city, written as a state. */
static void
write_part(const char *path, const char *metric, const char *const (*rows)[3], size_t nrows)
{
	char *metrics[] = {(char *)metric}, *name = "city";
	struct report *r = report_new();
	json_t *heads = json_pack("[s]", "city");
	struct report_def d = {.by = "city", .metrics = metrics, .nmetrics = 1, .since = INT32_MIN};
	struct report_parts p = {r, NULL, NULL, NULL, heads, true};
	struct cust_err err;
	long by = 2;
	size_t i;

	assert_int_equal(report_add_metric(r, metric, &scope, &err), 0);
	report_group_by(r, &by, &name, 1);
	for (i = 0; i < nrows; i++)
		add(r, rows[i][0], rows[i][1], rows[i][2]);
	assert_int_equal(report_partial_write(path, &d, &p, &err), 0);
	json_decref(heads);
	report_free(r);
}

static void
put(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* States written and merged through files are the whole report; a
 * state of another definition, another format or given twice is
 * refused with the file's name and the reason. */
static void
test_partial_files(void **state)
{
	static const char *const rows[][3] = {
		{"A", "10.5", "北京"}, {"B", "2", "上海"}, {"A", "n/a", "北京"}, {"C", "7.25", "上海"},
	};
	char dir[] = "/tmp/test_report_XXXXXX", a[64], b[64], c[64], d[64], e[64];
	char *paths[3];
	struct report_merged m = {0};
	struct report *whole = report_new();
	struct header qh = {0, NULL};
	struct cust_err err;
	long by = 2;
	char *name = "city";
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(a, sizeof(a), "%s/a.json", dir);
	snprintf(b, sizeof(b), "%s/b.json", dir);
	snprintf(c, sizeof(c), "%s/c.json", dir);
	snprintf(d, sizeof(d), "%s/d.json", dir);
	snprintf(e, sizeof(e), "%s/e.json", dir);
	write_part(a, "total=sum(amount)", rows, 2);
	write_part(b, "total=sum(amount)", rows + 2, 2);
	assert_int_equal(report_add_metric(whole, "total=sum(amount)", &scope, &err), 0);
	report_group_by(whole, &by, &name, 1);
	for (i = 0; i < ARRAY_LEN(rows); i++)
		add(whole, rows[i][0], rows[i][1], rows[i][2]);

	paths[0] = a;
	paths[1] = b;
	assert_int_equal(report_merge_partials(&m, paths, 2, -1, &qh, &err), 0);
	assert_same_tables(whole, m.p.rep);
	assert_string_equal(m.by, "city");
	assert_true(m.p.zh);                    /* the states' language */
	assert_false(m.orders);
	assert_string_equal(json_string_value(json_array_get(m.p.byheads, 0)), "city");
	report_merged_free(&m);

	/* --lang en over the states' zh. */
	assert_int_equal(report_merge_partials(&m, paths, 1, 0, &qh, &err), 0);
	assert_false(m.p.zh);
	report_merged_free(&m);

	write_part(c, "avg(amount)", rows, 1);
	paths[1] = c;
	assert_int_equal(report_merge_partials(&m, paths, 2, -1, &qh, &err), -1);
	assert_int_equal(err.status, CUST_USAGE);
	char want[256];
	snprintf(want, sizeof(want), "%s: a partial state of another report than %s (--metric differs): "
	    "not merged", c, a);
	assert_string_equal(err.msg, want);
	report_merged_free(&m);

	paths[1] = a;
	assert_int_equal(report_merge_partials(&m, paths, 2, -1, &qh, &err), -1);
	assert_int_equal(err.status, CUST_USAGE);
	snprintf(want, sizeof(want), "%s: the same file as %s: a partial state merged twice would count twice",
	    a, a);
	assert_string_equal(err.msg, want);
	report_merged_free(&m);

	put(d, "{\"cust-report-partial\": 2, \"definition\": {}}\n");
	paths[1] = d;
	assert_int_equal(report_merge_partials(&m, paths, 2, -1, &qh, &err), -1);
	assert_int_equal(err.status, CUST_INPUT);
	snprintf(want, sizeof(want), "%s: a partial state of another version of cust-report (format 2, this one "
	    "reads %d): write it again", d, REPORT_PARTIAL_VERSION);
	assert_string_equal(err.msg, want);
	report_merged_free(&m);

	put(e, "{\"grades\": []}\n");
	paths[0] = e;
	assert_int_equal(report_merge_partials(&m, paths, 1, -1, &qh, &err), -1);
	assert_int_equal(err.status, CUST_INPUT);
	snprintf(want, sizeof(want), "%s: not a partial state of cust-report (--partial FILE writes them)", e);
	assert_string_equal(err.msg, want);
	report_merged_free(&m);

	/* A state that cannot be written says so, as CUST_OUTPUT. */
	snprintf(want, sizeof(want), "%s/no/such/dir/x.json", dir);
	{
		struct report_def def = {.since = INT32_MIN};
		struct report_parts p = {whole, NULL, NULL, NULL, NULL, false};
		assert_int_equal(report_partial_write(want, &def, &p, &err), -1);
		assert_int_equal(err.status, CUST_OUTPUT);
	}
	report_free(whole);
	for (i = 0; i < qh.n; i++)
		free(qh.names[i]);
	free(qh.names);
	unlink(a);
	unlink(b);
	unlink(c);
	unlink(d);
	unlink(e);
	rmdir(dir);
}

/* -o's name, in any case, says the report's format; another is text. */
static void
test_format_of_name(void **state)
{
	(void)state;
	assert_int_equal(report_format_of_name("REPORT.XLSX"), RPT_XLSX);
	assert_int_equal(report_format_of_name("out/r.Html"), RPT_HTML);
	assert_int_equal(report_format_of_name("r.htm"), RPT_HTML);
	assert_int_equal(report_format_of_name("r.md"), RPT_MD);
	assert_int_equal(report_format_of_name("r.json"), RPT_JSON);
	assert_int_equal(report_format_of_name("r.csv"), RPT_CSV);
	assert_int_equal(report_format_of_name("r.jsonl"), RPT_TEXT);
	assert_int_equal(report_format_of_name("r.txt"), RPT_TEXT);
	assert_int_equal(report_format_of_name("r.json/x"), RPT_TEXT);
	assert_int_equal(report_format_of_name(NULL), RPT_TEXT);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_exact),
		cmocka_unit_test(test_metric_errors),
		cmocka_unit_test(test_quantile),
		cmocka_unit_test(test_quantile_unsorted),
		cmocka_unit_test(test_periods),
		cmocka_unit_test(test_trend_risk_merge),
		cmocka_unit_test(test_migration_merge),
		cmocka_unit_test(test_partial_files),
		cmocka_unit_test(test_format_of_name),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
