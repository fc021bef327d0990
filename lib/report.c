/* report.c — cust-report's engine; see report.h. */
#include "report.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "orders.h"
#include "jsonpull.h"
#include "jsonw.h"
#include "value.h"

#include <jansson.h>

__extension__ typedef __int128 i128;

/* One metric's state in one group. */
struct acc {
	int64_t sum, min, max;
	uint64_t n;             /* values (count: rows) */
	uint64_t bad;           /* values that are not numbers */
	uint64_t distinct;
	bool overflow;          /* the sum outgrew 64 bits: null */
	int64_t *v;             /* median, quantile: every value */
	size_t nv, capv;
};

/* A value kept with an order whose customer's group is not known yet. */
enum { KV_NULL, KV_NUM, KV_BAD, KV_TEXT };
struct kv {
	int64_t x;              /* the number, or the text's offset */
	uint32_t len;
	uint8_t kind;
};

struct trend_cell {
	uint64_t orders, buyers, fresh, returning, lapsed;
	int64_t revenue;
	bool overflow;
};

/* The periods one customer bought in, in one group: a bitset whose bit
 * k is period base + k, base a multiple of 64.  One word (64 months,
 * quarters or weeks) is held inline; a wider span lives in the pool.
 * A customer's sets are a list: one per group it bought in. */
struct pset {
	int32_t group;
	int32_t base;
	uint32_t nwords;
	uint32_t next;          /* the customer's next set + 1; 0: none */
	uint64_t w;             /* the bits (one word), or their place in pool */
	uint64_t order;         /* the order of its last line (report_order_key) */
};

/* What the trend holds of a customer, together: its orders come in no
 * order and each costs a cache miss. */
struct buyer {
	uint32_t phead;         /* its first set + 1; 0: none */
	uint32_t norders;       /* its orders */
	uint64_t lastorder;     /* the order of its last line */
};

struct seen_cell {
	long g;
	int32_t p;
	size_t i;
};
struct seen_day {
	int32_t day, p;
};

struct report {
	struct report_metric *m;
	size_t nm;
	long bycol[2];
	char *byname[2];
	size_t nby;
	/* groups */
	struct hash *groups;    /* key -> index */
	struct strbuf gkeys;    /* the keys, one after another */
	size_t *gkoff, *gklen;
	uint64_t *gcount;
	struct acc *acc;        /* ngroups * nm */
	size_t ng, capg;
	struct hash *distinct;  /* metric, group, value key */
	long *same;             /* per metric: an earlier one of the same argument, or -1 */
	struct kv *rowkv;       /* per metric: its value in the row at hand */
	struct strbuf scratch, key;
	/* orders kept until their customers' groups are known */
	size_t *kcust;
	int32_t *kday;
	uint64_t *korder;
	struct kv *kval;        /* nkept * (nm + 1): the last is the amount */
	size_t nkept, capkept;
	struct strbuf ktext;
	long *custgroup;        /* customer index -> group, -1 none */
	size_t ncustgroup;
	/* After report_settle the kept orders are those of customers in no
	 * group, which a partial state carries with the customers' groups
	 * (members), for the parts where the customers are. */
	struct hash *members;   /* customer id -> group */
	bool count_members;     /* the counts are of distinct members */
	/* trend */
	enum trend_period period;
	const struct expr *amount;      /* what a line adds to the revenue */
	bool has_amount;                /* revenue is known (merged: as said) */
	struct hash *tcells;    /* group, period -> index into tc */
	struct seen_cell tseen[256];    /* the cells looked up last */
	struct seen_day dayp[2048];      /* the days met last: their periods */
	struct trend_cell *tc;
	size_t ntc, captc;
	/* Who bought when: per customer and group, never per order, so
	 * that memory grows with customers, not with orders or periods. */
	struct pset *ps;
	size_t nps, capps;
	uint64_t *pool;         /* the words of sets wider than one */
	size_t npool, cappool;
	struct buyer *buyer;    /* per customer: one cache line, not three */
	size_t ncust;
	struct hash *cids;      /* --merge: customer id -> index */
	int32_t pmin, pmax;
	/* quality */
	const struct header *qh;
	uint64_t qrows, *filled;
	struct hash *errkinds;  /* column \x1f kind -> count */
	/* results */
	struct rtable *t;
	size_t nt;
	bool built;
};

struct report *
report_new(void)
{
	struct report *r = xcalloc(1, sizeof(*r));

	r->groups = hash_new();
	r->distinct = hash_new();
	r->pmin = INT32_MAX;
	r->pmax = INT32_MIN;
	return r;
}

static void
rtable_free(struct rtable *t)
{
	size_t i;

	for (i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cols);
	free(t->kinds);
	free(t->data);
	free(t->cells);
	free(t->section);
	free(t->title);
}

void
report_free(struct report *r)
{
	size_t i;

	if (r == NULL)
		return;
	for (i = 0; i < r->nm; i++) {
		free(r->m[i].name);
		free(r->m[i].src);
		expr_free(r->m[i].arg);
	}
	for (i = 0; i < r->ng * r->nm; i++)
		free(r->acc[i].v);
	for (i = 0; i < r->nt; i++)
		rtable_free(&r->t[i]);
	for (i = 0; i < r->nby; i++)
		free(r->byname[i]);
	free(r->t);
	free(r->m);
	free(r->same);
	free(r->rowkv);
	hash_free(r->groups);
	hash_free(r->distinct);
	hash_free(r->tcells);
	hash_free(r->cids);
	hash_free(r->members);
	hash_free(r->errkinds);
	sb_free(&r->gkeys);
	sb_free(&r->scratch);
	sb_free(&r->key);
	sb_free(&r->ktext);
	free(r->gkoff);
	free(r->gklen);
	free(r->gcount);
	free(r->acc);
	free(r->kcust);
	free(r->kday);
	free(r->korder);
	free(r->kval);
	free(r->custgroup);
	free(r->tc);
	free(r->ps);
	free(r->pool);
	free(r->buyer);
	free(r->filled);
	free(r);
}

/* ---- metrics ---- */

static const struct {
	const char *name;
	enum report_fn fn;
} fns[] = {
	{"count", RF_COUNT}, {"sum", RF_SUM}, {"avg", RF_AVG}, {"min", RF_MIN}, {"max", RF_MAX},
	{"median", RF_MEDIAN}, {"quantile", RF_QUANTILE}, {"distinct", RF_DISTINCT},
};

/* The last comma outside parentheses and quotes, or NULL. */
static const char *
last_top_comma(const char *s, const char *end)
{
	const char *comma = NULL;
	char quote = 0;
	int depth = 0;

	for (; s < end; s++) {
		if (quote) {
			quote = *s == quote ? 0 : quote;
			continue;
		}
		if (*s == '\'' || *s == '`' || *s == '"')
			quote = *s;
		else if (*s == '(')
			depth++;
		else if (*s == ')')
			depth--;
		else if (*s == ',' && depth == 0)
			comma = s;
	}
	return comma;
}

/* "NAME=" ahead of the metric: a name is what comes before an "=" that
 * is no "==" and has no parenthesis before it. */
static const char *
metric_name(const char *text, char **name)
{
	const char *eq = strchr(text, '='), *paren = strchr(text, '(');
	size_t n;
	const char *s;

	*name = NULL;
	if (eq == NULL || eq[1] == '=' || (paren && paren < eq) || eq == text ||
	    strchr("!<>", eq[-1]) != NULL)
		return text;
	s = trim_space(text, (size_t)(eq - text), &n);
	*name = xstrndup(s, n);
	return eq + 1;
}

static int
parse_quantile(const char *s, size_t n, const char *text, int64_t *q, struct cust_err *err)
{
	const char *why;
	int64_t v;

	s = trim_space(s, n, &n);
	if (decimal_parse(s, n, 6, false, &v, &why) != VALUE_OK || v < 0 || v > DEC_SCALE)
		return cust_fail(err, CUST_USAGE, "--metric %s: the quantile is a number from 0 to 1", text);
	*q = v;
	return 0;
}

static int
parse_call(struct report_metric *m, const char *body, const char *text, const struct expr_scope *scope,
    struct cust_err *err)
{
	size_t n, k, fl;
	const char *s = trim_space(body, strlen(body), &n), *open = memchr(s, '(', n), *end, *comma;
	char *arg;

	for (k = 0; open && k < ARRAY_LEN(fns); k++) {
		fl = strlen(fns[k].name);
		if ((size_t)(open - s) == fl && strncmp(s, fns[k].name, fl) == 0)
			break;
	}
	if (open == NULL || k == ARRAY_LEN(fns) || s[n - 1] != ')')
		return cust_fail(err, CUST_USAGE, "--metric %s: expected FN(X), FN one of count, sum, avg, "
		    "min, max, median, quantile, distinct", text);
	m->fn = fns[k].fn;
	end = s + n - 1;
	open++;
	if (m->fn == RF_QUANTILE) {
		if ((comma = last_top_comma(open, end)) == NULL)
			return cust_fail(err, CUST_USAGE, "--metric %s: quantile(X, Q) takes two arguments", text);
		if (parse_quantile(comma + 1, (size_t)(end - comma - 1), text, &m->q, err) < 0)
			return -1;
		end = comma;
	} else if (m->fn == RF_MEDIAN)
		m->q = DEC_SCALE / 2;
	trim_space(open, (size_t)(end - open), &n);
	if (n == 0) {
		if (m->fn != RF_COUNT)
			return cust_fail(err, CUST_USAGE, "--metric %s: %s needs a value to aggregate", text,
			    fns[k].name);
		return 0;
	}
	arg = xstrndup(open, (size_t)(end - open));
	m->arg = expr_parse(arg, scope, err);
	free(arg);
	if (m->arg == NULL) {
		char msg[sizeof(err->msg)];
		unsigned long col;
		int at = 0;
		memcpy(msg, err->msg, sizeof(msg));
		/* The place counts in the metric as written, not in X. */
		if (sscanf(msg, "column %lu: %n", &col, &at) == 1 && at > 0)
			return cust_fail(err, CUST_USAGE, "--metric %s: column %zu: %s", text,
			    (size_t)col + utf8_chars(text, (size_t)(open - text)), msg + at);
		return cust_fail(err, CUST_USAGE, "--metric %s: %s", text, msg);
	}
	return 0;
}

