/* Unit tests for outfile.c: atomic outputs with and without O_TMPFILE,
 * temporary files removed on every exit path, and the run-file check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "testutil.h"

static char dir[] = "/tmp/custkit-outfile-XXXXXX";

/* How many files the test directory holds. */
static int
files(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static int
set_up(void **state)
{
	(void)state;
	assert_non_null(mkdtemp(dir));
	return 0;
}

static int
tear_down(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	memcpy(dir + strlen(dir) - 6, "XXXXXX", 6);
	return 0;
}

/* Write, commit, append, abort: the same either way temporary files are
 * made, and none is left. */
static void
write_both_ways(bool named)
{
	char path[128], *text;
	struct outfile of;
	struct cust_err err;

	outfile_named_temps(named);
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(outfile_open(&of, path, false, &err), 0);
	assert_int_equal(of.anonymous, !named);
	assert_int_equal(files(), named ? 1 : 0);     /* nothing named until commit */
	fputs("a\n", of.fp);
	assert_int_equal(outfile_commit(&of, &err), 0);
	assert_int_equal(outfile_open(&of, path, true, &err), 0);
	fputs("b\n", of.fp);
	assert_int_equal(outfile_commit(&of, &err), 0);
	text = read_all(path);
	assert_string_equal(text, "a\nb\n");
	free(text);
	assert_int_equal(outfile_open(&of, path, false, &err), 0);
	fputs("lost\n", of.fp);
	outfile_abort(&of);
	text = read_all(path);
	assert_string_equal(text, "a\nb\n");
	free(text);
	assert_int_equal(files(), 1);
	/* The exit that skips every normal path (out of memory). */
	assert_int_equal(outfile_open(&of, path, false, &err), 0);
	outfile_remove_temps();
	assert_int_equal(files(), 1);
	outfile_abort(&of);
	outfile_named_temps(false);
}

static void
test_anonymous(void **state)
{
	(void)state;
	write_both_ways(false);
}

static void
test_named(void **state)
{
	(void)state;
	write_both_ways(true);
}

/* Standard output held back: nothing of a run given up reaches it, all of
 * a committed one does, once. */
static void
test_hold(void **state)
{
	char path[128], *text;
	struct outfile of;
	struct cust_err err;
	int saved, fd;

	(void)state;
	snprintf(path, sizeof(path), "%s/stdout", dir);
	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(saved >= 0 && fd >= 0);
	dup2(fd, STDOUT_FILENO);
	close(fd);
	assert_int_equal(outfile_open(&of, "-", false, &err), 0);
	assert_int_equal(outfile_hold(&of, &err), 0);
	assert_ptr_not_equal(of.fp, stdout);
	fputs("refused\n", of.fp);
	outfile_abort(&of);
	assert_int_equal(outfile_open(&of, NULL, false, &err), 0);
	assert_int_equal(outfile_hold(&of, &err), 0);
	fputs("kept\n", of.fp);
	assert_int_equal(outfile_commit(&of, &err), 0);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	text = read_all(path);
	assert_string_equal(text, "kept\n");
	free(text);
	/* A file is held anyway, until its rename: nothing to do. */
	snprintf(path, sizeof(path), "%s/out.csv", dir);
	assert_int_equal(outfile_open(&of, path, false, &err), 0);
	assert_int_equal(outfile_hold(&of, &err), 0);
	assert_null(of.held);
	outfile_abort(&of);
}

static const char *
check(const struct runfile *f, size_t n)
{
	static struct cust_err err;

	if (runfiles_check(f, n, &err) == 0)
		return "";
	assert_int_equal(err.status, CUST_USAGE);
	return err.msg;
}

static void
test_runfiles(void **state)
{
	char in[128], lnk[128], hard[128], out[128], rel[160];
	FILE *fp;

	(void)state;
	snprintf(in, sizeof(in), "%s/in.csv", dir);
	snprintf(lnk, sizeof(lnk), "%s/link.csv", dir);
	snprintf(hard, sizeof(hard), "%s/hard.csv", dir);
	snprintf(out, sizeof(out), "%s/new.csv", dir);
	snprintf(rel, sizeof(rel), "%s/../%s/new.csv", dir, strrchr(dir, '/') + 1);
	assert_non_null(fp = fopen(in, "w"));
	fclose(fp);
	assert_int_equal(symlink("in.csv", lnk), 0);
	assert_int_equal(link(in, hard), 0);
	{
		const struct runfile f[] = {{"--rejects", lnk, RUNFILE_WRITE}, {"input", in, RUNFILE_DATA}};
		assert_non_null(strstr(check(f, 2), "--rejects"));
		assert_non_null(strstr(check(f, 2), "is also the input"));
	}
	{
		const struct runfile f[] = {{"--rejects", hard, RUNFILE_WRITE}, {"input", in, RUNFILE_DATA}};
		assert_string_not_equal(check(f, 2), "");
	}
	{
		/* -o may replace the data; not the schema. */
		const struct runfile f[] = {{"-o", lnk, RUNFILE_OUTPUT}, {"input", in, RUNFILE_DATA}};
		const struct runfile g[] = {{"-o", hard, RUNFILE_OUTPUT}, {"--schema", in, RUNFILE_READ}};
		assert_string_equal(check(f, 2), "");
		assert_non_null(strstr(check(g, 2), "is also the --schema file"));
	}
	{
		/* Not created yet: the same place by another name. */
		const struct runfile f[] = {{"--rejects", out, RUNFILE_WRITE}, {"-o", rel, RUNFILE_OUTPUT}};
		assert_non_null(strstr(check(f, 2), "is also the -o file"));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_anonymous, set_up, tear_down),
		cmocka_unit_test_setup_teardown(test_named, set_up, tear_down),
		cmocka_unit_test_setup_teardown(test_runfiles, set_up, tear_down),
		cmocka_unit_test_setup_teardown(test_hold, set_up, tear_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
