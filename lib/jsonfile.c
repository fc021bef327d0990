/* jsonfile.c — configuration files; see jsonfile.h. */
#include "jsonfile.h"

#include <stdio.h>

/* Editors on Windows save JSON with a UTF-8 byte order mark, which
 * jansson refuses: skip it. */
static size_t
skip_bom(void *buf, size_t len, void *data)
{
	FILE *fp = data;
	size_t n = fread(buf, 1, len, fp);

	return n == 0 && ferror(fp) ? (size_t)-1 : n;
}

json_t *
json_load_config(const char *path, struct cust_err *err)
{
	json_error_t jerr;
	json_t *root;
	FILE *fp = fopen(path, "rb");
	unsigned char bom[3];
	size_t n;

	if (fp != NULL) {
		n = fread(bom, 1, 3, fp);
		if (!(n == 3 && bom[0] == 0xEF && bom[1] == 0xBB && bom[2] == 0xBF))
			rewind(fp);
		root = json_load_callback(skip_bom, fp, JSON_REJECT_DUPLICATES, &jerr);
		fclose(fp);
	} else
		root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (root != NULL)
		return root;
	if (jerr.line < 0)
		cust_fail(err, CUST_USAGE, "%s: %s", path, jerr.text);
	else
		cust_fail(err, CUST_USAGE, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
	return NULL;
}
