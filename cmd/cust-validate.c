/* cust-validate — check records against a schema, normalise them, convert
 * formats, or draft a schema.  See cust-validate(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "infer.h"
#include "outfile.h"
#include "package.h"
#include "reader.h"
#include "rejects.h"
#include "roles.h"
#include "schema.h"
#include "summary.h"
#include "validate.h"
#include "writer.h"

#define MAX_SHOWN_ERRORS 100   /* without --rejects, errors beyond this are counted */

enum { OPT_SCHEMA = OPT_PROGRAM_, OPT_FIX, OPT_REJECTS, OPT_SUMMARY, OPT_INFER, OPT_PACKAGE };

static const struct cli_option options[] = {
	CLI_CHOICE("schema", 0, "FILE", OPT_SCHEMA, "Table Schema (JSON) with the types and constraints",
	    "*.json"),
	CLI_FLAG("fix", 0, OPT_FIX, "normalise values: trim, full-width to ASCII, phones,\n"
	    "e-mails, dates (ISO 8601) and money (1234.50)"),
	CLI_ARG("rejects", 0, "FILE", OPT_REJECTS, "write invalid records here, with _line and _errors"),
	CLI_CHOICE("summary", 0, "[=json]", OPT_SUMMARY, "per-column counts of errors and fixes on stderr",
	    "text json"),
	CLI_FLAG("infer", 0, OPT_INFER, "print a draft schema for the input and exit"),
	CLI_CHOICE("package", 0, "FILE", OPT_PACKAGE, "check every table of a data package (datapackage.json),\n"
	    "foreign keys across tables too; --rejects DIR gets\n"
	    "one file per table, DIR/NAME.rejects.csv", "*.json"),
	CLI_END,
};

struct opts {
	const char *schema, *rejects, *package;
	bool fix, infer;
	bool replaces_input;        /* -o names an input */
	enum summary_style summary;
};

static void
usage(FILE *fp)
{
	fputs("Usage: cust-validate [OPTION]... [FILE]...\n"
	    "Check customer records against a schema and normalise their values.\n"
	    "Valid records go to stdout, invalid ones to --rejects with the reasons.\n"
	    "With no schema, check the structure and pass records through (a format\n"
	    "converter: cust-validate --to jsonl export.csv).  With no FILE, or when\n"
	    "FILE is -, read stdin.\n"
	    "\n", fp);
	cli_options_help(fp, options);
	fputs("\nExit status: 0 all valid, 1 some records rejected, 2 usage or schema\n"
	    "error, 3 unreadable input, 4 output not written.  See cust-validate(1).\n", fp);
}

/* --rejects in.csv would replace the input with its rejects, -o s.json
 * the schema; -o in.csv is fine (renamed into place at the end). */
static void
check_files(int argc, char **argv, const struct cli *cli, const struct opts *o)
{
	const struct runfile f[] = {
		{"--rejects", o->rejects, RUNFILE_WRITE}, {"--schema", o->schema, RUNFILE_READ}, CLI_OUTPUT(cli),
	};

	cli_check_files(argv + optind, (size_t)(argc - optind), "input", f, ARRAY_LEN(f));
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct opts *o)
{
	int c;

	while ((c = cli_next_option(cli, argc, argv, options, usage)) != -1) {
		switch (c) {
		case OPT_SCHEMA: o->schema = optarg; break;
		case OPT_FIX: o->fix = true; break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_INFER: o->infer = true; break;
		case OPT_PACKAGE: o->package = optarg; break;
		case OPT_SUMMARY:
			o->summary = summary_style_parse(optarg);
			if (o->summary == SUMMARY_NONE)
				cli_usage_error("--summary=%s: expected text or json", optarg);
			break;
		}
	}
	if (o->infer && (o->schema || o->fix || o->rejects || o->package))
		cli_usage_error("--infer drafts a schema; it does not go with --schema, --fix or --rejects");
	if (o->package && (o->schema || cli->output || optind < argc))
		cli_usage_error("--package names the tables and their schemas; it does not go with --schema, -o or FILE");
	/* A package's rejects directory is checked against its tables in run_package. */
	if (o->package == NULL) {
		check_files(argc, argv, cli, o);
		o->replaces_input = cli_output_replaces_input(cli, argv + optind, (size_t)(argc - optind));
	}
}

/* Draft a schema from all the input. */
static int
run_infer(struct cli *cli, struct reader *rd, const struct roles *roles)
{
	struct inferrer *inf = infer_new(reader_header(rd), roles);
	struct record *rec;
	struct cust_err err;
	struct outfile out;
	char *text;
	int rc;

	while ((rc = reader_next(rd, &rec, &err)) > 0) {
		infer_add(inf, rec);
		cli_progress(reader_count(rd));
	}
	if (rc < 0)
		cli_die_err(&err);
	text = infer_result(inf);
	if (outfile_open(&out, cli->output, false, &err) < 0)
		cli_die_err(&err);
	fprintf(out.fp, "%s\n", text);
	if (outfile_commit(&out, &err) < 0)
		cli_die_err(&err);
	free(text);
	infer_free(inf);
	return 0;
}

static struct validate_opts
validate_opts(struct cli *cli, const struct opts *o, enum format from)
{
	return (struct validate_opts){o->fix, cli_writer_opts(cli, from), stderr, cli->prog,
	    cli->quiet ? 0 : MAX_SHOWN_ERRORS, cli_progress, cli_progress_done};
}

/* Pass every record to the output or to the rejects: records in = out +
 * rejected.  Dies (dropping the output) when that fails. */
