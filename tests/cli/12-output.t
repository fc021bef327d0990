# Output files are atomic; write errors and closed pipes behave.

printf 'id,name\n1,Ann\n2,Bo\n' >a.csv

t "-o writes the file atomically and leaves no temporary file"
run cust-validate -o out.csv a.csv
expect_status 0
expect_out </dev/null
expect_file out.csv <a.csv
check "no temporary files" test -z "$(ls | grep tmp)"

t "a failed run keeps the previous output file"
printf 'old\n' >keep.csv
printf 'id\n"unterminated\n' >bad.csv
run cust-validate -o keep.csv --schema /nonexistent.json a.csv
expect_status 2
expect_file keep.csv <<'X'
old
X

t "a full disk is exit status 4 with a message"
if [ -w /dev/full ]; then
	run sh -c 'cust-validate a.csv >/dev/full'
	expect_status 4
	expect_err <<'X'
cust-validate: stdout: write error: No space left on device
X
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

t "killed mid-run: no temporary file, previous output kept"
printf 'old\n' >prev.csv
# The input is a FIFO held open: the program is surely mid-run when killed,
# however fast it reads.
mkfifo slow.csv
cust-validate -o prev.csv slow.csv & pid=$!
exec 3>slow.csv
printf 'id,name\n1,a\n2,b\n' >&3
sleep 0.3; kill -TERM $pid; wait $pid 2>/dev/null
exec 3>&-
expect_file prev.csv <<'X'
old
X
check "no temporary files" test -z "$(ls | grep 'prev.csv.tmp')"

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
fi
