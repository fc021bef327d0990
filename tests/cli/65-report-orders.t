# cust-report counts orders, not order lines: with an order id (UCI's
# InvoiceNo) an order of several lines is one order in the trend, the
# repeat rate and the risk, and the usual gap of --risk is between
# orders, not lines.

# Lines of one order are consecutive per customer (S2 of C2 comes between
# S1's lines of C1, as in an export sorted by time).
cat >lines.csv <<'X'
订单编号,客户编号,下单日期,金额,品类
S1,C1,2024-01-05,10.00,Books
S1,C1,2024-01-05,20.00,家居
S2,C2,2024-01-09,5.00,Books
S1,C1,2024-01-05,30.00,Books
S3,C1,2024-02-01,40.00,家居
S3,C1,2024-02-01,2.00,家居
S4,C2,2024-02-03,7.00,Books
S4,C2,2024-02-03,1.00,Books
S5,C3,2024-02-10,9.00,Books
S5,C3,2024-02-10,1.00,家居
X

t "trend: an order of several lines is one order; avg_order is per order; one order of 2 lines is no repeat"
run cust-report --orders lines.csv --orders-only --trend month --as-of 2024-03-01 --to csv --lang en
expect_status 0
expect_out <<'X'
section,count,share
groups,3,1

section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,2024-01,2,2,65.00,32.50,2,0,0,0
trend,2024-02,3,3,60.00,20.00,1,2,0,0.666667

section,customers,repeat_customers,repeat_rate
repeat,3,2,0.666667
X

t "trend by an order column: an order counts once in each group it has lines in"
run cust-report --orders lines.csv --orders-only --by 品类 --trend month --as-of 2024-03-01 --to csv --lang en
expect_status 0
expect_out <<'X'
section,品类,count,share
groups,Books,6,0.6
groups,家居,4,0.4

section,品类,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,Books,2024-01,2,2,45.00,22.50,2,0,0,0
trend,Books,2024-02,2,2,17.00,8.50,1,1,1,0.5
trend,家居,2024-01,1,1,20.00,20.00,1,0,0,0
trend,家居,2024-02,2,2,43.00,21.50,1,1,0,0.5

section,customers,repeat_customers,repeat_rate
repeat,3,2,0.666667
X

t "without an order id every line is an order"
cut -d, -f2- lines.csv >noid.csv
run cust-report --orders noid.csv --orders-only --trend month --as-of 2024-03-01 --to csv --lang en
expect_status 0
expect_out_has 'trend,2024-01,2,4,65.00,16.25,2,0,0,0'

# C4 orders on two days in a row: its usual gap is a day.
{ cat lines.csv; printf 'S6,C4,2024-06-01,50.00,Books\nS7,C4,2024-06-02,60.00,Books\n'; } >risk.csv

t "risk: the usual gap is between orders, not lines; orders all on one day have no usual gap"
run cust-report --orders risk.csv --orders-only --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 \
    --to csv --lang en
expect_status 0
expect_out <<'X'
section,count,share
groups,4,1

section,customer_id,orders,spend,reasons
risk,C4,2,110.00,"valuable customer silent for 28 days, usually orders every day"
risk,C1,2,102.00,"valuable customer silent for 150 days, usually orders every 27 days"
risk,C2,2,13.00,"valuable customer silent for 148 days, usually orders every 25 days"
X

t "risk in Chinese: every day is 每天"
run cust-report --orders risk.csv --orders-only --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 \
    --to csv --lang zh
expect_status 0
expect_out_has 'risk,C4,2,110.00,高价值客户已28天未下单，平时约每天一单'
expect_out_has 'risk,C1,2,102.00,高价值客户已150天未下单，平时约每27天一单'

t "risk without an order id: a customer's orders of one day are one visit for the usual gap"
cut -d, -f2- risk.csv >noid.csv
run cust-report --orders noid.csv --orders-only --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 \
    --to csv --lang en
expect_status 0
expect_out_has 'risk,C1,5,102.00,"valuable customer silent for 150 days, usually orders every 27 days"'
check "C3's orders are all of one day: not gone quiet" test "$(grep -c C3 "$T_OUT")" -eq 0

