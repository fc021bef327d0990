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
run sh -c "cust-report --history h3.csv --rules rules3.json --as-of 2024-10-01 --lang en c3.csv | sed -n '/^Promotions/,\$p'"
expect_status 0
expect_out <<'X'
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
expect_out_has 'role="img" aria-label="合计">'
check "the html chart's bars are not empty" sh -c "! grep -q 'width=\"0.0\" height=\"18\"' '$T_OUT'"

t "html on a phone (390 px): a bar chart's labels stay readable, 9 px or more (they were drawn at 5 px)"
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "chromium is not installed (scripts/deps check installs it)"
else
	awk 'BEGIN { print "客户编号,城市,性别,消费金额"; split("北京 上海 广州 深圳 杭州", c, " ");
		for (i = 0; i < 60; i++) printf "C%d,%s,%s,%d.%02d\n", i, c[i % 5 + 1], i % 3 ? "男" : "女", 100000 + i * 997, i }' >phone.csv
	run cust-report --by 城市,性别 --metric 'sum(消费金额)' --quality -o phone.html phone.csv
	expect_status 0
	probe=$(tr -d '\n' <"$DATA/html-text-size-probe.html" | sed 's/[&#\\]/\\&/g')
	sed "s#</body>#$probe</body>#" phone.html >phone-probed.html
	# Headless windows are at least 500 px wide: 390 px is a frame.
	printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="phone-probed.html" width="390" height="900" style="border:0"></iframe></body></html>' >phone-frame.html
	timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	    --user-data-dir="$PWD/chrome-profile" --window-size=800,900 --dump-dom "file://$PWD/phone-frame.html" 2>/dev/null |
	    sed -n 's/.*data-text="min=\([0-9.]*\)".*/\1/p' >phone.min
	check "measured ($(cat phone.min) px)" test -s phone.min
	check "9 px or more ($(cat phone.min) px)" awk '{ exit !($1 >= 9) }' phone.min
	# And on a desktop they are drawn at their size, 12 px.
	sed 's#width="390"#width="1280"#' phone-frame.html >desk-frame.html
	timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	    --user-data-dir="$PWD/chrome-profile" --window-size=1300,900 --dump-dom "file://$PWD/desk-frame.html" 2>/dev/null |
	    sed -n 's/.*data-text="min=\([0-9.]*\)".*/\1/p' >desk.min
	check "12 px on a desktop ($(cat desk.min) px)" test "$(cat desk.min)" = 12.0
fi

t "the README's report tour runs as written from examples/ (it named files that are not there)"
cp -r "$EXAMPLES"/grade .
# The two commands of README.md's "Reporting", word for word.
run sh -c 'cust-grade --rules grade/promote.rules.json --orders grade/orders.csv \
        --as-of 2024-10-01 --history grades.log grade/customers.csv >graded.csv'
expect_status 0
run sh -c 'cust-report --orders grade/orders.csv --by grade --trend month --risk \
        --history grades.log --rules grade/promote.rules.json --quality \
        --as-of 2024-10-01 -o report.html graded.csv'
expect_status 0
expect_err </dev/null
for s in groups trend repeat quality migration moves risk; do
	check "section $s is in the page" grep -q "<section id=\"$s\">" report.html
done
check "the README says these commands" sh -c "grep -q 'grade/customers.csv >graded.csv' '$ROOT/README.md' &&
    grep -q -- '--as-of 2024-10-01 -o report.html graded.csv' '$ROOT/README.md'"

t "an empty section says so in text and md, as html does (text showed a header over nothing)"
run cust-report --orders orders.csv --orders-only --risk --as-of 2024-10-01
expect_status 0
expect_out <<'X'
分组
====
数量    占比
   5  100.0%

风险客户
========
无
X
run cust-report --orders orders.csv --orders-only --risk --as-of 2024-10-01 --to md --lang en
expect_status 0
expect_out <<'X'
## Groups

| count | share |
| ---: | ---: |
| 5 | 100.0% |

## Customers at risk

None.
X
run cust-report --orders orders.csv --orders-only --risk --as-of 2024-10-01 --to html --lang en
expect_out_has '<section id="risk"><h2>Customers at risk</h2>
<p>None.</p>
</section>'
run cust-report --orders orders.csv --orders-only --risk --as-of 2024-10-01 --to csv
expect_out <<'X'
section,count,share
groups,5,1

