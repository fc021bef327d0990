/* xlsxout.c — the .xlsx writer backend (libxlsxwriter); see xlsxout.h. */
#include "xlsxout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "outfile.h"
#include "roles.h"
#include "value.h"

#define MAX_WIDTH 60            /* columns wider than this would hide the others */
#define EXCEL_DAY0 25569        /* 1970-01-01 as an Excel serial (1900 system) */

enum kind { K_TEXT, K_NUMBER, K_MONEY, K_DATE, K_BOOL };

struct xlsxout {
	char *name;
	char *tmp;              /* where libxlsxwriter writes the workbook */
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold, *money, *date, *datetime;
	enum ftype *types;      /* given by writer_types, or NULL */
	size_t ntypes;
	enum kind *kind;
	double *width;
	size_t ncols;
	lxw_row_t row;          /* rows written, header included */
	bool failed;
	char msg[512];
	struct strbuf cell;     /* a value, NUL-terminated */
};

static void
fail(struct xlsxout *xo, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
fail(struct xlsxout *xo, const char *fmt, ...)
{
	va_list ap;

	if (xo->failed)
		return;
	xo->failed = true;
	va_start(ap, fmt);
	vsnprintf(xo->msg, sizeof(xo->msg), fmt, ap);
	va_end(ap);
}

struct xlsxout *
xlsxout_new(const char *name)
{
	struct xlsxout *xo = xcalloc(1, sizeof(*xo));
	lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
	const char *dir = getenv("TMPDIR");
	int fd;

	xo->name = xstrdup(name);
	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	xo->tmp = xmalloc(strlen(dir) + 32);
	sprintf(xo->tmp, "%s/custkit-xlsx.XXXXXX", dir);
	if ((fd = mkstemp(xo->tmp)) < 0) {
		fail(xo, "cannot create a temporary file in %s: %s", dir, strerror(errno));
		free(xo->tmp);
		xo->tmp = NULL;
		return xo;
	}
	close(fd);
	outfile_track_temp(xo->tmp, true);
	opt.tmpdir = (char *)dir;
	if ((xo->wb = workbook_new_opt(xo->tmp, &opt)) == NULL ||
	    (xo->ws = workbook_add_worksheet(xo->wb, NULL)) == NULL) {
		fail(xo, "cannot start the workbook");
		return xo;
	}
	xo->bold = workbook_add_format(xo->wb);
	format_set_bold(xo->bold);
	xo->money = workbook_add_format(xo->wb);
	format_set_num_format(xo->money, "#,##0.00");
	xo->date = workbook_add_format(xo->wb);
	format_set_num_format(xo->date, "yyyy-mm-dd");
	xo->datetime = workbook_add_format(xo->wb);
	format_set_num_format(xo->datetime, "yyyy-mm-dd hh:mm:ss");
	return xo;
}

void
xlsxout_types(struct xlsxout *xo, const enum ftype *types, size_t n)
{
	free(xo->types);
	xo->types = xcalloc(n + 1, sizeof(*types));
	memcpy(xo->types, types, n * sizeof(*types));
	xo->ntypes = n;
}

static enum kind
kind_of_type(enum ftype t)
{
	switch (t) {
	case FT_INTEGER: case FT_NUMBER: return K_NUMBER;
	case FT_MONEY: return K_MONEY;
	case FT_DATE: case FT_DATETIME: return K_DATE;
	case FT_BOOLEAN: return K_BOOL;
	default: return K_TEXT;
	}
}

static enum kind
kind_of_role(enum role r)
{
	switch (r) {
	case ROLE_AMOUNT: case ROLE_PRICE: return K_MONEY;
	case ROLE_QUANTITY: return K_NUMBER;
	case ROLE_BIRTH_DATE: case ROLE_SIGNUP_DATE: case ROLE_ORDER_DATE: return K_DATE;
	default: return K_TEXT;   /* ids, phones and postcodes above all */
	}
}

static bool
is_hex4(const char *s)
{
	size_t i;

	for (i = 0; i < 4; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') || (s[i] >= 'A' && s[i] <= 'F')))
			return false;
	return true;
}

/* libxlsxwriter takes NUL-terminated text.  Text that holds an OOXML
 * escape such as _x0041_ gets its underscore escaped (_x005F_), or Excel
 * and every reader would show an A. */
static const char *
cstr(struct xlsxout *xo, const char *s, size_t n)
{
	size_t i;

	sb_reset(&xo->cell);
	if (memchr(s, '_', n) == NULL) {
		sb_add(&xo->cell, s, n);
		return sb_str(&xo->cell);
	}
	for (i = 0; i < n; i++) {
		if (s[i] == '_' && i + 6 < n && s[i + 1] == 'x' && is_hex4(s + i + 2) && s[i + 6] == '_')
			sb_adds(&xo->cell, "_x005F");
		sb_addc(&xo->cell, s[i]);
	}
	return sb_str(&xo->cell);
}

static void
note_width(struct xlsxout *xo, size_t col, const char *s, size_t n, double extra)
{
	double w;

	/* A value is never wider than its bytes: most need no measuring. */
	if ((double)n + extra <= xo->width[col] || xo->width[col] >= MAX_WIDTH)
		return;
	w = (double)(text_is_ascii(s, n) ? n : display_width(s, n)) + extra;
	if (w > xo->width[col])
		xo->width[col] = w > MAX_WIDTH ? MAX_WIDTH : w;
}

static void
write_text(struct xlsxout *xo, size_t col, const char *s, size_t n, lxw_format *f)
{
	lxw_error e = worksheet_write_string(xo->ws, xo->row, (lxw_col_t)col, cstr(xo, s, n), f);

	if (e == LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED)
		fail(xo, "record %lu, column %zu: text longer than the 32767 characters an Excel cell holds "
		    "(write CSV instead)", (unsigned long)xo->row, col + 1);
	else if (e != LXW_NO_ERROR)
		fail(xo, "%s", lxw_strerror(e));
	note_width(xo, col, s, n, 2);
}

void
xlsxout_header(struct xlsxout *xo, char *const *names, size_t n)
{
	size_t i;

	xo->ncols = n;
	xo->kind = xcalloc(n + 1, sizeof(*xo->kind));
	xo->width = xcalloc(n + 1, sizeof(*xo->width));
	for (i = 0; i < n; i++) {
		if (i < xo->ntypes && xo->types[i] != FT_ANY)
			xo->kind[i] = kind_of_type(xo->types[i]);
		else
			xo->kind[i] = kind_of_role(role_of_header(names[i]));
	}
	if (xo->failed)
		return;
	if (n > LXW_COL_MAX) {
		fail(xo, "%zu columns do not fit in a sheet (at most %d)", n, LXW_COL_MAX);
		return;
	}
	for (i = 0; i < n; i++)
		write_text(xo, i, names[i], strlen(names[i]), xo->bold);
	xo->row++;
}

/* Will the number text read back from the workbook as the same text?
 * libxlsxwriter writes a number with %.16G, so it must be that form:
 * no leading zeros, no trailing fraction zeros, at most 15 digits. */
static bool
number_round_trips(const char *s, size_t n, double *v)
{
	size_t i = 0, digits = 0;
	bool frac = false;
	char back[40];

	if (n == 0 || n > 20)
		return false;
	if (s[0] == '-')
		i++;
	if (i < n && s[i] == '0' && i + 1 < n && s[i + 1] != '.')
		return false;
	for (; i < n; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digits++;
		else if (s[i] == '.' && !frac && digits > 0 && i + 1 < n)
			frac = true;
		else
			return false;
	}
	if (digits == 0 || digits > 15 || (frac && s[n - 1] == '0') || (n == 2 && s[0] == '-' && s[1] == '0'))
		return false;
	memcpy(back, s, n);
	back[n] = '\0';
	*v = strtod(back, NULL);
	if (!frac)
		return true;
	snprintf(back, sizeof(back), "%.16G", *v);
	return strlen(back) == n && memcmp(back, s, n) == 0;
}

/* 2024-10-04 or 2024-10-04T08:26:00 exactly, as the reader writes them,
 * from 1900-03-01 on (before it Excel's serials are off by a day). */
static bool
date_serial(const char *s, size_t n, double *serial, bool *has_time)
{
	struct datetime dt;
	const char *why;
	char back[24];

	if ((n != 10 && n != 19) || datetime_parse(s, n, &dt, &why) != VALUE_OK ||
	    datetime_format(&dt, back) != n || memcmp(back, s, n) != 0)
		return false;
	if (dt.date.year < 1900 || (dt.date.year == 1900 && dt.date.month < 3))
		return false;
	*serial = date_to_days(dt.date) + EXCEL_DAY0 + (dt.hour * 3600 + dt.min * 60 + dt.sec) / 86400.0;
	*has_time = dt.has_time;
	return true;
}

static void
write_cell(struct xlsxout *xo, size_t col, const char *s, size_t n)
{
	lxw_col_t c = (lxw_col_t)col;
	int64_t cents;
	const char *why;
	char buf[32];
	double v;
	bool t;

	switch (xo->kind[col]) {
	case K_MONEY:
		if (money_parse(s, n, &cents, &why) == VALUE_OK && money_format(cents, buf) == n &&
		    memcmp(buf, s, n) == 0 && (cents < 0 ? -cents : cents) < (1LL << 53)) {
			worksheet_write_number(xo->ws, xo->row, c, (double)cents / 100.0, xo->money);
			note_width(xo, col, s, n, 2 + n / 3);
			return;
		}
		/* 1234 and 1234.5 are numbers too */
		/* fall through */
	case K_NUMBER:
		if (number_round_trips(s, n, &v)) {
			worksheet_write_number(xo->ws, xo->row, c, v, NULL);
			note_width(xo, col, s, n, 2);
			return;
		}
		break;
	case K_DATE:
		if (date_serial(s, n, &v, &t)) {
			worksheet_write_number(xo->ws, xo->row, c, v, t ? xo->datetime : xo->date);
			note_width(xo, col, s, n, 2);
			return;
		}
		break;
	case K_BOOL:
		if ((n == 4 && memcmp(s, "true", 4) == 0) || (n == 5 && memcmp(s, "false", 5) == 0)) {
			worksheet_write_boolean(xo->ws, xo->row, c, n == 4, NULL);
			note_width(xo, col, s, n, 2);
			return;
		}
		break;
	default:
		break;
	}
	write_text(xo, col, s, n, NULL);
}

void
xlsxout_row(struct xlsxout *xo, char *const *vals, const size_t *lens, size_t n)
{
	size_t i, len;

	if (xo->failed)
		return;
	if (xo->row >= LXW_ROW_MAX) {
		fail(xo, "more than %d records do not fit in one sheet (write CSV instead)", LXW_ROW_MAX - 1);
		return;
	}
	for (i = 0; i < n && i < xo->ncols; i++) {
		len = lens ? lens[i] : strlen(vals[i]);
		if (len > 0)
			write_cell(xo, i, vals[i], len);
	}
	xo->row++;
}

bool
xlsxout_failed(const struct xlsxout *xo)
{
	return xo->failed;
}

int
xlsxout_finish(struct xlsxout *xo, FILE *fp, struct cust_err *err)
{
	lxw_error e;
	size_t i;

	if (!xo->failed && xo->wb != NULL) {
		for (i = 0; i < xo->ncols; i++)
			worksheet_set_column(xo->ws, (lxw_col_t)i, (lxw_col_t)i,
			    xo->width[i] < 6 ? 6 : xo->width[i] + 1, NULL);
		if (xo->ncols > 0) {
			worksheet_freeze_panes(xo->ws, 1, 0);
			worksheet_autofilter(xo->ws, 0, 0, xo->row > 1 ? xo->row - 1 : 1, (lxw_col_t)(xo->ncols - 1));
		}
		e = workbook_close(xo->wb);
		xo->wb = NULL;
		if (e != LXW_NO_ERROR)
			fail(xo, "%s", lxw_strerror(e));
	}
	if (xo->failed)
		return cust_fail(err, CUST_OUTPUT, "%s: %s", xo->name, xo->msg);
	if (outfile_copy_file(xo->tmp, fp) < 0 || fflush(fp) != 0)
		return cust_fail(err, CUST_OUTPUT, "%s: write error: %s", xo->name, strerror(errno));
	return 0;
}

void
xlsxout_free(struct xlsxout *xo)
{
	if (xo == NULL)
		return;
	if (xo->wb != NULL)
		lxw_workbook_free(xo->wb);
	if (xo->tmp != NULL) {
		unlink(xo->tmp);
		outfile_track_temp(xo->tmp, false);
	}
	free(xo->tmp);
	free(xo->types);
	free(xo->kind);
	free(xo->width);
	sb_free(&xo->cell);
	free(xo->name);
	free(xo);
}
