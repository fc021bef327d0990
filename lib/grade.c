/* grade.c — grading rules and their semantics; see grade.h. */
#include "grade.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "jsonfile.h"
#include "measure.h"
#include "value.h"

int
grade_level(const struct grade_rules *g, const char *name, size_t n)
{
	size_t i;

	/* A spreadsheet cell often carries a space around the name. */
	name = trim_space(name, n, &n);
	for (i = 0; i < g->ngrades; i++)
		if (strlen(g->grades[i]) == n && memcmp(g->grades[i], name, n) == 0)
			return (int)i;
	return -1;
}

struct loader {
	struct jsonfile jf;
	const struct expr_scope *scope;
};

static int
bad(struct loader *ld, const char *where, const char *what)
{
	return jf_bad(&ld->jf, where, "%s", what);
}

static bool
only_keys(struct loader *ld, json_t *obj, const char *where, const char *const *keys)
{
	return jf_only_keys(&ld->jf, obj, where, keys);
}

/* Is every {...} of a reason template one that expand() fills, and
 * {months} only where there are months?  Any other pair of braces, {Grade}
 * or {月份}, would reach the customer as it is typed. */
static bool
placeholders_known(const char *tpl, bool months, char *msg, size_t cap)
{
	static const char *const known[] = {"{grade}", "{from}", "{to}", "{months}", "{window}",
	    "{when}", "{expr}"};
	const char *p, *q;
	size_t i, n;

	for (p = strchr(tpl, '{'); p; p = strchr(p + 1, '{')) {
		if ((q = strpbrk(p + 1, "{}")) == NULL || *q != '}')
			continue;       /* a brace without its pair is text */
		n = (size_t)(q - p + 1);
		for (i = 0; i < ARRAY_LEN(known) && (strlen(known[i]) != n || strncmp(p, known[i], n) != 0); i++)
			;
		if (i == ARRAY_LEN(known)) {
			snprintf(msg, cap, "unknown placeholder '%.*s' (there are {grade} {from} {to} "
			    "{months} {window} {when} {expr})", (int)(n < 64 ? n : 64), p);
			return false;
		}
		if (i == 3 && !months) {
			snprintf(msg, cap, "{months} is for a rule with each_month");
			return false;
		}
	}
	return true;
}

