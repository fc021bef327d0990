/* input.c — decoding byte source; see input.h. */
#include "input.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "value.h"

#define RAW_SIZE (256 * 1024)

enum mode {
	MODE_DETECT,    /* ASCII so far: pass through, decide at first non-ASCII */
	MODE_PASS,      /* UTF-8: pass through */
	MODE_ICONV,     /* convert with cd */
};

struct input {
	char *name;
	int fd;
	bool own_fd;
	bool eof;
	bool started;           /* BOM check done */
	enum mode mode;
	iconv_t cd;
	const char *encoding;
	size_t unit;            /* bytes per code unit of the encoding: 1, 2 or 4 */
	bool check_forced;      /* --encoding given: see whether the input is UTF-8 */
	char *raw;              /* undecoded bytes raw[pos..len) */
	size_t pos, len;
	warn_fn *warn;
	void *warn_ctx;
	int copy;               /* also write the bytes read here, or -1 */
};

/* The bytes just read, to the copy as well. */
static int
copy_out(struct input *in, const char *p, size_t n, struct cust_err *err)
{
	ssize_t w;

	for (; n > 0; p += w, n -= (size_t)w)
		if ((w = write(in->copy, p, n)) < 0 && errno != EINTR)
			return cust_fail(err, CUST_INPUT, "%s: cannot copy to a temporary file: %s", in->name,
			    strerror(errno));
		else if (w < 0)
			w = 0;
	return 0;
}

static int
fill(struct input *in, struct cust_err *err)
{
	ssize_t n;

	if (in->pos > 0) {
		memmove(in->raw, in->raw + in->pos, in->len - in->pos);
		in->len -= in->pos;
		in->pos = 0;
	}
	while (!in->eof && in->len < RAW_SIZE) {
		n = read(in->fd, in->raw + in->len, RAW_SIZE - in->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return cust_fail(err, CUST_INPUT, "%s: %s", in->name, strerror(errno));
		}
		if (n == 0)
			in->eof = true;
		if (in->copy >= 0 && copy_out(in, in->raw + in->len, (size_t)n, err) < 0)
			return -1;
		in->len += (size_t)n;
		/* One read is enough unless we hold only a fragment. */
		if (in->len - in->pos >= 4)
			break;
	}
	return 0;
}

/* An undecodable unit of UTF-16 is two bytes, of UTF-32 four: skipping
 * one byte would shift decoding by one from there to the end. */
static size_t
unit_size(const char *enc)
{
	static const struct { const char *prefix; size_t unit; } units[] = {
		{"UTF-16", 2}, {"UTF16", 2}, {"UCS-2", 2}, {"UCS2", 2}, {"UNICODE", 2},
		{"UTF-32", 4}, {"UTF32", 4}, {"UCS-4", 4}, {"UCS4", 4}, {"WCHAR_T", 4},
	};
	size_t i;

	for (i = 0; i < ARRAY_LEN(units); i++)
		if (strncasecmp(enc, units[i].prefix, strlen(units[i].prefix)) == 0)
			return units[i].unit;
	return 1;
}

static int
use_iconv(struct input *in, const char *from, struct cust_err *err)
{
	in->cd = iconv_open("UTF-8", from);
	if (in->cd == (iconv_t)-1)
		return cust_fail(err, CUST_USAGE, "unknown encoding '%s'", from);
	in->mode = MODE_ICONV;
	in->encoding = from;
	in->unit = unit_size(from);
	return 0;
}

struct input *
input_open(const char *path, const char *encoding, warn_fn *warn, void *warn_ctx, struct cust_err *err)
{
	struct input *in;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		cust_fail(err, CUST_INPUT, "%s: %s", path, strerror(errno));
		return NULL;
	}
	in = xcalloc(1, sizeof(*in));
	in->name = xstrdup(strcmp(path, "-") == 0 ? "stdin" : path);
	in->fd = fd;
	in->own_fd = fd != STDIN_FILENO;
	in->raw = xmalloc(RAW_SIZE);
	in->cd = (iconv_t)-1;
	in->warn = warn;
	in->warn_ctx = warn_ctx;
	in->copy = -1;
	in->mode = MODE_DETECT;
	in->encoding = "UTF-8";
	/* Someone who forgot the file name, or the pipe, would otherwise
	 * look at a program that seems to hang. */
	if (fd == STDIN_FILENO && isatty(fd) && warn != NULL)
		warn(warn_ctx, WARN_DETAIL, "waiting for records on the terminal (end them with Ctrl-D)");
	if (encoding != NULL) {
		if (strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0)
			in->mode = MODE_PASS;
		else if (use_iconv(in, encoding, err) < 0) {
			input_close(in);
			return NULL;
		} else
			in->check_forced = true;
	}
	return in;
}

