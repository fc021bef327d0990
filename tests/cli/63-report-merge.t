# cust-report --partial/--merge of trends, risk and history: any split of
# the orders (a customer's orders in several parts, the parts in any date
# order) or of the customers merges into exactly the whole input's report,
# byte for byte in every format; a partial of another definition is
# refused; the risk thresholds are options.

cat >orders.csv <<'X'
订单编号,客户编号,下单日期,金额,状态,品类,到期日,付款日期
A001,C002,2024-06-06,864.64,paid,Books,2024-06-21,
A002,C005,2024-03-15,105.19,refunded,运动,2024-03-30,2024-03-23
A003,C007,2024-01-31,355.39,已付款,Books,2024-02-15,
A004,C006,2024-03-07,482.73,refunded,家居,2024-03-22,2024-03-27
A005,C009,2024-06-19,880.31,已付款,食品,2024-07-04,2024-06-30
A006,C002,2024-06-01,451.79,已付款,运动,2024-06-16,2024-06-05
A007,C007,2024-05-29,584.94,已取消,食品,2024-06-13,2024-06-09
A008,C010,2024-05-30,845.47,refunded,运动,2024-06-14,2024-06-01
A009,C009,2024-06-21,264.06,已付款,运动,2024-07-06,2024-06-25
A010,C005,2024-05-08,343.73,已付款,Books,2024-05-23,2024-05-10
A011,C005,2024-01-31,46.69,已付款,食品,2024-02-15,2024-02-19
A012,C007,2024-05-02,230.68,paid,运动,2024-05-17,2024-05-07
A013,C008,2024-04-21,557.47,已取消,Books,2024-05-06,
A014,C008,2024-04-10,319.67,已付款,运动,2024-04-25,
A015,C002,2024-05-25,197.82,已付款,运动,2024-06-09,2024-06-28
A016,C001,2024-04-13,564.57,已付款,Books,2024-04-28,2024-04-23
A017,C008,2024-03-08,476.09,已付款,运动,2024-03-23,2024-03-09
A018,C005,2024-01-25,518.42,已付款,食品,2024-02-09,2024-01-30
A019,C001,2024-05-30,674.09,已付款,Books,2024-06-14,2024-06-12
A020,C005,2024-01-30,56.05,已付款,家居,2024-02-14,2024-02-15
A021,C005,2024-05-08,356.74,已付款,Books,2024-05-23,2024-05-18
A022,C005,2024-04-04,51.32,paid,家居,2024-04-19,
A023,C009,2024-06-14,268.64,已付款,运动,2024-06-29,2024-06-18
A024,C009,2024-05-21,422.15,已付款,食品,2024-06-05,
A025,C004,2024-06-13,572.83,已付款,Books,2024-06-28,2024-07-01
A026,C002,2024-02-03,272.98,已付款,家居,2024-02-18,2024-02-23
A027,C005,2024-05-04,596.38,已付款,食品,2024-05-19,2024-05-11
A028,C002,2024-03-06,493.13,paid,运动,2024-03-21,2024-03-09
A029,C004,2024-01-24,202.00,已付款,家居,2024-02-08,2024-02-04
A030,C006,2024-06-01,870.86,paid,运动,2024-06-16,2024-07-05
A031,C008,2024-03-09,625.85,已付款,Books,2024-03-24,
A032,C001,2024-06-23,851.02,refunded,食品,2024-07-08,2024-06-25
A033,C007,2024-01-30,77.45,refunded,食品,2024-02-14,
A034,C001,2024-06-22,410.00,已付款,家居,2024-07-07,2024-06-29
A035,C001,2024-04-25,624.34,已付款,Books,2024-05-10,2024-05-11
A036,C002,2024-03-10,335.28,已付款,食品,2024-03-25,2024-04-15
A037,C009,2024-03-01,20.15,已付款,食品,2024-03-16,
A038,C007,2024-04-07,593.81,已付款,食品,2024-04-22,2024-04-13
A039,C005,2024-02-05,379.61,已取消,Books,2024-02-20,
A040,C004,2024-05-14,775.73,已付款,食品,2024-05-29,2024-05-25
A041,C008,2024-03-28,766.30,已付款,Books,2024-04-12,2024-04-26
A042,C007,2024-02-21,49.69,已付款,运动,2024-03-07,
A043,C011,2024-01-03,"¥1,200.00",已付款,Books,2024-01-18,2024-01-10
A044,C011,2024-01-13,1500.00,已付款,Books,2024-01-28,2024-01-20
A045,C011,2024-01-23,1800.00,paid,家居,2024-02-07,2024-02-01
A046,C099,2024-02-10,99.00,已付款,食品,,
A047,C003,2024-07-02,500.00,已付款,Books,2024-07-17,
X
cat >customers.csv <<'X'
客户编号,姓名,城市,grade
C001,张伟,北京,金卡
C002,Emily Clark,London,银卡
C003,王芳,上海,普通
C004,李娜,北京,银卡
C005,James Wu,上海,金卡
C006,刘洋,深圳,普通
C007,Sarah Lee,London,普通
C008,陈静,北京,银卡
C009,Tom Brown,深圳,普通
C010,赵磊,上海,普通
C011,Olivia Chen,北京,金卡
C012,孙丽,成都,普通
X
cat >history.csv <<'X'
customer_id,date,from,to,reason
C001,2024-02-01,,普通,first grade
C002,2024-02-01,,银卡,first grade
C005,2024-02-01,,普通,first grade
C001,2024-03-01,普通,银卡,spent 500 in a month
C005,2024-03-01,普通,金卡,spent 1000 in a month
C002,2024-04-01,银卡,VIP,by hand
C011,2024-04-01,金卡,普通,no order for 3 months
C001,2024-05-01,银卡,金卡,spent 1000 in a month
C008,2024-05-01,普通,银卡,spent 500 in a month
C002,2024-06-01,VIP,银卡,by hand
C005,2024-06-01,金卡,钻石,by hand
X
cat >rules.json <<'X'
{"grades": ["普通", "银卡", "金卡"], "tiers": [{"grade": "普通"}]}
X

