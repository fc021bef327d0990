/* reader.c — CSV (libcsv) and JSON (jansson) record reader; see reader.h.
 *
 * libcsv does not count lines, so CSV is fed to it one line at a time: the
 * line a record starts on is the line being fed when the parser is between
 * records.  libcsv also treats a lone CR as a record end, so one line can
 * complete more than one record; completed records wait in a small queue.
 */
#include "reader.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "input.h"
#include "numfmt.h"
#include "value.h"
#include "workbook.h"

#define BUF_SIZE (256 * 1024)
/* Bytes after an input buffer's end that a 16-byte scan may read. */
#define SCAN_SLACK 16
#define SNIFF_SIZE (64 * 1024)

/* A record as parsed, before it is matched to the header. */
struct rawrec {
	struct strbuf arena;    /* fields, each NUL-terminated */
	size_t *off, *len;
	size_t nf, cap;
	long line;
	const char *error;
	char *errtext;          /* owned error text, when error is dynamic */
};

struct source {
	struct input *in;
	enum format fmt;
	int delim;
	bool trim;              /* ", " dialect: drop spaces around fields */
	bool cr_lines;          /* lone CR ends lines (old Mac exports) */
	bool json_array;
	bool in_array_done;
	char *buf;
	size_t pos, len, cap;
	/* buf[utf8_ok, utf8_ok_to) is known to be UTF-8, and lines are
	 * checked alone up to buf[utf8_retry] (batch_plain_lines); a
	 * read into buf forgets both. */
	size_t utf8_ok, utf8_ok_to, utf8_retry;
	bool eof;
	long line;              /* lines consumed so far */
	struct csv_parser csv;
	bool csv_ready;
	long rec_line;          /* line where the record being parsed began */
	bool header_done;
	size_t ncols;
	size_t *map;            /* this file's column i goes to header column map[i] */
	struct numtok *num;     /* the numbers of the JSON object being read */
	size_t numcap;
	struct book *book;      /* a workbook's sheet (.xlsx, .xls) */
	char *spool;            /* a copy of a workbook read from a pipe */
};

struct reader {
	char **paths;
	size_t npaths, next;
	struct reader_opts opts;
	struct header header;
	enum format first_fmt;
	struct source *src;
	struct rawrec cur;      /* being built by the CSV callbacks */
	struct rawrec *q;       /* completed, waiting */
	size_t qhead, qlen, qcap;
	struct rawrec out;      /* backs the record handed to the caller */
	struct record rec;
	struct strbuf errbuf;
	unsigned long long count;
	struct prefetch *pf;    /* background parsing, when asked for */
	bool pf_tried;          /* started (on the first reader_next) or failed to */
	reader_prepare_fn *prep_fn;
	void *prep_ctx;
	size_t prep_size;
	unsigned char *prep;    /* fn's output for the record, without prefetch */
	struct record pfrec;    /* what prefetch hands out, pointing into its batch; rec is the parser's */
	struct strbuf notes;    /* warnings for the end of the input, one a line */
};

static const char *const format_names[] = {"auto", "csv", "tsv", "jsonl", "json", "xlsx", "xls",
	"table", "text"};

enum format
format_parse(const char *name)
{
	size_t i;

	for (i = 1; i < ARRAY_LEN(format_names); i++)
		if (strcmp(name, format_names[i]) == 0)
			return (enum format)i;
	if (strcmp(name, "ndjson") == 0)
		return FMT_JSONL;
	return FMT_AUTO;
}

const char *
format_name(enum format f)
{
	return format_names[f];
}

bool
record_contiguous(const struct record *rec)
{
	size_t i;

	for (i = 1; i < rec->n && rec->field[i] == rec->field[i - 1] + rec->len[i - 1] + 1; i++)
		;
	return i >= rec->n;
}

long
header_find(const struct header *h, const char *name)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		if (strcmp(h->names[i], name) == 0)
			return (long)i;
	return -1;
}

size_t
header_extend(const struct header *h, const char *const *added, size_t nadded, char **names,
    size_t *at)
{
	size_t n = h->n, i;
	long c;

	if (h->n > 0)
		memcpy(names, h->names, h->n * sizeof(char *));
	for (i = 0; i < nadded; i++) {
		c = header_find(h, added[i]);
		at[i] = c >= 0 ? (size_t)c : n;
		if (c < 0)
			names[n++] = (char *)added[i];
	}
	return n;
}

/* --- raw records ---------------------------------------------------------- */

static void
raw_clear(struct rawrec *r)
{
	sb_reset(&r->arena);
	r->nf = 0;
	r->error = NULL;
	free(r->errtext);
	r->errtext = NULL;
}

static inline void
raw_add(struct rawrec *r, const char *s, size_t n)
{
	if (r->nf == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 16;
		r->off = xreallocarray(r->off, r->cap, sizeof(*r->off));
		r->len = xreallocarray(r->len, r->cap, sizeof(*r->len));
	}
	r->off[r->nf] = r->arena.len;
	r->len[r->nf] = n;
	r->nf++;
	if (r->arena.len + n + 1 >= r->arena.cap)
		sb_grow(&r->arena, n + 1);
	memcpy(r->arena.s + r->arena.len, s, n);
	r->arena.len += n + 1;
	r->arena.s[r->arena.len - 1] = '\0';
}

static void
raw_free(struct rawrec *r)
{
	sb_free(&r->arena);
	free(r->off);
	free(r->len);
	free(r->errtext);
}

static void
queue_push(struct reader *r)
{
	struct rawrec tmp;
	size_t i, slot;

	if (r->qlen == r->qcap) {
		/* Unroll the ring into a bigger array. */
		struct rawrec *nq = xcalloc(r->qcap ? r->qcap * 2 : 4, sizeof(*nq));
		for (i = 0; i < r->qlen; i++)
			nq[i] = r->q[(r->qhead + i) % r->qcap];
		for (i = r->qlen; i < r->qcap; i++)
			nq[i] = r->q[(r->qhead + i) % r->qcap];
		free(r->q);
		r->q = nq;
		r->qhead = 0;
		r->qcap = r->qcap ? r->qcap * 2 : 4;
	}
	slot = (r->qhead + r->qlen) % r->qcap;
	tmp = r->q[slot];
	r->q[slot] = r->cur;
	r->cur = tmp;
	r->qlen++;
	raw_clear(&r->cur);
}

static void
queue_pop(struct reader *r)
{
	struct rawrec tmp = r->out;

	r->out = r->q[r->qhead];
	r->q[r->qhead] = tmp;
	r->qhead = (r->qhead + 1) % r->qcap;
	r->qlen--;
}

/* --- CSV ------------------------------------------------------------------ */

static void
on_field(void *s, size_t n, void *ctx)
{
	struct reader *r = ctx;

	raw_add(&r->cur, s ? s : "", s ? n : 0);
}

static void
on_record(int c, void *ctx)
{
	struct reader *r = ctx;

	(void)c;
	r->cur.line = r->src->rec_line;
	/* A record may start later on this same line (after a lone CR). */
	r->src->rec_line = r->src->line + 1;
	queue_push(r);
}

static int
keep_spaces(unsigned char c)
{
	(void)c;
	return 0;
}

/* libcsv drops spaces and tabs at the edges of unquoted fields unless it
 * is given a space function, and calling that function for every byte
 * halves its speed.  So it is given one only for lines that have a space
 * or tab next to a delimiter, a quote, or the line's ends. */
static bool
has_edge_space(const char *p, size_t n, int delim)
{
	const char *end = p + n, *q;
	int sp;

	for (sp = 0; sp < 2; sp++) {
		int c = sp ? '\t' : ' ';
		if (c == delim)
			continue;
		for (q = p; (q = memchr(q, c, (size_t)(end - q))) != NULL; q++) {
			if (q == p || q[-1] == delim || q[-1] == '"' || q + 1 == end ||
			    q[1] == delim || q[1] == '"' || q[1] == '\n' || q[1] == '\r')
				return true;
		}
	}
	return false;
}

/* Choose the delimiter that splits the first lines into the same number of
 * fields, preferring more fields; quoted text is skipped. */
