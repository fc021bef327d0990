/* cli.h — what every custkit program's command line shares.
 *
 * Each program declares its options once, in a table of struct cli_option:
 * getopt_long's entries, the option lines of --help and the bash and zsh
 * completions (written by scripts/completions from each program's hidden
 * --completion=bash|zsh) all come from that table, so they cannot drift.
 * The options common to all programs (--from, --to, --encoding,
 * --delimiter, --excel, --json-strings, -o, --col, --sheet, --skip, -q,
 * -h, -V) are one more table here.  -o's name chooses the format when
 * --to does not.
 * Also: messages in the form "prog: FILE:LINE: message", the progress
 * line, and process set-up (a closed pipe ends the program quietly;
 * killed runs leave no temp files).
 */
#ifndef CUST_CLI_H
#define CUST_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "customers.h"
#include "outfile.h"
#include "reader.h"
#include "writer.h"

enum {
	OPT_FROM = 0x1000, OPT_TO, OPT_ENCODING, OPT_DELIMITER, OPT_EXCEL, OPT_COL,
	OPT_HELP, OPT_VERSION, OPT_QUIET, OPT_OUTPUT, OPT_COMPLETION, OPT_SHEET, OPT_SKIP,
	OPT_JSON_STRINGS,
	OPT_PROGRAM_ /* programs number theirs from here */
};

/* One option, declared once.  A program's table is a list of the
 * macros below ending with CLI_END; adding an option is one line:
 *
 *	CLI_ARG("rules", 0, "FILE", OPT_RULES, "grades, tiers, promote and demote rules"),
 */
struct cli_option {
	const char *name;   /* long name, without "--"; NULL: a heading, or the end */
	int letter;         /* short option (-o), or 0 */
	const char *arg;    /* the value as --help names it ("FILE"); NULL: the
	                     * option takes none; "[=WORD]": an optional value,
	                     * given only as --name=WORD */
	int code;           /* what cli_next_option returns for it */
	const char *help;   /* its text in --help; '\n' continues on the next line */
	const char *values; /* what completes the value: words ("csv tsv"), or a
	                     * glob ("*.json") for files.  NULL: files when arg is
	                     * FILE, the role names when it is ROLE=HEADER */
	bool many;          /* may be given more than once */
};

/* An option without a value. */
#define CLI_FLAG(name, letter, code, help) {name, letter, NULL, code, help, NULL, false}
/* An option with a value, completed as its name says (FILE, ROLE=HEADER). */
#define CLI_ARG(name, letter, arg, code, help) {name, letter, arg, code, help, NULL, false}
/* An option whose value is one of some words, or a file matching a glob. */
#define CLI_CHOICE(name, letter, arg, code, help, values) {name, letter, arg, code, help, values, false}
/* An option that may be repeated (values may be NULL). */
#define CLI_LIST(name, letter, arg, code, help, values) {name, letter, arg, code, help, values, true}
/* --amount EXPR, one option of cust-segment and cust-report: what an
 * order line adds up to (order_amount parses it). */
#define CLI_AMOUNT(code) CLI_ARG("amount", 0, "EXPR", code, "what an order line adds up to (default: the amount\n" \
    "column), such as 'Quantity * UnitPrice'")
/* A heading in --help, and the end of a table. */
#define CLI_HEADING(text) {NULL, 0, NULL, 0, text, NULL, false}
#define CLI_END {NULL, 0, NULL, 0, NULL, NULL, false}

