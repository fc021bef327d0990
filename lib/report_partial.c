/* report_partial.c — cust-report's partial states.  See report_partial.h. */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "jsonpull.h"
#include "jsonw.h"
#include "outfile.h"
#include "report_partial.h"
#include "value.h"

static json_t *
string_list(char *const *v, size_t n)
{
	json_t *l = json_array();
	size_t i;

	for (i = 0; i < n; i++)
		json_array_append_new(l, json_string(v[i]));
	return l;
}

static json_t *
json_day(int32_t day)
{
	char buf[16];

	date_format(date_from_days(day), buf);
	return json_string(buf);
}

json_t *
report_definition(const struct report_def *o)
{
	static const char *const periods[] = {"", "week", "month", "quarter"};
	json_t *d = json_pack("{s:s,s:o,s:b,s:b,s:b}", "--by", o->by ? o->by : "", "--metric",
	    string_list(o->metrics, o->nmetrics), "--orders", o->orders, "--orders-only",
	    o->orders_only, "--quality", o->quality);

	/* Which column is the amount, the date, the id changes results too. */
	if (o->ncols)
		json_object_set_new(d, "--col", string_list(o->cols, o->ncols));
	if (o->norder_cols)
		json_object_set_new(d, "--order-col", string_list(o->order_cols, o->norder_cols));
	if (o->orders || o->history)
		json_object_set_new(d, "--as-of", json_day(o->as_of));
	if (o->trend != TREND_NONE)
		json_object_set_new(d, "--trend", json_string(periods[o->trend]));
	if (o->amount)
		json_object_set_new(d, "--amount", json_string(o->amount));
	if (o->risk)
		json_object_update_new(d, json_pack("{s:b,s:f,s:I,s:f,s:f,s:i}", "--risk", 1, "--risk-cancel",
		    o->ko.cancel, "--risk-min-orders", (json_int_t)o->ko.min_orders, "--risk-top", o->ko.top,
		    "--risk-quiet", o->ko.quiet, "--risk-quiet-days", o->ko.quiet_days));
	if (o->history)
		json_object_update_new(d, json_pack("{s:b,s:o,s:o}", "--history", 1, "--since",
		    o->since == INT32_MIN ? json_null() : json_day(o->since), "--rules",
		    string_list(o->grades, o->ngrades)));
	return d;
}

/* Written as it is walked: the largest part, every value of an exact
 * median, streams from the report's own arrays to the file. */
int
report_partial_write(const char *path, const struct report_def *d, const struct report_parts *p,
    struct cust_err *err)
{
	json_t *def = report_definition(d), *money = json_array();
	struct outfile out;
	struct jw w;
	size_t i;
	int rc = 0;

	/* Which metrics are money follows from the headers' roles, which a
	 * merge does not see: the state says, as it says the language. */
	for (i = 0; i < report_nmetrics(p->rep); i++)
		if (report_metric(p->rep, i)->money)
			json_array_append_new(money, json_integer((json_int_t)i));
	err->msg[0] = '\0';
	if (outfile_open(&out, path, false, err) < 0) {
		json_decref(def);
		json_decref(money);
		return -1;
	}
	/* The definition and what heads the report come before the state,
	 * so that a merge knows the report before its data streams in. */
	jw_init(&w, out.fp, 4);
	jw_object(&w);
	jw_key(&w, "cust-report-partial");
	jw_int(&w, REPORT_PARTIAL_VERSION);
	jw_key(&w, "definition");
	jw_json(&w, def);
	jw_key(&w, "lang");
	jw_str(&w, p->zh ? "zh" : "en");
	jw_key(&w, "money");
	jw_json(&w, money);
	/* The groups' headers are the data's (--by city heads 城市): the
	 * merged report heads them the same, though the definition is the
	 * --by text. */
	if (p->byheads) {
		jw_key(&w, "by");
		jw_json(&w, p->byheads);
	}
	jw_key(&w, "state");
	report_partial(p->rep, p->ob, &w);
	if (p->risk) {
		jw_key(&w, "risk");
		risk_partial(p->risk, p->ob, &w);
	}
	if (p->hist) {
		jw_key(&w, "history");
		migration_partial(p->hist, &w);
	}
	jw_end(&w);
	fputc('\n', out.fp);
	/* A write that failed on the way left the stream's error set: the
	 * commit reports it, and the file is not renamed into place. */
	if (outfile_commit(&out, err) < 0) {
		outfile_abort(&out);
		if (err->msg[0] == '\0')
			cust_fail(err, CUST_OUTPUT, "%s: write error", path);
		rc = -1;
	}
	json_decref(def);
	json_decref(money);
	return rc;
}

static int32_t
def_day(json_t *def, const char *key)
{
	const char *s = json_string_value(json_object_get(def, key));
	struct date d;
	const char *why;

	return s && date_parse(s, strlen(s), &d, &why) == VALUE_OK ? date_to_days(d) : INT32_MIN;
}

/* The risk's settings as a definition has them, in the ranges their
 * options take (cust-report's parse_risk): a damaged state's would
 * rank by nonsense. */
