/* xlsxout.h — records as an .xlsx workbook: writer.c's xlsx backend.
 *
 * One sheet, the header bold and frozen, an autofilter over the table,
 * columns as wide as their text (Chinese characters count two).  Cells are
 * typed where a column's type is known (writer_types, else the role its
 * header names): numbers and money (two places, #,##0.00) as numbers,
 * dates as dates, booleans as booleans; ids, phones and everything else as
 * text, so that Excel keeps leading zeros and long digit strings.  A value
 * is written typed only when reading the workbook back gives the same text
 * (1234.50, not ¥1,234.5; 2024-10-04, not 2024/10/4): other values stay
 * text, so nothing changes on the way through a workbook.
 *
 * libxlsxwriter runs in constant-memory mode (rows go to a temporary file
 * as written) and writes the workbook to a path; that path is a temporary
 * file which writer_finish copies to the output stream, so the output's
 * own atomic handling (outfile) applies unchanged, and standard output
 * works too.  The temporary files are removed on every path, and on
 * SIGINT/SIGTERM/SIGHUP.
 */
#ifndef CUST_XLSXOUT_H
#define CUST_XLSXOUT_H

#include <stdbool.h>
#include <stdio.h>

#include "record.h"
#include "util.h"

struct xlsxout;

struct xlsxout *xlsxout_new(const char *name);
/* Column types, before the header; NULL entries or FT_ANY: by role. */
void xlsxout_types(struct xlsxout *xo, const enum ftype *types, size_t n);
void xlsxout_header(struct xlsxout *xo, char *const *names, size_t n);
void xlsxout_row(struct xlsxout *xo, char *const *vals, const size_t *lens, size_t n);
bool xlsxout_failed(const struct xlsxout *xo);
/* Close the workbook and copy it to fp. */
int xlsxout_finish(struct xlsxout *xo, FILE *fp, struct cust_err *err);
void xlsxout_free(struct xlsxout *xo);

#endif
