/* Unit tests for input.c, reader.c and writer.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "reader.h"
#include "writer.h"
#include "testutil.h"

static int warnings;
static bool prefetch;   /* run every reader test with and without the parsing thread */
static void count_warning(void *ctx, enum warn_level level, const char *msg)
{
	(void)ctx, (void)msg;
	warnings += level == WARN_INPUT;
}

/* Read text (written to a temp file) and render every record as
 * "line:field|field|...;" with a trailing "!error" for bad records. */
static char *
read_text(const char *text, size_t n, enum format from, const char *encoding, enum format *fmt)
{
	char *path = tmpfile_with(text, n);
	char *paths[] = {path};
	struct reader_opts o = {.from = from, .encoding = encoding, .warn = count_warning, .prefetch = prefetch};
	struct cust_err err;
	struct reader *r = reader_open(paths, 1, &o, &err);
	struct strbuf out = STRBUF_INIT;
	struct record *rec;
	const struct header *h;
	size_t i;

	assert_non_null(r);
	h = reader_header(r);
	for (i = 0; i < h->n; i++)
		sb_addf(&out, "%s%s", i ? "|" : "h:", h->names[i]);
	sb_adds(&out, ";");
	while (reader_next(r, &rec, &err) > 0) {
		sb_addf(&out, "%ld:", rec->line);
		for (i = 0; i < rec->n; i++)
			sb_addf(&out, "%s%s", i ? "|" : "", rec->field[i]);
		if (rec->error)
			sb_addf(&out, "!%s", rec->error);
		sb_adds(&out, ";");
	}
	if (fmt)
		*fmt = reader_format(r);
	reader_close(r);
	unlink(path);
	free(path);
	return sb_detach(&out);
}

#define CHECK_READ(text, want) do { \
	char *got_ = read_text(text, sizeof(text) - 1, FMT_AUTO, NULL, NULL); \
	assert_string_equal(got_, want); \
	free(got_); \
} while (0)

static void
test_csv_basic(void **state)
{
	(void)state;
	CHECK_READ("a,b\n1,2\n3,4\n", "h:a|b;2:1|2;3:3|4;");
	CHECK_READ("a,b\r\n1,2\r\n", "h:a|b;2:1|2;");
	CHECK_READ("a,b\n1,2", "h:a|b;2:1|2;");
	CHECK_READ("\xEF\xBB\xBF" "a,b\n1,2\n", "h:a|b;2:1|2;");
	CHECK_READ("", ";");
	CHECK_READ("a,b\n", "h:a|b;");
}

static void
test_csv_quotes_and_lines(void **state)
{
	(void)state;
	CHECK_READ("a,b\n\"x\ny\",2\n3,4\n", "h:a|b;2:x\ny|2;4:3|4;");
	CHECK_READ("a,b\n\"say \"\"hi\"\"\",2\n", "h:a|b;2:say \"hi\"|2;");
	CHECK_READ("a,b\n\n1,2\n\n", "h:a|b;3:1|2;");
	CHECK_READ("a,b\r1,2\r3,4\r", "h:a|b;2:1|2;3:3|4;");
}

static void
test_csv_ragged_and_unterminated(void **state)
{
	(void)state;
	CHECK_READ("a,b\n1\n1,2,3\n",
	    "h:a|b;2:1|!expected 2 fields, found 1;3:1|2!expected 2 fields, found 3; extra fields: \"3\";");
	CHECK_READ("a,b\n1,\"open\n", "h:a|b;2:1|open\n!unterminated quoted field: the record runs to the end of the input;");
}

static void
test_csv_spaces(void **state)
{
	(void)state;
	CHECK_READ("a,b\n 1 , 2\n", "h:a|b;2: 1 | 2;");
	/* ", " exports drop the space after the comma */
	CHECK_READ("a, b\nx, y\nz, \n", "h:a|b;2:x|y;3:z|;");
}

/* Plain lines are split without libcsv; these pin that both ways give the
 * same fields, and that every other line still reaches libcsv. */
