/* writer.c — record writer; see writer.h. */
#include "writer.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "expr.h"
#include "numfmt.h"
#include "roles.h"
#include "texttable.h"
#include "value.h"
#include "xlsxout.h"

/* What a program knows of a column's values, for how they are written. */
struct column_kind {
	enum json_type json;        /* in JSON output */
	bool phone;                 /* --excel: +86 139 8765 4321 shown as it is */
};

struct writer {
	FILE *fp;
	char *name;
	struct writer_opts opts;
	char delim;
	const char *eol;
	char **names;          /* JSON keys, already escaped and quoted */
	size_t nnames;
	unsigned long long rows;
	bool header_done;
	bool failed;
	int errnum;
	char *buf;             /* our own buffer: fewer, larger writes */
	size_t len;
	struct xlsxout *xo;    /* FMT_XLSX: the workbook backend does the rest */
	struct texttable *table;   /* FMT_TABLE, FMT_TEXT: the rows so far */
	struct column_kind *kind;  /* what the caller said of each column; NULL: nothing */
	size_t nkind;
	struct strbuf excel;       /* a value as ="..." */
};

#define WBUF_SIZE (256 * 1024)

static void
wflush(struct writer *w)
{
	if (w->len > 0 && !w->failed && fwrite(w->buf, 1, w->len, w->fp) != w->len) {
		w->failed = true;
		w->errnum = errno;
	}
	w->len = 0;
}

