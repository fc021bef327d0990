/* expr.c — the expression language; see expr.h.
 *
 * Grammar (lowest precedence first):
 *   expr    = or
 *   or      = and { "||" and }
 *   and     = not { "&&" not }
 *   not     = "!" not | cmp
 *   cmp     = add [ ("==" | "=" | "!=" | "<" | "<=" | ">" | ">=") add ]
 *   add     = mul { ("+" | "-") mul }
 *   mul     = unary { ("*" | "/") unary }
 *   unary   = "-" unary | primary
 *   primary = number | string | true | false | null | name
 *           | name "(" [ expr { "," expr } ] ")" | "(" expr ")"
 *   name    = letters, digits, '_' and any non-ASCII characters (so that
 *             金额 needs no quotes), or `anything in backquotes`
 */
#include "expr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

#define MAX_DEPTH 200
/* A chain of operators (1 + 1 + ... or a && b && ...) is parsed in a loop
 * but makes a tree as deep as it is long, which evaluation walks
 * recursively: this keeps that within the stack. */
#define MAX_TREE_DEPTH 2000

/* Products and quotients of two 6-place decimals need 128 bits before
 * rescaling; GCC and Clang have them on every 64-bit target. */
__extension__ typedef __int128 i128;

enum op {
	N_NUM, N_STR, N_BOOL, N_NULL, N_COL, N_AGG,
	N_NEG, N_NOT, N_AND, N_OR,
	N_ADD, N_SUB, N_MUL, N_DIV,
	N_EQ, N_NE, N_LT, N_LE, N_GT, N_GE,
	N_ABS, N_ROUND, N_LOWER, N_UPPER, N_LEN, N_CONTAINS, N_STARTS, N_COALESCE, N_IF,
};

struct expr {
	enum op op;
	int64_t num;
	char *str;
	size_t len;
	long col;
	struct agg_call agg;
	struct expr **kid;
	size_t nkid;
	char *buf;          /* scratch for lower()/upper() results */
	size_t bufcap;
	char *name;         /* N_COL: the name as written, for describing */
	int depth;          /* of the tree below: 0 for a leaf */
};

struct parser {
	const char *src, *p;
	const struct expr_scope *scope;
	struct cust_err *err;
	int depth;
	bool in_agg;
	bool failed;
};

/* --- decimals ----------------------------------------------------------------- */

int
dec_parse(const char *s, size_t n, int64_t *out)
{
	const unsigned char *u = (const unsigned char *)s;
	const char *why;
	size_t i = 0;
	uint64_t v = 0;
	int frac = 0;

	/* Nearly every amount is plain digits (twelve at most, so no
	 * overflow) with at most one dot and six places: read those in one
	 * pass, and give the rest to the reader of decorated numbers. */
	for (; i < n && i <= 12 && (unsigned)(u[i] - '0') <= 9; i++)
		v = v * 10 + (u[i] - '0');
	if (i > 0 && i <= 12 && (i == n || u[i] == '.')) {
		size_t k = i + (i < n);
		for (; k < n && k - i <= 6 && (unsigned)(u[k] - '0') <= 9; k++, frac++)
			v = v * 10 + (u[k] - '0');
		if (k == n && (k > i + 1 || i == n)) {
			for (; frac < 6; frac++)
				v *= 10;
			*out = (int64_t)v;
			return 0;
		}
	}
	switch (decimal_parse(s, n, 6, true, out, &why)) {
	case VALUE_OK:
		return 0;
	case VALUE_RANGE:
		return -2;
	default:
		return -1;
	}
}

size_t
dec_format(int64_t v, char *buf)
{
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	uint64_t ip = a / DEC_SCALE, fp = a % DEC_SCALE;
	int n;

	if (fp == 0)
		n = sprintf(buf, "%s%llu", v < 0 ? "-" : "", (unsigned long long)ip);
	else {
		int places = 6;
		while (fp % 10 == 0) {
			fp /= 10;
			places--;
		}
		n = sprintf(buf, "%s%llu.%0*llu", v < 0 ? "-" : "", (unsigned long long)ip, places,
		    (unsigned long long)fp);
	}
	return (size_t)n;
}

size_t
dec_format_money(int64_t v, char *buf)
{
	const uint64_t unit = DEC_SCALE / 100;
	uint64_t a = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v, cents = a / unit + (a % unit >= unit / 2);
	int n = sprintf(buf, "%s%llu.%02llu", v < 0 && cents ? "-" : "", (unsigned long long)(cents / 100),
	    (unsigned long long)(cents % 100));

	return (size_t)n;
}

static struct xval
num(int64_t v)
{
	struct xval x = {X_NUM, v, NULL, 0};

	return x;
}

static struct xval
boolean(bool b)
{
	struct xval x = {X_BOOL, b, NULL, 0};

	return x;
}

static const struct xval null_val = {X_NULL, 0, NULL, 0};
static const struct xval not_number_val = {X_NULL, X_NOT_NUMBER, NULL, 0};

/* The null of an operand that is no number: not_number_val when it is
 * text that says something else, or such a null already. */
static struct xval
no_number(struct xval v)
{
	size_t n = 0;

	if (v.type == X_STR)
		trim_space(v.str, v.len, &n);
	return n > 0 || (v.type == X_NULL && v.num == X_NOT_NUMBER) ? not_number_val : null_val;
}

/* A value as a number, if it is one or reads as one. */
static bool
as_num(struct xval v, int64_t *out)
{
	switch (v.type) {
	case X_NUM:
	case X_BOOL:
		*out = v.num;
		return true;
	case X_STR:
		return v.len > 0 && dec_parse(v.str, v.len, out) == 0;
	default:
		return false;
	}
}

