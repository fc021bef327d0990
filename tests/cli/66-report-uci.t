# cust-report on public data it was not built on: UCI's Online Retail
# (541,909 invoice lines, 2010-12 to 2011-12), each figure worked out
# again here by awk and sort from the raw lines, in whole thousandths of a
# pound, so that money is exact to the cent and medians exact.
#
# The rules the independent computation follows, as cust-report(1) says:
# - a line without a CustomerID is rejected (135,080 of them); every other
#   line counts, cancellations too: there is no status column, so a C
#   invoice is an order whose negative quantities take away revenue;
# - an invoice (InvoiceNo, the order id) is one order, in the period of
#   its first line;
# - with --by and --trend, a customer is new in the period of its first
#   order of all (in any group), returning after it; lapsed is per group.
# DuckDB gives the same numbers, group by group and period by period:
# sh bench/uci-report-duckdb bin (DuckDB is no test dependency).

uci_prepare() {   # the lines of $1, UCI's own CSV, without the C invoices
	# (cancellations) if $2 is "paid".
	# Description (field 3) alone may hold commas; the other fields are
	# read from both ends.  One TSV line per counted invoice line:
	# invoice, customer, country, month, quarter, amount in thousandths, day.
	awk -F, -v OFS='\t' -v paid="${2:-}" '
	function milli(s,   neg, i, w, f) {
		neg = s ~ /^-/; sub(/^-/, "", s)
		i = index(s, ".")
		w = i ? substr(s, 1, i - 1) : s
		f = i ? substr(s, i + 1) : ""
		while (length(f) < 3) f = f "0"
		return (neg ? -1 : 1) * (w * 1000 + f)
	}
	NR == 1 { next }
	$(NF-4) !~ /^-?[0-9]+$/ || $(NF-2) !~ /^-?[0-9]+(\.[0-9][0-9]?[0-9]?)?$/ ||
	    $(NF-3) !~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] / || $(NF-1) !~ /^([0-9]+\.0)?$/ {
		print "unexpected line " NR ": " $0 >"/dev/stderr"; bad = 1; exit 1
	}
	$(NF-1) == "" || (paid != "" && $1 ~ /^C/) { next }
	{
		y = substr($(NF-3), 1, 4); m = substr($(NF-3), 6, 2) + 0
		c = $(NF-1); sub(/\.0$/, "", c)
		print $1, c, $NF, y * 12 + m - 1, y * 4 + int((m - 1) / 3), $(NF-4) * milli($(NF-2)),
		    substr($(NF-3), 1, 10)
	}' "$1" >lines.tsv
}

# The report by country, its metrics named in the file's language.
by_country() {   # FILE [zh]
	if [ "${2:-}" = zh ]; then
		set -- "$1" 国家 '数量 * 单价' 单号
	else
		set -- "$1" Country 'Quantity * UnitPrice' InvoiceNo
	fi
	cust-report --orders "$1" --orders-only --by "$2" --metric "sum($3)" --metric 'count()' \
	    --metric "median($3)" --metric "quantile($3, 0.9)" --metric "distinct($4)" --metric "avg($3)" --to csv
}

# Shared awk functions: exact decimals from whole units.
cat >fmt.awk <<'EOF'
function abs(x) { return x < 0 ? -x : x }
# x / y rounded half away from zero, for whole x and y > 0.
function rdiv(x, y,   a, q) {
	a = abs(x); q = (a - a % y) / y
	if (2 * (a % y) >= y) q++
	return x < 0 ? -q : q
}
# A whole number of 10^-p units as a decimal with at least min places.
function dec(x, p, min,   s, neg, w, f) {
	neg = x < 0; x = abs(x)
	s = sprintf("%.0f", x)
	while (length(s) <= p) s = "0" s
	w = substr(s, 1, length(s) - p); f = substr(s, length(s) - p + 1)
	while (length(f) > min && f ~ /0$/) f = substr(f, 1, length(f) - 1)
	return (neg ? "-" : "") w (f != "" ? "." f : "")
}
function share(a, b) { return dec(rdiv(a * 1000000, b), 6, 0) }
function month(k) { return sprintf("%04d-%02d", int(k / 12), k % 12 + 1) }
function quarter(k) { return sprintf("%04d-Q%d", int(k / 4), k % 4 + 1) }
EOF

