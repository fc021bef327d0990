/* segment.c — grids of customers and RFM; see segment.h. */
#include "segment.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "addcols.h"
#include "hash.h"
#include "jsonfile.h"
#include "value.h"

__extension__ typedef __int128 i128;

#define MILLION 1000000LL
#define NULLV INT64_MIN             /* a customer's value that is null */
#define MAX_DIMS 32

/* --- ranks --------------------------------------------------------------- */

static bool
all_digits(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return n > 0;
}

int
seg_id_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int c;

	/* 9999 before 17850, as a person reading the ids would order them. */
	if (all_digits(a, alen) && all_digits(b, blen)) {
		while (alen > 1 && *a == '0')
			a++, alen--;
		while (blen > 1 && *b == '0')
			b++, blen--;
		if (alen != blen)
			return alen < blen ? -1 : 1;
		return memcmp(a, b, alen);
	}
	c = memcmp(a, b, alen < blen ? alen : blen);
	return c ? c : (alen > blen) - (alen < blen);
}

int
seg_item_cmp(const struct seg_item *a, const struct seg_item *b, bool desc)
{
	if (a->v != b->v)
		return (a->v < b->v) != desc ? -1 : 1;
	return seg_id_cmp(a->id, a->idlen, b->id, b->idlen);
}

static int
cmp_asc(const void *a, const void *b)
{
	return seg_item_cmp(a, b, false);
}

static int
cmp_desc(const void *a, const void *b)
{
	return seg_item_cmp(a, b, true);
}

static void
bound_set(struct seg_bound *b, const struct seg_item *it)
{
	free(b->id);
	b->set = true;
	b->v = it->v;
	b->id = xstrndup(it->id, it->idlen);
	b->idlen = it->idlen;
}

void
seg_quantile_bounds(struct seg_item *items, size_t n, const int64_t *probs, size_t nb,
    struct seg_bound *bounds)
{
	size_t b, at;

	qsort(items, n, sizeof(*items), cmp_asc);
	for (b = 0; b < nb; b++) {
		/* Bin b+1 starts at the first i with floor(K*i/n) >= b+1. */
		if (probs)
			at = (size_t)(((i128)probs[b] * (i128)n + MILLION - 1) / MILLION);
		else
			at = (size_t)(((i128)(b + 1) * n + nb) / (nb + 1));
		bounds[b].set = false;
		if (at < n)
			bound_set(&bounds[b], &items[at]);
	}
}

void
seg_pareto_bounds(struct seg_item *items, size_t n, const int64_t *shares, size_t nshares,
    struct seg_bound *bounds)
{
	i128 total = 0, before = 0;
	size_t i, k, label, next = 0;

	qsort(items, n, sizeof(*items), cmp_desc);
	for (i = 0; i < n; i++)
		total += items[i].v;
	for (k = 0; k < nshares; k++)
		bounds[k].set = false;
	for (i = 0; i < n && next < nshares; i++) {
		/* The first share larger than the share held before it. */
		for (label = 0; label < nshares && before * MILLION >= (i128)shares[label] * total; label++)
			;
		for (; next < label; next++)
			bound_set(&bounds[next], &items[i]);
		before += items[i].v;
	}
}

size_t
seg_bin(const struct seg_bound *bounds, size_t nb, int64_t v, const char *id, size_t idlen, bool desc)
{
	struct seg_item it = {v, id, idlen}, b;
	size_t k, bin = 0;

	for (k = 0; k < nb; k++) {
		if (!bounds[k].set)
			continue;
		b.v = bounds[k].v;
		b.id = bounds[k].id;
		b.idlen = bounds[k].idlen;
		if (seg_item_cmp(&it, &b, desc) >= 0)
			bin++;
	}
	return bin;
}

size_t
seg_cut(const int64_t *cuts, size_t ncuts, int64_t v)
{
	size_t k = 0;

	while (k < ncuts && v >= cuts[k])
		k++;
	return k;
}

int64_t
seg_mean(const struct seg_item *items, size_t n, bool up)
{
	i128 sum = 0, q;
	size_t i;

	for (i = 0; i < n; i++)
		sum += items[i].v;
	if (n == 0)
		return 0;
	q = sum / (i128)n;
	/* Division truncates toward zero; round to the side asked for. */
	if (sum % (i128)n != 0 && ((sum > 0) == up))
		q += up ? 1 : -1;
	return (int64_t)q;
}

/* The standard mapping of the 125 RFM codes to the eleven segments. */
static const struct {
	const char *name, *codes;
} rfm_table[] = {
	{"Champions", "555 554 544 545 454 455 445"},
	{"Loyal Customers", "543 444 435 355 354 345 344 335"},
	{"Potential Loyalist", "553 551 552 541 542 533 532 531 452 451 442 441 431 453 433 432 423 "
	    "353 352 351 342 341 333 323"},
	{"New Customers", "512 511 422 421 412 411 311"},
	{"Promising", "525 524 523 522 521 515 514 513 425 424 413 414 415 315 314 313"},
	{"Need Attention", "535 534 443 434 343 334 325 324"},
	{"About To Sleep", "331 321 312 221 213 231 241 251"},
	{"At Risk", "255 254 245 244 253 252 243 242 235 234 225 224 153 152 145 143 142 135 134 133 "
	    "125 124"},
	{"Cannot Lose Them", "155 154 144 214 215 115 114 113"},
	{"Hibernating", "332 322 233 232 223 222 132 123 122 212 211"},
	{"Lost", "111 112 121 131 141 151"},
};

const char *
seg_rfm_name(const char *code)
{
	size_t i;
	const char *p;

	if (strlen(code) != 3)
		return NULL;
	for (i = 0; i < ARRAY_LEN(rfm_table); i++)
		for (p = rfm_table[i].codes; (p = strstr(p, code)) != NULL; p++)
			if ((p == rfm_table[i].codes || p[-1] == ' ') && (p[3] == ' ' || p[3] == '\0'))
				return rfm_table[i].name;
	return NULL;
}

static const char *const mean8_names[8] = {
	/* index: R<<2 | F<<1 | M */
	"一般挽留客户", "重要挽留客户", "一般保持客户", "重要保持客户",
	"一般发展客户", "重要发展客户", "一般价值客户", "重要价值客户",
};

const char *
seg_mean8_name(bool r, bool f, bool m)
{
	return mean8_names[(r << 2) | (f << 1) | m];
}

/* --- the spec ------------------------------------------------------------ */

enum dim_kind { DIM_CUTS, DIM_QUANTILES, DIM_CASE, DIM_TOP, DIM_PARETO, DIM_MEAN };
static const char *const kind_names[] = {"cuts", "quantiles", "case", "top", "pareto", "mean"};

struct dim_case {
	struct measure when;        /* expr NULL: the default */
	char *label;
};

/* A favourite: customer and value key -> the aggregate. */
struct top_entry {
	int64_t acc;
	size_t cust;
	size_t shown, shownlen;     /* the value as first written, in text */
	size_t key, keylen;         /* as compared, in text */
};

struct dimension {
	char *name;
	enum dim_kind kind;
	char where[40];             /* "dimensions[2]" */
	struct measure m;           /* the value; a top's "by" */
	int64_t *cuts;              /* cuts; quantile probabilities and
	                               pareto shares in millionths */
	size_t ncuts;
	bool by_k;                  /* quantiles: K equal bins, not probabilities */
	char **labels;
	size_t nlabels;
	struct dim_case *cases;
	size_t ncases;
	bool desc;                  /* ranks descending (pareto); mean: high when low (R) */
	/* top */
	long topcol;
	char *topsrc;
	bool by_count;
	const struct expr *by_arg;
	struct dayrange days;
	struct hash *groups;        /* customer + value key -> index into tops */
	struct top_entry *tops;
	size_t ntops, captops;
	struct strbuf text;         /* shown values */
	struct strbuf key, scratch;
	long *best;                 /* per orderbook customer: its top entry or -1 */
	/* learnt */
	struct seg_bound *bounds;
	size_t nbounds;
	bool learnt;
};

