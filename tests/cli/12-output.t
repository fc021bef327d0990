# Output files are atomic; write errors and closed pipes behave.

printf 'id,name\n1,Ann\n2,Bo\n' >a.csv

t "-o writes the file atomically and leaves no temporary file"
run cust-validate -o out.csv a.csv
expect_status 0
expect_out </dev/null
expect_file out.csv <a.csv
check "no temporary files" test -z "$(ls | grep tmp)"

# snapshot, then same_files: the directory holds the files it held, no
# more (a temporary file left behind), no fewer.
snapshot() {
	ls -A >"$TMPDIR_T/files"
}
same_files() {
	ls -A | cmp -s - "$TMPDIR_T/files" || {
		ls -A | diff "$TMPDIR_T/files" - | sed 's/^/    /'
		return 1
	}
}

t "a run that fails mid-stream keeps the previous outputs and leaves no temporary file"
awk 'BEGIN { print "id,name"; for (i = 0; i < 100000; i++) print i ",name" i }' >big.csv
printf 'id,other\n1,x\n' >other.csv
printf 'old\n' >keep.csv
printf 'old rejects\n' >keep-rj.csv
printf '[{"id":"1","name":"x"},\n{"id": 2, "name": tru' >trunc.json
snapshot
# 1.3 MB of records are written before the second file's header is found
# to differ: the abort path, not a check before the outputs are opened.
run cust-validate -o keep.csv --rejects keep-rj.csv big.csv other.csv
expect_status 3
expect_err <<'X'
cust-validate: other.csv:1: columns differ from big.csv: extra column 'other', missing column 'name'
X
expect_file keep.csv <<'X'
old
X
expect_file keep-rj.csv <<'X'
old rejects
X
check "no temporary files" same_files
# (cust-dedupe aligns files whose headers differ: a broken JSON array,
# trunc.json, is what stops it mid-stream.)
run cust-dedupe --key id -o keep.csv big.csv trunc.json
expect_status 3
expect_file keep.csv <<'X'
old
X
check "no temporary files" same_files
awk 'BEGIN { print "order_id,customer_id,order_date,amount"; for (i = 0; i < 50000; i++) print i ",C" i ",2024-09-01,1" }' >orders.csv
printf 'customer_id\nC1\n' >c1.csv
printf 'customer_id,x\nC2,1\n' >c2.csv
printf '{"grades": ["a"], "tiers": [{"grade": "a"}]}' >r.json
printf 'customer_id,date,from,to,reason\n' >h.csv
cp h.csv h-before.csv
snapshot
run cust-grade --rules r.json --orders orders.csv --as-of 2024-10-01 --history h.csv -o keep.csv c1.csv c2.csv
expect_status 3
expect_file keep.csv <<'X'
old
X
expect_file h.csv <h-before.csv
check "no temporary files" same_files
rm -f big.csv other.csv keep-rj.csv orders.csv c1.csv c2.csv r.json h.csv h-before.csv

t "a full disk is exit status 4 with a message"
if [ -w /dev/full ]; then
	run sh -c 'cust-validate a.csv >/dev/full'
	expect_status 4
	expect_err <<'X'
cust-validate: stdout: write error: No space left on device
X
else
	t_skip "/dev/full is not writable here"
fi

t "an output directory that does not exist is exit status 4"
run cust-validate -o /nonexistent/dir/out.csv a.csv
expect_status 4
expect_err_has "cust-validate: /nonexistent/dir/out.csv: cannot create: No such file or directory"

t "a closed pipe ends quietly"
awk 'BEGIN { print "id,name"; for (i = 0; i < 200000; i++) print i ",name" i }' >many.csv
run sh -c 'cust-validate many.csv | head -n 2'
expect_status 0
expect_out <<'X'
id,name
0,name0
X
expect_err </dev/null

# out_fd PID: does PID hold a file of this directory open other than the
# FIFO it reads?  A temporary output file has a name in the directory
# (prev.csv.tmp.XXXXXX) or none (O_TMPFILE: "#123 (deleted)"); either
# way it shows in /proc as a path here.
out_fd() {
	ls -l "/proc/$1/fd" 2>/dev/null | grep -F " -> $(pwd -P)/" | grep -v -F "/slow.csv" | grep -q .
}

