/* input.c — decoding byte source; see input.h. */
#include "input.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
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
	char *raw;              /* undecoded bytes raw[pos..len) */
	size_t pos, len;
	void (*warn)(void *, const char *);
	void *warn_ctx;
};

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
input_open(const char *path, const char *encoding,
    void (*warn)(void *, const char *), void *warn_ctx, struct cust_err *err)
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
	in->mode = MODE_DETECT;
	in->encoding = "UTF-8";
	/* Someone who forgot the file name, or the pipe, would otherwise
	 * look at a program that seems to hang. */
	if (fd == STDIN_FILENO && isatty(fd) && warn != NULL)
		warn(warn_ctx, "waiting for records on the terminal (end them with Ctrl-D)");
	if (encoding != NULL) {
		if (strcasecmp(encoding, "UTF-8") == 0 || strcasecmp(encoding, "UTF8") == 0)
			in->mode = MODE_PASS;
		else if (use_iconv(in, encoding, err) < 0) {
			input_close(in);
			return NULL;
		}
	}
	return in;
}

static void
warnf(struct input *in, const char *fmt, const char *arg)
{
	char msg[512];

	if (in->warn == NULL)
		return;
	snprintf(msg, sizeof(msg), fmt, in->name, arg);
	in->warn(in->warn_ctx, msg);
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

/* The first non-ASCII byte is at raw+at: decide the encoding from there. */
static int
decide(struct input *in, size_t at, struct cust_err *err)
{
	const char *s = in->raw + at;
	size_t n = in->len - at;

	if (utf8_prefix_valid(s, n, in->eof) || !gb18030_valid(s, n)) {
		in->mode = MODE_PASS;
		return 0;
	}
	warnf(in, "%s: input is not UTF-8; reading it as %s (use --encoding to choose)", "GB18030");
	return use_iconv(in, "GB18030", err);
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
			return got;
		}
		if (in->len - in->pos < 8 && !in->eof && fill(in, err) < 0)
			return -1;
		if (!in->started && check_bom(in, err) < 0)
			return -1;
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

const char *
input_name(const struct input *in)
{
	return in->name;
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
