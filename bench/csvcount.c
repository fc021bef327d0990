/* csvcount — the yardstick: the least a libcsv program can do with a CSV
 * file, which is to parse it and count fields and records. */
#include <csv.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static unsigned long fields, records;

static void on_field(void *s, size_t n, void *d) { (void)s; (void)n; (void)d; fields++; }
static void on_record(int c, void *d) { (void)c; (void)d; records++; }

int
main(int argc, char **argv)
{
	static char buf[65536];
	struct csv_parser p;
	ssize_t n;
	int fd = argc > 1 ? open(argv[1], O_RDONLY) : 0;

	if (fd < 0 || csv_init(&p, 0) != 0)
		return 1;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		csv_parse(&p, buf, (size_t)n, on_field, on_record, NULL);
	csv_fini(&p, on_field, on_record, NULL);
	csv_free(&p);
	printf("%lu fields, %lu records\n", fields, records);
	return 0;
}
