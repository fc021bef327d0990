/* report_risk.c — customers at risk, with the reasons in words; see report.h. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customers.h"
#include "hash.h"
#include "jsonpull.h"
#include "jsonw.h"
#include "orders.h"
#include "value.h"

__extension__ typedef __int128 i128;

/* What an order's lines said so far: each is counted once an order. */
enum { R_DROPPED = 1, R_PAID = 2, R_LATE = 4, R_UNPAID = 8 };

/* What the orders said of one customer. */
struct risk_cust {
	uint32_t orders, dropped;       /* all orders; cancelled, refunded, ... */
	uint32_t paid;                  /* orders that count */
	uint32_t late, unpaid;
	uint32_t visits;                /* paid orders (no order ids: their days) */
	int32_t late_days;              /* the latest payment, in days */
	int32_t first, last;            /* days of the first and last paid order */
	int64_t spend, owed;            /* exact, 6 places */
	uint64_t order, visit;          /* the keys of the last line's order, visit */
	uint8_t seen;                   /* R_*: what its order was counted as */
	bool overflow;
};

struct risk {
	struct risk_opts o;
	long due, paid;
	const struct expr *amount;
	struct risk_cust *c;
	size_t n;
	/* Merged states name their customers themselves: id -> index,
	 * and the ids by index. */
	struct hash *ids;
	struct strbuf idtext;
	size_t *idoff, nids;
	/* Whom to call: the customer table's name and phone (their headers,
	 * NULL: none), per id; each contact is its two texts, each after
	 * its length. */
	char *ccol[2];
	struct hash *contacts;  /* customer id -> offset in ctext */
	struct strbuf ctext;
};

struct risk *
risk_new(const struct risk_opts *o, long due_col, long paid_col, const struct expr *amount)
{
	struct risk *k = xcalloc(1, sizeof(*k));

	k->o = *o;
	k->due = due_col;
	k->paid = paid_col;
	k->amount = amount;
	return k;
}

void
risk_free(struct risk *k)
{
	if (k == NULL)
		return;
	hash_free(k->ids);
	sb_free(&k->idtext);
	hash_free(k->contacts);
	sb_free(&k->ctext);
	free(k->ccol[0]);
	free(k->ccol[1]);
	free(k->idoff);
	free(k->c);
	free(k);
}

struct risk_opts
risk_opts_default(void)
{
	return (struct risk_opts){.cancel = 0.3, .min_orders = 3, .top = 0.2, .quiet = 3, .quiet_days = 30};
}

/* The range of each threshold: from lo (above lo when open) to hi,
 * whole if it counts something. */
static const struct {
	const char *opt;
	double lo, hi;
	bool open, whole;
	const char *expected;
} risk_ranges[] = {
	{"risk-cancel", 0, 1, false, false, "a share from 0 to 1, such as 0.3"},
	{"risk-top", 0, 1, true, false, "a share above 0, up to 1, such as 0.2"},
	{"risk-quiet", 0, 1000, true, false, "a number of times above 0, up to 1000, such as 3"},
	{"risk-quiet-days", 0, 36500, false, true, "a whole number of days from 0 to 36500, such as 30"},
	{"risk-min-orders", 1, 1000000, false, true, "a whole number of orders from 1 to 1000000, such as 3"},
};

int
risk_opt(struct risk_opts *o, const char *opt, const char *arg, struct cust_err *err)
{
	size_t i;
	char *end;
	double v = strtod(arg, &end);

	for (i = 0; i < ARRAY_LEN(risk_ranges) && strcmp(risk_ranges[i].opt, opt) != 0; i++)
		;
	if (i == ARRAY_LEN(risk_ranges))
		return cust_fail(err, CUST_USAGE, "--%s: no threshold of --risk", opt);
	if (end == arg || *end != '\0' || !(risk_ranges[i].open ? v > risk_ranges[i].lo : v >= risk_ranges[i].lo) ||
	    !(v <= risk_ranges[i].hi) || (risk_ranges[i].whole && v != (long)v))
		return cust_fail(err, CUST_USAGE, "--%s %s: expected %s", opt, arg, risk_ranges[i].expected);
	switch (i) {
	case 0: o->cancel = v; break;
	case 1: o->top = v; break;
	case 2: o->quiet = v; break;
	case 3: o->quiet_days = (int)v; break;
	default: o->min_orders = (unsigned)v; break;
	}
	return 0;
}

