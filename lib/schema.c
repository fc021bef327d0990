/* schema.c — loading Table Schema files; see schema.h. */
#include "schema.h"

#include <jansson.h>
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonfile.h"
#include "value.h"

static const char *const type_names[FT_COUNT_] = {
	"string", "integer", "number", "boolean", "date", "datetime", "money", "phone", "any",
};

const char *
ftype_name(enum ftype t)
{
	return type_names[t];
}

struct loader {
	const char *path;
	struct cust_err *err;
};

static int
bad(struct loader *ld, const char *where, const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, arg);
	return cust_fail(ld->err, CUST_USAGE, "%s: %s: %s", ld->path, where, msg);
}

/* Table Schema patterns are XML Schema regular expressions; POSIX ERE
 * lacks their shorthand classes, so translate \d \w \s and negations. */
/* A quantifier right after another (a++, a*{2}) is not allowed in Table
 * Schema patterns, is undefined in POSIX, and sends glibc's regcomp into
 * exponential time: such a pattern is refused. */
static bool
stacked_quantifiers(const char *p)
{
	bool in_set = false, after_quant = false;

	for (; *p; p++) {
		if (*p == '\\' && p[1]) {
			p++;
			after_quant = false;
			continue;
		}
		if (in_set) {
			in_set = *p != ']';
			continue;
		}
		if (*p == '[') {
			in_set = true;
			after_quant = false;
		} else if (*p == '*' || *p == '+' || *p == '?' || *p == '{') {
			if (after_quant)
				return true;
			if (*p == '{')
				while (p[1] && *p != '}')
					p++;
			after_quant = true;
		} else
			after_quant = false;
	}
	return false;
}

static void
xsd_to_ere(const char *p, struct strbuf *out)
{
	bool in_set = false;

	for (; *p; p++) {
		if (*p == '[' && !in_set)
			in_set = true;
		else if (*p == ']' && in_set)
			in_set = false;
		if (*p != '\\' || p[1] == '\0') {
			sb_addc(out, *p);
			continue;
		}
		p++;
		switch (*p) {
		case 'd': sb_adds(out, in_set ? "0-9" : "[0-9]"); break;
		case 'w': sb_adds(out, in_set ? "[:alnum:]_" : "[[:alnum:]_]"); break;
		case 's': sb_adds(out, in_set ? "[:space:]" : "[[:space:]]"); break;
		case 'D': sb_adds(out, "[^0-9]"); break;
		case 'W': sb_adds(out, "[^[:alnum:]_]"); break;
		case 'S': sb_adds(out, "[^[:space:]]"); break;
		default:
			sb_addc(out, '\\');
			sb_addc(out, *p);
		}
	}
}

/* Read a bound (minimum/maximum) in the field type's unit. */
static int
load_bound(struct loader *ld, struct sfield *f, json_t *v, const char *where, bool is_max)
{
	const char *why = NULL;
	int64_t iv = 0;
	double dv = 0;
	struct datetime dt;
	char text[64];
	const char *s;
	size_t n;

	if (json_is_number(v)) {
		dv = json_number_value(v);
		snprintf(text, sizeof(text), "%.17g", dv);
		s = text;
	} else if (json_is_string(v))
		s = json_string_value(v);
	else
		return bad(ld, where, "expected a number or a string%s", "");
	n = strlen(s);
	switch (f->type) {
	case FT_INTEGER:
		if (json_is_integer(v))
			iv = json_integer_value(v);
		else if (integer_parse(s, n, &iv, &why) != VALUE_OK)
			return bad(ld, where, "not an integer: %s", s);
		break;
	case FT_NUMBER:
		if (!json_is_number(v) && number_parse(s, n, &dv, &why) != VALUE_OK)
			return bad(ld, where, "not a number: %s", s);
		break;
	case FT_MONEY:
		if (json_is_number(v))
			iv = (int64_t)llround(dv * 100);
		else if (money_parse(s, n, &iv, &why) != VALUE_OK)
			return bad(ld, where, "not an amount of money: %s", s);
		break;
	case FT_DATE:
		if (date_parse(s, n, &dt.date, &why) != VALUE_OK)
			return bad(ld, where, "not a date: %s", s);
		iv = date_to_days(dt.date);
		break;
	case FT_DATETIME:
		if (datetime_parse(s, n, &dt, &why) != VALUE_OK)
			return bad(ld, where, "not a datetime: %s", s);
		iv = (int64_t)date_to_days(dt.date) * 86400 + dt.hour * 3600 + dt.min * 60 + dt.sec;
		break;
	default:
		return bad(ld, where, "minimum and maximum apply to numbers, money and dates, not %s",
		    type_names[f->type]);
	}
	if (is_max) {
		f->has_max = true;
		f->max = iv;
		f->dmax = f->type == FT_INTEGER ? (double)iv : dv;
	} else {
		f->has_min = true;
		f->min = iv;
		f->dmin = f->type == FT_INTEGER ? (double)iv : dv;
	}
	return 0;
}