static void
sniff_csv(struct source *s)
{
	static const char cands[] = {',', '\t', ';', '|'};
	size_t counts[4][8], nlines = 0, i, c, best = 0;
	size_t end = s->len < SNIFF_SIZE ? s->len : SNIFF_SIZE;
	bool quoted = false, has_lf = memchr(s->buf, '\n', end) != NULL;
	size_t comma_space = 0, commas = 0;
	long score[4] = {0};

	s->cr_lines = !has_lf && memchr(s->buf, '\r', end) != NULL;
	memset(counts, 0, sizeof(counts));
	for (i = s->pos; i < end && nlines < 8; i++) {
		char ch = s->buf[i];
		if (ch == '"')
			quoted = !quoted;
		else if (!quoted && (ch == '\n' || (s->cr_lines && ch == '\r')))
			nlines++;
		else if (!quoted) {
			for (c = 0; c < 4; c++)
				if (ch == cands[c])
					counts[c][nlines]++;
			if (ch == ',' && nlines == 0) {
				commas++;
				if (i + 1 < end && s->buf[i + 1] == ' ')
					comma_space++;
			}
		}
	}
	if (i >= end && nlines < 8)
		nlines++;       /* the last, unterminated line counts too */
	for (c = 0; c < 4; c++) {
		bool same = true;
		for (i = 1; i < nlines && i < 8; i++)
			if (counts[c][i] != counts[c][0])
				same = false;
		score[c] = (long)counts[c][0] * (same ? 4 : 1);
	}
	for (c = 1; c < 4; c++)
		if (score[c] > score[best])
			best = c;
	if (s->delim == 0)
		s->delim = score[best] > 0 ? cands[best] : ',';
	s->trim = s->delim == ',' && commas > 0 && comma_space == commas;
}

static void
csv_start(struct reader *r, struct source *s)
{
	csv_init(&s->csv, 0);
	csv_set_delim(&s->csv, (unsigned char)s->delim);
	s->csv_ready = true;
	(void)r;
}

/* The first c in [p, e), or e: eight bytes at a time, as fields are short
 * and a call to memchr costs more than most of them. */
static inline char *
find_byte(char *p, char *e, char c)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t ones = 0x0101010101010101ULL, cc = ones * (unsigned char)c;
	uint64_t v, m;

	for (; e - p >= 8; p += 8) {
		memcpy(&v, p, 8);
		v ^= cc;
		/* Exact on little-endian: no borrow reaches a byte before the
		 * first match. */
		if ((m = (v - ones) & ~v & 0x8080808080808080ULL) != 0)
			return p + first_high_byte(m);
	}
#endif
	while (p < e && *p != c)
		p++;
	return p;
}

/* Add the fields of p[0..n), which has no quote: the line is copied once
 * and each delimiter in the copy becomes the NUL that ends a field, the
 * layout raw_add gives field by field. */
static void
split_unquoted(struct rawrec *rr, const char *p, size_t n, char delim)
{
	char *a, *f, *e;
	size_t base;

	if (rr->arena.len + n + 1 >= rr->arena.cap)
		sb_grow(&rr->arena, n + 1);
	base = rr->arena.len;
	a = rr->arena.s + base;
	memcpy(a, p, n);
	a[n] = '\0';
	rr->arena.len += n + 1;
	for (f = a, e = a + n;; f++) {
		char *d = find_byte(f, e, delim);
		if (rr->nf == rr->cap) {
			rr->cap = rr->cap ? rr->cap * 2 : 16;
			rr->off = xreallocarray(rr->off, rr->cap, sizeof(*rr->off));
			rr->len = xreallocarray(rr->len, rr->cap, sizeof(*rr->len));
		}
		rr->off[rr->nf] = (size_t)(f - rr->arena.s);
		rr->len[rr->nf] = (size_t)(d - f);
		rr->nf++;
		if (d == e)
			break;
		*d = '\0';
		f = d;
	}
}

/* Most lines of an export are plain: fields unquoted, or quoted whole with
 * no quote inside ("£6,765.83"), and no CR or LF within the line.  libcsv
 * would hand back their fields unchanged (edge spaces are kept, see
 * has_edge_space) at several times the cost of splitting them here, so
 * such a line, seen while libcsv is between records, is split here.  Any
 * other line (doubled quotes, a quote inside an unquoted field, text
 * after a closing quote, a field running on to the next line) is left,
 * untouched, to libcsv.  p[0..n) is the whole line with its line end. */
static bool
split_plain_line(struct reader *r, struct source *s, const char *p, size_t n)
{
	const char *end, *d, *q;
	size_t k = n - 1;

	if (!s->cr_lines && k > 0 && p[k - 1] == '\r')
		k--;
	if (memchr(p, '\r', k) != NULL || (s->cr_lines && memchr(p, '\n', k) != NULL))
		return false;
	if (k == 0)
		return true;    /* libcsv skips blank lines too */
	end = p + k;
	if (memchr(p, '"', k) == NULL) {
		split_unquoted(&r->cur, p, k, (char)s->delim);
		on_record(0, r);
		return true;
	}
	for (;;) {
		if (p < end && *p == '"') {
			q = memchr(p + 1, '"', (size_t)(end - p - 1));
			if (q == NULL || (q + 1 < end && q[1] != s->delim))
				goto not_plain;
			raw_add(&r->cur, p + 1, (size_t)(q - p - 1));
			d = q + 1 < end ? q + 1 : NULL;
		} else {
			d = memchr(p, s->delim, (size_t)(end - p));
			q = d ? d : end;
			if (memchr(p, '"', (size_t)(q - p)) != NULL)
				goto not_plain;
			raw_add(&r->cur, p, (size_t)(q - p));
		}
		if (d == NULL)
			break;
		p = d + 1;
	}
	on_record(0, r);
	return true;
not_plain:
	raw_clear(&r->cur);
	return false;
}

/* Read up to n bytes into s->buf + at: what was known of the buffer's
 * bytes is forgotten. */
static long
source_read(struct source *s, size_t at, size_t n, struct cust_err *err)
{
	s->utf8_ok = s->utf8_ok_to = s->utf8_retry = 0;
	return input_read(s->in, s->buf + at, n, err);
}

/* Feed CSV until a record is queued or the input ends. */
static int
csv_pump(struct reader *r, struct source *s, struct cust_err *err)
{
	const char eol = s->cr_lines ? '\r' : '\n';
	char *nl;
	size_t n;
	long got;

	while (r->qlen == 0) {
		if (s->pos == s->len) {
			if (s->eof)
				break;
			got = source_read(s, 0, BUF_SIZE, err);
			if (got < 0)
				return -1;
			s->pos = 0;
			s->len = (size_t)got;
			if (got == 0)
				s->eof = true;
			continue;
		}
		nl = memchr(s->buf + s->pos, eol, s->len - s->pos);
		n = nl ? (size_t)(nl - (s->buf + s->pos)) + 1 : s->len - s->pos;
		if (s->csv.pstate == 0) {       /* between records */
			s->rec_line = s->line + 1;
			if (nl != NULL && !s->trim && split_plain_line(r, s, s->buf + s->pos, n)) {
				s->pos += n;
				s->line++;
				continue;
			}
		}
		if (!s->trim)
			csv_set_space_func(&s->csv, has_edge_space(s->buf + s->pos, n, s->delim) ?
			    keep_spaces : NULL);
		/* libcsv grows a field by a fixed block: keep the block as big as
		 * the field so far, so a huge field costs O(n), not O(n^2). */
		if (s->csv.entry_size > 4096)
			csv_set_blk_size(&s->csv, s->csv.entry_size);
		csv_parse(&s->csv, s->buf + s->pos, n, on_field, on_record, r);
		if (csv_error(&s->csv) == CSV_ENOMEM)
			return cust_fail(err, CUST_INPUT, "%s:%ld: out of memory", input_name(s->in), s->line + 1);
		s->pos += n;
		if (nl)
			s->line++;
	}
	if (r->qlen == 0 && s->eof && s->csv_ready) {
		/* Final record without a line end, or an unterminated quote. */
		bool open_quote = s->csv.pstate == 2 && s->csv.quoted;
		csv_fini(&s->csv, on_field, on_record, r);
		if (open_quote && r->qlen > 0)
			r->q[(r->qhead + r->qlen - 1) % r->qcap].error =
			    "unterminated quoted field: the record runs to the end of the input";
		csv_free(&s->csv);
		s->csv_ready = false;
	}
	return 0;
}

/* --- JSON ----------------------------------------------------------------- */

static int
json_refill(struct source *s, size_t keep_from, struct cust_err *err)
{
	long got;

	if (keep_from > 0) {
		memmove(s->buf, s->buf + keep_from, s->len - keep_from);
		s->len -= keep_from;
		s->pos -= keep_from;
	}
	if (s->len == s->cap) {
		/* One element larger than the buffer: grow it. */
		s->cap *= 2;
		s->buf = xrealloc(s->buf, s->cap + SCAN_SLACK);
	}
	got = source_read(s, s->len, s->cap - s->len, err);
	if (got < 0)
		return -1;
	if (got == 0)
		s->eof = true;
	s->len += (size_t)got;
	return 0;
}

