/* Unit tests for expr.c: parsing, exact arithmetic, NULLs, errors, aggregates. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

/* Columns a, b, 金额, Quantity, UnitPrice, status, `unit price` */
static const char *const cols[] = {"a", "b", "金额", "Quantity", "UnitPrice", "status", "unit price"};

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

static char *row[] = {"2", "", "345.79", "3", "0.085", "已付款", "1.5"};
static size_t rowlen[7];

static const struct expr_scope row_scope = {lookup, NULL, NULL, NULL};
static const struct expr_scope cust_scope = {lookup, NULL, lookup, NULL};

/* Evaluate src over row and render the result. */
static char *
eval_str(const char *src, const struct expr_scope *scope, const struct xval *aggs)
{
	static char buf[1100];
	struct cust_err err;
	struct expr *e = expr_parse(src, scope, &err);
	struct xval v;
	size_t i;

	for (i = 0; i < 7; i++)
		rowlen[i] = strlen(row[i]);
	if (e == NULL) {
		snprintf(buf, sizeof(buf), "error: %s", err.msg);
		return buf;
	}
	v = expr_eval(e, row, rowlen, aggs);
	switch (v.type) {
	case X_NULL: strcpy(buf, v.num == X_NOT_NUMBER ? "null (not a number)" : "null"); break;
	case X_BOOL: strcpy(buf, v.num ? "true" : "false"); break;
	case X_STR: snprintf(buf, sizeof(buf), "'%.*s'", (int)v.len, v.str); break;
	case X_NUM: dec_format(v.num, buf); break;
	}
	expr_free(e);
	return buf;
}

#define EV(src, want) assert_string_equal(eval_str(src, &row_scope, NULL), want)

static void
test_arithmetic(void **state)
{
	(void)state;
	EV("1 + 2 * 3", "7");
	EV("(1 + 2) * 3", "9");
	EV("10 - 4 - 3", "3");
	EV("12 / 4 / 3", "1");
	EV("-2 * -3", "6");
	EV("345.79 + 145.29 + 8.92", "500");
	EV("345.79 + 145.29 + 8.92 > 500", "false");
	EV("345.79 + 145.29 + 8.92 == 500", "true");
	EV("0.1 + 0.2 == 0.3", "true");
	EV("1 / 3", "0.333333");
	EV("2 / 3", "0.666667");
	EV("-2 / 3", "-0.666667");
	EV("1 / 0", "null");
	EV("Quantity * UnitPrice", "0.255");
	EV("金额 * 2", "691.58");
	EV("`unit price` + 1", "2.5");
	EV("a + b", "null");
	EV("'¥1,234.50' + 0", "1234.5");
	/* A null all the same, but one a report counts as a value that is
	 * not a number, where an empty operand is no value. */
	EV("'abc' + 1", "null (not a number)");
	EV("1 * 'abc'", "null (not a number)");
	EV("-status", "null (not a number)");
	EV("(status * 2) + 1", "null (not a number)");
	EV("(a + b) * status", "null (not a number)");
	EV("status * (a + b)", "null (not a number)");
	EV("b * 2", "null");
	EV("abs(status)", "null (not a number)");
	EV("round(status, 2)", "null (not a number)");
	EV("' ' * 2", "null");
	EV("coalesce(status * 2, 0)", "0");
	EV("status / 0", "null (not a number)");
	EV("a / 0", "null");
	EV("9223372036854 * 1000000", "null");
	EV("round(2 / 3, 2)", "0.67");
	EV("round(2.5)", "3");
	EV("abs(-4.25)", "4.25");
	/* custkit-rules(5): rounded half away from zero at the sixth place;
	 * a result too large is null, at either end. */
	EV("round(-2.5)", "-3");
	EV("round(2.4999)", "2");
	EV("round(1.005, 2)", "1.01");
	EV("round(-1.005, 2)", "-1.01");
	EV("0.000003 / 2", "0.000002");
	EV("-0.000003 / 2", "-0.000002");
	EV("0.000001 / 3", "0");
	EV("0.000002 / 3", "0.000001");
	EV("0.001 * 0.0005", "0.000001");
	EV("0.001 * 0.0004", "0");
	EV("-0.001 * 0.0005", "-0.000001");
	EV("9000000000000 + 9000000000000", "null");
	EV("-9000000000000 - 9000000000000", "null");
	EV("9000000000000 - -9000000000000", "null");
	EV("2 - -3", "5");
	EV("-(2 - 3)", "1");
	EV("7 / 2 * 2", "7");
	/* The least number has no absolute value in range (UBSan found the
	 * negation overflowing); rounding the largest up is past it too. */
	EV("abs(-9223372036854.775807 - 0.000001)", "null");
	EV("abs(-9223372036854.775807)", "9223372036854.775807");
	EV("round(9223372036854.775807)", "null");
	EV("round(-9223372036854.775807 - 0.000001, 2)", "null");
	EV("round(9223372036854.4)", "9223372036854");
}