void
risk_contact_table(struct risk *k, const struct customers *cs)
{
	const struct header *h = customers_header(cs);
	long name = cs->croles.col[ROLE_NAME], phone = cs->croles.col[ROLE_PHONE];

	if (cs->table && (name >= 0 || phone >= 0))
		risk_contact_columns(k, name >= 0 ? h->names[name] : NULL, phone >= 0 ? h->names[phone] : NULL);
}

void
risk_contact_of(struct risk *k, const struct customers *cs, const struct customer *c)
{
	long col[2] = {cs->croles.col[ROLE_NAME], cs->croles.col[ROLE_PHONE]};
	const char *v[2] = {NULL, NULL};
	size_t n[2] = {0, 0}, j;

	for (j = 0; j < 2; j++)
		if (col[j] >= 0 && (size_t)col[j] < c->n)
			v[j] = trim_space(c->field[col[j]], c->len[col[j]], &n[j]);
	risk_contact(k, c->key, c->keylen, v[0], n[0], v[1], n[1]);
}

void
risk_contact_columns(struct risk *k, const char *name, const char *phone)
{
	if (k->ccol[0] == NULL && k->ccol[1] == NULL) {
		k->ccol[0] = name ? xstrdup(name) : NULL;
		k->ccol[1] = phone ? xstrdup(phone) : NULL;
	}
}

void
risk_contact(struct risk *k, const char *id, size_t idlen, const char *name, size_t nlen, const char *phone,
    size_t plen)
{
	uint32_t n[2] = {(uint32_t)nlen, (uint32_t)plen};
	bool added;
	uint64_t *v;

	if (k->ccol[0] == NULL && k->ccol[1] == NULL)
		return;
	if (k->contacts == NULL)
		k->contacts = hash_new();
	v = hash_put(k->contacts, id, idlen, &added);
	/* A customer is in one part's table: its first row is its. */
	if (!added)
		return;
	*v = k->ctext.len;
	sb_add(&k->ctext, &n[0], sizeof(n[0]));
	sb_add(&k->ctext, name ? name : "", n[0]);
	sb_add(&k->ctext, &n[1], sizeof(n[1]));
	sb_add(&k->ctext, phone ? phone : "", n[1]);
}

/* Contact text j (0 name, 1 phone) of id into sb; NULL: none. */
static const char *
contact_of(const struct risk *k, const char *id, size_t idlen, int j, struct strbuf *sb)
{
	uint64_t *v = k->contacts ? hash_get(k->contacts, id, idlen) : NULL;
	const char *p;
	uint32_t n;

	if (v == NULL)
		return NULL;
	p = k->ctext.s + *v;
	memcpy(&n, p, sizeof(n));
	if (j == 1) {
		p += sizeof(n) + n;
		memcpy(&n, p, sizeof(n));
	}
	sb_reset(sb);
	sb_add(sb, p + sizeof(n), n);
	return n ? sb_str(sb) : NULL;
}

static bool
day_of(char *const *row, const size_t *rowlen, long col, int32_t *day)
{
	struct datetime dt;
	const char *why;

	if (col < 0 || rowlen[col] == 0 ||
	    datetime_parse(row[col], rowlen[col], &dt, &why) != VALUE_OK)
		return false;
	*day = date_to_days(dt.date);
	return true;
}

static struct risk_cust *
risk_cust(struct risk *k, size_t cust)
{
	if (cust >= k->n) {
		size_t n = cust + 1 > 2 * k->n ? cust + 1 : 2 * k->n;
		k->c = xreallocarray(k->c, n, sizeof(*k->c));
		memset(k->c + k->n, 0, (n - k->n) * sizeof(*k->c));
		k->n = n;
	}
	return &k->c[cust];
}

/* Count the order of the line at hand as what (R_*), once. */
static bool
once(struct risk_cust *c, uint8_t what)
{
	bool first = !(c->seen & what);

	c->seen |= what;
	return first;
}

