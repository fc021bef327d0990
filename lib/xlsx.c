/* xlsx.c — a sheet of an .xlsx workbook, streamed (libzip + expat); see
 * workbook.h.
 *
 * The sheet's XML is inflated a chunk at a time straight into expat; the
 * parser is suspended at each row's end, so one row is in memory at a time
 * and the caller pulls rows.  Element names are matched without their
 * namespace prefix (some writers use x:row).  The parts around the sheet
 * (workbook, relationships, styles, shared strings) are small or needed
 * whole, and are parsed completely first.
 */
#include "workbook.h"

#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>

#include "numfmt.h"

#define CHUNK (128 * 1024)
#define RATIO_GRACE (1024 * 1024)   /* parts smaller than this are never bombs */

struct sheetinfo {
	char *name, *rid, *part;
	bool hidden;
};

struct xlsx {
	struct book *b;
	zip_t *zip;
	bool date1904;
	struct sheetinfo *sheets;
	size_t nsheets;
	char *sst_part, *styles_part;
	/* shared strings: one arena of NUL-terminated strings, and where
	 * each starts (its length is up to the next one's start) */
	struct strbuf sst;
	size_t *sst_off, nsst, sst_cap;
	/* number formats: cell style (xf) index -> format */
	struct numfmt *xf;
	size_t nxf;
	long *fmt_id;           /* custom formats: id, classified */
	struct numfmt *fmt;
	size_t nfmt;
	/* the part being parsed */
	XML_Parser p;
	zip_file_t *zf;
	const char *part;
	zip_uint64_t comp, size, inflated;
	char *buf;
	bool final, suspended, row_ready, sheet_done, refused;
	char *why;              /* why parsing stopped, when we stopped it */
	/* parse state */
	int depth_skip;
	bool in_si, in_t, in_rph, in_v, in_is, in_cellxfs, in_numfmts;
	bool have_v, have_f;
	long row, col, prev_row;
	char ctype;             /* 'n' number, 's' shared, 'i' inline, 'f' formula text, 'b', 'e', 'd' */
	long cxf;
	struct strbuf val;
};

static const char *
local(const char *name)
{
	const char *c = strrchr(name, ':');

	return c ? c + 1 : name;
}

static const char *
attr(const char **atts, const char *name)
{
	size_t i;

	for (i = 0; atts[i]; i += 2)
		if (strcmp(local(atts[i]), name) == 0)
			return atts[i + 1];
	return NULL;
}

static void
stop(struct xlsx *x, const char *why)
{
	if (x->why == NULL)
		x->why = xstrdup(why);
	XML_StopParser(x->p, XML_FALSE);
}

/* OOXML parts never have a DTD; one is the way into an entity bomb. */
static void XMLCALL
on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid, int internal)
{
	struct xlsx *x = ud;

	(void)name; (void)sysid; (void)pubid; (void)internal;
	x->refused = true;
	stop(x, "has a document type declaration (DTD), which no .xlsx part has: refused as a likely XML entity bomb");
}

/* _x000D_ and friends: how OOXML writes characters XML cannot hold. */
static void
decode_escapes(struct strbuf *sb)
{
	size_t i, o;
	char *s = sb->s;
	unsigned cp;

	if (s == NULL || memchr(s, '_', sb->len) == NULL)
		return;
	for (i = o = 0; i < sb->len;) {
		if (s[i] == '_' && i + 6 < sb->len && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    sscanf(s + i + 2, "%4x", &cp) == 1 && strspn(s + i + 2, "0123456789abcdefABCDEF") >= 4 &&
		    cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
			if (cp < 0x80)
				s[o++] = (char)cp;
			else if (cp < 0x800) {
				s[o++] = (char)(0xC0 | cp >> 6);
				s[o++] = (char)(0x80 | (cp & 0x3F));
			} else {
				s[o++] = (char)(0xE0 | cp >> 12);
				s[o++] = (char)(0x80 | (cp >> 6 & 0x3F));
				s[o++] = (char)(0x80 | (cp & 0x3F));
			}
			i += 7;
		} else
			s[o++] = s[i++];
	}
	sb->len = o;
	s[o] = '\0';
}

/* --- reading a part ---------------------------------------------------------- */

