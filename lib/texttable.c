/* texttable.c — aligned tables with CJK display widths; see texttable.h. */
#include "texttable.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <utf8proc.h>

#include "util.h"

/* A column narrower than this is not narrowed further to fit: two
 * characters and the ellipsis still say something. */
#define MIN_WIDTH 3

struct cell {
	size_t off, len;            /* in the arena */
};

struct texttable {
	struct texttable_opts opts;
	struct strbuf arena;
	struct cell *cells;         /* nrows * cap_cols, row by row */
	size_t nrows, caprows, ncols;
	size_t *width;              /* per column: the widest cell */
	bool *text;                 /* per column: some value is not a number */
	size_t *shown;              /* per column: the width rendered */
};

struct texttable *
texttable_new(const struct texttable_opts *opts)
{
	struct texttable *t = xcalloc(1, sizeof(*t));

	t->opts = *opts;
	return t;
}

void
texttable_free(struct texttable *t)
{
	if (t == NULL)
		return;
	sb_free(&t->arena);
	free(t->cells);
	free(t->width);
	free(t->text);
	free(t->shown);
	free(t);
}

/* One character at s: its length in bytes, its width in *w, and the text
 * shown for it in *show (NULL: the bytes themselves). */
static size_t
char_at(const char *s, size_t n, size_t *w, const char **show)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
	int cw;

	*show = NULL;
	if (k <= 0) {
		*w = 1;
		*show = "?";
		return 1;
	}
	if (c == '\n') {
		*w = 1;
		*show = "↵";
	} else if (c == '\r') {
		*w = 0;
		*show = "";
	} else if (c < 0x20 || c == 0x7f) {
		*w = 1;
		*show = " ";
	} else {
		cw = utf8proc_charwidth(c);
		*w = cw > 0 ? (size_t)cw : 0;
	}
	return (size_t)k;
}

