# sanitize.sh — make every sanitizer report a test failure (sourced by
# tests/run-all, tests/cli/run and tests/man-examples).
#
# A report can come from a program a test runs in a pipeline, in the
# background or in a man page example, where no one reads its stderr, and
# a leak report exits with a status a test may expect anyway (1).  So the
# reports go to files in one directory (log_path), every program run
# stops at its first report, and the runners look in the directory after
# each case:
#   san_setup            once; keeps an outer runner's directory
#   san_check WHAT       prints the reports found, clears them; false if any
san_setup() {
	if [ -z "${CUST_SANLOG:-}" ]; then
		CUST_SANLOG=$(mktemp -d)
		SAN_OWN=1
	fi
	export CUST_SANLOG
	ASAN_OPTIONS="halt_on_error=1:detect_leaks=1:exitcode=86:log_path=$CUST_SANLOG/asan${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
	UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1:exitcode=86:log_path=$CUST_SANLOG/ubsan${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
	LSAN_OPTIONS="exitcode=86${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
	export ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
}

san_cleanup() {
	[ -n "${SAN_OWN:-}" ] && rm -rf "$CUST_SANLOG"
	return 0
}

san_check() {
	found=0
	for f in "$CUST_SANLOG"/*; do
		[ -f "$f" ] || continue
		if [ "$found" -eq 0 ]; then
			echo "  sanitizer report in $1:"
		fi
		found=1
		sed -n '1,25p' "$f" | sed 's/^/    /'
		rm -f "$f"
	done
	[ "$found" -eq 0 ]
}
