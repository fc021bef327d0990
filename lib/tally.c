/* tally.c — what grade and segment say about their customers; see tally.h. */
#include "tally.h"

#include <string.h>

#include "value.h"

#define NAMED_NO_ID 100     /* records without an id named one by one */

void
tally_init(struct tally *t, const struct cli *cli, const char *done, int *status)
{
	memset(t, 0, sizeof(*t));
	t->cli = cli;
	t->done = done;
	t->status = status;
}

bool
tally_no_customer(struct tally *t, const struct customer *c, bool say)
{
	*t->status = CUST_FINDINGS;
	if (!say || t->nnoid++ >= NAMED_NO_ID || t->cli->quiet)
		;
	else if (c->n == 0)
		cli_warn("%s:%ld: %s", c->rec->file, c->rec->line, c->rec->error ? c->rec->error : "no columns");
	else
		cli_warn("%s:%ld: no customer id: not %s, written as it was", c->rec->file, c->rec->line,
		    t->done);
	return c->n > 0;
}

void
tally_customer(struct tally *t, const struct customer *c, const struct orderbook *ob)
{
	t->ncust++;
	t->noorders += !orderbook_counted(ob, c->cust);
	if (c->rec == NULL || c->rec->error == NULL)
		return;
	if (!t->cli->quiet)
		cli_warn("%s:%ld: %s (%s as it is)", c->rec->file, c->rec->line, c->rec->error, t->done);
	t->nunread++;
	*t->status = CUST_FINDINGS;
}

size_t
tally_report(const struct tally *t, const struct customers *cs)
{
	struct strbuf unmatched = STRBUF_INIT;
	size_t unknown = customers_unmatched(cs, &unmatched);
	bool quiet = t->cli->quiet;

	if (quiet && t->nunread)
		cli_warn("%llu customer %s could not be read whole (%s as %s)", t->nunread,
		    plural(t->nunread, "record", "records"), t->done, plural(t->nunread, "it is", "they are"));
	if (!quiet && t->noorders)
		cli_warn("%llu of %llu %s no counted orders before the as-of date", t->noorders, t->ncust,
		    plural(t->noorders, plural(t->ncust, "customer has", "customers has"), "customers have"));
	if (!quiet && unknown)
		cli_warn("%s", unmatched.s);
	sb_free(&unmatched);
	/* Under -q the records are not named, but how many stays. */
	if (quiet && t->nnoid)
		cli_warn("%llu %s no customer id: not %s, written as %s", t->nnoid,
		    plural(t->nnoid, "record had", "records had"), t->done, plural(t->nnoid, "it was", "they were"));
	else if (t->nnoid > NAMED_NO_ID)
		cli_warn("%llu records in all had no customer id", t->nnoid);
	return unknown;
}

void
tally_overflows(const struct orderbook *ob)
{
	size_t n = orderbook_overflows(ob);

	if (n)
		cli_warn("%zu %s too large (past " DEC_MAX_TEXT ") and %s as null", n,
		    plural(n, "sum is", "sums are"), plural(n, "counts", "count"));
}