# UCI Online Retail's shape: invoice lines, no amount column.
cat >uci.csv <<'X'
InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,6,2010-12-01 08:26,2.55,17850,United Kingdom
536365,71053,6,2010-12-01 08:26,3.39,17850,United Kingdom
536366,22633,6,2010-12-01 08:28,1.85,17850,United Kingdom
536367,84879,32,2010-12-01 08:34,1.69,13047,United Kingdom
536367,22745,6,2010-12-01 08:34,2.10,13047,United Kingdom
C536379,D,-1,2010-12-01 09:41,27.50,14527,United Kingdom
536520,21123,2,2011-01-06 10:12,1.25,14527,United Kingdom
536520,21124,1,2011-01-06 10:12,1.25,14527,United Kingdom
536700,22111,4,2011-01-20 11:00,2.00,13047,United Kingdom
536700,22112,1,2011-01-20 11:00,5.00,13047,United Kingdom
X

t "--amount EXPR: what an order line adds to the trend's revenue (line items with no amount column)"
run cust-report --orders uci.csv --orders-only --trend month --amount 'Quantity * UnitPrice' --as-of 2011-02-01 \
    --to csv
expect_status 0
expect_out <<'X'
section,count,share
groups,3,1

section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,2010-12,3,4,85.92,21.48,3,0,0,0
trend,2011-01,2,2,16.75,8.38,0,2,1,1

section,customers,repeat_customers,repeat_rate
repeat,3,3,1
X

t "--amount in --risk: spend is the sum of the lines"
run cust-report --orders uci.csv --orders-only --risk --risk-top 1 --risk-quiet 2 --amount 'Quantity * UnitPrice' \
    --as-of 2011-06-01 --to csv --lang en
expect_status 0
expect_out <<'X'
section,count,share
groups,3,1

section,customer_id,orders,spend,reasons
risk,13047,2,79.68,"valuable customer silent for 131 days, usually orders every 50 days"
risk,14527,2,-23.75,"valuable customer silent for 145 days, usually orders every 36 days"
X

t "--amount that does not parse, or without --trend or --risk, is a usage error"
run cust-report --orders uci.csv --orders-only --trend month --amount 'Quantity *'
expect_status 2
expect_err <<'X'
cust-report: --amount Quantity *: column 11: expected an operand, found the end
X
run cust-report --orders uci.csv --orders-only --amount 'Quantity * UnitPrice'
expect_status 2
expect_err <<'X'
cust-report: --amount is for --trend and --risk: a metric says what it adds up
Try 'cust-report --help' for more information.
X

t "--amount is part of a partial's definition: another is refused"
cust-report --orders uci.csv --orders-only --trend month --amount 'Quantity * UnitPrice' --as-of 2011-02-01 \
    --partial a.json -o /dev/null
cust-report --orders uci.csv --orders-only --trend month --amount 'Quantity' --as-of 2011-02-01 \
    --partial b.json -o /dev/null
run cust-report --merge a.json b.json
expect_status 2
expect_err <<'X'
cust-report: b.json: a partial state of another report than a.json (--amount differs): not merged
X
run cust-report --merge a.json --to csv
expect_status 0
expect_out_has 'trend,2010-12,3,4,85.92,21.48,3,0,0,0'

cat >people.csv <<'X'
客户编号,姓名,手机,城市
C1,张伟,13800138000,北京
C2,Emily Clark,+44 20 7946 0958,London
C3,王芳,,上海
C4,李娜,13900139000,北京
X

t "risk with a customer table: the name and phone to call, by role, beside the id"
run cust-report --orders risk.csv --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 --to csv --lang en \
    people.csv
expect_status 0
expect_out <<'X'
section,count,share
groups,4,1

section,customer_id,姓名,手机,orders,spend,reasons
risk,C4,李娜,13900139000,2,110.00,"valuable customer silent for 28 days, usually orders every day"
risk,C1,张伟,13800138000,2,102.00,"valuable customer silent for 150 days, usually orders every 27 days"
risk,C2,Emily Clark,+44 20 7946 0958,2,13.00,"valuable customer silent for 148 days, usually orders every 25 days"
X