void
risk_order(struct risk *k, size_t cust, int32_t day, uint64_t order, char *const *row, const size_t *rowlen,
    bool counts)
{
	struct risk_cust *c = risk_cust(k, cust);
	int32_t due, paid;
	bool has_due, has_paid;
	int64_t amount = 0;
	/* Without order ids a day's orders are one visit: the usual gap is
	 * between days, not between the lines of one day's basket. */
	uint64_t visit = order ? order : (uint64_t)(uint32_t)day + 1;

	if (order == 0 || order != c->order) {
		c->orders++;
		c->seen = 0;
	}
	c->order = order;
	if (!counts) {
		c->dropped += once(c, R_DROPPED);
		return;
	}
	/* Orders whose amount is no number were rejected: nothing is zero. */
	if (k->amount != NULL && !xval_number(expr_eval(k->amount, row, rowlen, NULL), &amount))
		amount = 0;
	if (c->paid == 0 || day < c->first)
		c->first = day;
	if (c->paid == 0 || day > c->last)
		c->last = day;
	c->paid += once(c, R_PAID);
	if (visit != c->visit)
		c->visits++;
	c->visit = visit;
	if (!c->overflow && __builtin_add_overflow(c->spend, amount, &c->spend))
		c->overflow = true;
	has_due = day_of(row, rowlen, k->due, &due);
	has_paid = day_of(row, rowlen, k->paid, &paid);
	if (has_due && has_paid && paid > due) {
		c->late += once(c, R_LATE);
		if (paid - due > c->late_days)
			c->late_days = paid - due;
	} else if (has_due && !has_paid && due < k->o.as_of && k->paid >= 0) {
		c->unpaid += once(c, R_UNPAID);
		c->owed += amount;
	}
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* The spend from which a customer is among the most valuable share. */
static int64_t
valuable_from(const struct risk *k)
{
	int64_t *v = xcalloc(k->n + 1, sizeof(int64_t)), cut;
	size_t n = 0, i;

	for (i = 0; i < k->n; i++)
		if (k->c[i].paid > 0 && !k->c[i].overflow)
			v[n++] = k->c[i].spend;
	if (n == 0) {
		free(v);
		return INT64_MAX;
	}
	qsort(v, n, sizeof(int64_t), cmp_i64);
	i = (size_t)((double)n * (1.0 - k->o.top));
	cut = v[i < n ? i : n - 1];
	free(v);
	return cut;
}

struct at_risk {
	size_t cust;
	int reasons;
	int64_t spend;
	char *why;
	const char *id;
	size_t idlen;
};

/* Customer i's id: the order book's, or a merged state's. */
static const char *
risk_id(const struct risk *k, const struct orderbook *ob, size_t i, size_t *len)
{
	if (k->ids == NULL)
		return orderbook_id(ob, i, len);
	*len = k->idoff[i + 1] - k->idoff[i];
	return k->idtext.s + k->idoff[i];
}

/* Ties go by id, not by where the customer first appeared: a merged
 * report ranks as the whole input's, whatever the parts' order. */
static int
cmp_risk(const void *a, const void *b)
{
	const struct at_risk *x = a, *y = b;
	size_t n = x->idlen < y->idlen ? x->idlen : y->idlen;
	int c;

	if (x->reasons != y->reasons)
		return x->reasons > y->reasons ? -1 : 1;
	if (x->spend != y->spend)
		return x->spend > y->spend ? -1 : 1;
	c = memcmp(x->id, y->id, n);
	return c ? c : (x->idlen > y->idlen) - (x->idlen < y->idlen);
}

/* The reasons of customer i, in words; 0 when it is not at risk. */
static int
reasons(const struct risk *k, size_t i, int64_t valuable, struct strbuf *sb)
{
	const struct risk_cust *c = &k->c[i];
	bool zh = k->o.zh;
	char buf[32];
	int n = 0;

	sb_reset(sb);
#define SEP() (n++ ? sb_adds(sb, zh ? "；" : "; ") : (void)0)
	if (c->late > 0) {
		SEP();
		if (zh)
			sb_addf(sb, "逾期付款%u次（最长%d天）", c->late, c->late_days);
		else
			sb_addf(sb, "paid late %u %s (up to %d %s)", c->late, plural(c->late, "time", "times"),
			    c->late_days, plural((unsigned long long)c->late_days, "day", "days"));
	}
	if (c->unpaid > 0) {
		SEP();
		dec_format_money(c->owed, buf);
		if (zh)
			sb_addf(sb, "%u笔订单逾期未付（共%s）", c->unpaid, buf);
		else
			sb_addf(sb, "%u %s unpaid past due (%s)", c->unpaid, plural(c->unpaid, "order", "orders"), buf);
	}
	if (c->orders >= k->o.min_orders && (double)c->dropped > k->o.cancel * (double)c->orders) {
		SEP();
		sb_addf(sb, zh ? "取消或退款%u单，占%u单的%.0f%%" : "cancelled or refunded %u of %u orders (%.0f%%)",
		    c->dropped, c->orders, 100.0 * c->dropped / c->orders);
	}
	/* Orders all of one day have no usual gap to be silent beyond. */
	if (c->visits >= 2 && c->last > c->first && c->spend >= valuable && !c->overflow) {
		int32_t gap = (c->last - c->first) / (int32_t)(c->visits - 1), quiet = k->o.as_of - 1 - c->last;
		if (gap < 1)
			gap = 1;
		if ((double)quiet > k->o.quiet * gap && quiet >= k->o.quiet_days) {
			SEP();
			sb_addf(sb, zh ? "高价值客户已%d天未下单，" : "valuable customer silent for %d days, ", quiet);
			if (gap == 1)
				sb_adds(sb, zh ? "平时约每天一单" : "usually orders every day");
			else
				sb_addf(sb, zh ? "平时约每%d天一单" : "usually orders every %d days", gap);
		}
	}
#undef SEP
	return n;
}

void
risk_table(struct risk *k, struct report *r, const struct orderbook *ob)
{
	char *cols[6] = {"customer_id"};
	enum rcol_kind kinds[6] = {RC_TEXT};
	struct rtable *t;
	int64_t valuable = valuable_from(k);
	struct at_risk *a = xcalloc(k->n + 1, sizeof(*a));
	struct strbuf sb = STRBUF_INIT;
	struct strbuf ids = STRBUF_INIT, contact[2] = {STRBUF_INIT, STRBUF_INIT};
	size_t i, n = 0, nc = 1, j;
	char nbuf[32], sbuf[32], *cells[6];

	/* Whom to call, when the customer table says. */
	for (j = 0; j < 2; j++)
		if (k->ccol[j]) {
			kinds[nc] = RC_TEXT;
			cols[nc++] = k->ccol[j];
		}
	cols[nc] = "orders";
	kinds[nc++] = RC_INT;
	cols[nc] = "spend";
	kinds[nc++] = RC_MONEY;
	cols[nc] = "reasons";
	kinds[nc++] = RC_TEXT;
	t = report_table_new(r, "risk", "risk", cols, kinds, nc);
	for (j = 1; j + 3 < nc; j++)
		t->data[j] = true;      /* the table's own headers (姓名, 手机) */

	for (i = 0; i < k->n; i++) {
		int nr = reasons(k, i, valuable, &sb);
		if (nr == 0)
			continue;
		a[n].cust = i;
		a[n].reasons = nr;
		a[n].spend = k->c[i].spend;
		a[n].id = risk_id(k, ob, i, &a[n].idlen);
		a[n++].why = sb_detach(&sb);
	}
	qsort(a, n, sizeof(*a), cmp_risk);
	for (i = 0; i < n; i++) {
		sb_reset(&ids);
		sb_add(&ids, a[i].id, a[i].idlen);
		cells[0] = ids.s;
		nc = 1;
		for (j = 0; j < 2; j++)
			if (k->ccol[j])
				cells[nc++] = (char *)contact_of(k, a[i].id, a[i].idlen, (int)j, &contact[j]);
		u64_format(k->c[a[i].cust].orders, nbuf);
		cells[nc++] = nbuf;
		cells[nc++] = k->c[a[i].cust].overflow ? NULL : (dec_format_money(a[i].spend, sbuf), sbuf);
		cells[nc] = a[i].why;
		rtable_row(t, cells);
		free(a[i].why);
	}
	sb_free(&ids);
	sb_free(&contact[0]);
	sb_free(&contact[1]);
	sb_free(&sb);
	free(a);
}

/* ---- partial states ---- */

/* Each customer a small tree, written and dropped: the state is never
 * whole in memory. */
void
risk_partial(const struct risk *k, const struct orderbook *ob, struct jw *w)
{
	size_t i, len;
	json_t *e;

	jw_object(w);
	jw_key(w, "customers");
	jw_array(w);
	for (i = 0; i < k->n; i++) {
		const struct risk_cust *c = &k->c[i];
		const char *id;
		if (c->orders == 0)
			continue;
		id = risk_id(k, ob, i, &len);
		e = json_pack("[s%,I,I,I,I,I,i,i,i,o,o,b,I]", id, len, (json_int_t)c->orders, (json_int_t)c->dropped,
		    (json_int_t)c->paid, (json_int_t)c->late, (json_int_t)c->unpaid, c->late_days, c->first, c->last,
		    report_json_dec(c->spend), report_json_dec(c->owed), c->overflow, (json_int_t)c->visits);
		jw_json(w, e);
		json_decref(e);
	}
	jw_end(w);
	if (k->ccol[0] || k->ccol[1]) {
		/* Every customer of the part's table: its orders may be in
		 * another part. */
		struct strbuf c[2] = {STRBUF_INIT, STRBUF_INIT};
		size_t it = 0, klen;
		const char *key, *v[2];
		uint64_t *val;
		jw_key(w, "contacts");
		jw_object(w);
		jw_key(w, "columns");
		e = json_pack("[s?,s?]", k->ccol[0], k->ccol[1]);
		jw_json(w, e);
		json_decref(e);
		jw_key(w, "customers");
		jw_array(w);
		while (k->contacts && hash_iter(k->contacts, &it, &key, &klen, &val)) {
			for (i = 0; i < 2; i++)
				v[i] = contact_of(k, key, klen, (int)i, &c[i]);
			e = json_pack("[s%,s?,s?]", key, klen, v[0], v[1]);
			jw_json(w, e);
			json_decref(e);
		}
		jw_end(w);
		jw_end(w);
		sb_free(&c[0]);
		sb_free(&c[1]);
	}
	jw_end(w);
}

/* The merged customer of id, new ones after the others. */
static struct risk_cust *
merged_cust(struct risk *k, const char *id, size_t len)
{
	bool added;
	uint64_t *v;

	if (k->ids == NULL) {
		k->ids = hash_new();
		k->idoff = xcalloc(1, sizeof(size_t));
	}
	v = hash_put(k->ids, id, len, &added);
	if (added) {
		*v = k->nids++;
		sb_add(&k->idtext, id, len);
		k->idoff = xreallocarray(k->idoff, k->nids + 1, sizeof(size_t));
		k->idoff[k->nids] = k->idtext.len;
	}
	return risk_cust(k, (size_t)*v);
}

static int
cust_merge(json_t *c, size_t i, struct jpull *p, void *ctx)
{
	struct risk *k = ctx;
	struct risk_cust *m;
	json_t *id = json_array_get(c, 0);
	uint32_t paid;
	int32_t late_days, first, last;
	int64_t spend;

	if (!json_is_string(id) || json_array_size(c) != 13)
		return jp_fail(p, "risk.customers[%zu]: not a customer's risk state", i);
	m = merged_cust(k, json_string_value(id), json_string_length(id));
	paid = (uint32_t)json_integer_value(json_array_get(c, 3));
	late_days = (int32_t)json_integer_value(json_array_get(c, 6));
	first = (int32_t)json_integer_value(json_array_get(c, 7));
	last = (int32_t)json_integer_value(json_array_get(c, 8));
	m->orders += (uint32_t)json_integer_value(json_array_get(c, 1));
	m->dropped += (uint32_t)json_integer_value(json_array_get(c, 2));
	m->late += (uint32_t)json_integer_value(json_array_get(c, 4));
	m->unpaid += (uint32_t)json_integer_value(json_array_get(c, 5));
	m->visits += (uint32_t)json_integer_value(json_array_get(c, 12));
	if (late_days > m->late_days)
		m->late_days = late_days;
	if (paid && (m->paid == 0 || first < m->first))
		m->first = first;
	if (paid && (m->paid == 0 || last > m->last))
		m->last = last;
	m->paid += paid;
	spend = report_dec_of(json_array_get(c, 9));
	m->overflow |= json_is_true(json_array_get(c, 11)) || __builtin_add_overflow(m->spend, spend, &m->spend);
	m->owed += report_dec_of(json_array_get(c, 10));
	return 0;
}

static int
contact_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct risk *k = ctx;
	json_t *id = json_array_get(e, 0), *nm = json_array_get(e, 1), *ph = json_array_get(e, 2);

	if (!json_is_string(id))
		return jp_fail(p, "risk.contacts[%zu]: no customer id", i);
	risk_contact(k, json_string_value(id), json_string_length(id), json_string_value(nm),
	    json_string_length(nm), json_string_value(ph), json_string_length(ph));
	return 0;
}

static void
contacts_merge(struct risk *k, struct jpull *p)
{
	const char *key;
	json_t *cols;

	if (!jp_object(p))
		return;
	while (jp_key(p, &key)) {
		if (strcmp(key, "columns") == 0) {
			if ((cols = jp_value(p)) != NULL)
				risk_contact_columns(k, json_string_value(json_array_get(cols, 0)),
				    json_string_value(json_array_get(cols, 1)));
			json_decref(cols);
		} else if (strcmp(key, "customers") == 0)
			jp_each(p, contact_merge, k);
		else
			jp_fail(p, "risk.contacts: unknown key '%.100s'", key);
	}
}

/* The customers come one at a time, each a small tree. */
int
risk_merge(struct risk *k, struct jpull *p)
{
	const char *key;

	if (!jp_object(p))
		return -1;
	while (jp_key(p, &key)) {
		if (strcmp(key, "customers") == 0)
			jp_each(p, cust_merge, k);
		else if (strcmp(key, "contacts") == 0)
			contacts_merge(k, p);
		else
			jp_fail(p, "risk: unknown key '%.100s'", key);
	}
	return jp_ok(p) ? 0 : -1;
}
