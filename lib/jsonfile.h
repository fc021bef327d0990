/* jsonfile.h — load a JSON configuration file (schema, rules) with the
 * file, line and column of a syntax error in the message. */
#ifndef CUST_JSONFILE_H
#define CUST_JSONFILE_H

#include <jansson.h>

#include "util.h"

/* Duplicate keys are an error: a file that says a thing twice is a
 * mistake.  A directory, an empty (or blank) file and one that cannot be
 * read are named as such ("is a directory", "is empty", the system's
 * message), never as a syntax error.  On failure returns NULL with a
 * CUST_USAGE error. */
json_t *json_load_config(const char *path, struct cust_err *err);

#endif
