/* Unit tests for schema.c, check.c and infer.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "check.h"
#include "infer.h"
#include "schema.h"
#include "testutil.h"

/* Load a schema from text; returns NULL and fills err on failure. */
static struct schema *
load(const char *json, struct cust_err *err)
{
	char *path = tmpfile_with(json, strlen(json));
	struct schema *s = schema_load(path, err);

	if (s == NULL) {
		/* Messages start with the temporary path: drop it. */
		char *colon = strstr(err->msg, path);
		if (colon)
			memmove(err->msg, colon + strlen(path), strlen(colon + strlen(path)) + 1);
	}
	unlink(path);
	free(path);
	return s;
}

#define LOAD_FAILS(json, want) do { \
	struct cust_err e_; \
	assert_null(load(json, &e_)); \
	assert_int_equal(e_.status, CUST_USAGE); \
	assert_string_equal(e_.msg, want); \
} while (0)

static void
test_schema_errors(void **state)
{
	(void)state;
	LOAD_FAILS("{\"fields\": [", ":1:12: ']' expected near end of file");
	LOAD_FAILS("[]", ": top level: expected an object with a \"fields\" array");
	LOAD_FAILS("{\"fields\": [{\"type\": \"string\"}]}", ": fields[0]: \"name\" is missing or not a string");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"type\": \"phon\"}]}",
	    ": fields[0] (a): unknown type 'phon' (types: string, integer, number, boolean, date, "
	    "time, datetime, year, yearmonth, duration, geopoint, geojson, object, array, list, any, "
	    "money, phone)");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"requird\": true}}]}",
	    ": fields[0] (a).constraints.requird: unknown constraint 'requird'");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"type\": \"money\", \"constraints\": {\"minimum\": \"x\"}}]}",
	    ": fields[0] (a).constraints.minimum: not a value of the field's type: x (as money)");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"pattern\": \"(\"}}]}",
	    ": fields[0] (a).constraints.pattern: bad regular expression: missing closing parenthesis");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\"}], \"primaryKey\": \"b\"}",
	    ": primaryKey: 'b' is not one of the fields");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"constraints\": {\"minimum\": 1}}]}",
	    ": fields[0] (a).constraints.minimum: minimum does not apply to string fields");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"type\": \"date\", \"constraints\": {\"pattern\": \"1\"}}]}",
	    ": fields[0] (a).constraints.pattern: pattern does not apply to date fields");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"decimalChar\": \",\"}]}",
	    ": fields[0] (a).decimalChar: decimalChar applies to number fields, not string");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"titel\": \"A\"}]}",
	    ": fields[0] (a).titel: 'titel' is not a field property custkit implements");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\"}], \"primaryKeys\": [\"a\"]}",
	    ": primaryKeys: 'primaryKeys' is not a schema property custkit implements");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}",
	    ": fields[1]: a second field named 'a'");
	LOAD_FAILS("{\"fields\": [{\"name\": \"a\", \"type\": \"integer\", \"constraints\": {\"enum\": [\"x\"]}}]}",
	    ": fields[0] (a).constraints.enum: not a value of the field's type: x (as integer)");
}

static const char schema_text[] =
    "{\"fields\": ["
    " {\"name\": \"id\", \"constraints\": {\"required\": true, \"unique\": true, \"pattern\": \"C\\\\d{3}\"}},"
    " {\"name\": \"phone\", \"type\": \"phone\"},"
    " {\"name\": \"email\", \"format\": \"email\"},"
    " {\"name\": \"born\", \"type\": \"date\", \"format\": \"any\", \"constraints\": {\"minimum\": \"1900-01-01\"}},"
    " {\"name\": \"spend\", \"type\": \"money\", \"constraints\": {\"minimum\": 0, \"maximum\": 1000}},"
    " {\"name\": \"tier\", \"constraints\": {\"enum\": [\"A\", \"B\"]}},"
    " {\"name\": \"n\", \"type\": \"integer\", \"constraints\": {\"maximum\": 10}}"
    "], \"missingValues\": [\"\", \"无\"]}";