bool
xval_truthy(struct xval v)
{
	switch (v.type) {
	case X_NUM:
	case X_BOOL:
		return v.num != 0;
	case X_STR:
		return v.len > 0;
	default:
		return false;
	}
}

/* --- parsing ----------------------------------------------------------------- */

/* Column of p in characters, counting from 1. */
static int
column(const struct parser *ps, const char *at)
{
	return 1 + (int)utf8_chars(ps->src, (size_t)(at - ps->src));
}

static struct expr *
fail_at(struct parser *ps, const char *at, const char *fmt, const char *arg)
{
	char msg[256];

	if (!ps->failed) {
		snprintf(msg, sizeof(msg), fmt, arg);
		cust_fail(ps->err, CUST_USAGE, "column %d: %s", column(ps, at), msg);
	}
	ps->failed = true;
	return NULL;
}

static struct expr *
node(enum op op)
{
	struct expr *e = xcalloc(1, sizeof(*e));

	e->op = op;
	e->col = -1;
	return e;
}

static void
add_kid(struct expr *e, struct expr *k)
{
	e->kid = xreallocarray(e->kid, e->nkid + 1, sizeof(*e->kid));
	e->kid[e->nkid++] = k;
	if (k->depth + 1 > e->depth)
		e->depth = k->depth + 1;
}

static struct expr *
binary(enum op op, struct expr *a, struct expr *b)
{
	struct expr *e = node(op);

	add_kid(e, a);
	add_kid(e, b);
	return e;
}

static void
skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r')
		ps->p++;
}

static bool
accept(struct parser *ps, const char *tok)
{
	size_t n = strlen(tok);

	skip_space(ps);
	if (strncmp(ps->p, tok, n) != 0)
		return false;
	/* "=" must not take the first half of "==", nor "<" of "<=". */
	if (n == 1 && (tok[0] == '=' || tok[0] == '<' || tok[0] == '>' || tok[0] == '!') && ps->p[1] == '=')
		return false;
	if (n == 1 && (tok[0] == '&' || tok[0] == '|'))
		return false;
	ps->p += n;
	return true;
}

static bool
name_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	    c == '_' || c >= 0x80;
}

static struct expr *parse_or(struct parser *ps);

static struct expr *
parse_number(struct parser *ps)
{
	const char *start = ps->p;
	struct expr *e;
	int64_t v;

	while ((*ps->p >= '0' && *ps->p <= '9') || *ps->p == '.')
		ps->p++;
	{
		const char *dot = memchr(start, '.', (size_t)(ps->p - start));
		if (dot && ps->p - dot - 1 > 6)
			return fail_at(ps, start, "too many decimal places (at most 6)%s", "");
	}
	switch (dec_parse(start, (size_t)(ps->p - start), &v)) {
	case 0:
		break;
	case -2:
		return fail_at(ps, start, "number too large (at most %s)", DEC_MAX_TEXT);
	default:
		return fail_at(ps, start, "not a number%s", "");
	}
	e = node(N_NUM);
	e->num = v;
	return e;
}

static struct expr *
parse_string(struct parser *ps)
{
	char q = *ps->p;
	const char *start = ps->p;
	struct strbuf sb = STRBUF_INIT;
	struct expr *e;

	for (ps->p++; *ps->p && *ps->p != q; ps->p++) {
		if (*ps->p == '\\' && ps->p[1])
			ps->p++;
		sb_addc(&sb, *ps->p);
	}
	if (*ps->p != q) {
		sb_free(&sb);
		return fail_at(ps, start, "unterminated string%s", "");
	}
	ps->p++;
	e = node(N_STR);
	e->len = sb.len;
	e->str = sb_detach(&sb);
	return e;
}

static const struct {
	const char *name;
	enum op op;
	int min, max;       /* arguments */
} scalar_fns[] = {
	{"abs", N_ABS, 1, 1}, {"round", N_ROUND, 1, 2}, {"lower", N_LOWER, 1, 1},
	{"upper", N_UPPER, 1, 1}, {"len", N_LEN, 1, 1}, {"contains", N_CONTAINS, 2, 2},
	{"starts_with", N_STARTS, 2, 2}, {"coalesce", N_COALESCE, 1, 16}, {"if", N_IF, 3, 3},
};

static const struct {
	const char *name;
	enum agg_fn fn;
	int args;           /* -1: zero or one */
} agg_fns[] = {
	{"sum", AGG_SUM, 1}, {"count", AGG_COUNT, -1}, {"avg", AGG_AVG, 1}, {"min", AGG_MIN, 1},
	{"max", AGG_MAX, 1}, {"distinct", AGG_DISTINCT, 1}, {"recency", AGG_RECENCY, 0},
	{"tenure", AGG_TENURE, 0},
};