static int
load_constraints(struct loader *ld, struct sfield *f, json_t *c, const char *fwhere)
{
	char where[512];
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(c)) {
		snprintf(where, sizeof(where), "%.200s.constraints", fwhere);
		return bad(ld, where, "expected an object%s", "");
	}
	json_object_foreach(c, key, v) {
		snprintf(where, sizeof(where), "%.200s.constraints.%.200s", fwhere, key);
		if (strcmp(key, "required") == 0 || strcmp(key, "unique") == 0) {
			if (!json_is_boolean(v))
				return bad(ld, where, "expected true or false%s", "");
			if (key[0] == 'r')
				f->required = json_is_true(v);
			else
				f->unique = json_is_true(v);
		} else if (strcmp(key, "minimum") == 0 || strcmp(key, "maximum") == 0) {
			if (load_bound(ld, f, v, where, key[1] == 'a') < 0)
				return -1;
		} else if (strcmp(key, "minLength") == 0 || strcmp(key, "maxLength") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return bad(ld, where, "expected a whole number >= 0%s", "");
			if (key[1] == 'i')
				f->min_len = (long)json_integer_value(v);
			else
				f->max_len = (long)json_integer_value(v);
		} else if (strcmp(key, "pattern") == 0) {
			struct strbuf re = STRBUF_INIT;
			int rc;
			if (!json_is_string(v))
				return bad(ld, where, "expected a regular expression string%s", "");
			if (stacked_quantifiers(json_string_value(v)))
				return bad(ld, where, "a quantifier follows another quantifier (as in a++)%s", "");
			/* Table Schema patterns match the whole value. */
			sb_adds(&re, "^(");
			xsd_to_ere(json_string_value(v), &re);
			sb_adds(&re, ")$");
			rc = regcomp(&f->pattern, re.s, REG_EXTENDED | REG_NOSUB);
			if (rc == 0 && text_is_ascii(re.s, re.len)) {
				locale_t c_loc = newlocale(LC_ALL_MASK, "C", (locale_t)0);
				locale_t old = c_loc ? uselocale(c_loc) : (locale_t)0;
				f->has_ascii_pattern = c_loc &&
				    regcomp(&f->ascii_pattern, re.s, REG_EXTENDED | REG_NOSUB) == 0;
				if (c_loc) {
					uselocale(old);
					freelocale(c_loc);
				}
			}
			sb_free(&re);
			if (rc != 0) {
				char why[256];
				regerror(rc, &f->pattern, why, sizeof(why));
				return bad(ld, where, "bad regular expression: %s", why);
			}
			f->has_pattern = true;
			f->pattern_src = xstrdup(json_string_value(v));
			f->simple = simple_pattern_compile(f->pattern_src);
		} else if (strcmp(key, "enum") == 0) {
			if (!json_is_array(v) || json_array_size(v) == 0)
				return bad(ld, where, "expected a non-empty array%s", "");
			f->nenum = json_array_size(v);
			f->enums = xcalloc(f->nenum, sizeof(char *));
			for (i = 0; i < f->nenum; i++) {
				json_t *e = json_array_get(v, i);
				if (json_is_string(e))
					f->enums[i] = xstrdup(json_string_value(e));
				else if (json_is_number(e) || json_is_boolean(e))
					f->enums[i] = json_dumps(e, JSON_ENCODE_ANY);
				else
					return bad(ld, where, "enum values must be strings or numbers%s", "");
			}
		} else
			return bad(ld, where, "unknown constraint '%s'", key);
	}
	return 0;
}

static int
load_field(struct loader *ld, struct sfield *f, json_t *jf, size_t idx)
{
	char where[200];
	json_t *v;
	const char *s;
	size_t t;

	f->col = -1;
	f->min_len = f->max_len = -1;
	snprintf(where, sizeof(where), "fields[%zu]", idx);
	if (!json_is_object(jf))
		return bad(ld, where, "expected an object with \"name\" and \"type\"%s", "");
	v = json_object_get(jf, "name");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return bad(ld, where, "\"name\" is missing or not a string%s", "");
	f->name = xstrdup(json_string_value(v));
	snprintf(where, sizeof(where), "fields[%zu] (%.150s)", idx, f->name);
	f->type = FT_STRING;
	if ((v = json_object_get(jf, "type")) != NULL) {
		if (!json_is_string(v))
			return bad(ld, where, "\"type\" must be a string%s", "");
		s = json_string_value(v);
		for (t = 0; t < FT_COUNT_ && strcmp(type_names[t], s) != 0; t++)
			;
		if (t == FT_COUNT_)
			return bad(ld, where, "unknown type '%s' (types: string, integer, number, boolean, "
			    "date, datetime, money, phone, any)", s);
		f->type = (enum ftype)t;
	}
	if ((v = json_object_get(jf, "format")) != NULL) {
		s = json_is_string(v) ? json_string_value(v) : "";
		if (strcmp(s, "email") == 0 && f->type == FT_STRING)
			f->format = FF_EMAIL;
		else if (strcmp(s, "uri") == 0 && f->type == FT_STRING)
			f->format = FF_URI;
		else if (strcmp(s, "cn_mobile") == 0 && f->type == FT_PHONE)
			f->format = FF_CN_MOBILE;
		else if (strcmp(s, "default") != 0 && strcmp(s, "any") != 0)
			return bad(ld, where, "unsupported format '%s' (string formats: email, uri; "
			    "phone: cn_mobile; dates are read in any of the formats custkit knows)", s);
	}
	if ((v = json_object_get(jf, "constraints")) != NULL &&
	    load_constraints(ld, f, v, where) < 0)
		return -1;
	return 0;
}

