# cust-report: groups, metrics, the cross-tab, orders, trends, quality, bad input.

cp "$EXAMPLES"/customers.csv "$EXAMPLES"/customers-en.csv "$EXAMPLES"/customers.schema.json .
cp "$EXAMPLES"/grade/orders.csv "$EXAMPLES"/grade/customers-graded.csv .

t "groups with exact sums and medians; a value that is no number is counted, not read as zero"
run cust-report --by 城市 --metric 'sum(消费金额)' --metric '中位=median(消费金额)' --to csv customers.csv
expect_status 1
expect_out <<'X'
section,城市,count,share,sum(消费金额),中位
groups,北京,2,0.222222,1284.50,642.25
groups,上海,1,0.111111,860.00,860.00
groups,南京,1,0.111111,1000.00,1000.00
groups,广州,1,0.111111,-12.00,-12.00
groups,成都,1,0.111111,99.90,99.90
groups,杭州,1,0.111111,2500.00,2500.00
groups,武汉,1,0.111111,300.00,300.00
groups,深圳,1,0.111111,,

section,metric,城市,not_numeric
problems,sum(消费金额),深圳,1
problems,中位,深圳,1
X
expect_err <<'X'
cust-report: --metric sum(消费金额), 中位=median(消费金额): 1 value is not a number, left out (not read as zero); see the section "problems"
X

t "problems: a column per --by column, as in groups: a value with a comma stays one value, in every format"
printf '城市,等级,满意度\n"北京,朝阳",金,5\n"北京,朝阳",金,abc\n上海,银,x\n上海,银,4\n' >comma.csv
run cust-report --by 城市,等级 --metric 'avg(满意度)' --to csv comma.csv
expect_status 1
expect_out <<'X'
section,城市,等级,count,share,avg(满意度)
groups,上海,银,2,0.5,4
groups,"北京,朝阳",金,2,0.5,5

section,城市 \ 等级,银,金,total
crosstab,上海,2,0,2
crosstab,"北京,朝阳",0,2,2
crosstab,total,2,2,4

section,metric,城市,等级,not_numeric
problems,avg(满意度),"北京,朝阳",金,1
problems,avg(满意度),上海,银,1
X
run cust-report --by 城市,等级 --metric 'avg(满意度)' --to md comma.csv
expect_status 1
expect_out_has '| 指标 | 城市 | 等级 | 非数字 |'
expect_out_has '| avg(满意度) | 北京,朝阳 | 金 | 1 |'
run cust-report --by 城市,等级 --metric 'avg(满意度)' --to json comma.csv
expect_out_has '{"metric": "avg(满意度)", "城市": "北京,朝阳", "等级": "金", "not_numeric": 1},'
run cust-report --by 城市,等级 --metric 'avg(满意度)' --to html comma.csv
expect_out_has '<tr><th>指标</th><th>城市</th><th>等级</th><th class="n">非数字</th></tr>'
expect_out_has '<tr><td>avg(满意度)</td><td>北京,朝阳</td><td>金</td><td class="n">1</td></tr>'
run cust-report --metric 'avg(满意度)' --to csv comma.csv
expect_out <<'X'
section,count,share,avg(满意度)
groups,4,1,4.5

section,metric,not_numeric
problems,avg(满意度),2
X

t "text: no colour when not a terminal; a group of two columns is a bar named by both"
run cust-report --by city,country customers-en.csv
expect_status 0
expect_out <<'X'
Groups
======
city      country  count  share
London    UK           2  50.0%
Madrid    ES           1  25.0%
Shanghai  CN           1  25.0%

London · UK   ██████████████████████████████ 2
Madrid · ES   ███████████████ 1
Shanghai · CN ███████████████ 1

Cross-tab
=========
city \ country  UK  ES  CN  total
London           2   0   0      2
Madrid           0   1   0      1
Shanghai         0   0   1      1
total            2   1   1      4
X

t "two columns give the cross-tab with totals, one tidy CSV table per section"
run cust-report --by city,country --to csv customers-en.csv
expect_out <<'X'
section,city,country,count,share
groups,London,UK,2,0.5
groups,Madrid,ES,1,0.25
groups,Shanghai,CN,1,0.25

section,city \ country,UK,ES,CN,total
crosstab,London,2,0,0,2
crosstab,Madrid,0,1,0,1
crosstab,Shanghai,0,0,1,1
crosstab,total,2,1,1,4
X

