/* Unit tests for orders_load: order text read through the record reader
 * into an order book, with the orders it cannot count written to a
 * rejects file.  Every test runs twice, without and with the reader's
 * parsing thread, since orders_load has that thread judge each order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "idmap.h"
#include "orders.h"
#include "reader.h"
#include "rejects.h"
#include "value.h"
#include "testutil.h"

#define D DEC_SCALE
#define MAXAGG 4

static bool prefetch;   /* parse in a second thread, as the programs do */

/* Temporary files of the running test, removed by its teardown (with
 * its books) even when a failed assertion leaves the test half-way. */
static char *tmp[16];
static size_t ntmp;

static char *
tmp_with(const char *text, size_t n)
{
	assert_true(ntmp < ARRAY_LEN(tmp));
	return tmp[ntmp++] = tmpfile_with(text, n);
}

/* An order file loaded into a book: one slot per aggregate, each over
 * every day before the as-of date (orders_load leaves the later ones out
 * itself, and the slots must not hide that). */
struct book {
	char *path, *rjpath;        /* removed by clean_up */
	struct reader *r;           /* kept open: the expressions' scope is its header */
	struct expr *e[MAXAGG];
	size_t slot[MAXAGG], n;
	struct dayrange before;
	struct orderbook *ob;
	struct order_columns cols;
	struct order_stats st;
	unsigned long long nrejects;
	char *rejects;              /* the rejects file as written */
};

/* Order columns by name, in the header of the file being read. */
static long
column(void *ctx, const char *name, size_t n)
{
	const struct header *h = ctx;
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strlen(h->names[i]) == n && memcmp(h->names[i], name, n) == 0)
			return (long)i;
	return -1;
}

/* Books live here, not on a test's stack, which a failed assertion
 * leaves before the teardown frees them; path is NULL in a free one. */
static struct book pool[2];
/* The next book's orders are read through this map of merged ids. */
static const struct idmap *merges;

static struct book *
book_load(const char *text, size_t len, enum format from,
    const char *const *aggs, const struct status_filter *sf, const char *as_of)
{
	struct book *b;
	struct reader_opts o = {.from = from, .prefetch = prefetch};
	struct writer_opts wo = {.to = FMT_CSV};
	struct expr_scope scope = {NULL, NULL, column, NULL};
	const struct agg_call **calls;
	const struct header *h;
	struct rejects *rj;
	struct cust_err err;
	int32_t asof = day(as_of);

	for (b = pool; b < pool + ARRAY_LEN(pool) && b->path != NULL; b++)
		;
	assert_true(b < pool + ARRAY_LEN(pool));
	memset(b, 0, sizeof(*b));
	b->path = tmp_with(text, len);
	b->rjpath = tmp_with("", 0);
	if ((b->r = reader_open(&b->path, 1, &o, &err)) == NULL)
		fail_msg("%s", err.msg);
	h = reader_header(b->r);
	scope.order_ctx = (void *)h;
	b->cols.id = column((void *)h, "customer_id", 11);
	b->cols.date = column((void *)h, "order_date", 10);
	b->cols.status = column((void *)h, "status", 6);
	assert_true(b->cols.id >= 0 && b->cols.date >= 0);
	b->before = (struct dayrange){INT32_MIN, asof - 1};
	b->ob = orderbook_new();
	if (merges)
		orderbook_merge_ids(b->ob, merges);
	merges = NULL;
	for (b->n = 0; aggs[b->n] != NULL; b->n++) {
		assert_true(b->n < MAXAGG);
		if ((b->e[b->n] = expr_parse(aggs[b->n], &scope, &err)) == NULL)
			fail_msg("%s: %s", aggs[b->n], err.msg);
		assert_int_equal(expr_aggregates(b->e[b->n], 0, &calls), 1);
		b->slot[b->n] = orderbook_slot(b->ob, calls[0]->fn, calls[0]->arg, b->before);
		free(calls);
		order_columns_numeric(&b->cols, b->e[b->n]);
	}
	rj = rejects_open(b->rjpath, h, &wo, stderr, "test_orders", 0, &err);
	assert_non_null(rj);
	if (orders_load(b->r, &b->cols, sf, asof, b->ob, rj, &b->st, &err) < 0)
		fail_msg("orders_load: %s", err.msg);
	b->nrejects = rejects_count(rj);
	assert_int_equal(rejects_close(rj, &err), 0);
	b->rejects = read_all(b->rjpath);
	assert_non_null(b->rejects);
	/* Every order read is accounted for once, and every rejected one
	 * is in the file. */
	assert_int_equal(b->st.read, reader_count(b->r));
	assert_int_equal(b->st.read, b->st.counted + b->st.not_paid + b->st.after_as_of + b->st.rejected);
	assert_int_equal(b->st.rejected, b->nrejects);
	return b;
}

