/* libFuzzer harness for the expression parser and evaluator: any text
 * must parse or fail with a message, never crash, and evaluate without
 * crashing on a fixed row and aggregate values; what parses prints as
 * text that parses to the same tree, and describes in both languages. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"

static const char *const names[] = {"a", "b", "金额", "status"};

static long
lookup(void *ctx, const char *name, size_t n)
{
	size_t i;

	(void)ctx;
	for (i = 0; i < 4; i++)
		if (strlen(names[i]) == n && memcmp(names[i], name, n) == 0)
			return (long)i;
	return -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct expr_scope scope = {lookup, NULL, lookup, NULL};
	char *row[] = {"12.5", "", "¥1,234.50", "已付款"};
	size_t len[] = {4, 0, strlen("¥1,234.50"), strlen("已付款")};
	struct xval aggs[64];
	const struct agg_call **calls;
	struct cust_err err;
	struct expr *e;
	char *src = malloc(size + 1);
	size_t i, n;

	if (src == NULL)
		return 0;
	memcpy(src, data, size);
	src[size] = '\0';
	if ((e = expr_parse(src, &scope, &err)) != NULL) {
		n = expr_aggregates(e, 0, &calls);
		for (i = 0; i < 64; i++) {
			aggs[i].type = X_NUM;
			aggs[i].num = (int64_t)i * 1000000 - 7;
		}
		if (n <= 64)
			(void)expr_eval(e, row, len, aggs);
		for (i = 0; i < n && calls[i]->arg; i++)
			(void)expr_eval(calls[i]->arg, row, len, NULL);
		free((void *)calls);
		{
			struct expr_words w = {false, 2, 0, 1};
			struct strbuf text = STRBUF_INIT;
			struct expr *back;

			expr_print(e, &text);
			/* !a > 1 prints as !(a > 1): one more level, which a text
			 * at the depth limit may not have to spare. */
			back = expr_parse(text.s, &scope, &err);
			if (back == NULL ? strstr(err.msg, "nested too deeply") == NULL : !expr_same(e, back))
				abort();
			expr_free(back);
			sb_reset(&text);
			expr_describe(e, &w, &text);
			w.zh = true;
			expr_describe(e, &w, &text);
			sb_free(&text);
		}
		expr_free(e);
	}
	free(src);
	return 0;
}