int
report_add_metric(struct report *r, const char *text, const struct expr_scope *scope, struct cust_err *err)
{
	struct report_metric m = {0};
	const char *body = metric_name(text, &m.name);
	struct expr_scope rows = *scope;
	size_t n;

	rows.order = NULL;
	rows.order_ctx = NULL;
	if (parse_call(&m, body, text, &rows, err) < 0) {
		free(m.name);
		expr_free(m.arg);
		return -1;
	}
	if (m.name == NULL) {
		body = trim_space(body, strlen(body), &n);
		m.name = xstrndup(body, n);
	}
	m.src = xstrdup(text);
	r->m = xreallocarray(r->m, r->nm + 1, sizeof(*r->m));
	r->same = xreallocarray(r->same, r->nm + 1, sizeof(*r->same));
	r->rowkv = xreallocarray(r->rowkv, r->nm + 1, sizeof(*r->rowkv));
	r->same[r->nm] = -1;
	for (n = 0; n < r->nm && m.arg; n++)
		if (r->m[n].arg && r->same[n] < 0 && expr_same(r->m[n].arg, m.arg))
			r->same[r->nm] = (long)n;
	r->m[r->nm++] = m;
	return 0;
}

void
report_money(struct report *r, const struct expr_words *w)
{
	size_t i;

	for (i = 0; i < r->nm; i++)
		if (r->m[i].fn != RF_COUNT && r->m[i].fn != RF_DISTINCT && expr_is_money(r->m[i].arg, w))
			r->m[i].money = true;
}

void
report_set_money(struct report *r, size_t i)
{
	r->m[i].money = i < r->nm && r->m[i].fn != RF_COUNT && r->m[i].fn != RF_DISTINCT;
}

size_t
report_nmetrics(const struct report *r)
{
	return r->nm;
}

const struct report_metric *
report_metric(const struct report *r, size_t i)
{
	return &r->m[i];
}

unsigned long long
report_not_numeric(const struct report *r, size_t i)
{
	unsigned long long n = 0;
	size_t g;

	for (g = 0; g < r->ng; g++)
		n += r->acc[g * r->nm + i].bad;
	return n;
}

size_t
report_metric_arg(const struct report *r, size_t i)
{
	return r->same[i] >= 0 ? (size_t)r->same[i] : i;
}

void
report_group_by(struct report *r, const long *cols, char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < 2; i++) {
		r->bycol[i] = cols[i];
		r->byname[i] = xstrdup(names[i]);
	}
	r->nby = i;
}

void
report_trend(struct report *r, enum trend_period p, const struct expr *amount)
{
	r->period = p;
	r->amount = amount;
	r->has_amount = amount != NULL;
	r->tcells = hash_new();
	for (size_t k = 0; k < ARRAY_LEN(r->tseen); k++)
		r->tseen[k].g = -1;
	for (size_t k = 0; k < ARRAY_LEN(r->dayp); k++)
		r->dayp[k].p = INT32_MIN;
}

/* ---- groups ---- */

static long
group_at(struct report *r, const char *key, size_t n)
{
	bool added;
	uint64_t *v = hash_put(r->groups, key, n, &added);
	size_t i;

	if (!added)
		return (long)*v;
	if (r->ng == r->capg) {
		r->capg = r->capg ? 2 * r->capg : 16;
		r->gkoff = xreallocarray(r->gkoff, r->capg, sizeof(size_t));
		r->gklen = xreallocarray(r->gklen, r->capg, sizeof(size_t));
		r->gcount = xreallocarray(r->gcount, r->capg, sizeof(uint64_t));
		r->acc = xreallocarray(r->acc, r->capg * (r->nm ? r->nm : 1), sizeof(struct acc));
	}
	r->gkoff[r->ng] = r->gkeys.len;
	r->gklen[r->ng] = n;
	sb_add(&r->gkeys, key, n);
	r->gcount[r->ng] = 0;
	for (i = 0; i < r->nm; i++) {
		struct acc *a = &r->acc[r->ng * r->nm + i];
		memset(a, 0, sizeof(*a));
		a->min = INT64_MAX;
		a->max = INT64_MIN;
	}
	*v = r->ng;
	return (long)r->ng++;
}

long
report_group(struct report *r, char *const *row, const size_t *len)
{
	size_t i, n;
	const char *s;

	sb_reset(&r->scratch);
	for (i = 0; i < r->nby; i++) {
		s = trim_space(row[r->bycol[i]], len[r->bycol[i]], &n);
		if (i)
			sb_addc(&r->scratch, '\x1f');
		sb_add(&r->scratch, s, n);
	}
	return group_at(r, sb_str(&r->scratch), r->scratch.len);
}

void
report_count(struct report *r, long g)
{
	r->gcount[g]++;
}

/* What an expression gives, as a kept value. */
static struct kv
value_of(const struct expr *e, char *const *row, const size_t *len)
{
	struct xval v = expr_eval(e, row, len, NULL);
	struct kv k = {0, 0, KV_NULL};
	size_t n = 0;

	if (v.type == X_STR)
		trim_space(v.str, v.len, &n);
	if (v.type == X_NULL && v.num == X_NOT_NUMBER)
		k.kind = KV_BAD;
	if (v.type == X_NULL || (v.type == X_STR && n == 0))
		return k;
	if (xval_number(v, &k.x))
		k.kind = KV_NUM;
	else if (v.type == X_STR) {
		k.kind = KV_TEXT;
		k.x = (int64_t)(uintptr_t)v.str;
		k.len = (uint32_t)v.len;
	} else
		k.kind = KV_BAD;
	return k;
}

static void
acc_distinct(struct report *r, size_t mi, long g, const char *s, size_t n, struct acc *a)
{
	bool added;

	sb_reset(&r->scratch);
	sb_add(&r->scratch, &mi, sizeof(mi));
	sb_add(&r->scratch, &g, sizeof(g));
	/* As values compare: VIP and ' vip' are one text. */
	if (text_key(s, n, &r->key) == VALUE_OK)
		sb_add(&r->scratch, r->key.s, r->key.len);
	else
		sb_add(&r->scratch, s, n);
	hash_put(r->distinct, r->scratch.s, r->scratch.len, &added);
	a->distinct += added;
}

static void
acc_add(struct report *r, size_t mi, long g, struct kv k, const char *text)
{
	const struct report_metric *m = &r->m[mi];
	struct acc *a = &r->acc[(size_t)g * r->nm + mi];
	char buf[32];

	if (k.kind == KV_BAD) {
		/* Its arithmetic met text (count(amount * 2) of "abc"): a
		 * finding of every metric, not a value of any. */
		a->bad++;
		return;
	}
	if (m->fn == RF_COUNT) {
		a->n += m->arg == NULL || k.kind != KV_NULL;
		return;
	}
	if (k.kind == KV_NULL)
		return;
	if (m->fn == RF_DISTINCT) {
		a->n++;
		if (k.kind == KV_NUM)
			acc_distinct(r, mi, g, buf, dec_format(k.x, buf), a);
		else
			acc_distinct(r, mi, g, text, k.len, a);
		return;
	}
	if (k.kind != KV_NUM) {
		a->bad++;
		return;
	}
	a->n++;
	if (k.x < a->min)
		a->min = k.x;
	if (k.x > a->max)
		a->max = k.x;
	if (!a->overflow && __builtin_add_overflow(a->sum, k.x, &a->sum))
		a->overflow = true;
	if (m->fn == RF_MEDIAN || m->fn == RF_QUANTILE) {
		if (a->nv == a->capv) {
			a->capv = a->capv ? 2 * a->capv : 8;
			a->v = xreallocarray(a->v, a->capv, sizeof(int64_t));
		}
		a->v[a->nv++] = k.x;
	}
}

/* Every metric's value of one row: an argument metrics share
 * (sum(金额), median(金额)) is read once. */
static const struct kv *
row_values(struct report *r, char *const *row, const size_t *len)
{
	struct kv none = {0, 0, KV_NULL};
	size_t i;

	for (i = 0; i < r->nm; i++)
		r->rowkv[i] = r->m[i].arg == NULL ? none : r->same[i] >= 0 ? r->rowkv[r->same[i]] :
		    value_of(r->m[i].arg, row, len);
	return r->rowkv;
}

void
report_add_row(struct report *r, long g, char *const *row, const size_t *len)
{
	const struct kv *k = row_values(r, row, len);
	size_t i;

	r->gcount[g]++;
	for (i = 0; i < r->nm; i++)
		acc_add(r, i, g, k[i], (const char *)(uintptr_t)k[i].x);
}

/* ---- trends ---- */

int32_t
trend_period_of(enum trend_period p, int32_t day)
{
	struct date d;

	switch (p) {
	case TREND_WEEK:
		/* 1970-01-01 was a Thursday: weeks start on Monday, as ISO's. */
		return (int32_t)((day + 3 >= 0 ? day + 3 : day - 3) / 7);
	case TREND_QUARTER:
		d = date_from_days(day);
		return d.year * 4 + (d.month - 1) / 3;
	default:
		d = date_from_days(day);
		return d.year * 12 + d.month - 1;
	}
}

void
trend_period_label(enum trend_period p, int32_t idx, char *buf)
{
	switch (p) {
	case TREND_WEEK:
		date_format(date_from_days(idx * 7 - 3), buf);
		break;
	case TREND_QUARTER:
		snprintf(buf, 16, "%d-Q%d", idx / 4, idx % 4 + 1);
		break;
	default:
		snprintf(buf, 16, "%d-%02d", idx / 12, idx % 12 + 1);
		break;
	}
}

static void
grow_customers(struct report *r, size_t cust)
{
	size_t n = r->ncust;

	if (cust < n)
		return;
	r->ncust = cust + 1 > 2 * n ? cust + 1 : 2 * n;
	r->buyer = xreallocarray(r->buyer, r->ncust, sizeof(*r->buyer));
	memset(r->buyer + n, 0, (r->ncust - n) * sizeof(*r->buyer));
}

static uint64_t *
pset_words(struct report *r, struct pset *s)
{
	return s->nwords == 1 ? &s->w : r->pool + s->w;
}

/* The multiple of 64 at or below p. */
static int32_t
floor64(int32_t p)
{
	return (int32_t)((int64_t)p - (((int64_t)p % 64 + 64) % 64));
}

