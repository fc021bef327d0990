/* schema.c — loading Table Schema files; see schema.h. */
#include "schema.h"

#include <inttypes.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "jsonfile.h"
#include "jsonschema.h"
#include "value.h"

struct loader {
	struct jsonfile jf;
};

static int
bad(struct loader *ld, const char *where, const char *fmt, const char *arg)
{
	char msg[512];

	snprintf(msg, sizeof(msg), fmt, arg);
	return jf_bad(&ld->jf, where, "%s", msg);
}

/* A JSON scalar as the text a CSV cell would hold: numbers in their
 * shortest exact spelling (0.1, not 0.10000000000000001). */
static bool
scalar_text(json_t *v, struct strbuf *out)
{
	char buf[64];
	int prec;

	sb_reset(out);
	if (json_is_string(v))
		sb_add(out, json_string_value(v), json_string_length(v));
	else if (json_is_integer(v))
		sb_addf(out, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
	else if (json_is_real(v)) {
		for (prec = 15; prec <= 17; prec++) {
			snprintf(buf, sizeof(buf), "%.*g", prec, json_real_value(v));
			if (strtod(buf, NULL) == json_real_value(v))
				break;
		}
		sb_adds(out, buf);
	} else if (json_is_boolean(v))
		sb_adds(out, json_is_true(v) ? "true" : "false");
	else
		return false;
	return true;
}

/* Read a constraint's value (a bound, an enum value) as a value of the
 * field: JSON numbers as plain numbers, strings in the field's format
 * (or, failing that, in any form custkit reads). */
static int
constraint_value(const struct sfield *f, json_t *v, struct strbuf *key, int64_t *ord)
{
	struct strbuf text = STRBUF_INIT;
	struct tspec plain = {0};
	const struct tspec *sp = &f->spec;
	const char *why;
	int rc = VALUE_INVALID;

	if (json_is_boolean(v) && f->spec.type == FT_BOOLEAN) {
		*ord = json_is_true(v);
		sb_reset(key);
		sb_addf(key, "%d", (int)*ord);
		return VALUE_OK;
	}
	if (json_is_integer(v) && f->spec.type == FT_YEAR) {
		*ord = json_integer_value(v);
		sb_reset(key);
		sb_addf(key, "%" PRId64, *ord);
		return VALUE_OK;
	}
	if (json_is_number(v) && (f->spec.type == FT_NUMBER || f->spec.type == FT_INTEGER)) {
		plain.type = f->spec.type;
		plain.bare_number = true;
		sp = &plain;
	}
	if (scalar_text(v, &text)) {
		size_t n;
		const char *t = trim_space(sb_str(&text), text.len, &n);
		rc = type_read(sp, t, n, false, key, NULL, ord, &why);
		if (rc != VALUE_OK)
			rc = type_read(sp, t, n, true, key, NULL, ord, &why);
	}
	sb_free(&text);
	return rc;
}

static int
load_bound(struct loader *ld, struct sfield *f, json_t *v, const char *where, struct bound *b)
{
	struct strbuf key = STRBUF_INIT, text = STRBUF_INIT;

	if (!json_is_number(v) && !json_is_string(v))
		return bad(ld, where, "expected a number or a string%s", "");
	if (constraint_value(f, v, &key, &b->ord) != VALUE_OK) {
		scalar_text(v, &text);
		sb_addf(&text, " (as %s)", ftype_name(f->spec.type));
		bad(ld, where, "not a value of the field's type: %s", sb_str(&text));
		sb_free(&text);
		sb_free(&key);
		return -1;
	}
	b->set = true;
	scalar_text(v, &text);
	b->text = sb_detach(&text);
	b->key = sb_detach(&key);
	if (b->key == NULL)
		b->key = xstrdup("");
	sb_free(&text);
	return 0;
}

/* Which constraints each type takes (the spec's table, with money and
 * phone as custkit reads them).  One letter each: r required, u unique,
 * l minLength/maxLength, b minimum/maximum (and exclusive), p pattern,
 * e enum, j jsonSchema. */
static const char *const allowed[FT_COUNT_] = {
	[FT_STRING] = "rulpe", [FT_INTEGER] = "rube", [FT_NUMBER] = "rube",
	[FT_BOOLEAN] = "rue", [FT_DATE] = "rube", [FT_DATETIME] = "rube",
	[FT_MONEY] = "rube", [FT_PHONE] = "rupe", [FT_ANY] = "rue",
	[FT_TIME] = "rube", [FT_YEAR] = "rube", [FT_YEARMONTH] = "rube",
	[FT_DURATION] = "rue", [FT_GEOPOINT] = "rue", [FT_GEOJSON] = "rue",
	[FT_OBJECT] = "rulej", [FT_ARRAY] = "rulej", [FT_LIST] = "rule",
};

static const struct {
	const char *name;
	char kind;
} constraint_kinds[] = {
	{"required", 'r'}, {"unique", 'u'}, {"minLength", 'l'}, {"maxLength", 'l'},
	{"minimum", 'b'}, {"maximum", 'b'}, {"exclusiveMinimum", 'b'}, {"exclusiveMaximum", 'b'},
	{"pattern", 'p'}, {"enum", 'e'}, {"jsonSchema", 'j'},
};

static int
load_pattern(struct loader *ld, struct sfield *f, json_t *v, const char *where)
{
	char buf[256];
	const char *why;

	if (!json_is_string(v))
		return bad(ld, where, "expected a regular expression string%s", "");
	if ((f->pattern = xsd_regex_compile(json_string_value(v), buf, sizeof(buf), &why)) == NULL)
		return bad(ld, where, "bad regular expression: %s", why);
	f->pattern_src = xstrdup(json_string_value(v));
	return 0;
}

/* enum and categories: the values' keys, so that 1.50 is in [1.5]. */
static int
load_value_set(struct loader *ld, struct sfield *f, json_t *v, const char *where, bool labels,
    struct hash **set)
{
	struct strbuf key = STRBUF_INIT, text = STRBUF_INIT;
	int64_t ord;
	size_t i;
	bool added;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return bad(ld, where, "expected a non-empty array%s", "");
	*set = hash_new();
	for (i = 0; i < json_array_size(v); i++) {
		json_t *e = json_array_get(v, i);
		if (labels && json_is_object(e))
			e = json_object_get(e, "value");
		if (!scalar_text(e, &text) || constraint_value(f, e, &key, &ord) != VALUE_OK) {
			sb_addf(&text, " (as %s)", ftype_name(f->spec.type));
			bad(ld, where, "not a value of the field's type: %s",
			    json_is_string(e) || json_is_number(e) || json_is_boolean(e) ? sb_str(&text) :
			    "(not a string or number)");
			sb_free(&key);
			sb_free(&text);
			return -1;
		}
		hash_put(*set, sb_str(&key), key.len, &added);
	}
	sb_free(&key);
	sb_free(&text);
	return 0;
}

static int
load_constraints(struct loader *ld, struct sfield *f, json_t *c, const char *fwhere)
{
	char where[512];
	const char *key;
	json_t *v;
	size_t k;

	if (!json_is_object(c)) {
		snprintf(where, sizeof(where), "%.200s.constraints", fwhere);
		return bad(ld, where, "expected an object%s", "");
	}
	json_object_foreach(c, key, v) {
		snprintf(where, sizeof(where), "%.200s.constraints.%.200s", fwhere, key);
		for (k = 0; k < ARRAY_LEN(constraint_kinds) && strcmp(constraint_kinds[k].name, key) != 0; k++)
			;
		if (k == ARRAY_LEN(constraint_kinds))
			return bad(ld, where, "unknown constraint '%s'", key);
		if (!strchr(allowed[f->spec.type], constraint_kinds[k].kind)) {
			char msg[128];
			snprintf(msg, sizeof(msg), "%s does not apply to %s fields", key, ftype_name(f->spec.type));
			return bad(ld, where, "%s", msg);
		}
		if (strcmp(key, "required") == 0 || strcmp(key, "unique") == 0) {
			if (!json_is_boolean(v))
				return bad(ld, where, "expected true or false%s", "");
			if (key[0] == 'r')
				f->required = json_is_true(v);
			else
				f->unique = json_is_true(v);
		} else if (strcmp(key, "minimum") == 0) {
			if (load_bound(ld, f, v, where, &f->min) < 0)
				return -1;
		} else if (strcmp(key, "maximum") == 0) {
			if (load_bound(ld, f, v, where, &f->max) < 0)
				return -1;
		} else if (strcmp(key, "exclusiveMinimum") == 0) {
			if (load_bound(ld, f, v, where, &f->xmin) < 0)
				return -1;
		} else if (strcmp(key, "exclusiveMaximum") == 0) {
			if (load_bound(ld, f, v, where, &f->xmax) < 0)
				return -1;
		} else if (strcmp(key, "minLength") == 0 || strcmp(key, "maxLength") == 0) {
			if (!json_is_integer(v) || json_integer_value(v) < 0)
				return bad(ld, where, "expected a whole number >= 0%s", "");
			if (key[1] == 'i')
				f->min_len = (long)json_integer_value(v);
			else
				f->max_len = (long)json_integer_value(v);
		} else if (strcmp(key, "pattern") == 0) {
			if (load_pattern(ld, f, v, where) < 0)
				return -1;
		} else if (strcmp(key, "enum") == 0) {
			if (load_value_set(ld, f, v, where, false, &f->enums) < 0)
				return -1;
		} else {
			struct strbuf at = STRBUF_INIT;
			if (jsonschema_supported(v, &at) < 0) {
				bad(ld, where, "custkit does not check the JSON Schema keyword %s", sb_str(&at));
				sb_free(&at);
				return -1;
			}
			sb_free(&at);
			f->json_schema = json_incref(v);
		}
	}
	return 0;
}

/* An array of strings; with labels, (v2 missingValues) also objects
 * with a value and a label. */
static int
load_strings(struct loader *ld, json_t *v, const char *where, bool labels, char ***list, size_t *n)
{
	size_t i;

	if (!json_is_array(v))
		return bad(ld, where, "expected an array of strings%s", "");
	*n = json_array_size(v);
	*list = xcalloc(*n + 1, sizeof(char *));
	for (i = 0; i < *n; i++) {
		json_t *e = json_array_get(v, i);
		if (labels && json_is_object(e))
			e = json_object_get(e, "value");
		if (!json_is_string(e)) {
			*n = i;
			return bad(ld, where, "expected an array of strings%s", "");
		}
		(*list)[i] = xstrdup(json_string_value(e));
	}
	return 0;
}

static int
load_format(struct loader *ld, struct tspec *sp, json_t *v, const char *where)
{
	const char *s = json_is_string(v) ? json_string_value(v) : NULL, *badp;
	char msg[200];

	if (s == NULL)
		return bad(ld, where, "\"format\" must be a string%s", "");
	if (strcmp(s, "default") == 0)
		return 0;
	switch (sp->type) {
	case FT_STRING:
		if (strcmp(s, "email") == 0)
			sp->format = FF_EMAIL;
		else if (strcmp(s, "uri") == 0)
			sp->format = FF_URI;
		else if (strcmp(s, "uuid") == 0)
			sp->format = FF_UUID;
		else if (strcmp(s, "binary") == 0)
			sp->format = FF_BINARY;
		else
			break;
		return 0;
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME:
		if (strcmp(s, "any") == 0) {
			sp->format = FF_ANY;
			return 0;
		}
		/* Anything else is a pattern: "fmt:%d/%m/%y" is its older spelling. */
		if (strncmp(s, "fmt:", 4) == 0)
			s += 4;
		if (type_pattern_check(s, &badp) < 0) {
			snprintf(msg, sizeof(msg), "the pattern %.80s has %.2s, which custkit does not read "
			    "(it reads %%Y %%y %%m %%d %%j %%H %%I %%M %%S %%f %%p %%b %%B %%a %%A %%z %%Z %%T %%%%)", s, badp);
			return bad(ld, where, "%s", msg);
		}
		sp->format = FF_PATTERN;
		sp->pattern = xstrdup(s);
		return 0;
	case FT_GEOPOINT:
		if (strcmp(s, "array") == 0)
			sp->format = FF_ARRAY;
		else if (strcmp(s, "object") == 0)
			sp->format = FF_OBJECT;
		else
			break;
		return 0;
	case FT_GEOJSON:
		if (strcmp(s, "topojson") != 0)
			break;
		sp->format = FF_TOPOJSON;
		return 0;
	case FT_PHONE:
		if (strcmp(s, "cn_mobile") != 0)
			break;
		sp->format = FF_CN_MOBILE;   /* 1[3-9] and 11 digits */
		return 0;
	default:
		break;
	}
	snprintf(msg, sizeof(msg), "format '%.60s' is not one custkit reads for %s fields", s, ftype_name(sp->type));
	return bad(ld, where, "%s", msg);
}

/* Properties of a field that only describe it. */
static bool
annotation(const char *key)
{
	static const char *const names[] = {"title", "description", "example", "examples", "rdfType",
		"$comment", NULL};
	const char *const *p;

	for (p = names; *p; p++)
		if (strcmp(*p, key) == 0)
			return true;
	return false;
}

static int
load_type_options(struct loader *ld, struct sfield *f, json_t *jf, const char *where)
{
	struct tspec *sp = &f->spec;
	char w[300];
	const char *key;
	json_t *v;

	json_object_foreach(jf, key, v) {
		enum ftype want;
		snprintf(w, sizeof(w), "%.200s.%.60s", where, key);
		if (strcmp(key, "name") == 0 || strcmp(key, "type") == 0 || strcmp(key, "format") == 0 ||
		    strcmp(key, "constraints") == 0 || strcmp(key, "missingValues") == 0 || annotation(key))
			continue;
		if (strcmp(key, "trueValues") == 0 || strcmp(key, "falseValues") == 0)
			want = FT_BOOLEAN;
		else if (strcmp(key, "decimalChar") == 0)
			want = FT_NUMBER;
		else if (strcmp(key, "groupChar") == 0 || strcmp(key, "bareNumber") == 0)
			want = sp->type == FT_INTEGER ? FT_INTEGER : FT_NUMBER;
		else if (strcmp(key, "delimiter") == 0 || strcmp(key, "itemType") == 0)
			want = FT_LIST;
		else if (strcmp(key, "categories") == 0 || strcmp(key, "categoriesOrdered") == 0)
			want = sp->type == FT_INTEGER ? FT_INTEGER : FT_STRING;
		else
			return bad(ld, w, "'%s' is not a field property custkit implements", key);
		if (sp->type != want) {
			char msg[160];
			snprintf(msg, sizeof(msg), "%s applies to %s fields, not %s", key, ftype_name(want),
			    ftype_name(sp->type));
			return bad(ld, w, "%s", msg);
		}
		if (strcmp(key, "trueValues") == 0) {
			if (load_strings(ld, v, w, false, &sp->true_values, &sp->ntrue) < 0)
				return -1;
		} else if (strcmp(key, "falseValues") == 0) {
			if (load_strings(ld, v, w, false, &sp->false_values, &sp->nfalse) < 0)
				return -1;
		} else if (strcmp(key, "decimalChar") == 0 || strcmp(key, "groupChar") == 0 ||
		    strcmp(key, "delimiter") == 0) {
			char **dst = key[0] == 'd' ? (key[1] == 'e' && key[2] == 'c' ? &sp->decimal_char :
			    &sp->delimiter) : &sp->group_char;
			if (!json_is_string(v) || (json_string_length(v) == 0 && key[0] != 'g'))
				return bad(ld, w, "expected a non-empty string%s", "");
			*dst = xstrdup(json_string_value(v));
		} else if (strcmp(key, "bareNumber") == 0 || strcmp(key, "categoriesOrdered") == 0) {
			if (!json_is_boolean(v))
				return bad(ld, w, "expected true or false%s", "");
			if (key[0] == 'b')
				sp->bare_number = json_is_true(v);
		} else if (strcmp(key, "itemType") == 0) {
			int t = json_is_string(v) ? ftype_parse(json_string_value(v)) : -1;
			if (t != FT_STRING && t != FT_INTEGER && t != FT_NUMBER && t != FT_BOOLEAN &&
			    t != FT_DATE && t != FT_TIME && t != FT_DATETIME)
				return bad(ld, w, "expected one of string, integer, number, boolean, date, time, datetime%s", "");
			sp->item->type = (enum ftype)t;
		}
	}
	/* categories last: its values are read as the field's type. */
	if ((v = json_object_get(jf, "categories")) != NULL) {
		snprintf(w, sizeof(w), "%.200s.categories", where);
		if (load_value_set(ld, f, v, w, true, &f->categories) < 0)
			return -1;
	}
	return 0;
}

static int
load_field(struct loader *ld, struct sfield *f, json_t *jf, size_t idx)
{
	char where[200];
	json_t *v;
	int t;

	f->col = -1;
	f->min_len = f->max_len = -1;
	f->spec.bare_number = true;
	snprintf(where, sizeof(where), "fields[%zu]", idx);
	if (!json_is_object(jf))
		return bad(ld, where, "expected an object with \"name\" and \"type\"%s", "");
	v = json_object_get(jf, "name");
	if (!json_is_string(v) || json_string_length(v) == 0)
		return bad(ld, where, "\"name\" is missing or not a string%s", "");
	f->name = xstrdup(json_string_value(v));
	snprintf(where, sizeof(where), "fields[%zu] (%.150s)", idx, f->name);
	f->spec.type = FT_STRING;
	if ((v = json_object_get(jf, "type")) != NULL) {
		if (!json_is_string(v))
			return bad(ld, where, "\"type\" must be a string%s", "");
		if ((t = ftype_parse(json_string_value(v))) < 0)
			return bad(ld, where, "unknown type '%s' (types: string, integer, number, boolean, "
			    "date, time, datetime, year, yearmonth, duration, geopoint, geojson, object, "
			    "array, list, any, money, phone)", json_string_value(v));
		f->spec.type = (enum ftype)t;
	}
	if (f->spec.type == FT_LIST) {
		f->spec.item = xcalloc(1, sizeof(*f->spec.item));
		f->spec.item->type = FT_STRING;
		f->spec.item->bare_number = true;
	}
	if ((v = json_object_get(jf, "format")) != NULL && load_format(ld, &f->spec, v, where) < 0)
		return -1;
	if (load_type_options(ld, f, jf, where) < 0)
		return -1;
	if ((v = json_object_get(jf, "missingValues")) != NULL) {
		char w[300];
		snprintf(w, sizeof(w), "%.200s.missingValues", where);
		if (load_strings(ld, v, w, true, &f->missing, &f->nmissing) < 0)
			return -1;
		f->own_missing = true;
	}
	if ((v = json_object_get(jf, "constraints")) != NULL &&
	    load_constraints(ld, f, v, where) < 0)
		return -1;
	return 0;
}

long
schema_field(const struct schema *s, const char *name)
{
	uint64_t *v = hash_get(s->by_name, name, strlen(name));

	return v ? (long)*v - 1 : -1;
}

/* A field name or an array of them, as primaryKey and the keys take. */
static int
load_fieldset(struct loader *ld, struct schema *s, json_t *v, const char *where, struct fieldset *fs,
    bool must_exist, char ***names)
{
	size_t i, n;
	json_t *one = NULL;

	if (json_is_string(v)) {
		one = json_array();
		json_array_append(one, v);
		v = one;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		json_decref(one);
		return bad(ld, where, "expected a field name or an array of names%s", "");
	}
	n = json_array_size(v);
	fs->idx = xcalloc(n + 1, sizeof(size_t));
	if (names)
		*names = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++) {
		const char *name = json_string_value(json_array_get(v, i));
		long k = name ? schema_field(s, name) : -1;
		if (name == NULL || (must_exist && k < 0)) {
			int rc = bad(ld, where, "'%s' is not one of the fields", name ? name : "?");
			json_decref(one);
			return rc;
		}
		if (names)
			(*names)[i] = xstrdup(name);
		fs->idx[fs->n++] = k < 0 ? 0 : (size_t)k;
	}
	json_decref(one);
	return 0;
}