static struct expr *
parse_call(struct parser *ps, const char *name, size_t n, const char *at)
{
	struct expr *e = NULL, *arg;
	char fname[32];
	size_t i, nargs = 0;
	bool agg = false;

	snprintf(fname, sizeof(fname), "%.*s", (int)(n < 31 ? n : 31), name);
	for (i = 0; i < ARRAY_LEN(agg_fns); i++)
		if (strlen(agg_fns[i].name) == n && memcmp(agg_fns[i].name, name, n) == 0)
			break;
	if (i < ARRAY_LEN(agg_fns)) {
		if (ps->scope->order == NULL)
			return fail_at(ps, at, "%s() is an aggregate, and aggregates are not allowed here", fname);
		if (ps->in_agg)
			return fail_at(ps, at, "aggregate functions cannot be nested (%s inside another)", fname);
		agg = true;
		e = node(N_AGG);
		e->agg.fn = agg_fns[i].fn;
		ps->in_agg = true;
	} else {
		for (i = 0; i < ARRAY_LEN(scalar_fns); i++)
			if (strlen(scalar_fns[i].name) == n && memcmp(scalar_fns[i].name, name, n) == 0)
				break;
		if (i == ARRAY_LEN(scalar_fns))
			return fail_at(ps, at, "unknown function '%s'", fname);
		e = node(scalar_fns[i].op);
	}
	if (!accept(ps, ")")) {
		do {
			if ((arg = parse_or(ps)) == NULL)
				goto fail;
			add_kid(e, arg);
			nargs++;
		} while (accept(ps, ","));
		if (!accept(ps, ")")) {
			fail_at(ps, ps->p, "expected ')' or ','%s", "");
			goto fail;
		}
	}
	if (agg) {
		int want = agg_fns[i].args;
		ps->in_agg = false;
		if ((want == 1 && nargs != 1) || (want == 0 && nargs != 0) || (want == -1 && nargs > 1)) {
			fail_at(ps, at, want == 0 ? "%s() takes no argument" : "%s() needs one argument", fname);
			goto fail;
		}
		if (e->agg.fn == AGG_COUNT && nargs == 1)
			e->agg.fn = AGG_COUNT_X;
		e->agg.arg = nargs ? e->kid[0] : NULL;
	} else if ((int)nargs < scalar_fns[i].min || (int)nargs > scalar_fns[i].max) {
		fail_at(ps, at, "wrong number of arguments to %s()", fname);
		goto fail;
	}
	return e;
fail:
	ps->in_agg = false;
	expr_free(e);
	return NULL;
}

static struct expr *
parse_name(struct parser *ps)
{
	const char *at = ps->p, *name;
	size_t n;
	long col;
	struct expr *e;
	expr_lookup look;
	void *ctx;

	if (*ps->p == '`') {
		name = ++ps->p;
		while (*ps->p && *ps->p != '`')
			ps->p++;
		if (*ps->p != '`')
			return fail_at(ps, at, "unterminated `name`%s", "");
		n = (size_t)(ps->p++ - name);
	} else {
		name = ps->p;
		while (name_char((unsigned char)*ps->p))
			ps->p++;
		n = (size_t)(ps->p - name);
		if (n == 4 && memcmp(name, "true", 4) == 0) {
			e = node(N_BOOL);
			e->num = 1;
			return e;
		}
		if (n == 5 && memcmp(name, "false", 5) == 0)
			return node(N_BOOL);
		if (n == 4 && memcmp(name, "null", 4) == 0)
			return node(N_NULL);
		skip_space(ps);
		if (*ps->p == '(') {
			ps->p++;
			return parse_call(ps, name, n, at);
		}
	}
	look = ps->in_agg ? ps->scope->order : ps->scope->row;
	ctx = ps->in_agg ? ps->scope->order_ctx : ps->scope->row_ctx;
	if (look == NULL || (col = look(ctx, name, n)) < 0) {
		char shown[128];
		snprintf(shown, sizeof(shown), "%.*s", (int)(n < 100 ? n : 100), name);
		return fail_at(ps, at, ps->in_agg ? "unknown order column '%s'" :
		    (look ? "unknown column '%s'" : "'%s': no columns here (use it inside an aggregate)"),
		    shown);
	}
	e = node(N_COL);
	e->col = col;
	e->name = xstrndup(name, n);
	return e;
}

static struct expr *
parse_primary(struct parser *ps)
{
	struct expr *e;
	unsigned char c;

	skip_space(ps);
	c = (unsigned char)*ps->p;
	if (c == '(') {
		const char *at = ps->p++;
		if ((e = parse_or(ps)) == NULL)
			return NULL;
		if (!accept(ps, ")")) {
			expr_free(e);
			(void)at;
			return fail_at(ps, ps->p, "expected ')'%s", "");
		}
		return e;
	}
	if ((c >= '0' && c <= '9') || (c == '.' && ps->p[1] >= '0' && ps->p[1] <= '9'))
		return parse_number(ps);
	if (c == '\'' || c == '"')
		return parse_string(ps);
	if (c == '`' || name_char(c))
		return parse_name(ps);
	if (c == '\0')
		return fail_at(ps, ps->p, "expected an operand, found the end%s", "");
	return fail_at(ps, ps->p, "expected an operand%s", "");
}

static struct expr *
parse_unary(struct parser *ps)
{
	struct expr *e, *k;

	if (++ps->depth > MAX_DEPTH)
		return fail_at(ps, ps->p, "expression nested too deeply%s", "");
	if (accept(ps, "-")) {
		if ((k = parse_unary(ps)) == NULL)
			return NULL;
		e = node(N_NEG);
		add_kid(e, k);
	} else
		e = parse_primary(ps);
	ps->depth--;
	return e;
}

struct binop {
	const char *tok;
	enum op op;
};

typedef struct expr *parse_fn(struct parser *ps);

/* Operands joined by operators of one precedence, left to right; with
 * chain false, at most one operator (comparisons do not chain).  Longer
 * tokens come first in ops: "<=" before "<". */
static struct expr *
parse_binary(struct parser *ps, parse_fn *operand, const struct binop *ops, size_t nops, bool chain)
{
	struct expr *e = operand(ps), *k;
	size_t i;

	while (e != NULL) {
		for (i = 0; i < nops && !accept(ps, ops[i].tok); i++)
			;
		if (i == nops)
			break;
		if ((k = operand(ps)) == NULL) {
			expr_free(e);
			return NULL;
		}
		e = binary(ops[i].op, e, k);
		if (e->depth > MAX_TREE_DEPTH) {
			expr_free(e);
			return fail_at(ps, ps->p, "expression too long (more than %s operators in a row)", "2000");
		}
		if (!chain)
			break;
	}
	return e;
}

