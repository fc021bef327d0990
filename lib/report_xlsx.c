/* report_xlsx.c — a report as an Excel workbook; see report_out.h.
 *
 * One sheet per table, named by its title; the header bold and frozen;
 * counts and decimals as numbers, money (RC_MONEY) as numbers with two
 * places, exact money (RC_MONEY_EXACT, a median) with two places and as
 * many more as it has (10.005: never shown rounded), shares as percentages, a column of ISO dates (the weeks of a
 * trend, a date grouped by) as dates;
 * columns as wide as their text (Chinese counts two); native charts: bars
 * beside the tables that have a chart column, a line for the trend.
 * libxlsxwriter writes to a path: a temporary file, copied to the stream,
 * so that the caller's atomic output applies unchanged.
 */
#include "report_out.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "value.h"

#define CHART_ROWS 20

struct xfmt {
	lxw_format *bold, *money, *exact, *share, *date, *plain;
};

static const char *
cell(const struct rtable *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

/* s is a date written as ISO 8601 (2024-09-30), nothing else: an
 * Excel serial or 20240930 among group values stays what it is. */
static bool
iso_date(const char *s, struct date *d)
{
	char back[16];

	return strlen(s) == 10 && s[4] == '-' && s[7] == '-' && date_parse(s, 10, d, NULL) == 0 &&
	    date_format(*d, back) == 10 && memcmp(back, s, 10) == 0;
}

/* Every value of text column c is such a date (and there is one). */
static bool
date_column(const struct rtable *t, size_t c)
{
	struct date d;
	size_t r, n = 0;

	for (r = 0; r < t->nrows; r++) {
		const char *s = cell(t, r, c);
		if (s == NULL || *s == '\0')
			continue;
		if (!iso_date(s, &d))
			return false;
		n++;
	}
	return n > 0;
}

static void
sheet_name(const struct rtable *t, bool zh, size_t i, char *buf)
{
	/* Excel: at most 31 characters, unique; titles are short and
	 * distinct, the index makes them so anyway. */
	snprintf(buf, 64, "%zu %s", i + 1, report_title(t, zh));
}

static void
write_cells(lxw_worksheet *ws, const struct rtable *t, bool zh, const struct xfmt *f)
{
	size_t r, c;
	double *w = xcalloc(t->ncols + 1, sizeof(double));

	for (c = 0; c < t->ncols; c++) {
		const char *h = report_col(t, c, zh);
		worksheet_write_string(ws, 0, (lxw_col_t)c, h, f->bold);
		w[c] = (double)display_width(h, strlen(h));
	}
	for (c = 0; c < t->ncols; c++) {
		lxw_format *nf = t->kinds[c] == RC_SHARE ? f->share :
		    t->kinds[c] == RC_MONEY ? f->money : t->kinds[c] == RC_MONEY_EXACT ? f->exact : f->plain;
		bool dates = t->kinds[c] == RC_TEXT && date_column(t, c);
		for (r = 0; r < t->nrows; r++) {
			const char *s = report_cell(t, r, c, zh);
			lxw_row_t row = (lxw_row_t)(r + 1);
			struct date d;
			double dw;
			if (s == NULL)
				continue;
			dw = (double)display_width(s, strlen(s));
			if (dw > w[c])
				w[c] = dw;
			if (dates && iso_date(s, &d)) {
				lxw_datetime dt = {d.year, d.month, d.day, 0, 0, 0};
				worksheet_write_datetime(ws, row, (lxw_col_t)c, &dt, f->date);
			} else if (t->kinds[c] == RC_TEXT)
				worksheet_write_string(ws, row, (lxw_col_t)c, s, NULL);
			else
				worksheet_write_number(ws, row, (lxw_col_t)c, strtod(s, NULL), nf);
		}
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (w[c] > 60 ? 60 : w[c]) + 2, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	free(w);
}

/* The series of a chart: the bar column of rows [from, from + n), on the
 * label column's categories of rows [0, n). */
static void
add_series(lxw_chart *ch, const char *sheet, const struct rtable *t, size_t from, size_t n,
    const char *name)
{
	lxw_chart_series *se = chart_add_series(ch, NULL, NULL);
	/* A row named by two columns: categories of two levels. */
	size_t last = report_label_end(t);

	chart_series_set_categories(se, sheet, 1, (lxw_col_t)t->label, (lxw_row_t)n, (lxw_col_t)last);
	chart_series_set_values(se, sheet, (lxw_row_t)(from + 1), (lxw_col_t)t->bar, (lxw_row_t)(from + n),
	    (lxw_col_t)t->bar);
	chart_series_set_name(se, name);
}

#define TREND_LINES 6

static void
add_chart(lxw_workbook *wb, lxw_worksheet *ws, const char *sheet, const struct rtable *t, bool zh)
{
	bool line = strcmp(t->section, "trend") == 0;
	size_t n = t->nrows, r, k = 0;
	struct strbuf name = STRBUF_INIT;
	lxw_chart *ch;

	if (t->bar < 0 || t->label < 0 || t->nrows < 2)
		return;
	if (!line && n > CHART_ROWS)
		n = CHART_ROWS;
	/* With groups, the trend's rows are group after group, every period
	 * in each: a line per group (the first few, as the page draws them),
	 * named by it. */
	if (line && t->label > 0) {
		for (n = 1; n < t->nrows && report_same_group(t, n, 0); n++)
			;
	}
	ch = workbook_add_chart(wb, line ? LXW_CHART_LINE : LXW_CHART_BAR);
	if (line && t->label > 0) {
		for (r = 0; r + n <= t->nrows && k < TREND_LINES; r += n, k++)
			add_series(ch, sheet, t, r, n, report_group_name(t, r, &name));
	} else
		add_series(ch, sheet, t, 0, n, report_col(t, (size_t)t->bar, zh));
	chart_title_set_name(ch, report_title(t, zh));
	chart_legend_set_position(ch, k > 1 ? LXW_CHART_LEGEND_BOTTOM : LXW_CHART_LEGEND_NONE);
	if (!line)
		chart_axis_set_reverse(ch->y_axis);   /* the first row on top */
	/* Excel's default chart is 288 px high: a bar chart of many rows
	 * grows so that every row keeps its label. */
	lxw_chart_options co = {.x_scale = 1.25, .y_scale = 1};
	if (!line && 80.0 + 20.0 * (double)n > 288)
		co.y_scale = (80.0 + 20.0 * (double)n) / 288;
	worksheet_insert_chart_opt(ws, 1, (lxw_col_t)(t->ncols + 1), ch, &co);
	sb_free(&name);
}

static int
copy_file(const char *path, FILE *to, const char *name, struct cust_err *err)
{
	FILE *in = fopen(path, "rb");
	char buf[65536];
	size_t n;

	if (in == NULL)
		return cust_fail(err, CUST_OUTPUT, "%s: %s", path, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		if (fwrite(buf, 1, n, to) != n) {
			fclose(in);
			return cust_fail(err, CUST_OUTPUT, "%s: write error: %s", name, strerror(errno));
		}
	fclose(in);
	return 0;
}

int
report_write_xlsx(const struct rtable *t, size_t n, const struct report_out_opts *o, FILE *fp,
    const char *name, struct cust_err *err)
{
	const char *dir = getenv("TMPDIR");
	char path[4096], sheet[64];
	lxw_workbook *wb;
	struct xfmt f;
	size_t i;
	int fd, rc;

	snprintf(path, sizeof(path), "%s/cust-report-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0)
		return cust_fail(err, CUST_OUTPUT, "cannot make a temporary file for the workbook: %s",
		    strerror(errno));
	close(fd);
	if ((wb = workbook_new(path)) == NULL) {
		unlink(path);
		return cust_fail(err, CUST_OUTPUT, "cannot start the workbook");
	}
	f.bold = workbook_add_format(wb);
	format_set_bold(f.bold);
	format_set_bg_color(f.bold, 0xF0F4F8);
	f.money = workbook_add_format(wb);
	format_set_num_format(f.money, "#,##0.00");
	/* '#' places show only when the value has them: 231.72, 10.005;
	 * twelve, as many as an exact quantile can have. */
	f.exact = workbook_add_format(wb);
	format_set_num_format(f.exact, "#,##0.00##########");
	f.share = workbook_add_format(wb);
	format_set_num_format(f.share, "0.0%");
	f.date = workbook_add_format(wb);
	format_set_num_format(f.date, "yyyy-mm-dd");
	f.plain = NULL;
	for (i = 0; i < n; i++) {
		lxw_worksheet *ws;
		sheet_name(&t[i], o->zh, i, sheet);
		ws = workbook_add_worksheet(wb, sheet);
		write_cells(ws, &t[i], o->zh, &f);
		add_chart(wb, ws, sheet, &t[i], o->zh);
	}
	if (n == 0)
		workbook_add_worksheet(wb, NULL);
	rc = workbook_close(wb);
	if (rc != LXW_NO_ERROR) {
		unlink(path);
		return cust_fail(err, CUST_OUTPUT, "%s: the workbook could not be written: %s", name,
		    lxw_strerror((lxw_error)rc));
	}
	rc = copy_file(path, fp, name, err);
	unlink(path);
	return rc;
}
