/* dedupe_out.c — the views of a deduplication; see dedupe_out.h. */
#include "dedupe_out.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "orders.h"

void
dedupe_write_marked(struct writer *w, struct dedupe *dd, const struct header *h)
{
	static const char *const added[] = {"cluster_id", "is_duplicate", "match_reason"};
	char **names = xcalloc(h->n + 4, sizeof(char *)), **vals = xcalloc(h->n + 4, sizeof(char *));
	size_t *lens = xcalloc(h->n + 4, sizeof(size_t)), at[3], n, i;
	struct strbuf reason = STRBUF_INIT;
	char id[32];

	n = header_extend(h, added, 3, names, at);
	writer_header(w, names, n);
	for (i = 0; i < dedupe_records(dd) && !writer_failed(w); i++) {
		dedupe_record(dd, i, vals, lens);
		lens[at[0]] = u64_format(dedupe_cluster(dd, i), id);
		vals[at[0]] = id;
		vals[at[1]] = dedupe_is_first(dd, i) ? "false" : "true";
		vals[at[2]] = (char *)dedupe_reason(dd, i, &reason);
		lens[at[1]] = strlen(vals[at[1]]);
		lens[at[2]] = strlen(vals[at[2]]);
		writer_row(w, vals, lens, n);
	}
	sb_free(&reason);
	free(names);
	free(vals);
	free(lens);
}

/* old_id,surviving_id for each id of ids other than the survivor's. */
static void
write_idmap(struct writer *m, const char *survivor, size_t survivorlen, const struct strbuf *ids)
{
	char *vals[2];
	size_t lens[2], pos = 0;
	const char *id;

	survivorlen = id_key(survivor, survivorlen, &survivor);
	vals[1] = (char *)survivor;
	lens[1] = survivorlen;
	while (idlist_next(sb_str(ids), ids->len, &pos, &id, &lens[0]))
		if (lens[0] != survivorlen || memcmp(id, survivor, survivorlen) != 0) {
			vals[0] = (char *)id;
			writer_row(m, vals, lens, 2);
		}
}

void
dedupe_write_merged(struct writer *w, struct dedupe *dd, const struct header *h, enum keep keep,
    long newest_col, long id_col, struct writer *idmap)
{
	static char *idmap_names[] = {"old_id", "surviving_id"};
	static const char *const added[] = {"cluster_id", "merged_ids", "merge_conflicts"};
	char **names = xcalloc(h->n + 4, sizeof(char *)), **vals = xcalloc(h->n + 4, sizeof(char *));
	size_t *lens = xcalloc(h->n + 4, sizeof(size_t)), at[3], n, c;
	struct strbuf ids = STRBUF_INIT, conflicts = STRBUF_INIT;
	char id[32];

	n = header_extend(h, added, 3, names, at);
	writer_header(w, names, n);
	if (idmap)
		writer_header(idmap, idmap_names, 2);
	for (c = 1; c <= dedupe_clusters(dd) && !writer_failed(w); c++) {
		dedupe_merge(dd, c, keep, newest_col, id_col, vals, lens, &ids, &conflicts);
		if (idmap && id_col >= 0)
			write_idmap(idmap, vals[id_col], lens[id_col], &ids);
		lens[at[0]] = u64_format(c, id);
		vals[at[0]] = id;
		vals[at[1]] = (char *)sb_str(&ids);
		vals[at[2]] = (char *)sb_str(&conflicts);
		lens[at[1]] = ids.len;
		lens[at[2]] = conflicts.len;
		writer_row(w, vals, lens, n);
	}
	sb_free(&ids);
	sb_free(&conflicts);
	free(names);
	free(vals);
	free(lens);
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