static inline void
wput(struct writer *w, const char *s, size_t n)
{
	if (w->len + n > WBUF_SIZE) {
		wflush(w);
		if (n > WBUF_SIZE) {
			if (!w->failed && fwrite(s, 1, n, w->fp) != n) {
				w->failed = true;
				w->errnum = errno;
			}
			return;
		}
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

static inline void
wputc(struct writer *w, char c)
{
	if (w->len == WBUF_SIZE)
		wflush(w);
	w->buf[w->len++] = c;
}

static void
wputs(struct writer *w, const char *s)
{
	wput(w, s, strlen(s));
}

struct writer *
writer_new(FILE *fp, const char *name, const struct writer_opts *opts)
{
	struct writer *w = xcalloc(1, sizeof(*w));

	w->fp = fp;
	w->name = xstrdup(name);
	w->opts = *opts;
	if (w->opts.to == FMT_AUTO)
		w->opts.to = FMT_CSV;
	w->delim = w->opts.to == FMT_TSV ? '\t' : ',';
	w->eol = w->opts.excel ? "\r\n" : "\n";
	w->buf = xmalloc(WBUF_SIZE + 16);
	if (w->opts.to == FMT_XLSX)
		w->xo = xlsxout_new(name);
	if (!FORMAT_READABLE(w->opts.to)) {
		struct texttable_opts to = {.style = w->opts.to == FMT_TABLE ? TABLE_BOXED : TABLE_PLAIN,
		    .width = w->opts.width};
		w->table = texttable_new(&to);
	}
	return w;
}

/* --- tables for people ------------------------------------------------- */

static void
table_out(void *ctx, const char *s, size_t n)
{
	wput(ctx, s, n);
}

/* Render the rows kept: a table's columns are known only at the end. */
static void
table_finish(struct writer *w)
{
	texttable_render(w->table, table_out, w);
}

void
writer_types(struct writer *w, const enum ftype *types, size_t n)
{
	if (w->xo != NULL)
		xlsxout_types(w->xo, types, n);
}

bool
path_is_xlsx(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > 5 && strcasecmp(path + n - 5, ".xlsx") == 0;
}

static bool
formula_like(const char *s, size_t n)
{
	if (n == 0 || !strchr("=+-@\t\r", s[0]))
		return false;
	/* A plain number (-12, +3.5, 1e5) is shown as a number, not run. */
	return !number_text_valid(s, n);
}

static size_t find_special(const char *s, size_t n, char delim);

/* --- what Excel would change --------------------------------------------- */

static size_t
digits_at(const char *s, size_t n, size_t i)
{
	size_t k = i;

	while (k < n && s[k] >= '0' && s[k] <= '9')
		k++;
	return k - i;
}

static bool
month_name(const char *s, size_t n)
{
	static const char months[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	size_t i;

	/* Most text is no month: a year, digits, a word of other letters. */
	if (n < 3 || !strchr("JFMASONDjfmasond", s[0]) || s[0] == '\0')
		return false;
	for (i = 0; i + 3 <= sizeof(months) - 1; i += 3)
		if (strncasecmp(s, months + i, 3) == 0)
			return true;
	return false;
}

/* 1-2, 3/4, 1-2-3, 1-Jan, Jan-1: Excel makes them dates.  An ISO date
 * (2024-10-04) is a date already and stays one. */
static bool
date_like(const char *s, size_t n)
{
	size_t a = digits_at(s, n, 0), b;
	const char *sep;

	if (a >= 1 && a <= 2 && a < n && (s[a] == '-' || s[a] == '/')) {
		b = digits_at(s, n, a + 1);
		if (b >= 1 && b <= 2 && a + 1 + b == n)
			return true;
		if (b >= 1 && b <= 2 && a + 1 + b < n && s[a + 1 + b] == s[a])
			return digits_at(s, n, a + 2 + b) > 0 && a + 2 + b + digits_at(s, n, a + 2 + b) == n;
		return s[a] == '-' && b == 0 && month_name(s + a + 1, n - a - 1) && n - a - 1 <= 9;
	}
	sep = memchr(s, '-', n);
	return sep && sep - s >= 3 && sep - s <= 9 && month_name(s, (size_t)(sep - s)) &&
	    digits_at(s, n, (size_t)(sep - s) + 1) >= 1 && digits_at(s, n, (size_t)(sep - s) + 1) <= 2 &&
	    (size_t)(sep - s) + 1 + digits_at(s, n, (size_t)(sep - s) + 1) == n;
}

/* +86 139 8765 4321, (010) 6552-9988: the guard's ' would show; as ="..."
 * the number shows as it is and runs nothing either. */
static bool
phone_like(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || s[i] == ' ' || s[i] == '+' || s[i] == '-' ||
		    s[i] == '(' || s[i] == ')'))
			return false;
	return digits_at(s, n, s[0] == '+' ? 1 : 0) > 0 || s[0] == '(';
}

/* The first bytes of what Excel may change. */
static const bool excel_first[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['+'] = 1, ['-'] = 1, ['.'] = 1, ['('] = 1,
	['J'] = 1, ['F'] = 1, ['M'] = 1, ['A'] = 1, ['S'] = 1, ['O'] = 1, ['N'] = 1, ['D'] = 1,
	['j'] = 1, ['f'] = 1, ['m'] = 1, ['a'] = 1, ['s'] = 1, ['o'] = 1, ['n'] = 1, ['d'] = 1,
};

/* Would Excel show this value other than as it is written?  (Formula-like
 * values are the guard's; see formula_like.) */
static bool
excel_changes(const struct writer *w, size_t col, const char *s, size_t n)
{
	size_t i = 0, d;

	/* What Excel changes starts with a digit, a sign, a point, a
	 * bracket (a phone) or a month's first letter: Chinese text and
	 * most words are passed at the first byte. */
	if (n == 0 || !excel_first[(unsigned char)s[0]])
		return false;
	if (date_like(s, n))
		return true;
	if (col < w->nkind && w->kind[col].phone && !number_text_valid(s, n))
		return phone_like(s, n);
	if (!number_text_valid(s, n))
		return false;
	if (s[0] == '+' || memchr(s, 'e', n) || memchr(s, 'E', n))
		return true;
	if (s[0] == '-')
		i++;
	d = digits_at(s, n, i);
	/* 0012345; a phone (or longer: Excel keeps 15 significant digits). */
	if ((d > 1 && s[i] == '0') || d >= 11)
		return true;
	if (i + d < n && s[i + d] == '.')
		d += digits_at(s, n, i + d + 1);
	return d > 15;
}

/* The value as ="...", the formula of its own text. */
static const char *
excel_text(struct writer *w, const char *s, size_t n, size_t *len)
{
	size_t i;

	const char *q;

	sb_reset(&w->excel);
	sb_add(&w->excel, "=\"", 2);
	for (i = 0; (q = memchr(s + i, '"', n - i)) != NULL; i = (size_t)(q - s) + 1) {
		sb_add(&w->excel, s + i, (size_t)(q - s) - i + 1);
		sb_addc(&w->excel, '"');
	}
	sb_add(&w->excel, s + i, n - i);
	sb_addc(&w->excel, '"');
	*len = w->excel.len;
	return w->excel.s;
}

/* A field, quoted if it must be; neutralise: with ' before it. */
static void
put_csv_as(struct writer *w, const char *s, size_t n, bool neutralise)
{
	bool quote = find_special(s, n, w->delim) < n;
	size_t i, start;

	if (!quote && !neutralise) {
		wput(w, s, n);
		return;
	}
	if (quote)
		wputc(w, '"');
	if (neutralise)
		wputc(w, '\'');
	for (start = i = 0; i < n; i++) {
		if (s[i] == '"') {
			wput(w, s + start, i - start + 1);
			wputc(w, '"');
			start = i + 1;
		}
	}
	wput(w, s + start, n - start);
	if (quote)
		wputc(w, '"');
}

static void
put_csv(struct writer *w, const char *s, size_t n)
{
	put_csv_as(w, s, n, w->opts.excel && formula_like(s, n));
}

static void
put_json_string(struct writer *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	wputc(w, '"');
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		wput(w, s + start, i - start);
		start = i + 1;
		wputc(w, '\\');
		switch (c) {
		case '"': wputc(w, '"'); break;
		case '\\': wputc(w, '\\'); break;
		case '\n': wputc(w, 'n'); break;
		case '\r': wputc(w, 'r'); break;
		case '\t': wputc(w, 't'); break;
		case '\b': wputc(w, 'b'); break;
		case '\f': wputc(w, 'f'); break;
		default:
			wputs(w, "u00");
			wputc(w, hex[c >> 4]);
			wputc(w, hex[c & 15]);
		}
	}
	wput(w, s + start, n - start);
	wputc(w, '"');
}

