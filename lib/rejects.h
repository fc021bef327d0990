/* rejects.h — where records that cannot go on are kept, with the reason.
 *
 * A rejects file has the input's columns followed by _line (the input line
 * the record started on) and _errors (every reason).  Without a file, each
 * rejected record is reported on the diagnostic stream as
 * "prog: FILE:LINE: reason", up to a limit, and the rest are counted.
 */
#ifndef CUST_REJECTS_H
#define CUST_REJECTS_H

#include <stdio.h>

#include "outfile.h"
#include "record.h"
#include "writer.h"

struct rejects;

/* path NULL: report on diag, at most max_shown messages; max_shown 0
 * (a quiet run): only how many there were, when closing. */
struct rejects *rejects_open(const char *path, const struct header *h,
    const struct writer_opts *wo, FILE *diag, const char *prog,
    unsigned long max_shown, struct cust_err *err);
/* vals/lens: the values to keep (NULL: the record's own). */
void rejects_add(struct rejects *rj, const struct record *rec, char *const *vals,
    const size_t *lens, const char *why);
unsigned long long rejects_count(const struct rejects *rj);
/* Commit the file (or report how many were not shown). */
int rejects_close(struct rejects *rj, struct cust_err *err);
/* Drop the file being written; the previous one stays. */
void rejects_abort(struct rejects *rj);

#endif
