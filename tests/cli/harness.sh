# harness.sh — a tiny test harness for the CLI tests (sourced by tests/cli/run).
#
#   t "name"                     start a case
#   run CMD...                   run it: stdout, stderr and status are kept
#   run_stdin FILE CMD...        the same with stdin from FILE
#   expect_status N
#   expect_out  <<'EOF' ... EOF  stdout must equal the text exactly
#   expect_out_file FILE         stdout must equal FILE
#   expect_err  <<'EOF' ... EOF  stderr must equal the text exactly
#   expect_err_has TEXT          stderr must contain TEXT
#   expect_out_has TEXT          stdout must contain TEXT
#   expect_file PATH <<'EOF'     a file must hold exactly the text
#   expect_no_file PATH
#   expect_lines FILE N          FILE must have N lines
#   check "why" COMMAND...       any shell test; fails the case if it fails
#   t_skip "why"                 the case cannot run here: counted and said
#   out_cut FIELDS               keep only these CSV fields of stdout (cut -d, -f)
set -u
T_PASS=0
T_FAIL=0
T_SKIP=0
T_SKIPPED=0
T_NAME=""
T_BAD=0
T_OUT="$TMPDIR_T/out"
T_ERR="$TMPDIR_T/err"
T_STATUS=0

t_end() {
	[ -n "$T_NAME" ] || return 0
	# Any program the case ran, however it ran it, may have left a report.
	san_check "$T_FILE: $T_NAME" || T_BAD=1
	if [ "$T_BAD" -eq 0 ] && [ "$T_SKIPPED" -eq 1 ]; then
		T_SKIP=$((T_SKIP + 1))
	elif [ "$T_BAD" -eq 0 ]; then
		T_PASS=$((T_PASS + 1))
	else
		T_FAIL=$((T_FAIL + 1))
		echo "FAIL: $T_FILE: $T_NAME"
	fi
	T_NAME=""
}

t() {
	t_end
	T_NAME="$1"
	T_BAD=0
	T_SKIPPED=0
}

t_skip() {
	T_SKIPPED=1
	echo "skip: $T_FILE: $T_NAME: $*"
}

t_fail() {
	T_BAD=1
	echo "  $T_FILE: $T_NAME: $*"
}

# A sanitizer report that reached stderr (log_path could not be written)
# fails the case as well.
t_sanitized() {
	if grep -q 'runtime error:\|ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|ERROR: UndefinedBehaviorSanitizer' "$T_ERR"; then
		t_fail "sanitizer report on stderr:"
		sed -n '1,20p' "$T_ERR" | sed 's/^/    /'
	fi
}

run() {
	T_STATUS=0
	"$@" >"$T_OUT" 2>"$T_ERR" </dev/null || T_STATUS=$?
	t_sanitized
}

run_stdin() {
	f=$1
	shift
	T_STATUS=0
	"$@" >"$T_OUT" 2>"$T_ERR" <"$f" || T_STATUS=$?
	t_sanitized
}

expect_status() {
	[ "$T_STATUS" -eq "$1" ] || {
		t_fail "exit status $T_STATUS, expected $1"
		sed 's/^/    stderr: /' "$T_ERR" | head -5
	}
}

t_compare() { # what actual expected-file
	if ! cmp -s "$2" "$3"; then
		t_fail "$1 differs (- expected, + actual):"
		diff -u "$3" "$2" | sed -n '3,40p' | sed 's/^/    /'
	fi
}

expect_out() {
	cat >"$TMPDIR_T/want"
	t_compare stdout "$T_OUT" "$TMPDIR_T/want"
}

expect_out_file() {
	t_compare stdout "$T_OUT" "$1"
}

expect_err() {
	cat >"$TMPDIR_T/want"
	t_compare stderr "$T_ERR" "$TMPDIR_T/want"
}

expect_err_has() {
	grep -qF -- "$1" "$T_ERR" || {
		t_fail "stderr lacks: $1"
		sed 's/^/    stderr: /' "$T_ERR" | head -5
	}
}

expect_out_has() {
	grep -qF -- "$1" "$T_OUT" || t_fail "stdout lacks: $1"
}

expect_file() {
	cat >"$TMPDIR_T/want"
	if [ ! -f "$1" ]; then
		t_fail "file $1 was not written"
	else
		t_compare "$1" "$1" "$TMPDIR_T/want"
	fi
}

expect_no_file() {
	[ ! -e "$1" ] || t_fail "file $1 should not exist"
}

expect_lines() {
	n=$(wc -l <"$1" | tr -d ' ')
	[ "$n" -eq "$2" ] || t_fail "$1 has $n lines, expected $2"
}

out_cut() {
	cut -d, -f"$1" "$T_OUT" >"$TMPDIR_T/cut" && mv "$TMPDIR_T/cut" "$T_OUT"
}

check() {
	why=$1
	shift
	"$@" || t_fail "$why"
}

# Every sheet of a workbook as LibreOffice reads it, one CSV a sheet
# (BOOK-N NAME.csv beside it), as shown (true: cells formatted as a
# reader shows them) or as stored (false).
soffice_csv() { # BOOK SHOWN
	timeout 180 soffice -env:UserInstallation="file://$PWD/lo-profile" --headless \
	    --convert-to "csv:Text - txt - csv (StarCalc):44,34,UTF8,1,,0,false,true,$2,false,false,-1" \
	    --outdir . "$1" >/dev/null 2>&1
}
