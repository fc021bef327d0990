# cust-grade --history: files that are no history are refused and left as
# they were (wrong header, not UTF-8, not a regular file), Excel's UTF-8 is
# fine, runs at the same time take turns, a customer listed twice is
# recorded once.

cp "$EXAMPLES/grade/monthly.rules.json" .
printf '客户编号,姓名\nC1,张伟\nC2,王芳\nC3,李娜\n' >customers.csv
printf '订单编号,客户编号,下单日期,金额,状态\nA1,C1,2024-09-05,600.00,已付款\nA2,C2,2024-09-05,200.00,已付款\n' >orders.csv

# grade: run cust-grade as of 2024-10-01 with history $1
grade() {
	run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history "$1" -q customers.csv
}

refused() { # history message: refused with the message, the file as it was
	cp "$1" before.csv
	grade "$1"
	expect_status 3
	expect_out </dev/null
	printf 'cust-grade: %s: %s\n' "$1" "$2" | expect_err
	expect_file "$1" <before.csv
}

NOT_HISTORY='not a grade history (its header must be customer_id,date,from,to,reason)'
NOT_UTF8='not UTF-8; the history is kept in UTF-8 (if it was saved as GBK, convert it: iconv -f GB18030 -t UTF-8)'

t "a history of four columns (no reason) is refused: our rows of five would make it ragged"
printf 'customer_id,date,from,to\nC1,2024-09-01,,低级\n' >h4.csv
refused h4.csv "$NOT_HISTORY"

t "a history of six columns is refused"
printf 'customer_id,date,from,to,reason,note\nC1,2024-09-01,,低级,x,y\n' >h6.csv
refused h6.csv "$NOT_HISTORY"

t "a history with its columns in another order is refused"
printf 'customer_id,date,to,from,reason\nC1,2024-09-01,低级,,x\n' >ho.csv
refused ho.csv "$NOT_HISTORY"

t "a history saved in GBK (Excel, WPS) is refused with how to convert it, not converted and appended to in UTF-8"
# 低级 and 首次 in GBK.
printf 'customer_id,date,from,to,reason\nC1,2024-09-01,,\265\315\274\266,\312\327\264\316\n' >hg.csv
refused hg.csv "$NOT_UTF8"

t "a bad byte after rows of good UTF-8 is found too"
printf 'customer_id,date,from,to,reason\nC1,2024-09-01,,低级,首次\nC2,2024-09-01,,\265\315\274\266,x\n' >hg2.csv
refused hg2.csv "$NOT_UTF8"

t "the GBK history converted as the message says is read"
iconv -f GB18030 -t UTF-8 hg.csv >hu.csv
grade hu.csv
expect_status 0
expect_err </dev/null
expect_file hu.csv <<'X'
customer_id,date,from,to,reason
C1,2024-09-01,,低级,首次
C1,2024-10-01,低级,高级,近1个月消费金额超过500，等级为高级
C2,2024-10-01,,中级,近1个月消费金额达到100，等级为中级
C3,2024-10-01,,低级,未达到更高等级的条件，等级为低级
X

t "UTF-8 as Excel saves it, with a BOM and CRLF line ends, is read and appended to, in CRLF"
printf '\357\273\277customer_id,date,from,to,reason\r\nC1,2024-09-01,,低级,首次\r\nC2,2024-09-01,,中级,"x, y"\r\n' >hx.csv
grade hx.csv
expect_status 0
expect_err </dev/null
expect_out <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
C1,张伟,高级,低级,2024-10-01,近1个月消费金额超过500，等级为高级
C2,王芳,中级,,2024-09-01,"x, y"
C3,李娜,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X
{
	printf '\357\273\277customer_id,date,from,to,reason\r\nC1,2024-09-01,,低级,首次\r\nC2,2024-09-01,,中级,"x, y"\r\n'
	printf 'C1,2024-10-01,低级,高级,近1个月消费金额超过500，等级为高级\r\n'
	printf 'C3,2024-10-01,,低级,未达到更高等级的条件，等级为低级\r\n'
} >want.csv
expect_file hx.csv <want.csv

