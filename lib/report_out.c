/* report_out.c — a report's tables as text, Markdown, CSV, JSON; see report_out.h. */
#include "report_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"
#include "writer.h"

int
report_format_parse(const char *s)
{
	static const char *const names[] = {"text", "md", "csv", "json", "html"};
	size_t i;

	for (i = 0; i < ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0)
			return (int)i;
	return -1;
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

static const char *
cell(const struct rtable *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
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

/* A cell as shown to people. */
static const char *
shown(const struct rtable *t, size_t r, size_t c, char *buf)
{
	const char *s = cell(t, r, c);

	if (t->kinds[c] == RC_SHARE)
		return percent(s, buf);
	return s ? s : "";
}

/* ---- Markdown ---- */

static void
md_text(FILE *fp, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			fputc('\\', fp);
		fputc(*s == '\n' || *s == '\r' ? ' ' : *s, fp);
	}
}

static void
write_md(const struct rtable *t, bool zh, FILE *fp)
{
	char buf[32];
	size_t r, c;

	fprintf(fp, "## %s\n\n|", report_title(t, zh));
	for (c = 0; c < t->ncols; c++) {
		fputc(' ', fp);
		md_text(fp, t->cols[c]);
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
			md_text(fp, shown(t, r, c, buf));
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
	struct writer_opts wo = {FMT_CSV, o->excel};
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
json_string(FILE *fp, const char *s)
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
	json_string(fp, t->section);
	fputs(", \"title\": ", fp);
	json_string(fp, report_title(t, zh));
	fputs(", \"columns\": [", fp);
	for (c = 0; c < t->ncols; c++) {
		fputs(c ? ", " : "", fp);
		json_string(fp, t->cols[c]);
	}
	fputs("], \"rows\": [", fp);
	for (r = 0; r < t->nrows; r++) {
		fputs(r ? ",\n    {" : "\n    {", fp);
		for (c = 0; c < t->ncols; c++) {
			const char *v = cell(t, r, c);
			fputs(c ? ", " : "", fp);
			json_string(fp, t->cols[c]);
			fputs(": ", fp);
			if (v == NULL)
				fputs("null", fp);
			else if (t->kinds[c] == RC_TEXT)
				json_string(fp, v);
			else
				fputs(v, fp);   /* exact decimal text: a JSON number */
		}
		fputc('}', fp);
	}
	fputs(t->nrows ? "\n  ]}" : "]}", fp);
}

/* ---- text ---- */

#define BAR_WIDTH 30

/* Bars in eighths of a block: ▏▎▍▌▋▊▉█. */
static void
bar(FILE *fp, int64_t v, int64_t max)
{
	static const char *const eighths[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	long long n = max > 0 && v > 0 ? (long long)((double)v * BAR_WIDTH * 8 / (double)max) : 0, i;

	for (i = 0; i < n / 8; i++)
		fputs("█", fp);
	fputs(eighths[n % 8], fp);
}

static void
pad(FILE *fp, size_t n)
{
	while (n--)
		fputc(' ', fp);
}

static void
sb_pad(struct strbuf *sb, size_t n)
{
	while (n--)
		sb_addc(sb, ' ');
}

/* Aligned columns: text to the left, numbers to the right, widths as
 * the terminal shows them; no line ends in spaces. */
static void
write_text_table(const struct rtable *t, FILE *fp, bool color)
{
	size_t *w = xcalloc(t->ncols ? t->ncols : 1, sizeof(size_t)), r, c;
	struct strbuf line = STRBUF_INIT;
	char buf[32];

	for (c = 0; c < t->ncols; c++)
		w[c] = display_width(t->cols[c], strlen(t->cols[c]));
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++) {
			const char *s = shown(t, r, c, buf);
			size_t dw = display_width(s, strlen(s));
			w[c] = dw > w[c] ? dw : w[c];
		}
	for (r = 0; r <= t->nrows; r++) {
		sb_reset(&line);
		for (c = 0; c < t->ncols; c++) {
			const char *s = r == 0 ? t->cols[c] : shown(t, r - 1, c, buf);
			size_t dw = display_width(s, strlen(s));
			if (c)
				sb_adds(&line, "  ");
			if (t->kinds[c] != RC_TEXT)
				sb_pad(&line, w[c] - dw);
			sb_adds(&line, s);
			if (t->kinds[c] == RC_TEXT)
				sb_pad(&line, w[c] - dw);
		}
		while (line.len > 0 && line.s[line.len - 1] == ' ')
			line.len--;
		fprintf(fp, r == 0 && color ? "\033[1m%.*s\033[0m\n" : "%.*s\n", (int)line.len, sb_str(&line));
	}
	sb_free(&line);
	free(w);
}

/* The chart of a table's bar column, one bar per row. */
static void
write_bars(const struct rtable *t, FILE *fp, bool color)
{
	size_t r, lw = 0;
	int64_t max = 0, v;
	char buf[32];

	if (t->bar < 0 || t->label < 0 || t->nrows < 2)
		return;
	for (r = 0; r < t->nrows; r++) {
		const char *l = shown(t, r, (size_t)t->label, buf), *s = cell(t, r, (size_t)t->bar);
		size_t dw = display_width(l, strlen(l));
		lw = dw > lw ? dw : lw;
		if (s && dec_parse(s, strlen(s), &v) == 0 && v > max)
			max = v;
	}
	fputc('\n', fp);
	for (r = 0; r < t->nrows; r++) {
		const char *l = shown(t, r, (size_t)t->label, buf), *s = cell(t, r, (size_t)t->bar);
		fputs(l, fp);
		pad(fp, lw - display_width(l, strlen(l)) + 1);
		if (color)
			fputs("\033[36m", fp);
		bar(fp, s && dec_parse(s, strlen(s), &v) == 0 ? v : 0, max);
		if (color)
			fputs("\033[0m", fp);
		fprintf(fp, " %s\n", shown(t, r, (size_t)t->bar, buf));
	}
}

static void
write_text(const struct rtable *t, const struct report_out_opts *o, FILE *fp)
{
	const char *title = report_title(t, o->zh);

	fprintf(fp, o->color ? "\033[1;4m%s\033[0m\n" : "%s\n", title);
	if (!o->color) {
		size_t i, dw = display_width(title, strlen(title));
		for (i = 0; i < dw; i++)
			fputc('=', fp);
		fputc('\n', fp);
	}
	write_text_table(t, fp, o->color);
	write_bars(t, fp, o->color);
}

int
report_write(const struct rtable *t, size_t n, const struct report_out_opts *o, FILE *fp,
    const char *name, struct cust_err *err)
{
	size_t i;

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
