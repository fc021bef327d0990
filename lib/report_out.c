/* report_out.c — a report's tables as text, Markdown, CSV, JSON; see report_out.h. */
#include "report_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "texttable.h"
#include "value.h"
#include "writer.h"

int
report_format_parse(const char *s)
{
	static const char *const names[] = {"text", "md", "csv", "json", "html", "xlsx"};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
}

static const struct ext_format report_ext[] = {
	{".txt", RPT_TEXT}, {".text", RPT_TEXT}, {".md", RPT_MD}, {".csv", RPT_CSV}, {".json", RPT_JSON},
	{".html", RPT_HTML}, {".htm", RPT_HTML}, {".xlsx", RPT_XLSX},
};

enum report_format
report_format_of_name(const char *path)
{
	return (enum report_format)format_of_extension(path, report_ext, ARRAY_LEN(report_ext), RPT_TEXT);
}

const struct ext_format *
report_format_names(size_t *n)
{
	*n = ARRAY_LEN(report_ext);
	return report_ext;
}

char *
report_subtitle(const json_t *byheads, bool orders, int32_t as_of, bool zh)
{
	struct strbuf sub = STRBUF_INIT;
	char day[16];
	size_t i;

	if (byheads) {
		sb_adds(&sub, zh ? "按 " : "by ");
		for (i = 0; i < json_array_size(byheads); i++)
			sb_addf(&sub, "%s%s", i ? "," : "", json_string_value(json_array_get(byheads, i)));
		sb_adds(&sub, zh ? " 分组" : "");
	}
	if (orders) {
		date_format(date_from_days(as_of - 1), day);
		sb_addf(&sub, zh ? "%s订单截至 %s" : "%sorders to %s", sub.len ? " · " : "", day);
	}
	return sub.len ? sb_detach(&sub) : NULL;
}

static const struct {
	const char *section, *en, *zh;
} titles[] = {
	{"groups", "Groups", "分组"},
	{"crosstab", "Cross-tab", "交叉表"},
	{"problems", "Values that are not numbers", "非数字的值"},
	{"trend", "Trend", "趋势"},
	{"repeat", "Repeat purchase", "复购"},
	{"migration", "Grade migration", "等级迁移"},
	{"moves", "Promotions and demotions", "升级与降级"},
	{"risk", "Customers at risk", "风险客户"},
	{"quality", "Completeness", "完整度"},
	{"errors", "Validation errors", "校验错误"},
};

const char *
report_title(const struct rtable *t, bool zh)
{
	size_t i;

	for (i = 0; i < ARRAY_LEN(titles); i++)
		if (strcmp(t->section, titles[i].section) == 0)
			return zh ? titles[i].zh : titles[i].en;
	return t->title;
}

/* The report's own words as people read them in Chinese.  csv and json
 * keep the English: their keys and values are for programs, the same
 * whatever the language.  A section names the table a word is of (moves'
 * "new" are new grades, the trend's new customers); NULL: any table. */
struct word {
	const char *section, *en, *zh;
};

static const struct word heads[] = {
	{"moves", "new", "新定级"}, {"moves", "other", "其他"},
	{NULL, "count", "数量"}, {NULL, "share", "占比"}, {NULL, "total", "合计"},
	{NULL, "metric", "指标"}, {NULL, "group", "分组"}, {NULL, "not_numeric", "非数字"},
	{NULL, "period", "期间"}, {NULL, "customers", "客户数"}, {NULL, "orders", "订单数"},
	{NULL, "revenue", "销售额"}, {NULL, "avg_order", "客单价"}, {NULL, "new", "新客"},
	{NULL, "returning", "回头客"}, {NULL, "lapsed", "流失"}, {NULL, "repeat_rate", "复购率"},
	{NULL, "repeat_customers", "复购客户数"}, {NULL, "column", "列"}, {NULL, "filled", "已填"},
	{NULL, "empty", "空缺"}, {NULL, "completeness", "完整度"}, {NULL, "kind", "类型"},
	{NULL, "errors", "错误数"}, {NULL, "from \\ to", "从 \\ 到"}, {NULL, "month", "月份"},
	{NULL, "promotions", "升级"}, {NULL, "demotions", "降级"}, {NULL, "customer_id", "客户编号"},
	{NULL, "spend", "消费额"}, {NULL, "reasons", "原因"},
};

