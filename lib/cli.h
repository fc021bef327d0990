/* cli.h — what every custkit program's command line shares.
 *
 * Options common to all programs (--from, --to, --encoding, --delimiter,
 * --excel, -o, --col, --help, --version), messages in the form
 * "prog: FILE:LINE: message", the progress line, and process set-up (a
 * closed pipe ends the program quietly; killed runs leave no temp files).
 */
#ifndef CUST_CLI_H
#define CUST_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "reader.h"
#include "writer.h"

enum {
	OPT_FROM = 0x1000, OPT_TO, OPT_ENCODING, OPT_DELIMITER, OPT_EXCEL, OPT_COL,
	OPT_HELP, OPT_VERSION, OPT_QUIET, OPT_JSON_STRINGS, OPT_PROGRAM_ /* programs number theirs from here */
};

#define CLI_COMMON_LONGOPTS \
	{"from", required_argument, NULL, OPT_FROM}, \
	{"to", required_argument, NULL, OPT_TO}, \
	{"encoding", required_argument, NULL, OPT_ENCODING}, \
	{"delimiter", required_argument, NULL, OPT_DELIMITER}, \
	{"excel", no_argument, NULL, OPT_EXCEL}, \
	{"json-strings", no_argument, NULL, OPT_JSON_STRINGS}, \
	{"output", required_argument, NULL, 'o'}, \
	{"col", required_argument, NULL, OPT_COL}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"help", no_argument, NULL, OPT_HELP}, \
	{"version", no_argument, NULL, OPT_VERSION}

struct cli {
	const char *prog;
	enum format from, to;
	int delimiter;
	const char *encoding;
	bool excel;
	bool json_strings;
	bool quiet;
	const char *output;
	char **cols;
	size_t ncols;
};

extern const char *cli_prog;

/* Set up the process: program name, out-of-memory message, SIGPIPE, and
 * removal of temporary files on SIGINT/SIGTERM/SIGHUP. */
void cli_init(struct cli *cli, const char *prog);
void cli_free(struct cli *cli);
/* The next program-specific option (getopt_long's code, optarg set), or -1
 * at the end.  Common options are handled here; --help calls usage and
 * exits, --version exits, an unknown option or a missing argument is a
 * usage error (exit 2). */
int cli_next_option(struct cli *cli, int argc, char **argv, const char *shortopts,
    const struct option *longopts, void (*usage)(FILE *));
/* Append a repeatable option's argument to a list. */
void cli_append(char ***list, size_t *n, char *arg);
/* The lines of --help that describe the common options. */
void cli_common_help(FILE *fp);
/* Reader and writer options from the common options. */
struct reader_opts cli_reader_opts(struct cli *cli);
struct writer_opts cli_writer_opts(const struct cli *cli, enum format input);

void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "prog: msg" and exit with status. */
_Noreturn void cli_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void cli_die_err(const struct cust_err *err);
/* A usage error: message, a hint to --help, exit 2. */
_Noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Progress on stderr, only when it is a terminal and the run is long. */
void cli_progress(unsigned long long records);
void cli_progress_done(void);

#endif
