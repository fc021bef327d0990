/* Unit tests for history.c: the grade history file read as the memory
 * between runs, changes appended atomically, a re-run appending nothing,
 * and malformed files reported with file and line. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
put(const struct dir *d, const char *text)
{
	FILE *fp = fopen(d->file, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
	assert_int_equal(fclose(fp), 0);
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

	/* No history yet: nobody has a grade, and loading creates nothing. */
	h = load(d, "2024-10-01");
	assert_null(history_base(h, "C1", 2));
	assert_false(today(h, "C1", "low"));
	assert_int_equal(history_added(h), 0);
	assert_int_equal(access(d->file, F_OK), -1);
	/* The first commit writes the header before the changes. */
	add(h, "C1", "2024-10-01", "", "low", "first grade");
	assert_int_equal(history_added(h), 1);
	assert_int_equal(access(d->file, F_OK), -1);
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

static void
test_without_reason_column(void **state)
{
	struct dir *d = *state;
	struct history *h;

	/* Four columns are enough: the reason is then empty. */
	put(d, "customer_id,date,from,to\nC1,2024-09-01,low,high\n");
	h = load(d, "2024-10-01");
	check_entry(h, "C1", "2024-09-01", "low", "high", "");
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
		cmocka_unit_test_setup_teardown(test_without_reason_column, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_final_newline, setup, teardown),
		cmocka_unit_test_setup_teardown(test_back_fill, setup, teardown),
		cmocka_unit_test_setup_teardown(test_spreadsheet_ids, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
