# cust-grade windows, at their edges.  Expectations worked by hand from
# custkit-rules(5): a window ends the day before the as-of date; Nd is the
# N days before it; Nm (Ny = 12N m) starts N months back on the same day of
# the month, or on that month's last day when it is shorter (1m as of
# 2024-03-31 starts on 2024-02-29); "all" is every day before the as-of
# date; each_month N looks at the N complete calendar months before the
# month of the as-of date.
#
# One order per date; the customer id is the date, so each output line
# says whether that day is inside the window.

# win WINDOW AS-OF DATE...: grade "in" when the customer has an order in
# the window; the output is cut to customer_id,grade.
win() {
	w=$1 asof=$2
	shift 2
	{
		echo order_id,customer_id,order_date,amount
		n=0
		for d in "$@"; do
			n=$((n + 1))
			echo "$n,$d,$d,1"
		done
	} >win-orders.csv
	printf '{"grades": ["out", "in"], "tiers": [{"grade": "in", "when": "count() >= 1", "window": "%s"}, {"grade": "out"}]}' "$w" >win.rules.json
	run cust-grade --rules win.rules.json --orders win-orders.csv --orders-only -q --as-of "$asof"
	out_cut 1,2
	expect_status 0
	expect_err </dev/null
}

t "1m as of 2024-03-31 (leap year): 2024-02-29 to 2024-03-30"
win 1m 2024-03-31 2024-02-28 2024-02-29 2024-03-01 2024-03-30 2024-03-31
expect_out <<'X'
customer_id,grade
2024-02-28,out
2024-02-29,in
2024-03-01,in
2024-03-30,in
2024-03-31,out
X

t "1m as of 2023-03-31 (not a leap year): 2023-02-28 to 2023-03-30"
win 1m 2023-03-31 2023-02-27 2023-02-28 2023-03-30
expect_out <<'X'
customer_id,grade
2023-02-27,out
2023-02-28,in
2023-03-30,in
X

t "1m as of the leap day 2024-02-29: 2024-01-29 to 2024-02-28"
win 1m 2024-02-29 2024-01-28 2024-01-29 2024-02-28 2024-02-29
expect_out <<'X'
customer_id,grade
2024-01-28,out
2024-01-29,in
2024-02-28,in
2024-02-29,out
X

t "1m as of 2024-12-31: 2024-11-30 to 2024-12-30"
win 1m 2024-12-31 2024-11-29 2024-11-30 2024-12-30 2024-12-31
expect_out <<'X'
customer_id,grade
2024-11-29,out
2024-11-30,in
2024-12-30,in
2024-12-31,out
X

t "1m as of 2024-10-01 and 2024-01-01: the previous calendar month, across a year end"
win 1m 2024-10-01 2024-08-31 2024-09-01 2024-09-30 2024-10-01
expect_out <<'X'
customer_id,grade
2024-08-31,out
2024-09-01,in
2024-09-30,in
2024-10-01,out
X
win 1m 2024-01-01 2023-11-30 2023-12-01 2023-12-31 2024-01-01
expect_out <<'X'
customer_id,grade
2023-11-30,out
2023-12-01,in
2023-12-31,in
2024-01-01,out
X

t "2m as of 2024-04-30 starts on the last day of February; 3m as of 2024-05-31 on 2024-02-29"
win 2m 2024-04-30 2024-02-28 2024-02-29 2024-03-01
expect_out <<'X'
customer_id,grade
2024-02-28,out
2024-02-29,in
2024-03-01,in
X
win 3m 2024-05-31 2024-02-28 2024-02-29
expect_out <<'X'
customer_id,grade
2024-02-28,out
2024-02-29,in
X

t "12m and 1y as of the leap day 2024-02-29 start on 2023-02-28"
for w in 12m 1y; do
	win $w 2024-02-29 2023-02-27 2023-02-28 2024-02-28 2024-02-29
	expect_out <<'X'
customer_id,grade
2023-02-27,out
2023-02-28,in
2024-02-28,in
2024-02-29,out
X
done

t "12m as of 2025-03-01: 2024-03-01 to 2025-02-28; 2y as of 2024-12-31: from 2022-12-31"
win 12m 2025-03-01 2024-02-29 2024-03-01 2025-02-28 2025-03-01
expect_out <<'X'
customer_id,grade
2024-02-29,out
2024-03-01,in
2025-02-28,in
2025-03-01,out
X
win 2y 2024-12-31 2022-12-30 2022-12-31 2024-12-30
expect_out <<'X'
customer_id,grade
2022-12-30,out
2022-12-31,in
2024-12-30,in
X

t "30d as of 2024-03-01: the 30 days 2024-01-31 to 2024-02-29"
win 30d 2024-03-01 2024-01-30 2024-01-31 2024-02-29 2024-03-01
expect_out <<'X'
customer_id,grade
2024-01-30,out
2024-01-31,in
2024-02-29,in
2024-03-01,out
X