static int
load_foreign_keys(struct loader *ld, struct schema *s, json_t *v)
{
	size_t i;
	char where[64];

	if (!json_is_array(v))
		return bad(ld, "foreignKeys", "expected an array%s", "");
	s->fks = xcalloc(json_array_size(v) + 1, sizeof(*s->fks));
	for (i = 0; i < json_array_size(v); i++) {
		json_t *fk = json_array_get(v, i), *ref = json_object_get(fk, "reference"), *res;
		struct foreign_key *k = &s->fks[s->nfks++];
		struct fieldset refs = {0};
		const char *key;
		json_t *x;
		snprintf(where, sizeof(where), "foreignKeys[%zu]", i);
		if (!json_is_object(fk) || !json_is_object(ref))
			return bad(ld, where, "expected {\"fields\": …, \"reference\": {\"resource\": …, \"fields\": …}}%s", "");
		json_object_foreach(fk, key, x)
			if (strcmp(key, "fields") != 0 && strcmp(key, "reference") != 0)
				return bad(ld, where, "'%s' is not a foreign key property custkit implements", key);
		if (load_fieldset(ld, s, json_object_get(fk, "fields"), where, &k->fields, true, NULL) < 0)
			return -1;
		res = json_object_get(ref, "resource");
		k->resource = xstrdup(res == NULL ? "" : json_is_string(res) ? json_string_value(res) : "");
		if (res != NULL && !json_is_string(res))
			return bad(ld, where, "reference.resource must be a string%s", "");
		if (load_fieldset(ld, s, json_object_get(ref, "fields"), where, &refs, k->resource[0] == '\0',
		    &k->ref_names) < 0) {
			free(refs.idx);
			return -1;
		}
		k->nref = refs.n;
		free(refs.idx);
		if (k->nref != k->fields.n)
			return bad(ld, where, "fields and reference.fields differ in number%s", "");
	}
	return 0;
}

