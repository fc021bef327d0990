/* jsonfile.c — configuration files; see jsonfile.h. */
#include "jsonfile.h"

#include <stdio.h>
#include <string.h>

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

int
jf_bad(const struct jsonfile *jf, const char *where, const char *fmt, ...)
{
	char msg[768];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return cust_fail(jf->err, CUST_USAGE, "%s: %s: %s", jf->path, where, msg);
}

bool
jf_only_keys(const struct jsonfile *jf, json_t *obj, const char *where, const char *const *keys)
{
	const char *k;
	json_t *v;
	size_t i;

	json_object_foreach(obj, k, v) {
		for (i = 0; keys[i] && strcmp(keys[i], k) != 0; i++)
			;
		if (keys[i] == NULL) {
			jf_bad(jf, where, "unknown key '%.100s'", k);
			return false;
		}
	}
	return true;
}
