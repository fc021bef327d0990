/* orders.c — per-customer aggregation of orders; see orders.h. */
#include "orders.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "hash.h"
#include "value.h"

struct slot {
	enum agg_fn fn;
	const struct expr *arg;
	struct dayrange days;
	size_t argi;                /* index into the distinct arguments */
};

struct orderbook {
	int32_t as_of;
	struct slot *slot;
	size_t nslots;
	const struct expr **args;   /* distinct argument expressions */
	size_t nargs;
	struct hash *ids;           /* id -> customer index */
	size_t *idoff;              /* customer index -> key, for listing in order */
	struct strbuf idtext;
	size_t ncust, capcust;
	struct agg_acc *acc;        /* ncust * nslots */
	bool *marked;
	struct hash *distinct;      /* slot, customer, value: for distinct() */
	struct xval *argval;        /* per order: each argument's value */
	bool *argdone;
	struct strbuf scratch;
};

struct orderbook *
orderbook_new(int32_t as_of)
{
	struct orderbook *ob = xcalloc(1, sizeof(*ob));

	ob->as_of = as_of;
	ob->ids = hash_new();
	ob->distinct = hash_new();
	return ob;
}

void
orderbook_free(struct orderbook *ob)
{
	if (ob == NULL)
		return;
	hash_free(ob->ids);
	hash_free(ob->distinct);
	free(ob->slot);
	free(ob->args);
	free(ob->idoff);
	sb_free(&ob->idtext);
	sb_free(&ob->scratch);
	free(ob->acc);
	free(ob->marked);
	free(ob->argval);
	free(ob->argdone);
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
	if (arg != NULL) {
		size_t k;
		for (k = 0; k < ob->nargs && !expr_same(ob->args[k], arg); k++)
			;
		if (k == ob->nargs) {
			ob->args = xreallocarray(ob->args, ob->nargs + 1, sizeof(*ob->args));
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

/* The customer with this id (its hash_bytes() is hv), added if new. */
static size_t
customer(struct orderbook *ob, uint64_t hv, const char *id, size_t n)
{
	bool added;
	uint64_t *v = hash_put_hashed(ob->ids, hv, id, n, &added);

	if (!added)
		return (size_t)*v;
	if (ob->ncust == ob->capcust) {
		ob->capcust = ob->capcust ? ob->capcust * 2 : 1024;
		ob->acc = xreallocarray(ob->acc, ob->capcust * (ob->nslots ? ob->nslots : 1), sizeof(*ob->acc));
		ob->idoff = xreallocarray(ob->idoff, ob->capcust, sizeof(size_t));
		ob->marked = xreallocarray(ob->marked, ob->capcust, sizeof(bool));
	}
	memset(ob->acc + ob->ncust * ob->nslots, 0, ob->nslots * sizeof(*ob->acc));
	ob->idoff[ob->ncust] = ob->idtext.len;
	ob->marked[ob->ncust] = false;
	sb_add(&ob->idtext, id, n);
	sb_addc(&ob->idtext, '\0');
	*v = ob->ncust;
	return ob->ncust++;
}

static void
add_order(struct orderbook *ob, size_t c, int32_t day, char *const *row, const size_t *rowlen)
{
	struct agg_acc *acc = ob->acc + c * ob->nslots;
	size_t i;

	for (i = 0; i < ob->nargs; i++)
		ob->argdone[i] = false;
	for (i = 0; i < ob->nslots; i++) {
		struct slot *s = &ob->slot[i];
		struct xval v;

		if (day < s->days.from || day > s->days.to)
			continue;
		switch (s->fn) {
		case AGG_RECENCY:
		case AGG_TENURE:
			/* The day itself: min and max give first and last order. */
			v.type = X_NUM;
			v.num = (int64_t)day * DEC_SCALE;
			agg_add(&acc[i], v);
			continue;
		case AGG_COUNT:
			agg_add(&acc[i], (struct xval){X_NULL, 0, NULL, 0});
			continue;
		default:
			break;
		}
		if (!ob->argdone[s->argi]) {
			ob->argval[s->argi] = expr_eval(ob->args[s->argi], row, rowlen, NULL);
			ob->argdone[s->argi] = true;
		}
		v = ob->argval[s->argi];
		if (s->fn == AGG_DISTINCT) {
			char buf[32];
			bool added;
			acc[i].count++;
			if (v.type == X_NULL)
				continue;
			sb_reset(&ob->scratch);
			sb_add(&ob->scratch, &i, sizeof(i));
			sb_add(&ob->scratch, &c, sizeof(c));
			if (v.type == X_STR)
				sb_add(&ob->scratch, v.str, v.len);
			else
				sb_add(&ob->scratch, buf, dec_format(v.num, buf));
			hash_put(ob->distinct, ob->scratch.s, ob->scratch.len, &added);
			if (added)
				acc[i].nonnull++;
			acc[i].any = true;
			continue;
		}
		agg_add(&acc[i], v);
	}
}

void
orderbook_add(struct orderbook *ob, const char *id, size_t idlen, int32_t day,
    char *const *row, const size_t *rowlen)
{
	add_order(ob, customer(ob, hash_bytes(id, idlen), id, idlen), day, row, rowlen);
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
	static const struct agg_acc empty;
	const struct agg_acc *a = i < 0 ? &empty : &ob->acc[(size_t)i * ob->nslots + s];
	struct agg_acc days;

	switch (ob->slot[s].fn) {
	case AGG_RECENCY:
	case AGG_TENURE:
		/* Days from the last (first) order to the as-of date. */
		days = *a;
		days.sum = (int64_t)ob->as_of * DEC_SCALE -
		    (ob->slot[s].fn == AGG_RECENCY ? a->max : a->min);
		return agg_result(ob->slot[s].fn, &days);
	default:
		return agg_result(ob->slot[s].fn, a);
	}
}

void
orderbook_mark(struct orderbook *ob, long i)
{
	if (i >= 0)
		ob->marked[i] = true;
}

size_t
orderbook_unmarked(const struct orderbook *ob)
{
	size_t i, n = 0;

	for (i = 0; i < ob->ncust; i++)
		if (!ob->marked[i])
			n++;
	return n;
}

size_t
id_key(const char *s, size_t n, const char **key)
{
	size_t i, dot;

	s = trim_space(s, n, &n);
	*key = s;
	/* 17850.0 and 17850.00 are the integer 17850. */
	for (i = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i > 0 && i < n && s[i] == '.') {
		for (dot = i++; i < n && s[i] == '0'; i++)
			;
		if (i == n)
			return dot;
	}
	return n;
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

#define ORDER_LOOKAHEAD 8

void
orderbook_look_ahead(struct orderbook *ob, struct reader *r, long idcol, struct lookahead *la)
{
	const char *key;
	size_t klen;
	uint64_t *c;
	unsigned long long seq = ++la->seq;
	struct lookahead_entry *a;

	if ((key = reader_peek(r, 2 * ORDER_LOOKAHEAD, (size_t)idcol, &klen)) != NULL) {
		a = &la->ring[(seq + 2 * ORDER_LOOKAHEAD) % LOOKAHEAD_RING];
		klen = id_key(key, klen, &key);
		a->seq = seq + 2 * ORDER_LOOKAHEAD;
		a->hv = hash_bytes(key, klen);
		a->cust = -1;
		a->looked = false;
		hash_prefetch_hashed(ob->ids, a->hv);
	}
	a = &la->ring[(seq + ORDER_LOOKAHEAD) % LOOKAHEAD_RING];
	if (a->seq == seq + ORDER_LOOKAHEAD &&
	    (key = reader_peek(r, ORDER_LOOKAHEAD, (size_t)idcol, &klen)) != NULL) {
		klen = id_key(key, klen, &key);
		a->looked = true;
		if ((c = hash_get_hashed(ob->ids, a->hv, key, klen)) != NULL) {
			const char *acc = (const char *)(ob->acc + *c * ob->nslots);
			a->cust = (long)*c;
			__builtin_prefetch(acc);
			__builtin_prefetch(acc + ob->nslots * sizeof(*ob->acc) - 1);
		}
	}
}

long
orderbook_customer(struct orderbook *ob, struct lookahead *la, const char *id, size_t idlen,
    bool add)
{
	struct lookahead_entry *a = &la->ring[la->seq % LOOKAHEAD_RING];
	uint64_t hv, *c;

	if (a->seq != la->seq)
		hv = hash_bytes(id, idlen);
	else if (a->cust >= 0 || (a->looked && !add))
		return a->cust;
	else
		hv = a->hv;
	if (add)
		return (long)customer(ob, hv, id, idlen);
	c = hash_get_hashed(ob->ids, hv, id, idlen);
	return c ? (long)*c : -1;
}

int
orders_load(struct reader *r, const struct order_columns *cols, const struct status_filter *sf,
    int32_t as_of, struct orderbook *ob, struct rejects *rj, struct order_stats *st,
    struct cust_err *err)
{
	const struct header *h = reader_header(r);
	struct strbuf why = STRBUF_INIT;
	struct record *rec;
	struct datetime dt;
	const char *key, *reason;
	size_t klen, i;
	int32_t day;
	int64_t v;
	int rc;
	struct hash *seen_status = hash_new();
	struct {
		char s[32];
		size_t len;
		bool counts;
	} known[8];
	size_t nknown = 0;
	bool last_counts;
	struct lookahead la = {0};

	while ((rc = reader_next(r, &rec, err)) > 0) {
		st->read++;
		orderbook_look_ahead(ob, r, cols->id, &la);
		if (rec->error) {
			rejects_add(rj, rec, NULL, NULL, rec->error);
			st->rejected++;
			continue;
		}
		klen = id_key(rec->field[cols->id], rec->len[cols->id], &key);
		if (klen == 0) {
			rejects_add(rj, rec, NULL, NULL, "no customer id");
			st->rejected++;
			continue;
		}
		if (datetime_parse(rec->field[cols->date], rec->len[cols->date], &dt, &reason) != VALUE_OK) {
			sb_reset(&why);
			sb_addf(&why, "%s: not a date: \"%.*s\"", h->names[cols->date],
			    (int)rec->len[cols->date], rec->field[cols->date]);
			rejects_add(rj, rec, NULL, NULL, why.s);
			st->rejected++;
			continue;
		}
		sb_reset(&why);
		for (i = 0; i < cols->nnumeric; i++) {
			long c = cols->numeric[i];
			if (rec->len[c] > 0 && dec_parse(rec->field[c], rec->len[c], &v) < 0)
				sb_addf(&why, "%s%s: not a number: \"%.*s\"", why.len ? "; " : "",
				    h->names[c], (int)rec->len[c], rec->field[c]);
		}
		if (why.len) {
			rejects_add(rj, rec, NULL, NULL, why.s);
			st->rejected++;
			continue;
		}
		if (cols->status >= 0) {
			/* Few distinct statuses: decide each once, and find
			 * the decision in a short list before the hash. */
			const char *sv = rec->field[cols->status];
			size_t sn = rec->len[cols->status], j;
			for (j = 0; j < nknown; j++)
				if (known[j].len == sn && memcmp(known[j].s, sv, sn) == 0)
					break;
			if (j < nknown)
				last_counts = known[j].counts;
			else {
				bool added;
				uint64_t *v = hash_put(seen_status, sv, sn, &added);
				if (added)
					*v = status_counts(sf, sv, sn) ? 1 : 2;
				last_counts = *v == 1;
				if (nknown < sizeof(known) / sizeof(known[0]) && sn < sizeof(known[0].s)) {
					memcpy(known[nknown].s, sv, sn);
					known[nknown].len = sn;
					known[nknown++].counts = last_counts;
				}
			}
			if (!last_counts) {
				st->not_paid++;
				continue;
			}
		}
		day = date_to_days(dt.date);
		if (day >= as_of) {
			st->after_as_of++;
			continue;
		}
		add_order(ob, (size_t)orderbook_customer(ob, &la, key, klen, true), day,
		    rec->field, rec->len);
		st->counted++;
	}
	hash_free(seen_status);
	sb_free(&why);
	return rc;
}
