/* Unit tests for customers.c: a customer table read beside its orders,
 * columns by header and by role, --orders-only ids, and the errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "customers.h"
#include "writer.h"
#include "testutil.h"

static const char orders_text[] =
    "订单编号,客户编号,下单日期,金额,状态,数量,单价\n"
    "1,C1,2024-09-01,100.50,已付款,2,50.25\n"
    "2, C2 ,2024-09-02,20,已取消,1,20\n"
    "3,C3,2024-09-03,abc,已付款,1,1\n"
    "4,C1,2024-09-04,\"¥1,000.00\",已付款,1,1000\n"
    "5,C9,2024-10-05,5,已付款,1,5\n";
static const char table_text[] =
    "客户编号,姓名,城市\n"
    "C2,王芳,上海\n"
    "C1,张伟,北京\n"
    "C4,刘洋,深圳\n";

struct fixture {
	char *orders, *table, *rejects;
	struct customers cs;
	struct orderbook *ob;
	struct expr *e;
	bool open;
};

static int
set_up(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	f->orders = tmpfile_with(orders_text, sizeof(orders_text) - 1);
	f->table = tmpfile_with(table_text, sizeof(table_text) - 1);
	f->rejects = tmpfile_with("", 0);
	*state = f;
	return 0;
}

static int
tear_down(void **state)
{
	struct fixture *f = *state;

	expr_free(f->e);
	orderbook_free(f->ob);
	if (f->open)
		customers_close(&f->cs);
	unlink(f->orders);
	unlink(f->table);
	unlink(f->rejects);
	free(f->orders);
	free(f->table);
	free(f->rejects);
	free(f);
	return 0;
}

static int
open_run(struct fixture *f, bool orders_only, char **order_cols, size_t norder_cols,
    struct cust_err *err)
{
	struct customers_opts o = {f->orders, orders_only, &f->table, 1, NULL, 0, order_cols,
	    norder_cols, {.prefetch = false}, NULL};
	int rc = customers_open(&f->cs, &o, err);

	f->open = true;
	return rc;
}

/* Parse e over the run's columns, declare sum(arg) over September, load. */
static size_t
load(struct fixture *f, const char *src)
{
	struct expr_scope scope = customers_scope(&f->cs);
	const struct agg_call **calls;
	struct dayrange sep = {day("2024-09-01"), day("2024-09-30")};
	struct writer_opts wo = {.to = FMT_CSV};
	struct rejects *rj;
	struct cust_err err;
	size_t slot;

	f->e = expr_parse(src, &scope, &err);
	if (f->e == NULL)
		fail_msg("%s", err.msg);
	expr_aggregates(f->e, 0, &calls);
	f->ob = orderbook_new();
	slot = orderbook_slot(f->ob, calls[0]->fn, calls[0]->arg, sep);
	free(calls);
	order_columns_numeric(&f->cs.oc, f->e);
	rj = rejects_open(f->rejects, reader_header(f->cs.orders), &wo, stderr, "test_customers", 0, &err);
	assert_non_null(rj);
	assert_int_equal(customers_load_orders(&f->cs, f->ob, &(struct status_filter){0}, day("2024-10-01"),
	    rj, &err), 0);
	assert_int_equal(rejects_close(rj, &err), 0);
	return slot;
}

