/* orders.c — per-customer aggregation of orders; see orders.h. */
#include "orders.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "idmap.h"
#include "reader.h"
#include "value.h"

/* Arguments of aggregates that orders_load has the reader thread work out
 * for each order (arithmetic ones, the first few). */
#define PREP_ARGS 4

/* An order's argument values, as numbers (ok bit k clear: not a number). */
struct prep_args {
	int64_t x[PREP_ARGS];
	unsigned ok;
};

/* A customer's state is a row of 64-bit cells, one per slot (two for
 * avg: sum and count): 8 bytes an aggregate where a general accumulator
 * took 40, so that the state of a million customers stays small.
 *   sum       the sum; SUM_OVERFLOW once it no longer fits (null)
 *   count     orders; count(x), distinct(x): orders with a value
 *   avg       the sum (as sum), then the count of values
 *   min, max  the value; NONE_MIN / NONE_MAX while there is none
 *   recency   the day of the last order, tenure that of the first, the
 *             same sentinels while there is none */
typedef int64_t cell;
__extension__ typedef __int128 i128;    /* as in expr.c */
#define SUM_OVERFLOW INT64_MIN
#define NONE_MIN INT64_MAX
#define NONE_MAX INT64_MIN

struct slot {
	enum agg_fn fn;
	const struct expr *arg;
	struct dayrange days;
	size_t argi;                /* index into the distinct arguments */
	size_t cell;                /* its first cell in a customer's row */
};

enum { CUST_IN_TABLE = 1, CUST_COUNTED = 2, CUST_ABSORBED = 4 };

struct orderbook {
	struct slot *slot;
	size_t nslots;
	const struct expr **args;   /* distinct argument expressions */
	bool *arith;                /* args[k] is worked out in the reader thread */
	size_t nargs;
	struct hash *ids;           /* id -> customer index */
	size_t *idoff;              /* customer index -> key, for listing in order */
	struct strbuf idtext;
	size_t ncust, capcust;
	cell *cells;                /* ncust rows of ncells */
	size_t ncells;
	cell *fresh;                /* the row of a customer without orders */
	unsigned char *flags;       /* per customer: CUST_IN_TABLE, CUST_COUNTED */
	unsigned long long in_period; /* orders in the days of some slot */
	struct keyset *distinct;    /* slot, customer, value: for distinct() */
	struct xval *argval;        /* per order: each argument's value */
	bool *argdone;
	struct strbuf scratch;
	struct strbuf key;          /* a text value's key, for distinct() */
	size_t overflows;           /* sums past 64 bits, null from then on */
	order_fn on_order;          /* and what the slots cannot hold */
	void *on_order_ctx;
	bool alone;                 /* orders only: no customers kept */
	ahead_fn on_ahead;
	void *on_ahead_ctx;
	const struct idmap *merges; /* old id -> survivor, or NULL */
	size_t *owner;              /* per customer, once one is absorbed: whose it is */
	size_t nowner;
};

struct orderbook *
orderbook_new(void)
{
	struct orderbook *ob = xcalloc(1, sizeof(*ob));

	ob->ids = hash_new();
	ob->distinct = keyset_new();
	return ob;
}

void
orderbook_free(struct orderbook *ob)
{
	if (ob == NULL)
		return;
	hash_free(ob->ids);
	keyset_free(ob->distinct);
	free(ob->slot);
	free(ob->args);
	free(ob->arith);
	free(ob->idoff);
	sb_free(&ob->idtext);
	sb_free(&ob->scratch);
	sb_free(&ob->key);
	table_free(ob->cells, ob->capcust * (ob->ncells ? ob->ncells : 1), sizeof(cell));
	free(ob->fresh);
	free(ob->flags);
	free(ob->argval);
	free(ob->argdone);
	free(ob->owner);
	free(ob);
}

