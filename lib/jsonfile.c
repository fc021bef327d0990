/* jsonfile.c — configuration files; see jsonfile.h. */
#include "jsonfile.h"

json_t *
json_load_config(const char *path, struct cust_err *err)
{
	json_error_t jerr;
	json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);

	if (root != NULL)
		return root;
	if (jerr.line < 0)
		cust_fail(err, CUST_USAGE, "%s: %s", path, jerr.text);
	else
		cust_fail(err, CUST_USAGE, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
	return NULL;
}