# split FILE N HOW: FILE's rows into N parts p1.csv ... pN.csv, each with
# the header.  HOW: rows (in blocks), round (row i to part i mod N, so a
# customer's orders fall in several parts), month (by the order date's
# month, modulo N), or the number of the column of the customer id (by
# the id's digits, modulo N).
split() {
	awk -F, -v n="$2" -v how="$3" -v total="$(($(wc -l <"$1") - 1))" '
	NR == 1 { for (k = 1; k <= n; k++) print >("p" k ".csv"); next }
	{
		i = NR - 2
		if (how == "rows") k = int(i * n / total)
		else if (how == "round") k = i % n
		else if (how == "month") k = substr($3, 6, 2) % n
		else k = substr($how, 2) % n
		print >("p" (k + 1) ".csv")
	}' "$1"
}

# merged N FORMAT ARGS...: the partials of p1.csv ... pN.csv (orders
# only), merged in reverse order, against the whole run; both outputs
# must be the same bytes.
merged() {
	n=$1 fmt=$2
	shift 2
	cust-report --orders orders.csv --orders-only "$@" --to "$fmt" -o whole.$fmt 2>/dev/null
	files=
	for k in $(seq 1 "$n"); do
		cust-report --orders p$k.csv --orders-only "$@" --partial p$k.json -o /dev/null 2>/dev/null
		files="p$k.json $files"
	done
	run cust-report --merge $files --to "$fmt"
	expect_status 0
	expect_out_file whole.$fmt
}

D="--by 品类 --metric sum(金额) --metric median(金额) --trend month --risk --as-of 2024-07-01"

t "orders split 2 ways by rows: the merged trend, repeat and risk are the whole run's (json, csv, md, text, html)"
split orders.csv 2 rows
for fmt in json csv md text html; do merged 2 $fmt $D; done
check "the report has a trend and risks" grep -q '"section": "risk"' whole.json