size_t
orderbook_slot(struct orderbook *ob, enum agg_fn fn, const struct expr *arg, struct dayrange days)
{
	size_t i;

	for (i = 0; i < ob->nslots; i++) {
		struct slot *s = &ob->slot[i];
		if (s->fn == fn && s->days.from == days.from && s->days.to == days.to &&
		    expr_same(s->arg, arg))
			return i;
	}
	ob->slot = xreallocarray(ob->slot, ob->nslots + 1, sizeof(*ob->slot));
	ob->slot[i].fn = fn;
	ob->slot[i].arg = arg;
	ob->slot[i].days = days;
	ob->slot[i].argi = SIZE_MAX;
	ob->slot[i].cell = ob->ncells;
	ob->ncells += fn == AGG_AVG ? 2 : 1;
	ob->fresh = xreallocarray(ob->fresh, ob->ncells, sizeof(cell));
	ob->fresh[ob->slot[i].cell] = fn == AGG_MIN || fn == AGG_TENURE ? NONE_MIN :
	    fn == AGG_MAX || fn == AGG_RECENCY ? NONE_MAX : 0;
	if (fn == AGG_AVG)
		ob->fresh[ob->slot[i].cell + 1] = 0;
	if (arg != NULL) {
		size_t k;
		for (k = 0; k < ob->nargs && !expr_same(ob->args[k], arg); k++)
			;
		if (k == ob->nargs) {
			ob->args = xreallocarray(ob->args, ob->nargs + 1, sizeof(*ob->args));
			ob->arith = xreallocarray(ob->arith, ob->nargs + 1, sizeof(*ob->arith));
			ob->arith[ob->nargs] = ob->nargs < PREP_ARGS && expr_arithmetic(arg);
			ob->args[ob->nargs++] = arg;
			ob->argval = xreallocarray(ob->argval, ob->nargs, sizeof(*ob->argval));
			ob->argdone = xreallocarray(ob->argdone, ob->nargs, sizeof(*ob->argdone));
		}
		ob->slot[i].argi = k;
	}
	return ob->nslots++;
}

size_t
orderbook_nslots(const struct orderbook *ob)
{
	return ob->nslots;
}

/* A new customer with this id, whose slot in ids is v. */
static size_t
customer_new(struct orderbook *ob, uint64_t *v, const char *id, size_t n)
{
	if (ob->ncust == ob->capcust) {
		/* Read at random like the hash: in huge pages too. */
		size_t row = ob->ncells ? ob->ncells : 1, cap = ob->capcust ? ob->capcust * 2 : 1024;
		cell *cells = table_calloc(cap * row, sizeof(cell));
		if (ob->ncust)
			memcpy(cells, ob->cells, ob->ncust * row * sizeof(cell));
		table_free(ob->cells, ob->capcust * row, sizeof(cell));
		ob->cells = cells;
		ob->capcust = cap;
		ob->idoff = xreallocarray(ob->idoff, ob->capcust, sizeof(size_t));
		ob->flags = xreallocarray(ob->flags, ob->capcust, 1);
	}
	if (ob->ncells)
		memcpy(ob->cells + ob->ncust * ob->ncells, ob->fresh, ob->ncells * sizeof(cell));
	ob->idoff[ob->ncust] = ob->idtext.len;
	ob->flags[ob->ncust] = 0;
	sb_add(&ob->idtext, id, n);
	sb_addc(&ob->idtext, '\0');
	*v = ob->ncust;
	return ob->ncust++;
}

static size_t customer(struct orderbook *ob, uint64_t hv, const char *id, size_t n);

/* A new customer c whose id the merges name is its survivor's from the
 * start: absorbed, so that its orders count as the survivor's (and are
 * seen as the survivor's by on_order), and no customer of its own. */
static void
merge_in(struct orderbook *ob, size_t c, const char *id, size_t n)
{
	size_t slen, t;
	const char *surv = idmap_resolve(ob->merges, id, n, &slen);

	if (slen == n && memcmp(surv, id, n) == 0)
		return;
	t = customer(ob, hash_bytes(surv, slen), surv, slen);
	if (t == c || (ob->flags[t] & CUST_ABSORBED))
		return;     /* a map that loops (A -> B -> A): each id is its own */
	ob->flags[c] |= CUST_ABSORBED | CUST_IN_TABLE;
	if (c >= ob->nowner) {
		ob->owner = xreallocarray(ob->owner, ob->capcust, sizeof(size_t));
		ob->nowner = ob->capcust;
	}
	ob->owner[c] = t;
}

