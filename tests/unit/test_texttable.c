/* Unit tests for texttable.c: display widths of Chinese, full-width,
 * combining text and emoji, alignment, cutting to a width, both styles,
 * titles, colour and bar charts. */
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
	struct texttable_opts o = {.style = style, .width = width};
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
	struct texttable_opts o = {.style = TABLE_PLAIN};
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
	struct texttable_opts o = {.style = TABLE_PLAIN};
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

/* Graphemes: an emoji with its skin tone, a variation selector, a
 * zero-width-joined family, a flag each take two columns, and a cut never
 * leaves a mark without its base. */
static void
test_graphemes(void **state)
{
	static const char *const cells[] = {
	    "name", "n",
	    "👍🏽 ok", "1",          /* thumbs up, medium skin tone */
	    "❤️", "2",              /* heart, emoji presentation */
	    "👨‍👩‍👧", "3",           /* a family: three joined by ZWJ */
	    "🇨🇳", "4",             /* a flag */
	    "Cafe\xcc\x81!", "5",  /* e and a combining acute */
	};
	char *s;

	(void)state;
	assert_int_equal(text_width("👍🏽", strlen("👍🏽")), 2);
	assert_int_equal(text_width("❤️", strlen("❤️")), 2);
	assert_int_equal(text_width("❤", strlen("❤")), 1);
	assert_int_equal(text_width("👨‍👩‍👧", strlen("👨‍👩‍👧")), 2);
	assert_int_equal(text_width("🇨🇳", strlen("🇨🇳")), 2);
	s = render(TABLE_PLAIN, 0, cells, 2, 6);
	assert_string_equal(s,
	    "name   n\n"
	    "👍🏽 ok  1\n"
	    "❤️     2\n"
	    "👨‍👩‍👧     3\n"
	    "🇨🇳     4\n"
	    "Cafe\xcc\x81!  5\n");
	free(s);
	/* Cut to 4 columns: "Caf" and the ellipsis, or all of "é" with it. */
	s = render(TABLE_PLAIN, 7, cells, 2, 6);
	assert_string_equal(strstr(s, "Caf"), "Caf…  5\n");
	free(s);
}

/* What cust-report asks for: a title, alignment by the column's kind,
 * the header bold with colour, and bar charts. */
static void
test_title_align_color(void **state)
{
	struct texttable_opts o = {.style = TABLE_PLAIN, .title = "分组"};
	struct texttable *t = texttable_new(&o);
	struct strbuf sb = STRBUF_INIT;
	char *h[] = {"code", "城市"}, *r1[] = {"007", "北京"}, *r2[] = {"12", "上海"};

	(void)state;
	texttable_row(t, h, NULL, 2);
	texttable_row(t, r1, NULL, 2);
	texttable_row(t, r2, NULL, 2);
	texttable_align(t, 0, ALIGN_LEFT);      /* codes are text, however they look */
	texttable_render(t, collect, &sb);
	sb_addc(&sb, '\0');
	assert_string_equal(sb.s, "分组\n====\ncode  城市\n007   北京\n12    上海\n");
	texttable_free(t);
	sb_reset(&sb);
	o.color = true;
	t = texttable_new(&o);
	texttable_row(t, h, NULL, 2);
	texttable_row(t, r2, NULL, 2);
	texttable_align(t, 1, ALIGN_RIGHT);
	texttable_render(t, collect, &sb);
	sb_addc(&sb, '\0');
	assert_string_equal(sb.s, "\033[1;4m分组\033[0m\n\033[1mcode  城市\033[0m\n  12  上海\n");
	texttable_free(t);
	sb_free(&sb);
}

static void
test_bars(void **state)
{
	struct texttable_opts o = {.style = TABLE_PLAIN};
	struct text_bar b[] = {{"北京", "10", 10}, {"ＶＩＰ区", "3.5", 3.5}, {"x", "0", 0}, {"neg", "", -1}};
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	texttable_bars(b, 4, &o, collect, &sb);
	sb_addc(&sb, '\0');
	/* 30 columns for 10; 3.5 is 10.5 columns: 10 blocks and a half. */
	assert_string_equal(sb.s,
	    "北京     ██████████████████████████████ 10\n"
	    "ＶＩＰ区 ██████████▌ 3.5\n"
	    "x         0\n"
	    "neg\n");
	sb_reset(&sb);
	/* 24 columns: labels cut to a third (8), the bar to what is left (11). */
	o.width = 24;
	o.color = true;
	b[0].label = "北京市朝阳区建国路";
	texttable_bars(b, 2, &o, collect, &sb);
	sb_addc(&sb, '\0');
	assert_string_equal(sb.s,
	    "北京市…  \033[36m███████████\033[0m 10\n"
	    "ＶＩＰ区 \033[36m███▊\033[0m 3.5\n");
	sb_free(&sb);
}

static char *
render_grid(size_t width)
{
	static const char *const cells[] = {
	    "等级 \\ 城市", "北京", "上海", "广州", "合计",
	    "钻石会员", "1200", "30", "4", "1234",
	    "普通会员", "5", "60000", "7", "60012",
	};
	struct texttable_opts o = {.style = TABLE_PLAIN, .width = width, .title = "交叉表", .repeat = 1};
	struct texttable *t = texttable_new(&o);
	struct strbuf sb = STRBUF_INIT;
	size_t r;

	for (r = 0; r < 3; r++)
		texttable_row(t, (char *const *)cells + r * 5, NULL, 5);
	texttable_render(t, collect, &sb);
	texttable_free(t);
	sb_addc(&sb, '\0');
	return sb_detach(&sb);
}

/* A grid wider than the line: blocks of whole columns, each beside the
 * row labels again, the title once; one that fits is one table; a
 * column too wide for the line beside the labels is a block of its own,
 * narrowed as any table is. */
static void
test_repeat_blocks(void **state)
{
	char *s;

	(void)state;
	s = render_grid(29);
	assert_string_equal(s,
	    "交叉表\n"
	    "======\n"
	    "等级 \\ 城市  北京   上海\n"
	    "钻石会员     1200     30\n"
	    "普通会员        5  60000\n"
	    "\n"
	    "等级 \\ 城市  广州   合计\n"
	    "钻石会员        4   1234\n"
	    "普通会员        7  60012\n");
	free(s);
	s = render_grid(0);
	assert_string_equal(s,
	    "交叉表\n"
	    "======\n"
	    "等级 \\ 城市  北京   上海  广州   合计\n"
	    "钻石会员     1200     30     4   1234\n"
	    "普通会员        5  60000     7  60012\n");
	free(s);
	s = render_grid(16);
	assert_string_equal(s,
	    "交叉表\n"
	    "======\n"
	    "等级 \\ 城…  北京\n"
	    "钻石会员    1200\n"
	    "普通会员       5\n"
	    "\n"
	    "等级 \\ …    上海\n"
	    "钻石会员      30\n"
	    "普通会员   60000\n"
	    "\n"
	    "等级 \\ 城…  广州\n"
	    "钻石会员       4\n"
	    "普通会员       7\n"
	    "\n"
	    "等级 \\ …    合计\n"
	    "钻石会员    1234\n"
	    "普通会员   60012\n");
	free(s);
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
		cmocka_unit_test(test_graphemes),
		cmocka_unit_test(test_title_align_color),
		cmocka_unit_test(test_bars),
		cmocka_unit_test(test_repeat_blocks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
