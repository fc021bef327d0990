/* reader.h — read records from CSV, TSV, JSON Lines, a JSON array, or a
 * sheet of an .xlsx or .xls workbook (workbook.h).
 *
 * The format is detected from the first bytes unless forced: a zip archive
 * is an .xlsx workbook and an OLE2 compound file an .xls one (a workbook
 * read from a pipe is copied to a temporary file, as zip needs to seek);
 * '{' or '[' means JSON, anything else CSV with the delimiter sniffed
 * among , TAB ; | (and ", " as written by some exports, whose leading
 * spaces are dropped).  A record's line is a sheet's row number.
 * Several files are read one after the other as one stream; each has its own
 * header, and a later file's columns are matched to the first file's by
 * name (order may differ; a missing or extra column is an error).
 */
#ifndef CUST_READER_H
#define CUST_READER_H

#include <stdbool.h>

#include "record.h"
#include "util.h"

struct reader_opts {
	enum format from;        /* FMT_AUTO to detect */
	int delimiter;           /* 0 to sniff */
	const char *encoding;    /* NULL to detect */
	warn_fn *warn;           /* may be called from the parsing thread */
	void *warn_ctx;
	bool prefetch;           /* parse in a second thread while the caller works */
	const char *sheet;       /* a workbook's sheet: name or number; NULL: the first visible */
	long skip;               /* rows (CSV lines, sheet rows) before the header */
	int copy_stdin;          /* > 0: write the bytes of standard input, as read,
	                          * to this descriptor too (input_copy_to) */
};

struct reader;

/* paths: files to read in order, "-" for stdin; npaths 0 reads stdin. */
struct reader *reader_open(char *const *paths, size_t npaths,
    const struct reader_opts *opts, struct cust_err *err);
/* The header of the first input (read on open).  An input with no header
 * at all (empty file) has n == 0. */
const struct header *reader_header(const struct reader *r);
/* For a message that a column is missing: when the header looks decoded
 * in the wrong encoding (UTF-8 read as GBK, GBK read as UTF-8), a
 * parenthesis saying so is appended to out.  Returns whether it was. */
bool reader_header_hint(const struct reader *r, struct strbuf *out);
/* The format of the first input as detected or forced. */
enum format reader_format(const struct reader *r);
/* 1 and *rec set: a record (check rec->error); 0: end; -1: fatal error. */
int reader_next(struct reader *r, struct record **rec, struct cust_err *err);
/* Records returned so far. */
unsigned long long reader_count(const struct reader *r);
/* Field col of the record ahead records after the last one returned, when
 * it is already parsed and at hand (NULL otherwise): a hint for the caller
 * to prefetch what that record will need.  Never reads input. */
const char *reader_peek(const struct reader *r, size_t ahead, size_t col, size_t *len);

/* Work to do on every record before the caller sees it, in the parsing
 * thread when there is one (the caller's thread is usually the busier):
 * fn(rec, out, ctx) writes size bytes about rec to out, without pointers
 * into rec.  ctx is only ever used by fn, one record at a time.  Set it
 * before the first reader_next. */
typedef void reader_prepare_fn(const struct record *rec, void *out, void *ctx);
void reader_prepare(struct reader *r, reader_prepare_fn *fn, void *ctx, size_t size);
/* What fn wrote for the last record returned, and for the record ahead
 * records after it (NULL when reader_peek would give NULL). */
const void *reader_prepared(const struct reader *r);
const void *reader_peek_prepared(const struct reader *r, size_t ahead);
/* Copy no more of standard input (opts.copy_stdin); before the first
 * reader_next. */
void reader_stop_copy(struct reader *r);
void reader_close(struct reader *r);

#endif
