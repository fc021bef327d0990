/* pattern.h — a linear-time matcher for the simple patterns schemas use.
 *
 * Most Table Schema patterns are sequences of literals and classes with
 * counts: C\d{8}, [A-Z]{2}\d+, 1[3-9]\d{9}.  For those, matching ASCII
 * values needs no regex engine: this compiles them to a list of (class,
 * min, max) items and matches in O(items × length), several times faster
 * than regexec.  Anything else (groups, alternation, anchors, non-ASCII)
 * is left to the regex engine: simple_pattern_compile returns NULL.
 */
/* xsd_regex is the whole of a Table Schema pattern: an XML Schema
 * regular expression, matched against the whole value, Unicode classes
 * (\p{Lu}, \p{IsCJK…} excepted) included, by PCRE2 with its JIT, and by
 * the simple matcher above for ASCII values when the pattern is simple.
 * What XML Schema writes differently from PCRE2 is translated (^ and $ are
 * plain characters there); what PCRE2 cannot do (class subtraction
 * [a-z-[aeiou]], \i and \c, \p{Is…} blocks) and what XML Schema does
 * not allow (a++, a*?) is refused at load, with the reason. */
#ifndef CUST_PATTERN_H
#define CUST_PATTERN_H

#include <stdbool.h>
#include <stddef.h>

struct simple_pattern;

struct simple_pattern *simple_pattern_compile(const char *xsd);
/* Does the whole of s[0..n) (ASCII) match? */
bool simple_pattern_match(const struct simple_pattern *p, const char *s, size_t n);
void simple_pattern_free(struct simple_pattern *p);

struct strbuf;
struct xsd_regex;

/* NULL with *why set (a static string, or PCRE2's message in buf) when
 * the pattern cannot be used. */
struct xsd_regex *xsd_regex_compile(const char *xsd, char *buf, size_t bufsize, const char **why);
/* Does the whole of s[0..n) match?  Not thread-safe for one regex. */
bool xsd_regex_match(struct xsd_regex *re, const char *s, size_t n);
void xsd_regex_free(struct xsd_regex *re);

#endif
