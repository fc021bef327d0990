/* Unit tests for jsonw.c and jsonpull.c: what the writer puts, what the
 * reader takes back (escapes, numbers, nesting), and the errors it
 * names by line and column, sticky from the first. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "jsonpull.h"
#include "jsonw.h"
#include "testutil.h"

/* A reader over text (the caller closes both). */
static struct jpull *
reader(const char *text, FILE **fp, struct cust_err *err)
{
	*fp = fmemopen((void *)text, strlen(text), "r");
	assert_non_null(*fp);
	return jp_new(*fp, "t.json", err);
}

static void
test_writer_lines_and_escapes(void **state)
{
	char *out = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&out, &n);
	json_t *small = json_pack("{s:[i,b]}", "k", 1, 1);
	struct jw w;

	(void)state;
	jw_init(&w, fp, 2);
	jw_object(&w);
	jw_key(&w, "a\"b");
	jw_array(&w);
	jw_int(&w, INT64_MIN);
	jw_string(&w, "x\0y\n\t\\\x01中", 10);
	jw_array(&w);
	jw_end(&w);
	jw_object(&w);
	jw_key(&w, "deep");
	jw_array(&w);
	jw_bool(&w, false);
	jw_null(&w);
	jw_end(&w);
	jw_end(&w);
	jw_end(&w);
	jw_key(&w, "s");
	jw_json(&w, small);
	jw_end(&w);
	fclose(fp);
	json_decref(small);
	/* Members of the outer two levels each on a line; deeper, inline. */
	assert_string_equal(out, "{\n\"a\\\"b\":[\n-9223372036854775808,\n\"x\\u0000y\\n\\t\\\\\\u0001中\",\n[],\n"
	    "{\"deep\":[false,null]}\n],\n\"s\":{\"k\":[1,true]}\n}");
	free(out);
}

/* What the writer writes, the reader reads back the same. */
static void
test_round_trip(void **state)
{
	static const char s[] = "\"\\/\b\f\n\r\t\x1f é中𝄞";
	char *out = NULL;
	size_t n = 0, len;
	FILE *fp = open_memstream(&out, &n), *in;
	struct cust_err err;
	struct jw w;
	struct jpull *p;
	const char *key, *got;
	int64_t v;
	bool b;

	(void)state;
	jw_init(&w, fp, 1);
	jw_object(&w);
	jw_key(&w, "s");
	jw_string(&w, s, sizeof(s) - 1);
	jw_key(&w, "n");
	jw_array(&w);
	jw_int(&w, INT64_MAX);
	jw_int(&w, -7);
	jw_bool(&w, true);
	jw_end(&w);
	jw_end(&w);
	fclose(fp);

	p = reader(out, &in, &err);
	assert_true(jp_object(p));
	assert_true(jp_key(p, &key));
	assert_string_equal(key, "s");
	got = jp_string(p, &len);
	assert_int_equal(len, sizeof(s) - 1);
	assert_memory_equal(got, s, len);
	assert_true(jp_key(p, &key));
	assert_string_equal(key, "n");
	assert_true(jp_array(p));
	assert_true(jp_next(p) && jp_int(p, &v));
	assert_true(v == INT64_MAX);
	assert_true(jp_next(p) && jp_int(p, &v));
	assert_true(v == -7);
	assert_true(jp_next(p) && jp_bool(p, &b) && b);
	assert_false(jp_next(p));
	assert_false(jp_key(p, &key));
	assert_true(jp_done(p));
	assert_true(jp_ok(p));
	jp_close(p);
	fclose(in);
	free(out);
}

