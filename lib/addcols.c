/* addcols.c — records with columns added; see addcols.h. */
#include "addcols.h"

#include <stdlib.h>
#include <string.h>

void
addcols_begin(struct addcols *x, struct writer *w, const struct header *h, const char *const *added,
    size_t nadded)
{
	x->w = w;
	x->nin = h->n;
	x->nadded = nadded;
	x->names = xcalloc(h->n + nadded + 1, sizeof(char *));
	x->vals = xcalloc(h->n + nadded + 1, sizeof(char *));
	x->lens = xcalloc(h->n + nadded + 1, sizeof(size_t));
	x->at = xcalloc(nadded + 1, sizeof(size_t));
	x->nout = header_extend(h, added, nadded, x->names, x->at);
}

void
addcols_header(struct addcols *x)
{
	writer_header(x->w, x->names, x->nout);
}

void
addcols_row(struct addcols *x, char *const *field, const size_t *len, char *const *add,
    const size_t *addlen)
{
	size_t i;

	if (field != x->vals) {
		memcpy(x->vals, field, x->nin * sizeof(*x->vals));
		memcpy(x->lens, len, x->nin * sizeof(*x->lens));
	}
	for (i = 0; i < x->nadded; i++) {
		if (add == NULL && x->at[i] < x->nin)
			continue;       /* the record's own value */
		x->vals[x->at[i]] = add ? add[i] : "";
		x->lens[x->at[i]] = add ? addlen[i] : 0;
	}
	writer_row(x->w, x->vals, x->lens, x->nout);
}

void
addcols_end(struct addcols *x)
{
	free(x->names);
	free(x->vals);
	free(x->lens);
	free(x->at);
	memset(x, 0, sizeof(*x));
}
