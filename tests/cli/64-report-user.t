# cust-report as a user meets it: what the report cannot say is said.

# What html-svg-probe finds in page $1 in headless Chromium: "ok", or
# the labels cut or drawn over a line.
svg_check() {
	probe=$(tr -d '\n' <"$DATA/html-svg-probe.html" | sed 's/[&#\\]/\\&/g')
	sed "s#</body>#$probe</body>#" "$1" >"$1.probed.html"
	timeout 120 chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$PWD/chrome-profile" \
	    --window-size=1280,900 --dump-dom "file://$PWD/$1.probed.html" 2>/dev/null |
	    sed -n 's/.*<body data-check="\([^"]*\)".*/\1/p' | sed 's/&quot;/"/g'
}

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
groups,2,1

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
expect_out_has 'trend,2010-12,1,2,4.40,2.20,1,0,0,0'
expect_err </dev/null

t "--risk: an amount that is not a number is rejected with its line, never owed or spent as zero"
cat >ro.csv <<'X'
order_id,customer_id,order_date,amount,status,due_date,paid_date
1,K1,2024-01-05,abc,paid,2024-01-20,
2,K1,2024-02-05,100.00,paid,2024-02-20,2024-03-06
3,K2,2024-01-05,12万,paid,2024-01-20,
X
run cust-report --orders ro.csv --orders-only --risk --as-of 2024-06-01 --to csv --lang en
expect_status 1
expect_out <<'X'
section,count,share
groups,2,1

section,customer_id,orders,spend,reasons
risk,K2,1,120000.00,1 order unpaid past due (120000.00)
risk,K1,1,100.00,paid late 1 time (up to 15 days)
X
expect_err <<'X'
cust-report: ro.csv:2: amount: not a number: "abc"
X

t "--history: the changes cust-grade made as of a date are in the report as of that date"
# One --as-of for the whole pipeline: cust-grade dates its changes with
# it, so a report as of the same day must count them (it had shown an
# empty matrix and no moves).
cat >c.csv <<'X'
客户编号,姓名
C1,张伟
C2,王芳
X
cat >o.csv <<'X'
订单编号,客户编号,下单日期,金额
A1,C1,2024-09-05,600.00
A2,C2,2024-09-06,50.00
X
run cust-grade --rules "$EXAMPLES"/grade/monthly.rules.json --orders o.csv --as-of 2024-10-01 --history h.csv -o graded.csv c.csv
expect_status 0
run cust-report --history h.csv --rules "$EXAMPLES"/grade/monthly.rules.json --as-of 2024-10-01 --lang en --to csv graded.csv
expect_status 0
expect_out <<'X'
section,count,share
groups,2,1

section,from \ to,低级,中级,高级,total
migration,(none),1,0,1,2
migration,低级,0,0,0,0
migration,中级,0,0,0,0
migration,高级,0,0,0,0

section,month,promotions,demotions,new,other,total
moves,2024-10,0,0,2,0,2
X

t "-o REPORT.XLSX or Report.Html is the format its extension says, in any case, as in the other programs"
cp "$EXAMPLES"/grade/customers-graded.csv .
run cust-report --by grade -o REPORT.XLSX customers-graded.csv
expect_status 0
check "a workbook (a zip), not text" sh -c 'head -c 2 REPORT.XLSX | grep -q PK'
run cust-report --by grade -o Report.Html customers-graded.csv
check "a page" grep -q '^<!DOCTYPE html>' Report.Html
run cust-report --by grade -o report.txt customers-graded.csv
check "any other extension is text" grep -q '^分组$' report.txt

t "xlsx: the weeks of a trend are dates, not text; LibreOffice shows them as written"
cat >wo.csv <<'X'
订单编号,客户编号,下单日期,金额
A1,C1,2024-09-30,10.00
A2,C2,2024-10-09,20.50
X
run cust-report --orders wo.csv --orders-only --trend week --as-of 2024-11-01 -o weeks.xlsx
expect_status 0
python3 - weeks.xlsx >cells.txt <<'X'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
s = z.read('xl/worksheets/sheet2.xml').decode()
print(re.findall(r'<c r="A[23]"[^>]*>(?:<v>[^<]*</v>)?', s))
print('yyyy-mm-dd' in z.read('xl/styles.xml').decode())
X
expect_file cells.txt <<'X'
['<c r="A2" s="3"><v>45565</v>', '<c r="A3" s="3"><v>45572</v>']
True
X
if ! command -v soffice >/dev/null 2>&1; then
	t_skip "LibreOffice is not installed (scripts/deps check installs it)"
