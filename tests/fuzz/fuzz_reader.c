/* libFuzzer harness for the record reader: any bytes, any format, must
 * never crash, hang or leak, and every record must have the header's
 * width.  Build with `make fuzz`; run build/fuzz/fuzz_reader CORPUS. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "reader.h"

static const enum format formats[] = {FMT_AUTO, FMT_CSV, FMT_TSV, FMT_JSONL, FMT_JSON};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-reader-XXXXXX";
	char *paths[] = {path};
	struct reader_opts o = {.from = FMT_AUTO};
	struct cust_err err;
	struct reader *r;
	struct record *rec;
	int fd;

	if (size < 1)
		return 0;
	/* The first byte picks the format and an optional forced encoding. */
	o.from = formats[data[0] % 5];
	o.encoding = (data[0] & 0x80) ? "GB18030" : NULL;
	o.prefetch = (data[0] & 0x40) != 0;
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	r = reader_open(paths, 1, &o, &err);
	if (r != NULL) {
		size_t width = reader_header(r)->n;
		while (reader_next(r, &rec, &err) > 0)
			if (rec->n != width)
				abort();
		reader_close(r);
	}
	unlink(path);
	return 0;
}
