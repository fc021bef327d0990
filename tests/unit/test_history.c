/* Unit tests for history.c: the grade history file read as the memory
 * between runs, changes appended atomically, a re-run appending nothing,
 * malformed files reported with file and line, files that are no history
 * (wrong header, not UTF-8, not a regular file) refused and left as they
 * were, and runs at the same time taking turns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "history.h"
#include "value.h"
#include "testutil.h"

#define HEADER "customer_id,date,from,to,reason\n"

/* Each test works in a directory of its own, so that a temporary file
 * left behind by a commit would be seen. */
struct dir {
	char path[64];
	char file[96];              /* path/grades.csv */
	/* What a failed assertion would leave behind, freed by teardown. */
	struct history *h;          /* the history loaded */
	char *got;                  /* the file as last read */
};

static int
setup(void **state)
{
	struct dir *d = calloc(1, sizeof(*d));

	if (d == NULL)
		return -1;
	strcpy(d->path, "/tmp/custkit-history-XXXXXX");
	if (mkdtemp(d->path) == NULL)
		return -1;
	snprintf(d->file, sizeof(d->file), "%s/grades.csv", d->path);
	*state = d;
	return 0;
}

static int
teardown(void **state)
{
	struct dir *d = *state;
	struct dirent *e;
	char p[400];
	DIR *dp = opendir(d->path);

	history_free(d->h);
	free(d->got);

	while (dp != NULL && (e = readdir(dp)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof(p), "%s/%s", d->path, e->d_name);
		unlink(p);
	}
	if (dp != NULL)
		closedir(dp);
	rmdir(d->path);
	free(d);
	return 0;
}

