/* cust-dedupe — find the same customer entered twice.  See cust-dedupe(1). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "align.h"
#include "cli.h"
#include "dedupe.h"
#include "dedupe_out.h"
#include "fuzzy.h"
#include "outfile.h"
#include "reader.h"
#include "rejects.h"
#include "roles.h"
#include "writer.h"

#define MAX_SHOWN_ERRORS 100

enum { OPT_KEY = OPT_PROGRAM_, OPT_MODE, OPT_KEEP, OPT_CHECK, OPT_REJECTS, OPT_FUZZY,
	OPT_THRESHOLD, OPT_BLOCK, OPT_COMPARE, OPT_EXPLAIN, OPT_MAX_CLUSTER, OPT_ID_MAP };

static const struct cli_option options[] = {
	CLI_LIST("key", 0, "COL[+COL]", OPT_KEY, "a key (repeatable): a column or a role (phone, email,\n"
	    "id, name, ...), or several joined by +; default:\n"
	    "phone, email and name+birth_date, those present", "phone email id name name+birth_date"),
	CLI_CHOICE("mode", 0, "MODE", OPT_MODE, "what to write: mark (the default) keeps every\n"
	    "record, adding cluster_id, is_duplicate and\n"
	    "match_reason; merge writes one record per customer,\n"
	    "gaps filled from the others, with merged_ids and\n"
	    "merge_conflicts; pairs (with --fuzzy) writes the\n"
	    "matched pairs, their probability and weight, and each\n"
	    "field's comparison and part of the weight, for review", "mark merge pairs"),
	CLI_CHOICE("keep", 0, "RULE", OPT_KEEP, "merge survivor: first (default), last, complete\n"
	    "(most fields filled) or newest:COLUMN", "first last complete newest:"),
	CLI_FLAG("check", 0, OPT_CHECK, "write no records; exit 1 if there are duplicates"),
	CLI_FLAG("fuzzy", 0, OPT_FUZZY, "also match records keys miss, field by field\n"
	    "(names with typos...), weights estimated from the data"),
	CLI_ARG("threshold", 0, "P", OPT_THRESHOLD, "match probability needed to link (default 0.95)"),
	CLI_LIST("block", 0, "COL[+COL]", OPT_BLOCK, "compare only records that agree on this (repeatable);\n"
	    "default: agreeing on any one compared field", NULL),
	CLI_LIST("compare", 0, "COL", OPT_COMPARE, "compare this column (repeatable); default: all but\n"
	    "ids, sign-up dates, order columns, grades and row\n"
	    "numbers", NULL),
	CLI_ARG("max-cluster", 0, "N", OPT_MAX_CLUSTER, "no fuzzy cluster larger than N records (default 50):\n"
	    "larger ones are split, flagged, and never merged"),
	CLI_FLAG("explain", 0, OPT_EXPLAIN, "print the fitted model (m and u of every comparison\n"
	    "level), the pairs scored and the cluster sizes"),
	CLI_ARG("rejects", 0, "FILE", OPT_REJECTS, "malformed records, with _line and _errors"),
	CLI_ARG("id-map", 0, "FILE", OPT_ID_MAP, "with --mode merge: write old_id,surviving_id for\n"
	    "every absorbed id (for cust-grade --id-map)"),
	CLI_END,
};

enum mode { MODE_MARK, MODE_MERGE, MODE_PAIRS };

struct opts {
	char **keys, **blocks, **compare;
	size_t nkeys, nblocks, ncompare;
	bool fuzzy, explain;
	double threshold;
	size_t max_cluster;
	enum mode mode;
	enum keep keep;
	const char *keep_arg, *newest, *rejects, *id_map;
	bool check;
	bool replaces_input;        /* -o names an input */
};

/* Without --key: the usual identifiers, those the table has. */
static const char *const default_keys[] = {"phone", "email", "name+birth_date"};

