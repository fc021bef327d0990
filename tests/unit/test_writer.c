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
	/* A leading zero would be lost: text. */
	EXPECT(false, "007", "1", "", "{\"n\":\"007\",\"b\":true,\"t\":\"\"}\n");
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

/* One value through --excel CSV, without the BOM and header. */
static char *
excel(const char *v)
{
	struct writer_opts o = {.to = FMT_CSV, .excel = true};
	char *names[] = {"v"}, *vals[] = {(char *)v}, *buf = NULL, *row;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	struct writer *w = writer_new(fp, "mem", &o);
	struct cust_err err;

	writer_header(w, names, 1);
	writer_row(w, vals, NULL, 1);
	assert_int_equal(writer_finish(w, &err), 0);
	writer_free(w);
	fclose(fp);
	row = strdup(strchr(buf, '\n') + 1);
	free(buf);
	row[strlen(row) - 2] = '\0';      /* CRLF */
	return row;
}

#define EXCEL(v, want) do { \
	char *got_ = excel(v); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static void
test_excel_keeps(void **state)
{
	(void)state;
	/* What Excel would change: as ="...", the formula of the text. */
	EXCEL("0012345", "\"=\"\"0012345\"\"\"");
	EXCEL("110101199001011234", "\"=\"\"110101199001011234\"\"\"");
	EXCEL("13800000001", "\"=\"\"13800000001\"\"\"");
	EXCEL("+8613800000001", "\"=\"\"+8613800000001\"\"\"");
	EXCEL("1-2", "\"=\"\"1-2\"\"\"");
	EXCEL("3/4/24", "\"=\"\"3/4/24\"\"\"");
	EXCEL("1-Jan", "\"=\"\"1-Jan\"\"\"");
	EXCEL("Sep-12", "\"=\"\"Sep-12\"\"\"");
	EXCEL("1E5", "\"=\"\"1E5\"\"\"");
	EXCEL("1234567890123456.5", "\"=\"\"1234567890123456.5\"\"\"");
	/* What it shows as it is: numbers, ISO dates, text. */
	EXCEL("1234.50", "1234.50");
	EXCEL("-12", "-12");
	EXCEL("0", "0");
	EXCEL("0.5", "0.5");
	EXCEL("2024-10-04", "2024-10-04");
	EXCEL("1-2-3-4", "1-2-3-4");
	EXCEL("Sept-2024", "Sept-2024");
	EXCEL("K001", "K001");
	/* The formula guard stays: a ' before what would run. */
	EXCEL("=1+1", "'=1+1");
	EXCEL("-x", "'-x");
	EXCEL("@SUM(A1)", "'@SUM(A1)");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbers_exact),
		cmocka_unit_test(test_json_strings),
		cmocka_unit_test(test_excel_keeps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
