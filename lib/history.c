/* history.c — the grade history file; see history.h. */
#include "history.h"

#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hash.h"
#include "idmap.h"
#include "orders.h"
#include "reader.h"
#include "value.h"
#include "writer.h"

#define HISTORY_HEADER "customer_id,date,from,to,reason"

/* States live in fixed blocks, never moved, so that an entry history_base
 * returned stays valid while history_add creates the states of new ids. */
#define STATE_BLOCK 1024

struct state {
	struct history_entry base;
	int32_t base_day;
	char *today;                /* grades changed to on the as-of date, each ended by '\x1f' */
};

struct history {
	char *path;
	int fd;                     /* the file, locked; -1 once released */
	int32_t as_of;
	struct hash *ids;
	struct state **blocks;
	size_t n, nblocks;
	struct strbuf added;        /* CSV rows to append */
	size_t nadded;
	bool exists;                /* has a header: it is not empty */
	bool needs_newline;         /* the file does not end with one */
	bool crlf;                  /* its lines end with CR LF: so do ours */
	bool committed;
	int commit_rc;
};

/* What a look at the whole file found. */
struct scan {
	bool empty;
	bool utf8;
	bool utf16;                 /* starts with a UTF-16 byte order mark */
	bool ends_with_newline;
	bool crlf;                  /* its first line ends with CR LF (Excel) */
};

static bool
same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino;
}

/* Open the history, creating it empty when missing (there must be a file
 * to lock), and lock it exclusively, so that a second run waits until the
 * first has committed and then reads what it wrote.  A commit replaces the
 * file by rename, so the file locked may no longer be the one the path
 * names once the lock is ours: then lock the new one. */
/* The commit writes a file beside the history and renames it: find out
 * now, before any output, whether it can, so that a run never tells of
 * changes it cannot record. */
static int
writable_dir(struct history *h, struct cust_err *err)
{
	char *slash = strrchr(h->path, '/');
	char *dir = slash ? xstrndup(h->path, slash == h->path ? 1 : (size_t)(slash - h->path)) : xstrdup(".");
	int ok = access(dir, W_OK | X_OK) == 0 && access(h->path, W_OK) == 0;

	free(dir);
	if (ok)
		return 0;
	close(h->fd);
	h->fd = -1;
	return cust_fail(err, CUST_OUTPUT, "%s: cannot be written: %s", h->path, strerror(errno));
}

static int
lock_history(struct history *h, struct cust_err *err)
{
	struct stat st, pst;
	int fd;

	for (;;) {
		/* A device or a FIFO is not opened at all: /dev/zero would be
		 * read for ever, and opening a FIFO waits for a writer. */
		if (stat(h->path, &st) == 0 && !S_ISREG(st.st_mode))
			return cust_fail(err, CUST_INPUT, "%s: not a regular file", h->path);
		fd = open(h->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT)
			fd = open(h->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_CREAT, 0666);
		if (fd < 0)
			return cust_fail(err, CUST_INPUT, "%s: %s", h->path, strerror(errno));
		/* It may have been swapped for something else since the stat. */
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return cust_fail(err, CUST_INPUT, "%s: not a regular file", h->path);
		}
		while (flock(fd, LOCK_EX) != 0) {
			if (errno != EINTR) {
				cust_fail(err, CUST_INPUT, "%s: cannot lock: %s", h->path, strerror(errno));
				close(fd);
				return -1;
			}
		}
		if (stat(h->path, &pst) == 0 && same_file(&st, &pst)) {
			h->fd = fd;
			return writable_dir(h, err);
		}
		/* Replaced (or removed) while we waited. */
		close(fd);
	}
}

/* How many bytes at the end of s[0..n) start a UTF-8 sequence that the
 * buffer cuts off (0 if none): they are judged with the next bytes. */