static void
usage(FILE *fp)
{
	fputs("Usage: cust-dedupe [OPTION]... [FILE]...\n"
	    "Find records that are the same customer: records whose normalised key\n"
	    "values are equal, joined transitively.  Several FILEs are deduplicated\n"
	    "together; with none, or with -, read stdin.\n"
	    "\n", fp);
	cli_options_help(fp, options);
	fputs("\nExit status: 0 success, 1 duplicates found under --check or records\n"
	    "rejected, 2 usage error, 3 unreadable input, 4 output not written.\n"
	    "See cust-dedupe(1).\n", fp);
}

static void
parse_keep(struct opts *o, const char *arg)
{
	o->keep_arg = arg;
	if (strcmp(arg, "first") == 0)
		o->keep = KEEP_FIRST;
	else if (strcmp(arg, "last") == 0)
		o->keep = KEEP_LAST;
	else if (strcmp(arg, "complete") == 0)
		o->keep = KEEP_COMPLETE;
	else if (strncmp(arg, "newest:", 7) == 0 && arg[7] != '\0') {
		o->keep = KEEP_NEWEST;
		o->newest = arg + 7;
	} else
		cli_usage_error("--keep %s: expected first, last, complete or newest:COLUMN", arg);
}

/* --rejects fc.csv would replace the input with its rejects; -o fc.csv
 * is fine (renamed into place once every record is read), except with
 * pairs, which are no records. */
static void
check_files(int argc, char **argv, const struct cli *cli, struct opts *o)
{
	/* --check writes no records: --rejects - may have standard output. */
	const struct runfile f[] = {{"--rejects", o->rejects, RUNFILE_WRITE}, 
		{"--id-map", o->id_map, RUNFILE_WRITE}, CLI_OUTPUT(cli)};

	cli_check_files(argv + optind, (size_t)(argc - optind), "input", f, ARRAY_LEN(f) - o->check);
	if (o->mode == MODE_PAIRS)
		cli_check_partial_output(cli, argv + optind, (size_t)(argc - optind), "input",
		    "--mode pairs writes pairs, not the records");
	o->replaces_input = cli_output_replaces_input(cli, argv + optind, (size_t)(argc - optind));
}

static void
parse_args(int argc, char **argv, struct cli *cli, struct opts *o)
{
	int c;

	while ((c = cli_next_option(cli, argc, argv, options, usage)) != -1) {
		switch (c) {
		case OPT_KEY:
			cli_append(&o->keys, &o->nkeys, optarg);
			break;
		case OPT_MODE:
			if (strcmp(optarg, "mark") == 0)
				o->mode = MODE_MARK;
			else if (strcmp(optarg, "merge") == 0)
				o->mode = MODE_MERGE;
			else if (strcmp(optarg, "pairs") == 0)
				o->mode = MODE_PAIRS;
			else
				cli_usage_error("--mode %s: expected mark, merge or pairs", optarg);
			break;
		case OPT_KEEP: parse_keep(o, optarg); break;
		case OPT_CHECK: o->check = true; break;
		case OPT_FUZZY: o->fuzzy = true; break;
		case OPT_THRESHOLD: {
			char *end;
			o->threshold = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' || !(o->threshold > 0 && o->threshold < 1))
				cli_usage_error("--threshold %s: expected a probability between 0 and 1", optarg);
			break;
		}
		case OPT_BLOCK:
			cli_append(&o->blocks, &o->nblocks, optarg);
			break;
		case OPT_COMPARE:
			cli_append(&o->compare, &o->ncompare, optarg);
			break;
		case OPT_REJECTS: o->rejects = optarg; break;
		case OPT_ID_MAP: o->id_map = optarg; break;
		case OPT_EXPLAIN: o->explain = true; break;
		case OPT_MAX_CLUSTER: {
			char *end;
			long n = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || n < 2 || n > 1000000)
				cli_usage_error("--max-cluster %s: expected a number of records from 2 to 1000000",
				    optarg);
			o->max_cluster = (size_t)n;
			break;
		}
		}
	}
	if (o->id_map && o->mode != MODE_MERGE)
		cli_usage_error("--id-map lists the ids a merge absorbed: it needs --mode merge");
	if (o->nkeys > DEDUPE_MAX_KEYS)
		cli_usage_error("at most %d keys", DEDUPE_MAX_KEYS);
	if (o->keep_arg && o->mode != MODE_MERGE)
		cli_usage_error("--keep chooses the survivor of a merge: it needs --mode merge");
	if (o->check && (o->mode != MODE_MARK || cli->output))
		cli_usage_error("--check writes no records: it does not go with --mode or -o");
	if (!o->fuzzy && (o->mode == MODE_PAIRS || o->threshold > 0 || o->nblocks || o->ncompare ||
	    o->explain || o->max_cluster))
		cli_usage_error("--mode pairs, --threshold, --block, --compare, --max-cluster and --explain "
		    "tune --fuzzy: add it");
	check_files(argc, argv, cli, o);
}

