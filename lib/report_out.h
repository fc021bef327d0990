/* report_out.h — a report's tables for terminals, programs and people.
 *
 *   text  lib/texttable's tables (display widths, so Chinese stays
 *         aligned; text to the left, numbers to the right) and bar
 *         charts; colour only when asked (the caller decides: a
 *         terminal, and no NO_COLOR)
 *   md    Markdown: a heading and a pipe table per section
 *   csv   one tidy table per section, each with a first column "section",
 *         separated by a blank line
 *   json  {"report": "cust-report", "version": 1, "sections": [{"section",
 *         "title", "columns", "rows": [{column: value}]}]}: the keys are
 *         stable; counts and exact decimals are JSON numbers written as
 *         the decimal text (never through a double), a missing value null
 *   html  one self-contained page: inline CSS, SVG charts (bars, lines
 *         for the trend), heat-map cells for the cross-tab and the
 *         migration matrix; no script, no external resource
 *   xlsx  a workbook (report_xlsx.c)
 *
 * Titles are in English or Chinese (zh); so are the headers and the
 * report's words in the formats people read (report_col).  The module writes to the
 * stream it is given and reports write errors; it opens nothing.
 */
#ifndef CUST_REPORT_OUT_H
#define CUST_REPORT_OUT_H

#include <stdbool.h>
#include <stdio.h>

#include "report.h"

enum report_format { RPT_TEXT, RPT_MD, RPT_CSV, RPT_JSON, RPT_HTML, RPT_XLSX };

/* "text", "md", "csv", "json", "html", "xlsx"; -1 for another word. */
int report_format_parse(const char *s);
/* The format -o's name says, in any case (REPORT.XLSX is a workbook,
 * page.htm a page, notes.txt text); text for another name or none. */
enum report_format report_format_of_name(const char *path);
/* The extensions report_format_of_name knows (for cli_check_output_name). */
const struct ext_format *report_format_names(size_t *n);

struct report_out_opts {
	enum report_format to;
	bool zh;                /* titles in Chinese */
	bool color;             /* text: ANSI colour */
	bool excel;             /* csv: BOM and CRLF (lib/writer.c's --excel) */
	size_t width;           /* text: the widest a line may be (a terminal's); 0: no limit */
	const char *subtitle;   /* html: under the title (what the report is of) */
};

/* What the page is of, in the report's language (a manager forwarding it
 * needs to know): "by 城市,grade · orders to 2024-09-30", "按 城市 分组"
 * (byheads: the --by columns' headers, a JSON array; NULL: no --by), the
 * last day of the orders counted (orders: they were; as_of: the day after
 * the last).  NULL when there is nothing to say; else free it. */
char *report_subtitle(const json_t *byheads, bool orders, int32_t as_of, bool zh);
/* The section's title in the report's language. */
const char *report_title(const struct rtable *t, bool zh);
/* Column c's header and cell r, c as people read them (text, md, html,
 * xlsx): the report's own words (count, share, total, an error's kind,
 * "(none)") in Chinese when zh; the data's (a --by column, a metric, a
 * grade, a city) as they are.  csv and json write t->cols and t->cells:
 * English keys and values, the same in any language, for programs. */
const char *report_col(const struct rtable *t, size_t c, bool zh);
const char *report_cell(const struct rtable *t, size_t r, size_t c, bool zh);
/* The last column that names a chart's bar: the label column and the
 * text columns after it (the second --by column, an error's kind), so
 * that every format names a bar by all of them. */
size_t report_label_end(const struct rtable *t);
/* The trend's rows are group after group: its group columns are those
 * before its period (t->label).  Whether rows a and b are of one group;
 * a group's name as people read it ("北京 · 男", an empty part "—"). */
bool report_same_group(const struct rtable *t, size_t a, size_t b);
const char *report_group_name(const struct rtable *t, size_t r, struct strbuf *sb);

int report_write(const struct rtable *t, size_t n, const struct report_out_opts *o, FILE *fp,
    const char *name, struct cust_err *err);
/* The workbook (report_xlsx.c): one sheet per table, native charts. */
int report_write_xlsx(const struct rtable *t, size_t n, const struct report_out_opts *o, FILE *fp,
    const char *name, struct cust_err *err);

#endif