/* Cells that are the report's words, each in the one column that can
 * hold it (word_cell): a grade or a city is never translated. */
static const struct word cell_words[] = {
	{"migration", "(none)", "（无）"}, {"crosstab", "total", "合计"},
	{"errors", "missing", "缺失"}, {"errors", "type", "类型不符"}, {"errors", "length", "长度不符"},
	{"errors", "pattern", "格式不符"}, {"errors", "enum", "不在可选值中"},
	{"errors", "duplicate", "重复"}, {"errors", "range", "超出范围"}, {"errors", "other", "其他"},
};

static const char *
word(const struct word *w, size_t n, const char *section, const char *s)
{
	size_t i;

	for (i = 0; s && i < n; i++)
		if ((w[i].section == NULL || strcmp(w[i].section, section) == 0) && strcmp(w[i].en, s) == 0)
			return w[i].zh;
	return s;
}

const char *
report_col(const struct rtable *t, size_t c, bool zh)
{
	if (t->data[c])
		return *t->cols[c] ? t->cols[c] : "—";  /* the cross-tab's column of no value */
	return zh ? word(heads, ARRAY_LEN(heads), t->section, t->cols[c]) : t->cols[c];
}

/* Whether cell r, c may be one of the report's words: an error's kind,
 * the migration's row of customers with no grade before, the cross-tab's
 * row of totals. */
static bool
word_cell(const struct rtable *t, size_t r, size_t c)
{
	if (strcmp(t->section, "errors") == 0)
		return c == 1;
	if (strcmp(t->section, "crosstab") == 0)
		return c == 0 && r + 1 == t->nrows;
	return strcmp(t->section, "migration") == 0 && c == 0;
}

const char *
report_cell(const struct rtable *t, size_t r, size_t c, bool zh)
{
	const char *s = t->cells[r * t->ncols + c];

	return zh && word_cell(t, r, c) ? word(cell_words, ARRAY_LEN(cell_words), t->section, s) : s;
}

size_t
report_label_end(const struct rtable *t)
{
	size_t last = (size_t)t->label;

	while (strcmp(t->section, "trend") != 0 && last + 1 < t->ncols && t->kinds[last + 1] == RC_TEXT &&
	    (long)last + 1 != t->bar)
		last++;
	return last;
}

static const char *
cell(const struct rtable *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

bool
report_same_group(const struct rtable *t, size_t a, size_t b)
{
	long c;

	for (c = 0; c < t->label; c++)
		if (strcmp(cell(t, a, (size_t)c), cell(t, b, (size_t)c)) != 0)
			return false;
	return true;
}

/* A share as people read it: 0.428571 as 42.9%. */
static const char *
percent(const char *share, char *buf)
{
	int64_t v;

	if (share == NULL || dec_parse(share, strlen(share), &v) < 0)
		return share ? share : "";
	v = (v * 2 + (v >= 0 ? 1000 : -1000)) / 2000;   /* tenths of a percent */
	snprintf(buf, 32, "%s%lld.%lld%%", v < 0 ? "-" : "", (long long)(v < 0 ? -v : v) / 10,
	    (long long)(v < 0 ? -v : v) % 10);
	return buf;
}

/* A cell as shown to people: an empty text (a group of customers with
 * no grade) is a dash, as in the trend's legend, not a blank label. */
static const char *
shown(const struct rtable *t, size_t r, size_t c, bool zh, char *buf)
{
	const char *s = report_cell(t, r, c, zh);

	if (t->kinds[c] == RC_SHARE)
		return percent(s, buf);
	if (t->kinds[c] == RC_TEXT && s && *s == '\0')
		return "—";
	return s ? s : "";
}

/* Columns [first, end) of row r as people read them, " · " between,
 * an empty part "—" (one column alone shows as it is). */
static const char *
joined_cells(const struct rtable *t, size_t r, size_t first, size_t end, bool zh, struct strbuf *sb)
{
	char buf[32];
	size_t c;

	sb_reset(sb);
	for (c = first; c < end; c++) {
		const char *s = shown(t, r, c, zh, buf);
		if (c > first)
			sb_adds(sb, " · ");
		sb_adds(sb, *s || end == first + 1 ? s : "—");
	}
	return sb_str(sb);
}

/* What names row r's bar: its label column and the text columns after
 * it, as "上海 · 男"; a trend's period after its group, "金卡 · 2024-06". */
static const char *
bar_label(const struct rtable *t, size_t r, bool zh, struct strbuf *sb)
{
	size_t first = strcmp(t->section, "trend") == 0 ? 0 : (size_t)t->label;

	return joined_cells(t, r, first, report_label_end(t) + 1, zh, sb);
}

const char *
report_group_name(const struct rtable *t, size_t r, struct strbuf *sb)
{
	/* Data, not the report's words: no language to show them in. */
	return joined_cells(t, r, 0, t->label > 0 ? (size_t)t->label : 0, false, sb);
}

/* What an empty section shows people in place of its table: a header
 * over nothing reads as a report that broke. */
static const char *
none_word(bool zh)
{
	return zh ? "无" : "None.";
}

/* ---- Markdown ---- */

static void
md_text(FILE *fp, const char *s)
{
	/* One row is one line, as in text: a line break is ↵, a CR nothing. */
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			fputc('\\', fp);
		if (*s == '\n')
			fputs("↵", fp);
		else if (*s != '\r')
			fputc(*s == '\t' ? ' ' : *s, fp);
	}
}