/* The keys as given, or the default ones the table has columns for. */
static struct dedupe_key *
make_keys(const struct opts *o, const struct aligned *rd, const struct roles *roles, size_t *nkeys)
{
	const struct header *h = aligned_header(rd);
	struct dedupe_key *keys = xcalloc(o->nkeys + ARRAY_LEN(default_keys), sizeof(*keys));
	struct cust_err err;
	size_t i;

	*nkeys = 0;
	for (i = 0; i < o->nkeys; i++)
		if (dedupe_key_parse(o->keys[i], h, roles, &keys[(*nkeys)++], &err) < 0) {
			/* Freed before exit: the sanitizer build counts it. */
			while (--*nkeys > 0)
				dedupe_key_free(&keys[*nkeys - 1]);
			free(keys);
			cli_die_column(&err, aligned_first(rd));
		}
	if (o->nkeys > 0)
		return keys;
	for (i = 0; i < ARRAY_LEN(default_keys); i++)
		if (dedupe_key_parse(default_keys[i], h, roles, &keys[*nkeys], &err) == 0)
			(*nkeys)++;
	if (*nkeys == 0 && !o->fuzzy)
		cli_usage_error("no phone, e-mail, or name and birth date columns: name a --key");
	return keys;
}

/* Read every record: malformed ones to the rejects, the rest kept (dd
 * NULL: there is no header, and every record is malformed). */
static void
load(struct aligned *rd, struct dedupe *dd, struct rejects *rj)
{
	struct record *rec;
	struct cust_err err;
	int rc;

	while ((rc = aligned_next(rd, &rec, &err)) > 0) {
		if (rec->error || dd == NULL)
			rejects_add(rj, rec, NULL, NULL, rec->error ? rec->error : "no columns");
		else
			dedupe_add(dd, rec);
		cli_progress(aligned_count(rd));
	}
	cli_progress_done();
	if (rc < 0) {
		rejects_abort(rj);
		cli_die_err(&err);
	}
}

/* The column of --keep newest:COLUMN, or -1: a usage error is found
 * before any record is read. */
static long
newest_column(const struct opts *o, const struct header *h, const struct roles *roles)
{
	struct dedupe_key k;
	struct cust_err err;
	long col;

	if (o->keep != KEEP_NEWEST)
		return -1;
	if (dedupe_key_parse(o->newest, h, roles, &k, &err) < 0 || k.ncols != 1)
		cli_usage_error("--keep newest:%s: no such column", o->newest);
	col = k.col[0];
	dedupe_key_free(&k);
	return col;
}

/* What to compare and block on, from the options; the columns are checked
 * before any record is read. */
static void
fuzzy_options(const struct opts *o, const struct header *h, const struct roles *roles,
    struct fuzzy_opts *fo)
{
	struct dedupe_key *blocks = xcalloc(o->nblocks + 1, sizeof(*blocks)), k;
	long *cols = xcalloc(o->ncompare + 1, sizeof(long));
	struct cust_err err;
	size_t i;

	fo->threshold = o->threshold > 0 ? o->threshold : 0.95;
	fo->max_cluster = o->max_cluster;
	for (i = 0; i < o->nblocks; i++)
		if (dedupe_key_parse(o->blocks[i], h, roles, &blocks[i], &err) < 0)
			cli_die_err(&err);
	for (i = 0; i < o->ncompare; i++) {
		if (dedupe_key_parse(o->compare[i], h, roles, &k, &err) < 0)
			cli_die_err(&err);
		if (k.ncols != 1)
			cli_usage_error("--compare %s: one column at a time", o->compare[i]);
		cols[i] = k.col[0];
		dedupe_key_free(&k);
	}
	fo->blocks = blocks;
	fo->nblocks = o->nblocks;
	fo->compare = o->ncompare ? cols : NULL;
	fo->ncompare = o->ncompare;
	if (!o->ncompare)
		free(cols);
}

