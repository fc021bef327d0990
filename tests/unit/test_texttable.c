/* Unit tests for texttable.c: display widths of Chinese, full-width and
 * combining text, alignment, cutting to a width, both styles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "texttable.h"
#include "util.h"

static void
collect(void *ctx, const char *s, size_t n)
{
	sb_add(ctx, s, n);
}

static char *
render(enum table_style style, size_t width, const char *const *cells, size_t ncols, size_t nrows)
{
	struct texttable_opts o = {style, width};
	struct texttable *t = texttable_new(&o);
	struct strbuf sb = STRBUF_INIT;
	size_t r;

	for (r = 0; r < nrows; r++)
		texttable_row(t, (char *const *)cells + r * ncols, NULL, ncols);
	texttable_render(t, collect, &sb);
	texttable_free(t);
	sb_addc(&sb, '\0');
	return sb_detach(&sb);
}

static void
test_widths(void **state)
{
	(void)state;
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("客户编号", strlen("客户编号")), 8);
	assert_int_equal(text_width("ＶＩＰ", strlen("ＶＩＰ")), 6);          /* full-width */
	assert_int_equal(text_width("e\xcc\x81", 3), 1);                     /* e + combining acute */
	assert_int_equal(text_width("ｶﾀｶﾅ", strlen("ｶﾀｶﾅ")), 4);            /* half-width kana */
	assert_int_equal(text_width("a\nb", 3), 3);                          /* shown as a↵b */
	assert_int_equal(text_width("\xff", 1), 1);                          /* invalid: one */
	assert_int_equal(text_width("", 0), 0);
}

static void
test_boxed_aligned(void **state)
{
	static const char *const cells[] = {
	    "客户编号", "姓名", "金额",
	    "C1", "Anne", "1,234.50",
	    "C10", "欧阳娜娜", "-9",
	};
	char *s = render(TABLE_BOXED, 0, cells, 3, 3);

	(void)state;
	assert_string_equal(s,
	    "┌──────────┬──────────┬──────────┐\n"
	    "│ 客户编号 │ 姓名     │     金额 │\n"
	    "├──────────┼──────────┼──────────┤\n"
	    "│ C1       │ Anne     │ 1,234.50 │\n"
	    "│ C10      │ 欧阳娜娜 │       -9 │\n"
	    "└──────────┴──────────┴──────────┘\n");
	free(s);
}

static void
test_plain_and_empty(void **state)
{
	static const char *const cells[] = {
	    "id", "城市", "备注",
	    "1", "北京", "",
	    "22", "", "多行\n备注",
	};
	char *s = render(TABLE_PLAIN, 0, cells, 3, 3);

	(void)state;
	/* No trailing blanks; a line break shows as ↵. */
	assert_string_equal(s,
	    "id  城市  备注\n"
	    " 1  北京\n"
	    "22        多行↵备注\n");
	free(s);
}

static void
test_cut_to_width(void **state)
{
	static const char *const cells[] = {
	    "name", "amount",
	    "北京市朝阳区建国路", "12000",
	};
	char *s = render(TABLE_PLAIN, 16, cells, 2, 2);

	(void)state;
	/* 16 columns: the text gives way, the number stays whole; a wide
	 * character that does not fit leaves a blank before the …. */
	assert_string_equal(s,
	    "name      amount\n"
	    "北京市…    12000\n");
	free(s);
	s = render(TABLE_BOXED, 15, cells, 2, 2);
	assert_string_equal(s,
	    "┌─────┬───────┐\n"
	    "│ na… │ amou… │\n"
	    "├─────┼───────┤\n"
	    "│ 北… │ 12000 │\n"
	    "└─────┴───────┘\n");
	free(s);
}

static void
test_ragged_rows(void **state)
{
	struct texttable_opts o = {TABLE_PLAIN, 0};
	struct texttable *t = texttable_new(&o);
	struct strbuf sb = STRBUF_INIT;
	char *h[] = {"a"}, *r1[] = {"x", "extra"}, *r2[] = {NULL};

	(void)state;
	texttable_row(t, h, NULL, 1);
	texttable_row(t, r1, NULL, 2);
	texttable_row(t, r2, NULL, 0);
	texttable_render(t, collect, &sb);
	sb_addc(&sb, '\0');
	assert_string_equal(sb.s, "a\nx  extra\n\n");     /* an empty row is a line */
	sb_free(&sb);
	texttable_free(t);
}

/* cust-report writes its text to a stream. */
static void
test_to_file(void **state)
{
	struct texttable_opts o = {TABLE_PLAIN, 0};
	struct texttable *t = texttable_new(&o);
	char *h[] = {"城市", "n"}, *r[] = {"北京", "12"}, *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);

	(void)state;
	texttable_row(t, h, NULL, 2);
	texttable_row(t, r, NULL, 2);
	texttable_render(t, texttable_to_file, fp);
	fclose(fp);
	assert_string_equal(buf, "城市   n\n北京  12\n");
	free(buf);
	texttable_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_boxed_aligned),
		cmocka_unit_test(test_plain_and_empty),
		cmocka_unit_test(test_cut_to_width),
		cmocka_unit_test(test_ragged_rows),
		cmocka_unit_test(test_to_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