t "risk contacts merge: the table and the orders split independently give the whole run's table"
cust-report --orders risk.csv --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 --to csv --lang en \
    -o whole.csv people.csv
head -n 3 people.csv >t1.csv
{ head -n 1 people.csv; tail -n 2 people.csv; } >t2.csv
{ head -n 1 risk.csv; grep -E ',C(1|2),' risk.csv; } >o1.csv
{ head -n 1 risk.csv; grep -E ',C(3|4),' risk.csv; } >o2.csv
cust-report --orders o1.csv --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 --partial a.json \
    -o /dev/null t2.csv 2>/dev/null
cust-report --orders o2.csv --risk --risk-top 1 --risk-quiet-days 20 --as-of 2024-07-01 --partial b.json \
    -o /dev/null t1.csv 2>/dev/null
run cust-report --merge a.json b.json --to csv --lang en
expect_status 0
expect_out_file whole.csv

# Groups of orders alone (--by an order column, no trend or risk, no
# customer table) look up no customer; what counts, what is rejected and
# why must be as when customers are kept (here, with a customer table).
cat >alone.csv <<'X'
订单编号,客户编号,下单日期,金额,品类,状态
A1,C1,2024-01-05,10.00,Books,已付款
A2,,2024-01-06,20.00,Books,已付款
A3,C2,2024-01-07,abc,家居,已付款
A4,C2,2024-13-01,5.00,家居,已付款
A5,C3,2024-01-09,7.00,家居,已取消
A6,C3,2024-05-01,9.00,家居,已付款
A7,C1,2024-01-10,1.00,家居,已付款
A8,C1,2024-01-11,2.50,Books,已付款
X
printf '客户编号,姓名\nC1,张三\nC2,李四\nC3,王五\n' >alone-customers.csv

for how in alone kept; do
	if [ $how = alone ]; then
		t "groups of orders alone: counts, not-numeric values and rejects"
		run cust-report --orders alone.csv --orders-only --by 品类 --metric 'sum(金额)' --metric 'median(金额)' --as-of 2024-03-01 --to csv --lang en --rejects alone-rej.csv
	else
		t "groups of orders with customers kept: the same"
		run cust-report --orders alone.csv --by 品类 --metric 'sum(金额)' --metric 'median(金额)' --as-of 2024-03-01 --to csv --lang en --rejects alone-rej.csv alone-customers.csv
	fi
	expect_status 1
	expect_out <<'X'
section,品类,count,share,sum(金额),median(金额)
groups,Books,2,0.5,12.50,6.25
groups,家居,2,0.5,1.00,1.00

section,metric,品类,not_numeric
problems,sum(金额),家居,1
problems,median(金额),家居,1
X
	expect_err <<'X'
cust-report: --metric sum(金额), median(金额): 1 value is not a number, left out (not read as zero); see the section "problems"
X
	expect_file alone-rej.csv <<'X'
订单编号,客户编号,下单日期,金额,品类,状态,_line,_errors
A2,,2024-01-06,20.00,Books,已付款,3,no customer id
A4,C2,2024-13-01,5.00,家居,已付款,5,"下单日期: no such date: ""2024-13-01"""
X
done

# Thousands of dates, written four ways (with a time of day too), each
# order in its own month.
awk 'BEGIN {
	print "订单编号,客户编号,下单日期,金额"
	n = 0
	for (y = 2001; y <= 2012; y++) for (m = 1; m <= 12; m++) for (d = 1; d <= 28; d++) {
		n++
		if (n % 4 == 0) date = sprintf("%d-%02d-%02d", y, m, d)
		else if (n % 4 == 3) date = sprintf("%d-%02d-%02d 10:%02d:00", y, m, d, n % 60)
		else if (n % 4 == 1) date = sprintf("%d/%d/%d", y, m, d)
		else date = sprintf("%d年%d月%d日", y, m, d)
		printf "O%d,C%d,%s,%d.00\n", n, n % 7, date, d
	}
}' >dates.csv
awk 'BEGIN { for (y = 2001; y <= 2012; y++) for (m = 1; m <= 12; m++) printf "trend,%d-%02d,28,406.00\n", y, m }' >dates.want
t "thousands of dates in four spellings: each order in its month"
run cust-report --orders dates.csv --orders-only --trend month --as-of 2013-01-01 --to csv --lang en
expect_status 0
grep '^trend,' "$T_OUT" | cut -d, -f1,2,4,5 >dates.got
t_compare "months" dates.got dates.want