/* Does s hold a Han character (the reasons are then written in Chinese)? */
static bool
has_han(const char *s)
{
	const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t cp;
	utf8proc_ssize_t n;

	while (*u && (n = utf8proc_iterate(u, -1, &cp)) > 0) {
		if ((cp >= 0x2E80 && cp <= 0x2FDF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
		    (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
		    (cp >= 0x20000 && cp <= 0x3134F))
			return true;
		u += n;
	}
	return false;
}

static int
load_rule(struct loader *ld, struct grade_rules *g, struct grade_rule *r, json_t *j,
    const char *list, size_t idx)
{
	static const char *const tier_keys[] = {"grade", "when", "window", "reason", "comment", NULL};
	static const char *const move_keys[] = {"to", "when", "window", "each_month", "reason", "comment", NULL};
	bool tier = strcmp(list, "tiers") == 0;
	char where[64], msg[512];
	json_t *v;
	const char *name;

	snprintf(r->where, sizeof(r->where), "%s[%zu]", list, idx);
	if (!json_is_object(j))
		return bad(ld, r->where, "expected an object");
	if (!only_keys(ld, j, r->where, tier ? tier_keys : move_keys))
		return -1;
	v = json_object_get(j, tier ? "grade" : "to");
	snprintf(where, sizeof(where), "%s.%s", r->where, tier ? "grade" : "to");
	if (!json_is_string(v))
		return bad(ld, where, "missing, or not a string");
	name = json_string_value(v);
	if ((r->level = grade_level(g, name, strlen(name))) < 0) {
		snprintf(msg, sizeof(msg), "'%.200s' is not one of the grades", name);
		return bad(ld, where, msg);
	}
	/* A move that can never happen is a mistake in the file. */
	if (!tier) {
		bool up = strcmp(list, "promote") == 0;
		if (r->level == (up ? 0 : (int)g->ngrades - 1)) {
			snprintf(msg, sizeof(msg), "'%.200s' is the %s grade: no one can be %s to it", name,
			    up ? "lowest" : "highest", up ? "promoted" : "demoted");
			return bad(ld, where, msg);
		}
	}
	r->when.window = g->window;
	if ((v = json_object_get(j, "window")) != NULL) {
		snprintf(where, sizeof(where), "%s.window", r->where);
		if (window_load(&ld->jf, v, where, &r->when.window) < 0)
			return -1;
	}
	if ((v = json_object_get(j, "each_month")) != NULL) {
		snprintf(where, sizeof(where), "%s.each_month", r->where);
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 120)
			return bad(ld, where, "expected a number of months from 1 to 120");
		r->when.each_month = (int)json_integer_value(v);
		if (json_object_get(j, "window") != NULL)
			return bad(ld, where, "a rule judged month by month has no window: keep one of the two");
	}
	if ((v = json_object_get(j, "reason")) != NULL) {
		snprintf(where, sizeof(where), "%s.reason", r->where);
		if (!json_is_string(v))
			return bad(ld, where, "expected a sentence (a string)");
		r->reason = xstrdup(json_string_value(v));
		if (!placeholders_known(r->reason, json_object_get(j, "each_month") != NULL, msg, sizeof(msg)))
			return bad(ld, where, msg);
	}
	if ((v = json_object_get(j, "when")) != NULL) {
		snprintf(where, sizeof(where), "%s.when", r->where);
		if (!json_is_string(v))
			return bad(ld, where, "expected an expression (a string)");
		if (measure_parse(&r->when, &ld->jf, where, json_string_value(v), ld->scope) < 0)
			return -1;
		if (expr_result_type(r->when.expr) == X_NUM || expr_result_type(r->when.expr) == X_STR)
			return bad(ld, where, expr_result_type(r->when.expr) == X_NUM ?
			    "expected a condition such as sum(amount) > 100, found a number" :
			    "expected a condition such as city == '北京', found text");
		if (r->when.ncalls > g->maxcalls)
			g->maxcalls = r->when.ncalls;
	} else if (!tier)
		return bad(ld, r->where, "a promote or demote rule needs \"when\"");
	return 0;
}

static int
load_list(struct loader *ld, struct grade_rules *g, json_t *root, const char *list,
    struct grade_rule **out, size_t *n)
{
	json_t *arr = json_object_get(root, list);
	size_t i;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return bad(ld, list, "expected an array of rules");
	*n = json_array_size(arr);
	*out = xcalloc(*n + 1, sizeof(**out));
	for (i = 0; i < *n; i++)
		if (load_rule(ld, g, &(*out)[i], json_array_get(arr, i), list, i) < 0)
			return -1;
	return 0;
}

struct grade_rules *
grade_rules_load(const char *path, const struct expr_scope *scope, struct cust_err *err)
{
	static const char *const top_keys[] = {"grades", "window", "statuses", "tiers", "promote",
	    "demote", "name", "description", "comment", NULL};
	struct loader ld = {{path, err}, scope};
	struct grade_rules *g = xcalloc(1, sizeof(*g));
	json_t *root, *v;
	char msg[256];
	size_t i, k;

	g->path = xstrdup(path);
	g->window.kind = W_ALL;
	g->words.amount = g->words.quantity = g->words.price = -1;
	if ((root = json_load_config(path, err)) == NULL)
		goto fail;
	if (!json_is_object(root)) {
		bad(&ld, "top level", "expected an object with \"grades\" and \"tiers\"");
		goto fail;
	}
	if (!only_keys(&ld, root, "top level", top_keys))
		goto fail;
	v = json_object_get(root, "grades");
	if (!json_is_array(v) || json_array_size(v) == 0) {
		bad(&ld, "grades", "expected a non-empty array of grade names, lowest first");
		goto fail;
	}
	g->ngrades = json_array_size(v);
	g->grades = xcalloc(g->ngrades + 1, sizeof(char *));
	for (i = 0; i < g->ngrades; i++) {
		const char *s = json_string_value(json_array_get(v, i));
		size_t n;
		/* Names are compared trimmed, so they are kept trimmed. */
		if (s != NULL)
			s = trim_space(s, strlen(s), &n);
		if (s == NULL || n == 0) {
			bad(&ld, "grades", "grade names must be non-empty strings");
			goto fail;
		}
		g->grades[i] = xstrndup(s, n);
		s = g->grades[i];
		for (k = 0; k < i && strcmp(g->grades[k], s) != 0; k++)
			;
		if (k < i) {
			snprintf(msg, sizeof(msg), "'%.200s' is listed twice", s);
			bad(&ld, "grades", msg);
			goto fail;
		}
		g->zh = g->zh || has_han(s);
	}
	g->words.zh = g->zh;
	if ((v = json_object_get(root, "window")) != NULL && window_load(&ld.jf, v, "window", &g->window) < 0)
		goto fail;
	if ((v = json_object_get(root, "statuses")) != NULL && statuses_load(&ld.jf, v, &g->statuses) < 0)
		goto fail;
	if (load_list(&ld, g, root, "tiers", &g->tiers, &g->ntiers) < 0 ||
	    load_list(&ld, g, root, "promote", &g->promote, &g->npromote) < 0 ||
	    load_list(&ld, g, root, "demote", &g->demote, &g->ndemote) < 0)
		goto fail;
	if (g->ntiers == 0) {
		bad(&ld, "tiers", "at least one tier is needed");
		goto fail;
	}
	json_decref(root);
	return g;
fail:
	json_decref(root);
	grade_rules_free(g);
	return NULL;
}

int
grade_rules_check(const char *path, struct cust_err *err)
{
	struct grade_rules *g = grade_rules_load(path, &expr_any_columns, err);

	grade_rules_free(g);
	return g ? 0 : -1;
}

static void
free_rules(struct grade_rule *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		measure_free(&r[i].when);
		free(r[i].reason);
	}
	free(r);
}

