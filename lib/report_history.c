/* report_history.c — the grade migration of cust-grade's history; see report.h. */
#include "report.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "jsonpull.h"
#include "jsonw.h"
#include "reader.h"
#include "roles.h"
#include "value.h"

struct move {
	int32_t first, last;        /* days of its first and last change */
	char *from, *to;            /* before the first, after the last */
};

struct month_moves {
	int32_t month;              /* year * 12 + month - 1 */
	uint64_t up, down, fresh, other;
};

struct migration {
	char **grades;              /* the rules', then as met */
	int32_t *met;               /* the day each grade was first met */
	size_t ngrades, known;      /* known: the rules' grades */
	int32_t since, until;
	struct move *m;
	size_t nm;
	struct hash *ids;
	struct strbuf idtext;
	size_t *idoff;              /* the ids of m, by index */
	struct month_moves *mm;
	size_t nmm;
	const struct hash *only;    /* the customers counted (id keys), or NULL: all */
};

/* The level of grade g, added (first met on day) if new. */
static long
grade_level(struct migration *s, const char *g, int32_t day, bool add)
{
	size_t i;

	for (i = 0; i < s->ngrades; i++)
		if (strcmp(s->grades[i], g) == 0) {
			if (day < s->met[i])
				s->met[i] = day;
			return (long)i;
		}
	if (!add)
		return -1;
	s->grades = xreallocarray(s->grades, s->ngrades + 1, sizeof(char *));
	s->met = xreallocarray(s->met, s->ngrades + 1, sizeof(int32_t));
	s->grades[s->ngrades] = xstrdup(g);
	s->met[s->ngrades] = day;
	return (long)s->ngrades++;
}

struct migration *
migration_new(char *const *grades, size_t ngrades, int32_t since, int32_t until)
{
	struct migration *s = xcalloc(1, sizeof(*s));
	size_t i;

	s->ids = hash_new();
	s->idoff = xcalloc(1, sizeof(size_t));
	for (i = 0; i < ngrades; i++)
		grade_level(s, grades[i], INT32_MIN, true);
	s->known = s->ngrades;
	s->since = since;
	s->until = until;
	return s;
}

void
migration_free(struct migration *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nm; i++) {
		free(s->m[i].from);
		free(s->m[i].to);
	}
	for (i = 0; i < s->ngrades; i++)
		free(s->grades[i]);
	free(s->grades);
	free(s->met);
	free(s->m);
	free(s->mm);
	free(s->idoff);
	sb_free(&s->idtext);
	hash_free(s->ids);
	free(s);
}

static struct month_moves *
month_at(struct migration *s, int32_t m)
{
	size_t i;

	for (i = 0; i < s->nmm; i++)
		if (s->mm[i].month == m)
			return &s->mm[i];
	s->mm = xreallocarray(s->mm, s->nmm + 1, sizeof(*s->mm));
	memset(&s->mm[s->nmm], 0, sizeof(*s->mm));
	s->mm[s->nmm].month = m;
	return &s->mm[s->nmm++];
}

/* A customer's first change (from, before it) and last one (to, after
 * it) in the period.  On a tie the earlier in the file keeps from and
 * the later gives to, so parts merged in file order agree. */
static void
note_move(struct migration *s, const char *id, size_t idlen, int32_t first, const char *from, int32_t last,
    const char *to)
{
	bool added;
	uint64_t *v = hash_put(s->ids, id, idlen, &added);
	struct move *m;

	if (*from)
		grade_level(s, from, first, true);
	grade_level(s, to, last, true);
	if (added) {
		s->m = xreallocarray(s->m, s->nm + 1, sizeof(*s->m));
		m = &s->m[s->nm];
		m->first = first;
		m->last = last;
		m->from = xstrdup(from);
		m->to = xstrdup(to);
		sb_add(&s->idtext, id, idlen);
		s->idoff = xreallocarray(s->idoff, s->nm + 2, sizeof(size_t));
		s->idoff[s->nm + 1] = s->idtext.len;
		*v = s->nm++;
		return;
	}
	m = &s->m[*v];
	if (first < m->first) {
		m->first = first;
		free(m->from);
		m->from = xstrdup(from);
	}
	if (last >= m->last) {
		m->last = last;
		free(m->to);
		m->to = xstrdup(to);
	}
}

/* One change: the customer's move, and the month's count of its kind
 * (promotions and demotions between grades the rules rank). */
