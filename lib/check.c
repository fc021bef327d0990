/* check.c — record checking and fixing; see check.h. */
#include "check.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "jsonschema.h"
#include "value.h"

#define SMALL_ENUM 8

/* What to do with one column. */
struct colrule {
	const struct sfield *field;   /* NULL: no schema field */
	struct tspec spec;            /* how to read it (a copy of the field's, or a role's) */
	bool from_role;               /* fix only, never an error */
	bool need_key;                /* a constraint or a key compares its typed value */
	bool constrained;             /* the field has a constraint beyond required */
	bool keep_key;                /* a primary, unique or foreign key uses the key */
	/* A short enum (M, F, 男, 女) is faster to scan than to hash. */
	const char *ekey[SMALL_ENUM];
	size_t elen[SMALL_ENUM], nekey;
	char *const *missing;         /* what counts as missing here */
	size_t nmissing;
	bool only_empty_missing;      /* missing is [""], as nearly always */
	bool empty_missing;           /* "" is one of them: a blank value is missing */
	size_t *missing_len;          /* their lengths, the longest in missing_max */
	size_t missing_max;
	struct hash *seen;            /* unique: key -> first line */
	/* Decided once, not per value: */
	const char *name;             /* the field's name in messages, or "" */
	bool plain;                   /* text without a format: only --fix reads it */
	type_reader read;             /* type_read, or the reader of the column's one type */
	bool idle;                    /* no field and no --fix: nothing to do */
	unsigned char bound[4], nbound;   /* which of minimum, maximum, exclusive ones are set */
};

/* A set of columns whose keys together must be unique (primaryKey,
 * uniqueKeys), or must be found in a referenced table (foreignKeys). */
struct keycheck {
	const char *label;            /* "primaryKey", "uniqueKeys[0]", "foreignKeys[0]" */
	size_t *cols;
	size_t n;
	bool required;                /* primaryKey: no column may be missing */
	struct hash *seen;            /* unique: key -> first line */
	/* foreign keys */
	bool fk;
	const struct hash *target;    /* the referenced table's keys (another resource) */
	const struct foreign_key *def;
	size_t *ref_cols;             /* this table's referenced columns (self-reference) */
	struct hash *own;             /* self-reference: keys of this table's rows so far */
};

struct checker {
	const struct schema *schema;
	size_t ncols;
	bool fix;
	struct colrule *rule;
	char **vals;
	size_t *lens;
	/* This record's values: the reader's, or vals and lens when one was fixed. */
	char **cur_vals;
	size_t *cur_lens;
	size_t nfixed;                /* values fixed in this record */
	struct strbuf arena;          /* fixed values */
	size_t *fixed_off;            /* offset of column i's fixed value, or SIZE_MAX */
	struct strbuf keys;           /* typed keys of this record's columns */
	size_t *key_off;              /* offset of column i's key, or SIZE_MAX (missing or invalid) */
	size_t *key_len;
	struct strbuf errors;
	struct strbuf scratch, tmp, fixbuf;
	struct strbuf kbuf, show;     /* check_keys: a key, and its values for a message */
	struct keycheck *kc;
	size_t nkc;
	/* self-referencing foreign keys, checked when the table is whole */
	struct hash *pending;         /* record number -> 1 + index of its first missing key in pend */
	struct strbuf pend;           /* "label\0key\0" of each pending reference */
	unsigned long long nrec;
	unsigned long long *nerr, *nfix;
	size_t rec_errors;            /* errors in the current record */
};

static const char *const default_missing[] = {""};

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
 * punctuation in names and addresses is left alone.  Every text value
 * passes here under --fix: the runs between full-width forms (all of
 * most values) are copied whole. */
static bool
fold_alnum(const char *s, size_t n, struct strbuf *out)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *p;
	bool changed = false;
	size_t i = 0, from = 0;

	sb_grow(out, n);
	while (i < n && (p = memchr(s + i, 0xEF, n - i)) != NULL) {
		i = (size_t)(p - s);
		if (i + 2 < n && (u[i + 1] == 0xBC || u[i + 1] == 0xBD)) {
			unsigned cp = 0xF000 | ((u[i + 1] & 0x3Fu) << 6) | (u[i + 2] & 0x3Fu);
			if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
			    (cp >= 0xFF41 && cp <= 0xFF5A)) {
				sb_add(out, s + from, i - from);
				sb_addc(out, (int)(cp - 0xFF00 + 0x20));
				from = i += 3;
				changed = true;
				continue;
			}
		}
		i++;
	}
	sb_add(out, s + from, n - from);
	return changed;
}