t "--by a column that does not exist exits 2 and lists the columns"
run cust-report --by 省份 customers.csv
expect_status 2
expect_out </dev/null
expect_err <<'X'
cust-report: --by 省份: no such column; the customers have: 客户编号, 姓名, 手机, 邮箱, 城市, 出生日期, 注册日期, 消费金额, 备注
X
run cust-report --orders orders.csv --orders-only --by grade
expect_status 2
expect_err <<'X'
cust-report: --by grade: no such column; the orders have: 订单编号, 客户编号, 下单日期, 金额, 状态
X
run cust-report --orders orders.csv --by 省份 customers-graded.csv
expect_status 2
expect_out </dev/null
expect_err <<'X'
cust-report: --by 省份: no such column; the customers have: 客户编号, 姓名, 城市, grade; the orders have: 订单编号, 客户编号, 下单日期, 金额, 状态
X

t "--by more than two columns is a usage error"
run cust-report --by 城市,姓名,客户编号 customers.csv
expect_status 2
expect_out </dev/null
expect_err <<'X'
cust-report: --by 城市,姓名,客户编号: at most two columns
Try 'cust-report --help' for more information.
X

t "--by a customer column and an order column is refused, saying why and what to do instead"
run cust-report --orders orders.csv --by grade,状态 --as-of 2024-10-01 customers-graded.csv
expect_status 2
expect_out </dev/null
expect_err <<'X'
cust-report: --by grade,状态: grade is a column of the customers and 状态 one of the orders; a group is of customers (each in one group) or of orders (a customer's orders may be in several), not both: --by grade groups the customers (--metric 'sum(amount)' adds up their orders), --by 状态 the orders; to group orders by both, give the orders a column grade
Try 'cust-report --help' for more information.
X
# In either order, by role or header: the message names the columns as the data heads them.
run cust-report --orders orders.csv --by amount,city --as-of 2024-10-01 customers-graded.csv
expect_status 2
expect_err_has "cust-report: --by amount,city: 城市 is a column of the customers and 金额 one of the orders;"
expect_err_has "--by 城市 groups the customers (--metric 'sum(amount)' adds up their orders), --by 金额 the orders; to group orders by both, give the orders a column 城市"
# What the message says to do works.
run cust-report --orders orders.csv --by grade --metric 'sum(amount)' --as-of 2024-10-01 --to csv customers-graded.csv
expect_status 0
expect_out <<'X'
section,grade,count,share,sum(amount)
groups,中级,3,0.5,5300.00
groups,,1,0.166667,
groups,低级,1,0.166667,
groups,高级,1,0.166667,200.00
X

t "a metric that is not FN(X) is a usage error"
run cust-report --metric 'mode(金额)' customers.csv
expect_status 2
expect_err <<'X'
cust-report: --metric mode(金额): expected FN(X), FN one of count, sum, avg, min, max, median, quantile, distinct
X
run cust-report --metric 'quantile(消费金额, 1.5)' customers.csv
expect_status 2
expect_err <<'X'
cust-report: --metric quantile(消费金额, 1.5): the quantile is a number from 0 to 1
X

t "groups of customers measured over their orders (cancelled ones do not count)"
run cust-report --orders orders.csv --by grade --metric 'sum(金额)' --metric 'median(金额)' --to csv customers-graded.csv
expect_status 0
expect_out <<'X'
section,grade,count,share,sum(金额),median(金额)
groups,中级,3,0.5,5300.00,600.00
groups,,1,0.166667,,
groups,低级,1,0.166667,5000.00,5000.00
groups,高级,1,0.166667,200.00,35.00
X

t "groups are customers, measured over their orders, unless --by names an order column"
# customers-graded.csv has 6 customers; orders.csv 15 paid orders of 4 of them by 2024-10-01
# (中级 C001 5, C002 3, C005 1; 高级 C003 6).
run cust-report --orders orders.csv --metric 'n=count()' --metric 'sum(金额)' --as-of 2024-10-01 --to csv customers-graded.csv
expect_status 0
expect_out <<'X'
section,count,share,n,sum(金额)
groups,6,1,15,5500.00
X
run cust-report --orders orders.csv --orders-only --metric 'n=count()' --as-of 2024-10-01 --to csv
expect_out <<'X'
section,count,share,n
groups,5,1,15
X
run cust-report --orders orders.csv --by grade --metric 'n=count()' --as-of 2024-10-01 --to csv customers-graded.csv
expect_out <<'X'
section,grade,count,share,n
groups,中级,3,0.5,9
groups,,1,0.166667,0
groups,低级,1,0.166667,0
groups,高级,1,0.166667,6
X
run cust-report --orders orders.csv --by 状态 --metric 'n=count()' --as-of 2024-10-01 --to csv customers-graded.csv
expect_out <<'X'
section,状态,count,share,n
groups,已付款,15,1,15
X

t "--by an order column groups orders; JSON numbers are numbers, money to the cent"
run cust-report --orders orders.csv --orders-only --by 状态 --metric 'n=count()' --metric 'distinct(客户编号)' --metric 'avg(金额)' --to json --as-of 2024-10-01
expect_status 0
expect_out <<'X'
{"report": "cust-report", "version": 1, "sections": [
  {"section": "groups", "title": "分组", "columns": ["状态", "count", "share", "n", "distinct(客户编号)", "avg(金额)"], "rows": [
    {"状态": "已付款", "count": 15, "share": 1, "n": 15, "distinct(客户编号)": 4, "avg(金额)": 366.67}
  ]}
]}
X

t "--trend month: customers, orders, revenue, new, returning, lapsed, repeat rate"
run cust-report --orders orders.csv --trend month --to csv --as-of 2024-10-05 --lang en customers-graded.csv
expect_status 0
expect_out <<'X'
section,count,share
groups,6,1

section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,2024-04,1,1,20.00,20.00,1,0,0,0
trend,2024-05,1,1,30.00,30.00,0,1,0,1
trend,2024-06,1,1,10.00,10.00,0,1,0,1
trend,2024-07,3,3,1840.00,613.33,2,1,0,0.333333
trend,2024-08,3,3,1550.00,516.67,0,3,0,1
trend,2024-09,4,6,2050.00,341.67,1,3,0,0.75
trend,2024-10,1,1,5000.00,5000.00,1,0,4,0

section,customers,repeat_customers,repeat_rate
repeat,5,3,0.6
X

t "--trend quarter per group"
run cust-report --orders orders.csv --by grade --trend quarter --to md --as-of 2024-10-05 customers-graded.csv
expect_out_has '| 高级 | 2024-Q3 | 1 | 3 | 140.00 | 46.67 | 0 | 1 | 0 | 100.0% |'
expect_out_has '| 低级 | 2024-Q4 | 1 | 1 | 5000.00 | 5000.00 | 1 | 0 | 0 | 0.0% |'
# In text, a trend's bar is named by its group and its period.
run cust-report --orders orders.csv --by grade --trend quarter --as-of 2024-10-05 customers-graded.csv
expect_out_has '高级 · 2024-Q3 ▊ 140.00'
expect_out_has '中级 · 2024-Q4  0.00'

t "--quality: completeness per column, and cust-validate's _errors by column and kind"
cust-validate --schema customers.schema.json --rejects bad.csv customers.csv >/dev/null 2>&1
run cust-report --quality --to csv bad.csv
expect_status 0
expect_out <<'X'
section,count,share
groups,5,1

section,column,filled,empty,completeness
quality,客户编号,4,1,0.8
quality,姓名,5,0,1
quality,手机,5,0,1
quality,邮箱,5,0,1
quality,城市,5,0,1
quality,出生日期,5,0,1
quality,注册日期,5,0,1
quality,消费金额,5,0,1
quality,备注,4,1,0.8

section,column,kind,errors
errors,客户编号,duplicate,1
errors,客户编号,missing,1
errors,手机,type,1
errors,邮箱,type,1
errors,出生日期,type,1
errors,注册日期,type,1
errors,消费金额,range,1
errors,消费金额,type,1
X

t "an order whose metric value is no number is counted in problems, never as zero"
printf '订单编号,客户编号,下单日期,金额,状态\nA1,C001,2024-07-05,abc,已付款\nA2,C001,2024-07-06,10,已付款\n' >o2.csv
run cust-report --orders o2.csv --orders-only --metric 'sum(金额)' --to csv
expect_status 1
expect_out <<'X'
section,count,share,sum(金额)
groups,1,1,10.00

section,metric,not_numeric
problems,sum(金额),1
X
expect_err <<'X'
cust-report: --metric sum(金额): 1 value is not a number, left out (not read as zero); see the section "problems"
X

t "a metric over arithmetic counts an operand that is no number in problems, as a column alone, in every aggregate; never as zero"
# C's amount "abc" makes amount*2 no number; B's price "n/a" makes
# price*qty none; C's empty qty makes price*qty no value, not a finding.
printf 'id,date,amount,cat,price,qty\nA,2024-01-01,10.00,x,2.50,2\nB,2024-01-02,10.01,x,n/a,3\nC,2024-01-03,abc,y,1.00,\n' >e.csv
E="--by cat --metric x=avg(amount*2) --metric d=distinct(amount*2) --metric sum(price*qty) --metric min(price*qty) --metric median(price*qty) --metric n=count(price*qty) --as-of 2025-01-01"
run cust-report --orders e.csv --orders-only $E --to csv
expect_status 1
expect_out <<'X'
section,cat,count,share,x,d,sum(price*qty),min(price*qty),median(price*qty),n
groups,x,2,0.666667,20.01,2,5.00,5.00,5.00,1
groups,y,1,0.333333,,0,,,,0

section,metric,cat,not_numeric
problems,x,y,1
problems,d,y,1
problems,sum(price*qty),x,1
problems,min(price*qty),x,1
problems,median(price*qty),x,1
problems,n,x,1
X
expect_err <<'X'
cust-report: --metric x=avg(amount*2), d=distinct(amount*2): 1 value is not a number, left out (not read as zero); see the section "problems"
cust-report: --metric sum(price*qty), min(price*qty), median(price*qty), n=count(price*qty): 1 value is not a number, left out (not read as zero); see the section "problems"
X
# Groups of customers: the orders wait for their customers' groups, in
# a partial state too, and keep what they found.
printf 'id,city\nA,北京\nB,北京\nC,上海\n' >ec.csv
run cust-report --orders e.csv $E --by city --to csv ec.csv
expect_status 1
cp "$T_OUT" whole.csv
expect_out <<'X'
section,city,count,share,x,d,sum(price*qty),min(price*qty),median(price*qty),n
groups,北京,2,0.666667,20.01,2,5.00,5.00,5.00,1
groups,上海,1,0.333333,,0,,,,0

section,metric,city,not_numeric
problems,x,上海,1
problems,d,上海,1
problems,sum(price*qty),北京,1
problems,min(price*qty),北京,1
problems,median(price*qty),北京,1
problems,n,北京,1
X
# Metrics of the customers' own columns read their rows the same way.
printf '客户编号,城市,满意度\n1,北京,4\n2,北京,好\n3,上海,5\n' >es.csv
run cust-report --by 城市 --metric 'avg(满意度 * 2)' --to csv es.csv
expect_status 1
expect_out <<'X'
section,城市,count,share,avg(满意度 * 2)
groups,北京,2,0.666667,8
groups,上海,1,0.333333,10

section,metric,城市,not_numeric
problems,avg(满意度 * 2),北京,1
X
expect_err <<'X'
cust-report: --metric avg(满意度 * 2): 1 value is not a number, left out (not read as zero); see the section "problems"
X
head -n 1 ec.csv >ec0.csv
cust-report --orders e.csv $E --by city --partial e1.json -o /dev/null ec0.csv 2>/dev/null
printf 'id,date,amount,cat,price,qty\n' >e0.csv
cust-report --orders e0.csv $E --by city --partial e2.json -o /dev/null ec.csv 2>/dev/null
run cust-report --merge e1.json e2.json --to csv
expect_status 1
expect_out_file whole.csv
expect_err <<'X'
cust-report: --metric x=avg(amount*2), d=distinct(amount*2): 1 value is not a number, left out (not read as zero); see the section "problems"
cust-report: --metric sum(price*qty), min(price*qty), median(price*qty), n=count(price*qty): 1 value is not a number, left out (not read as zero); see the section "problems"
X

t "--trend: an order whose amount is no number is rejected with the reason, as in cust-grade"
run cust-report --orders o2.csv --orders-only --trend month --to csv --rejects rj.csv
expect_status 1
expect_out <<'X'
section,count,share
groups,1,1

section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,2024-07,1,1,10.00,10.00,1,0,0,0

section,customers,repeat_customers,repeat_rate
repeat,1,0,0
X
expect_file rj.csv <<'X'
订单编号,客户编号,下单日期,金额,状态,_line,_errors
A1,C001,2024-07-05,abc,已付款,2,"金额: not a number: ""abc"""
X

t "--history: the migration matrix (first grade before, last after) and the moves per month"
cat >h.csv <<'X'
customer_id,date,from,to,reason
C1,2024-08-01,,低级,r
C2,2024-08-01,,中级,r
C1,2024-09-01,低级,中级,r
C1,2024-10-01,中级,高级,r
C2,2024-10-01,中级,低级,r
C3,2024-10-01,高级,中级,r
C4,2024-11-01,低级,中级,r
X
run cust-report --history h.csv --rules "$EXAMPLES"/grade/promote.rules.json --as-of 2024-10-31 --lang en --to csv customers.csv
expect_status 0
expect_out <<'X'
section,count,share
groups,9,1

section,from \ to,低级,中级,高级,total
migration,(none),1,0,1,2
migration,低级,0,0,0,0
migration,中级,0,0,0,0
migration,高级,0,1,0,1

section,month,promotions,demotions,new,other,total
moves,2024-08,0,0,2,0,2
moves,2024-09,1,0,0,0,1
moves,2024-10,1,2,0,0,3
X
# Without --rules the grades come by the day first met, then by name
# (中 sorts before 低), whatever the order of the rows.
run cust-report --history h.csv --since 2024-09-01 --as-of 2024-12-01 --lang en --to csv customers.csv
expect_out <<'X'
section,count,share
groups,9,1

section,from \ to,中级,低级,高级,total
migration,中级,0,1,0,1
migration,低级,1,0,1,2
migration,高级,1,0,0,1

section,month,promotions,demotions,new,other,total
moves,2024-09,0,0,0,1,1
moves,2024-10,0,0,0,3,3
moves,2024-11,0,0,0,1,1
X

t "--as-of and --since say why a date is none, as cust-grade's --as-of does"
run cust-report --as-of 2024-02-30 customers.csv
expect_status 2
expect_err <<'X'
cust-report: --as-of 2024-02-30: not a date (no such date)
Try 'cust-report --help' for more information.
X
run cust-report --history h.csv --since 2024-13-01 customers.csv
expect_err <<'X'
cust-report: --since 2024-13-01: not a date (no such date)
Try 'cust-report --help' for more information.
X
run cust-report --as-of soon customers.csv
expect_err <<'X'
cust-report: --as-of soon: not a date
Try 'cust-report --help' for more information.
X

t "--rules is read as cust-grade reads it: a file cust-grade refuses is refused with the same words"
printf '{"grades": ["低级", "中级"]}\n' >notiers.json
run cust-report --history h.csv --rules notiers.json --as-of 2024-10-31 customers.csv
expect_status 2
expect_err <<'X'
cust-report: notiers.json: tiers: at least one tier is needed
X
printf 'customer_id,date,amount\n' >noorders.csv
run cust-grade --rules notiers.json --orders noorders.csv customers.csv
expect_err <<'X'
cust-grade: notiers.json: tiers: at least one tier is needed
X

t "--history refuses a file that is not cust-grade's history"
run cust-report --history customers.csv customers.csv
expect_status 3
expect_err <<'X'
cust-report: customers.csv: not a grade history (its header is not customer_id,date,from,to,reason)
X

t "--risk: late and unpaid payments, cancellations over 0.3, a valuable customer gone quiet; ranked, in words"
cat >ro.csv <<'X'
order_id,customer_id,order_date,amount,status,due_date,paid_date
1,K1,2024-01-05,100.00,paid,2024-01-20,2024-01-19
2,K1,2024-02-05,100.00,paid,2024-02-20,2024-03-06
3,K1,2024-03-05,100.00,paid,2024-03-20,2024-03-30
4,K2,2024-01-10,50.00,cancelled,,
5,K2,2024-02-10,50.00,refunded,,
6,K2,2024-03-10,50.00,paid,2024-03-25,2024-03-25
7,K3,2024-01-01,900.00,paid,2024-01-15,2024-01-10
8,K3,2024-01-11,900.00,paid,2024-01-25,2024-01-20
9,K3,2024-01-21,900.00,paid,2024-02-04,2024-02-01
10,K4,2024-05-01,30.00,paid,2024-05-15,
11,K5,2024-05-20,10.00,paid,2024-06-15,
X
run cust-report --orders ro.csv --orders-only --risk --as-of 2024-06-01 --to csv
expect_status 0
expect_out <<'X'
section,count,share
groups,5,1

section,customer_id,orders,spend,reasons
risk,K3,3,2700.00,"valuable customer silent for 131 days, usually orders every 10 days"
risk,K1,3,300.00,paid late 2 times (up to 15 days)
risk,K2,3,50.00,cancelled or refunded 2 of 3 orders (67%)
risk,K4,1,30.00,1 order unpaid past due (30.00)
X
run cust-report --orders ro.csv --orders-only --risk --risk-cancel 0.7 --as-of 2024-06-01 --lang zh --to csv
expect_out <<'X'
section,count,share
groups,5,1

section,customer_id,orders,spend,reasons
risk,K3,3,2700.00,高价值客户已131天未下单，平时约每10天一单
risk,K1,3,300.00,逾期付款2次（最长15天）
risk,K4,1,30.00,1笔订单逾期未付（共30.00）
X
run cust-report --orders ro.csv --orders-only --risk-cancel 2 --risk
expect_status 2
expect_err <<'X'
cust-report: --risk-cancel 2: expected a share from 0 to 1, such as 0.3
Try 'cust-report --help' for more information.
X

t "--partial and --merge: merged shards give exactly the whole input's report (medians, quantiles, distinct, quality)"
M="--metric sum(消费金额) --metric median(消费金额) --metric quantile(消费金额,0.25) --metric distinct(姓名) --metric avg(消费金额)"
(head -n 1 customers.csv; sed -n '2,5p' customers.csv) >c1.csv
(head -n 1 customers.csv; sed -n '6,$p' customers.csv) >c2.csv
run cust-report --by 城市 $M --quality --to csv customers.csv
cp "$T_OUT" whole.csv
run cust-report --by 城市 $M --quality --partial p1.json --to csv c1.csv
expect_status 1
run cust-report --by 城市 $M --quality --partial p2.json -o part2.csv c2.csv
expect_status 0
run cust-report --by 城市 $M --quality --to csv customers.csv
expect_status 1
# As the whole run: a value that is no number is said, and exits 1.
run cust-report --merge p1.json p2.json --to csv
expect_status 1
expect_out_file whole.csv
run cust-report --merge p2.json p1.json --to csv
expect_out_file whole.csv
(head -n 1 orders.csv; sed -n '2,9p' orders.csv) >o1.csv
(head -n 1 orders.csv; sed -n '10,$p' orders.csv) >o2.csv
for f in o1 o2; do
	cust-report --orders $f.csv --orders-only --by 状态 --metric 'median(金额)' --as-of 2024-12-01 --partial $f.json -o /dev/null
done
run cust-report --merge o1.json o2.json --to csv
expect_out <<'X'
section,状态,count,share,median(金额)
groups,已付款,16,1,222.645
X

t "--merge refuses a partial state of another report definition, and what is no partial"
cust-report --by 城市 --metric 'sum(消费金额)' --partial other.json -o /dev/null c2.csv
run cust-report --merge p1.json other.json
expect_status 2
expect_err <<'X'
cust-report: other.json: a partial state of another report than p1.json (--metric, --quality differ): not merged
X
run cust-report --merge p1.json customers.schema.json
expect_status 3
expect_err <<'X'
cust-report: customers.schema.json: not a partial state of cust-report (--partial FILE writes them)
X

t "text on a terminal is coloured, never with NO_COLOR, never into a file or pipe"
# The program's stdout is a terminal (a pty); what it wrote comes back.
out_tty() {
	python3 -c '
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdout=s, stdin=subprocess.DEVNULL)
os.close(s)
out = b""
while True:
    try:
        b = os.read(m, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
sys.stdout.write(out.decode().replace("\r\n", "\n").replace("\033", "ESC"))
sys.exit(p.wait(timeout=20))' "$@"
}
if command -v python3 >/dev/null; then
	run out_tty cust-report --by country customers-en.csv
	expect_out_has 'ESC[1;4mGroups'
	expect_out_has 'ESC[36m██████████████████████████████ESC[0m 2'
	NO_COLOR=1 run out_tty cust-report --by country customers-en.csv
	check "no colour with NO_COLOR" sh -c "! grep -q ESC '$T_OUT'"
	expect_out_has 'Groups'
	# A terminal is as wide as it is: text gives way first, then numbers;
	# bars too.  Into a file or a pipe the lines are whole.
	printf '客户编号,城市,消费金额\n1,北京市朝阳区建国路八十八号,100.5\n2,上海,20\n' >w2.csv
	COLUMNS=30 NO_COLOR=1 run out_tty cust-report --by 城市 --metric 'sum(消费金额)' w2.csv
	expect_out <<'X'
分组
====
城…  数量   占比  sum(消费金…
上…     1  50.0%         20.00
北…     1  50.0%        100.50

上海       █████████████████ 1
北京市朝…  █████████████████ 1
X
	COLUMNS=30 run cust-report --by 城市 w2.csv
	expect_out_has '北京市朝阳区建国路八十八号     1  50.0%'
else
	t_skip "python3 is not installed"
fi
run cust-report --by country customers-en.csv
check "no colour into a file" sh -c "! grep -q \"\$(printf '\\033')\" '$T_OUT'"

t "a cross-tab wider than an 80-column terminal goes on in blocks of whole columns, labels repeated, nothing cut"
# 12 cities by 3 grades: the grid is 89 columns wide.  Before, every
# label and header was cut to two letters to fit.  (Counts checked with
# mlr count-distinct.)
awk 'BEGIN { split("北京 上海 广州 深圳 成都 杭州 武汉 南京 西安 重庆 天津 苏州", c, " ");
	split("钻石会员 黄金会员 普通会员", g, " "); print "客户编号,城市,等级"; n = 0;
	for (i = 1; i <= 12; i++) for (j = 1; j <= 3; j++) for (k = 0; k < (i * 3 + j) % 5 + 1; k++)
		print "C" ++n "," c[i] "," g[j] }' >grid.csv
awk 'BEGIN { split("Germany France Spain Italy Poland Norway Sweden Finland Greece Portugal", c, " ");
	split("Champions Loyal Hibernating", g, " "); print "id,country,segment"; n = 0;
	for (i = 1; i <= 10; i++) for (j = 1; j <= 3; j++) for (k = 0; k < (i * 7 + j) % 4 + 1; k++)
		print ++n "," c[i] "," g[j] }' >grid-en.csv
