/* libFuzzer harness for the record reader: any bytes, any format, must
 * never crash, hang or leak, and every record must have the header's
 * width.  Build with `make fuzz`; run build/fuzz/fuzz_reader CORPUS. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

static const enum format formats[] = {FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSONL, FMT_JSON};

/* Every record of path as text (fields, line, error), or NULL when the
 * reader will not open it; aborts on a record not of the header's width. */
static char *
render(char *path, struct reader_opts o, size_t *n)
{
	char *paths[] = {path};
	struct cust_err err;
	struct reader *r = reader_open(paths, 1, &o, &err);
	struct strbuf out = STRBUF_INIT;
	struct record *rec;
	size_t width, i;
	int rc;

	if (r == NULL)
		return NULL;
	width = reader_header(r)->n;
	while ((rc = reader_next(r, &rec, &err)) > 0) {
		if (rec->n != width)
			abort();
		sb_addf(&out, "%ld:", rec->line);
		for (i = 0; i < rec->n; i++) {
			sb_add(&out, rec->field[i], rec->len[i]);
			sb_addc(&out, '|');
		}
		sb_addf(&out, "!%s\n", rec->error ? rec->error : "");
	}
	sb_addf(&out, "end %d\n", rc);
	reader_close(r);
	*n = out.len;
	return sb_detach(&out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-reader-XXXXXX";
	struct reader_opts o = {.from = FMT_AUTO};
	char *one, *two;
	size_t n1 = 0, n2 = 0;
	int fd;

	if (size < 1)
		return 0;
	/* The first byte picks the format and an optional forced encoding. */
	o.from = formats[data[0] % 5];
	o.encoding = (data[0] & 0x80) ? "GB18030" : NULL;
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	/* With the parsing thread (which splits plain lines itself) and
	 * without it, the same records. */
	one = render(path, o, &n1);
	o.prefetch = true;
	two = render(path, o, &n2);
	if ((one == NULL) != (two == NULL) || n1 != n2 || (one != NULL && memcmp(one, two, n1) != 0))
		abort();
	free(one);
	free(two);
	unlink(path);
	return 0;
}