static void
book_free(struct book *b)
{
	size_t i;

	/* The slots point into the expressions: the book goes first. */
	orderbook_free(b->ob);
	for (i = 0; i < b->n; i++)
		expr_free(b->e[i]);
	reader_close(b->r);
	free(b->cols.numeric);
	free(b->rejects);
	memset(b, 0, sizeof(*b));
}

static int
clean_up(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(pool); i++)
		if (pool[i].path != NULL)
			book_free(&pool[i]);
	while (ntmp > 0) {
		unlink(tmp[--ntmp]);
		free(tmp[ntmp]);
	}
	return 0;
}

static long
find(const struct book *b, const char *id)
{
	return orderbook_find(b->ob, id, strlen(id));
}

/* Aggregate k of customer id, which must be a number. */
static int64_t
num(const struct book *b, const char *id, size_t k)
{
	struct xval v = orderbook_value(b->ob, find(b, id), b->slot[k]);

	assert_int_equal(v.type, X_NUM);
	return v.num;
}

/* Does the customer expression src hold for customer id?  Its aggregates
 * must be slots the book already has: a loaded book takes no new ones. */
static bool
holds(struct book *b, const char *id, const char *src)
{
	struct expr_scope scope = {NULL, NULL, column, (void *)reader_header(b->r)};
	struct cust_err err;
	struct expr *e = expr_parse(src, &scope, &err);
	const struct agg_call **calls;
	struct xval aggs[MAXAGG];
	size_t i, n, nslots = orderbook_nslots(b->ob);
	bool t;

	if (e == NULL)
		fail_msg("%s: %s", src, err.msg);
	n = expr_aggregates(e, 0, &calls);
	assert_true(n <= MAXAGG);
	for (i = 0; i < n; i++)
		aggs[calls[i]->slot] = orderbook_value(b->ob, find(b, id),
		    orderbook_slot(b->ob, calls[i]->fn, calls[i]->arg, b->before));
	assert_int_equal(orderbook_nslots(b->ob), nslots);
	t = xval_truthy(expr_eval(e, NULL, NULL, aggs));
	free(calls);
	expr_free(e);
	return t;
}

static const char *const sum_count[] = {"sum(amount)", "count()", NULL};
static const struct status_filter default_statuses = {NULL, 0, false, false};

/* C1's paid orders before 2024-10-01 are 345.79 + 145.29 + 8.92 = 500.00
 * (an empty status counts); two more are on and after the as-of date,
 * five have statuses excluded by default. */
static const char orders_csv[] =
    "order_id,customer_id,order_date,amount,status\n"
    "1,C1,2024-09-03,345.79,已付款\n"
    "2,C1,2024-09-15,145.29,paid\n"
    "3,C1,2024-09-30,8.92,\n"
    "4,C1,2024-10-01,1000.00,paid\n"
    "5,C1,2024-11-20,50.00,paid\n"
    "6,C1,2024-09-20,70.00,已取消\n"
    "7,C1,2024-09-21,80.00,已退款\n"
    "8,C1,2024-09-22,90.00,待付款\n"
    "9,C1,2024-09-23,11.00,cancelled\n"
    "10,C1,2024-09-24,12.00, Refunded \n"
    "11,C2,2024-01-05,5.10,paid\n";

/* The same orders as a JSON exporter writes them: numbers as JSON
 * numbers (whole ones with a ".0", as Python and pandas write floats),
 * some as strings, and null for no status. */