if command -v python3 >/dev/null; then
	COLUMNS=80 NO_COLOR=1 run out_tty cust-report --by 等级,城市 grid.csv
	expect_status 0
	sed -n '/^交叉表/,$p' "$T_OUT" >grid.out
	expect_file grid.out <<'X'
交叉表
======
等级 \ 城市  上海  武汉  苏州  深圳  西安  成都  重庆  北京  天津  杭州  南京
钻石会员        3     3     3     4     4     2     2     5     5     5     1
普通会员        5     5     5     1     1     4     4     2     2     2     3
黄金会员        4     4     4     5     5     3     3     1     1     1     2
合计           12    12    12    10    10     9     9     8     8     8     6

等级 \ 城市  广州  合计
钻石会员        1    38
普通会员        3    37
黄金会员        2    35
合计            6   110
X
	check "no line is wider than the terminal" python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in l)
sys.exit(max(w(l) for l in open(sys.argv[1], encoding="utf-8").read().splitlines()) > 80)' "$T_OUT"
	COLUMNS=80 NO_COLOR=1 run out_tty cust-report --by segment,country grid-en.csv
	sed -n '/^Cross-tab/,$p' "$T_OUT" >grid-en.out
	expect_file grid-en.out <<'X'
Cross-tab
=========
segment \ country  Finland  Italy  Spain  Sweden  France  Norway  Portugal
Champions                2      2      3       3       4       4         4
Hibernating              4      4      1       1       2       2         2
Loyal                    3      3      4       4       1       1         1
total                    9      9      8       8       7       7         7