struct cli {
	const char *prog;
	enum format from, to;
	int delimiter;
	const char *encoding;
	const char *sheet;
	long skip;
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
/* The code of the next option of the program's table (optarg set), or -1
 * at the end.  Common options are handled here: -h/--help calls usage and
 * exits, -V/--version exits, --completion=bash|zsh prints the program's
 * completion and exits; an unknown option, a missing or unwanted value is
 * a usage error (exit 2). */
int cli_next_option(struct cli *cli, int argc, char **argv, const struct cli_option *options,
    void (*usage)(FILE *));
/* The long name (without "--") of the option of code in the program's
 * table, or NULL. */
const char *cli_option_name(const struct cli_option *options, int code);
/* Append a repeatable option's argument to a list. */
void cli_append(char ***list, size_t *n, char *arg);
/* The option lines of --help: the program's table, then the common options. */
void cli_options_help(FILE *fp, const struct cli_option *options);
/* The program's part of the bash or zsh completion (see scripts/completions). */
void cli_completion(FILE *fp, const char *prog, const struct cli_option *options, const char *shell);
/* Refuse (exit 2) a run that would write a file it reads or another of
 * its outputs (runfiles_check).  files: the program's own options (-o
 * among them: CLI_OUTPUT(cli), unless no record goes to it; NULL paths
 * are left out); the data inputs (none: standard input) hold what
 * ("input", "customer table"), what NULL when the run reads no data. */
#define CLI_OUTPUT(cli) {"-o", (cli)->output ? (cli)->output : "-", RUNFILE_OUTPUT}
void cli_check_files(char *const *inputs, size_t ninputs, const char *what,
    const struct runfile *files, size_t nfiles);
/* Refuse (exit 2) -o naming one of the data inputs when the output holds
 * only some of the records (why: what it holds instead): cli_check_files
 * lets -o replace its input, which then loses the records left out. */
void cli_check_partial_output(const struct cli *cli, char *const *inputs, size_t ninputs, const char *what,
    const char *why);
/* Does -o name one of the data inputs (standard input when none)?  Then
 * a record left out of the output is lost unless it went elsewhere. */
bool cli_output_replaces_input(const struct cli *cli, char *const *inputs, size_t ninputs);
/* When -o replaces the input (replaces_input, as above) and records were
 * rejected with no --rejects file (rejects NULL) to keep them, they would
 * be in no file at all: then the input stays as it was.  out (open, or
 * NULL before it is) is aborted and the run ends (exit 1), saying why.
 * Otherwise nothing happens. */
void cli_keep_input(const struct cli *cli, bool replaces_input, const char *rejects,
    unsigned long long rejected, struct outfile *out);
/* The customer table of grade, segment and report: the files named, or
 * standard input.  Refuse (exit 2) files with --orders-only, orders read
 * from standard input (orders "-") with no table named, and a terminal on
 * standard input (a table was forgotten; or_else says what else the
 * program takes, such as "--orders-only").  orders may be NULL. */
void cli_check_customer_files(const char *orders, bool orders_only, size_t nfiles, const char *or_else);
/* Read every order into ob (customers_load_orders) as grade, segment and
 * report do: rejected orders to the file rejects (NULL: named on standard
 * error, up to 100 of them unless -q).  Dies on an error; returns whether
 * any order was rejected. */
bool cli_load_orders(const struct cli *cli, struct customers *cs, struct orderbook *ob,
    const struct status_filter *sf, int32_t as_of, const char *rejects);
/* Refuse (exit 2) an output name whose extension (path_extension) is
 * none of t's, the extensions by which -o names the formats the program
 * writes: "-o report.pdf" would otherwise get text or CSV under a name
 * that promises something else.  A name with no extension (-o out,
 * /dev/stdout) is fine; so is any name when --to says the format (the
 * caller then does not call this). */
void cli_check_output_name(const char *path, const struct ext_format *t, size_t n);
/* A workbook (--to xlsx) bound for a terminal is refused (exit 2): on a
 * terminal it is noise, never wanted.  Programs call it before reading. */
void cli_refuse_binary_terminal(const struct cli *cli);
/* Reader and writer options from the common options. */
struct reader_opts cli_reader_opts(struct cli *cli);
struct writer_opts cli_writer_opts(const struct cli *cli, enum format input);

void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A library's warnings (warn_fn; ctx: the struct cli): cli_warn, but -q
 * hides a WARN_DETAIL. */
void cli_lib_warn(void *ctx, enum warn_level level, const char *msg);
/* Print "prog: msg" and exit with status. */
_Noreturn void cli_die(int status, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
_Noreturn void cli_die_err(const struct cust_err *err);
/* cli_die_err for a column not found in rd's header: says so when the
 * header looks decoded in the wrong encoding. */
_Noreturn void cli_die_column(const struct cust_err *err, const struct reader *rd);
/* A usage error: message, a hint to --help, exit 2. */
_Noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Today (local time) as days since 1970, the default as-of date. */
int32_t cli_today(void);
/* The argument of --as-of as days since 1970; not a date is a usage error. */
int32_t cli_as_of(const char *arg);
/* The same for a date option opt (--since). */
int32_t cli_date(const char *opt, const char *arg);

/* Progress on stderr, only when it is a terminal and the run is long. */
void cli_progress(unsigned long long records);
void cli_progress_done(void);

#endif
