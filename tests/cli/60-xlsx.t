# Workbooks: .xlsx and .xls read in every program, --to xlsx written.
# The hand-made workbooks in data/xlsx are written by data/xlsx/make.py;
# others are made here by LibreOffice, when it is installed.
X="$DATA/xlsx"
cp "$X"/*.xlsx "$X"/*.zip .

t "a sheet is read as seen: shared, rich and inline text, dates from formats, fixed decimals, booleans, times"
run cust-validate --skip 2 book.xlsx
expect_status 1
# _x000D_ in a shared string is a carriage return
cr=$(printf '\r')
cat >want.csv <<EOF2
客户编号,姓名,注册日期,金额,备注,最后登录
00123,张三,2024-10-04,1234.50,VIP,2024-10-04T12:00:00
00124,Bob,2024-01-01,0.1,,
00125,李四,1900-03-01,12345678901234567890,true,42:00:00
00127,合并 ,,2.5,7,00:01:00
00129,"line one$cr",,3.00,,
EOF2
expect_out_file want.csv
expect_err <<'EOF2'
cust-validate: book.xlsx:8: 客户名单!C8: 60 is no date: 1900-02-29 does not exist (Excel's 1900 leap-year bug)
cust-validate: book.xlsx:10: 客户名单!B10: shared string '99' does not exist (the workbook has 14)
cust-validate: book.xlsx: 1 error cell (#N/A) and 1 formula without a cached value read as empty (sheet 客户名单)
EOF2

t "-q hides the rows' messages, not the cells read as empty, which concern the whole sheet"
run cust-validate -q --skip 2 book.xlsx
expect_status 1
expect_out_file want.csv
expect_err <<'EOF2'
cust-validate: book.xlsx: 1 error cell (#N/A) and 1 formula without a cached value read as empty (sheet 客户名单)
cust-validate: 2 invalid records (use --rejects FILE to keep them)
EOF2

t "records that cannot be read go to --rejects with their sheet, cell and row"
run cust-validate --skip 2 --rejects bad.csv "book.xlsx"
expect_status 1
expect_file bad.csv <<'EOF2'
客户编号,姓名,注册日期,金额,备注,最后登录,_line,_errors
00126,Eve,,1,,,8,客户名单!C8: 60 is no date: 1900-02-29 does not exist (Excel's 1900 leap-year bug)
00128,,,,,,10,客户名单!B10: shared string '99' does not exist (the workbook has 14)
EOF2

t "the header on a later row without --skip: the rows say so"
run cust-validate "book.xlsx"
expect_status 1
expect_err_has "cust-validate: book.xlsx:3: values beyond the header's last column (is the header on a later row? see --skip): \"姓名\" \"注册日期\" \"金额\" \"备注\" \"最后登录\""

t "--sheet by number and by name; a hidden sheet is read only when asked for"
run cust-validate --sheet 3 "book.xlsx"
expect_status 0
expect_out <<'EOF2'
a,b
1,-2.50
EOF2
run cust-validate --sheet 隐藏 --to jsonl "book.xlsx"
expect_out <<'EOF2'
EOF2
run cust-validate --sheet sheet3 "book.xlsx"
expect_status 0
expect_out_has "1,-2.50"

t "an unknown sheet is a usage error that lists the sheets"
run cust-validate --sheet nope "book.xlsx"
expect_status 2
expect_err <<'EOF2'
cust-validate: book.xlsx: no sheet 'nope'; the sheets are '隐藏' (hidden), '客户名单', 'Sheet3' (--sheet NAME or NUMBER)
EOF2

t "the 1904 date system"
run cust-validate book1904.xlsx
expect_status 0
expect_out <<'EOF2'
day,at
1904-01-01,1904-01-02T06:00:00
2024-10-04,2024-10-04T18:00:00
EOF2

t "a workbook on standard input is detected too"
run_stdin book1904.xlsx cust-validate --to jsonl
expect_status 0
expect_out <<'EOF2'
{"day":"1904-01-01","at":"1904-01-02T06:00:00"}
{"day":"2024-10-04","at":"2024-10-04T18:00:00"}
EOF2

t "--skip skips CSV lines before the header too"
printf 'Customer export\ngenerated 2024-10-04\nid,name\n1,Ann\n' >titled.csv
run cust-validate --skip 2 titled.csv
expect_status 0
expect_out <<'EOF2'
id,name
1,Ann
EOF2
run cust-validate --skip x titled.csv
expect_status 2
expect_err_has "cust-validate: --skip x: expected a number of rows (0 to 1048576)"

t "a zip that is no workbook, a truncated workbook: exit 3"
run cust-validate notbook.zip
expect_status 3
expect_err <<'EOF2'
cust-validate: notbook.zip: a zip archive but no .xlsx workbook (it has no xl/workbook.xml)
EOF2
run cust-validate truncated.xlsx
expect_status 3
expect_err <<'EOF2'
cust-validate: truncated.xlsx: not a readable zip archive, so no .xlsx workbook (damaged or truncated?)
EOF2

t "--from xlsx on a CSV file is an input error"
printf 'a\n1\n' >plain.csv
run cust-validate --from xlsx plain.csv
expect_status 3
expect_err <<'EOF2'
cust-validate: plain.csv: not an .xlsx workbook (neither a zip archive nor an OLE2 compound file)
EOF2

t "bombs are refused: a sheet inflating a thousand times, an XML entity bomb"
run cust-validate zipbomb.xlsx
expect_status 3
expect_err <<'EOF2'
cust-validate: zipbomb.xlsx: xl/worksheets/sheet1.xml would inflate from 20630 to 20971830 bytes, over 100 times: refused as a likely zip bomb
EOF2
run cust-validate liar.xlsx
expect_status 3
expect_err <<'EOF2'
cust-validate: liar.xlsx: xl/worksheets/sheet1.xml inflates past its stated size: the workbook is damaged
EOF2
run cust-validate entities.xlsx
expect_status 3
expect_err <<'EOF2'
cust-validate: entities.xlsx: xl/worksheets/sheet1.xml has a document type declaration (DTD), which no .xlsx part has: refused as a likely XML entity bomb
EOF2

t "a password-protected workbook: exit 3 and what to do"
run cust-validate encrypted.xlsx
expect_status 3
expect_err <<'EOF2'
cust-validate: encrypted.xlsx: the workbook is password-protected (encrypted); remove the password in Excel or WPS and save it again
EOF2

t "cells beyond XFD1048576 reject their rows; the rest is read"
run cust-validate range.xlsx
expect_status 1
expect_out <<'EOF2'
a,b
3,4
EOF2
expect_err <<'EOF2'
cust-validate: range.xlsx:2: Sheet1!XFE2: beyond XFD1048576, the last cell a sheet can have
cust-validate: range.xlsx:1048577: Sheet1!A1048577: beyond XFD1048576, the last cell a sheet can have
EOF2

# --- writing ---------------------------------------------------------------

cat >rt.csv <<'EOF2'
客户编号,姓名,手机,金额,订单日期,数量,备注,active
00123,张三,13800138000,1234.50,2024-10-04,3,"a, ""quoted"" note",true
9876543210987654321,Bob Smith,+86 138 0013 8001,¥1.5,2024/10/4,007,=1+1,false
3,李四 ,,-0.10,2024-10-04T08:26:00,2.50,"two
lines",yes
4, 王五,02012345678,12345678901234.56,1899-12-31,1e5,_x0041_ literal,
5,Ann,,100,2024-02-29,-0,  spaced  ,TRUE
EOF2

t "round trip: --to xlsx, then reading the workbook back gives the same records"
run cust-validate --to xlsx -o rt.xlsx rt.csv
expect_status 0
expect_out </dev/null
run cust-validate rt.xlsx
expect_status 0
expect_out_file rt.csv
check "no temporary files left" test -z "$(ls | grep tmp)"

t "-o FILE.xlsx alone writes a workbook; typed cells where the role says, text for ids and phones"
run cust-validate -o typed.xlsx rt.csv
expect_status 0
check "a zip workbook" cmp -s -n 4 typed.xlsx "book.xlsx"
if command -v unzip >/dev/null; then
	unzip -p typed.xlsx xl/worksheets/sheet1.xml >sheet.xml
	check "id is text (leading zeros kept)" grep -q '<c r="A2" t="inlineStr"><is><t>00123</t>' sheet.xml
	check "phone is text" grep -q '<c r="C2" t="inlineStr"><is><t>13800138000</t>' sheet.xml
	check "money is a number with two places" grep -q '<c r="D2" s="2"><v>1234.5</v>' sheet.xml
	check "a date is a date" grep -q '<c r="E2" s="3"><v>45569</v>' sheet.xml
	check "¥1.5 stays text: read back it must be ¥1.5" grep -q '<c r="D3" t="inlineStr"><is><t>¥1.5</t>' sheet.xml
	check "header frozen" grep -q 'state="frozen"' sheet.xml
	check "autofilter" grep -q '<autoFilter ref="A1:H6"/>' sheet.xml
	check "the Chinese name column is wide enough" grep -q '<col min="2" max="2" width="12.7109375"' sheet.xml
fi

t "a schema's types: booleans and numbers typed"
cat >s.json <<'EOF2'
{"fields": [{"name": "active", "type": "boolean"}, {"name": "数量", "type": "number"}]}
EOF2
printf 'active,数量\ntrue,2.5\nfalse,007\ntrue,abc\n' >b.csv
run cust-validate --schema s.json -o b.xlsx b.csv
expect_status 1
run cust-validate b.xlsx
head -n 3 b.csv >valid.csv
expect_out_file valid.csv
if command -v unzip >/dev/null; then
	unzip -p b.xlsx xl/worksheets/sheet1.xml >sheet.xml
	check "boolean cell" grep -q '<c r="A2" t="b"><v>1</v>' sheet.xml
	check "number cell" grep -q '<c r="B2"><v>2.5</v>' sheet.xml
	check "007 stays text" grep -q '<c r="B3" t="inlineStr"><is><t>007</t>' sheet.xml
fi

t "--to xlsx to a pipe works; --rejects keeps CSV unless named .xlsx"
run sh -c 'cust-validate --to xlsx --schema s.json --rejects bad.csv b.csv | cust-validate --to jsonl --json-strings'
expect_status 0
check "the rejects file is CSV" grep -q '^active,数量,_line,_errors$' bad.csv
expect_out <<'EOF2'
{"active":"true","数量":"2.5"}
{"active":"false","数量":"007"}
EOF2
expect_file bad.csv <<'EOF2'
active,数量,_line,_errors
true,abc,4,"数量: not a valid number: ""abc"""
EOF2

t "a failed --to xlsx run leaves the previous file and no temporary file"
printf 'old\n' >keep.xlsx
mkdir tmpx
run env TMPDIR="$PWD/tmpx" cust-validate --schema /nonexistent.json -o keep.xlsx rt.csv
expect_status 2
expect_file keep.xlsx <<'EOF2'
old
EOF2
check "no temporary workbook left in TMPDIR" test -z "$(ls tmpx)"

t "--to xls is refused: custkit writes .xlsx"
run cust-validate --to xls rt.csv
expect_status 2
expect_err_has "cust-validate: --to xls: custkit writes .xlsx workbooks, not .xls (--to xlsx)"

t "every program writes xlsx: cust-dedupe"
printf 'id,name,phone\n1,Ann,13800138000\n2,Ann,138-0013-8000\n' >d.csv
run cust-dedupe --key phone -o d.xlsx d.csv
expect_status 0
run cust-validate d.xlsx
expect_status 0
expect_out <<'EOF2'
id,name,phone,cluster_id,is_duplicate,match_reason
1,Ann,13800138000,1,false,phone
2,Ann,138-0013-8000,1,true,phone
EOF2

t "every program reads and writes xlsx: cust-grade with customers and orders in workbooks"
G="$EXAMPLES/grade"
cust-validate -o orders.xlsx "$G/orders.csv"
cust-validate -o customers.xlsx "$G/customers.csv"
cust-grade --rules "$G/monthly.rules.json" --orders "$G/orders.csv" --as-of 2024-10-01 -q "$G/customers.csv" >want.csv
run cust-grade --rules "$G/monthly.rules.json" --orders orders.xlsx --as-of 2024-10-01 -q -o graded.xlsx customers.xlsx
expect_status 0
run cust-validate graded.xlsx
expect_out_file want.csv

# --- workbooks made by another program ---------------------------------------

if command -v soffice >/dev/null 2>&1; then
	printf 'id,姓名,金额,日期,时间\n00123,张三,1234.5,2024-10-04,2024-10-04 08:30:00\n2,Bob,0.1,2024-01-31,2024-01-31 23:59:59\n' >lo.csv
	# Column 1 imported as text (format code 2) so that 00123 stays as it is.
	LO="-env:UserInstallation=file://$PWD/lo-profile"
	soffice "$LO" --headless --infilter=CSV:44,34,76,1,1/2 --convert-to xlsx lo.csv >/dev/null 2>&1
	soffice "$LO" --headless --infilter=CSV:44,34,76,1,1/2 --convert-to xls lo.csv >/dev/null 2>&1

	for ext in xlsx xls; do
		t "a workbook LibreOffice wrote (.$ext)"
		run cust-validate lo.$ext
		expect_status 0
		expect_out <<'EOF2'
id,姓名,金额,日期,时间
00123,张三,1234.5,2024-10-04,2024-10-04T08:30:00
2,Bob,0.1,2024-01-31,2024-01-31T23:59:59
EOF2
	done

	t "a workbook custkit wrote, as LibreOffice reads it"
	cust-validate -o ours.xlsx rt.csv
	soffice "$LO" --headless --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 ours.xlsx >/dev/null 2>&1
	check "LibreOffice read it" test -s ours.csv
	check "ids keep their zeros, money shows two places, dates are dates" \
	    grep -q '^00123,张三,13800138000,"1,234.50",2024-10-04,3,' ours.csv
else
	echo "60-xlsx.t: soffice not found: skipping the LibreOffice workbooks (apt-get install libreoffice-calc-nogui)"
fi

t "a workbook is never written to a terminal"
if command -v script >/dev/null 2>&1; then
	script -qec "cust-validate --to xlsx rt.csv" /dev/null >tty.out 2>&1 </dev/null
	check "refused" grep -q "cust-validate: --to xlsx writes a binary workbook: name a file with -o FILE.xlsx or redirect standard output" tty.out
	check "no workbook bytes on the terminal" test -z "$(grep -a PK tty.out)"
fi

t "text longer than a cell holds: exit 4, the previous file kept, no temporary file"
mkdir tmpd
awk 'BEGIN { printf "id,note\n1,"; for (i = 0; i < 40000; i++) printf "x"; printf "\n" }' >long.csv
printf 'old\n' >long.xlsx
run env TMPDIR="$PWD/tmpd" cust-validate -o long.xlsx long.csv
expect_status 4
expect_err <<'EOF2'
cust-validate: long.xlsx: record 1, column 2: text longer than the 32767 characters an Excel cell holds (write CSV instead)
EOF2
expect_file long.xlsx <<'EOF2'
old
EOF2
check "no temporary files" test -z "$(ls tmpd)$(ls | grep '[.]tmp[.]')"

t "--to xlsx: a datetime with a time-zone offset stays text, never a different instant"
cat >tz.csv <<'EOF2'
id,created_at
1,2024-10-04T08:26:00+08:00
2,2024-10-04T08:26:00Z
3,2024-10-04T08:26:00
EOF2
printf '{"fields":[{"name":"id","type":"integer"},{"name":"created_at","type":"datetime"}]}' >tz.json
run cust-validate --schema tz.json --to xlsx -o tz.xlsx tz.csv
expect_status 0
run cust-validate tz.xlsx
expect_status 0
expect_out_file tz.csv
if command -v unzip >/dev/null; then
	unzip -p tz.xlsx xl/worksheets/sheet1.xml >tz.xml
	check "+08:00 is text" grep -q '<c r="B2" t="inlineStr"><is><t>2024-10-04T08:26:00+08:00</t>' tz.xml
	check "Z is text" grep -q '<c r="B3" t="inlineStr"><is><t>2024-10-04T08:26:00Z</t>' tz.xml
	check "wall-clock time is a date cell" grep -q '<c r="B4" s="2"><v>45569.35138888889</v>' tz.xml
fi