enum mode { MODE_SPEC, MODE_RFM, MODE_MEAN8 };

struct segment {
	char *path;                 /* the spec, or "--rfm" */
	enum mode mode;
	struct dimension *dims;
	size_t ndims;
	struct window window;
	struct status_filter statuses;
	size_t maxcalls;
	const char **colnames;      /* the columns added */
	size_t ncols;
	char *no_orders, *none;     /* the labels of null values, renamed */
	const struct orderbook *ob;
	int32_t as_of;
	bool default_as_of;
	int64_t r_shift;            /* taken off R once the as-of date is known */
	/* the customers kept */
	struct strbuf recs;         /* per customer: its fields, NUL-terminated */
	size_t *recoff;             /* where a customer's record starts */
	uint32_t *nfields;
	long *cust;                 /* orderbook index */
	size_t *keyoff;             /* its id key, in recs */
	uint32_t *keylen;
	int64_t *vals;              /* ndims per customer: a value, or a label index */
	size_t n, cap;
	struct xval *aggs;
	json_t *names;              /* --names, for the tables' segment names */
	struct segment_out {        /* segment_write_*'s */
		const struct header *h;
		struct addcols x;
		size_t next;
		char **field, **add;
		size_t *flen, *addlen;
		struct strbuf seg, code;
	} out;
};

struct loader {
	struct jsonfile jf;
	const struct expr_scope *scope;
};

static int64_t
json_dec(json_t *v, bool *ok)
{
	int64_t x = 0;
	double d;

	*ok = true;
	if (json_is_integer(v) && llabs(json_integer_value(v)) < INT64_MAX / DEC_SCALE)
		return json_integer_value(v) * DEC_SCALE;
	if (json_is_real(v) && fabs(d = json_real_value(v)) < 9.2e12)
		return llround(d * DEC_SCALE);
	if (json_is_string(v) && dec_parse(json_string_value(v), json_string_length(v), &x) == 0)
		return x;
	*ok = false;
	return 0;
}

static int
load_labels(struct loader *ld, struct dimension *d, json_t *v, size_t want, const char *what)
{
	char where[96], fits[64];
	size_t i, k;

	snprintf(where, sizeof(where), "%s.labels", d->where);
	snprintf(fits, sizeof(fits), "%zu %s", d->by_k ? want : want - 1, what);
	if (!json_is_array(v))
		return jf_bad(&ld->jf, where, "expected an array of %zu labels", want);
	if (json_array_size(v) != want)
		return jf_bad(&ld->jf, where, "%zu labels for %s: expected %zu", json_array_size(v), fits, want);
	d->nlabels = want;
	d->labels = xcalloc(want + 1, sizeof(char *));
	for (i = 0; i < want; i++) {
		json_t *l = json_array_get(v, i);
		if (!json_is_string(l) || json_string_length(l) == 0)
			return jf_bad(&ld->jf, where, "labels must be non-empty strings");
		d->labels[i] = xstrdup(json_string_value(l));
		for (k = 0; k < i; k++)
			if (strcmp(d->labels[k], d->labels[i]) == 0)
				return jf_bad(&ld->jf, where, "'%.200s' is listed twice", d->labels[i]);
	}
	return 0;
}

/* A number list at place key: strictly ascending, within (lo, hi) when
 * bounded (millionths of 1). */
static int
load_numbers(struct loader *ld, struct dimension *d, json_t *v, const char *key, bool fraction)
{
	char where[96];
	size_t i;
	bool ok;

	snprintf(where, sizeof(where), "%s.%s", d->where, key);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return jf_bad(&ld->jf, where, "expected a non-empty array of numbers");
	d->ncuts = json_array_size(v);
	d->cuts = xcalloc(d->ncuts + 1, sizeof(int64_t));
	for (i = 0; i < d->ncuts; i++) {
		d->cuts[i] = json_dec(json_array_get(v, i), &ok);
		if (!ok)
			return jf_bad(&ld->jf, where, "item %zu is not a number", i);
		if (fraction) {
			d->cuts[i] /= DEC_SCALE / MILLION;
			if (d->cuts[i] <= 0 || d->cuts[i] >= MILLION)
				return jf_bad(&ld->jf, where, "item %zu: expected a share between 0 and 1", i);
		}
		if (i > 0 && d->cuts[i] <= d->cuts[i - 1])
			return jf_bad(&ld->jf, where, "must be in ascending order, each larger than the one before");
	}
	return 0;
}

/* The value of a dimension: a number, over the spec's window or its own. */
static int
load_value(struct loader *ld, struct segment *s, struct dimension *d, json_t *j, const char *key)
{
	char where[96];
	json_t *v = json_object_get(j, key);
	enum xtype t;

	snprintf(where, sizeof(where), "%s.%s", d->where, key);
	if (!json_is_string(v))
		return jf_bad(&ld->jf, where, "expected an expression such as \"sum(amount)\"");
	if (measure_parse(&d->m, &ld->jf, where, json_string_value(v), ld->scope) < 0)
		return -1;
	t = expr_result_type(d->m.expr);
	if (t == X_BOOL || t == X_STR)
		return jf_bad(&ld->jf, where, "expected a number such as sum(amount), found %s",
		    t == X_BOOL ? "a condition" : "text");
	if (d->m.ncalls > s->maxcalls)
		s->maxcalls = d->m.ncalls;
	return 0;
}

static int
load_case(struct loader *ld, struct segment *s, struct dimension *d, json_t *v)
{
	static const char *const keys[] = {"when", "label", "comment", NULL};
	char where[96];
	size_t i;

	snprintf(where, sizeof(where), "%s.case", d->where);
	if (!json_is_array(v) || json_array_size(v) == 0)
		return jf_bad(&ld->jf, where, "expected a non-empty array of {\"when\", \"label\"}");
	d->ncases = json_array_size(v);
	d->cases = xcalloc(d->ncases + 1, sizeof(*d->cases));
	for (i = 0; i < d->ncases; i++) {
		json_t *c = json_array_get(v, i), *w, *l;
		struct dim_case *dc = &d->cases[i];
		snprintf(where, sizeof(where), "%s.case[%zu]", d->where, i);
		if (!json_is_object(c))
			return jf_bad(&ld->jf, where, "expected an object with \"when\" and \"label\"");
		if (!jf_only_keys(&ld->jf, c, where, keys))
			return -1;
		l = json_object_get(c, "label");
		if (!json_is_string(l) || json_string_length(l) == 0)
			return jf_bad(&ld->jf, where, "\"label\" is missing or not a non-empty string");
		dc->label = xstrdup(json_string_value(l));
		dc->when.window = d->m.window;
		if ((w = json_object_get(c, "when")) == NULL) {
			if (i + 1 < d->ncases)
				return jf_bad(&ld->jf, where, "only the last entry may go without \"when\"");
			continue;
		}
		snprintf(where, sizeof(where), "%s.case[%zu].when", d->where, i);
		if (!json_is_string(w))
			return jf_bad(&ld->jf, where, "expected a condition (a string)");
		if (measure_parse(&dc->when, &ld->jf, where, json_string_value(w), ld->scope) < 0)
			return -1;
		if (expr_result_type(dc->when.expr) == X_NUM || expr_result_type(dc->when.expr) == X_STR)
			return jf_bad(&ld->jf, where, "expected a condition such as city == '上海', found %s",
			    expr_result_type(dc->when.expr) == X_NUM ? "a number" : "text");
		if (dc->when.ncalls > s->maxcalls)
			s->maxcalls = dc->when.ncalls;
	}
	return 0;
}

