/* jsonw.h — write a JSON document as it goes, piece by piece.
 *
 * For documents too large to build as one jansson tree first (a partial
 * state holds every value of an exact median): the writer keeps only the
 * nesting, puts the commas, colons and escapes, and writes through the
 * stream's buffer, so that memory stays what the caller's own data takes.
 * Members of the containers up to `lines` deep each start a line, so
 * that a large document reads (and diffs) a record a line.  The writer
 * never fails on its own: write errors stay in the stream (ferror), for
 * the caller's commit to report.  Nesting deeper than JW_DEPTH is a
 * caller's mistake; it still writes valid JSON, without the lines.
 */
#ifndef CUST_JSONW_H
#define CUST_JSONW_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

enum { JW_DEPTH = 16 };

struct jw {
	FILE *fp;
	int depth, lines;
	bool keyed;                     /* a key is written: its value is next */
	bool more[JW_DEPTH + 1];        /* the container at a depth has members */
	char close[JW_DEPTH + 1];       /* and ends with '}' or ']' */
};

void jw_init(struct jw *w, FILE *fp, int lines);
void jw_object(struct jw *w);
void jw_array(struct jw *w);
/* Close the innermost object or array. */
void jw_end(struct jw *w);
/* An object's member: its key, then exactly one value. */
void jw_key(struct jw *w, const char *key);
void jw_string(struct jw *w, const char *s, size_t n);
void jw_str(struct jw *w, const char *s);
void jw_int(struct jw *w, int64_t v);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* A small value built as a tree (a definition, a header), compact. */
void jw_json(struct jw *w, const json_t *j);

/* s[0..n) as a JSON string: quotes, backslashes and control characters
 * escaped, the rest (UTF-8) as it is. */
void json_put_string(FILE *fp, const char *s, size_t n);

#endif