static void
fuzzy_options_free(struct fuzzy_opts *fo)
{
	size_t i;

	for (i = 0; i < fo->nblocks; i++)
		dedupe_key_free((struct dedupe_key *)&fo->blocks[i]);
	free((void *)fo->blocks);
	free((void *)fo->compare);
}

/* The merged records, and with --id-map the ids they absorbed (written
 * first: if it cannot be, neither is the output). */
static void
write_merged(const struct opts *o, struct writer *w, struct dedupe *dd, const struct header *h,
    long newest, const struct roles *roles, const struct fuzzy *z, struct strbuf *held,
    struct outfile *out)
{
	struct writer_opts mo = {.to = FMT_CSV};
	struct outfile mf;
	struct writer *m = NULL;
	struct cust_err err;

	if (o->id_map && outfile_open(&mf, o->id_map, false, &err) < 0) {
		outfile_abort(out);
		cli_die_err(&err);
	}
	if (o->id_map)
		m = writer_new(mf.fp, mf.name, &mo);
	dedupe_write_merged(w, dd, h, o->keep, newest, roles->col[ROLE_ID], z, held, m);
	if (m && (writer_finish(m, &err) < 0 || outfile_commit(&mf, &err) < 0)) {
		outfile_abort(&mf);
		outfile_abort(out);
		cli_die_err(&err);
	}
	writer_free(m);
}

/* What fuzzy matching did, on stderr: the model with --explain; the
 * largest clusters, and those held at --max-cluster, always. */
static void
report_fuzzy(const struct cli *cli, const struct opts *o, const struct fuzzy *z, struct dedupe *dd,
    const struct header *h)
{
	struct strbuf s = STRBUF_INIT;

	if (o->explain) {
		fuzzy_explain(z, dd, h, &s);
		fputs(sb_str(&s), stderr);
	} else if (!cli->quiet) {
		fuzzy_largest(z, dd, 5, &s);
		if (s.len > 0)
			fprintf(stderr, "%s: largest clusters: %s\n", cli->prog, s.s);
	}
	if (fuzzy_flagged_groups(z) > 0 && !cli->quiet)
		fprintf(stderr, "%s: %zu group%s of linked records over --max-cluster %zu: split, flagged, "
		    "and never merged\n", cli->prog, fuzzy_flagged_groups(z),
		    fuzzy_flagged_groups(z) == 1 ? "" : "s",
		    o->max_cluster ? o->max_cluster : (size_t)FUZZY_MAX_CLUSTER);
	sb_free(&s);
}