static void
write_md(const struct rtable *t, bool zh, FILE *fp)
{
	char buf[32];
	size_t r, c;

	fprintf(fp, "## %s\n\n", report_title(t, zh));
	if (t->nrows == 0) {
		fprintf(fp, "%s\n", none_word(zh));
		return;
	}
	fputc('|', fp);
	for (c = 0; c < t->ncols; c++) {
		fputc(' ', fp);
		md_text(fp, report_col(t, c, zh));
		fputs(" |", fp);
	}
	fputs("\n|", fp);
	for (c = 0; c < t->ncols; c++)
		fputs(t->kinds[c] == RC_TEXT ? " --- |" : " ---: |", fp);
	fputc('\n', fp);
	for (r = 0; r < t->nrows; r++) {
		fputc('|', fp);
		for (c = 0; c < t->ncols; c++) {
			fputc(' ', fp);
			md_text(fp, shown(t, r, c, zh, buf));
			fputs(" |", fp);
		}
		fputc('\n', fp);
	}
}

/* ---- CSV ---- */

static int
write_csv(const struct rtable *t, const struct report_out_opts *o, FILE *fp, const char *name,
    struct cust_err *err)
{
	struct writer_opts wo = {.to = FMT_CSV, .excel = o->excel};
	struct writer *w = writer_new(fp, name, &wo);
	char **vals = xcalloc(t->ncols + 1, sizeof(char *));
	size_t *lens = xcalloc(t->ncols + 1, sizeof(size_t));
	size_t r, c;
	int rc;

	vals[0] = "section";
	memcpy(vals + 1, t->cols, t->ncols * sizeof(char *));
	writer_header(w, vals, t->ncols + 1);
	vals[0] = t->section;
	lens[0] = strlen(t->section);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++) {
			vals[c + 1] = (char *)(cell(t, r, c) ? cell(t, r, c) : "");
			lens[c + 1] = strlen(vals[c + 1]);
		}
		writer_row(w, vals, lens, t->ncols + 1);
	}
	rc = writer_finish(w, err);
	writer_free(w);
	free(vals);
	free(lens);
	return rc;
}

/* ---- JSON ---- */

static void
json_text(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(fp, "\\%c", ch);
		else if (ch == '\n')
			fputs("\\n", fp);
		else if (ch < 0x20)
			fprintf(fp, "\\u%04x", ch);
		else
			fputc(ch, fp);
	}
	fputc('"', fp);
}