/* Files in the directory: the history, and nothing a commit left behind. */
static int
entries(const struct dir *d)
{
	struct dirent *e;
	DIR *dp = opendir(d->path);
	int n = 0;

	assert_non_null(dp);
	while ((e = readdir(dp)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			n++;
	closedir(dp);
	return n;
}

static void
put_n(const struct dir *d, const char *text, size_t n)
{
	FILE *fp = fopen(d->file, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

static void
put(const struct dir *d, const char *text)
{
	put_n(d, text, strlen(text));
}

static void
check_file(struct dir *d, const char *want)
{
	free(d->got);
	d->got = read_all(d->file);
	assert_non_null(d->got);
	assert_string_equal(d->got, want);
}

/* One history at a time is loaded, and unloaded before the next. */
static struct history *
load(struct dir *d, const char *as_of)
{
	struct cust_err err;

	assert_null(d->h);
	if ((d->h = history_load(d->file, day(as_of), &err)) == NULL)
		fail_msg("%s", err.msg);
	return d->h;
}

static void
unload(struct dir *d)
{
	history_free(d->h);
	d->h = NULL;
}

static void
check_entry(const struct history *h, const char *id, const char *date, const char *from,
    const char *to, const char *reason)
{
	const struct history_entry *e = history_base(h, id, strlen(id));

	assert_non_null(e);
	assert_string_equal(e->date, date);
	assert_string_equal(e->from, from);
	assert_string_equal(e->to, to);
	assert_string_equal(e->reason, reason);
}

static bool
today(const struct history *h, const char *id, const char *to)
{
	return history_has_today(h, id, strlen(id), to);
}

static void
add(struct history *h, const char *id, const char *date, const char *from, const char *to,
    const char *reason)
{
	history_add(h, id, strlen(id), date, from, to, reason);
}

static void
test_missing_file(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;

	/* No history yet: nobody has a grade.  Loading creates the file
	 * empty, for there must be a file to lock, and an empty file is a
	 * new history. */
	h = load(d, "2024-10-01");
	assert_null(history_base(h, "C1", 2));
	assert_false(today(h, "C1", "low"));
	assert_int_equal(history_added(h), 0);
	check_file(d, "");
	/* The first commit writes the header before the changes. */
	add(h, "C1", "2024-10-01", "", "low", "first grade");
	assert_int_equal(history_added(h), 1);
	check_file(d, "");
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	check_file(d, HEADER "C1,2024-10-01,,low,first grade\n");
	assert_int_equal(entries(d), 1);
	/* And the next day that is C1's grade. */
	h = load(d, "2024-10-02");
	check_entry(h, "C1", "2024-10-01", "", "low", "first grade");
	unload(d);
}

static const char three_months[] =
    HEADER
    "C1,2024-07-01,,low,first grade\n"
    "C2,2024-07-01,,mid,first grade\n"
    "C1,2024-09-01,low,high,\"promoted, 3 months over 500\"\n"
    "C1,2024-10-01,high,mid,run of the day\n"
    "C1,2024-11-01,mid,low,a later run\n";

static void
test_base_before_as_of(void **state)
{
	struct dir *d = *state;
	struct history *h;

	put(d, three_months);
	/* The last change before 2024-10-01; the rows of that day and later
	 * are a run of the day and do not make the starting grade. */
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "low", "high", "promoted, 3 months over 500");
	check_entry(h, "C2", "2024-07-01", "", "mid", "first grade");
	assert_null(history_base(h, "C3", 2));
	assert_null(history_base(h, "C", 1));
	assert_true(today(h, "C1", "mid"));
	assert_false(today(h, "C1", "high"));
	assert_false(today(h, "C1", "low"));    /* 2024-11-01 is not today */
	assert_false(today(h, "C1", "mi"));     /* whole grade names only */
	assert_false(today(h, "C2", "mid"));
	assert_false(today(h, "C3", "mid"));
	unload(d);

	h = load(d, "2024-09-01");
	check_entry(h, "C1", "2024-07-01", "", "low", "first grade");
	assert_true(today(h, "C1", "high"));
	unload(d);

	h = load(d, "2024-12-01");
	check_entry(h, "C1", "2024-11-01", "mid", "low", "a later run");
	assert_false(today(h, "C1", "low"));
	unload(d);

	/* Before the first change there is no grade. */
	h = load(d, "2024-07-01");
	assert_null(history_base(h, "C1", 2));
	assert_null(history_base(h, "C2", 2));
	assert_true(today(h, "C1", "low"));
	assert_true(today(h, "C2", "mid"));
	unload(d);
}

static void
test_append_and_commit(void **state)
{
	static const char before[] =
	    HEADER
	    "C1,2024-07-01,,low,first grade\n"
	    "C1,2024-09-01,low,high,promoted\n";
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;
	struct stat st0, st1;

	put(d, before);
	assert_int_equal(stat(d->file, &st0), 0);
	h = load(d, "2024-10-01");
	add(h, "C1", "2024-10-01", "high", "mid", "降级, \"6 months\" under 100");
	add(h, "C3", "2024-10-01", "", "low", "未达到更高等级的条件");
	assert_int_equal(history_added(h), 2);
	/* Queued only: the file is as it was until the commit. */
	check_file(d, before);
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	check_file(d, HEADER
	    "C1,2024-07-01,,low,first grade\n"
	    "C1,2024-09-01,low,high,promoted\n"
	    "C1,2024-10-01,high,mid,\"降级, \"\"6 months\"\" under 100\"\n"
	    "C3,2024-10-01,,low,未达到更高等级的条件\n");
	/* Rewritten whole and renamed into place: another file, no
	 * temporary one left beside it. */
	assert_int_equal(stat(d->file, &st1), 0);
	assert_true(st1.st_ino != st0.st_ino);
	assert_int_equal(entries(d), 1);

	/* The reason reads back as written. */
	h = load(d, "2024-10-02");
	check_entry(h, "C1", "2024-10-01", "high", "mid", "降级, \"6 months\" under 100");
	check_entry(h, "C3", "2024-10-01", "", "low", "未达到更高等级的条件");
	unload(d);
}

static void
test_rerun_appends_nothing(void **state)
{
	static const char text[] =
	    HEADER
	    "C1,2024-09-01,low,high,promoted\n"
	    "C1,2024-10-01,high,mid,demoted\n"
	    "C2,2024-10-01,,low,first grade\n";
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;
	struct stat st0, st1;

	put(d, text);
	assert_int_equal(stat(d->file, &st0), 0);
	/* The same run again: the starting grades are those the first run
	 * had, and each change it would make is already recorded. */
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "low", "high", "promoted");
	assert_null(history_base(h, "C2", 2));
	assert_true(today(h, "C1", "mid"));
	assert_true(today(h, "C2", "low"));
	assert_int_equal(history_added(h), 0);
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	check_file(d, text);
	/* Not even rewritten. */
	assert_int_equal(stat(d->file, &st1), 0);
	assert_true(st1.st_ino == st0.st_ino);
	assert_true(st1.st_mtim.tv_sec == st0.st_mtim.tv_sec && st1.st_mtim.tv_nsec == st0.st_mtim.tv_nsec);
	assert_int_equal(entries(d), 1);
}

static void
test_malformed(void **state)
{
	static const struct { const char *text, *msg; } cases[] = {
		{HEADER "C1,2024-09-01,,low,x\nC2,2024-13-45,,low,x\n", "3: not a date in the date column"},
		{HEADER "C1,2024-02-30,,low,x\n", "2: not a date in the date column"},
		{HEADER "C1,,,low,x\n", "2: not a date in the date column"},
		/* A quoted line break: the line is where the record starts. */
		{HEADER "C1,2024-09-01,,low,\"two\nlines\"\nC2,yesterday,,low,\n",
		    "4: not a date in the date column"},
		{HEADER "C1,2024-09-01,low\n", "2: expected 5 fields, found 3"},
		{"id,grade\nC1,low\n", " not a grade history (its header must be customer_id,date,from,to,reason)"},
		/* A customer table given by mistake is never taken for one. */
		{"客户编号,姓名,城市,grade,grade_prev\nC001,张伟,北京,高级,\n",
		    " not a grade history (its header must be customer_id,date,from,to,reason)"},
	};
	struct dir *d = *state;
	struct cust_err err;
	char want[256];
	size_t i;

	for (i = 0; i < ARRAY_LEN(cases); i++) {
		put(d, cases[i].text);
		memset(&err, 0, sizeof(err));
		assert_null(history_load(d->file, day("2024-10-01"), &err));
		/* FILE:LINE: reason, or FILE: reason for the whole file. */
		snprintf(want, sizeof(want), "%s:%s", d->file, cases[i].msg);
		assert_string_equal(err.msg, want);
		assert_int_equal(err.status, CUST_INPUT);
	}
}

/* Refused at load, with the message and status given, and left as it was. */
static void
check_refused_n(struct dir *d, const char *text, size_t n, const char *msg)
{
	struct cust_err err;
	char want[300];
	struct stat st0, st1;

	put_n(d, text, n);
	assert_int_equal(stat(d->file, &st0), 0);
	memset(&err, 0, sizeof(err));
	assert_null(history_load(d->file, day("2024-10-01"), &err));
	snprintf(want, sizeof(want), "%s: %s", d->file, msg);
	assert_string_equal(err.msg, want);
	assert_int_equal(err.status, CUST_INPUT);
	free(d->got);
	d->got = read_all(d->file);
	assert_non_null(d->got);
	assert_memory_equal(d->got, text, n);
	assert_int_equal(stat(d->file, &st1), 0);
	assert_true(st1.st_ino == st0.st_ino && st1.st_size == st0.st_size);
	assert_int_equal(entries(d), 1);
}

static void
check_refused(struct dir *d, const char *text, const char *msg)
{
	check_refused_n(d, text, strlen(text), msg);
}

#define NOT_HISTORY "not a grade history (its header must be customer_id,date,from,to,reason)"

static void
test_header_exact(void **state)
{
	static const char *const texts[] = {
		/* Our rows have five fields: a file of four or six columns
		 * would be ragged from the first row appended on. */
		"customer_id,date,from,to\nC1,2024-09-01,low,high\n",
		"customer_id,date,from,to,reason,note\nC1,2024-09-01,low,high,x,y\n",
		"customer_id,date,from,to,note\nC1,2024-09-01,low,high,x\n",
		/* Columns in another order would be read as the wrong ones. */
		"customer_id,date,to,from,reason\nC1,2024-09-01,high,low,x\n",
		"date,customer_id,from,to,reason\n2024-09-01,C1,low,high,x\n",
		"Customer_ID,Date,From,To,Reason\nC1,2024-09-01,low,high,x\n",
		/* A header alone, four columns, is no better. */
		"customer_id,date,from,to\n",
	};
	struct dir *d = *state;
	size_t i;

	for (i = 0; i < ARRAY_LEN(texts); i++)
		check_refused(d, texts[i], NOT_HISTORY);
}

#define NOT_UTF8 "not UTF-8; the history is kept in UTF-8 (if it was saved as GBK, convert it: iconv -f GB18030 -t UTF-8)"

static void
test_encoding(void **state)
{
	/* Saved by Excel or WPS in GBK: 低级, 首次定级. */
	static const char gbk[] = HEADER "C1,2024-09-01,,\xb5\xcd\xbc\xb6,\xca\xd7\xb4\xce\xb6\xa8\xbc\xb6\n";
	/* "Unicode text": UTF-16 with its byte order mark. */
	static const char utf16[] = "\xff\xfe" "c\0u\0s\0t\0o\0m\0e\0r\0_\0i\0d\0,\0d\0a\0t\0e\0,\0"
	    "f\0r\0o\0m\0,\0t\0o\0,\0r\0e\0a\0s\0o\0n\0\n\0";
	struct dir *d = *state;

	check_refused(d, gbk, NOT_UTF8);
	/* A bad byte far from the start, after rows of good UTF-8. */
	check_refused(d, HEADER "C1,2024-09-01,,低级,首次定级\nC2,2024-09-01,,\xb5\xcd\xbc\xb6,x\n", NOT_UTF8);
	/* A character the end of the file cuts off (级 is e7 ba a7). */
	check_refused(d, HEADER "C1,2024-09-01,,低\xe7\xba", NOT_UTF8);
	check_refused_n(d, utf16, sizeof(utf16) - 1,
	    "not UTF-8; the history is kept in UTF-8 (if it was saved as UTF-16, convert it: iconv -f UTF-16 -t UTF-8)");
	/* A customer table in GBK given by mistake: no history at all. */
	check_refused(d, "\xbf\xcd\xbb\xa7\xb1\xe0\xba\xc5,name\nC001,x\n", NOT_HISTORY);
}

static void
test_excel_utf8(void **state)
{
	static const char excel[] =
	    "\xef\xbb\xbf" "customer_id,date,from,to,reason\r\n"
	    "C1,2024-09-01,,低级,首次定级\r\n"
	    "C2,2024-09-01,低级,高级,\"升级, 3个月\"\r\n";
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;

	/* UTF-8 as Excel saves it: a BOM and CRLF line ends. */
	put(d, excel);
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "", "低级", "首次定级");
	check_entry(h, "C2", "2024-09-01", "低级", "高级", "升级, 3个月");
	add(h, "C1", "2024-10-01", "低级", "中级", "promoted");
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	/* Appended as it was: the BOM is kept, no second header, CR LF. */
	check_file(d, "\xef\xbb\xbf" "customer_id,date,from,to,reason\r\n"
	    "C1,2024-09-01,,低级,首次定级\r\n"
	    "C2,2024-09-01,低级,高级,\"升级, 3个月\"\r\n"
	    "C1,2024-10-01,低级,中级,promoted\r\n");
	h = load(d, "2024-10-02");
	check_entry(h, "C1", "2024-10-01", "低级", "中级", "promoted");
	unload(d);

	/* A BOM alone is as good as empty: the header follows it. */
	put(d, "\xef\xbb\xbf");
	h = load(d, "2024-10-01");
	add(h, "C1", "2024-10-01", "", "low", "first grade");
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	check_file(d, "\xef\xbb\xbf" HEADER "C1,2024-10-01,,low,first grade\n");
}

static void
test_utf8_across_reads(void **state)
{
	/* The file is read in pieces of 64 KiB: a character cut in two by
	 * the end of a piece is still one character. */
	static const char *const chars[] = {"é", "级", "😀"};
	static const char row[] = "C1,2024-09-01,,low,";
	struct dir *d = *state;
	char *text = malloc(70000), *reason;
	size_t i, at, pad, n;
	struct history *h;

	assert_non_null(text);
	for (i = 0; i < ARRAY_LEN(chars); i++)
		for (at = 65536 - strlen(chars[i]) + 1; at < 65536; at++) {
			pad = at - strlen(HEADER) - strlen(row);
			n = (size_t)sprintf(text, "%s%s%*s%s\n", HEADER, row, (int)pad, "", chars[i]);
			assert_memory_equal(text + at, chars[i], strlen(chars[i]));
			put_n(d, text, n);
			h = load(d, "2024-10-01");
			reason = text + strlen(HEADER) + strlen(row);
			text[n - 1] = '\0';
			check_entry(h, "C1", "2024-09-01", "", "low", reason);
			unload(d);
		}
	free(text);
}

static void
test_not_regular(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	char fifo[128], want[200];
	const char *paths[5];
	size_t i, n = 0;

	/* /dev/zero would be read as one endless line, a FIFO would wait
	 * for a writer: neither is opened, let alone read. */
	snprintf(fifo, sizeof(fifo), "%s/fifo", d->path);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	paths[n++] = fifo;
	paths[n++] = d->path;
	paths[n++] = "/dev/zero";
	paths[n++] = "/dev/null";
	if (access("/dev/full", F_OK) == 0)
		paths[n++] = "/dev/full";
	alarm(10);
	for (i = 0; i < n; i++) {
		memset(&err, 0, sizeof(err));
		assert_null(history_load(paths[i], day("2024-10-01"), &err));
		snprintf(want, sizeof(want), "%s: not a regular file", paths[i]);
		assert_string_equal(err.msg, want);
		assert_int_equal(err.status, CUST_INPUT);
	}
	alarm(0);
	/* Nothing was created beside them. */
	assert_int_equal(entries(d), 1);
}

/* Wait for a child, at most ten seconds; its exit status, or -1. */
static int
reap(pid_t pid)
{
	int st, i;

	for (i = 0; i < 1000; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

/* A second run in a child: it loads the history as of 2024-10-02 (which
 * must wait for the parent's lock), checks that it sees C1's change of
 * 2024-10-01 when want_c1, and appends C2's.  Exit 0 when all went
 * well.  No cmocka here: a failed assertion would go on in the child. */
static pid_t
second_run(const struct dir *d, bool want_c1)
{
	struct cust_err err;
	struct history *h;
	const struct history_entry *e;
	pid_t pid = fork();
	int fd;

	assert_true(pid >= 0);
	if (pid > 0)
		return pid;
	/* The parent's descriptor of the history is the parent's lock: a
	 * copy of it kept open here would keep the lock when the parent
	 * lets it go (another program would have no such copy). */
	for (fd = 3; fd < 256; fd++)
		close(fd);
	alarm(10);
	if ((h = history_load(d->file, day("2024-10-02"), &err)) == NULL)
		_exit(2);
	e = history_base(h, "C1", 2);
	if (want_c1 && (e == NULL || strcmp(e->to, "low") != 0))
		_exit(3);
	if (!want_c1 && e != NULL)
		_exit(4);
	history_add(h, "C2", 2, "2024-10-02", "", "mid", "second run");
	if (history_commit(h, &err) < 0)
		_exit(5);
	history_free(h);
	_exit(0);
}

/* Is the child still there (waiting, then) after a while? */
static bool
still_waiting(pid_t pid)
{
	int st;

	usleep(200000);
	return waitpid(pid, &st, WNOHANG) == 0;
}

static void
test_runs_take_turns(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;
	pid_t pid;

	/* Two runs on a history that is not there yet: the first creates
	 * it and holds it; the second waits, and when the first has
	 * renamed its file into place it reads that one, not the empty
	 * file it waited on, so the header is written once and no row is
	 * lost. */
	h = load(d, "2024-10-01");
	pid = second_run(d, true);
	assert_true(still_waiting(pid));
	add(h, "C1", "2024-10-01", "", "low", "first run");
	assert_int_equal(history_commit(h, &err), 0);
	assert_int_equal(reap(pid), 0);
	unload(d);
	check_file(d, HEADER "C1,2024-10-01,,low,first run\nC2,2024-10-02,,mid,second run\n");
	assert_int_equal(entries(d), 1);

	/* The same with a history there already. */
	put(d, HEADER "C3,2024-09-01,,high,x\n");
	h = load(d, "2024-10-01");
	pid = second_run(d, true);
	assert_true(still_waiting(pid));
	add(h, "C1", "2024-10-01", "", "low", "first run");
	assert_int_equal(history_commit(h, &err), 0);
	assert_int_equal(reap(pid), 0);
	unload(d);
	check_file(d, HEADER "C3,2024-09-01,,high,x\n"
	    "C1,2024-10-01,,low,first run\nC2,2024-10-02,,mid,second run\n");

	/* A first run with nothing to append lets the second go on at its
	 * commit, the file untouched. */
	put(d, HEADER "C1,2024-09-01,,low,x\n");
	h = load(d, "2024-10-01");
	pid = second_run(d, true);
	assert_true(still_waiting(pid));
	assert_int_equal(history_commit(h, &err), 0);
	assert_int_equal(reap(pid), 0);
	unload(d);
	check_file(d, HEADER "C1,2024-09-01,,low,x\nC2,2024-10-02,,mid,second run\n");
	assert_int_equal(entries(d), 1);
}

static void
test_free_releases(void **state)
{
	struct dir *d = *state;
	struct history *h;
	pid_t pid;

	/* A run that fails before its commit lets the next one go on; the
	 * empty file it made for its lock is a new history to that one. */
	h = load(d, "2024-10-01");
	add(h, "C1", "2024-10-01", "", "low", "never written");
	pid = second_run(d, false);
	assert_true(still_waiting(pid));
	unload(d);
	assert_int_equal(reap(pid), 0);
	check_file(d, HEADER "C2,2024-10-02,,mid,second run\n");
	/* Loading again in this process does not wait on a lock it forgot. */
	h = load(d, "2024-10-03");
	check_entry(h, "C2", "2024-10-02", "", "mid", "second run");
	unload(d);
}

static void
test_commit_once(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;

	h = load(d, "2024-10-01");
	add(h, "C1", "2024-10-01", "", "low", "first grade");
	assert_int_equal(history_commit(h, &err), 0);
	/* The rows are in the file: a second commit does not append them
	 * again (and has no lock to do it under). */
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	check_file(d, HEADER "C1,2024-10-01,,low,first grade\n");
}

static void
test_listed_twice(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;
	const struct history_entry *e;
	char id[32];
	int i;

	put(d, HEADER "C1,2024-09-01,,low,first grade\n");
	h = load(d, "2024-10-01");
	e = history_base(h, "C1", 2);
	assert_non_null(e);
	/* A change queued on the as-of date is one of today's at once: a
	 * customer the table lists twice is graded twice the same, and
	 * the second time finds the change recorded. */
	assert_false(today(h, "C1", "mid"));
	add(h, "C1", "2024-10-01", "low", "mid", "promoted");
	assert_true(today(h, "C1", "mid"));
	assert_false(today(h, "C1", "low"));
	assert_false(today(h, "C1", "mi"));
	/* A new customer, its id as a spreadsheet writes it. */
	add(h, "17850.0", "2024-10-01", "", "high", "first grade");
	assert_true(today(h, "17850", "high"));
	/* A change of another date is no change of today. */
	add(h, "C9", "2024-10-02", "", "low", "later");
	assert_false(today(h, "C9", "low"));
	/* The starting grade is still the one before the as-of date, and
	 * stays where it was while new customers are added. */
	for (i = 0; i < 5000; i++) {
		snprintf(id, sizeof(id), "N%d", i);
		add(h, id, "2024-10-01", "", "low", "new");
	}
	assert_true(history_base(h, "C1", 2) == e);
	check_entry(h, "C1", "2024-09-01", "", "low", "first grade");
	assert_true(today(h, "N4999", "low"));
	assert_int_equal(history_added(h), 5003);
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
}

static void
test_empty_file(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;

	/* A history created empty (touch grades.csv) has no changes ... */
	put(d, "");
	h = load(d, "2024-10-01");
	assert_null(history_base(h, "C1", 2));
	add(h, "C1", "2024-10-01", "", "low", "first grade");
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	/* ... and once it has one it is a history like any other, with its
	 * header: without it the next run would read the change as one. */
	check_file(d, HEADER "C1,2024-10-01,,low,first grade\n");
	h = load(d, "2024-10-02");
	check_entry(h, "C1", "2024-10-01", "", "low", "first grade");
	unload(d);
}

static void
test_no_final_newline(void **state)
{
	struct dir *d = *state;
	struct cust_err err;
	struct history *h;

	/* Edited by hand, saved without a final newline: a change appended
	 * goes on a line of its own, not onto the end of the last row. */
	put(d, HEADER "C1,2024-09-01,,low,first grade");
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "", "low", "first grade");
	add(h, "C2", "2024-10-01", "", "mid", "first grade");
	assert_int_equal(history_commit(h, &err), 0);
	unload(d);
	check_file(d, HEADER "C1,2024-09-01,,low,first grade\nC2,2024-10-01,,mid,first grade\n");
	h = load(d, "2024-10-02");
	check_entry(h, "C1", "2024-09-01", "", "low", "first grade");
	check_entry(h, "C2", "2024-10-01", "", "mid", "first grade");
	unload(d);
}

static void
test_back_fill(void **state)
{
	struct dir *d = *state;
	struct history *h;

	/* A run as of 2024-08-01 made after the one as of 2024-09-01 (a
	 * back-fill) appends its change after the later one.  On 2024-10-01
	 * the grade C1 has is still the one of 2024-09-01, the latest
	 * change before that date, wherever the rows are in the file. */
	put(d, HEADER
	    "C1,2024-07-01,,low,first grade\n"
	    "C1,2024-09-01,low,high,promoted\n"
	    "C1,2024-08-01,low,mid,back-filled\n");
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "low", "high", "promoted");
	unload(d);
	/* As of 2024-09-01 the back-filled change is the latest before. */
	h = load(d, "2024-09-01");
	check_entry(h, "C1", "2024-08-01", "low", "mid", "back-filled");
	assert_true(today(h, "C1", "high"));
	unload(d);

	/* Two changes of the same day: the one written last. */
	put(d, HEADER
	    "C1,2024-09-01,,low,first run\n"
	    "C1,2024-09-01,low,mid,second run\n"
	    "C1,2024-08-01,,high,back-filled\n");
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "low", "mid", "second run");
	unload(d);
}