t "1d is the day before; 7d across a year end; 365d and 366d over a leap year"
win 1d 2024-03-01 2024-02-28 2024-02-29 2024-03-01
expect_out <<'X'
customer_id,grade
2024-02-28,out
2024-02-29,in
2024-03-01,out
X
win 7d 2024-01-03 2023-12-26 2023-12-27 2024-01-02 2024-01-03
expect_out <<'X'
customer_id,grade
2023-12-26,out
2023-12-27,in
2024-01-02,in
2024-01-03,out
X
win 365d 2025-01-01 2024-01-01 2024-01-02
expect_out <<'X'
customer_id,grade
2024-01-01,out
2024-01-02,in
X
win 366d 2025-01-01 2023-12-31 2024-01-01
expect_out <<'X'
customer_id,grade
2023-12-31,out
2024-01-01,in
X

t "all: every day before the as-of date, none from it on"
win all 2024-03-01 1970-01-01 1999-12-31 2024-02-29 2024-03-01 2030-01-01
expect_out <<'X'
customer_id,grade
1970-01-01,in
1999-12-31,in
2024-02-29,in
2024-03-01,out
2030-01-01,out
X

t "the file's window is every rule's without one of its own; the default is all"
printf 'order_id,customer_id,order_date,amount\n1,A,2024-08-31,1\n2,B,2024-09-01,1\n' >fw-orders.csv
printf '{"grades": ["out", "in"], "window": "1m", "tiers": [{"grade": "in", "when": "count() >= 1"}, {"grade": "out"}]}' >fw.rules.json
run cust-grade --rules fw.rules.json --orders fw-orders.csv --orders-only -q --as-of 2024-10-01
out_cut 1,2
expect_out <<'X'
customer_id,grade
A,out
B,in
X
printf '{"grades": ["out", "in"], "window": "1m", "tiers": [{"grade": "in", "when": "count() >= 1", "window": "2m"}, {"grade": "out"}]}' >fw.rules.json
run cust-grade --rules fw.rules.json --orders fw-orders.csv --orders-only -q --as-of 2024-10-01
out_cut 1,2
expect_out <<'X'
customer_id,grade
A,in
B,in
X
printf '{"grades": ["out", "in"], "tiers": [{"grade": "in", "when": "count() >= 1"}, {"grade": "out"}]}' >fw.rules.json
run cust-grade --rules fw.rules.json --orders fw-orders.csv --orders-only -q --as-of 2024-09-01
out_cut 1,2
expect_out <<'X'
customer_id,grade
A,in
B,out
X

# each N: customers (all "low") whose orders are the dates given after
# their id, separated by "/"; a promote rule needs an order in each of
# the last N calendar months.
each() {
	n=$1 asof=$2
	shift 2
	echo customer_id,grade >each-customers.csv
	echo order_id,customer_id,order_date,amount >each-orders.csv
	k=0
	for c in "$@"; do
		id=${c%%:*}
		echo "$id,low" >>each-customers.csv
		for d in $(echo "${c#*:}" | tr / ' '); do
			k=$((k + 1))
			echo "$k,$id,$d,1" >>each-orders.csv
		done
	done
	printf '{"grades": ["low", "high"], "tiers": [{"grade": "low"}], "promote": [{"to": "high", "when": "count() >= 1", "each_month": %s}]}' "$n" >each.rules.json
	run cust-grade --rules each.rules.json --orders each-orders.csv -q --as-of "$asof" each-customers.csv
	out_cut 1,2
	expect_status 0
	expect_err </dev/null
}

t "each_month 1 as of 2024-03-31 is February 2024, whole: 02-01 to 02-29"
each 1 2024-03-31 a:2024-01-31 b:2024-02-01 c:2024-02-29 d:2024-03-01 e:2024-03-30
expect_out <<'X'
customer_id,grade
a,low
b,high
c,high
d,low
e,low
X

t "each_month 1 as of 2024-03-01 is February too; as of 2024-01-01, December 2023"
each 1 2024-03-01 a:2024-01-31 b:2024-02-01 c:2024-02-29 d:2024-03-01
expect_out <<'X'
customer_id,grade
a,low
b,high
c,high
d,low
X
each 1 2024-01-01 a:2023-11-30 b:2023-12-01 c:2023-12-31 d:2024-01-01
expect_out <<'X'
customer_id,grade
a,low
b,high
c,high
d,low
X

t "each_month 2 as of 2024-03-15 needs January and February 2024 each"
each 2 2024-03-15 a:2024-01-01/2024-02-29 b:2024-01-31/2024-02-01 c:2024-02-01/2024-02-29 d:2024-01-15/2024-03-01 e:2023-12-31/2024-02-10 f:2024-01-10/2024-03-14
expect_out <<'X'
customer_id,grade
a,high
b,high
c,low
d,low
e,low
f,low
X

t "each_month 3 as of 2025-01-01 looks back across the year end: October to December 2024"
each 3 2025-01-01 a:2024-10-01/2024-11-30/2024-12-31 b:2024-09-30/2024-11-01/2024-12-01 c:2024-10-31/2024-11-15/2025-01-01
expect_out <<'X'
customer_id,grade
a,high
b,low
c,low
X
