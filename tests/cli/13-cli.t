# The common command line: --help, --version, usage errors, the dispatcher.

t "--help goes to stdout and exits 0"
run cust-validate --help
expect_status 0
expect_out_has "Usage: cust-validate [OPTION]... [FILE]..."
expect_out_has "--schema FILE"

t "--version"
run cust-validate --version
expect_status 0
check "version line" grep -q '^cust-validate (custkit) [0-9]' "$T_OUT"

t "an unknown option is a usage error with a hint"
run cust-validate --bogus
expect_status 2
expect_err <<'X'
cust-validate: unknown option '--bogus'
Try 'cust-validate --help' for more information.
X

t "a missing option value"
run cust-validate --schema
expect_status 2
expect_err <<'X'
cust-validate: option '--schema' needs a value
Try 'cust-validate --help' for more information.
X

t "a bad --to value"
run cust-validate --to xml
expect_status 2
expect_err <<'X'
cust-validate: --to xml: expected csv, tsv, jsonl, json, table or text
Try 'cust-validate --help' for more information.
X

t "--col with an unknown role or column"
printf 'id,tel\n1,2\n' >a.csv
run cust-validate --col mobile=tel a.csv
expect_status 2
expect_err_has "--col mobile=tel: unknown role"
run cust-validate --col phone=nope a.csv
expect_status 2
expect_err <<'X'
cust-validate: --col phone=nope: no column named 'nope'
X

t "cust dispatches to the programs"
run cust validate --version
expect_status 0
check "dispatched" grep -q '^cust-validate (custkit)' "$T_OUT"
run cust help
expect_status 0
expect_out_has "validate"
run cust --version
expect_status 0
run cust frobnicate
expect_status 2
expect_err_has "'frobnicate' is not a custkit command"
