/* value.h — parsing and normalising the values found in customer tables.
 *
 * Every parser takes a byte string that need not be NUL-terminated, and
 * returns VALUE_OK with the parsed value, or another status with *why set to
 * a short static English explanation ("more than 2 decimal places").  Parsers
 * accept surrounding white space (ASCII and U+3000) and full-width digits,
 * letters and punctuation (U+FF01..U+FF5E), as Excel and WPS exports hold them.
 */
#ifndef CUST_VALUE_H
#define CUST_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util.h"

enum value_status {
	VALUE_OK = 0,
	VALUE_EMPTY,      /* only white space */
	VALUE_INVALID,    /* not a value of this type */
	VALUE_AMBIGUOUS,  /* could be read more than one way (03/04/2024) */
	VALUE_RANGE,      /* well-formed but out of range (2024-02-30, overflow) */
};

/* Money: exact, in integer minor units (cents, 分).  Accepts 1234.5,
 * 1,234.50, ¥1,234.50, ￥, $, €, £, RMB/CNY/USD prefixes, 1234.50元, (12.00)
 * as negative, -12, +12, -¥12, ¥-12.  More than 2 decimal places is
 * VALUE_INVALID unless the extra digits are zeros (1.500 is 150). Thousands
 * separators must be in groups of three.  Overflow of int64 is VALUE_RANGE. */
int money_parse(const char *s, size_t len, int64_t *cents, const char **why);
/* The same forms as money, exact in units of 10^-places (places 0..9):
 * digits beyond them are rounded half away from zero when round is set,
 * otherwise any but zeros is VALUE_INVALID.  money_parse is places 2. */
int decimal_parse(const char *s, size_t len, int places, bool round, int64_t *out, const char **why);
/* "-1234.50", "0.05": always two decimals, no separators.  buf >= 32 bytes.
 * Returns the length written. */
size_t money_format(int64_t cents, char *buf);

/* Calendar dates (proleptic Gregorian). */
struct date {
	int year, month, day;
};
struct datetime {
	struct date date;
	int hour, min, sec;
	bool has_time;
};
/* Accepts 2024-10-04, 2024-10-4, 2024/10/4, 2024.10.04, 2024年10月4日,
 * 20241004, Excel serial day numbers 1..2958465 (1900 date system, with
 * Excel's phantom 1900-02-29: 60 is invalid, 45569 is 2024-10-04), and
 * D/M/YYYY or M/D/YYYY only when one reading is impossible (25/10/2024);
 * 03/04/2024 is VALUE_AMBIGUOUS.  Years 1000..9999.  A time part is an
 * error here: use datetime_parse. */
int date_parse(const char *s, size_t len, struct date *d, const char **why);
/* A date as above, optionally followed by a time: "2024-10-04 08:26:00",
 * "2024-10-04T08:26", "2024/10/4 8:26:05", "45569.5" (Excel serial with a
 * fraction of a day).  A trailing "Z" or "+08:00" offset is accepted and
 * ignored (times are wall-clock).  has_time is false for a bare date. */
int datetime_parse(const char *s, size_t len, struct datetime *dt, const char **why);
/* Days since 1970-01-01 (negative before). */
int32_t date_to_days(struct date d);
struct date date_from_days(int32_t days);
bool date_valid(struct date d);
/* "2024-10-04"; buf >= 11 bytes.  Returns length. */
size_t date_format(struct date d, char *buf);
/* "2024-10-04T08:26:00", or the date alone when !has_time; buf >= 20. */
size_t datetime_format(const struct datetime *dt, char *buf);

/* Phones: separators (space, - . ( ) / and their full-width forms) removed,
 * full-width digits folded.  A China mobile number (1[3-9] and 11 digits)
 * written with a +86, 0086 or 86 prefix becomes the bare 11 digits.  Another
 * number written with a leading + (or 00) keeps E.164 form "+<digits>".
 * Otherwise digits only.  Fewer than 5 or more than 15 digits, or letters,
 * is VALUE_INVALID.  out must hold at least len + 2 bytes; it is
 * NUL-terminated.  out may be NULL to check without normalising. */
