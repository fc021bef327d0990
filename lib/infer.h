/* infer.h — draft a Table Schema from data (cust-validate --infer).
 *
 * Each column gets the most specific type that at least 80% of its
 * non-empty values fit (the rest are what the schema will then report),
 * "required" when no value is empty, an "enum" (with a "description"
 * saying so) when it has a few distinct values each seen at least three
 * times, a closed list, and "unique" when it is key-like (an id, phone or e-mail column,
 * or a column named like one) and no value repeats.  The draft is meant to
 * be read and edited, and schema_load() accepts it as it is.
 */
#ifndef CUST_INFER_H
#define CUST_INFER_H

#include "record.h"
#include "roles.h"
#include "util.h"

struct inferrer;

struct inferrer *infer_new(const struct header *h, const struct roles *roles);
void infer_add(struct inferrer *in, const struct record *rec);
/* The draft schema as indented JSON text; caller frees. */
char *infer_result(struct inferrer *in);
void infer_free(struct inferrer *in);

#endif