static int
load_fields_match(struct loader *ld, struct schema *s, json_t *v)
{
	static const char *const names[] = {"exact", "equal", "subset", "superset", "partial"};
	size_t i;

	for (i = 0; json_is_string(v) && i < ARRAY_LEN(names); i++)
		if (strcmp(json_string_value(v), names[i]) == 0) {
			s->fields_match = (enum fields_match)i;
			s->fields_match_set = true;
			return 0;
		}
	return bad(ld, "fieldsMatch", "expected one of exact, equal, subset, superset, partial%s", "");
}

static int
load_top(struct loader *ld, struct schema *s, json_t *root)
{
	static const char *const known[] = {"fields", "missingValues", "primaryKey", "foreignKeys",
		"uniqueKeys", "fieldsMatch", "$schema", "name", "title", "description", "$comment", NULL};
	const char *key;
	json_t *v;
	size_t i;

	json_object_foreach(root, key, v) {
		for (i = 0; known[i] && strcmp(known[i], key) != 0; i++)
			;
		if (known[i] == NULL)
			return bad(ld, key, "'%s' is not a schema property custkit implements", key);
	}
	if ((v = json_object_get(root, "missingValues")) != NULL) {
		if (load_strings(ld, v, "missingValues", true, &s->missing, &s->nmissing) < 0)
			return -1;
	} else {
		s->nmissing = 1;
		s->missing = xcalloc(2, sizeof(char *));
		s->missing[0] = xstrdup("");
	}
	if ((v = json_object_get(root, "primaryKey")) != NULL) {
		struct fieldset fs = {0};
		if (load_fieldset(ld, s, v, "primaryKey", &fs, true, NULL) < 0) {
			free(fs.idx);
			return -1;
		}
		s->pk = fs.idx;
		s->npk = fs.n;
	}
	if ((v = json_object_get(root, "uniqueKeys")) != NULL) {
		if (!json_is_array(v))
			return bad(ld, "uniqueKeys", "expected an array of field lists%s", "");
		s->unique_keys = xcalloc(json_array_size(v) + 1, sizeof(*s->unique_keys));
		for (i = 0; i < json_array_size(v); i++)
			if (load_fieldset(ld, s, json_array_get(v, i), "uniqueKeys",
			    &s->unique_keys[s->nunique_keys++], true, NULL) < 0)
				return -1;
	}
	if ((v = json_object_get(root, "foreignKeys")) != NULL && load_foreign_keys(ld, s, v) < 0)
		return -1;
	if ((v = json_object_get(root, "fieldsMatch")) != NULL && load_fields_match(ld, s, v) < 0)
		return -1;
	return 0;
}