static void
test_logic_and_comparison(void **state)
{
	(void)state;
	EV("1 < 2 && 2 < 3", "true");
	EV("1 < 2 && !(2 < 3)", "false");
	EV("1 > 2 || 3 > 2", "true");
	EV("status == '已付款'", "true");
	EV("status = '已付款'", "true");
	EV("status != '已取消'", "true");
	EV("a == 2", "true");
	EV("a == '2.00'", "true");
	EV("'b' > 'a'", "true");
	EV("b == null", "true");
	EV("b != null", "false");
	EV("a != null", "true");
	EV("b > 0", "false");
	EV("b < 0", "false");
	EV("null == null", "true");
	EV("true && 1", "true");
	EV("if(a > 1, 'big', 'small')", "'big'");
	EV("coalesce(b, a)", "'2'");
	EV("len('张三丰')", "3");
	EV("contains(status, '付')", "true");
	EV("starts_with(status, '已')", "true");
	EV("lower('ABC')", "'abc'");
	EV("upper('abc')", "'ABC'");
	/* Text compares as the toolkit compares it: NFKC, case-folded, white
	 * space collapsed and trimmed. */
	EV("'VIP' == 'vip '", "true");
	EV("' Gold  member ' == 'gold MEMBER'", "true");
	EV("'ＶＩＰ' == 'vip'", "true");
	EV("'北京' == '北京'", "true");
	EV("'北京' == '北京市'", "false");
	EV("'北京' != '上海'", "true");
	EV("'a' < 'B'", "true");
	EV("'ab' < 'a'", "false");
	EV("contains('Gold Member', 'MEMBER')", "true");
	EV("starts_with('  vip card', 'VIP')", "true");
	EV("contains('ＶＩＰ客户', 'vip')", "true");
	/* A needle of white space is looked for as it is. */
	EV("contains('Ann', ' ')", "false");
	EV("contains('Bo Li', ' ')", "true");
	/* A comparison with an empty value is false, != too; only == null
	 * and != null test for it. */
	EV("b != 5", "false");
	EV("b != 'vip'", "false");
	EV("b == null", "true");
	EV("b != null", "false");
	EV("a != null", "true");
	/* Literals, and what holds: true, a number other than 0, text that is
	 * not empty. */
	EV("true", "true");
	EV("false || true", "true");
	EV("null", "null");
	EV("'x' && 1", "true");
	EV("'' || 0", "false");
	EV("!''", "true");
	EV("!0.000001", "false");
	EV("1 <= 1 && 1 >= 1 && !(1 < 1) && !(1 > 1)", "true");
	EV("2 >= 1 && !(2 <= 1)", "true");
	EV("a = 2 && a != 3", "true");
}

static void
test_errors(void **state)
{
	(void)state;
	EV("1 +", "error: column 4: expected an operand, found the end");
	EV("sum(amount) > 500", "error: column 1: sum() is an aggregate, and aggregates are not allowed here");
	EV("amout > 1", "error: column 1: unknown column 'amout'");
	EV("金额 > 1 && 数量 > 2", "error: column 11: unknown column '数量'");
	EV("(1 + 2", "error: column 7: expected ')'");
	EV("sun(a)", "error: column 1: unknown function 'sun'");
	EV("1 2", "error: column 3: unexpected text after the expression");
	EV("'open", "error: column 1: unterminated string");
	EV("1.1234567", "error: column 1: too many decimal places (at most 6)");
	EV("round()", "error: column 1: wrong number of arguments to round()");
	EV("a > * 2", "error: column 5: expected an operand");
	EV("round(1, 2", "error: column 11: expected ')' or ','");
	EV("`unit price + 1", "error: column 1: unterminated `name`");
	EV("1 & 2", "error: column 3: unexpected text after the expression");
	assert_string_equal(eval_str("sum(sum(a))", &cust_scope, NULL),
	    "error: column 5: aggregate functions cannot be nested (sum inside another)");
	assert_string_equal(eval_str("sum()", &cust_scope, NULL), "error: column 1: sum() needs one argument");
	assert_string_equal(eval_str("recency(a)", &cust_scope, NULL), "error: column 1: recency() takes no argument");
	assert_string_equal(eval_str("sum(amt)", &cust_scope, NULL), "error: column 5: unknown order column 'amt'");
}

