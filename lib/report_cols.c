/* report_cols.c — the columns cust-report's options name; see report_cols.h. */
#include "report_cols.h"

#include <stdlib.h>
#include <string.h>

#include "value.h"

void
report_columns_list(const struct report_columns *c, bool orders_only, struct strbuf *sb)
{
	const struct column_finder *f[2] = {orders_only ? NULL : c->customers, c->orders};
	const char *what[2] = {"the customers", "the orders"};
	size_t i, k;

	for (k = 0; k < 2; k++) {
		if (f[k] == NULL)
			continue;
		/* An empty file has no header at all: say that, not an empty list. */
		if (f[k]->h->n == 0) {
			sb_addf(sb, "; %s are empty (no header line)", what[k]);
			continue;
		}
		sb_addf(sb, "; %s have: ", what[k]);
		for (i = 0; i < f[k]->h->n; i++)
			sb_addf(sb, "%s%s", i ? ", " : "", f[k]->h->names[i]);
	}
}

/* A customer is counted once, in one group; its orders may be of
 * several categories: one group cannot be both.  Say what works. */
static int
mixed(const char *by, const struct report_by *b, bool customers_first, struct cust_err *err)
{
	const char *cust = b->names[customers_first ? 0 : 1], *order = b->names[customers_first ? 1 : 0];

	return cust_fail(err, CUST_USAGE, "--by %s: %s is a column of the customers and %s one of the orders; "
	    "a group is of customers (each in one group) or of orders (a customer's orders may be in several), "
	    "not both: --by %s groups the customers (--metric 'sum(amount)' adds up their orders), "
	    "--by %s the orders; to group orders by both, give the orders a column %s",
	    by, cust, order, cust, order, cust);
}

int
report_by_find(const char *by, const struct report_columns *c, struct report_by *b, struct cust_err *err)
{
	char *tok, *save = NULL;
	const struct column_finder *in[2];

	memset(b, 0, sizeof(*b));
	b->copy = xstrdup(by ? by : "");
	for (tok = strtok_r(b->copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (b->n == 2)
			return cust_fail(err, CUST_USAGE, "--by %s: at most two columns", by);
		in[b->n] = c->customers;
		b->cols[b->n] = c->customers ? column_find((void *)c->customers, tok, strlen(tok)) : -1;
		if (b->cols[b->n] < 0 && c->orders) {
			in[b->n] = c->orders;
			b->cols[b->n] = column_find((void *)c->orders, tok, strlen(tok));
		}
		if (b->cols[b->n] < 0) {
			b->missing = tok;
			return cust_fail(err, CUST_USAGE, "--by %s: no such column", tok);
		}
		/* A role (--by city) is headed as the data is (城市). */
		b->names[b->n] = in[b->n]->h->names[b->cols[b->n]];
		b->n++;
	}
	if (b->n == 2 && in[0] != in[1])
		return mixed(by, b, in[0] == c->customers, err);
	b->orders = b->n > 0 && in[0] == c->orders;
	return 0;
}

void
report_by_free(struct report_by *b)
{
	free(b->copy);
	b->copy = NULL;
}

bool
report_header_zh(const struct header *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (!text_is_ascii(h->names[i], strlen(h->names[i])))
			return true;
	return false;
}
