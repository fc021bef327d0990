# Pipelines that compose (issue 11): a merged customer keeps the orders of
# every id it absorbed, through merged_ids or an --id-map file.

P="$EXAMPLES/pipeline"
cp "$P"/* .

t "dedupe then grade: the survivor K008 owns the orders of K001 and K005 (merged_ids)"
run sh -c 'cust-dedupe --mode merge --keep newest:注册日期 members.csv |
    cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 -q'
expect_status 0
expect_out <<'X'
客户编号,姓名,手机,邮箱,注册日期,cluster_id,merged_ids,merge_conflicts,grade,grade_prev,grade_updated,grade_reason
K008,王小明,13800000001,WXM@example.com,2024-03-01,1,K001; K005; K008,注册日期: 2024-03-01 | 2022-01-05 | 2023-06-01,钻石会员,,2024-10-01,近12个月消费金额达到10000且不同品类数达到3，等级为钻石会员
K002,李华,13800000002,lihua@example.com,2022-02-10,2,K002,,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K003,张伟,13800000003,,2022-03-15,3,K003,,黄金会员,,2024-10-01,近12个月消费金额达到3000，等级为黄金会员
K004,刘芳,13800000004,liufang@example.com,2023-01-20,4,K004,,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K006,陈静,13800000006,chenjing@example.com,2023-07-07,5,K006,,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K007,赵强,13800000007,,2023-08-08,6,K007,,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
X
expect_err </dev/null

t "the absorbed ids are customers of the table, not unknown ones"
run sh -c 'cust-dedupe --mode merge --keep newest:注册日期 members.csv |
    cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 >/dev/null'
expect_status 0
expect_err <<'X'
cust-grade: 2 of 6 customers have no counted orders before the as-of date
X

t "without merged_ids the orders of K001 and K005 are not K008's"
run sh -c 'cust-dedupe --mode merge --keep newest:注册日期 members.csv | cut -d, -f1-5 |
    cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 --changes -q | cut -d, -f1,6'
expect_out <<'X'
客户编号,grade
K008,普通会员
K002,普通会员
K003,黄金会员
K004,普通会员
K006,普通会员
K007,普通会员
X

t "--id-map: the old ids and their survivor, for orders keyed later"
run cust-dedupe --mode merge --keep newest:注册日期 --id-map ids.csv -o merged.csv members.csv
expect_status 0
expect_out </dev/null
expect_file ids.csv <<'X'
old_id,surviving_id
K001,K008
K005,K008
X

t "cust-grade --id-map rekeys the orders: K008 is graded on all three ids' orders, where the first of them is"
run cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 --id-map ids.csv --orders-only -q
expect_status 0
expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
K008,钻石会员,,2024-10-01,近12个月消费金额达到10000且不同品类数达到3，等级为钻石会员
K002,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K003,黄金会员,,2024-10-01,近12个月消费金额达到3000，等级为黄金会员
K006,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K007,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
X

t "an id map applied twice counts each order once (merged_ids and --id-map together)"
run cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 --id-map ids.csv -q merged.csv
expect_status 0
check "K008 is 钻石会员" grep -q '^K008,.*,钻石会员,' "$T_OUT"

t "a table not deduplicated, orders rekeyed by --id-map: an old id's record is graded as its survivor"
run sh -c 'cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 --id-map ids.csv -q members.csv | cut -d, -f1,6'
expect_status 0
expect_out <<'X'
客户编号,grade
K001,钻石会员
K002,普通会员
K003,黄金会员
K004,普通会员
K005,钻石会员
K006,普通会员
K007,普通会员
K008,钻石会员
X

t "the history follows the survivor: K001's last grade is K008's starting grade"
cat >grades.log <<'X'
customer_id,date,from,to,reason
K001,2024-09-01,,钻石会员,老会员
X
run sh -c 'cut -d, -f1-7 merged.csv | cust-grade --rules members.rules.json --orders orders.csv \
    --as-of 2024-10-01 --history grades.log --changes -q'
expect_status 0
expect_out <<'X'
客户编号,姓名,手机,邮箱,注册日期,cluster_id,merged_ids,grade,grade_prev,grade_updated,grade_reason
K002,李华,13800000002,lihua@example.com,2022-02-10,2,K002,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K003,张伟,13800000003,,2022-03-15,3,K003,黄金会员,,2024-10-01,近12个月消费金额达到3000，等级为黄金会员
K004,刘芳,13800000004,liufang@example.com,2023-01-20,4,K004,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K006,陈静,13800000006,chenjing@example.com,2023-07-07,5,K006,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
K007,赵强,13800000007,,2023-08-08,6,K007,普通会员,,2024-10-01,未达到更高等级的条件，等级为普通会员
X

# segment and report read orders through the same lib (customers.c): an
# order of an absorbed id is the survivor's from the start, also for what
# they look at order by order (favourites, trends, risks).
printf '{"dimensions": [{"name": "偏好", "top": "品类", "by": "sum(金额)"}, {"name": "频次", "expr": "count()", "cuts": [3], "labels": ["少", "多"]}]}\n' >fav.json

t "dedupe then segment: K008's favourite is K001's 家电 (5500 against its own 服装 3800), from a pipe"
run sh -c 'cust-dedupe --mode merge --keep newest:注册日期 members.csv |
    cust-segment --spec fav.json --orders orders.csv --as-of 2024-10-01 -q | cut -d, -f1,7,9-'
expect_status 0
expect_out <<'X'
客户编号,merged_ids,偏好,频次,segment
K008,K001; K005; K008,家电,多,家电/多
K002,K002,食品,少,食品/少
K003,K003,服装,少,服装/少
K004,K004,no orders,少,no orders/少
K006,K006,no orders,少,no orders/少
K007,K007,食品,少,食品/少
X
expect_err </dev/null

t "the same from a file, and from a file on standard input"
run sh -c 'cust-segment --spec fav.json --orders orders.csv --as-of 2024-10-01 -q merged.csv | cut -d, -f1,9-'
check "K008 家电/多" grep -qx 'K008,家电,多,家电/多' "$T_OUT"
run sh -c 'cust-segment --spec fav.json --orders orders.csv --as-of 2024-10-01 -q <merged.csv | cut -d, -f1,9-'
check "K008 家电/多" grep -qx 'K008,家电,多,家电/多' "$T_OUT"

t "a customer table with merged_ids from a pipe is copied to TMPDIR as it is read; where it cannot be, the run stops (exit 3)"
run sh -c 'cat merged.csv | TMPDIR=/nonexistent cust-segment --spec fav.json --orders orders.csv --as-of 2024-10-01'
expect_status 3
expect_out </dev/null
expect_err <<'X'
cust-segment: stdin: cannot copy the customer table to a temporary file: No such file or directory
X
# Without merged_ids nothing is copied: the table is read once.
run sh -c 'cat members.csv | TMPDIR=/nonexistent cust-segment --spec fav.json --orders orders.csv --as-of 2024-10-01 -q | cut -d, -f1,6-'
expect_status 0
check "K008 has only its own order: not merged" grep -qx 'K008,服装,少,服装/少' "$T_OUT"

t "a large table with merged_ids (past the reader's buffers) from a pipe: the same as from the file"
awk 'BEGIN { print "客户编号,姓名,备注,merged_ids"
	for (i = 1; i <= 20000; i++) printf "K%05d,客户%d,一段用来把表格撑大的备注文字,X%05d; K%05d\n", i, i, i, i }' >big.csv
awk 'BEGIN { print "客户编号,下单日期,金额,品类"
	for (i = 1; i <= 20000; i += 7) printf "X%05d,2024-0%d-01,%d.00,类%d\n", i, i % 9 + 1, i % 100, i % 3 }' >big-orders.csv
cust-segment --spec fav.json --orders big-orders.csv --as-of 2024-10-01 -q big.csv >big-file.csv
run sh -c 'cat big.csv | cust-segment --spec fav.json --orders big-orders.csv --as-of 2024-10-01 -q'
expect_status 0
expect_out_file big-file.csv
check "X00008's order is K00008's" grep -q '^K00008,客户8,[^,]*,X00008; K00008,类2,少,类2/少$' big-file.csv

t "dedupe then report: 王小明's spend is all five orders of K001, K005 and K008"
run sh -c 'cust-dedupe --mode merge --keep newest:注册日期 members.csv |
    cust-report --by 姓名 --metric "sum(金额)" --orders orders.csv --as-of 2024-10-01 --to csv'
expect_status 0
expect_out <<'X'
section,姓名,count,share,sum(金额)
groups,刘芳,1,0.166667,
groups,张伟,1,0.166667,3200.00
groups,李华,1,0.166667,800.00
groups,王小明,1,0.166667,10500.00
groups,赵强,1,0.166667,150.00
groups,陈静,1,0.166667,
X

t "report's trend counts a merged customer once: K008 returns in Q2 and Q3, four customers, one of them repeat"
run cust-report --by 品类 --orders orders.csv --as-of 2024-10-01 --trend quarter --to csv merged.csv
expect_status 0
expect_out <<'X'
section,品类,count,share
groups,服装,3,0.375
groups,食品,3,0.375
groups,家电,2,0.25

section,品类,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,服装,2024-Q1,1,1,3500.00,3500.00,1,0,0,0
trend,服装,2024-Q2,1,1,3200.00,3200.00,1,0,1,0
trend,服装,2024-Q3,1,1,300.00,300.00,0,1,1,1
trend,食品,2024-Q1,1,1,800.00,800.00,1,0,0,0
trend,食品,2024-Q2,1,1,1200.00,1200.00,0,1,1,1
trend,食品,2024-Q3,1,1,150.00,150.00,1,0,1,0
trend,家电,2024-Q1,1,1,4000.00,4000.00,1,0,0,0
trend,家电,2024-Q2,1,1,1500.00,1500.00,0,1,0,1
trend,家电,2024-Q3,0,0,0.00,,0,0,1,

section,customers,repeat_customers,repeat_rate
repeat,4,1,0.25
X

t "report's risk sees a merged customer's cancellations as its own: K9 cancelled 2 of 3 (K1's two and its own order)"
cat >ro.csv <<'X'
order_id,customer_id,order_date,amount,status
1,K1,2024-01-05,100.00,cancelled
2,K1,2024-02-05,100.00,refunded
3,K9,2024-03-05,100.00,paid
4,K2,2024-03-06,40.00,paid
X
printf 'customer_id,name,merged_ids\nK9,Ann,K1; K9\nK2,Bob,K2\n' >rc.csv
run sh -c 'cat rc.csv | cust-report --orders ro.csv --risk --as-of 2024-06-01 --to csv'
expect_status 0
expect_out <<'X'
section,count,share
groups,2,1

section,customer_id,name,orders,spend,reasons
risk,K9,Ann,3,100.00,cancelled or refunded 2 of 3 orders (67%)
X

t "--id-map needs --mode merge"
run cust-dedupe --id-map ids.csv members.csv
expect_status 2
expect_err <<'X'
cust-dedupe: --id-map lists the ids a merge absorbed: it needs --mode merge
Try 'cust-dedupe --help' for more information.
X

t "an id map of one column is refused"
printf 'id\nK1\n' >one.csv
run cust-grade --rules members.rules.json --orders orders.csv --id-map one.csv --orders-only
expect_status 3
expect_err <<'X'
cust-grade: one.csv: an id map has two columns: old id, surviving id
X

# --- a table for people --------------------------------------------------

cat >people.csv <<'X'
客户编号,姓名,城市,消费金额,备注
C001,张伟,北京,1234.50,
C002,Anne-Marie Smith,上海,99.9,老客户 VIP
C010,欧阳娜娜,乌鲁木齐,12000,"多行
备注"
X

t "--to table: boxed, Chinese aligned by display width, numbers right-aligned"
COLUMNS=200 run cust-validate --to table people.csv
expect_status 0
expect_out <<'X'
┌──────────┬──────────────────┬──────────┬──────────┬────────────┐
│ 客户编号 │ 姓名             │ 城市     │ 消费金额 │ 备注       │
├──────────┼──────────────────┼──────────┼──────────┼────────────┤
│ C001     │ 张伟             │ 北京     │  1234.50 │            │
│ C002     │ Anne-Marie Smith │ 上海     │     99.9 │ 老客户 VIP │
│ C010     │ 欧阳娜娜         │ 乌鲁木齐 │    12000 │ 多行↵备注  │
└──────────┴──────────────────┴──────────┴──────────┴────────────┘
X

t "--to text: the plain style, no trailing blanks"
COLUMNS=200 run cust-validate --to text people.csv
expect_out <<'X'
客户编号  姓名              城市      消费金额  备注
C001      张伟              北京       1234.50
C002      Anne-Marie Smith  上海          99.9  老客户 VIP
C010      欧阳娜娜          乌鲁木齐     12000  多行↵备注
X

t "--to table fits COLUMNS: text is cut with …, numbers are kept whole"
COLUMNS=40 run cust-validate --to table people.csv
expect_out <<'X'
┌──────┬──────┬──────┬──────────┬──────┐
│ 客…  │ 姓名 │ 城市 │ 消费金额 │ 备注 │
├──────┼──────┼──────┼──────────┼──────┤
│ C001 │ 张伟 │ 北京 │  1234.50 │      │
│ C002 │ Ann… │ 上海 │     99.9 │ 老…  │
│ C010 │ 欧…  │ 乌…  │    12000 │ 多…  │
└──────┴──────┴──────┴──────────┴──────┘
X

t "not a terminal and no COLUMNS: a fixed width of 120"
awk 'BEGIN { printf "id,note\n1,"; for (i = 0; i < 200; i++) printf "长"; print "" }' >long.csv
run env -u COLUMNS cust-validate --to text long.csv
# id (2) + 2 + 57 长 (114) + … = 119: one more 长 would make 121.
check "the line is cut to fit 120 columns" test "$(sed -n 2p "$T_OUT" | python3 -c 'import sys,unicodedata; s=sys.stdin.read().rstrip("\n"); print(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s))')" = 119

t "--from table is refused: a table is for people, not for reading back"
run cust-validate --from table people.csv
expect_status 2
expect_err <<'X'
cust-validate: --from table: expected csv, tsv, jsonl, json, xlsx or xls
Try 'cust-validate --help' for more information.
X

t "--to table with --rejects: the rejects stay CSV, to be fixed and read again"
printf 'id,n\n1,a\n2\n' >ragged.csv
run cust-validate --to table --rejects bad.csv ragged.csv
expect_status 1
expect_file bad.csv <<'X'
id,n,_line,_errors
2,,3,"expected 2 fields, found 1"
X

# The separators of every line, at display columns (East Asian Wide and
# Fullwidth count two): one distinct list means the columns line up.
layouts() {
	python3 -c '
import sys, unicodedata
seen = set()
for line in sys.stdin.read().split("\n"):
    if not line or line[0] not in "│|": continue
    col, pos = 0, []
    for ch in line:
        if ch in "│|": pos.append(col)
        col += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    seen.add(tuple(pos))
print(len(seen))'
}

t "Chinese stays aligned where Miller's --opprint --barred is not"
if command -v mlr >/dev/null; then
	COLUMNS=200 cust-validate --to table people.csv | layouts >ours
	mlr --icsv --opprint --barred cat people.csv | layouts >millers
	expect_file ours <<'X'
1
X
	check "Miller's columns do not line up" test "$(cat millers)" -gt 1
else
	echo "  (mlr not installed: comparison with Miller skipped)"
fi

# --- typed JSON -----------------------------------------------------------

cat >spend.csv <<'X'
客户编号,姓名,消费金额,数量
C001,张伟,1234.50,3
C002,王芳,"¥99.90",
C003,李娜,待定,1
X

t "JSON Lines are typed by role: amounts are exact JSON numbers, empty is null, text stays text"
run cust-validate --to jsonl spend.csv
expect_status 0
expect_out <<'X'
{"客户编号":"C001","姓名":"张伟","消费金额":1234.50,"数量":3}
{"客户编号":"C002","姓名":"王芳","消费金额":99.9,"数量":null}
{"客户编号":"C003","姓名":"李娜","消费金额":"待定","数量":1}
X

t "jq compares amounts without tonumber"
if command -v jq >/dev/null; then
	run sh -c 'head -n 3 spend.csv | cust-validate --to jsonl | jq -c "select(.[\"消费金额\"] > 100) | .[\"客户编号\"]"'
	expect_out <<'X'
"C001"
X
else
	echo "  (jq not installed: skipped)"
fi

t "--json-strings keeps every value text"
run cust-validate --to json --json-strings spend.csv
expect_out <<'X'
[
{"客户编号":"C001","姓名":"张伟","消费金额":"1234.50","数量":"3"},
{"客户编号":"C002","姓名":"王芳","消费金额":"¥99.90","数量":""},
{"客户编号":"C003","姓名":"李娜","消费金额":"待定","数量":"1"}
]
X

t "a schema's types win: integer, boolean, and a string column of digits stays a string"
cat >s.json <<'X'
{"fields": [{"name": "id", "type": "string"}, {"name": "vip", "type": "boolean"},
            {"name": "visits", "type": "integer"}, {"name": "amount", "type": "string"}]}
X
printf 'id,vip,visits,amount\n007,true,12,0012\n008,,,\n' >typed.csv
run cust-validate --schema s.json --to jsonl typed.csv
expect_status 0
expect_out <<'X'
{"id":"007","vip":true,"visits":12,"amount":"0012"}
{"id":"008","vip":null,"visits":null,"amount":""}
X

t "cust-dedupe and cust-grade type their JSON the same way"
run sh -c 'printf "客户编号,手机,消费金额\nK1,13800000001,12.50\n" | cust-dedupe --to jsonl'
expect_out <<'X'
{"客户编号":"K1","手机":"13800000001","消费金额":12.50,"cluster_id":"1","is_duplicate":"false","match_reason":""}
X
printf '客户编号,消费金额\nK008,7\n' >c.csv
run cust-grade --rules members.rules.json --orders orders.csv --as-of 2024-10-01 -q --to jsonl c.csv
expect_out <<'X'
{"客户编号":"K008","消费金额":7,"grade":"普通会员","grade_prev":"","grade_updated":"2024-10-01","grade_reason":"未达到更高等级的条件，等级为普通会员"}
X

# --- the output file's name and the format --------------------------------

printf 'id,amount\n1,2.50\n' >a.csv

t "-o out.jsonl writes JSON Lines when --to is absent"
run cust-validate -o out.jsonl a.csv
expect_status 0
expect_file out.jsonl <<'X'
{"id":"1","amount":2.50}
X

t "-o out.json, out.TSV and out.csv choose theirs (case does not matter)"
run cust-validate -o out.json a.csv
expect_file out.json <<'X'
[
{"id":"1","amount":2.50}
]
X
run cust-validate -o out.TSV a.csv
expect_file out.TSV <<'X'
id	amount
1	2.50
X
run cust-validate -o back.csv out.TSV
expect_file back.csv <<'X'
id,amount
1,2.50
X

t "--to json with -o x.csv is a usage error, and nothing is written"
run cust-validate --to json -o x.csv a.csv
expect_status 2
expect_err <<'X'
cust-validate: --to json does not go with -o x.csv: name the file .json, or leave out --to
Try 'cust-validate --help' for more information.
X
expect_no_file x.csv

t "--excel --to jsonl and --excel -o x.json are usage errors"
run cust-grade --rules members.rules.json --orders orders.csv --excel --to jsonl members.csv
expect_status 2
expect_err <<'X'
cust-grade: --excel writes CSV for Excel: it does not go with --to jsonl
Try 'cust-grade --help' for more information.
X
run cust-dedupe --excel -o x.json members.csv
expect_status 2
expect_err <<'X'
cust-dedupe: --excel writes CSV for Excel: it does not go with -o x.json
Try 'cust-dedupe --help' for more information.
X

t "--excel -o x.xlsx and --to json -o x.xlsx are usage errors too"
run cust-validate --excel -o x.xlsx a.csv
expect_status 2
expect_err <<'X'
cust-validate: --excel writes CSV for Excel: it does not go with -o x.xlsx
Try 'cust-validate --help' for more information.
X
expect_no_file x.xlsx

t "an extension no format has is refused; with --to the name is the user's"
run cust-validate -o out.dat out.TSV
expect_status 2
expect_err <<'X'
cust-validate: -o out.dat: cannot write .dat files: name the file .csv, .tsv, .json, .jsonl, .ndjson or .xlsx, or choose the format with --to
Try 'cust-validate --help' for more information.
X
expect_no_file out.dat
run cust-validate --to tsv -o out.dat out.TSV
expect_file out.dat <<'X'
id	amount
1	2.50
X
run cust-validate -o out out.TSV
expect_file out <<'X'
id	amount
1	2.50
X

# --- --excel keeps what Excel would change ---------------------------------

cat >excel.csv <<'X'
客户编号,手机,身份证号,规格,数值,备注,金额,注册日期
0012345,13800000001,110101199001011234,1-2,1E5,=1+1,1234.50,2024-10-04
C002,+86 139 8765 4321,11010119900101123X,Jan-5,-12,"say ""hi""",-0.50,3/4
C003,+8613912345678,1234567890123456,12/31,12345678901234567.5,@cmd,1.5E3,2024/1/2
X

t "--excel: leading zeros, long digit strings, phones, dates and exponents as =\"...\"; formulas still guarded"
run cust-validate --excel excel.csv
expect_status 0
printf '\357\273\277' >want
tr -d '\r' <"$T_OUT" >got
cat >>want <<'X'
客户编号,手机,身份证号,规格,数值,备注,金额,注册日期
"=""0012345""","=""13800000001""","=""110101199001011234""","=""1-2""","=""1E5""",'=1+1,1234.50,2024-10-04
C002,"=""+86 139 8765 4321""",11010119900101123X,"=""Jan-5""",-12,"say ""hi""",-0.50,"=""3/4"""
C003,"=""+8613912345678""","=""1234567890123456""","=""12/31""","=""12345678901234567.5""",'@cmd,"=""1.5E3""",2024/1/2
X
check "the Excel CSV is as expected" cmp -s got want
check "lines end in CRLF" test "$(grep -c "$(printf '\r')\$" "$T_OUT")" -eq 4

t "LibreOffice shows each cell of the --excel output as it was written"
if command -v soffice >/dev/null 2>&1; then
	cust-validate --excel -o kept.csv excel.csv
	cp excel.csv plain.csv
	timeout 300 soffice --headless --norestore "-env:UserInstallation=file://$PWD/lo-profile" \
	    --infilter=CSV:44,34,76,1 \
	    --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false' \
	    --outdir shown kept.csv plain.csv >/dev/null 2>&1
	expect_file shown/kept.csv <<'X'
客户编号,手机,身份证号,规格,数值,备注,金额,注册日期
0012345,13800000001,110101199001011234,1-2,1E5,'=1+1,1234.5,2024-10-04
C002,+86 139 8765 4321,11010119900101123X,Jan-5,-12,"say ""hi""",-0.5,3/4
C003,+8613912345678,1234567890123456,12/31,12345678901234567.5,'@cmd,1.5E3,2024/1/2
X
	# Without --excel the same cells change (and =1+1 runs).
	check "plain CSV loses the leading zeros" grep -q '^12345,' shown/plain.csv
	check "plain CSV runs the formula" grep -q ',2,1234.5,' shown/plain.csv
else
	echo "  (soffice not installed: LibreOffice check skipped)"
fi

# --- dedupe across files whose headers differ ------------------------------

cp "$EXAMPLES"/dedupe/*.csv .

t "headers that differ are aligned by name, then role; union of columns, source says where"
run cust-dedupe crm.csv members-shop.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,积分,source,cluster_id,is_duplicate,match_reason
C001,张三,+86 138 1234 5678,zhang.san@example.com,上海,1990-01-02,2023-03-01,,crm.csv,1,false,phone
C002,李四,13900001111,LI.SI@EXAMPLE.COM,北京,1985年3月4日,2022-07-15,,crm.csv,2,false,email
C003,王五,00000000000,n/a,广州,,2024-01-09,,crm.csv,3,false,no usable key
C004,赵六,无,无,深圳,,2024-02-11,,crm.csv,4,false,no usable key
M01,张三,13812345678,,,,,120,members-shop.csv,1,true,phone
M02,李四,,li.si@example.com,,,,80,members-shop.csv,2,true,email
M03,孙八,13900009999,sun.ba@example.com,,,,15,members-shop.csv,5,false,
X
expect_err </dev/null

t "the first file's names come first, whichever it is; merge fills the gaps"
run cust-dedupe --mode merge members-shop.csv crm.csv
expect_status 0
expect_out <<'X'
会员编号,客户名称,联系电话,电子邮箱,积分,城市,出生日期,注册日期,source,cluster_id,merged_ids,merge_conflicts
M01,张三,13812345678,zhang.san@example.com,120,上海,1990-01-02,2023-03-01,members-shop.csv,1,M01; C001,source: members-shop.csv | crm.csv
M02,李四,13900001111,li.si@example.com,80,北京,1985年3月4日,2022-07-15,members-shop.csv,2,M02; C002,source: members-shop.csv | crm.csv
M03,孙八,13900009999,sun.ba@example.com,15,,,,members-shop.csv,3,M03,
C003,王五,00000000000,n/a,,广州,,2024-01-09,crm.csv,4,C003,
C004,赵六,无,无,,深圳,,2024-02-11,crm.csv,5,C004,
X

t "the same columns in another order: no source column, as before"
printf '注册日期,出生日期,城市,邮箱,手机,姓名,客户编号\n2024-01-01,,杭州,,13812345678,张三,X9\n' >reordered.csv
run cust-dedupe --key phone crm.csv reordered.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,cluster_id,is_duplicate,match_reason
C001,张三,+86 138 1234 5678,zhang.san@example.com,上海,1990-01-02,2023-03-01,1,false,phone
C002,李四,13900001111,LI.SI@EXAMPLE.COM,北京,1985年3月4日,2022-07-15,2,false,
C003,王五,00000000000,n/a,广州,,2024-01-09,3,false,no usable key
C004,赵六,无,无,深圳,,2024-02-11,4,false,no usable key
X9,张三,13812345678,,杭州,,2024-01-01,1,true,phone
X

t "a --col override applies to the files that have its column"
printf '编号,电话\nZ1,13812345678\n' >other.csv
run cust-dedupe --col id=编号 --key phone crm.csv other.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,source,cluster_id,is_duplicate,match_reason
C001,张三,+86 138 1234 5678,zhang.san@example.com,上海,1990-01-02,2023-03-01,crm.csv,1,false,phone
C002,李四,13900001111,LI.SI@EXAMPLE.COM,北京,1985年3月4日,2022-07-15,crm.csv,2,false,
C003,王五,00000000000,n/a,广州,,2024-01-09,crm.csv,3,false,no usable key
C004,赵六,无,无,深圳,,2024-02-11,crm.csv,4,false,no usable key
Z1,,13812345678,,,,,other.csv,1,true,phone
X