segment \ country  Germany  Greece  Poland  total
Champions                1       1       1     25
Hibernating              3       3       3     25
Loyal                    2       2       2     23
total                    6       6       6     73
X
	# Into a file the lines are whole: one table, as before.
	run cust-report --by segment,country grid-en.csv
	expect_out_has 'segment \ country  Finland  Italy  Spain  Sweden  France  Norway  Portugal  Germany  Greece  Poland  total'
else
	t_skip "python3 is not installed"
fi

t "money: sum, avg, min, max to the cent with two places; its medians and quantiles exact, two places or more, in every format; other metrics keep their exact decimals"
cat >m.csv <<'X'
订单编号,客户编号,下单日期,金额,数量,状态
1,C1,2024-07-01,10.10,1,已付款
2,C1,2024-07-02,20.15,2,已付款
3,C2,2024-07-03,5,4,已付款
X
# C1's median is 15.125 (not 15.13), its lower quartile 10.10 + 0.25 *
# 10.05 = 12.6125; its average is money a person reads: 15.13.
MM="--orders m.csv --orders-only --by 客户编号 --metric sum(金额) --metric median(金额) --metric q1=quantile(金额,0.25) --metric avg(金额) --metric avg(数量) --metric max(数量) --as-of 2024-08-01"
run cust-report $MM --to csv
expect_status 0
expect_out <<'X'
section,客户编号,count,share,sum(金额),median(金额),q1,avg(金额),avg(数量),max(数量)
groups,C1,2,0.666667,30.25,15.125,12.6125,15.13,1.5,2
groups,C2,1,0.333333,5.00,5.00,5.00,5.00,4,4
X
run cust-report $MM --to json
expect_out <<'X'
{"report": "cust-report", "version": 1, "sections": [
  {"section": "groups", "title": "分组", "columns": ["客户编号", "count", "share", "sum(金额)", "median(金额)", "q1", "avg(金额)", "avg(数量)", "max(数量)"], "rows": [
    {"客户编号": "C1", "count": 2, "share": 0.666667, "sum(金额)": 30.25, "median(金额)": 15.125, "q1": 12.6125, "avg(金额)": 15.13, "avg(数量)": 1.5, "max(数量)": 2},
    {"客户编号": "C2", "count": 1, "share": 0.333333, "sum(金额)": 5.00, "median(金额)": 5.00, "q1": 5.00, "avg(金额)": 5.00, "avg(数量)": 4, "max(数量)": 4}
  ]}
]}
X
check "the JSON is JSON, money stays a number" sh -c "python3 -c 'import json,sys; r=json.load(sys.stdin)[\"sections\"][0][\"rows\"][1]; assert r[\"sum(金额)\"] == 5 and type(r[\"sum(金额)\"]) is float' <'$T_OUT'"
run cust-report $MM --to text
expect_out <<'X'
分组
====
客户编号  数量   占比  sum(金额)  median(金额)       q1  avg(金额)  avg(数量)  max(数量)
C1           2  66.7%      30.25        15.125  12.6125      15.13        1.5          2
C2           1  33.3%       5.00          5.00     5.00       5.00          4          4

