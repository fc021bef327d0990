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