int phone_normalize(const char *s, size_t len, char *out, const char **why);
/* A normalised phone that is a China mobile number: 11 digits, 1[3-9]. */
bool is_cn_mobile(const char *s, size_t len);

/* E-mail: trimmed, full-width folded, lower-cased; syntax checked
 * (local@domain with a dot in the domain, no spaces, one @, labels of
 * letters/digits/hyphens, local part of printable ASCII without ()<>,;:\"[]).
 * out must hold at least len + 1 bytes; NUL-terminated; may be NULL. */
int email_normalize(const char *s, size_t len, char *out, const char **why);

/* Integers and decimal numbers as Table Schema reads them (optional sign,
 * digits, optional fraction and exponent for numbers; no separators). */
int integer_parse(const char *s, size_t len, int64_t *v, const char **why);
int number_parse(const char *s, size_t len, double *v, const char **why);
/* true/false/yes/no/y/n/t/f/1/0/是/否 (case-insensitive). */
int boolean_parse(const char *s, size_t len, bool *v, const char **why);

/* Text key for comparison: NFKC, case-folded, white space runs collapsed to
 * one space and trimmed (utf8proc).  Never empty for non-empty
 * non-white-space input.  Appends to out (which is reset first).  Returns
 * VALUE_INVALID if s is not valid UTF-8. */
int text_key(const char *s, size_t len, struct strbuf *out);
/* <0, 0, >0 as the text keys of a and b compare (ASCII without making
 * them); invalid UTF-8 compares as its bytes. */
int text_compare(const char *a, size_t an, const char *b, size_t bn);

/* Fold full-width ASCII forms (U+FF01..U+FF5E) to ASCII and U+3000 to a
 * space, nothing else.  Resets out, appends the result, returns how many
 * characters were folded. */
size_t fold_fullwidth(const char *s, size_t len, struct strbuf *out);

/* Trim ASCII white space and U+3000 at both ends: returns the start and
 * sets *outlen. */
const char *trim_space_slow(const char *s, size_t len, size_t *outlen);

/* s without leading and trailing white space (ASCII and U+3000).  Inline:
 * nearly every value has none, and validation asks for every field. */
static inline const char *
trim_space(const char *s, size_t len, size_t *outlen)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len > 0 && u[0] > ' ' && u[0] != 0xE3 && u[len - 1] > ' ' && u[len - 1] != 0x80) {
		*outlen = len;
		return s;
	}
	return trim_space_slow(s, len, outlen);
}

/* Values that mean "nothing" in exports and must never match another record:
 * blank, 0, all zeros (00000000000), all the same digit repeated >= 7 times,
 * -, --, n/a, na, null, none, nil, unknown, test, 无, 空, 暂无, 未知, 不详, 没有.
 * Comparison ignores case and surrounding white space. */
bool is_placeholder(const char *s, size_t len);

/* Is every byte ASCII? */
bool text_is_ascii(const char *s, size_t n);
/* The characters (code points) of n bytes of UTF-8: how error messages
 * count a place ("column 5"). */
size_t utf8_chars(const char *s, size_t n);
/* UTF-8 validity (rejects overlong forms, surrogates, > U+10FFFF). */
bool utf8_valid(const char *s, size_t len);

/* Display width of UTF-8 text in a terminal, grapheme by grapheme
 * (grapheme_at): East Asian wide and full-width characters count 2,
 * combining marks 0, an emoji 2 with its modifiers, joined sequences
 * and flags. */
size_t display_width(const char *s, size_t len);
/* The grapheme cluster at s[0..n), n > 0: what a terminal shows as one
 * character (a base and its combining marks; an emoji with its skin tone,
 * variation selector or zero-width-joined parts; a flag's two regional
 * indicators).  Returns its length in bytes, its display width in *width:
 * the base's (utf8proc_charwidth), 2 for an emoji presentation (U+FE0F)
 * or a flag.  An invalid byte is a cluster of its own, width 1. */
size_t grapheme_at(const char *s, size_t n, size_t *width);

#endif
