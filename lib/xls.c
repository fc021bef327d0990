/* xls.c — a sheet of an .xls (BIFF) workbook through libfreexl; see
 * workbook.h.
 *
 * libfreexl reads the whole workbook on open (an .xls holds at most 65536
 * rows) and tells dates from numbers by the cells' formats itself; its
 * "YYYY-MM-DD HH:MM:SS" becomes ISO 8601's T form here, and a double is
 * written as the shortest decimal that is the same double.  The same file
 * format (an OLE2 compound file) also wraps an .xlsx saved with a
 * password, which is told apart by its EncryptedPackage stream.
 */
#include "workbook.h"

#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numfmt.h"

struct xls {
	const void *h;
	unsigned rows;
	unsigned short cols;
	unsigned next;          /* next row index (0-based) */
};

/* Does the compound file hold a stream named EncryptedPackage (the
 * directory entry's UTF-16LE name)?  Only asked when libfreexl finds no
 * workbook in it. */
static bool
encrypted_package(const char *path)
{
	static const char name[] = "E\0n\0c\0r\0y\0p\0t\0e\0d\0P\0a\0c\0k\0a\0g\0e\0";
	char buf[65536 + sizeof(name)];
	size_t keep = 0, n;
	bool found = false;
	FILE *fp = fopen(path, "rb");

	if (fp == NULL)
		return false;
	while (!found && (n = fread(buf + keep, 1, sizeof(buf) - keep, fp)) > 0) {
		n += keep;
		found = memmem(buf, n, name, sizeof(name) - 1) != NULL;
		keep = n < sizeof(name) ? n : sizeof(name);
		memmove(buf, buf + n - keep, keep);
	}
	fclose(fp);
	return found;
}

static int
xls_fail(struct book *b, const char *path, int rc, struct cust_err *err)
{
	if (encrypted_package(path))
		return cust_fail(err, CUST_INPUT, "%s: the workbook is password-protected (encrypted); "
		    "remove the password in Excel or WPS and save it again", b->name);
	return cust_fail(err, CUST_INPUT, "%s: not a readable .xls workbook (libfreexl error %d: "
	    "damaged, truncated, or not BIFF)", b->name, rc);
}

static int
xls_next(struct book *b, struct cust_err *err)
{
	struct xls *x = b->impl;
	FreeXL_CellValue v;
	char buf[64];
	unsigned short c;
	size_t n;
	int rc;

	if (x->next >= x->rows)
		return 0;
	book_row_start(&b->row, (long)x->next + 1);
	for (c = 0; c < x->cols; c++) {
		if ((rc = freexl_get_cell_value(x->h, x->next, c, &v)) != FREEXL_OK) {
			book_row_error(&b->row, b->sheet, c, "unreadable cell (libfreexl error %d)", rc);
			continue;
		}
		switch (v.type) {
		case FREEXL_CELL_INT:
			n = (size_t)snprintf(buf, sizeof(buf), "%d", v.value.int_value);
			book_row_set(&b->row, c, buf, n);
			break;
		case FREEXL_CELL_DOUBLE:
			n = number_shortest(v.value.double_value, buf);
			book_row_set(&b->row, c, buf, n);
			break;
		case FREEXL_CELL_TEXT:
		case FREEXL_CELL_SST_TEXT:
		case FREEXL_CELL_DATE:
		case FREEXL_CELL_TIME:
			book_row_set(&b->row, c, v.value.text_value, strlen(v.value.text_value));
			break;
		case FREEXL_CELL_DATETIME:
			snprintf(buf, sizeof(buf), "%s", v.value.text_value);
			if ((n = strlen(buf)) > 10 && buf[10] == ' ')
				buf[10] = 'T';
			book_row_set(&b->row, c, buf, n);
			break;
		default:
			break;
		}
	}
	x->next++;
	(void)err;
	return 1;
}

static void
xls_close(struct book *b)
{
	struct xls *x = b->impl;

	if (x == NULL)
		return;
	if (x->h)
		freexl_close(x->h);
	free(x);
	b->impl = NULL;
}

static int
choose_sheet(struct book *b, struct xls *x, const char *sheet, struct cust_err *err)
{
	unsigned count = 0, i;
	char **names;
	bool *hidden;
	const char *nm;
	long k;

	freexl_get_info(x->h, FREEXL_BIFF_SHEET_COUNT, &count);
	names = xcalloc(count + 1, sizeof(char *));
	hidden = xcalloc(count + 1, sizeof(bool));
	for (i = 0; i < count; i++)
		names[i] = xstrdup(freexl_get_worksheet_name(x->h, (unsigned short)i, &nm) == FREEXL_OK && nm ?
		    nm : "");
	k = book_pick_sheet(sheet, names, hidden, count);
	if (k < 0)
		book_no_sheet(b, sheet, names, hidden, count, err);
	else
		b->sheet = xstrdup(names[k]);
	for (i = 0; i < count; i++)
		free(names[i]);
	free(names);
	free(hidden);
	if (k < 0)
		return -1;
	if (freexl_select_active_worksheet(x->h, (unsigned short)k) != FREEXL_OK ||
	    freexl_worksheet_dimensions(x->h, &x->rows, &x->cols) != FREEXL_OK)
		return cust_fail(err, CUST_INPUT, "%s: sheet '%s' cannot be read", b->name, b->sheet);
	return 0;
}

int
xls_open(struct book *b, const char *path, const char *sheet, struct cust_err *err)
{
	struct xls *x = xcalloc(1, sizeof(*x));
	unsigned pw = 0;
	int rc;

	b->impl = x;
	b->next = xls_next;
	b->close = xls_close;
	if ((rc = freexl_open(path, &x->h)) != FREEXL_OK) {
		x->h = NULL;
		return xls_fail(b, path, rc, err);
	}
	if (freexl_get_info(x->h, FREEXL_BIFF_PASSWORD, &pw) == FREEXL_OK && pw != FREEXL_BIFF_PLAIN)
		return cust_fail(err, CUST_INPUT, "%s: the workbook is password-protected (encrypted); "
		    "remove the password in Excel or WPS and save it again", b->name);
	return choose_sheet(b, x, sheet, err);
}
