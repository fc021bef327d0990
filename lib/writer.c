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

#include "numfmt.h"
#include "xlsxout.h"

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
	return w;
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

static void
put_csv(struct writer *w, const char *s, size_t n)
{
	bool neutralise = w->opts.excel && formula_like(s, n);
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
		if (w->opts.excel || len + 16 >= WBUF_SIZE || !copy_plain(w, vals[i], len))
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
			put_json_string(w, vals[i], lens ? lens[i] : strlen(vals[i]));
		}
		wputc(w, '}');
		if (w->opts.to == FMT_JSONL)
			wputc(w, '\n');
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
	free(w);
}