C1 ██████████████████████████████ 2
C2 ███████████████ 1
X
run cust-report $MM --to md
expect_out_has '| C1 | 2 | 66.7% | 30.25 | 15.125 | 12.6125 | 15.13 | 1.5 | 2 |'
expect_out_has '| C2 | 1 | 33.3% | 5.00 | 5.00 | 5.00 | 5.00 | 4 | 4 |'
run cust-report $MM --to html
expect_out_has '<td>C1</td><td class="n">2</td><td class="n">66.7%</td><td class="n">30.25</td><td class="n">15.125</td><td class="n">12.6125</td><td class="n">15.13</td><td class="n">1.5</td><td class="n">2</td>'
expect_out_has '<td>C2</td><td class="n">1</td><td class="n">33.3%</td><td class="n">5.00</td><td class="n">5.00</td><td class="n">5.00</td><td class="n">5.00</td><td class="n">4</td><td class="n">4</td>'
run cust-report $MM -o m.xlsx
cat >fmt.py <<'X'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
st = z.read('xl/styles.xml').decode()
codes = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', st))
xfs = re.findall(r'<xf [^>]*numFmtId="(\d+)"', st.split('<cellXfs')[1])
s1 = z.read('xl/worksheets/sheet1.xml').decode()
for ref in ('D3', 'E2', 'E3', 'F2', 'G2', 'H2', 'I3'):
    m = re.search(r'<c r="%s"( s="(\d+)")?[^>]*><v>([^<]*)</v>' % ref, s1)
    fid = xfs[int(m.group(2))] if m.group(2) else '0'
    print(ref, m.group(3), codes.get(fid, 'General' if fid == '0' else fid))
