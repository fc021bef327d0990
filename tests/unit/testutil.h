/* testutil.h — helpers shared by the unit tests. */
#ifndef CUST_TESTUTIL_H
#define CUST_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "value.h"

/* Write text to a new temporary file and return its name (caller frees
 * and unlinks). */
static inline char *
tmpfile_with(const void *text, size_t n)
{
	char *path = strdup("/tmp/custkit-test-XXXXXX");
	int fd = mkstemp(path);

	if (fd < 0 || write(fd, text, n) != (ssize_t)n)
		abort();
	close(fd);
	return path;
}

static inline char *
read_all(const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	buf = calloc(1, (size_t)n + 1);
	if (fread(buf, 1, (size_t)n, fp) != (size_t)n)
		abort();
	fclose(fp);
	return buf;
}

/* Days since 1970 of an ISO date the test writes itself (2024-10-01). */
static inline int32_t
day(const char *iso)
{
	struct date d;
	const char *why;

	if (date_parse(iso, strlen(iso), &d, &why) != VALUE_OK)
		abort();
	return date_to_days(d);
}

#endif
