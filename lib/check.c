/* check.c — record checking and fixing; see check.h. */
#include "check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "value.h"

/* What to do with one column. */
struct colrule {
	const struct sfield *field;   /* NULL: no schema field */
	enum ftype type;              /* type used for fixing */
	enum fformat format;
	bool from_role;               /* fix only, never an error */
	struct hash *seen;            /* unique: value -> first line */
};

struct checker {
	const struct schema *schema;
	size_t ncols;
	bool fix;
	struct colrule *rule;
	char **vals;
	size_t *lens;
	struct strbuf arena;          /* fixed values */
	size_t *fixed_off;            /* offset of column i's fixed value, or SIZE_MAX */
	struct strbuf errors;
	struct strbuf scratch;
	struct hash *pk_seen;
	unsigned long long *nerr, *nfix;
	size_t rec_errors;            /* errors in the current record */
	bool only_empty_missing;      /* missingValues is [""], as nearly always */
};

struct checker *
checker_new(const struct schema *s, const struct header *h, const struct roles *roles, bool fix)
{
	struct checker *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->schema = s;
	c->only_empty_missing = s == NULL || (s->nmissing == 1 && s->missing[0][0] == '\0');
	c->ncols = h->n;
	c->fix = fix;
	c->rule = xcalloc(h->n + 1, sizeof(*c->rule));
	c->vals = xcalloc(h->n + 1, sizeof(char *));
	c->lens = xcalloc(h->n + 1, sizeof(size_t));
	c->fixed_off = xcalloc(h->n + 1, sizeof(size_t));
	c->nerr = xcalloc(h->n + 1, sizeof(*c->nerr));
	c->nfix = xcalloc(h->n + 1, sizeof(*c->nfix));
	for (i = 0; i < h->n; i++) {
		enum role r = roles ? roles_of_column(roles, i) : ROLE_NONE;
		/* 消费金额 and 累计消费 side by side are both money, though
		 * the amount role is the first's. */
		if (roles && r == ROLE_NONE && header_is_money(h->names[i]))
			r = ROLE_AMOUNT;
		c->rule[i].type = FT_ANY;
		switch (r) {
		case ROLE_PHONE:
			c->rule[i].type = FT_PHONE;
			break;
		case ROLE_EMAIL:
			c->rule[i].type = FT_STRING;
			c->rule[i].format = FF_EMAIL;
			break;
		case ROLE_BIRTH_DATE:
			c->rule[i].type = FT_DATE;   /* no one is born at 10:00 */
			break;
		case ROLE_SIGNUP_DATE:
		case ROLE_ORDER_DATE:
			c->rule[i].type = FT_DATETIME;
			break;
		case ROLE_AMOUNT:
		case ROLE_PRICE:
			c->rule[i].type = FT_MONEY;
			break;
		default:
			c->rule[i].type = FT_STRING;
		}
		c->rule[i].from_role = true;
	}
	for (i = 0; s != NULL && i < s->nfields; i++) {
		const struct sfield *f = &s->fields[i];
		struct colrule *r = &c->rule[f->col];
		r->field = f;
		r->type = f->type;
		r->format = f->format;
		r->from_role = false;
		if (f->unique)
			r->seen = hash_new();
	}
	if (s != NULL && s->npk > 0)
		c->pk_seen = hash_new();
	return c;
}

void
checker_free(struct checker *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ncols; i++)
		hash_free(c->rule[i].seen);
	hash_free(c->pk_seen);
	free(c->rule);
	free(c->vals);
	free(c->lens);
	free(c->fixed_off);
	free(c->nerr);
	free(c->nfix);
	sb_free(&c->arena);
	sb_free(&c->errors);
	sb_free(&c->scratch);
	free(c);
}

const unsigned long long *
checker_errors(const struct checker *c)
{
	return c->nerr;
}

const unsigned long long *
checker_fixes(const struct checker *c)
{
	return c->nfix;
}

static void
add_error(struct checker *c, size_t col, const char *colname, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add_error(struct checker *c, size_t col, const char *colname, const char *fmt, ...)
{
	va_list ap;

	if (c->errors.len)
		sb_adds(&c->errors, "; ");
	sb_addf(&c->errors, "%s: ", colname);
	va_start(ap, fmt);
	sb_vaddf(&c->errors, fmt, ap);
	va_end(ap);
	c->nerr[col]++;
	c->rec_errors++;
}

/* Quote a value for a message, shortened if long. */
static const char *
shown(struct checker *c, const char *s, size_t n)
{
	size_t cut = n > 60 ? 60 : n;

	while (cut < n && cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80)
		cut--;
	sb_reset(&c->scratch);
	sb_addc(&c->scratch, '"');
	sb_add(&c->scratch, s, cut);
	sb_adds(&c->scratch, cut < n ? "…\"" : "\"");
	return c->scratch.s;
}

/* Full-width digits and letters to ASCII: only those, so that Chinese
 * punctuation in names and addresses is left alone. */
static bool
fold_alnum(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	bool changed = false;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i + 2 < n && u[i] == 0xEF && (u[i + 1] == 0xBC || u[i + 1] == 0xBD)) {
			unsigned cp = 0xF000 | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
			if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
			    (cp >= 0xFF41 && cp <= 0xFF5A)) {
				sb_addc(out, (int)(cp - 0xFF00 + 0x20));
				i += 2;
				changed = true;
				continue;
			}
		}
		sb_addc(out, s[i]);
	}
	return changed;
}