static const char orders_jsonl[] =
    "{\"order_id\": 1, \"customer_id\": \"C1\", \"order_date\": \"2024-09-03\", \"amount\": 345.79, \"status\": \"已付款\"}\n"
    "{\"order_id\": 2, \"customer_id\": \"C1\", \"order_date\": \"2024-09-15\", \"amount\": \"145.29\", \"status\": \"paid\"}\n"
    "{\"order_id\": 3, \"customer_id\": \"C1\", \"order_date\": \"2024-09-30\", \"amount\": 8.92, \"status\": null}\n"
    "{\"order_id\": 4, \"customer_id\": \"C1\", \"order_date\": \"2024-10-01\", \"amount\": 1000.0, \"status\": \"paid\"}\n"
    "{\"order_id\": 5, \"customer_id\": \"C1\", \"order_date\": \"2024-11-20\", \"amount\": 50, \"status\": \"paid\"}\n"
    "{\"order_id\": 6, \"customer_id\": \"C1\", \"order_date\": \"2024-09-20\", \"amount\": 70.0, \"status\": \"已取消\"}\n"
    "{\"order_id\": 7, \"customer_id\": \"C1\", \"order_date\": \"2024-09-21\", \"amount\": 80.0, \"status\": \"已退款\"}\n"
    "{\"order_id\": 8, \"customer_id\": \"C1\", \"order_date\": \"2024-09-22\", \"amount\": 90, \"status\": \"待付款\"}\n"
    "{\"order_id\": 9, \"customer_id\": \"C1\", \"order_date\": \"2024-09-23\", \"amount\": \"11.00\", \"status\": \"cancelled\"}\n"
    "{\"order_id\": 10, \"customer_id\": \"C1\", \"order_date\": \"2024-09-24\", \"amount\": 12, \"status\": \" Refunded \"}\n"
    "{\"order_id\": 11, \"customer_id\": \"C2\", \"order_date\": \"2024-01-05\", \"amount\": 5.1, \"status\": \"paid\"}\n";

/* What both forms of the orders must give with the default statuses. */
static void
check_default_statuses(struct book *b)
{
	/* First: when an order is rejected, the file says why. */
	assert_string_equal(b->rejects, "order_id,customer_id,order_date,amount,status,_line,_errors\n");
	assert_int_equal(b->st.read, 11);
	assert_int_equal(b->st.counted, 4);
	assert_int_equal(b->st.not_paid, 5);
	assert_int_equal(b->st.after_as_of, 2);
	assert_int_equal(b->st.rejected, 0);
	/* Exactly 500, in DEC_SCALE units, with no binary fraction left over. */
	assert_int_equal(num(b, "C1", 0), 500 * D);
	assert_int_equal(num(b, "C1", 1), 3 * D);
	assert_int_equal(num(b, "C2", 0), 5100000);
	assert_int_equal(num(b, "C2", 1), 1 * D);
	assert_int_equal(orderbook_customers(b->ob), 2);
}

static void
test_exact_sums_and_as_of(void **state)
{
	struct book *b;

	(void)state;
	b = book_load(orders_csv, sizeof(orders_csv) - 1, FMT_AUTO, sum_count, &default_statuses, "2024-10-01");
	check_default_statuses(b);
	/* 500 is not more than 500: no rounding makes it 500.0000001. */
	assert_false(holds(b, "C1", "sum(amount) > 500"));
	assert_true(holds(b, "C1", "sum(amount) >= 500"));
	assert_true(holds(b, "C1", "sum(amount) == 345.79 + 145.29 + 8.92"));
	book_free(b);

	/* A day later the order of 2024-10-01 counts too; the one of
	 * 2024-11-20 is still ahead. */
	b = book_load(orders_csv, sizeof(orders_csv) - 1, FMT_AUTO, sum_count, &default_statuses, "2024-10-02");
	assert_int_equal(b->st.counted, 5);
	assert_int_equal(b->st.after_as_of, 1);
	assert_int_equal(num(b, "C1", 0), 1500 * D);
	assert_int_equal(num(b, "C1", 1), 4 * D);
	book_free(b);
}

