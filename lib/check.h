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
void checker_free(struct checker *c);

#endif