static void
test_csv_plain_lines(void **state)
{
	(void)state;
	CHECK_READ("a,b,c\n\"x,1\",,\"\"\n", "h:a|b|c;2:x,1||;");
	CHECK_READ("a,b,c\n1,2,\n,,\n", "h:a|b|c;2:1|2|;3:||;");
	CHECK_READ("a,b\n\"\u00a31,234.50\",\"\u5f20\u4e09\"\r\n", "h:a|b;2:\u00a31,234.50|\u5f20\u4e09;");
	/* Not plain: doubled quotes, text after a closing quote, a quote
	 * inside an unquoted field, a space before an opening quote. */
	CHECK_READ("a,b\n\"x\"\"y\",2\n", "h:a|b;2:x\"y|2;");
	CHECK_READ("a,b\n\"x\"y,2\n",
	    "h:a|b;2:x\"y,2\n|!unterminated quoted field: the record runs to the end of the input;");
	CHECK_READ("a,b\nx\"y,2\n", "h:a|b;2:x\"y|2;");
	CHECK_READ("a,b\n \"x\",2\n", "h:a|b;2: \"x\"|2;");
	/* A lone CR inside a line ends a record, as libcsv has it. */
	CHECK_READ("a,b\n1,2\r3,4\n", "h:a|b;2:1|2;2:3|4;");
	/* A quoted field that runs on: the plain line after it is its text. */
	CHECK_READ("a,b\n\"x\n1,2\",3\n", "h:a|b;2:x\n1,2|3;");
}

/* With the parsing thread, plain lines go straight into its batches;
 * every line that is not plain must come out as the general path has it. */
static void
test_csv_batched_lines(void **state)
{
	struct strbuf big = STRBUF_INIT, want = STRBUF_INIT;
	char *got;
	int i;

	(void)state;
	/* Delimiters on both sides of the 16-byte steps, 15, 16 and 17 bytes. */
	CHECK_READ("a,b,c\n0123456789abcde,f,\n0123456789abcdef,,x\n0123456789abcdefg,1,2\n",
	    "h:a|b|c;2:0123456789abcde|f|;3:0123456789abcdef||x;4:0123456789abcdefg|1|2;");
	CHECK_READ("a,b\r\n1,2\r\n\r\n\n3,4\r\n", "h:a|b;2:1|2;5:3|4;");
	CHECK_READ("a,b\n1,2\n3\n4,5,6\n7,8\n",
	    "h:a|b;2:1|2;3:3|!expected 2 fields, found 1;"
	    "4:4|5!expected 2 fields, found 3; extra fields: \"6\";5:7|8;");
	CHECK_READ("a,b\n\xe5\xbc\xa0,1\n\xff,2\n3,4\n",
	    "h:a|b;2:\xe5\xbc\xa0|1;3:\xff|2!invalid UTF-8 in column 'a' "
	    "(is the file in another encoding? try --encoding);4:3|4;");
	CHECK_READ("a,b\n1,2\n\"x\ny\",3\n4,5\n", "h:a|b;2:1|2;3:x\ny|3;5:4|5;");
	CHECK_READ("a\tb\n1\t2\n", "h:a|b;2:1|2;");
	CHECK_READ("a\n1\n\n2\n", "h:a;2:1;4:2;");
	CHECK_READ("a,b\n1,2\r3,4\n5,6\n", "h:a|b;2:1|2;2:3|4;3:5|6;");
	/* Many buffers: lines cut by a buffer's end go the general way. */
	sb_adds(&big, "id,name,city\n");
	sb_adds(&want, "h:id|name|city;");
	for (i = 0; i < 40000; i++) {
		sb_addf(&big, "%d,\xe5\xbc\xa0%d,%s\n", i, i % 97, i % 1000 == 7 ? "\"a,b\"" : "x");
		sb_addf(&want, "%d:%d|\xe5\xbc\xa0%d|%s;", i + 2, i, i % 97, i % 1000 == 7 ? "a,b" : "x");
	}
	got = read_text(big.s, big.len, FMT_AUTO, NULL, NULL);
	assert_string_equal(got, want.s);
	free(got);
	sb_free(&big);
	sb_free(&want);
}