t "--history /dev/zero is refused, not read as one endless line"
run timeout 10 cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history /dev/zero customers.csv
expect_status 3
expect_out </dev/null
expect_err <<'X'
cust-grade: /dev/zero: not a regular file
X

t "--history /dev/full is refused"
if [ -e /dev/full ]; then
	run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history /dev/full customers.csv
	expect_status 3
	expect_err <<'X'
cust-grade: /dev/full: not a regular file
X
fi

t "--history naming a directory is refused"
mkdir dir
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history dir customers.csv
expect_status 3
expect_out </dev/null
expect_err <<'X'
cust-grade: dir: not a regular file
X
check "the directory is left empty" test -z "$(ls -A dir)"

t "--history naming a FIFO is refused, without waiting for a writer"
mkfifo fifo
run timeout 10 cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history fifo customers.csv
expect_status 3
expect_out </dev/null
expect_err <<'X'
cust-grade: fifo: not a regular file
X
check "the FIFO is still a FIFO" test -p fifo

t "a customer the table lists twice is graded twice, recorded once, and named (a finding under --strict)"
printf '客户编号,姓名\nC1,张伟\nC2,王芳\nC1,张伟\n' >twice.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history ht.csv twice.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
C1,张伟,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
C2,王芳,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C1,张伟,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
X
expect_err <<'X'
cust-grade: twice.csv:4: customer id C1 is also on line 2
X
expect_file ht.csv <<'X'
customer_id,date,from,to,reason
C1,2024-10-01,,高级,近1个月消费金额超过500，等级为高级
C2,2024-10-01,,中级,近1个月消费金额达到100，等级为中级
X
# And the same run again appends nothing.
cp ht.csv ht-before.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history ht.csv twice.csv
expect_status 0
expect_file ht.csv <ht-before.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history ht.csv --strict twice.csv
expect_status 1
expect_err_has "cust-grade: twice.csv:4: customer id C1 is also on line 2"

t "two runs at once on one history take turns: one header, the rows of both"
# Enough orders that a run is still reading them when the other one
# starts: the lock, not luck, keeps them apart.  In each month's window
# every customer has another grade: 10-01 grades September, 11-01
# October; the small amounts before July count in neither.
awk 'BEGIN {
	print "订单编号,客户编号,下单日期,金额,状态"
	for (i = 0; i < 400000; i++)
		printf "F%d,C%d,2024-0%d-%02d,0.01,已付款\n", i, i % 3 + 1, 1 + i % 6, 1 + i % 28
	print "S1,C1,2024-09-05,600.00,已付款"
	print "S2,C2,2024-09-05,200.00,已付款"
	print "O2,C2,2024-10-05,700.00,已付款"
	print "O3,C3,2024-10-05,300.00,已付款"
}' >big.csv
rm -f hc.csv
cust-grade --rules monthly.rules.json --orders big.csv --as-of 2024-10-01 --history hc.csv -q customers.csv >g1.csv 2>e1.txt &
p1=$!
cust-grade --rules monthly.rules.json --orders big.csv --as-of 2024-11-01 --history hc.csv -q customers.csv >g2.csv 2>e2.txt &
p2=$!
s1=0
wait $p1 || s1=$?
s2=0
wait $p2 || s2=$?
check "the run as of 2024-10-01 succeeded" test "$s1" -eq 0
check "the run as of 2024-11-01 succeeded" test "$s2" -eq 0
check "the runs were silent" test ! -s e1.txt -a ! -s e2.txt
check "one header, first" test "$(grep -c '^customer_id,' hc.csv)" -eq 1 -a "$(sed -n 1p hc.csv)" = customer_id,date,from,to,reason
# Which run went first decides the from column, not the rows.
sed 1d hc.csv | cut -d, -f1,2,4 | sort >rows.txt
expect_file rows.txt <<'X'
C1,2024-10-01,高级
C1,2024-11-01,低级
C2,2024-10-01,中级
C2,2024-11-01,高级
C3,2024-10-01,低级
C3,2024-11-01,中级
X
check "no temporary file left beside it" test "$(ls hc.csv*)" = hc.csv