struct schema *
schema_from_json(json_t *root, const char *path, struct cust_err *err)
{
	struct loader ld = {{path, err}};
	struct schema *s = xcalloc(1, sizeof(*s));
	json_t *fields;
	size_t i;
	bool added;

	s->path = xstrdup(path);
	s->by_name = hash_new();
	fields = json_object_get(root, "fields");
	if (!json_is_object(root) || !json_is_array(fields)) {
		bad(&ld, "top level", "expected an object with a \"fields\" array%s", "");
		goto fail;
	}
	s->nfields = json_array_size(fields);
	s->fields = xcalloc(s->nfields + 1, sizeof(struct sfield));
	for (i = 0; i < s->nfields; i++) {
		uint64_t *slot;
		if (load_field(&ld, &s->fields[i], json_array_get(fields, i), i) < 0)
			goto fail;
		slot = hash_put(s->by_name, s->fields[i].name, strlen(s->fields[i].name), &added);
		if (!added) {
			char where[64];
			snprintf(where, sizeof(where), "fields[%zu]", i);
			bad(&ld, where, "a second field named '%s'", s->fields[i].name);
			goto fail;
		}
		*slot = i + 1;
	}
	if (load_top(&ld, s, root) < 0)
		goto fail;
	return s;
fail:
	schema_free(s);
	return NULL;
}

