/* addcols.h — write records with columns added: grade's four, dedupe's
 * three, segment's one per dimension.
 *
 * The output header is the input's columns, then each added column the
 * input lacks; an added column the input already has is replaced in
 * place (header_extend), so running a program again over its own output
 * does not pile columns up.  Every program that adds columns writes them
 * through here, so they all do that the same way.
 */
#ifndef CUST_ADDCOLS_H
#define CUST_ADDCOLS_H

#include "record.h"
#include "writer.h"

struct addcols {
	struct writer *w;
	size_t nin, nadded, nout;
	char **names;           /* the output header */
	size_t *at;             /* where added[i] goes */
	char **vals;            /* a row being written: may be filled in place */
	size_t *lens;
};

/* Lay out the output of records with header h plus added[0..nadded)
 * (names valid while x is used).  Writes nothing. */
void addcols_begin(struct addcols *x, struct writer *w, const struct header *h, const char *const *added,
    size_t nadded);
/* Write the output header. */
void addcols_header(struct addcols *x);
/* Write a record (h->n fields; may be x->vals, filled in place) with the
 * added values add[0..nadded); add NULL: the record as it was, with its
 * own values of the added columns it has and the others empty. */
void addcols_row(struct addcols *x, char *const *field, const size_t *len, char *const *add,
    const size_t *addlen);
void addcols_end(struct addcols *x);

#endif