void
grade_rules_free(struct grade_rules *g)
{
	size_t i;

	if (g == NULL)
		return;
	free_rules(g->tiers, g->ntiers);
	free_rules(g->promote, g->npromote);
	free_rules(g->demote, g->ndemote);
	for (i = 0; i < g->ngrades; i++)
		free(g->grades[i]);
	free(g->grades);
	statuses_free(&g->statuses);
	free(g->path);
	free(g);
}

void
grade_rules_order_columns(const struct grade_rules *g, struct order_columns *oc)
{
	size_t i;

	for (i = 0; i < g->ntiers; i++)
		order_columns_numeric(oc, g->tiers[i].when.expr);
	for (i = 0; i < g->npromote; i++)
		order_columns_numeric(oc, g->promote[i].when.expr);
	for (i = 0; i < g->ndemote; i++)
		order_columns_numeric(oc, g->demote[i].when.expr);
}

void
grade_rules_bind(struct grade_rules *g, struct orderbook *ob, int32_t as_of)
{
	size_t i;

	for (i = 0; i < g->ntiers; i++)
		measure_bind(&g->tiers[i].when, ob, as_of);
	for (i = 0; i < g->npromote; i++)
		measure_bind(&g->promote[i].when, ob, as_of);
	for (i = 0; i < g->ndemote; i++)
		measure_bind(&g->demote[i].when, ob, as_of);
}

struct grade_result
grade_decide(const struct grade_rules *g, const struct orderbook *ob, long cust,
    char *const *row, const size_t *rowlen, int current)
{
	struct grade_result res = {current, GRADE_KEEP, NULL};
	struct xval aggs[64], *a = g->maxcalls <= 64 ? aggs : xcalloc(g->maxcalls, sizeof(*a));
	size_t i;

	if (g->npromote + g->ndemote == 0 || current < 0) {
		res.how = GRADE_NONE;
		res.level = -1;
		for (i = 0; i < g->ntiers; i++)
			if (measure_holds(&g->tiers[i].when, ob, cust, row, rowlen, a)) {
				res.level = g->tiers[i].level;
				res.how = GRADE_TIER;
				res.rule = &g->tiers[i];
				break;
			}
		goto done;
	}
	for (i = 0; i < g->npromote; i++)
		if (g->promote[i].level > current && measure_holds(&g->promote[i].when, ob, cust, row, rowlen, a)) {
			res.level = g->promote[i].level;
			res.how = GRADE_PROMOTE;
			res.rule = &g->promote[i];
			goto done;
		}
	for (i = 0; i < g->ndemote; i++)
		if (g->demote[i].level < current && measure_holds(&g->demote[i].when, ob, cust, row, rowlen, a)) {
			res.level = g->demote[i].level;
			res.how = GRADE_DEMOTE;
			res.rule = &g->demote[i];
			goto done;
		}
done:
	if (a != aggs)
		free(a);
	return res;
}