/* Surrogate pairs and escaped UTF-8 decode to the characters. */
static void
test_escapes(void **state)
{
	FILE *fp;
	struct cust_err err;
	struct jpull *p = reader(" [\"\\u4e2d\\ud834\\udd1e\\u00e9\\/\", \"a\\u0000b\"] ", &fp, &err);
	const char *s;
	size_t len;

	(void)state;
	assert_true(jp_array(p));
	assert_true(jp_next(p));
	s = jp_string(p, &len);
	assert_string_equal(s, "中𝄞é/");
	assert_true(jp_next(p));
	s = jp_string(p, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(s, "a\0b", 3);
	assert_false(jp_next(p));
	assert_true(jp_done(p));
	jp_close(p);
	fclose(fp);
}

static int
add(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	(void)p;
	*(int *)ctx += (int)json_integer_value(json_array_get(e, 0)) * (int)i;
	return 0;
}

/* Small pieces as trees: numbers whole or real as jansson has them. */
static void
test_value_and_each(void **state)
{
	FILE *fp;
	struct cust_err err;
	struct jpull *p = reader("{\"d\": {\"x\": 0.3, \"y\": -12, \"z\": [null, \"s\", 1e2]}, "
	    "\"l\": [[1], [2], [3]]}", &fp, &err);
	const char *key;
	json_t *d, *want = json_pack("{s:f,s:i,s:[n,s,f]}", "x", 0.3, "y", -12, "z", "s", 100.0);
	int sum = 0;

	(void)state;
	assert_true(jp_object(p));
	assert_true(jp_key(p, &key));
	d = jp_value(p);
	assert_true(json_equal(d, want));
	assert_true(jp_key(p, &key));
	assert_string_equal(key, "l");
	assert_true(jp_each(p, add, &sum));
	assert_int_equal(sum, 1 * 0 + 2 * 1 + 3 * 2);
	assert_false(jp_key(p, &key));
	assert_true(jp_done(p));
	json_decref(d);
	json_decref(want);
	jp_close(p);
	fclose(fp);
}

/* The first error is kept, named by line and column; later calls do
 * nothing. */
static void
expect_error(const char *text, const char *want)
{
	FILE *fp;
	struct cust_err err;
	struct jpull *p = reader(text, &fp, &err);

	jp_skip(p);
	jp_done(p);
	assert_false(jp_ok(p));
	assert_int_equal(err.status, CUST_INPUT);
	assert_string_equal(err.msg, want);
	jp_close(p);
	fclose(fp);
}

static void
test_errors(void **state)
{
	(void)state;
	expect_error("{\"a\": 1,\n \"b\" 2}", "t.json:2:6: expected ':'");
	expect_error("[1, 2,]", "t.json:1:7: expected a value");
	expect_error("[1 2]", "t.json:1:4: expected ',' or ']'");
	expect_error("{\"a\": 1} x", "t.json:1:10: more after the end of the document");
	expect_error("[\"abc", "t.json:1:6: the file ends too soon");
	expect_error("[01]", "t.json:1:4: not a number");
	expect_error("[1.]", "t.json:1:4: not a number");
	expect_error("[\"\\x\"]", "t.json:1:5: not a JSON escape in a string");
	expect_error("[\"\\udc00\"]", "t.json:1:9: a lone surrogate (\\u escape) in a string");
	expect_error("[\"a\tb\"]", "t.json:1:5: a control character in a string");
	expect_error("{\"a\": 1, \"a\": 2}", "t.json: the key 'a' twice in one object");
	expect_error("[tru]", "t.json:1:5: not a JSON value");
	expect_error("", "t.json:1:1: the file ends too soon");
}

static void
test_types_and_sticky(void **state)
{
	FILE *fp;
	struct cust_err err;
	struct jpull *p = reader("[1.5, 99999999999999999999, \"x\"]", &fp, &err);
	int64_t v;
	size_t len;

	(void)state;
	assert_true(jp_array(p));
	assert_true(jp_next(p));
	assert_false(jp_int(p, &v));
	assert_string_equal(err.msg, "t.json:1:5: expected a whole number");
	/* Sticky: nothing more is read, the first error stays. */
	assert_false(jp_next(p));
	assert_null(jp_string(p, &len));
	assert_int_equal(jp_fail(p, "later"), -1);
	assert_string_equal(err.msg, "t.json:1:5: expected a whole number");
	jp_close(p);
	fclose(fp);

	p = reader("[99999999999999999999]", &fp, &err);
	assert_true(jp_array(p) && jp_next(p));
	assert_false(jp_int(p, &v));
	assert_string_equal(err.msg, "t.json:1:22: a number out of range");
	jp_close(p);
	fclose(fp);

	p = reader("[\"x\"]", &fp, &err);
	assert_true(jp_array(p) && jp_next(p));
	assert_int_equal(jp_fail(p, "groups[%d]: wrong", 3), -1);
	assert_string_equal(err.msg, "t.json: groups[3]: wrong");
	jp_close(p);
	fclose(fp);
}

/* A file: a directory is named as one; the reader keeps one buffer, so
 * a long string across its refills reads whole. */
static void
test_files(void **state)
{
	struct cust_err err;
	struct strbuf sb = STRBUF_INIT;
	struct jpull *p;
	const char *s;
	char *path;
	size_t i, len;

	(void)state;
	assert_null(jp_open("/tmp", &err));
	assert_string_equal(err.msg, "/tmp: is a directory");
	assert_null(jp_open("/nonexistent/x.json", &err));
	assert_string_equal(err.msg, "/nonexistent/x.json: No such file or directory");
	sb_adds(&sb, "\n\n[\"");
	for (i = 0; i < 200000; i++)
		sb_adds(&sb, i % 1000 == 999 ? "\\n" : "ab");
	sb_adds(&sb, "\", x]");
	path = tmpfile_with(sb.s, sb.len);
	p = jp_open(path, &err);
	assert_non_null(p);
	assert_true(jp_array(p) && jp_next(p));
	s = jp_string(p, &len);
	assert_int_equal(len, 200000 * 2 - 200);
	assert_int_equal(s[len - 1], '\n');
	assert_true(jp_next(p));
	jp_skip(p);
	/* The line and column are counted across the refills: the x is
	 * after [" (2), the string's 400,000 bytes and ", (3). */
	char want[128];
	snprintf(want, sizeof(want), "%s:3:400006: expected a value", path);
	assert_string_equal(err.msg, want);
	jp_close(p);
	unlink(path);
	free(path);
	sb_free(&sb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_writer_lines_and_escapes),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_value_and_each),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_types_and_sticky),
		cmocka_unit_test(test_files),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