static int
risk_settings(json_t *def, const char *path, struct risk_opts *ko, struct cust_err *err)
{
	static const struct {
		const char *opt;
		double lo, hi;
		bool open, whole;
	} r[] = {
		{"--risk-cancel", 0, 1, false, false}, {"--risk-min-orders", 1, 1e6, false, true},
		{"--risk-top", 0, 1, true, false}, {"--risk-quiet", 0, 1000, true, false},
		{"--risk-quiet-days", 0, 36500, false, true},
	};
	double v[ARRAY_LEN(r)];
	size_t i;

	for (i = 0; i < ARRAY_LEN(r); i++) {
		json_t *j = json_object_get(def, r[i].opt);
		v[i] = json_number_value(j);
		if (!json_is_number(j) || !(r[i].open ? v[i] > r[i].lo : v[i] >= r[i].lo) || !(v[i] <= r[i].hi) ||
		    (r[i].whole && v[i] != (double)(long)v[i]))
			return cust_fail(err, CUST_INPUT, "%s: definition: %s: not a setting cust-report takes", path,
			    r[i].opt);
	}
	ko->cancel = v[0];
	ko->min_orders = (unsigned)v[1];
	ko->top = v[2];
	ko->quiet = v[3];
	ko->quiet_days = (int)v[4];
	return 0;
}

/* A merged report is defined as its partials say: the groups and
 * metrics, and the trend, risk and history with their settings. */
static int
define_merged(struct report_merged *m, json_t *head, const char *path, int lang, struct cust_err *err)
{
	struct expr_scope any = {expr_any_columns.row, NULL, NULL, NULL};
	json_t *v, *def = json_object_get(head, "definition"), *heads = json_object_get(head, "by");
	const char *by = json_string_value(json_object_get(def, "--by")), *trend;
	const char *lg = json_string_value(json_object_get(head, "lang"));
	char *list = xstrdup(by ? by : ""), *names[2], *tok, *save = NULL;
	long cols[2] = {0, 1};
	size_t i, n = 0;

	json_array_foreach(json_object_get(def, "--metric"), i, v)
		if (report_add_metric(m->p.rep, json_string_value(v) ? json_string_value(v) : "", &any, err) < 0) {
			free(list);
			return -1;
		}
	json_array_foreach(json_object_get(head, "money"), i, v)
		if (json_integer_value(v) >= 0 && (size_t)json_integer_value(v) < report_nmetrics(m->p.rep))
			report_set_money(m->p.rep, (size_t)json_integer_value(v));
	for (tok = strtok_r(list, ",", &save); tok && n < 2; tok = strtok_r(NULL, ",", &save))
		names[n++] = tok;
	/* Headed as the parts' data (--by city: 城市); a state without the
	 * headers, by the --by text. */
	m->p.byheads = json_array();
	for (i = 0; i < n; i++) {
		const char *h = json_string_value(json_array_get(heads, i));
		names[i] = h && json_array_size(heads) == n ? (char *)h : names[i];
		json_array_append_new(m->p.byheads, json_string(names[i]));
	}
	report_group_by(m->p.rep, cols, names, n);
	free(list);
	m->p.zh = lang >= 0 ? lang == 1 : lg && strcmp(lg, "zh") == 0;
	/* The page's subtitle says what the whole run's would. */
	m->by = by && *by ? by : NULL;
	m->orders = json_is_true(json_object_get(def, "--orders"));
	m->as_of = def_day(def, "--as-of");
	if ((trend = json_string_value(json_object_get(def, "--trend"))) != NULL)
		report_trend(m->p.rep, strcmp(trend, "week") == 0 ? TREND_WEEK : strcmp(trend, "quarter") == 0 ?
		    TREND_QUARTER : TREND_MONTH, NULL);
	if (json_is_true(json_object_get(def, "--risk"))) {
		struct risk_opts ko = {.as_of = m->as_of, .zh = m->p.zh};
		if (risk_settings(def, path, &ko, err) < 0)
			return -1;
		m->p.risk = risk_new(&ko, -1, -1, NULL);
	}
	if (json_is_true(json_object_get(def, "--history"))) {
		json_t *g = json_object_get(def, "--rules");
		char **grades = xcalloc(json_array_size(g) + 1, sizeof(char *));
		json_array_foreach(g, i, v)
			grades[i] = (char *)json_string_value(v);
		m->p.hist = migration_new(grades, json_array_size(g), def_day(def, "--since"), m->as_of + 1);
		free(grades);
	}
	return 0;
}

/* The options whose settings differ between two definitions, for the
 * refusal to say. */
static void
differences(json_t *a, json_t *b, struct strbuf *sb)
{
	const char *key;
	json_t *v;
	size_t n = 0;

	json_object_foreach(a, key, v)
		if (!json_equal(v, json_object_get(b, key)))
			sb_addf(sb, "%s%s", n++ ? ", " : "", key);
	json_object_foreach(b, key, v)
		if (json_object_get(a, key) == NULL)
			sb_addf(sb, "%s%s", n++ ? ", " : "", key);
	sb_adds(sb, n == 1 ? " differs" : " differ");
}

