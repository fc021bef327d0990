/* check.h — check one record against a schema and normalise its values.
 *
 * With a schema, each field's type and constraints are checked; with fix,
 * values are rewritten in their normal form where that is unambiguous
 * (trimmed, full-width digits and letters folded, phones, e-mails, dates
 * and money normalised).  Without a schema, fix still normalises the
 * columns whose role is known (phone, email, dates, amount, price) and
 * leaves anything it cannot read as it was: only a schema makes errors.
 */
#ifndef CUST_CHECK_H
#define CUST_CHECK_H

#include <stdbool.h>

#include "hash.h"
#include "record.h"
#include "roles.h"
#include "schema.h"

struct checker;

struct checker *checker_new(const struct schema *s, const struct header *h,
    const struct roles *roles, bool fix);
/* Check rec.  Returns the number of errors; *errors is "col: why; col: why"
 * (empty when none).  vals/lens are the record's values after fixing. All
 * stay valid until the next call. */
size_t checker_run(struct checker *c, const struct record *rec, char ***vals,
    size_t **lens, const char **errors);
/* Per column: how many values were invalid, and how many were fixed. */
const unsigned long long *checker_errors(const struct checker *c);
const unsigned long long *checker_fixes(const struct checker *c);
/* Foreign keys that reference this same table can only be decided when
 * the whole table has been seen.  When checker_defers() is true, the
 * caller keeps each record until the end and then asks checker_finish()
 * about record recno (0-based, in the order checker_run saw them): it
 * appends "foreignKeys: (…) is not in the referenced fields of this
 * table" to errors for each reference not found, and returns how many. */
bool checker_defers(const struct checker *c);
size_t checker_finish(struct checker *c, unsigned long long recno, struct strbuf *errors);
/* A foreign key to another table (the fk-th of the schema's foreignKeys,
 * counting all): keys is the set of that table's keys, as checker_key
 * made them there.  The hash must outlive the checker. */
int checker_set_reference(struct checker *c, size_t fk, const struct hash *keys);
/* Compute the keys of these columns (schema fields) for checker_key. */
void checker_want_keys(struct checker *c, const size_t *cols, size_t n);
/* The key of the given columns of the record just checked, or NULL when
 * one is missing or invalid; valid until the next call. */
const char *checker_key(struct checker *c, const size_t *cols, size_t n, size_t *len);
void checker_free(struct checker *c);

#endif