static void warnf(struct input *in, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
warnf(struct input *in, const char *fmt, ...)
{
	char msg[512];
	int n;
	va_list ap;

	if (in->warn == NULL)
		return;
	n = snprintf(msg, sizeof(msg), "%s: ", in->name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - (size_t)n, fmt, ap);
	va_end(ap);
	/* Every warning of this kind is about how the whole input is read. */
	in->warn(in->warn_ctx, WARN_INPUT, msg);
}

/* Drop a UTF-8 BOM, or switch to UTF-16 on a UTF-16 BOM (iconv's "UTF-16"
 * reads the BOM itself). */
static int
check_bom(struct input *in, struct cust_err *err)
{
	const unsigned char *r = (const unsigned char *)in->raw + in->pos;
	size_t n = in->len - in->pos;

	in->started = true;
	if (n >= 3 && r[0] == 0xEF && r[1] == 0xBB && r[2] == 0xBF) {
		in->pos += 3;
		if (in->mode == MODE_DETECT)
			in->mode = MODE_PASS;
	} else if (n >= 2 && ((r[0] == 0xFF && r[1] == 0xFE) || (r[0] == 0xFE && r[1] == 0xFF))) {
		if (in->mode == MODE_ICONV)
			return 0;
		in->mode = MODE_DETECT;
		return use_iconv(in, "UTF-16", err);
	}
	return 0;
}

/* Is s[0..n) valid UTF-8, allowing a sequence cut off by the buffer end? */
static bool
utf8_prefix_valid(const char *s, size_t n, bool at_eof)
{
	size_t cut = n, back;

	if (!at_eof) {
		/* Step back over a possibly incomplete final sequence. */
		for (back = 0; back < 4 && back < n; back++) {
			unsigned char c = (unsigned char)s[n - 1 - back];
			if ((c & 0xC0) != 0x80) {
				if (c >= 0xC0)
					cut = n - 1 - back;
				break;
			}
		}
	}
	return utf8_valid(s, cut);
}

static bool
gb18030_valid(const char *s, size_t n)
{
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	char out[4096], *ip = (char *)s, *op;
	size_t il = n, ol;
	bool ok = true;

	if (cd == (iconv_t)-1)
		return false;
	while (il > 0) {
		op = out;
		ol = sizeof(out);
		if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
			if (errno == E2BIG)
				continue;
			ok = errno == EINVAL;   /* cut off at the end: fine */
			break;
		}
	}
	iconv_close(cd);
	return ok;
}

/* What the lines of a sample say about its encoding: lines with text
 * beyond ASCII that are valid UTF-8, and lines that are not.  A GBK line
 * of two characters or more is valid UTF-8 by chance about once in a
 * hundred times, so a file whose lines are mostly valid UTF-8 is UTF-8,
 * however many of its bytes would also read as GB18030. */
struct evidence {
	size_t good, bad;
	long first_bad;         /* line of the first bad one, counted from the sample's start */
};

static void
weigh(const char *s, size_t n, bool at_eof, struct evidence *ev)
{
	const char *p = s, *e = s + n, *nl;
	size_t len, i;
	long line = 0;

	memset(ev, 0, sizeof(*ev));
	for (; p < e; p = nl + 1) {
		line++;
		nl = memchr(p, '\n', (size_t)(e - p));
		if (nl == NULL) {
			/* A last line cut off by the sample's end: judged
			 * without its possibly incomplete final character. */
			nl = e;
			len = (size_t)(e - p);
		} else
			len = (size_t)(nl - p);
		for (i = 0; i < len && (unsigned char)p[i] < 0x80; i++)
			;
		if (i == len)
			continue;
		if (nl == e ? utf8_prefix_valid(p, len, at_eof) : utf8_valid(p, len))
			ev->good++;
		else if (ev->bad++ == 0)
			ev->first_bad = line;
		if (nl == e)
			break;
	}
}

