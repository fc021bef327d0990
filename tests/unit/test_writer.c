/* Unit tests for the writer's typed JSON: numbers written exactly from
 * their decimal text, booleans, null for empty, and text kept as text
 * when it is not what the column's type says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "writer.h"

/* One JSON Lines record of the columns n (a number) and b (a boolean)
 * and t (text), as written. */
static char *
jsonl(bool strings, const char *n, const char *b, const char *t)
{
	struct writer_opts o = {.to = FMT_JSONL, .json_strings = strings};
	char *names[] = {"n", "b", "t"}, *vals[] = {(char *)n, (char *)b, (char *)t};
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct writer *w = writer_new(fp, "mem", &o);
	struct cust_err err;

	writer_json_type(w, 0, JSON_NUMBER);
	writer_json_type(w, 1, JSON_BOOL);
	writer_header(w, names, 3);
	writer_row(w, vals, NULL, 3);
	assert_int_equal(writer_finish(w, &err), 0);
	writer_free(w);
	fclose(fp);
	return buf;
}

#define EXPECT(strings, n, b, t, want) do { \
	char *got_ = jsonl(strings, n, b, t); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static void
test_numbers_exact(void **state)
{
	(void)state;
	/* JSON number text is kept digit for digit: no 1234.5, no 1e+05. */
	EXPECT(false, "1234.50", "true", "x", "{\"n\":1234.50,\"b\":true,\"t\":\"x\"}\n");
	EXPECT(false, "-0.10", "", "", "{\"n\":-0.10,\"b\":null,\"t\":\"\"}\n");
	EXPECT(false, "1E5", "否", "1", "{\"n\":1E5,\"b\":false,\"t\":\"1\"}\n");
	EXPECT(false, "123456789012345678.99", "yes", "", "{\"n\":123456789012345678.99,\"b\":true,\"t\":\"\"}\n");
	EXPECT(false, " 12 ", "0", "", "{\"n\":12,\"b\":false,\"t\":\"\"}\n");
	/* Money as exports write it: the exact decimal it is. */
	EXPECT(false, "¥1,234.50", "1", "", "{\"n\":1234.5,\"b\":true,\"t\":\"\"}\n");
	EXPECT(false, "(12.00)", "1", "", "{\"n\":-12,\"b\":true,\"t\":\"\"}\n");
	/* Not a number, not a boolean: kept as text, never lost. */
	EXPECT(false, "abc", "maybe", "", "{\"n\":\"abc\",\"b\":\"maybe\",\"t\":\"\"}\n");
	EXPECT(false, "", "", "", "{\"n\":null,\"b\":null,\"t\":\"\"}\n");
}

static void
test_json_strings(void **state)
{
	(void)state;
	EXPECT(true, "1234.50", "true", "", "{\"n\":\"1234.50\",\"b\":\"true\",\"t\":\"\"}\n");
	EXPECT(true, "", "", "", "{\"n\":\"\",\"b\":\"\",\"t\":\"\"}\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_exact),
		cmocka_unit_test(test_json_strings),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