static struct expr *
parse_mul(struct parser *ps)
{
	static const struct binop ops[] = {{"*", N_MUL}, {"/", N_DIV}};

	return parse_binary(ps, parse_unary, ops, ARRAY_LEN(ops), true);
}

static struct expr *
parse_add(struct parser *ps)
{
	static const struct binop ops[] = {{"+", N_ADD}, {"-", N_SUB}};

	return parse_binary(ps, parse_mul, ops, ARRAY_LEN(ops), true);
}

static struct expr *
parse_cmp(struct parser *ps)
{
	static const struct binop ops[] = {
		{"==", N_EQ}, {"!=", N_NE}, {"<=", N_LE}, {">=", N_GE}, {"<", N_LT}, {">", N_GT}, {"=", N_EQ},
	};

	return parse_binary(ps, parse_add, ops, ARRAY_LEN(ops), false);
}

static struct expr *
parse_not(struct parser *ps)
{
	struct expr *e, *k;

	if (++ps->depth > MAX_DEPTH)
		return fail_at(ps, ps->p, "expression nested too deeply%s", "");
	skip_space(ps);
	if (*ps->p == '!' && ps->p[1] != '=') {
		ps->p++;
		if ((k = parse_not(ps)) == NULL)
			return NULL;
		e = node(N_NOT);
		add_kid(e, k);
	} else
		e = parse_cmp(ps);
	ps->depth--;
	return e;
}

static struct expr *
parse_and(struct parser *ps)
{
	static const struct binop ops[] = {{"&&", N_AND}};

	return parse_binary(ps, parse_not, ops, ARRAY_LEN(ops), true);
}

static struct expr *
parse_or(struct parser *ps)
{
	static const struct binop ops[] = {{"||", N_OR}};
	struct expr *e;

	if (++ps->depth > MAX_DEPTH)
		return fail_at(ps, ps->p, "expression nested too deeply%s", "");
	e = parse_binary(ps, parse_and, ops, ARRAY_LEN(ops), true);
	ps->depth--;
	return e;
}

struct expr *
expr_parse(const char *src, const struct expr_scope *scope, struct cust_err *err)
{
	struct parser ps = {src, src, scope, err, 0, false, false};
	struct expr *e = parse_or(&ps);

	if (e == NULL)
		return NULL;
	skip_space(&ps);
	if (*ps.p != '\0') {
		expr_free(e);
		fail_at(&ps, ps.p, "unexpected text after the expression%s", "");
		return NULL;
	}
	return e;
}

void
expr_free(struct expr *e)
{
	size_t i;

	if (e == NULL)
		return;
	for (i = 0; i < e->nkid; i++)
		expr_free(e->kid[i]);
	free(e->kid);
	free(e->str);
	free(e->buf);
	free(e->name);
	free(e);
}

static void
columns(const struct expr *e, bool in_agg, bool numeric, void (*fn)(void *, long, bool), void *ctx)
{
	size_t i;
	bool num = numeric;

	if (e->op == N_COL) {
		if (in_agg)
			fn(ctx, e->col, numeric);
		return;
	}
	/* Inside sum/avg/min/max and arithmetic a column must be a number. */
	if (e->op == N_AGG) {
		in_agg = true;
		num = e->agg.fn == AGG_SUM || e->agg.fn == AGG_AVG || e->agg.fn == AGG_MIN ||
		    e->agg.fn == AGG_MAX;
	} else if (e->op == N_ADD || e->op == N_SUB || e->op == N_MUL || e->op == N_DIV || e->op == N_NEG)
		num = true;
	else if (e->op != N_ABS && e->op != N_ROUND)
		num = false;
	for (i = 0; i < e->nkid; i++)
		columns(e->kid[i], in_agg, num, fn, ctx);
}

void
expr_order_columns(const struct expr *e, void (*fn)(void *ctx, long col, bool numeric), void *ctx)
{
	if (e != NULL)
		columns(e, false, false, fn, ctx);
}

bool
xval_number(struct xval v, int64_t *out)
{
	return as_num(v, out);
}

long
expr_column(const struct expr *e)
{
	return e->op == N_COL ? e->col : -1;
}

bool
expr_arithmetic(const struct expr *e)
{
	switch (e->op) {
	case N_NUM:
	case N_COL:
		return true;
	case N_NEG:
		return expr_arithmetic(e->kid[0]);
	case N_ADD:
	case N_SUB:
	case N_MUL:
	case N_DIV:
		return expr_arithmetic(e->kid[0]) && expr_arithmetic(e->kid[1]);
	default:
		return false;
	}
}

enum xtype
expr_result_type(const struct expr *e)
{
	switch (e->op) {
	case N_NUM: case N_AGG: case N_NEG: case N_ADD: case N_SUB: case N_MUL: case N_DIV:
	case N_ABS: case N_ROUND: case N_LEN:
		return X_NUM;
	case N_STR: case N_LOWER: case N_UPPER:
		return X_STR;
	case N_BOOL: case N_NOT: case N_AND: case N_OR: case N_EQ: case N_NE: case N_LT: case N_LE:
	case N_GT: case N_GE: case N_CONTAINS: case N_STARTS:
		return X_BOOL;
	default:
		return X_NULL;      /* a column, null, coalesce(), if(): any type */
	}
}

