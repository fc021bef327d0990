/* levels.h — comparison levels: how two values of one kind agree.
 *
 * Fuzzy matching sorts each field of a pair of records into a level, and
 * learns from the data how likely each level is among true matches (m)
 * and among strangers (u).  A level is evidence only if it means the same
 * thing for every pair, so each kind of value has levels of its own,
 * ordered from "different" (0) to "the same" (the last):
 *
 *   name      different, partial (a nickname, an initial, or part of the
 *             name: Bob / Robert, J / John, 王 / 王芳), swapped (the same
 *             words in another order), close (Jaro-Winkler >= 0.88, or one
 *             character in a Chinese name), near (>= 0.92), same
 *   date      different, typo (day and month swapped, or one component off
 *             in a single digit), same.  Dates two digits apart are not
 *             close: 1973-08-01 and 1978-02-01 are different dates.
 *   phone     different, same (a number one digit off is someone else's)
 *   email     different, close (a typo: Jaro-Winkler >= 0.88), same local
 *             part (another domain), same
 *   postcode  different, same district (all but the last two digits, or
 *             the outward code), same
 *   address   different, similar (most words shared and the house numbers
 *             equal), same
 *   digits    different, typo (one edit or two neighbours swapped), same
 *   text      different, close (Jaro-Winkler >= 0.88), same
 *
 * Values are compared in normal form (see fuzzy.c): non-empty, text
 * case-folded, dates as YYYYMMDD, phones as digits.
 */
#ifndef CUST_LEVELS_H
#define CUST_LEVELS_H

#include <stdbool.h>
#include <stddef.h>

enum cmp_kind { CMP_NAME, CMP_DATE, CMP_PHONE, CMP_EMAIL, CMP_POSTCODE, CMP_ADDRESS, CMP_DIGITS,
	CMP_TEXT, CMP_KINDS_ };

#define LEVELS_MAX 6
#define NAME_PARTIAL 1
#define NAME_SWAPPED 2

int levels_count(enum cmp_kind k);
const char *levels_kind_name(enum cmp_kind k);
/* "same", "typo", "different", ...; level -1 is "missing". */
const char *levels_name(enum cmp_kind k, int level);

/* The level of two values in normal form. */
int levels_compare(enum cmp_kind k, const char *a, size_t na, const char *b, size_t nb);

/* Is s[0..n) non-empty and all ASCII digits? */
bool levels_all_digits(const char *s, size_t n);

/* Are two name words the same name: a nickname (bob, robert), an initial
 * (j, john) or a short form (chris, christopher)? */
bool levels_same_name(const char *a, size_t na, const char *b, size_t nb);

#endif