/* Widen s to hold period p: a new block in the pool (the old one is
 * left, so a set at most doubles what it takes). */
static void
pset_widen(struct report *r, struct pset *s, int32_t p)
{
	int32_t b = floor64(p), lo = b < s->base ? b : s->base;
	int64_t hi = (int64_t)s->base + 64 * (int64_t)s->nwords;
	size_t nw, off = r->npool;
	uint64_t one = s->w;

	if ((int64_t)b + 64 > hi)
		hi = (int64_t)b + 64;
	nw = (size_t)((hi - lo) / 64);
	if (r->npool + nw > r->cappool) {
		r->cappool = r->npool + nw > 2 * r->cappool ? r->npool + nw : 2 * r->cappool;
		r->pool = xreallocarray(r->pool, r->cappool, sizeof(uint64_t));
	}
	memset(r->pool + off, 0, nw * sizeof(uint64_t));
	memcpy(r->pool + off + (s->base - lo) / 64, s->nwords == 1 ? &one : r->pool + s->w,
	    s->nwords * sizeof(uint64_t));
	r->npool += nw;
	s->base = lo;
	s->nwords = (uint32_t)nw;
	s->w = off;
}

/* Customer cust bought in period p in group g: its set of g. */
static struct pset *
pset_mark(struct report *r, size_t cust, long g, int32_t p)
{
	uint32_t *link, i;
	struct pset *s;

	grow_customers(r, cust);
	for (link = &r->buyer[cust].phead; *link; link = &r->ps[*link - 1].next)
		if (r->ps[*link - 1].group == g)
			break;
	if (*link == 0) {
		if (r->nps == r->capps) {
			r->capps = r->capps ? 2 * r->capps : 1024;
			r->ps = xreallocarray(r->ps, r->capps, sizeof(*r->ps));
		}
		r->ps[r->nps] = (struct pset){(int32_t)g, floor64(p), 1, r->buyer[cust].phead, 0, 0};
		r->buyer[cust].phead = (uint32_t)++r->nps;
		link = &r->buyer[cust].phead;
	} else if (link != &r->buyer[cust].phead) {
		/* The group last bought in comes first: the next order of
		 * the customer is likely of it too. */
		i = *link;
		*link = r->ps[i - 1].next;
		r->ps[i - 1].next = r->buyer[cust].phead;
		r->buyer[cust].phead = i;
		link = &r->buyer[cust].phead;
	}
	s = &r->ps[*link - 1];
	if (p < s->base || (int64_t)p >= (int64_t)s->base + 64 * (int64_t)s->nwords)
		pset_widen(r, s, p);
	pset_words(r, s)[(p - s->base) / 64] |= (uint64_t)1 << ((p - s->base) % 64);
	return s;
}

static bool
pset_has(struct report *r, struct pset *s, int32_t p)
{
	if (p < s->base || (int64_t)p >= (int64_t)s->base + 64 * (int64_t)s->nwords)
		return false;
	return pset_words(r, s)[(p - s->base) / 64] >> ((p - s->base) % 64) & 1;
}

/* The first period of a set, INT32_MAX when empty. */
static int32_t
pset_first(struct report *r, struct pset *s)
{
	uint64_t *w = pset_words(r, s);
	uint32_t k;

	for (k = 0; k < s->nwords; k++)
		if (w[k])
			return s->base + 64 * (int32_t)k + __builtin_ctzll(w[k]);
	return INT32_MAX;
}

static struct trend_cell *
trend_cell_find(struct report *r, long g, int32_t p)
{
	int64_t key[2] = {g, p};
	bool added;
	uint64_t *v = hash_put(r->tcells, (const char *)key, sizeof(key), &added);

	if (added) {
		if (r->ntc == r->captc) {
			r->captc = r->captc ? 2 * r->captc : 64;
			r->tc = xreallocarray(r->tc, r->captc, sizeof(*r->tc));
		}
		memset(&r->tc[r->ntc], 0, sizeof(*r->tc));
		*v = r->ntc++;
	}
	return &r->tc[*v];
}

/* A group's period's cell: every line of the trend looks one up, among
 * a few dozen, so those met last are kept at hand. */
static struct trend_cell *
trend_cell(struct report *r, long g, int32_t p)
{
	struct seen_cell *t = &r->tseen[((unsigned)p * 31u + (unsigned)g) % ARRAY_LEN(r->tseen)];

	if (t->g != g || t->p != p) {
		struct trend_cell *c = trend_cell_find(r, g, p);
		t->g = g;
		t->p = p;
		t->i = (size_t)(c - r->tc);
	}
	return &r->tc[t->i];
}

/* A day's period, worked out once for the days met last. */
static int32_t
period_of_day(struct report *r, int32_t day)
{
	struct seen_day *d = &r->dayp[(unsigned)day % ARRAY_LEN(r->dayp)];

	if (d->day != day || d->p == INT32_MIN) {
		d->day = day;
		d->p = trend_period_of(r->period, day);
	}
	return d->p;
}

/* A line of order (0: the line is an order of its own) of customer
 * cust: an order counts at its first line, in the group and period of
 * that line, once in each group it has lines in; its lines all add to
 * the revenue. */
static void
trend_add(struct report *r, long g, size_t cust, int32_t day, uint64_t order, struct kv amount)
{
	int32_t p = period_of_day(r, day);
	struct trend_cell *c = trend_cell(r, g, p);
	struct pset *s = pset_mark(r, cust, g, p);

	if (order == 0 || s->order != order)
		c->orders++;
	s->order = order;
	if (amount.kind == KV_NUM && !c->overflow && __builtin_add_overflow(c->revenue, amount.x, &c->revenue))
		c->overflow = true;
	if (order == 0 || r->buyer[cust].lastorder != order)
		r->buyer[cust].norders++;
	r->buyer[cust].lastorder = order;
	if (p < r->pmin)
		r->pmin = p;
	if (p > r->pmax)
		r->pmax = p;
}

/* ---- orders ---- */

static struct kv
amount_of(const struct report *r, char *const *row, const size_t *len)
{
	struct kv k = {0, 0, KV_NULL};

	if (r->amount == NULL)
		return k;
	k = value_of(r->amount, row, len);
	if (k.kind == KV_TEXT)
		k = (struct kv){0, 0, KV_BAD};
	return k;
}

/* Room for one more kept order: its values, nm + 1 of them. */
static struct kv *
kept_slot(struct report *r, size_t cust, int32_t day, uint64_t order)
{
	size_t w = r->nm + 1;

	if (r->nkept == r->capkept) {
		r->capkept = r->capkept ? 2 * r->capkept : 1024;
		r->kcust = xreallocarray(r->kcust, r->capkept, sizeof(size_t));
		r->kday = xreallocarray(r->kday, r->capkept, sizeof(int32_t));
		r->korder = xreallocarray(r->korder, r->capkept, sizeof(uint64_t));
		r->kval = xreallocarray(r->kval, r->capkept * w, sizeof(struct kv));
	}
	r->kcust[r->nkept] = cust;
	r->kday[r->nkept] = day;
	r->korder[r->nkept] = order;
	return &r->kval[r->nkept++ * w];
}

static void
keep_order(struct report *r, size_t cust, int32_t day, uint64_t order, char *const *row, const size_t *len)
{
	struct kv *kv = kept_slot(r, cust, day, order);
	size_t i;

	row_values(r, row, len);
	for (i = 0; i < r->nm; i++) {
		struct kv k = r->rowkv[i];
		if (k.kind == KV_TEXT) {
			/* The row goes away: keep the text. */
			const char *s = (const char *)(uintptr_t)k.x;
			k.x = (int64_t)r->ktext.len;
			sb_add(&r->ktext, s, k.len);
		}
		kv[i] = k;
	}
	kv[r->nm] = amount_of(r, row, len);
}

void
report_add_order(struct report *r, long g, size_t cust, int32_t day, uint64_t order, char *const *row,
    const size_t *len)
{
	size_t i;

	if (g < 0) {
		/* Without metrics or a trend an order adds nothing to its
		 * customer's group: keeping it would only cost memory. */
		if (r->nm > 0 || r->period != TREND_NONE)
			keep_order(r, cust, day, order, row, len);
		return;
	}
	row_values(r, row, len);
	for (i = 0; i < r->nm; i++)
		acc_add(r, i, g, r->rowkv[i], (const char *)(uintptr_t)r->rowkv[i].x);
	if (r->period != TREND_NONE)
		trend_add(r, g, cust, day, order, amount_of(r, row, len));
}

void
report_customer_ahead(const struct report *r, size_t cust, bool near)
{
	if (r->period == TREND_NONE || cust >= r->ncust)
		return;
	/* Far: the customer's line; near (it is in by now): its first set. */
	if (!near)
		__builtin_prefetch(&r->buyer[cust]);
	else if (r->buyer[cust].phead != 0)
		__builtin_prefetch(&r->ps[r->buyer[cust].phead - 1]);
}

uint64_t
report_order_key(const char *s, size_t n)
{
	uint64_t h;

	s = trim_space(s, n, &n);
	if (n == 0)
		return 0;
	h = hash_bytes(s, n);
	return h ? h : 1;
}

void
report_customer_group(struct report *r, size_t cust, long g)
{
	size_t n = r->ncustgroup, i;

	if (cust >= n) {
		r->ncustgroup = cust + 1 > 2 * n ? cust + 1 : 2 * n;
		r->custgroup = xreallocarray(r->custgroup, r->ncustgroup, sizeof(long));
		for (i = n; i < r->ncustgroup; i++)
			r->custgroup[i] = -1;
	}
	r->custgroup[cust] = g;
}

void
report_settle(struct report *r)
{
	size_t i, j, w = r->nm + 1, n = 0;

	for (i = 0; i < r->nkept; i++) {
		size_t c = r->kcust[i];
		long g = c < r->ncustgroup ? r->custgroup[c] : -1;
		struct kv *k = &r->kval[i * w];

		if (g < 0) {
			/* In no group here: kept, to the front. */
			r->kcust[n] = c;
			r->kday[n] = r->kday[i];
			r->korder[n] = r->korder[i];
			memmove(&r->kval[n * w], k, w * sizeof(*k));
			n++;
			continue;
		}
		for (j = 0; j < r->nm; j++)
			acc_add(r, j, g, k[j], k[j].kind == KV_TEXT ? r->ktext.s + k[j].x : NULL);
		if (r->period != TREND_NONE)
			trend_add(r, g, c, r->kday[i], r->korder[i], k[r->nm]);
	}
	r->nkept = n;
}