bool
expr_same(const struct expr *a, const struct expr *b)
{
	size_t i;

	if (a == NULL || b == NULL)
		return a == b;
	if (a->op != b->op || a->num != b->num || a->col != b->col || a->nkid != b->nkid ||
	    a->len != b->len || (a->len && memcmp(a->str, b->str, a->len) != 0))
		return false;
	if (a->op == N_AGG && a->agg.fn != b->agg.fn)
		return false;
	for (i = 0; i < a->nkid; i++)
		if (!expr_same(a->kid[i], b->kid[i]))
			return false;
	return true;
}

/* --- aggregates ----------------------------------------------------------------- */

static void
collect(struct expr *e, size_t *next, const struct agg_call ***calls, size_t *n)
{
	size_t i;

	if (e->op == N_AGG) {
		e->agg.slot = (*next)++;
		*calls = xreallocarray((void *)*calls, *n + 1, sizeof(**calls));
		(*calls)[(*n)++] = &e->agg;
		return;
	}
	for (i = 0; i < e->nkid; i++)
		collect(e->kid[i], next, calls, n);
}

size_t
expr_aggregates(struct expr *e, size_t first_slot, const struct agg_call ***calls)
{
	size_t n = 0, next = first_slot;

	*calls = NULL;
	collect(e, &next, calls, &n);
	return n;
}

/* --- evaluation ---------------------------------------------------------------- */

static struct xval
arith(enum op op, struct xval a, struct xval b)
{
	int64_t x, y, r;
	i128 q;
	bool ax = as_num(a, &x), by = as_num(b, &y);

	if (!ax || !by) {
		/* Text that is no number is found beside an empty operand too. */
		if (!ax && no_number(a).num == X_NOT_NUMBER)
			return not_number_val;
		return by ? null_val : no_number(b);
	}
	switch (op) {
	case N_ADD:
		if (__builtin_add_overflow(x, y, &r))
			return null_val;
		return num(r);
	case N_SUB:
		if (__builtin_sub_overflow(x, y, &r))
			return null_val;
		return num(r);
	case N_MUL:
		q = (i128)x * y;
		/* Round half away from zero at the sixth place. */
		q = q >= 0 ? (q + DEC_SCALE / 2) / DEC_SCALE : (q - DEC_SCALE / 2) / DEC_SCALE;
		break;
	default: /* N_DIV */
		if (y == 0)
			return null_val;
		q = (i128)x * DEC_SCALE * 2 / y;
		q = q >= 0 ? (q + 1) / 2 : (q - 1) / 2;
	}
	if (q > INT64_MAX || q < INT64_MIN)
		return null_val;
	return num((int64_t)q);
}

static int
compare(struct xval a, struct xval b, bool *ok)
{
	int64_t x, y;
	size_t n;
	int c;

	*ok = true;
	if (a.type == X_NULL || b.type == X_NULL) {
		*ok = false;
		return 0;
	}
	if (as_num(a, &x) && as_num(b, &y))
		return (x > y) - (x < y);
	if (a.type != X_STR || b.type != X_STR) {
		/* A number and a string that is not one: compare as text. */
		char buf[2][32];
		if (a.type != X_STR) {
			a.len = dec_format(a.num, buf[0]);
			a.str = buf[0];
		}
		if (b.type != X_STR) {
			b.len = dec_format(b.num, buf[1]);
			b.str = buf[1];
		}
		n = a.len < b.len ? a.len : b.len;
		c = memcmp(a.str, b.str, n);
		return c ? c : (a.len > b.len) - (a.len < b.len);
	}
	return text_compare(a.str, a.len, b.str, b.len);
}

static struct xval
str_val(const char *s, size_t n)
{
	struct xval v = {X_STR, 0, s, n};

	if (n == 0)
		v.type = X_NULL;
	return v;
}

static struct xval eval(const struct expr *e, char *const *row, const size_t *rowlen,
    const struct xval *aggs);