/* The customer with this id (its hash_bytes() is hv), added if new. */
static size_t
customer(struct orderbook *ob, uint64_t hv, const char *id, size_t n)
{
	bool added;
	uint64_t *v = hash_put_hashed(ob->ids, hv, id, n, &added);
	size_t c;

	if (!added)
		return (size_t)*v;
	c = customer_new(ob, v, id, n);
	if (ob->merges)
		merge_in(ob, c, id, n);
	return c;
}

/* Fold a number x (has: there is one) into slot s's cells; true when a
 * sum outgrows 64 bits here. */
static inline bool
cell_add(const struct slot *s, cell *row, bool has, int64_t x)
{
	cell *c = row + s->cell;

	switch (s->fn) {
	case AGG_COUNT:
		c[0]++;
		break;
	case AGG_COUNT_X:
		c[0] += has;
		break;
	case AGG_SUM:
	case AGG_AVG:
		if (s->fn == AGG_AVG)
			c[1] += has;
		if (has && c[0] != SUM_OVERFLOW && __builtin_add_overflow(c[0], x, &c[0])) {
			c[0] = SUM_OVERFLOW;
			return true;
		}
		break;
	case AGG_MIN:
	case AGG_TENURE:
		if (has && x < c[0])
			c[0] = x;
		break;
	case AGG_MAX:
	case AGG_RECENCY:
		if (has && x > c[0])
			c[0] = x;
		break;
	case AGG_DISTINCT:
		break;
	}
	return false;
}

static void
put_varint(struct strbuf *sb, size_t n)
{
	for (; n >= 0x80; n >>= 7)
		sb_addc(sb, (int)(n & 0x7f) | 0x80);
	sb_addc(sb, (int)n);
}

/* The key of a distinct() value: the slot and the customer in as few
 * bytes as they need, then the value's own key. */
static void
distinct_key(struct strbuf *sb, size_t slot, size_t c, const char *value, size_t n)
{
	sb_reset(sb);
	put_varint(sb, slot);
	put_varint(sb, c);
	sb_add(sb, value, n);
}

/* Account an order; pre: its arithmetic arguments, worked out already. */
static void
add_order(struct orderbook *ob, size_t c, int32_t day, char *const *row, const size_t *rowlen,
    const struct prep_args *pre)
{
	cell *cells = ob->cells + c * ob->ncells;
	size_t i;

	bool in_period = false;

	ob->flags[c] |= CUST_COUNTED;
	if (ob->on_order)
		ob->on_order(ob->on_order_ctx, c, day, row, rowlen);
	for (i = 0; i < ob->nargs; i++)
		ob->argdone[i] = false;
	for (i = 0; i < ob->nslots; i++) {
		struct slot *s = &ob->slot[i];
		struct xval v;
		int64_t x = 0;
		bool has;

		if (day < s->days.from || day > s->days.to)
			continue;
		if (!in_period) {
			in_period = true;
			ob->in_period++;
		}
		switch (s->fn) {
		case AGG_RECENCY:
		case AGG_TENURE:
			/* The day itself: the first and the last order's. */
			cell_add(s, cells, true, day);
			continue;
		case AGG_COUNT:
			cell_add(s, cells, false, 0);
			continue;
		default:
			break;
		}
		/* count(x) counts values, text too; the prepared numbers are
		 * for the aggregates that add numbers up. */
		if (pre != NULL && ob->arith[s->argi] && s->fn != AGG_DISTINCT && s->fn != AGG_COUNT_X) {
			has = pre->ok & (1u << s->argi);
			ob->overflows += cell_add(s, cells, has, pre->x[s->argi]);
			continue;
		}
		if (!ob->argdone[s->argi]) {
			ob->argval[s->argi] = expr_eval(ob->args[s->argi], row, rowlen, NULL);
			ob->argdone[s->argi] = true;
		}
		v = ob->argval[s->argi];
		if (s->fn == AGG_COUNT_X) {
			cell_add(s, cells, v.type != X_NULL, 0);
			continue;
		}
		if (s->fn == AGG_DISTINCT) {
			char buf[32];
			if (v.type == X_NULL)
				continue;
			/* As values compare: 1.0, 1 and ¥1 are one number, VIP
			 * and ' vip' one text. */
			if (xval_number(v, &x))
				distinct_key(&ob->scratch, i, c, buf, dec_format(x, buf));
			else if (text_key(v.str, v.len, &ob->key) == VALUE_OK)
				distinct_key(&ob->scratch, i, c, ob->key.s, ob->key.len);
			else
				distinct_key(&ob->scratch, i, c, v.str, v.len);
			cells[s->cell] += keyset_add(ob->distinct, ob->scratch.s, ob->scratch.len);
			continue;
		}
		has = xval_number(v, &x);
		ob->overflows += cell_add(s, cells, has, x);
	}
}

