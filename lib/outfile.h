/* outfile.h — output files that appear whole or not at all.
 *
 * An output file is written to a temporary file in the same directory and
 * renamed over the target only when complete, so a killed run or a full
 * disk never leaves a half-written file and never loses the previous one.
 * Where Linux allows (O_TMPFILE), the temporary file has no name until
 * the commit links it in, so that nothing is left behind even by SIGKILL;
 * elsewhere it is named PATH.tmp.XXXXXX and removed on every exit the
 * program controls (errors, SIGINT/SIGTERM/SIGHUP, out of memory).
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
	bool anonymous;    /* O_TMPFILE: no name until commit */
	FILE *held;        /* standard output held back (outfile_hold), or NULL */
};

/* Open for writing (truncating).  With append, the temporary file starts
 * as a copy of the existing file, so appending is atomic too. */
int outfile_open(struct outfile *of, const char *path, bool append, struct cust_err *err);
/* Flush, sync and rename into place; reports write errors. */
int outfile_commit(struct outfile *of, struct cust_err *err);
/* Give up: remove the temporary file, keep whatever was there before. */
void outfile_abort(struct outfile *of);
/* Standard output (of opened on "-") cannot be taken back once written:
 * hold what is written to of->fp in an unnamed temporary file, copied out
 * by outfile_commit and dropped by outfile_abort, for a run that may
 * still refuse to commit when its last record is in.  A file is held
 * anyway; nothing to do then. */
int outfile_hold(struct outfile *of, struct cust_err *err);

/* The files one run reads and writes, for runfiles_check. */
enum runfile_kind {
	RUNFILE_DATA,    /* the records read; the -o output may replace it */
	RUNFILE_READ,    /* another input: --schema, --rules, --orders */
	RUNFILE_WRITE,   /* an output beside the records (--rejects), or a file
	                  * both read and written (--history) */
	RUNFILE_OUTPUT,  /* the records written (-o; "-" is standard output) */
};
struct runfile {
	const char *opt;   /* "--rejects"; for data, what it holds: "input" */
	const char *path;  /* "-": standard input, or output for the outputs */
	enum runfile_kind kind;
};
/* Refuse (CUST_USAGE, the message naming both) a run that would write a
 * file it reads or that another of its outputs writes: --rejects in.csv
 * would replace the input with its rejects, --rejects r.csv -o r.csv lose
 * every valid record, -o s.json the schema.  Files are the same when
 * their device and inode are (links, hard links and ./ followed), or, not
 * created yet, when their canonical paths are; standard input and output
 * count as the files they are redirected to.  Only the -o output may be a
 * data input: it is renamed into place after the input is read.  Devices
 * and FIFOs (/dev/null) never clash, except standard output named twice or
 * standard input read for two things. */
int runfiles_check(const struct runfile *f, size_t n, struct cust_err *err);
/* Remove temporary files if the program is killed by SIGINT, SIGTERM or
 * SIGHUP (then die of the same signal), or exits without committing them,
 * and make a file past the size limit (SIGXFSZ, ulimit -f) a write error. */
void outfile_cleanup_on_signals(void);
/* Remove tmp too on those exits (on), or no longer (off); tmp must stay
 * allocated while tracked.  For temporary files of other modules (the
 * workbook libxlsxwriter writes). */
void outfile_track_temp(char *tmp, bool on);
/* Append the file at path to to: 0, or -1 with errno set.  A file that
 * does not exist is empty. */
int outfile_copy_file(const char *path, FILE *to);
/* Use named temporary files even where O_TMPFILE works, as systems
 * without it do (for tests). */
void outfile_named_temps(bool on);
/* Remove the named temporary files now: for an exit that skips the
 * normal paths (out of memory).  Async-signal-safe. */
void outfile_remove_temps(void);

#endif
