/* Unit tests for tally.c: what grade and segment say about the customers
 * of a run, one record at a time and in counts at the end, with -q. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "tally.h"
#include "testutil.h"

static char errpath[] = "/tmp/custkit-tally-XXXXXX";
static int saved = -1;

/* Standard error into a file, read back by said(). */
static int
set_up(void **state)
{
	int fd = mkstemp(errpath);

	(void)state;
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, STDERR_FILENO);
	close(fd);
	return 0;
}

static int
tear_down(void **state)
{
	(void)state;
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	unlink(errpath);
	memcpy(errpath + strlen(errpath) - 6, "XXXXXX", 6);
	return 0;
}

/* What was said since the last call. */
static char *
said(void)
{
	char *text;

	fflush(stderr);
	text = read_all(errpath);
	assert_non_null(text);
	assert_int_equal(ftruncate(STDERR_FILENO, 0), 0);
	lseek(STDERR_FILENO, 0, SEEK_SET);
	return text;
}

static void
expect_said(const char *want)
{
	char *text = said();

	assert_string_equal(text, want);
	free(text);
}

static void
test_records(void **state)
{
	struct cli cli;
	struct tally t;
	struct customers cs;
	struct orderbook *ob = orderbook_new();
	char *fields[] = {"", "Ann"};
	size_t lens[] = {0, 3};
	struct record rec = {.field = fields, .len = lens, .n = 2, .file = "c.csv", .line = 3};
	struct customer noid = {.field = fields, .len = lens, .n = 2, .rec = &rec, .cust = -1};
	struct customer nocols = {.n = 0, .rec = &rec, .cust = -1};
	struct customer torn = {.field = fields, .len = lens, .n = 2, .key = "C1", .keylen = 2, .cust = -1,
	    .rec = &rec};
	int status = 0;

	(void)state;
	memset(&cs, 0, sizeof(cs));
	cli_init(&cli, "cust-grade");
	tally_init(&t, &cli, "graded", &status);
	/* Named as they come: a record with columns is written as it was. */
	assert_true(tally_no_customer(&t, &noid, true));
	assert_int_equal(status, CUST_FINDINGS);
	expect_said("cust-grade: c.csv:3: no customer id: not graded, written as it was\n");
	assert_false(tally_no_customer(&t, &nocols, true));
	expect_said("cust-grade: c.csv:3: no columns\n");
	/* A second pass over the table says nothing and counts nothing. */
	assert_true(tally_no_customer(&t, &noid, false));
	expect_said("");
	rec.error = "expected 2 fields, found 3";
	tally_customer(&t, &torn, ob);
	expect_said("cust-grade: c.csv:3: expected 2 fields, found 3 (graded as it is)\n");
	assert_int_equal(t.ncust, 1);
	assert_int_equal(t.noorders, 1);
	assert_int_equal(tally_report(&t, &cs), 0);
	expect_said("cust-grade: 1 of 1 customer has no counted orders before the as-of date\n");
	/* -q: nothing one record at a time; the counts at the end. */
	cli.quiet = true;
	tally_customer(&t, &torn, ob);
	assert_true(tally_no_customer(&t, &noid, true));
	expect_said("");
	tally_report(&t, &cs);
	expect_said("cust-grade: 2 customer records could not be read whole (graded as they are)\n"
	    "cust-grade: 3 records had no customer id: not graded, written as they were\n");
	tally_overflows(ob);
	expect_said("");
	orderbook_free(ob);
	cli_free(&cli);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_records, set_up, tear_down),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