struct fixture {
	struct schema *s;
	struct header h;
	struct checker *c;
};

static char *colnames[] = {"id", "phone", "email", "born", "spend", "tier", "n", "extra"};

static void
setup(struct fixture *fx, bool fix)
{
	struct cust_err err;

	fx->s = load(schema_text, &err);
	assert_non_null(fx->s);
	fx->h.n = 8;
	fx->h.names = colnames;
	assert_int_equal(schema_bind(fx->s, &fx->h, &err), 0);
	fx->c = checker_new(fx->s, &fx->h, NULL, fix);
}

static void
teardown(struct fixture *fx)
{
	checker_free(fx->c);
	schema_free(fx->s);
}

/* Run one record given as 8 strings; return the error text and the values
 * after fixing joined with '|'. */
static size_t
run(struct fixture *fx, char **vals, long line, struct strbuf *out)
{
	size_t lens[8], i, n;
	struct record rec = {8, vals, lens, "t.csv", line, NULL};
	char **fixed;
	size_t *flen;
	const char *errors;

	for (i = 0; i < 8; i++)
		lens[i] = strlen(vals[i]);
	n = checker_run(fx->c, &rec, &fixed, &flen, &errors);
	sb_reset(out);
	for (i = 0; i < 8; i++)
		sb_addf(out, "%s%.*s", i ? "|" : "", (int)flen[i], fixed[i]);
	sb_addf(out, " => %s", errors);
	return n;
}

static void
test_check_valid_and_fixed(void **state)
{
	struct fixture fx;
	struct strbuf out = STRBUF_INIT;
	char *good[] = {"C001", "+86 138 1234 5678", " Ann@Example.COM ", "1985年3月12日", "¥1,000.00", "A", "7", " x "};
	char *blank[] = {"C002", "", "无", "", "", "", "", ""};

	(void)state;
	setup(&fx, true);
	assert_int_equal(run(&fx, good, 2, &out), 0);
	assert_string_equal(out.s, "C001|13812345678|ann@example.com|1985-03-12|1000.00|A|7|x => ");
	assert_int_equal(run(&fx, blank, 3, &out), 0);
	assert_int_equal(checker_fixes(fx.c)[1], 1);
	assert_int_equal(checker_fixes(fx.c)[7], 1);
	teardown(&fx);
	/* Without --fix the values are left alone but still valid. */
	setup(&fx, false);
	assert_int_equal(run(&fx, good, 2, &out), 0);
	assert_string_equal(out.s, "C001|+86 138 1234 5678| Ann@Example.COM |1985年3月12日|¥1,000.00|A|7| x  => ");
	teardown(&fx);
	sb_free(&out);
}

static void
test_check_errors(void **state)
{
	struct fixture fx;
	struct strbuf out = STRBUF_INIT;
	char *first[] = {"C001", "", "", "", "", "", "", ""};
	char *bad[] = {"C001", "12", "a@", "1899-12-31", "-1", "C", "11", ""};
	char *worse[] = {"X1", "", "", "2024-02-30", "1001", "", "x", ""};
	char *missing[] = {"", "", "", "", "", "", "", ""};

	(void)state;
	setup(&fx, false);
	assert_int_equal(run(&fx, first, 2, &out), 0);
	assert_int_equal(run(&fx, bad, 3, &out), 7);
	assert_non_null(strstr(out.s, "id: duplicate value \"C001\" (first on line 2)"));
	assert_non_null(strstr(out.s, "phone: not a valid phone number"));
	assert_non_null(strstr(out.s, "email: not a valid e-mail address"));
	assert_non_null(strstr(out.s, "born: \"1899-12-31\" is below the minimum 1900-01-01"));
	assert_non_null(strstr(out.s, "spend: \"-1\" is below the minimum 0.00"));
	assert_non_null(strstr(out.s, "tier: \"C\" is not one of the allowed values"));
	assert_non_null(strstr(out.s, "n: \"11\" is above the maximum 10"));
	assert_int_equal(run(&fx, worse, 4, &out), 4);
	assert_non_null(strstr(out.s, "id: \"X1\" does not match the pattern C\\d{3}"));
	assert_non_null(strstr(out.s, "born: not a valid date"));
	assert_non_null(strstr(out.s, "spend: \"1001\" is above the maximum 1000.00"));
	assert_non_null(strstr(out.s, "n: not a valid integer"));
	assert_int_equal(run(&fx, missing, 5, &out), 1);
	assert_string_equal(out.s, "||||||| => id: required value is missing");
	assert_int_equal(checker_errors(fx.c)[0], 3);
	teardown(&fx);
	sb_free(&out);
}