# Statuses are judged once per text and kept by it: a hundred texts, the
# excluded ones (custkit-rules(5)) in several spellings among statuses
# that count, cycled over a thousand orders.
awk 'BEGIN {
	split("cancelled canceled refunded pending unpaid void returned 已取消 已退款 待付款 交易关闭 作废", ex, " ")
	n = 0
	for (i = 1; i <= 12; i++) { s[n++] = ex[i]; s[n++] = toupper(substr(ex[i], 1, 1)) substr(ex[i], 2); s[n++] = " " ex[i] " " }
	for (i = 0; n < 100; i++) s[n++] = "paid-" i
	print "订单编号,客户编号,下单日期,金额,状态"
	for (k = 0; k < 1000; k++) printf "O%d,C%d,2024-01-%02d,1.00,%s\n", k, k % 9, k % 28 + 1, s[(k * 37) % 100]
}' >statuses.csv
awk -F, 'NR > 1 && $5 ~ /^paid-/ { n++; c[$2] = 1 } END { printf "groups,%d,1,%d.00\n", length(c), n }' statuses.csv >statuses.want
t "a hundred statuses, the excluded ones in several spellings: only the others count"
run cust-report --orders statuses.csv --orders-only --metric 'sum(金额)' --as-of 2025-01-01 --to csv --lang en
expect_status 0
grep '^groups,' "$T_OUT" >statuses.got
t_compare "counted" statuses.got statuses.want

# The trend by two columns has both, as the groups section has them (one
# column each, in csv and json); the page's and the workbook's lines are
# named by both, an empty part as a dash.
printf '订单编号,客户编号,下单日期,金额,城市,性别\nA1,C1,2024-01-05,10.00,北京,男\nA2,C2,2024-01-06,20.00,上海,\nA3,C1,2024-02-07,5.00,北京,男\n' >two.csv
t "trend by two columns: a column each; lines named by both"
run cust-report --orders two.csv --orders-only --by 城市,性别 --trend month --as-of 2025-01-01 --to csv --lang en
expect_status 0
sed -n '/^section,城市,性别,period/,/^$/p' "$T_OUT" >two-trend.csv
expect_file two-trend.csv <<'X'
section,城市,性别,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,北京,男,2024-01,1,1,10.00,10.00,1,0,0,0
trend,北京,男,2024-02,1,1,5.00,5.00,0,1,0,1
trend,上海,,2024-01,1,1,20.00,20.00,1,0,0,0
trend,上海,,2024-02,0,0,0.00,,0,0,1,

X
run cust-report --orders two.csv --orders-only --by 城市,性别 --trend month --as-of 2025-01-01 --to html
expect_status 0
grep -o '<text x="[0-9]*" y="14">[^<]*</text>' "$T_OUT" >two-legend.txt
expect_file two-legend.txt <<'X'
<text x="76" y="14">北京 · 男</text>
<text x="266" y="14">上海 · —</text>
X

# A cron job's empty export: a header and no order is said, and exits 1
# (the report is still written); a file with no header at all names no
# column, and --by says the file is empty rather than list nothing.
printf '订单编号,客户编号,下单日期,金额,品类\n' >none.csv
t "orders with a header and no order: said, exit 1, the report written"
run cust-report --orders none.csv --orders-only --by 品类 --to csv
expect_status 1
expect_out <<'X'
section,品类,count,share
X
expect_err <<'X'
cust-report: none.csv: no orders (an empty export?): the report has none
X
: >nothing.csv
t "an empty orders file: --by says it is empty"
run cust-report --orders nothing.csv --orders-only --by 品类
expect_status 2
expect_err_has "cust-report: --by 品类: no such column; the orders are empty (no header line)"