static void
note_change(struct migration *s, const char *id, int32_t day, const char *from, const char *to)
{
	struct date d = date_from_days(day);
	struct month_moves *mm = month_at(s, d.year * 12 + d.month - 1);
	long lf, lt;

	note_move(s, id, strlen(id), day, from, day, to);
	lf = *from ? grade_level(s, from, day, false) : -1;
	lt = grade_level(s, to, day, false);
	if (*from == '\0')
		mm->fresh++;
	else if ((size_t)lf < s->known && (size_t)lt < s->known && lt != lf)
		*(lt > lf ? &mm->up : &mm->down) += 1;
	else
		mm->other++;
}

void
migration_only(struct migration *h, const struct hash *ids)
{
	h->only = ids;
}

/* Is the change of rec one of the customers counted? */
static bool
counted(const struct migration *s, const struct record *rec, long col)
{
	const char *key;
	size_t n;

	if (s->only == NULL)
		return true;
	n = id_key(rec->field[col], rec->len[col], &key);
	return n > 0 && hash_get(s->only, key, n) != NULL;
}

int
migration_read(struct migration *s, const char *path, struct cust_err *err)
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
		if (date_to_days(d) < s->since || date_to_days(d) >= s->until || !counted(s, rec, c[0]))
			continue;
		note_change(s, rec->field[c[0]], date_to_days(d), rec->field[c[2]], rec->field[c[3]]);
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

/* The grades the rules do not rank, after those that they do: by the
 * day first met, then by name, so that any split of the file gives the
 * same order. */
static struct migration *sort_h;
static int
cmp_met(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	if (sort_h->met[x] != sort_h->met[y])
		return sort_h->met[x] < sort_h->met[y] ? -1 : 1;
	return strcmp(sort_h->grades[x], sort_h->grades[y]);
}

static void
order_grades(struct migration *s)
{
	size_t n = s->ngrades - s->known, *o = xcalloc(n + 1, sizeof(size_t)), i;
	char **g = xcalloc(n + 1, sizeof(char *));
	int32_t *met = xcalloc(n + 1, sizeof(int32_t));

	for (i = 0; i < n; i++)
		o[i] = s->known + i;
	sort_h = s;
	qsort(o, n, sizeof(size_t), cmp_met);
	for (i = 0; i < n; i++) {
		g[i] = s->grades[o[i]];
		met[i] = s->met[o[i]];
	}
	if (n > 0) {    /* with no grades, s->grades may be NULL: no memcpy */
		memcpy(s->grades + s->known, g, n * sizeof(char *));
		memcpy(s->met + s->known, met, n * sizeof(int32_t));
	}
	free(o);
	free(g);
	free(met);
}

