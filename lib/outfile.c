/* outfile.c — atomic output files; see outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* Temporary names to remove from a signal handler or the out-of-memory
 * exit: a fixed table, since the handler may not allocate.  With
 * O_TMPFILE a name exists only for the moment between link and rename. */
#define MAX_TEMPS 8
static char *volatile temps[MAX_TEMPS];

void
outfile_track_temp(char *tmp, bool on)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++) {
		if (on && temps[i] == NULL) {
			temps[i] = tmp;
			return;
		}
		if (!on && temps[i] == tmp) {
			temps[i] = NULL;
			return;
		}
	}
}

static bool
tracked(const char *tmp)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] == tmp)
			return true;
	return false;
}

void
outfile_remove_temps(void)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
}

static void
on_signal(int sig)
{
	outfile_remove_temps();
	signal(sig, SIG_DFL);
	raise(sig);
}

void
outfile_cleanup_on_signals(void)
{
	static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < ARRAY_LEN(sigs); i++)
		sigaction(sigs[i], &sa, NULL);
	/* A file past the size limit (ulimit -f) is a write error like a full
	 * disk, reported and exit 4, not death by SIGXFSZ. */
	signal(SIGXFSZ, SIG_IGN);
	/* At exit, whatever is still tracked was given up on (a commit stops
	 * tracking): a program that dies with an error mid-run leaves nothing. */
	atexit(outfile_remove_temps);
}

int
outfile_copy_file(const char *path, FILE *to)
{
	char buf[65536];
	size_t n;
	FILE *from = fopen(path, "rb");

	if (from == NULL)
		return errno == ENOENT ? 0 : -1;
	while ((n = fread(buf, 1, sizeof(buf), from)) > 0)
		if (fwrite(buf, 1, n, to) != n) {
			fclose(from);
			return -1;
		}
	n = ferror(from);
	fclose(from);
	return n ? -1 : 0;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
}

/* "PATH.tmp.XXXXXX" with the X's random. */
static void
temp_name(const char *path, char *out, size_t size)
{
	static const char chars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
	unsigned char r[6];
	size_t i;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r))
		for (i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)(rand() ^ getpid());
	snprintf(out, size, "%s.tmp.", path);
	for (i = 0; i < sizeof(r); i++)
		out[strlen(path) + 5 + i] = chars[r[i] % (sizeof(chars) - 1)];
	out[strlen(path) + 5 + sizeof(r)] = '\0';
}

static bool named_only;

void
outfile_named_temps(bool on)
{
	named_only = on;
}

/* A file with no name in the target's directory (Linux O_TMPFILE): a run
 * killed even by SIGKILL, or ended by out of memory, leaves nothing.  -1
 * with errno set when the system or the file system cannot. */
static int
open_anonymous(const char *path)
{
	if (named_only) {
		errno = EOPNOTSUPP;
		return -1;
	}
#ifdef O_TMPFILE
	char *dir = dir_of(path);
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);

	free(dir);
	return fd;
#else
	(void)path;
	errno = EOPNOTSUPP;
	return -1;
#endif
}