/* --- JSON numbers as written --------------------------------------------
 *
 * jansson holds a number as a double or a 64-bit integer, which would turn
 * 99999999999999999999999999.99 into 1e+26 and 1.0000000000000001 into 1.
 * The text of each number that is a value of the object itself is found
 * here, in text jansson has already accepted, and kept as it is written
 * (as a CSV field is); so is an array or object value, without its white
 * space, so that the numbers in it stay as written too. */

struct numtok {
	const char *key, *text;   /* the key as written (escapes kept), the number */
	size_t keylen, len;
	bool escaped;             /* the key has a backslash: compare it decoded */
};

static const char *
json_ws(const char *p, const char *e)
{
	while (p < e && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	return p;
}

/* p at the opening quote; returns past the closing one. */
static const char *
json_skip_string(const char *p, const char *e, bool *escaped)
{
	for (p++; p < e && *p != '"'; p++)
		if (*p == '\\') {
			*escaped = true;
			p++;
		}
	return p < e ? p + 1 : e;
}

static const char *
json_skip_value(const char *p, const char *e)
{
	long depth = 0;
	bool esc;

	do {
		if (*p == '"')
			p = json_skip_string(p, e, &esc);
		else {
			if (*p == '{' || *p == '[')
				depth++;
			else if (*p == '}' || *p == ']')
				depth--;
			else if (depth == 0 && (*p == ',' || *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
				return p;
			p++;
		}
	} while (p < e && depth > 0);
	/* A scalar runs to the next separator. */
	while (depth == 0 && p < e && *p != ',' && *p != '}' && *p != ' ' && *p != '\t' && *p != '\n' &&
	    *p != '\r')
		p++;
	return p;
}

/* The numbers, arrays and objects among the values of the object
 * text[0..n), valid JSON. */
static size_t
json_numbers(const char *text, size_t n, struct numtok **toks, size_t *cap)
{
	const char *p = text, *e = text + n, *k;
	struct numtok t;
	size_t nt = 0;

	p = json_ws(p, e);
	if (p == e || *p != '{')
		return 0;
	p = json_ws(p + 1, e);
	while (p < e && *p == '"') {
		memset(&t, 0, sizeof(t));
		k = p;
		p = json_skip_string(p, e, &t.escaped);
		t.key = k + 1;
		t.keylen = (size_t)(p - k) - 2;
		p = json_ws(p, e);
		p = json_ws(p + 1, e);          /* the ':' */
		k = p;
		p = json_skip_value(p, e);
		if (k < e && (*k == '-' || (*k >= '0' && *k <= '9') || *k == '[' || *k == '{')) {
			t.text = k;
			t.len = (size_t)(p - k);
			if (nt == *cap) {
				*cap = *cap ? *cap * 2 : 8;
				*toks = xreallocarray(*toks, *cap, sizeof(**toks));
			}
			(*toks)[nt++] = t;
		}
		p = json_ws(p, e);
		if (p < e && *p == ',')
			p = json_ws(p + 1, e);
	}
	return nt;
}

static bool
numtok_is(const struct numtok *t, const char *key)
{
	json_t *k;
	bool same;
	char *quoted;

	if (!t->escaped)
		return strlen(key) == t->keylen && memcmp(key, t->key, t->keylen) == 0;
	quoted = xmalloc(t->keylen + 3);
	quoted[0] = '"';
	memcpy(quoted + 1, t->key, t->keylen);
	quoted[t->keylen + 1] = '"';
	k = json_loadb(quoted, t->keylen + 2, JSON_DECODE_ANY, NULL);
	same = k && strcmp(json_string_value(k), key) == 0;
	json_decref(k);
	free(quoted);
	return same;
}

/* The text of key's number; *hint: where to look first (objects usually
 * list their keys in the header's order). */
static const struct numtok *
numtok_find(const struct numtok *t, size_t nt, const char *key, size_t *hint)
{
	size_t i, k;

	for (i = 0; i < nt; i++) {
		k = (*hint + i) % nt;
		if (numtok_is(&t[k], key)) {
			*hint = k + 1;
			return &t[k];
		}
	}
	return NULL;
}

/* A JSON number as written, its exponent (1.5e2) worked into the digits
 * (150), exactly, since money and ids are read without exponents; an
 * exponent past 40 is left as it is. */
static void
number_text(const char *p, size_t n, struct strbuf *out)
{
	const char *e = memchr(p, 'e', n), *dot;
	size_t i, nd = 0, ip;
	long x, point;
	char digits[128];

	if (e == NULL)
		e = memchr(p, 'E', n);
	if (e == NULL || (x = strtol(e + 1, NULL, 10)) > 40 || x < -40 || e - p > 80) {
		sb_add(out, p, n);
		return;
	}
	if (*p == '-') {
		sb_addc(out, '-');
		p++;
	}
	dot = memchr(p, '.', (size_t)(e - p));
	ip = (size_t)((dot ? dot : e) - p);
	for (; p < e; p++)
		if (*p != '.')
			digits[nd++] = *p;
	point = (long)ip + x;
	/* A zero is one zero: 0e5 padded out to its exponent would read
	 * as the id 000000. */
	for (i = 0; i < nd && digits[i] == '0'; i++)
		;
	if (i == nd) {
		sb_addc(out, '0');
		return;
	}
	/* Leading zeros of the integer part go; one stays before a point. */
	for (i = 0; i + 1 < nd && digits[i] == '0' && (long)i + 1 < point; i++)
		;
	if (point <= 0) {
		sb_adds(out, "0.");
		for (x = point; x < 0; x++)
			sb_addc(out, '0');
		sb_add(out, digits, nd);
	} else if ((size_t)point >= nd) {
		sb_add(out, digits + i, nd - i);
		for (x = (long)nd; x < point; x++)
			sb_addc(out, '0');
	} else {
		sb_add(out, digits + i, (size_t)point - i);
		sb_addc(out, '.');
		sb_add(out, digits + point, nd - (size_t)point);
	}
}

/* Values whose text is kept as written. */
static bool
as_written(const json_t *v)
{
	return json_is_number(v) || json_is_array(v) || json_is_object(v);
}

/* An array or object as written, without white space between tokens. */
static void
compact(const char *p, size_t n, struct strbuf *out)
{
	const char *e = p + n, *q;
	bool esc;

	while (p < e) {
		if (*p == '"') {
			q = json_skip_string(p, e, &esc);
			sb_add(out, p, (size_t)(q - p));
			p = q;
		} else {
			if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
				sb_addc(out, *p);
			p++;
		}
	}
}

static void
json_text(const json_t *v, const struct numtok *num, struct strbuf *out)
{
	char buf[64];
	char *dump;

	switch (json_typeof(v)) {
	case JSON_STRING:
		sb_add(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
	case JSON_REAL:
		if (num != NULL) {
			number_text(num->text, num->len, out);
			break;
		}
		if (json_is_integer(v)) {
			snprintf(buf, sizeof(buf), "%" JSON_INTEGER_FORMAT, json_integer_value(v));
			sb_adds(out, buf);
			break;
		}
		/* Not found as written (cannot happen for a value of the
		 * object): the shortest decimal that reads back the same. */
		sb_add(out, buf, number_shortest(json_real_value(v), buf));
		break;
	case JSON_TRUE:
		sb_adds(out, "true");
		break;
	case JSON_FALSE:
		sb_adds(out, "false");
		break;
	case JSON_NULL:
		break;
	default:
		if (num != NULL) {
			compact(num->text, num->len, out);
			break;
		}
		dump = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		if (dump)
			sb_adds(out, dump);
		free(dump);
	}
}

/* How much of a rejected text to quote in its message: about 80 bytes,
 * cut at a character boundary (a 100,000-deep array is not quoted whole). */
static int
quoted_len(const char *text, size_t n)
{
	size_t k = 80;

	if (n <= k)
		return (int)n;
	while (k > 0 && ((unsigned char)text[k] & 0xC0) == 0x80)
		k--;
	return (int)k;
}

static void
raw_error(struct rawrec *rr, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
raw_error(struct rawrec *rr, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(rr->errtext);
	rr->errtext = sb_detach(&sb);
	rr->error = rr->errtext;
}

/* Parse one JSON text: duplicate keys are an error (which one wins is
 * no choice to make silently), NUL in a string is kept (custkit writes it
 * as \u0000), and an integer too large for 64 bits is read again as a
 * real, of which only the text is used. */
static json_t *
json_parse(const char *text, size_t n, json_error_t *jerr)
{
	const size_t flags = JSON_DECODE_ANY | JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL;
	json_t *v = json_loadb(text, n, flags, jerr);

	if (v == NULL && json_error_code(jerr) == json_error_numeric_overflow)
		v = json_loadb(text, n, flags | JSON_DECODE_INT_AS_REAL, jerr);
	return v;
}

/* Turn one JSON text into a queued raw record whose fields follow the
 * header's order (the first object defines the header). */
static void
json_record(struct reader *r, struct source *s, const char *text, size_t n, long line)
{
	json_error_t jerr;
	json_t *obj = json_parse(text, n, &jerr);
	struct rawrec *rr = &r->cur;
	struct strbuf val = STRBUF_INIT, extra = STRBUF_INIT;
	const char *key;
	json_t *v;
	size_t i, nnum = 0, hint = 0;
	int shown = quoted_len(text, n);
	const char *more = (size_t)shown < n ? "…" : "";

	raw_clear(rr);
	rr->line = line;
	if (obj == NULL || !json_is_object(obj)) {
		if (obj == NULL)
			raw_error(rr, "invalid JSON (%s): %.*s%s", jerr.text, shown, text, more);
		else
			raw_error(rr, "not a JSON object: %.*s%s", shown, text, more);
		json_decref(obj);
		queue_push(r);
		return;
	}
	if (r->header.n == 0 && r->next == 1 && json_object_size(obj) > 0) {
		r->header.n = json_object_size(obj);
		r->header.names = xcalloc(r->header.n + 1, sizeof(char *));
		i = 0;
		json_object_foreach(obj, key, v)
			r->header.names[i++] = xstrdup(key);
	}
	s->header_done = true;
	json_object_foreach(obj, key, v)
		if (as_written(v)) {
			nnum = json_numbers(text, n, &s->num, &s->numcap);
			break;
		}
	for (i = 0; i < r->header.n; i++) {
		sb_reset(&val);
		v = json_object_get(obj, r->header.names[i]);
		if (v)
			json_text(v, as_written(v) ? numtok_find(s->num, nnum, r->header.names[i], &hint) : NULL,
			    &val);
		raw_add(rr, sb_str(&val), val.len);
	}
	json_object_foreach(obj, key, v) {
		if (header_find(&r->header, key) < 0) {
			sb_reset(&val);
			json_text(v, as_written(v) ? numtok_find(s->num, nnum, key, &hint) : NULL, &val);
			sb_addf(&extra, "%s\"%s\": \"%s\"", extra.len ? ", " : "", key, sb_str(&val));
		}
	}
	if (extra.len)
		raw_error(rr, "keys not in the header (the first record's keys): %s", extra.s);
	sb_free(&val);
	sb_free(&extra);
	json_decref(obj);
	s->ncols = r->header.n;
	queue_push(r);
}

/* The first valid object gives the header: until one is read, keep
 * reading (bad lines before it wait in the queue, padded later). */
static bool
need_header(const struct reader *r)
{
	return r->header.n == 0 && r->next == 1;
}

/* JSON Lines: each non-blank line is one object. */
static int
jsonl_pump(struct reader *r, struct source *s, struct cust_err *err)
{
	char *nl;
	size_t start, n;

	while (r->qlen == 0 || need_header(r)) {
		nl = memchr(s->buf + s->pos, '\n', s->len - s->pos);
		if (nl == NULL && !s->eof) {
			if (json_refill(s, s->pos, err) < 0)
				return -1;
			continue;
		}
		if (nl == NULL && s->pos == s->len)
			break;
		start = s->pos;
		n = nl ? (size_t)(nl - (s->buf + start)) : s->len - start;
		s->pos = start + n + (nl != NULL);
		s->line++;
		while (n > 0 && (s->buf[start + n - 1] == '\r' || s->buf[start + n - 1] == ' ' ||
		    s->buf[start + n - 1] == '\t'))
			n--;
		while (n > 0 && (s->buf[start] == ' ' || s->buf[start] == '\t')) {
			start++;
			n--;
		}
		if (n == 0)
			continue;
		json_record(r, s, s->buf + start, n, s->line);
	}
	return 0;
}

/* A JSON array of objects, read one element at a time. */
static int
jsonarray_pump(struct reader *r, struct source *s, struct cust_err *err)
{
	size_t i, start;
	long line, depth;
	bool in_str, esc;
	int rc;

	while ((r->qlen == 0 || need_header(r)) && !s->in_array_done) {
		/* Skip white space and separators. */
		for (;;) {
			while (s->pos < s->len && strchr(" \t\r\n,", s->buf[s->pos]) && s->buf[s->pos]) {
				if (s->buf[s->pos] == '\n')
					s->line++;
				s->pos++;
			}
			if (s->pos < s->len || s->eof)
				break;
			if (json_refill(s, s->pos, err) < 0)
				return -1;
		}
		if (s->pos == s->len) {
			return cust_fail(err, CUST_INPUT, "%s:%ld: JSON array is not closed with ']'",
			    input_name(s->in), s->line + 1);
		}
		if (s->buf[s->pos] == ']') {
			s->pos++;
			s->in_array_done = true;
			break;
		}
		/* Find the end of this element by nesting depth. */
		start = s->pos;
		line = s->line + 1;
		depth = 0;
		in_str = esc = false;
		i = start;
		for (;;) {
			for (; i < s->len; i++) {
				char c = s->buf[i];
				if (c == '\n')
					s->line++;
				if (in_str) {
					if (esc)
						esc = false;
					else if (c == '\\')
						esc = true;
					else if (c == '"')
						in_str = false;
					continue;
				}
				if (c == '"')
					in_str = true;
				else if (c == '{' || c == '[')
					depth++;
				else if (c == '}' || c == ']') {
					if (depth == 0)
						break;          /* the array's own ']' */
					if (--depth == 0) {
						i++;
						break;
					}
				} else if (depth == 0 && (c == ',' || c == ' ' || c == '\n' ||
				    c == '\r' || c == '\t'))
					break;
			}
			if (i < s->len || s->eof)
				break;
			rc = json_refill(s, start, err);
			i -= start;
			start = 0;
			if (rc < 0)
				return -1;
		}
		if (i == start && s->buf[i] == ']')
			continue;
		if (i == start)
			i++;    /* a stray '}': reject it as an element, and move on */
		s->pos = i;
		json_record(r, s, s->buf + start, i - start, line);
	}
	return 0;
}

/* --- workbooks --------------------------------------------------------------- */

/* The sheet's next non-empty row into the queue; at the sheet's end, say
 * what was read as empty. */
static int
book_pump(struct reader *r, struct source *s, struct cust_err *err)
{
	struct book_row *row;
	const char *notes;
	size_t i;
	int rc;

	if (r->qlen > 0 || s->eof)
		return 0;
	if ((rc = book_next(s->book, &row, err)) < 0)
		return -1;
	if (rc == 0) {
		s->eof = true;
		/* Said when the caller reaches the end, after the records'
		 * own messages, whichever thread parses. */
		if ((notes = book_notes(s->book)) != NULL)
			sb_addf(&r->notes, "%s: %s\n", input_name(s->in), notes);
		return 0;
	}
	raw_clear(&r->cur);
	for (i = 0; i < row->n; i++)
		raw_add(&r->cur, row->text.s + row->off[i], row->len[i]);
	if (row->error != NULL)
		raw_error(&r->cur, "%s", row->error);
	on_record(0, r);
	r->q[(r->qhead + r->qlen - 1) % r->qcap].line = row->row;
	return 0;
}

/* Is the input a workbook?  Its first bytes say, before any decoding; a
 * workbook needs a file to seek in, so one read from a pipe is copied to a
 * temporary file first. */
static int
book_detect(struct reader *r, struct source *s, struct cust_err *err)
{
	unsigned char head[8];
	const char *path, *dir;
	enum book_kind kind;
	long n;
	int fd;

	if (r->opts.from != FMT_AUTO && r->opts.from != FMT_XLSX && r->opts.from != FMT_XLS)
		return 0;
	if ((n = input_peek_raw(s->in, head, sizeof(head), err)) < 0)
		return -1;
	kind = book_sniff(head, (size_t)n);
	if (kind == BOOK_NONE) {
		if (r->opts.from == FMT_AUTO)
			return 0;
		return cust_fail(err, CUST_INPUT, "%s: not an .%s workbook (neither a zip archive nor an "
		    "OLE2 compound file)", input_name(s->in), format_name(r->opts.from));
	}
	s->fmt = kind == BOOK_ZIP ? FMT_XLSX : FMT_XLS;
	if ((path = input_file_path(s->in)) == NULL) {
		dir = getenv("TMPDIR");
		s->spool = xmalloc(strlen(dir && *dir ? dir : "/tmp") + 32);
		sprintf(s->spool, "%s/custkit-book.XXXXXX", dir && *dir ? dir : "/tmp");
		if ((fd = mkstemp(s->spool)) < 0) {
			free(s->spool);
			s->spool = NULL;
			return cust_fail(err, CUST_INPUT, "%s: cannot copy the workbook to a temporary file: %s",
			    input_name(s->in), strerror(errno));
		}
		n = input_spool(s->in, fd, err);
		if (close(fd) != 0 && n == 0)
			n = cust_fail(err, CUST_INPUT, "%s: %s", s->spool, strerror(errno));
		if (n < 0)
			return -1;
		path = s->spool;
	}
	s->book = book_open(path, input_name(s->in), s->fmt, r->opts.sheet, r->opts.skip, err);
	/* The open workbook keeps the copy's file open: its name can go now,
	 * so that no exit path leaves it behind. */
	if (s->spool != NULL) {
		unlink(s->spool);
		free(s->spool);
		s->spool = NULL;
	}
	return s->book ? 1 : -1;
}

/* --skip N: the header is on line N + 1. */
static int
skip_lines(struct source *s, long n, struct cust_err *err)
{
	char *nl;
	long got;

	while (n > 0) {
		if (s->pos < s->len && (nl = memchr(s->buf + s->pos, '\n', s->len - s->pos)) != NULL) {
			s->pos = (size_t)(nl - s->buf) + 1;
			s->line++;
			n--;
			continue;
		}
		s->pos = s->len = 0;
		if (s->eof)
			break;
		if ((got = source_read(s, 0, BUF_SIZE, err)) < 0)
			return -1;
		s->len = (size_t)got;
		s->eof = got == 0;
	}
	/* Keep enough ahead to sniff the delimiter from. */
	if (s->pos > 0 && !s->eof) {
		memmove(s->buf, s->buf + s->pos, s->len - s->pos);
		s->len -= s->pos;
		s->pos = 0;
		while (!s->eof && s->len < SNIFF_SIZE) {
			if ((got = source_read(s, s->len, BUF_SIZE - s->len, err)) < 0)
				return -1;
			s->eof = got == 0;
			s->len += (size_t)got;
		}
	}
	return 0;
}

static int prefetch_start(struct reader *r, struct cust_err *err);

/* --- sources -------------------------------------------------------------- */

static void
source_free(struct source *s)
{
	if (s == NULL)
		return;
	if (s->csv_ready)
		csv_free(&s->csv);
	book_close(s->book);
	if (s->spool != NULL)
		unlink(s->spool);
	free(s->spool);
	input_close(s->in);
	free(s->buf);
	free(s->map);
	free(s->num);
	free(s);
}

static int
source_open(struct reader *r, const char *path, struct cust_err *err)
{
	struct source *s = xcalloc(1, sizeof(*s));
	long got;
	size_t i;
	int rc;

	s->in = input_open(path, r->opts.encoding, r->opts.warn, r->opts.warn_ctx, err);
	if (s->in == NULL) {
		free(s);
		return -1;
	}
	if (r->opts.copy_stdin > 0 && strcmp(path, "-") == 0)
		input_copy_to(s->in, r->opts.copy_stdin);
	s->cap = BUF_SIZE;
	s->buf = xcalloc(1, s->cap + SCAN_SLACK);
	if ((rc = book_detect(r, s, err)) != 0) {
		if (rc < 0) {
			source_free(s);
			return -1;
		}
		goto opened;
	}
	/* Read enough to detect the format and sniff the delimiter. */
	while (!s->eof && s->len < SNIFF_SIZE) {
		got = source_read(s, s->len, BUF_SIZE - s->len, err);
		if (got < 0) {
			source_free(s);
			return -1;
		}
		if (got == 0)
			s->eof = true;
		s->len += (size_t)got;
	}
	s->fmt = r->opts.from;
	s->delim = r->opts.delimiter;
	if (s->fmt == FMT_AUTO) {
		for (i = 0; i < s->len && strchr(" \t\r\n", s->buf[i]) && s->buf[i]; i++)
			;
		if (i < s->len && s->buf[i] == '[')
			s->fmt = FMT_JSON;
		else if (i < s->len && s->buf[i] == '{')
			s->fmt = FMT_JSONL;
		else
			s->fmt = FMT_CSV;
	}
	if (s->fmt == FMT_TSV && s->delim == 0)
		s->delim = '\t';
	if ((s->fmt == FMT_CSV || s->fmt == FMT_TSV) && r->opts.skip > 0 &&
	    skip_lines(s, r->opts.skip, err) < 0) {
		source_free(s);
		return -1;
	}
	if (s->fmt == FMT_CSV || s->fmt == FMT_TSV) {
		sniff_csv(s);
		if (s->fmt == FMT_CSV && s->delim == '\t' && r->opts.from == FMT_AUTO)
			s->fmt = FMT_TSV;
		csv_start(r, s);
	} else if (s->fmt == FMT_JSON) {
		for (i = 0; i < s->len && s->buf[i] != '['; i++)
			if (s->buf[i] == '\n')
				s->line++;
		if (i == s->len) {
			cust_fail(err, CUST_INPUT, "%s: --from json expects an array of objects", input_name(s->in));
			source_free(s);
			return -1;
		}
		s->pos = i + 1;
		s->json_array = true;
	}
opened:
	if (r->src == NULL && r->next == 0)
		r->first_fmt = s->fmt;
	source_free(r->src);
	r->src = s;
	r->next++;
	return 0;
}

/* Parse the next record of the current source into the queue. */
static int
pump(struct reader *r, struct cust_err *err)
{
	struct source *s = r->src;

	switch (s->fmt) {
	case FMT_XLSX:
	case FMT_XLS:
		return book_pump(r, s, err);
	case FMT_JSON:
		return jsonarray_pump(r, s, err);
	case FMT_JSONL:
		return jsonl_pump(r, s, err);
	default:
		return csv_pump(r, s, err);
	}
}

/* Match a later file's header to the first one by name. */
static int
map_header(struct reader *r, struct source *s, const struct rawrec *h, struct cust_err *err)
{
	struct strbuf why = STRBUF_INIT;
	bool *seen = xcalloc(r->header.n + 1, 1);
	size_t i;
	long k;
	int rc = 0;

	s->map = xcalloc(h->nf + 1, sizeof(size_t));
	for (i = 0; i < h->nf; i++) {
		k = header_find(&r->header, h->arena.s + h->off[i]);
		if (k < 0 || seen[k])
			sb_addf(&why, "%sextra column '%s'", why.len ? ", " : "", h->arena.s + h->off[i]);
		else {
			seen[k] = true;
			s->map[i] = (size_t)k;
		}
	}
	for (i = 0; i < r->header.n; i++)
		if (!seen[i])
			sb_addf(&why, "%smissing column '%s'", why.len ? ", " : "", r->header.names[i]);
	if (why.len)
		rc = cust_fail(err, CUST_INPUT, "%s:%ld: columns differ from %s: %s",
		    input_name(s->in), h->line, r->paths[0], why.s);
	sb_free(&why);
	free(seen);
	return rc;
}

static int
take_header(struct reader *r, struct source *s, struct cust_err *err)
{
	struct rawrec *h;
	size_t i;

	s->header_done = true;
	if (r->qlen == 0) {
		s->ncols = r->header.n;  /* empty file: no header, no records */
		return 0;
	}
	queue_pop(r);
	h = &r->out;
	s->ncols = h->nf;
	if (r->next == 1) {
		r->header.n = h->nf;
		r->header.names = xcalloc(h->nf + 1, sizeof(char *));
		for (i = 0; i < h->nf; i++)
			r->header.names[i] = xstrdup(h->arena.s + h->off[i]);
		return 0;
	}
	return map_header(r, s, h, err);
}

struct reader *
reader_open(char *const *paths, size_t npaths, const struct reader_opts *opts,
    struct cust_err *err)
{
	static char *const stdin_path[] = {"-"};
	struct reader *r = xcalloc(1, sizeof(*r));

	if (npaths == 0) {
		paths = stdin_path;
		npaths = 1;
	}
	r->paths = (char **)paths;
	r->npaths = npaths;
	r->opts = *opts;
	if (source_open(r, paths[0], err) < 0)
		goto fail;
	if (r->src->fmt != FMT_JSON && r->src->fmt != FMT_JSONL) {
		if (pump(r, err) < 0 || take_header(r, r->src, err) < 0)
			goto fail;
	} else {
		if (pump(r, err) < 0)
			goto fail;
		r->src->header_done = true;
	}
	return r;
fail:
	reader_close(r);
	return NULL;
}

const struct header *
reader_header(const struct reader *r)
{
	return &r->header;
}

bool
reader_header_hint(const struct reader *r, struct strbuf *out)
{
	const char *enc = r->src ? input_encoding(r->src->in) : "UTF-8";
	struct strbuf utf8 = STRBUF_INIT;
	size_t i;
	bool found = false;

	for (i = 0; i < r->header.n && !found; i++) {
		const char *name = r->header.names[i];
		if (strcmp(enc, "UTF-8") == 0 && !utf8_valid(name, strlen(name))) {
			sb_addf(out, " (the header is not valid UTF-8: is the file in another encoding? "
			    "try --encoding)");
			found = true;
		} else if (misdecoded_utf8(name, enc, &utf8)) {
			sb_addf(out, " (the header looks like UTF-8 read as %s: '%s' is '%s' in UTF-8; "
			    "is --encoding wrong?)", enc, name, utf8.s);
			found = true;
		}
	}
	sb_free(&utf8);
	return found;
}

enum format
reader_format(const struct reader *r)
{
	return r->first_fmt;
}

/* NULL if every field is valid UTF-8, else the message (kept in buf).
 * enc: the encoding the input was decoded from (the decoder marks what it
 * could not decode with bytes that are not UTF-8). */
static const char *
check_utf8(const struct reader *r, const struct record *rec, bool contiguous, const char *enc,
    struct strbuf *buf)
{
	size_t i = rec->n;

	/* Fields laid out one after another (NUL-separated) are checked in one
	 * pass; NUL is valid UTF-8. */
	if (rec->n > 0 && (contiguous || record_contiguous(rec)) &&
	    utf8_valid(rec->field[0], (size_t)(rec->field[i - 1] + rec->len[i - 1] - rec->field[0])))
		return NULL;
	for (i = 0; i < rec->n; i++)
		if (!utf8_valid(rec->field[i], rec->len[i]))
			break;
	if (i == rec->n)
		return NULL;
	sb_reset(buf);
	if (strcmp(enc, "UTF-8") != 0)
		sb_addf(buf, "column '%s' holds bytes that are not valid %s", r->header.names[i], enc);
	else
		sb_addf(buf, "invalid UTF-8 in column '%s' (is the file in another encoding? try --encoding)",
		    r->header.names[i]);
	return buf->s;
}

/* Lay the raw record out in header order, noting ragged rows and bad UTF-8. */
static void
make_record(struct reader *r, struct source *s)
{
	struct rawrec *rr = &r->out;
	struct record *rec = &r->rec;
	size_t i, k, n = r->header.n;
	static char empty[] = "";

	if (rec->field == NULL) {
		/* The header's width never changes: allocate once. */
		rec->field = xcalloc(n + 1, sizeof(char *));
		rec->len = xcalloc(n + 1, sizeof(size_t));
	}
	rec->n = n;
	rec->file = input_name(s->in);
	rec->line = rr->line;
	rec->error = rr->error;
	if (s->map == NULL && rr->nf == n) {
		/* The raw fields, one after another in the arena. */
		for (i = 0; i < n; i++) {
			rec->field[i] = rr->arena.s + rr->off[i];
			rec->len[i] = rr->len[i];
		}
	} else {
		for (i = 0; i < n; i++) {
			rec->field[i] = empty;
			rec->len[i] = 0;
		}
		for (i = 0; i < rr->nf && i < s->ncols; i++) {
			k = s->map ? s->map[i] : i;
			if (k < n) {
				rec->field[k] = rr->arena.s + rr->off[i];
				rec->len[k] = rr->len[i];
			}
		}
	}
	if (rec->error == NULL && rr->nf > s->ncols && s->book != NULL) {
		/* A sheet's row simply ends at its last value: only cells past
		 * the header's last column are wrong. */
		sb_reset(&r->errbuf);
		sb_addf(&r->errbuf, "values beyond the header's last column (is the header on a later row? "
		    "see --skip):");
		for (i = s->ncols; i < rr->nf; i++)
			if (rr->len[i] > 0)
				sb_addf(&r->errbuf, " \"%s\"", rr->arena.s + rr->off[i]);
		rec->error = r->errbuf.s;
	} else if (rec->error == NULL && rr->nf != s->ncols && (s->fmt == FMT_CSV || s->fmt == FMT_TSV)) {
		sb_reset(&r->errbuf);
		sb_addf(&r->errbuf, "expected %zu %s, found %zu", s->ncols, plural(s->ncols, "field", "fields"),
		    rr->nf);
		for (i = s->ncols; i < rr->nf; i++)
			sb_addf(&r->errbuf, "%s\"%s\"", i == s->ncols ? "; extra fields: " : ", ",
			    rr->arena.s + rr->off[i]);
		rec->error = r->errbuf.s;
	}
	/* Checked here, in the parsing thread when there is one: with plain
	 * lines split without libcsv it is the less busy thread. */
	if (rec->error == NULL)
		rec->error = check_utf8(r, rec, s->map == NULL && rr->nf == n, input_encoding(s->in),
		    &r->errbuf);
}

/* The next record, parsed in this thread. */
static int
next_record(struct reader *r, struct record **out, struct cust_err *err)
{
	for (;;) {
		if (r->qlen > 0) {
			queue_pop(r);
			make_record(r, r->src);
			*out = &r->rec;
			return 1;
		}
		if (pump(r, err) < 0)
			return -1;
		if (r->qlen > 0) {
			if (!r->src->header_done && take_header(r, r->src, err) < 0)
				return -1;
			continue;
		}
		/* This input is done: go on to the next one. */
		if (r->next >= r->npaths)
			return 0;
		if (source_open(r, r->paths[r->next], err) < 0)
			return -1;
		if (r->src->fmt == FMT_JSON || r->src->fmt == FMT_JSONL)
			r->src->header_done = true;
	}
}

/* --- background parsing ------------------------------------------------------
 *
 * Parsing CSV costs about as much as everything a program does with the
 * records, so with prefetch a second thread parses while the program works.
 * Records travel in batches through a ring of NBATCH, which bounds memory:
 * the parser waits when the program falls behind.  A record handed out
 * stays valid until the next reader_next(), as without prefetch.
 */

#define NBATCH 4
#define BATCH_RECORDS 2048
#define BATCH_BYTES (1 << 20)

struct batch {
	struct strbuf arena;        /* field bytes, each NUL-terminated */
	size_t *off, *len;          /* nrec * width entries */
	char **field;               /* into arena (off: room to move them) */
	unsigned char *prep;        /* reader_prepare's output, nrec * its size */
	long *line;
	const char **file;
	char **error;               /* owned, or NULL */
	size_t nrec, cap;
};

struct prefetch {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct batch ring[NBATCH];
	unsigned long produced, consumed;   /* batches; the ring holds produced - consumed */
	bool done, stop, started;
	int rc;                     /* 0 at the end, -1 after an error */
	struct cust_err err;
	size_t width;
	size_t prep_size;
	size_t at;                  /* next record in ring[consumed % NBATCH] */
	bool holding;               /* the consumer holds ring[consumed % NBATCH] */
	struct namelist names;      /* input names, kept until close */
};

static void
batch_reserve(const struct prefetch *pf, struct batch *b)
{
	if (b->nrec == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->off = xreallocarray(b->off, b->cap * pf->width + 1, sizeof(size_t));
		b->len = xreallocarray(b->len, b->cap * pf->width + 1, sizeof(size_t));
		b->field = xreallocarray(b->field, b->cap * pf->width + 1, sizeof(char *));
		b->prep = xreallocarray(b->prep, b->cap, pf->prep_size + 1);
		b->line = xreallocarray(b->line, b->cap, sizeof(long));
		b->file = xreallocarray(b->file, b->cap, sizeof(char *));
		b->error = xreallocarray(b->error, b->cap, sizeof(char *));
	}
}

static bool
batch_full(const struct batch *b)
{
	return b->nrec == BATCH_RECORDS || b->arena.len >= BATCH_BYTES;
}

/* Room for n more bytes in b's arena.  Its records' fields point into
 * it: when it moves, they move with it (rarely: it starts as large as a
 * batch and an input buffer). */
static void
batch_room(const struct prefetch *pf, struct batch *b, size_t n)
{
	char *old = b->arena.s;
	size_t i, nf = b->nrec * pf->width;

	if (b->arena.len + n + 1 <= b->arena.cap)
		return;
	for (i = 0; i < nf; i++)
		b->off[i] = (size_t)(b->field[i] - old);
	sb_grow(&b->arena, n > BATCH_BYTES + BUF_SIZE ? n : BATCH_BYTES + BUF_SIZE);
	for (i = 0; i < nf; i++)
		b->field[i] = b->arena.s + b->off[i];
}

static void
batch_add(struct prefetch *pf, struct batch *b, const struct record *rec)
{
	size_t i, k, total;
	char *p;

	batch_reserve(pf, b);
	k = b->nrec * pf->width;
	for (i = 0, total = 0; i < pf->width; i++)
		total += rec->len[i] + 1;
	batch_room(pf, b, total);
	p = b->arena.s + b->arena.len;
	/* Fields laid out one after another, as the parser leaves them: one
	 * copy for the whole record. */
	if (pf->width > 0 && record_contiguous(rec)) {
		memcpy(p, rec->field[0], total);
		for (i = 0; i < pf->width; i++) {
			b->field[k + i] = p + (rec->field[i] - rec->field[0]);
			b->len[k + i] = rec->len[i];
		}
		p += total;
	} else {
		for (i = 0; i < pf->width; i++) {
			b->field[k + i] = p;
			b->len[k + i] = rec->len[i];
			memcpy(p, rec->field[i], rec->len[i]);
			p += rec->len[i];
			*p++ = '\0';
		}
	}
	b->arena.len = (size_t)(p - b->arena.s);
	b->line[b->nrec] = rec->line;
	b->file[b->nrec] = namelist_keep(&pf->names, rec->file);
	b->error[b->nrec] = rec->error ? xstrdup(rec->error) : NULL;
	b->nrec++;
}

/* Bit i of *delims, *stops, *high and *nls: byte p[i] (i < 16, i < n)
 * is the delimiter; a quote or CR; not ASCII; a newline.  p[0..16) is
 * readable (the input buffer has SCAN_SLACK bytes after its end). */
static inline void
scan16(const char *p, size_t n, char delim, unsigned *delims, unsigned *stops, unsigned *high,
    unsigned *nls)
{
	unsigned live = n >= 16 ? 0xFFFFu : (1u << n) - 1;
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	*delims = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(delim))) & live;
	*stops = (unsigned)_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')))) & live;
	*high = (unsigned)_mm_movemask_epi8(v) & live;
	*nls = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n'))) & live;
#else
	size_t i;

	*delims = *stops = *high = *nls = 0;
	for (i = 0; i < 16 && i < n; i++) {
		*delims |= (unsigned)(p[i] == delim) << i;
		*stops |= (unsigned)(p[i] == '"' || p[i] == '\r') << i;
		*high |= (unsigned)((unsigned char)p[i] >= 0x80) << i;
		*nls |= (unsigned)(p[i] == '\n') << i;
	}
	(void)live;
#endif
}

/* The line at p, of the avail bytes there, if it is plain: split at
 * delim as split_unquoted does, in one pass over the input, its fields
 * set as they will be once the line is copied to a (field[], len[]).
 * Returns the bytes up to and with its newline, *k those of its text (no
 * CR before the newline) and *nf its fields; 0 when the line is not
 * plain (a quote, or a CR but that one), has more than width fields or
 * ends past avail: the general path takes it, and words any error.
 * *high: its first byte that is not ASCII, or *k. */
static size_t
scan_plain_line(const char *p, size_t avail, char delim, size_t width, char *a, char **field,
    size_t *len, size_t *nf, size_t *k, size_t *high)
{
	size_t n = 0, start = 0, stop = SIZE_MAX, i, end;
	unsigned dm, qm, hm, nm;

	*high = SIZE_MAX;
	/* Sixteen bytes a step: the delimiters as a bit mask. */
	for (i = 0; i < avail; i += 16) {
		scan16(p + i, avail - i, delim, &dm, &qm, &hm, &nm);
		if (nm != 0) {
			unsigned before = (1u << __builtin_ctz(nm)) - 1;
			dm &= before;
			qm &= before;
			hm &= before;
		}
		if (qm != 0 && stop == SIZE_MAX)
			stop = i + (size_t)__builtin_ctz(qm);
		if (hm != 0 && *high == SIZE_MAX)
			*high = i + (size_t)__builtin_ctz(hm);
		for (; dm != 0; dm &= dm - 1) {
			size_t d = i + (size_t)__builtin_ctz(dm);
			if (n == width - 1)
				return 0;
			field[n] = a + start;
			len[n++] = d - start;
			start = d + 1;
		}
		if (nm == 0)
			continue;
		end = i + (size_t)__builtin_ctz(nm);
		*k = end > 0 && p[end - 1] == '\r' ? end - 1 : end;
		if (stop < *k)
			return 0;
		field[n] = a + start;
		len[n++] = *k - start;
		*nf = n;
		if (*high > *k)
			*high = *k;
		return end + 1;
	}
	return 0;
}

/* Lines are checked for UTF-8 a window at a time, SIMD-fast (utf8_valid),
 * rather than one by one: the window's whole lines from p, when they are
 * all valid, end at the returned newline; otherwise p is returned, and
 * *retry_at says where a window is worth trying again (each line up to
 * there is checked alone, and so the bad one is found). */
#define UTF8_WINDOW (16 * 1024)

static const char *
valid_lines(const char *p, const char *end, const char **retry_at)
{
	size_t n = (size_t)(end - p) < UTF8_WINDOW ? (size_t)(end - p) : UTF8_WINDOW;
	const char *nl = memrchr(p, '\n', n);

	if (nl != NULL && utf8_valid(p, (size_t)(nl - p)))
		return nl;
	*retry_at = p + n;
	return p;
}

static void
batch_plain_lines(struct reader *r, struct prefetch *pf, struct batch *b)
{
	struct source *s = r->src;
	const char *file = NULL;
	const char *valid_from, *valid_to, *retry_at;

	if (s == NULL || (s->fmt != FMT_CSV && s->fmt != FMT_TSV) || !s->header_done ||
	    r->qlen > 0 || s->trim || s->cr_lines || s->map != NULL || s->ncols != pf->width ||
	    pf->width == 0 || !s->csv_ready || s->csv.pstate != 0)
		return;
	/* What earlier calls learnt of this buffer holds: a call per run of
	 * plain lines would otherwise check a window for each. */
	valid_from = s->buf + s->utf8_ok;
	valid_to = s->buf + s->utf8_ok_to;
	retry_at = s->buf + s->utf8_retry;
	while (!batch_full(b) && s->pos < s->len) {
		const char *p = s->buf + s->pos;
		size_t avail = s->len - s->pos, at, n, k, nf, high, i;
		char *a;

		batch_reserve(pf, b);
		batch_room(pf, b, avail + 1);
		a = b->arena.s + b->arena.len;
		at = b->nrec * pf->width;
		n = scan_plain_line(p, avail, (char)s->delim, pf->width, a, b->field + at, b->len + at, &nf, &k,
		    &high);
		if (n == 0)
			break;
		/* A blank line is no record, as with libcsv. */
		if (k > 0) {
			if (high < k && (p < valid_from || p + k > valid_to) && p >= retry_at) {
				valid_from = p;
				valid_to = valid_lines(p, s->buf + s->len, &retry_at);
			}
			if (nf != pf->width ||
			    (high < k && (p < valid_from || p + k > valid_to) && !utf8_valid(p + high, k - high)))
				break;
			memcpy(a, p, k);
			for (i = 0; i < nf; i++)
				b->field[at + i][b->len[at + i]] = '\0';
			if (file == NULL)
				file = namelist_keep(&pf->names, input_name(s->in));
			b->arena.len += k + 1;
			b->line[b->nrec] = s->line + 1;
			b->file[b->nrec] = file;
			b->error[b->nrec] = NULL;
			b->nrec++;
		}
		s->pos += n;
		s->line++;
	}
	s->utf8_ok = (size_t)(valid_from - s->buf);
	s->utf8_ok_to = (size_t)(valid_to - s->buf);
	s->utf8_retry = (size_t)(retry_at - s->buf);
}

static void
batch_clear(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->nrec; i++)
		free(b->error[i]);
	b->nrec = 0;
	sb_reset(&b->arena);
}

/* Run the caller's preparation on each record of a complete batch. */
static void
batch_prepare(struct reader *r, struct batch *b)
{
	struct prefetch *pf = r->pf;
	struct record view;
	size_t k;

	view.n = pf->width;
	for (k = 0; k < b->nrec; k++) {
		view.field = b->field + k * pf->width;
		view.len = b->len + k * pf->width;
		view.file = b->file[k];
		view.line = b->line[k];
		view.error = b->error[k];
		r->prep_fn(&view, b->prep + k * pf->prep_size, r->prep_ctx);
	}
}

static void *
prefetch_main(void *arg)
{
	struct reader *r = arg;
	struct prefetch *pf = r->pf;
	struct cust_err err;
	struct record *rec;
	struct batch *b = NULL;
	int rc = 0;

	for (;;) {
		if (b == NULL) {
			pthread_mutex_lock(&pf->mu);
			while (pf->produced - pf->consumed == NBATCH && !pf->stop)
				pthread_cond_wait(&pf->cv, &pf->mu);
			if (pf->stop) {
				pthread_mutex_unlock(&pf->mu);
				return NULL;
			}
			b = &pf->ring[pf->produced % NBATCH];
			pthread_mutex_unlock(&pf->mu);
			batch_clear(b);
		}
		batch_plain_lines(r, pf, b);
		rc = 1;
		if (!batch_full(b) && (rc = next_record(r, &rec, &err)) > 0)
			batch_add(pf, b, rec);
		if (rc <= 0 || batch_full(b)) {
			if (r->prep_fn != NULL)
				batch_prepare(r, b);
			pthread_mutex_lock(&pf->mu);
			if (b->nrec > 0)
				pf->produced++;
			b = NULL;
			if (rc <= 0) {
				pf->done = true;
				pf->rc = rc;
				if (rc < 0)
					pf->err = err;
			}
			pthread_cond_broadcast(&pf->cv);
			pthread_mutex_unlock(&pf->mu);
			if (rc <= 0)
				return NULL;
		}
	}
}

static int
prefetch_start(struct reader *r, struct cust_err *err)
{
	struct prefetch *pf = xcalloc(1, sizeof(*pf));

	pf->width = r->header.n;
	pf->prep_size = r->prep_fn ? r->prep_size : 0;
	pthread_mutex_init(&pf->mu, NULL);
	pthread_cond_init(&pf->cv, NULL);
	r->pf = pf;
	if (pthread_create(&pf->thread, NULL, prefetch_main, r) != 0) {
		r->pf = NULL;
		free(pf);
		/* Not fatal: read in this thread instead. */
		(void)err;
		return 0;
	}
	pf->started = true;
	return 0;
}

static int
prefetch_next(struct reader *r, struct record **out, struct cust_err *err)
{
	struct prefetch *pf = r->pf;
	struct batch *b;
	struct record *rec = &r->pfrec;
	size_t k;

	/* Within a batch we hold, no lock is needed: the parser does not touch
	 * it until we give it back. */
	if (pf->holding && pf->at < pf->ring[pf->consumed % NBATCH].nrec) {
		b = &pf->ring[pf->consumed % NBATCH];
		goto take;
	}
	pthread_mutex_lock(&pf->mu);
	if (pf->holding && pf->at == pf->ring[pf->consumed % NBATCH].nrec) {
		/* Done with this batch: give it back to the parser. */
		pf->consumed++;
		pf->holding = false;
		pthread_cond_broadcast(&pf->cv);
	}
	while (!pf->holding && pf->consumed == pf->produced && !pf->done)
		pthread_cond_wait(&pf->cv, &pf->mu);
	if (!pf->holding && pf->consumed == pf->produced) {
		pthread_mutex_unlock(&pf->mu);
		if (pf->rc < 0 && err)
			*err = pf->err;
		return pf->rc;
	}
	if (!pf->holding) {
		pf->holding = true;
		pf->at = 0;
	}
	b = &pf->ring[pf->consumed % NBATCH];
	pthread_mutex_unlock(&pf->mu);
take:
	k = pf->at * pf->width;
	rec->n = pf->width;
	rec->field = b->field + k;
	rec->len = b->len + k;
	rec->line = b->line[pf->at];
	rec->file = b->file[pf->at];
	rec->error = b->error[pf->at];
	pf->at++;
	r->count++;
	*out = rec;
	return 1;
}

static void
prefetch_free(struct prefetch *pf)
{
	size_t i;

	if (pf == NULL)
		return;
	if (pf->started) {
		pthread_mutex_lock(&pf->mu);
		pf->stop = true;
		pthread_cond_broadcast(&pf->cv);
		pthread_mutex_unlock(&pf->mu);
		pthread_join(pf->thread, NULL);
	}
	for (i = 0; i < NBATCH; i++) {
		batch_clear(&pf->ring[i]);
		sb_free(&pf->ring[i].arena);
		free(pf->ring[i].off);
		free(pf->ring[i].len);
		free(pf->ring[i].field);
		free(pf->ring[i].prep);
		free(pf->ring[i].line);
		free(pf->ring[i].file);
		free(pf->ring[i].error);
	}
	namelist_free(&pf->names);
	pthread_mutex_destroy(&pf->mu);
	pthread_cond_destroy(&pf->cv);
	free(pf);
}

/* The warnings kept for the end of the input, each said once. */
static void
end_notes(struct reader *r)
{
	char *line, *nl;

	for (line = r->notes.s; line != NULL && *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		if (r->opts.warn != NULL)
			r->opts.warn(r->opts.warn_ctx, WARN_INPUT, line);
	}
	sb_reset(&r->notes);
}

int
reader_next(struct reader *r, struct record **out, struct cust_err *err)
{
	int rc;

	/* The parsing thread starts here, not on open: the caller may still
	 * set up reader_prepare, and a program reading two inputs one after
	 * the other does not parse both at once. */
	if (r->opts.prefetch && !r->pf_tried) {
		r->pf_tried = true;
		if (prefetch_start(r, err) < 0)
			return -1;
	}
	if (r->pf != NULL)
		rc = prefetch_next(r, out, err);
	else if ((rc = next_record(r, out, err)) > 0) {
		r->count++;
		if (r->prep_fn != NULL)
			r->prep_fn(*out, r->prep, r->prep_ctx);
	}
	if (rc == 0)
		end_notes(r);
	return rc;
}

void
reader_prepare(struct reader *r, reader_prepare_fn *fn, void *ctx, size_t size)
{
	r->prep_fn = fn;
	r->prep_ctx = ctx;
	r->prep_size = size;
	free(r->prep);
	r->prep = xcalloc(1, size + 1);
}

const void *
reader_prepared(const struct reader *r)
{
	const struct prefetch *pf = r->pf;

	if (pf == NULL)
		return r->prep;
	return pf->ring[pf->consumed % NBATCH].prep + (pf->at - 1) * pf->prep_size;
}

const void *
reader_peek_prepared(const struct reader *r, size_t ahead)
{
	const struct prefetch *pf = r->pf;
	const struct batch *b;

	if (pf == NULL || !pf->holding || r->prep_fn == NULL)
		return NULL;
	b = &pf->ring[pf->consumed % NBATCH];
	if (pf->at + ahead - 1 >= b->nrec || b->error[pf->at + ahead - 1] != NULL)
		return NULL;
	return b->prep + (pf->at + ahead - 1) * pf->prep_size;
}

const char *
reader_peek(const struct reader *r, size_t ahead, size_t col, size_t *len)
{
	const struct prefetch *pf = r->pf;
	const struct batch *b;
	size_t k;

	/* Only within the batch the consumer holds: the parser owns the
	 * rest of the ring. */
	if (pf == NULL || !pf->holding || col >= pf->width)
		return NULL;
	b = &pf->ring[pf->consumed % NBATCH];
	if (pf->at + ahead - 1 >= b->nrec || b->error[pf->at + ahead - 1] != NULL)
		return NULL;
	k = (pf->at + ahead - 1) * pf->width + col;
	*len = b->len[k];
	return b->field[k];
}

unsigned long long
reader_count(const struct reader *r)
{
	return r->count;
}

void
reader_stop_copy(struct reader *r)
{
	r->opts.copy_stdin = 0;
	if (r->src != NULL)
		input_copy_to(r->src->in, -1);
}

void
reader_close(struct reader *r)
{
	size_t i;

	if (r == NULL)
		return;
	prefetch_free(r->pf);
	free(r->prep);
	source_free(r->src);
	raw_free(&r->cur);
	raw_free(&r->out);
	for (i = 0; i < r->qcap; i++)
		raw_free(&r->q[i]);
	free(r->q);
	for (i = 0; i < r->header.n; i++)
		free(r->header.names[i]);
	free(r->header.names);
	free(r->rec.field);
	free(r->rec.len);
	sb_free(&r->errbuf);
	sb_free(&r->notes);
	free(r);
}