static void
migration_table(struct report *r, struct migration *s)
{
	size_t n = s->ngrades, i, j, k, nc = n + 2;
	/* English in every format: csv and json are read by programs;
	 * report_out.c says it in the language of the formats people read. */
	const char *none = "(none)";
	uint64_t *grid = xcalloc((n + 1) * (n + 1), sizeof(uint64_t)), *rowt = xcalloc(n + 1, sizeof(uint64_t));
	char **cols = xcalloc(nc, sizeof(char *)), **cells = xcalloc(nc, sizeof(char *)), (*bufs)[32] = xcalloc(nc, 32);
	enum rcol_kind *kinds = xcalloc(nc, sizeof(*kinds));
	struct rtable *t;

	for (k = 0; k < s->nm; k++) {
		long f = *s->m[k].from ? grade_level(s, s->m[k].from, INT32_MAX, false) : (long)n;
		long to = grade_level(s, s->m[k].to, INT32_MAX, false);
		grid[(size_t)f * (n + 1) + (size_t)to]++;
		rowt[f]++;
	}
	cols[0] = "from \\ to";
	for (i = 0; i < n; i++)
		cols[i + 1] = s->grades[i], kinds[i + 1] = RC_INT;
	cols[n + 1] = "total", kinds[n + 1] = RC_INT;
	t = report_table_new(r, "migration", "migration", cols, kinds, nc);
	for (i = 0; i < n; i++)
		t->data[i + 1] = true;
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

/* The changes of each month by kind, and their total: the chart shows
 * the total, so that a month of demotions alone is not an empty bar. */
static void
moves_table(struct report *r, struct migration *s)
{
	char *cols[] = {"month", "promotions", "demotions", "new", "other", "total"};
	enum rcol_kind kinds[] = {RC_TEXT, RC_INT, RC_INT, RC_INT, RC_INT, RC_INT};
	char bufs[6][32], *cells[6];
	struct rtable *t = report_table_new(r, "moves", "moves", cols, kinds, 6);
	size_t i, c;

	t->bar = 5;
	t->label = 0;
	if (s->nmm)     /* no moves: mm is NULL, which qsort may not be given */
		qsort(s->mm, s->nmm, sizeof(*s->mm), cmp_month);
	for (c = 0; c < 6; c++)
		cells[c] = bufs[c];
	for (i = 0; i < s->nmm; i++) {
		const struct month_moves *m = &s->mm[i];
		trend_period_label(TREND_MONTH, m->month, bufs[0]);
		u64_format(m->up, bufs[1]);
		u64_format(m->down, bufs[2]);
		u64_format(m->fresh, bufs[3]);
		u64_format(m->other, bufs[4]);
		u64_format(m->up + m->down + m->fresh + m->other, bufs[5]);
		rtable_row(t, cells);
	}
}

void
migration_tables(struct migration *s, struct report *r)
{
	order_grades(s);
	migration_table(r, s);
	moves_table(r, s);
}

/* ---- partial states ---- */

/* Each entry a small tree, written and dropped. */
void
migration_partial(const struct migration *s, struct jw *w)
{
	size_t i;
	json_t *e;

	jw_object(w);
	jw_key(w, "grades");
	jw_array(w);
	for (i = s->known; i < s->ngrades; i++) {
		e = json_pack("[s,i]", s->grades[i], s->met[i]);
		jw_json(w, e);
		json_decref(e);
	}
	jw_end(w);
	jw_key(w, "customers");
	jw_array(w);
	for (i = 0; i < s->nm; i++) {
		e = json_pack("[s%,i,s,i,s]", s->idtext.s + s->idoff[i], s->idoff[i + 1] - s->idoff[i], s->m[i].first,
		    s->m[i].from, s->m[i].last, s->m[i].to);
		jw_json(w, e);
		json_decref(e);
	}
	jw_end(w);
	jw_key(w, "months");
	jw_array(w);
	for (i = 0; i < s->nmm; i++) {
		e = json_pack("[i,I,I,I,I]", s->mm[i].month, (json_int_t)s->mm[i].up, (json_int_t)s->mm[i].down,
		    (json_int_t)s->mm[i].fresh, (json_int_t)s->mm[i].other);
		jw_json(w, e);
		json_decref(e);
	}
	jw_end(w);
	jw_end(w);
}

static int
grade_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct migration *s = ctx;

	if (!json_is_string(json_array_get(e, 0)))
		return jp_fail(p, "history.grades[%zu]: not a grade", i);
	grade_level(s, json_string_value(json_array_get(e, 0)), (int32_t)json_integer_value(json_array_get(e, 1)),
	    true);
	return 0;
}

static int
moves_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct migration *s = ctx;
	json_t *id = json_array_get(e, 0), *from = json_array_get(e, 2), *to = json_array_get(e, 4);

	if (!json_is_string(id) || !json_is_string(from) || !json_is_string(to))
		return jp_fail(p, "history.customers[%zu]: not a customer's moves", i);
	note_move(s, json_string_value(id), json_string_length(id), (int32_t)json_integer_value(json_array_get(e, 1)),
	    json_string_value(from), (int32_t)json_integer_value(json_array_get(e, 3)), json_string_value(to));
	return 0;
}

static int
month_merge(json_t *e, size_t i, struct jpull *p, void *ctx)
{
	struct migration *s = ctx;
	struct month_moves *mm = month_at(s, (int32_t)json_integer_value(json_array_get(e, 0)));

	(void)i;
	(void)p;
	mm->up += (uint64_t)json_integer_value(json_array_get(e, 1));
	mm->down += (uint64_t)json_integer_value(json_array_get(e, 2));
	mm->fresh += (uint64_t)json_integer_value(json_array_get(e, 3));
	mm->other += (uint64_t)json_integer_value(json_array_get(e, 4));
	return 0;
}

/* The entries come one at a time, each a small tree. */
int
migration_merge(struct migration *s, struct jpull *p)
{
	const char *key;

	if (jp_object(p)) {
		while (jp_key(p, &key)) {
			if (strcmp(key, "grades") == 0)
				jp_each(p, grade_merge, s);
			else if (strcmp(key, "customers") == 0)
				jp_each(p, moves_merge, s);
			else if (strcmp(key, "months") == 0)
				jp_each(p, month_merge, s);
			else
				jp_fail(p, "history: unknown key '%.100s'", key);
		}
	}
	return jp_ok(p) ? 0 : -1;
}