static void
test_status_filters(void **state)
{
	char *paid[] = {"paid", "已付款"};
	char *cancelled[] = {"已取消"};
	struct status_filter only = {paid, 2, true, false};
	struct status_filter exclude = {cancelled, 1, false, false};
	struct status_filter all = {NULL, 0, false, true};
	struct book *b;

	(void)state;
	/* Only paid and 已付款 count: C1's orders 1 and 2 (491.08); order 3's
	 * empty status is not in the list.  Orders 4 and 5 are paid but on
	 * or after the as-of date. */
	b = book_load(orders_csv, sizeof(orders_csv) - 1, FMT_CSV, sum_count, &only, "2024-10-01");
	assert_int_equal(b->st.counted, 3);
	assert_int_equal(b->st.not_paid, 6);
	assert_int_equal(b->st.after_as_of, 2);
	assert_int_equal(num(b, "C1", 0), 491080000);
	assert_int_equal(num(b, "C1", 1), 2 * D);
	assert_int_equal(num(b, "C2", 0), 5100000);
	book_free(b);

	/* Only 已取消 is excluded: 500 + 80 + 90 + 11 + 12 = 693 over 7 orders. */
	b = book_load(orders_csv, sizeof(orders_csv) - 1, FMT_CSV, sum_count, &exclude, "2024-10-01");
	assert_int_equal(b->st.counted, 8);
	assert_int_equal(b->st.not_paid, 1);
	assert_int_equal(b->st.after_as_of, 2);
	assert_int_equal(num(b, "C1", 0), 693 * D);
	assert_int_equal(num(b, "C1", 1), 7 * D);
	book_free(b);

	/* Every order counts: 693 + 70 = 763 over 8, and the date still
	 * leaves out orders 4 and 5. */
	b = book_load(orders_csv, sizeof(orders_csv) - 1, FMT_CSV, sum_count, &all, "2024-10-01");
	assert_int_equal(b->st.counted, 9);
	assert_int_equal(b->st.not_paid, 0);
	assert_int_equal(b->st.after_as_of, 2);
	assert_int_equal(num(b, "C1", 0), 763 * D);
	assert_int_equal(num(b, "C1", 1), 8 * D);
	book_free(b);
}

static void
test_rejects(void **state)
{
	/* Line numbers are those of the input: the quoted note of order 5
	 * spans lines 6 and 7. */
	static const char text[] =
	    "order_id,customer_id,order_date,amount,status,note\n"
	    "1,C1,2024-09-03,10.00,paid,\n"
	    "2,,2024-09-04,20.00,paid,\n"
	    "3,C1,2024-13-45,30.00,paid,\n"
	    "4,C3,2024-09-05,abc,paid,\n"
	    "5,C4,2024-09-06,\"1,234.50\",paid,\"two\nlines\"\n"
	    "6,C4,,5.00,paid,\n"
	    "7,   ,2024-09-07,1.00,paid,\n"
	    "8,C5,2024-09-08\n"
	    "9,C6,2024-09-09,,paid,no amount\n";
	static const char want[] =
	    "order_id,customer_id,order_date,amount,status,note,_line,_errors\n"
	    "2,,2024-09-04,20.00,paid,,3,no customer id\n"
	    "3,C1,2024-13-45,30.00,paid,,4,\"order_date: no such date: \"\"2024-13-45\"\"\"\n"
	    "4,C3,2024-09-05,abc,paid,,5,\"amount: not a number: \"\"abc\"\"\"\n"
	    "6,C4,,5.00,paid,,8,order_date: empty\n"
	    "7,   ,2024-09-07,1.00,paid,,9,no customer id\n"
	    "8,C5,2024-09-08,,,,10,\"expected 6 fields, found 3\"\n";
	struct book *b;

	(void)state;
	b = book_load(text, sizeof(text) - 1, FMT_AUTO, sum_count, &default_statuses, "2024-10-01");
	assert_string_equal(b->rejects, want);
	assert_int_equal(b->st.read, 9);
	assert_int_equal(b->st.counted, 3);
	assert_int_equal(b->st.rejected, 6);
	assert_int_equal(b->st.not_paid, 0);
	assert_int_equal(b->st.after_as_of, 0);
	/* A rejected order is never counted as zero: C1 has only order 1. */
	assert_int_equal(num(b, "C1", 0), 10 * D);
	assert_int_equal(num(b, "C1", 1), 1 * D);
	/* C3's only order had no number: known, nothing counted. */
	assert_true(find(b, "C3") >= 0);
	assert_false(orderbook_counted(b->ob, find(b, "C3")));
	assert_int_equal(num(b, "C3", 1), 0);
	/* Thousands separators are a number; the bad date is C4's other order. */
	assert_int_equal(num(b, "C4", 0), 1234500000);
	assert_int_equal(num(b, "C4", 1), 1 * D);
	/* An empty amount is no number but not an error: the order counts,
	 * sum() skips it. */
	assert_int_equal(num(b, "C6", 0), 0);
	assert_int_equal(num(b, "C6", 1), 1 * D);
	assert_true(orderbook_counted(b->ob, find(b, "C6")));
	/* A record that is not whole names nobody. */
	assert_int_equal(find(b, "C5"), -1);
	assert_int_equal(orderbook_customers(b->ob), 4);
	book_free(b);
}