/* The period a rule looks at, as the sentence needs it: "in the last 12
 * months", "近12个月", "累计" (all orders). */
static void
window_text(const struct grade_rules *g, const struct grade_rule *r, struct strbuf *out)
{
	const struct window *w = &r->when.window;

	if (r->when.each_month == 1)
		sb_adds(out, g->zh ? "上个月" : "in the last calendar month");
	else if (r->when.each_month)
		sb_addf(out, g->zh ? "连续%d个月每月" : "in each of the last %d months", r->when.each_month);
	else if (w->kind == W_ALL)
		sb_adds(out, g->zh ? "累计" : "to date");
	else if (w->kind == W_DAYS)
		sb_addf(out, g->zh ? "近%d天" : (w->n == 1 ? "in the last day" : "in the last %d days"), w->n);
	else if (w->n % 12 == 0 && w->n > 12)
		sb_addf(out, g->zh ? "近%d年" : "in the last %d years", w->n / 12);
	else
		sb_addf(out, g->zh ? "近%d个月" : (w->n == 1 ? "in the last month" : "in the last %d months"), w->n);
}

/* Fill a template's {grade} {from} {to} {when} {expr} {window} {months}:
 * {when} is the condition in words, {expr} as the rules write it. */
static void
expand(const struct grade_rules *g, const char *tpl, const struct grade_result *r, const char *from,
    struct strbuf *out)
{
	const char *p;

	for (p = tpl; *p; p++) {
		if (*p != '{') {
			/* Copy the run up to the next placeholder at once. */
			const char *q = strchr(p, '{');
			size_t n = q ? (size_t)(q - p) : strlen(p);
			sb_add(out, p, n);
			p += n - 1;
			continue;
		}
		if (strncmp(p, "{grade}", 7) == 0 || strncmp(p, "{to}", 4) == 0) {
			sb_adds(out, r->level >= 0 ? g->grades[r->level] : "");
			p += p[1] == 'g' ? 6 : 3;
		} else if (strncmp(p, "{from}", 6) == 0) {
			sb_adds(out, from ? from : (g->zh ? "无等级" : "none"));
			p += 5;
		} else if (strncmp(p, "{when}", 6) == 0) {
			if (r->rule && r->rule->when.expr)
				expr_describe(r->rule->when.expr, &g->words, out);
			p += 5;
		} else if (strncmp(p, "{expr}", 6) == 0) {
			sb_adds(out, r->rule && r->rule->when.src ? r->rule->when.src : "");
			p += 5;
		} else if (strncmp(p, "{window}", 8) == 0) {
			if (r->rule)
				window_text(g, r->rule, out);
			p += 7;
		} else if (strncmp(p, "{months}", 8) == 0) {
			sb_addf(out, "%d", r->rule ? r->rule->when.each_month : 0);
			p += 7;
		} else
			sb_addc(out, *p);
	}
}

/* The sentence for r, from the grade named from (NULL: none). */
static void
write_reason(const struct grade_rules *g, const struct grade_result *r, const char *from,
    struct strbuf *out)
{
	const char *tpl;
	bool period;

	sb_reset(out);
	if (r->rule == NULL) {
		if (r->level < 0)
			sb_adds(out, g->zh ? "没有符合任何等级的条件" : "No grade's conditions are met");
		return;
	}
	if (r->rule->reason) {
		expand(g, r->rule->reason, r, from, out);
		return;
	}
	/* A condition on the customer's own columns covers no period. */
	period = r->rule->when.ncalls > 0;
	switch (r->how) {
	case GRADE_PROMOTE:
		tpl = g->zh ? (period ? "{window}{when}，由{from}升级为{to}" : "{when}，由{from}升级为{to}") :
		    (period ? "Promoted from {from} to {to}: {when} {window}" : "Promoted from {from} to {to}: {when}");
		break;
	case GRADE_DEMOTE:
		tpl = g->zh ? (period ? "{window}{when}，由{from}调整为{to}" : "{when}，由{from}调整为{to}") :
		    (period ? "Moved from {from} to {to}: {when} {window}" : "Moved from {from} to {to}: {when}");
		break;
	default:
		if (r->rule->when.expr == NULL)
			tpl = g->zh ? "未达到更高等级的条件，等级为{grade}" :
			    "Graded {grade}: the conditions of the higher grades are not met";
		else
			tpl = g->zh ? (period ? "{window}{when}，等级为{grade}" : "{when}，等级为{grade}") :
			    (period ? "Graded {grade}: {when} {window}" : "Graded {grade}: {when}");
	}
	expand(g, tpl, r, from, out);
}