void
report_count_members(struct report *r)
{
	r->count_members = true;
}

size_t
report_unplaced(const struct report *r)
{
	return r->nkept;
}

void
report_member(struct report *r, const char *id, size_t len, long g)
{
	bool added;

	if (r->members == NULL)
		r->members = hash_new();
	*hash_put(r->members, id, len, &added) = (uint64_t)g;
}

/* ---- quality ---- */

/* What kind of error cust-validate's message is. */
static const char *
error_kind(const char *s, size_t n)
{
	static const struct {
		const char *says, *kind;
	} kinds[] = {
		{"required value is missing", "missing"}, {"not a valid", "type"}, {"shorter than", "length"},
		{"longer than", "length"}, {"does not match the pattern", "pattern"},
		{"not one of the allowed", "enum"}, {"duplicate", "duplicate"}, {"minimum", "range"},
		{"maximum", "range"},
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(kinds); i++)
		if (memmem(s, n, kinds[i].says, strlen(kinds[i].says)))
			return kinds[i].kind;
	return "other";
}

static void
count_errors(struct report *r, const char *s, size_t n)
{
	const char *end = s + n, *next, *colon;
	bool added;

	if (r->errkinds == NULL)
		r->errkinds = hash_new();
	while (s < end) {
		next = memmem(s, (size_t)(end - s), "; ", 2);
		if (next == NULL)
			next = end;
		colon = memmem(s, (size_t)(next - s), ": ", 2);
		if (colon) {
			const char *kind = error_kind(colon + 2, (size_t)(next - colon - 2));
			sb_reset(&r->scratch);
			sb_add(&r->scratch, s, (size_t)(colon - s));
			sb_addc(&r->scratch, '\x1f');
			sb_adds(&r->scratch, kind);
			(*hash_put(r->errkinds, r->scratch.s, r->scratch.len, &added))++;
		}
		s = next == end ? end : next + 2;
	}
}

void
report_quality(struct report *r, const struct header *h, char *const *row, const size_t *len, long errors_col)
{
	size_t i, n;

	if (r->qh == NULL) {
		r->qh = h;
		r->filled = xcalloc(h->n ? h->n : 1, sizeof(uint64_t));
	}
	r->qrows++;
	for (i = 0; i < h->n; i++) {
		trim_space(row[i], len[i], &n);
		r->filled[i] += n > 0;
	}
	if (errors_col >= 0 && len[errors_col] > 0)
		count_errors(r, row[errors_col], len[errors_col]);
}

/* ---- results ---- */

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Put the k-th smallest of v[0..n) at v[k], the smaller before it, the
 * larger after: Hoare's selection, linear where sorting the millions of
 * amounts an exact median keeps was most of a report's time.  Pivots are
 * medians of three; a range that will not shrink is sorted instead, so
 * no input makes it quadratic. */
static void
select_nth(int64_t *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, i, j;
	int budget = 64;
	int64_t a, b, c, p, t;

	while (hi > lo) {
		if (budget-- == 0) {
			qsort(v + lo, (size_t)(hi - lo + 1), sizeof(*v), cmp_i64);
			return;
		}
		a = v[lo], b = v[lo + (hi - lo) / 2], c = v[hi];
		p = a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
		for (i = lo, j = hi; i <= j;) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j) {
				t = v[i], v[i++] = v[j], v[j--] = t;
			}
		}
		/* [lo, j] <= p <= [i, hi]; between them, p itself. */
		if ((ptrdiff_t)k <= j)
			hi = j;
		else if ((ptrdiff_t)k >= i)
			lo = i;
		else
			return;
	}
}

struct report_exact
report_quantile(int64_t *v, size_t n, int64_t q)
{
	i128 h = (i128)(n - 1) * q, lo = h / DEC_SCALE, frac = h % DEC_SCALE, d;
	struct report_exact e;
	int64_t next;
	size_t i;

	select_nth(v, n, (size_t)lo);
	e.x = v[lo];
	e.sub = 0;
	if ((size_t)lo + 1 >= n || frac == 0)
		return e;
	/* The next value up is the least of those after. */
	for (next = v[lo + 1], i = (size_t)lo + 2; i < n; i++)
		next = v[i] < next ? v[i] : next;
	/* v[lo] + d * frac / DEC_SCALE, kept whole: d >= 0, so the floor
	 * stays between the two values and the rest is the finer places. */
	d = ((i128)next - v[lo]) * frac;
	e.x = (int64_t)(v[lo] + d / DEC_SCALE);
	e.sub = (int64_t)(d % DEC_SCALE);
	return e;
}

size_t
report_exact_format(struct report_exact e, int min_places, char *buf)
{
	const i128 one = (i128)DEC_SCALE * DEC_SCALE;
	i128 t = (i128)e.x * DEC_SCALE + e.sub, a = t < 0 ? -t : t;
	/* |x| millionths is below 2^63, so the whole part fits 64 bits. */
	unsigned long long ip = (unsigned long long)(a / one), fp = (unsigned long long)(a % one);
	int places = 12;

	while (places > min_places && fp % 10 == 0) {
		fp /= 10;
		places--;
	}
	if (places == 0)
		return (size_t)sprintf(buf, "%s%llu", t < 0 ? "-" : "", ip);
	return (size_t)sprintf(buf, "%s%llu.%0*llu", t < 0 ? "-" : "", ip, places, fp);
}

struct rtable *
report_table_new(struct report *r, const char *section, const char *title, char *const *cols,
    const enum rcol_kind *kinds, size_t ncols)
{
	struct rtable *t;
	size_t i;

	r->t = xreallocarray(r->t, r->nt + 1, sizeof(*r->t));
	t = &r->t[r->nt++];
	memset(t, 0, sizeof(*t));
	t->section = xstrdup(section);
	t->title = xstrdup(title);
	t->ncols = ncols;
	t->cols = xcalloc(ncols, sizeof(char *));
	t->kinds = xcalloc(ncols, sizeof(enum rcol_kind));
	t->data = xcalloc(ncols, sizeof(bool));
	for (i = 0; i < ncols; i++) {
		t->cols[i] = xstrdup(cols[i]);
		t->kinds[i] = kinds[i];
	}
	t->bar = t->label = -1;
	return t;
}

void
rtable_row(struct rtable *t, char *const *cells)
{
	size_t i;

	t->cells = xreallocarray(t->cells, (t->nrows + 1) * t->ncols, sizeof(char *));
	for (i = 0; i < t->ncols; i++)
		t->cells[t->nrows * t->ncols + i] = cells[i] ? xstrdup(cells[i]) : NULL;
	t->nrows++;
}

static char *
fmt_dec(int64_t v, char *buf)
{
	dec_format(v, buf);
	return buf;
}

static char *
fmt_money(int64_t v, char *buf)
{
	dec_format_money(v, buf);
	return buf;
}

static char *
fmt_u(uint64_t v, char *buf)
{
	u64_format(v, buf);
	return buf;
}

/* n / d as a decimal fraction, rounded at the sixth place. */
static char *
fmt_share(uint64_t n, uint64_t d, char *buf)
{
	if (d == 0)
		return NULL;
	return fmt_dec((int64_t)(((i128)n * DEC_SCALE * 2 + d) / (2 * (i128)d)), buf);
}

/* An average order is money a person reads: to the cent, half away from
 * zero (the sum and the count it comes from stay exact). */
static int64_t
avg_to_cent(int64_t sum, uint64_t n)
{
	const i128 cent = 10000;      /* decimals are millionths */
	i128 q = (i128)n * cent, v = sum < 0 ? -(i128)sum : (i128)sum;

	v = (v * 2 + q) / (2 * q) * cent;
	return (int64_t)(sum < 0 ? -v : v);
}

/* A metric's value in one group; NULL when it has none. */
static char *
metric_value(const struct report_metric *m, struct acc *a, char *buf)
{
	char *(*fmt)(int64_t, char *) = m->money ? fmt_money : fmt_dec;
	i128 x;

	switch (m->fn) {
	case RF_COUNT:
		return fmt_u(a->n, buf);
	case RF_DISTINCT:
		return fmt_u(a->distinct, buf);
	default:
		break;
	}
	if (a->n == 0)
		return NULL;
	switch (m->fn) {
	case RF_SUM:
		return a->overflow ? NULL : fmt(a->sum, buf);
	case RF_AVG:
		if (a->overflow)
			return NULL;
		if (m->money)
			return fmt_money(avg_to_cent(a->sum, a->n), buf);
		x = (i128)a->sum * 2;
		x = x >= 0 ? (x + (i128)a->n) / (2 * (i128)a->n) : -((-x + (i128)a->n) / (2 * (i128)a->n));
		return fmt((int64_t)x, buf);
	case RF_MIN:
		return fmt(a->min, buf);
	case RF_MAX:
		return fmt(a->max, buf);
	default:
		report_exact_format(report_quantile(a->v, a->nv, m->q), m->money ? 2 : 0, buf);
		return buf;
	}
}

static enum rcol_kind
metric_kind(const struct report_metric *m)
{
	if (m->fn == RF_COUNT || m->fn == RF_DISTINCT)
		return RC_INT;
	if (!m->money)
		return RC_NUM;
	return m->fn == RF_MEDIAN || m->fn == RF_QUANTILE ? RC_MONEY_EXACT : RC_MONEY;
}

/* Groups in the order shown: the largest first, then by name. */
static const struct report *sort_r;
static int
cmp_group(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct report *r = sort_r;
	size_t n = r->gklen[x] < r->gklen[y] ? r->gklen[x] : r->gklen[y];
	int c;

	if (r->gcount[x] != r->gcount[y])
		return r->gcount[x] > r->gcount[y] ? -1 : 1;
	c = memcmp(r->gkeys.s + r->gkoff[x], r->gkeys.s + r->gkoff[y], n);
	return c ? c : (r->gklen[x] > r->gklen[y]) - (r->gklen[x] < r->gklen[y]);
}

