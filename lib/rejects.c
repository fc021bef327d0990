/* rejects.c — rejected records and their reasons; see rejects.h. */
#include "rejects.h"

#include <stdlib.h>
#include <string.h>

struct rejects {
	struct outfile out;
	struct writer *w;
	FILE *diag;
	const char *prog;
	unsigned long max_shown;
	unsigned long long count;
	size_t n;
	char **vals;
	size_t *lens;
};

struct rejects *
rejects_open(const char *path, const struct header *h, const struct writer_opts *wo,
    FILE *diag, const char *prog, unsigned long max_shown, struct cust_err *err)
{
	struct rejects *rj = xcalloc(1, sizeof(*rj));
	struct writer_opts own;
	char **names;
	size_t i;

	rj->diag = diag;
	rj->prog = prog;
	rj->max_shown = max_shown;
	rj->n = h->n;
	rj->vals = xcalloc(h->n + 2, sizeof(char *));
	rj->lens = xcalloc(h->n + 2, sizeof(size_t));
	if (path == NULL)
		return rj;
	if (outfile_open(&rj->out, path, false, err) < 0) {
		free(rj->vals);
		free(rj->lens);
		free(rj);
		return NULL;
	}
	/* The rejects file's own name says whether it is a workbook: the
	 * records a person fixes by hand in Excel, or CSV beside a workbook. */
	own = *wo;
	if (path_is_xlsx(path))
		own.to = FMT_XLSX;
	else if (own.to == FMT_XLSX)
		own.to = FMT_CSV;
	/* Rejects are to be fixed and read again: a table for people is
	 * not something to read back. */
	if (!FORMAT_READABLE(own.to))
		own.to = FMT_CSV;
	rj->w = writer_new(rj->out.fp, rj->out.name, &own);
	names = xcalloc(h->n + 2, sizeof(char *));
	for (i = 0; i < h->n; i++)
		names[i] = h->names[i];
	names[h->n] = "_line";
	names[h->n + 1] = "_errors";
	writer_header(rj->w, names, h->n + 2);
	free(names);
	return rj;
}

void
rejects_add(struct rejects *rj, const struct record *rec, char *const *vals,
    const size_t *lens, const char *why)
{
	char line[32];
	size_t i;

	rj->count++;
	if (rj->w == NULL) {
		if (rj->count <= rj->max_shown)
			fprintf(rj->diag, "%s: %s:%ld: %s\n", rj->prog, rec->file, rec->line, why);
		return;
	}
	for (i = 0; i < rj->n; i++) {
		rj->vals[i] = vals ? vals[i] : rec->field[i];
		rj->lens[i] = vals ? lens[i] : rec->len[i];
	}
	rj->lens[rj->n] = (size_t)snprintf(line, sizeof(line), "%ld", rec->line);
	rj->vals[rj->n] = line;
	rj->vals[rj->n + 1] = (char *)why;
	rj->lens[rj->n + 1] = strlen(why);
	writer_row(rj->w, rj->vals, rj->lens, rj->n + 2);
}

unsigned long long
rejects_count(const struct rejects *rj)
{
	return rj->count;
}

static void
rejects_free(struct rejects *rj)
{
	writer_free(rj->w);
	free(rj->vals);
	free(rj->lens);
	free(rj);
}

int
rejects_close(struct rejects *rj, struct cust_err *err)
{
	int rc = 0;

	if (rj->w == NULL) {
		if (rj->max_shown == 0 && rj->count > 0)
			fprintf(rj->diag, "%s: %llu invalid %s (use --rejects FILE to keep %s)\n",
			    rj->prog, rj->count, plural(rj->count, "record", "records"),
			    plural(rj->count, "it", "them"));
		else if (rj->count > rj->max_shown)
			fprintf(rj->diag, "%s: %llu more invalid %s not shown (use --rejects FILE "
			    "to keep them all)\n", rj->prog, rj->count - rj->max_shown,
			    plural(rj->count - rj->max_shown, "record", "records"));
	} else if (writer_finish(rj->w, err) < 0 || outfile_commit(&rj->out, err) < 0) {
		outfile_abort(&rj->out);
		rc = -1;
	}
	rejects_free(rj);
	return rc;
}

void
rejects_abort(struct rejects *rj)
{
	if (rj == NULL)
		return;
	outfile_abort(&rj->out);
	rejects_free(rj);
}
