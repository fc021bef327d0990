/* record.h — the record stream's shared types: formats, header, record. */
#ifndef CUST_RECORD_H
#define CUST_RECORD_H

#include <stdbool.h>
#include <stddef.h>

enum format {
	FMT_AUTO = 0,
	FMT_CSV,
	FMT_TSV,
	FMT_JSONL,   /* one object per line (or objects one after another) */
	FMT_JSON,    /* one array of objects */
	FMT_XLSX,    /* an Office Open XML workbook (read and written) */
	FMT_XLS,     /* a BIFF8 workbook (read only) */
	FMT_TABLE,   /* output only: an aligned table in boxes, for people */
	FMT_TEXT,    /* output only: the same table without lines */
};

/* Can the reader read this format back (not a table for people)? */
#define FORMAT_READABLE(f) ((f) != FMT_TABLE && (f) != FMT_TEXT)

/* "csv", "tsv", "jsonl", "json", "xlsx", "xls", "table", "text"; returns
 * FMT_AUTO (0) for an unknown name. */
enum format format_parse(const char *name);
const char *format_name(enum format f);

/* What a column holds, as a schema says (or a role implies): writers
 * that have types (xlsx cells) use it.  types.h reads values of each. */
enum ftype {
	FT_STRING, FT_INTEGER, FT_NUMBER, FT_BOOLEAN, FT_DATE, FT_DATETIME,
	FT_MONEY, FT_PHONE, FT_ANY, FT_TIME, FT_YEAR, FT_YEARMONTH, FT_DURATION,
	FT_GEOPOINT, FT_GEOJSON, FT_OBJECT, FT_ARRAY, FT_LIST, FT_COUNT_
};

struct header {
	size_t n;
	char **names;
};

/* Find a column by exact name; -1 if absent. */
long header_find(const struct header *h, const char *name);
/* The header of a program's output: h's columns, then the added ones it
 * lacks; an added column h already has is replaced in place, so that a
 * re-run does not pile columns up.  names holds h->n + nadded; at[i] is
 * where added[i] goes.  Returns the number of names. */
size_t header_extend(const struct header *h, const char *const *added, size_t nadded, char **names,
    size_t *at);

/* One input record.  Fields are NUL-terminated and owned by the reader;
 * they stay valid until the next reader_next().  A record the reader could
 * not make whole (ragged row, invalid UTF-8, broken JSON) still comes out,
 * with error set, so that the program can reject it with a reason: the
 * reader never drops a record. */
struct record {
	size_t n;               /* == header n */
	char **field;
	size_t *len;
	const char *file;       /* input name for messages */
	long line;              /* line where the record starts (1-based) */
	const char *error;      /* NULL, or why the record is not well-formed */
};

/* Are the record's fields laid out one after another, each NUL-terminated,
 * as the reader leaves them?  Then they can be copied or scanned at once. */
bool record_contiguous(const struct record *rec);

#endif
