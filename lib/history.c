/* history.c — the grade history file; see history.h. */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hash.h"
#include "orders.h"
#include "reader.h"
#include "value.h"
#include "writer.h"

struct state {
	struct history_entry base;
	int32_t base_day;
	char *today;                /* '\x1f'-joined grades changed to on the as-of date */
};

struct history {
	char *path;
	int32_t as_of;
	struct hash *ids;
	struct state *st;
	size_t n, cap;
	struct strbuf added;        /* CSV rows to append */
	size_t nadded;
	bool exists;
	bool needs_newline;         /* the file does not end with one */
};

/* Is the file's last byte a line end (or the file empty)? */
static bool
ends_with_newline(const char *path)
{
	FILE *fp = fopen(path, "rb");
	int c = '\n';

	if (fp == NULL)
		return true;
	if (fseek(fp, -1, SEEK_END) == 0)
		c = getc(fp);
	fclose(fp);
	return c == '\n' || c == EOF;
}

/* The header a history starts with; its first four columns must be these,
 * so that a customer table given by mistake is never appended to. */
static bool
is_history_header(const struct header *hd)
{
	static const char *const want[] = {"customer_id", "date", "from", "to"};
	size_t i;

	if (hd->n < 4)
		return false;
	for (i = 0; i < 4; i++)
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
		return v ? &h->st[*v] : NULL;
	}
	v = hash_put(h->ids, id, n, &added);
	if (added) {
		if (h->n == h->cap) {
			h->cap = h->cap ? h->cap * 2 : 256;
			h->st = xreallocarray(h->st, h->cap, sizeof(*h->st));
		}
		memset(&h->st[h->n], 0, sizeof(h->st[h->n]));
		*v = h->n++;
	}
	return &h->st[*v];
}

static void
free_entry(struct history_entry *e)
{
	free((char *)e->date);
	free((char *)e->from);
	free((char *)e->to);
	free((char *)e->reason);
}

struct history *
history_load(const char *path, int32_t as_of, struct cust_err *err)
{
	struct history *h = xcalloc(1, sizeof(*h));
	struct reader_opts o = {.from = FMT_CSV, .delimiter = ','};
	char *paths[1];
	struct reader *r;
	struct record *rec;
	struct date d;
	const char *why;
	int rc;

	h->path = xstrdup(path);
	h->as_of = as_of;
	h->ids = hash_new();
	if (access(path, F_OK) != 0)
		return h;
	h->exists = true;
	h->needs_newline = !ends_with_newline(path);
	paths[0] = h->path;
	if ((r = reader_open(paths, 1, &o, err)) == NULL)
		goto fail;
	/* An empty file (made by touch, or by a cron job that set it up) is a
	 * new history: the first commit writes the header. */
	if (reader_header(r)->n == 0)
		h->exists = false;
	if (reader_header(r)->n > 0 && !is_history_header(reader_header(r))) {
		cust_fail(err, CUST_INPUT, "%s: not a grade history (its header must be "
		    "customer_id,date,from,to,reason)", path);
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
			s->base.reason = xstrdup(rec->n > 4 ? rec->field[4] : "");
		} else if (day == as_of) {
			struct strbuf t = STRBUF_INIT;
			if (s->today)
				sb_adds(&t, s->today);
			sb_addc(&t, '\x1f');
			sb_adds(&t, rec->field[3]);
			sb_addc(&t, '\x1f');
			free(s->today);
			s->today = sb_detach(&t);
		}
	}
	reader_close(r);
	if (rc < 0)
		goto fail;
	return h;
fail:
	history_free(h);
	return NULL;
}

void
history_free(struct history *h)
{
	size_t i;

	if (h == NULL)
		return;
	for (i = 0; i < h->n; i++) {
		free_entry(&h->st[i].base);
		free(h->st[i].today);
	}
	free(h->st);
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

bool
history_has_today(const struct history *h, const char *id, size_t n, const char *to)
{
	struct state *s = state_of((struct history *)h, id, n, false);
	char key[512];

	if (s == NULL || s->today == NULL)
		return false;
	snprintf(key, sizeof(key), "\x1f%s\x1f", to);
	return strstr(s->today, key) != NULL;
}

void
history_add(struct history *h, const char *id, size_t n, const char *date, const char *from,
    const char *to, const char *reason)
{
	char *vals[5];
	size_t lens[5];
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	struct writer_opts wo = {FMT_CSV, false};
	struct writer *w = writer_new(fp, "history", &wo);

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
	sb_add(&h->added, buf, len);
	free(buf);
	h->nadded++;
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

	if (h->nadded == 0 && h->exists)
		return 0;
	if (outfile_open(&of, h->path, true, err) < 0)
		return -1;
	if (!h->exists)
		fputs("customer_id,date,from,to,reason\n", of.fp);
	else if (h->needs_newline)
		fputc('\n', of.fp);
	fwrite(h->added.s ? h->added.s : "", 1, h->added.len, of.fp);
	return outfile_commit(&of, err);
}