void
orderbook_add(struct orderbook *ob, const char *id, size_t idlen, int32_t day,
    char *const *row, const size_t *rowlen)
{
	long c = (long)customer(ob, hash_bytes(id, idlen), id, idlen);

	add_order(ob, (size_t)orderbook_owner(ob, c), day, row, rowlen, NULL);
}

void
orderbook_merge_ids(struct orderbook *ob, const struct idmap *m)
{
	ob->merges = m;
}

void
orderbook_on_order(struct orderbook *ob, order_fn fn, void *ctx)
{
	ob->on_order = fn;
	ob->on_order_ctx = ctx;
}

void
orderbook_on_ahead(struct orderbook *ob, ahead_fn fn, void *ctx)
{
	ob->on_ahead = fn;
	ob->on_ahead_ctx = ctx;
}

void
orderbook_orders_alone(struct orderbook *ob)
{
	ob->alone = true;
}

long
orderbook_find(const struct orderbook *ob, const char *id, size_t idlen)
{
	uint64_t *v = hash_get(ob->ids, id, idlen);

	return v ? (long)*v : -1;
}

size_t
orderbook_customers(const struct orderbook *ob)
{
	return ob->ncust;
}

const char *
orderbook_id(const struct orderbook *ob, size_t i, size_t *len)
{
	const char *s = ob->idtext.s + ob->idoff[i];

	*len = strlen(s);
	return s;
}

struct xval
orderbook_value(const struct orderbook *ob, long i, size_t s)
{
	const struct slot *sl = &ob->slot[s];
	const cell *c = (i < 0 ? ob->fresh : ob->cells + (size_t)i * ob->ncells) + sl->cell;
	struct xval none = {X_NULL, 0, NULL, 0}, v = {X_NUM, 0, NULL, 0};

	switch (sl->fn) {
	case AGG_COUNT:
	case AGG_COUNT_X:
	case AGG_DISTINCT:
		v.num = c[0] * DEC_SCALE;
		return v;
	case AGG_SUM:
		v.num = c[0];
		return c[0] == SUM_OVERFLOW ? none : v;
	case AGG_AVG:
		if (c[1] == 0 || c[0] == SUM_OVERFLOW)
			return none;
		{
			/* Rounded half away from zero, as quotients are. */
			i128 q = (i128)c[0] * 2 / c[1];
			v.num = (int64_t)(q >= 0 ? (q + 1) / 2 : (q - 1) / 2);
		}
		return v;
	case AGG_MIN:
	case AGG_MAX:
		v.num = c[0];
		return c[0] == (sl->fn == AGG_MIN ? NONE_MIN : NONE_MAX) ? none : v;
	case AGG_RECENCY:
	case AGG_TENURE:
		/* Days from the last (first) order to the day after the
		 * period: the as-of date for a window, the first of the next
		 * month for one month of each_month, judged on its own. */
		if (c[0] == (sl->fn == AGG_TENURE ? NONE_MIN : NONE_MAX))
			return none;
		v.num = ((int64_t)sl->days.to + 1 - c[0]) * DEC_SCALE;
		return v;
	}
	return none;
}

long
orderbook_owner(const struct orderbook *ob, long i)
{
	/* merge_in makes only survivors that are not absorbed owners. */
	return orderbook_absorbed(ob, i) ? (long)ob->owner[i] : i;
}