int
outfile_open(struct outfile *of, const char *path, bool append, struct cust_err *err)
{
	struct stat st;
	mode_t mask;
	char *real;
	int fd;

	memset(of, 0, sizeof(*of));
	if (path == NULL || strcmp(path, "-") == 0) {
		of->fp = stdout;
		of->name = "stdout";
		return 0;
	}
	/* Only a regular file can be replaced atomically.  A device or a FIFO
	 * (-o /dev/null, -o /dev/stdout, a named pipe) is written directly;
	 * a symbolic link is followed so that the link itself survives. */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if ((of->fp = fopen(path, "w")) == NULL)
			return cust_fail(err, CUST_OUTPUT, "%s: %s", path, strerror(errno));
		of->name = path;
		of->direct = true;
		return 0;
	}
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(path, NULL)) != NULL)
		of->path = real;
	else
		of->path = xstrdup(path);
	of->name = path;
	of->tmp = xmalloc(strlen(of->path) + 16);
	fd = open_anonymous(of->path);
	if (fd >= 0)
		of->anonymous = true;
	else if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
		cust_fail(err, CUST_OUTPUT, "%s: cannot create: %s", path, strerror(errno));
		goto fail;
	} else {
		/* No O_TMPFILE here: a named temporary file, removed on
		 * every exit the program controls. */
		sprintf(of->tmp, "%s.tmp.XXXXXX", of->path);
		if ((fd = mkstemp(of->tmp)) < 0) {
			cust_fail(err, CUST_OUTPUT, "%s: cannot create: %s", path, strerror(errno));
			goto fail;
		}
		outfile_track_temp(of->tmp, true);
	}
	/* Give the file the mode a plain open would. */
	if (stat(of->path, &st) == 0)
		fchmod(fd, st.st_mode & 07777);
	else {
		mask = umask(0);
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if ((of->fp = fdopen(fd, "wb")) == NULL) {
		close(fd);
		cust_fail(err, CUST_OUTPUT, "%s: %s", path, strerror(errno));
		goto fail;
	}
	if (append && outfile_copy_file(of->path, of->fp) < 0) {
		cust_fail(err, CUST_OUTPUT, "%s: cannot copy for appending: %s", path, strerror(errno));
		goto fail;
	}
	return 0;
fail:
	outfile_abort(of);
	return -1;
}

/* Copy the anonymous file into a named temporary one, where it cannot be
 * linked (no /proc, and no right to link by descriptor). */
static int
copy_to_named(struct outfile *of)
{
	char buf[65536];
	struct stat st;
	ssize_t n, w, k;
	off_t at = 0;
	int to;

	sprintf(of->tmp, "%s.tmp.XXXXXX", of->path);
	if ((to = mkstemp(of->tmp)) < 0)
		return -1;
	outfile_track_temp(of->tmp, true);
	while ((n = pread(fileno(of->fp), buf, sizeof(buf), at)) > 0) {
		for (w = 0; w < n; w += k)
			if ((k = write(to, buf + w, (size_t)(n - w))) < 0) {
				close(to);
				return -1;
			}
		at += n;
	}
	if (fstat(fileno(of->fp), &st) == 0)
		fchmod(to, st.st_mode & 07777);
	if (n < 0 || fsync(to) != 0) {
		close(to);
		return -1;
	}
	return close(to);
}

/* Give the anonymous file a temporary name beside the target. */
static int
link_anonymous(struct outfile *of)
{
	char proc[64];
	int tries, fd = fileno(of->fp);

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (tries = 0; tries < 100; tries++) {
		temp_name(of->path, of->tmp, strlen(of->path) + 16);
		outfile_track_temp(of->tmp, true);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, of->tmp, AT_SYMLINK_FOLLOW) == 0)
			return 0;
		if (errno != EEXIST && linkat(fd, "", AT_FDCWD, of->tmp, AT_EMPTY_PATH) == 0)
			return 0;
		outfile_track_temp(of->tmp, false);
		if (errno == EEXIST)
			continue;
		return copy_to_named(of);
	}
	return -1;
}

int
outfile_hold(struct outfile *of, struct cust_err *err)
{
	if (of->path != NULL || of->direct || of->held != NULL)
		return 0;
	if ((of->held = tmpfile()) == NULL)
		return cust_fail(err, CUST_OUTPUT, "cannot make a temporary file for standard output: %s",
		    strerror(errno));
	of->fp = of->held;
	return 0;
}