# Groups of orders by Country: lines, share, sum, median, 0.9 quantile
# (h = (n-1)q between neighbours, as DuckDB's quantile_cont), invoices,
# average; the largest group first.
cat >groups.awk <<'EOF'
function quant(q10,   h, k, f) {   # q in tenths; result in 10^-4
	h = (n - 1) * q10; k = int(h / 10); f = h % 10
	return 10 * v[k] + (f ? f * (v[k + 1] - v[k]) : 0)
}
function flush() {
	if (n == 0) return
	print n "\tgroups," g "," n "," share(n, total) "," dec(rdiv(s, 10), 2, 2) "," n "," \
	    dec(quant(5), 4, 2) "," dec(quant(9), 4, 2) "," d "," dec(rdiv(s, 10 * n), 2, 2)
}
BEGIN { FS = "\t" }
$1 != g { flush(); g = $1; n = 0; s = 0; d = 0; delete v; delete inv }
{ v[n++] = $2; s += $2; if (!($3 in inv)) { inv[$3]; d++ } }
END { flush() }
EOF

# The trend: per group (by = 1: Country) and period (p = 4: month, 5:
# quarter) customers, orders, revenue, average order, new, returning,
# lapsed, repeat rate; every period of the data in every group.
cat >trend.awk <<'EOF'
BEGIN { FS = "\t"; pmin = 1e9; pmax = -1 }
before != "" && $7 >= before { next }
{
	g = by ? $3 : ""; per = $p
	if (!(g in lines)) ng++
	lines[g]++
	if (per < pmin) pmin = per
	if (per > pmax) pmax = per
	if (!($2 in first) || per < first[$2]) first[$2] = per
	if (!((g, $2, per) in bought)) { bought[g, $2, per]; cust[g, $2] }
	if (!($1 in inv)) { inv[$1]; orders[g, per]++; norders[$2]++ }
	rev[g, per] += $6
}
END {
	for (k in bought) {
		split(k, a, SUBSEP)
		buyers[a[1], a[3]]++
		if (a[3] == first[a[2]]) fresh[a[1], a[3]]++; else ret[a[1], a[3]]++
		if (a[3] < pmax && !((a[1], a[2], a[3] + 1) in bought)) lapsed[a[1], a[3] + 1]++
	}
	for (g in lines)
		for (per = pmin; per <= pmax; per++) {
			b = buyers[g, per] + 0; o = orders[g, per] + 0
			printf "%d\t%s\ttrend,%s%s,%d,%d,%s,%s,%d,%d,%d,%s\n", lines[g], g,
			    by ? g "," : "", p == 4 ? month(per) : quarter(per), b, o,
			    dec(rdiv(rev[g, per], 10), 2, 2), o ? dec(rdiv(rev[g, per], 10 * o), 2, 2) : "",
			    fresh[g, per], ret[g, per], lapsed[g, per], b ? share(ret[g, per], b) : ""
		}
	for (c in norders) { nc++; if (norders[c] > 1) rep++ }
	printf "repeat\t%d,%d,%s\n", nc, rep, share(rep, nc) >"repeat.csv"
}
EOF

uci_groups() {   # the groups section of by_country
	cut -f3,6,1 lines.tsv | awk -F'\t' -v OFS='\t' '{ print $2, $3, $1 }' |
	    sort -t "$(printf '\t')" -k1,1 -k2,2n |
	    awk -f fmt.awk -v total="$(wc -l <lines.tsv)" -f groups.awk |
	    sort -t "$(printf '\t')" -k1,1nr -k2,2 | cut -f2- >groups.csv
}

# The report of --trend alone for $1 customers, from uci_trend.
trend_all() {
	echo 'section,count,share'
	echo "groups,$1,1"
	echo
	echo 'section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate'
	cat trend.csv
	echo
	echo 'section,customers,repeat_customers,repeat_rate'
	tr '\t' , <repeat.csv
}

# The report of by Country --trend, from uci_groups and uci_trend.
trend_by_country() {
	echo 'section,Country,count,share'
	cut -d, -f1-4 groups.csv
	echo
	echo 'section,Country,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate'
	cat trend.csv
	echo
	echo 'section,customers,repeat_customers,repeat_rate'
	tr '\t' , <repeat.csv
}

uci_trend() {   # by p [before]
	awk -f fmt.awk -v by="$1" -v p="$2" -v before="${3:-}" -f trend.awk lines.tsv |
	    sort -t "$(printf '\t')" -k1,1nr -k2,2 -k3,3 -s | cut -f3 >trend.csv
}