/* --- typed JSON ------------------------------------------------------------ */

static struct column_kind *
column_kind(struct writer *w, size_t col)
{
	size_t cap;

	/* Doubling: a schema of 200,000 fields types them one by one. */
	if (col >= w->nkind) {
		cap = col + 1 > 2 * w->nkind ? col + 1 : 2 * w->nkind;
		w->kind = xreallocarray(w->kind, cap, sizeof(*w->kind));
		memset(w->kind + w->nkind, 0, (cap - w->nkind) * sizeof(*w->kind));
		w->nkind = cap;
	}
	return &w->kind[col];
}

void
writer_json_type(struct writer *w, size_t col, enum json_type t)
{
	if (!w->opts.json_strings)
		column_kind(w, col)->json = t;
}

void
writer_roles(struct writer *w, const struct roles *roles)
{
	static const enum role numeric[] = {ROLE_AMOUNT, ROLE_QUANTITY, ROLE_PRICE};
	size_t i;

	for (i = 0; i < ARRAY_LEN(numeric); i++)
		if (roles->col[numeric[i]] >= 0)
			writer_json_type(w, (size_t)roles->col[numeric[i]], JSON_NUMBER);
	if (roles->col[ROLE_PHONE] >= 0)
		column_kind(w, (size_t)roles->col[ROLE_PHONE])->phone = true;
}

/* Is s a JSON number as RFC 8259 writes one?  Then it is written as it
 * is: its digits are exactly the ones the user had. */