static size_t
utf8_cut(const unsigned char *s, size_t n)
{
	size_t back, need;
	unsigned char c;

	for (back = 0; back < 3 && back < n; back++) {
		c = s[n - 1 - back];
		if ((c & 0xC0) == 0x80)
			continue;
		need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
		return need > back + 1 ? back + 1 : 0;
	}
	return 0;
}

/* Read the whole locked file once: is it empty, is it UTF-8, does it end
 * with a line end?  The history is decided on its bytes, not on what the
 * reader would make of them: the reader converts a file it takes for
 * GB18030, and the rows appended in UTF-8 would then make a file in two
 * encodings. */
static int
scan_history(const struct history *h, struct scan *sc, struct cust_err *err)
{
	unsigned char buf[65536];
	size_t have = 0, cut;
	off_t at = 0;
	ssize_t got;
	int last = '\n';

	memset(sc, 0, sizeof(*sc));
	sc->utf8 = true;
	for (;;) {
		got = pread(h->fd, buf + have, sizeof(buf) - have, at);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			return cust_fail(err, CUST_INPUT, "%s: %s", h->path, strerror(errno));
		}
		if (at == 0 && got >= 2 && ((buf[0] == 0xFF && buf[1] == 0xFE) ||
		    (buf[0] == 0xFE && buf[1] == 0xFF)))
			sc->utf16 = true;
		if (at == 0 && got > 0) {
			const unsigned char *nl = memchr(buf, '\n', (size_t)got);
			sc->crlf = nl != NULL && nl > buf && nl[-1] == '\r';
		}
		if (got == 0)
			break;
		at += got;
		have += (size_t)got;
		last = buf[have - 1];
		cut = utf8_cut(buf, have);
		if (!utf8_valid((const char *)buf, have - cut)) {
			sc->utf8 = false;
			break;
		}
		memmove(buf, buf + have - cut, cut);
		have = cut;
	}
	/* A sequence the end of the file cuts off. */
	if (sc->utf8 && have > 0)
		sc->utf8 = false;
	sc->empty = at == 0;
	sc->ends_with_newline = last == '\n';
	return 0;
}

/* The header a history has: exactly these columns, so that a customer
 * table given by mistake is never appended to, nor a file our five-field
 * rows would make ragged. */
static bool
is_history_header(const struct header *hd)
{
	static const char *const want[] = {"customer_id", "date", "from", "to", "reason"};
	size_t i;

	if (hd->n != ARRAY_LEN(want))
		return false;
	for (i = 0; i < ARRAY_LEN(want); i++)
		if (strcmp(hd->names[i], want[i]) != 0)
			return false;
	return true;
}

static struct state *
state_of(struct history *h, const char *id, size_t n, bool create)
{
	bool added;
	uint64_t *v;

	if (!create) {
		v = hash_get(h->ids, id, n);
		return v ? &h->blocks[*v / STATE_BLOCK][*v % STATE_BLOCK] : NULL;
	}
	v = hash_put(h->ids, id, n, &added);
	if (added) {
		if (h->n == h->nblocks * STATE_BLOCK) {
			h->blocks = xreallocarray(h->blocks, h->nblocks + 1, sizeof(*h->blocks));
			h->blocks[h->nblocks++] = xcalloc(STATE_BLOCK, sizeof(struct state));
		}
		*v = h->n++;
	}
	return &h->blocks[*v / STATE_BLOCK][*v % STATE_BLOCK];
}

static void
free_entry(struct history_entry *e)
{
	free((char *)e->date);
	free((char *)e->from);
	free((char *)e->to);
	free((char *)e->reason);
}

static void
add_today(struct state *s, const char *to)
{
	struct strbuf t = STRBUF_INIT;

	if (s->today)
		sb_adds(&t, s->today);
	sb_adds(&t, to);
	sb_addc(&t, '\x1f');
	free(s->today);
	s->today = sb_detach(&t);
}