/* What a condition gives whatever the data: loaders refuse a number. */
static void
test_result_type(void **state)
{
	static const struct { const char *src; enum xtype want; } cases[] = {
		{"sum(a)", X_NUM}, {"count() + 1", X_NUM}, {"-a", X_NUM}, {"len(a)", X_NUM},
		{"'x'", X_STR}, {"lower(a)", X_STR},
		{"sum(a) > 1", X_BOOL}, {"!a", X_BOOL}, {"a && b", X_BOOL}, {"contains(a, 'x')", X_BOOL},
		{"a", X_NULL}, {"if(a, 1, 2)", X_NULL}, {"coalesce(a, b)", X_NULL},
	};
	struct cust_err err;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct expr *e = expr_parse(cases[i].src, &cust_scope, &err);
		assert_non_null(e);
		if (expr_result_type(e) != cases[i].want)
			fail_msg("%s: type %d, want %d", cases[i].src, expr_result_type(e), cases[i].want);
		expr_free(e);
	}
}

/* Printing gives text that parses back to the same tree. */
static void
test_print(void **state)
{
	static const struct { const char *src, *want; } cases[] = {
		{"1+2*3", "1 + 2 * 3"},
		{"(1 + 2) * 3", "(1 + 2) * 3"},
		{"10 - (4 - 3)", "10 - (4 - 3)"},
		{"10 - 4 - 3", "10 - 4 - 3"},
		{"!(a > 1) || b == 'x' && -a < 2", "!(a > 1) || b == 'x' && -a < 2"},
		{"(a || b) && a", "(a || b) && a"},
		{"sum(Quantity*UnitPrice) >= 50000 && count() >= 2", "sum(Quantity * UnitPrice) >= 50000 && count() >= 2"},
		{"count(a) + distinct(b) + recency() + tenure()", "count(a) + distinct(b) + recency() + tenure()"},
		{"`unit price` * 金额", "`unit price` * 金额"},
		{"round(2 / 3, 2) + 1.50", "round(2 / 3, 2) + 1.5"},
		{"if(a, null, true)", "if(a, null, true)"},
	};
	struct strbuf out = STRBUF_INIT;
	struct cust_err err;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct expr *e = expr_parse(cases[i].src, &cust_scope, &err), *back;
		assert_non_null(e);
		sb_reset(&out);
		expr_print(e, &out);
		assert_string_equal(out.s, cases[i].want);
		back = expr_parse(out.s, &cust_scope, &err);
		assert_non_null(back);
		assert_true(expr_same(e, back));
		expr_free(back);
		expr_free(e);
	}
	sb_free(&out);
}

/* Conditions in words, in both languages; column 2 (金额) is the amount,
 * 3 and 4 (Quantity, UnitPrice) the quantity and the price. */