static int
zip_fail(const struct xlsx *x, const char *what, zip_error_t *ze, struct cust_err *err)
{
	return cust_fail(err, CUST_INPUT, "%s: %s%s%s: the workbook is damaged or truncated", x->b->name,
	    what, ze ? ": " : "", ze ? zip_error_strerror(ze) : "");
}

static int
part_open(struct xlsx *x, const char *part, struct cust_err *err)
{
	zip_stat_t st;

	x->part = part;
	if (zip_stat(x->zip, part, ZIP_FL_NOCASE, &st) < 0 || (x->zf = zip_fopen(x->zip, part, ZIP_FL_NOCASE)) == NULL)
		return zip_fail(x, part, zip_get_error(x->zip), err);
	x->comp = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
	x->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
	x->inflated = 0;
	if (x->size > RATIO_GRACE && x->size / BOOK_MAX_RATIO > x->comp)
		return cust_fail(err, CUST_INPUT, "%s: %s would inflate from %llu to %llu bytes, over %d times: "
		    "refused as a likely zip bomb", x->b->name, part, (unsigned long long)x->comp,
		    (unsigned long long)x->size, BOOK_MAX_RATIO);
	return 0;
}

/* The next chunk of the open part: its length, 0 at the end, -1 on error.
 * The count of bytes inflated is checked against the part's stated size
 * and compressed size, which a zip bomb lies about. */
static long
part_read(struct xlsx *x, struct cust_err *err)
{
	zip_int64_t n = zip_fread(x->zf, x->buf, CHUNK);

	if (n < 0)
		return zip_fail(x, x->part, zip_file_get_error(x->zf), err);
	x->inflated += (zip_uint64_t)n;
	if (x->inflated > x->size)
		return cust_fail(err, CUST_INPUT, "%s: %s inflates past its stated size: the workbook is damaged",
		    x->b->name, x->part);
	if (x->inflated > RATIO_GRACE && x->inflated / BOOK_MAX_RATIO > x->comp)
		return cust_fail(err, CUST_INPUT, "%s: %s inflates over %d times its compressed size: "
		    "refused as a likely zip bomb", x->b->name, x->part, BOOK_MAX_RATIO);
	return (long)n;
}

static void
part_close(struct xlsx *x)
{
	if (x->zf)
		zip_fclose(x->zf);
	x->zf = NULL;
	if (x->p)
		XML_ParserFree(x->p);
	x->p = NULL;
	free(x->why);
	x->why = NULL;
}

static void
parser_new(struct xlsx *x, XML_StartElementHandler start, XML_EndElementHandler end,
    XML_CharacterDataHandler text)
{
	x->p = XML_ParserCreate("UTF-8");
	if (x->p == NULL)
		cust_oom_hook();
	XML_SetUserData(x->p, x);
	XML_SetElementHandler(x->p, start, end);
	XML_SetCharacterDataHandler(x->p, text);
	XML_SetStartDoctypeDeclHandler(x->p, on_doctype);
	x->final = x->suspended = x->row_ready = x->sheet_done = x->refused = false;
}

static int
xml_fail(struct xlsx *x, struct cust_err *err)
{
	if (x->why)
		return cust_fail(err, CUST_INPUT, "%s: %s %s", x->b->name, x->part, x->why);
	return cust_fail(err, CUST_INPUT, "%s: %s:%lu: %s: the workbook is damaged", x->b->name, x->part,
	    (unsigned long)XML_GetCurrentLineNumber(x->p), XML_ErrorString(XML_GetErrorCode(x->p)));
}

/* Parse a whole part.  A missing optional part is no error. */
static int
part_parse(struct xlsx *x, const char *part, bool optional, XML_StartElementHandler start,
    XML_EndElementHandler end, XML_CharacterDataHandler text, struct cust_err *err)
{
	long n;
	int rc = 0;

	if (part == NULL || (optional && zip_name_locate(x->zip, part, ZIP_FL_NOCASE) < 0))
		return 0;
	if (part_open(x, part, err) < 0) {
		part_close(x);
		return -1;
	}
	parser_new(x, start, end, text);
	do {
		if ((n = part_read(x, err)) < 0) {
			rc = -1;
			break;
		}
		if (XML_Parse(x->p, x->buf, (int)n, n == 0) == XML_STATUS_ERROR) {
			rc = xml_fail(x, err);
			break;
		}
	} while (n > 0);
	part_close(x);
	return rc;
}