struct history *
history_load(const char *path, int32_t as_of, struct cust_err *err)
{
	struct history *h = xcalloc(1, sizeof(*h));
	struct reader_opts o = {.from = FMT_CSV, .delimiter = ',', .encoding = "UTF-8"};
	char *paths[1];
	struct reader *r;
	struct record *rec;
	struct scan sc;
	struct date d;
	const char *why;
	int rc;

	h->path = xstrdup(path);
	h->fd = -1;
	h->as_of = as_of;
	h->ids = hash_new();
	if (lock_history(h, err) < 0 || scan_history(h, &sc, err) < 0)
		goto fail;
	/* An empty file (made by touch, by a cron job that set it up, or by
	 * our own lock) is a new history: the first commit writes the header. */
	if (sc.empty)
		return h;
	h->exists = true;
	h->needs_newline = !sc.ends_with_newline;
	h->crlf = sc.crlf;
	/* Forced UTF-8: a UTF-8 BOM is still dropped, never anything else
	 * converted.  The path names the file we locked. */
	paths[0] = h->path;
	if ((r = reader_open(paths, 1, &o, err)) == NULL)
		goto fail;
	/* A file of a BOM or blank lines only is as good as empty. */
	if (reader_header(r)->n == 0)
		h->exists = false;
	if (reader_header(r)->n > 0 && !is_history_header(reader_header(r))) {
		cust_fail(err, CUST_INPUT, "%s: not a grade history (its header must be "
		    HISTORY_HEADER ")", path);
		reader_close(r);
		goto fail;
	}
	/* After the header: a customer table in GBK given by mistake is
	 * better told it is no history than to convert it. */
	if (!sc.utf8) {
		cust_fail(err, CUST_INPUT, "%s: not UTF-8; the history is kept in UTF-8 "
		    "(if it was saved as %s, convert it: iconv -f %s -t UTF-8)", path,
		    sc.utf16 ? "UTF-16" : "GBK", sc.utf16 ? "UTF-16" : "GB18030");
		reader_close(r);
		goto fail;
	}
	while ((rc = reader_next(r, &rec, err)) > 0) {
		struct state *s;
		const char *key;
		size_t keylen;
		int32_t day;

		if (rec->error || date_parse(rec->field[1], rec->len[1], &d, &why) != VALUE_OK) {
			cust_fail(err, CUST_INPUT, "%s:%ld: %s", path, rec->line,
			    rec->error ? rec->error : "not a date in the date column");
			reader_close(r);
			goto fail;
		}
		/* Ids as grading compares them: ' 17850.0' is 17850. */
		keylen = id_key(rec->field[0], rec->len[0], &key);
		s = state_of(h, key, keylen, true);
		day = date_to_days(d);
		/* The latest change before the as-of date is the starting grade,
		 * wherever a back-fill put its rows in the file. */
		if (day < as_of && (s->base.to == NULL || day >= s->base_day)) {
			s->base_day = day;
			free_entry(&s->base);
			s->base.date = xstrdup(rec->field[1]);
			s->base.from = xstrdup(rec->field[2]);
			s->base.to = xstrdup(rec->field[3]);
			s->base.reason = xstrdup(rec->field[4]);
		} else if (day == as_of)
			add_today(s, rec->field[3]);
	}
	reader_close(r);
	if (rc < 0)
		goto fail;
	return h;
fail:
	history_free(h);
	return NULL;
}

/* Let a run waiting for the history go on. */
static void
unlock_history(struct history *h)
{
	if (h->fd >= 0)
		close(h->fd);
	h->fd = -1;
}

void
history_free(struct history *h)
{
	size_t i;

	if (h == NULL)
		return;
	unlock_history(h);
	for (i = 0; i < h->n; i++) {
		struct state *s = &h->blocks[i / STATE_BLOCK][i % STATE_BLOCK];
		free_entry(&s->base);
		free(s->today);
	}
	for (i = 0; i < h->nblocks; i++)
		free(h->blocks[i]);
	free(h->blocks);
	hash_free(h->ids);
	sb_free(&h->added);
	free(h->path);
	free(h);
}