/* Random text of pieces that matter to the plain-line path (delimiters,
 * quotes, CR, LF, Chinese, a bad byte, 16-byte runs) read with and
 * without the parsing thread: every record, field, line and error alike,
 * across many input buffers. */
static void
test_csv_random_lines(void **state)
{
	static const char *const piece[] = {",", ",", ",", "\n", "\n", "\r\n", "\"", "\r", "a", "bc",
		"\xe5\xbc\xa0", "\xe4\xb8\x89", "\xff", " ", "0123456789abcdef", "x,y,z", "\"q,\"", "\n\n"};
	struct strbuf text = STRBUF_INIT;
	unsigned seed = 42;
	char *one, *two;
	bool saved = prefetch;
	int round, i;

	(void)state;
	for (round = 0; round < 4; round++) {
		sb_reset(&text);
		sb_adds(&text, "a,b,c\n");
		for (i = 0; i < 200000; i++) {
			seed = seed * 1103515245u + 12345u;
			/* Mostly plain three-field lines, now and then anything. */
			if ((seed >> 16) % 4 != 0)
				sb_addf(&text, "%u,\xe5\xbc\xa0%u,%s\n", seed % 1000, (seed >> 8) % 97,
				    (seed >> 12) % 3 ? "x" : "");
			else
				sb_adds(&text, piece[(seed >> 20) % (sizeof(piece) / sizeof(*piece))]);
		}
		if (round % 2)
			sb_adds(&text, "1,2,3");        /* no newline at the end */
		prefetch = false;
		one = read_text(text.s, text.len, FMT_AUTO, NULL, NULL);
		prefetch = true;
		two = read_text(text.s, text.len, FMT_AUTO, NULL, NULL);
		prefetch = saved;
		assert_string_equal(one, two);
		free(one);
		free(two);
	}
	sb_free(&text);
}

/* A reader of text, in a temporary file (*path, to unlink and free). */
static struct reader *
open_text(const char *text, size_t n, char **path)
{
	char *paths[1];
	struct reader_opts o = {.prefetch = prefetch};
	struct cust_err err;
	struct reader *r;

	paths[0] = *path = tmpfile_with(text, n);
	r = reader_open(paths, 1, &o, &err);
	assert_non_null(r);
	return r;
}

/* reader_peek shows, when it can, exactly the field a later reader_next
 * returns, and never past the input. */
static void
test_peek(void **state)
{
	static const char text[] = "id,v\n1,a\n2,b\n3,c\n4,d\n5,e\n";
	char *path;
	struct reader *r = open_text(text, sizeof(text) - 1, &path);
	struct cust_err err;
	struct record *rec;
	const char *p;
	size_t len, seen = 0;
	long want = 0;

	(void)state;
	assert_non_null(r);
	while (reader_next(r, &rec, &err) > 0) {
		if (want != 0) {
			assert_int_equal(atol(rec->field[0]), want);
			seen++;
		}
		want = 0;
		if ((p = reader_peek(r, 1, 1, &len)) != NULL) {
			assert_int_equal(len, 1);
			assert_int_equal(p[0], 'a' + atol(rec->field[0]));
			want = atol(rec->field[0]) + 1;
		}
		assert_null(reader_peek(r, 6, 0, &len));
		assert_null(reader_peek(r, 1, 2, &len));
	}
	/* Peeking is a hint: with the parsing thread it sees the batch. */
	assert_int_equal(seen, prefetch ? 4 : 0);
	reader_close(r);
	unlink(path);
	free(path);
}

/* A preparation: the id as a number, the line, and the record's error. */
struct prepared { long id, line; bool error; };

static void
prepare_record(const struct record *rec, void *out, void *ctx)
{
	struct prepared *p = out;

	++*(int *)ctx;
	p->id = atol(rec->field[0]);
	p->line = rec->line;
	p->error = rec->error != NULL;
}

/* reader_prepare runs once on every record, in either thread, before the
 * caller sees it; what it wrote is there for the record and ahead of it. */