static void XMLCALL
no_text(void *ud, const XML_Char *s, int len)
{
	(void)ud; (void)s; (void)len;
}

static void XMLCALL
no_end(void *ud, const XML_Char *name)
{
	(void)ud; (void)name;
}

/* --- workbook.xml and its relationships ----------------------------------- */

static void XMLCALL
wb_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name), *v;
	struct sheetinfo *si;

	if (strcmp(n, "workbookPr") == 0) {
		v = attr(atts, "date1904");
		x->date1904 = v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0);
	} else if (strcmp(n, "sheet") == 0) {
		x->sheets = xreallocarray(x->sheets, x->nsheets + 1, sizeof(*x->sheets));
		si = &x->sheets[x->nsheets++];
		v = attr(atts, "name");
		si->name = xstrdup(v ? v : "");
		v = attr(atts, "id");
		si->rid = xstrdup(v ? v : "");
		si->part = NULL;
		v = attr(atts, "state");
		si->hidden = v && strcmp(v, "visible") != 0;
	}
}

/* A relationship's target as a zip entry name: relative to xl/, or from
 * the archive's root when it starts with '/'. */
static char *
rel_target(const char *target)
{
	struct strbuf sb = STRBUF_INIT;

	if (target[0] == '/')
		sb_adds(&sb, target + 1);
	else {
		sb_adds(&sb, "xl/");
		sb_adds(&sb, target);
	}
	return sb_detach(&sb);
}

static void XMLCALL
rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *id = attr(atts, "Id"), *target = attr(atts, "Target"), *type = attr(atts, "Type");
	size_t i, tl;

	if (strcmp(local(name), "Relationship") != 0 || id == NULL || target == NULL)
		return;
	tl = type ? strlen(type) : 0;
	if (tl >= 14 && strcmp(type + tl - 14, "/sharedStrings") == 0 && x->sst_part == NULL)
		x->sst_part = rel_target(target);
	else if (tl >= 7 && strcmp(type + tl - 7, "/styles") == 0 && x->styles_part == NULL)
		x->styles_part = rel_target(target);
	for (i = 0; i < x->nsheets; i++)
		if (x->sheets[i].part == NULL && strcmp(x->sheets[i].rid, id) == 0)
			x->sheets[i].part = rel_target(target);
}

/* --- styles.xml: which cells hold dates --------------------------------- */

static void XMLCALL
styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name), *id, *code;

	if (strcmp(n, "numFmt") == 0) {
		id = attr(atts, "numFmtId");
		code = attr(atts, "formatCode");
		if (id == NULL || code == NULL)
			return;
		x->fmt_id = xreallocarray(x->fmt_id, x->nfmt + 1, sizeof(long));
		x->fmt = xreallocarray(x->fmt, x->nfmt + 1, sizeof(struct numfmt));
		x->fmt_id[x->nfmt] = strtol(id, NULL, 10);
		x->fmt[x->nfmt++] = numfmt_classify(code);
	} else if (strcmp(n, "cellXfs") == 0)
		x->in_cellxfs = true;
	else if (strcmp(n, "xf") == 0 && x->in_cellxfs) {
		long fid = (id = attr(atts, "numFmtId")) ? strtol(id, NULL, 10) : 0;
		struct numfmt f = numfmt_builtin((int)(fid < 0 || fid > 1000 ? 0 : fid));
		size_t i;

		for (i = 0; i < x->nfmt; i++)
			if (x->fmt_id[i] == fid)
				f = x->fmt[i];
		x->xf = xreallocarray(x->xf, x->nxf + 1, sizeof(*x->xf));
		x->xf[x->nxf++] = f;
	}
}

static void XMLCALL
styles_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;

	if (strcmp(local(name), "cellXfs") == 0)
		x->in_cellxfs = false;
}

/* --- sharedStrings.xml ------------------------------------------------------ */

static void XMLCALL
sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	(void)atts;
	if (strcmp(n, "si") == 0) {
		x->in_si = true;
		sb_reset(&x->val);
	} else if (strcmp(n, "rPh") == 0)
		x->in_rph = true;       /* phonetic guide: not part of the text */
	else if (strcmp(n, "t") == 0 && x->in_si && !x->in_rph)
		x->in_t = true;
}

