/* report_history.c — the grade migration of cust-grade's history; see report.h. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "reader.h"
#include "value.h"

struct move {
	int32_t first, last;        /* days of its first and last change */
	char *from, *to;            /* before the first, after the last */
};

struct month_moves {
	int32_t month;              /* year * 12 + month - 1 */
	uint64_t up, down, fresh, other;
};

struct hist_state {
	char **grades;              /* the order: the rules', then as met */
	size_t ngrades;
	struct move *m;
	size_t nm;
	struct hash *ids;
	struct month_moves *mm;
	size_t nmm;
};

static long
grade_level(struct hist_state *s, const char *g, bool add)
{
	size_t i;

	for (i = 0; i < s->ngrades; i++)
		if (strcmp(s->grades[i], g) == 0)
			return (long)i;
	if (!add)
		return -1;
	s->grades = xreallocarray(s->grades, s->ngrades + 1, sizeof(char *));
	s->grades[s->ngrades] = xstrdup(g);
	return (long)s->ngrades++;
}

static struct month_moves *
month_of(struct hist_state *s, int32_t day)
{
	struct date d = date_from_days(day);
	int32_t m = d.year * 12 + d.month - 1;
	size_t i;

	for (i = 0; i < s->nmm; i++)
		if (s->mm[i].month == m)
			return &s->mm[i];
	s->mm = xreallocarray(s->mm, s->nmm + 1, sizeof(*s->mm));
	memset(&s->mm[s->nmm], 0, sizeof(*s->mm));
	s->mm[s->nmm].month = m;
	return &s->mm[s->nmm++];
}

/* One change: the customer's first and last in the period, and the
 * month's count of its kind.  known: how many grades the rules ranked. */
static void
note_change(struct hist_state *s, const char *id, int32_t day, const char *from, const char *to, size_t known)
{
	bool added;
	uint64_t *v = hash_put(s->ids, id, strlen(id), &added);
	struct move *m;
	struct month_moves *mm = month_of(s, day);
	long lf = *from ? grade_level(s, from, true) : -1, lt = grade_level(s, to, true);

	if (*from == '\0')
		mm->fresh++;
	else if ((size_t)lf < known && (size_t)lt < known && lt != lf)
		*(lt > lf ? &mm->up : &mm->down) += 1;
	else
		mm->other++;
	if (added) {
		s->m = xreallocarray(s->m, s->nm + 1, sizeof(*s->m));
		m = &s->m[s->nm];
		m->first = m->last = day;
		m->from = xstrdup(from);
		m->to = xstrdup(to);
		*v = s->nm++;
		return;
	}
	m = &s->m[*v];
	if (day < m->first) {
		m->first = day;
		free(m->from);
		m->from = xstrdup(from);
	}
	if (day >= m->last) {
		m->last = day;
		free(m->to);
		m->to = xstrdup(to);
	}
}

static int
read_history(struct hist_state *s, const char *path, int32_t since, int32_t until, size_t known,
    struct cust_err *err)
{
	char *paths[1] = {(char *)path};
	struct reader_opts ro = {0};
	struct reader *rd = reader_open(paths, 1, &ro, err);
	const struct header *h;
	long c[4];
	struct record *rec;
	struct date d;
	const char *why;
	int rc;

	if (rd == NULL)
		return -1;
	h = reader_header(rd);
	c[0] = header_find(h, "customer_id");
	c[1] = header_find(h, "date");
	c[2] = header_find(h, "from");
	c[3] = header_find(h, "to");
	if (c[0] < 0 || c[1] < 0 || c[2] < 0 || c[3] < 0) {
		reader_close(rd);
		return cust_fail(err, CUST_INPUT, "%s: not a grade history (its header is not "
		    "customer_id,date,from,to,reason)", path);
	}
	while ((rc = reader_next(rd, &rec, err)) > 0) {
		if (rec->error || date_parse(rec->field[c[1]], rec->len[c[1]], &d, &why) != VALUE_OK) {
			cust_fail(err, CUST_INPUT, "%s:%ld: %s", rec->file, rec->line,
			    rec->error ? rec->error : "not a date in column date");
			rc = -1;
			break;
		}
		if (date_to_days(d) < since || date_to_days(d) >= until)
			continue;
		note_change(s, rec->field[c[0]], date_to_days(d), rec->field[c[2]], rec->field[c[3]], known);
	}
	reader_close(rd);
	return rc;
}