static size_t *
sorted_groups(const struct report *r)
{
	size_t *o = xcalloc(r->ng ? r->ng : 1, sizeof(size_t)), i;

	for (i = 0; i < r->ng; i++)
		o[i] = i;
	sort_r = r;
	qsort(o, r->ng, sizeof(size_t), cmp_group);
	return o;
}

/* The group key's part k (0 or 1), NUL-terminated in buf. */
static char *
key_part(const struct report *r, size_t g, size_t k, struct strbuf *buf)
{
	const char *s = r->gkeys.s + r->gkoff[g], *end = s + r->gklen[g], *sep;

	for (; k > 0; k--)
		s = (sep = memchr(s, '\x1f', (size_t)(end - s))) ? sep + 1 : end;
	sep = memchr(s, '\x1f', (size_t)(end - s));
	sb_reset(buf);
	sb_add(buf, s, (size_t)((sep ? sep : end) - s));
	sb_addc(buf, '\0');
	return buf->s;
}

static uint64_t
total_count(const struct report *r)
{
	uint64_t n = 0;
	size_t i;

	for (i = 0; i < r->ng; i++)
		n += r->gcount[i];
	return n;
}

static void
groups_table(struct report *r)
{
	size_t nc = r->nby + 2 + r->nm, i, j, *o = sorted_groups(r);
	char **cols = xcalloc(nc, sizeof(char *)), **cells = xcalloc(nc, sizeof(char *));
	enum rcol_kind *kinds = xcalloc(nc, sizeof(*kinds));
	char (*bufs)[32] = xcalloc(nc, 32);
	struct strbuf parts[2] = {STRBUF_INIT, STRBUF_INIT};
	uint64_t total = total_count(r);
	struct rtable *t;

	for (i = 0; i < r->nby; i++)
		cols[i] = r->byname[i], kinds[i] = RC_TEXT;
	cols[r->nby] = "count", kinds[r->nby] = RC_INT;
	cols[r->nby + 1] = "share", kinds[r->nby + 1] = RC_SHARE;
	for (i = 0; i < r->nm; i++) {
		cols[r->nby + 2 + i] = r->m[i].name;
		kinds[r->nby + 2 + i] = metric_kind(&r->m[i]);
	}
	t = report_table_new(r, "groups", "groups", cols, kinds, nc);
	for (i = 0; i < nc; i++)
		t->data[i] = i < r->nby || i >= r->nby + 2;
	t->bar = (long)r->nby;
	t->label = r->nby ? 0 : -1;
	for (j = 0; j < r->ng; j++) {
		size_t g = o[j];
		for (i = 0; i < r->nby; i++)
			cells[i] = key_part(r, g, i, &parts[i]);
		cells[r->nby] = fmt_u(r->gcount[g], bufs[r->nby]);
		cells[r->nby + 1] = fmt_share(r->gcount[g], total, bufs[r->nby + 1]);
		for (i = 0; i < r->nm; i++)
			cells[r->nby + 2 + i] = metric_value(&r->m[i], &r->acc[g * r->nm + i], bufs[r->nby + 2 + i]);
		rtable_row(t, cells);
	}
	sb_free(&parts[0]);
	sb_free(&parts[1]);
	free(bufs);
	free(kinds);
	free(cells);
	free(cols);
	free(o);
}

/* The values of group column k, in first-seen order of the sorted groups. */
static size_t
axis_values(const struct report *r, const size_t *o, size_t k, struct hash *idx, char ***vals)
{
	struct strbuf b = STRBUF_INIT;
	size_t n = 0, j;
	bool added;

	*vals = NULL;
	for (j = 0; j < r->ng; j++) {
		char *s = key_part(r, o[j], k, &b);
		uint64_t *v = hash_put(idx, s, strlen(s), &added);
		if (!added)
			continue;
		*v = n;
		*vals = xreallocarray(*vals, n + 1, sizeof(char *));
		(*vals)[n++] = xstrdup(s);
	}
	sb_free(&b);
	return n;
}

struct axis_rank {
	uint64_t total;
	size_t i;               /* first-seen position: the tie-break */
};

