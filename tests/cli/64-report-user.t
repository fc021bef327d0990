# cust-report as a user meets it: what the report cannot say is said.

cat >lines.csv <<'X'
InvoiceNo,CustomerID,InvoiceDate,Quantity,UnitPrice
536365,17850,2010-12-01,6,2.55
536366,17850,2010-12-01,6,1.85
536367,13047,2011-01-05,8,3.39
X

t "--trend over orders with no amount column says why revenue is empty"
run cust-report --orders lines.csv --orders-only --trend month --as-of 2011-02-01 --to csv
expect_status 0
expect_out <<'X'
section,count,share
groups,3,1

section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,2010-12,1,2,,,1,0,0,0
trend,2011-01,1,1,,,1,0,1,0

section,customers,repeat_customers,repeat_rate
repeat,2,1,0.5
X
expect_err <<'X'
cust-report: --trend: the orders have no amount column (name it with --order-col amount=HEADER): no revenue, no average order
X
run cust-report --orders lines.csv --orders-only --trend month --as-of 2011-02-01 --to csv -q
expect_err </dev/null
run cust-report --orders lines.csv --orders-only --risk --as-of 2011-02-01 --to csv
expect_err <<'X'
cust-report: --risk: the orders have no amount column (name it with --order-col amount=HEADER): no spend to tell the valuable customers by
X

t "--order-col amount=HEADER gives the trend its revenue, without a warning"
run cust-report --orders lines.csv --orders-only --trend month --order-col amount=UnitPrice --as-of 2011-02-01 --to csv
expect_status 0
expect_out_has 'trend,2010-12,1,2,4.4,2.2,1,0,0,0'
expect_err </dev/null
