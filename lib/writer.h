/* writer.h — write records as CSV, TSV, JSON Lines or a JSON array.
 *
 * CSV quoting is minimal (RFC 4180): a field is quoted only when it holds
 * the delimiter, a quote, CR or LF.  JSON values are strings, except in
 * columns given a type (writer_json_type): there a number is a JSON
 * number written exactly from its decimal text (1234.50 stays 1234.50;
 * ¥1,234.50 becomes 1234.5), a boolean is true or false, an empty value
 * null, and a value that is none of these stays a string, so that
 * nothing is lost.  opts.json_strings keeps every value a string.
 *
 * Excel mode writes a UTF-8 BOM and CRLF, and prefixes with ' any cell
 * that starts with = + - @ TAB or CR and is not a plain number, so that
 * opening the file cannot run a formula.  A value Excel would change on
 * opening is written as the formula ="..." of its text, which Excel and
 * LibreOffice show as it is: a leading zero (0012345), more than 15
 * digits (an 18-digit ID number), 11 digits or more (a phone, which a
 * narrow column shows as 1.38E+10), a plus sign (+8613812345678), an
 * exponent (1E5), what reads as a date (1-2, 3/4, 1-Jan), and a phone
 * number with a + or spaces in a phone column (writer_roles).
 *
 * FMT_TABLE and FMT_TEXT are tables for people (texttable.h), boxed or
 * plain: rows are kept until writer_finish, which renders them.
 *
 * FMT_XLSX writes a workbook through its own backend (xlsxout.h), with
 * typed cells.
 */
#ifndef CUST_WRITER_H
#define CUST_WRITER_H

#include <stdbool.h>
#include <stdio.h>

#include "record.h"
#include "util.h"

struct writer_opts {
	enum format to;     /* FMT_CSV if FMT_AUTO */
	bool excel;
	size_t width;       /* FMT_TABLE, FMT_TEXT: the widest a line may be; 0: no limit */
	bool json_strings;  /* JSON: every value a string, whatever its type */
};

enum json_type { JSON_TEXT, JSON_NUMBER, JSON_BOOL };

struct writer;

/* name is used in error messages ("stdout", the output file's name). */
struct writer *writer_new(FILE *fp, const char *name, const struct writer_opts *opts);
/* What the columns hold, for writers with typed values (xlsx); call
 * before writer_header.  Without it, a column's role (its header) says. */
void writer_types(struct writer *w, const enum ftype *types, size_t n);
void writer_header(struct writer *w, char *const *names, size_t n);
void writer_row(struct writer *w, char *const *vals, const size_t *lens, size_t n);
/* Column col holds values of type t in JSON output (default JSON_TEXT).
 * Set before the first row. */
void writer_json_type(struct writer *w, size_t col, enum json_type t);
struct roles;
/* What the roles say about how values are written: amount, quantity and
 * price columns are JSON numbers; with --excel a phone column's
 * +86 139 8765 4321 is written as ="..." (shown as it is) where the
 * formula guard would prefix a ' that Excel shows. */
void writer_roles(struct writer *w, const struct roles *roles);
/* Has a write failed so far?  Cheap; lets long runs stop early. */
bool writer_failed(const struct writer *w);
/* Close the JSON array, flush, and report any write error. Does not fclose. */
int writer_finish(struct writer *w, struct cust_err *err);
void writer_free(struct writer *w);
/* Does the path name an .xlsx file (by its suffix)? */
bool path_is_xlsx(const char *path);

#endif