t "orders split 3 ways by month, merged latest first: new, returning and lapsed as the whole run's"
split orders.csv 3 month
for fmt in json csv md text; do merged 3 $fmt $D; done
for fmt in csv md text; do merged 3 $fmt --trend week --risk --as-of 2024-07-01; done

t "orders split 5 ways round robin: each customer's orders in several parts"
split orders.csv 5 round
check "C005's orders are in 5 parts" test "$(grep -l ',C005,' p?.csv | wc -l)" -eq 5
for fmt in json csv md text; do merged 5 $fmt $D; done
for fmt in csv text; do merged 5 $fmt --trend quarter --as-of 2024-07-01; done

t "a trend's state is per customer and group, not per order"
cust-report --orders orders.csv --orders-only --trend month --as-of 2024-07-01 --partial all.json -o /dev/null
state() {
	python3 -c 'import json, sys; t = json.load(open("all.json"))["state"]["trend"]; print(eval(sys.argv[1]))' "$1"
}
check "one entry per customer who bought (C003's order is after the as-of date, C010's refunded)" \
    test "$(state 'len(t["customers"])')" = 10
check "C005: 7 orders, in group 0 bought in January, April and May 2024 (year * 12 + month - 1)" \
    test "$(state '[c for c in t["customers"] if c[0] == "C005"]')" = "[['C005', 7, [0, 24288, 24291, 24292]]]"


t "customers and their orders split 2 and 3 ways by customer, groups of customers, with the history"
for n in 2 3; do
	split customers.csv $n 1
	for k in $(seq 1 $n); do mv p$k.csv c$k.csv; done
	split orders.csv $n 2
	for k in $(seq 1 $n); do mv p$k.csv o$k.csv; done
	# The history as the table: a shard counts its own customers' changes.
	split history.csv $n 1
	C="--by 城市 --metric sum(金额) --trend month --risk --history"
	for fmt in json csv md text html; do
		cust-report --orders orders.csv $C history.csv --rules rules.json --as-of 2024-07-01 --to $fmt \
		    -o whole.$fmt customers.csv 2>/dev/null
		files=
		for k in $(seq 1 $n); do
			cust-report --orders o$k.csv $C p$k.csv --rules rules.json --as-of 2024-07-01 \
			    --partial c$k.json -o /dev/null c$k.csv 2>/dev/null
			files="$files c$k.json"
		done
		run cust-report --merge $files --to $fmt
		expect_status 0
		expect_out_file whole.$fmt
	done
done
check "the report has the migration: C001, C002, C005 from no grade to 金卡, 银卡, 钻石" \
    grep -q '^migration,(none),0,1,1,0,1,3$' whole.csv
check "and the moves: 2024-04 has C011's demotion and C002's move to VIP, which no rule ranks" \
    grep -q '^moves,2024-04,0,1,0,1,2$' whole.csv

t "customers and orders split independently: 2 parts of the table, 3 of the orders (one part has no customer)"
head -n 7 customers.csv >c1.csv
(head -n 1 customers.csv; tail -n +8 customers.csv) >c2.csv
head -n 1 customers.csv >c3.csv
split orders.csv 3 round
C="--by 城市 --metric sum(金额) --metric median(金额) --metric distinct(品类) --trend month --risk --as-of 2024-07-01"
for fmt in json csv md text; do
	for k in 1 2 3; do
		cust-report --orders p$k.csv $C --partial c$k.json -o /dev/null c$k.csv
	done
	cust-report --orders orders.csv $C --to $fmt -o whole.$fmt customers.csv 2>/dev/null
	run cust-report --merge c3.json c1.json c2.json --to $fmt
	expect_status 0
	expect_out_file whole.$fmt
	expect_err <<'X'
cust-report: 1 order is of customers not in the customer table: in no group
X
done
run cust-report --orders orders.csv $C --to csv customers.csv
expect_err <<'X'
cust-report: 1 order is of customers not in the customer table: in no group
X
check "part 3's 13 paid orders before the as-of date all wait for their customers in the other parts" \
    test "$(python3 -c 'import json; print(len(json.load(open("c3.json"))["state"]["orphans"]))')" -eq 13
