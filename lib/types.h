/* types.h — reading a value as a Table Schema type.
 *
 * A field's type, format and type options (decimalChar, trueValues,
 * itemType …) make a tspec.  type_read() says whether a value is of the
 * type and gives two forms of it:
 *  - the key: the value's identity, equal for equal values whatever their
 *    spelling ("1.50" and "1.5" as numbers; 2014-01-01T06:00:00+01:00 and
 *    2014-01-01T05:00:00Z as datetimes, the same instant).  unique, enum,
 *    primaryKey, uniqueKeys and foreignKeys compare keys; minimum and
 *    maximum order them with type_compare().
 *  - the fixed form, what --fix writes: the same value in the normal
 *    spelling of its type.  A datetime keeps its offset as written
 *    (2014-01-01T06:00:00+01:00 stays so: the same instant, and the
 *    local time the data had); only its spelling is made ISO 8601.
 * Dates under the default format are strict YYYY-MM-DD as the spec says;
 * the wide forms of Chinese exports (2024年10月4日, 2024/10/4, Excel
 * serials) are dates under format "any", and under --fix (which rewrites
 * them) in any date column.
 */
#ifndef CUST_TYPES_H
#define CUST_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "record.h"   /* enum ftype */
#include "util.h"

enum fformat {
	FF_DEFAULT, FF_EMAIL, FF_URI, FF_UUID, FF_BINARY,
	FF_ANY,         /* dates and times: every form custkit knows */
	FF_PATTERN,     /* dates and times: a strptime-style pattern */
	FF_ARRAY, FF_OBJECT,   /* geopoint */
	FF_TOPOJSON,    /* geojson */
	FF_CN_MOBILE,   /* phone: a China mobile number, 1[3-9] and 11 digits */
};

struct tspec {
	enum ftype type;
	enum fformat format;
	char *pattern;              /* FF_PATTERN: "%d/%m/%y" */
	/* number and integer */
	char *decimal_char, *group_char;   /* NULL: "." and none */
	bool bare_number;           /* default true */
	/* boolean: NULL for the spec's defaults */
	char **true_values, **false_values;
	size_t ntrue, nfalse;
	/* datetime: a value without a time is fixed as the date alone (the
	 * date columns --fix finds by their names, with no schema) */
	bool date_alone;
	/* list */
	char *delimiter;            /* default "," */
	struct tspec *item;
};

const char *ftype_name(enum ftype t);
/* -1 when unknown. */
int ftype_parse(const char *name);

/* Read s[0..n) (already trimmed, not a missing value).  Returns VALUE_OK
 * or another value status with *why.  key and fixed may be NULL when not
 * wanted; otherwise they are reset and filled.  *ord is the value as a
 * number for the types that order by one (dates, times, years, money,
 * booleans): see type_compare. */
int type_read(const struct tspec *sp, const char *s, size_t n, bool fix, struct strbuf *key,
    struct strbuf *fixed, int64_t *ord, const char **why);
/* type_read for the values of one tspec, chosen once per column: for
 * the types most columns have (money, phone, e-mail, dates and times) a
 * reader of that type alone, without type_read's dispatch on every
 * value; type_read itself for the others.  The same contract. */
typedef int (*type_reader)(const struct tspec *sp, const char *s, size_t n, bool fix,
    struct strbuf *key, struct strbuf *fixed, int64_t *ord, const char **why);
type_reader type_reader_of(const struct tspec *sp);
/* Do values of this type need their key to be compared (numbers do; types
 * ordered by *ord do not)? */
bool type_orders_by_key(enum ftype t);
/* <0, 0, >0 as a and b compare; 2 when they do not (NaN).  a and b are
 * keys for type_orders_by_key types, otherwise ords. */
int type_compare(enum ftype t, const char *akey, int64_t aord, const char *bkey, int64_t bord);
/* A key or ord in the words of the type, for messages. */
void type_show(enum ftype t, const char *key, int64_t ord, struct strbuf *out);

/* Is every % directive of a date/time pattern one custkit reads?  On -1,
 * *bad points at the first that is not. */
int type_pattern_check(const char *pat, const char **bad);
void tspec_free(struct tspec *sp);

#endif
