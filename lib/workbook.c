/* workbook.c — what the .xlsx and .xls readers share; see workbook.h. */
#include "workbook.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum book_kind
book_sniff(const unsigned char *p, size_t n)
{
	static const unsigned char cfb[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

	if (n >= 4 && p[0] == 'P' && p[1] == 'K' && ((p[2] == 3 && p[3] == 4) || (p[2] == 5 && p[3] == 6)))
		return BOOK_ZIP;
	if (n >= 8 && memcmp(p, cfb, 8) == 0)
		return BOOK_CFB;
	return BOOK_NONE;
}

struct book *
book_open(const char *path, const char *name, enum format fmt, const char *sheet, long skip,
    struct cust_err *err)
{
	struct book *b = xcalloc(1, sizeof(*b));
	int rc;

	b->name = xstrdup(name);
	b->skip = skip;
	rc = fmt == FMT_XLS ? xls_open(b, path, sheet, err) : xlsx_open(b, path, sheet, err);
	if (rc < 0) {
		book_close(b);
		return NULL;
	}
	return b;
}

int
book_next(struct book *b, struct book_row **row, struct cust_err *err)
{
	int rc;

	while ((rc = b->next(b, err)) > 0) {
		if (b->row.row <= b->skip)
			continue;
		/* An empty row is no record, but a row that could not be read
		 * is, however empty it looks. */
		if (!book_row_finish(&b->row) && b->row.error == NULL)
			continue;
		*row = &b->row;
		return 1;
	}
	return rc;
}

const char *
book_sheet(const struct book *b)
{
	return b->sheet;
}

const char *
book_notes(struct book *b)
{
	sb_reset(&b->notes);
	if (b->error_cells > 0)
		sb_addf(&b->notes, "%lu error cell%s (%s)", b->error_cells,
		    b->error_cells == 1 ? "" : "s", b->error_sample);
	if (b->uncached > 0)
		sb_addf(&b->notes, "%s%lu formula%s without a cached value", b->notes.len ? " and " : "",
		    b->uncached, b->uncached == 1 ? "" : "s");
	if (b->notes.len == 0)
		return NULL;
	sb_addf(&b->notes, " read as empty (sheet %s)", b->sheet ? b->sheet : "?");
	return b->notes.s;
}

void
book_close(struct book *b)
{
	if (b == NULL)
		return;
	if (b->close)
		b->close(b);
	book_row_free(&b->row);
	sb_free(&b->notes);
	free(b->name);
	free(b->sheet);
	free(b);
}

void
book_error_cell(struct book *b, const char *text)
{
	size_t have = strlen(b->error_sample);

	b->error_cells++;
	if (strstr(b->error_sample, text) != NULL || have + strlen(text) + 3 >= sizeof(b->error_sample))
		return;
	snprintf(b->error_sample + have, sizeof(b->error_sample) - have, "%s%s", have ? ", " : "", text);
}

long
book_pick_sheet(const char *sheet, char *const *names, const bool *hidden, size_t n)
{
	size_t i;
	char *end;
	long k;

	if (sheet == NULL) {
		for (i = 0; i < n; i++)
			if (!hidden[i])
				return (long)i;
		return n > 0 ? 0 : -1;
	}
	for (i = 0; i < n; i++)
		if (strcmp(names[i], sheet) == 0)
			return (long)i;
	for (i = 0; i < n; i++)
		if (strcasecmp(names[i], sheet) == 0)
			return (long)i;
	k = strtol(sheet, &end, 10);
	if (*sheet && *end == '\0' && k >= 1 && (size_t)k <= n)
		return k - 1;
	return -1;
}

int
book_no_sheet(const struct book *b, const char *sheet, char *const *names, const bool *hidden,
    size_t n, struct cust_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		sb_addf(&sb, "%s'%s'%s", i ? ", " : "", names[i], hidden[i] ? " (hidden)" : "");
	if (sheet == NULL)
		cust_fail(err, CUST_INPUT, "%s: the workbook has no sheet", b->name);
	else
		cust_fail(err, CUST_USAGE, "%s: no sheet '%s'; the sheets are %s (--sheet NAME or NUMBER)",
		    b->name, sheet, n ? sb.s : "none");
	sb_free(&sb);
	return -1;
}

size_t
book_col_name(long col, char *buf)
{
	char tmp[8];
	size_t n = 0, i;

	col++;
	while (col > 0 && n < sizeof(tmp)) {
		tmp[n++] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

void
book_row_start(struct book_row *row, long r)
{
	row->row = r;
	row->n = 0;
	sb_reset(&row->text);
	free(row->error);
	row->error = NULL;
}

void
book_row_set(struct book_row *row, size_t col, const char *s, size_t n)
{
	static const char nul = '\0';

	while (row->n <= col) {
		if (row->n == row->cap) {
			row->cap = row->cap ? row->cap * 2 : 16;
			row->off = xreallocarray(row->off, row->cap, sizeof(size_t));
			row->len = xreallocarray(row->len, row->cap, sizeof(size_t));
		}
		/* Cells skipped over are empty: they share one NUL. */
		if (row->n < col) {
			if (row->text.len == 0)
				sb_add(&row->text, &nul, 1);
			row->off[row->n] = 0;
			row->len[row->n++] = 0;
			continue;
		}
		if (row->text.len == 0)
			sb_add(&row->text, &nul, 1);
		row->off[row->n] = row->text.len;
		row->len[row->n++] = n;
		sb_add(&row->text, s, n);
		sb_add(&row->text, &nul, 1);
	}
}

bool
book_row_finish(struct book_row *row)
{
	while (row->n > 0 && row->len[row->n - 1] == 0)
		row->n--;
	return row->n > 0;
}

void
book_row_error(struct book_row *row, const char *sheet, long col, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	char cname[8];
	va_list ap;

	if (row->error != NULL)
		return;
	book_col_name(col, cname);
	sb_addf(&sb, "%s!%s%ld: ", sheet, cname, row->row);
	va_start(ap, fmt);
	sb_vaddf(&sb, fmt, ap);
	va_end(ap);
	row->error = sb_detach(&sb);
}

void
book_row_free(struct book_row *row)
{
	sb_free(&row->text);
	free(row->off);
	free(row->len);
	free(row->error);
}
