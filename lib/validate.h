/* validate.h — one run of cust-validate over a table, or over every table
 * of a data package.
 *
 * validate_table passes every record of a table to its output or to its
 * rejects with the reasons: records in = written + rejected, never fewer.
 * A table whose foreign keys reference itself is held in memory until it
 * has been read whole (only then are its keys known), and then written in
 * input order.  The output stream is the caller's: on failure validate_table
 * drops the rejects file and returns -1, and the caller aborts its outfile.
 *
 * For a package, validate_plan gives one struct vtable per resource (in
 * the package's checking order) and wires each foreign key to the key set
 * the referenced table fills while it is checked; validate_bind turns the
 * planned field indexes into columns once a table's header is known.
 * Nothing here prints: messages (rejects beyond the file, the summary) go
 * where the caller says.
 */
#ifndef CUST_VALIDATE_H
#define CUST_VALIDATE_H

#include <stdbool.h>
#include <stdio.h>

#include "check.h"
#include "package.h"
#include "reader.h"
#include "roles.h"
#include "schema.h"
#include "summary.h"
#include "util.h"
#include "writer.h"

struct vkeyset;

/* One table: where its records go, and the keys other tables ask of it. */
struct vtable {
	/* set by the caller */
	struct reader *rd;
	struct schema *schema;      /* NULL: structure only (or --fix) */
	FILE *out;                  /* valid records; NULL: not written */
	const char *out_name;
	const char *rejects;        /* NULL: report on validate_opts.diag */
	/* owned by the library */
	struct vkeyset *keysets;    /* keys of this table that others reference */
	size_t nkeysets;
	const struct hash **refs;   /* for each foreign key to another table, its keys */
	struct checker *chk;        /* kept for the summary until validate_table_done */
};

struct validate_opts {
	bool fix;
	struct writer_opts wo;
	FILE *diag;                 /* rejects reported here without a rejects file */
	const char *prog;
	size_t max_shown;           /* 0: only a count, when closing */
	void (*progress)(unsigned long long records);   /* may be NULL */
	void (*progress_done)(void);                    /* may be NULL */
};

/* Check every record of t.  On success fills sum (its errors and fixes
 * stay valid until validate_table_done) and returns 0. */
int validate_table(struct vtable *t, const struct roles *roles, const struct validate_opts *o,
    struct summary *sum, struct cust_err *err);
void validate_table_done(struct vtable *t);

/* The tables of p, with the foreign keys between them planned; NULL
 * (CUST_USAGE) when a foreign key names a field its table lacks. */
struct vtable *validate_plan(struct package *p, struct cust_err *err);
/* After schema_bind of r's schema: planned fields become columns. */
void validate_bind(struct vtable *t, const struct resource *r);
void validate_plan_free(struct vtable *tabs, size_t n);

/* A package's rejects file must not replace one of its own files. */
int validate_rejects_path(const struct package *p, const char *rejects, struct cust_err *err);

#endif
