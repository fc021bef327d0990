/* cli.c — the shared command-line layer; see cli.h. */
#include "cli.h"

#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "outfile.h"
#include "texttable.h"

const char *cli_prog = "cust";

static void
oom(void)
{
	static const char msg[] = ": out of memory\n";

	if (write(STDERR_FILENO, cli_prog, strlen(cli_prog)) < 0 ||
	    write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(CUST_INPUT);
	_exit(CUST_INPUT);
}

void
cli_init(struct cli *cli, const char *prog)
{
	memset(cli, 0, sizeof(*cli));
	cli->prog = prog;
	cli_prog = prog;
	cust_oom_hook = oom;
	/* Character classes and schema patterns work on UTF-8 characters,
	 * whatever the user's locale; numbers and messages stay "C". */
	if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
		setlocale(LC_CTYPE, "C.utf8");
	/* A closed pipe (| head) ends us quietly, even if our parent ignored
	 * SIGPIPE. */
	signal(SIGPIPE, SIG_DFL);
	outfile_cleanup_on_signals();
}

void
cli_free(struct cli *cli)
{
	free(cli->cols);
	cli->cols = NULL;
}

void
cli_warn(const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_die(int status, const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}

void
cli_die_err(const struct cust_err *err)
{
	cli_die(err->status ? err->status : CUST_INPUT, "%s", err->msg);
}

void
cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", cli_prog);
	exit(CUST_USAGE);
}

static _Noreturn void
version(void)
{
	printf("%s (custkit) %s\n", cli_prog, CUST_VERSION);
	if (fflush(stdout) != 0)
		exit(CUST_OUTPUT);
	exit(0);
}

static bool
common_option(struct cli *cli, int c, const char *arg, void (*usage)(FILE *))
{
	switch (c) {
	case OPT_FROM:
	case OPT_TO:
		if (format_parse(arg) == FMT_AUTO || (c == OPT_FROM && !FORMAT_READABLE(format_parse(arg))))
			cli_usage_error(c == OPT_FROM ? "--from %s: expected csv, tsv, jsonl or json" :
			    "--to %s: expected csv, tsv, jsonl, json, table or text", arg);
		if (c == OPT_FROM)
			cli->from = format_parse(arg);
		else
			cli->to = format_parse(arg);
		return true;
	case OPT_ENCODING:
		cli->encoding = arg;
		return true;
	case OPT_DELIMITER:
		if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
			cli->delimiter = '\t';
		else if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r')
			cli->delimiter = (unsigned char)arg[0];
		else
			cli_usage_error("--delimiter %s: expected one character (or 'tab')", arg);
		return true;
	case OPT_EXCEL:
		cli->excel = true;
		return true;
	case OPT_JSON_STRINGS:
		cli->json_strings = true;
		return true;
	case 'o':
		cli->output = arg;
		return true;
	case OPT_COL:
		if (strchr(arg, '=') == NULL)
			cli_usage_error("--col %s: expected ROLE=HEADER", arg);
		cli_append(&cli->cols, &cli->ncols, (char *)arg);
		return true;
	case 'q':
		cli->quiet = true;
		return true;
	case OPT_HELP:
		usage(stdout);
		if (fflush(stdout) != 0)
			exit(CUST_OUTPUT);
		exit(0);
	case OPT_VERSION:
		version();
	default:
		return false;
	}
}

/* The format an output file's name says: x.jsonl, x.json, x.tsv, x.csv. */
static enum format
format_of_name(const char *path)
{
	static const struct { const char *ext; enum format f; } ext[] = {
		{".jsonl", FMT_JSONL}, {".ndjson", FMT_JSONL}, {".json", FMT_JSON},
		{".tsv", FMT_TSV}, {".csv", FMT_CSV},
	};
	size_t i, n = path ? strlen(path) : 0, k;

	for (i = 0; i < ARRAY_LEN(ext); i++) {
		k = strlen(ext[i].ext);
		if (n > k && strcasecmp(path + n - k, ext[i].ext) == 0)
			return ext[i].f;
	}
	return FMT_AUTO;
}

/* -o's name chooses the format when --to does not; a pair that disagrees
 * is a usage error, not a file whose name lies about its contents. */
static void
output_format(struct cli *cli)
{
	enum format named = format_of_name(cli->output);

	if (cli->to != FMT_AUTO && named != FMT_AUTO && cli->to != named)
		cli_usage_error("--to %s does not go with -o %s: name the file .%s, or leave out --to",
		    format_name(cli->to), cli->output, format_name(cli->to));
	if (cli->to == FMT_AUTO)
		cli->to = named;
	if (cli->excel && cli->to != FMT_AUTO && cli->to != FMT_CSV && cli->to != FMT_TSV)
		cli_usage_error("--excel writes CSV for Excel: it does not go with %s %s",
		    named == cli->to ? "-o" : "--to", named == cli->to ? cli->output : format_name(cli->to));
}

int
cli_next_option(struct cli *cli, int argc, char **argv, const char *shortopts,
    const struct option *longopts, void (*usage)(FILE *))
{
	char opts[64];
	int c;

	/* Leading ':' makes getopt tell a missing argument from an unknown
	 * option and print nothing itself. */
	snprintf(opts, sizeof(opts), ":%s", shortopts);
	opterr = 0;
	while ((c = getopt_long(argc, argv, opts, longopts, NULL)) != -1) {
		if (c == '?') {
			if (optopt)
				cli_usage_error("unknown option '-%c'", optopt);
			cli_usage_error("unknown option '%s'", argv[optind - 1]);
		}
		if (c == ':')
			cli_usage_error("option '%s' needs a value", argv[optind - 1]);
		if (!common_option(cli, c, optarg, usage))
			return c;
	}
	output_format(cli);
	return -1;
}

void
cli_common_help(FILE *fp)
{
	fputs(
	    "Input and output:\n"
	    "      --from FORMAT     input format: csv, tsv, jsonl, json (default: detect)\n"
	    "      --to FORMAT       output format (default: the input's): csv, tsv, jsonl,\n"
	    "                        json, table (aligned, boxed) or text (aligned)\n"
	    "      --delimiter C     CSV delimiter (default: detect among , TAB ; |)\n"
	    "      --encoding NAME   input encoding, any iconv name (default: UTF-8, or\n"
	    "                        GB18030 or UTF-16 when the input says so)\n"
	    "      --excel           CSV for Excel: BOM, CRLF, formulas neutralised\n"
	    "      --json-strings    JSON values all strings (default: amounts, numbers\n"
	    "                        and booleans typed, empty ones null)\n"
	    "  -o, --output FILE     write to FILE atomically (default: stdout)\n"
	    "      --col ROLE=HEADER the column HEADER plays ROLE (id, name, phone, email,\n"
	    "                        birth_date, city, amount, order_date, status, ...)\n"
	    "  -q, --quiet           no warnings on stderr\n"
	    "      --help            show this help and exit\n"
	    "      --version         show the version and exit\n", fp);
}

static void
reader_warn(void *ctx, const char *msg)
{
	struct cli *cli = ctx;

	if (!cli->quiet)
		cli_warn("%s", msg);
}

struct reader_opts
cli_reader_opts(struct cli *cli)
{
	struct reader_opts o;

	memset(&o, 0, sizeof(o));
	o.from = cli->from;
	o.delimiter = cli->delimiter;
	o.encoding = cli->encoding;
	o.warn = reader_warn;
	o.warn_ctx = cli;
	/* With two cores or more, parse while the program works, unless
	 * CUSTKIT_THREADS=1 asks for one thread. */
	o.prefetch = sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	    !(getenv("CUSTKIT_THREADS") && strcmp(getenv("CUSTKIT_THREADS"), "1") == 0);
	return o;
}

struct writer_opts
cli_writer_opts(const struct cli *cli, enum format input)
{
	struct writer_opts o;

	memset(&o, 0, sizeof(o));
	o.to = cli->to != FMT_AUTO ? cli->to : input;
	if (cli->excel && o.to != FMT_CSV && o.to != FMT_TSV)
		o.to = FMT_CSV;
	o.excel = cli->excel;
	o.json_strings = cli->json_strings;
	o.width = texttable_terminal_width(cli->output ? -1 : STDOUT_FILENO);
	return o;
}

/* --- progress -------------------------------------------------------------- */

static int progress_state = -1;   /* -1 unknown, 0 off, 1 on */
static time_t progress_start, progress_last;
static bool progress_shown;

void
cli_progress(unsigned long long records)
{
	time_t now;

	if ((records & 0xFFFF) != 0 || progress_state == 0)
		return;
	if (progress_state < 0) {
		progress_state = isatty(STDERR_FILENO) ? 1 : 0;
		progress_start = progress_last = time(NULL);
		return;
	}
	now = time(NULL);
	if (now == progress_last || now - progress_start < 2)
		return;
	progress_last = now;
	fprintf(stderr, "\r%s: %llu records…", cli_prog, records);
	progress_shown = true;
}

void
cli_progress_done(void)
{
	if (progress_shown)
		fputs("\r\033[K", stderr);
	progress_shown = false;
}

void
cli_append(char ***list, size_t *n, char *arg)
{
	*list = xreallocarray(*list, *n + 1, sizeof(char *));
	(*list)[(*n)++] = arg;
}
