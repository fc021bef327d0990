/* jsonpull.h — read a JSON document as it streams, value by value.
 *
 * For documents too large to load as one jansson tree (a partial state
 * holds every value of an exact median): the reader keeps one buffer of
 * the file, the nesting and the string at hand, and the caller walks
 * the document in its order, taking each value as it comes —
 *
 *     if (jp_object(p))
 *         while (jp_key(p, &key))
 *             strcmp(key, "n") == 0 ? jp_int(p, &n) : jp_skip(p);
 *
 * and a small piece whole (jp_value) where a tree is handier.  After
 * jp_key the caller reads exactly one value; after jp_next, one element.
 *
 * Errors are sticky: the first fills the cust_err given to jp_open
 * (status CUST_INPUT) and every later call does nothing and returns
 * false, NULL or 0, so that a walk may check once, at its end (jp_ok).
 * A syntax error reads "FILE:LINE:COLUMN: what", a mistake in a value
 * the caller finds (jp_fail) "FILE: what", as jsonfile.h says.  Strings
 * are decoded (escapes, surrogate pairs) but not checked as UTF-8.
 */
#ifndef CUST_JSONPULL_H
#define CUST_JSONPULL_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#include "util.h"

struct jpull;

enum jp_kind { JP_END, JP_BAD, JP_OBJECT, JP_ARRAY, JP_STRING, JP_NUMBER, JP_TRUE, JP_FALSE, JP_NULL };

/* The file at path (a directory or an unreadable file: NULL, err says
 * why), or an open stream the caller keeps; name is for messages. */
struct jpull *jp_open(const char *path, struct cust_err *err);
struct jpull *jp_new(FILE *fp, const char *name, struct cust_err *err);
void jp_close(struct jpull *p);

/* The kind of the next value (JP_END: the file ends; JP_BAD: no value). */
enum jp_kind jp_peek(struct jpull *p);
/* Enter an object: false (an error) if the next value is none. */
bool jp_object(struct jpull *p);
/* The next member's key (valid until the next jp_key, one that reads a
 * value within this member's too), or false at the
 * object's end (then left) or on an error. */
bool jp_key(struct jpull *p, const char **key);
bool jp_array(struct jpull *p);
/* Is there another element?  false at the array's end (then left). */
bool jp_next(struct jpull *p);
/* A string, valid until the next jp_string; NULL on an error. */
const char *jp_string(struct jpull *p, size_t *len);
/* A whole number that fits 64 bits. */
bool jp_int(struct jpull *p, int64_t *v);
bool jp_bool(struct jpull *p, bool *v);
/* Is the next value null?  Taken if it is, left if not. */
bool jp_null(struct jpull *p);
void jp_skip(struct jpull *p);
/* The next value as a tree (the caller owns it; a repeated key is an
 * error); NULL on an error. */
json_t *jp_value(struct jpull *p);
/* Each element of the array at hand as a small tree, to fn with its
 * index and the reader (for jp_fail); fn returns -1 (after jp_fail) to
 * stop.  false on an error. */
bool jp_each(struct jpull *p, int (*fn)(json_t *e, size_t i, struct jpull *p, void *ctx), void *ctx);
/* Nothing but white space is left. */
bool jp_done(struct jpull *p);
bool jp_ok(const struct jpull *p);
/* The value read is wrong: "FILE: what" (the first error stays); -1. */
int jp_fail(struct jpull *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
