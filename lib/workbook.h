/* workbook.h — the rows of one sheet of an .xlsx or .xls workbook.
 *
 * A sheet is read as the user sees it: text (shared, inline, rich text
 * runs joined), numbers as the file stores them (padded to a format's fixed
 * decimals, never through a double for .xlsx), booleans as true/false,
 * dates and times found through the cell's number format written as ISO
 * 8601.  Error cells (#N/A) and formulas without a cached value read as
 * empty and are counted (book_notes).  Empty rows are skipped; a row's
 * trailing empty cells are not there.  A cell whose value cannot be read
 * makes its row come out with error set ("Sheet1!C17: ..."), never dropped.
 *
 * .xlsx is streamed: the sheet's XML is parsed as it is inflated, so memory
 * holds the shared strings and one row, whatever the sheet's length.  A
 * part that inflates more than 100 times its compressed size (a zip bomb)
 * and an XML document type declaration (entity bombs; OOXML has none) are
 * refused.  .xls goes through libfreexl.
 */
#ifndef CUST_WORKBOOK_H
#define CUST_WORKBOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "record.h"
#include "util.h"

/* How a file's first bytes say it is a workbook: a zip archive (.xlsx, or
 * not a workbook at all), an OLE2 compound file (.xls, or an encrypted
 * .xlsx), or neither.  n >= 8 bytes for an answer. */
enum book_kind { BOOK_NONE, BOOK_ZIP, BOOK_CFB };
enum book_kind book_sniff(const unsigned char *p, size_t n);

/* Largest sheet Excel allows: XFD1048576. */
#define BOOK_MAX_ROW 1048576L
#define BOOK_MAX_COL 16384L

/* A part may inflate to at most this many times its compressed size. */
#define BOOK_MAX_RATIO 100

struct book_row {
	long row;               /* 1-based row number in the sheet */
	size_t n;               /* cells, up to the last non-empty one */
	size_t *off, *len;      /* cell i is text.s + off[i], NUL-terminated */
	size_t cap;
	struct strbuf text;
	char *error;            /* why the row cannot be read, or NULL */
};

struct book;

/* Open path (a regular file) as format fmt (FMT_XLSX or FMT_XLS) and
 * choose a sheet: sheet is its name, or its number from 1 in the
 * workbook's order; NULL is the first visible sheet.  name is for
 * messages.  An unknown sheet is a usage error that lists the sheets; a
 * corrupt, encrypted or unsupported workbook is an input error. */
struct book *book_open(const char *path, const char *name, enum format fmt, const char *sheet,
    long skip, struct cust_err *err);
/* The next non-empty row after row skip: 1 and *row set, 0 at the end, -1
 * on a fatal error (a damaged zip or XML).  *row stays valid until the
 * next call. */
int book_next(struct book *b, struct book_row **row, struct cust_err *err);
/* The sheet being read. */
const char *book_sheet(const struct book *b);
/* What was read as empty, for a warning, e.g. "2 error cells (#N/A, ...)
 * and 1 formula without a cached value read as empty"; NULL when nothing
 * was.  Valid until book_close. */
const char *book_notes(struct book *b);
void book_close(struct book *b);

/* --- for the backends (xlsx.c, xls.c) and what they share (workbook.c) --- */

struct book {
	int (*next)(struct book *b, struct cust_err *err);  /* fill row: 1, 0 end, -1 */
	void (*close)(struct book *b);
	void *impl;             /* the backend's state */
	char *name;             /* the file, for messages */
	char *sheet;            /* the sheet's name */
	long skip;              /* rows up to this number are not records */
	struct book_row row;
	unsigned long error_cells, uncached;
	char error_sample[64];  /* the first error cells' texts */
	struct strbuf notes;
};

int xlsx_open(struct book *b, const char *path, const char *sheet, struct cust_err *err);
int xls_open(struct book *b, const char *path, const char *sheet, struct cust_err *err);
/* Count an error cell (#N/A) read as empty. */
void book_error_cell(struct book *b, const char *text);
/* The usage error for an unknown sheet, listing names[0..n) (hidden[i]
 * marks a hidden one). */
int book_no_sheet(const struct book *b, const char *sheet, char *const *names, const bool *hidden,
    size_t n, struct cust_err *err);
/* Which of names[0..n) --sheet means, or -1: a name (exactly, then ignoring
 * case), else a number from 1.  NULL: the first not hidden. */
long book_pick_sheet(const char *sheet, char *const *names, const bool *hidden, size_t n);

/* "A", "Z", "AA", … for column index col (0-based); buf >= 4 bytes. */
size_t book_col_name(long col, char *buf);
/* Reset row for row number r. */
void book_row_start(struct book_row *row, long r);
/* Set cell col (0-based, at or after the row's cells so far) to s[0..n). */
void book_row_set(struct book_row *row, size_t col, const char *s, size_t n);
/* Drop trailing empty cells; is anything left? */
bool book_row_finish(struct book_row *row);
/* Give row its error (the first one wins): "SHEET!CELL: what". */
void book_row_error(struct book_row *row, const char *sheet, long col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void book_row_free(struct book_row *row);

#endif