X
python3 - m.xlsx >fmt.txt <fmt.py
expect_file fmt.txt <<'X'
D3 5 #,##0.00
E2 15.125 #,##0.00##########
E3 5 #,##0.00##########
F2 12.6125 #,##0.00##########
G2 15.13 #,##0.00
H2 1.5 General
I3 4 General
X
# Merged partials of one order each give the same exact medians, in the
# workbook too.
head -n 2 m.csv >m1.csv
(head -n 1 m.csv; tail -n +3 m.csv) >m2.csv
for k in 1 2; do
	cust-report $(echo "$MM" | sed "s/m.csv/m$k.csv/") --partial mp$k.json -o /dev/null
done
run cust-report --merge mp1.json mp2.json --to csv
expect_status 0
expect_out <<'X'
section,客户编号,count,share,sum(金额),median(金额),q1,avg(金额),avg(数量),max(数量)
groups,C1,2,0.666667,30.25,15.125,12.6125,15.13,1.5,2
groups,C2,1,0.333333,5.00,5.00,5.00,5.00,4,4
X
cp fmt.txt fmt-whole.txt
run cust-report --merge mp1.json mp2.json -o m.xlsx
python3 - m.xlsx >fmt.txt <fmt.py
check "the merged workbook's cells and formats are the whole run's" cmp -s fmt.txt fmt-whole.txt
if ! command -v soffice >/dev/null 2>&1; then
	t_skip "LibreOffice is not installed (scripts/deps check installs it): the workbook's cells as shown are not checked"