static struct xval
eval_case(const struct expr *e, char *const *row, const size_t *rowlen, const struct xval *aggs)
{
	struct xval a, b;
	size_t i, k;
	int64_t x;
	struct expr *m = (struct expr *)e;

	switch (e->op) {
	case N_ABS:
		a = eval(e->kid[0], row, rowlen, aggs);
		/* The least number has no positive counterpart: null, as
		 * any other result past the largest number. */
		if (!as_num(a, &x))
			return no_number(a);
		return x != INT64_MIN ? num(x < 0 ? -x : x) : null_val;
	case N_ROUND: {
		int64_t places = 0, unit = DEC_SCALE;
		a = eval(e->kid[0], row, rowlen, aggs);
		if (!as_num(a, &x))
			return no_number(a);
		if (e->nkid == 2) {
			b = eval(e->kid[1], row, rowlen, aggs);
			if (!as_num(b, &places))
				return null_val;
			places /= DEC_SCALE;
		}
		for (k = 0; k < 6 && (int64_t)k < places; k++)
			unit /= 10;
		if (unit <= 1)
			return num(x);
		{
			/* In 128 bits: rounding the largest numbers up must not
			 * overflow. */
			i128 q = x >= 0 ? ((i128)x + unit / 2) / unit : ((i128)x - unit / 2) / unit;
			q *= unit;
			return q > INT64_MAX || q < INT64_MIN ? null_val : num((int64_t)q);
		}
	}
	case N_LOWER:
	case N_UPPER:
		a = eval(e->kid[0], row, rowlen, aggs);
		if (a.type != X_STR)
			return a;
		if (m->bufcap < a.len + 1) {
			m->bufcap = a.len + 1;
			m->buf = xrealloc(m->buf, m->bufcap);
		}
		for (i = 0; i < a.len; i++) {
			char c = a.str[i];
			if (e->op == N_LOWER && c >= 'A' && c <= 'Z')
				c = (char)(c | 0x20);
			else if (e->op == N_UPPER && c >= 'a' && c <= 'z')
				c = (char)(c & ~0x20);
			m->buf[i] = c;
		}
		return str_val(m->buf, a.len);
	case N_LEN:
		a = eval(e->kid[0], row, rowlen, aggs);
		if (a.type != X_STR)
			return a.type == X_NULL ? num(0) : null_val;
		for (i = k = 0; i < a.len; i++)
			if (((unsigned char)a.str[i] & 0xC0) != 0x80)
				k++;
		return num((int64_t)k * DEC_SCALE);
	case N_CONTAINS:
	case N_STARTS:
		a = eval(e->kid[0], row, rowlen, aggs);
		b = eval(e->kid[1], row, rowlen, aggs);
		if (a.type != X_STR || b.type != X_STR)
			return boolean(false);
		{
			struct strbuf ka = STRBUF_INIT, kb = STRBUF_INIT;
			bool yes;
			if (text_key(a.str, a.len, &ka) != VALUE_OK) {
				sb_reset(&ka);
				sb_add(&ka, a.str, a.len);
			}
			if (text_key(b.str, b.len, &kb) != VALUE_OK) {
				sb_reset(&kb);
				sb_add(&kb, b.str, b.len);
			}
			if (kb.len == 0 && b.len > 0) {
				/* A needle of white space is looked for as it is. */
				sb_reset(&ka);
				sb_add(&ka, a.str, a.len);
				sb_reset(&kb);
				sb_add(&kb, b.str, b.len);
			}
			yes = e->op == N_STARTS ? kb.len <= ka.len && memcmp(ka.s, kb.s, kb.len) == 0 :
			    memmem(ka.s, ka.len, kb.s, kb.len) != NULL;
			sb_free(&ka);
			sb_free(&kb);
			return boolean(yes);
		}
	case N_COALESCE:
		for (i = 0; i < e->nkid; i++) {
			a = eval(e->kid[i], row, rowlen, aggs);
			if (a.type != X_NULL)
				return a;
		}
		return null_val;
	default: /* N_IF */
		a = eval(e->kid[0], row, rowlen, aggs);
		return eval(e->kid[xval_truthy(a) ? 1 : 2], row, rowlen, aggs);
	}
}

static struct xval
eval(const struct expr *e, char *const *row, const size_t *rowlen, const struct xval *aggs)
{
	struct xval a, b;
	bool ok;
	int c;

	switch (e->op) {
	case N_NUM:
		return num(e->num);
	case N_STR:
		return str_val(e->str, e->len);
	case N_BOOL:
		return boolean(e->num != 0);
	case N_NULL:
		return null_val;
	case N_COL:
		return row ? str_val(row[e->col], rowlen[e->col]) : null_val;
	case N_AGG:
		return aggs ? aggs[e->agg.slot] : null_val;
	case N_NEG:
		a = eval(e->kid[0], row, rowlen, aggs);
		return arith(N_SUB, num(0), a);
	case N_NOT:
		return boolean(!xval_truthy(eval(e->kid[0], row, rowlen, aggs)));
	case N_AND:
		if (!xval_truthy(eval(e->kid[0], row, rowlen, aggs)))
			return boolean(false);
		return boolean(xval_truthy(eval(e->kid[1], row, rowlen, aggs)));
	case N_OR:
		if (xval_truthy(eval(e->kid[0], row, rowlen, aggs)))
			return boolean(true);
		return boolean(xval_truthy(eval(e->kid[1], row, rowlen, aggs)));
	case N_ADD:
	case N_SUB:
	case N_MUL:
	case N_DIV:
		a = eval(e->kid[0], row, rowlen, aggs);
		b = eval(e->kid[1], row, rowlen, aggs);
		return arith(e->op, a, b);
	case N_EQ:
	case N_NE:
	case N_LT:
	case N_LE:
	case N_GT:
	case N_GE:
		a = eval(e->kid[0], row, rowlen, aggs);
		b = eval(e->kid[1], row, rowlen, aggs);
		if (a.type == X_NULL || b.type == X_NULL) {
			/* A comparison with null is false: a customer without a
			 * score has no score != 5.  Only x == null and x != null,
			 * written so, test for it. */
			bool both = a.type == X_NULL && b.type == X_NULL;
			if (e->kid[0]->op != N_NULL && e->kid[1]->op != N_NULL)
				return boolean(false);
			if (e->op == N_EQ)
				return boolean(both);
			if (e->op == N_NE)
				return boolean(!both);
			return boolean(false);
		}
		c = compare(a, b, &ok);
		switch (e->op) {
		case N_EQ: return boolean(c == 0);
		case N_NE: return boolean(c != 0);
		case N_LT: return boolean(c < 0);
		case N_LE: return boolean(c <= 0);
		case N_GT: return boolean(c > 0);
		default: return boolean(c >= 0);
		}
	default:
		return eval_case(e, row, rowlen, aggs);
	}
}

struct xval
expr_eval(const struct expr *e, char *const *row, const size_t *rowlen, const struct xval *aggs)
{
	return eval(e, row, rowlen, aggs);
}

/* --- describing ----------------------------------------------------------------- */

static const struct {
	const char *name;
	int prec;
} ops_text[] = {
	[N_OR] = {"||", 1}, [N_AND] = {"&&", 2}, [N_EQ] = {"==", 4}, [N_NE] = {"!=", 4},
	[N_LT] = {"<", 4}, [N_LE] = {"<=", 4}, [N_GT] = {">", 4}, [N_GE] = {">=", 4},
	[N_ADD] = {"+", 5}, [N_SUB] = {"-", 5}, [N_MUL] = {"*", 6}, [N_DIV] = {"/", 6},
};

