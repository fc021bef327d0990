/* libFuzzer harness for the config loaders: Table Schema files, grade
 * rules files, segment specs, names files and models.  Any bytes must load
 * or fail with a message. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grade.h"
#include "schema.h"
#include "segment.h"

static long
lookup(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	return n == 6 && memcmp(name, "amount", 6) == 0 ? 0 : -1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-config-XXXXXX";
	struct expr_scope scope = {lookup, NULL, lookup, NULL};
	struct cust_err err;
	struct grade_rules *g;
	struct segment *sg;
	struct schema *s;
	struct orderbook *ob;
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size) {
		if ((s = schema_load(path, &err)) != NULL)
			schema_free(s);
		if ((g = grade_rules_load(path, &scope, &err)) != NULL) {
			ob = orderbook_new();
			grade_rules_bind(g, ob, 20000);
			(void)grade_decide(g, ob, -1, NULL, NULL, -1);
			orderbook_free(ob);
			grade_rules_free(g);
		}
		if ((sg = segment_load(path, &scope, &err)) != NULL) {
			ob = orderbook_new();
			segment_bind(sg, ob, 20000, false);
			segment_add(sg, -1, NULL, NULL, 0, "1", 1, true);
			if (segment_model_load(sg, path, &err) == 0 || segment_learn(sg, &err) == 0)
				(void)segment_fit_write(sg, stdout, &err);
			orderbook_free(ob);
			segment_free(sg);
		}
		if ((sg = segment_rfm(false, NULL, false, &scope, &err)) != NULL) {
			(void)segment_names(sg, path, &err);
			ob = orderbook_new();
			segment_bind(sg, ob, 20000, false);
			(void)segment_model_load(sg, path, &err);
			orderbook_free(ob);
			segment_free(sg);
		}
	}
	close(fd);
	unlink(path);
	return 0;
}