static void
test_prepare(void **state)
{
	static const char text[] = "id,v\n1,a\n2\n3,\"c\"\"\"\n\n5,e\n6,f\n";
	char *path;
	struct reader *r = open_text(text, sizeof(text) - 1, &path);
	struct cust_err err;
	struct record *rec;
	const struct prepared *p, *ahead;
	long want = 0, n = 0;
	int calls = 0;

	(void)state;
	assert_non_null(r);
	reader_prepare(r, prepare_record, &calls, sizeof(struct prepared));
	while (reader_next(r, &rec, &err) > 0) {
		p = reader_prepared(r);
		assert_int_equal(p->id, atol(rec->field[0]));
		assert_int_equal(p->line, rec->line);
		assert_int_equal(p->error, rec->error != NULL);
		if (want != 0)
			assert_int_equal(p->id, want);
		want = 0;
		if ((ahead = reader_peek_prepared(r, 1)) != NULL)
			want = ahead->id;
		n++;
	}
	assert_int_equal(n, 5);
	assert_int_equal(calls, 5);
	reader_close(r);
	unlink(path);
	free(path);
}

static void
test_sniff(void **state)
{
	(void)state;
	CHECK_READ("a;b;c\n1;2;3\n", "h:a|b|c;2:1|2|3;");
	CHECK_READ("a\tb\n1,5\t2\n", "h:a|b;2:1,5|2;");
	CHECK_READ("a|b\n1|2\n", "h:a|b;2:1|2;");
	CHECK_READ("name,note\n\"x;y;z\",1\n", "h:name|note;2:x;y;z|1;");
}

static void
test_json(void **state)
{
	enum format f;
	char *got;
	static const char arr[] = "[{\"a\": 1, \"b\": \"x\"},\n {\"a\": 2.5, \"b\": null}]";
	static const char lines[] = "{\"a\":1}\n{\"a\":true,\"z\":1}\nnope\n";

	(void)state;
	got = read_text(arr, sizeof(arr) - 1, FMT_AUTO, NULL, &f);
	assert_int_equal(f, FMT_JSON);
	assert_string_equal(got, "h:a|b;1:1|x;2:2.5|;");
	free(got);
	got = read_text(lines, sizeof(lines) - 1, FMT_AUTO, NULL, &f);
	assert_int_equal(f, FMT_JSONL);
	assert_string_equal(got, "h:a;1:1;2:true!keys not in the header (the first record's keys): \"z\": \"1\";"
	    "3:!invalid JSON (invalid token near 'nope'): nope;");
	free(got);
}

/* Issue 10 items 4 and 5: numbers as written, duplicate keys and values
 * that are not objects rejected, an escaped key still found. */
static void
test_json_exact(void **state)
{
	(void)state;
	CHECK_READ("{\"a\":99999999999999999999999999.99,\"b\":1.0000000000000001}\n"
	    "{\"a\":123456789012345678901234567890,\"b\":-1.5e3}\n",
	    "h:a|b;1:99999999999999999999999999.99|1.0000000000000001;2:123456789012345678901234567890|-1500;");
	/* An exponent is worked into the digits, exactly. */
	CHECK_READ("{\"a\":1.5e2,\"b\":-1.25E-3}\n{\"a\":0.5e1,\"b\":1e41}\n",
	    "h:a|b;1:150|-0.00125;2:5|1e41;");
	CHECK_READ("{\"a\":1.50, \"b\": [1, 2.50, {\"k\": \"x y\"}]}\n",
	    "h:a|b;1:1.50|[1,2.50,{\"k\":\"x y\"}];");
	CHECK_READ("{\"a\":1,\"b\":2}\n{\"a\":3,\"a\":4}\n",
	    "h:a|b;1:1|2;2:|!invalid JSON (duplicate object key near '\"a\"'): {\"a\":3,\"a\":4};");
	CHECK_READ("{\"\\u00e9\":1.10,\"b\":2.20}\n", "h:\xc3\xa9|b;1:1.10|2.20;");
	CHECK_READ("[1, {\"a\": \"x\"}, [2]]", "h:a;1:!not a JSON object: 1;1:x;1:!not a JSON object: [2];");
}

