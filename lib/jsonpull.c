/* jsonpull.c — JSON read as it streams; see jsonpull.h. */
#include "jsonpull.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { JP_DEPTH = 64, JP_BUF = 1 << 16 };

struct jpull {
	FILE *fp;
	bool own;                       /* jp_open's: closed by jp_close */
	char *name;
	struct cust_err *err;
	bool failed, eof;
	char buf[JP_BUF];
	size_t pos, len;
	unsigned long line, col;        /* of buf[pos], from 1 and 0 */
	struct strbuf str, key;
	int depth;
	bool first[JP_DEPTH + 1];       /* no member read yet */
	char close[JP_DEPTH + 1];
};

struct jpull *
jp_new(FILE *fp, const char *name, struct cust_err *err)
{
	struct jpull *p = xcalloc(1, sizeof(*p));

	p->fp = fp;
	p->name = xstrdup(name);
	p->err = err;
	p->line = 1;
	return p;
}

struct jpull *
jp_open(const char *path, struct cust_err *err)
{
	struct stat st;
	struct jpull *p;
	FILE *fp = fopen(path, "r");

	if (fp == NULL) {
		cust_fail(err, CUST_INPUT, "%s: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		cust_fail(err, CUST_INPUT, "%s: is a directory", path);
		return NULL;
	}
	p = jp_new(fp, path, err);
	p->own = true;
	return p;
}

void
jp_close(struct jpull *p)
{
	if (p == NULL)
		return;
	if (p->own)
		fclose(p->fp);
	sb_free(&p->str);
	sb_free(&p->key);
	free(p->name);
	free(p);
}

bool
jp_ok(const struct jpull *p)
{
	return !p->failed;
}

int
jp_fail(struct jpull *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->failed = true;
	return cust_fail(p->err, CUST_INPUT, "%s: %s", p->name, msg);
}

static bool
syntax(struct jpull *p, const char *what)
{
	if (!p->failed) {
		p->failed = true;
		cust_fail(p->err, CUST_INPUT, "%s:%lu:%lu: %s", p->name, p->line, p->col + 1,
		    p->eof && p->pos == p->len ? "the file ends too soon" : what);
	}
	return false;
}

/* Is there a byte at pos?  Reads on. */
static bool
fill(struct jpull *p)
{
	if (p->pos < p->len)
		return true;
	if (p->eof || p->failed)
		return false;
	p->pos = 0;
	p->len = fread(p->buf, 1, sizeof(p->buf), p->fp);
	if (p->len == 0) {
		p->eof = true;
		if (ferror(p->fp)) {
			p->failed = true;
			cust_fail(p->err, CUST_INPUT, "%s: %s", p->name, strerror(errno));
		}
	}
	return p->len > 0;
}

static int
peekc(struct jpull *p)
{
	return fill(p) ? (unsigned char)p->buf[p->pos] : EOF;
}

static int
getch(struct jpull *p)
{
	int c = peekc(p);

	if (c == '\n') {
		p->line++;
		p->col = 0;
	} else if (c != EOF)
		p->col++;
	if (c != EOF)
		p->pos++;
	return c;
}

/* The next byte that is not white space, left. */
static int
ws(struct jpull *p)
{
	int c;

	while ((c = peekc(p)) == ' ' || c == '\n' || c == '\t' || c == '\r')
		getch(p);
	return c;
}

static bool
expect(struct jpull *p, int want, const char *what)
{
	if (p->failed)
		return false;
	if (ws(p) != want)
		return syntax(p, what);
	getch(p);
	return true;
}

static bool
push(struct jpull *p, char open, char close, const char *what)
{
	if (!expect(p, open, what))
		return false;
	if (p->depth == JP_DEPTH)
		return syntax(p, "nested too deeply");
	p->depth++;
	p->first[p->depth] = true;
	p->close[p->depth] = close;
	return true;
}

static int
hex4(struct jpull *p)
{
	int i, c, v = 0;

	for (i = 0; i < 4; i++) {
		c = getch(p);
		if (c >= '0' && c <= '9')
			v = v * 16 + c - '0';
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + (c | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

static void
put_utf8(struct strbuf *sb, long u)
{
	if (u < 0x80)
		sb_addc(sb, (int)u);
	else if (u < 0x800) {
		sb_addc(sb, (int)(0xC0 | u >> 6));
		sb_addc(sb, (int)(0x80 | (u & 0x3F)));
	} else if (u < 0x10000) {
		sb_addc(sb, (int)(0xE0 | u >> 12));
		sb_addc(sb, (int)(0x80 | (u >> 6 & 0x3F)));
		sb_addc(sb, (int)(0x80 | (u & 0x3F)));
	} else {
		sb_addc(sb, (int)(0xF0 | u >> 18));
		sb_addc(sb, (int)(0x80 | (u >> 12 & 0x3F)));
		sb_addc(sb, (int)(0x80 | (u >> 6 & 0x3F)));
		sb_addc(sb, (int)(0x80 | (u & 0x3F)));
	}
}

static bool
escape(struct jpull *p, struct strbuf *sb)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	int c = getch(p);
	long u, lo;
	const char *at;

	if (c != EOF && c != 'u' && c != 0 && (at = strchr(from, c)) != NULL) {
		sb_addc(sb, to[at - from]);
		return true;
	}
	if (c != 'u' || (u = hex4(p)) < 0)
		return syntax(p, "not a JSON escape in a string");
	if (u >= 0xDC00 && u <= 0xDFFF)
		return syntax(p, "a lone surrogate (\\u escape) in a string");
	if (u >= 0xD800 && u <= 0xDBFF) {
		if (getch(p) != '\\' || getch(p) != 'u' || (lo = hex4(p)) < 0xDC00 || lo > 0xDFFF)
			return syntax(p, "a lone surrogate (\\u escape) in a string");
		u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
	}
	put_utf8(sb, u);
	return true;
}

/* A string into sb, the bytes between escapes a run at a time. */
static bool
read_string(struct jpull *p, struct strbuf *sb)
{
	sb_reset(sb);
	sb_add(sb, "", 0);
	if (!expect(p, '"', "expected a string"))
		return false;
	for (;;) {
		size_t start = p->pos;
		int c;
		while (p->pos < p->len && (c = (unsigned char)p->buf[p->pos]) != '"' && c != '\\' && c >= 0x20)
			p->pos++;
		sb_add(sb, p->buf + start, p->pos - start);
		p->col += p->pos - start;
		if (p->pos == p->len) {
			if (!fill(p))
				return syntax(p, "a string does not end");
			continue;
		}
		c = getch(p);
		if (c == '"')
			return true;
		if (c != '\\')
			return syntax(p, "a control character in a string");
		if (!escape(p, sb))
			return false;
	}
}

/* A number's text into tok, checked against JSON's grammar; whole: it
 * has no fraction or exponent. */
static bool
read_number(struct jpull *p, char *tok, size_t size, bool *whole)
{
	size_t n = 0, i = 0;
	int c;

	while ((c = peekc(p)) != EOF && strchr("+-0123456789.eE", c) != NULL) {
		if (n + 1 == size)
			return syntax(p, "a number too long");
		tok[n++] = (char)getch(p);
	}
	tok[n] = '\0';
	if (tok[i] == '-')
		i++;
	if (tok[i] == '0')
		i++;
	else if (tok[i] >= '1' && tok[i] <= '9')
		while (tok[i] >= '0' && tok[i] <= '9')
			i++;
	else
		return syntax(p, "not a number");
	*whole = tok[i] == '\0';
	if (tok[i] == '.') {
		if (tok[++i] < '0' || tok[i] > '9')
			return syntax(p, "not a number");
		while (tok[i] >= '0' && tok[i] <= '9')
			i++;
	}
	if (tok[i] == 'e' || tok[i] == 'E') {
		i += tok[i + 1] == '+' || tok[i + 1] == '-' ? 2 : 1;
		if (tok[i] < '0' || tok[i] > '9')
			return syntax(p, "not a number");
		while (tok[i] >= '0' && tok[i] <= '9')
			i++;
	}
	return tok[i] == '\0' || syntax(p, "not a number");
}

static bool
literal(struct jpull *p, const char *word)
{
	for (; *word; word++) {
		if (peekc(p) != *word)
			return syntax(p, "not a JSON value");
		getch(p);
	}
	return true;
}

enum jp_kind
jp_peek(struct jpull *p)
{
	int c;

	if (p->failed)
		return JP_BAD;
	switch ((c = ws(p))) {
	case EOF: return JP_END;
	case '{': return JP_OBJECT;
	case '[': return JP_ARRAY;
	case '"': return JP_STRING;
	case 't': return JP_TRUE;
	case 'f': return JP_FALSE;
	case 'n': return JP_NULL;
	default: return c == '-' || (c >= '0' && c <= '9') ? JP_NUMBER : JP_BAD;
	}
}

bool
jp_object(struct jpull *p)
{
	return push(p, '{', '}', "expected an object");
}

bool
jp_array(struct jpull *p)
{
	return push(p, '[', ']', "expected an array");
}

/* Past the comma before the next member, or out of the container. */
static bool
member(struct jpull *p, char close)
{
	int c;

	if (p->failed)
		return false;
	if (p->depth == 0 || p->close[p->depth] != close)
		return syntax(p, "read out of order (a bug)");
	if ((c = ws(p)) == close) {
		getch(p);
		p->depth--;
		return false;
	}
	if (!p->first[p->depth]) {
		if (c != ',')
			return syntax(p, close == '}' ? "expected ',' or '}'" : "expected ',' or ']'");
		getch(p);
	}
	p->first[p->depth] = false;
	return true;
}

bool
jp_key(struct jpull *p, const char **key)
{
	if (!member(p, '}') || !read_string(p, &p->key) || !expect(p, ':', "expected ':'"))
		return false;
	*key = p->key.s;
	return true;
}

bool
jp_next(struct jpull *p)
{
	return member(p, ']');
}

const char *
jp_string(struct jpull *p, size_t *len)
{
	if (!read_string(p, &p->str))
		return NULL;
	*len = p->str.len;
	return p->str.s;
}

bool
jp_int(struct jpull *p, int64_t *v)
{
	char tok[64], *end;
	bool whole;

	*v = 0;
	if (jp_peek(p) != JP_NUMBER)
		return syntax(p, "expected a whole number");
	if (!read_number(p, tok, sizeof(tok), &whole))
		return false;
	if (!whole)
		return syntax(p, "expected a whole number");
	errno = 0;
	*v = strtoll(tok, &end, 10);
	return errno == 0 || syntax(p, "a number out of range");
}

bool
jp_bool(struct jpull *p, bool *v)
{
	enum jp_kind k = jp_peek(p);

	*v = k == JP_TRUE;
	if (k != JP_TRUE && k != JP_FALSE)
		return syntax(p, "expected true or false");
	return literal(p, *v ? "true" : "false");
}

bool
jp_null(struct jpull *p)
{
	return jp_peek(p) == JP_NULL && literal(p, "null");
}

void
jp_skip(struct jpull *p)
{
	json_decref(jp_value(p));
}

static json_t *
container_value(struct jpull *p, bool object)
{
	json_t *v = object ? json_object() : json_array(), *e;
	const char *key;

	if (object && jp_object(p)) {
		while (jp_key(p, &key)) {
			char *k = xstrdup(key);
			if ((e = jp_value(p)) != NULL && json_object_get(v, k) != NULL) {
				json_decref(e);
				e = NULL;
				jp_fail(p, "the key '%.100s' twice in one object", k);
			}
			if (e != NULL)
				json_object_set_new(v, k, e);
			free(k);
		}
	} else if (!object && jp_array(p))
		while (jp_next(p))
			if ((e = jp_value(p)) != NULL)
				json_array_append_new(v, e);
	if (!p->failed)
		return v;
	json_decref(v);
	return NULL;
}

json_t *
jp_value(struct jpull *p)
{
	char tok[64];
	bool whole, b;
	json_t *s;

	switch (jp_peek(p)) {
	case JP_OBJECT:
	case JP_ARRAY:
		return container_value(p, jp_peek(p) == JP_OBJECT);
	case JP_STRING:
		if (!read_string(p, &p->str))
			return NULL;
		if ((s = json_stringn(p->str.s, p->str.len)) == NULL)
			jp_fail(p, "a string that is not UTF-8");
		return s;
	case JP_NUMBER:
		if (!read_number(p, tok, sizeof(tok), &whole))
			return NULL;
		errno = 0;
		s = whole ? json_integer(strtoll(tok, NULL, 10)) : json_real(strtod(tok, NULL));
		if (errno != 0) {
			json_decref(s);
			syntax(p, "a number out of range");
			return NULL;
		}
		return s;
	case JP_TRUE:
	case JP_FALSE:
		return jp_bool(p, &b) ? json_boolean(b) : NULL;
	case JP_NULL:
		return jp_null(p) ? json_null() : NULL;
	default:
		syntax(p, "expected a value");
		return NULL;
	}
}

bool
jp_each(struct jpull *p, int (*fn)(json_t *e, size_t i, struct jpull *p, void *ctx), void *ctx)
{
	json_t *e;
	size_t i;

	if (jp_array(p))
		for (i = 0; jp_next(p) && (e = jp_value(p)) != NULL; i++) {
			int rc = fn(e, i, p, ctx);
			json_decref(e);
			if (rc < 0)
				break;
		}
	return !p->failed;
}

bool
jp_done(struct jpull *p)
{
	if (p->failed)
		return false;
	return ws(p) == EOF || syntax(p, "more after the end of the document");
}