bool
orderbook_absorbed(const struct orderbook *ob, long i)
{
	return i >= 0 && (ob->flags[i] & CUST_ABSORBED);
}

void
orderbook_mark(struct orderbook *ob, long i)
{
	if (i >= 0)
		ob->flags[i] |= CUST_IN_TABLE;
}

size_t
orderbook_overflows(const struct orderbook *ob)
{
	return ob->overflows;
}

unsigned long long
orderbook_in_period(const struct orderbook *ob)
{
	return ob->in_period;
}

bool
orderbook_counted(const struct orderbook *ob, long i)
{
	return i >= 0 && (ob->flags[i] & CUST_COUNTED);
}

size_t
orderbook_unmarked(const struct orderbook *ob)
{
	size_t i, n = 0;

	for (i = 0; i < ob->ncust; i++)
		if (!(ob->flags[i] & CUST_IN_TABLE))
			n++;
	return n;
}

long
orderbook_next_unmarked(const struct orderbook *ob, long i)
{
	for (i++; (size_t)i < ob->ncust; i++)
		if (!(ob->flags[i] & CUST_IN_TABLE))
			return i;
	return -1;
}

static const char *const default_excluded[] = {
	"cancelled", "canceled", "cancel", "refunded", "refund", "pending", "unpaid", "failed",
	"void", "voided", "returned", "closed", "deleted",
	"已取消", "取消", "已退款", "退款", "退款中", "待付款", "未付款", "待支付", "未支付",
	"支付失败", "交易关闭", "已关闭", "已退货", "退货", "作废",
};

bool
status_counts(const struct status_filter *f, const char *s, size_t n)
{
	size_t i;
	const char *t = trim_space(s, n, &n);

	if (f->all)
		return true;
	if (f->list == NULL) {
		for (i = 0; i < ARRAY_LEN(default_excluded); i++)
			if (strlen(default_excluded[i]) == n && strncasecmp(default_excluded[i], t, n) == 0)
				return false;
		return true;
	}
	for (i = 0; i < f->n; i++)
		if (strlen(f->list[i]) == n && strncasecmp(f->list[i], t, n) == 0)
			return f->count_only;
	return !f->count_only;
}

#define ORDER_LOOKAHEAD 16

void
orderbook_prepare_id(const struct record *rec, void *out, void *ctx)
{
	struct id_prep *p = out;
	long col = *(const long *)ctx;
	const char *key;

	p->len = (uint32_t)id_key(rec->field[col], rec->len[col], &key);
	p->off = (uint32_t)(key - rec->field[col]);
	p->hv = hash_bytes(key, p->len);
}

void
orderbook_look_ahead(struct orderbook *ob, struct reader *r, long idcol, struct lookahead *la)
{
	const struct id_prep *p;
	const char *field;
	size_t flen;
	uint64_t *c;
	unsigned long long seq = ++la->seq;
	struct lookahead_entry *a;

	if ((p = reader_peek_prepared(r, 2 * ORDER_LOOKAHEAD)) != NULL) {
		a = &la->ring[(seq + 2 * ORDER_LOOKAHEAD) % LOOKAHEAD_RING];
		a->seq = seq + 2 * ORDER_LOOKAHEAD;
		a->cust = -1;
		a->looked = false;
		hash_prefetch_hashed(ob->ids, p->hv);
	}
	a = &la->ring[(seq + ORDER_LOOKAHEAD) % LOOKAHEAD_RING];
	if (a->seq == seq + ORDER_LOOKAHEAD &&
	    (p = reader_peek_prepared(r, ORDER_LOOKAHEAD)) != NULL &&
	    (field = reader_peek(r, ORDER_LOOKAHEAD, (size_t)idcol, &flen)) != NULL) {
		a->looked = true;
		if ((c = hash_get_hashed(ob->ids, p->hv, field + p->off, p->len)) != NULL) {
			const char *row = (const char *)(ob->cells + *c * ob->ncells);
			a->cust = (long)*c;
			__builtin_prefetch(row);
			__builtin_prefetch(row + ob->ncells * sizeof(cell) - 1);
			if (ob->on_ahead)
				ob->on_ahead(ob->on_ahead_ctx, (size_t)a->cust, false);
		}
	}
	a = &la->ring[(seq + ORDER_LOOKAHEAD / 2) % LOOKAHEAD_RING];
	if (ob->on_ahead && a->seq == seq + ORDER_LOOKAHEAD / 2 && a->cust >= 0)
		ob->on_ahead(ob->on_ahead_ctx, (size_t)a->cust, true);
}

