/* report_xlsx.c — a report as an Excel workbook; see report_out.h.
 *
 * One sheet per table, named by its title; the header bold and frozen;
 * counts and decimals as numbers, money (RC_MONEY) as numbers with two
 * places, shares as percentages;
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
	lxw_format *bold, *money, *share, *plain;
};

static const char *
cell(const struct rtable *t, size_t r, size_t c)
{
	return t->cells[r * t->ncols + c];
}

static void
sheet_name(const struct rtable *t, bool zh, size_t i, char *buf)
{
	/* Excel: at most 31 characters, unique; titles are short and
	 * distinct, the index makes them so anyway. */
	snprintf(buf, 64, "%zu %s", i + 1, report_title(t, zh));
}

static void
write_cells(lxw_worksheet *ws, const struct rtable *t, const struct xfmt *f)
{
	size_t r, c;
	double *w = xcalloc(t->ncols + 1, sizeof(double));

	for (c = 0; c < t->ncols; c++) {
		worksheet_write_string(ws, 0, (lxw_col_t)c, t->cols[c], f->bold);
		w[c] = (double)display_width(t->cols[c], strlen(t->cols[c]));
	}
	for (c = 0; c < t->ncols; c++) {
		lxw_format *nf = t->kinds[c] == RC_SHARE ? f->share :
		    t->kinds[c] == RC_MONEY ? f->money : f->plain;
		for (r = 0; r < t->nrows; r++) {
			const char *s = cell(t, r, c);
			lxw_row_t row = (lxw_row_t)(r + 1);
			double dw;
			if (s == NULL)
				continue;
			dw = (double)display_width(s, strlen(s));
			if (dw > w[c])
				w[c] = dw;
			if (t->kinds[c] == RC_TEXT)
				worksheet_write_string(ws, row, (lxw_col_t)c, s, NULL);
			else
				worksheet_write_number(ws, row, (lxw_col_t)c, strtod(s, NULL), nf);
		}
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, (w[c] > 60 ? 60 : w[c]) + 2, NULL);
	}
	worksheet_freeze_panes(ws, 1, 0);
	free(w);
}

static void
add_chart(lxw_workbook *wb, lxw_worksheet *ws, const char *sheet, const struct rtable *t, bool zh)
{
	bool line = strcmp(t->section, "trend") == 0;
	size_t n = t->nrows, first = 0;
	lxw_chart *ch;
	lxw_chart_series *se;

	if (t->bar < 0 || t->label < 0 || t->nrows < 2)
		return;
	if (!line && n > CHART_ROWS)
		n = CHART_ROWS;
	/* With groups, the trend's rows are group after group: the first
	 * group's periods make the line. */
	if (line && t->label > 0) {
		for (n = 1; n < t->nrows && strcmp(cell(t, n, 0), cell(t, 0, 0)) == 0; n++)
			;
	}
	ch = workbook_add_chart(wb, line ? LXW_CHART_LINE : LXW_CHART_BAR);
	se = chart_add_series(ch, NULL, NULL);
	chart_series_set_categories(se, sheet, (lxw_row_t)(first + 1), (lxw_col_t)t->label, (lxw_row_t)n,
	    (lxw_col_t)t->label);
	chart_series_set_values(se, sheet, (lxw_row_t)(first + 1), (lxw_col_t)t->bar, (lxw_row_t)n,
	    (lxw_col_t)t->bar);
	chart_series_set_name(se, t->cols[t->bar]);
	chart_title_set_name(ch, report_title(t, zh));
	chart_legend_set_position(ch, LXW_CHART_LEGEND_NONE);
	if (!line)
		chart_axis_set_reverse(ch->y_axis);   /* the first row on top */
	worksheet_insert_chart(ws, 1, (lxw_col_t)(t->ncols + 1), ch);
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
	f.share = workbook_add_format(wb);
	format_set_num_format(f.share, "0.0%");
	f.plain = NULL;
	for (i = 0; i < n; i++) {
		lxw_worksheet *ws;
		sheet_name(&t[i], o->zh, i, sheet);
		ws = workbook_add_worksheet(wb, sheet);
		write_cells(ws, &t[i], &f);
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