else
	soffice_csv weeks.xlsx true
	expect_file "weeks-2 趋势.csv" <<'X'
期间,客户数,订单数,销售额,客单价,新客,回头客,流失,复购率
2024-09-30,1,1,10.00,10.00,1,0,0,0.0%
2024-10-07,1,1,20.50,20.50,1,0,1,0.0%
X
fi

t "--orders-only over Chinese orders: the titles are Chinese, as the data"
run cust-report --orders wo.csv --orders-only --as-of 2024-11-01
expect_status 0
expect_out_has '分组'
run cust-report --orders wo.csv --orders-only --as-of 2024-11-01 --lang en
expect_out_has 'Groups'

t "xlsx: the trend's chart has a line per group, named by it (it drew the first group alone, named revenue)"
cp "$EXAMPLES"/grade/orders.csv .
run cust-report --orders orders.csv --by grade --trend month --as-of 2024-10-05 -o trend.xlsx customers-graded.csv
expect_status 0
python3 - trend.xlsx >series.txt <<'X'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
c = [z.read(n).decode() for n in sorted(z.namelist()) if n.startswith('xl/charts/')]
line = [x for x in c if '<c:lineChart>' in x][0]
print(re.findall(r'<c:ser>.*?<c:tx><c:v>([^<]*)</c:v>', line))
print(re.findall(r'<c:val><c:numRef><c:f>([^<]*)</c:f>', line))
print('legend' if '<c:legend>' in line else 'no legend')
X
expect_file series.txt <<'X'
['中级', '低级', '高级']
["'2 趋势'!$E$2:$E$8", "'2 趋势'!$E$9:$E$15", "'2 趋势'!$E$16:$E$22"]
legend
X

t "xlsx: groups of two --by columns are charted by both (two-level categories), one label a row"
# (libxlsxwriter leaves such categories uncached: Excel and LibreOffice
# read them from the cells.)
awk 'BEGIN { print "id,grade,segment"; for (i = 0; i < 30; i++) print i "," (i % 2 ? "Gold" : "Silver") ",s" i % 15 }' >two.csv
run cust-report --by grade,segment -o two.xlsx two.csv
expect_status 0
python3 - two.xlsx >cats.txt <<'X'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
bar = z.read('xl/charts/chart1.xml').decode()
print(re.findall(r'<c:cat><c:[A-Za-z]*Ref><c:f>([^<]*)</c:f>', bar))
d = z.read('xl/drawings/drawing1.xml').decode()
print('rows', int(re.findall(r'<xdr:to><xdr:col>\d+</xdr:col><xdr:colOff>\d+</xdr:colOff><xdr:row>(\d+)', d)[0]) >= 20)
X
expect_file cats.txt <<'X'
["'1 Groups'!$A$2:$B$21"]
rows True
X

t "html: the trend chart's labels stay inside it, its legend above the lines (a revenue of 141504.32 was cut to 1504.32)"
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "chromium is not installed (scripts/deps check installs it)"
else
	awk 'BEGIN { print "订单编号,客户编号,下单日期,金额";
		for (i = 0; i < 84; i++) printf "O%d,C%d,2024-%02d-15,%d.32\n", i, i % 7, i % 12 + 1, 141504 - i * 1000 }' >big.csv
	awk 'BEGIN { print "客户编号,等级"; for (i = 0; i < 7; i++) print "C" i ",等级" i }' >g7.csv
	run cust-report --orders big.csv --by 等级 --trend month --as-of 2025-01-01 -o big.html g7.csv
	expect_status 0
	found=$(svg_check big.html)
	check "labels inside, legend off the lines ($found)" test "$found" = ok
fi