long
orderbook_customer(struct orderbook *ob, struct lookahead *la, const char *key,
    const struct id_prep *p, bool add)
{
	const struct lookahead_entry *a = &la->ring[la->seq % LOOKAHEAD_RING];
	uint64_t *c;

	if (a->seq == la->seq && (a->cust >= 0 || (a->looked && !add)))
		return a->cust;
	if (add)
		return (long)customer(ob, p->hv, key, p->len);
	c = hash_get_hashed(ob->ids, p->hv, key, p->len);
	return c ? (long)*c : -1;
}

/* Short texts met last (statuses: a file of millions of orders has a
 * few dozen) and what they were found to mean, in a table by a hash of
 * the text.  A text of up to 24 bytes is held as its
 * length and three words, which cover it whole: found again with a few
 * loads and compares, no call. */
#define SEEN_TEXT_MAX 24
struct seen_text {
	uint64_t w[3];
	uint32_t len;               /* 0: none */
	int32_t value;
};

static void
text_words(const char *s, size_t n, uint64_t w[3])
{
	size_t i;

	w[0] = w[1] = w[2] = 0;
	if (n < 8) {
		for (i = 0; i < n; i++)
			w[0] |= (uint64_t)(unsigned char)s[i] << (8 * i);
		return;
	}
	memcpy(&w[0], s, 8);
	memcpy(&w[1], s + n - 8, 8);
	if (n > 16)
		memcpy(&w[2], s + 8, 8);
}

/* The entry of s[0..n) in t (nt a power of two); *hit when it holds s,
 * else the caller may fill it.  NULL for a text too long to hold. */
static struct seen_text *
seen_text(struct seen_text *t, size_t nt, const char *s, size_t n, bool *hit)
{
	uint64_t w[3];
	struct seen_text *e;

	*hit = false;
	if (n == 0 || n > SEEN_TEXT_MAX)
		return NULL;
	text_words(s, n, w);
	/* The top bits of the product: a multiply carries each bit of the
	 * text only upwards, and a date's day is in its last bytes. */
	e = &t[(((w[0] ^ w[1] * 0xC2B2AE3D27D4EB4FULL) + w[2] + n) * 0x9E3779B97F4A7C15ULL) >>
	    (64 - __builtin_ctzll(nt))];
	if (e->len == n && e->w[0] == w[0] && e->w[1] == w[1] && e->w[2] == w[2])
		*hit = true;
	else {
		memcpy(e->w, w, sizeof(w));
		e->len = 0;
	}
	return e;
}

/* A status is decided once: the table of those met last, then a hash
 * of all. */
struct status_cache {
	struct seen_text last[64];
	struct hash *seen;
};

static bool
status_cached(struct status_cache *sc, const struct status_filter *sf, const char *s, size_t n)
{
	bool added, hit;
	uint64_t *v;
	struct seen_text *e = seen_text(sc->last, ARRAY_LEN(sc->last), s, n, &hit);

	if (hit)
		return e->value;
	v = hash_put(sc->seen, s, n, &added);
	if (added)
		*v = status_counts(sf, s, n) ? 1 : 2;
	if (e != NULL) {
		e->len = (uint32_t)n;
		e->value = *v == 1;
	}
	return *v == 1;
}

/* Whether an order counts, and why not, decided in the reader thread:
 * the thread that adds orders up waits on memory more than it computes. */
enum verdict { ORDER_COUNTS, ORDER_BAD_RECORD, ORDER_NO_ID, ORDER_BAD_DATE, ORDER_BAD_NUMBER,
	ORDER_NOT_PAID };

struct order_prep {
	struct id_prep id;          /* first: orderbook_look_ahead reads it */
	int32_t day;
	enum verdict verdict;
	struct prep_args args;
};