check "C099, in no table, stays in no group: 北京's sum is its customers' alone" \
    grep -q '^groups,北京,4,0.333333,10511.47,625.095,4$' whole.csv

t "the history split by customer: grades no rule ranks come by the day first met, then by name"
# As the table is: a shard counts its own customers' changes.
awk -F, 'NR == 1 || $1 ~ /C00[1-6]/' history.csv >h1.csv
awk -F, 'NR == 1 || $1 !~ /C00[1-6]/' history.csv >h2.csv
head -n 7 customers.csv >c1.csv
(head -n 1 customers.csv; tail -n +8 customers.csv) >c2.csv
for k in 1 2; do
	cust-report --history h$k.csv --as-of 2024-07-01 --partial h$k.json --to csv -o /dev/null c$k.csv
done
run cust-report --merge h2.json h1.json --to csv
expect_status 0
expect_out <<'X'
section,count,share
groups,12,1

section,from \ to,普通,银卡,金卡,VIP,钻石,total
migration,(none),0,1,1,0,1,3
migration,普通,0,1,0,0,0,1
migration,银卡,0,0,0,0,0,0
migration,金卡,1,0,0,0,0,1
migration,VIP,0,0,0,0,0,0
migration,钻石,0,0,0,0,0,0

section,month,promotions,demotions,new,other,total
moves,2024-02,0,0,3,0,3
moves,2024-03,0,0,0,2,2
moves,2024-04,0,0,0,2,2
moves,2024-05,0,0,0,2,2
moves,2024-06,0,0,0,2,2
X
cust-report --history history.csv --as-of 2024-07-01 --to csv -o whole.csv customers.csv
expect_out_file whole.csv

t "--merge refuses a partial of another trend period, risk threshold, history period or rules, naming them"
split orders.csv 2 rows
cust-report --orders p1.csv --orders-only --trend month --risk --as-of 2024-07-01 --partial m1.json -o /dev/null
cust-report --orders p2.csv --orders-only --trend week --risk --as-of 2024-07-01 --partial w2.json -o /dev/null
cust-report --orders p2.csv --orders-only --trend month --risk --risk-top 0.5 --as-of 2024-07-01 \
    --partial t2.json -o /dev/null
cust-report --orders p2.csv --orders-only --trend month --as-of 2024-07-01 --partial n2.json -o /dev/null
run cust-report --merge m1.json w2.json
expect_status 2
expect_err <<'X'
cust-report: w2.json: a partial state of another report than m1.json (--trend differs): not merged
X
run cust-report --merge m1.json t2.json
expect_status 2
expect_err <<'X'
cust-report: t2.json: a partial state of another report than m1.json (--risk-top differs): not merged
X
run cust-report --merge m1.json n2.json
expect_status 2
expect_err <<'X'
cust-report: n2.json: a partial state of another report than m1.json (--risk, --risk-cancel, --risk-min-orders, --risk-top, --risk-quiet, --risk-quiet-days differ): not merged
X
cust-report --history history.csv --as-of 2024-07-01 --partial h1.json -o /dev/null customers.csv
cust-report --history history.csv --since 2024-03-01 --rules rules.json --as-of 2024-07-01 --partial h2.json \
    -o /dev/null customers.csv
run cust-report --merge h1.json h2.json
expect_status 2
expect_err <<'X'
cust-report: h2.json: a partial state of another report than h1.json (--since, --rules differ): not merged
X
cust-report --orders p2.csv --orders-only --trend month --risk --as-of 2024-07-01 --order-col amount=金额 \
    --partial c2.json -o /dev/null
run cust-report --merge m1.json c2.json
expect_status 2
expect_err <<'X'
cust-report: c2.json: a partial state of another report than m1.json (--order-col differs): not merged
X
sed 's/"cust-report-partial":4/"cust-report-partial":3/' m1.json >old.json
check "old.json says format 3" grep -q '"cust-report-partial":3' old.json
run cust-report --merge m1.json old.json
expect_status 3
expect_err <<'X'
cust-report: old.json: a partial state of another version of cust-report (format 3, this one reads 4): write it again
X
run cust-report --merge --risk-top 0.5 m1.json
expect_status 2
expect_err_has "cust-report: --merge takes the report's definition from the partial states: give it no --by, --metric, --orders, --trend, --risk, --history, --quality or --partial (nor their options)"

