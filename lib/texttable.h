/* texttable.h — a table for people: aligned columns in a terminal.
 *
 * Rows of cells go in (the first is the header); rendered text comes out
 * through a callback once every row is in, since a column is as wide as
 * its widest cell.  Widths are display widths, not bytes, counted by
 * grapheme (value.h's grapheme_at): an East Asian Wide or Fullwidth
 * character (客, ＶＩＰ) takes two columns, a combining mark none, an
 * emoji two with its modifiers, so Chinese text stays aligned and a cut
 * never splits a character from its marks.  Columns whose values are all
 * numbers (-12, 1,234.50, ¥99, 3.5%) are right-aligned, unless the caller
 * says how (texttable_align).  A title and colour (a bold header) are
 * options; texttable_bars draws a bar chart in the same terms.
 * When the table is wider than opts.width, the widest columns give way
 * first and a cell that no longer fits ends in "…" (a grid is cut into
 * blocks of columns instead: opts.repeat).  A line break in a
 * cell shows as ↵ and a tab as a space: one row is one line.
 *
 * Every cell is copied: the caller's buffers may change after texttable_row.
 * Memory is the size of the table (it is for people, not for millions of
 * rows).  The module never prints: text goes to the callback.
 */
#ifndef CUST_TEXTTABLE_H
#define CUST_TEXTTABLE_H

#include <stdbool.h>
#include <stddef.h>

enum table_style {
	TABLE_BOXED,     /* ┌─┬─┐ lines around and between the columns */
	TABLE_PLAIN,     /* columns two spaces apart, no lines */
};

struct texttable_opts {
	enum table_style style;
	size_t width;    /* the most display columns a line may take; 0: no limit */
	const char *title; /* a line above the table, underlined with '=' (NULL: none) */
	bool color;      /* ANSI: the title bold and underlined (no '=' line),
	                    the header bold; the caller decides (a terminal,
	                    no NO_COLOR) */
	size_t repeat;   /* a grid (a cross-tab): wider than width, its columns
	                    after the first repeat go into blocks that fit, one
	                    under another (a blank line between), each with the
	                    first repeat columns again, so that no label and no
	                    number is cut; 0: columns narrow instead */
};

enum table_align { ALIGN_AUTO, ALIGN_LEFT, ALIGN_RIGHT };

/* Where the text goes; n bytes, not NUL-terminated. */
typedef void texttable_out_fn(void *ctx, const char *s, size_t n);
/* The callback for a stdio stream: ctx is the FILE *.  Its errors are
 * the stream's (ferror), for the caller to check. */
texttable_out_fn texttable_to_file;

struct texttable;

struct texttable *texttable_new(const struct texttable_opts *opts);
void texttable_free(struct texttable *t);
/* Add a row: the first is the header.  lens may be NULL (NUL-terminated
 * cells).  A row shorter than the header is padded with empty cells; one
 * longer gets columns with empty headers. */
void texttable_row(struct texttable *t, char *const *cells, const size_t *lens, size_t n);
/* How column col is aligned: ALIGN_AUTO (the default) right when its
 * values are all numbers. */
void texttable_align(struct texttable *t, size_t col, enum table_align a);
/* Write the table; it can be rendered again (after more rows, too). */
void texttable_render(struct texttable *t, texttable_out_fn *out, void *ctx);

/* One bar of a chart: its label, the value written after it, and the
 * size the bar shows (0 or less: no bar). */
struct text_bar {
	const char *label, *value;
	double size;
};
#define TEXT_BAR_WIDTH 30
/* A horizontal bar chart, a line per bar: the label padded to the widest
 * (display width; cut with "…" past a third of opts.width), the bar in
 * eighths of a block (▏▎▍▌▋▊▉█), TEXT_BAR_WIDTH columns for the largest
 * size (fewer when opts.width is narrower), then the value.  Bars are
 * cyan with opts.color.  opts.style and opts.title are not used. */
void texttable_bars(const struct text_bar *b, size_t n, const struct texttable_opts *opts,
    texttable_out_fn *out, void *ctx);

/* The display width of UTF-8 text as table cells show it (an invalid byte
 * counts one). */
size_t text_width(const char *s, size_t n);
/* The width a table for fd may take: $COLUMNS when set to a number, else
 * the terminal's width when fd is one, else TABLE_DEFAULT_WIDTH. */
#define TABLE_DEFAULT_WIDTH 120
size_t texttable_terminal_width(int fd);

#endif
