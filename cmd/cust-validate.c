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
	if (o->package == NULL)
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
json_types(struct writer *w, const struct schema *schema, const struct roles *roles, size_t ncols)
{
	enum ftype *types;
	size_t i;

	writer_roles(w, roles);
	if (schema == NULL)
		return;
	types = xcalloc(ncols + 1, sizeof(*types));
	schema_column_types(schema, types, ncols);
	for (i = 0; i < ncols; i++) {
		if (types[i] == FT_ANY)
			continue;       /* no field: the role says */
		writer_json_type(w, i, types[i] == FT_INTEGER || types[i] == FT_NUMBER ||
		    types[i] == FT_MONEY ? JSON_NUMBER : types[i] == FT_BOOLEAN ? JSON_BOOL : JSON_TEXT);
	}
	free(types);
}

/* A record kept until the whole table is seen (foreign keys into the
 * same table): its values as they will be written, and its errors. */
struct held {
	long line;
	const char *file;
	char *why;                  /* NULL: valid so far */
	bool checked;               /* went through checker_run */
	unsigned long long recno;
	char **vals;
	size_t *lens;
};

static void
hold(struct held *h, const struct record *rec, char **vals, const size_t *lens, const char *why,
    bool checked, unsigned long long recno, struct namelist *names)
{
	size_t i;

	h->line = rec->line;
	h->file = namelist_keep(names, rec->file);
	h->why = why && *why ? xstrdup(why) : NULL;
	h->checked = checked;
	h->recno = recno;
	h->vals = xcalloc(rec->n + 1, sizeof(char *));
	h->lens = xcalloc(rec->n + 1, sizeof(size_t));
	for (i = 0; i < rec->n; i++) {
		h->vals[i] = xstrndup(vals[i], lens[i]);
		h->lens[i] = lens[i];
	}
}

/* One table: where its records go, and the keys other tables ask of it. */
struct table {
	struct reader *rd;
	struct schema *schema;
	FILE *out;                  /* valid records; NULL: not written */
	struct outfile *of;         /* out's file, dropped if the run fails */
	const char *out_name;
	const char *rejects;
	struct keyset *keysets;     /* keys of this table that others reference */
	size_t nkeysets;
	const struct hash **refs;   /* for each foreign key to another table, its keys */
};

struct keyset {
	size_t *cols;
	size_t n;
	struct hash *keys;
};

struct counts {
	unsigned long long records, rejected;
};

static void
emit(struct writer *w, struct rejects *rj, const struct record *rec, char **vals, size_t *lens,
    const char *why, size_t n)
{
	if (why != NULL)
		rejects_add(rj, rec, vals, lens, why);
	else if (w != NULL)
		writer_row(w, vals, lens, n);
}

/* The held records, in input order, once the table is whole. */
static void
release(struct checker *chk, struct held *held, size_t nheld, struct writer *w, struct rejects *rj,
    size_t ncols)
{
	struct strbuf why = STRBUF_INIT;
	size_t i, j;

	for (i = 0; i < nheld; i++) {
		struct held *h = &held[i];
		struct record rec = {ncols, h->vals, h->lens, h->file, h->line, NULL};
		sb_reset(&why);
		if (h->why)
			sb_adds(&why, h->why);
		if (h->checked)
			checker_finish(chk, h->recno, &why);
		emit(w, rj, &rec, h->vals, h->lens, why.len ? why.s : NULL, ncols);
		for (j = 0; j < ncols; j++)
			free(h->vals[j]);
		free(h->vals);
		free(h->lens);
		free(h->why);
	}
	sb_free(&why);
}

/* Pass every record to the output or to the rejects: records in = out +
 * rejected. */
static struct counts
check_table(struct cli *cli, const struct opts *o, struct table *t, const struct roles *roles,
    struct summary *sum)
{
	const struct header *h = reader_header(t->rd);
	struct writer_opts wo = cli_writer_opts(cli, reader_format(t->rd));
	struct checker *chk = NULL;
	struct rejects *rj;
	struct writer *w = NULL;
	struct record *rec;
	struct cust_err err;
	struct held *held = NULL;
	struct namelist names = {0};
	size_t nheld = 0, cap = 0, i, klen;
	unsigned long long checked = 0;
	struct counts n = {0, 0};
	char **vals;
	size_t *lens;
	const char *why, *key;
	bool defer, added;
	int rc;