static void
test_describe(void **state)
{
	static const struct { const char *src, *en, *zh; } cases[] = {
		{"sum(金额) > 500", "spend over 500", "消费金额超过500"},
		{"sum(Quantity * UnitPrice) >= 50000 && count() >= 100",
		    "spend at least 50000 and at least 100 orders", "消费金额达到50000且订单数达到100"},
		{"count() >= 10 || sum(a) >= 15", "at least 10 orders or total a at least 15",
		    "订单数达到10或a合计达到15"},
		{"500 < sum(金额)", "spend over 500", "消费金额超过500"},
		{"count() == 1", "exactly 1 order", "订单数为1"},
		{"count() < 3", "fewer than 3 orders", "订单数低于3"},
		{"avg(金额) <= 80 && max(金额) != 0", "average order value at most 80 and largest order is not 0",
		    "平均订单金额不超过80且最大单笔金额不为0"},
		{"recency() <= 30 && tenure() > 365", "days since the last order at most 30 and days since the first order over 365",
		    "距上次下单天数不超过30且距首次下单天数超过365"},
		{"distinct(status) >= 2", "distinct status at least 2", "不同status数达到2"},
		{"(count() > 1 || sum(a) > 2) && min(b) < 1", "(more than 1 order or total a over 2) and lowest b under 1",
		    "（订单数超过1或a合计超过2）且最低b低于1"},
		{"!(count() > 1)", "not (more than 1 order)", "不满足（订单数超过1）"},
		{"a == 'VIP'", "a is 'VIP'", "a为'VIP'"},
		{"sum(金额) / count() > 2", "sum(金额) / count() > 2", "sum(金额) / count() > 2"},
		{"count(a) == 1", "exactly 1 order with a", "有a的订单数为1"},
		{"count() != 1", "other than 1 order", "订单数不为1"},
		{"a == 'O\\'Brien'", "a is 'O'Brien'", "a为'O'Brien'"},
		{"count() > 1 || sum(a) > 2 && min(b) < 1", "more than 1 order or (total a over 2 and lowest b under 1)",
		    "订单数超过1或（a合计超过2且最低b低于1）"},
		{"count() > 1 && count() < 5 && sum(a) > 2", "more than 1 order and fewer than 5 orders and total a over 2",
		    "订单数超过1且订单数低于5且a合计超过2"},
	};
	struct expr_words en = {false, 2, 3, 4}, zh = {true, 2, 3, 4};
	struct strbuf out = STRBUF_INIT;
	struct cust_err err;
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_LEN(cases); i++) {
		struct expr *e = expr_parse(cases[i].src, &cust_scope, &err);
		assert_non_null(e);
		sb_reset(&out);
		expr_describe(e, &en, &out);
		assert_string_equal(out.s, cases[i].en);
		sb_reset(&out);
		expr_describe(e, &zh, &out);
		assert_string_equal(out.s, cases[i].zh);
		expr_free(e);
	}
	sb_free(&out);
}

static void
test_depth_limit(void **state)
{
	char deep[2000];
	size_t i;

	(void)state;
	for (i = 0; i < 900; i++)
		deep[i] = '(';
	strcpy(deep + 900, "1");
	assert_non_null(strstr(eval_str(deep, &row_scope, NULL), "nested too deeply"));
	for (i = 0; i < 900; i++)
		deep[i] = '-';
	strcpy(deep + 900, "1");
	assert_non_null(strstr(eval_str(deep, &row_scope, NULL), "nested too deeply"));
}

static void
test_aggregates(void **state)
{
	struct cust_err err;
	struct expr *e = expr_parse("sum(Quantity * UnitPrice) >= 50 && count() >= 2 || max(a) > 9",
	    &cust_scope, &err);
	const struct agg_call **calls;
	struct xval vals[10];
	size_t n;

	(void)state;
	assert_non_null(e);
	n = expr_aggregates(e, 4, &calls);
	assert_int_equal(n, 3);
	assert_int_equal(calls[0]->fn, AGG_SUM);
	assert_int_equal(calls[0]->slot, 4);
	assert_non_null(calls[0]->arg);
	assert_int_equal(calls[1]->fn, AGG_COUNT);
	assert_null(calls[1]->arg);
	assert_int_equal(calls[2]->fn, AGG_MAX);
	assert_int_equal(calls[2]->slot, 6);
	free(calls);
	vals[4].type = X_NUM;
	vals[4].num = 50 * DEC_SCALE;
	vals[5].type = X_NUM;
	vals[5].num = 2 * DEC_SCALE;
	vals[6].type = X_NULL;
	assert_true(xval_truthy(expr_eval(e, NULL, NULL, vals)));
	vals[5].num = 1 * DEC_SCALE;
	assert_false(xval_truthy(expr_eval(e, NULL, NULL, vals)));
	expr_free(e);
}