static void
test_two_bad_numbers(void **state)
{
	/* Both numeric columns are checked, and every bad one is named. */
	static const char text[] =
	    "customer_id,order_date,qty,price\n"
	    "C1,2024-09-01,2,3.50\n"
	    "C1,2024-09-02,x,¥1.00\n"
	    "C1,2024-09-03,1,n/a\n"
	    "C1,2024-09-04,zwei,drei\n";
	static const char want[] =
	    "customer_id,order_date,qty,price,_line,_errors\n"
	    "C1,2024-09-02,x,¥1.00,3,\"qty: not a number: \"\"x\"\"\"\n"
	    "C1,2024-09-03,1,n/a,4,\"price: not a number: \"\"n/a\"\"\"\n"
	    "C1,2024-09-04,zwei,drei,5,\"qty: not a number: \"\"zwei\"\"; price: not a number: \"\"drei\"\"\"\n";
	static const char *const aggs[] = {"sum(qty * price)", NULL};
	struct book *b;

	(void)state;
	b = book_load(text, sizeof(text) - 1, FMT_AUTO, aggs, &default_statuses, "2024-10-01");
	assert_int_equal(b->cols.nnumeric, 2);
	assert_string_equal(b->rejects, want);
	assert_int_equal(b->st.counted, 1);
	assert_int_equal(b->st.rejected, 3);
	assert_int_equal(num(b, "C1", 0), 7 * D);
	book_free(b);
}

static void
test_uncounted_customers(void **state)
{
	static const char text[] =
	    "customer_id,order_date,amount,status\n"
	    "K1,2024-09-01,10.00,已取消\n"
	    "K1,2024-09-02,20.00,cancelled\n"
	    "K2,2024-10-05,30.00,paid\n"
	    "K3,2024-02-30,40.00,paid\n"
	    "K4,2024-09-03,abc,paid\n"
	    "K5,2024-09-04,50.00,paid\n";
	static const char *const k[] = {"K1", "K2", "K3", "K4"};
	struct xval none;
	struct book *b;
	size_t i;

	(void)state;
	b = book_load(text, sizeof(text) - 1, FMT_AUTO, sum_count, &default_statuses, "2024-10-01");
	assert_int_equal(b->st.not_paid, 2);
	assert_int_equal(b->st.after_as_of, 1);
	assert_int_equal(b->st.rejected, 2);
	assert_int_equal(b->st.counted, 1);
	/* Only cancelled, only after the as-of date, only rejected: each
	 * is a customer (to be graded) with nothing counted, whose totals
	 * are those of a customer with no orders at all. */
	none = orderbook_value(b->ob, -1, b->slot[0]);
	assert_int_equal(none.type, X_NUM);
	assert_int_equal(none.num, 0);
	for (i = 0; i < ARRAY_LEN(k); i++) {
		long c = find(b, k[i]);
		assert_true(c >= 0);
		assert_false(orderbook_counted(b->ob, c));
		assert_int_equal(num(b, k[i], 0), 0);
		assert_int_equal(num(b, k[i], 1), 0);
	}
	assert_true(orderbook_counted(b->ob, find(b, "K5")));
	assert_int_equal(num(b, "K5", 0), 50 * D);
	assert_int_equal(find(b, "K6"), -1);
	assert_false(orderbook_counted(b->ob, -1));
	assert_int_equal(orderbook_customers(b->ob), 5);
	book_free(b);
}

