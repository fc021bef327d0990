# cust-report checked again as a user meets it: each case a defect found
# by running the report on data it was not written for.

cp "$EXAMPLES"/grade/orders.csv "$EXAMPLES"/grade/customers-graded.csv .

t "--to xlsx is never written to a terminal: refused before the input is read, as cust-validate refuses"
if command -v script >/dev/null 2>&1; then
	# The input does not exist: the refusal comes first, with exit 2.
	script -qec "cust-report --by grade --to xlsx no-such-file.csv" /dev/null >tty.out 2>&1 </dev/null
	echo "status $?" >>tty.out
	check "refused with the words cust-validate uses" grep -q \
	    "^cust-report: --to xlsx writes a binary workbook: name a file with -o FILE.xlsx or redirect standard output" tty.out
	check "a usage error" grep -q '^status 2$' tty.out
	check "no workbook bytes on the terminal" test -z "$(grep -a PK tty.out)"
	script -qec "cust-report --merge --to xlsx no-such.json" /dev/null >tty2.out 2>&1 </dev/null
	check "--merge too" grep -q "^cust-report: --to xlsx writes a binary workbook" tty2.out
	# Into a pipe or a file it is written, as before.
	check "a workbook into a pipe" test "$(cust-report --by grade --to xlsx customers-graded.csv | head -c 2)" = PK
else
	t_skip "script(1) is not installed (bsdutils)"
fi