static bool
is_missing(const struct checker *c, const char *s, size_t n)
{
	size_t i;

	if (c->only_empty_missing)
		return n == 0;
	for (i = 0; i < c->schema->nmissing; i++) {
		const char *m = c->schema->missing[i];
		if (strlen(m) == n && memcmp(m, s, n) == 0)
			return true;
	}
	return false;
}

static size_t
char_count(const char *s, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
	return k;
}

static bool
uri_like(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && (isalnum((unsigned char)s[i]) || strchr("+-.", s[i])); i++)
		;
	return i > 0 && i + 1 < n && s[i] == ':' && isalpha((unsigned char)s[0]) &&
	    memchr(s, ' ', n) == NULL;
}

/* Parse the value as the column's type.  On success, writes the normal
 * form to norm unless norm is NULL (checking alone need not format), and
 * the comparable key to *key. */
static int
parse_typed(enum ftype type, enum fformat fmt, const char *s, size_t n,
    struct strbuf *norm, int64_t *key, double *dkey, const char **why)
{
	char buf[64];
	struct datetime dt;
	bool b;
	int rc;

	*why = NULL;
	switch (type) {
	case FT_MONEY:
		if ((rc = money_parse(s, n, key, why)) == VALUE_OK && norm)
			sb_add(norm, buf, money_format(*key, buf));
		return rc;
	case FT_DATE:
		/* Exports often give a date a time (2023-5-6 10:00, or Excel's
		 * 00:00:00): fixing keeps the date, checking says so. */
		if ((rc = datetime_parse(s, n, &dt, why)) == VALUE_OK && dt.has_time && norm == NULL) {
			*why = "has a time of day, which --fix drops";
			return VALUE_INVALID;
		}
		if (rc == VALUE_OK) {
			*key = date_to_days(dt.date);
			if (norm)
				sb_add(norm, buf, date_format(dt.date, buf));
		}
		return rc;
	case FT_DATETIME:
		if ((rc = datetime_parse(s, n, &dt, why)) == VALUE_OK) {
			*key = (int64_t)date_to_days(dt.date) * 86400 + dt.hour * 3600 + dt.min * 60 + dt.sec;
			if (norm)
				sb_add(norm, buf, datetime_format(&dt, buf));
		}
		return rc;
	case FT_PHONE:
		/* Normalised in buf first (a phone is at most 15 digits and a
		 * '+'): the format and the placeholder test look at the digits. */
		if ((rc = phone_normalize(s, n, buf, why)) != VALUE_OK)
			return rc;
		if (is_placeholder(buf, strlen(buf))) {
			*why = "a placeholder, not a number";   /* 00000000000, as dedupe ignores it */
			return VALUE_INVALID;
		}
		if (fmt == FF_CN_MOBILE && !is_cn_mobile(buf, strlen(buf))) {
			*why = "expected 11 digits starting with 13 to 19";
			return VALUE_INVALID;
		}
		if (norm)
			sb_adds(norm, buf);
		return VALUE_OK;
	/* Read with full-width digits, so written with ASCII ones (--fix). */
	case FT_INTEGER:
		if ((rc = integer_parse(s, n, key, why)) == VALUE_OK) {
			*dkey = (double)*key;
			if (norm)
				fold_alnum(s, n, norm);
		}
		return rc;
	case FT_NUMBER:
		if ((rc = number_parse(s, n, dkey, why)) == VALUE_OK && norm)
			fold_alnum(s, n, norm);
		return rc;
	case FT_BOOLEAN:
		if ((rc = boolean_parse(s, n, &b, why)) == VALUE_OK && norm)
			fold_alnum(s, n, norm);
		return rc;
	case FT_STRING:
		if (fmt == FF_EMAIL) {
			if (norm == NULL)
				return email_normalize(s, n, NULL, why);
			sb_grow(norm, n + 1);
			if ((rc = email_normalize(s, n, norm->s + norm->len, why)) == VALUE_OK)
				norm->len += strlen(norm->s + norm->len);
			return rc;
		}
		if (fmt == FF_URI && !uri_like(s, n)) {
			*why = "expected scheme:rest, as in https://example.com";
			return VALUE_INVALID;
		}
		/* fall through */
	default:
		if (norm)
			sb_add(norm, s, n);
		return VALUE_OK;
	}
}

