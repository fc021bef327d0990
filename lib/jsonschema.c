/* jsonschema.c — a JSON Schema subset; see jsonschema.h. */
#include "jsonschema.h"

#include <string.h>

static const char *const annotations[] = {"$schema", "$id", "$comment", "title", "description",
	"default", "examples", NULL};
static const char *const keywords[] = {"type", "properties", "required", "additionalProperties",
	"items", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "enum", "const",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", NULL};

static bool
listed(const char *const *list, const char *key)
{
	for (; *list; list++)
		if (strcmp(*list, key) == 0)
			return true;
	return false;
}

int
jsonschema_supported(json_t *schema, struct strbuf *where)
{
	const char *key;
	json_t *v;
	size_t len = where->len;

	if (json_is_boolean(schema))
		return 0;
	if (!json_is_object(schema)) {
		sb_adds(where, len ? " (not a schema object)" : "(not a schema object)");
		return -1;
	}
	json_object_foreach(schema, key, v) {
		where->len = len;
		sb_addf(where, "%s%s", len ? "." : "", key);
		if (listed(annotations, key))
			continue;
		if (!listed(keywords, key))
			return -1;
		if (strcmp(key, "properties") == 0) {
			const char *name;
			json_t *sub;
			size_t l2 = where->len;
			if (!json_is_object(v))
				return -1;
			json_object_foreach(v, name, sub) {
				where->len = l2;
				sb_addf(where, ".%s", name);
				if (jsonschema_supported(sub, where) < 0)
					return -1;
			}
		} else if ((strcmp(key, "items") == 0 || strcmp(key, "additionalProperties") == 0) &&
		    jsonschema_supported(v, where) < 0)
			return -1;
	}
	where->len = len;
	if (where->s)
		where->s[len] = '\0';
	return 0;
}

static bool
type_is(const char *t, json_t *v)
{
	if (strcmp(t, "object") == 0) return json_is_object(v);
	if (strcmp(t, "array") == 0) return json_is_array(v);
	if (strcmp(t, "string") == 0) return json_is_string(v);
	if (strcmp(t, "integer") == 0)
		return json_is_integer(v) || (json_is_real(v) && json_real_value(v) == (double)(long long)json_real_value(v));
	if (strcmp(t, "number") == 0) return json_is_number(v);
	if (strcmp(t, "boolean") == 0) return json_is_boolean(v);
	if (strcmp(t, "null") == 0) return json_is_null(v);
	return false;
}

static bool
type_ok(json_t *type, json_t *v)
{
	size_t i;

	if (json_is_string(type))
		return type_is(json_string_value(type), v);
	for (i = 0; i < json_array_size(type); i++) {
		const char *t = json_string_value(json_array_get(type, i));
		if (t && type_is(t, v))
			return true;
	}
	return false;
}

static size_t
utf8_chars(const char *s)
{
	size_t k = 0;

	for (; *s; s++)
		k += ((unsigned char)*s & 0xC0) != 0x80;
	return k;
}

static bool
bounds_ok(json_t *s, json_t *v)
{
	double x = json_number_value(v);
	json_t *b;

	if ((b = json_object_get(s, "minimum")) && x < json_number_value(b)) return false;
	if ((b = json_object_get(s, "maximum")) && x > json_number_value(b)) return false;
	if ((b = json_object_get(s, "exclusiveMinimum")) && json_is_number(b) && x <= json_number_value(b)) return false;
	if ((b = json_object_get(s, "exclusiveMaximum")) && json_is_number(b) && x >= json_number_value(b)) return false;
	return true;
}

static bool
size_ok(json_t *s, const char *lo, const char *hi, size_t n)
{
	json_t *b;

	if ((b = json_object_get(s, lo)) && (json_int_t)n < json_integer_value(b)) return false;
	if ((b = json_object_get(s, hi)) && (json_int_t)n > json_integer_value(b)) return false;
	return true;
}

bool
jsonschema_valid(json_t *s, json_t *v)
{
	json_t *k, *e;
	const char *key;
	size_t i, j;

	if (json_is_boolean(s))
		return json_is_true(s);
	if ((k = json_object_get(s, "type")) && !type_ok(k, v))
		return false;
	if ((k = json_object_get(s, "enum"))) {
		for (i = 0; i < json_array_size(k) && !json_equal(json_array_get(k, i), v); i++)
			;
		if (i == json_array_size(k))
			return false;
	}
	if ((k = json_object_get(s, "const")) && !json_equal(k, v))
		return false;
	if (json_is_number(v) && !bounds_ok(s, v))
		return false;
	if (json_is_string(v) && !size_ok(s, "minLength", "maxLength", utf8_chars(json_string_value(v))))
		return false;
	if (json_is_array(v)) {
		if (!size_ok(s, "minItems", "maxItems", json_array_size(v)))
			return false;
		if ((k = json_object_get(s, "items")))
			for (i = 0; i < json_array_size(v); i++)
				if (!jsonschema_valid(k, json_array_get(v, i)))
					return false;
		if (json_is_true(json_object_get(s, "uniqueItems")))
			for (i = 0; i < json_array_size(v); i++)
				for (j = i + 1; j < json_array_size(v); j++)
					if (json_equal(json_array_get(v, i), json_array_get(v, j)))
						return false;
	}
	if (json_is_object(v)) {
		json_t *props = json_object_get(s, "properties"), *extra = json_object_get(s, "additionalProperties");
		if (!size_ok(s, "minProperties", "maxProperties", json_object_size(v)))
			return false;
		if ((k = json_object_get(s, "required")))
			for (i = 0; i < json_array_size(k); i++)
				if (!json_is_string(json_array_get(k, i)) ||
				    json_object_get(v, json_string_value(json_array_get(k, i))) == NULL)
					return false;
		json_object_foreach(v, key, e) {
			json_t *sub = props ? json_object_get(props, key) : NULL;
			if (sub ? !jsonschema_valid(sub, e) : extra != NULL && !jsonschema_valid(extra, e))
				return false;
		}
	}
	return true;
}
