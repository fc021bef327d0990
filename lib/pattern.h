/* pattern.h — a linear-time matcher for the simple patterns schemas use.
 *
 * Most Table Schema patterns are sequences of literals and classes with
 * counts: C\d{8}, [A-Z]{2}\d+, 1[3-9]\d{9}.  For those, matching ASCII
 * values needs no regex engine: this compiles them to a list of (class,
 * min, max) items and matches in O(items × length), several times faster
 * than regexec.  Anything else (groups, alternation, anchors, non-ASCII)
 * is left to the regex engine: simple_pattern_compile returns NULL.
 */
#ifndef CUST_PATTERN_H
#define CUST_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

struct simple_pattern;

struct simple_pattern *simple_pattern_compile(const char *xsd);
/* Does the whole of s[0..n) (ASCII) match? */
bool simple_pattern_match(const struct simple_pattern *p, const char *s, size_t n);
void simple_pattern_free(struct simple_pattern *p);

#endif