struct schema *
schema_load(const char *path, struct cust_err *err)
{
	json_t *root = json_load_config(path, err);
	struct schema *s;

	if (root == NULL)
		return NULL;
	s = schema_from_json(root, path, err);
	json_decref(root);
	return s;
}

/* Columns named in the header but not in the schema, or the other way,
 * listed for the message. */
static void
list_names(struct strbuf *out, const char *name)
{
	sb_addf(out, "%s'%s'", out->len ? ", " : "", name);
}

int
schema_bind(struct schema *s, const struct header *h, struct cust_err *err)
{
	struct strbuf missing = STRBUF_INIT, extra = STRBUF_INIT;
	/* A hash of the header's names: one lookup per field, so that a
	 * schema of 200,000 fields binds in linear time. */
	struct hash *cols = hash_new();
	bool added, in_order = true;
	size_t i, found = 0;
	int rc = 0;
	enum fields_match fm = s->fields_match_set ? s->fields_match : FM_SUBSET;

	for (i = 0; i < h->n; i++) {
		uint64_t *v = hash_put(cols, h->names[i], strlen(h->names[i]), &added);
		if (added)
			*v = i + 1;   /* the first column of a name, as header_find */
		if (schema_field(s, h->names[i]) < 0)
			list_names(&extra, h->names[i]);
	}
	for (i = 0; i < s->nfields; i++) {
		uint64_t *v = hash_get(cols, s->fields[i].name, strlen(s->fields[i].name));
		s->fields[i].col = v ? (long)*v - 1 : -1;
		if (s->fields[i].col < 0)
			list_names(&missing, s->fields[i].name);
		else
			found++;
		if (s->fields[i].col != (long)i)
			in_order = false;
	}
	hash_free(cols);
	if (missing.len && (fm == FM_EXACT || fm == FM_EQUAL || fm == FM_SUBSET))
		rc = cust_fail(err, CUST_INPUT, "the input has no column %s named in %s",
		    missing.s, s->path);
	else if (extra.len && (fm == FM_EXACT || fm == FM_EQUAL || fm == FM_SUPERSET))
		rc = cust_fail(err, CUST_INPUT, "the input has column %s, not in %s (fieldsMatch: %s)",
		    extra.s, s->path, fm == FM_EXACT ? "exact" : fm == FM_EQUAL ? "equal" : "superset");
	else if (fm == FM_EXACT && !in_order)
		rc = cust_fail(err, CUST_INPUT, "the input's columns are not in the order of %s (fieldsMatch: exact)",
		    s->path);
	else if (fm == FM_PARTIAL && found == 0 && s->nfields > 0)
		rc = cust_fail(err, CUST_INPUT, "the input has none of the columns of %s (fieldsMatch: partial)",
		    s->path);
	sb_free(&missing);
	sb_free(&extra);
	return rc;
}