size_t
text_width(const char *s, size_t n)
{
	size_t i = 0, w, total = 0;
	const char *show;

	while (i < n) {
		/* ASCII printable: one byte, one column. */
		if ((unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7f) {
			i++;
			total++;
			continue;
		}
		i += char_at(s + i, n - i, &w, &show);
		total += w;
	}
	return total;
}

/* A number as people write one: -12, +3.5, 1,234.50, ¥99, $5, 12%. */
static bool
numberlike(const char *s, size_t n)
{
	size_t i = 0;
	bool digits = false;

	if (i < n && (s[i] == '-' || s[i] == '+'))
		i++;
	if (n - i >= 2 && memcmp(s + i, "¥", 2) == 0)
		i += 2;
	else if (i < n && s[i] == '$')
		i++;
	for (; i < n && ((s[i] >= '0' && s[i] <= '9') || (digits && s[i] == ',')); i++)
		digits |= s[i] != ',';
	if (i < n && s[i] == '.')
		for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			digits = true;
	if (i < n && s[i] == '%')
		i++;
	return digits && i == n;
}

static void
grow_cols(struct texttable *t, size_t n)
{
	size_t r, c;
	struct cell *cells;

	if (n <= t->ncols)
		return;
	/* Rows are laid out by the column count: re-lay what is there. */
	cells = xcalloc((t->caprows ? t->caprows : 1) * n, sizeof(*cells));
	for (r = 0; r < t->nrows; r++)
		for (c = 0; c < t->ncols; c++)
			cells[r * n + c] = t->cells[r * t->ncols + c];
	free(t->cells);
	t->cells = cells;
	t->width = xreallocarray(t->width, n, sizeof(size_t));
	t->text = xreallocarray(t->text, n, sizeof(bool));
	t->shown = xreallocarray(t->shown, n, sizeof(size_t));
	for (c = t->ncols; c < n; c++) {
		t->width[c] = 0;
		t->text[c] = false;
	}
	t->ncols = n;
}

void
texttable_row(struct texttable *t, char *const *cells, const size_t *lens, size_t n)
{
	size_t c, len, w;
	struct cell *row;

	grow_cols(t, n);
	if (t->nrows == t->caprows) {
		t->caprows = t->caprows ? 2 * t->caprows : 64;
		t->cells = xreallocarray(t->cells, t->caprows * (t->ncols ? t->ncols : 1), sizeof(*t->cells));
	}
	row = t->cells + t->nrows * t->ncols;
	for (c = 0; c < t->ncols; c++) {
		len = c < n ? (lens ? lens[c] : strlen(cells[c])) : 0;
		row[c].off = t->arena.len;
		row[c].len = len;
		if (len > 0)
			sb_add(&t->arena, cells[c], len);
		w = len > 0 ? text_width(cells[c], len) : 0;
		if (w > t->width[c])
			t->width[c] = w;
		if (t->nrows > 0 && len > 0 && !t->text[c] && !numberlike(cells[c], len))
			t->text[c] = true;
	}
	t->nrows++;
}

/* Column widths that fit opts.width: the widest columns give way first,
 * one display column at a time, down to MIN_WIDTH. */
static void
fit(struct texttable *t)
{
	size_t c, total = 0, widest;
	size_t gaps = t->opts.style == TABLE_BOXED ? 3 * t->ncols + 1 : 2 * (t->ncols - 1);

	for (c = 0; c < t->ncols; c++)
		total += t->shown[c] = t->width[c];
	/* Text gives way before numbers: 1234… misleads where 北京市朝… does
	 * not. */
	while (t->opts.width > 0 && total + gaps > t->opts.width) {
		widest = SIZE_MAX;
		for (c = 0; c < t->ncols; c++)
			if (t->shown[c] > MIN_WIDTH && (widest == SIZE_MAX ||
			    (t->text[c] && !t->text[widest]) ||
			    (t->text[c] == t->text[widest] && t->shown[c] > t->shown[widest])))
				widest = c;
		if (widest == SIZE_MAX)
			break;
		t->shown[widest]--;
		total--;
	}
}

static void
spaces(texttable_out_fn *out, void *ctx, size_t n)
{
	static const char sp[] = "                                ";

	for (; n > sizeof(sp) - 1; n -= sizeof(sp) - 1)
		out(ctx, sp, sizeof(sp) - 1);
	out(ctx, sp, n);
}

/* A cell in width columns: cut with … when it is wider, padded on the
 * side its alignment says (right: numbers), unless pad_right is false. */
static void
put_cell(texttable_out_fn *out, void *ctx, const char *s, size_t n, size_t width, bool right,
    bool pad_right)
{
	size_t full = text_width(s, n), used = 0, i = 0, k, w, limit;
	const char *show;

	limit = full > width ? width - 1 : width;
	if (right && full < width)
		spaces(out, ctx, width - full);
	while (i < n) {
		k = char_at(s + i, n - i, &w, &show);
		if (used + w > limit)
			break;
		if (show)
			out(ctx, show, strlen(show));
		else
			out(ctx, s + i, k);
		used += w;
		i += k;
	}
	if (full > width) {
		out(ctx, "…", strlen("…"));
		used++;
	}
	if (pad_right && used < width && !(right && full < width))
		spaces(out, ctx, width - used);
}

/* ┌──┬──┐ and the like: left, the rule, between columns, right. */
static void
rule(struct texttable *t, texttable_out_fn *out, void *ctx, const char *l, const char *m, const char *r)
{
	size_t c, k;

	out(ctx, l, strlen(l));
	for (c = 0; c < t->ncols; c++) {
		for (k = 0; k < t->shown[c] + 2; k++)
			out(ctx, "─", strlen("─"));
		out(ctx, c + 1 < t->ncols ? m : r, strlen(c + 1 < t->ncols ? m : r));
	}
	out(ctx, "\n", 1);
}

static void
line(struct texttable *t, texttable_out_fn *out, void *ctx, size_t r)
{
	const struct cell *row = t->cells + r * t->ncols;
	bool boxed = t->opts.style == TABLE_BOXED;
	size_t c, last = t->ncols;

	/* Plain lines end at their last text: no trailing blanks. */
	while (!boxed && last > 0 && row[last - 1].len == 0)
		last--;
	for (c = 0; c < last; c++) {
		bool right = !t->text[c] && t->nrows > 1;
		if (boxed)
			out(ctx, "│ ", strlen("│ "));
		else if (c > 0)
			spaces(out, ctx, 2);
		put_cell(out, ctx, t->arena.s + row[c].off, row[c].len, t->shown[c], right,
		    boxed || c + 1 < last);
		if (boxed)
			out(ctx, " ", 1);
	}
	if (boxed)
		out(ctx, "│", strlen("│"));
	out(ctx, "\n", 1);
}

void
texttable_render(struct texttable *t, texttable_out_fn *out, void *ctx)
{
	bool boxed = t->opts.style == TABLE_BOXED;
	size_t r;

	if (t->ncols == 0 || t->nrows == 0)
		return;
	fit(t);
	if (boxed)
		rule(t, out, ctx, "┌", "┬", "┐");
	line(t, out, ctx, 0);
	if (boxed)
		rule(t, out, ctx, "├", "┼", "┤");
	for (r = 1; r < t->nrows; r++)
		line(t, out, ctx, r);
	if (boxed)
		rule(t, out, ctx, "└", "┴", "┘");
}

void
texttable_to_file(void *ctx, const char *s, size_t n)
{
	if (n > 0)
		fwrite(s, 1, n, ctx);
}

size_t
texttable_terminal_width(int fd)
{
	const char *cols = getenv("COLUMNS");
	struct winsize ws;
	char *end;
	long n;

	if (cols && *cols) {
		n = strtol(cols, &end, 10);
		if (*end == '\0' && n > 0)
			return (size_t)n;
	}
	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return TABLE_DEFAULT_WIDTH;
}
