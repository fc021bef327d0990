# cust-grade in cron: a failed export or a slip in the rules must not
# demote every customer and write it into the history (issue 10, items
# 8 and 9), nor may records that are no customers be graded.

G="$EXAMPLES/grade"
cp "$G"/*.csv "$G"/*.json .
printf 'customer_id,date,from,to,reason\n' >h.csv
cp h.csv h-before.csv
printf 'old\n' >out.csv

t "an empty or header-only orders file: exit 1, nothing written or appended"
: >no-orders.csv
head -n 1 orders.csv >header-orders.csv
for f in no-orders.csv header-orders.csv; do
	run cust-grade --rules promote.rules.json --orders $f --as-of 2024-10-01 --history h.csv -o out.csv customers-graded.csv
	expect_status 1
	expect_err <<X
cust-grade: $f: no orders (an empty export?): nothing graded or written; --allow-empty grades without them
X
	expect_file h.csv <h-before.csv
	expect_file out.csv <<'X'
old
X
done

t "--allow-empty says an empty orders file is meant"
run cust-grade --rules monthly.rules.json --orders header-orders.csv --as-of 2024-10-01 -q --allow-empty customers.csv
expect_status 0
check "six customers graded, all 低级" test "$(grep -c ',低级,' "$T_OUT")" -eq 6

t "orders that are all outside the rules' periods: exit 1, nothing appended"
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2030-01-01 --history h.csv customers-graded.csv
expect_status 1
expect_out </dev/null
expect_err <<'X'
cust-grade: orders.csv: none of the 17 orders falls in the periods the rules look at (as of 2030-01-01): nothing graded or written; --allow-empty grades without them
X
expect_file h.csv <h-before.csv

t "orders of which none is a customer's in the table (another shop's export): exit 1, nothing written or appended"
sed 's/,C0/,Z9/' orders.csv >other-orders.csv
for o in "-o out.csv" ""; do
	run cust-grade --rules promote.rules.json --orders other-orders.csv --as-of 2024-10-01 --history h.csv $o customers-graded.csv
	expect_status 1
	expect_out </dev/null
	expect_err_has "other-orders.csv: none of its 15 counted orders is of a customer in the table (another export, or ids written another way?): nothing graded, written or appended; --allow-empty grades without them"
	expect_err_has "order customer ids are not in the customer table: Z9"
	expect_file h.csv <h-before.csv
	expect_file out.csv <<'X'
old
X
done
run cust-grade --rules promote.rules.json --orders other-orders.csv --as-of 2024-10-01 -q --allow-empty customers-graded.csv
expect_status 0
check "--allow-empty grades them all the same" test "$(wc -l <"$T_OUT")" -gt 1

t "--max-changes N: more changes than N write and append nothing, exit 1, naming the count"
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history h.csv --max-changes 5 -o out.csv customers.csv
expect_status 1
expect_err <<'X'
cust-grade: 6 of 6 customers would change grade, more than --max-changes 5: nothing written or appended
X
expect_file h.csv <h-before.csv
expect_file out.csv <<'X'
old
X

t "--max-changes to standard output: nothing is written there either"
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q --max-changes 50% customers.csv
expect_status 1
expect_out </dev/null
expect_err <<'X'
cust-grade: 6 of 6 customers would change grade, more than --max-changes 50%: nothing written or appended
X

t "--max-changes within the limit: the run is whole"
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q --max-changes 100% customers.csv
expect_status 0
expect_lines "$T_OUT" 7
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q --max-changes 6 --history h.csv customers.csv
expect_status 0
expect_lines h.csv 7

t "--max-changes takes a count or a percentage"
for bad in x 5.5 -1 101% %; do
	run cust-grade --rules monthly.rules.json --orders orders.csv --max-changes "$bad" customers.csv
	expect_status 2
	expect_err_has "cust-grade: --max-changes $bad: expected a number of customers, or a percentage such as 5%"
done

t "a customer without an id is not graded and goes to no history; it is kept in the output as it was"
printf 'customer_id,date,from,to,reason\n' >h2.csv
printf '客户编号,姓名,grade\nC001,张伟,\n,无名,VIP\n  ,空白,\nC002,王芳,\n' >noid.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --history h2.csv noid.csv
expect_status 1
expect_out <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
C001,张伟,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
,无名,VIP,,,
  ,空白,,,,
C002,王芳,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
X
expect_err <<'X'
cust-grade: noid.csv:3: no customer id: not graded, written as it was
cust-grade: noid.csv:4: no customer id: not graded, written as it was
cust-grade: 3 order customer ids are not in the customer table: C003, C005, C006
X
expect_file h2.csv <<'X'
customer_id,date,from,to,reason
C001,2024-10-01,,中级,近1个月消费金额达到100，等级为中级
C002,2024-10-01,,高级,近1个月消费金额超过500，等级为高级
X

t "-q: a customer without an id, or listed twice, is counted, not named"
printf '客户编号,姓名\nC001,张伟\n,无名\nC001,张伟\n  ,空白\nC002,王芳\n' >quiet.csv
run cust-grade -q --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 quiet.csv
expect_status 1
expect_out <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
C001,张伟,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
,无名,,,,
C001,张伟,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
  ,空白,,,,
C002,王芳,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
X
expect_err <<'X'
cust-grade: 2 records had no customer id: not graded, written as they were
cust-grade: 1 record repeats a customer id listed before
X
printf '客户编号,姓名\nC001,张伟\n,无名\n' >quiet1.csv
run cust-grade -q --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 quiet1.csv
expect_status 1
expect_err <<'X'
cust-grade: 1 record had no customer id: not graded, written as it was
X

t "JSON customers that are no objects ([1,2,3]) are rejected, not graded: no customers, exit 3"
printf '[1,2,3]\n' >a.json
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 a.json
expect_status 3
expect_out </dev/null
expect_err <<'X'
cust-grade: a.json:1: not a JSON object: 1
cust-grade: a.json:1: not a JSON object: 2
cust-grade: a.json:1: not a JSON object: 3
cust-grade: no customers in the customer table (every record was rejected): nothing graded or written
X

t "JSON orders that are no objects are rejected orders: no orders, exit 1"
run cust-grade --rules monthly.rules.json --orders a.json --as-of 2024-10-01 customers.csv
expect_status 1
expect_out </dev/null
expect_err <<'X'
cust-grade: a.json:1: not a JSON object: 1
cust-grade: a.json:1: not a JSON object: 2
cust-grade: a.json:1: not a JSON object: 3
cust-grade: a.json: none of the 3 records is an order: nothing graded or written
X
run cust-grade -q --rules monthly.rules.json --orders a.json --as-of 2024-10-01 customers.csv
expect_status 1
expect_err <<'X'
cust-grade: 3 invalid records (use --rejects FILE to keep them)
cust-grade: a.json: none of the 3 records is an order: nothing graded or written
X

t "a window past every limit, and abs() of the least number: a clear error, a null (UBSan: no overflow)"
printf '{"grades":["a","b"],"window":"2147483647y","tiers":[{"grade":"b"}]}' >w.json
run cust-grade --rules w.json --orders orders.csv --as-of 2024-10-01 customers.csv
expect_status 2
expect_err <<'X'
cust-grade: w.json: window: expected a window such as "30d", "3m", "12m" or "all" (at most 100 years: 36525d, 1200m, 100y)
X
# Just past the limit, the message names it.
for w in 101y 1201m 36526d; do
	printf '{"grades":["a","b"],"window":"%s","tiers":[{"grade":"b"}]}' $w >w.json
	run cust-grade --rules w.json --orders orders.csv --as-of 2024-10-01 customers.csv
	expect_status 2
	expect_err_has "cust-grade: w.json: window: expected a window such as \"30d\", \"3m\", \"12m\" or \"all\" (at most 100 years: 36525d, 1200m, 100y)"
done
printf '{"grades":["a","b"],"window":"12m","tiers":[{"grade":"b","when":"abs(-9223372036854.775807 - 0.000001) > 1"},{"grade":"a"}]}' >abs.json
run cust-grade --rules abs.json --orders orders.csv --as-of 2024-10-01 -q customers.csv
expect_status 0
check "null is not > 1: every customer a" test "$(grep -c ',a,' "$T_OUT")" -eq 6

# Paths of cust-grade's output and messages that no test took before its
# mechanics moved to lib (tally.c, grade_orders_check, outfile_hold).
printf '{"grades": ["A", "B"], "window": "all", "tiers": [{"grade": "B", "when": "count() >= 1"}, {"grade": "A"}]}' >ab.json
printf 'customer_id,order_date,amount\nC001,2024-01-01,1\n' >o1.csv

t "orders with no header at all stop the run even with --allow-empty, which the message then does not offer"
: >none.csv
printf 'customer_id,name\nC001,Ann\n' >c1.csv
run cust-grade --rules ab.json --orders none.csv --allow-empty --as-of 2024-10-01 c1.csv
expect_status 1
expect_out </dev/null
expect_err <<'X'
cust-grade: none.csv: no orders (an empty export?): nothing graded or written
X

t "customer records not read whole are graded as they are, named, or counted under -q"
printf 'customer_id,name,grade\nC001,Ann\nC002,Bob,A,x\nC003,Cy,B\n' >unread.csv
run cust-grade --rules ab.json --orders o1.csv --as-of 2024-10-01 unread.csv
expect_status 1
expect_out <<'X'
customer_id,name,grade,grade_prev,grade_updated,grade_reason
C001,Ann,B,,2024-10-01,Graded B: at least 1 order to date
C002,Bob,A,,,
C003,Cy,A,B,2024-10-01,Graded A: the conditions of the higher grades are not met
X
expect_err <<'X'
cust-grade: unread.csv:2: expected 3 fields, found 2 (graded as it is)
cust-grade: unread.csv:3: expected 3 fields, found 4; extra fields: "x" (graded as it is)
cust-grade: 2 of 3 customers have no counted orders before the as-of date
X
run cust-grade -q --rules ab.json --orders o1.csv --as-of 2024-10-01 unread.csv
expect_status 1
expect_err <<'X'
cust-grade: 2 customer records could not be read whole (graded as they are)
X

t "past the first ten (a hundred without an id) the records are counted, not named"
{ echo customer_id,name,grade
  for i in 01 02 03 04 05 06 07 08 09 10 11 12; do echo "C$i,N$i,Z"; echo "C$i,N$i,Z"; done
  i=0; while [ $i -lt 101 ]; do echo ",noid$i,"; i=$((i+1)); done; } >many.csv
printf 'customer_id,order_date,amount\nC01,2024-01-01,1\n' >o01.csv
run cust-grade --rules ab.json --orders o01.csv --as-of 2024-10-01 many.csv
expect_status 1
check "10 duplicate lines named" test "$(grep -c 'is also on line' "$T_ERR")" -eq 10
check "10 unknown grades named" test "$(grep -c "grade 'Z' is not one of the grades" "$T_ERR")" -eq 10
check "100 records without an id named" test "$(grep -c 'no customer id: not graded' "$T_ERR")" -eq 100
cat >counts.txt <<'X'
cust-grade: 22 of 24 customers have no counted orders before the as-of date
cust-grade: 101 records in all had no customer id
cust-grade: 12 customer ids in all were listed more than once
cust-grade: 24 customers in all had a grade that is not one of the grades
X
tail -n 4 "$T_ERR" >tail.txt
check "then the counts" cmp -s tail.txt counts.txt
check "the records without an id written as they were" test "$(grep -c '^,noid[0-9]*,,,,$' "$T_OUT")" -eq 101