/* The first non-ASCII byte is at raw+at: decide the encoding from the
 * lines from there to the end of what is read (up to 256 KiB). */
static int
decide(struct input *in, size_t at, struct cust_err *err)
{
	const char *s = in->raw + at;
	size_t n = in->len - at;
	struct evidence ev;

	weigh(s, n, in->eof, &ev);
	if (ev.bad == 0 || ev.good >= ev.bad || !gb18030_valid(s, n)) {
		in->mode = MODE_PASS;
		if (ev.bad > 0 && ev.good > 0)
			warnf(in, "%zu of the first %zu lines with text beyond ASCII %s not valid UTF-8; "
			    "reading it as UTF-8, %s rejected (use --encoding to choose)",
			    ev.bad, ev.good + ev.bad, plural(ev.bad, "is", "are"), plural(ev.bad, "it is", "they are"));
		return 0;
	}
	if (ev.good > 0)
		warnf(in, "input is not UTF-8; reading it as GB18030, though %zu of the first %zu lines "
		    "with text beyond ASCII %s valid UTF-8 (use --encoding to choose)", ev.good,
		    ev.good + ev.bad, plural(ev.good, "is", "are"));
	else
		warnf(in, "input is not UTF-8; reading it as %s (use --encoding to choose)", "GB18030");
	return use_iconv(in, "GB18030", err);
}

/* A forced encoding on input that is valid UTF-8 with text beyond ASCII
 * (GBK on a UTF-8 file) decodes it into nonsense without an error: say so. */
static void
check_forced(struct input *in)
{
	struct evidence ev;

	in->check_forced = false;
	if (in->unit != 1)
		return;
	weigh(in->raw + in->pos, in->len - in->pos, in->eof, &ev);
	if (ev.good == 1 && ev.bad == 0)
		warnf(in, "--encoding %s, but the input is UTF-8 (its one line with text beyond "
		    "ASCII is): is --encoding wrong?", in->encoding);
	else if (ev.good > ev.bad && ev.bad == 0)
		warnf(in, "--encoding %s, but the input is UTF-8 (its first %zu lines with text beyond "
		    "ASCII all are): is --encoding wrong?", in->encoding, ev.good);
	else if (ev.good > ev.bad)
		warnf(in, "--encoding %s, but the input is UTF-8 (%zu of its first %zu lines with text "
		    "beyond ASCII are): is --encoding wrong?", in->encoding, ev.good, ev.good + ev.bad);
}

/* A byte that is never valid UTF-8, put where input could not be decoded
 * so that the record holding it is rejected; never the undecodable byte
 * itself, which in UTF-16 may be half a comma or a line end. */
#define UNDECODABLE '\xFF'

static long
read_iconv(struct input *in, char *buf, size_t cap)
{
	char *ip = in->raw + in->pos, *op = buf;
	size_t il = in->len - in->pos, ol = cap, skip;

	if (iconv(in->cd, &ip, &il, &op, &ol) == (size_t)-1) {
		if ((errno == EILSEQ || (errno == EINVAL && in->eof)) && op == buf && ol > 0 && il > 0) {
			/* Skip the whole undecodable unit (a lone UTF-16
			 * surrogate is two bytes), or what is left of a
			 * sequence cut off by the end of the input. */
			skip = errno == EINVAL ? il : in->unit < il ? in->unit : il;
			*op++ = UNDECODABLE;
			ip += skip;
			il -= skip;
		}
		/* E2BIG: buf full; EINVAL: incomplete, wait for more bytes. */
	}
	in->pos = (size_t)(ip - in->raw);
	return op - buf;
}

