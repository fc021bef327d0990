/* util.h — allocation, growable strings, and errors with context.
 *
 * Library code never prints and never exits: a function that can fail
 * fills a struct cust_err and returns -1, and the program decides what to
 * print and which exit status to use.  Running out of memory is the one
 * exception: xmalloc() and friends call the out-of-memory hook, which the
 * programs set to print a message and exit.
 */
#ifndef CUST_UTIL_H
#define CUST_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Exit statuses shared by every program (see cust(7)). */
enum cust_status {
	CUST_OK = 0,       /* success */
	CUST_FINDINGS = 1, /* the data has findings the user asked about */
	CUST_USAGE = 2,    /* usage or configuration error */
	CUST_INPUT = 3,    /* unreadable or malformed input */
	CUST_OUTPUT = 4,   /* output could not be written */
};

struct cust_err {
	int status;       /* one of enum cust_status */
	char msg[1024];   /* complete message without the program name */
};

/* A warning the library hands its caller, with how far it reaches: a
 * detail (a hint, one record's trouble) is what -q hides; what is said
 * once about a whole input (its encoding guessed or doubted, cells read
 * as empty) may mean every record is misread, and -q keeps it. */
enum warn_level {
	WARN_DETAIL,
	WARN_INPUT,
};
typedef void warn_fn(void *ctx, enum warn_level level, const char *msg);

/* Fill err (if non-NULL) and return -1. */
int cust_fail(struct cust_err *err, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
/* Zeroed memory for a large table read at random (hash slots): from 2 MiB
 * on it is asked for in huge pages, so that a lookup does not also miss
 * the TLB.  Free it with table_free and the same n and size. */
void *table_calloc(size_t n, size_t size);
void table_free(void *p, size_t n, size_t size);
void *xrealloc(void *p, size_t n);
void *xreallocarray(void *p, size_t n, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* Called when an allocation fails; must not return.  Default: abort(). */
extern void (*cust_oom_hook)(void);

/* A growable byte string, always NUL-terminated when len > 0 or cap > 0. */
struct strbuf {
	char *s;
	size_t len, cap;
};
#define STRBUF_INIT {NULL, 0, 0}
void sb_grow(struct strbuf *sb, size_t extra);
void sb_add(struct strbuf *sb, const void *p, size_t n);
void sb_addc(struct strbuf *sb, int c);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
void sb_reset(struct strbuf *sb);           /* len = 0, keeps memory */
void sb_free(struct strbuf *sb);
char *sb_detach(struct strbuf *sb);         /* caller frees; sb is emptied */
static inline const char *sb_str(const struct strbuf *sb) { return sb->s ? sb->s : ""; }

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The words for a count: one when n is 1, else many ("1 record is",
 * "2 records are").  Every message that counts says it through this. */
static inline const char *
plural(unsigned long long n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/* Index, in memory order, of the first byte whose high bit is set in m, a
 * word loaded from memory with memcpy and masked to high bits (m != 0). */
static inline size_t
first_high_byte(uint64_t m)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (size_t)__builtin_ctzll(m) / 8;
#else
	return (size_t)__builtin_clzll(m) / 8;
#endif
}

/* v in decimal into buf (at least 21 bytes), NUL-terminated; returns
 * the length.  For numbers written once per output record. */
size_t u64_format(uint64_t v, char *buf);

/* A file name's extension, in any case (REPORT.XLSX), to a format: the
 * value of the entry of t whose extension (".csv") ends path, else dflt
 * (also for NULL).  The one rule by which every program's -o names its
 * format. */
struct ext_format {
	const char *ext;
	int format;
};
int format_of_extension(const char *path, const struct ext_format *t, size_t n, int dflt);
/* The extension of path's last component (".pdf" of "out/report.pdf"),
 * or NULL when it has none: no dot, a leading dot only (".profile"), or
 * what follows the dot is no file type's word (letters, then letters or
 * digits, at most 8: "customers.2024-10-01" has none). */
const char *path_extension(const char *path);

/* Input file names kept for records that outlive the reader's copy: the
 * records of one file come one after another, so a name is stored once
 * per run of records. */
struct namelist {
	char **names;
	size_t n;
};
const char *namelist_keep(struct namelist *l, const char *name);
void namelist_free(struct namelist *l);

#endif