t "--by and --trend: new means new to the shop, lapsed is the group's"
cat >moved.csv <<'EOF'
customer_id,order_date,amount,category
A,2024-01-05,10.00,X
A,2024-02-05,20.00,Y
B,2024-02-06,5.00,Y
EOF
run cust-report --orders moved.csv --orders-only --by category --trend month --to csv
expect_status 0
expect_out <<'EOF'
section,category,count,share
groups,Y,2,0.666667
groups,X,1,0.333333

section,category,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,Y,2024-01,0,0,0.00,,0,0,0,
trend,Y,2024-02,2,2,25.00,12.50,1,1,0,0.5
trend,X,2024-01,1,1,10.00,10.00,1,0,0,0
trend,X,2024-02,0,0,0.00,,0,0,1,

section,customers,repeat_customers,repeat_rate
repeat,2,1,0.5
EOF

t "UCI's dates in the US form: 12/1/2010 is rejected, 1/13/2011 and 13/1/2011 are read"
cat >us.csv <<'EOF'
InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850,United Kingdom
536366,22633,HAND WARMER UNION JACK,1,12/12/2010 9:00,1.85,17850,United Kingdom
536367,22745,POPPY'S PLAYHOUSE BEDROOM,2,1/13/2011 8:26,2.10,17850,United Kingdom
536368,22748,POPPY'S PLAYHOUSE KITCHEN,4,13/1/2011 10:00,2.10,13047,United Kingdom
EOF
run cust-report --orders us.csv --orders-only --trend month --amount 'Quantity * UnitPrice' --to csv
expect_status 1
expect_err <<'EOF'
cust-report: us.csv:2: InvoiceDate: ambiguous: day/month or month/day: "12/1/2010 8:26"
EOF
expect_out <<'EOF'
section,count,share
groups,2,1

section,period,customers,orders,revenue,avg_order,new,returning,lapsed,repeat_rate
trend,2010-12,1,1,1.85,1.85,1,0,0,0
trend,2011-01,2,2,12.60,6.30,1,1,0,0.5

section,customers,repeat_customers,repeat_rate
repeat,2,1,0.5
EOF

t "UCI Online Retail: revenue by country, exact medians and quantiles, as awk counts them"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	gzip -dc "$SHARED/online-retail/online-retail.csv.gz" >retail.csv
	uci_prepare retail.csv
	uci_groups
	check "406829 lines with a customer id" test "$(wc -l <lines.tsv)" -eq 406829
	run by_country retail.csv
	expect_status 1
	check "the lines without a customer id are rejected, and said so" \
	    test "$(tail -n 1 "$T_ERR")" = "cust-report: 134980 more invalid records not shown (use --rejects FILE to keep them all)"
	{
		echo 'section,Country,count,share,sum(Quantity * UnitPrice),count(),median(Quantity * UnitPrice),"quantile(Quantity * UnitPrice, 0.9)",distinct(InvoiceNo),avg(Quantity * UnitPrice)'
		cat groups.csv
	} >expected.csv
	expect_out_file expected.csv
	check "37 countries" test "$(grep -c '^groups,' "$T_OUT")" -eq 37
fi

t "UCI Online Retail: month by month, invoices as orders, cancellations included"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	uci_trend 0 4
	run cust-report --orders retail.csv --orders-only --trend month --amount 'Quantity * UnitPrice' \
	    --rejects noid.csv --to csv
	expect_status 1
	check "135080 rejected lines kept" test "$(($(wc -l <noid.csv) - 1))" -eq 135080
	trend_all "$(cut -d, -f1 repeat.csv | cut -f2)" >expected.csv
	expect_out_file expected.csv
	check "13 months" test "$(grep -c '^trend,' "$T_OUT")" -eq 13
	# Before the as-of date means before it: 2011-12-09's lines are left
	# out.  The one customer who bought only that day is still one of
	# the ids the orders name (groups), but bought nothing (repeat).
	customers=$(cut -d, -f1 repeat.csv | cut -f2)
	uci_trend 0 4 2011-12-09
	run cust-report --orders retail.csv --orders-only --trend month --amount 'Quantity * UnitPrice' \
	    --as-of 2011-12-09 --rejects noid.csv --to csv
	expect_status 1
	trend_all "$customers" >expected.csv
	expect_out_file expected.csv
	# DuckDB: 664 customers, 875 invoices, 326946.17 from 12-01 to 12-08.
	check "December 2011 without its 9th" grep -qx 'trend,2011-12,664,875,326946.17,373.65,40,624,1285,0.939759' "$T_OUT"