static int
cmp_month(const void *a, const void *b)
{
	const struct month_moves *x = a, *y = b;

	return (x->month > y->month) - (x->month < y->month);
}

static void
migration_table(struct report *r, struct hist_state *s, bool zh)
{
	size_t n = s->ngrades, i, j, k, nc = n + 2;
	const char *none = zh ? "（无）" : "(none)";
	uint64_t *grid = xcalloc((n + 1) * (n + 1), sizeof(uint64_t)), *rowt = xcalloc(n + 1, sizeof(uint64_t));
	char **cols = xcalloc(nc, sizeof(char *)), **cells = xcalloc(nc, sizeof(char *)), (*bufs)[32] = xcalloc(nc, 32);
	enum rcol_kind *kinds = xcalloc(nc, sizeof(*kinds));
	struct rtable *t;

	for (k = 0; k < s->nm; k++) {
		long f = *s->m[k].from ? grade_level(s, s->m[k].from, false) : (long)n;
		long to = grade_level(s, s->m[k].to, false);
		grid[(size_t)f * (n + 1) + (size_t)to]++;
		rowt[f]++;
	}
	cols[0] = zh ? "从 \\ 到" : "from \\ to";
	for (i = 0; i < n; i++)
		cols[i + 1] = s->grades[i], kinds[i + 1] = RC_INT;
	cols[n + 1] = "total", kinds[n + 1] = RC_INT;
	t = report_table_new(r, "migration", "migration", cols, kinds, nc);
	/* Customers with no grade before come first: they are the new ones. */
	for (j = 0; j <= n; j++) {
		size_t f = j == 0 ? n : j - 1;
		if (f == n && rowt[n] == 0)
			continue;
		cells[0] = f == n ? (char *)none : s->grades[f];
		for (i = 0; i < n; i++) {
			u64_format(grid[f * (n + 1) + i], bufs[i + 1]);
			cells[i + 1] = bufs[i + 1];
		}
		u64_format(rowt[f], bufs[n + 1]);
		cells[n + 1] = bufs[n + 1];
		rtable_row(t, cells);
	}
	free(grid);
	free(rowt);
	free(cols);
	free(cells);
	free(bufs);
	free(kinds);
}

static void
moves_table(struct report *r, struct hist_state *s)
{
	char *cols[] = {"month", "promotions", "demotions", "new", "other"};
	enum rcol_kind kinds[] = {RC_TEXT, RC_INT, RC_INT, RC_INT, RC_INT};
	char bufs[5][32], *cells[5];
	struct rtable *t = report_table_new(r, "moves", "moves", cols, kinds, 5);
	size_t i;

	t->bar = 1;
	t->label = 0;
	qsort(s->mm, s->nmm, sizeof(*s->mm), cmp_month);
	for (i = 0; i < s->nmm; i++) {
		trend_period_label(TREND_MONTH, s->mm[i].month, bufs[0]);
		cells[0] = bufs[0];
		cells[1] = bufs[1];
		cells[2] = bufs[2];
		cells[3] = bufs[3];
		cells[4] = bufs[4];
		u64_format(s->mm[i].up, bufs[1]);
		u64_format(s->mm[i].down, bufs[2]);
		u64_format(s->mm[i].fresh, bufs[3]);
		u64_format(s->mm[i].other, bufs[4]);
		rtable_row(t, cells);
	}
}

int
report_history(struct report *r, const char *path, char *const *grades, size_t ngrades, int32_t since,
    int32_t until, bool zh, struct cust_err *err)
{
	struct hist_state s = {0};
	size_t i;
	int rc;

	s.ids = hash_new();
	for (i = 0; i < ngrades; i++)
		grade_level(&s, grades[i], true);
	rc = read_history(&s, path, since, until, ngrades, err);
	if (rc == 0) {
		migration_table(r, &s, zh);
		moves_table(r, &s);
	}
	for (i = 0; i < s.nm; i++) {
		free(s.m[i].from);
		free(s.m[i].to);
	}
	for (i = 0; i < s.ngrades; i++)
		free(s.grades[i]);
	free(s.grades);
	free(s.m);
	free(s.mm);
	hash_free(s.ids);
	return rc;
}
