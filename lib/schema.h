/* schema.h — Frictionless Table Schema, plus the types money and phone.
 *
 * Loaded once with jansson; every mistake in the file is reported with the
 * file and the place (fields[2].constraints.minimum) and is a usage error.
 */
#ifndef CUST_SCHEMA_H
#define CUST_SCHEMA_H

#include <regex.h>
#include <stdbool.h>
#include <stdint.h>

#include "pattern.h"
#include "record.h"
#include "util.h"

enum ftype {
	FT_STRING, FT_INTEGER, FT_NUMBER, FT_BOOLEAN, FT_DATE, FT_DATETIME,
	FT_MONEY, FT_PHONE, FT_ANY, FT_COUNT_
};

enum fformat { FF_DEFAULT, FF_EMAIL, FF_URI, FF_CN_MOBILE /* phone: 1[3-9] and 11 digits */ };

struct sfield {
	char *name;
	enum ftype type;
	enum fformat format;
	bool required, unique;
	bool has_min, has_max;
	/* Bounds in the type's exact unit: integer, cents, days, or seconds;
	 * numbers use dmin/dmax. */
	int64_t min, max;
	double dmin, dmax;
	long min_len, max_len;      /* in characters; -1 when unset */
	bool has_pattern;
	regex_t pattern;
	/* The same pattern compiled for bytes, when it is ASCII: glibc's
	 * UTF-8 matcher decodes every byte, and for ASCII values the byte
	 * matcher gives the same answer several times faster. */
	bool has_ascii_pattern;
	regex_t ascii_pattern;
	struct simple_pattern *simple;   /* faster still, for the usual ID patterns */
	char *pattern_src;
	char **enums;
	size_t nenum;
	long col;                   /* bound column, -1 before schema_bind */
};

struct schema {
	char *path;
	struct sfield *fields;
	size_t nfields;
	char **missing;             /* missingValues, default [""] */
	size_t nmissing;
	size_t *pk;                 /* primaryKey: indexes into fields */
	size_t npk;
};

const char *ftype_name(enum ftype t);
struct schema *schema_load(const char *path, struct cust_err *err);
/* Match fields to the header's columns; a field with no column is an
 * input error naming the missing columns. */
int schema_bind(struct schema *s, const struct header *h, struct cust_err *err);
void schema_free(struct schema *s);

#endif
