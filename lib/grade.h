/* grade.h — grading rules (custkit-rules(5)) and their semantics.
 *
 * Grades are listed low to high.  Without promote/demote rules, the tiers
 * are tried in order for every customer on every run and the first whose
 * condition holds gives the grade.  With them, tiers grade only customers
 * who have no grade yet; a promote (demote) rule moves a customer up
 * (down) to its grade when its condition holds — over its window, or with
 * each_month N in each of the last N complete calendar months before the
 * as-of date — and a customer no rule moves keeps the grade.
 */
#ifndef CUST_GRADE_H
#define CUST_GRADE_H

#include <stdbool.h>
#include <stdint.h>

#include "expr.h"
#include "measure.h"
#include "orders.h"

struct grade_rule {
	int level;                  /* the grade (tiers) or the target (moves) */
	struct measure when;        /* its condition (expr NULL: always), window
	                               and months */
	char *reason;               /* template, or NULL for the default */
	char where[32];             /* "tiers[2]" for messages */
};

struct grade_rules {
	char *path;
	char **grades;
	size_t ngrades;
	struct grade_rule *tiers, *promote, *demote;
	size_t ntiers, npromote, ndemote;
	struct window window;
	struct status_filter statuses;
	bool zh;                    /* reasons in Chinese */
	struct expr_words words;    /* for conditions in reasons; the caller
	                               names the amount columns */
	size_t maxcalls;
};

enum grade_how { GRADE_NONE, GRADE_TIER, GRADE_PROMOTE, GRADE_DEMOTE, GRADE_KEEP };

struct grade_result {
	int level;                  /* -1: no grade */
	enum grade_how how;
	const struct grade_rule *rule;
};

/* Load and parse a rules file; expressions see order columns inside
 * aggregates and customer columns outside them (scope). */
struct grade_rules *grade_rules_load(const char *path, const struct expr_scope *scope,
    struct cust_err *err);
void grade_rules_free(struct grade_rules *g);
/* Every mistake but a column the data lacks, found before the data is
 * opened (reading a header from a pipe may wait): 0, or -1 with err. */
int grade_rules_check(const char *path, struct cust_err *err);
/* Add the order columns the rules do arithmetic on to oc (see
 * order_columns_numeric). */
void grade_rules_order_columns(const struct grade_rules *g, struct order_columns *oc);
/* Declare every aggregate the rules need as of a date. */
void grade_rules_bind(struct grade_rules *g, struct orderbook *ob, int32_t as_of);
/* The grade of customer cust (orderbook index, -1 for none) whose record
 * is row (may be NULL), currently at level current (-1: none). */
struct grade_result grade_decide(const struct grade_rules *g, const struct orderbook *ob,
    long cust, char *const *row, const size_t *rowlen, int current);
/* The sentence explaining a change from level from to r. */
void grade_reason(const struct grade_rules *g, const struct grade_result *r, int from,
    struct strbuf *out);
/* Level of a grade name, or -1. */
int grade_level(const struct grade_rules *g, const char *name, size_t n);


#include "history.h"

/* The grade columns of a customer record (-1: absent). */
struct grade_columns {
	long grade, prev, updated, reason;
	long merged;                /* merged_ids: whose history a survivor takes on */
};

/* A reason already written, with all it depends on: most customers of a
 * run share a handful of reasons, and writing one costs more than the
 * rest of grading. */
struct reason_memo {
	const struct grade_rules *g;
	const struct grade_rule *rule;
	int how, level, from;
	bool used;
	struct strbuf text;
};

#define REASON_MEMOS 16

/* Text that lives elsewhere, NUL-terminated: a field of the customer's
 * record, a grade name, a history entry, a reason written once. */
struct text {
	const char *s;
	size_t len;
};

/* One customer's grade columns, valid until the next customer is graded.
 * Zero-initialise, use for every customer of a run (it keeps what they
 * share), then graded_free. */
struct graded {
	struct text grade, prev, updated, reason;
	bool changed;
	bool unknown_grade;         /* its grade was none of the grades: graded
	                               afresh by the tiers, the old one in prev */
	char today[16];             /* the as-of date, written */
	int32_t today_of;
	bool today_set;
	struct reason_memo memo[REASON_MEMOS];
	size_t next_memo;
	struct strbuf scratch;      /* a reason not memoised */
};
void graded_free(struct graded *gr);

/* Grade one customer, cust in ob (-1: no orders): its starting grade
 * comes from its record's grade column, else from the history; a change
 * is queued on the history (once per day).  row may be NULL (orders only). */
void grade_customer(const struct grade_rules *g, struct orderbook *ob, struct history *h,
    int32_t as_of, const char *id, size_t idlen, long cust, char *const *row, const size_t *rowlen,
    const struct grade_columns *gc, struct graded *out);

/* The columns grading adds or updates, names[0..4): grade, grade_prev,
 * grade_updated, grade_reason; but a CRM's own grade column (会员等级,
 * Tier: the grade role) is the one updated when h has no "grade", or
 * when grade_named (--col grade=HEADER).  Where h has them goes to gc,
 * with merged (h's merged_ids column). */
void grade_columns_find(const struct header *h, const struct roles *roles, bool grade_named, long merged,
    const char *names[4], struct grade_columns *gc);

/* Is the order stream one to grade on?  An empty or header-only orders
 * file is a failed export far more often than a month without sales, and
 * grading on it (or on orders that all fall outside the rules' periods)
 * would demote everyone: -1 (CUST_FINDINGS, naming the file orders and
 * the as-of date), unless allow_empty.  ob NULL: the orders have no
 * columns at all (JSON that holds no object), refused even then. */
int grade_orders_check(const char *orders, const struct order_stats *st, const struct orderbook *ob,
    int32_t as_of, bool allow_empty, struct cust_err *err);

/* --max-changes N or P%, like rsync's --max-delete: a cron job whose
 * orders export failed would otherwise demote everyone. */
struct grade_limit {
	const char *text;           /* as given, for messages; NULL: no limit */
	double count, percent;      /* one of them is >= 0 */
};
/* Parse "N" or "P%" (P at most 100) into l: false when it is neither. */
bool grade_limit_parse(struct grade_limit *l, const char *arg);
/* Would changed of total customers be more changes than l allows? */
bool grade_limit_exceeded(const struct grade_limit *l, unsigned long long changed, unsigned long long total);

#endif