section,customer_id,orders,spend,reasons
X

t "cross-tab: rows and columns by their totals, largest first (rows came in the order of their largest cell)"
{
	echo "id,r,c"
	for i in 1 2 3; do echo "a$i,A,x"; done
	for i in 1 2; do echo "by$i,B,y"; echo "cy$i,C,y"; echo "bx$i,B,x"; done
	echo "d1,D,y"
	echo "e1,E,y"
} >grid.csv
run cust-report --by r,c --to csv grid.csv
expect_status 0
expect_out <<'X'
section,r,c,count,share
groups,A,x,3,0.272727
groups,B,x,2,0.181818
groups,B,y,2,0.181818
groups,C,y,2,0.181818
groups,D,y,1,0.090909
groups,E,y,1,0.090909

section,r \ c,y,x,total
crosstab,B,2,2,4
crosstab,A,0,3,3
crosstab,C,2,0,2
crosstab,D,1,0,1
crosstab,E,1,0,1
crosstab,total,6,5,11
X

t "text: the trend's chart shows the first six groups, as the html and xlsx do (it drew a bar for every group and period)"
{
	echo "订单编号,客户编号,下单日期,金额"
	for g in 1 2 3 4 5 6 7; do
		for m in 08 09; do echo "O$g$m,C$g,2024-$m-0$g,${g}0.00"; done
	done
} >seven.csv
{
	echo "客户编号,组"
	for g in 1 2 3 4 5 6 7; do echo "C$g,G$g"; done
} >seven-c.csv
run sh -c "cust-report --orders seven.csv --by 组 --trend month --as-of 2024-10-01 seven-c.csv | sed -n '/^趋势/,/^复购/p'"
expect_status 0
expect_out <<'X'
趋势
====
组  期间     客户数  订单数  销售额  客单价  新客  回头客  流失  复购率
G1  2024-08       1       1   10.00   10.00     1       0     0    0.0%
G1  2024-09       1       1   10.00   10.00     0       1     0  100.0%
G2  2024-08       1       1   20.00   20.00     1       0     0    0.0%
G2  2024-09       1       1   20.00   20.00     0       1     0  100.0%
G3  2024-08       1       1   30.00   30.00     1       0     0    0.0%
G3  2024-09       1       1   30.00   30.00     0       1     0  100.0%
G4  2024-08       1       1   40.00   40.00     1       0     0    0.0%
G4  2024-09       1       1   40.00   40.00     0       1     0  100.0%
G5  2024-08       1       1   50.00   50.00     1       0     0    0.0%
G5  2024-09       1       1   50.00   50.00     0       1     0  100.0%
G6  2024-08       1       1   60.00   60.00     1       0     0    0.0%
G6  2024-09       1       1   60.00   60.00     0       1     0  100.0%
G7  2024-08       1       1   70.00   70.00     1       0     0    0.0%
G7  2024-09       1       1   70.00   70.00     0       1     0  100.0%

G1 · 2024-08 █████ 10.00
G1 · 2024-09 █████ 10.00
G2 · 2024-08 ██████████ 20.00
G2 · 2024-09 ██████████ 20.00
G3 · 2024-08 ███████████████ 30.00
G3 · 2024-09 ███████████████ 30.00
G4 · 2024-08 ████████████████████ 40.00
G4 · 2024-09 ████████████████████ 40.00
G5 · 2024-08 █████████████████████████ 50.00
G5 · 2024-09 █████████████████████████ 50.00
G6 · 2024-08 ██████████████████████████████ 60.00
G6 · 2024-09 ██████████████████████████████ 60.00

复购
X
# A bar chart draws its first 20 rows, as the page and the workbook do.
awk 'BEGIN { print "id,city"; for (i = 0; i < 25; i++) print i ",c" (i < 10 ? "0" : "") i }' >cities.csv
run sh -c "cust-report --by city cities.csv | grep -c '^c[0-9]* *█'"
expect_out <<'X'
20
X

t "html: a line break in a value is ↵, as the manual says and text and md show it (it was a raw newline)"
printf 'id,city\n1,"two\nlines"\n2,"cr\r\nlf"\n' >nl.csv
run cust-report --by city --to html --lang en nl.csv
expect_status 0
expect_out_has '<tr><td>two↵lines</td>'
expect_out_has '<tr><td>cr↵lf</td>'
expect_out_has 'text-anchor="end">two↵lines</text>'