t "risk thresholds as options: the top share, the quiet gap multiple and days, the orders for cancellations"
run cust-report --orders orders.csv --orders-only --risk --as-of 2024-07-01 --lang en --to csv \
    --risk-min-orders 2 --risk-cancel 0.25 --risk-top 1 --risk-quiet 2 --risk-quiet-days 20
expect_status 0
expect_out <<'X'
section,count,share
groups,12,1

section,customer_id,orders,spend,reasons
risk,C008,5,2187.91,"paid late 1 time (up to 14 days); 2 orders unpaid past due (945.52); valuable customer silent for 81 days, usually orders every 11 days"
risk,C005,9,1969.33,"paid late 2 times (up to 4 days); 1 order unpaid past due (51.32); valuable customer silent for 53 days, usually orders every 17 days"
risk,C002,6,2615.64,paid late 3 times (up to 21 days); 1 order unpaid past due (864.64)
risk,C007,6,1229.57,2 orders unpaid past due (405.08); cancelled or refunded 2 of 6 orders (33%)
risk,C006,2,870.86,paid late 1 time (up to 19 days); cancelled or refunded 1 of 2 orders (50%)
risk,C011,3,4500.00,"valuable customer silent for 159 days, usually orders every 10 days"
risk,C001,5,2273.00,paid late 1 time (up to 1 day)
risk,C009,5,1855.31,2 orders unpaid past due (442.30)
risk,C004,3,1550.56,paid late 1 time (up to 3 days)
X
# The defaults: only C011 is among the top fifth by spend and silent; C006's
# one refund in 2 orders is under the 3 orders that make a rate.
run cust-report --orders orders.csv --orders-only --risk --as-of 2024-07-01 --lang en --to csv
expect_out_has 'risk,C011,3,4500.00,"valuable customer silent for 159 days, usually orders every 10 days"'
expect_out_has 'risk,C006,2,870.86,paid late 1 time (up to 19 days)'
check "C008 is not silent by default" test "$(grep -c silent "$T_OUT")" -eq 1

t "risk thresholds out of range are usage errors with the range"
for bad in "--risk-top 0" "--risk-top 1.5" "--risk-quiet 0" "--risk-quiet-days 2.5" "--risk-quiet-days -1" \
    "--risk-min-orders 0" "--risk-min-orders x" "--risk-cancel -0.1"; do
	run cust-report --orders orders.csv --orders-only --risk $bad
	expect_status 2
	head -n 1 "$T_ERR" >>errors.txt
done
check "each names the option, the value and the range" cmp errors.txt - <<'X'
cust-report: --risk-top 0: expected a share above 0, up to 1, such as 0.2
cust-report: --risk-top 1.5: expected a share above 0, up to 1, such as 0.2
cust-report: --risk-quiet 0: expected a number of times above 0, up to 1000, such as 3
cust-report: --risk-quiet-days 2.5: expected a whole number of days from 0 to 36500, such as 30
cust-report: --risk-quiet-days -1: expected a whole number of days from 0 to 36500, such as 30
cust-report: --risk-min-orders 0: expected a whole number of orders from 1 to 1000000, such as 3
cust-report: --risk-min-orders x: expected a whole number of orders from 1 to 1000000, such as 3
cust-report: --risk-cancel -0.1: expected a share from 0 to 1, such as 0.3
X
run cust-report --orders orders.csv --orders-only --risk-top 0.5
expect_status 2
expect_err <<'X'
cust-report: --risk-cancel, --risk-min-orders, --risk-top, --risk-quiet and --risk-quiet-days tune --risk, which is missing
Try 'cust-report --help' for more information.
X