static const char *
type_label(enum ftype t, enum fformat f)
{
	if (f == FF_EMAIL)
		return "e-mail address";
	if (f == FF_URI)
		return "URI";
	if (f == FF_CN_MOBILE)
		return "China mobile number";
	switch (t) {
	case FT_MONEY: return "amount of money";
	case FT_PHONE: return "phone number";
	default: return ftype_name(t);
	}
}

static void
check_bounds(struct checker *c, size_t col, const char *colname, const struct sfield *f,
    int64_t key, double dkey, const char *v, size_t n)
{
	bool lo, hi;

	if (!f->has_min && !f->has_max)
		return;
	if (f->type == FT_NUMBER || f->type == FT_INTEGER) {
		lo = f->has_min && dkey < f->dmin;
		hi = f->has_max && dkey > f->dmax;
	} else {
		lo = f->has_min && key < f->min;
		hi = f->has_max && key > f->max;
	}
	if (lo || hi) {
		char b[64];
		if (f->type == FT_MONEY)
			money_format(lo ? f->min : f->max, b);
		else if (f->type == FT_DATE)
			date_format(date_from_days((int32_t)(lo ? f->min : f->max)), b);
		else if (f->type == FT_DATETIME) {
			int64_t t = lo ? f->min : f->max;
			size_t k = date_format(date_from_days((int32_t)(t / 86400 - (t % 86400 < 0))), b);
			t = ((t % 86400) + 86400) % 86400;
			snprintf(b + k, sizeof(b) - k, " %02d:%02d:%02d", (int)(t / 3600), (int)(t / 60 % 60),
			    (int)(t % 60));
		}
		else
			snprintf(b, sizeof(b), "%.15g", lo ? f->dmin : f->dmax);
		add_error(c, col, colname, "%s is %s the %s %s", shown(c, v, n),
		    lo ? "below" : "above", lo ? "minimum" : "maximum", b);
	}
}

static void
check_unique(struct checker *c, struct hash *seen, size_t col, const char *colname,
    const char *key, size_t keylen, long line, const char *what)
{
	bool added;
	uint64_t *first = hash_put(seen, key, keylen, &added);

	if (added)
		*first = (uint64_t)line;
	else
		add_error(c, col, colname, "duplicate %s %s (first on line %llu)", what,
		    shown(c, key, keylen), (unsigned long long)*first);
}

static bool
pattern_matches(const struct sfield *f, const char *v, size_t n)
{
	regmatch_t m[1];
	size_t i;

	/* REG_STARTEND: match v[0..n) in place, without a NUL-terminated copy. */
	m[0].rm_so = 0;
	m[0].rm_eo = (regoff_t)n;
	for (i = 0; i < n && (unsigned char)v[i] < 0x80; i++)
		;
	if (i == n && f->simple)
		return simple_pattern_match(f->simple, v, n);
	if (i == n && f->has_ascii_pattern)
		return regexec(&f->ascii_pattern, v, 1, m, REG_STARTEND) == 0;
	return regexec(&f->pattern, v, 1, m, REG_STARTEND) == 0;
}