static int
cmp_axis_rank(const void *a, const void *b)
{
	const struct axis_rank *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The order of an axis's n values: by total, largest first, as people
 * scan a grid; equal totals in first-seen order. */
static size_t *
axis_order(const uint64_t *total, size_t n)
{
	struct axis_rank *k = xcalloc(n + 1, sizeof(*k));
	size_t *o = xcalloc(n + 1, sizeof(size_t)), i;

	for (i = 0; i < n; i++)
		k[i] = (struct axis_rank){total[i], i};
	qsort(k, n, sizeof(*k), cmp_axis_rank);
	for (i = 0; i < n; i++)
		o[i] = k[i].i;
	free(k);
	return o;
}

static void
crosstab_table(struct report *r)
{
	size_t *o = sorted_groups(r), nr, nc, i, j;
	struct hash *ri = hash_new(), *ci = hash_new();
	char **rv, **cv, **cols, **cells, (*bufs)[32];
	enum rcol_kind *kinds;
	uint64_t *grid, *rowt, *colt;
	size_t *ro, *co;
	struct strbuf b = STRBUF_INIT;
	struct rtable *t;

	nr = axis_values(r, o, 0, ri, &rv);
	nc = axis_values(r, o, 1, ci, &cv);
	grid = xcalloc(nr * nc + 1, sizeof(uint64_t));
	rowt = xcalloc(nr + 1, sizeof(uint64_t));
	colt = xcalloc(nc + 1, sizeof(uint64_t));
	for (j = 0; j < r->ng; j++) {
		char *s = key_part(r, j, 0, &b);
		size_t x = *hash_get(ri, s, strlen(s));
		s = key_part(r, j, 1, &b);
		size_t y = *hash_get(ci, s, strlen(s));
		grid[x * nc + y] += r->gcount[j];
		rowt[x] += r->gcount[j];
		colt[y] += r->gcount[j];
	}
	ro = axis_order(rowt, nr);
	co = axis_order(colt, nc);
	cols = xcalloc(nc + 2, sizeof(char *));
	cells = xcalloc(nc + 2, sizeof(char *));
	kinds = xcalloc(nc + 2, sizeof(*kinds));
	bufs = xcalloc(nc + 2, 32);
	sb_reset(&b);
	sb_addf(&b, "%s \\ %s", r->byname[0], r->byname[1]);
	cols[0] = b.s;
	for (i = 0; i < nc; i++)
		cols[i + 1] = cv[co[i]], kinds[i + 1] = RC_INT;
	cols[nc + 1] = "total", kinds[nc + 1] = RC_INT;
	t = report_table_new(r, "crosstab", "crosstab", cols, kinds, nc + 2);
	for (i = 0; i <= nc; i++)
		t->data[i] = true;
	for (j = 0; j <= nr; j++) {
		size_t x = j < nr ? ro[j] : 0;
		cells[0] = j < nr ? rv[x] : "total";
		for (i = 0; i < nc; i++)
			cells[i + 1] = fmt_u(j < nr ? grid[x * nc + co[i]] : colt[co[i]], bufs[i + 1]);
		cells[nc + 1] = fmt_u(j < nr ? rowt[x] : total_count(r), bufs[nc + 1]);
		rtable_row(t, cells);
	}
	for (i = 0; i < nr; i++)
		free(rv[i]);
	for (i = 0; i < nc; i++)
		free(cv[i]);
	free(rv);
	free(cv);
	free(grid);
	free(rowt);
	free(colt);
	free(ro);
	free(co);
	free(cols);
	free(cells);
	free(kinds);
	free(bufs);
	sb_free(&b);
	hash_free(ri);
	hash_free(ci);
	free(o);
}

/* Values left out of a metric because they are no numbers: every group
 * that had some, so that nothing is silently read as zero.  The group is
 * named as in the groups section, a column per --by column: a value
 * holding a comma stays one value in CSV and Markdown. */
static void
problems_table(struct report *r)
{
	size_t nc = r->nby + 2, i, j, k;
	char *cols[4], *cells[4], buf[32];
	enum rcol_kind kinds[4];
	struct strbuf parts[2] = {STRBUF_INIT, STRBUF_INIT};
	struct rtable *t = NULL;

	cols[0] = "metric", kinds[0] = RC_TEXT;
	for (k = 0; k < r->nby; k++)
		cols[1 + k] = r->byname[k], kinds[1 + k] = RC_TEXT;
	cols[nc - 1] = "not_numeric", kinds[nc - 1] = RC_INT;
	for (i = 0; i < r->nm; i++)
		for (j = 0; j < r->ng; j++) {
			struct acc *a = &r->acc[j * r->nm + i];
			if (a->bad == 0)
				continue;
			if (t == NULL) {
				t = report_table_new(r, "problems", "problems", cols, kinds, nc);
				for (k = 0; k < r->nby; k++)
					t->data[1 + k] = true;
			}
			cells[0] = r->m[i].name;
			for (k = 0; k < r->nby; k++)
				cells[1 + k] = key_part(r, j, k, &parts[k]);
			cells[nc - 1] = fmt_u(a->bad, buf);
			rtable_row(t, cells);
		}
	sb_free(&parts[0]);
	sb_free(&parts[1]);
}

static struct trend_cell *
trend_find(struct report *r, long g, int32_t p)
{
	int64_t key[2] = {g, p};
	uint64_t *v = hash_get(r->tcells, (const char *)key, sizeof(key));

	return v ? &r->tc[*v] : NULL;
}

/* Buyers, new, returning and lapsed customers of every group and
 * period, from the periods each customer bought in. */
static void
trend_customers(struct report *r)
{
	size_t c;
	uint32_t i, k;

	for (c = 0; c < r->ncust; c++) {
		int32_t first = INT32_MAX, f;
		for (i = r->buyer[c].phead; i; i = r->ps[i - 1].next)
			if ((f = pset_first(r, &r->ps[i - 1])) < first)
				first = f;
		for (i = r->buyer[c].phead; i; i = r->ps[i - 1].next) {
			struct pset *s = &r->ps[i - 1];
			for (k = 0; k < s->nwords; k++) {
				uint64_t w = pset_words(r, s)[k];
				for (; w; w &= w - 1) {
					int32_t p = s->base + 64 * (int32_t)k + __builtin_ctzll(w);
					struct trend_cell *cell = trend_cell(r, s->group, p);
					cell->buyers++;
					if (p == first)
						cell->fresh++;
					else
						cell->returning++;
					/* trend_cell may move the cells, never the sets: s holds. */
					if (p + 1 <= r->pmax && !pset_has(r, s, p + 1))
						trend_cell(r, s->group, p + 1)->lapsed++;
				}
			}
		}
	}
}

static void
trend_table(struct report *r)
{
	/* Its group's columns (one per --by column, as the groups section
	 * has them), then the period and the figures. */
	static char *const figs[] = {"period", "customers", "orders", "revenue", "avg_order", "new", "returning",
	    "lapsed", "repeat_rate"};
	static const enum rcol_kind fkinds[] = {RC_TEXT, RC_INT, RC_INT, RC_MONEY, RC_MONEY, RC_INT, RC_INT,
	    RC_INT, RC_SHARE};
	size_t *o = sorted_groups(r), j, i, nb = r->nby, nc = nb + ARRAY_LEN(figs);
	char *cols[2 + ARRAY_LEN(figs)], *cells[2 + ARRAY_LEN(figs)], bufs[ARRAY_LEN(figs)][32], label[16];
	enum rcol_kind kinds[2 + ARRAY_LEN(figs)];
	char **f = cells + nb;
	struct strbuf parts[2] = {STRBUF_INIT, STRBUF_INIT};
	struct rtable *t;
	int32_t p;

	trend_customers(r);
	for (i = 0; i < nb; i++)
		cols[i] = r->byname[i], kinds[i] = RC_TEXT;
	for (i = 0; i < ARRAY_LEN(figs); i++)
		cols[nb + i] = figs[i], kinds[nb + i] = fkinds[i];
	t = report_table_new(r, "trend", "trend", cols, kinds, nc);
	for (i = 0; i < nb; i++)
		t->data[i] = true;
	t->bar = (long)nb + 3;
	t->label = (long)nb;
	for (j = 0; j < r->ng; j++) {
		bool any = false;
		/* A group without an order has no trend: its rows would all be 0. */
		for (p = r->pmin; p <= r->pmax && !any; p++)
			any = trend_find(r, (long)o[j], p) != NULL;
		for (i = 0; any && i < nb; i++)
			cells[i] = key_part(r, o[j], i, &parts[i]);
		for (p = r->pmin; any && p <= r->pmax; p++) {
			struct trend_cell zero = {0}, *c = trend_find(r, (long)o[j], p);
			if (c == NULL)
				c = &zero;
			trend_period_label(r->period, p, label);
			f[0] = label;
			f[1] = fmt_u(c->buyers, bufs[1]);
			f[2] = fmt_u(c->orders, bufs[2]);
			f[3] = !r->has_amount || c->overflow ? NULL : fmt_money(c->revenue, bufs[3]);
			f[4] = !r->has_amount || c->overflow || c->orders == 0 ? NULL :
			    fmt_money(avg_to_cent(c->revenue, c->orders), bufs[4]);
			f[5] = fmt_u(c->fresh, bufs[5]);
			f[6] = fmt_u(c->returning, bufs[6]);
			f[7] = fmt_u(c->lapsed, bufs[7]);
			f[8] = fmt_share(c->returning, c->buyers, bufs[8]);
			rtable_row(t, cells);
		}
	}
	sb_free(&parts[0]);
	sb_free(&parts[1]);
	free(o);
}

/* Customers who bought more than once, of those who bought at all. */
static void
repeat_table(struct report *r)
{
	char *cols[] = {"customers", "repeat_customers", "repeat_rate"};
	enum rcol_kind kinds[] = {RC_INT, RC_INT, RC_SHARE};
	uint64_t buyers = 0, repeat = 0;
	char bufs[3][32], *cells[3];
	struct rtable *t;
	size_t i;

	for (i = 0; i < r->ncust; i++) {
		buyers += r->buyer[i].norders > 0;
		repeat += r->buyer[i].norders > 1;
	}
	t = report_table_new(r, "repeat", "repeat", cols, kinds, 3);
	cells[0] = fmt_u(buyers, bufs[0]);
	cells[1] = fmt_u(repeat, bufs[1]);
	cells[2] = fmt_share(repeat, buyers, bufs[2]);
	rtable_row(t, cells);
}

struct error_row {
	long col;               /* its place in the header: columns in order */
	char *name, *kind;
	uint64_t n;
};

static int
cmp_error_row(const void *a, const void *b)
{
	const struct error_row *x = a, *y = b;
	int c;

	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	c = strcmp(x->name, y->name);
	return c ? c : strcmp(x->kind, y->kind);
}

/* The error counts by column (in the header's order) and kind. */
static void
sort_errors(struct report *r, struct rtable *t)
{
	size_t n = hash_count(r->errkinds), i = 0, k = 0, klen;
	struct error_row *e = xcalloc(n ? n : 1, sizeof(*e));
	const char *key;
	uint64_t *val;
	char buf[32], *cells[3];

	while (hash_iter(r->errkinds, &i, &key, &klen, &val)) {
		const char *sep = memchr(key, '\x1f', klen);
		e[k].name = xstrndup(key, (size_t)(sep - key));
		e[k].kind = xstrndup(sep + 1, klen - (size_t)(sep - key) - 1);
		e[k].col = header_find(r->qh, e[k].name);
		if (e[k].col < 0)
			e[k].col = LONG_MAX;    /* primaryKey: after the columns */
		e[k++].n = *val;
	}
	qsort(e, k, sizeof(*e), cmp_error_row);
	for (i = 0; i < k; i++) {
		cells[0] = e[i].name;
		cells[1] = e[i].kind;
		cells[2] = fmt_u(e[i].n, buf);
		rtable_row(t, cells);
		free(e[i].name);
		free(e[i].kind);
	}
	free(e);
}

static void
quality_tables(struct report *r)
{
	char *cols[] = {"column", "filled", "empty", "completeness"};
	enum rcol_kind kinds[] = {RC_TEXT, RC_INT, RC_INT, RC_SHARE};
	char *ecols[] = {"column", "kind", "errors"};
	enum rcol_kind ekinds[] = {RC_TEXT, RC_TEXT, RC_INT};
	char bufs[4][32], *cells[4];
	struct rtable *t = report_table_new(r, "quality", "quality", cols, kinds, 4);
	size_t i;

	t->bar = 3;
	t->label = 0;
	for (i = 0; i < r->qh->n; i++) {
		if (strcmp(r->qh->names[i], "_errors") == 0 || strcmp(r->qh->names[i], "_line") == 0)
			continue;
		cells[0] = r->qh->names[i];
		cells[1] = fmt_u(r->filled[i], bufs[1]);
		cells[2] = fmt_u(r->qrows - r->filled[i], bufs[2]);
		cells[3] = fmt_share(r->filled[i], r->qrows, bufs[3]);
		rtable_row(t, cells);
	}
	if (r->errkinds == NULL)
		return;
	t = report_table_new(r, "errors", "errors", ecols, ekinds, 3);
	t->bar = 2;
	t->label = 0;
	sort_errors(r, t);
}

const struct rtable *
report_tables(struct report *r, size_t *n)
{
	if (!r->built) {
		size_t made = r->nt;
		r->built = true;
		groups_table(r);
		if (r->nby == 2)
			crosstab_table(r);
		problems_table(r);
		if (r->period != TREND_NONE) {
			trend_table(r);
			repeat_table(r);
		}
		if (r->qh)
			quality_tables(r);
		/* Tables added before (migration, risk) come after these. */
		if (made) {
			struct rtable *tmp = xcalloc(r->nt, sizeof(*tmp));
			memcpy(tmp, r->t + made, (r->nt - made) * sizeof(*tmp));
			memcpy(tmp + r->nt - made, r->t, made * sizeof(*tmp));
			memcpy(r->t, tmp, r->nt * sizeof(*tmp));
			free(tmp);
		}
	}
	*n = r->nt;
	return r->t;
}

/* ---- partial states (--partial, --merge) ---- */

json_t *
report_json_dec(int64_t v)
{
	char buf[32];

	dec_format(v, buf);
	return json_string(buf);
}

int64_t
report_dec_of(json_t *j)
{
	int64_t v = 0;
	const char *s = json_string_value(j);

	if (s)
		dec_parse(s, strlen(s), &v);
	return v;
}

static void
put_dec(struct jw *w, int64_t v)
{
	char buf[32];

	jw_string(w, buf, dec_format(v, buf));
}

/* A decimal as exact text: anything else in its place is damage. */
static bool
get_dec(struct jpull *p, int64_t *v)
{
	size_t n;
	const char *s = jp_string(p, &n);

	*v = 0;
	if (s && dec_parse(s, n, v) != 0)
		jp_fail(p, "\"%.40s\": not a decimal number", s);
	return jp_ok(p);
}

static void
acc_write(struct jw *w, const struct acc *a)
{
	size_t i;

	jw_object(w);
	jw_key(w, "n");
	jw_int(w, (int64_t)a->n);
	jw_key(w, "not_numeric");
	jw_int(w, (int64_t)a->bad);
	jw_key(w, "overflow");
	jw_bool(w, a->overflow);
	jw_key(w, "sum");
	put_dec(w, a->sum);
	/* A count's values are rows: it has none. */
	if (a->n && a->min <= a->max) {
		jw_key(w, "min");
		put_dec(w, a->min);
		jw_key(w, "max");
		put_dec(w, a->max);
	}
	/* Exact medians and quantiles need every value: they are kept,
	 * written one by one from the report's own array. */
	if (a->nv) {
		jw_key(w, "values");
		jw_array(w);
		for (i = 0; i < a->nv; i++)
			put_dec(w, a->v[i]);
		jw_end(w);
	}
	jw_end(w);
}

static void
groups_write(const struct report *r, struct jw *w)
{
	struct strbuf part = STRBUF_INIT;
	size_t g, i;

	jw_key(w, "groups");
	jw_array(w);
	for (g = 0; g < r->ng; g++) {
		jw_object(w);
		jw_key(w, "key");
		jw_array(w);
		for (i = 0; i < r->nby; i++)
			jw_str(w, key_part(r, g, i, &part));
		jw_end(w);
		jw_key(w, "count");
		jw_int(w, (int64_t)r->gcount[g]);
		jw_key(w, "metrics");
		jw_array(w);
		for (i = 0; i < r->nm; i++)
			acc_write(w, &r->acc[g * r->nm + i]);
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
	sb_free(&part);
}

/* The values distinct() met, [metric, group, value key], straight from
 * the shared set: one pass, nothing gathered per group. */
static void
distinct_write(const struct report *r, struct jw *w)
{
	size_t i = 0, klen, mi, head = sizeof(mi) + sizeof(long);
	const char *key;
	uint64_t *val;
	long g;

	jw_key(w, "distinct");
	jw_array(w);
	while (hash_iter(r->distinct, &i, &key, &klen, &val)) {
		memcpy(&mi, key, sizeof(mi));
		memcpy(&g, key + sizeof(mi), sizeof(g));
		jw_array(w);
		jw_int(w, (int64_t)mi);
		jw_int(w, g);
		jw_string(w, key + head, klen - head);
		jw_end(w);
	}
	jw_end(w);
}

static void
quality_write(const struct report *r, struct jw *w)
{
	size_t i, k = 0, klen;
	const char *key;
	uint64_t *val;

	jw_key(w, "quality");
	jw_object(w);
	jw_key(w, "rows");
	jw_int(w, (int64_t)r->qrows);
	jw_key(w, "columns");
	jw_array(w);
	for (i = 0; i < r->qh->n; i++)
		jw_str(w, r->qh->names[i]);
	jw_end(w);
	jw_key(w, "filled");
	jw_array(w);
	for (i = 0; i < r->qh->n; i++)
		jw_int(w, (int64_t)r->filled[i]);
	jw_end(w);
	jw_key(w, "errors");
	jw_array(w);
	while (r->errkinds && hash_iter(r->errkinds, &k, &key, &klen, &val)) {
		jw_array(w);
		jw_string(w, key, klen);
		jw_int(w, (int64_t)*val);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
}

/* The trend's state: per group and period the orders and the revenue;
 * per customer (by id) its orders and, per group, the periods it bought
 * in.  Buyers, new, returning and lapsed customers come from these once
 * every part is in. */
static void
trend_write(const struct report *r, const struct orderbook *ob, struct jw *w)
{
	size_t i = 0, klen, c, len;
	const char *key;
	uint64_t *val;
	uint32_t j, k;

	jw_key(w, "trend");
	jw_object(w);
	jw_key(w, "amount");
	jw_bool(w, r->has_amount);
	jw_key(w, "cells");
	jw_array(w);
	while (hash_iter(r->tcells, &i, &key, &klen, &val)) {
		const struct trend_cell *t = &r->tc[*val];
		int64_t gp[2];
		memcpy(gp, key, sizeof(gp));
		if (t->orders == 0)
			continue;
		jw_array(w);
		jw_int(w, gp[0]);
		jw_int(w, gp[1]);
		jw_int(w, (int64_t)t->orders);
		put_dec(w, t->revenue);
		jw_bool(w, t->overflow);
		jw_end(w);
	}
	jw_end(w);
	jw_key(w, "customers");
	jw_array(w);
	for (c = 0; c < r->ncust; c++) {
		if (r->buyer[c].phead == 0)
			continue;
		jw_array(w);
		key = orderbook_id(ob, c, &len);
		jw_string(w, key, len);
		jw_int(w, r->buyer[c].norders);
		for (j = r->buyer[c].phead; j; j = r->ps[j - 1].next) {
			struct pset *s = &r->ps[j - 1];
			jw_array(w);
			jw_int(w, s->group);
			for (k = 0; k < s->nwords; k++)
				for (uint64_t b = pset_words((struct report *)r, s)[k]; b; b &= b - 1)
					jw_int(w, s->base + 64 * (int64_t)k + __builtin_ctzll(b));
			jw_end(w);
		}
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
}

/* A kept value: a number as decimal text, a text in a list of one, no
 * number false, no value null. */
static void
kv_write(const struct report *r, struct kv k, struct jw *w)
{
	switch (k.kind) {
	case KV_NUM:
		put_dec(w, k.x);
		break;
	case KV_TEXT:
		jw_array(w);
		jw_string(w, r->ktext.s + k.x, k.len);
		jw_end(w);
		break;
	case KV_BAD:
		jw_bool(w, false);
		break;
	default:
		jw_null(w);
	}
}

static struct kv
kv_of(struct report *r, json_t *j)
{
	struct kv k = {0, 0, KV_NULL};
	json_t *t = json_array_get(j, 0);

	if (json_is_string(j)) {
		k.kind = KV_NUM;
		k.x = report_dec_of(j);
	} else if (json_is_string(t)) {
		k.kind = KV_TEXT;
		k.x = (int64_t)r->ktext.len;
		k.len = (uint32_t)json_string_length(t);
		sb_add(&r->ktext, json_string_value(t), k.len);
	} else if (json_is_false(j))
		k.kind = KV_BAD;
	return k;
}

/* The customers of this part's table, by id, with their groups; the
 * orders of customers in no group of this part: [id, day, amount, the
 * metrics' values..., the order's key], for the part where their
 * customer is. */
static void
members_write(const struct report *r, const struct orderbook *ob, struct jw *w)
{
	size_t i = 0, j, klen, len, kw = r->nm + 1;
	const char *key;
	uint64_t *val;

	if (r->members) {
		jw_key(w, "members");
		jw_array(w);
		while (hash_iter(r->members, &i, &key, &klen, &val)) {
			jw_array(w);
			jw_string(w, key, klen);
			jw_int(w, (int64_t)*val);
			jw_end(w);
		}
		jw_end(w);
	}
	if (r->nkept == 0)
		return;
	jw_key(w, "orphans");
	jw_array(w);
	for (i = 0; i < r->nkept; i++) {
		jw_array(w);
		key = orderbook_id(ob, r->kcust[i], &len);
		jw_string(w, key, len);
		jw_int(w, r->kday[i]);
		kv_write(r, r->kval[i * kw + r->nm], w);
		for (j = 0; j < r->nm; j++)
			kv_write(r, r->kval[i * kw + j], w);
		jw_int(w, (int64_t)r->korder[i]);
		jw_end(w);
	}
	jw_end(w);
}

void
report_partial(const struct report *r, const struct orderbook *ob, struct jw *w)
{
	jw_object(w);
	/* First, so that the groups' counts are read knowing it. */
	if (r->count_members) {
		jw_key(w, "count_members");
		jw_bool(w, true);
	}
	groups_write(r, w);
	if (hash_count(r->distinct))
		distinct_write(r, w);
	if (r->qh)
		quality_write(r, w);
	if (r->period != TREND_NONE)
		trend_write(r, ob, w);
	members_write(r, ob, w);
	jw_end(w);
}

/* What one state's merge needs besides the report: its groups' places
 * in the merged report, in its order. */
struct merging {
	struct report *r;
	struct jpull *p;
	long *gmap;
	size_t ng, cap;
	bool count_members;
};

/* One metric's state of one group, its values streamed into the
 * merged report's array. */
static void
acc_merge(struct merging *mg, size_t mi, long g)
{
	struct report *r = mg->r;
	struct jpull *p = mg->p;
	struct acc *a = &r->acc[(size_t)g * r->nm + mi];
	int64_t n = 0, bad = 0, sum = 0, min = INT64_MAX, max = INT64_MIN, v;
	size_t nv = 0;
	bool overflow = false, keeps = r->m[mi].fn == RF_MEDIAN || r->m[mi].fn == RF_QUANTILE;
	const char *key;

	if (!jp_object(p))
		return;
	while (jp_key(p, &key)) {
		if (strcmp(key, "n") == 0)
			jp_int(p, &n);
		else if (strcmp(key, "not_numeric") == 0)
			jp_int(p, &bad);
		else if (strcmp(key, "overflow") == 0)
			jp_bool(p, &overflow);
		else if (strcmp(key, "sum") == 0)
			get_dec(p, &sum);
		else if (strcmp(key, "min") == 0)
			get_dec(p, &min);
		else if (strcmp(key, "max") == 0)
			get_dec(p, &max);
		else if (strcmp(key, "values") == 0 && jp_array(p)) {
			while (jp_next(p) && get_dec(p, &v)) {
				if (a->nv == a->capv) {
					a->capv = a->capv ? 2 * a->capv : 8;
					a->v = xreallocarray(a->v, a->capv, sizeof(int64_t));
				}
				a->v[a->nv++] = v;
				nv++;
			}
		} else if (strcmp(key, "values") != 0)
			jp_fail(p, "groups[%zu].metrics[%zu]: unknown key '%.100s'", mg->ng - 1, mi, key);
	}
	/* A median's values are its count; other metrics keep none. */
	if (n < 0 || bad < 0 || nv != (keeps ? (size_t)n : 0))
		jp_fail(p, "groups[%zu].metrics[%zu]: its counts and values disagree", mg->ng - 1, mi);
	if (min < a->min)
		a->min = min;
	if (max > a->max)
		a->max = max;
	a->n += (uint64_t)n;
	a->bad += (uint64_t)bad;
	a->overflow |= overflow || __builtin_add_overflow(a->sum, sum, &a->sum);
}

/* A group: its key first (where it is in the merged report), then its
 * count and metrics. */
static void
group_merge(struct merging *mg, size_t i)
{
	struct report *r = mg->r;
	struct jpull *p = mg->p;
	const char *key, *s;
	long gi = -1;
	size_t j, n;
	int64_t count;

	if (mg->ng == mg->cap) {
		mg->cap = mg->cap ? 2 * mg->cap : 16;
		mg->gmap = xreallocarray(mg->gmap, mg->cap, sizeof(long));
	}
	mg->gmap[mg->ng++] = -1;
	if (!jp_object(p))
		return;
	while (jp_key(p, &key)) {
		if (strcmp(key, "key") == 0 && jp_array(p)) {
			sb_reset(&r->key);
			for (j = 0; jp_next(p) && (s = jp_string(p, &n)) != NULL; j++) {
				if (j)
					sb_addc(&r->key, '\x1f');
				sb_add(&r->key, s, n);
			}
			if (j != r->nby) {
				jp_fail(p, "groups[%zu]: not of this report's definition", i);
				return;
			}
			gi = mg->gmap[i] = group_at(r, sb_str(&r->key), r->key.len);
		} else if (gi < 0) {
			jp_fail(p, "groups[%zu]: no key before its %.100s", i, key);
			return;
		} else if (strcmp(key, "count") == 0) {
			/* Customers in several parts count once: see members. */
			if (jp_int(p, &count) && !mg->count_members)
				r->gcount[gi] += (uint64_t)count;
		} else if (strcmp(key, "metrics") == 0 && jp_array(p)) {
			for (j = 0; jp_next(p); j++) {
				if (j >= r->nm) {
					jp_fail(p, "groups[%zu]: not of this report's definition", i);
					return;
				}
				acc_merge(mg, j, gi);
			}
			if (j != r->nm)
				jp_fail(p, "groups[%zu]: not of this report's definition", i);
		} else if (strcmp(key, "metrics") != 0)
			jp_fail(p, "groups[%zu]: unknown key '%.100s'", i, key);
	}
	if (gi < 0)
		jp_fail(p, "groups[%zu]: not of this report's definition", i);
}

/* A group of the state being read, as the merged report's; -1 none. */
static long
merged_group(const struct merging *mg, json_t *g)
{
	json_int_t x = json_integer_value(g);

	return json_is_integer(g) && x >= 0 && (size_t)x < mg->ng ? mg->gmap[x] : -1;
}

static int
distinct_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct merging *mg = ctx;
	struct report *r = mg->r;
	json_t *v = json_array_get(e, 2);
	json_int_t mi = json_integer_value(json_array_get(e, 0));
	long g = merged_group(mg, json_array_get(e, 1));
	bool added;

	if (g < 0 || mi < 0 || (size_t)mi >= r->nm || !json_is_string(v))
		return jp_fail(p, "distinct[%zu]: not of this report's definition", i);
	sb_reset(&r->scratch);
	sb_add(&r->scratch, &(size_t){(size_t)mi}, sizeof(size_t));
	sb_add(&r->scratch, &g, sizeof(g));
	sb_add(&r->scratch, json_string_value(v), json_string_length(v));
	hash_put(r->distinct, r->scratch.s, r->scratch.len, &added);
	r->acc[(size_t)g * r->nm + (size_t)mi].distinct += added;
	return 0;
}

static int
quality_merge(struct merging *mg, struct header *h)
{
	struct report *r = mg->r;
	json_t *q = jp_value(mg->p), *cols = json_object_get(q, "columns"), *v;
	size_t i;
	bool added;

	if (q == NULL)
		return -1;
	if (r->qh == NULL) {
		h->n = json_array_size(cols);
		h->names = xcalloc(h->n + 1, sizeof(char *));
		json_array_foreach(cols, i, v)
			h->names[i] = xstrdup(json_string_value(v) ? json_string_value(v) : "");
		r->qh = h;
		r->filled = xcalloc(h->n + 1, sizeof(uint64_t));
	}
	r->qrows += (uint64_t)json_integer_value(json_object_get(q, "rows"));
	json_array_foreach(json_object_get(q, "filled"), i, v)
		if (i < r->qh->n)
			r->filled[i] += (uint64_t)json_integer_value(v);
	json_array_foreach(json_object_get(q, "errors"), i, v) {
		json_t *k = json_array_get(v, 0);
		/* The table splits the key into column and kind. */
		if (!json_is_string(k) || memchr(json_string_value(k), '\x1f', json_string_length(k)) == NULL) {
			json_decref(q);
			return jp_fail(mg->p, "quality.errors[%zu]: not a column's kind of error", i);
		}
		if (r->errkinds == NULL)
			r->errkinds = hash_new();
		*hash_put(r->errkinds, json_string_value(k), json_string_length(k), &added) +=
		    (uint64_t)json_integer_value(json_array_get(v, 1));
	}
	json_decref(q);
	return 0;
}

/* The merged index of a customer named by id. */
static size_t
merged_customer(struct report *r, const char *id, size_t len)
{
	bool added;
	uint64_t *v;

	if (r->cids == NULL)
		r->cids = hash_new();
	v = hash_put(r->cids, id, len, &added);
	if (added)
		*v = hash_count(r->cids) - 1;
	grow_customers(r, (size_t)*v);
	return (size_t)*v;
}

/* A period a date can be in: a state that says another is damaged, and
 * would have the trend list every period up to it. */
static bool
period_of_json(const struct report *r, json_t *v, int32_t *p)
{
	struct date first = {1, 1, 1}, last = {9999, 12, 31};
	json_int_t x = json_integer_value(v);

	*p = (int32_t)x;
	return json_is_integer(v) && x >= trend_period_of(r->period, date_to_days(first)) &&
	    x <= trend_period_of(r->period, date_to_days(last));
}

static int
cell_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct merging *mg = ctx;
	struct report *r = mg->r;
	long g = merged_group(mg, json_array_get(e, 0));
	int32_t per;
	struct trend_cell *c;

	if (g < 0)
		return jp_fail(p, "trend.cells[%zu]: no such group", i);
	if (!period_of_json(r, json_array_get(e, 1), &per))
		return jp_fail(p, "trend.cells[%zu]: no such period", i);
	c = trend_cell(r, g, per);
	c->orders += (uint64_t)json_integer_value(json_array_get(e, 2));
	c->overflow |= json_is_true(json_array_get(e, 4)) ||
	    __builtin_add_overflow(c->revenue, report_dec_of(json_array_get(e, 3)), &c->revenue);
	if (per < r->pmin)
		r->pmin = per;
	if (per > r->pmax)
		r->pmax = per;
	return 0;
}

static int
buyer_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct merging *mg = ctx;
	struct report *r = mg->r;
	json_t *id = json_array_get(e, 0), *ps, *v;
	size_t c, j, k;

	if (!json_is_string(id))
		return jp_fail(p, "trend.customers[%zu]: no customer id", i);
	c = merged_customer(r, json_string_value(id), json_string_length(id));
	r->buyer[c].norders += (uint32_t)json_integer_value(json_array_get(e, 1));
	for (j = 2; j < json_array_size(e); j++) {
		long g;
		ps = json_array_get(e, j);
		if ((g = merged_group(mg, json_array_get(ps, 0))) < 0)
			return jp_fail(p, "trend.customers[%zu]: no such group", i);
		json_array_foreach(ps, k, v) {
			int32_t per;
			if (k == 0)
				continue;
			if (!period_of_json(r, v, &per))
				return jp_fail(p, "trend.customers[%zu]: no such period", i);
			pset_mark(r, c, g, per);
		}
	}
	return 0;
}

/* Cells and customers come one at a time, each a small tree. */
static void
trend_merge(struct merging *mg)
{
	struct jpull *p = mg->p;
	const char *key;
	bool amount;

	if (mg->r->period == TREND_NONE) {
		jp_fail(p, "trend: not of this report's definition");
		return;
	}
	if (!jp_object(p))
		return;
	while (jp_key(p, &key)) {
		if (strcmp(key, "amount") == 0) {
			if (jp_bool(p, &amount) && amount)
				mg->r->has_amount = true;
		} else if (strcmp(key, "cells") == 0)
			jp_each(p, cell_merge, mg);
		else if (strcmp(key, "customers") == 0)
			jp_each(p, buyer_merge, mg);
		else
			jp_fail(p, "trend: unknown key '%.100s'", key);
	}
}

/* Customers' groups and the orders of customers in no group: kept,
 * until report_settle puts them where their customers are. */
static int
member_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct merging *mg = ctx;
	struct report *r = mg->r;
	json_t *id = json_array_get(e, 0);
	long g = merged_group(mg, json_array_get(e, 1));
	size_t c;
	bool added;

	if (!json_is_string(id) || g < 0)
		return jp_fail(p, "members[%zu]: not a customer in a group", i);
	c = merged_customer(r, json_string_value(id), json_string_length(id));
	report_customer_group(r, c, g);
	if (mg->count_members) {
		if (r->members == NULL)
			r->members = hash_new();
		hash_put(r->members, json_string_value(id), json_string_length(id), &added);
		r->gcount[g] += added;
	}
	return 0;
}

