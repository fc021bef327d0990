# cust-report --to xlsx: a sheet per table, typed cells, a frozen header,
# native charts; read back by LibreOffice.

cp "$EXAMPLES"/grade/orders.csv "$EXAMPLES"/grade/customers-graded.csv .

t "the workbook: one sheet per table, frozen headers, charts"
run cust-report --orders orders.csv --by grade --metric 'sum(金额)' --metric 'median(金额)' --trend month --quality --as-of 2024-10-05 -o report.xlsx customers-graded.csv
expect_status 0
expect_out </dev/null
python3 - report.xlsx >parts.txt <<'X'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
names = z.namelist()
wb = z.read('xl/workbook.xml').decode()
print('sheets', re.findall(r'<sheet name="([^"]*)"', wb))
print('charts', len([n for n in names if n.startswith('xl/charts/chart')]))
s1 = z.read('xl/worksheets/sheet1.xml').decode()
print('frozen', 'state="frozen"' in s1)
print('numbers', len(re.findall(r'<c r="D2"[^>]*><v>5300</v>', s1)))
X
expect_file parts.txt <<'X'
sheets ['1 分组', '2 趋势', '3 复购', '4 完整度']
charts 3
frozen True
numbers 1
X

t "LibreOffice reads the values back"
if ! command -v soffice >/dev/null 2>&1; then
	t_skip "LibreOffice is not installed (scripts/deps check installs it)"
else
	soffice_csv report.xlsx false
	expect_file "report-1 分组.csv" <<'X'
grade,数量,占比,sum(金额),median(金额)
中级,3,50%,5300,600
,1,16.6667%,,
低级,1,16.6667%,5000,5000
高级,1,16.6667%,200,35
X
fi