struct order_prep_ctx {
	const struct orderbook *ob;
	const struct order_columns *cols;
	const struct status_filter *sf;
	struct status_cache status;
	int argnum[PREP_ARGS];      /* argument k is numeric column argnum[k], or -1 */
};

/* The numeric columns' values, read once: an amount summed is also the
 * amount checked.  Only the first few are kept. */
#define KEPT_NUMBERS 8

static bool
numbers_read(const struct order_columns *cols, const struct record *rec, int64_t *kept)
{
	size_t i;
	int64_t v;

	for (i = 0; i < cols->nnumeric; i++) {
		long c = cols->numeric[i];
		if (rec->len[c] == 0)
			v = INT64_MIN;  /* empty: null */
		else if (dec_parse(rec->field[c], rec->len[c], &v) < 0)
			return false;
		if (i < KEPT_NUMBERS)
			kept[i] = v;
	}
	return true;
}

static void
prepare_order(const struct record *rec, void *out, void *ctx)
{
	struct order_prep *p = out;
	struct order_prep_ctx *pc = ctx;
	const struct order_columns *cols = pc->cols;
	struct datetime dt;
	const char *reason, *key;
	int64_t kept[KEPT_NUMBERS];

	p->verdict = ORDER_BAD_RECORD;
	if (rec->error != NULL)
		return;
	/* Alone, an id is only checked for: no customer is looked up. */
	if (pc->ob->alone)
		p->id.len = (uint32_t)id_key(rec->field[cols->id], rec->len[cols->id], &key);
	else
		orderbook_prepare_id(rec, &p->id, (void *)&cols->id);
	if (p->id.len == 0)
		p->verdict = ORDER_NO_ID;
	else if (datetime_parse(rec->field[cols->date], rec->len[cols->date], &dt, &reason) != VALUE_OK)
		p->verdict = ORDER_BAD_DATE;
	else if (!numbers_read(cols, rec, kept))
		p->verdict = ORDER_BAD_NUMBER;
	else if (cols->status >= 0 &&
	    !status_cached(&pc->status, pc->sf, rec->field[cols->status], rec->len[cols->status]))
		p->verdict = ORDER_NOT_PAID;
	else {
		const struct orderbook *ob = pc->ob;
		size_t k;

		p->verdict = ORDER_COUNTS;
		p->day = date_to_days(dt.date);
		p->args.ok = 0;
		for (k = 0; k < ob->nargs; k++) {
			if (!ob->arith[k])
				continue;
			if (pc->argnum[k] >= 0) {
				p->args.x[k] = kept[pc->argnum[k]];
				p->args.ok |= (unsigned)(kept[pc->argnum[k]] != INT64_MIN) << k;
			} else if (xval_number(expr_eval(ob->args[k], rec->field, rec->len, NULL), &p->args.x[k]))
				p->args.ok |= 1u << k;
		}
	}
}

/* Why an order is rejected, in words. */
static const char *
rejection(const struct header *h, const struct order_columns *cols, const struct record *rec,
    enum verdict v, struct strbuf *why)
{
	size_t i;
	int64_t n;

	sb_reset(why);
	switch (v) {
	case ORDER_BAD_RECORD:
		return rec->error;
	case ORDER_NO_ID:
		return "no customer id";
	case ORDER_BAD_DATE:
		sb_addf(why, "%s: not a date: \"%.*s\"", h->names[cols->date],
		    (int)rec->len[cols->date], rec->field[cols->date]);
		break;
	default:
		for (i = 0; i < cols->nnumeric; i++) {
			long c = cols->numeric[i];
			int rc = rec->len[c] > 0 ? dec_parse(rec->field[c], rec->len[c], &n) : 0;
			if (rc < 0)
				sb_addf(why, "%s%s: %s: \"%.*s\"", why->len ? "; " : "", h->names[c],
				    rc == -2 ? "too large a number (at most " DEC_MAX_TEXT ")" : "not a number",
				    (int)rec->len[c], rec->field[c]);
		}
		break;
	}
	return why->s;
}