static int
orphan_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct merging *mg = ctx;
	struct report *r = mg->r;
	json_t *id = json_array_get(e, 0);
	struct kv *kv;
	size_t j, c;

	if (!json_is_string(id) || json_array_size(e) != r->nm + 4)
		return jp_fail(p, "orphans[%zu]: not an order of this report's definition", i);
	c = merged_customer(r, json_string_value(id), json_string_length(id));
	kv = kept_slot(r, c, (int32_t)json_integer_value(json_array_get(e, 1)),
	    (uint64_t)json_integer_value(json_array_get(e, r->nm + 3)));
	kv[r->nm] = kv_of(r, json_array_get(e, 2));
	for (j = 0; j < r->nm; j++)
		kv[j] = kv_of(r, json_array_get(e, j + 3));
	return 0;
}

int
report_merge(struct report *r, struct jpull *p, struct header *qh)
{
	struct merging mg = {r, p, NULL, 0, 0, false};
	const char *key;
	bool trend = false, groups = false;

	if (!jp_object(p))
		return -1;
	while (jp_key(p, &key)) {
		if (strcmp(key, "count_members") == 0 && !groups)
			jp_bool(p, &mg.count_members);
		else if (strcmp(key, "groups") == 0 && jp_array(p)) {
			groups = true;
			while (jp_next(p))
				group_merge(&mg, mg.ng);
		} else if (!groups)
			jp_fail(p, "state: %.100s before the groups", key);
		else if (strcmp(key, "distinct") == 0)
			jp_each(p, distinct_merge, &mg);
		else if (strcmp(key, "quality") == 0)
			quality_merge(&mg, qh);
		else if (strcmp(key, "trend") == 0) {
			trend = true;
			trend_merge(&mg);
		} else if (strcmp(key, "members") == 0)
			jp_each(p, member_merge, &mg);
		else if (strcmp(key, "orphans") == 0)
			jp_each(p, orphan_merge, &mg);
		else
			jp_fail(p, "state: unknown key '%.100s'", key);
	}
	if (jp_ok(p) && trend != (r->period != TREND_NONE))
		jp_fail(p, "trend: not of this report's definition");
	free(mg.gmap);
	return jp_ok(p) ? 0 : -1;
}
