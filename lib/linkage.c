/* linkage.c — average-linkage clustering of scored pairs; see linkage.h. */
#include "linkage.h"

#include <stdlib.h>

#include "util.h"

static int
stronger(const void *x, const void *y)
{
	const struct link_edge *a = x, *b = y;

	if (a->p != b->p)
		return a->p > b->p ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static size_t
find(size_t *parent, size_t i)
{
	while (parent[i] != i) {
		parent[i] = parent[parent[i]];
		i = parent[i];
	}
	return i;
}

/* The mean score over every pair across clusters x and y. */
static double
cross_support(size_t x, size_t y, const size_t *next, const size_t *size, linkage_score_fn *score,
    void *ctx)
{
	double sum = 0;
	size_t i, j;

	for (i = x; i != SIZE_MAX; i = next[i])
		for (j = y; j != SIZE_MAX; j = next[j])
			sum += score(ctx, i, j);
	return sum / ((double)size[x] * (double)size[y]);
}

struct linkage_stats
linkage_cluster(size_t n, struct link_edge *e, size_t ne, linkage_score_fn *score, void *ctx,
    double support, size_t max_cluster, size_t *label, size_t *group, bool *flagged)
{
	size_t *parent = xcalloc(n + 1, sizeof(size_t)), *next = xcalloc(n + 1, sizeof(size_t));
	size_t *size = xcalloc(n + 1, sizeof(size_t)), *tail = xcalloc(n + 1, sizeof(size_t));
	struct linkage_stats st = {0, 0, 0};
	size_t i, x, y;

	for (i = 0; i < n; i++) {
		parent[i] = tail[i] = group[i] = i;
		next[i] = SIZE_MAX;
		size[i] = 1;
		flagged[i] = false;
	}
	if (ne > 0)
		qsort(e, ne, sizeof(*e), stronger);
	for (i = 0; i < ne; i++) {
		x = find(group, e[i].a);
		y = find(group, e[i].b);
		group[x > y ? x : y] = x < y ? x : y;
	}
	for (i = 0; i < ne; i++) {
		x = find(parent, e[i].a);
		y = find(parent, e[i].b);
		if (x == y)
			continue;
		if (size[x] + size[y] > max_cluster) {
			flagged[find(group, x)] = true;
			st.over++;
			continue;
		}
		if (size[x] + size[y] > 2 && cross_support(x, y, next, size, score, ctx) < support) {
			st.weak++;
			continue;
		}
		if (y < x) {
			size_t t = x;
			x = y, y = t;
		}
		/* The earlier record is the root; y's members follow x's. */
		parent[y] = x;
		next[tail[x]] = y;
		tail[x] = tail[y];
		size[x] += size[y];
		st.joins++;
	}
	for (i = 0; i < n; i++) {
		label[i] = find(parent, i);
		group[i] = find(group, i);
	}
	free(parent);
	free(next);
	free(size);
	free(tail);
	return st;
}