/* The parenthesis that closes the one at s, or NULL. */
static const char *
closing_paren(const char *s)
{
	int depth = 0;
	char quote = 0;

	for (; *s; s++) {
		if (quote)
			quote = *s == quote ? 0 : quote;
		else if (*s == '\'' || *s == '`')
			quote = *s;
		else if (*s == '(')
			depth++;
		else if (*s == ')' && --depth == 0)
			return s;
	}
	return NULL;
}

static int
load_top(struct loader *ld, struct dimension *d, json_t *j)
{
	json_t *v = json_object_get(j, "top"), *by = json_object_get(j, "by");
	char where[96];
	struct strbuf p = STRBUF_INIT;
	bool ok;

	snprintf(where, sizeof(where), "%s.top", d->where);
	if (!json_is_string(v) || json_string_length(v) == 0)
		return jf_bad(&ld->jf, where, "expected the name of an order column, such as \"category\"");
	d->topsrc = xstrdup(json_string_value(v));
	d->topcol = ld->scope->order(ld->scope->order_ctx, d->topsrc, strlen(d->topsrc));
	if (d->topcol < 0)
		return jf_bad(&ld->jf, where, "the orders have no column '%.200s' (nor one with that role)",
		    d->topsrc);
	snprintf(where, sizeof(where), "%s.by", d->where);
	if (by != NULL && !json_is_string(by))
		return jf_bad(&ld->jf, where, "expected count() or sum(EXPR)");
	if (measure_parse(&d->m, &ld->jf, where, by ? json_string_value(by) : "count()", ld->scope) < 0)
		return -1;
	/* One aggregate and nothing around it: it is added up per value. */
	expr_print(d->m.expr, &p);
	ok = d->m.ncalls == 1 && (d->m.calls[0]->fn == AGG_COUNT || d->m.calls[0]->fn == AGG_SUM) &&
	    (strcmp(sb_str(&p), "count()") == 0 || (strncmp(sb_str(&p), "sum(", 4) == 0 &&
	    closing_paren(p.s + 3) == p.s + p.len - 1));
	sb_free(&p);
	if (!ok)
		return jf_bad(&ld->jf, where, "expected count() or sum(EXPR)");
	d->by_count = d->m.calls[0]->fn == AGG_COUNT;
	d->by_arg = d->m.calls[0]->arg;
	return 0;
}

static int
load_dimension(struct loader *ld, struct segment *s, struct dimension *d, json_t *j, size_t idx)
{
	static const char *const keys[] = {"name", "window", "cuts", "quantiles", "labels", "case", "top",
	    "by", "pareto", "shares", "expr", "comment", NULL};
	static const char *const kinds[] = {"cuts", "quantiles", "case", "top", "pareto"};
	json_t *v, *name;
	size_t i, nkinds = 0;
	char where[96];

	snprintf(d->where, sizeof(d->where), "dimensions[%zu]", idx);
	if (!json_is_object(j))
		return jf_bad(&ld->jf, d->where, "expected an object with \"name\" and one of cuts, "
		    "quantiles, case, top, pareto");
	if (!jf_only_keys(&ld->jf, j, d->where, keys))
		return -1;
	name = json_object_get(j, "name");
	if (!json_is_string(name) || json_string_length(name) == 0)
		return jf_bad(&ld->jf, d->where, "\"name\" (the column it adds) is missing or empty");
	d->name = xstrdup(json_string_value(name));
	if (strcmp(d->name, "segment") == 0)
		return jf_bad(&ld->jf, d->where, "\"segment\" is the column of the grid cell: name the "
		    "dimension otherwise");
	for (i = 0; i < idx; i++)
		if (strcmp(s->dims[i].name, d->name) == 0)
			return jf_bad(&ld->jf, d->where, "the name '%.200s' is used twice", d->name);
	for (i = 0; i < ARRAY_LEN(kinds); i++)
		if (json_object_get(j, kinds[i]) != NULL) {
			d->kind = (enum dim_kind)i;
			nkinds++;
		}
	if (nkinds != 1)
		return jf_bad(&ld->jf, d->where, "expected exactly one of cuts, quantiles, case, top, pareto");
	d->m.window = s->window;
	if ((v = json_object_get(j, "window")) != NULL) {
		snprintf(where, sizeof(where), "%s.window", d->where);
		if (window_load(&ld->jf, v, where, &d->m.window) < 0)
			return -1;
	}
	if (json_object_get(j, "expr") && d->kind != DIM_CUTS && d->kind != DIM_QUANTILES) {
		snprintf(where, sizeof(where), "%s.expr", d->where);
		return jf_bad(&ld->jf, where, "%s", d->kind == DIM_PARETO ? "a pareto dimension's expression "
		    "is its \"pareto\"" : "only cuts and quantiles take \"expr\"");
	}
	if (json_object_get(j, "by") && d->kind != DIM_TOP)
		return jf_bad(&ld->jf, d->where, "\"by\" goes with \"top\"");
	if (json_object_get(j, "shares") && d->kind != DIM_PARETO)
		return jf_bad(&ld->jf, d->where, "\"shares\" goes with \"pareto\"");
	if (json_object_get(j, "labels") && (d->kind == DIM_CASE || d->kind == DIM_TOP))
		return jf_bad(&ld->jf, d->where, "a %s dimension takes no \"labels\"", kind_names[d->kind]);
	switch (d->kind) {
	case DIM_CUTS:
		if (load_value(ld, s, d, j, "expr") < 0 || load_numbers(ld, d, json_object_get(j, "cuts"), "cuts", false) < 0)
			return -1;
		return load_labels(ld, d, json_object_get(j, "labels"), d->ncuts + 1, "cuts");
	case DIM_QUANTILES:
		if (load_value(ld, s, d, j, "expr") < 0)
			return -1;
		v = json_object_get(j, "quantiles");
		if (json_is_integer(v)) {
			snprintf(where, sizeof(where), "%s.quantiles", d->where);
			if (json_integer_value(v) < 2 || json_integer_value(v) > 1000)
				return jf_bad(&ld->jf, where, "expected a number of bins from 2 to 1000, or a list "
				    "of probabilities");
			d->by_k = true;
			d->ncuts = (size_t)json_integer_value(v) - 1;
		} else if (load_numbers(ld, d, v, "quantiles", true) < 0)
			return -1;
		d->nbounds = d->ncuts;
		return load_labels(ld, d, json_object_get(j, "labels"), d->ncuts + 1, d->by_k ?
		    "quantiles" : "probabilities");
	case DIM_CASE:
		return load_case(ld, s, d, json_object_get(j, "case"));
	case DIM_TOP:
		return load_top(ld, d, j);
	case DIM_PARETO:
		d->desc = true;
		if (load_value(ld, s, d, j, "pareto") < 0)
			return -1;
		if ((v = json_object_get(j, "shares")) == NULL)
			return jf_bad(&ld->jf, d->where, "a pareto dimension needs \"shares\", such as [0.8, 0.95]");
		if (load_numbers(ld, d, v, "shares", true) < 0)
			return -1;
		d->nbounds = d->ncuts;
		return load_labels(ld, d, json_object_get(j, "labels"), d->ncuts + 1, "shares");
	default:
		return -1;
	}
}