static void
test_encodings(void **state)
{
	/* 张伟 in GBK */
	static const char gbk[] = "id,name\n1,\xD5\xC5\xCE\xB0\n";
	/* UTF-16LE with BOM: "a\n1\n" */
	static const char u16[] = "\xFF\xFE" "a\0\n\0" "1\0\n\0";
	char *got;

	(void)state;
	warnings = 0;
	got = read_text(gbk, sizeof(gbk) - 1, FMT_AUTO, NULL, NULL);
	assert_string_equal(got, "h:id|name;2:1|张伟;");
	assert_int_equal(warnings, 1);
	free(got);
	got = read_text(u16, sizeof(u16) - 1, FMT_AUTO, NULL, NULL);
	assert_string_equal(got, "h:a;2:1;");
	free(got);
	got = read_text(gbk, sizeof(gbk) - 1, FMT_AUTO, "UTF-8", NULL);
	assert_non_null(strstr(got, "!invalid UTF-8 in column 'name'"));
	free(got);
}

static char *
write_rows(const struct writer_opts *o, char **h, size_t n, char **rows, size_t nrows)
{
	char *buf = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&buf, &len);
	struct writer *w = writer_new(fp, "mem", o);
	struct cust_err err;

	writer_header(w, h, n);
	for (i = 0; i < nrows; i++)
		writer_row(w, rows + i * n, NULL, n);
	assert_int_equal(writer_finish(w, &err), 0);
	writer_free(w);
	fclose(fp);
	return buf;
}

static void
test_writer(void **state)
{
	char *h[] = {"id", "v"};
	char *rows[] = {"1", "a,b", "2", "say \"x\"", "3", "=1+2", "4", "-12.5"};
	struct writer_opts csv = {.to = FMT_CSV}, excel = {.to = FMT_CSV, .excel = true};
	struct writer_opts jsonl = {.to = FMT_JSONL}, json = {.to = FMT_JSON};
	char *got;

	(void)state;
	got = write_rows(&csv, h, 2, rows, 4);
	assert_string_equal(got, "id,v\n1,\"a,b\"\n2,\"say \"\"x\"\"\"\n3,=1+2\n4,-12.5\n");
	free(got);
	got = write_rows(&excel, h, 2, rows, 4);
	assert_string_equal(got, "\xEF\xBB\xBFid,v\r\n1,\"a,b\"\r\n2,\"say \"\"x\"\"\"\r\n3,'=1+2\r\n4,-12.5\r\n");
	free(got);
	got = write_rows(&jsonl, h, 2, rows, 2);
	assert_string_equal(got, "{\"id\":\"1\",\"v\":\"a,b\"}\n{\"id\":\"2\",\"v\":\"say \\\"x\\\"\"}\n");
	free(got);
	got = write_rows(&json, h, 2, rows, 1);
	assert_string_equal(got, "[\n{\"id\":\"1\",\"v\":\"a,b\"}\n]\n");
	free(got);
	got = write_rows(&json, h, 2, rows, 0);
	assert_string_equal(got, "[]\n");
	free(got);
}

static void
test_formats(void **state)
{
	(void)state;
	assert_int_equal(format_parse("csv"), FMT_CSV);
	assert_int_equal(format_parse("jsonl"), FMT_JSONL);
	assert_int_equal(format_parse("ndjson"), FMT_JSONL);
	assert_int_equal(format_parse("xml"), FMT_AUTO);
	assert_string_equal(format_name(FMT_TSV), "tsv");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_basic),
		cmocka_unit_test(test_csv_quotes_and_lines),
		cmocka_unit_test(test_csv_ragged_and_unterminated),
		cmocka_unit_test(test_csv_spaces),
		cmocka_unit_test(test_csv_plain_lines),
		cmocka_unit_test(test_csv_batched_lines),
		cmocka_unit_test(test_csv_random_lines),
		cmocka_unit_test(test_peek),
		cmocka_unit_test(test_prepare),
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_json_exact),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_writer),
		cmocka_unit_test(test_formats),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	prefetch = true;
	return failed + cmocka_run_group_tests_name("prefetch", tests, NULL, NULL);
}