static void
write_json_table(const struct rtable *t, bool zh, FILE *fp)
{
	size_t r, c;

	fputs("{\"section\": ", fp);
	json_text(fp, t->section);
	fputs(", \"title\": ", fp);
	json_text(fp, report_title(t, zh));
	fputs(", \"columns\": [", fp);
	for (c = 0; c < t->ncols; c++) {
		fputs(c ? ", " : "", fp);
		json_text(fp, t->cols[c]);
	}
	fputs("], \"rows\": [", fp);
	for (r = 0; r < t->nrows; r++) {
		fputs(r ? ",\n    {" : "\n    {", fp);
		for (c = 0; c < t->ncols; c++) {
			const char *v = cell(t, r, c);
			fputs(c ? ", " : "", fp);
			json_text(fp, t->cols[c]);
			fputs(": ", fp);
			if (v == NULL)
				fputs("null", fp);
			else if (t->kinds[c] == RC_TEXT)
				json_text(fp, v);
			else
				fputs(v, fp);   /* exact decimal text: a JSON number */
		}
		fputc('}', fp);
	}
	fputs(t->nrows ? "\n  ]}" : "]}", fp);
}

/* ---- charts, in every format people read ---- */

#define CHART_ROWS 20
/* The trend's lines, one colour per group: the first groups only. */
static const char *const trend_colors[] = {"#1d3557", "#e63946", "#2a9d8f", "#f4a261", "#6a4c93", "#8d99ae"};

/* The rows t's chart draws, the same in text and on the page: a bar
 * chart's first CHART_ROWS; the trend's every period of its first
 * groups (rows are group after group).  A chart of every row of a long
 * table (90 groups by 24 months) is no picture. */
static size_t
chart_rows(const struct rtable *t)
{
	size_t r, groups = 0;

	if (strcmp(t->section, "trend") != 0)
		return t->nrows < CHART_ROWS ? t->nrows : CHART_ROWS;
	if (t->label <= 0)
		return t->nrows;
	for (r = 0; r < t->nrows; r++)
		if ((r == 0 || !report_same_group(t, r, r - 1)) && ++groups > ARRAY_LEN(trend_colors))
			break;
	return r;
}

/* ---- text ---- */

/* The chart of a table's bar column, one bar per row. */
static void
write_bars(const struct rtable *t, const struct texttable_opts *to, bool zh, FILE *fp)
{
	struct strbuf sb = STRBUF_INIT;
	struct text_bar *b;
	char (*bufs)[32];
	int64_t v;
	size_t r, n = chart_rows(t);

	if (t->bar < 0 || t->label < 0 || t->nrows < 2)
		return;
	b = xcalloc(n, sizeof(*b));
	bufs = xcalloc(n, sizeof(*bufs));
	for (r = 0; r < n; r++) {
		const char *s = cell(t, r, (size_t)t->bar);
		b[r].label = xstrdup(bar_label(t, r, zh, &sb));
		b[r].value = shown(t, r, (size_t)t->bar, zh, bufs[r]);
		b[r].size = s && dec_parse(s, strlen(s), &v) == 0 ? (double)v : 0;
	}
	fputc('\n', fp);
	texttable_bars(b, n, to, texttable_to_file, fp);
	for (r = 0; r < n; r++)
		free((char *)b[r].label);
	sb_free(&sb);
	free(bufs);
	free(b);
}

/* The title, the table (text to the left, numbers to the right), the
 * chart: lib/texttable's, as --to table in the other programs. */
