/* outfile.c — atomic output files; see outfile.h. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Temporary names to remove from a signal handler: a fixed table, since
 * the handler may not allocate. */
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

static void
on_signal(int sig)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* At exit, whatever is still tracked was given up on (a commit stops
 * tracking): a program that dies with an error mid-run leaves nothing. */
static void
on_exit_unlink(void)
{
	int i;

	for (i = 0; i < MAX_TEMPS; i++)
		if (temps[i] != NULL)
			unlink(temps[i]);
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
	atexit(on_exit_unlink);
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
	sprintf(of->tmp, "%s.tmp.XXXXXX", of->path);
	if ((fd = mkstemp(of->tmp)) < 0) {
		cust_fail(err, CUST_OUTPUT, "%s: cannot create: %s", path, strerror(errno));
		goto fail;
	}
	outfile_track_temp(of->tmp, true);
	/* mkstemp makes 0600; give the file the mode a plain open would. */
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

int
outfile_commit(struct outfile *of, struct cust_err *err)
{
	int rc = 0;

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
	if (of->direct) {
		fclose(of->fp);
		memset(of, 0, sizeof(*of));
		return;
	}
	if (of->path == NULL)
		return;
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp != NULL) {
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

bool
same_file_path(const char *a, const char *b)
{
	struct stat sa, sb;
	char *ca, *cb;
	bool same;

	if (a == NULL || b == NULL || strcmp(a, "-") == 0 || strcmp(b, "-") == 0)
		return false;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	ca = canonical(a);
	cb = canonical(b);
	same = ca && cb && strcmp(ca, cb) == 0;
	free(ca);
	free(cb);
	return same;
}