static void
test_bind_missing_column(void **state)
{
	struct cust_err err;
	struct schema *s = load(schema_text, &err);
	char *names[] = {"id", "phone"};
	struct header h = {2, names};

	(void)state;
	assert_non_null(s);
	assert_int_equal(schema_bind(s, &h, &err), -1);
	assert_int_equal(err.status, CUST_INPUT);
	assert_non_null(strstr(err.msg, "the input has no column 'email', 'born', 'spend', 'tier', 'n' named in"));
	schema_free(s);
}

static void
test_infer(void **state)
{
	char *names[] = {"customer_id", "手机", "email", "birth_date", "amount", "gender", "note"};
	struct header h = {7, names};
	struct roles roles;
	struct cust_err err;
	struct inferrer *in;
	char *vals[7], id[16], phone[16], *text;
	size_t lens[7], i, k;
	struct record rec = {7, vals, lens, "t", 1, NULL};
	struct schema *s;

	(void)state;
	assert_int_equal(roles_find(&roles, &h, NULL, 0, "--col", &err), 0);
	in = infer_new(&h, &roles);
	for (i = 0; i < 40; i++) {
		snprintf(id, sizeof(id), "C%03zu", i);
		snprintf(phone, sizeof(phone), "138%08zu", i);
		vals[0] = id;
		vals[1] = phone;
		vals[2] = "a@b.com";
		vals[3] = "1990-01-02";
		vals[4] = "¥12.50";
		vals[5] = i % 2 ? "男" : "女";
		vals[6] = i % 3 ? "text" : "";
		for (k = 0; k < 7; k++)
			lens[k] = strlen(vals[k]);
		infer_add(in, &rec);
	}
	text = infer_result(in);
	assert_non_null(strstr(text, "\"name\": \"customer_id\",\n      \"type\": \"string\",\n      \"constraints\": {\n        \"required\": true,\n        \"unique\": true"));
	assert_non_null(strstr(text, "\"type\": \"phone\""));
	assert_non_null(strstr(text, "\"format\": \"email\""));
	assert_non_null(strstr(text, "\"type\": \"date\""));
	assert_non_null(strstr(text, "\"type\": \"money\""));
	assert_non_null(strstr(text, "\"enum\": [\n          \"女\",\n          \"男\"\n        ]"));
	assert_non_null(strstr(text, "\"description\": \"enum inferred: 2 values in 40 records, each seen "
	    "at least 20 times; add any allowed value the data did not show\""));
	assert_non_null(strstr(text, "\"primaryKey\": \"customer_id\""));
	/* The draft loads back as a schema. */
	{
		char *path = tmpfile_with(text, strlen(text));
		s = schema_load(path, &err);
		assert_non_null(s);
		assert_int_equal(s->nfields, 7);
		assert_int_equal(s->fields[4].spec.type, FT_MONEY);
		schema_free(s);
		unlink(path);
		free(path);
	}
	free(text);
	infer_free(in);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_schema_errors),
		cmocka_unit_test(test_check_valid_and_fixed),
		cmocka_unit_test(test_check_errors),
		cmocka_unit_test(test_bind_missing_column),
		cmocka_unit_test(test_infer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