static int
load_primary_key(struct loader *ld, struct schema *s, json_t *pk)
{
	json_t *one = NULL;
	size_t i, j, n;

	if (json_is_string(pk)) {
		one = json_array();
		json_array_append(one, pk);
		pk = one;
	}
	if (!json_is_array(pk)) {
		json_decref(one);
		return bad(ld, "primaryKey", "expected a field name or an array of names%s", "");
	}
	n = json_array_size(pk);
	s->pk = xcalloc(n + 1, sizeof(size_t));
	for (i = 0; i < n; i++) {
		const char *name = json_string_value(json_array_get(pk, i));
		for (j = 0; name && j < s->nfields && strcmp(s->fields[j].name, name) != 0; j++)
			;
		if (name == NULL || j == s->nfields) {
			int rc = bad(ld, "primaryKey", "'%s' is not one of the fields", name ? name : "?");
			json_decref(one);
			return rc;
		}
		s->pk[s->npk++] = j;
	}
	json_decref(one);
	return 0;
}

struct schema *
schema_load(const char *path, struct cust_err *err)
{
	struct loader ld = {path, err};
	struct schema *s = xcalloc(1, sizeof(*s));
	json_t *root, *fields, *v;
	size_t i;

	s->path = xstrdup(path);
	if ((root = json_load_config(path, err)) == NULL)
		goto fail;
	fields = json_object_get(root, "fields");
	if (!json_is_object(root) || !json_is_array(fields)) {
		bad(&ld, "top level", "expected an object with a \"fields\" array%s", "");
		goto fail;
	}
	s->nfields = json_array_size(fields);
	s->fields = xcalloc(s->nfields + 1, sizeof(struct sfield));
	for (i = 0; i < s->nfields; i++)
		if (load_field(&ld, &s->fields[i], json_array_get(fields, i), i) < 0)
			goto fail;
	if ((v = json_object_get(root, "missingValues")) != NULL) {
		if (!json_is_array(v)) {
			bad(&ld, "missingValues", "expected an array of strings%s", "");
			goto fail;
		}
		s->nmissing = json_array_size(v);
		s->missing = xcalloc(s->nmissing + 1, sizeof(char *));
		for (i = 0; i < s->nmissing; i++) {
			if (!json_is_string(json_array_get(v, i))) {
				s->nmissing = i;
				bad(&ld, "missingValues", "expected an array of strings%s", "");
				goto fail;
			}
			s->missing[i] = xstrdup(json_string_value(json_array_get(v, i)));
		}
	} else {
		s->nmissing = 1;
		s->missing = xcalloc(2, sizeof(char *));
		s->missing[0] = xstrdup("");
	}
	if ((v = json_object_get(root, "primaryKey")) != NULL && load_primary_key(&ld, s, v) < 0)
		goto fail;
	json_decref(root);
	return s;
fail:
	json_decref(root);
	schema_free(s);
	return NULL;
}

int
schema_bind(struct schema *s, const struct header *h, struct cust_err *err)
{
	struct strbuf missing = STRBUF_INIT;
	size_t i;
	int rc = 0;

	for (i = 0; i < s->nfields; i++) {
		s->fields[i].col = header_find(h, s->fields[i].name);
		if (s->fields[i].col < 0)
			sb_addf(&missing, "%s'%s'", missing.len ? ", " : "", s->fields[i].name);
	}
	if (missing.len)
		rc = cust_fail(err, CUST_INPUT, "the input has no column %s named in %s",
		    missing.s, s->path);
	sb_free(&missing);
	return rc;
}

void
schema_free(struct schema *s)
{
	size_t i, j;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfields; i++) {
		struct sfield *f = &s->fields[i];
		free(f->name);
		if (f->has_pattern)
			regfree(&f->pattern);
		if (f->has_ascii_pattern)
			regfree(&f->ascii_pattern);
		simple_pattern_free(f->simple);
		free(f->pattern_src);
		for (j = 0; j < f->nenum; j++)
			free(f->enums[j]);
		free(f->enums);
	}
	free(s->fields);
	for (i = 0; i < s->nmissing; i++)
		free(s->missing[i]);
	free(s->missing);
	free(s->pk);
	free(s->path);
	free(s);
}