static struct summary
check_table(struct cli *cli, const struct opts *o, struct vtable *t, const struct roles *roles,
    struct outfile *of)
{
	struct validate_opts vo = validate_opts(cli, o, reader_format(t->rd));
	struct summary sum = {cli->prog, NULL, 0, 0, 0, NULL, NULL};
	struct cust_err err;

	if (validate_table(t, roles, &vo, &sum, &err) < 0) {
		if (of)
			outfile_abort(of);
		cli_die_err(&err);
	}
	if (o->summary != SUMMARY_NONE)
		summary_print(stderr, o->summary, &sum);
	validate_table_done(t);
	return sum;
}

static int
run_check(struct cli *cli, const struct opts *o, struct reader *rd, struct schema *schema,
    const struct roles *roles)
{
	struct vtable t = {0};
	struct outfile out;
	struct cust_err err;
	struct summary sum;

	/* Another table's keys come only with --package: never skip the check in silence. */
	for (size_t k = 0; schema && k < schema->nfks; k++)
		if (schema->fks[k].resource[0] != '\0')
			cli_die(CUST_USAGE, "%s: foreignKeys[%zu] references the table '%s': check it with "
			    "--package", schema->path, k, schema->fks[k].resource);
	if (outfile_open(&out, cli->output, false, &err) < 0)
		cli_die_err(&err);
	t.rd = rd;
	t.schema = schema;
	t.out = out.fp;
	t.out_name = out.name;
	t.rejects = o->rejects;
	sum = check_table(cli, o, &t, roles, &out);
	cli_keep_input(cli, o->replaces_input, o->rejects, sum.rejected, &out);
	if (outfile_commit(&out, &err) < 0)
		cli_die_err(&err);
	return sum.rejected > 0 ? CUST_FINDINGS : CUST_OK;
}

/* DIR/NAME.rejects.csv for a package's table, or NULL. */
static char *
package_rejects(const struct opts *o, const struct package *p, const struct resource *r)
{
	struct strbuf sb = STRBUF_INIT;
	struct cust_err err;
	char *rj;

	if (o->rejects == NULL)
		return NULL;
	sb_addf(&sb, "%s/%s.rejects.csv", o->rejects, r->name);
	rj = sb_detach(&sb);
	if (validate_rejects_path(p, rj, &err) < 0)
		cli_die_err(&err);
	return rj;
}

/* Every table of a data package, referenced tables first; one rejects
 * file per table in the --rejects directory, one summary. */
static int
run_package(struct cli *cli, const struct opts *o)
{
	struct cust_err err;
	struct package *p = package_load(o->package, &err);
	struct vtable *tabs;
	struct roles roles;
	unsigned long long records = 0, rejected = 0;
	size_t i;

	if (p == NULL || (tabs = validate_plan(p, &err)) == NULL)
		cli_die_err(&err);
	for (i = 0; i < p->nres; i++) {
		struct resource *r = &p->res[i];
		struct reader_opts ropts = cli_reader_opts(cli);
		struct summary sum;
		if ((tabs[i].rd = reader_open(r->paths, r->npaths, &ropts, &err)) == NULL)
			cli_die_err(&err);
		if (roles_find(&roles, reader_header(tabs[i].rd), cli->cols, cli->ncols, "--col", &err) < 0 ||
		    schema_bind(r->schema, reader_header(tabs[i].rd), &err) < 0)
			cli_die_err(&err);
		validate_bind(&tabs[i], r);
		tabs[i].rejects = package_rejects(o, p, r);
		sum = check_table(cli, o, &tabs[i], &roles, NULL);
		if (!cli->quiet)
			fprintf(stderr, "%s: %s: %llu records: %llu valid, %llu rejected\n", cli->prog, r->name,
			    sum.records, sum.valid, sum.rejected);
		records += sum.records;
		rejected += sum.rejected;
		reader_close(tabs[i].rd);
		free((char *)tabs[i].rejects);
	}
	if (!cli->quiet)
		fprintf(stderr, "%s: %s: %zu tables, %llu records: %llu valid, %llu rejected\n", cli->prog,
		    o->package, p->nres, records, records - rejected, rejected);
	validate_plan_free(tabs, p->nres);
	package_free(p);
	return rejected > 0 ? CUST_FINDINGS : CUST_OK;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct opts o = {0};
	struct cust_err err;
	struct schema *schema = NULL;
	struct reader *rd;
	struct reader_opts ropts;
	struct roles roles;
	int status;

	cli_init(&cli, "cust-validate");
	parse_args(argc, argv, &cli, &o);
	if (o.package) {
		status = run_package(&cli, &o);
		cli_free(&cli);
		return status;
	}
	/* A broken schema is a usage error before any input is read. */
	if (o.schema && (schema = schema_load(o.schema, &err)) == NULL)
		cli_die_err(&err);
	ropts = cli_reader_opts(&cli);
	if ((rd = reader_open(argv + optind, (size_t)(argc - optind), &ropts, &err)) == NULL)
		cli_die_err(&err);
	if (roles_find(&roles, reader_header(rd), cli.cols, cli.ncols, "--col", &err) < 0 ||
	    (schema && schema_bind(schema, reader_header(rd), &err) < 0))
		cli_die_column(&err, rd);
	if (o.infer)
		status = run_infer(&cli, rd, &roles);
	else
		status = run_check(&cli, &o, rd, schema, &roles);
	reader_close(rd);
	schema_free(schema);
	cli_free(&cli);
	return status;
}
