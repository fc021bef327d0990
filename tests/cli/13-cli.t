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
cust-validate: --to xml: expected csv, tsv, jsonl, json, xlsx, table or text
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

t "-h and -V are --help and --version in every program"
for p in cust-validate cust-dedupe cust-grade; do
	run $p -h
	expect_status 0
	expect_out_has "Usage: $p "
	expect_out_has "  -h, --help            show this help and exit"
	run $p -V
	expect_status 0
	check "$p -V: version line" grep -q "^$p (custkit) [0-9]" "$T_OUT"
done

t "a value given to an option that takes none"
run cust-validate --fix=yes
expect_status 2
expect_err <<'X'
cust-validate: option '--fix' takes no value
Try 'cust-validate --help' for more information.
X
run cust-grade --quiet=1
expect_status 2
expect_err <<'X'
cust-grade: option '--quiet' takes no value
Try 'cust-grade --help' for more information.
X

t "an optional value given after a space is pointed at --name=VALUE"
run cust-validate --summary json
expect_status 2
expect_err <<'X'
cust-validate: option '--summary' takes its value after '=': --summary=json
Try 'cust-validate --help' for more information.
X
# ... unless a file of that name is there to read.
printf 'id\n1\n' >json
run cust-validate --summary json
expect_status 0
expect_out <<'X'
id
1
X

t "the completions are those the option tables give"
run sh "$ROOT/scripts/completions" bash "$BIN"
expect_status 0
expect_out_file "$ROOT/completions/custkit.bash"
run sh "$ROOT/scripts/completions" zsh "$BIN"
expect_status 0
expect_out_file "$ROOT/completions/_custkit"

t "bash completion offers each program's options, values and roles"
complete_words() { # LINE...: the words bash would offer
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _custkit 2>/dev/null
		printf "%s\n" "${COMPREPLY[@]}"' sh "$ROOT/completions/custkit.bash" "$@"
}
run complete_words cust-validate --sum
expect_out <<'X'
--summary
--summary=text
--summary=json
X
run complete_words cust-grade --col gr
expect_out <<'X'
grade=
X
run complete_words cust-dedupe --mode ""
expect_out <<'X'
mark
merge
pairs
X
run complete_words cust dedupe --che
expect_out <<'X'
--check
X
# cust's commands are the programs built (and so installed), no others.
run complete_words cust ""
for p in "$BIN"/cust-*; do echo "${p##*/cust-}"; done >want
printf '%s\n' help -h --help -V --version >>want
expect_out_file want

t "the zsh completion is valid zsh"
if command -v zsh >/dev/null; then
	run zsh -n "$ROOT/completions/_custkit"
	expect_status 0
else
	t_skip "zsh is not installed"
fi

t "cust: -h and -V"
run cust -h
expect_status 0
expect_out_has "Usage: cust COMMAND [ARG]..."
run cust -V
expect_status 0
check "version line" grep -q '^cust (custkit) [0-9]' "$T_OUT"

t "cust help lists only the programs it would find"
mkdir d
cp "$BIN/cust" "$BIN/cust-validate" d/
T_STATUS=0
PATH=/usr/bin:/bin d/cust help >"$T_OUT" 2>"$T_ERR" </dev/null || T_STATUS=$?
expect_status 0
expect_out <<'X'
Usage: cust COMMAND [ARG]...
Run the custkit program cust-COMMAND with the arguments.

Commands:
  validate   check records against a schema, normalise values, convert formats
  help       show this list (cust help COMMAND: that program's --help)

Each program's manual: man cust-COMMAND; the overview: man 7 cust.
X