static int
precedence(const struct expr *e)
{
	switch (e->op) {
	case N_OR: case N_AND: case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
	case N_ADD: case N_SUB: case N_MUL: case N_DIV:
		return ops_text[e->op].prec;
	case N_NOT:
		return 3;
	case N_NEG:
		return 7;
	default:
		return 8;
	}
}

static const char *
fn_name(const struct expr *e)
{
	size_t i;

	if (e->op == N_AGG) {
		for (i = 0; i < ARRAY_LEN(agg_fns); i++)
			if (agg_fns[i].fn == (e->agg.fn == AGG_COUNT_X ? AGG_COUNT : e->agg.fn))
				return agg_fns[i].name;
	} else
		for (i = 0; i < ARRAY_LEN(scalar_fns); i++)
			if (scalar_fns[i].op == e->op)
				return scalar_fns[i].name;
	return "?";
}

static bool
plain_name(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;

	if (*u == '\0' || (*u >= '0' && *u <= '9'))
		return false;
	for (; *u; u++)
		if (!(*u >= 0x80 || *u == '_' || (*u >= '0' && *u <= '9') || ((*u | 0x20) >= 'a' && (*u | 0x20) <= 'z')))
			return false;
	return true;
}

static void
print_kid(const struct expr *k, int prec, bool strict, struct strbuf *out)
{
	bool paren = precedence(k) < prec || (strict && precedence(k) == prec);

	if (paren)
		sb_addc(out, '(');
	expr_print(k, out);
	if (paren)
		sb_addc(out, ')');
}

void
expr_print(const struct expr *e, struct strbuf *out)
{
	char buf[32];
	size_t i;

	switch (e->op) {
	case N_NUM:
		sb_add(out, buf, dec_format(e->num, buf));
		break;
	case N_STR:
		sb_addc(out, '\'');
		for (i = 0; i < e->len; i++) {
			if (e->str[i] == '\'' || e->str[i] == '\\')
				sb_addc(out, '\\');
			sb_addc(out, e->str[i]);
		}
		sb_addc(out, '\'');
		break;
	case N_BOOL:
		sb_adds(out, e->num ? "true" : "false");
		break;
	case N_NULL:
		sb_adds(out, "null");
		break;
	case N_COL:
		if (plain_name(e->name))
			sb_adds(out, e->name);
		else
			sb_addf(out, "`%s`", e->name);
		break;
	case N_NOT:
		/* !(a > 1), though ! binds looser than > and !a > 1 means it. */
		sb_addc(out, '!');
		print_kid(e->kid[0], e->kid[0]->op == N_NOT ? 3 : 8, false, out);
		break;
	case N_NEG:
		sb_addc(out, '-');
		print_kid(e->kid[0], 7, false, out);
		break;
	case N_OR: case N_AND: case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
	case N_ADD: case N_SUB: case N_MUL: case N_DIV:
		/* Left to right: a right operand of the same level needs its
		 * parentheses (a - (b - c)); comparisons do not chain. */
		print_kid(e->kid[0], ops_text[e->op].prec, ops_text[e->op].prec == 4, out);
		sb_addf(out, " %s ", ops_text[e->op].name);
		print_kid(e->kid[1], ops_text[e->op].prec, true, out);
		break;
	default:
		sb_adds(out, fn_name(e));
		sb_addc(out, '(');
		for (i = 0; i < e->nkid; i++) {
			if (i)
				sb_adds(out, ", ");
			expr_print(e->kid[i], out);
		}
		sb_addc(out, ')');
	}
}

/* Is x the amount of an order: the amount column, or quantity * price? */
static bool
is_spend(const struct expr *x, const struct expr_words *w)
{
	if (x == NULL)
		return false;
	if (x->op == N_COL)
		return w->amount >= 0 && x->col == w->amount;
	return x->op == N_MUL && x->kid[0]->op == N_COL && x->kid[1]->op == N_COL &&
	    w->quantity >= 0 && w->price >= 0 &&
	    ((x->kid[0]->col == w->quantity && x->kid[1]->col == w->price) ||
	    (x->kid[0]->col == w->price && x->kid[1]->col == w->quantity));
}

bool
expr_is_money(const struct expr *x, const struct expr_words *w)
{
	return is_spend(x, w) || (x && x->op == N_COL && w->price >= 0 && x->col == w->price);
}

