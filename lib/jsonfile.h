/* jsonfile.h — load a JSON configuration file (schema, rules, segment
 * spec) strictly, and say where a mistake in it is.
 *
 * Every loader of a configuration file reports the same way: a syntax
 * error as "FILE:LINE:COLUMN: what", a mistake in a value as
 * "FILE: PLACE: what", where PLACE is the path to the value as the file
 * writes it ("tiers[0].when", "dimensions[2].labels"), and a key the
 * format does not know is a mistake, not something ignored: a misspelt
 * "windw" would otherwise change the meaning of the file in silence.
 */
#ifndef CUST_JSONFILE_H
#define CUST_JSONFILE_H

#include <jansson.h>
#include <stdbool.h>

#include "util.h"

/* Duplicate keys are an error: a file that says a thing twice is a
 * mistake.  A directory, an empty (or blank) file and one that cannot be
 * read are named as such ("is a directory", "is empty", the system's
 * message), never as a syntax error.  On failure returns NULL with a
 * CUST_USAGE error. */
json_t *json_load_config(const char *path, struct cust_err *err);

/* The file being loaded, for messages. */
struct jsonfile {
	const char *path;
	struct cust_err *err;
};

/* Fill err with "PATH: where: what" (CUST_USAGE) and return -1. */
int jf_bad(const struct jsonfile *jf, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Is every key of obj one of keys (NULL-terminated)?  If not, err names
 * the first unknown key and its place. */
bool jf_only_keys(const struct jsonfile *jf, json_t *obj, const char *where, const char *const *keys);

#endif