static struct segment *
segment_new(const char *path)
{
	struct segment *s = xcalloc(1, sizeof(*s));

	s->path = xstrdup(path);
	s->window.kind = W_ALL;
	s->no_orders = xstrdup(SEGMENT_NO_ORDERS);
	s->none = xstrdup(SEGMENT_NONE);
	return s;
}

static void
columns_init(struct segment *s)
{
	size_t i;

	s->ncols = s->ndims + (s->mode == MODE_RFM ? 2 : 1);
	s->colnames = xcalloc(s->ncols + 1, sizeof(char *));
	for (i = 0; i < s->ndims; i++)
		s->colnames[i] = s->dims[i].name;
	if (s->mode == MODE_RFM)
		s->colnames[i++] = "rfm";
	s->colnames[i] = "segment";
	for (i = 0; i < s->ndims; i++)
		if (s->dims[i].nbounds)
			s->dims[i].bounds = xcalloc(s->dims[i].nbounds, sizeof(struct seg_bound));
}

struct segment *
segment_load(const char *path, const struct expr_scope *scope, struct cust_err *err)
{
	static const char *const top_keys[] = {"dimensions", "window", "statuses", "name", "description",
	    "comment", NULL};
	struct loader ld = {{path, err}, scope};
	struct segment *s = segment_new(path);
	json_t *root, *v;
	size_t i;

	if ((root = json_load_config(path, err)) == NULL)
		goto fail;
	if (!json_is_object(root)) {
		jf_bad(&ld.jf, "top level", "expected an object with \"dimensions\"");
		goto fail;
	}
	if (!jf_only_keys(&ld.jf, root, "top level", top_keys))
		goto fail;
	if ((v = json_object_get(root, "window")) != NULL && window_load(&ld.jf, v, "window", &s->window) < 0)
		goto fail;
	if ((v = json_object_get(root, "statuses")) != NULL && statuses_load(&ld.jf, v, &s->statuses) < 0)
		goto fail;
	v = json_object_get(root, "dimensions");
	if (!json_is_array(v) || json_array_size(v) == 0) {
		jf_bad(&ld.jf, "dimensions", "expected a non-empty array of dimensions");
		goto fail;
	}
	if (json_array_size(v) > MAX_DIMS) {
		jf_bad(&ld.jf, "dimensions", "at most %d dimensions", MAX_DIMS);
		goto fail;
	}
	s->dims = xcalloc(json_array_size(v), sizeof(*s->dims));
	for (i = 0; i < json_array_size(v); i++) {
		s->ndims = i + 1;
		if (load_dimension(&ld, s, &s->dims[i], json_array_get(v, i), i) < 0)
			goto fail;
	}
	columns_init(s);
	json_decref(root);
	return s;
fail:
	json_decref(root);
	segment_free(s);
	return NULL;
}

int
segment_check(const char *path, struct cust_err *err)
{
	struct segment *s = segment_load(path, &expr_any_columns, err);

	segment_free(s);
	return s ? 0 : -1;
}

/* One of RFM's three: R, F or M over all orders before the as-of date;
 * errors name where. */
static int
rfm_dimension(struct segment *s, struct dimension *d, const char *name, const char *src, bool reverse,
    const char *where, const struct expr_scope *scope, struct cust_err *err)
{
	static const char *const up[] = {"1", "2", "3", "4", "5"}, *const down[] = {"5", "4", "3", "2", "1"};
	struct jsonfile jf = {"--rfm", err};
	size_t i;

	d->name = xstrdup(name);
	snprintf(d->where, sizeof(d->where), "%s", name);
	d->m.window = s->window;
	if (measure_parse(&d->m, &jf, where, src, scope) < 0)
		return -1;
	if (d->m.ncalls > s->maxcalls)
		s->maxcalls = d->m.ncalls;
	d->labels = xcalloc(6, sizeof(char *));
	if (s->mode == MODE_MEAN8) {
		d->kind = DIM_MEAN;
		d->desc = reverse;
		d->nbounds = 1;
		d->nlabels = 2;
		d->labels[0] = xstrdup("低");
		d->labels[1] = xstrdup("高");
		return 0;
	}
	d->kind = DIM_QUANTILES;
	d->by_k = true;
	d->ncuts = d->nbounds = 4;
	d->nlabels = 5;
	for (i = 0; i < 5; i++)
		d->labels[i] = xstrdup(reverse ? down[i] : up[i]);
	return 0;
}

struct segment *
segment_rfm(bool mean8, const char *amount, bool has_order_id, const struct expr_scope *scope,
    struct cust_err *err)
{
	struct segment *s = segment_new("--rfm");
	struct strbuf m = STRBUF_INIT;
	struct expr *e;
	int rc = 0;

	s->mode = mean8 ? MODE_MEAN8 : MODE_RFM;
	s->ndims = 3;
	s->dims = xcalloc(3, sizeof(*s->dims));
	/* The amount is an order line's: checked alone, so that an error's
	 * column counts in what the user wrote. */
	if (amount != NULL) {
		rc = order_amount(amount, scope, NULL, &e, err);
		expr_free(e);
	} else if (scope->order(scope->order_ctx, "amount", 6) < 0)
		rc = cust_fail(err, CUST_USAGE, "--rfm: the orders have no amount column: say what M adds up "
		    "with --amount EXPR (such as 'Quantity * UnitPrice')");
	sb_addf(&m, "sum(%s)", amount ? amount : "amount");
	if (rc == 0)
		rc = rfm_dimension(s, &s->dims[0], mean8 ? "r_level" : "r_score", "recency()", true, "R", scope, err);
	if (rc == 0)
		rc = rfm_dimension(s, &s->dims[1], mean8 ? "f_level" : "f_score",
		    has_order_id ? "distinct(order_id)" : "count()", false, "F", scope, err);
	if (rc == 0)
		rc = rfm_dimension(s, &s->dims[2], mean8 ? "m_level" : "m_score", m.s, false, "M", scope, err);
	sb_free(&m);
	if (rc < 0) {
		segment_free(s);
		return NULL;
	}
	columns_init(s);
	return s;
}

static void
free_dimension(struct dimension *d)
{
	size_t i;

	free(d->name);
	measure_free(&d->m);
	free(d->cuts);
	for (i = 0; i < d->nlabels; i++)
		free(d->labels[i]);
	free(d->labels);
	for (i = 0; i < d->ncases; i++) {
		measure_free(&d->cases[i].when);
		free(d->cases[i].label);
	}
	free(d->cases);
	free(d->topsrc);
	if (d->groups)
		hash_free(d->groups);
	free(d->tops);
	sb_free(&d->text);
	sb_free(&d->key);
	sb_free(&d->scratch);
	free(d->best);
	for (i = 0; d->bounds && i < d->nbounds; i++)
		free(d->bounds[i].id);
	free(d->bounds);
}

void
segment_free(struct segment *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->ndims; i++)
		free_dimension(&s->dims[i]);
	free(s->dims);
	statuses_free(&s->statuses);
	free((void *)s->colnames);
	free(s->no_orders);
	free(s->none);
	sb_free(&s->recs);
	free(s->recoff);
	free(s->nfields);
	free(s->cust);
	free(s->keyoff);
	free(s->keylen);
	free(s->vals);
	free(s->aggs);
	json_decref(s->names);
	free(s->path);
	free(s);
}

/* --- names ----------------------------------------------------------------- */