/* A state given twice (by two names, or a link) would count twice:
 * nothing in it can tell, so its file is what is compared. */
static int
refuse_twice(char *const *paths, size_t n, struct cust_err *err)
{
	struct stat a, b;
	size_t k, j;

	for (k = 1; k < n; k++) {
		if (stat(paths[k], &a) < 0)
			continue;
		for (j = 0; j < k; j++)
			if (stat(paths[j], &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
				return cust_fail(err, CUST_USAGE, "%s: the same file as %s: a partial state merged "
				    "twice would count twice", paths[k], paths[j]);
	}
	return 0;
}

/* The members before the state: the first file's define the report,
 * the others' must define the same. */
static int
define_or_compare(struct report_merged *m, json_t *head, const char *path, const char *first, int lang,
    struct cust_err *err)
{
	json_t *def = json_object_get(head, "definition");
	struct strbuf sb = STRBUF_INIT;

	if (!json_is_object(def))
		return cust_fail(err, CUST_INPUT, "%s: not a partial state of cust-report (--partial FILE writes "
		    "them)", path);
	if (m->first == NULL) {
		m->first = json_incref(head);
		return define_merged(m, head, path, lang, err);
	}
	if (json_equal(json_object_get(m->first, "definition"), def))
		return 0;
	differences(json_object_get(m->first, "definition"), def, &sb);
	cust_fail(err, CUST_USAGE, "%s: a partial state of another report than %s (%s): not merged", path, first,
	    sb_str(&sb));
	sb_free(&sb);
	return -1;
}

/* The top of a state, up to its version: anything else is refused as
 * no state at all, a state of another format as such. */
static int
read_version(struct jpull *p, const char *path, struct cust_err *err)
{
	const char *key;
	int64_t version;

	if (jp_peek(p) != JP_OBJECT || !jp_object(p) || !jp_key(p, &key) || strcmp(key, "cust-report-partial") != 0 ||
	    !jp_int(p, &version))
		return cust_fail(err, CUST_INPUT, "%s: not a partial state of cust-report (--partial FILE writes "
		    "them)", path);
	if (version != REPORT_PARTIAL_VERSION)
		return cust_fail(err, CUST_INPUT, "%s: a partial state of another version of cust-report (format %"
		    PRId64 ", this one reads %d): write it again", path, version, REPORT_PARTIAL_VERSION);
	return 0;
}

/* One state streamed into m: its head (definition, language, money,
 * groups' headers) read whole, as it is small; the state, the risk and
 * the history merged as they come, never held. */
static int
merge_one(struct report_merged *m, const char *path, const char *first, int lang, struct header *qh,
    struct cust_err *err)
{
	struct jpull *p = jp_open(path, err);
	json_t *head = json_object(), *v;
	const char *key;
	bool stated = false;
	int rc = -1;

	if (p == NULL || read_version(p, path, err) < 0)
		goto out;
	while (jp_key(p, &key)) {
		if (!stated && strcmp(key, "state") != 0) {
			/* The key is the reader's until its next, one inside v too. */
			char *k = xstrdup(key);
			if ((v = jp_value(p)) != NULL)
				json_object_set_new(head, k, v);
			free(k);
		} else if (strcmp(key, "state") == 0) {
			if (stated)
				jp_fail(p, "the key 'state' twice");
			else if (define_or_compare(m, head, path, first, lang, err) < 0)
				goto out;
			stated = true;
			report_merge(m->p.rep, p, qh);
		} else if (strcmp(key, "risk") == 0 && m->p.risk)
			risk_merge(m->p.risk, p);
		else if (strcmp(key, "history") == 0 && m->p.hist)
			migration_merge(m->p.hist, p);
		else
			jp_fail(p, "%.100s: not of this report's definition", key);
	}
	if (jp_done(p) && !stated)
		jp_fail(p, "no state: not a whole partial state");
	rc = jp_ok(p) ? 0 : -1;
out:
	json_decref(head);
	jp_close(p);
	return rc;
}

int
report_merge_partials(struct report_merged *m, char *const *paths, size_t n, int lang, struct header *qh,
    struct cust_err *err)
{
	size_t k;

	if (refuse_twice(paths, n, err) < 0)
		return -1;
	m->p.rep = report_new();
	for (k = 0; k < n; k++)
		if (merge_one(m, paths[k], paths[0], lang, qh, err) < 0)
			return -1;
	/* Orders whose customers were in another part's table. */
	report_settle(m->p.rep);
	/* As a whole run: the migration, then the risk. */
	if (m->p.hist)
		migration_tables(m->p.hist, m->p.rep);
	if (m->p.risk)
		risk_table(m->p.risk, m->p.rep, NULL);
	return 0;
}

void
report_merged_free(struct report_merged *m)
{
	json_decref(m->first);
	json_decref(m->p.byheads);
	migration_free(m->p.hist);
	risk_free(m->p.risk);
	report_free(m->p.rep);
	memset(m, 0, sizeof(*m));
}