static void XMLCALL
sst_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	if (strcmp(n, "t") == 0)
		x->in_t = false;
	else if (strcmp(n, "rPh") == 0)
		x->in_rph = false;
	else if (strcmp(n, "si") == 0) {
		x->in_si = false;
		decode_escapes(&x->val);
		if (x->nsst == x->sst_cap) {
			x->sst_cap = x->sst_cap ? x->sst_cap * 2 : 1024;
			x->sst_off = xreallocarray(x->sst_off, x->sst_cap, sizeof(size_t));
		}
		x->sst_off[x->nsst++] = x->sst.len;
		sb_add(&x->sst, sb_str(&x->val), x->val.len);
		sb_addc(&x->sst, '\0');
	}
}

static void XMLCALL
sst_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (x->in_t)
		sb_add(&x->val, s, (size_t)len);
}

/* --- the sheet -------------------------------------------------------------- */

/* "B17" -> column 1, row 17; false when it is no cell reference. */
static bool
parse_ref(const char *s, long *col, long *row)
{
	long c = 0, r = 0;

	for (; *s >= 'A' && *s <= 'Z'; s++)
		if ((c = c * 26 + (*s - 'A' + 1)) > 1000000)
			return false;
	for (; *s >= '0' && *s <= '9'; s++)
		if ((r = r * 10 + (*s - '0')) > 100000000)
			return false;
	*col = c - 1;
	*row = r;
	return *s == '\0' && c > 0 && r > 0;
}

static void XMLCALL
sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx *x = ud;
	const char *n = local(name), *v;
	struct book_row *row = &x->b->row;
	long col, r;

	switch (n[0]) {
	case 'c':
		if (n[1] != '\0')
			return;
		v = attr(atts, "r");
		if (v == NULL)
			col = x->col + 1;
		else if (!parse_ref(v, &col, &r)) {
			book_row_error(row, x->b->sheet, x->col + 1, "'%s' is no cell reference", v);
			col = x->col + 1;
		}
		if (col >= BOOK_MAX_COL || col < 0)
			book_row_error(row, x->b->sheet, col < 0 ? 0 : col,
			    "beyond XFD1048576, the last cell a sheet can have");
		else if (col <= x->col)
			book_row_error(row, x->b->sheet, col, "the cell comes twice or out of order");
		x->col = col > x->col ? col : x->col;
		v = attr(atts, "t");
		x->ctype = v == NULL ? 'n' : strcmp(v, "s") == 0 ? 's' : strcmp(v, "inlineStr") == 0 ? 'i' :
		    strcmp(v, "str") == 0 ? 'f' : v[0];
		v = attr(atts, "s");
		x->cxf = v ? strtol(v, NULL, 10) : 0;
		x->have_v = x->have_f = x->in_rph = false;
		sb_reset(&x->val);
		return;
	case 'v':
		if (n[1] == '\0')
			x->in_v = true;
		return;
	case 'f':
		if (n[1] == '\0')
			x->have_f = true;
		return;
	case 'i':
		if (strcmp(n, "is") == 0)
			x->in_is = true;
		return;
	case 't':
		if (n[1] == '\0' && x->in_is && !x->in_rph)
			x->in_t = true;
		return;
	case 'r':
		if (strcmp(n, "row") == 0) {
			v = attr(atts, "r");
			r = v ? strtol(v, NULL, 10) : x->prev_row + 1;
			book_row_start(row, r);
			if (r > BOOK_MAX_ROW || r <= 0)
				book_row_error(row, x->b->sheet, 0, "beyond XFD1048576, the last cell a sheet can have");
			else if (r <= x->prev_row)
				book_row_error(row, x->b->sheet, 0, "row %ld comes after row %ld", r, x->prev_row);
			x->row = r;
			x->col = -1;
		} else if (strcmp(n, "rPh") == 0)
			x->in_rph = true;
		return;
	default:
		return;
	}
}