const struct history_entry *
history_base(const struct history *h, const char *id, size_t n)
{
	struct state *s = state_of((struct history *)h, id, n, false);

	return s && s->base.to ? &s->base : NULL;
}

const struct history_entry *
history_base_merged(const struct history *h, const char *id, size_t n, const char *merged,
    size_t mergedlen)
{
	const struct history_entry *e = history_base(h, id, n);
	struct state *s, *best = NULL;
	const char *other;
	size_t pos = 0, len;

	if (e != NULL || merged == NULL)
		return e;
	while (idlist_next(merged, mergedlen, &pos, &other, &len))
		if ((s = state_of((struct history *)h, other, len, false)) && s->base.to &&
		    (best == NULL || s->base_day > best->base_day))
			best = s;
	return best ? &best->base : NULL;
}

bool
history_has_today(const struct history *h, const char *id, size_t n, const char *to)
{
	struct state *s = state_of((struct history *)h, id, n, false);
	size_t len = strlen(to);
	const char *p, *end;

	if (s == NULL || s->today == NULL)
		return false;
	for (p = s->today; (end = strchr(p, '\x1f')) != NULL; p = end + 1)
		if ((size_t)(end - p) == len && memcmp(p, to, len) == 0)
			return true;
	return false;
}

void
history_add(struct history *h, const char *id, size_t n, const char *date, const char *from,
    const char *to, const char *reason)
{
	char *vals[5];
	size_t lens[5];
	char *buf = NULL;
	size_t len = 0, keylen;
	FILE *fp = open_memstream(&buf, &len);
	struct writer_opts wo = {.to = FMT_CSV};
	struct writer *w = writer_new(fp, "history", &wo);
	const char *key, *why;
	struct date d;

	vals[0] = (char *)id;
	lens[0] = n;
	vals[1] = (char *)date;
	vals[2] = (char *)from;
	vals[3] = (char *)to;
	vals[4] = (char *)reason;
	for (size_t i = 1; i < 5; i++)
		lens[i] = strlen(vals[i]);
	writer_row(w, vals, lens, 5);
	writer_finish(w, NULL);
	writer_free(w);
	fclose(fp);
	if (h->crlf && len > 0 && buf[len - 1] == '\n') {
		sb_add(&h->added, buf, len - 1);
		sb_add(&h->added, "\r\n", 2);
	} else
		sb_add(&h->added, buf, len);
	free(buf);
	h->nadded++;
	/* A change of the as-of date is one of today's as soon as it is
	 * queued: a customer listed twice in the table is recorded once. */
	if (date_parse(date, strlen(date), &d, &why) == VALUE_OK && date_to_days(d) == h->as_of) {
		keylen = id_key(id, n, &key);
		add_today(state_of(h, key, keylen, true), to);
	}
}

size_t
history_added(const struct history *h)
{
	return h->nadded;
}

int
history_commit(struct history *h, struct cust_err *err)
{
	struct outfile of;
	int rc;

	/* Once only: the lock is gone after it, and a second append of the
	 * same rows would record the changes twice. */
	if (h->committed)
		return h->commit_rc < 0 ? cust_fail(err, CUST_OUTPUT, "%s: not written "
		    "(committed once already, and it failed)", h->path) : 0;
	h->committed = true;
	if (h->nadded == 0 && h->exists) {
		unlock_history(h);
		return 0;
	}
	if (outfile_open(&of, h->path, true, err) < 0) {
		unlock_history(h);
		return h->commit_rc = -1;
	}
	if (!h->exists)
		fputs(HISTORY_HEADER "\n", of.fp);
	else if (h->needs_newline)
		fputs(h->crlf ? "\r\n" : "\n", of.fp);
	fwrite(h->added.s ? h->added.s : "", 1, h->added.len, of.fp);
	/* Renamed into place before the lock goes: a run waiting for it
	 * then finds the new file under the path. */
	rc = outfile_commit(&of, err);
	unlock_history(h);
	return h->commit_rc = rc;
}