fi

t "UCI Online Retail: each country quarter by quarter, new customers new to the shop"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	uci_trend 1 5
	run cust-report --orders retail.csv --orders-only --by Country --trend quarter --amount 'Quantity * UnitPrice' \
	    --rejects noid.csv --to csv
	expect_status 1
	trend_by_country >expected.csv
	expect_out_file expected.csv
	# Eight customers bought in two countries: their first order in the
	# second is "returning", not "new" (checked above); spelled out here.
	check "8 customers in two countries" test "$(cut -f2,3 lines.tsv | sort -u | cut -f1 | uniq -d | wc -l)" -eq 8
fi

# The same numbers from a slice (every twentieth line) saved as people save
# it: by Excel on a Chinese Windows (CSV in GBK, CRLF, Chinese headers,
# 2010/12/1 8:26, customer ids without ".0", some countries in Chinese),
# as "CSV UTF-8" (a byte order mark), and as workbooks.
zh_names() {
	sed -e 's/,United Kingdom,/,英国,/' -e 's/,Germany,/,德国,/' -e 's/,France,/,法国,/' -e 's/,EIRE,/,爱尔兰,/' \
	    -e 's/^section,Country,/section,国家,/' -e 's/Quantity \* UnitPrice/数量 * 单价/g' \
	    -e 's/distinct(InvoiceNo)/distinct(单号)/'
}

t "UCI Online Retail, a slice saved by Excel on a Chinese Windows: GBK, CRLF, and with a byte order mark"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	awk 'NR == 1 || NR % 20 == 0' retail.csv >slice.csv
	uci_prepare slice.csv
	uci_groups
	run by_country slice.csv
	expect_status 1
	{
		echo 'section,Country,count,share,sum(Quantity * UnitPrice),count(),median(Quantity * UnitPrice),"quantile(Quantity * UnitPrice, 0.9)",distinct(InvoiceNo),avg(Quantity * UnitPrice)'
		cat groups.csv
	} >slice-expected.csv
	expect_out_file slice-expected.csv
	# The £ of gift vouchers (lines without a customer) is not in GBK:
	# Windows writes the full-width ￡ that is.
	awk -F, -v OFS=, '
	BEGIN { zh["United Kingdom"] = "英国"; zh["Germany"] = "德国"; zh["France"] = "法国"; zh["EIRE"] = "爱尔兰" }
	NR == 1 { print "单号,商品编码,商品名称,数量,日期,单价,客户编号,国家\r"; next }
	{
		split($(NF-3), d, /[- :]/)
		$(NF-3) = (d[1] + 0) "/" (d[2] + 0) "/" (d[3] + 0) " " (d[4] + 0) ":" d[5]
		sub(/\.0$/, "", $(NF-1))
		if ($NF in zh) $NF = zh[$NF]
		gsub(/£/, "￡")
		print $0 "\r"
	}' slice.csv >excel-utf8.csv
	iconv -f UTF-8 -t GBK excel-utf8.csv >excel-gbk.csv
	check "the GBK copy is no UTF-8" sh -c '! iconv -f UTF-8 -t UTF-8 excel-gbk.csv >/dev/null 2>&1'
	zh_names <slice-expected.csv >zh-expected.csv
	run by_country excel-gbk.csv zh
	expect_status 1
	expect_out_file zh-expected.csv
	check "GBK read, and said so" grep -qx 'cust-report: excel-gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)' "$T_ERR"
	printf '\357\273\277' | cat - excel-utf8.csv >excel-bom.csv
	run by_country excel-bom.csv zh
	expect_status 1
	expect_out_file zh-expected.csv
	uci_trend 1 4
	run cust-report --orders excel-gbk.csv --orders-only --by 国家 --trend month --amount '数量 * 单价' --to csv
	expect_status 1
	trend_by_country | zh_names >expected.csv
	expect_out_file expected.csv
fi

t "UCI Online Retail, the slice as workbooks: typed cells as Excel stores them, and cust-validate's"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	# As UCI's own Online Retail.xlsx: invoice numbers, quantities, prices
	# and customer ids are number cells (2.55 stored as Excel stores it,
	# 2.5499999999999998), dates serial days in an m/d/yyyy h:mm format.
	python3 - slice.csv typed.xlsx <<'PY'