static void
cell_value(struct xlsx *x)
{
	struct book *b = x->b;
	struct book_row *row = &b->row;
	char buf[SERIAL_ISO_MAX + 64];
	const char *why, *s = sb_str(&x->val);
	struct numfmt f;
	size_t n = x->val.len;
	char *end;
	unsigned long k;

	if (x->col < 0 || x->col >= BOOK_MAX_COL)
		return;
	if (!x->have_v) {
		if (x->have_f)
			b->uncached++;
		return;
	}
	switch (x->ctype) {
	case 's':
		k = strtoul(s, &end, 10);
		if (n == 0 || *end != '\0' || k >= x->nsst) {
			book_row_error(row, b->sheet, x->col, "shared string '%s' does not exist (the workbook has %zu)",
			    s, x->nsst);
			return;
		}
		book_row_set(row, (size_t)x->col, x->sst.s + x->sst_off[k],
		    (k + 1 < x->nsst ? x->sst_off[k + 1] : x->sst.len) - x->sst_off[k] - 1);
		return;
	case 'i':
	case 'f':
		decode_escapes(&x->val);
		book_row_set(row, (size_t)x->col, sb_str(&x->val), x->val.len);
		return;
	case 'b':
		if (n == 1 && (s[0] == '0' || s[0] == '1'))
			book_row_set(row, (size_t)x->col, s[0] == '1' ? "true" : "false", s[0] == '1' ? 4 : 5);
		else
			book_row_error(row, b->sheet, x->col, "'%s' is no boolean", s);
		return;
	case 'e':
		book_error_cell(b, n ? s : "#VALUE!");
		return;
	case 'd':
		book_row_set(row, (size_t)x->col, s, n);
		return;
	default:
		break;
	}
	if (n == 0)
		return;
	if (!number_text_valid(s, n)) {
		book_row_error(row, b->sheet, x->col, "'%.40s' is not a number", s);
		return;
	}
	f = x->cxf >= 0 && (size_t)x->cxf < x->nxf ? x->xf[x->cxf] : numfmt_builtin(0);
	if (f.kind != NF_NUMBER) {
		if ((n = serial_to_iso(s, n, f.kind, x->date1904, buf, &why)) == 0) {
			book_row_error(row, b->sheet, x->col, "%s is no date: %s", s, why);
			return;
		}
		book_row_set(row, (size_t)x->col, buf, n);
	} else if (f.decimals > 0 && n + (size_t)f.decimals + 2 <= sizeof(buf)) {
		n = number_pad(s, n, f.decimals, buf);
		book_row_set(row, (size_t)x->col, buf, n);
	} else
		book_row_set(row, (size_t)x->col, s, n);
}

static void XMLCALL
sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx *x = ud;
	const char *n = local(name);

	switch (n[0]) {
	case 'c':
		if (n[1] == '\0')
			cell_value(x);
		return;
	case 'v':
		if (n[1] == '\0') {
			x->in_v = false;
			x->have_v = true;
		}
		return;
	case 'i':
		if (strcmp(n, "is") == 0) {
			x->in_is = false;
			x->have_v = true;
		}
		return;
	case 't':
		if (n[1] == '\0')
			x->in_t = false;
		return;
	case 'r':
		if (strcmp(n, "row") == 0) {
			x->prev_row = x->row > x->prev_row ? x->row : x->prev_row;
			x->row_ready = true;
			XML_StopParser(x->p, XML_TRUE);
		} else if (strcmp(n, "rPh") == 0)
			x->in_rph = false;
		return;
	case 's':
		/* What follows the rows (merged ranges, print settings) is
		 * not needed: a merged range's value is in its first cell. */
		if (strcmp(n, "sheetData") == 0) {
			x->sheet_done = true;
			XML_StopParser(x->p, XML_FALSE);
		}
		return;
	default:
		return;
	}
}

static void XMLCALL
sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx *x = ud;

	if (x->in_v || x->in_t)
		sb_add(&x->val, s, (size_t)len);
}

static int
sheet_next(struct book *b, struct cust_err *err)
{
	struct xlsx *x = b->impl;
	enum XML_Status st;
	long n;

	for (;;) {
		if (x->sheet_done || x->p == NULL)
			return 0;
		if (x->suspended)
			st = XML_ResumeParser(x->p);
		else {
			if ((n = part_read(x, err)) < 0)
				return -1;
			x->final = n == 0;
			st = XML_Parse(x->p, x->buf, (int)n, x->final);
		}
		x->suspended = st == XML_STATUS_SUSPENDED;
		if (x->row_ready) {
			x->row_ready = false;
			return 1;
		}
		if (st == XML_STATUS_ERROR) {
			if (x->sheet_done)
				return 0;
			return xml_fail(x, err);
		}
		if (x->final && !x->suspended)
			return 0;
	}
}

