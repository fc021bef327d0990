/* Unit tests for addcols.c: added columns go after the input's, and one
 * the input already has is replaced where it stands. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "addcols.h"
#include "testutil.h"

static void
test_added_and_replaced(void **state)
{
	char *names[] = {"id", "segment", "city"};
	struct header h = {3, names};
	static const char *const added[] = {"r_score", "segment"};
	char *row[] = {"7", "old", "北京"}, *add[] = {"5", "Champions"};
	size_t len[] = {1, 3, 6}, addlen[] = {1, 9};
	struct writer_opts wo = {.to = FMT_CSV};
	struct cust_err err;
	struct addcols x;
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);
	struct writer *w = writer_new(fp, "mem", &wo);

	(void)state;
	addcols_begin(&x, w, &h, added, 2);
	assert_int_equal(x.nout, 4);
	addcols_header(&x);
	addcols_row(&x, row, len, add, addlen);
	assert_int_equal(writer_finish(w, &err), 0);
	writer_free(w);
	addcols_end(&x);
	fclose(fp);
	assert_string_equal(buf, "id,segment,city,r_score\n7,Champions,北京,5\n");
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_added_and_replaced),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
