/* report_partial.h — cust-report's partial state: written by one run
 * (--partial FILE), merged by another (--merge FILE...).
 *
 * A state is a JSON object: the format version, the report's definition
 * (everything that changes a result, under the names of the options that
 * set it, so that a refusal names them), the data's language, which
 * metrics are money, the --by columns' headers as the data has them, and
 * the accumulated state of the report, its risk and its migration.
 * Merging refuses a state of another format, of another definition than
 * the first, or one file given twice (it would count twice): the message
 * says which file and why.  Nothing here prints; errors fill struct
 * cust_err with the exit status (CUST_INPUT: not a state or a foreign
 * version; CUST_USAGE: another definition, a file twice; CUST_OUTPUT:
 * the state not written).
 */
#ifndef CUST_REPORT_PARTIAL_H
#define CUST_REPORT_PARTIAL_H

#include <stdbool.h>
#include <stdint.h>

#include <jansson.h>

#include "report.h"
#include "util.h"

/* The format of a state: a state of another is refused.  4: the head
 * (definition, language, money, the groups' headers) before the state,
 * and the state in the order it is read, so that neither side holds it
 * whole (3 was written and read as one tree). */
enum { REPORT_PARTIAL_VERSION = 4 };

/* A report's definition, as the command line gave it. */
struct report_def {
	const char *by;                 /* NULL: no groups */
	char *const *metrics;
	size_t nmetrics;
	char *const *cols, *const *order_cols;  /* --col, --order-col */
	size_t ncols, norder_cols;
	bool orders, orders_only, quality, risk, history;
	int32_t as_of;
	enum trend_period trend;
	const char *amount;             /* --amount; NULL: the amount column */
	struct risk_opts ko;            /* with risk */
	int32_t since;                  /* with history; INT32_MIN: all */
	char *const *grades;            /* with history: --rules' grades */
	size_t ngrades;
};

/* The definition as a state holds it; the caller owns it. */
json_t *report_definition(const struct report_def *d);

/* What one run accumulated; risk, hist may be NULL. */
struct report_parts {
	struct report *rep;
	struct orderbook *ob;
	struct risk *risk;
	struct migration *hist;
	json_t *byheads;                /* the --by columns' headers */
	bool zh;
};

/* Write the state to path atomically (outfile). */
int report_partial_write(const char *path, const struct report_def *d, const struct report_parts *p,
    struct cust_err *err);

/* A merged report, defined by the first state.  first holds the first
 * state's head (its definition, language, money and the groups'
 * headers; by points into it), never the state itself. */
struct report_merged {
	struct report_parts p;
	json_t *first;
	const char *by;                 /* the --by text; NULL: none */
	bool orders;                    /* the parts were of orders */
	int32_t as_of;
};

/* Merge the states in paths[0..n) into m (zeroed by the caller), the
 * report's language lang (-1: the states', 0 en, 1 zh); quality's
 * header into qh.  The report is settled and its migration and risk
 * tables made, as a whole run's; the orders still unplaced are
 * report_unplaced's. */
int report_merge_partials(struct report_merged *m, char *const *paths, size_t n, int lang, struct header *qh,
    struct cust_err *err);
void report_merged_free(struct report_merged *m);

#endif
