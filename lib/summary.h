/* summary.h — per-column counts of errors and fixes, as text or JSON. */
#ifndef CUST_SUMMARY_H
#define CUST_SUMMARY_H

#include <stdio.h>

#include "record.h"

enum summary_style { SUMMARY_NONE, SUMMARY_TEXT, SUMMARY_JSON };

/* NULL or "text" is text, "json" is JSON, anything else SUMMARY_NONE. */
enum summary_style summary_style_parse(const char *arg);

struct summary {
	const char *prog;
	const struct header *h;
	unsigned long long records, valid, rejected;
	const unsigned long long *errors, *fixes;   /* per column, may be NULL */
};

void summary_print(FILE *fp, enum summary_style style, const struct summary *s);

#endif