/* What a value is called: "spend", "订单数", "total nights". */
static void
subject(const struct expr *e, const struct expr_words *w, struct strbuf *out)
{
	static const char *const en_spend[] = {
		[AGG_SUM] = "spend", [AGG_AVG] = "average order value", [AGG_MIN] = "smallest order",
		[AGG_MAX] = "largest order", [AGG_COUNT_X] = "orders", [AGG_DISTINCT] = "distinct amounts"};
	static const char *const zh_spend[] = {
		[AGG_SUM] = "消费金额", [AGG_AVG] = "平均订单金额", [AGG_MIN] = "最小单笔金额",
		[AGG_MAX] = "最大单笔金额", [AGG_COUNT_X] = "订单数", [AGG_DISTINCT] = "不同金额数"};
	/* The rest: the argument stands where %s is. */
	static const char *const en_of[] = {
		[AGG_SUM] = "total %s", [AGG_AVG] = "average %s", [AGG_MIN] = "lowest %s",
		[AGG_MAX] = "highest %s", [AGG_COUNT_X] = "orders with %s", [AGG_DISTINCT] = "distinct %s",
		[AGG_COUNT] = "orders", [AGG_RECENCY] = "days since the last order",
		[AGG_TENURE] = "days since the first order"};
	static const char *const zh_of[] = {
		[AGG_SUM] = "%s合计", [AGG_AVG] = "平均%s", [AGG_MIN] = "最低%s", [AGG_MAX] = "最高%s",
		[AGG_COUNT_X] = "有%s的订单数", [AGG_DISTINCT] = "不同%s数", [AGG_COUNT] = "订单数",
		[AGG_RECENCY] = "距上次下单天数", [AGG_TENURE] = "距首次下单天数"};
	struct strbuf arg = STRBUF_INIT;
	const char *fmt;
	enum agg_fn fn;

	if (e->op != N_AGG) {
		expr_print(e, out);
		return;
	}
	fn = e->agg.fn;
	if (is_spend(e->agg.arg, w) && fn != AGG_COUNT && fn != AGG_RECENCY && fn != AGG_TENURE) {
		sb_adds(out, w->zh ? zh_spend[fn] : en_spend[fn]);
		return;
	}
	if (e->agg.arg)
		expr_print(e->agg.arg, &arg);
	fmt = w->zh ? zh_of[fn] : en_of[fn];
	sb_addf(out, fmt, arg.s ? arg.s : "");
	sb_free(&arg);
}

/* A value a condition compares with, as a customer reads it: text
 * without the escapes the language needs ('O'Brien'). */
static void
value_text(const struct expr *e, struct strbuf *out)
{
	if (e->op != N_STR) {
		expr_print(e, out);
		return;
	}
	sb_addc(out, '\'');
	sb_add(out, e->str, e->len);
	sb_addc(out, '\'');
}

static bool
is_subject(const struct expr *e)
{
	return e->op == N_AGG || e->op == N_COL;
}

static void
describe_cmp(const struct expr *e, const struct expr_words *w, struct strbuf *out)
{
	static const char *const en[] = {[N_EQ] = "is", [N_NE] = "is not", [N_LT] = "under",
		[N_LE] = "at most", [N_GT] = "over", [N_GE] = "at least"};
	static const char *const en_orders[] = {[N_EQ] = "exactly", [N_NE] = "other than", [N_LT] = "fewer than",
		[N_LE] = "at most", [N_GT] = "more than", [N_GE] = "at least"};
	static const char *const zh[] = {[N_EQ] = "为", [N_NE] = "不为", [N_LT] = "低于",
		[N_LE] = "不超过", [N_GT] = "超过", [N_GE] = "达到"};
	static const enum op mirror[] = {[N_EQ] = N_EQ, [N_NE] = N_NE, [N_LT] = N_GT, [N_LE] = N_GE,
		[N_GT] = N_LT, [N_GE] = N_LE};
	const struct expr *l = e->kid[0], *r = e->kid[1];
	enum op op = e->op;
	bool orders;

	/* sum(a) / count() > 2 has no words: written as it is. */
	if (!is_subject(l) && !is_subject(r)) {
		expr_print(e, out);
		return;
	}
	/* 500 < sum(amount) reads as sum(amount) > 500. */
	if (!is_subject(l) && is_subject(r)) {
		l = e->kid[1];
		r = e->kid[0];
		op = mirror[op];
	}
	orders = l->op == N_AGG && (l->agg.fn == AGG_COUNT || l->agg.fn == AGG_COUNT_X) && r->op == N_NUM;
	if (w->zh) {
		subject(l, w, out);
		sb_adds(out, zh[op]);
		value_text(r, out);
	} else if (orders) {
		/* "at least 3 orders", not "orders at least 3"; "with note"
		 * after it for count(note). */
		sb_addf(out, "%s ", en_orders[op]);
		expr_print(r, out);
		sb_adds(out, r->num == DEC_SCALE ? " order" : " orders");
		if (l->agg.fn == AGG_COUNT_X && !is_spend(l->agg.arg, w)) {
			sb_adds(out, " with ");
			expr_print(l->agg.arg, out);
		}
	} else {
		subject(l, w, out);
		sb_addf(out, " %s ", en[op]);
		value_text(r, out);
	}
}

/* A side of && or ||: in words "a or b and c" is ambiguous, so any mix
 * of the two is grouped. */
static void
describe_kid(const struct expr *k, enum op parent, const struct expr_words *w, struct strbuf *out)
{
	bool paren = (k->op == N_AND || k->op == N_OR) && k->op != parent;

	if (paren)
		sb_adds(out, w->zh ? "（" : "(");
	expr_describe(k, w, out);
	if (paren)
		sb_adds(out, w->zh ? "）" : ")");
}

void
expr_describe(const struct expr *e, const struct expr_words *w, struct strbuf *out)
{
	switch (e->op) {
	case N_AND:
	case N_OR:
		describe_kid(e->kid[0], e->op, w, out);
		sb_adds(out, e->op == N_AND ? (w->zh ? "且" : " and ") : (w->zh ? "或" : " or "));
		describe_kid(e->kid[1], e->op, w, out);
		break;
	case N_NOT:
		sb_adds(out, w->zh ? "不满足（" : "not (");
		expr_describe(e->kid[0], w, out);
		sb_adds(out, w->zh ? "）" : ")");
		break;
	case N_EQ: case N_NE: case N_LT: case N_LE: case N_GT: case N_GE:
		describe_cmp(e, w, out);
		break;
	default:
		expr_print(e, out);
	}
}

static long
any_column(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	(void)name;
	(void)n;
	return 0;
}

const struct expr_scope expr_any_columns = {any_column, NULL, any_column, NULL};
