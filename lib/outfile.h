/* outfile.h — output files that appear whole or not at all.
 *
 * An output file is written to a temporary file in the same directory and
 * renamed over the target only when complete, so a killed run or a full
 * disk never leaves a half-written file and never loses the previous one.
 * "-" (or NULL) means stdout.  Devices and FIFOs (-o /dev/null) are
 * written directly, since they cannot be replaced; a symbolic link is
 * followed and its target replaced.
 */
#ifndef CUST_OUTFILE_H
#define CUST_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "util.h"

struct outfile {
	FILE *fp;
	char *path;        /* target, NULL for stdout */
	char *tmp;         /* temporary name while writing */
	const char *name;  /* for messages: as given, or "stdout" */
	bool direct;       /* not a regular file: written in place */
};

/* Open for writing (truncating).  With append, the temporary file starts
 * as a copy of the existing file, so appending is atomic too. */
int outfile_open(struct outfile *of, const char *path, bool append, struct cust_err *err);
/* Flush, sync and rename into place; reports write errors. */
int outfile_commit(struct outfile *of, struct cust_err *err);
/* Give up: remove the temporary file, keep whatever was there before. */
void outfile_abort(struct outfile *of);
/* Append the file at path to to: 0, or -1 with errno set.  A file that
 * does not exist is empty. */
int outfile_copy_file(const char *path, FILE *to);
/* Do two paths name the same file, or will they once it is created
 * (links and ./ followed)?  "-" and NULL name no file. */
bool same_file_path(const char *a, const char *b);
/* Remove temporary files if the program is killed by SIGINT, SIGTERM or
 * SIGHUP (then die of the same signal), or exits without committing them. */
void outfile_cleanup_on_signals(void);
/* Remove tmp too if killed (on), or no longer (off); tmp must stay
 * allocated while tracked. */
void outfile_track_temp(char *tmp, bool on);

#endif