static void
test_spreadsheet_ids(void **state)
{
	struct dir *d = *state;
	struct history *h;

	/* A history that went through a spreadsheet: ids are read as
	 * grading compares them, 17850.0 and ' 17850 ' being 17850. */
	put(d, HEADER
	    "17850.0,2024-08-01,,low,first grade\n"
	    " 17850 ,2024-09-01,low,mid,promoted\n"
	    "17850.00,2024-10-01,mid,high,promoted again\n"
	    "17850.5,2024-09-01,,high,another customer\n");
	h = load(d, "2024-10-01");
	check_entry(h, "17850", "2024-09-01", "low", "mid", "promoted");
	assert_true(today(h, "17850", "high"));
	check_entry(h, "17850.5", "2024-09-01", "", "high", "another customer");
	unload(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_base_before_as_of, setup, teardown),
		cmocka_unit_test_setup_teardown(test_append_and_commit, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rerun_appends_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(test_encoding, setup, teardown),
		cmocka_unit_test_setup_teardown(test_excel_utf8, setup, teardown),
		cmocka_unit_test_setup_teardown(test_utf8_across_reads, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_regular, setup, teardown),
		cmocka_unit_test_setup_teardown(test_runs_take_turns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_free_releases, setup, teardown),
		cmocka_unit_test_setup_teardown(test_commit_once, setup, teardown),
		cmocka_unit_test_setup_teardown(test_listed_twice, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_final_newline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spreadsheet_ids, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
