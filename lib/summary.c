/* summary.c — the --summary report; see summary.h. */
#include "summary.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "value.h"

enum summary_style
summary_style_parse(const char *arg)
{
	if (arg == NULL || strcmp(arg, "text") == 0)
		return SUMMARY_TEXT;
	if (strcmp(arg, "json") == 0)
		return SUMMARY_JSON;
	return SUMMARY_NONE;
}

static void
print_json(FILE *fp, const struct summary *s)
{
	json_t *root = json_object(), *cols = json_array();
	char *text;
	size_t i;

	json_object_set_new(root, "records", json_integer((json_int_t)s->records));
	json_object_set_new(root, "valid", json_integer((json_int_t)s->valid));
	json_object_set_new(root, "rejected", json_integer((json_int_t)s->rejected));
	for (i = 0; i < s->h->n; i++) {
		json_t *c = json_object();
		json_object_set_new(c, "column", json_string(s->h->names[i]));
		json_object_set_new(c, "errors", json_integer(s->errors ? (json_int_t)s->errors[i] : 0));
		json_object_set_new(c, "fixes", json_integer(s->fixes ? (json_int_t)s->fixes[i] : 0));
		json_array_append_new(cols, c);
	}
	json_object_set_new(root, "columns", cols);
	text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fprintf(fp, "%s\n", text);
	free(text);
	json_decref(root);
}

void
summary_print(FILE *fp, enum summary_style style, const struct summary *s)
{
	size_t i, w, width = strlen("column");

	if (style == SUMMARY_JSON) {
		print_json(fp, s);
		return;
	}
	fprintf(fp, "%s: %llu %s: %llu valid, %llu rejected\n", s->prog, s->records,
	    plural(s->records, "record", "records"), s->valid, s->rejected);
	for (i = 0; i < s->h->n; i++)
		if ((w = display_width(s->h->names[i], strlen(s->h->names[i]))) > width)
			width = w;
	fprintf(fp, "  %-*s %10s %10s\n", (int)width, "column", "errors", "fixes");
	for (i = 0; i < s->h->n; i++) {
		const char *name = s->h->names[i];
		/* Pad by display width: a CJK character takes two columns. */
		fprintf(fp, "  %s%*s %10llu %10llu\n", name,
		    (int)(width - display_width(name, strlen(name))), "",
		    s->errors ? s->errors[i] : 0ULL, s->fixes ? s->fixes[i] : 0ULL);
	}
}
