/* dedupe_out.c — the views of a deduplication; see dedupe_out.h. */
#include "dedupe_out.h"

#include "addcols.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "idmap.h"
#include "orders.h"

#define HELD "held for review: linked to more records than --max-cluster"

void
dedupe_write_marked(struct writer *w, struct dedupe *dd, const struct header *h, const struct fuzzy *z)
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
		if (z != NULL && fuzzy_flagged(z, i)) {
			sb_addf(&reason, "%s" HELD, reason.len ? ", " : "");
			add[2] = (char *)sb_str(&reason);
		}
		addlen[1] = strlen(add[1]);
		addlen[2] = strlen(add[2]);
		addcols_row(&x, x.vals, x.lens, add, addlen);
	}
	sb_free(&reason);
	addcols_end(&x);
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

/* The records of a held cluster, each as it is. */
static void
write_held(struct addcols *x, struct dedupe *dd, size_t c, long id_col)
{
	size_t k, nm, addlen[3];
	const size_t *m = dedupe_members(dd, c, &nm);
	struct strbuf id = STRBUF_INIT;
	char cid[32], *add[3];

	for (k = 0; k < nm && !writer_failed(x->w); k++) {
		dedupe_record(dd, m[k], x->vals, x->lens);
		sb_reset(&id);
		addlen[0] = u64_format(c, cid);
		add[0] = cid;
		add[1] = (char *)dedupe_name(dd, m[k], id_col, &id);
		addlen[1] = id.len;
		add[2] = "not merged: " HELD;
		addlen[2] = strlen(add[2]);
		addcols_row(x, x->vals, x->lens, add, addlen);
	}
	sb_free(&id);
}

/* What a held group would have merged, once: "A1; A2; A3 (3 records)". */
static void
list_group(struct dedupe *dd, const struct fuzzy *z, size_t i, long id_col, bool *listed,
    struct strbuf *held)
{
	const size_t *g;
	size_t n = fuzzy_group(z, i, &g), k;

	if (listed[g[0]])
		return;
	listed[g[0]] = true;
	for (k = 0; k < n; k++) {
		if (k > 0)
			sb_adds(held, "; ");
		dedupe_name(dd, g[k], id_col, held);
	}
	sb_addf(held, " (%zu records)\n", n);
}

void
dedupe_write_merged(struct writer *w, struct dedupe *dd, const struct header *h, enum keep keep,
    long newest_col, long id_col, const struct fuzzy *z, struct strbuf *held, struct writer *idmap)
{
	static char *idmap_names[] = {"old_id", "surviving_id"};
	static const char *const added[] = {"cluster_id", "merged_ids", "merge_conflicts"};
	struct addcols x;
	struct strbuf ids = STRBUF_INIT, conflicts = STRBUF_INIT;
	bool *listed = xcalloc(dedupe_records(dd) + 1, sizeof(bool));
	char id[32], *add[3];
	size_t addlen[3], c;

	addcols_begin(&x, w, h, added, 3);
	addcols_header(&x);
	if (idmap)
		writer_header(idmap, idmap_names, 2);
	for (c = 1; c <= dedupe_clusters(dd) && !writer_failed(w); c++) {
		size_t nm;
		const size_t *m = dedupe_members(dd, c, &nm);
		if (z != NULL && fuzzy_flagged(z, m[0])) {
			list_group(dd, z, m[0], id_col, listed, held);
			write_held(&x, dd, c, id_col);
			continue;
		}
		dedupe_merge(dd, c, keep, newest_col, id_col, x.vals, x.lens, &ids, &conflicts);
		if (idmap && id_col >= 0)
			write_idmap(idmap, x.vals[id_col], x.lens[id_col], &ids);
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
	free(listed);
	addcols_end(&x);
}

void
dedupe_write_pairs(struct writer *w, struct dedupe *dd, const struct fuzzy *z, const struct header *h,
    long id_col)
{
	const long *cols;
	size_t nf = fuzzy_fields(z, &cols), n = nf + 4, k, x;
	char **names = xcalloc(n + 1, sizeof(char *)), **out = xcalloc(n + 1, sizeof(char *));
	size_t *olens = xcalloc(n + 1, sizeof(size_t));
	struct strbuf a = STRBUF_INIT, b = STRBUF_INIT, cells = STRBUF_INIT;
	size_t *at = xcalloc(nf + 1, sizeof(size_t));
	struct fuzzy_pair fp;
	char p[32], wt[32];

	names[0] = "record_a";
	names[1] = "record_b";
	names[2] = "probability";
	names[3] = "weight";
	for (k = 0; k < nf; k++)
		names[4 + k] = h->names[cols[k]];
	writer_header(w, names, n);
	for (x = 0; x < fuzzy_pairs(z) && !writer_failed(w); x++) {
		fuzzy_pair(z, x, &fp);
		sb_reset(&a);
		sb_reset(&b);
		sb_reset(&cells);
		out[0] = (char *)dedupe_name(dd, fp.a, id_col, &a);
		out[1] = (char *)dedupe_name(dd, fp.b, id_col, &b);
		snprintf(p, sizeof(p), "%.4f", fp.p);
		snprintf(wt, sizeof(wt), "%+.2f", fp.weight);
		out[2] = p;
		out[3] = wt;
		for (k = 0; k < nf; k++) {
			at[k] = cells.len;
			if (fp.level[k] == -1)
				sb_adds(&cells, "missing");
			else
				sb_addf(&cells, "%s %+.2f", fuzzy_level_name(z, k, fp.level[k]), fp.w[k]);
			sb_addc(&cells, '\0');
		}
		for (k = 0; k < nf; k++)
			out[4 + k] = cells.s + at[k];
		for (k = 0; k < n; k++)
			olens[k] = strlen(out[k]);
		writer_row(w, out, olens, n);
	}
	sb_free(&a);
	sb_free(&b);
	sb_free(&cells);
	free(at);
	free(names);
	free(out);
	free(olens);
}

