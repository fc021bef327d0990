/* jsonfile.c — configuration files; see jsonfile.h. */
#include "jsonfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* The whole file, or -1 with what is wrong with it as a file: a user who
 * names a directory or an empty file should hear that, not a JSON syntax
 * error at line 1. */
static int
read_config(const char *path, struct strbuf *sb, struct cust_err *err)
{
	char buf[8192];
	struct stat st;
	size_t n, i;
	FILE *fp = fopen(path, "r");

	if (fp == NULL)
		return cust_fail(err, CUST_USAGE, "%s: %s", path, strerror(errno));
	if (fstat(fileno(fp), &st) == 0 && S_ISDIR(st.st_mode)) {
		fclose(fp);
		return cust_fail(err, CUST_USAGE, "%s: is a directory", path);
	}
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		sb_add(sb, buf, n);
	if (ferror(fp)) {
		int e = errno;
		fclose(fp);
		return cust_fail(err, CUST_USAGE, "%s: %s", path, strerror(e));
	}
	fclose(fp);
	for (i = 0; i < sb->len && strchr(" \t\r\n", sb->s[i]) != NULL; i++)
		;
	if (i == sb->len)
		return cust_fail(err, CUST_USAGE, "%s: is empty", path);
	return 0;
}

json_t *
json_load_config(const char *path, struct cust_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	json_error_t jerr;
	json_t *root;
	size_t skip;

	if (read_config(path, &sb, err) < 0) {
		sb_free(&sb);
		return NULL;
	}
	/* Editors on Windows save JSON with a UTF-8 byte order mark, which
	 * jansson refuses: skip it. */
	skip = sb.len >= 3 && memcmp(sb.s, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	root = json_loadb(sb.s + skip, sb.len - skip, JSON_REJECT_DUPLICATES, &jerr);
	sb_free(&sb);
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
