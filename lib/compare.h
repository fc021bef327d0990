/* compare.h — how alike two short strings are.
 *
 * Strings are compared as sequences of Unicode code points, so a Chinese
 * name is three characters, not nine bytes, and one wrong character is one
 * edit.
 */
#ifndef CUST_COMPARE_H
#define CUST_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#define COMPARE_MAX 64      /* code points compared; longer values are cut */

/* Decode UTF-8 s[0..n) into at most cap code points; returns how many.
 * Invalid bytes become U+FFFD. */
size_t utf8_decode(const char *s, size_t n, uint32_t *out, size_t cap);

/* Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, up to 4). */
double jaro_winkler(const uint32_t *a, size_t na, const uint32_t *b, size_t nb);

/* Levenshtein distance, or max + 1 when it is more than max (the work is
 * bounded by the band). */
size_t edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t max);

#endif