long
input_read(struct input *in, char *buf, size_t cap, struct cust_err *err)
{
	long n;
	size_t i, avail;

	for (;;) {
		if (in->mode == MODE_PASS && in->pos == in->len && in->started && cap >= RAW_SIZE / 2) {
			/* Nothing to decode: read straight into the caller's buffer. */
			ssize_t got;
			if (in->eof)
				return 0;
			do
				got = read(in->fd, buf, cap);
			while (got < 0 && errno == EINTR);
			if (got < 0)
				return cust_fail(err, CUST_INPUT, "%s: %s", in->name, strerror(errno));
			if (got == 0)
				in->eof = true;
			if (in->copy >= 0 && copy_out(in, buf, (size_t)got, err) < 0)
				return -1;
			return got;
		}
		if (in->len - in->pos < 8 && !in->eof && fill(in, err) < 0)
			return -1;
		if (!in->started && check_bom(in, err) < 0)
			return -1;
		if (in->check_forced)
			check_forced(in);
		avail = in->len - in->pos;
		if (avail == 0)
			return 0;
		switch (in->mode) {
		case MODE_DETECT:
			for (i = in->pos; i < in->len; i++)
				if ((unsigned char)in->raw[i] >= 0x80)
					break;
			if (i == in->pos) {
				/* Want enough bytes to judge by. */
				if (!in->eof && in->pos > 0 && fill(in, err) < 0)
					return -1;
				if (decide(in, in->pos, err) < 0)
					return -1;
				continue;
			}
			n = (long)((i - in->pos) < cap ? (i - in->pos) : cap);
			memcpy(buf, in->raw + in->pos, (size_t)n);
			in->pos += (size_t)n;
			return n;
		case MODE_PASS:
			if (avail == 0 || (in->pos == in->len && !in->eof))
				break;
			n = (long)(avail < cap ? avail : cap);
			memcpy(buf, in->raw + in->pos, (size_t)n);
			in->pos += (size_t)n;
			return n;
		case MODE_ICONV:
			n = read_iconv(in, buf, cap);
			if (n > 0)
				return n;
			if (in->eof && in->pos == in->len)
				return 0;
			if (!in->eof && fill(in, err) < 0)
				return -1;
			break;
		}
	}
}

bool
misdecoded_utf8(const char *text, const char *encoding, struct strbuf *out)
{
	iconv_t cd;
	char *ip = (char *)text, *op;
	size_t il = strlen(text), ol, i;
	bool high = false;

	if (strcasecmp(encoding, "UTF-8") == 0 || unit_size(encoding) != 1 ||
	    (cd = iconv_open(encoding, "UTF-8")) == (iconv_t)-1)
		return false;
	sb_reset(out);
	sb_grow(out, il * 4 + 1);
	op = out->s;
	ol = il * 4;
	if (iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
		iconv_close(cd);
		return false;
	}
	iconv_close(cd);
	out->len = (size_t)(op - out->s);
	out->s[out->len] = '\0';
	for (i = 0; i < out->len; i++)
		high |= (unsigned char)out->s[i] >= 0x80;
	return high && utf8_valid(out->s, out->len);
}

const char *
input_name(const struct input *in)
{
	return in->name;
}

long
input_peek_raw(struct input *in, unsigned char *buf, size_t n, struct cust_err *err)
{
	while (in->len - in->pos < n && !in->eof) {
		size_t had = in->len;
		if (fill(in, err) < 0)
			return -1;
		if (in->len == had && !in->eof)
			continue;
	}
	if (n > in->len - in->pos)
		n = in->len - in->pos;
	memcpy(buf, in->raw + in->pos, n);
	return (long)n;
}

const char *
input_file_path(const struct input *in)
{
	struct stat st;

	if (!in->own_fd || fstat(in->fd, &st) != 0 || !S_ISREG(st.st_mode))
		return NULL;
	return in->name;
}

int
input_spool(struct input *in, int fd, struct cust_err *err)
{
	const char *p;
	size_t left;
	ssize_t n;

	for (;;) {
		for (p = in->raw + in->pos, left = in->len - in->pos; left > 0; p += n, left -= (size_t)n) {
			if ((n = write(fd, p, left)) < 0) {
				if (errno == EINTR) {
					n = 0;
					continue;
				}
				return cust_fail(err, CUST_INPUT, "%s: cannot copy to a temporary file: %s",
				    in->name, strerror(errno));
			}
		}
		in->pos = in->len = 0;
		if (in->eof)
			return 0;
		if (fill(in, err) < 0)
			return -1;
	}
}

void
input_copy_to(struct input *in, int fd)
{
	in->copy = fd;
}

const char *
input_encoding(const struct input *in)
{
	return in->mode == MODE_ICONV ? in->encoding : "UTF-8";
}

void
input_close(struct input *in)
{
	if (in == NULL)
		return;
	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	if (in->own_fd)
		close(in->fd);
	free(in->raw);
	free(in->name);
	free(in);
}