static void
free_strings(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
schema_column_types(const struct schema *s, enum ftype *types, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		types[i] = FT_ANY;
	for (i = 0; i < s->nfields; i++)
		if (s->fields[i].col >= 0 && (size_t)s->fields[i].col < n)
			types[s->fields[i].col] = s->fields[i].spec.type;
}

void
schema_free(struct schema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nfields; i++) {
		struct sfield *f = &s->fields[i];
		free(f->name);
		tspec_free(&f->spec);
		free(f->min.key);
		free(f->max.key);
		free(f->xmin.key);
		free(f->xmax.key);
		free(f->min.text);
		free(f->max.text);
		free(f->xmin.text);
		free(f->xmax.text);
		xsd_regex_free(f->pattern);
		json_decref(f->json_schema);
		free(f->pattern_src);
		hash_free(f->enums);
		hash_free(f->categories);
		free_strings(f->missing, f->nmissing);
	}
	free(s->fields);
	free_strings(s->missing, s->nmissing);
	free(s->pk);
	for (i = 0; i < s->nunique_keys; i++)
		free(s->unique_keys[i].idx);
	free(s->unique_keys);
	for (i = 0; i < s->nfks; i++) {
		free(s->fks[i].fields.idx);
		free(s->fks[i].resource);
		free_strings(s->fks[i].ref_names, s->fks[i].nref);
	}
	free(s->fks);
	hash_free(s->by_name);
	free(s->path);
	free(s);
}
