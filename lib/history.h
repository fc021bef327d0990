/* history.h — the grade history file: one row per change.
 *
 *   customer_id,date,from,to,reason
 *
 * It is the memory between runs: a customer table exported fresh from a
 * CRM has no grades, and the history says what each customer had.  Rows
 * dated on or after the as-of date are a run of the same day (or a
 * back-fill) and do not count as the starting grade, so re-running with
 * the same inputs and as-of date changes nothing and appends nothing.
 *
 * The file is UTF-8 (a BOM and CRLF line ends, as Excel saves it, are
 * fine), a regular file, and its header exactly the five columns above:
 * anything else is refused rather than appended to.  A run holds an
 * exclusive lock (flock) on it from history_load until history_commit or
 * history_free, so that runs at the same time take turns: the second
 * reads what the first wrote.
 */
#ifndef CUST_HISTORY_H
#define CUST_HISTORY_H

#include <stdbool.h>
#include <stdint.h>

#include "outfile.h"
#include "util.h"

struct history;

struct history_entry {
	const char *date, *from, *to, *reason;   /* "" when absent */
};

/* Load path and lock it, waiting while another run holds it.  A missing
 * file is created empty, to have something to lock; an empty file is a
 * new history (the first commit writes the header). */
struct history *history_load(const char *path, int32_t as_of, struct cust_err *err);
/* Releases the lock too, if history_commit has not. */
void history_free(struct history *h);
/* The last change before the as-of date, or NULL. */
const struct history_entry *history_base(const struct history *h, const char *id, size_t n);
/* The history follows a merge's survivor: id's own last change, else the
 * latest one (by date) of the ids it absorbed, listed in merged as
 * cust-dedupe writes merged_ids ("K001; K005; K008"). */
const struct history_entry *history_base_merged(const struct history *h, const char *id, size_t n,
    const char *merged, size_t mergedlen);
/* Is a change of id to grade on the as-of date already recorded? */
bool history_has_today(const struct history *h, const char *id, size_t n, const char *to);
/* Queue a change to append; history_commit writes the file atomically.
 * A change dated on the as-of date counts as today's at once, so that
 * history_has_today sees it (a customer listed twice is recorded once). */
void history_add(struct history *h, const char *id, size_t n, const char *date, const char *from,
    const char *to, const char *reason);
size_t history_added(const struct history *h);
/* Append the queued changes (nothing is rewritten when there are none)
 * and release the lock.  Once only: a second call writes nothing (and
 * fails if the first did). */
int history_commit(struct history *h, struct cust_err *err);

#endif
