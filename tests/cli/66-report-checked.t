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

t "moves: the chart shows each month's changes, not its promotions alone (a month of demotions was an empty bar)"
printf '客户编号\nC1\nC2\nC3\n' >c3.csv
cat >h3.csv <<'X'
customer_id,date,from,to,reason
C1,2024-08-05,,低级,new
C2,2024-09-01,高级,低级,down
C3,2024-09-03,高级,中级,down
X
printf '{"grades": ["低级", "中级", "高级"], "tiers": [{"grade": "低级"}]}\n' >rules3.json
run cust-report --history h3.csv --rules rules3.json --as-of 2024-10-01 --lang en c3.csv
expect_status 0
expect_out <<'X'
Groups
======
count   share
    3  100.0%

Grade migration
===============
from \ to  低级  中级  高级  total
(none)        1     0     0      1
低级          0     0     0      0
中级          0     0     0      0
高级          1     1     0      2

Promotions and demotions
========================
month    promotions  demotions  new  other  total
2024-08           0          0    1      0      1
2024-09           0          2    0      0      2

2024-08 ███████████████ 1
2024-09 ██████████████████████████████ 2
X
run cust-report --history h3.csv --rules rules3.json --as-of 2024-10-01 --to csv c3.csv
expect_out_has 'section,month,promotions,demotions,new,other,total
moves,2024-08,0,0,1,0,1
moves,2024-09,0,2,0,0,2'
run cust-report --history h3.csv --rules rules3.json --as-of 2024-10-01 --to html c3.csv
expect_out_has '<svg viewBox="0 0 640 52" width="640" role="img" aria-label="合计">'
check "the html chart's bars are not empty" sh -c "! grep -q 'width=\"0.0\" height=\"18\"' '$T_OUT'"
