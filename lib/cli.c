/* cli.c — the shared command-line layer; see cli.h. */
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
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
#include "roles.h"
#include "value.h"

const char *cli_prog = "cust";

static void
oom(void)
{
	static const char msg[] = ": out of memory\n";

	outfile_remove_temps();
	if (write(STDERR_FILENO, cli_prog, strlen(cli_prog)) < 0 ||
	    write(STDERR_FILENO, msg, sizeof(msg) - 1) < 0)
		_exit(CUST_INPUT);
	_exit(CUST_INPUT);
}

void
cli_init(struct cli *cli, const char *prog)
{
	int fd;

	/* A closed standard descriptor would be taken by the next file
	 * opened: the orders read again as the customer table, records
	 * written into the rejects.  Hold each with /dev/null, read-only, so
	 * that a closed standard input reads as empty and writing to a closed
	 * standard output still fails. */
	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF && open("/dev/null", O_RDONLY) != fd)
			_exit(CUST_OUTPUT);
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
	/* Whatever path exit() is reached by, no temporary file stays. */
	atexit(outfile_remove_temps);
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
cli_die_column(const struct cust_err *err, const struct reader *rd)
{
	struct strbuf hint = STRBUF_INIT;

	reader_header_hint(rd, &hint);
	cli_die(err->status ? err->status : CUST_INPUT, "%s%s", err->msg, sb_str(&hint));
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

/* The options every program has, after its own in --help. */
static const struct cli_option common_options[] = {
	CLI_HEADING("Input and output:"),
	CLI_CHOICE("from", 0, "FORMAT", OPT_FROM, "input format: csv, tsv, jsonl, json, xlsx, xls\n"
	    "(default: detect)", "csv tsv jsonl json xlsx xls"),
	CLI_CHOICE("to", 0, "FORMAT", OPT_TO, "output format: csv, tsv, jsonl, json, xlsx, or for\n"
	    "people table (aligned, boxed) or text (aligned)\n"
	    "(default: the input's; CSV for a workbook; as -o's\n"
	    "name says: .jsonl, .json, .tsv, .csv, .xlsx)", "csv tsv jsonl json xlsx table text"),
	CLI_ARG("sheet", 0, "NAME|N", OPT_SHEET, "the workbook's sheet to read (default: the first\nvisible)"),
	CLI_ARG("skip", 0, "N", OPT_SKIP, "skip N rows (lines, sheet rows) before the header"),
	CLI_CHOICE("delimiter", 0, "C", OPT_DELIMITER, "CSV delimiter (default: detect among , TAB ; |)",
	    ", ; | tab"),
	CLI_CHOICE("encoding", 0, "NAME", OPT_ENCODING, "input encoding, any iconv name (default: UTF-8, or\n"
	    "GB18030 or UTF-16 when the input says so)",
	    "UTF-8 GB18030 GBK GB2312 BIG5 UTF-16 UTF-16LE LATIN1"),
	CLI_FLAG("excel", 0, OPT_EXCEL, "CSV for Excel: BOM, CRLF, formulas neutralised,\n"
	    "0012345, 1-2, 1E5 and long digit strings kept as text"),
	CLI_FLAG("json-strings", 0, OPT_JSON_STRINGS, "JSON values all strings (default: amounts, numbers\n"
	    "and booleans typed, empty ones null)"),
	CLI_ARG("output", 'o', "FILE", OPT_OUTPUT, "write to FILE atomically (default: stdout)"),
	CLI_LIST("col", 0, "ROLE=HEADER", OPT_COL, "the column HEADER plays ROLE (id, name, phone, email,\n"
	    "birth_date, city, amount, order_date, status, ...)", NULL),
	CLI_FLAG("quiet", 'q', OPT_QUIET, "no message per record, no hints (counts remain,\n"
	    "and warnings on how a whole input is read)"),
	CLI_FLAG("help", 'h', OPT_HELP, "show this help and exit"),
	CLI_FLAG("version", 'V', OPT_VERSION, "show the version and exit"),
	CLI_END,
};

static bool
common_option(struct cli *cli, int c, const char *arg, const struct cli_option *options,
    void (*usage)(FILE *))
{
	char *end;

	switch (c) {
	case OPT_FROM:
	case OPT_TO:
		if (format_parse(arg) == FMT_AUTO || (c == OPT_FROM && !FORMAT_READABLE(format_parse(arg))))
			cli_usage_error("--%s %s: expected csv, tsv, jsonl, json%s", c == OPT_FROM ? "from" : "to",
			    arg, c == OPT_FROM ? ", xlsx or xls" : ", xlsx, table or text");
		if (c == OPT_TO && format_parse(arg) == FMT_XLS)
			cli_usage_error("--to xls: custkit writes .xlsx workbooks, not .xls (--to xlsx)");
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
	case OPT_OUTPUT:
		cli->output = arg;
		return true;
	case OPT_COL:
		if (strchr(arg, '=') == NULL)
			cli_usage_error("--col %s: expected ROLE=HEADER", arg);
		cli_append(&cli->cols, &cli->ncols, (char *)arg);
		return true;
	case OPT_QUIET:
		cli->quiet = true;
		return true;
	case OPT_SHEET:
		cli->sheet = arg;
		return true;
	case OPT_SKIP:
		cli->skip = strtol(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || cli->skip < 0 || cli->skip > 1048576)
			cli_usage_error("--skip %s: expected a number of rows (0 to 1048576)", arg);
		return true;
	case OPT_HELP:
		usage(stdout);
		if (fflush(stdout) != 0)
			exit(CUST_OUTPUT);
		exit(0);
	case OPT_VERSION:
		version();
	case OPT_COMPLETION:
		if (arg == NULL || (strcmp(arg, "bash") != 0 && strcmp(arg, "zsh") != 0))
			cli_usage_error("--completion: expected bash or zsh");
		cli_completion(stdout, cli->prog, options, arg);
		exit(fflush(stdout) == 0 ? 0 : CUST_OUTPUT);
	default:
		return false;
	}
}

/* The formats an output file's name says: x.jsonl, x.json, x.tsv, x.csv. */
static const struct ext_format record_ext[] = {
	{".csv", FMT_CSV}, {".tsv", FMT_TSV}, {".json", FMT_JSON}, {".jsonl", FMT_JSONL},
	{".ndjson", FMT_JSONL}, {".xlsx", FMT_XLSX},
};

static enum format
format_of_name(const char *path)
{
	return (enum format)format_of_extension(path, record_ext, ARRAY_LEN(record_ext), FMT_AUTO);
}

void
cli_check_output_name(const char *path, const struct ext_format *t, size_t n)
{
	const char *ext = path_extension(path);
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (ext == NULL || format_of_extension(path, t, n, -1) >= 0)
		return;
	for (i = 0; i < n; i++)
		sb_addf(&sb, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " or ", t[i].ext);
	cli_usage_error("-o %s: cannot write %s files: name the file %s, or choose the format with --to",
	    path, ext, sb_str(&sb));
}

static bool own_to(const struct cli_option *options);

/* -o's name chooses the format when --to does not; a pair that disagrees
 * is a usage error, not a file whose name lies about its contents.  A
 * program with a --to of its own (cust-report's) checks its names itself. */
static void
output_format(struct cli *cli, const struct cli_option *options)
{
	enum format named = format_of_name(cli->output);

	if (cli->to != FMT_AUTO && named != FMT_AUTO && cli->to != named)
		cli_usage_error("--to %s does not go with -o %s: name the file .%s, or leave out --to",
		    format_name(cli->to), cli->output, format_name(cli->to));
	if (cli->to == FMT_AUTO && !cli->excel && !own_to(options))
		cli_check_output_name(cli->output, record_ext, ARRAY_LEN(record_ext));
	if (cli->to == FMT_AUTO)
		cli->to = named;
	if (cli->excel && cli->to != FMT_AUTO && cli->to != FMT_CSV && cli->to != FMT_TSV)
		cli_usage_error("--excel writes CSV for Excel: it does not go with %s %s",
		    named == cli->to ? "-o" : "--to", named == cli->to ? cli->output : format_name(cli->to));
}

/* --- the option tables ----------------------------------------------------- */

/* Does the program declare an option of this name itself?  Then it
 * replaces the common one (cust-report's --to names report formats). */
static bool
shadowed(const struct cli_option *options, const struct cli_option *common)
{
	for (; common->name && (options->name || options->help); options++)
		if (options->name && strcmp(options->name, common->name) == 0)
			return true;
	return false;
}

static bool
own_to(const struct cli_option *options)
{
	static const struct cli_option to = CLI_ARG("to", 0, "FORMAT", OPT_TO, "");

	return shadowed(options, &to);
}

/* The program's options, then the common ones: one walk for every use. */
#define EACH_OPTION(o, options) \
	for (const struct cli_option *o##_t[] = {options, common_options, NULL}, **o##_p = o##_t; *o##_p; o##_p++) \
		for (const struct cli_option *o = *o##_p; o->name || o->help; o++) \
			if (o##_p == o##_t || !shadowed(options, o))

static bool
optional_arg(const struct cli_option *o)
{
	return o->arg != NULL && o->arg[0] == '[';
}

/* getopt_long's view of the tables, built once per run. */
static struct option *longopts;
static char shortopts[64];

static void
build_getopt(const struct cli_option *options)
{
	size_t n = 0, k = 0;

	EACH_OPTION(o, options)
		n++;
	longopts = xcalloc(n + 2, sizeof(*longopts));
	/* Leading ':' makes getopt tell a missing value from an unknown
	 * option and print nothing itself. */
	shortopts[k++] = ':';
	n = 0;
	EACH_OPTION(o, options) {
		if (o->name == NULL)
			continue;
		longopts[n++] = (struct option){o->name, o->arg == NULL ? no_argument :
		    optional_arg(o) ? optional_argument : required_argument, NULL, o->code};
		if (o->letter && k + 3 < sizeof(shortopts)) {
			shortopts[k++] = (char)o->letter;
			if (o->arg)
				shortopts[k++] = ':';
			if (optional_arg(o))
				shortopts[k++] = ':';
		}
	}
	longopts[n] = (struct option){"completion", required_argument, NULL, OPT_COMPLETION};
}

static const struct cli_option *
find_option(const struct cli_option *options, int code, int letter)
{
	EACH_OPTION(o, options)
		if (o->name && (code ? o->code == code : o->letter == letter))
			return o;
	return NULL;
}

const char *
cli_option_name(const struct cli_option *options, int code)
{
	const struct cli_option *o = find_option(options, code, 0);

	return o ? o->name : NULL;
}

/* The word after an option that takes an optional value is a file name,
 * unless it is one of the option's values and no such file exists: then
 * the user meant --name=WORD. */
static void
check_optional_value(const struct cli_option *o, int argc, char **argv)
{
	const char *next = optind < argc ? argv[optind] : NULL, *v;
	size_t n;

	if (optarg || next == NULL || o->values == NULL || access(next, F_OK) == 0)
		return;
	n = strlen(next);
	for (v = o->values; *v; v += strcspn(v, " "), v += *v == ' ')
		if (strcspn(v, " ") == n && strncmp(v, next, n) == 0)
			cli_usage_error("option '--%s' takes its value after '=': --%s=%s",
			    o->name, o->name, next);
}

/* getopt takes any unique prefix of a long option (--sch for --schema);
 * one that fits several is an error that names them. */
static void
ambiguous(const struct cli_option *options, const char *arg)
{
	struct strbuf names = STRBUF_INIT;
	size_t n, k = 0;

	if (strncmp(arg, "--", 2) != 0)
		return;
	arg += 2;
	n = strcspn(arg, "=");
	EACH_OPTION(o, options)
		if (o->name && n > 0 && strncmp(o->name, arg, n) == 0)
			sb_addf(&names, "%s--%s", k++ ? ", " : "", o->name);
	if (k > 1)
		cli_usage_error("option '--%.*s' is ambiguous: %s", (int)n, arg, names.s);
	sb_free(&names);
}

int
cli_next_option(struct cli *cli, int argc, char **argv, const struct cli_option *options,
    void (*usage)(FILE *))
{
	const struct cli_option *o;
	int c;

	if (longopts == NULL)
		build_getopt(options);
	opterr = 0;
	while ((c = getopt_long(argc, argv, shortopts, longopts, NULL)) != -1) {
		if (c == '?') {
			/* A long option given a value it does not take comes
			 * back with its code in optopt. */
			if (optopt && (o = find_option(options, optopt, 0)) != NULL)
				cli_usage_error("option '--%s' takes no value", o->name);
			if (optopt)
				cli_usage_error("unknown option '-%c'", optopt);
			ambiguous(options, argv[optind - 1]);
			cli_usage_error("unknown option '%s'", argv[optind - 1]);
		}
		if (c == ':')
			cli_usage_error("option '%s' needs a value", argv[optind - 1]);
		if (c < OPT_FROM && (o = find_option(options, 0, c)) != NULL)
			c = o->code;
		if ((o = find_option(options, c, 0)) != NULL && optional_arg(o))
			check_optional_value(o, argc, argv);
		if (!common_option(cli, c, optarg, options, usage))
			return c;
	}
	output_format(cli, options);
	return -1;
}

/* One option's lines: the name and value in 24 columns, then the text,
 * whose further lines are indented to match. */
static void
option_help(FILE *fp, const struct cli_option *o)
{
	char left[128];
	const char *h = o->help, *nl;
	int n;

	if (o->name == NULL) {
		fprintf(fp, "%s\n", o->help);
		return;
	}
	n = snprintf(left, sizeof(left), "%c%c%c --%s%s%s", o->letter ? '-' : ' ',
	    o->letter ? o->letter : ' ', o->letter ? ',' : ' ', o->name,
	    o->arg && !optional_arg(o) ? " " : "", o->arg ? o->arg : "");
	fprintf(fp, "  %s%*s", left, n < 22 ? 22 - n : 2, "");
	for (; (nl = strchr(h, '\n')) != NULL; h = nl + 1)
		fprintf(fp, "%.*s\n%24s", (int)(nl - h), h, "");
	fprintf(fp, "%s\n", h);
}

void
cli_options_help(FILE *fp, const struct cli_option *options)
{
	EACH_OPTION(o, options)
		option_help(fp, o);
}

/* --- completions ------------------------------------------------------------ */

/* What the shells offer for an option's value. */
enum complete { COMPLETE_NONE, COMPLETE_FILES, COMPLETE_GLOB, COMPLETE_WORDS, COMPLETE_ROLES };

static enum complete
complete_kind(const struct cli_option *o)
{
	if (o->values)
		return o->values[0] == '*' ? COMPLETE_GLOB : COMPLETE_WORDS;
	if (o->arg && strcmp(o->arg, "FILE") == 0)
		return COMPLETE_FILES;
	if (o->arg && strcmp(o->arg, "ROLE=HEADER") == 0)
		return COMPLETE_ROLES;
	return COMPLETE_NONE;
}

static void
role_words(FILE *fp)
{
	int r;

	for (r = 0; r < ROLE_COUNT_; r++)
		fprintf(fp, "%s%s=", r ? " " : "", role_name((enum role)r));
}

/* The help text up to its first pause, for a zsh description, quoted for
 * a shell's single quotes and _arguments' brackets. */
static void
short_help(FILE *fp, const char *h)
{
	size_t n = strcspn(h, ":,;\n(");

	while (n > 0 && h[n - 1] == ' ')
		n--;
	for (; n > 0; h++, n--) {
		if (*h == '\'')
			fputs("'\\''", fp);
		else if (*h == '[' || *h == ']')
			fprintf(fp, "\\%c", *h);
		else
			fputc(*h, fp);
	}
}

static void
bash_completion(FILE *fp, const char *prog, const struct cli_option *options)
{
	const char *v, *sep = "";

	fprintf(fp, "\t%s)\n\t\tcase $prev in\n", prog);
	EACH_OPTION(o, options) {
		if (o->name == NULL || o->arg == NULL || optional_arg(o))
			continue;
		fputs("\t\t", fp);
		if (o->letter)
			fprintf(fp, "-%c|", o->letter);
		fprintf(fp, "--%s) ", o->name);
		switch (complete_kind(o)) {
		case COMPLETE_FILES:
		case COMPLETE_GLOB:
			fputs("COMPREPLY=($(compgen -f -- \"$cur\")); ", fp);
			break;
		case COMPLETE_WORDS:
			fprintf(fp, "COMPREPLY=($(compgen -W \"%s\" -- \"$cur\")); ", o->values);
			break;
		case COMPLETE_ROLES:
			fputs("COMPREPLY=($(compgen -W \"", fp);
			role_words(fp);
			fputs("\" -- \"$cur\")); compopt -o nospace; ", fp);
			break;
		case COMPLETE_NONE:
			break;
		}
		fputs("return ;;\n", fp);
	}
	fputs("\t\tesac\n\t\topts=\"", fp);
	EACH_OPTION(o, options) {
		if (o->name == NULL)
			continue;
		fprintf(fp, "%s--%s", sep, o->name);
		sep = " ";
		if (o->letter)
			fprintf(fp, " -%c", o->letter);
		for (v = optional_arg(o) && o->values ? o->values : ""; *v; v += strcspn(v, " "), v += *v == ' ')
			fprintf(fp, " --%s=%.*s", o->name, (int)strcspn(v, " "), v);
	}
	fputs("\" ;;\n", fp);
}

static void
zsh_completion(FILE *fp, const char *prog, const struct cli_option *options)
{
	const char *v;

	fprintf(fp, "%s)\n  _arguments", prog);
	EACH_OPTION(o, options) {
		if (o->name == NULL)
			continue;
		fputs(" \\\n    ", fp);
		if (o->letter)
			fprintf(fp, "'%s(-%c --%s)'{-%c,--%s}'", o->many ? "*" : "", o->letter, o->name,
			    o->letter, o->name);
		else
			fprintf(fp, "'%s--%s%s", o->many ? "*" : "", o->name, optional_arg(o) ? "=-" : "");
		fputc('[', fp);
		short_help(fp, o->help);
		fputc(']', fp);
		if (o->arg == NULL) {
			fputc('\'', fp);
			continue;
		}
		fprintf(fp, "%s:", optional_arg(o) ? ":" : "");
		/* The message: the value's name, "[=json]" as "json". */
		for (v = o->arg + strspn(o->arg, "[="); *v; v++)
			if (*v != '[' && *v != ']')
				fputc(tolower((unsigned char)*v), fp);
		fputc(':', fp);
		switch (complete_kind(o)) {
		case COMPLETE_FILES:
			fputs("_files", fp);
			break;
		case COMPLETE_GLOB:
			fprintf(fp, "_files -g \"%s\"", o->values);
			break;
		case COMPLETE_WORDS:
			fputc('(', fp);
			for (v = o->values; *v; v++)
				fprintf(fp, "%s%c", *v == ':' ? "\\" : "", *v);
			fputc(')', fp);
			break;
		case COMPLETE_ROLES:
			fputs("{compadd -S \"\" -- ", fp);
			role_words(fp);
			fputc('}', fp);
			break;
		case COMPLETE_NONE:
			fputc(' ', fp);
			break;
		}
		fputc('\'', fp);
	}
	fputs(" \\\n    '*:file:_files' ;;\n", fp);
}

void
cli_completion(FILE *fp, const char *prog, const struct cli_option *options, const char *shell)
{
	if (strcmp(shell, "zsh") == 0)
		zsh_completion(fp, prog, options);
	else
		bash_completion(fp, prog, options);
}

void
cli_check_files(char *const *inputs, size_t ninputs, const char *what,
    const struct runfile *files, size_t nfiles)
{
	struct runfile *f = xcalloc(nfiles + ninputs + 2, sizeof(*f));
	struct cust_err err;
	size_t n = 0, i;

	for (i = 0; i < nfiles; i++)
		if (files[i].path != NULL)
			f[n++] = files[i];
	for (i = 0; what != NULL && i < (ninputs ? ninputs : 1); i++)
		f[n++] = (struct runfile){what, ninputs ? inputs[i] : "-", RUNFILE_DATA};
	if (runfiles_check(f, n, &err) < 0)
		cli_usage_error("%s", err.msg);
	free(f);
}

/* The message saying how -o names a data input, or false. */
static bool
output_input_clash(const struct cli *cli, char *const *inputs, size_t ninputs, const char *what,
    struct cust_err *err)
{
	size_t i;

	/* No input named: standard input, which may be the file -o names. */
	for (i = 0; cli->output != NULL && i < (ninputs ? ninputs : 1); i++) {
		const struct runfile f[] = {{"-o", cli->output, RUNFILE_WRITE},
			{what, ninputs ? inputs[i] : "-", RUNFILE_DATA}};

		if (runfiles_check(f, 2, err) < 0)
			return true;
	}
	return false;
}

void
cli_check_partial_output(const struct cli *cli, char *const *inputs, size_t ninputs, const char *what,
    const char *why)
{
	struct cust_err err;

	if (output_input_clash(cli, inputs, ninputs, what, &err))
		cli_usage_error("%s (%s)", err.msg, why);
}

bool
cli_output_replaces_input(const struct cli *cli, char *const *inputs, size_t ninputs)
{
	struct cust_err err;

	return output_input_clash(cli, inputs, ninputs, "input", &err);
}

void
cli_keep_input(const struct cli *cli, bool replaces_input, const char *rejects,
    unsigned long long rejected, struct outfile *out)
{
	if (!replaces_input || rejects != NULL || rejected == 0)
		return;
	if (out != NULL)
		outfile_abort(out);
	cli_die(CUST_FINDINGS, "%llu %s rejected and -o %s would replace the input: the input is "
	    "left as it was (name --rejects FILE to keep rejected records)", rejected,
	    plural(rejected, "record was", "records were"), cli->output);
}

void
cli_lib_warn(void *ctx, enum warn_level level, const char *msg)
{
	struct cli *cli = ctx;

	if (level == WARN_INPUT || !cli->quiet)
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
	o.warn = cli_lib_warn;
	o.warn_ctx = cli;
	o.sheet = cli->sheet;
	o.skip = cli->skip;
	/* With two cores or more, parse while the program works, unless
	 * CUSTKIT_THREADS=1 asks for one thread. */
	o.prefetch = sysconf(_SC_NPROCESSORS_ONLN) > 1 &&
	    !(getenv("CUSTKIT_THREADS") && strcmp(getenv("CUSTKIT_THREADS"), "1") == 0);
	return o;
}

void
cli_refuse_binary_terminal(const struct cli *cli)
{
	if ((cli->output == NULL || strcmp(cli->output, "-") == 0) && isatty(STDOUT_FILENO))
		cli_usage_error("--to xlsx writes a binary workbook: name a file with -o FILE.xlsx "
		    "or redirect standard output");
}

struct writer_opts
cli_writer_opts(const struct cli *cli, enum format input)
{
	struct writer_opts o;

	memset(&o, 0, sizeof(o));
	o.to = cli->to != FMT_AUTO ? cli->to : input;
	/* A workbook read goes on as CSV, for the next program in the pipe,
	 * unless the output file is named as a workbook. */
	if (cli->to == FMT_AUTO && (input == FMT_XLSX || input == FMT_XLS))
		o.to = FMT_CSV;
	if (cli->to == FMT_AUTO && !cli->excel && path_is_xlsx(cli->output))
		o.to = FMT_XLSX;
	if (cli->excel && o.to != FMT_CSV && o.to != FMT_TSV)
		o.to = FMT_CSV;
	if (o.to == FMT_XLSX)
		cli_refuse_binary_terminal(cli);
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

int32_t
cli_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	struct date d;

	localtime_r(&t, &tm);
	d.year = tm.tm_year + 1900;
	d.month = tm.tm_mon + 1;
	d.day = tm.tm_mday;
	return date_to_days(d);
}

int32_t
cli_date(const char *opt, const char *arg)
{
	struct date d;
	const char *why;

	if (date_parse(arg, strlen(arg), &d, &why) != VALUE_OK) {
		if (strcmp(why, "not a date") == 0)
			cli_usage_error("%s %s: not a date", opt, arg);
		cli_usage_error("%s %s: not a date (%s)", opt, arg, why);
	}
	return date_to_days(d);
}

int32_t
cli_as_of(const char *arg)
{
	return cli_date("--as-of", arg);
}

bool
cli_load_orders(const struct cli *cli, struct customers *cs, struct orderbook *ob,
    const struct status_filter *sf, int32_t as_of, const char *rejects)
{
	struct writer_opts wo = cli_writer_opts(cli, reader_format(cs->orders));
	struct cust_err err;
	struct rejects *rj;

	rj = rejects_open(rejects, reader_header(cs->orders), &wo, stderr, cli->prog, cli->quiet ? 0 : 100, &err);
	if (rj == NULL)
		cli_die_err(&err);
	if (customers_load_orders(cs, ob, sf, as_of, rj, &err) < 0) {
		rejects_abort(rj);
		cli_die_err(&err);
	}
	if (rejects_close(rj, &err) < 0)
		cli_die_err(&err);
	return cs->stats.rejected > 0;
}

void
cli_check_customer_files(const char *orders, bool orders_only, size_t nfiles, const char *or_else)
{
	if (orders && !orders_only && strcmp(orders, "-") == 0 && nfiles == 0)
		cli_usage_error("--orders - reads standard input: name the customer table, or use --orders-only");
	if (orders_only && nfiles > 0)
		cli_usage_error("--orders-only takes no customer files");
	if (!orders_only && nfiles == 0 && isatty(STDIN_FILENO))
		cli_usage_error("no customer table: name the files, pipe one in, or use %s", or_else);
}