else
	# As a reader shows the cells (the filter's "as shown" on): the
	# exact medians keep their places, 5 shows as 5.00.
	soffice_csv m.xlsx true
	expect_file "m-1 分组.csv" <<'X'
客户编号,数量,占比,sum(金额),median(金额),q1,avg(金额),avg(数量),max(数量)
C1,2,66.7%,30.25,15.125,12.6125,15.13,1.5,2
C2,1,33.3%,5.00,5.00,5.00,5.00,4,4
X
fi

t "text: lib/texttable's tables and bars, aligned by display width with Chinese, full-width, combining marks and emoji"
printf '客户编号,城市,消费金额,满意度\n1,北京,100.5,4\n2,北京,20,5\n3,ＶＩＰ区,3000,4.5\n4,Cafe\314\201,7,3\n5,👍🏽店,12,4\n6,🇨🇳,1,2\n' >w.csv
run cust-report --by 城市 --metric 'sum(消费金额)' --metric 'avg(满意度)' w.csv
expect_status 0
expect_out <<'X'
分组
====
城市      数量   占比  sum(消费金额)  avg(满意度)
北京         2  33.3%         120.50          4.5
Café         1  16.7%           7.00            3
ＶＩＰ区     1  16.7%        3000.00          4.5
🇨🇳           1  16.7%           1.00            2
👍🏽店         1  16.7%          12.00            4

北京     ██████████████████████████████ 2
Café     ███████████████ 1
ＶＩＰ区 ███████████████ 1
🇨🇳       ███████████████ 1
👍🏽店     ███████████████ 1
X
