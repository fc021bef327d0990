/* util.c — allocation, growable strings, errors. */
#include "util.h"
#include <stdbool.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u << 20)

static void default_oom(void) { abort(); }
void (*cust_oom_hook)(void) = default_oom;

int
cust_fail(struct cust_err *err, int status, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL)
		return -1;
	err->status = status;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		cust_oom_hook();
	return p;
}

/* Rounded up to whole huge pages, mapped fresh (so zeroed), and the
 * kernel asked to back it with huge pages where it does so on request. */
void *
table_calloc(size_t n, size_t size)
{
	size_t bytes;
	void *p;

	if (__builtin_mul_overflow(n, size, &bytes))
		cust_oom_hook();
	if (bytes < HUGE_PAGE)
		return xcalloc(n, size);
	bytes = (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		cust_oom_hook();
#ifdef MADV_HUGEPAGE
	(void)madvise(p, bytes, MADV_HUGEPAGE);
#endif
	return p;
}

void
table_free(void *p, size_t n, size_t size)
{
	size_t bytes = n * size;

	if (p == NULL)
		return;
	if (bytes < HUGE_PAGE)
		free(p);
	else
		munmap(p, (bytes + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1));
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		cust_oom_hook();
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		cust_oom_hook();
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		cust_oom_hook();
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
sb_grow(struct strbuf *sb, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - sb->len - 1)
		cust_oom_hook();
	need = sb->len + extra + 1;
	if (need <= sb->cap)
		return;
	if (sb->cap == 0)
		sb->cap = 64;
	while (sb->cap < need)
		sb->cap = sb->cap > SIZE_MAX / 2 ? need : sb->cap * 2;
	sb->s = xrealloc(sb->s, sb->cap);
}

void
sb_add(struct strbuf *sb, const void *p, size_t n)
{
	sb_grow(sb, n);
	if (n)
		memcpy(sb->s + sb->len, p, n);
	sb->len += n;
	sb->s[sb->len] = '\0';
}

void
sb_addc(struct strbuf *sb, int c)
{
	sb_grow(sb, 1);
	sb->s[sb->len++] = (char)c;
	sb->s[sb->len] = '\0';
}

void
sb_adds(struct strbuf *sb, const char *s)
{
	sb_add(sb, s, strlen(s));
}

void
sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list aq;
	int n;

	size_t room = sb->cap > sb->len ? sb->cap - sb->len : 0;

	/* Into the room there is, most often enough: formatted once. */
	va_copy(aq, ap);
	n = vsnprintf(room ? sb->s + sb->len : NULL, room, fmt, aq);
	va_end(aq);
	if (n < 0) {
		if (sb->s)
			sb->s[sb->len] = '\0';
		return;
	}
	if ((size_t)n >= room) {
		sb_grow(sb, (size_t)n);
		vsnprintf(sb->s + sb->len, (size_t)n + 1, fmt, ap);
	}
	sb->len += (size_t)n;
}

void
sb_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vaddf(sb, fmt, ap);
	va_end(ap);
}

void
sb_reset(struct strbuf *sb)
{
	sb->len = 0;
	if (sb->s)
		sb->s[0] = '\0';
}

void
sb_free(struct strbuf *sb)
{
	free(sb->s);
	sb->s = NULL;
	sb->len = sb->cap = 0;
}

char *
sb_detach(struct strbuf *sb)
{
	char *s = sb->s ? sb->s : xstrdup("");

	sb->s = NULL;
	sb->len = sb->cap = 0;
	return s;
}

int
format_of_extension(const char *path, const struct ext_format *t, size_t n, int dflt)
{
	size_t i, len = path ? strlen(path) : 0, k;

	for (i = 0; i < n; i++) {
		k = strlen(t[i].ext);
		if (len > k && strcasecmp(path + len - k, t[i].ext) == 0)
			return t[i].format;
	}
	return dflt;
}

/* Whatever the locale: a file type's word is ASCII. */
static bool
ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

const char *
path_extension(const char *path)
{
	const char *base, *dot, *p;

	if (path == NULL)
		return NULL;
	base = strrchr(path, '/');
	base = base ? base + 1 : path;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base || strlen(dot + 1) > 8 || !ascii_letter(dot[1]))
		return NULL;
	for (p = dot + 1; *p; p++)
		if (!ascii_letter(*p) && !(*p >= '0' && *p <= '9'))
			return NULL;
	return dot;
}

size_t
u64_format(uint64_t v, char *buf)
{
	char tmp[21];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

const char *
namelist_keep(struct namelist *l, const char *name)
{
	if (l->n == 0 || strcmp(l->names[l->n - 1], name) != 0) {
		l->names = xreallocarray(l->names, l->n + 1, sizeof(char *));
		l->names[l->n++] = xstrdup(name);
	}
	return l->names[l->n - 1];
}

void
namelist_free(struct namelist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->n = 0;
}