static void
test_table_beside_orders(void **state)
{
	struct fixture *f = *state;
	struct cust_err err;
	struct customer c;
	size_t slot;
	struct expr_words w;
	char *got;

	assert_int_equal(open_run(f, false, NULL, 0, &err), 0);
	assert_int_equal(customers_header(&f->cs)->n, 3);
	assert_int_equal(customers_format(&f->cs), FMT_CSV);
	/* "amount" is found by role (金额), "数量 * 单价" by header. */
	slot = load(f, "sum(amount) > 0");
	w = customers_words(&f->cs, true);
	assert_int_equal(w.amount, 3);
	assert_int_equal(w.quantity, 5);
	assert_int_equal(w.price, 6);
	/* C3's abc and the cancelled order of C2 do not count; C9 comes
	 * after the as-of date. */
	assert_int_equal(f->cs.stats.read, 5);
	assert_int_equal(f->cs.stats.counted, 2);
	assert_int_equal(f->cs.stats.not_paid, 1);
	assert_int_equal(f->cs.stats.rejected, 1);
	assert_int_equal(f->cs.stats.after_as_of, 1);
	got = read_all(f->rejects);
	assert_string_equal(got, "订单编号,客户编号,下单日期,金额,状态,数量,单价,_line,_errors\n"
	    "3,C3,2024-09-03,abc,已付款,1,1,4,\"金额: not a number: \"\"abc\"\"\"\n");
	free(got);
	/* The table in its own order, each with its totals; the padded id
	 * of the orders is the table's C2. */
	assert_int_equal(customers_next(&f->cs, &c, &err), 1);
	assert_int_equal(c.keylen, 2);
	assert_memory_equal(c.key, "C2", 2);
	assert_true(c.cust >= 0);
	assert_false(orderbook_counted(f->ob, c.cust));
	assert_int_equal(c.n, 3);
	assert_string_equal(c.field[1], "王芳");
	assert_non_null(c.rec);
	assert_int_equal(c.rec->line, 2);
	assert_int_equal(customers_next(&f->cs, &c, &err), 1);
	assert_memory_equal(c.key, "C1", 2);
	assert_int_equal(orderbook_value(f->ob, c.cust, slot).num, 110050 * (DEC_SCALE / 100));
	assert_int_equal(customers_next(&f->cs, &c, &err), 1);
	assert_memory_equal(c.key, "C4", 2);
	assert_int_equal(c.cust, -1);
	assert_int_equal(customers_next(&f->cs, &c, &err), 0);
}

static void
test_orders_only(void **state)
{
	static const char *const ids[] = {"C1", "C2", "C3", "C9"};
	struct fixture *f = *state;
	struct cust_err err;
	struct customer c;
	size_t i, slot;

	assert_int_equal(open_run(f, true, NULL, 0, &err), 0);
	assert_null(f->cs.table);
	assert_int_equal(customers_header(&f->cs)->n, 1);
	assert_string_equal(customers_header(&f->cs)->names[0], "customer_id");
	slot = load(f, "sum(数量 * 单价) > 0");
	/* Every id the orders name, in the order they first appear, also
	 * those none of whose orders count. */
	for (i = 0; i < ARRAY_LEN(ids); i++) {
		assert_int_equal(customers_next(&f->cs, &c, &err), 1);
		assert_int_equal(c.n, 1);
		assert_string_equal(c.field[0], ids[i]);
		assert_int_equal(c.cust, (long)i);
		assert_null(c.rec);
	}
	assert_int_equal(customers_next(&f->cs, &c, &err), 0);
	assert_int_equal(orderbook_value(f->ob, 0, slot).num, 1100500000);
}

static void
test_errors(void **state)
{
	struct fixture *f = *state;
	char *bad_col[] = {"order_date=nosuch"};
	char *no_date_text = "客户编号,金额\nC1,5\n";
	char *no_date = tmpfile_with(no_date_text, strlen(no_date_text));
	char *table_without_id_text = "姓名,城市\n张伟,北京\n";
	char *table_without_id = tmpfile_with(table_without_id_text, strlen(table_without_id_text));
	struct cust_err err;
	char want[512];

	assert_int_equal(open_run(f, false, bad_col, 1, &err), -1);
	assert_int_equal(err.status, CUST_USAGE);
	assert_string_equal(err.msg, "--order-col order_date=nosuch: no column named 'nosuch'");
	customers_close(&f->cs);
	f->open = false;

	/* Orders without a date column. */
	free(f->orders);
	f->orders = no_date;
	assert_int_equal(open_run(f, false, NULL, 0, &err), -1);
	assert_int_equal(err.status, CUST_INPUT);
	snprintf(want, sizeof(want), "%s: no order date column (name it with --order-col order_date=HEADER)",
	    no_date);
	assert_string_equal(err.msg, want);
	customers_close(&f->cs);
	f->open = false;
	unlink(no_date);
	free(no_date);
	f->orders = tmpfile_with(orders_text, sizeof(orders_text) - 1);

	/* A table without a customer id column. */
	unlink(f->table);
	free(f->table);
	f->table = table_without_id;
	assert_int_equal(open_run(f, false, NULL, 0, &err), -1);
	assert_int_equal(err.status, CUST_INPUT);
	assert_string_equal(err.msg,
	    "the customer table has no customer id column (name it with --col id=HEADER)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table_beside_orders, set_up, tear_down),
		cmocka_unit_test_setup_teardown(test_orders_only, set_up, tear_down),
		cmocka_unit_test_setup_teardown(test_errors, set_up, tear_down),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
