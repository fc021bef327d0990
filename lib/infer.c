/* infer.c — schema inference; see infer.h. */
#include "infer.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "types.h"
#include "value.h"

#define ENUM_MAX 10          /* at most this many distinct values ... */
#define ENUM_MIN_RECORDS 20  /* ... seen in at least this many records ... */
#define ENUM_MIN_SEEN 3      /* ... each at least this often: a closed list */
#define DISTINCT_CAP 1000    /* stop counting distinct values past this */
/* A type is chosen when this share of the values fit it: the others are
 * what the schema is for, and will be reported as errors. */
#define FIT_SHARE 0.8

enum cand { C_INTEGER, C_NUMBER, C_MONEY, C_DATE, C_DATETIME, C_BOOLEAN, C_PHONE, C_CN_MOBILE, C_EMAIL,
	C_COUNT };

struct colstat {
	unsigned long long fit[C_COUNT];  /* values that fit each type */
	unsigned long long strict[C_COUNT];  /* dates in the spec's own form (YYYY-MM-DD) */
	unsigned long long filled, empty;
	size_t max_len;
	struct hash *distinct;     /* up to DISTINCT_CAP values, and how often each */
	bool many;                 /* more than DISTINCT_CAP */
	bool keylike;
	struct hash *all;          /* key-like columns: every value, for unique */
	bool repeats;
	enum role role;
};

struct inferrer {
	const struct header *h;
	struct colstat *col;
	unsigned long long records;
};

static bool
key_like_name(const char *name)
{
	static const char *const marks[] = {"id", "ID", "Id", "编号", "号码", "code", "Code", "No", "no."};
	size_t i;

	for (i = 0; i < ARRAY_LEN(marks); i++)
		if (strstr(name, marks[i]) != NULL)
			return true;
	return false;
}

struct inferrer *
infer_new(const struct header *h, const struct roles *roles)
{
	struct inferrer *in = xcalloc(1, sizeof(*in));
	size_t i;

	in->h = h;
	in->col = xcalloc(h->n + 1, sizeof(*in->col));
	for (i = 0; i < h->n; i++) {
		struct colstat *c = &in->col[i];
		c->role = roles_of_column(roles, i);
		c->distinct = hash_new();
		c->keylike = c->role == ROLE_ID || c->role == ROLE_EMAIL || c->role == ROLE_PHONE ||
		    c->role == ROLE_ORDER_ID || key_like_name(h->names[i]);
		if (c->keylike)
			c->all = hash_new();
	}
	return in;
}

/* Count the types s fits; *key is set to the value's normal form when it
 * is a phone or an e-mail, so that uniqueness compares like with like. */
static void
fits(struct colstat *c, const char *s, size_t n, char *key, size_t *keylen)
{
	const char *why;
	struct datetime dt;
	int64_t iv;
	double dv;
	bool b;

	*keylen = 0;
	if (integer_parse(s, n, &iv, &why) == VALUE_OK && !(n > 1 && s[0] == '0'))
		c->fit[C_INTEGER]++;
	if (number_parse(s, n, &dv, &why) == VALUE_OK)
		c->fit[C_NUMBER]++;
	if (money_parse(s, n, &iv, &why) == VALUE_OK)
		c->fit[C_MONEY]++;
	if (datetime_parse(s, n, &dt, &why) == VALUE_OK) {
		struct tspec date = {.type = FT_DATE}, datetime = {.type = FT_DATETIME};
		int64_t ord;
		c->fit[C_DATETIME]++;
		if (!dt.has_time)
			c->fit[C_DATE]++;
		/* A date the schema's default format reads needs no "format": "any". */
		if (type_read(&date, s, n, false, NULL, NULL, &ord, &why) == VALUE_OK)
			c->strict[C_DATE]++;
		if (type_read(&datetime, s, n, false, NULL, NULL, &ord, &why) == VALUE_OK)
			c->strict[C_DATETIME]++;
	}
	if (boolean_parse(s, n, &b, &why) == VALUE_OK) {
		struct tspec boolean = {.type = FT_BOOLEAN};
		int64_t ord;
		/* Only the spec's true and false values make a boolean column. */
		if (type_read(&boolean, s, n, false, NULL, NULL, &ord, &why) == VALUE_OK)
			c->fit[C_BOOLEAN]++;
	}
	if (n < 256 && phone_normalize(s, n, key, &why) == VALUE_OK) {
		c->fit[C_PHONE]++;
		*keylen = strlen(key);
		if (is_cn_mobile(key, *keylen))
			c->fit[C_CN_MOBILE]++;
	} else if (n < 256 && email_normalize(s, n, key, &why) == VALUE_OK) {
		c->fit[C_EMAIL]++;
		*keylen = strlen(key);
	}
}

void
infer_add(struct inferrer *in, const struct record *rec)
{
	size_t i, n, keylen;
	const char *s;
	char key[512];
	bool added;

	if (rec->error != NULL)
		return;
	in->records++;
	for (i = 0; i < in->h->n; i++) {
		struct colstat *c = &in->col[i];
		s = trim_space(rec->field[i], rec->len[i], &n);
		if (n == 0) {
			c->empty++;
			continue;
		}
		c->filled++;
		if (n > c->max_len)
			c->max_len = n;
		fits(c, s, n, key, &keylen);
		if (!c->many) {
			(*hash_put(c->distinct, s, n, NULL))++;
			if (hash_count(c->distinct) > DISTINCT_CAP)
				c->many = true;
		}
		if (c->all != NULL && !c->repeats) {
			if (keylen > 0)
				hash_put(c->all, key, keylen, &added);
			else
				hash_put(c->all, s, n, &added);
			if (!added)
				c->repeats = true;
		}
	}
}