static void
xlsx_close(struct book *b)
{
	struct xlsx *x = b->impl;
	size_t i;

	if (x == NULL)
		return;
	part_close(x);
	if (x->zip)
		zip_discard(x->zip);
	for (i = 0; i < x->nsheets; i++) {
		free(x->sheets[i].name);
		free(x->sheets[i].rid);
		free(x->sheets[i].part);
	}
	free(x->sheets);
	free(x->sst_part);
	free(x->styles_part);
	sb_free(&x->sst);
	free(x->sst_off);
	free(x->xf);
	free(x->fmt_id);
	free(x->fmt);
	free(x->buf);
	sb_free(&x->val);
	free(x);
	b->impl = NULL;
}

static int
open_zip(struct xlsx *x, const char *path, struct cust_err *err)
{
	int code = 0;
	zip_error_t ze;

	if ((x->zip = zip_open(path, ZIP_RDONLY, &code)) != NULL)
		return 0;
	if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS)
		return cust_fail(err, CUST_INPUT, "%s: not a readable zip archive, so no .xlsx workbook "
		    "(damaged or truncated?)", x->b->name);
	zip_error_init_with_code(&ze, code);
	cust_fail(err, CUST_INPUT, "%s: %s", x->b->name, zip_error_strerror(&ze));
	zip_error_fini(&ze);
	return -1;
}

/* Sheets, their parts, the date system, styles and shared strings. */
static int
read_workbook(struct xlsx *x, struct cust_err *err)
{
	if (zip_name_locate(x->zip, "xl/workbook.xml", ZIP_FL_NOCASE) < 0) {
		if (zip_name_locate(x->zip, "content.xml", 0) >= 0)
			return cust_fail(err, CUST_INPUT, "%s: an OpenDocument spreadsheet (.ods), not .xlsx: "
			    "save it as .xlsx or CSV", x->b->name);
		return cust_fail(err, CUST_INPUT, "%s: a zip archive but no .xlsx workbook (it has no "
		    "xl/workbook.xml)", x->b->name);
	}
	if (part_parse(x, "xl/workbook.xml", false, wb_start, no_end, no_text, err) < 0 ||
	    part_parse(x, "xl/_rels/workbook.xml.rels", true, rels_start, no_end, no_text, err) < 0)
		return -1;
	if (x->sst_part == NULL)
		x->sst_part = xstrdup("xl/sharedStrings.xml");
	if (x->styles_part == NULL)
		x->styles_part = xstrdup("xl/styles.xml");
	if (part_parse(x, x->styles_part, true, styles_start, styles_end, no_text, err) < 0 ||
	    part_parse(x, x->sst_part, true, sst_start, sst_end, sst_text, err) < 0)
		return -1;
	return 0;
}

static int
choose_sheet(struct xlsx *x, const char *sheet, struct cust_err *err)
{
	char **names = xcalloc(x->nsheets + 1, sizeof(char *));
	bool *hidden = xcalloc(x->nsheets + 1, sizeof(bool));
	struct sheetinfo *si;
	size_t i;
	long k;

	for (i = 0; i < x->nsheets; i++) {
		names[i] = x->sheets[i].name;
		hidden[i] = x->sheets[i].hidden;
	}
	k = book_pick_sheet(sheet, names, hidden, x->nsheets);
	if (k < 0)
		book_no_sheet(x->b, sheet, names, hidden, x->nsheets, err);
	free(names);
	free(hidden);
	if (k < 0)
		return -1;
	si = &x->sheets[k];
	x->b->sheet = xstrdup(si->name);
	if (si->part == NULL)
		si->part = xstrdup("xl/worksheets/sheet1.xml");
	if (part_open(x, si->part, err) < 0)
		return -1;
	parser_new(x, sheet_start, sheet_end, sheet_text);
	return 0;
}

int
xlsx_open(struct book *b, const char *path, const char *sheet, struct cust_err *err)
{
	struct xlsx *x = xcalloc(1, sizeof(*x));

	x->b = b;
	x->buf = xmalloc(CHUNK);
	x->prev_row = 0;
	b->impl = x;
	b->next = sheet_next;
	b->close = xlsx_close;
	if (open_zip(x, path, err) < 0 || read_workbook(x, err) < 0 || choose_sheet(x, sheet, err) < 0)
		return -1;
	return 0;
}
