# Encodings: GB18030/GBK with one warning, UTF-16 (Excel "Unicode text"),
# forced encodings, invalid UTF-8.

printf '客户编号,姓名,城市\nC001,张伟,北京\nC002,王芳,上海\n' >utf8.csv

t "GBK input is read as GB18030 with one warning"
iconv -f UTF-8 -t GBK utf8.csv >gbk.csv
run cust-validate gbk.csv
expect_status 0
expect_out_file utf8.csv
expect_err <<'X'
cust-validate: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X

t "GBK after a long ASCII start is still detected"
{ printf 'id,name\n'; i=0; while [ $i -lt 3000 ]; do printf '%d,ascii name\n' $i; i=$((i+1)); done; printf '9999,张伟\n'; } >late.csv
iconv -f UTF-8 -t GBK late.csv >late-gbk.csv
run cust-validate -q late-gbk.csv
expect_status 0
expect_out_file late.csv

t "--encoding forces an iconv encoding, with no warning"
run cust-validate --encoding GBK gbk.csv
expect_out_file utf8.csv
expect_err </dev/null

t "UTF-16 with a BOM (Excel's Unicode text), tab-separated"
printf '客户编号\t姓名\nC001\t张伟\n' >u.tsv
iconv -f UTF-8 -t UTF-16 u.tsv >u16.txt
run cust-validate u16.txt
expect_status 0
expect_out_file u.tsv

t "UTF-16LE with BOM and CRLF, as Excel writes it"
printf '\377\376' >le.txt
printf 'id\tname\r\n1\t王芳\r\n' | iconv -f UTF-8 -t UTF-16LE >>le.txt
run cust-validate --to csv le.txt
expect_out <<'X'
id,name
1,王芳
X

t "an unknown encoding is a usage error"
run cust-validate --encoding NOPE-42 utf8.csv
expect_status 2
expect_err <<'X'
cust-validate: unknown encoding 'NOPE-42'
X

t "invalid UTF-8 in a UTF-8 file: the record is rejected, its bytes kept"
printf 'id,name\n1,\303\251t\303\251\n2,bad\377\n3,ok\n' >inv.csv
run cust-validate --encoding UTF-8 --rejects rj.csv inv.csv
expect_status 1
expect_out <<'X'
id,name
1,été
3,ok
X
check "rejects keep the raw bytes" grep -q "$(printf 'bad\377')" rj.csv
check "rejects give the reason" grep -q "invalid UTF-8 in column 'name'" rj.csv

t "a lone UTF-16 surrogate rejects its record only; every later record is read"
# Bytes 00 D8 are a high surrogate with no low one after it: skipping one
# byte of it would shift the decoding from there to the end.
{ printf '\377\376'; printf 'id,name\r\n1,Ann\r\n2,X' | iconv -f UTF-8 -t UTF-16LE
  printf '\000\330'; printf 'Y\r\n3,Bo\r\n4,' | iconv -f UTF-8 -t UTF-16LE
  printf '\000\334'; printf '\r\n5,王芳\r\n' | iconv -f UTF-8 -t UTF-16LE; } >lone.csv
run cust-validate --summary lone.csv
expect_status 1
expect_out <<'X'
id,name
1,Ann
3,Bo
5,王芳
X
expect_err <<'X'
cust-validate: lone.csv:3: column 'name' holds bytes that are not valid UTF-16
cust-validate: lone.csv:5: column 'name' holds bytes that are not valid UTF-16
cust-validate: 5 records: 3 valid, 2 rejected
  column     errors      fixes
  id              0          0
  name            0          0
X
run cust-validate --to jsonl -q lone.csv
check "no NUL is written for the undecodable unit" test "$(grep -c u0000 "$T_OUT")" = 0

t "a forced encoding that meets a byte it cannot decode rejects that record only"
printf 'id,name\n1,\244\242\n2,\377\n3,\244\244\n' >euc.csv
run cust-validate -q --encoding EUC-JP euc.csv
expect_status 1
expect_out <<'X'
id,name
1,あ
3,い
X

t "a UTF-8 file with one GBK value stays UTF-8: the GBK line is rejected with its number, the rest is not garbled"
{ printf '客户编号,姓名,城市\nC001,张伟,北京\nC002,王芳,上海\nC003,'; printf '李娜' | iconv -f UTF-8 -t GBK
  printf ',广州\nC004,刘洋,深圳\n'; } >mostly.csv