static void
write_text(const struct rtable *t, const struct report_out_opts *o, FILE *fp)
{
	/* A grid's row labels and counts are what it says: cut into blocks
	 * of columns, it is read whole (at 80 columns too). */
	bool grid = strcmp(t->section, "crosstab") == 0 || strcmp(t->section, "migration") == 0;
	struct texttable_opts to = {TABLE_PLAIN, o->width, report_title(t, o->zh), o->color, grid ? 1 : 0};
	struct texttable *tt = texttable_new(&to);
	const char **row = xcalloc(t->ncols + 1, sizeof(char *));
	char (*bufs)[32] = xcalloc(t->ncols + 1, 32);
	size_t r, c;

	for (c = 0; c < t->ncols; c++)
		row[c] = report_col(t, c, o->zh);
	if (t->nrows)   /* no rows: the title alone, then none_word */
		texttable_row(tt, (char *const *)row, NULL, t->ncols);
	for (c = 0; c < t->ncols; c++)
		texttable_align(tt, c, t->kinds[c] == RC_TEXT ? ALIGN_LEFT : ALIGN_RIGHT);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < t->ncols; c++)
			row[c] = shown(t, r, c, o->zh, bufs[c]);
		texttable_row(tt, (char *const *)row, NULL, t->ncols);
	}
	texttable_render(tt, texttable_to_file, fp);
	if (t->nrows == 0)
		fprintf(fp, "%s\n", none_word(o->zh));
	texttable_free(tt);
	free(bufs);
	free(row);
	write_bars(t, &to, o->zh, fp);
}

/* ---- HTML ---- */

/* Escaped; a line break is ↵ and a CR nothing, as in text and md: a
 * raw one would show as a space. */
static void
html_text(FILE *fp, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '\n': fputs("↵", fp); break;
		case '\r': break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp); break;
		}
	}
}

/* At most n display columns of s, with "…" when cut. */
static void
html_short(FILE *fp, const char *s, size_t n)
{
	struct strbuf sb = STRBUF_INIT;
	size_t w = 0, k, cw, i, len = strlen(s);

	for (i = 0; i < len; i += k) {
		k = grapheme_at(s + i, len - i, &cw);
		if ((w += cw) > n) {
			sb_adds(&sb, "…");
			break;
		}
		sb_add(&sb, s + i, k);
	}
	html_text(fp, sb_str(&sb));
	sb_free(&sb);
}

static const char html_style[] =
    "*{box-sizing:border-box}"
    "body{margin:0;font:15px/1.5 -apple-system,'Segoe UI','PingFang SC','Noto Sans CJK SC',"
    "'Microsoft YaHei','WenQuanYi Micro Hei',sans-serif;color:#1f2933;background:#f4f6f8}"
    "main{max-width:1100px;margin:0 auto;padding:24px 16px}"
    "header{background:#1d3557;color:#fff;padding:24px 16px}"
    "header div{max-width:1100px;margin:0 auto}"
    "h1{margin:0;font-size:26px}header p{margin:4px 0 0;opacity:.8}"
    "section{background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.08);"
    "padding:16px 20px;margin:0 0 20px}"
    "h2{font-size:19px;margin:0 0 12px;color:#1d3557}"
    ".scroll{overflow-x:auto;max-width:100%}"
    "table{border-collapse:collapse;font-size:14px;min-width:50%}"
    "th,td{padding:5px 10px;border-bottom:1px solid #e4e7eb;text-align:left;white-space:nowrap}"
    "th{background:#f0f4f8;font-weight:600}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    "td.reason{white-space:normal;min-width:16em}"
    "svg{display:block;max-width:100%;height:auto;margin:0 0 14px}"
    "svg text{font-size:12px;fill:#3e4c59}"
    ".cards{display:flex;flex-wrap:wrap;gap:12px;margin:0 0 20px}"
    ".card{background:#fff;border-radius:8px;padding:12px 18px;box-shadow:0 1px 3px rgba(0,0,0,.08);"
    "flex:1 1 140px}"
    ".card b{display:block;font-size:24px;color:#1d3557}"
    "footer{color:#7b8794;font-size:12px;text-align:center;padding:0 0 24px}"
    /* Paper does not scroll: wide tables wrap their cells and shrink
     * rather than lose their right-hand columns; a section taller than a
     * page breaks between rows, not before the section. */
    "@media print{body{background:#fff}main{padding:0}section{box-shadow:none;padding:0;margin:0 0 16px}"
    "h2{break-after:avoid}svg,tr{break-inside:avoid}.scroll{overflow:visible}"
    "table{font-size:10px;min-width:0}th,td{white-space:normal;padding:2px 4px}}";

#define BAR_ROOM 260.0  /* the longest bar, px */

