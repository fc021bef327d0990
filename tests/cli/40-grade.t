# cust-grade: the four rule sets of examples/grade, history, idempotence,
# bad rules and bad orders.

G="$EXAMPLES/grade"
cp "$G"/*.csv "$G"/*.json .

t "monthly tiers: exactly 500.00 is not > 500; cancelled and later orders do not count"
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 customers.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,城市,grade,grade_prev,grade_updated,grade_reason
C001,张伟,北京,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C002,王芳,上海,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
C003,李娜,广州,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C004,刘洋,深圳,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C005,陈静,杭州,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C006,杨帆,成都,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X
expect_err <<'X'
cust-grade: 2 of 6 customers have no counted orders before the as-of date
X

t "promote after 3 months over 500, demote after 6 months under 100, otherwise keep"
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history h.csv customers-graded.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,城市,grade,grade_prev,grade_updated,grade_reason
C001,张伟,北京,中级,,,
C002,王芳,上海,高级,中级,2024-10-01,您已连续3个月每月消费超过500元，升级为高级
C003,李娜,广州,低级,高级,2024-10-01,连续6个月每月消费金额低于100，由高级调整为低级
C004,刘洋,深圳,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C005,陈静,杭州,中级,,,
C006,杨帆,成都,低级,,,
X
cp "$T_OUT" graded.csv
expect_file h.csv <<'X'
customer_id,date,from,to,reason
C002,2024-10-01,中级,高级,您已连续3个月每月消费超过500元，升级为高级
C003,2024-10-01,高级,低级,连续6个月每月消费金额低于100，由高级调整为低级
C004,2024-10-01,,低级,未达到更高等级的条件，等级为低级
X

t "re-running the same inputs and as-of changes nothing and appends nothing"
cp h.csv h-before.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history h.csv customers-graded.csv
expect_out_file graded.csv
expect_file h.csv <h-before.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history h.csv graded.csv
expect_out_file graded.csv
expect_file h.csv <h-before.csv

t "--changes outputs only the customers whose grade changed"
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --changes customers-graded.csv
expect_out <<'X'
客户编号,姓名,城市,grade,grade_prev,grade_updated,grade_reason
C002,王芳,上海,高级,中级,2024-10-01,您已连续3个月每月消费超过500元，升级为高级
C003,李娜,广州,低级,高级,2024-10-01,连续6个月每月消费金额低于100，由高级调整为低级
C004,刘洋,深圳,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X

t "the history is the memory between runs of a CRM export without grades"
rm -f h2.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-07-01 --history h2.csv customers.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history h2.csv --changes --to jsonl customers.csv
expect_status 0
expect_out <<'X'
{"客户编号":"C002","姓名":"王芳","城市":"上海","grade":"高级","grade_prev":"低级","grade_updated":"2024-10-01","grade_reason":"您已连续3个月每月消费超过500元，升级为高级"}
X

t "the history: the latest change before the as-of date counts wherever it stands; a file without a final newline is appended to cleanly"
printf 'customer_id,date,from,to,reason\nC002,2024-09-01,低级,中级,x\nC002,2024-07-01,,低级,back-filled\nC003,2024-09-01,,高级,y' >hb.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history hb.csv --changes -q customers.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,城市,grade,grade_prev,grade_updated,grade_reason
C001,张伟,北京,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C002,王芳,上海,高级,中级,2024-10-01,您已连续3个月每月消费超过500元，升级为高级
C003,李娜,广州,低级,高级,2024-10-01,连续6个月每月消费金额低于100，由高级调整为低级
C004,刘洋,深圳,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C005,陈静,杭州,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C006,杨帆,成都,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X
expect_file hb.csv <<'X'
customer_id,date,from,to,reason
C002,2024-09-01,低级,中级,x
C002,2024-07-01,,低级,back-filled
C003,2024-09-01,,高级,y
C001,2024-10-01,,中级,近1个月消费金额达到100，等级为中级
C002,2024-10-01,中级,高级,您已连续3个月每月消费超过500元，升级为高级
C003,2024-10-01,高级,低级,连续6个月每月消费金额低于100，由高级调整为低级
C004,2024-10-01,,低级,未达到更高等级的条件，等级为低级
C005,2024-10-01,,中级,近1个月消费金额达到100，等级为中级
C006,2024-10-01,,低级,未达到更高等级的条件，等级为低级
X

t "a customer table given as the history is refused and left as it was"
cp customers.csv not-history.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history not-history.csv customers.csv
expect_status 3
expect_err <<'X'
cust-grade: not-history.csv: not a grade history (its header must be customer_id,date,from,to,reason)
X
expect_file not-history.csv <customers.csv

t "钻石/黄金/普通 by 12-month spend and order count; refunds do not count"
run cust-grade --rules vip.rules.json --orders vip-orders.csv --as-of 2024-10-01 -q vip-customers.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
M101,周杰,钻石会员,,2024-10-01,近12个月消费金额超过100000且订单数达到100，等级为钻石会员
M102,吴敏,黄金会员,,2024-10-01,近12个月消费金额达到50000，等级为黄金会员
M103,郑强,黄金会员,,2024-10-01,近12个月消费金额达到50000，等级为黄金会员
M104,孙丽,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
M105,马超,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
X

t "hotel guests by stays and nights, from the stays alone (--orders-only)"
run cust-grade --rules hotel.rules.json --orders stays.csv --orders-only --as-of 2024-10-01
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
H01,贵宾,,2024-10-01,累计订单数达到20且nights合计超过30，等级为贵宾
H02,常客,,2024-10-01,累计订单数达到10或nights合计达到15，等级为常客
H03,常客,,2024-10-01,累计订单数达到10或nights合计达到15，等级为常客
H04,新客,,2024-10-01,未达到更高等级的条件，等级为新客
X

t "--orders-only grades every id in the orders, also one whose orders are all cancelled or later"
run cust-grade --rules monthly.rules.json --orders orders.csv --orders-only --as-of 2024-10-01 -q
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
C001,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C002,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
C003,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C005,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C006,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X
run cust-grade --rules vip.rules.json --orders vip-orders.csv --orders-only --as-of 2000-01-01 --allow-empty
check "five customers, all 普通会员" test "$(grep -c ',普通会员,' "$T_OUT")" -eq 5

t "an as-of date before all orders: refused, unless --allow-empty: then every customer gets the lowest tier"
run cust-grade --rules vip.rules.json --orders vip-orders.csv --as-of 2000-01-01 -q vip-customers.csv
expect_status 1
expect_out </dev/null
expect_err <<'X'
cust-grade: vip-orders.csv: none of the 394 orders falls in the periods the rules look at (as of 2000-01-01): nothing graded or written; --allow-empty grades without them
X
run cust-grade --rules vip.rules.json --orders vip-orders.csv --as-of 2000-01-01 -q --allow-empty vip-customers.csv
expect_status 0
check "all 普通会员" test "$(grep -c ',普通会员,' "$T_OUT")" -eq 5

t "every aggregate, exactly: empty and decorated amounts, a product with an empty factor"
cat >agg-orders.csv <<'X'
order_id,customer_id,order_date,amount,qty,price,status
1,A,2024-01-05,"¥1,000.00",2,5.5,paid
2,A,2024-01-06,,1,3,paid
3,A,2024-01-07,200.25,3,0.5,paid
4,A,2024-01-08,200.25,,4,paid
5,B,2024-01-09,5,1,1,cancelled
6,B,2024-01-10,7,1,1,paid
X
cat >agg.rules.json <<'X'
{"grades": ["bad", "ok"], "window": "all",
 "tiers": [
  {"grade": "ok", "reason": "A", "when": "sum(amount) == 1400.50 && count(amount) == 3 && count() == 4 && avg(amount) == 466.833333 && min(amount) == 200.25 && max(amount) == 1000 && distinct(amount) == 2 && sum(qty * price) == 15.5 && count(qty * price) == 3"},
  {"grade": "ok", "reason": "B", "when": "sum(amount) == 7 && count() == 1 && min(qty * price) == 1"},
  {"grade": "bad", "reason": "none"}]}
X
run cust-grade --rules agg.rules.json --orders agg-orders.csv --orders-only --as-of 2024-02-01
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,ok,,2024-02-01,A
B,ok,,2024-02-01,B
X

t "amounts are read as money is everywhere: full-width digits, 元, RMB, a trailing minus; a decimal comma is no number"
printf '订单编号,客户编号,下单日期,金额,状态\nW1,C001,2024-09-03,１００元,已付款\nW2,C001,2024-09-04,"RMB 1,000.50",已付款\nW3,C001,2024-09-05,0.50-,已付款\nW4,C002,2024-09-05,"1,5",已付款\n' >wide-orders.csv
printf '{"grades": ["z", "a"], "window": "1m", "tiers": [{"grade": "a", "when": "sum(amount) == 1100 && count() == 3"}, {"grade": "z"}]}' >wide.rules.json
run cust-grade --rules wide.rules.json --orders wide-orders.csv --orders-only --as-of 2024-10-01
expect_status 1
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
C001,a,,2024-10-01,Graded a: spend is 1100 and exactly 3 orders in the last month
C002,z,,2024-10-01,Graded z: the conditions of the higher grades are not met
X
expect_err <<'X'
cust-grade: wide-orders.csv:5: 金额: not a number: "1,5"
cust-grade: 1 of 2 customers has no counted orders before the as-of date
X

t "a messy GB18030 export of orders: 年月日, Excel serial and slashed dates, times, ¥ and full-width amounts, padded ids"
printf '订单编号,客户编号,下单日期,金额,状态\nX1,C001,2024年9月3日,"¥1,234.50",已付款\nX2,C001,45550,１００元,已付款\nX3,C002,2024/9/5 10:11:12,(12.00),已付款\nX4,C002,2024-09-05T10:11:12,-12,已付款\nX5,C003,20240906,12.5,已付款\nX6, C003 ,2024.09.07,12.5,已付款\nX7,C004,2024-09-07,12.5,已取消\n' | iconv -f UTF-8 -t GB18030 >messy-orders.csv
printf '{"grades": ["z", "a"], "window": "1m", "tiers": [{"grade": "a", "reason": "1334.5", "when": "sum(amount) == 1334.5 && count() == 2"}, {"grade": "a", "reason": "-24", "when": "sum(amount) == -24 && count() == 2"}, {"grade": "a", "reason": "25", "when": "sum(amount) == 25 && count() == 2"}, {"grade": "z", "reason": "none"}]}' >messy.rules.json
run cust-grade --rules messy.rules.json --orders messy-orders.csv --orders-only --as-of 2024-10-01
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
C001,a,,2024-10-01,1334.5
C002,a,,2024-10-01,-24
C003,a,,2024-10-01,25
C004,z,,2024-10-01,none
X
expect_err <<'X'
cust-grade: messy-orders.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
cust-grade: 1 of 4 customers has no counted orders before the as-of date
X

t "count(x) counts values, text too; distinct(x) takes numbers as numbers"
printf 'order_id,customer_id,order_date,amount,channel\n1,A,2024-09-01,1.0,web\n2,A,2024-09-02,1.00,app\n3,A,2024-09-03,1,\n4,A,2024-09-04,¥1,web\n' >text-orders.csv
printf '{"grades": ["F", "T"], "tiers": [{"grade": "T", "reason": "ok", "when": "count(channel) == 3 && distinct(channel) == 2 && distinct(amount) == 1 && count(amount) == 4"}, {"grade": "F"}]}' >text.rules.json
run cust-grade --rules text.rules.json --orders text-orders.csv --orders-only --as-of 2024-10-01
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,T,,2024-10-01,ok
X

t "recency() in each of the last months is counted to the end of that month"
printf 'order_id,customer_id,order_date,amount\n1,A,2024-07-25,1\n2,A,2024-08-28,1\n3,A,2024-09-29,1\n4,B,2024-07-10,1\n5,B,2024-08-28,1\n6,B,2024-09-29,1\n' >rec-orders.csv
printf '{"grades": ["low", "high"], "tiers": [{"grade": "low"}], "promote": [{"to": "high", "when": "recency() <= 7", "each_month": 3}]}' >rec.rules.json
printf 'customer_id,grade\nA,low\nB,low\n' >rec-customers.csv
run cust-grade --rules rec.rules.json --orders rec-orders.csv --as-of 2024-10-15 --changes rec-customers.csv
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,high,low,2024-10-15,Promoted from low to high: days since the last order at most 7 in each of the last 3 months
X

t "--orders-only counts the customers without counted orders, and --strict makes them a finding"
printf 'order_id,customer_id,order_date,amount,status\n1,A,2024-09-01,20,cancelled\n2,B,2024-09-01,5,paid\n3,C,2024-11-01,5,paid\n' >strict-orders.csv
run cust-grade --rules monthly.rules.json --orders strict-orders.csv --orders-only --strict --as-of 2024-10-01
expect_status 1
expect_err <<'X'
cust-grade: 2 of 3 customers have no counted orders before the as-of date
X

t "an empty or header-only customer table, or a closed stdin: exit 3, no customers, nothing written"
: >empty.csv
printf '客户编号,姓名\n' >header-only.csv
printf 'old\n' >graded.csv
for f in empty.csv header-only.csv; do
	run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -o graded.csv $f
	expect_status 3
	expect_err <<'X'
cust-grade: no customers in the customer table: nothing graded or written
X
done
run_stdin /dev/null cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -o graded.csv
expect_status 3
expect_err <<'X'
cust-grade: no customers in the customer table: nothing graded or written
X
# A closed standard input: the orders file must not be read again as the
# customer table through the descriptor it would take.
run sh -c 'cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -o graded.csv <&-'
expect_status 3
expect_err <<'X'
cust-grade: no customers in the customer table: nothing graded or written
X
expect_file graded.csv <<'X'
old
X

t "numbers past the largest are told as too large, in the rules and in the orders"
printf 'order_id,customer_id,order_date,amount\n1,A,2024-09-01,10000000000000\n2,A,2024-09-02,5\n' >big-orders.csv
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amount) > 9223372036855"}, {"grade": "a"}]}' >big.rules.json
run cust-grade --rules big.rules.json --orders big-orders.csv --orders-only --as-of 2024-10-01
expect_status 2
expect_err <<'X'
cust-grade: big.rules.json: tiers[0].when: column 15: number too large (at most 9223372036854.775807)
X
run cust-grade --rules monthly.rules.json --orders big-orders.csv --orders-only --as-of 2024-10-01
expect_status 1
expect_err <<'X'
cust-grade: big-orders.csv:2: amount: too large a number (at most 9223372036854.775807): "10000000000000"
X

t "a sum past the largest number is null, and said to be"
printf 'order_id,customer_id,order_date,amount\n1,A,2024-09-01,9000000000000\n2,A,2024-09-02,9000000000000\n3,B,2024-09-02,600\n' >ov.csv
run cust-grade --rules monthly.rules.json --orders ov.csv --orders-only --as-of 2024-10-01
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,低级,,2024-10-01,未达到更高等级的条件，等级为低级
B,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
X
expect_err <<'X'
cust-grade: 1 sum is too large (past 9223372036854.775807) and counts as null
X

t "a chain of 50,000 terms is refused, not a crash"
awk 'BEGIN { printf "{\"grades\": [\"a\", \"b\"], \"tiers\": [{\"grade\": \"b\", \"when\": \"1"; for (i = 0; i < 50000; i++) printf " + 1"; printf " > 0\"}, {\"grade\": \"a\"}]}" }' >long.rules.json
run cust-grade --rules long.rules.json --orders orders.csv --as-of 2024-10-01 customers.csv
expect_status 2
expect_err <<'X'
cust-grade: long.rules.json: tiers[0].when: column 8007: expression too long (more than 2000 operators in a row)
X

t "--order-col is named in its own errors"
run cust-grade --rules monthly.rules.json --orders orders.csv --order-col order_date=nosuch customers.csv
expect_status 2
expect_err <<'X'
cust-grade: --order-col order_date=nosuch: no column named 'nosuch'
X

t "unreadable dates and amounts are rejected with file:line, never counted as zero"
printf '订单编号,客户编号,下单日期,金额,状态\nB1,C001,2024-09-10,600,已付款\nB2,C001,2024-13-45,100,已付款\nB3,C002,2024-09-11,abc,已付款\nB4,,2024-09-12,50,已付款\nB5,C002,2024-09-12,200,已付款\n' >bad-orders.csv
run cust-grade --rules monthly.rules.json --orders bad-orders.csv --as-of 2024-10-01 --rejects rej.csv --changes -q customers.csv
expect_status 1
expect_out <<'X'
客户编号,姓名,城市,grade,grade_prev,grade_updated,grade_reason
C001,张伟,北京,高级,,2024-10-01,近1个月消费金额超过500，等级为高级
C002,王芳,上海,中级,,2024-10-01,近1个月消费金额达到100，等级为中级
C003,李娜,广州,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C004,刘洋,深圳,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C005,陈静,杭州,低级,,2024-10-01,未达到更高等级的条件，等级为低级
C006,杨帆,成都,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X
expect_file rej.csv <<'X'
订单编号,客户编号,下单日期,金额,状态,_line,_errors
B2,C001,2024-13-45,100,已付款,3,"下单日期: no such date: ""2024-13-45"""
B3,C002,2024-09-11,abc,已付款,4,"金额: not a number: ""abc"""
B4,,2024-09-12,50,已付款,5,no customer id
X
run cust-grade --rules monthly.rules.json --orders bad-orders.csv --as-of 2024-10-01 --changes customers.csv
expect_status 1
expect_err <<'X'
cust-grade: bad-orders.csv:3: 下单日期: no such date: "2024-13-45"
cust-grade: bad-orders.csv:4: 金额: not a number: "abc"
cust-grade: bad-orders.csv:5: no customer id
cust-grade: 4 of 6 customers have no counted orders before the as-of date
X
# -q: no message per record; how many, and the status, remain.
run cust-grade --rules monthly.rules.json --orders bad-orders.csv --as-of 2024-10-01 -q --changes customers.csv
expect_status 1
expect_err <<'X'
cust-grade: 3 invalid records (use --rejects FILE to keep them)
X

t "--strict makes customers without orders a finding, and grades them all the same"
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 customers.csv
cp "$T_OUT" not-strict.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 --strict customers.csv
expect_status 1
expect_out_file not-strict.csv
expect_out_has 'C004,刘洋,深圳,低级,,2024-10-01,未达到更高等级的条件，等级为低级'
expect_err <<'X'
cust-grade: 2 of 6 customers have no counted orders before the as-of date
X

t "a bad expression exits 2 naming the rule and the column"
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amount) > "}, {"grade": "a"}]}' >bad1.json
run cust-grade --rules bad1.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad1.json: tiers[0].when: column 15: expected an operand, found the end
X
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amout) > 1"}, {"grade": "a"}]}' >bad2.json
run cust-grade --rules bad2.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad2.json: tiers[0].when: column 5: unknown order column 'amout'
X
printf '{"grades": ["a"], "tiers": [{"grade": "z"}]}' >bad3.json
run cust-grade --rules bad3.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad3.json: tiers[0].grade: 'z' is not one of the grades
X
printf '{"grades": ["a", "b"], "tiers": [{"grade": "a"}], "promote": [{"to": "b", "when": "count() > 1", "each_month": 0}]}' >bad4.json
run cust-grade --rules bad4.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad4.json: promote[0].each_month: expected a number of months from 1 to 120
X
printf '{"grades": ["a"], "tier": []}' >bad5.json
run cust-grade --rules bad5.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad5.json: top level: unknown key 'tier'
X

printf '{"grades": ["a", "a"], "tiers": [{"grade": "a"}]}' >bad6.json
run cust-grade --rules bad6.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad6.json: grades: 'a' is listed twice
X
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amount)"}, {"grade": "a"}]}' >bad7.json
run cust-grade --rules bad7.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad7.json: tiers[0].when: expected a condition such as sum(amount) > 100, found a number
X

t "a grade that is not one of the grades is graded afresh and kept in grade_prev; a name with spaces is the name"
printf '客户编号,姓名,grade\nC001,张伟,VIP\nC002,王芳, 高级 \nC003,李娜,\n' >old-grades.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history hv.csv old-grades.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
C001,张伟,中级,VIP,2024-10-01,近1个月消费金额达到100，等级为中级
C002,王芳,高级,,,
C003,李娜,低级,,2024-10-01,未达到更高等级的条件，等级为低级
X
expect_err <<'X'
cust-grade: old-grades.csv:2: C001: grade 'VIP' is not one of the grades of promote.rules.json; graded afresh
cust-grade: 2 order customer ids are not in the customer table: C005, C006
X
cp "$T_OUT" old-graded.csv
cp hv.csv hv-before.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history hv.csv -q old-graded.csv
expect_out_file old-graded.csv
expect_file hv.csv <hv-before.csv

t "a CRM's own grade column (会员等级) is the one read and updated"
printf '客户编号,姓名,会员等级\nC001,张伟,中级\nC002,王芳,中级\nC003,李娜,高级\n' >crm.csv
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 -q crm.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,会员等级,grade_prev,grade_updated,grade_reason
C001,张伟,中级,,,
C002,王芳,高级,中级,2024-10-01,您已连续3个月每月消费超过500元，升级为高级
C003,李娜,低级,高级,2024-10-01,连续6个月每月消费金额低于100，由高级调整为低级
X

t "a reason's {from} names a grade of an older scheme as it was written"
printf '{"grades": ["低级", "高级"], "tiers": [{"grade": "高级", "when": "sum(amount) > 500", "reason": "由{from}调整为{grade}"}, {"grade": "低级", "reason": "由{from}调整为{grade}"}]}' >from.rules.json
printf '客户编号,grade\nC001,VIP\nC002,\nC003,低级\n' >from-customers.csv
run cust-grade --rules from.rules.json --orders orders.csv --as-of 2024-10-01 -q from-customers.csv
expect_out <<'X'
客户编号,grade,grade_prev,grade_updated,grade_reason
C001,高级,VIP,2024-10-01,由VIP调整为高级
C002,高级,,2024-10-01,由无等级调整为高级
C003,低级,,,
X

t "no file the run writes may be one it reads or another it writes"
printf 'customer_id,date,from,to,reason\nZ,2024-01-01,,低级,old\n' >keep.log
cp keep.log keep-before.log
ln -sf keep.log keep-link.log
while IFS='|' read -r args msg; do
	# shellcheck disable=SC2086
	run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q $args customers.csv
	expect_status 2
	printf 'cust-grade: %s\nTry '"'"'cust-grade --help'"'"' for more information.\n' "$msg" | expect_err
done <<'X'
--history keep.log --to csv -o keep.log|--history keep.log is also the -o file
--history keep.log --to csv -o keep-link.log|--history keep.log is also the -o file
--history keep.log --rejects keep.log|--history keep.log is also the --rejects file
--rejects orders.csv|--rejects orders.csv is also the --orders file
-o orders.csv|-o orders.csv is also the --orders file
--history customers.csv|--history customers.csv is also the customer table customers.csv
X
expect_file keep.log <keep-before.log
check "the orders are whole" cmp -s orders.csv "$G/orders.csv"
cp customers.csv in-place.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q -o in-place.csv in-place.csv
expect_status 0
check "grading a table in place works" grep -q '^C002,王芳,上海,高级,' in-place.csv

t "reasons: no period for a condition on the customer's own columns; each_month 1; English for non-Han grades"
printf 'customer_id,消费金额\nA,5000\n' >own.csv
printf '{"grades": ["普通", "黄金"], "window": "12m", "tiers": [{"grade": "黄金", "when": "消费金额 >= 1000"}, {"grade": "普通"}]}' >own.rules.json
run cust-grade --rules own.rules.json --orders orders.csv --as-of 2024-10-01 -q own.csv
expect_out <<'X'
customer_id,消费金额,grade,grade_prev,grade_updated,grade_reason
A,5000,黄金,,2024-10-01,消费金额达到1000，等级为黄金
X
printf '{"grades": ["Standard", "Élite"], "tiers": [{"grade": "Standard"}], "promote": [{"to": "Élite", "when": "count() >= 1", "each_month": 1}]}' >elite.rules.json
printf 'customer_id,grade\nC001,Standard\n' >elite.csv
run cust-grade --rules elite.rules.json --orders orders.csv --as-of 2024-10-01 -q elite.csv
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
C001,Élite,Standard,2024-10-01,Promoted from Standard to Élite: at least 1 order in the last calendar month
X

t "reason placeholders of other spellings, and {months} without months, are mistakes"
for reason in '{Grade}' '{月份}' '{ when }'; do
	printf '{"grades": ["a", "b"], "tiers": [{"grade": "a", "reason": "%s"}]}' "$reason" >ph.json
	run cust-grade --rules ph.json --orders orders.csv customers.csv
	expect_status 2
	expect_err_has "unknown placeholder '$reason'"
done
printf '{"grades": ["a", "b"], "tiers": [{"grade": "a", "reason": "{months} months"}]}' >ph.json
run cust-grade --rules ph.json --orders orders.csv customers.csv
expect_err <<'X'
cust-grade: ph.json: tiers[0].reason: {months} is for a rule with each_month
X

t "--col grade= names the grade column even beside a 'grade' one, and it cannot be the id"
printf 'customer_id,grade,会员等级\nC001,低级,低级\n' >both.csv
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q --col grade=会员等级 both.csv
expect_out <<'X'
customer_id,grade,会员等级,grade_prev,grade_updated,grade_reason
C001,低级,中级,低级,2024-10-01,近1个月消费金额达到100，等级为中级
X
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-10-01 -q --col grade=customer_id --col id=customer_id both.csv
expect_status 2
expect_err <<'X'
cust-grade: the grade column cannot be the customer id column
X

t "customers that meet no tier have no grade, and are counted"
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amount) > 1000"}]}' >no-catch-all.json
run cust-grade --rules no-catch-all.json --orders orders.csv --as-of 2024-10-01 customers.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,城市,grade,grade_prev,grade_updated,grade_reason
C001,张伟,北京,b,,2024-10-01,Graded b: spend over 1000 to date
C002,王芳,上海,b,,2024-10-01,Graded b: spend over 1000 to date
C003,李娜,广州,,,,
C004,刘洋,深圳,,,,
C005,陈静,杭州,,,,
C006,杨帆,成都,,,,
X
expect_err <<'X'
cust-grade: 2 of 6 customers have no counted orders before the as-of date
cust-grade: 4 of 6 customers meet no tier's condition and have no grade (a last tier without "when" grades everyone else)
X

t "promote and demote rules that could never fire, or say two things, are refused one by one"
while IFS='|' read -r rule msg; do
	printf '{"grades": ["a", "b"], "tiers": [{"grade": "a"}], %s}' "$rule" >bad8.json
	run cust-grade --rules bad8.json --orders orders.csv customers.csv
	expect_status 2
	printf 'cust-grade: bad8.json: %s\n' "$msg" | expect_err
done <<'X'
"promote": [{"to": "a", "when": "count() > 1"}]|promote[0].to: 'a' is the lowest grade: no one can be promoted to it
"demote": [{"to": "b", "when": "count() < 1"}]|demote[0].to: 'b' is the highest grade: no one can be demoted to it
"demote": [{"to": "a", "when": "count() < 1", "each_month": 3, "window": "1m"}]|demote[0].each_month: a rule judged month by month has no window: keep one of the two
"demote": [{"to": "a", "when": "count() < 1", "reason": "{grde} since {months} months"}]|demote[0].reason: unknown placeholder '{grde}' (there are {grade} {from} {to} {months} {window} {when} {expr})
X
printf '{"grades": ["a", "b"], "tiers": [{"grade": "a"}], "promote": [{"to": "a", "when": "count() > 1"}]}' >bad9.json
run cust-grade --rules bad9.json --orders orders.csv customers.csv
expect_err <<'X'
cust-grade: bad9.json: promote[0].to: 'a' is the lowest grade: no one can be promoted to it
X
printf '{"grades": ["a", "b"], "tiers": [{"grade": "a"}], "demote": [{"to": "a", "when": "count() < 1", "each_month": 3, "window": "1m"}]}' >bad10.json
run cust-grade --rules bad10.json --orders orders.csv customers.csv
expect_err <<'X'
cust-grade: bad10.json: demote[0].each_month: a rule judged month by month has no window: keep one of the two
X
printf '{"grades": ["gold", " gold "], "tiers": [{"grade": "gold"}]}' >bad11.json
run cust-grade --rules bad11.json --orders orders.csv customers.csv
expect_err <<'X'
cust-grade: bad11.json: grades: 'gold' is listed twice
X

t "rules are checked before the data is opened: a mistake is told even when the orders are missing"
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "count() >"}, {"grade": "a"}]}' >bad12.json
run cust-grade --rules bad12.json --orders no-such-orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-grade: bad12.json: tiers[0].when: column 10: expected an operand, found the end
X

t "usage errors"
run cust-grade --orders orders.csv customers.csv
expect_status 2
expect_err_has "--rules FILE and --orders FILE are both needed"
run cust-grade --rules monthly.rules.json --orders orders.csv --as-of 2024-02-30 customers.csv
expect_status 2
expect_err_has "--as-of 2024-02-30: not a date (no such date)"
run cust-grade --rules monthly.rules.json --orders orders.csv --rejects - customers.csv
expect_status 2
expect_err_has "--rejects - and the output both write to standard output; name a file for one of them"
run_stdin orders.csv cust-grade --rules monthly.rules.json --orders - --as-of 2024-10-01
expect_status 2
expect_err_has "--orders - reads standard input: name the customer table, or use --orders-only"
run_stdin orders.csv cust-grade --rules monthly.rules.json --orders - --as-of 2024-10-01 customers.csv -
expect_status 2
expect_err_has "standard input cannot hold both the --orders file and the customer table"

t "sharded by customer id, the grades and histories are those of one run"
run cust-grade --rules promote.rules.json --orders orders.csv --as-of 2024-10-01 --history whole.log -q customers-graded.csv
sort "$T_OUT" >whole.csv
for k in 0 1; do
	# A shard: the customers and the orders whose id ends in an even (odd) digit.
	awk -F, -v k=$k 'NR == 1 || substr($1, length($1)) % 2 == k' customers-graded.csv >c$k.csv
	awk -F, -v k=$k 'NR == 1 || substr($2, length($2)) % 2 == k' orders.csv >o$k.csv
	cust-grade --rules promote.rules.json --orders o$k.csv --as-of 2024-10-01 --history h$k.log -q c$k.csv >g$k.csv
done
check "the shards' output is the whole run's" sh -c 'cat g0.csv g1.csv | sort -u | cmp -s - whole.csv'
check "the shards' histories are the whole run's" sh -c 'cat h0.log h1.log | sort -u | cmp -s - "$(sort whole.log >whole.sorted && echo whole.sorted)"'

t "12-month tiers on Quantity * UnitPrice, against an oracle computed with Python's Decimal"
# tests/oracle/retail.py wrote these orders (UCI-shaped, dates on the
# window's edges, sums exactly on the thresholds in prices a double cannot
# hold, returns, lines without an id) and the grades they must give.
O="$DATA/oracle"
run cust-grade --rules "$G/retail.rules.json" --orders "$O/retail-orders.csv" --orders-only --as-of 2011-12-10 -q --rejects noid.csv
expect_status 1
cut -d, -f1,2 "$T_OUT" | sort >got.csv
cut -d, -f1,2 "$O/retail-grades.csv" | sort >want.csv
check "the grades are the oracle's" cmp -s got.csv want.csv
check "every line without a customer id is rejected, no other" \
    test "$(($(wc -l <noid.csv) - 1))" -eq "$(awk -F, '$7 == ""' "$O/retail-orders.csv" | wc -l)"
check "the oracle has every grade and the rejects" sh -c "test \$(cut -d, -f2 want.csv | sort -u | wc -l) -eq 5 && test \$(wc -l <noid.csv) -gt 10"

t "UCI Online Retail: 12-month tiers on Quantity * UnitPrice, checked against Python's Decimal"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	gzip -dc "$SHARED/online-retail/online-retail.csv.gz" >retail.csv
	run cust-grade --rules retail.rules.json --orders retail.csv --orders-only --as-of 2011-12-10 --rejects noid.csv
	expect_status 1
	cp "$T_OUT" retail-graded.csv
	check "4372 customers graded" test "$(($(wc -l <retail-graded.csv) - 1))" -eq 4372
	check "135080 lines without a customer id rejected" test "$(($(wc -l <noid.csv) - 1))" -eq 135080
	python3 - retail.csv retail-graded.csv <<'PY' || t_fail "grades differ from an independent Decimal computation"
import csv, sys, collections
from decimal import Decimal
spend = collections.Counter()
for r in csv.DictReader(open(sys.argv[1])):
    if r['CustomerID'] and '2010-12-10' <= r['InvoiceDate'][:10] <= '2011-12-09':
        spend[r['CustomerID'][:-2]] += Decimal(r['Quantity']) * Decimal(r['UnitPrice'])
def tier(s):
    return 'Platinum' if s >= 50000 else 'Gold' if s >= 5000 else 'Silver' if s >= 1000 else 'Bronze'
bad = [r['customer_id'] for r in csv.DictReader(open(sys.argv[2])) if tier(spend[r['customer_id']]) != r['grade']]
sys.exit(1 if bad else 0)
PY
fi

t "column names are any UTF-8: 一 (E4 B8 80) and 退 (E9 80 80) end in the byte 0x80"
printf 'order_id,customer_id,order_date,一口价,退货金额\n1,A,2024-09-01,100,30\n2,A,2024-09-02,5,0\n3,B,2024-09-03,50,45\n' >u-orders.csv
printf '{"grades": ["z", "a"], "tiers": [{"grade": "a", "reason": "75", "when": "sum(一口价) - sum(退货金额) == 75"}, {"grade": "z", "reason": "no"}]}' >u.rules.json
run cust-grade --rules u.rules.json --orders u-orders.csv --orders-only --as-of 2024-10-01
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,a,,2024-10-01,75
B,z,,2024-10-01,no
X

t "statuses: the 28 left out by default (any case, spaces around), \"all\", {\"count\": [...]}, {\"exclude\": [...]}"
# X has one order of 1 for each status custkit leaves out by default, and
# two more written in another case or with spaces; P has orders of 1, 2,
# 4, 8 and 16: paid, 已付款, Completed, no status, and "退款 申请" (not
# one of the list's words).
{
	echo "order_id,customer_id,order_date,amount,status"
	n=0
	for s in cancelled canceled cancel refunded refund pending unpaid failed void voided returned closed deleted \
	    已取消 取消 已退款 退款 退款中 待付款 未付款 待支付 未支付 支付失败 交易关闭 已关闭 已退货 退货 作废 CANCELLED " Refunded "; do
		n=$((n + 1))
		echo "$n,X,2024-09-01,1,$s"
	done
	printf '90,P,2024-09-01,1,paid\n91,P,2024-09-01,2,已付款\n92,P,2024-09-01,4,Completed\n93,P,2024-09-01,8,\n94,P,2024-09-01,16,退款 申请\n'
} >st-orders.csv
# st X-SUM P-SUM [STATUSES]: X graded a when its sum and count are X-SUM
# (-1: X has no counted order), P b when its sum is P-SUM
st() {
	printf '{"grades": ["z", "a", "b"], %s "tiers": [{"grade": "a", "when": "sum(amount) == %s && count() == %s"}, {"grade": "b", "when": "sum(amount) == %s"}, {"grade": "z"}]}' \
	    "${3:+\"statuses\": $3,}" "$1" "$1" "$2" >st.rules.json
	run cust-grade --rules st.rules.json --orders st-orders.csv --orders-only --as-of 2024-10-01 -q
	out_cut 1,2
	expect_status 0
}
st -1 31
expect_out <<'X'
customer_id,grade
X,z
P,b
X
st 30 31 '"all"'
expect_out <<'X'
customer_id,grade
X,a
P,b
X
st -1 5 '{"count": ["paid", " COMPLETED "]}'
expect_out <<'X'
customer_id,grade
X,z
P,b
X
st 30 28 '{"exclude": ["paid", "已付款"]}'
expect_out <<'X'
customer_id,grade
X,a
P,b
X

t "statuses written wrong are refused"
while IFS='|' read -r bad msg; do
	printf '{"grades": ["z", "a"], "statuses": %s, "tiers": [{"grade": "z"}]}' "$bad" >st-bad.json
	run cust-grade --rules st-bad.json --orders st-orders.csv --orders-only --as-of 2024-10-01
	expect_status 2
	printf 'cust-grade: st-bad.json: statuses: %s\n' "$msg" | expect_err
done <<'X'
"some"|expected "all", {"count": [...]} or {"exclude": [...]}
{"count": ["a"], "exclude": ["b"]}|expected "all", {"count": [...]} or {"exclude": [...]}
{"count": "paid"}|expected "all", {"count": [...]} or {"exclude": [...]}
["paid"]|expected "all", {"count": [...]} or {"exclude": [...]}
{"count": [1]}|statuses must be strings
X

t "promote rules first, in order, then demote rules; a move only to a higher (promote) or lower (demote) grade; tiers only for the ungraded"
# September 2024 is the month judged.  A: a, 200 -> the first promote
# rule (c); B: a, 50 -> the second (b); C: b, 200 -> c; D: c, no order in
# September (one in August) -> the second demote rule; F: c, 200: neither
# promote rule moves it higher, so the first demote rule does; E has no
# grade and no orders: the tiers grade it.
printf 'order_id,customer_id,order_date,amount\n1,A,2024-09-10,200\n2,B,2024-09-30,50\n3,C,2024-09-01,200\n4,D,2024-08-31,200\n5,F,2024-09-10,200\n' >pd-orders.csv
printf 'customer_id,grade\nA,a\nB,a\nC,b\nD,c\nE,\nF,c\n' >pd-customers.csv
printf '{"grades": ["a", "b", "c"], "tiers": [{"grade": "b", "when": "count() >= 1"}, {"grade": "a", "reason": "tier a"}], "promote": [{"to": "c", "when": "sum(amount) > 100", "each_month": 1, "reason": "p-c"}, {"to": "b", "when": "count() >= 1", "each_month": 1, "reason": "p-b"}], "demote": [{"to": "a", "when": "count() >= 1", "each_month": 1, "reason": "d-a"}, {"to": "a", "when": "count() == 0", "each_month": 1, "reason": "d-none"}]}' >pd.rules.json
run cust-grade --rules pd.rules.json --orders pd-orders.csv --as-of 2024-10-01 -q pd-customers.csv
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,c,a,2024-10-01,p-c
B,b,a,2024-10-01,p-b
C,c,b,2024-10-01,p-c
D,a,c,2024-10-01,d-none
E,a,,2024-10-01,tier a
F,a,c,2024-10-01,d-a
X
