/* jsonw.c — JSON written as it goes; see jsonw.h. */
#include "jsonw.h"

#include <inttypes.h>
#include <string.h>

void
jw_init(struct jw *w, FILE *fp, int lines)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->lines = lines;
}

/* Before a value or a key: the comma after the previous member. */
static void
sep(struct jw *w)
{
	if (w->keyed) {
		w->keyed = false;
		return;
	}
	if (w->depth == 0 || w->depth > JW_DEPTH)
		return;
	if (w->more[w->depth])
		fputc(',', w->fp);
	w->more[w->depth] = true;
	if (w->depth <= w->lines)
		fputc('\n', w->fp);
}

static void
open_container(struct jw *w, char open, char close)
{
	sep(w);
	fputc(open, w->fp);
	if (++w->depth <= JW_DEPTH) {
		w->more[w->depth] = false;
		w->close[w->depth] = close;
	}
}

void
jw_object(struct jw *w)
{
	open_container(w, '{', '}');
}

void
jw_array(struct jw *w)
{
	open_container(w, '[', ']');
}

void
jw_end(struct jw *w)
{
	/* Past JW_DEPTH the kind is not kept: the callers nest no deeper,
	 * and an object closed as an array would be a caller's mistake. */
	char close = w->depth <= JW_DEPTH ? w->close[w->depth] : ']';

	if (w->depth <= JW_DEPTH && w->more[w->depth] && w->depth <= w->lines)
		fputc('\n', w->fp);
	fputc(close, w->fp);
	w->depth--;
}

void
jw_key(struct jw *w, const char *key)
{
	sep(w);
	json_put_string(w->fp, key, strlen(key));
	fputc(':', w->fp);
	w->keyed = true;
}

void
jw_string(struct jw *w, const char *s, size_t n)
{
	sep(w);
	json_put_string(w->fp, s, n);
}

void
jw_str(struct jw *w, const char *s)
{
	jw_string(w, s, strlen(s));
}

void
jw_int(struct jw *w, int64_t v)
{
	sep(w);
	fprintf(w->fp, "%" PRId64, v);
}

void
jw_bool(struct jw *w, bool v)
{
	sep(w);
	fputs(v ? "true" : "false", w->fp);
}

void
jw_null(struct jw *w)
{
	sep(w);
	fputs("null", w->fp);
}

void
jw_json(struct jw *w, const json_t *j)
{
	sep(w);
	json_dumpf(j, w->fp, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY);
}

void
json_put_string(FILE *fp, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t i, start = 0;

	fputc('"', fp);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		fwrite(s + start, 1, i - start, fp);
		start = i + 1;
		fputc('\\', fp);
		switch (c) {
		case '"': fputc('"', fp); break;
		case '\\': fputc('\\', fp); break;
		case '\n': fputc('n', fp); break;
		case '\r': fputc('r', fp); break;
		case '\t': fputc('t', fp); break;
		default:
			fputs("u00", fp);
			fputc(hex[c >> 4], fp);
			fputc(hex[c & 15], fp);
		}
	}
	fwrite(s + start, 1, n - start, fp);
	fputc('"', fp);
}
