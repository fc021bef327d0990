/* schema.h — Frictionless Table Schema, plus the types money and phone.
 *
 * Loaded once with jansson; every mistake in the file is reported with the
 * file and the place (fields[2].constraints.minimum) and is a usage error.
 */
#ifndef CUST_SCHEMA_H
#define CUST_SCHEMA_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "hash.h"
#include "pattern.h"
#include "record.h"
#include "types.h"
#include "util.h"

/* A minimum or maximum: its key and ord as types.h makes them. */
struct bound {
	bool set;
	char *key;
	int64_t ord;
	char *text;                 /* as the schema writes it, for messages */
};

struct sfield {
	char *name;
	struct tspec spec;          /* type, format and type options */
	bool required, unique;
	struct bound min, max, xmin, xmax;   /* xmin/xmax: exclusive */
	long min_len, max_len;      /* characters, or items of a collection; -1 when unset */
	struct xsd_regex *pattern;  /* or NULL */
	char *pattern_src;
	json_t *json_schema;        /* jsonSchema (the subset of jsonschema.h), or NULL */
	struct hash *enums;         /* keys of the enum values, or NULL */
	struct hash *categories;    /* keys of the v2 categories, or NULL */
	char **missing;             /* the field's own missingValues, or NULL */
	size_t nmissing;
	bool own_missing;
	long col;                   /* bound column, -1 before schema_bind */
};

/* A set of fields whose values together name a row: primaryKey, one of
 * uniqueKeys, or the two ends of a foreign key. */
struct fieldset {
	size_t *idx;                /* indexes into fields */
	size_t n;
};

struct foreign_key {
	struct fieldset fields;
	char *resource;             /* "" for this table */
	char **ref_names;           /* the referenced fields' names */
	size_t nref;
};

enum fields_match { FM_EXACT, FM_EQUAL, FM_SUBSET, FM_SUPERSET, FM_PARTIAL };

struct schema {
	char *path;
	struct sfield *fields;
	size_t nfields;
	char **missing;             /* missingValues, default [""] */
	size_t nmissing;
	size_t *pk;                 /* primaryKey: indexes into fields */
	size_t npk;
	struct fieldset *unique_keys;
	size_t nunique_keys;
	struct foreign_key *fks;
	size_t nfks;
	enum fields_match fields_match;
	bool fields_match_set;      /* given in the file (else custkit's subset) */
	struct hash *by_name;       /* field name -> index + 1 */
};

struct schema *schema_load(const char *path, struct cust_err *err);
/* The same from a JSON object (a data package's resource schema); where
 * names the place in messages. */
struct schema *schema_from_json(json_t *root, const char *path, struct cust_err *err);
/* Index of the field called name, or -1. */
long schema_field(const struct schema *s, const char *name);
/* Match fields to the header's columns as fieldsMatch says (without it,
 * every field must have a column and other columns pass through); a
 * mismatch is an input error naming the columns. */
int schema_bind(struct schema *s, const struct header *h, struct cust_err *err);
/* Each column's type once bound: types[i] for column i (n columns), FT_ANY
 * where no field names it. */
void schema_column_types(const struct schema *s, enum ftype *types, size_t n);
void schema_free(struct schema *s);

#endif
