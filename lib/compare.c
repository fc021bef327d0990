/* compare.c — string similarity; see compare.h. */
#include "compare.h"

#include <stdbool.h>
#include <string.h>

size_t
utf8_decode(const char *s, size_t n, uint32_t *out, size_t cap)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, k = 0, len, j;
	uint32_t c;

	while (i < n && k < cap) {
		c = u[i];
		len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
		if (len == 0 || i + len > n) {
			out[k++] = 0xFFFD;
			i++;
			continue;
		}
		if (len > 1)
			c &= 0x3Fu >> (len - 1);
		for (j = 1; j < len; j++)
			c = (c << 6) | (u[i + j] & 0x3Fu);
		out[k++] = c;
		i += len;
	}
	return k;
}

double
jaro_winkler(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
	bool ma[COMPARE_MAX] = {false}, mb[COMPARE_MAX] = {false};
	size_t window, i, j, lo, hi, m = 0, t = 0, l;
	double jaro;

	if (na == 0 && nb == 0)
		return 1;
	if (na == 0 || nb == 0)
		return 0;
	if (na > COMPARE_MAX)
		na = COMPARE_MAX;
	if (nb > COMPARE_MAX)
		nb = COMPARE_MAX;
	window = (na > nb ? na : nb) / 2;
	window = window > 0 ? window - 1 : 0;
	for (i = 0; i < na; i++) {
		lo = i > window ? i - window : 0;
		hi = i + window + 1 < nb ? i + window + 1 : nb;
		for (j = lo; j < hi; j++)
			if (!mb[j] && a[i] == b[j]) {
				ma[i] = mb[j] = true;
				m++;
				break;
			}
	}
	if (m == 0)
		return 0;
	for (i = 0, j = 0; i < na; i++) {
		if (!ma[i])
			continue;
		while (!mb[j])
			j++;
		if (a[i] != b[j])
			t++;
		j++;
	}
	jaro = ((double)m / na + (double)m / nb + (double)(m - t / 2) / m) / 3;
	for (l = 0; l < 4 && l < na && l < nb && a[l] == b[l]; l++)
		;
	return jaro + (double)l * 0.1 * (1 - jaro);
}

size_t
edit_distance(const uint32_t *a, size_t na, const uint32_t *b, size_t nb, size_t max)
{
	size_t row[COMPARE_MAX + 1], i, j, diag, up, best;

	if (na > COMPARE_MAX)
		na = COMPARE_MAX;
	if (nb > COMPARE_MAX)
		nb = COMPARE_MAX;
	if ((na > nb ? na - nb : nb - na) > max)
		return max + 1;
	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = i;
		best = row[0];
		for (j = 1; j <= nb; j++) {
			up = row[j];
			row[j] = a[i - 1] == b[j - 1] ? diag : 1 + (diag < up ? (diag < row[j - 1] ? diag :
			    row[j - 1]) : (up < row[j - 1] ? up : row[j - 1]));
			diag = up;
			if (row[j] < best)
				best = row[j];
		}
		if (best > max)
			return max + 1;
	}
	return row[nb] > max ? max + 1 : row[nb];
}
