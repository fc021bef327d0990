/* libFuzzer harness for cust-report --merge: any bytes as a partial
 * state must merge or fail with a message, streamed (jsonpull) all the
 * way; a merged state must make its tables. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "report_partial.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-partial-XXXXXX", *paths[1] = {path};
	struct report_merged m = {0};
	struct header qh = {0, NULL};
	struct cust_err err;
	size_t n, i;
	int fd = mkstemp(path);

	if (fd < 0)
		return 0;
	if (write(fd, data, size) == (ssize_t)size && report_merge_partials(&m, paths, 1, -1, &qh, &err) == 0)
		(void)report_tables(m.p.rep, &n);
	report_merged_free(&m);
	for (i = 0; i < qh.n; i++)
		free(qh.names[i]);
	free(qh.names);
	close(fd);
	unlink(path);
	return 0;
}