run cust-validate -q --rejects mostly-rj.csv mostly.csv
expect_status 1
expect_out <<'X'
客户编号,姓名,城市
C001,张伟,北京
C002,王芳,上海
C004,刘洋,深圳
X
check "the GBK line is rejected with its number and reason" grep -q ",4,invalid UTF-8 in column '姓名' (is the file in another encoding? try --encoding)$" mostly-rj.csv
run cust-validate mostly.csv
expect_err_has "cust-validate: mostly.csv: 1 of the first 5 lines with text beyond ASCII is not valid UTF-8; reading it as UTF-8, it is rejected (use --encoding to choose)"
# Two such lines: the plural.
{ cat mostly.csv; printf 'C005,'; printf '王芳' | iconv -f UTF-8 -t GBK; printf ',上海\n'; } >mostly2.csv
run cust-validate mostly2.csv
expect_err_has "cust-validate: mostly2.csv: 2 of the first 6 lines with text beyond ASCII are not valid UTF-8; reading it as UTF-8, they are rejected (use --encoding to choose)"
# A single line of UTF-8 read as GBK: "its one line", not "its first 1 lines".
printf 'id,name\n1,张伟\n' >one-utf8.csv
run cust-validate --encoding GBK one-utf8.csv
expect_err_has "cust-validate: one-utf8.csv: --encoding GBK, but the input is UTF-8 (its one line with text beyond ASCII is): is --encoding wrong?"

t "a wrong --encoding (GBK on a UTF-8 file) is named, and the missing column says the header looks mis-decoded"
printf '{"fields": [{"name": "客户编号"}]}' >id.schema.json
run cust-validate --encoding GBK --schema id.schema.json utf8.csv
expect_status 3
expect_err <<'X'
cust-validate: utf8.csv: --encoding GBK, but the input is UTF-8 (its first 3 lines with text beyond ASCII all are): is --encoding wrong?
cust-validate: the input has no column '客户编号' named in id.schema.json (the header looks like UTF-8 read as GBK: '瀹㈡埛缂栧彿' is '客户编号' in UTF-8; is --encoding wrong?)
X
run cust-dedupe --encoding GBK -q --key 客户编号 utf8.csv
expect_status 2
expect_err <<'X'
cust-dedupe: utf8.csv: --encoding GBK, but the input is UTF-8 (its first 3 lines with text beyond ASCII all are): is --encoding wrong?
cust-dedupe: --key 客户编号: no column '客户编号' (and no column has that role) (the header looks like UTF-8 read as GBK: '瀹㈡埛缂栧彿' is '客户编号' in UTF-8; is --encoding wrong?)
X

t "a GBK header read as UTF-8 is said to be in another encoding"
run cust-validate --encoding UTF-8 --schema id.schema.json gbk.csv
expect_status 3
expect_err <<'X'
cust-validate: the input has no column '客户编号' named in id.schema.json (the header is not valid UTF-8: is the file in another encoding? try --encoding)
X

# -q hides details, one message per record; what is said once about how
# a whole input is read (its encoding) may mean every record is misread,
# and stays (the reader's warnings carry a level: WARN_INPUT).
printf 'customer_id,order_date,amount,备注\nC001,2024-01-01,1,首单\n' | iconv -f UTF-8 -t GBK >o-gbk.csv
printf '{"grades": ["A", "B"], "window": "all", "tiers": [{"grade": "B", "when": "count() >= 1"}, {"grade": "A"}]}' >q.rules.json

t "-q keeps the one warning about a whole input's encoding: cust-validate, cust-dedupe"
run cust-validate -q gbk.csv
expect_status 0
expect_out_file utf8.csv
expect_err <<'X'
cust-validate: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X
run cust-dedupe -q --key 客户编号 -o /dev/null gbk.csv
expect_status 0
expect_err <<'X'
cust-dedupe: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X
run sh -c 'cust-dedupe -q --encoding GBK --key 客户编号 -o /dev/null - <utf8.csv'
expect_err_has "cust-dedupe: stdin: --encoding GBK, but the input is UTF-8 (its first 3 lines with text beyond ASCII all are): is --encoding wrong?"

t "-q keeps it in cust-grade: the customer table, on stdin too, and the orders"
run cust-grade -q --rules q.rules.json --orders o-gbk.csv --as-of 2024-10-01 -o /dev/null gbk.csv
expect_status 0
expect_err <<'X'
cust-grade: o-gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
cust-grade: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X
run sh -c 'cust-grade -q --rules q.rules.json --orders o-gbk.csv --as-of 2024-10-01 -o /dev/null <gbk.csv'
expect_status 0
expect_err <<'X'
cust-grade: o-gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
cust-grade: stdin: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X

t "-q keeps it in cust-segment"
run cust-segment -q --rfm --orders o-gbk.csv --as-of 2024-10-01 -o /dev/null gbk.csv
expect_status 0
expect_err <<'X'
cust-segment: o-gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
cust-segment: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X

t "-q keeps it in cust-report, with and without orders"
run cust-report -q --by 城市 -o /dev/null gbk.csv
expect_status 0
expect_err <<'X'
cust-report: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X
run cust-report -q --by 城市 --orders o-gbk.csv -o /dev/null gbk.csv
expect_status 0
expect_err <<'X'
cust-report: o-gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
cust-report: gbk.csv: input is not UTF-8; reading it as GB18030 (use --encoding to choose)
X

t "-q still hides the message of each record: a mostly-UTF-8 file's GBK line is counted, not shown"
run cust-validate -q mostly.csv
expect_status 1
expect_err <<'X'
cust-validate: mostly.csv: 1 of the first 5 lines with text beyond ASCII is not valid UTF-8; reading it as UTF-8, it is rejected (use --encoding to choose)
cust-validate: 1 invalid record (use --rejects FILE to keep it)
X
