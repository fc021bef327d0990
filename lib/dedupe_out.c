/* dedupe_out.c — the views of a deduplication; see dedupe_out.h. */
#include "dedupe_out.h"

#include "addcols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void
dedupe_write_marked(struct writer *w, struct dedupe *dd, const struct header *h)
{
	static const char *const added[] = {"cluster_id", "is_duplicate", "match_reason"};
	struct addcols x;
	struct strbuf reason = STRBUF_INIT;
	char id[32], *add[3];
	size_t addlen[3], i;

	addcols_begin(&x, w, h, added, 3);
	addcols_header(&x);
	for (i = 0; i < dedupe_records(dd) && !writer_failed(w); i++) {
		dedupe_record(dd, i, x.vals, x.lens);
		addlen[0] = u64_format(dedupe_cluster(dd, i), id);
		add[0] = id;
		add[1] = dedupe_is_first(dd, i) ? "false" : "true";
		add[2] = (char *)dedupe_reason(dd, i, &reason);
		addlen[1] = strlen(add[1]);
		addlen[2] = strlen(add[2]);
		addcols_row(&x, x.vals, x.lens, add, addlen);
	}
	sb_free(&reason);
	addcols_end(&x);
}

void
dedupe_write_merged(struct writer *w, struct dedupe *dd, const struct header *h, enum keep keep,
    long newest_col, long id_col)
{
	static const char *const added[] = {"cluster_id", "merged_ids", "merge_conflicts"};
	struct addcols x;
	struct strbuf ids = STRBUF_INIT, conflicts = STRBUF_INIT;
	char id[32], *add[3];
	size_t addlen[3], c;

	addcols_begin(&x, w, h, added, 3);
	addcols_header(&x);
	for (c = 1; c <= dedupe_clusters(dd) && !writer_failed(w); c++) {
		dedupe_merge(dd, c, keep, newest_col, id_col, x.vals, x.lens, &ids, &conflicts);
		addlen[0] = u64_format(c, id);
		add[0] = id;
		add[1] = (char *)sb_str(&ids);
		add[2] = (char *)sb_str(&conflicts);
		addlen[1] = ids.len;
		addlen[2] = conflicts.len;
		addcols_row(&x, x.vals, x.lens, add, addlen);
	}
	sb_free(&ids);
	sb_free(&conflicts);
	addcols_end(&x);
}

void
dedupe_write_pairs(struct writer *w, struct dedupe *dd, const struct fuzzy *z, const struct header *h,
    long id_col)
{
	const long *cols;
	size_t nf = fuzzy_fields(z, &cols), n = nf + 3, k, x;
	char **names = xcalloc(n + 1, sizeof(char *)), **out = xcalloc(n + 1, sizeof(char *));
	size_t *olens = xcalloc(n + 1, sizeof(size_t));
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
	char p[32];

	names[0] = "record_a";
	names[1] = "record_b";
	names[2] = "probability";
	for (k = 0; k < nf; k++)
		names[3 + k] = h->names[cols[k]];
	writer_header(w, names, n);
	for (x = 0; x < fuzzy_pairs(z) && !writer_failed(w); x++) {
		const struct fuzzy_pair *fp = fuzzy_pair(z, x);
		sb_reset(&a);
		sb_reset(&b);
		out[0] = (char *)dedupe_name(dd, fp->a, id_col, &a);
		out[1] = (char *)dedupe_name(dd, fp->b, id_col, &b);
		snprintf(p, sizeof(p), "%.4f", fp->p);
		out[2] = p;
		for (k = 0; k < nf; k++)
			out[3 + k] = (char *)fuzzy_level_name(fp->level[k]);
		for (k = 0; k < n; k++)
			olens[k] = strlen(out[k]);
		writer_row(w, out, olens, n);
	}
	sb_free(&a);
	sb_free(&b);
	free(names);
	free(out);
	free(olens);
}