	if (t->schema != NULL || o->fix)
		chk = checker_new(t->schema, h, roles, o->fix);
	for (i = 0; chk && i < t->nkeysets; i++)
		checker_want_keys(chk, t->keysets[i].cols, t->keysets[i].n);
	for (i = 0; chk && t->refs && i < t->schema->nfks; i++)
		if (t->refs[i])
			checker_set_reference(chk, i, t->refs[i]);
	defer = chk && checker_defers(chk);
	if ((rj = rejects_open(t->rejects, h, &wo, stderr, cli->prog, cli->quiet ? 0 : MAX_SHOWN_ERRORS,
	    &err)) == NULL) {
		if (t->of)
			outfile_abort(t->of);
		cli_die_err(&err);
	}
	if (t->out) {
		w = writer_new(t->out, t->out_name, &wo);
		json_types(w, t->schema, roles, h->n);
		if (t->schema != NULL) {
			enum ftype *types = xcalloc(h->n + 1, sizeof(*types));
			schema_column_types(t->schema, types, h->n);
			writer_types(w, types, h->n);
			free(types);
		}
		writer_header(w, h->names, h->n);
	}
	while ((rc = reader_next(t->rd, &rec, &err)) > 0) {
		vals = rec->field;
		lens = rec->len;
		why = rec->error;
		if (why == NULL && chk != NULL) {
			if (checker_run(chk, rec, &vals, &lens, &why) == 0)
				why = NULL;
			for (i = 0; i < t->nkeysets; i++)
				if ((key = checker_key(chk, t->keysets[i].cols, t->keysets[i].n, &klen)) != NULL)
					hash_put(t->keysets[i].keys, key, klen, &added);
			checked++;
		}
		if (defer) {
			if (nheld == cap)
				held = xreallocarray(held, cap = cap ? 2 * cap : 1024, sizeof(*held));
			hold(&held[nheld++], rec, vals, lens, why, rec->error == NULL, checked - 1, &names);
		} else
			emit(w, rj, rec, vals, lens, why, h->n);
		if (w && writer_failed(w))
			break;
		cli_progress(reader_count(t->rd));
	}
	cli_progress_done();
	if (rc >= 0 && defer)
		release(chk, held, nheld, w, rj, h->n);
	free(held);
	namelist_free(&names);
	if (rc < 0 || (w && writer_finish(w, &err) < 0)) {
		rejects_abort(rj);
		if (t->of)
			outfile_abort(t->of);
		writer_free(w);
		cli_die_err(&err);
	}
	n.records = reader_count(t->rd);
	n.rejected = rejects_count(rj);
	if (rejects_close(rj, &err) < 0)
		cli_die_err(&err);
	if (sum) {
		sum->h = h;
		sum->records = n.records;
		sum->rejected = n.rejected;
		sum->valid = n.records - n.rejected;
		sum->errors = chk ? checker_errors(chk) : NULL;
		sum->fixes = chk ? checker_fixes(chk) : NULL;
		if (o->summary != SUMMARY_NONE)
			summary_print(stderr, o->summary, sum);
	}
	checker_free(chk);
	writer_free(w);
	return n;
}

static int
run_check(struct cli *cli, const struct opts *o, struct reader *rd, struct schema *schema,
    const struct roles *roles)
{
	struct table t = {0};
	struct outfile out;
	struct cust_err err;
	struct summary sum = {cli->prog, NULL, 0, 0, 0, NULL, NULL};
	struct counts n;

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
	t.of = &out;
	t.out_name = out.name;
	t.rejects = o->rejects;
	n = check_table(cli, o, &t, roles, &sum);
	if (outfile_commit(&out, &err) < 0)
		cli_die_err(&err);
	return n.rejected > 0 ? CUST_FINDINGS : CUST_OK;
}