import csv, sys, zipfile, datetime
from xml.sax.saxutils import escape
src, dst = sys.argv[1], sys.argv[2]
NS = ('xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
PKG = 'http://schemas.openxmlformats.org/package/2006/'
DOC = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
def text(ref, v): return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v))
def num(ref, v, style=''): return '<c r="%s"%s><v>%s</v></c>' % (ref, style, v)
def dbl(x): return '%.17g' % x
rows = csv.reader(open(src, newline='', encoding='utf-8'))
out = ['<row r="1">%s</row>' % ''.join(text('ABCDEFGH'[i] + '1', h) for i, h in enumerate(next(rows)))]
epoch = datetime.datetime(1899, 12, 30)
for k, (inv, code, desc, q, d, p, c, country) in enumerate(rows, 2):
    t = datetime.datetime.strptime(d, '%Y-%m-%d %H:%M:%S') - epoch
    cells = [num('A%d' % k, inv) if inv.isdigit() else text('A%d' % k, inv), text('B%d' % k, code),
             text('C%d' % k, desc), num('D%d' % k, q), num('E%d' % k, dbl(t.days + t.seconds / 86400), ' s="1"'),
             num('F%d' % k, dbl(float(p)))]
    if c:
        cells.append(num('G%d' % k, dbl(float(c))))
    cells.append(text('H%d' % k, country))
    out.append('<row r="%d">%s</row>' % (k, ''.join(cells)))
with zipfile.ZipFile(dst, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', XML + '<Types xmlns="%scontent-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
               '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
               '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
               '</Types>' % PKG)
    z.writestr('_rels/.rels', XML + '<Relationships xmlns="%srelationships"><Relationship Id="rId1" '
               'Type="%sofficeDocument" Target="xl/workbook.xml"/></Relationships>' % (PKG, DOC))
    z.writestr('xl/workbook.xml', XML + '<workbook %s><sheets><sheet name="Online Retail" sheetId="1" r:id="rId1"/>'
               '</sheets></workbook>' % NS)
    z.writestr('xl/_rels/workbook.xml.rels', XML + '<Relationships xmlns="%srelationships">'
               '<Relationship Id="rId1" Type="%sworksheet" Target="worksheets/sheet1.xml"/>'
               '<Relationship Id="rId2" Type="%sstyles" Target="styles.xml"/></Relationships>' % (PKG, DOC, DOC))
    z.writestr('xl/styles.xml', XML + '<styleSheet %s><cellXfs count="2"><xf numFmtId="0"/>'
               '<xf numFmtId="22" applyNumberFormat="1"/></cellXfs></styleSheet>' % NS)
    z.writestr('xl/worksheets/sheet1.xml', XML + '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (NS, ''.join(out)))
PY
	check "prices stored as binary doubles" sh -c 'unzip -p typed.xlsx xl/worksheets/sheet1.xml | grep -q "<v>2.5499999999999998</v>"'
	run by_country typed.xlsx
	expect_status 1
	expect_out_file slice-expected.csv
	uci_trend 1 5
	run cust-report --orders typed.xlsx --orders-only --by Country --trend quarter --amount 'Quantity * UnitPrice' --to csv
	expect_status 1
	trend_by_country >expected.csv
	expect_out_file expected.csv
	run cust-validate -o text.xlsx excel-utf8.csv
	expect_status 0
	run by_country text.xlsx zh
	expect_status 1
	expect_out_file zh-expected.csv
fi

t "UCI Online Retail, the slice with a status column: the C invoices are cancelled, left out"
if [ ! -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
	t_skip "needs ../shared/data/online-retail"
else
	awk -F, -v OFS=, 'NR == 1 { print $0, "Status"; next } { print $0, $1 ~ /^C/ ? "cancelled" : "paid" }' \
	    slice.csv >status.csv
	uci_prepare slice.csv paid
	uci_groups
	uci_trend 1 4
	run cust-report --orders status.csv --orders-only --by Country --trend month --amount 'Quantity * UnitPrice' --to csv
	expect_status 1
	trend_by_country >expected.csv
	expect_out_file expected.csv
	check "no cancellation left" sh -c '! grep -q "^C" lines.tsv'
fi
