/* cust — run a custkit program by its short name: `cust validate …` runs
 * cust-validate.  See cust(7). */
#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct program {
	const char *name, *what;
} programs[] = {
	{"validate", "check records against a schema, normalise values, convert formats"},
	{"dedupe", "find the same customer entered twice"},
	{"grade", "grade customers into tiers from their order history"},
	{"segment", "place customers in the cells of a segment grid"},
	{"report", "counts, shares, trends and risks as text, Markdown, CSV, JSON, HTML or xlsx"},
};

/* Where cust-NAME would run from: beside us, else on PATH. */
static bool
find_program(const char *name, char *path, size_t size)
{
	char self[PATH_MAX], *dirs, *dir, *save = NULL;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	const char *env = getenv("PATH");
	bool found = false;

	if (n > 0) {
		self[n] = '\0';
		snprintf(path, size, "%s/cust-%s", dirname(self), name);
		if (access(path, X_OK) == 0)
			return true;
	}
	dirs = xstrdup(env ? env : "/usr/bin:/bin");
	for (dir = strtok_r(dirs, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
		snprintf(path, size, "%s/cust-%s", dir, name);
		found = access(path, X_OK) == 0;
	}
	free(dirs);
	return found;
}

static void
usage(FILE *fp)
{
	char path[PATH_MAX + 64];
	size_t i;

	fputs("Usage: cust COMMAND [ARG]...\n"
	    "Run the custkit program cust-COMMAND with the arguments.\n\n"
	    "Commands:\n", fp);
	/* Only what would run: a command that is offered and then fails
	 * teaches the user nothing. */
	for (i = 0; i < ARRAY_LEN(programs); i++)
		if (find_program(programs[i].name, path, sizeof(path)))
			fprintf(fp, "  %-10s %s\n", programs[i].name, programs[i].what);
	fputs("  help       show this list (cust help COMMAND: that program's --help)\n"
	    "\nEach program's manual: man cust-COMMAND; the overview: man 7 cust.\n", fp);
}

/* Prefer the program installed next to us, so that a build tree or a
 * private prefix runs its own programs rather than others on PATH. */
static void
run(const char *cmd, char **argv)
{
	char path[PATH_MAX + 64], prog[128];

	snprintf(prog, sizeof(prog), "cust-%s", cmd);
	argv[0] = prog;
	if (strchr(cmd, '/') == NULL && find_program(cmd, path, sizeof(path)))
		execv(path, argv);
	if (errno == 0 || errno == ENOENT)
		cli_die(CUST_USAGE, "'%s' is not a custkit command (or %s is not installed); "
		    "see 'cust help'", cmd, prog);
	cli_die(CUST_USAGE, "cannot run %s: %s", prog, strerror(errno));
}

int
main(int argc, char **argv)
{
	struct cli cli;
	char *help_argv[] = {NULL, "--help", NULL};

	cli_init(&cli, "cust");
	if (argc < 2) {
		usage(stderr);
		return CUST_USAGE;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0 ||
	    strcmp(argv[1], "version") == 0) {
		printf("cust (custkit) %s\n", CUST_VERSION);
		return fflush(stdout) == 0 ? 0 : CUST_OUTPUT;
	}
	if (strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "-h") == 0) {
		if (argc > 2 && argv[1][0] != '-')
			run(argv[2], help_argv);
		usage(stdout);
		return fflush(stdout) == 0 ? 0 : CUST_OUTPUT;
	}
	if (argv[1][0] == '-')
		cli_usage_error("unknown option '%s'", argv[1]);
	run(argv[1], argv + 1);
}
