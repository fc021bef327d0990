/* value_ref.h — the general readers behind value.c's fast paths.
 *
 * The common forms (plain ASCII e-mails, phones and decimals, ISO and
 * ASCII dates) are read by fast paths that give up on anything unusual
 * and hand it to these, which read every form value.h describes and say
 * why a value is not one.  A fast path must agree with its reader on
 * every input: same status, same value, same normal form.  They are
 * declared here, apart from value.h, for the tests that hold each fast
 * path to that (tests/unit/test_value.c); programs call value.h's.
 */
#ifndef CUST_VALUE_REF_H
#define CUST_VALUE_REF_H

#include "value.h"

int decimal_parse_slow(const char *s, size_t len, int places, bool round, int64_t *out,
    const char **why);
int phone_normalize_slow(const char *s, size_t len, char *out, const char **why);
bool is_placeholder_slow(const char *s, size_t len);
int datetime_parse_slow(const char *s, size_t len, struct datetime *dt, const char **why);
int email_normalize_slow(const char *s, size_t len, char *out, const char **why);

#endif