static void
test_spreadsheet_ids(void **state)
{
	static const char text[] =
	    "customer_id,order_date,amount\n"
	    "17850.0,2024-09-01,10.00\n"
	    "17850,2024-09-02,20.00\n"
	    " 17850 ,2024-09-03,30.00\n"
	    "17850.00,2024-09-04,40.00\n"
	    "\"17850\",2024-09-05,2.00\n"
	    "17850.5,2024-09-06,1.00\n";
	const char *key, *id;
	size_t n;
	long c;
	struct book *b;

	(void)state;
	b = book_load(text, sizeof(text) - 1, FMT_AUTO, sum_count, &default_statuses, "2024-10-01");
	assert_int_equal(b->st.counted, 6);
	/* 17850.0, 17850, " 17850 ", 17850.00 and "17850" are one customer;
	 * 17850.5 is not an integer and another. */
	assert_int_equal(orderbook_customers(b->ob), 2);
	assert_int_equal(num(b, "17850", 0), 102 * D);
	assert_int_equal(num(b, "17850", 1), 5 * D);
	assert_int_equal(num(b, "17850.5", 0), 1 * D);
	/* The book is keyed on the integer, as id_key makes of 17850.0. */
	c = find(b, "17850");
	n = id_key("17850.0", 7, &key);
	assert_int_equal(orderbook_find(b->ob, key, n), c);
	id = orderbook_id(b->ob, (size_t)c, &n);
	assert_int_equal(n, 5);
	assert_memory_equal(id, "17850", 5);
	book_free(b);
}

static void
test_dates_and_times(void **state)
{
	/* No status column: every order counts.  45545 is Excel's serial
	 * for 2024-09-10 (45569 is 2024-10-04), 45565.75 is 2024-09-30 at
	 * 18:00 and 45566 the as-of date itself. */
	static const char text[] =
	    "customer_id,order_date,amount\n"
	    "D1,2024-09-03 10:11:12,1.00\n"
	    "D2,45545,2.00\n"
	    "D3,45565.75,3.00\n"
	    "D3,45566,4.00\n"
	    "D4,2024-09-30 23:59:59,5.00\n"
	    "D4,2024-10-01 00:00:00,6.00\n"
	    "D5,2024年9月12日,7.00\n"
	    "D5,2024/9/13 8:26,8.00\n";
	static const char *const aggs[] = {"sum(amount)", "recency()", "tenure()", NULL};
	struct book *b;

	(void)state;
	b = book_load(text, sizeof(text) - 1, FMT_AUTO, aggs, &default_statuses, "2024-10-01");
	assert_int_equal(b->cols.status, -1);
	assert_int_equal(b->st.read, 8);
	assert_int_equal(b->st.counted, 6);
	assert_int_equal(b->st.after_as_of, 2);
	assert_string_equal(b->rejects, "customer_id,order_date,amount,_line,_errors\n");
	/* Days from the order to 2024-10-01: the time of day is dropped. */
	assert_int_equal(num(b, "D1", 1), 28 * D);
	assert_int_equal(num(b, "D1", 0), 1 * D);
	assert_int_equal(num(b, "D2", 1), 21 * D);
	assert_int_equal(num(b, "D2", 0), 2 * D);
	assert_int_equal(num(b, "D3", 1), 1 * D);
	assert_int_equal(num(b, "D3", 0), 3 * D);
	assert_int_equal(num(b, "D4", 1), 1 * D);
	assert_int_equal(num(b, "D4", 0), 5 * D);
	assert_int_equal(num(b, "D5", 1), 18 * D);
	assert_int_equal(num(b, "D5", 2), 19 * D);
	assert_int_equal(num(b, "D5", 0), 15 * D);
	book_free(b);
}

static void
test_jsonl_same_as_csv(void **state)
{
	struct book *csv, *jsonl;

	(void)state;
	csv = book_load(orders_csv, sizeof(orders_csv) - 1, FMT_AUTO, sum_count, &default_statuses, "2024-10-01");
	jsonl = book_load(orders_jsonl, sizeof(orders_jsonl) - 1, FMT_AUTO, sum_count, &default_statuses,
	    "2024-10-01");
	assert_int_equal(reader_format(jsonl->r), FMT_JSONL);
	check_default_statuses(csv);
	check_default_statuses(jsonl);
	book_free(csv);
	book_free(jsonl);
}

static void
test_jsonl_whole_numbers(void **state)
{
	/* JSON has one kind of number: 20.0 and 1000.0 are twenty and a
	 * thousand, and a customer id written 17850.0 is customer 17850. */
	static const char text[] =
	    "{\"customer_id\": 17850.0, \"order_date\": \"2024-09-01\", \"amount\": 1000.0}\n"
	    "{\"customer_id\": 17850, \"order_date\": \"2024-09-02\", \"amount\": 20.0}\n"
	    "{\"customer_id\": \"17850\", \"order_date\": \"2024-09-03\", \"amount\": 0.5}\n"
	    "{\"customer_id\": \"C1\", \"order_date\": \"2024-09-04\", \"amount\": 1.5e2}\n";
	struct book *b;

	(void)state;
	b = book_load(text, sizeof(text) - 1, FMT_JSONL, sum_count, &default_statuses, "2024-10-01");
	assert_string_equal(b->rejects, "customer_id,order_date,amount,_line,_errors\n");
	assert_int_equal(b->st.counted, 4);
	assert_int_equal(orderbook_customers(b->ob), 2);
	assert_int_equal(num(b, "17850", 0), 1020500000);
	assert_int_equal(num(b, "17850", 1), 3 * D);
	assert_int_equal(num(b, "C1", 0), 150 * D);
	book_free(b);
}