for sig in TERM:15 HUP:1; do
signo=${sig#*:} sig=${sig%:*}
t "killed by SIG$sig mid-run, after the temporary file is made: it is gone, the previous output kept"
printf 'old\n' >prev.csv
# The input is a FIFO held open: the program is surely mid-run when
# killed.  More than the 64 KiB sample goes in first, so the program has
# opened its output and written to it.
mkfifo slow.csv
snapshot
cust-validate -o prev.csv slow.csv & pid=$!
exec 3>slow.csv
awk 'BEGIN { print "id,name"; for (i = 0; i < 20000; i++) print i ",name" i }' >&3
n=0
until out_fd $pid || [ $n -ge 50 ]; do
	sleep 0.1
	n=$((n + 1))
done
check "the temporary output file is open before the kill" out_fd $pid
kill -$sig $pid
status=0
wait $pid 2>/dev/null || status=$?
exec 3>&-
check "the program died of SIG$sig (status $status)" test "$status" -eq $((128 + signo))
expect_file prev.csv <<'X'
old
X
check "no temporary files" same_files
rm -f slow.csv prev.csv
done

t "-o to a device writes in place and leaves the device alone"
run cust-validate -o /dev/null a.csv
expect_status 0
check "/dev/null is still a character device" test -c /dev/null

t "-o through a symbolic link replaces the target and keeps the link"
printf 'old\n' >target.csv
ln -s target.csv link.csv
run cust-validate -o link.csv a.csv
expect_status 0
check "the link is still a link" test -L link.csv
expect_file target.csv <a.csv

t "-o to a FIFO streams into it"
mkfifo fifo
cat fifo >from-fifo.csv & reader=$!
run cust-validate -o fifo a.csv
wait $reader
expect_status 0
expect_file from-fifo.csv <a.csv

t "-o keeps the mode of the file it replaces; a new file gets the mode the umask gives"
printf 'old\n' >m640.csv
chmod 640 m640.csv
run cust-validate -o m640.csv a.csv
expect_status 0
check "mode 640 kept ($(stat -c %a m640.csv))" test "$(stat -c %a m640.csv)" = 640
printf 'old\n' >m604.csv
chmod 604 m604.csv
run cust-validate -o m604.csv a.csv
check "mode 604 kept ($(stat -c %a m604.csv))" test "$(stat -c %a m604.csv)" = 604
rm -f new027.csv new022.csv
(umask 027 && cust-validate -o new027.csv a.csv)
(umask 022 && cust-validate -o new022.csv a.csv)
check "umask 027 gives 640 ($(stat -c %a new027.csv))" test "$(stat -c %a new027.csv)" = 640
check "umask 022 gives 644 ($(stat -c %a new022.csv))" test "$(stat -c %a new022.csv)" = 644
expect_file new027.csv <a.csv

t "past the file size limit (ulimit -f): exit 4 with a message, previous output kept, no temporary file"
awk 'BEGIN { print "id,name"; for (i = 0; i < 100000; i++) print i ",name" i }' >large.csv
printf 'old\n' >limited.csv
run sh -c 'ulimit -f 100 && cust-validate -o limited.csv large.csv'
expect_status 4
expect_err <<'X'
cust-validate: limited.csv: write error: File too large
X
expect_file limited.csv <<'X'
old
X
run sh -c 'ulimit -f 100 && cust-validate large.csv >limited-stdout.csv'
expect_status 4
expect_err <<'X'
cust-validate: stdout: write error: File too large
X
check "no temporary files" test -z "$(ls | grep '\.tmp\.')"

t "killed by SIGKILL mid-run: no temporary file is left behind"
printf 'old\n' >prev9.csv
mkfifo slow9.csv
cust-validate -o prev9.csv slow9.csv & pid=$!
exec 3>slow9.csv
# More than the reader's first look (64 KiB): the output is open by now.
awk 'BEGIN { print "id,name"; for (i = 0; i < 40000; i++) print i ",n" }' >&3
sleep 0.3; kill -KILL $pid; wait $pid 2>/dev/null
exec 3>&-
expect_file prev9.csv <<'X'
old
X
check "no temporary files" test -z "$(ls | grep '\.tmp\.')"

t "out of memory: exit 3 with a message, no temporary file"
# The sanitizer build reserves more address space than any limit allows.
if ! ldd "$(command -v cust-dedupe)" 2>/dev/null | grep -q libasan; then
	awk 'BEGIN { print "id,name,phone"; for (i = 0; i < 300000; i++) print i ",name" i "," 13800000000 + i }' >oom.csv
	run sh -c 'ulimit -v 60000 && cust-dedupe --rejects oom-rejects.csv -o oom-out.csv oom.csv'
	expect_status 3
	expect_err <<'X'
cust-dedupe: out of memory
X
	expect_no_file oom-out.csv
	expect_no_file oom-rejects.csv
	check "no temporary files" test -z "$(ls | grep '\.tmp\.')"
else
	t_skip "the sanitizer build reserves more address space than the limit allows"
fi

t "-o /dev/full in every program: exit 4 with one message (and no leak under ASan)"
if [ -w /dev/full ]; then
	G="$EXAMPLES/grade"
	run cust-grade --rules "$G/monthly.rules.json" --orders "$G/orders.csv" --as-of 2024-10-01 -q -o /dev/full "$G/customers.csv"
	expect_status 4
	expect_err <<'X'
cust-grade: /dev/full: write error: No space left on device
X
	run cust-grade --rules "$G/monthly.rules.json" --orders "$G/orders.csv" --as-of 2024-10-01 -q --history h-full.csv -o /dev/full "$G/customers.csv"
	expect_status 4
	expect_err <<'X'
cust-grade: /dev/full: write error: No space left on device
X
	run cust-dedupe --key id -o /dev/full a.csv
	expect_status 4
	expect_err <<'X'
cust-dedupe: /dev/full: write error: No space left on device
X
	run cust-validate -o /dev/full a.csv
	expect_status 4
	expect_err <<'X'
cust-validate: /dev/full: write error: No space left on device
X
else
	t_skip "/dev/full is not writable here"
fi

t "a closed standard output is a write error, and no output file takes its place"
printf 'id,name\n1,Ann\n2\n' >ragged.csv
run sh -c 'cust-validate -q --rejects closed-rj.csv ragged.csv >&-'
expect_status 4
expect_err <<'X'
cust-validate: stdout: write error: Bad file descriptor
X
expect_no_file closed-rj.csv

t "-o with an extension no format has: every program refuses it (exit 2) and names those it writes"
G="$EXAMPLES/grade"
for prog in "cust-validate" "cust-dedupe --key id" "cust-grade --rules $G/monthly.rules.json --orders $G/orders.csv" \
    "cust-segment --rfm --orders $G/orders.csv"; do
	# shellcheck disable=SC2086
	run $prog -o report.pdf a.csv
	expect_status 2
	name=${prog%% *}
	printf '%s: -o report.pdf: cannot write .pdf files: name the file .csv, .tsv, .json, .jsonl, .ndjson or .xlsx, or choose the format with --to\nTry '"'"'%s --help'"'"' for more information.\n' \
	    "$name" "$name" | expect_err
	expect_no_file report.pdf
done
run cust-report -o report.pdf a.csv
expect_status 2
expect_err <<'X'
cust-report: -o report.pdf: cannot write .pdf files: name the file .txt, .text, .md, .csv, .json, .html, .htm or .xlsx, or choose the format with --to
Try 'cust-report --help' for more information.
X
expect_no_file report.pdf
run cust-report -o Report.XLS a.csv
expect_status 2
expect_err_has "cust-report: -o Report.XLS: cannot write .XLS files: name the file .txt,"

t "-o names with no extension, a date for one, or a format chosen by --to are written"
run cust-validate -o out a.csv
expect_file out <a.csv
run cust-validate -o customers.2024-10-01 a.csv
expect_file customers.2024-10-01 <a.csv
run cust-validate --to csv -o out.dat a.csv
expect_file out.dat <a.csv
run cust-validate --excel -o excel.txt a.csv
expect_status 0
run cust-report --to md -o report.pdf a.csv
expect_status 0
check "--to md wrote Markdown" grep -q '^## ' report.pdf
run cust-report -o report.txt a.csv
check ".txt is text" grep -q '^Groups$' report.txt