static void
test_dec(void **state)
{
	int64_t v;
	char buf[32];

	(void)state;
	assert_int_equal(dec_parse("12.5", 4, &v), 0);
	assert_int_equal(v, 12500000);
	assert_int_equal(dec_parse("¥1,234.50", strlen("¥1,234.50"), &v), 0);
	assert_int_equal(v, 1234500000);
	assert_int_equal(dec_parse("(12.00)", 7, &v), 0);
	assert_int_equal(v, -12000000);
	assert_int_equal(dec_parse("12.5元", strlen("12.5元"), &v), 0);
	assert_int_equal(v, 12500000);
	assert_int_equal(dec_parse("17850.0", 7, &v), 0);
	assert_int_equal(v, 17850000000);
	assert_int_equal(dec_parse("abc", 3, &v), -1);
	assert_int_equal(dec_parse("", 0, &v), -1);
	assert_int_equal(dec_parse("1e5", 3, &v), -1);
	/* The plain-digits fast path and its edges, which fall to the full
	 * reader: a bare dot, seven places, thirteen integer digits. */
	assert_int_equal(dec_parse("97.88", 5, &v), 0);
	assert_int_equal(v, 97880000);
	assert_int_equal(dec_parse("007", 3, &v), 0);
	assert_int_equal(v, 7000000);
	assert_int_equal(dec_parse("5.", 2, &v), 0);
	assert_int_equal(v, 5000000);
	assert_int_equal(dec_parse("1.1234567", 9, &v), 0);
	assert_int_equal(v, 1123457);       /* rounded at the sixth place */
	assert_int_equal(dec_parse("-1.1234565", 10, &v), 0);
	assert_int_equal(v, -1123457);      /* half away from zero */
	assert_int_equal(dec_parse("1.1234564999", 12, &v), 0);
	assert_int_equal(v, 1123456);
	/* The decorations money_parse reads: full-width digits, codes. */
	assert_int_equal(dec_parse("１００元", strlen("１００元"), &v), 0);
	assert_int_equal(v, 100000000);
	assert_int_equal(dec_parse("RMB 1,000.5", 11, &v), 0);
	assert_int_equal(v, 1000500000);
	assert_int_equal(dec_parse("12.00-", 6, &v), 0);
	assert_int_equal(v, -12000000);
	/* A decimal comma is not a thousands separator: 1,5 is no number. */
	assert_int_equal(dec_parse("1,5", 3, &v), -1);
	assert_int_equal(dec_parse("1,2,3", 5, &v), -1);
	assert_int_equal(dec_parse("123456789012.123456", 19, &v), 0);
	assert_int_equal(v, 123456789012123456);
	assert_int_equal(dec_parse("1234567890123", 13, &v), 0);
	assert_int_equal(v, 1234567890123000000);
	assert_int_equal(dec_parse("12345678901234", 14, &v), -2);      /* too large */
	assert_int_equal(dec_parse("1.2.3", 5, &v), -1);
	assert_int_equal(dec_parse("12 ", 3, &v), 0);
	assert_int_equal(v, 12000000);
	dec_format(500 * DEC_SCALE, buf);
	assert_string_equal(buf, "500");
	dec_format(-1, buf);
	assert_string_equal(buf, "-0.000001");
	dec_format(12500000, buf);
	assert_string_equal(buf, "12.5");
	/* Money: to the cent, half away from zero, always two places. */
	dec_format_money(12500000, buf);
	assert_string_equal(buf, "12.50");
	dec_format_money(500 * DEC_SCALE, buf);
	assert_string_equal(buf, "500.00");
	dec_format_money(15125000, buf);
	assert_string_equal(buf, "15.13");
	dec_format_money(-15125000, buf);
	assert_string_equal(buf, "-15.13");
	dec_format_money(15124999, buf);
	assert_string_equal(buf, "15.12");
	dec_format_money(-4999, buf);           /* no "-0.00" */
	assert_string_equal(buf, "0.00");
	dec_format_money(INT64_MIN, buf);
	assert_string_equal(buf, "-9223372036854.78");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arithmetic),
		cmocka_unit_test(test_logic_and_comparison),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_result_type),
		cmocka_unit_test(test_print),
		cmocka_unit_test(test_describe),
		cmocka_unit_test(test_depth_limit),
		cmocka_unit_test(test_aggregates),
		cmocka_unit_test(test_dec),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