t "a damaged trend state (a period no date is in) is refused, not listed period by period"
cust-report --orders orders.csv --orders-only --trend week --as-of 2024-07-01 --partial w.json -o /dev/null
python3 -c '
import json
j = json.load(open("w.json"))
j["state"]["trend"]["cells"][0][1] = -2000000000
json.dump(j, open("bad1.json", "w"))
j = json.load(open("w.json"))
j["state"]["trend"]["customers"][0][2][1] = 2 ** 31 + 5
json.dump(j, open("bad2.json", "w"))'
run cust-report --merge w.json bad1.json
expect_status 3
expect_err <<'X'
cust-report: bad1.json: trend.cells[0]: no such period
X
run cust-report --merge bad2.json
expect_status 3
expect_err <<'X'
cust-report: bad2.json: trend.customers[0]: no such period
X

t "--merge refuses one partial state given twice (by any name): it would count it twice"
cust-report --orders orders.csv --orders-only --trend month --as-of 2024-07-01 --partial s.json -o /dev/null
ln s.json same.json
run cust-report --merge s.json ./s.json
expect_status 2
expect_err <<'X'
cust-report: ./s.json: the same file as s.json: a partial state merged twice would count twice
X
run cust-report --merge s.json same.json
expect_status 2
expect_err <<'X'
cust-report: same.json: the same file as s.json: a partial state merged twice would count twice
X

t "order lines (an order id, several lines an order) split by whole orders merge to the whole run's orders"
cat >orders.csv <<'X'
订单编号,客户编号,下单日期,金额,状态,品类
S1,C1,2024-01-05,10.00,paid,Books
S1,C1,2024-01-05,20.00,paid,家居
S2,C2,2024-01-09,5.00,paid,Books
S1,C1,2024-01-05,30.00,paid,Books
S3,C1,2024-02-01,40.00,paid,家居
S3,C1,2024-02-01,2.00,paid,家居
S4,C2,2024-02-03,7.00,cancelled,Books
S4,C2,2024-02-03,1.00,cancelled,Books
S5,C3,2024-02-10,9.00,paid,Books
S5,C3,2024-02-10,1.00,paid,家居
S6,C1,2024-03-11,4.00,paid,Books
S7,C2,2024-03-12,8.00,paid,Books
S7,C2,2024-03-12,3.00,paid,家居
X
# By the order id's digit: every line of an order in one part, a
# customer's orders in several.
split orders.csv 2 1
for fmt in json csv text; do merged 2 $fmt --trend month --risk --risk-top 1 --risk-quiet-days 1 --as-of 2024-07-01; done
check "orders, not lines: C1 has 3 orders" grep -q '^risk,C1,3,' whole.csv
check "the trend's orders of 2024-01 are 2" grep -q '^trend,2024-01,2,2,65.00,32.50,' whole.csv
for fmt in csv md; do merged 2 $fmt --by 品类 --trend month --as-of 2024-07-01; done

t "every shard given the whole history (one log file) counts its own customers' changes: merged, once"
head -n 7 customers.csv >c1.csv
(head -n 1 customers.csv; tail -n +8 customers.csv) >c2.csv
for k in 1 2; do
	cust-report --history history.csv --rules rules.json --as-of 2024-07-01 --partial h$k.json -o /dev/null c$k.csv
done
cust-report --history history.csv --rules rules.json --as-of 2024-07-01 --to csv -o whole.csv customers.csv
run cust-report --merge h1.json h2.json --to csv
expect_status 0
expect_out_file whole.csv
check "the 11 changes are counted once: 3 new, 8 other moves" \
    test "$(awk -F, '$1 == "moves" { n += $3 + $4 + $5 + $6 } END { print n }' whole.csv)" -eq 11

t "--merge -o onto one of its partial states is refused, the state left as it was"
printf 'id,grade\n1,A\n2,B\n' >mc.csv
cust-report --by grade --partial mp.json -o /dev/null mc.csv
cp mp.json mp-before.json
run cust-report --merge mp.json -o mp.json
expect_status 2
expect_err <<'X'
cust-report: -o mp.json is also the partial state mp.json
Try 'cust-report --help' for more information.
X
t_compare "the partial state" mp.json mp-before.json