static void
note_numeric(void *ctx, long col, bool numeric)
{
	struct order_columns *oc = ctx;
	size_t i;

	if (!numeric)
		return;
	for (i = 0; i < oc->nnumeric; i++)
		if (oc->numeric[i] == col)
			return;
	oc->numeric = xreallocarray(oc->numeric, oc->nnumeric + 1, sizeof(long));
	oc->numeric[oc->nnumeric++] = col;
}

void
order_columns_numeric(struct order_columns *oc, const struct expr *e)
{
	if (e != NULL)
		expr_order_columns(e, note_numeric, oc);
}

int
order_amount(const char *text, const struct expr_scope *scope, struct order_columns *oc, struct expr **out,
    struct cust_err *err)
{
	struct expr_scope rows = {scope->order, scope->order_ctx, NULL, NULL};
	struct strbuf sum = STRBUF_INIT;
	struct cust_err eerr;
	struct expr *agg;

	*out = NULL;
	if (text == NULL && scope->order(scope->order_ctx, "amount", 6) < 0)
		return 0;
	if ((*out = expr_parse(text ? text : "amount", &rows, &eerr)) == NULL)
		return cust_fail(err, CUST_USAGE, "--amount %s: %s", text, eerr.msg);
	/* The columns it computes with are those the same sum computes with. */
	sb_addf(&sum, "sum(%s)", text ? text : "amount");
	if (oc != NULL && (agg = expr_parse(sb_str(&sum), scope, &eerr)) != NULL) {
		order_columns_numeric(oc, agg);
		expr_free(agg);
	}
	sb_free(&sum);
	return 0;
}

int
orders_load(struct reader *r, const struct order_columns *cols, const struct status_filter *sf,
    int32_t as_of, struct orderbook *ob, struct rejects *rj, struct order_stats *st,
    struct cust_err *err)
{
	struct strbuf why = STRBUF_INIT;
	struct order_prep_ctx pc = {.ob = ob, .cols = cols, .sf = sf, .status = {.seen = hash_new()}};
	struct lookahead la = {0};
	struct record *rec;
	size_t k, i;
	int rc;

	for (k = 0; k < PREP_ARGS; k++) {
		long col = k < ob->nargs ? expr_column(ob->args[k]) : -1;
		pc.argnum[k] = -1;
		for (i = 0; col >= 0 && i < cols->nnumeric && i < KEPT_NUMBERS; i++)
			if (cols->numeric[i] == col)
				pc.argnum[k] = (int)i;
	}
	reader_prepare(r, prepare_order, &pc, sizeof(struct order_prep));
	while ((rc = reader_next(r, &rec, err)) > 0) {
		const struct order_prep *p = reader_prepared(r);
		long cust = -1;

		st->read++;
		/* Every customer id read is a customer, even one whose orders
		 * all go uncounted: with --orders-only it must still be graded. */
		if (!ob->alone) {
			orderbook_look_ahead(ob, r, cols->id, &la);
			if (p->verdict != ORDER_BAD_RECORD && p->verdict != ORDER_NO_ID)
				cust = orderbook_customer(ob, &la, rec->field[cols->id] + p->id.off, &p->id, true);
		}
		switch (p->verdict) {
		case ORDER_COUNTS:
			break;
		case ORDER_NOT_PAID:
			st->not_paid++;
			continue;
		default:
			rejects_add(rj, rec, NULL, NULL, rejection(reader_header(r), cols, rec, p->verdict, &why));
			st->rejected++;
			continue;
		}
		if (p->day >= as_of) {
			st->after_as_of++;
			continue;
		}
		if (ob->alone)
			ob->on_order(ob->on_order_ctx, ORDERBOOK_NO_CUSTOMER, p->day, rec->field, rec->len);
		else
			add_order(ob, (size_t)orderbook_owner(ob, cust), p->day, rec->field, rec->len, &p->args);
		st->counted++;
	}
	/* Only now: the reader thread may use pc until the last record. */
	reader_prepare(r, NULL, NULL, 0);
	/* The values distinct() has seen matter only while orders come in:
	 * millions of order ids need not outlive them. */
	keyset_free(ob->distinct);
	ob->distinct = keyset_new();
	hash_free(pc.status.seen);
	sb_free(&why);
	return rc;
}