static bool
cell_number(const struct rtable *t, size_t r, long c, int64_t *v)
{
	const char *s = c >= 0 ? cell(t, r, (size_t)c) : NULL;

	return s && dec_parse(s, strlen(s), v) == 0;
}

/* Horizontal bars of the bar column, labelled by bar_label; the labels
 * get the room the longest needs (12px text: 6.5px a column, Chinese
 * two), from 60 to 260px, longer ones shortened.  The picture is as wide
 * as its labels, BAR_ROOM and the longest value need, no wider: a phone
 * shrinks it to fit, and a picture of 640px shrank its text to 5px. */
static void
html_bars(const struct rtable *t, bool zh, FILE *fp)
{
	size_t n = chart_rows(t), r, cols = 0, vcols = 0;
	struct strbuf sb = STRBUF_INIT;
	int64_t max = 0, v;
	double lw, width;
	char buf[32];

	if (t->bar < 0 || t->label < 0 || t->nrows < 2)
		return;
	for (r = 0; r < n; r++) {
		const char *l = bar_label(t, r, zh, &sb), *val = shown(t, r, (size_t)t->bar, zh, buf);
		size_t dw = display_width(l, strlen(l)), vw = display_width(val, strlen(val));
		if (cell_number(t, r, t->bar, &v) && v > max)
			max = v;
		cols = dw > cols ? dw : cols;
		vcols = vw > vcols ? vw : vcols;
	}
	lw = 6.5 * (double)cols;
	lw = lw < 60 ? 60 : lw > 260 ? 260 : lw;
	width = lw + 24 + BAR_ROOM + 6.5 * (double)vcols + 8;
	fprintf(fp, "<svg viewBox=\"0 0 %.0f %zu\" width=\"%.0f\" role=\"img\" aria-label=\"", width, n * 24 + 4, width);
	html_text(fp, report_col(t, (size_t)t->bar, zh));
	fputs("\">", fp);
	for (r = 0; r < n; r++) {
		double w = cell_number(t, r, t->bar, &v) && max > 0 && v > 0 ?
		    BAR_ROOM * (double)v / (double)max : 0;
		fprintf(fp, "<text x=\"%.1f\" y=\"%zu\" text-anchor=\"end\">", lw + 10, r * 24 + 17);
		html_short(fp, bar_label(t, r, zh, &sb), (size_t)(lw / 6.5));
		fprintf(fp, "</text><rect x=\"%.1f\" y=\"%zu\" width=\"%.1f\" height=\"18\" rx=\"3\" fill=\"#457b9d\"/>"
		    "<text x=\"%.1f\" y=\"%zu\">", lw + 18, r * 24 + 4, w, lw + 24 + w, r * 24 + 17);
		html_text(fp, shown(t, r, (size_t)t->bar, zh, buf));
		fputs("</text>", fp);
	}
	fputs("</svg>\n", fp);
	sb_free(&sb);
}

/* An axis label people read at a glance: 13182121.6 as 1318.2万 or
 * 13.2M (v is a decimal of 6 places, >= 0). */
static void
axis_number(int64_t v, bool zh, char *buf)
{
	static const struct {
		double unit;
		const char *zh, *en;
	} units[] = {{1e8, "亿", NULL}, {1e9, NULL, "B"}, {1e6, NULL, "M"}, {1e4, "万", NULL}, {1e3, NULL, "k"}};
	double x = (double)v / DEC_SCALE;
	size_t i;

	for (i = 0; i < ARRAY_LEN(units); i++) {
		const char *u = zh ? units[i].zh : units[i].en;
		if (u && x >= units[i].unit) {
			snprintf(buf, 32, "%.1f%s", x / units[i].unit, u);
			return;
		}
	}
	snprintf(buf, 32, "%.10g", x);
}

/* Lines of the trend's revenue (else orders), one per group, the first
 * six groups; their names above the plot. */
