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
#include "value.h"

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
	enum table_align *align;    /* per column: as the caller said */
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
	free(t->align);
	free(t->shown);
	free(t);
}

/* One character at s (a grapheme: a base with its marks): its length in
 * bytes, its width in *w, and the text shown for it in *show (NULL: the
 * bytes themselves). */
static size_t
char_at(const char *s, size_t n, size_t *w, const char **show)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);

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
	} else
		return grapheme_at(s, n, w);
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
	t->align = xreallocarray(t->align, n, sizeof(*t->align));
	t->shown = xreallocarray(t->shown, n, sizeof(size_t));
	for (c = t->ncols; c < n; c++) {
		t->width[c] = 0;
		t->text[c] = false;
		t->align[c] = ALIGN_AUTO;
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

void
texttable_align(struct texttable *t, size_t col, enum table_align a)
{
	grow_cols(t, col + 1);
	t->align[col] = a;
}

/* Is column c right-aligned? */
static bool
right_aligned(const struct texttable *t, size_t c)
{
	return t->align[c] == ALIGN_RIGHT || (t->align[c] == ALIGN_AUTO && !t->text[c] && t->nrows > 1);
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
			    (!right_aligned(t, c) && right_aligned(t, widest)) ||
			    (right_aligned(t, c) == right_aligned(t, widest) && t->shown[c] > t->shown[widest])))
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
	if (r == 0 && t->opts.color)
		out(ctx, "\033[1m", strlen("\033[1m"));
	for (c = 0; c < last; c++) {
		bool right = right_aligned(t, c);
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
	if (r == 0 && t->opts.color)
		out(ctx, "\033[0m", strlen("\033[0m"));
	out(ctx, "\n", 1);
}

/* The title, underlined: with '=' as wide as it, or by the terminal. */
static void
title(const struct texttable_opts *o, texttable_out_fn *out, void *ctx)
{
	size_t n = strlen(o->title), w;

	if (o->color) {
		out(ctx, "\033[1;4m", strlen("\033[1;4m"));
		out(ctx, o->title, n);
		out(ctx, "\033[0m\n", strlen("\033[0m\n"));
		return;
	}
	out(ctx, o->title, n);
	out(ctx, "\n", 1);
	for (w = display_width(o->title, n); w > 0; w--)
		out(ctx, "=", 1);
	out(ctx, "\n", 1);
}

/* The width of columns [from, to) with their gaps (plain style). */
static size_t
span_width(const struct texttable *t, size_t from, size_t to)
{
	size_t w = 0, c;

	for (c = from; c < to; c++)
		w += t->width[c] + (c > from ? 2 : 0);
	return w;
}

/* Columns [from, to) after the first opts.repeat, as a table of their own. */
static void
render_block(const struct texttable *t, size_t from, size_t to, bool first, texttable_out_fn *out, void *ctx)
{
	struct texttable_opts o = t->opts;
	struct texttable *b;
	size_t r, c, k = t->opts.repeat, n = k + (to - from);
	char **cells = xcalloc(n, sizeof(char *));
	size_t *lens = xcalloc(n, sizeof(size_t));

	o.repeat = 0;
	if (!first)
		o.title = NULL;
	b = texttable_new(&o);
	for (r = 0; r < t->nrows; r++) {
		for (c = 0; c < n; c++) {
			const struct cell *cl = &t->cells[r * t->ncols + (c < k ? c : from + c - k)];
			cells[c] = t->arena.s + cl->off;
			lens[c] = cl->len;
		}
		texttable_row(b, cells, lens, n);
	}
	for (c = 0; c < n; c++)
		texttable_align(b, c, t->align[c < k ? c : from + c - k]);
	if (!first)
		out(ctx, "\n", 1);
	texttable_render(b, out, ctx);
	texttable_free(b);
	free(cells);
	free(lens);
}

/* A grid too wide for the line: blocks of the columns that fit beside
 * the repeated ones (at least one each).  False when it fits, or is no
 * grid. */
static bool
render_blocks(struct texttable *t, texttable_out_fn *out, void *ctx)
{
	size_t k = t->opts.repeat, head, from, to;

	if (k == 0 || k >= t->ncols || t->opts.width == 0 || t->opts.style != TABLE_PLAIN ||
	    span_width(t, 0, t->ncols) <= t->opts.width)
		return false;
	head = span_width(t, 0, k);
	for (from = k; from < t->ncols; from = to) {
		for (to = from + 1; to < t->ncols && head + 2 + span_width(t, from, to + 1) <= t->opts.width; to++)
			;
		render_block(t, from, to, from == k, out, ctx);
	}
	return true;
}

void
texttable_render(struct texttable *t, texttable_out_fn *out, void *ctx)
{
	bool boxed = t->opts.style == TABLE_BOXED;
	size_t r;

	if (t->nrows > 0 && render_blocks(t, out, ctx))
		return;
	if (t->opts.title)
		title(&t->opts, out, ctx);
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

/* A bar of size eighths of a block. */
static void
bar(size_t eighths, texttable_out_fn *out, void *ctx)
{
	static const char *const part[] = {"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"};
	size_t i;

	for (i = 0; i < eighths / 8; i++)
		out(ctx, "█", strlen("█"));
	out(ctx, part[eighths % 8], strlen(part[eighths % 8]));
}

void
texttable_bars(const struct text_bar *b, size_t n, const struct texttable_opts *opts,
    texttable_out_fn *out, void *ctx)
{
	size_t i, lw = 0, vw = 0, bw = TEXT_BAR_WIDTH, w;
	double max = 0;

	for (i = 0; i < n; i++) {
		if ((w = text_width(b[i].label, strlen(b[i].label))) > lw)
			lw = w;
		if (b[i].value && (w = text_width(b[i].value, strlen(b[i].value))) > vw)
			vw = w;
		if (b[i].size > max)
			max = b[i].size;
	}
	if (opts->width > 0) {
		if (lw > opts->width / 3 && opts->width / 3 >= MIN_WIDTH)
			lw = opts->width / 3;
		/* The bar gives way first, to a third of its width. */
		if (lw + vw + 2 + bw > opts->width)
			bw = opts->width > lw + vw + 2 + TEXT_BAR_WIDTH / 3 ? opts->width - lw - vw - 2 :
			    TEXT_BAR_WIDTH / 3;
	}
	for (i = 0; i < n; i++) {
		size_t e = max > 0 && b[i].size > 0 ? (size_t)(b[i].size * (double)bw * 8 / max) : 0;
		bool value = b[i].value && *b[i].value;
		/* No line ends in blanks: a label alone is not padded. */
		put_cell(out, ctx, b[i].label, strlen(b[i].label), lw, false, e > 0 || value);
		if (e > 0 || value)
			out(ctx, " ", 1);
		if (e > 0 && opts->color)
			out(ctx, "\033[36m", strlen("\033[36m"));
		bar(e, out, ctx);
		if (e > 0 && opts->color)
			out(ctx, "\033[0m", strlen("\033[0m"));
		if (value) {
			out(ctx, " ", 1);
			out(ctx, b[i].value, strlen(b[i].value));
		}
		out(ctx, "\n", 1);
	}
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