static int
run(struct cli *cli, const struct opts *o, struct aligned *rd, const struct roles *roles)
{
	const struct header *h = aligned_header(rd);
	struct writer_opts wo = cli_writer_opts(cli, aligned_format(rd));
	struct dedupe_key *keys;
	struct dedupe *dd;
	struct rejects *rj;
	struct outfile out;
	struct writer *w;
	struct cust_err err;
	size_t nkeys, i;
	long newest = newest_column(o, h, roles);
	struct fuzzy_opts fo = {0};
	struct fuzzy *z = NULL;
	struct strbuf held = STRBUF_INIT;
	int status;

	if (h->n == 0) {
		/* No header: an empty input, or JSON with no object in it
		 * ([1,2,3]), whose values are rejected.  Nothing to find, and
		 * an empty output, as cust-validate gives. */
		if ((rj = rejects_open(o->rejects, h, &wo, stderr, cli->prog, cli->quiet ? 0 : MAX_SHOWN_ERRORS,
		    &err)) == NULL)
			cli_die_err(&err);
		load(rd, NULL, rj);
		cli_keep_input(cli, o->replaces_input, o->rejects, rejects_count(rj), NULL);
		if (!o->check && (outfile_open(&out, cli->output, false, &err) < 0 ||
		    outfile_commit(&out, &err) < 0)) {
			rejects_abort(rj);
			cli_die_err(&err);
		}
		status = rejects_count(rj) > 0 ? CUST_FINDINGS : CUST_OK;
		if (rejects_close(rj, &err) < 0)
			cli_die_err(&err);
		return status;
	}
	if (o->id_map && roles->col[ROLE_ID] < 0)
		cli_usage_error("--id-map: the table has no customer id column (name it with --col id=HEADER)");
	if (o->fuzzy)
		fuzzy_options(o, h, roles, &fo);
	keys = make_keys(o, rd, roles, &nkeys);
	dd = dedupe_new(h, roles, keys, nkeys);
	if ((rj = rejects_open(o->rejects, h, &wo, stderr, cli->prog, cli->quiet ? 0 : MAX_SHOWN_ERRORS, &err)) == NULL)
		cli_die_err(&err);
	load(rd, dd, rj);
	cli_keep_input(cli, o->replaces_input, o->rejects, rejects_count(rj), NULL);
	if (o->fuzzy)
		z = fuzzy_run(dd, h, roles, &fo);
	dedupe_finish(dd);
	if (z != NULL)
		report_fuzzy(cli, o, z, dd, h);
	if (o->check) {
		if (!cli->quiet)
			fprintf(stderr, "%s: %zu %s, %zu %s, %zu %s\n", cli->prog,
			    dedupe_records(dd), plural(dedupe_records(dd), "record", "records"),
			    dedupe_clusters(dd), plural(dedupe_clusters(dd), "customer", "customers"),
			    dedupe_duplicates(dd), plural(dedupe_duplicates(dd), "duplicate", "duplicates"));
	} else {
		if (outfile_open(&out, cli->output, false, &err) < 0) {
			rejects_abort(rj);
			cli_die_err(&err);
		}
		w = writer_new(out.fp, out.name, &wo);
		if (o->mode != MODE_PAIRS)
			writer_roles(w, roles);
		if (o->mode == MODE_MERGE)
			write_merged(o, w, dd, h, newest, roles, z, &held, &out);
		else if (o->mode == MODE_PAIRS)
			dedupe_write_pairs(w, dd, z, h, roles->col[ROLE_ID]);
		else
			dedupe_write_marked(w, dd, h, z);
		if (writer_finish(w, &err) < 0 || outfile_commit(&out, &err) < 0) {
			rejects_abort(rj);
			outfile_abort(&out);
			cli_die_err(&err);
		}
		writer_free(w);
	}
	status = rejects_count(rj) > 0 || (o->check && dedupe_duplicates(dd) > 0) ?
	    CUST_FINDINGS : CUST_OK;
	if (rejects_close(rj, &err) < 0)
		cli_die_err(&err);
	if (held.len > 0 && !cli->quiet)
		fprintf(stderr, "%s: not merged, for review: the records each line names would have been "
		    "one customer\n%s", cli->prog, held.s);
	sb_free(&held);
	fuzzy_free(z);
	if (o->fuzzy)
		fuzzy_options_free(&fo);
	dedupe_free(dd);
	for (i = 0; i < nkeys; i++)
		dedupe_key_free(&keys[i]);
	free(keys);
	return status;
}

int
main(int argc, char **argv)
{
	struct cli cli;
	struct opts o = {0};
	struct cust_err err;
	struct aligned *rd;
	struct reader_opts ropts;
	int status;

	cli_init(&cli, "cust-dedupe");
	parse_args(argc, argv, &cli, &o);
	ropts = cli_reader_opts(&cli);
	/* Files whose headers differ are aligned by column name and role. */
	if ((rd = aligned_open(argv + optind, (size_t)(argc - optind), &ropts, &err)) == NULL)
		cli_die_err(&err);
	if (aligned_columns(rd, cli.cols, cli.ncols, &err) < 0)
		cli_die_column(&err, aligned_first(rd));
	status = run(&cli, &o, rd, aligned_roles(rd));
	aligned_close(rd);
	free(o.keys);
	free(o.blocks);
	free(o.compare);
	cli_free(&cli);
	return status;
}