void
grade_reason(const struct grade_rules *g, const struct grade_result *r, int from, struct strbuf *out)
{
	write_reason(g, r, from >= 0 ? g->grades[from] : NULL, out);
}

/* grade_reason, from the memo when it was written before; a starting
 * grade that is none of the grades (was) is named, and not memoised. */
static void
reason_of(const struct grade_rules *g, const struct grade_result *r, int from, const char *was,
    struct graded *out)
{
	struct reason_memo *m;
	size_t i;

	if (was != NULL) {
		write_reason(g, r, was, &out->scratch);
		out->reason.s = out->scratch.s;
		out->reason.len = out->scratch.len;
		return;
	}
	for (i = 0; i < REASON_MEMOS; i++) {
		m = &out->memo[i];
		if (m->used && m->g == g && m->rule == r->rule && m->how == (int)r->how &&
		    m->level == r->level && m->from == from)
			goto found;
	}
	m = &out->memo[out->next_memo++ % REASON_MEMOS];
	write_reason(g, r, from >= 0 ? g->grades[from] : NULL, &m->text);
	m->used = true;
	m->g = g;
	m->rule = r->rule;
	m->how = (int)r->how;
	m->level = r->level;
	m->from = from;
found:
	out->reason.s = m->text.s ? m->text.s : "";
	out->reason.len = m->text.len;
}

void
graded_free(struct graded *gr)
{
	size_t i;

	for (i = 0; i < REASON_MEMOS; i++)
		sb_free(&gr->memo[i].text);
	sb_free(&gr->scratch);
}

static bool
field_is(char *const *row, const size_t *rowlen, long col, const char *s)
{
	return col >= 0 && row && rowlen[col] == strlen(s) && memcmp(row[col], s, rowlen[col]) == 0;
}

static void
set(struct text *t, const char *s, size_t n)
{
	t->s = s ? s : "";
	t->len = s ? n : 0;
}

static void
set_col(struct text *t, char *const *row, const size_t *rowlen, long col)
{
	if (col >= 0 && row)
		set(t, row[col], rowlen[col]);
	else
		set(t, "", 0);
}

void
grade_customer(const struct grade_rules *g, struct orderbook *ob, struct history *h,
    int32_t as_of, const char *id, size_t idlen, long cust, char *const *row, const size_t *rowlen,
    const struct grade_columns *gc, struct graded *out)
{
	const char *today = out->today;
	const struct history_entry *e = h == NULL ? NULL : gc->merged >= 0 && row ?
	    history_base_merged(h, id, idlen, row[gc->merged], rowlen[gc->merged]) :
	    history_base(h, id, idlen);
	struct grade_result res;
	int base = -1;
	const char *was = NULL;     /* a starting grade that is not one of the grades */
	size_t waslen = 0;

	if (!out->today_set || out->today_of != as_of) {
		date_format(date_from_days(as_of), out->today);
		out->today_of = as_of;
		out->today_set = true;
	}
	orderbook_mark(ob, cust);
	set(&out->prev, "", 0);
	set(&out->updated, "", 0);
	set(&out->reason, "", 0);
	if (gc->grade >= 0 && row && rowlen[gc->grade] > 0 && field_is(row, rowlen, gc->updated, today)) {
		/* This record was graded on this very date: grade it again from
		 * where it was before, so that a re-run changes nothing. */
		if (gc->prev >= 0 && (base = grade_level(g, row[gc->prev], rowlen[gc->prev])) < 0 &&
		    rowlen[gc->prev] > 0) {
			was = row[gc->prev];
			waslen = rowlen[gc->prev];
		}
		if (e) {
			set(&out->prev, e->from, strlen(e->from));
			set(&out->updated, e->date, strlen(e->date));
			set(&out->reason, e->reason, strlen(e->reason));
		}
	} else if (gc->grade >= 0 && row && rowlen[gc->grade] > 0) {
		if ((base = grade_level(g, row[gc->grade], rowlen[gc->grade])) < 0) {
			was = row[gc->grade];
			waslen = rowlen[gc->grade];
		}
		set_col(&out->prev, row, rowlen, gc->prev);
		set_col(&out->updated, row, rowlen, gc->updated);
		set_col(&out->reason, row, rowlen, gc->reason);
	} else if (e) {
		if ((base = grade_level(g, e->to, strlen(e->to))) < 0 && *e->to) {
			was = e->to;
			waslen = strlen(e->to);
		}
		set(&out->prev, e->from, strlen(e->from));
		set(&out->updated, e->date, strlen(e->date));
		set(&out->reason, e->reason, strlen(e->reason));
	}
	out->unknown_grade = was != NULL;
	res = grade_decide(g, ob, cust, row, rowlen, base);
	out->changed = res.level != base || was != NULL;
	if (!out->changed) {
		set(&out->grade, base >= 0 ? g->grades[base] : "", base >= 0 ? strlen(g->grades[base]) : 0);
		return;
	}
	set(&out->grade, res.level >= 0 ? g->grades[res.level] : "",
	    res.level >= 0 ? strlen(g->grades[res.level]) : 0);
	if (was != NULL)
		set(&out->prev, was, waslen);
	else
		set(&out->prev, base >= 0 ? g->grades[base] : "", base >= 0 ? strlen(g->grades[base]) : 0);
	set(&out->updated, today, strlen(today));
	reason_of(g, &res, base, was, out);
	if (h && !history_has_today(h, id, idlen, out->grade.s))
		history_add(h, id, idlen, today, out->prev.s, out->grade.s, out->reason.s);
}