static void
html_lines(const struct rtable *t, bool zh, FILE *fp)
{
	long pc = t->label, vc = t->bar, gc = pc > 0 ? 0 : -1;
	size_t np = 0, r, k, ng = 0, top, rows;
	struct strbuf name = STRBUF_INIT;
	int64_t max = 0, v;
	char label[32];

	if (pc < 0 || vc < 0 || t->nrows == 0)
		return;
	for (r = 0; r < t->nrows; r++)
		if (cell_number(t, r, vc, &v) && v > max)
			max = v;
	/* Rows are group by group, every period in each. */
	for (r = 0; r < t->nrows && (gc < 0 || r == 0 || report_same_group(t, r, 0)); r++)
		np++;
	if (np < 2 || max <= 0)
		return;
	rows = gc < 0 ? 0 : t->nrows / np > 3 ? 2 : 1;
	top = 20 + rows * 16;
	fprintf(fp, "<svg viewBox=\"0 0 640 %zu\" width=\"640\" role=\"img\" aria-label=\"trend\">"
	    "<line x1=\"60\" y1=\"%zu\" x2=\"630\" y2=\"%zu\" stroke=\"#9aa5b1\"/>"
	    "<line x1=\"60\" y1=\"%zu\" x2=\"630\" y2=\"%zu\" stroke=\"#e4e7eb\" stroke-dasharray=\"4 4\"/>",
	    top + 240, top + 200, top + 200, top, top);
	axis_number(max, zh, label);
	fprintf(fp, "<text x=\"56\" y=\"%zu\" text-anchor=\"end\">", top + 4);
	html_text(fp, label);
	fprintf(fp, "</text><text x=\"56\" y=\"%zu\" text-anchor=\"end\">0</text>", top + 204);
	for (r = 0; r < np; r += (np + 7) / 8) {
		fprintf(fp, "<text x=\"%.1f\" y=\"%zu\" text-anchor=\"%s\">", 60 + 570.0 * (double)r / (double)(np - 1),
		    top + 222, r + 1 == np ? "end" : r == 0 ? "start" : "middle");
		html_text(fp, cell(t, r, (size_t)pc));
		fputs("</text>", fp);
	}
	for (r = 0; r < t->nrows && ng < ARRAY_LEN(trend_colors); r += np, ng++) {
		const char *color = trend_colors[ng];
		fprintf(fp, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
		for (k = 0; k < np && r + k < t->nrows; k++) {
			double y = (double)top + 200 - (cell_number(t, r + k, vc, &v) ? 200.0 * (double)v / (double)max : 0);
			fprintf(fp, "%s%.1f,%.1f", k ? " " : "", 60 + 570.0 * (double)k / (double)(np - 1), y);
		}
		fputs("\"/>", fp);
		if (gc >= 0) {
			fprintf(fp, "<rect x=\"%zu\" y=\"%zu\" width=\"12\" height=\"3\" fill=\"%s\"/>"
			    "<text x=\"%zu\" y=\"%zu\">", 60 + (ng % 3) * 190, 9 + (ng / 3) * 16, color,
			    76 + (ng % 3) * 190, 14 + (ng / 3) * 16);
			html_short(fp, report_group_name(t, r, &name), 22);
			fputs("</text>", fp);
		}
	}
	fputs("</svg>\n", fp);
	sb_free(&name);
}

/* Heat-map cells: the grid's counts shaded by size (totals plain). */
static bool
heat_table(const struct rtable *t)
{
	return strcmp(t->section, "crosstab") == 0 || strcmp(t->section, "migration") == 0;
}

/* A page for people stays small: longer tables show their first rows. */
#define HTML_ROWS 200

static void
html_table(const struct rtable *t, bool zh, FILE *fp)
{
	bool heat = heat_table(t);
	int64_t max = 0, v;
	size_t r, c;
	char buf[32];

	for (r = 0; heat && r + (strcmp(t->section, "crosstab") == 0) < t->nrows; r++)
		for (c = 1; c + 1 < t->ncols; c++)
			if (cell_number(t, r, (long)c, &v) && v > max)
				max = v;
	fputs("<div class=\"scroll\"><table><thead><tr>", fp);
	for (c = 0; c < t->ncols; c++) {
		fputs(t->kinds[c] == RC_TEXT ? "<th>" : "<th class=\"n\">", fp);
		html_text(fp, report_col(t, c, zh));
		fputs("</th>", fp);
	}
	fputs("</tr></thead><tbody>\n", fp);
	for (r = 0; r < t->nrows && r < HTML_ROWS; r++) {
		fputs("<tr>", fp);
		for (c = 0; c < t->ncols; c++) {
			bool total = c + 1 == t->ncols || (strcmp(t->section, "crosstab") == 0 && r + 1 == t->nrows);
			if (heat && c > 0 && !total && max > 0 && cell_number(t, r, (long)c, &v) && v > 0)
				fprintf(fp, "<td class=\"n\" style=\"background:rgba(230,57,70,%.2f)\">",
				    0.08 + 0.72 * (double)v / (double)max);
			else
				fputs(t->kinds[c] == RC_TEXT ? (strcmp(t->cols[c], "reasons") == 0 ?
				    "<td class=\"reason\">" : "<td>") : "<td class=\"n\">", fp);
			html_text(fp, shown(t, r, c, zh, buf));
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n", fp);
	if (t->nrows > HTML_ROWS)
		fprintf(fp, zh ? "<p>另有 %zu 行未显示（完整数据见 --to csv、json 或 xlsx）。</p>\n" :
		    "<p>%zu more rows not shown (all of them in --to csv, json or xlsx).</p>\n", t->nrows - HTML_ROWS);
}

static void
write_html(const struct rtable *t, size_t n, const struct report_out_opts *o, FILE *fp)
{
	size_t i;

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\">"
	    "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
	    "<title>%s</title><style>%s</style></head><body>\n<header><div><h1>%s</h1>",
	    o->zh ? "zh-CN" : "en", o->zh ? "客户报告" : "Customer report", html_style,
	    o->zh ? "客户报告" : "Customer report");
	if (o->subtitle) {
		fputs("<p>", fp);
		html_text(fp, o->subtitle);
		fputs("</p>", fp);
	}
	fputs("</div></header>\n<main>\n", fp);
	for (i = 0; i < n; i++) {
		fprintf(fp, "<section id=\"%s\"><h2>", t[i].section);
		html_text(fp, report_title(&t[i], o->zh));
		fputs("</h2>\n", fp);
		if (strcmp(t[i].section, "trend") == 0)
			html_lines(&t[i], o->zh, fp);
		else if (!heat_table(&t[i]))
			html_bars(&t[i], o->zh, fp);
		if (t[i].nrows == 0)
			fprintf(fp, "<p>%s</p>\n", none_word(o->zh));
		else
			html_table(&t[i], o->zh, fp);
		fputs("</section>\n", fp);
	}
	fprintf(fp, "</main><footer>%s</footer></body></html>\n",
	    o->zh ? "由 cust-report (custkit) 生成" : "Made by cust-report (custkit)");
}

int
report_write(const struct rtable *t, size_t n, const struct report_out_opts *o, FILE *fp,
    const char *name, struct cust_err *err)
{
	size_t i;

	if (o->to == RPT_XLSX)
		return report_write_xlsx(t, n, o, fp, name, err);
	if (o->to == RPT_JSON)
		fputs("{\"report\": \"cust-report\", \"version\": 1, \"sections\": [\n  ", fp);
	for (i = 0; i < n; i++) {
		switch (o->to) {
		case RPT_MD:
			fputs(i ? "\n" : "", fp);
			write_md(&t[i], o->zh, fp);
			break;
		case RPT_CSV:
			if (i)
				fputs(o->excel ? "\r\n" : "\n", fp);
			if (write_csv(&t[i], o, fp, name, err) < 0)
				return -1;
			break;
		case RPT_HTML:
			write_html(t, n, o, fp);
			i = n;
			break;
		case RPT_JSON:
			fputs(i ? ",\n  " : "", fp);
			write_json_table(&t[i], o->zh, fp);
			break;
		default:
			fputs(i ? "\n" : "", fp);
			write_text(&t[i], o, fp);
			break;
		}
	}
	if (o->to == RPT_JSON)
		fputs("\n]}\n", fp);
	if (fflush(fp) != 0 || ferror(fp))
		return cust_fail(err, CUST_OUTPUT, "%s: write error: %s", name, strerror(errno));
	return 0;
}