/* Rename label *l if names has it; count the renames. */
static void
rename_label(char **l, json_t *names, json_t *used)
{
	json_t *v = json_object_get(names, *l);

	if (v == NULL)
		return;
	json_object_set_new(used, *l, json_true());
	free(*l);
	*l = xstrdup(json_string_value(v));
}

int
segment_names(struct segment *s, const char *path, struct cust_err *err)
{
	struct jsonfile jf = {path, err};
	json_t *names = json_load_config(path, err), *used, *v;
	const char *k, *known = NULL;
	size_t i, j;
	int rc = 0;

	if (names == NULL)
		return -1;
	if (!json_is_object(names)) {
		json_decref(names);
		return jf_bad(&jf, "top level", "expected an object of names, such as {\"Champions\": \"重要价值客户\"}");
	}
	json_object_foreach(names, k, v)
		if (!json_is_string(v) || json_string_length(v) == 0) {
			/* k lives in names: the message first. */
			rc = jf_bad(&jf, k, "expected the new name (a non-empty string)");
			json_decref(names);
			return rc;
		}
	used = json_object();
	for (i = 0; i < s->ndims; i++) {
		for (j = 0; j < s->dims[i].nlabels; j++)
			rename_label(&s->dims[i].labels[j], names, used);
		for (j = 0; j < s->dims[i].ncases; j++)
			rename_label(&s->dims[i].cases[j].label, names, used);
	}
	rename_label(&s->no_orders, names, used);
	rename_label(&s->none, names, used);
	/* The segment names of RFM and the eight classes live in tables:
	 * they are renamed as they are written, through the names kept. */
	json_object_foreach(names, k, v) {
		bool known_name = false;
		for (i = 0; s->mode == MODE_RFM && i < ARRAY_LEN(rfm_table); i++)
			known_name |= strcmp(rfm_table[i].name, k) == 0;
		for (i = 0; s->mode == MODE_MEAN8 && i < 8; i++)
			known_name |= strcmp(mean8_names[i], k) == 0;
		if (!known_name && json_object_get(used, k) == NULL && known == NULL)
			known = k;
	}
	if (known != NULL)
		rc = jf_bad(&jf, known, "not a label or segment name of this run");
	json_decref(used);
	if (rc == 0) {
		s->names = names;
		return 0;
	}
	json_decref(names);
	return rc;
}

/* --- orders ------------------------------------------------------------------ */

/* Every counted order, for the top dimensions: its value's aggregate. */
static void
top_order(void *ctx, size_t cust, int32_t day, char *const *row, const size_t *rowlen)
{
	struct segment *s = ctx;
	struct top_entry *e;
	const char *t;
	size_t i, n;
	int64_t x;
	bool added;
	uint64_t *slot;

	for (i = 0; i < s->ndims; i++) {
		struct dimension *d = &s->dims[i];
		if (d->kind != DIM_TOP || day < d->days.from || day > d->days.to)
			continue;
		t = trim_space(row[d->topcol], rowlen[d->topcol], &n);
		if (n == 0 || is_placeholder(t, n))
			continue;
		if (d->by_count)
			x = DEC_SCALE;
		else if (!xval_number(expr_eval(d->by_arg, row, rowlen, NULL), &x))
			continue;
		/* Values compare as the toolkit's text does: 'Books' is 'books '. */
		sb_reset(&d->key);
		sb_add(&d->key, &cust, sizeof(cust));
		if (text_key(t, n, &d->scratch) == VALUE_OK)
			sb_add(&d->key, d->scratch.s, d->scratch.len);
		else
			sb_add(&d->key, t, n);
		slot = hash_put(d->groups, d->key.s, d->key.len, &added);
		if (added) {
			if (d->ntops == d->captops) {
				d->captops = d->captops ? d->captops * 2 : 64;
				d->tops = xreallocarray(d->tops, d->captops, sizeof(*d->tops));
			}
			e = &d->tops[d->ntops];
			e->acc = 0;
			e->cust = cust;
			/* Shown as first written; compared by its key. */
			e->shown = d->text.len;
			e->shownlen = n;
			sb_add(&d->text, t, n);
			sb_addc(&d->text, '\0');
			e->key = d->text.len;
			e->keylen = d->key.len - sizeof(cust);
			sb_add(&d->text, d->key.s + sizeof(cust), e->keylen);
			sb_addc(&d->text, '\0');
			*slot = d->ntops++;
		}
		e = &d->tops[*slot];
		if (__builtin_add_overflow(e->acc, x, &e->acc))
			e->acc = x > 0 ? INT64_MAX : INT64_MIN + 1;
	}
}

/* Each customer's favourite: the largest aggregate, ties to the smaller
 * value (by its key). */
static void
top_reduce(struct segment *s, struct dimension *d)
{
	size_t i, nc = orderbook_customers(s->ob);

	d->best = xcalloc(nc + 1, sizeof(long));
	for (i = 0; i < nc; i++)
		d->best[i] = -1;
	for (i = 0; i < d->ntops; i++) {
		struct top_entry *e = &d->tops[i], *b;
		if (d->best[e->cust] < 0) {
			d->best[e->cust] = (long)i;
			continue;
		}
		b = &d->tops[d->best[e->cust]];
		if (e->acc > b->acc || (e->acc == b->acc && seg_id_cmp(d->text.s + e->key, e->keylen,
		    d->text.s + b->key, b->keylen) < 0))
			d->best[e->cust] = (long)i;
	}
}

void
segment_order_columns(const struct segment *s, struct order_columns *oc)
{
	size_t i, k;

	for (i = 0; i < s->ndims; i++) {
		order_columns_numeric(oc, s->dims[i].m.expr);
		for (k = 0; k < s->dims[i].ncases; k++)
			order_columns_numeric(oc, s->dims[i].cases[k].when.expr);
	}
}

const struct status_filter *
segment_statuses(const struct segment *s)
{
	return &s->statuses;
}

void
segment_bind(struct segment *s, struct orderbook *ob, int32_t as_of, bool default_as_of)
{
	size_t i, k;
	bool tops = false;

	s->ob = ob;
	s->as_of = as_of;
	s->default_as_of = default_as_of;
	for (i = 0; i < s->ndims; i++) {
		struct dimension *d = &s->dims[i];
		if (d->kind == DIM_TOP) {
			d->days = window_days(d->m.window, as_of);
			d->groups = hash_new();
			tops = true;
			continue;
		}
		measure_bind(&d->m, ob, as_of);
		for (k = 0; k < d->ncases; k++)
			measure_bind(&d->cases[k].when, ob, as_of);
	}
	if (tops)
		orderbook_on_order(ob, top_order, s);
	s->aggs = xcalloc(s->maxcalls + 1, sizeof(*s->aggs));
}

int32_t
segment_as_of(const struct segment *s)
{
	return s->as_of;
}

size_t
segment_customers(const struct segment *s)
{
	return s->n;
}

/* --- customers --------------------------------------------------------------- */

static void
grow(struct segment *s)
{
	size_t i;

	if (s->n < s->cap)
		return;
	s->cap = s->cap ? s->cap * 2 : 1024;
	s->recoff = xreallocarray(s->recoff, s->cap, sizeof(*s->recoff));
	s->nfields = xreallocarray(s->nfields, s->cap, sizeof(*s->nfields));
	s->cust = xreallocarray(s->cust, s->cap, sizeof(*s->cust));
	s->keyoff = xreallocarray(s->keyoff, s->cap, sizeof(*s->keyoff));
	s->keylen = xreallocarray(s->keylen, s->cap, sizeof(*s->keylen));
	s->vals = xreallocarray(s->vals, s->cap * s->ndims, sizeof(*s->vals));
	if (s->n == 0)
		for (i = 0; i < s->ndims; i++)
			if (s->dims[i].kind == DIM_TOP)
				top_reduce(s, &s->dims[i]);
}