static void
add_error(struct checker *c, size_t col, const char *colname, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
add_error(struct checker *c, size_t col, const char *colname, const char *fmt, ...)
{
	va_list ap;

	if (c->errors.len)
		sb_add(&c->errors, "; ", 2);
	sb_adds(&c->errors, colname);
	sb_add(&c->errors, ": ", 2);
	va_start(ap, fmt);
	sb_vaddf(&c->errors, fmt, ap);
	va_end(ap);
	c->nerr[col]++;
	c->rec_errors++;
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


static void
role_rule(struct colrule *r, enum role role)
{
	r->spec.bare_number = true;
	switch (role) {
	case ROLE_PHONE:
		r->spec.type = FT_PHONE;
		break;
	case ROLE_EMAIL:
		r->spec.type = FT_STRING;
		r->spec.format = FF_EMAIL;
		break;
	case ROLE_BIRTH_DATE:
		r->spec.type = FT_DATE;   /* no one is born at 10:00 */
		r->spec.format = FF_ANY;
		break;
	case ROLE_SIGNUP_DATE:
	case ROLE_ORDER_DATE:
		r->spec.type = FT_DATETIME;
		r->spec.format = FF_ANY;
		r->spec.date_alone = true;
		break;
	case ROLE_AMOUNT:
	case ROLE_PRICE:
		r->spec.type = FT_MONEY;
		break;
	default:
		r->spec.type = FT_STRING;
	}
	r->from_role = true;
}

static size_t *
columns_of(const struct schema *s, const struct fieldset *fs, struct colrule *rule)
{
	size_t *cols = xcalloc(fs->n + 1, sizeof(size_t)), i;

	for (i = 0; i < fs->n; i++) {
		cols[i] = (size_t)s->fields[fs->idx[i]].col;
		rule[cols[i]].need_key = rule[cols[i]].keep_key = true;
	}
	return cols;
}

static void
add_keychecks(struct checker *c, const struct schema *s)
{
	size_t i, j, n = (s->npk > 0) + s->nunique_keys + s->nfks;
	struct keycheck *k;

	c->kc = xcalloc(n + 1, sizeof(*c->kc));
	if (s->npk > 0) {
		struct fieldset pk = {s->pk, s->npk};
		k = &c->kc[c->nkc++];
		k->label = "primaryKey";
		k->cols = columns_of(s, &pk, c->rule);
		k->n = s->npk;
		k->required = true;
		k->seen = hash_new();
	}
	for (i = 0; i < s->nunique_keys; i++) {
		k = &c->kc[c->nkc++];
		k->label = "uniqueKeys";
		k->cols = columns_of(s, &s->unique_keys[i], c->rule);
		k->n = s->unique_keys[i].n;
		k->seen = hash_new();
	}
	for (i = 0; i < s->nfks; i++) {
		const struct foreign_key *fk = &s->fks[i];
		k = &c->kc[c->nkc++];
		k->label = "foreignKeys";
		k->cols = columns_of(s, &fk->fields, c->rule);
		k->n = fk->fields.n;
		k->fk = true;
		k->def = fk;
		if (fk->resource[0] == '\0') {
			k->ref_cols = xcalloc(fk->nref + 1, sizeof(size_t));
			for (j = 0; j < fk->nref; j++) {
				k->ref_cols[j] = (size_t)s->fields[schema_field(s, fk->ref_names[j])].col;
				c->rule[k->ref_cols[j]].need_key = c->rule[k->ref_cols[j]].keep_key = true;
			}
			k->own = hash_new();
			if (c->pending == NULL)
				c->pending = hash_new();
		}
	}
}

struct checker *
checker_new(const struct schema *s, const struct header *h, const struct roles *roles, bool fix)
{
	struct checker *c = xcalloc(1, sizeof(*c));
	size_t i;

	c->schema = s;
	c->ncols = h->n;
	c->fix = fix;
	c->rule = xcalloc(h->n + 1, sizeof(*c->rule));
	c->vals = xcalloc(h->n + 1, sizeof(char *));
	c->lens = xcalloc(h->n + 1, sizeof(size_t));
	c->fixed_off = xcalloc(h->n + 1, sizeof(size_t));
	c->key_off = xcalloc(h->n + 1, sizeof(size_t));
	c->key_len = xcalloc(h->n + 1, sizeof(size_t));
	c->nerr = xcalloc(h->n + 1, sizeof(*c->nerr));
	c->nfix = xcalloc(h->n + 1, sizeof(*c->nfix));
	for (i = 0; i < h->n; i++) {
		struct colrule *r = &c->rule[i];
		enum role role = roles ? roles_of_column(roles, i) : ROLE_NONE;
		/* 消费金额 and 累计消费 side by side are both money, though
		 * the amount role is the first's. */
		if (roles && role == ROLE_NONE && header_is_money(h->names[i]))
			role = ROLE_AMOUNT;
		role_rule(r, role);
		r->missing = s ? s->missing : (char *const *)default_missing;
		r->nmissing = s ? s->nmissing : 1;
	}
	for (i = 0; s != NULL && i < s->nfields; i++) {
		const struct sfield *f = &s->fields[i];
		struct colrule *r;
		if (f->col < 0)
			continue;       /* fieldsMatch let it be absent */
		r = &c->rule[f->col];
		r->field = f;
		r->spec = f->spec;
		r->from_role = false;
		r->need_key = f->unique || f->enums || f->categories ||
		    (type_orders_by_key(f->spec.type) &&
		     (f->min.set || f->max.set || f->xmin.set || f->xmax.set));
		r->constrained = f->unique || f->enums || f->categories || f->pattern || f->json_schema ||
		    f->min.set || f->max.set || f->xmin.set || f->xmax.set || f->min_len >= 0 || f->max_len >= 0;
		if (f->own_missing) {
			r->missing = f->missing;
			r->nmissing = f->nmissing;
		}
		if (f->unique)
			r->seen = hash_new();
		if (f->enums && hash_count(f->enums) <= SMALL_ENUM) {
			size_t it = 0;
			uint64_t *val;
			while (hash_iter(f->enums, &it, &r->ekey[r->nekey], &r->elen[r->nekey], &val))
				r->nekey++;
		}
	}
	for (i = 0; i < h->n; i++) {
		struct colrule *r = &c->rule[i];
		const struct sfield *f = r->field;
		r->only_empty_missing = r->nmissing == 1 && r->missing[0][0] == '\0';
		r->missing_len = xcalloc(r->nmissing + 1, sizeof(size_t));
		for (size_t k = 0; k < r->nmissing; k++) {
			r->missing_len[k] = strlen(r->missing[k]);
			r->empty_missing |= r->missing_len[k] == 0;
			if (r->missing_len[k] > r->missing_max)
				r->missing_max = r->missing_len[k];
		}
		r->name = f ? f->name : "";
		r->plain = r->spec.type == FT_STRING && r->spec.format == FF_DEFAULT;
		r->read = type_reader_of(&r->spec);
		r->idle = f == NULL && !fix;
		if (f) {
			const struct bound *b[4] = {&f->min, &f->max, &f->xmin, &f->xmax};
			unsigned char k;
			for (k = 0; k < 4; k++)
				if (b[k]->set)
					r->bound[r->nbound++] = k;
		}
		/* A column only says so when its value was fixed or has a key. */
		c->fixed_off[i] = SIZE_MAX;
		c->key_off[i] = SIZE_MAX;
	}
	if (s != NULL)
		add_keychecks(c, s);
	return c;
}

void
checker_free(struct checker *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ncols; i++) {
		hash_free(c->rule[i].seen);
		free(c->rule[i].missing_len);
	}
	for (i = 0; i < c->nkc; i++) {
		free(c->kc[i].cols);
		free(c->kc[i].ref_cols);
		hash_free(c->kc[i].seen);
		hash_free(c->kc[i].own);
	}
	free(c->kc);
	hash_free(c->pending);
	sb_free(&c->pend);
	free(c->rule);
	free(c->vals);
	free(c->lens);
	free(c->fixed_off);
	free(c->key_off);
	free(c->key_len);
	free(c->nerr);
	free(c->nfix);
	sb_free(&c->arena);
	sb_free(&c->keys);
	sb_free(&c->errors);
	sb_free(&c->scratch);
	sb_free(&c->tmp);
	sb_free(&c->fixbuf);
	sb_free(&c->kbuf);
	sb_free(&c->show);
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

static bool
is_missing_listed(const struct colrule *r, const char *s, size_t n, size_t tn)
{
	size_t i;

	if (tn == 0 && r->empty_missing)
		return true;
	if (n > r->missing_max)
		return false;
	for (i = 0; i < r->nmissing; i++)
		if (r->missing_len[i] == n && memcmp(r->missing[i], s, n) == 0)
			return true;
	return false;
}

/* Asked of every value: inline for the usual missingValues [""]. */
static inline bool
is_missing(const struct colrule *r, const char *s, size_t n, size_t tn)
{
	return r->only_empty_missing ? tn == 0 : is_missing_listed(r, s, n, tn);
}

static const char *
type_label(const struct tspec *sp)
{
	switch (sp->format) {
	case FF_EMAIL: return "e-mail address";
	case FF_URI: return "URI";
	case FF_UUID: return "UUID";
	case FF_BINARY: return "base64 value";
	case FF_TOPOJSON: return "TopoJSON object";
	case FF_CN_MOBILE: return "China mobile number";
	default: break;
	}
	switch (sp->type) {
	case FT_MONEY: return "amount of money";
	case FT_PHONE: return "phone number";
	case FT_GEOJSON: return "GeoJSON object";
	case FT_OBJECT: return "JSON object";
	case FT_ARRAY: return "JSON array";
	default: return ftype_name(sp->type);
	}
}

static void
check_bounds(struct checker *c, size_t col, const char *colname, const struct sfield *f,
    const char *key, int64_t ord, const char *v, size_t n)
{
	static const char *const what[4] = {"below the minimum", "above the maximum",
		"not above the exclusive minimum", "not below the exclusive maximum"};
	const struct bound *b[4] = {&f->min, &f->max, &f->xmin, &f->xmax};
	const struct colrule *rule = &c->rule[col];
	int k, r;
	unsigned char j;

	for (j = 0; j < rule->nbound; j++) {
		k = rule->bound[j];
		r = type_compare(f->spec.type, key, ord, b[k]->key, b[k]->ord);
		if (r == 2 || (k == 0 && r < 0) || (k == 1 && r > 0) || (k == 2 && r <= 0) ||
		    (k == 3 && r >= 0)) {
			sb_reset(&c->tmp);
			/* Instants as the schema wrote them: its offset, or none, says how to read them. */
			if (f->spec.type == FT_DATETIME || f->spec.type == FT_TIME)
				sb_adds(&c->tmp, b[k]->text);
			else
				type_show(f->spec.type, b[k]->key, b[k]->ord, &c->tmp);
			add_error(c, col, colname, "%s is %s %s", shown(c, v, n), what[k], sb_str(&c->tmp));
		}
	}
}

static bool
in_enum(const struct colrule *r, const struct hash *set, const char *key, size_t len)
{
	size_t k;

	if (r->nekey == 0)
		return hash_get(set, key, len) != NULL;
	for (k = 0; k < r->nekey; k++)
		if (r->elen[k] == len && memcmp(r->ekey[k], key, len) == 0)
			return true;
	return false;
}

/* The constraints of a value that is of its type. */
static void
check_constraints(struct checker *c, const struct record *rec, size_t i, const char *colname,
    const char *v, size_t n, const char *key, size_t keylen, int64_t ord)
{
	const struct sfield *f = c->rule[i].field;
	enum ftype t = f->spec.type;

	if (c->rule[i].nbound > 0)
		check_bounds(c, i, colname, f, key, ord, v, n);
	if (f->min_len >= 0 || f->max_len >= 0) {
		size_t len = t == FT_STRING ? char_count(v, n) : (size_t)ord;
		const char *one = t == FT_STRING ? "character" : "item", *many = t == FT_STRING ? "characters" : "items";
		if (f->min_len >= 0 && len < (size_t)f->min_len)
			add_error(c, i, colname, "%s is shorter than %ld %s", shown(c, v, n), f->min_len,
			    plural((unsigned long long)f->min_len, one, many));
		if (f->max_len >= 0 && len > (size_t)f->max_len)
			add_error(c, i, colname, "%s is longer than %ld %s", shown(c, v, n), f->max_len,
			    plural((unsigned long long)f->max_len, one, many));
	}
	if (f->pattern && !xsd_regex_match(f->pattern, v, n))
		add_error(c, i, colname, "%s does not match the pattern %s", shown(c, v, n), f->pattern_src);
	if (f->json_schema) {
		json_t *j = json_loadb(v, n, JSON_DECODE_ANY, NULL);
		if (!jsonschema_valid(f->json_schema, j))
			add_error(c, i, colname, "%s does not fit the field's jsonSchema", shown(c, v, n));
		json_decref(j);
	}
	if (f->enums && !in_enum(&c->rule[i], f->enums, key, keylen))
		add_error(c, i, colname, "%s is not one of the allowed values", shown(c, v, n));
	if (f->categories && hash_get(f->categories, key, keylen) == NULL)
		add_error(c, i, colname, "%s is not one of the categories", shown(c, v, n));
	if (c->rule[i].seen != NULL) {
		bool added;
		uint64_t *first = hash_put(c->rule[i].seen, key, keylen, &added);
		if (added)
			*first = (uint64_t)rec->line;
		else
			add_error(c, i, colname, "duplicate value %s (first on line %llu)", shown(c, v, n),
			    (unsigned long long)*first);
	}
}

/* Column i's value v is not of its type. */
static void
type_error(struct checker *c, size_t i, const char *why, const char *v, size_t n)
{
	const struct colrule *r = &c->rule[i];

	if (r->field == NULL)
		return;
	/* The parser's reason only when it says more than the type. */
	if (why != NULL && strncmp(why, "not a", 5) != 0)
		add_error(c, i, r->name, "not a valid %s (%s): %s", type_label(&r->spec), why, shown(c, v, n));
	else
		add_error(c, i, r->name, "not a valid %s: %s", type_label(&r->spec), shown(c, v, n));
}

static void
keep_key(struct checker *c, size_t i, const char *kv, size_t kn)
{
	c->key_off[i] = c->keys.len;
	c->key_len[i] = kn;
	sb_add(&c->keys, kv, kn);
	sb_addc(&c->keys, '\0');
}

/* Check column i of rec, without --fix: the path of every value of a
 * plain check, and so kept short. */
static void
check_value(struct checker *c, const struct record *rec, size_t i)
{
	const struct colrule *r = &c->rule[i];
	const char *v = rec->field[i], *why = NULL, *kv = v;
	size_t n = rec->len[i], tn, kn = n;
	const char *t = trim_space(v, n, &tn);
	int64_t ord = 0;

	c->key_off[i] = SIZE_MAX;
	if (is_missing(r, v, n, tn)) {
		if (r->field->required)
			add_error(c, i, r->name, "required value is missing");
		return;
	}
	if (!r->plain) {
		struct strbuf *key = r->need_key ? &c->tmp : NULL;
		if (r->read(&r->spec, t, tn, false, key, NULL, &ord, &why) != VALUE_OK) {
			type_error(c, i, why, v, n);
			return;
		}
		/* Text is its own key. */
		if (key) {
			kv = sb_str(key);
			kn = key->len;
		}
	}
	if (r->keep_key)
		keep_key(c, i, kv, kn);
	if (r->constrained)
		check_constraints(c, rec, i, r->name, v, n, kv, kn, ord);
}

/* Check and fix column i of rec. */
static void
check_column(struct checker *c, const struct record *rec, size_t i)
{
	struct colrule *r = &c->rule[i];
	const struct sfield *f = r->field;
	const char *v = rec->field[i], *why = NULL, *colname = r->name;
	size_t n = rec->len[i], tn, mark = c->arena.len;
	const char *t = trim_space(v, n, &tn);
	bool plain = r->plain;
	struct strbuf *key = r->need_key && !plain ? &c->tmp : NULL;
	const char *kv;
	size_t kn;
	int64_t ord = 0;
	int rc = VALUE_OK;

	c->key_off[i] = SIZE_MAX;
	if (is_missing(r, v, n, tn)) {
		if (f && f->required)
			add_error(c, i, colname, "required value is missing");
		if (c->fix && tn == 0 && n > 0) {
			c->fixed_off[i] = mark;   /* blank becomes empty */
			sb_addc(&c->arena, '\0');
			c->nfixed++;
		}
		return;
	}
	if (plain) {
		/* Text is text: only --fix has anything to do. */
		if (c->fix && (fold_alnum(t, tn, &c->arena) || tn != n))
			c->fixed_off[i] = mark;
		else if (c->fix)
			c->arena.len = mark;
	} else {
		rc = r->read(&r->spec, t, tn, c->fix, key, c->fix ? &c->fixbuf : NULL, &ord, &why);
		if (rc != VALUE_OK) {
			type_error(c, i, why, v, n);
			/* Still trim and fold what we cannot read. */
			if (c->fix && (fold_alnum(t, tn, &c->arena) || tn != n))
				c->fixed_off[i] = mark;
			else
				c->arena.len = mark;
		} else if (c->fix) {
			sb_add(&c->arena, sb_str(&c->fixbuf), c->fixbuf.len);
			if (c->fixbuf.len != n || memcmp(c->fixbuf.s, v, n) != 0)
				c->fixed_off[i] = mark;
			else
				c->arena.len = mark;
		}
	}
	if (c->fixed_off[i] != SIZE_MAX) {
		sb_addc(&c->arena, '\0');
		c->nfix[i]++;
		c->nfixed++;
	}
	if (f == NULL || rc != VALUE_OK)
		return;
	/* Constraints apply to the value as it will be written. */
	if (c->fixed_off[i] != SIZE_MAX) {
		v = c->arena.s + c->fixed_off[i];
		n = strlen(v);
	}
	/* Text is its own key. */
	kv = plain || key == NULL ? v : sb_str(key);
	kn = plain || key == NULL ? n : key->len;
	if (r->keep_key)
		keep_key(c, i, kv, kn);
	if (r->constrained)
		check_constraints(c, rec, i, colname, v, n, kv, kn, ord);
}

/* The key of a set of columns, or false when one of them is missing (or
 * not of its type).  Each part ends in a separator that no text holds. */
static bool
compose_key(struct checker *c, const size_t *cols, size_t n, struct strbuf *key)
{
	size_t i;
	bool complete = true;

	sb_reset(key);
	for (i = 0; i < n; i++) {
		size_t col = cols[i];
		if (c->key_off[col] == SIZE_MAX)
			complete = false;
		else
			sb_add(key, c->keys.s + c->key_off[col], c->key_len[col]);
		sb_addc(key, '\x1f');
	}
	return complete;
}

/* The record's values of cols as a message shows a key: "C001, 张伟"
 * (each up to a NUL, as %s would have it).  Made only for a message. */
static const char *
show_key(struct checker *c, const size_t *cols, size_t n)
{
	size_t i;

	sb_reset(&c->show);
	for (i = 0; i < n; i++) {
		if (i)
			sb_add(&c->show, ", ", 2);
		sb_add(&c->show, c->cur_vals[cols[i]], strnlen(c->cur_vals[cols[i]], c->cur_lens[cols[i]]));
	}
	return sb_str(&c->show);
}

static void
check_keys(struct checker *c, const struct record *rec)
{
	struct strbuf *key = &c->kbuf;
	size_t i;
	bool added, pending = false;

	for (i = 0; i < c->nkc; i++) {
		struct keycheck *k = &c->kc[i];
		bool complete = compose_key(c, k->cols, k->n, key);
		if (k->own && compose_key(c, k->ref_cols, k->n, &c->tmp))
			hash_put(k->own, c->tmp.s, c->tmp.len, &added);
		if (!complete) {
			bool any_missing = false;
			size_t j;
			for (j = 0; j < k->n; j++)
				any_missing |= c->cur_lens[k->cols[j]] == 0 ||
				    is_missing(&c->rule[k->cols[j]], c->cur_vals[k->cols[j]], c->cur_lens[k->cols[j]],
				    c->cur_lens[k->cols[j]]);
			if (k->required && any_missing)
				add_error(c, k->cols[0], k->label, "a primary key column is empty");
			continue;
		}
		if (k->seen) {
			uint64_t *line = hash_put(k->seen, key->s, key->len, &added);
			if (added)
				*line = (uint64_t)rec->line;
			else
				add_error(c, k->cols[0], k->label, "duplicate key (%s) (first on line %llu)",
				    show_key(c, k->cols, k->n), (unsigned long long)*line);
		} else if (k->target) {
			if (hash_get(k->target, key->s, key->len) == NULL)
				add_error(c, k->cols[0], k->label, "(%s) is not a %s of %s", show_key(c, k->cols, k->n),
				    k->def->nref == 1 ? k->def->ref_names[0] : "key", k->def->resource);
		} else if (k->own && hash_get(k->own, key->s, key->len) == NULL) {
			/* It may come later in the table: decided by checker_finish. */
			uint64_t *slot = hash_put(c->pending, (const char *)&c->nrec, sizeof(c->nrec), &added);
			if (added)
				*slot = c->pend.len + 1;
			pending = true;
			sb_addf(&c->pend, "%zu", i);
			sb_addc(&c->pend, '\0');
			sb_add(&c->pend, key->s, key->len);
			sb_addc(&c->pend, '\0');
			sb_adds(&c->pend, show_key(c, k->cols, k->n));
			sb_addc(&c->pend, '\0');
		}
	}
	if (pending)
		sb_add(&c->pend, "", 1);
}

size_t
checker_run(struct checker *c, const struct record *rec, char ***vals, size_t **lens,
    const char **errors)
{
	size_t i;

	sb_reset(&c->arena);
	sb_reset(&c->keys);
	sb_reset(&c->errors);
	c->rec_errors = 0;
	c->nfixed = 0;
	for (i = 0; i < c->ncols; i++)
		if (c->rule[i].idle)
			continue;
		else if (c->fix)
			check_column(c, rec, i);
		else
			check_value(c, rec, i);
	/* Most records need no fixing: their values are the reader's. */
	c->cur_vals = rec->field;
	c->cur_lens = rec->len;
	if (c->nfixed > 0) {
		for (i = 0; i < c->ncols; i++) {
			if (c->fixed_off[i] != SIZE_MAX) {
				c->vals[i] = c->arena.s + c->fixed_off[i];
				c->lens[i] = strlen(c->vals[i]);
				c->fixed_off[i] = SIZE_MAX;
			} else {
				c->vals[i] = rec->field[i];
				c->lens[i] = rec->len[i];
			}
		}
		c->cur_vals = c->vals;
		c->cur_lens = c->lens;
	}
	if (c->nkc > 0)
		check_keys(c, rec);
	c->nrec++;
	*vals = c->cur_vals;
	*lens = c->cur_lens;
	*errors = sb_str(&c->errors);
	return c->rec_errors;
}

bool
checker_defers(const struct checker *c)
{
	return c->pending != NULL;
}

size_t
checker_finish(struct checker *c, unsigned long long recno, struct strbuf *errors)
{
	uint64_t *slot;
	const char *p;
	size_t found = 0;

	if (c->pending == NULL || (slot = hash_get(c->pending, (const char *)&recno, sizeof(recno))) == NULL)
		return 0;
	/* The record's entries, "index\0key\0shown\0" each, end at an empty string. */
	for (p = c->pend.s + *slot - 1; *p;) {
		size_t i = strtoul(p, NULL, 10);
		const char *key = p + strlen(p) + 1, *show = key + strlen(key) + 1;
		struct keycheck *k = &c->kc[i];
		if (hash_get(k->own, key, strlen(key)) == NULL) {
			if (errors->len)
				sb_adds(errors, "; ");
			sb_addf(errors, "%s: (%s) is not in the referenced fields of this table", k->label, show);
			c->nerr[k->cols[0]]++;
			found++;
		}
		p = show + strlen(show) + 1;
	}
	return found;
}

int
checker_set_reference(struct checker *c, size_t fk, const struct hash *keys)
{
	size_t i, k = 0;

	for (i = 0; i < c->nkc; i++)
		if (c->kc[i].fk && k++ == fk) {
			c->kc[i].target = keys;
			return 0;
		}
	return -1;
}

void
checker_want_keys(struct checker *c, const size_t *cols, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (c->rule[cols[i]].field != NULL)
			c->rule[cols[i]].need_key = c->rule[cols[i]].keep_key = true;
}

const char *
checker_key(struct checker *c, const size_t *cols, size_t n, size_t *len)
{
	if (!compose_key(c, cols, n, &c->scratch))
		return NULL;
	*len = c->scratch.len;
	return c->scratch.s;
}