static void
test_many_orders(void **state)
{
	/* Enough orders for the look-ahead (which works 8 and 16 records
	 * ahead) to find customers before their orders are added up.  Order
	 * j is customer j % 50's, of 12.34; every tenth (j % 10 == 9) is
	 * cancelled, which is every order of the customers 9, 19, 29, 39
	 * and 49.  Each customer has 40 orders: 40 * 12.34 = 493.60. */
	struct strbuf text = STRBUF_INIT;
	struct book *b;
	char id[16];
	int j;

	(void)state;
	sb_adds(&text, "order_id,customer_id,order_date,amount,status\n");
	for (j = 0; j < 2000; j++)
		sb_addf(&text, "%d,C%02d,2024-09-%02d,12.34,%s\n", j, j % 50, j % 28 + 1,
		    j % 10 == 9 ? "已取消" : "paid");
	b = book_load(text.s, text.len, FMT_AUTO, sum_count, &default_statuses, "2024-10-01");
	assert_int_equal(b->st.read, 2000);
	assert_int_equal(b->st.counted, 1800);
	assert_int_equal(b->st.not_paid, 200);
	assert_int_equal(orderbook_customers(b->ob), 50);
	for (j = 0; j < 50; j++) {
		snprintf(id, sizeof(id), "C%02d", j);
		assert_true(find(b, id) >= 0);
		if (j % 10 == 9) {
			assert_false(orderbook_counted(b->ob, find(b, id)));
			assert_int_equal(num(b, id, 0), 0);
		} else {
			assert_true(orderbook_counted(b->ob, find(b, id)));
			assert_int_equal(num(b, id, 0), 493600000);
			assert_int_equal(num(b, id, 1), 40 * D);
		}
	}
	book_free(b);
	sb_free(&text);
}

/* A merge's survivor owns the orders of the ids it absorbed: each
 * aggregate as if the orders had been its own from the start, distinct()
 * counting a value the ids share once, and every order seen as the
 * survivor's by on_order. */
static size_t seen_as[8];
static size_t nseen;

static void
see_order(void *ctx, size_t cust, int32_t day, char *const *row, const size_t *rowlen)
{
	(void)ctx, (void)day, (void)row, (void)rowlen;
	if (nseen < ARRAY_LEN(seen_as))
		seen_as[nseen] = cust;
	nseen++;
}

static void
test_merged_ids(void **state)
{
	static const char text[] =
	    "customer_id,order_date,amount,cat\n"
	    "K001,2024-01-15,4000.00,家电\n"
	    "K001,2024-03-02,3500.00,服装\n"
	    "K005,2024-06-11,1200.00,食品\n"
	    "K005,2024-06-12,10.00,服装\n"
	    "K008,2024-07-04,300.00,服装\n"
	    "K009,2024-08-01,1.00,服装\n"
	    "K404,2024-08-02,2.00,服装\n";
	static const char *const aggs[] = {"sum(amount)", "distinct(cat)", "min(amount)", "recency()", NULL};
	struct idmap *m = idmap_new();
	struct book *b;
	long k008;

	(void)state;
	idmap_add(m, "K001", 4, "K008", 4);
	idmap_add(m, "K005", 4, "K008", 4);
	idmap_add(m, "K009", 4, "K100", 4);     /* a survivor with no orders of its own */
	idmap_add(m, "K100", 4, "K008", 4);     /* absorbed in turn: K009 -> K100 -> K008 */
	idmap_add(m, "K404", 4, "K404", 4);     /* itself: nothing */
	merges = m;
	nseen = 0;
	b = book_load(text, sizeof(text) - 1, FMT_CSV, aggs, &default_statuses, "2024-10-01");
	k008 = find(b, "K008");
	assert_true(k008 >= 0);
	assert_int_equal(num(b, "K008", 0), 9011 * D);
	assert_int_equal(num(b, "K008", 1), 3 * D);          /* 家电, 服装, 食品: not 2 + 2 + 1 + 1 */
	assert_int_equal(num(b, "K008", 2), 1 * D);
	assert_int_equal(num(b, "K008", 3), 61 * D);         /* the last order, K009's of 2024-08-01 */
	assert_true(orderbook_absorbed(b->ob, find(b, "K001")));
	assert_false(orderbook_absorbed(b->ob, k008));
	assert_false(orderbook_absorbed(b->ob, find(b, "K404")));
	assert_false(orderbook_counted(b->ob, find(b, "K001")));
	assert_int_equal(orderbook_owner(b->ob, find(b, "K001")), k008);
	assert_int_equal(orderbook_owner(b->ob, find(b, "K009")), k008);
	assert_int_equal(orderbook_owner(b->ob, k008), k008);
	assert_int_equal(orderbook_owner(b->ob, -1), -1);
	assert_true(find(b, "K100") < 0);                    /* K009's survivor is K008 */
	/* Absorbed ids are not unknown to the customer table. */
	orderbook_mark(b->ob, k008);
	orderbook_mark(b->ob, find(b, "K404"));
	assert_int_equal(orderbook_unmarked(b->ob), 0);
	idmap_free(m);
}