/* A dimension's value for a customer: a number (or NULLV), or for case
 * and top the index of its label (-1: null, -2: no case holds). */
static int64_t
measure_of(struct segment *s, struct dimension *d, long cust, char *const *field, const size_t *len)
{
	struct xval v;
	int64_t x;
	size_t k;

	switch (d->kind) {
	case DIM_CASE:
		for (k = 0; k < d->ncases; k++)
			if (measure_holds(&d->cases[k].when, s->ob, cust, field, len, s->aggs))
				return (int64_t)k;
		return -2;
	case DIM_TOP:
		return cust >= 0 ? d->best[cust] : -1;
	default:
		/* RFM ranks the customers who bought: one without counted
		 * orders has a frequency of 0, but no place among them. */
		if (s->mode != MODE_SPEC && !orderbook_counted(s->ob, cust))
			return NULLV;
		v = measure_value(&d->m, s->ob, cust, field, len, s->aggs);
		if (!xval_number(v, &x) || x == NULLV)
			return NULLV;
		return d == &s->dims[0] && s->mode != MODE_SPEC ? x - s->r_shift : x;
	}
}

void
segment_add(struct segment *s, long cust, char *const *field, const size_t *len, size_t n,
    const char *key, size_t keylen, bool keep)
{
	size_t i;

	grow(s);
	s->recoff[s->n] = s->recs.len;
	s->nfields[s->n] = keep ? (uint32_t)n : 0;
	for (i = 0; keep && i < n; i++) {
		sb_add(&s->recs, field[i], len[i]);
		sb_addc(&s->recs, '\0');
	}
	s->keyoff[s->n] = s->recs.len;
	s->keylen[s->n] = (uint32_t)keylen;
	sb_add(&s->recs, key, keylen);
	sb_addc(&s->recs, '\0');
	s->cust[s->n] = cust;
	for (i = 0; i < s->ndims; i++)
		s->vals[s->n * s->ndims + i] = measure_of(s, &s->dims[i], cust, field, len);
	s->n++;
}

/* With the default as-of date (the day after the latest counted order),
 * the slots were bound to a date far ahead: recency is moved back by
 * the distance, now that the latest order is known. */
static void
rebase_as_of(struct segment *s)
{
	struct dimension *r = &s->dims[0];
	size_t i, nc = orderbook_customers(s->ob);
	int64_t least = INT64_MAX, x;
	struct xval v;

	if (!s->default_as_of || s->mode == MODE_SPEC)
		return;
	s->default_as_of = false;
	for (i = 0; i < nc; i++) {
		v = orderbook_value(s->ob, (long)i, r->m.slots[0]);
		if (v.type == X_NUM && v.num < least)
			least = v.num;
	}
	if (least == INT64_MAX)
		return;
	s->as_of -= (int32_t)(least / DEC_SCALE) - 1;
	s->r_shift = least - DEC_SCALE;
	for (i = 0; i < s->n; i++) {
		x = s->vals[i * s->ndims];
		if (x != NULLV)
			s->vals[i * s->ndims] = x - s->r_shift;
	}
}

static bool
ranks(const struct dimension *d)
{
	return d->kind == DIM_QUANTILES || d->kind == DIM_PARETO || d->kind == DIM_MEAN;
}

int
segment_learn(struct segment *s, struct cust_err *err)
{
	struct jsonfile jf = {s->path, err};
	struct seg_item *items = xcalloc(s->n + 1, sizeof(*items));
	size_t i, k, n;

	rebase_as_of(s);
	for (k = 0; k < s->ndims; k++) {
		struct dimension *d = &s->dims[k];
		if (!ranks(d))
			continue;
		for (i = n = 0; i < s->n; i++) {
			int64_t v = s->vals[i * s->ndims + k];
			if (v == NULLV || (d->kind == DIM_PARETO && v <= 0) || s->keylen[i] == 0)
				continue;
			items[n].v = v;
			items[n].id = s->recs.s + s->keyoff[i];
			items[n++].idlen = s->keylen[i];
		}
		if (n == 0 && s->n > 0) {
			free(items);
			return jf_bad(&jf, d->where, "nobody to rank: no customer has a %s (an empty population)",
			    d->kind == DIM_PARETO ? "positive value" : s->mode == MODE_SPEC ? "value" :
			    "counted order before the as-of date");
		}
		if (d->kind == DIM_QUANTILES)
			seg_quantile_bounds(items, n, d->by_k ? NULL : d->cuts, d->nbounds, d->bounds);
		else if (d->kind == DIM_PARETO)
			seg_pareto_bounds(items, n, d->cuts, d->nbounds, d->bounds);
		else {
			d->bounds[0].set = true;
			d->bounds[0].v = seg_mean(items, n, !d->desc);
		}
		d->learnt = true;
	}
	free(items);
	return 0;
}

/* --- models ------------------------------------------------------------------ */

/* What identifies a dimension: a model applies only to the same ones. */
static void
fingerprint(const struct dimension *d, struct strbuf *out)
{
	size_t k;

	sb_reset(out);
	sb_addf(out, "%s %s ", kind_names[d->kind], d->name);
	if (d->kind == DIM_TOP)
		sb_addf(out, "%s by ", d->topsrc);
	if (d->m.expr)
		expr_print(d->m.expr, out);
	for (k = 0; k < d->ncases; k++) {
		sb_adds(out, k ? "; " : "");
		if (d->cases[k].when.expr)
			expr_print(d->cases[k].when.expr, out);
	}
	/* Cuts are numbers, shares and probabilities millionths of 1: as
	 * the spec wrote them either way. */
	for (k = 0; d->cuts && k < d->ncuts; k++) {
		char buf[32];
		sb_addc(out, ' ');
		sb_add(out, buf, dec_format(d->kind == DIM_CUTS ? d->cuts[k] : d->cuts[k] * (DEC_SCALE / MILLION), buf));
	}
	if (d->by_k)
		sb_addf(out, " k%zu", d->ncuts + 1);
	if (d->m.window.kind != W_ALL)
		sb_addf(out, " window %d%c", d->m.window.n, d->m.window.kind == W_DAYS ? 'd' : 'm');
}

static json_t *
dec_json(int64_t v)
{
	char buf[32];

	dec_format(v, buf);
	return json_string(buf);
}

int
segment_fit_write(const struct segment *s, FILE *fp, struct cust_err *err)
{
	json_t *root = json_object(), *dims = json_array();
	struct strbuf fp_text = STRBUF_INIT;
	char date[16];
	size_t k, b;

	date_format(date_from_days(s->as_of), date);
	json_object_set_new(root, "model", json_string("custkit-segment"));
	json_object_set_new(root, "spec", json_string(s->path));
	json_object_set_new(root, "as_of", json_string(date));
	json_object_set_new(root, "customers", json_integer((json_int_t)s->n));
	for (k = 0; k < s->ndims; k++) {
		const struct dimension *d = &s->dims[k];
		json_t *j = json_object(), *bounds;
		fingerprint(d, &fp_text);
		json_object_set_new(j, "dimension", json_string(fp_text.s));
		if (ranks(d)) {
			bounds = json_array();
			for (b = 0; b < d->nbounds; b++) {
				json_t *x = json_null();
				if (d->bounds[b].set && d->kind == DIM_MEAN)
					x = json_pack("{s:o}", "mean", dec_json(d->bounds[b].v));
				else if (d->bounds[b].set)
					x = json_pack("{s:o, s:s%}", "value", dec_json(d->bounds[b].v), "id",
					    d->bounds[b].id, d->bounds[b].idlen);
				json_array_append_new(bounds, x);
			}
			json_object_set_new(j, "bounds", bounds);
		}
		json_array_append_new(dims, j);
	}
	json_object_set_new(root, "dimensions", dims);
	sb_free(&fp_text);
	if (json_dumpf(root, fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) < 0 || fputc('\n', fp) == EOF) {
		json_decref(root);
		return cust_fail(err, CUST_OUTPUT, "the model could not be written");
	}
	json_decref(root);
	return 0;
}

