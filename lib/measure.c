/* measure.c — windowed measures over the order book; see measure.h. */
#include "measure.h"

#include <stdlib.h>
#include <string.h>

#include "value.h"

int
window_parse(const char *s, struct window *w)
{
	char *end;
	long n;

	if (strcmp(s, "all") == 0) {
		w->kind = W_ALL;
		w->n = 0;
		return 0;
	}
	/* Up to a hundred years each way of writing it; "all" is longer. */
	n = strtol(s, &end, 10);
	if (end == s || n <= 0 || *end == '\0' || end[1] != '\0')
		return -1;
	/* The limit first: "2147483647y" in months would overflow an int. */
	switch (*end) {
	case 'd': w->kind = W_DAYS; w->n = n <= 36525 ? (int)n : 0; return n <= 36525 ? 0 : -1;
	case 'm': w->kind = W_MONTHS; w->n = n <= 1200 ? (int)n : 0; return n <= 1200 ? 0 : -1;
	case 'y': w->kind = W_MONTHS; w->n = n <= 100 ? (int)n * 12 : 0; return n <= 100 ? 0 : -1;
	default: return -1;
	}
}

/* The days a window covers: it ends the day before the as-of date. */
struct dayrange
window_days(struct window w, int32_t as_of)
{
	struct dayrange r = {INT32_MIN, as_of - 1};
	struct date d;
	int months, dim;

	switch (w.kind) {
	case W_DAYS:
		r.from = as_of - w.n;
		break;
	case W_MONTHS:
		d = date_from_days(as_of);
		months = d.year * 12 + (d.month - 1) - w.n;
		d.year = months / 12;
		d.month = months % 12 + 1;
		/* 31 March minus one month is the last day of February. */
		for (dim = 31; dim > 27; dim--) {
			struct date t = {d.year, d.month, dim};
			if (date_valid(t))
				break;
		}
		if (d.day > dim)
			d.day = dim;
		r.from = date_to_days(d);
		break;
	case W_ALL:
		break;
	}
	return r;
}

struct dayrange
month_days(int32_t as_of, int k)
{
	struct date d = date_from_days(as_of), first, next;
	int months = d.year * 12 + (d.month - 1) - k;
	struct dayrange r;

	first.year = months / 12;
	first.month = months % 12 + 1;
	first.day = 1;
	next.year = (months + 1) / 12;
	next.month = (months + 1) % 12 + 1;
	next.day = 1;
	r.from = date_to_days(first);
	r.to = date_to_days(next) - 1;
	return r;
}

int
window_load(const struct jsonfile *jf, json_t *v, const char *where, struct window *w)
{
	/* "1000y" is refused by the limit, which the message must name or
	 * the user sees nothing wrong with it. */
	if (!json_is_string(v) || window_parse(json_string_value(v), w) < 0)
		return jf_bad(jf, where, "expected a window such as \"30d\", \"3m\", \"12m\" or \"all\" "
		    "(at most 100 years: 36525d, 1200m, 100y)");
	return 0;
}

int
statuses_load(const struct jsonfile *jf, json_t *v, struct status_filter *sf)
{
	json_t *list;
	size_t i;

	if (json_is_string(v) && strcmp(json_string_value(v), "all") == 0) {
		sf->all = true;
		return 0;
	}
	if (!json_is_object(v))
		return jf_bad(jf, "statuses", "expected \"all\", {\"count\": [...]} or {\"exclude\": [...]}");
	list = json_object_get(v, "count");
	sf->count_only = list != NULL;
	if (list == NULL)
		list = json_object_get(v, "exclude");
	if (!json_is_array(list) || json_object_size(v) != 1)
		return jf_bad(jf, "statuses", "expected \"all\", {\"count\": [...]} or {\"exclude\": [...]}");
	sf->n = json_array_size(list);
	sf->list = xcalloc(sf->n + 1, sizeof(char *));
	for (i = 0; i < sf->n; i++) {
		if (!json_is_string(json_array_get(list, i)))
			return jf_bad(jf, "statuses", "statuses must be strings");
		const char *st = json_string_value(json_array_get(list, i));
		size_t n;
		st = trim_space(st, strlen(st), &n);
		sf->list[i] = xstrndup(st, n);
	}
	return 0;
}

void
statuses_free(struct status_filter *sf)
{
	size_t i;

	for (i = 0; i < sf->n; i++)
		free(sf->list[i]);
	free(sf->list);
	memset(sf, 0, sizeof(*sf));
}

int
measure_parse(struct measure *m, const struct jsonfile *jf, const char *where, const char *src,
    const struct expr_scope *scope)
{
	struct cust_err eerr;

	m->src = xstrdup(src);
	if ((m->expr = expr_parse(m->src, scope, &eerr)) == NULL)
		return jf_bad(jf, where, "%s", eerr.msg);
	m->ncalls = expr_aggregates(m->expr, 0, &m->calls);
	return 0;
}

void
measure_free(struct measure *m)
{
	expr_free(m->expr);
	free(m->src);
	free((void *)m->calls);
	free(m->slots);
}

void
measure_bind(struct measure *m, struct orderbook *ob, int32_t as_of)
{
	int months = m->each_month ? m->each_month : 1, k;
	size_t j;

	free(m->slots);
	m->slots = xcalloc((size_t)months * m->ncalls + 1, sizeof(size_t));
	for (k = 0; k < months; k++) {
		struct dayrange days = m->each_month ? month_days(as_of, k + 1) : window_days(m->window, as_of);
		for (j = 0; j < m->ncalls; j++)
			m->slots[(size_t)k * m->ncalls + j] = orderbook_slot(ob, m->calls[j]->fn,
			    m->calls[j]->arg, days);
	}
}

/* The aggregates of month k (0 for the window) into aggs. */
static void
fetch(const struct measure *m, const struct orderbook *ob, long cust, int k, struct xval *aggs)
{
	size_t j;

	for (j = 0; j < m->ncalls; j++)
		aggs[m->calls[j]->slot] = orderbook_value(ob, cust, m->slots[(size_t)k * m->ncalls + j]);
}

bool
measure_holds(const struct measure *m, const struct orderbook *ob, long cust, char *const *row,
    const size_t *rowlen, struct xval *aggs)
{
	int months = m->each_month ? m->each_month : 1, k;

	if (m->expr == NULL)
		return true;
	for (k = 0; k < months; k++) {
		fetch(m, ob, cust, k, aggs);
		if (!xval_truthy(expr_eval(m->expr, row, rowlen, aggs)))
			return false;
	}
	return true;
}

struct xval
measure_value(const struct measure *m, const struct orderbook *ob, long cust, char *const *row,
    const size_t *rowlen, struct xval *aggs)
{
	struct xval null = {X_NULL, 0, NULL, 0};

	if (m->expr == NULL)
		return null;
	fetch(m, ob, cust, 0, aggs);
	return expr_eval(m->expr, row, rowlen, aggs);
}