t "html: a bar's label is whole: a long Chinese group name, an error's column with its kind"
awk 'BEGIN { print "id,地区"; for (i = 0; i < 6; i++) print i "," (i % 2 ? "新疆维吾尔自治区乌鲁木齐市天山区" : "北京市") }' >long.csv
run cust-report --by 地区 -o long.html long.csv
expect_status 0
check "the long name whole, not cut at 20 columns" grep -q 'text-anchor="end">新疆维吾尔自治区乌鲁木齐市天山区</text>' long.html
printf '客户编号,手机,_line,_errors\nC1,12345,2,"手机: not a valid phone number (too few digits): ""12345"""\n,139,3,"客户编号: required value is missing; 手机: not a valid phone number (too few digits): ""139"""\n' >bad.csv
run cust-report --quality -o errors.html bad.csv
expect_status 0
check "the error's column and kind" grep -q 'text-anchor="end">手机 · 类型不符</text>' errors.html
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "chromium is not installed (scripts/deps check installs it)"
else
	found=$(svg_check long.html)
	check "labels inside the chart ($found)" test "$found" = ok
fi

t "a customer with no id counts in its group with --orders as without (the counts changed when the orders were given)"
cat >noid.csv <<'X'
客户编号,性别
C1,女
,男
C2,男
X
cat >noid-orders.csv <<'X'
订单编号,客户编号,下单日期,金额
A1,C1,2024-09-05,10.00
A2,C2,2024-09-06,20.00
X
run cust-report --by 性别 --to csv noid.csv
expect_status 0
expect_out <<'X'
section,性别,count,share
groups,男,2,0.666667
groups,女,1,0.333333
X
run cust-report --by 性别 --orders noid-orders.csv --metric 'sum(金额)' --as-of 2024-10-01 --to csv noid.csv
expect_status 0
expect_out <<'X'
section,性别,count,share,sum(金额)
groups,男,2,0.666667,20.00
groups,女,1,0.333333,10.00
X
expect_err <<'X'
cust-report: 1 customer record has no customer id: counted in its group, with no orders
X

t "the warning about values that are no numbers names the section as the report titles it"
printf 'id,city,spend\n1,a,5\n2,a,x\n' >nn.csv
run cust-report --by city --metric 'sum(spend)' nn.csv
expect_status 1
expect_out_has 'Values that are not numbers'
expect_err <<'X'
cust-report: --metric sum(spend): 1 value is not a number, left out (not read as zero); see the section "Values that are not numbers"
X

t "a group of customers with no value (no grade yet) is labelled with a dash for people, empty for programs"
cp "$EXAMPLES"/grade/customers-graded.csv .
run cust-report --by grade --to md customers-graded.csv
expect_status 0
expect_out <<'X'
## 分组

| grade | 数量 | 占比 |
| --- | ---: | ---: |
| 中级 | 3 | 50.0% |
| — | 1 | 16.7% |
| 低级 | 1 | 16.7% |
| 高级 | 1 | 16.7% |
X
run cust-report --by grade --to csv customers-graded.csv
expect_out_has 'groups,,1,0.166667'

t "the chart probe itself sees a label cut at the edge and one on a line"
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "chromium is not installed (scripts/deps check installs it)"
else
	printf '<!DOCTYPE html><html><body><svg viewBox="0 0 640 100" width="640"><text x="2" y="50" text-anchor="end">141504.32</text><polyline points="300,40 310,45"/><text x="290" y="50">on</text></svg></body></html>' >bad-chart.html
	found=$(svg_check bad-chart.html)
	check "both found ($found)" test "$found" = '"141504.32" clipped; "on" on the lines'
fi

t "--risk: orders all on one day (an invoice's lines) are no usual gap: such a customer is not gone quiet"
cat >lines2.csv <<'X'
InvoiceNo,CustomerID,InvoiceDate,amount
536365,17850,2010-12-01,500.00
536365,17850,2010-12-01,400.00
536365,17850,2010-12-01,300.00
536370,12583,2010-12-01,10.00
536371,12583,2010-12-11,10.00
X
run cust-report --orders lines2.csv --orders-only --risk --risk-top 1 --as-of 2011-06-01 --to csv --lang en
expect_status 0
expect_out <<'X'
section,count,share
groups,2,1

section,customer_id,orders,spend,reasons
risk,12583,2,20.00,"valuable customer silent for 171 days, usually orders every 10 days"
X

t "--risk: a customer who orders daily is said to order every day, not every 1 days"
cat >daily.csv <<'X'
InvoiceNo,CustomerID,InvoiceDate,amount
1,D1,2024-01-01,10.00
2,D1,2024-01-02,10.00
3,D1,2024-01-03,10.00
X
run cust-report --orders daily.csv --orders-only --risk --as-of 2024-03-01 --to csv --lang en
expect_status 0
expect_out_has 'risk,D1,3,30.00,"valuable customer silent for 57 days, usually orders every day"'