/* Copy what was held back to standard output. */
static int
release_held(struct outfile *of, struct cust_err *err)
{
	char buf[65536];
	size_t n;
	int rc = 0;

	if (fflush(of->held) != 0 || ferror(of->held))
		rc = cust_fail(err, CUST_OUTPUT, "temporary file: write error: %s", strerror(errno));
	rewind(of->held);
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), of->held)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			rc = cust_fail(err, CUST_OUTPUT, "stdout: write error: %s", strerror(errno));
	if (rc == 0 && ferror(of->held))
		rc = cust_fail(err, CUST_OUTPUT, "temporary file: read error: %s", strerror(errno));
	fclose(of->held);
	of->held = NULL;
	of->fp = stdout;
	return rc;
}

int
outfile_commit(struct outfile *of, struct cust_err *err)
{
	int rc = 0;

	if (of->held != NULL && release_held(of, err) < 0)
		return -1;
	if (of->path == NULL && !of->direct) {
		if (fflush(stdout) != 0 || ferror(stdout))
			return cust_fail(err, CUST_OUTPUT, "stdout: write error: %s", strerror(errno));
		return 0;
	}
	if (of->direct) {
		if (fflush(of->fp) != 0 || ferror(of->fp))
			rc = cust_fail(err, CUST_OUTPUT, "%s: write error: %s", of->name, strerror(errno));
		if (fclose(of->fp) != 0 && rc == 0)
			rc = cust_fail(err, CUST_OUTPUT, "%s: write error: %s", of->name, strerror(errno));
		memset(of, 0, sizeof(*of));
		return rc;
	}
	if (fflush(of->fp) != 0 || ferror(of->fp) || fsync(fileno(of->fp)) != 0)
		rc = cust_fail(err, CUST_OUTPUT, "%s: write error: %s", of->path, strerror(errno));
	if (rc == 0 && of->anonymous && link_anonymous(of) != 0)
		rc = cust_fail(err, CUST_OUTPUT, "%s: cannot create: %s", of->path, strerror(errno));
	if (fclose(of->fp) != 0 && rc == 0)
		rc = cust_fail(err, CUST_OUTPUT, "%s: write error: %s", of->path, strerror(errno));
	of->fp = NULL;
	if (rc == 0 && rename(of->tmp, of->path) != 0)
		rc = cust_fail(err, CUST_OUTPUT, "%s: cannot rename into place: %s", of->path, strerror(errno));
	if (rc != 0) {
		outfile_abort(of);
		return rc;
	}
	outfile_track_temp(of->tmp, false);
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof(*of));
	return 0;
}

void
outfile_abort(struct outfile *of)
{
	if (of->held != NULL) {
		fclose(of->held);
		of->held = NULL;
		of->fp = stdout;
	}
	if (of->direct) {
		fclose(of->fp);
		memset(of, 0, sizeof(*of));
		return;
	}
	if (of->path == NULL)
		return;
	if (of->fp != NULL)
		fclose(of->fp);
	/* Only a tracked name exists: an anonymous file's is made at commit. */
	if (of->tmp != NULL && tracked(of->tmp)) {
		unlink(of->tmp);
		outfile_track_temp(of->tmp, false);
	}
	free(of->tmp);
	free(of->path);
	memset(of, 0, sizeof(*of));
}

/* The path with its directory made absolute and its links resolved, or
 * NULL when even the directory does not exist. */
static char *
canonical(const char *path)
{
	char *full = realpath(path, NULL), *dir, *slash, *out;
	const char *base;

	if (full != NULL)
		return full;
	slash = strrchr(path, '/');
	dir = slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path)) : xstrdup(".");
	base = slash ? slash + 1 : path;
	full = realpath(dir, NULL);
	free(dir);
	if (full == NULL)
		return NULL;
	out = xmalloc(strlen(full) + strlen(base) + 2);
	sprintf(out, "%s/%s", full, base);
	free(full);
	return out;
}

/* What a run file is, to compare it with the others. */
struct ident {
	bool std;          /* standard input or output */
	bool regular;      /* exists as a regular file: dev and ino hold */
	bool exists;
	dev_t dev;
	ino_t ino;
	char *canon;       /* not created yet: where it will be */
};

static bool
writes(const struct runfile *f)
{
	return f->kind == RUNFILE_WRITE || f->kind == RUNFILE_OUTPUT;
}

