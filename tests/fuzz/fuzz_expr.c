/* libFuzzer harness for the expression parser and evaluator: any text
 * must parse or fail with a message, never crash, and evaluate without
 * crashing on a fixed row and aggregate values. */
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
		expr_free(e);
	}
	free(src);
	return 0;
}
