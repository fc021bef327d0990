/* numfmt.h — what a spreadsheet cell's number format makes of its number.
 *
 * Workbooks store dates as day counts ("serials") and say only through the
 * cell's number format that a person sees a date.  This module reads a
 * format code (built-in id or custom text) the way Excel decides: a date or
 * time when, outside quoted text, backslash escapes and [brackets] (except
 * the elapsed-time [h] [m] [s]), the first section holds y, m, d, h or s;
 * otherwise a number, whose fixed decimal places (0.00) are kept.  Serials
 * become ISO 8601 text in either date system, with the 1900 system's
 * phantom 1900-02-29 (serial 60) refused, as no calendar has it.
 * Used by the .xlsx and .xls readers alike, so both give the same values.
 */
#ifndef CUST_NUMFMT_H
#define CUST_NUMFMT_H

#include <stdbool.h>
#include <stddef.h>

enum numfmt_kind {
	NF_NUMBER,      /* a plain number (General, 0.00, #,##0, 0%) */
	NF_DATE,        /* a calendar date without a time of day */
	NF_DATETIME,    /* a date and a time of day */
	NF_TIME,        /* a time of day or a duration ([h]:mm) */
};

#define NUMFMT_MAX_DECIMALS 30

struct numfmt {
	enum numfmt_kind kind;
	int decimals;   /* NF_NUMBER: fixed decimal places shown (0.00 is 2, at most 30), or -1 */
};

/* The format of a built-in id (0..163): Excel's list, with the Chinese
 * (zh-CN) meaning of the locale-dependent ids 27..36 and 50..58.  An id
 * that is not built in is a General number. */
struct numfmt numfmt_builtin(int id);
/* The format of a custom format code (styles.xml's formatCode). */
struct numfmt numfmt_classify(const char *code);

/* Longest text serial_to_iso writes, with its NUL. */
#define SERIAL_ISO_MAX 32

/* The stored number text s (a day count, possibly with a fraction of a day)
 * as ISO 8601 for a cell of the given kind: 2024-10-04, 2024-10-04T08:26:00,
 * or 08:26:00 (a duration past a day: 36:00:00).  date1904: the workbook's
 * 1904 date system.  Returns the length written to buf, or 0 with *why set
 * when s is no date of that kind (negative, beyond 9999-12-31, 1900-02-29,
 * not a number). */
size_t serial_to_iso(const char *s, size_t len, enum numfmt_kind kind, bool date1904, char *buf,
    const char **why);

/* The number text s with at least decimals fraction digits, padded with
 * zeros (1234.5 with 2 is 1234.50): never rounded, never shortened.  Text
 * with an exponent or that is not a plain decimal is copied unchanged.
 * buf holds len + decimals + 2 bytes.  Returns the length. */
size_t number_pad(const char *s, size_t len, int decimals, char *buf);

/* Is s a decimal number as a workbook stores one (optional '-', digits,
 * optional fraction, optional exponent)? */
bool number_text_valid(const char *s, size_t len);

/* The shortest decimal that reads back as d, without an exponent where a
 * person would write none (1000, 0.1, 1e+20).  buf >= 32 bytes. */
size_t number_shortest(double d, char *buf);

#endif