static bool
json_number_text(const char *s, size_t n)
{
	size_t i = 0, d;

	if (i < n && s[i] == '-')
		i++;
	if (i < n && s[i] == '0')
		i++;
	else if (i < n && s[i] >= '1' && s[i] <= '9')
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
	else
		return false;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	if (i < n && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		if (i < n && (s[i] == '+' || s[i] == '-'))
			i++;
		for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	return i == n;
}

/* A value of a typed column: null when empty, the type's JSON form when
 * it reads as one, else a string (never lost, never guessed). */
static void
put_json_typed(struct writer *w, enum json_type t, const char *s, size_t n)
{
	const char *v;
	size_t vn;
	int64_t x;
	bool b;
	const char *why;
	char buf[48];

	v = trim_space(s, n, &vn);
	if (vn == 0) {
		wputs(w, "null");
		return;
	}
	if (t == JSON_NUMBER && json_number_text(v, vn)) {
		wput(w, v, vn);
		return;
	}
	/* ¥1,234.50, 1234.50元, (12.00): the exact decimal they are.  Not
	 * 007: its zeros would be lost, so it stays text. */
	if (t == JSON_NUMBER && !(vn > 1 && v[0] == '0' && v[1] >= '0' && v[1] <= '9') &&
	    dec_parse(v, vn, &x) == 0) {
		wput(w, buf, dec_format(x, buf));
		return;
	}
	if (t == JSON_BOOL && boolean_parse(v, vn, &b, &why) == VALUE_OK) {
		wputs(w, b ? "true" : "false");
		return;
	}
	put_json_string(w, s, n);
}

/* Copy a field into the buffer unless it needs quoting (the caller has
 * made room); returns false, having written nothing, when it does. */
static inline bool
copy_plain(struct writer *w, const char *s, size_t n)
{
	if (find_special(s, n, w->delim) < n)
		return false;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	return true;
}

/* Offset of the first byte in s[0..n) that forces quoting (delimiter,
 * quote, CR, LF), or n.  Sixteen bytes at a time with SSE2, then eight;
 * the lowest flagged byte of the has-zero trick is always a true match. */
static size_t
find_special(const char *s, size_t n, char delim)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	const uint64_t d = ones * (unsigned char)delim, q = ones * '"';
	const uint64_t lf = ones * '\n', cr = ones * '\r';
	size_t i = 0;
	uint64_t v, m;

#ifdef __SSE2__
	const __m128i dv = _mm_set1_epi8(delim), qv = _mm_set1_epi8('"');
	const __m128i lfv = _mm_set1_epi8('\n'), crv = _mm_set1_epi8('\r');

	for (; i + 16 <= n; i += 16) {
		__m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		unsigned hit = (unsigned)_mm_movemask_epi8(_mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(x, dv), _mm_cmpeq_epi8(x, qv)),
		    _mm_or_si128(_mm_cmpeq_epi8(x, lfv), _mm_cmpeq_epi8(x, crv))));
		if (hit != 0)
			return i + (size_t)__builtin_ctz(hit);
	}
#endif
#define HASZERO(x) (((x) - ones) & ~(x) & highs)
	/* Only little-endian: there a borrow can only flag bytes after a
	 * true match. */
	for (; __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && i + 8 <= n; i += 8) {
		memcpy(&v, s + i, 8);
		m = HASZERO(v ^ d) | HASZERO(v ^ q) | HASZERO(v ^ lf) | HASZERO(v ^ cr);
		if (m)
			return i + first_high_byte(m);
	}
#undef HASZERO
	for (; i < n; i++)
		if (s[i] == delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r')
			return i;
	return n;
}

/* Copy fields [from, to) that need no quoting and lie one after another
 * (NUL-separated, as the reader lays them out) in one go. */
static void
copy_run(struct writer *w, char *const *vals, const size_t *lens, size_t from, size_t to)
{
	size_t i, span = (size_t)(vals[to - 1] + lens[to - 1] - vals[from]), at;

	if (w->len + span + 1 >= WBUF_SIZE)
		wflush(w);
	if (span + 1 >= WBUF_SIZE) {
		for (i = from; i < to; i++) {
			wput(w, vals[i], lens[i]);
			wputc(w, w->delim);
		}
		return;
	}
	memcpy(w->buf + w->len, vals[from], span);
	at = w->len;
	for (i = from; i + 1 < to; i++) {
		at += lens[i];
		w->buf[at++] = w->delim;
	}
	w->len += span;
	w->buf[w->len++] = w->delim;
}

/* Fields from..to-1 laid out contiguously: find the fields that need
 * quoting with one scan, and copy the runs between them whole.  Each field
 * is followed by the delimiter. */
static void
csv_run(struct writer *w, char *const *vals, const size_t *lens, size_t from, size_t to)
{
	const char *end = vals[to - 1] + lens[to - 1];
	size_t i, k, p;

	for (i = from; i < to; i = k + 1) {
		p = find_special(vals[i], (size_t)(end - vals[i]), w->delim);
		/* Field k holds the special byte (or k == to: none left). */
		for (k = i; k < to && vals[k] + lens[k] <= vals[i] + p; k++)
			;
		if (k > i)
			copy_run(w, vals, lens, i, k);
		if (k < to) {
			put_csv(w, vals[k], lens[k]);
			wputc(w, w->delim);
		}
	}
}

/* A record's fields mostly come straight from the reader, one after
 * another in memory (a program's added columns do not): each such run is
 * scanned and copied at once, other fields one by one. */
