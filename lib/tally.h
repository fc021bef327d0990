/* tally.h — what cust-grade and cust-segment say about the customers of a
 * run.
 *
 * Both read a customer table beside the orders (customers.h) and say the
 * same things about it: a record that is no customer (no id, or no columns
 * at all) and one that could not be read whole are named on standard
 * error as they come (not under -q; the first 100 records without an id),
 * then counted at the end, with the customers that have no counted orders
 * and the order customer ids that are not in the table.  Like cli.c this
 * is the programs' voice, not the library's: it prints, to standard error.
 */
#ifndef CUST_TALLY_H
#define CUST_TALLY_H

#include <stdbool.h>

#include "cli.h"
#include "customers.h"
#include "orders.h"

struct tally {
	const struct cli *cli;
	const char *done;           /* what the program does: "graded", "segmented" */
	int *status;                /* set to CUST_FINDINGS by what is a finding */
	unsigned long long ncust, noorders, nunread, nnoid;
};

void tally_init(struct tally *t, const struct cli *cli, const char *done, int *status);
/* A record that is no customer (c->keylen 0), a finding: said (when say)
 * and counted.  Is it written, as it was?  Only a record with columns. */
bool tally_no_customer(struct tally *t, const struct customer *c, bool say);
/* A customer: counted, and whether it has counted orders; a record that
 * could not be read whole is said (and a finding). */
void tally_customer(struct tally *t, const struct customer *c, const struct orderbook *ob);
/* The counts at the end: records not read whole, customers without
 * counted orders, order customer ids not in the table (how many is
 * returned), records without an id.  Then the program's own. */
size_t tally_report(const struct tally *t, const struct customers *cs);
/* Last: sums past 64 bits, which count as null. */
void tally_overflows(const struct orderbook *ob);

#endif