/* The keys each table must give the tables that reference it. */
static void
plan_references(struct package *p, struct table *tabs)
{
	size_t i, k, j;

	for (i = 0; i < p->nres; i++) {
		struct schema *s = p->res[i].schema;
		tabs[i].refs = xcalloc(s->nfks + 1, sizeof(*tabs[i].refs));
		for (k = 0; k < s->nfks; k++) {
			struct resource *to = s->fks[k].resource[0] ? package_resource(p, s->fks[k].resource) : NULL;
			struct table *tt;
			struct keyset *ks;
			if (to == NULL || to == &p->res[i])
				continue;
			tt = &tabs[to - p->res];
			tt->keysets = xreallocarray(tt->keysets, tt->nkeysets + 1, sizeof(*tt->keysets));
			ks = &tt->keysets[tt->nkeysets++];
			ks->n = s->fks[k].nref;
			ks->cols = xcalloc(ks->n + 1, sizeof(size_t));
			for (j = 0; j < ks->n; j++) {
				long f = schema_field(to->schema, s->fks[k].ref_names[j]);
				if (f < 0)
					cli_die(CUST_USAGE, "%s: foreignKeys: %s has no field '%s'", p->path, to->name,
					    s->fks[k].ref_names[j]);
				ks->cols[j] = (size_t)f;   /* a field index until the table is bound */
			}
			ks->keys = hash_new();
			tabs[i].refs[k] = ks->keys;
		}
	}
}

/* A rejects file must not replace one of the package's own files. */
static void
refuse_overwrite(const struct package *p, const char *rj)
{
	struct runfile *f = xcalloc(2, sizeof(*f));
	struct cust_err err;
	size_t i, j, n = 0;

	f[n++] = (struct runfile){"--package", p->path, RUNFILE_READ};
	f[n++] = (struct runfile){"--rejects", rj, RUNFILE_WRITE};
	for (i = 0; i < p->nres; i++)
		for (j = 0; j < p->res[i].npaths; j++) {
			f = xreallocarray(f, n + 1, sizeof(*f));
			f[n++] = (struct runfile){p->res[i].name, p->res[i].paths[j], RUNFILE_READ};
		}
	if (runfiles_check(f, n, &err) < 0) {
		free(f);
		cli_die_err(&err);
	}
	free(f);
}

/* Every table of a data package, referenced tables first; one rejects
 * file per table in the --rejects directory, one summary. */
static int
run_package(struct cli *cli, const struct opts *o)
{
	struct cust_err err;
	struct package *p = package_load(o->package, &err);
	struct table *tabs;
	struct roles roles;
	unsigned long long records = 0, rejected = 0;
	size_t i, k;

	if (p == NULL)
		cli_die_err(&err);
	tabs = xcalloc(p->nres + 1, sizeof(*tabs));
	plan_references(p, tabs);
	for (i = 0; i < p->nres; i++) {
		struct resource *r = &p->res[i];
		struct reader_opts ropts = cli_reader_opts(cli);
		struct summary sum = {cli->prog, NULL, 0, 0, 0, NULL, NULL};
		struct counts n;
		char *rj = NULL;
		if ((tabs[i].rd = reader_open(r->paths, r->npaths, &ropts, &err)) == NULL)
			cli_die_err(&err);
		if (roles_find(&roles, reader_header(tabs[i].rd), cli->cols, cli->ncols, "--col", &err) < 0 ||
		    schema_bind(r->schema, reader_header(tabs[i].rd), &err) < 0)
			cli_die_err(&err);
		for (k = 0; k < tabs[i].nkeysets; k++)
			for (size_t j = 0; j < tabs[i].keysets[k].n; j++)
				tabs[i].keysets[k].cols[j] = (size_t)r->schema->fields[tabs[i].keysets[k].cols[j]].col;
		if (o->rejects) {
			struct strbuf sb = STRBUF_INIT;
			sb_addf(&sb, "%s/%s.rejects.csv", o->rejects, r->name);
			rj = sb_detach(&sb);
			refuse_overwrite(p, rj);
		}
		tabs[i].schema = r->schema;
		tabs[i].rejects = rj;
		n = check_table(cli, o, &tabs[i], &roles, o->summary != SUMMARY_NONE ? &sum : NULL);
		if (!cli->quiet)
			fprintf(stderr, "%s: %s: %llu records: %llu valid, %llu rejected\n", cli->prog, r->name,
			    n.records, n.records - n.rejected, n.rejected);
		records += n.records;
		rejected += n.rejected;
		reader_close(tabs[i].rd);
		free(rj);
	}
	if (!cli->quiet)
		fprintf(stderr, "%s: %s: %zu tables, %llu records: %llu valid, %llu rejected\n", cli->prog,
		    o->package, p->nres, records, records - rejected, rejected);
	for (i = 0; i < p->nres; i++) {
		for (k = 0; k < tabs[i].nkeysets; k++) {
			free(tabs[i].keysets[k].cols);
			hash_free(tabs[i].keysets[k].keys);
		}
		free(tabs[i].keysets);
		free(tabs[i].refs);
	}
	free(tabs);
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