/* Check and fix column i of rec. */
static void
check_column(struct checker *c, const struct record *rec, size_t i, const char *colname)
{
	struct colrule *r = &c->rule[i];
	const struct sfield *f = r->field;
	const char *v = rec->field[i], *why;
	size_t n = rec->len[i], tn, mark = c->arena.len;
	const char *t = trim_space(v, n, &tn);
	int64_t key = 0;
	double dkey = 0;
	int rc;

	c->fixed_off[i] = SIZE_MAX;
	if (is_missing(c, v, n) || tn == 0) {
		if (f && f->required)
			add_error(c, i, colname, "required value is missing");
		if (c->fix && tn == 0 && n > 0)
			c->fixed_off[i] = mark;   /* blank becomes empty */
		if (c->fixed_off[i] != SIZE_MAX)
			sb_addc(&c->arena, '\0');
		return;
	}
	if (f == NULL && !c->fix)
		return;
	rc = parse_typed(r->type, r->format, t, tn, c->fix ? &c->arena : NULL, &key, &dkey, &why);
	if (rc != VALUE_OK) {
		c->arena.len = mark;
		/* The parser's reason only when it says more than the type. */
		if (f != NULL && why != NULL && strncmp(why, "not a", 5) != 0)
			add_error(c, i, colname, "not a valid %s (%s): %s", type_label(r->type, r->format),
			    why, shown(c, v, n));
		else if (f != NULL)
			add_error(c, i, colname, "not a valid %s: %s", type_label(r->type, r->format),
			    shown(c, v, n));
		if (c->fix && r->type != FT_STRING) {
			/* Still trim and fold what we cannot read. */
			if (fold_alnum(t, tn, &c->arena) || tn != n)
				c->fixed_off[i] = mark;
		}
	} else if (c->fix) {
		if (r->type == FT_STRING && r->format == FF_DEFAULT) {
			c->arena.len = mark;
			fold_alnum(t, tn, &c->arena);
		}
		if (c->arena.len - mark != n || memcmp(c->arena.s + mark, v, n) != 0)
			c->fixed_off[i] = mark;
	}
	if (c->fixed_off[i] == SIZE_MAX)
		c->arena.len = mark;
	else {
		sb_addc(&c->arena, '\0');
		c->nfix[i]++;
	}
	if (f == NULL || rc != VALUE_OK)
		return;
	/* Constraints apply to the value as it will be written. */
	if (c->fixed_off[i] != SIZE_MAX) {
		v = c->arena.s + c->fixed_off[i];
		n = strlen(v);
	}
	check_bounds(c, i, colname, f, key, dkey, v, n);
	if (f->min_len >= 0 && char_count(v, n) < (size_t)f->min_len)
		add_error(c, i, colname, "%s is shorter than %ld %s", shown(c, v, n), f->min_len,
		    plural((unsigned long long)f->min_len, "character", "characters"));
	if (f->max_len >= 0 && char_count(v, n) > (size_t)f->max_len)
		add_error(c, i, colname, "%s is longer than %ld %s", shown(c, v, n), f->max_len,
		    plural((unsigned long long)f->max_len, "character", "characters"));
	if (f->has_pattern && !pattern_matches(f, v, n))
		add_error(c, i, colname, "%s does not match the pattern %s", shown(c, v, n), f->pattern_src);
	if (f->nenum > 0) {
		size_t k;
		for (k = 0; k < f->nenum; k++)
			if (f->enums[k][0] == v[0] && strlen(f->enums[k]) == n &&
			    memcmp(f->enums[k], v, n) == 0)
				break;
		if (k == f->nenum)
			add_error(c, i, colname, "%s is not one of the allowed values", shown(c, v, n));
	}
	if (r->seen != NULL) {
		/* Compare typed values by their normal form. */
		sb_reset(&c->scratch);
		if (parse_typed(r->type, r->format, t, tn, &c->scratch, &key, &dkey, &why) == VALUE_OK) {
			char *k = sb_detach(&c->scratch);
			check_unique(c, r->seen, i, colname, k, strlen(k), rec->line, "value");
			free(k);
		}
	}
}

/* The primary key's columns together must be present and unique.  The key
 * is hashed with a separator that cannot occur in text, and shown as
 * (a, b). */
static void
check_primary_key(struct checker *c, const struct record *rec)
{
	const struct schema *s = c->schema;
	struct strbuf key = STRBUF_INIT, shown_key = STRBUF_INIT;
	size_t i, first = (size_t)s->fields[s->pk[0]].col;
	bool complete = true, added;
	uint64_t *line;

	for (i = 0; i < s->npk; i++) {
		size_t col = (size_t)s->fields[s->pk[i]].col;
		if (c->lens[col] == 0)
			complete = false;
		sb_add(&key, c->vals[col], c->lens[col]);
		sb_addc(&key, '\x1f');
		sb_addf(&shown_key, "%s%.*s", i ? ", " : "", (int)c->lens[col], c->vals[col]);
	}
	if (!complete)
		add_error(c, first, "primaryKey", "a primary key column is empty");
	else {
		line = hash_put(c->pk_seen, key.s, key.len, &added);
		if (added)
			*line = (uint64_t)rec->line;
		else
			add_error(c, first, "primaryKey", "duplicate key (%s) (first on line %llu)",
			    shown_key.s, (unsigned long long)*line);
	}
	sb_free(&key);
	sb_free(&shown_key);
}

size_t
checker_run(struct checker *c, const struct record *rec, char ***vals, size_t **lens,
    const char **errors)
{
	size_t i;

	sb_reset(&c->arena);
	sb_reset(&c->errors);
	c->rec_errors = 0;
	for (i = 0; i < c->ncols; i++)
		check_column(c, rec, i, c->rule[i].field ? c->rule[i].field->name : "");
	for (i = 0; i < c->ncols; i++) {
		if (c->fixed_off[i] != SIZE_MAX) {
			c->vals[i] = c->arena.s + c->fixed_off[i];
			c->lens[i] = strlen(c->vals[i]);
		} else {
			c->vals[i] = rec->field[i];
			c->lens[i] = rec->len[i];
		}
	}
	if (c->pk_seen != NULL)
		check_primary_key(c, rec);
	*vals = c->vals;
	*lens = c->lens;
	*errors = sb_str(&c->errors);
	return c->rec_errors;
}