void
grade_columns_find(const struct header *h, const struct roles *roles, bool grade_named, long merged,
    const char *names[4], struct grade_columns *gc)
{
	static const char *const ours[] = {"grade", "grade_prev", "grade_updated", "grade_reason"};
	size_t i;

	for (i = 0; i < 4; i++)
		names[i] = ours[i];
	if (roles->col[ROLE_GRADE] >= 0 && (header_find(h, names[0]) < 0 || grade_named))
		names[0] = h->names[roles->col[ROLE_GRADE]];
	gc->grade = header_find(h, names[0]);
	gc->prev = header_find(h, names[1]);
	gc->updated = header_find(h, names[2]);
	gc->reason = header_find(h, names[3]);
	gc->merged = merged;
}

int
grade_orders_check(const char *orders, const struct order_stats *st, const struct orderbook *ob,
    int32_t as_of, bool allow_empty, struct cust_err *err)
{
	static const char allow[] = "; --allow-empty grades without them";
	char day[16];

	if (st->read == 0 && (ob == NULL || !allow_empty))
		return cust_fail(err, CUST_FINDINGS, "%s: no orders (an empty export?): nothing graded or written%s",
		    orders, allow_empty ? "" : allow);
	if (ob == NULL && st->read == 1)
		return cust_fail(err, CUST_FINDINGS, "%s: the one record is no order: nothing graded or written",
		    orders);
	if (ob == NULL)
		return cust_fail(err, CUST_FINDINGS, "%s: none of the %llu records is an order: nothing graded "
		    "or written", orders, st->read);
	if (allow_empty || orderbook_nslots(ob) == 0 || orderbook_in_period(ob) > 0)
		return 0;
	date_format(date_from_days(as_of), day);
	if (st->read == 1)
		return cust_fail(err, CUST_FINDINGS, "%s: the one order does not fall in the periods the rules "
		    "look at (as of %s): nothing graded or written%s", orders, day, allow);
	return cust_fail(err, CUST_FINDINGS, "%s: none of the %llu orders falls in the periods the rules look "
	    "at (as of %s): nothing graded or written%s", orders, st->read, day, allow);
}

bool
grade_limit_parse(struct grade_limit *l, const char *arg)
{
	size_t digits = strspn(arg, "0123456789");
	char *end;
	double v;

	l->text = arg;
	l->count = l->percent = -1;
	if (digits > 0 && digits <= 15 && arg[digits] == '\0') {
		l->count = strtod(arg, NULL);
		return true;
	}
	v = strtod(arg, &end);
	if (digits > 0 && strcmp(end, "%") == 0 && v <= 100) {
		l->percent = v;
		return true;
	}
	return false;
}

bool
grade_limit_exceeded(const struct grade_limit *l, unsigned long long changed, unsigned long long total)
{
	double limit = l->count >= 0 ? l->count : l->percent / 100 * (double)total;

	return l->text != NULL && (double)changed > limit;
}