static bool
mostly(const struct colstat *c, enum cand k)
{
	return c->fit[k] > 0 && (double)c->fit[k] >= FIT_SHARE * (double)c->filled;
}

/* Dates written other than YYYY-MM-DD (2024/10/4, 2024年10月4日, Excel
 * serials) are dates only under "format": "any". */
static const char *
date_type(const struct colstat *c, enum cand k, const char **format)
{
	if (c->strict[k] < c->fit[k])
		*format = "any";
	return k == C_DATE ? "date" : "datetime";
}

static const char *
pick_type(const struct colstat *c, const char **format)
{
	bool date_role = c->role == ROLE_BIRTH_DATE || c->role == ROLE_SIGNUP_DATE ||
	    c->role == ROLE_ORDER_DATE;
	bool money_role = c->role == ROLE_AMOUNT || c->role == ROLE_PRICE;

	*format = NULL;
	if (c->filled == 0)
		return "string";
	if (c->role == ROLE_PHONE && mostly(c, C_PHONE)) {
		if (mostly(c, C_CN_MOBILE))
			*format = "cn_mobile";
		return "phone";
	}
	if (date_role && mostly(c, C_DATE))
		return date_type(c, C_DATE, format);
	if (date_role && mostly(c, C_DATETIME))
		return date_type(c, C_DATETIME, format);
	if (money_role && mostly(c, C_MONEY))
		return "money";
	if (mostly(c, C_INTEGER))
		return "integer";
	if (mostly(c, C_NUMBER))
		return "number";
	if (mostly(c, C_MONEY))
		return "money";
	if (mostly(c, C_DATE))
		return date_type(c, C_DATE, format);
	if (mostly(c, C_DATETIME))
		return date_type(c, C_DATETIME, format);
	if (mostly(c, C_BOOLEAN))
		return "boolean";
	if (mostly(c, C_EMAIL))
		*format = "email";
	return "string";
}

/* The enum values in first-seen order would need more state; sorted order
 * is stable and easy to review. */
static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A few values, each seen again and again, are a closed list (statuses,
 * genders, tiers); ten cities seen once or twice each are a sample of an
 * open one.  The draft says which it took, so that the reader knows the
 * list came from the data and may need a value the data did not show. */
static void
add_enum(json_t *f, json_t *cons, const struct colstat *c, unsigned long long records)
{
	size_t nd = hash_count(c->distinct), len, it = 0, j = 0;
	char **vals = xcalloc(nd, sizeof(char *)), note[256];
	uint64_t *v, least = UINT64_MAX;
	const char *k;
	json_t *e;

	while (hash_iter(c->distinct, &it, &k, &len, &v)) {
		vals[j++] = (char *)k;
		if (*v < least)
			least = *v;
	}
	if (least >= ENUM_MIN_SEEN) {
		e = json_array();
		qsort(vals, nd, sizeof(char *), cmp_str);
		for (j = 0; j < nd; j++)
			json_array_append_new(e, json_string(vals[j]));
		json_object_set_new(cons, "enum", e);
		snprintf(note, sizeof(note), "enum inferred: %zu %s in %llu %s, each seen at least %llu "
		    "times; add any allowed value the data did not show", nd, plural(nd, "value", "values"),
		    records, plural(records, "record", "records"), (unsigned long long)least);
		json_object_set_new(f, "description", json_string(note));
	}
	free(vals);
}

char *
infer_result(struct inferrer *in)
{
	json_t *root = json_object(), *fields = json_array();
	const char *pk = NULL;
	size_t i;
	char *text;

	for (i = 0; i < in->h->n; i++) {
		struct colstat *c = &in->col[i];
		json_t *f = json_object(), *cons = json_object();
		const char *format, *type = pick_type(c, &format);
		size_t nd = hash_count(c->distinct);

		json_object_set_new(f, "name", json_string(in->h->names[i]));
		json_object_set_new(f, "type", json_string(type));
		if (format)
			json_object_set_new(f, "format", json_string(format));
		if (c->filled > 0 && c->empty == 0)
			json_object_set_new(cons, "required", json_true());
		if (c->all != NULL && !c->repeats && c->filled > 1) {
			json_object_set_new(cons, "unique", json_true());
			if (pk == NULL && c->empty == 0 && c->role == ROLE_ID)
				pk = in->h->names[i];
		}
		if (!c->many && nd > 0 && nd <= ENUM_MAX && in->records >= ENUM_MIN_RECORDS &&
		    strcmp(type, "string") == 0 && format == NULL)
			add_enum(f, cons, c, in->records);
		if (json_object_size(cons) > 0)
			json_object_set(f, "constraints", cons);
		json_decref(cons);
		json_array_append_new(fields, f);
	}
	json_object_set_new(root, "fields", fields);
	if (pk)
		json_object_set_new(root, "primaryKey", json_string(pk));
	json_object_set_new(root, "missingValues", json_pack("[s]", ""));
	text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	return text;
}

void
infer_free(struct inferrer *in)
{
	size_t i;

	if (in == NULL)
		return;
	for (i = 0; i < in->h->n; i++) {
		hash_free(in->col[i].distinct);
		hash_free(in->col[i].all);
	}
	free(in->col);
	free(in);
}
