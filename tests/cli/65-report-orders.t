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