static int
model_bound(const struct jsonfile *jf, const char *where, json_t *x, struct seg_bound *b, bool mean)
{
	json_t *v = json_object_get(x, mean ? "mean" : "value"), *id = json_object_get(x, "id");
	int64_t n;

	if (json_is_null(x)) {
		b->set = false;
		return 0;
	}
	if (!json_is_object(x) || !json_is_string(v) ||
	    dec_parse(json_string_value(v), json_string_length(v), &n) != 0 || (!mean && !json_is_string(id)))
		return jf_bad(jf, where, mean ? "expected {\"mean\": NUMBER}" : "expected null or {\"value\": "
		    "NUMBER, \"id\": ID}");
	free(b->id);
	b->set = true;
	b->v = n;
	b->id = mean ? NULL : xstrndup(json_string_value(id), json_string_length(id));
	b->idlen = mean ? 0 : json_string_length(id);
	return 0;
}

int
segment_model_load(struct segment *s, const char *path, struct cust_err *err)
{
	struct jsonfile jf = {path, err};
	json_t *root = json_load_config(path, err), *dims, *j, *bounds;
	struct strbuf want = STRBUF_INIT;
	char where[96];
	size_t k, b;
	int rc = -1;

	if (root == NULL)
		return -1;
	rebase_as_of(s);
	dims = json_object_get(root, "dimensions");
	if (!json_is_object(root) || !json_is_string(json_object_get(root, "model")) ||
	    strcmp(json_string_value(json_object_get(root, "model")), "custkit-segment") != 0 ||
	    !json_is_array(dims)) {
		jf_bad(&jf, "top level", "not a model written by cust-segment --fit");
		goto out;
	}
	if (json_array_size(dims) != s->ndims) {
		jf_bad(&jf, "dimensions", "made for another spec: %zu dimensions, this one has %zu",
		    json_array_size(dims), s->ndims);
		goto out;
	}
	for (k = 0; k < s->ndims; k++) {
		struct dimension *d = &s->dims[k];
		j = json_array_get(dims, k);
		snprintf(where, sizeof(where), "dimensions[%zu]", k);
		fingerprint(d, &want);
		if (!json_is_string(json_object_get(j, "dimension")) ||
		    strcmp(json_string_value(json_object_get(j, "dimension")), want.s) != 0) {
			jf_bad(&jf, where, "made for another spec: '%.200s', this one is '%.200s'",
			    json_is_string(json_object_get(j, "dimension")) ?
			    json_string_value(json_object_get(j, "dimension")) : "?", want.s);
			goto out;
		}
		if (!ranks(d))
			continue;
		bounds = json_object_get(j, "bounds");
		if (!json_is_array(bounds) || json_array_size(bounds) != d->nbounds) {
			jf_bad(&jf, where, "expected \"bounds\", an array of %zu", d->nbounds);
			goto out;
		}
		for (b = 0; b < d->nbounds; b++) {
			snprintf(where, sizeof(where), "dimensions[%zu].bounds[%zu]", k, b);
			if (model_bound(&jf, where, json_array_get(bounds, b), &d->bounds[b], d->kind == DIM_MEAN) < 0)
				goto out;
		}
		d->learnt = true;
	}
	rc = 0;
out:
	sb_free(&want);
	json_decref(root);
	return rc;
}

/* --- output ------------------------------------------------------------------ */

/* The label index of customer i in dimension k, or -1 (null), -2 (none). */
static long
label_of(const struct segment *s, size_t i, size_t k)
{
	const struct dimension *d = &s->dims[k];
	int64_t v = s->vals[i * s->ndims + k];
	const char *id = s->recs.s + s->keyoff[i];

	switch (d->kind) {
	case DIM_CASE:
		return (long)v;
	case DIM_TOP:
		return v < 0 ? -1 : (long)v;
	case DIM_CUTS:
		return v == NULLV ? -1 : (long)seg_cut(d->cuts, d->ncuts, v);
	case DIM_PARETO:
		if (v == NULLV || v <= 0)
			return (long)d->nlabels - 1;
		return (long)seg_bin(d->bounds, d->nbounds, v, id, s->keylen[i], true);
	case DIM_QUANTILES:
		return v == NULLV ? -1 : (long)seg_bin(d->bounds, d->nbounds, v, id, s->keylen[i], false);
	case DIM_MEAN:
		if (v == NULLV)
			return -1;
		return d->desc ? v <= d->bounds[0].v : v >= d->bounds[0].v;
	}
	return -1;
}

static const char *
label_text(const struct segment *s, size_t i, size_t k, long l)
{
	const struct dimension *d = &s->dims[k];

	/* RFM's scores of a customer without orders are empty: its segment
	 * says why. */
	if (l == -1 && s->mode != MODE_SPEC)
		return "";
	if (l == -1)
		return orderbook_counted(s->ob, s->cust[i]) ? s->none : s->no_orders;
	if (l == -2)
		return "";
	if (d->kind == DIM_CASE)
		return d->cases[l].label;
	if (d->kind == DIM_TOP)
		return d->text.s + d->tops[l].shown;
	return d->labels[l];
}

static const char *
renamed(const struct segment *s, const char *name)
{
	json_t *v = s->names ? json_object_get(s->names, name) : NULL;

	return v ? json_string_value(v) : name;
}

struct tally {
	size_t n;
	i128 sum;
};

/* The first dimension with a number to share out, for the summary. */
static long
share_dim(const struct segment *s)
{
	size_t k;

	if (s->mode != MODE_SPEC)
		return 2;
	for (k = 0; k < s->ndims; k++)
		if (s->dims[k].kind == DIM_CUTS || s->dims[k].kind == DIM_QUANTILES || s->dims[k].kind == DIM_PARETO)
			return (long)k;
	return -1;
}

/* The added columns of customer i into vals/lens; seg holds the cell. */
static void
labels(struct segment *s, size_t i, char **vals, size_t *lens, struct strbuf *seg, struct strbuf *code)
{
	long l[MAX_DIMS];
	size_t k;
	bool all = true;
	const char *name;

	sb_reset(seg);
	sb_reset(code);
	for (k = 0; k < s->ndims; k++) {
		l[k] = label_of(s, i, k);
		vals[k] = (char *)label_text(s, i, k, l[k]);
		all &= l[k] >= 0;
		if (s->mode == MODE_SPEC) {
			if (k)
				sb_addc(seg, '/');
			sb_adds(seg, vals[k]);
		}
	}
	if (s->mode == MODE_RFM) {
		/* The code is the scores' digits, whatever --names says. */
		if (all) {
			char digits[4] = {(char)('5' - l[0]), (char)('1' + l[1]), (char)('1' + l[2]), 0};
			name = seg_rfm_name(digits);
			sb_adds(code, digits);
			sb_adds(seg, renamed(s, name ? name : ""));
		} else
			sb_adds(seg, orderbook_counted(s->ob, s->cust[i]) ? s->none : s->no_orders);
		vals[s->ndims] = (char *)sb_str(code);
	} else if (s->mode == MODE_MEAN8)
		sb_adds(seg, all ? renamed(s, seg_mean8_name(l[0] == 1, l[1] == 1, l[2] == 1)) :
		    orderbook_counted(s->ob, s->cust[i]) ? s->none : s->no_orders);
	vals[s->ncols - 1] = (char *)sb_str(seg);
	for (k = 0; k < s->ncols; k++)
		lens[k] = strlen(vals[k]);
}

