/* libFuzzer harness for the .xlsx sheet reader: any bytes as a sheet's XML
 * (or, by the first byte, as its styles or shared strings), in an
 * otherwise well-formed workbook, must never crash, hang or leak, and
 * every record must have the header's width.  Mutating a whole zip mostly
 * breaks its checksums; this reaches the XML handlers.  Build with
 * `make fuzz`; run build/fuzz/fuzz_xlsx CORPUS (seeds: corpus/xlsx). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "reader.h"

static const char workbook[] =
    "<workbook><workbookPr date1904=\"0\"/><sheets><sheet name=\"S\" r:id=\"rId1\"/></sheets></workbook>";
static const char rels[] =
    "<Relationships><Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/styles\" Target=\"styles.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";
static const char styles[] =
    "<styleSheet><numFmts><numFmt numFmtId=\"164\" formatCode=\"yyyy-mm-dd\"/>"
    "<numFmt numFmtId=\"165\" formatCode=\"0.00\"/></numFmts><cellXfs><xf numFmtId=\"0\"/>"
    "<xf numFmtId=\"164\"/><xf numFmtId=\"165\"/><xf numFmtId=\"22\"/><xf numFmtId=\"46\"/></cellXfs></styleSheet>";
static const char sst[] = "<sst><si><t>id</t></si><si><r><t>a</t></r><r><t>b</t></r></si></sst>";
static const char sheet[] =
    "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
    "<row r=\"2\"><c r=\"A2\" s=\"1\"><v>45569</v></c><c r=\"B2\" s=\"2\"><v>1.5</v></c></row></sheetData></worksheet>";

static int
add(zip_t *z, const char *name, const void *p, size_t n)
{
	zip_source_t *src = zip_source_buffer(z, p, n, 0);

	if (src == NULL || zip_file_add(z, name, src, ZIP_FL_OVERWRITE) < 0) {
		zip_source_free(src);
		return -1;
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-xlsx-XXXXXX";
	struct reader_opts o = {.from = FMT_AUTO};
	char *paths[] = {path};
	struct cust_err err;
	struct reader *r;
	struct record *rec;
	size_t width;
	zip_t *z;
	int fd, code, which;

	if (size < 1)
		return 0;
	which = data[0] % 3;
	fd = mkstemp(path);
	if (fd < 0)
		return 0;
	close(fd);
	if ((z = zip_open(path, ZIP_TRUNCATE, &code)) == NULL) {
		unlink(path);
		return 0;
	}
	if (add(z, "xl/workbook.xml", workbook, sizeof(workbook) - 1) < 0 ||
	    add(z, "xl/_rels/workbook.xml.rels", rels, sizeof(rels) - 1) < 0 ||
	    add(z, "xl/styles.xml", which == 1 ? (const void *)(data + 1) : styles, which == 1 ? size - 1 : sizeof(styles) - 1) < 0 ||
	    add(z, "xl/sharedStrings.xml", which == 2 ? (const void *)(data + 1) : sst, which == 2 ? size - 1 : sizeof(sst) - 1) < 0 ||
	    add(z, "xl/worksheets/sheet1.xml", which == 0 ? (const void *)(data + 1) : sheet, which == 0 ? size - 1 : sizeof(sheet) - 1) < 0 ||
	    zip_close(z) < 0) {
		zip_discard(z);
		unlink(path);
		return 0;
	}
	o.skip = data[0] / 3 % 3;
	if ((r = reader_open(paths, 1, &o, &err)) != NULL) {
		width = reader_header(r)->n;
		while (reader_next(r, &rec, &err) > 0)
			if (rec->n != width)
				abort();
		reader_close(r);
	}
	unlink(path);
	return 0;
}
