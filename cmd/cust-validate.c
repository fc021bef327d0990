/* cust-validate — check records against a schema, normalise them, convert
 * formats, or draft a schema.  See cust-validate(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cli.h"
#include "infer.h"
#include "outfile.h"
#include "reader.h"
#include "rejects.h"
#include "roles.h"
#include "schema.h"
#include "summary.h"
#include "writer.h"

#define MAX_SHOWN_ERRORS 100   /* without --rejects, errors beyond this are counted */

enum { OPT_SCHEMA = OPT_PROGRAM_, OPT_FIX, OPT_REJECTS, OPT_SUMMARY, OPT_INFER };

static const struct cli_option options[] = {
	CLI_CHOICE("schema", 0, "FILE", OPT_SCHEMA, "Table Schema (JSON) with the types and constraints",
	    "*.json"),
	CLI_FLAG("fix", 0, OPT_FIX, "normalise values: trim, full-width to ASCII, phones,\n"
	    "e-mails, dates (ISO 8601) and money (1234.50)"),
	CLI_ARG("rejects", 0, "FILE", OPT_REJECTS, "write invalid records here, with _line and _errors"),
	CLI_CHOICE("summary", 0, "[=json]", OPT_SUMMARY, "per-column counts of errors and fixes on stderr",
	    "text json"),
	CLI_FLAG("infer", 0, OPT_INFER, "print a draft schema for the input and exit"),
	CLI_END,
};

struct opts {
	const char *schema, *rejects;
	bool fix, infer;
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
		case OPT_SUMMARY:
			o->summary = summary_style_parse(optarg);
			if (o->summary == SUMMARY_NONE)
				cli_usage_error("--summary=%s: expected text or json", optarg);
			break;
		}
	}
	if (o->infer && (o->schema || o->fix || o->rejects))
		cli_usage_error("--infer drafts a schema; it does not go with --schema, --fix or --rejects");
	check_files(argc, argv, cli, o);
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

/* JSON output typed as the schema says, else as the roles do. */
static void
json_types(struct writer *w, const struct schema *schema, const struct roles *roles)
{
	size_t i;

	writer_roles(w, roles);
	for (i = 0; schema && i < schema->nfields; i++) {
		const struct sfield *f = &schema->fields[i];
		if (f->col < 0)
			continue;
		if (f->type == FT_INTEGER || f->type == FT_NUMBER || f->type == FT_MONEY)
			writer_json_type(w, (size_t)f->col, JSON_NUMBER);
		else if (f->type == FT_BOOLEAN)
			writer_json_type(w, (size_t)f->col, JSON_BOOL);
		else
			writer_json_type(w, (size_t)f->col, JSON_TEXT);
	}
}

/* Pass every record to stdout or to the rejects: records in = out + rejected. */
static int
run_check(struct cli *cli, const struct opts *o, struct reader *rd, struct schema *schema,
    const struct roles *roles)
{
	const struct header *h = reader_header(rd);
	struct writer_opts wo = cli_writer_opts(cli, reader_format(rd));
	struct checker *chk = NULL;
	struct rejects *rj;
	struct outfile out;
	struct writer *w;
	struct record *rec;
	struct cust_err err;
	struct summary sum = {cli->prog, h, 0, 0, 0, NULL, NULL};
	char **vals;
	size_t *lens;
	const char *why;
	int rc;

	if (schema != NULL || o->fix)
		chk = checker_new(schema, h, roles, o->fix);
	if (outfile_open(&out, cli->output, false, &err) < 0)
		cli_die_err(&err);
	if ((rj = rejects_open(o->rejects, h, &wo, stderr, cli->prog, cli->quiet ? 0 : MAX_SHOWN_ERRORS, &err)) == NULL) {
		outfile_abort(&out);
		cli_die_err(&err);
	}
	w = writer_new(out.fp, out.name, &wo);
	json_types(w, schema, roles);
	writer_header(w, h->names, h->n);
	while ((rc = reader_next(rd, &rec, &err)) > 0) {
		vals = rec->field;
		lens = rec->len;
		why = rec->error;
		if (why == NULL && chk != NULL && checker_run(chk, rec, &vals, &lens, &why) == 0)
			why = NULL;
		if (why != NULL)
			rejects_add(rj, rec, vals, lens, why);
		else
			writer_row(w, vals, lens, h->n);
		if (writer_failed(w))
			break;
		cli_progress(reader_count(rd));
	}
	cli_progress_done();
	if (rc < 0 || writer_finish(w, &err) < 0 || outfile_commit(&out, &err) < 0) {
		rejects_abort(rj);
		outfile_abort(&out);
		cli_die_err(&err);
	}
	sum.records = reader_count(rd);
	sum.rejected = rejects_count(rj);
	sum.valid = sum.records - sum.rejected;
	if (rejects_close(rj, &err) < 0)
		cli_die_err(&err);
	if (chk) {
		sum.errors = checker_errors(chk);
		sum.fixes = checker_fixes(chk);
	}
	if (o->summary != SUMMARY_NONE)
		summary_print(stderr, o->summary, &sum);
	checker_free(chk);
	writer_free(w);
	return sum.rejected > 0 ? CUST_FINDINGS : CUST_OK;
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