void
segment_write_begin(struct segment *s, struct writer *w, const struct header *h, bool header)
{
	struct segment_out *o = &s->out;

	o->h = h;
	o->next = 0;
	o->field = xcalloc(h->n + 1, sizeof(char *));
	o->flen = xcalloc(h->n + 1, sizeof(size_t));
	o->add = xcalloc(s->ncols + 1, sizeof(char *));
	o->addlen = xcalloc(s->ncols + 1, sizeof(size_t));
	addcols_begin(&o->x, w, h, s->colnames, s->ncols);
	if (header)
		addcols_header(&o->x);
}

int
segment_write_next(struct segment *s, char *const *field, const size_t *len, const char *key,
    size_t keylen, struct cust_err *err)
{
	struct segment_out *o = &s->out;
	size_t i = o->next, f;
	const char *p;

	if (i >= s->n || (field && (keylen != s->keylen[i] || memcmp(key, s->recs.s + s->keyoff[i], keylen) != 0)))
		return cust_fail(err, CUST_INPUT, "the customer table changed while it was read "
		    "(record %zu is not the customer it was)", i + 1);
	if (field == NULL) {
		p = s->recs.s + s->recoff[i];
		for (f = 0; f < s->nfields[i] && f < o->h->n; f++) {
			o->field[f] = (char *)p;
			o->flen[f] = strlen(p);
			p += o->flen[f] + 1;
		}
		field = o->field;
		len = o->flen;
	}
	if (s->keylen[i] > 0)
		labels(s, i, o->add, o->addlen, &o->seg, &o->code);
	else
		/* No customer: written as it was, its own columns kept. */
		for (f = 0; f < s->ncols; f++) {
			o->add[f] = o->x.at[f] < o->h->n ? field[o->x.at[f]] : "";
			o->addlen[f] = o->x.at[f] < o->h->n ? len[o->x.at[f]] : 0;
		}
	addcols_row(&o->x, field, len, o->add, o->addlen);
	o->next++;
	return 0;
}

int
segment_write_end(struct segment *s, struct cust_err *err)
{
	struct segment_out *o = &s->out;
	size_t written = o->next;

	addcols_end(&o->x);
	sb_free(&o->seg);
	sb_free(&o->code);
	free(o->field);
	free(o->flen);
	free(o->add);
	free(o->addlen);
	memset(o, 0, sizeof(*o));
	if (err != NULL && written != s->n)
		return cust_fail(err, CUST_INPUT, "the customer table changed while it was read "
		    "(%zu records, then %zu)", s->n, written);
	return 0;
}

struct summary_row {
	const char *name;
	size_t idx;                 /* its tally */
};

/* Most customers first; ties by name. */
static int
cmp_rows(const void *a, const void *b, void *ctx)
{
	const struct tally *t = ctx;
	const struct summary_row *x = a, *y = b;

	if (t[x->idx].n != t[y->idx].n)
		return t[x->idx].n > t[y->idx].n ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void
pad(FILE *fp, const char *s, size_t width, bool right)
{
	size_t w = display_width(s, strlen(s));

	if (right)
		fprintf(fp, "%*s%s", (int)(width > w ? width - w : 0), "", s);
	else
		fprintf(fp, "%s%*s", s, (int)(width > w ? width - w : 0), "");
}

static void
percent(char *buf, size_t cap, i128 part, i128 whole)
{
	i128 t = whole ? (part * 2000 / whole + (part >= 0 ? 1 : -1)) / 2 : 0;   /* tenths, rounded */

	snprintf(buf, cap, "%s%lld.%lld%%", t < 0 ? "-" : "", (long long)(t < 0 ? -t : t) / 10,
	    (long long)(t < 0 ? -t : t) % 10);
}

void
segment_summary(const struct segment *s, FILE *fp)
{
	struct hash *names = hash_new();
	struct tally *t = xcalloc(s->n + 1, sizeof(*t));
	struct summary_row *rows = xcalloc(s->n + 1, sizeof(*rows));
	char **vals = xcalloc(s->ncols + 1, sizeof(char *)), share[32], mshare[32], count[32];
	size_t *lens = xcalloc(s->ncols + 1, sizeof(size_t)), i, nrows = 0, width = 7, mwidth = 9;
	struct strbuf seg = STRBUF_INIT, code = STRBUF_INIT, title = STRBUF_INIT;
	long md = share_dim(s);
	i128 total = 0;
	bool added;
	uint64_t *slot;

	for (i = 0; i < s->n; i++) {
		if (s->keylen[i] == 0)
			continue;
		labels((struct segment *)s, i, vals, lens, &seg, &code);
		slot = hash_put(names, seg.s, seg.len, &added);
		if (added) {
			*slot = nrows;
			rows[nrows].idx = nrows;
			nrows++;
		}
		t[*slot].n++;
		if (md >= 0 && s->vals[i * s->ndims + (size_t)md] != NULLV) {
			t[*slot].sum += s->vals[i * s->ndims + (size_t)md];
			total += s->vals[i * s->ndims + (size_t)md];
		}
	}
	{
		size_t k = 0, len;
		const char *key;
		uint64_t *val;
		while (hash_iter(names, &k, &key, &len, &val))
			rows[*val].name = key;
	}
	qsort_r(rows, nrows, sizeof(*rows), cmp_rows, t);
	for (i = 0; i < nrows; i++)
		if (display_width(rows[i].name, strlen(rows[i].name)) > width)
			width = display_width(rows[i].name, strlen(rows[i].name));
	if (md >= 0) {
		sb_addf(&title, "%s share", s->mode == MODE_SPEC ? s->dims[md].name : "M");
		if (display_width(title.s, title.len) > mwidth)
			mwidth = display_width(title.s, title.len);
	}
	pad(fp, "segment", width, false);
	fprintf(fp, "  %9s  %7s", "customers", "share");
	if (md >= 0) {
		fputs("  ", fp);
		pad(fp, title.s, mwidth, true);
	}
	fputc('\n', fp);
	for (i = 0; i < nrows; i++) {
		const struct tally *x = &t[rows[i].idx];
		pad(fp, *rows[i].name ? rows[i].name : "(none)", width, false);
		snprintf(count, sizeof(count), "%zu", x->n);
		percent(share, sizeof(share), (i128)x->n, (i128)s->n);
		fprintf(fp, "  %9s  %7s", count, share);
		if (md >= 0) {
			percent(mshare, sizeof(mshare), x->sum, total);
			fputs("  ", fp);
			pad(fp, mshare, mwidth, true);
		}
		fputc('\n', fp);
	}
	sb_free(&seg);
	sb_free(&code);
	sb_free(&title);
	free(vals);
	free(lens);
	free(rows);
	free(t);
	hash_free(names);
}

size_t
segment_columns(const struct segment *s, const char *const **names)
{
	*names = s->colnames;
	return s->ncols;
}