static void
csv_line(struct writer *w, char *const *vals, const size_t *lens, size_t n)
{
	size_t i, j, len;

	for (i = 0; i < n; i = j) {
		j = i + 1;
		if (lens != NULL && !w->opts.excel)
			while (j < n && vals[j] == vals[j - 1] + lens[j - 1] + 1)
				j++;
		if (j - i > 1) {
			csv_run(w, vals, lens, i, j);
			continue;
		}
		len = lens ? lens[i] : strlen(vals[i]);
		if (w->len + len + 16 >= WBUF_SIZE)
			wflush(w);
		if (w->opts.excel && excel_changes(w, i, vals[i], len)) {
			/* Our own formula, of text only: not neutralised. */
			const char *t = excel_text(w, vals[i], len, &len);
			put_csv_as(w, t, len, false);
		} else if (w->opts.excel || len + 16 >= WBUF_SIZE || !copy_plain(w, vals[i], len))
			put_csv(w, vals[i], len);
		wputc(w, w->delim);
	}
	if (n > 0)
		w->len--;       /* the last delimiter */
	wputs(w, w->eol);
}

void
writer_header(struct writer *w, char *const *names, size_t n)
{
	size_t i;

	w->header_done = true;
	if (w->xo != NULL) {
		xlsxout_header(w->xo, names, n);
		return;
	}
	w->nnames = n;
	w->names = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		w->names[i] = xstrdup(names[i]);
	switch (w->opts.to) {
	case FMT_JSON:
		wputs(w, "[");
		break;
	case FMT_JSONL:
		break;
	case FMT_TABLE:
	case FMT_TEXT:
		texttable_row(w->table, names, NULL, n);
		break;
	default:
		if (w->opts.excel)
			wputs(w, "\xEF\xBB\xBF");
		if (n > 0)
			csv_line(w, names, NULL, n);
	}
}

void
writer_row(struct writer *w, char *const *vals, const size_t *lens, size_t n)
{
	size_t i;

	if (w->xo != NULL) {
		xlsxout_row(w->xo, vals, lens, n);
		w->rows++;
		return;
	}
	switch (w->opts.to) {
	case FMT_JSON:
	case FMT_JSONL:
		if (w->opts.to == FMT_JSON)
			wputs(w, w->rows ? ",\n" : "\n");
		wputc(w, '{');
		for (i = 0; i < n && i < w->nnames; i++) {
			if (i > 0)
				wputc(w, ',');
			put_json_string(w, w->names[i], strlen(w->names[i]));
			wputc(w, ':');
			if (i < w->nkind && w->kind[i].json != JSON_TEXT)
				put_json_typed(w, w->kind[i].json, vals[i], lens ? lens[i] : strlen(vals[i]));
			else
				put_json_string(w, vals[i], lens ? lens[i] : strlen(vals[i]));
		}
		wputc(w, '}');
		if (w->opts.to == FMT_JSONL)
			wputc(w, '\n');
		break;
	case FMT_TABLE:
	case FMT_TEXT:
		texttable_row(w->table, vals, lens, n);
		break;
	default:
		csv_line(w, vals, lens, n);
	}
	w->rows++;
}

bool
writer_failed(const struct writer *w)
{
	return w->failed || (w->xo != NULL && xlsxout_failed(w->xo));
}

int
writer_finish(struct writer *w, struct cust_err *err)
{
	if (w->xo != NULL)
		return xlsxout_finish(w->xo, w->fp, err);
	if (w->opts.to == FMT_JSON)
		wputs(w, w->rows ? "\n]\n" : "]\n");
	if (w->table)
		table_finish(w);
	wflush(w);
	if (!w->failed && fflush(w->fp) != 0) {
		w->failed = true;
		w->errnum = errno;
	}
	if (w->failed)
		return cust_fail(err, CUST_OUTPUT, "%s: write error: %s", w->name,
		    strerror(w->errnum ? w->errnum : EIO));
	return 0;
}

void
writer_free(struct writer *w)
{
	size_t i;

	if (w == NULL)
		return;
	xlsxout_free(w->xo);
	for (i = 0; i < w->nnames; i++)
		free(w->names[i]);
	free(w->names);
	free(w->name);
	free(w->buf);
	texttable_free(w->table);
	free(w->kind);
	sb_free(&w->excel);
	free(w);
}