/* What a program sees of each order itself (orderbook_on_order) is the
 * survivor's, as the totals are. */
static void
test_merged_ids_on_order(void **state)
{
	static const char text[] = "customer_id,order_date,amount\nK001,2024-01-15,4\nK008,2024-01-16,3\n";
	struct idmap *m = idmap_new();
	struct reader_opts o = {.from = FMT_CSV};
	struct order_columns cols = {0, 1, -1, NULL, 0};
	struct order_stats st = {0};
	struct status_filter all = {.all = true};
	struct writer_opts wo = {.to = FMT_CSV};
	struct orderbook *ob = orderbook_new();
	char *path = tmp_with(text, sizeof(text) - 1), *rjpath = tmp_with("", 0);
	struct reader *r;
	struct rejects *rj;
	struct cust_err err;

	(void)state;
	idmap_add(m, "K001", 4, "K008", 4);
	orderbook_merge_ids(ob, m);
	orderbook_on_order(ob, see_order, NULL);
	nseen = 0;
	r = reader_open(&path, 1, &o, &err);
	assert_non_null(r);
	rj = rejects_open(rjpath, reader_header(r), &wo, stderr, "test_orders", 0, &err);
	assert_non_null(rj);
	assert_int_equal(orders_load(r, &cols, &all, day("2024-10-01"), ob, rj, &st, &err), 0);
	assert_int_equal(rejects_close(rj, &err), 0);
	assert_int_equal(nseen, 2);
	assert_int_equal(seen_as[0], orderbook_find(ob, "K008", 4));
	assert_int_equal(seen_as[1], orderbook_find(ob, "K008", 4));
	reader_close(r);
	orderbook_free(ob);
	idmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_exact_sums_and_as_of, clean_up),
		cmocka_unit_test_teardown(test_status_filters, clean_up),
		cmocka_unit_test_teardown(test_rejects, clean_up),
		cmocka_unit_test_teardown(test_two_bad_numbers, clean_up),
		cmocka_unit_test_teardown(test_uncounted_customers, clean_up),
		cmocka_unit_test_teardown(test_spreadsheet_ids, clean_up),
		cmocka_unit_test_teardown(test_dates_and_times, clean_up),
		cmocka_unit_test_teardown(test_jsonl_same_as_csv, clean_up),
		cmocka_unit_test_teardown(test_jsonl_whole_numbers, clean_up),
		cmocka_unit_test_teardown(test_many_orders, clean_up),
		cmocka_unit_test_teardown(test_merged_ids, clean_up),
		cmocka_unit_test_teardown(test_merged_ids_on_order, clean_up),
	};
	int failed;

	/* Both ways whatever CUSTKIT_THREADS says: orders_load's work is
	 * split differently with the parsing thread. */
	prefetch = false;
	failed = cmocka_run_group_tests_name("one thread", tests, NULL, NULL);
	prefetch = true;
	return failed + cmocka_run_group_tests_name("parsing thread", tests, NULL, NULL);
}