static void
identify(const struct runfile *f, struct ident *id)
{
	struct stat st;
	int rc;

	memset(id, 0, sizeof(*id));
	id->std = strcmp(f->path, "-") == 0;
	rc = id->std ? fstat(writes(f) ? STDOUT_FILENO : STDIN_FILENO, &st) : stat(f->path, &st);
	if (rc == 0) {
		id->exists = true;
		id->regular = S_ISREG(st.st_mode);
		id->dev = st.st_dev;
		id->ino = st.st_ino;
	} else if (!id->std)
		id->canon = canonical(f->path);
}

static bool
same_ident(const struct runfile *fa, const struct ident *a, const struct runfile *fb,
    const struct ident *b)
{
	if (a->std && b->std && writes(fa) == writes(fb))
		return true;
	if (a->regular && b->regular)
		return a->dev == b->dev && a->ino == b->ino;
	return !a->exists && !b->exists && a->canon && b->canon && strcmp(a->canon, b->canon) == 0;
}

/* How a file is named in a message: first as the one written, then as
 * the one it clashes with. */
static void
label(struct strbuf *sb, const struct runfile *f, bool first)
{
	if (strcmp(f->path, "-") == 0)
		sb_adds(sb, writes(f) ? "standard output" : "standard input");
	else if (first)
		sb_addf(sb, "%s %s", f->opt, f->path);
	else if (f->kind == RUNFILE_DATA)
		sb_addf(sb, "the %s %s", f->opt, f->path);
	else
		sb_addf(sb, "the %s file", f->opt);
}

static int
clash(const struct runfile *a, const struct runfile *b, struct cust_err *err)
{
	struct strbuf sb = STRBUF_INIT;
	const struct runfile *t;

	if (!writes(a) && !writes(b))
		sb_addf(&sb, "standard input cannot hold both the %s%s and the %s%s", a->opt,
		    a->kind == RUNFILE_DATA ? "" : " file", b->opt, b->kind == RUNFILE_DATA ? "" : " file");
	else if (strcmp(a->path, "-") == 0 && strcmp(b->path, "-") == 0 && writes(a) && writes(b))
		sb_addf(&sb, "%s - and %s both write to standard output; name a file for one of them",
		    a->kind == RUNFILE_OUTPUT ? b->opt : a->opt, "the output");
	else {
		if (!writes(a)) {
			t = a;
			a = b;
			b = t;
		}
		label(&sb, a, true);
		sb_adds(&sb, " is also ");
		label(&sb, b, false);
	}
	cust_fail(err, CUST_USAGE, "%s", sb.s);
	sb_free(&sb);
	return -1;
}

int
runfiles_check(const struct runfile *f, size_t n, struct cust_err *err)
{
	struct ident *id = xcalloc(n + 1, sizeof(*id));
	size_t i, k;
	int rc = 0;

	for (i = 0; i < n; i++)
		identify(&f[i], &id[i]);
	for (i = 0; i < n && rc == 0; i++)
		for (k = i + 1; k < n && rc == 0; k++) {
			if (!writes(&f[i]) && !writes(&f[k]) && !(id[i].std && id[k].std &&
			    (f[i].kind != RUNFILE_DATA || f[k].kind != RUNFILE_DATA)))
				continue;
			/* -o is renamed into place once the data is read. */
			if (((f[i].kind == RUNFILE_OUTPUT && f[k].kind == RUNFILE_DATA) ||
			    (f[k].kind == RUNFILE_OUTPUT && f[i].kind == RUNFILE_DATA)) &&
			    !id[f[i].kind == RUNFILE_OUTPUT ? i : k].std)
				continue;
			if (same_ident(&f[i], &id[i], &f[k], &id[k]))
				rc = clash(&f[i], &f[k], err);
		}
	for (i = 0; i < n; i++)
		free(id[i].canon);
	free(id);
	return rc;
}
