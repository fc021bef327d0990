# cust-validate with a schema: checking, fixing, rejects, summary, infer.

cp "$EXAMPLES/customers.csv" "$EXAMPLES/customers.schema.json" .

t "schema + fix + rejects on a messy Chinese export: records in = valid + rejected"
run cust-validate --schema customers.schema.json --fix --rejects bad.csv customers.csv
expect_status 1
expect_err </dev/null
expect_out <<'X'
客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,消费金额,备注
C001,张伟,13812345678,zhangwei@qq.com,北京,1985-03-12,2024-10-04,1234.50,
C002,王芳,13987654321,wangfang@163.com,上海,1990-05-08,2024-10-04,860.00,老客户
C006,杨帆,18600001234,yangfan@126.com,成都,2001-11-11,2024-06-18,99.90,
C008,黄敏,13711112222,huangmin@qq.com,南京,1987-08-08,2024-05-05,1000.00,"地址：
南京市鼓楼区"
X
expect_file bad.csv <<'X'
客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,消费金额,备注,_line,_errors
C003,李娜,13700001111,lina@gmail.com,广州,1988-09-21,2024-01-15,-12.00,退款,4,"消费金额: ""-12.00"" is below the minimum 0.00"
C004,刘洋,15912345678,liuyang@,深圳,1992-13-01,2024-02-30,abc,,5,"邮箱: not a valid e-mail address: ""liuyang@""; 出生日期: not a valid date (no such date): ""1992-13-01""; 注册日期: not a valid date (no such date): ""2024-02-30""; 消费金额: not a valid amount of money: ""abc"""
C005,陈静,12345,chenjing@sina.com,杭州,1979-07-30,2023-12-01,2500.00,"=HYPERLINK(""http://evil.example"",""点击"")",6,"手机: not a valid phone number (too few digits): ""12345"""
,赵磊,13611112222,zhaolei@qq.com,武汉,1995-02-28,2024-03-01,300.00,缺编号,8,客户编号: required value is missing
C001,张伟,13812345678,zhangwei@qq.com,北京,1985-03-12,2024-10-04,50.00,重复编号,11,"客户编号: duplicate value ""C001"" (first on line 2)"
X
# 9 records in: 4 out (one spans two lines), 5 rejected
check "records in = out + rejected" test "$(( $(cust-validate --to jsonl "$T_OUT" | wc -l) + $(cust-validate --to jsonl bad.csv | wc -l) ))" -eq 9

t "without --fix the valid records pass unchanged"
run cust-validate --schema customers.schema.json customers.csv
expect_status 1
expect_out <<'X'
客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,消费金额,备注
C001,张伟,138-1234-5678,ZhangWei@QQ.com,北京,1985-03-12,2024/10/4,"¥1,234.50",
C002,王芳,+86 139 8765 4321, wangfang@163.com ,上海,1990年5月8日,45569,860.00元,老客户
C006,杨帆,0086 186 0000 1234,yangfan@126.com,成都,2001-11-11,2024-06-18,99.9,
C008,黄敏,13711112222,huangmin@qq.com,南京,1987-08-08,2024-05-05,1000,"地址：
南京市鼓楼区"
X
expect_err <<'X'
cust-validate: customers.csv:4: 消费金额: "(12.00)" is below the minimum 0.00
cust-validate: customers.csv:5: 邮箱: not a valid e-mail address: "liuyang@"; 出生日期: not a valid date (no such date): "1992-13-01"; 注册日期: not a valid date (no such date): "2024-02-30"; 消费金额: not a valid amount of money: "abc"
cust-validate: customers.csv:6: 手机: not a valid phone number (too few digits): "12345"
cust-validate: customers.csv:8: 客户编号: required value is missing
cust-validate: customers.csv:11: 客户编号: duplicate value "C001" (first on line 2)
X

t "--summary counts errors and fixes per column"
run cust-validate --schema customers.schema.json --fix --rejects bad.csv --summary customers.csv
expect_status 1
expect_err <<'X'
cust-validate: 9 records: 4 valid, 5 rejected
  column       errors      fixes
  客户编号          2          0
  姓名              0          0
  手机              1          4
  邮箱              1          2
  城市              0          0
  出生日期          1          2
  注册日期          1          3
  消费金额          2          8
  备注              0          0
X

t "--summary=json"
run cust-validate --schema customers.schema.json --rejects bad.csv --summary=json customers.csv
expect_status 1
expect_err <<'X'
{"records":9,"valid":4,"rejected":5,"columns":[{"column":"客户编号","errors":2,"fixes":0},{"column":"姓名","errors":0,"fixes":0},{"column":"手机","errors":1,"fixes":0},{"column":"邮箱","errors":1,"fixes":0},{"column":"城市","errors":0,"fixes":0},{"column":"出生日期","errors":1,"fixes":0},{"column":"注册日期","errors":1,"fixes":0},{"column":"消费金额","errors":2,"fixes":0},{"column":"备注","errors":0,"fixes":0}]}
X

t "--fix without a schema normalises by column role and rejects nothing"
run cust-validate --fix customers.csv
expect_status 0
expect_out_has 'C002,王芳,13987654321,wangfang@163.com,上海,1990-05-08,2024-10-04,860.00,老客户'
expect_out_has 'C004,刘洋,15912345678,liuyang@,深圳,1992-13-01,2024-02-30,abc,'
check "all 9 records out" test "$(cust-validate --to jsonl "$T_OUT" | wc -l)" -eq 9

t "--excel neutralises formula cells in the output"
run cust-validate --excel customers.csv
expect_out_has "'=HYPERLINK(\"\"http://evil.example\"\",\"\"点击\"\")"
check "BOM" test "$(head -c 3 "$T_OUT" | od -An -tx1 | tr -d ' ')" = efbbbf

t "missingValues: 无 counts as missing"
printf '客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,消费金额,备注\nC100,周杰,13800000000,无,无,无,N/A,无,无\n' >m.csv
run cust-validate --schema customers.schema.json m.csv
expect_status 0
expect_out_file m.csv

t "a schema column missing from the input is an input error"
printf '客户编号,姓名\nC1,x\n' >short.csv
run cust-validate --schema customers.schema.json short.csv
expect_status 3
expect_err <<'X'
cust-validate: the input has no column '手机', '邮箱', '城市', '出生日期', '注册日期', '消费金额', '备注' named in customers.schema.json
X

t "a broken schema exits 2 naming the file and the place"
printf '{"fields": [{"name": "a", "type": "mony"}]}' >s1.json
run cust-validate --schema s1.json customers.csv
expect_status 2
expect_err <<'X'
cust-validate: s1.json: fields[0] (a): unknown type 'mony' (types: string, integer, number, boolean, date, time, datetime, year, yearmonth, duration, geopoint, geojson, object, array, list, any, money, phone)
X
printf '{"fields": [\n  {"name": "a",}\n]}' >s2.json
run cust-validate --schema s2.json customers.csv
expect_status 2
expect_err <<'X'
cust-validate: s2.json:2:16: string or '}' expected near '}'
X
printf '{"fields": [{"name": "a", "constraints": {"maxLength": -1}}]}' >s3.json
run cust-validate --schema s3.json customers.csv
expect_status 2
expect_err <<'X'
cust-validate: s3.json: fields[0] (a).constraints.maxLength: expected a whole number >= 0
X
run cust-validate --schema nope.json customers.csv
expect_status 2
expect_err <<'X'
cust-validate: nope.json: No such file or directory
X

t "types and constraints: integer, number, boolean, datetime, uri, enum, lengths, primaryKey"
cat >t.json <<'J'
{"fields": [
  {"name": "id", "type": "integer", "constraints": {"minimum": 1}},
  {"name": "score", "type": "number", "constraints": {"maximum": 5.5}},
  {"name": "vip", "type": "boolean"},
  {"name": "seen", "type": "datetime", "format": "any", "constraints": {"minimum": "2020-01-01 00:00:00"}},
  {"name": "site", "type": "string", "format": "uri"},
  {"name": "tier", "constraints": {"enum": ["金卡", "银卡"]}},
  {"name": "code", "constraints": {"minLength": 2, "maxLength": 3}}
], "primaryKey": ["id", "code"]}
J
printf 'id,score,vip,seen,site,tier,code\n1,5.5,true,2024-10-04 08:26:00,https://a.cn,金卡,张三\n1,5.5,1,2024-10-04T08:26,https://a.cn,银卡,张三\n0,6,maybe,2019-12-31 23:59:59,not a uri,铜卡,张三丰丰\n' >t.csv
run cust-validate --schema t.json t.csv
expect_status 1
expect_out <<'X'
id,score,vip,seen,site,tier,code
1,5.5,true,2024-10-04 08:26:00,https://a.cn,金卡,张三
X
expect_err <<'X'
cust-validate: t.csv:3: primaryKey: duplicate key (1, 张三) (first on line 2)
cust-validate: t.csv:4: id: "0" is below the minimum 1; score: "6" is above the maximum 5.5; vip: not a valid boolean (not one of the true or false values): "maybe"; seen: "2019-12-31 23:59:59" is below the minimum 2020-01-01 00:00:00; site: not a valid URI (expected scheme:rest, as in https://example.com): "not a uri"; tier: "铜卡" is not one of the allowed values; code: "张三丰丰" is longer than 3 characters
X

t "without --rejects, errors past 100 are counted"
awk 'BEGIN { print "客户编号,姓名,手机,邮箱,城市,出生日期,注册日期,消费金额,备注"; for (i = 0; i < 150; i++) printf "C%03d,名,1,,,,,,\n", i }' >many.csv
run cust-validate --schema customers.schema.json many.csv
expect_status 1
check "100 messages and a count" test "$(wc -l <"$T_ERR")" -eq 101
expect_err_has "cust-validate: 50 more invalid records not shown (use --rejects FILE to keep them all)"

t "--infer drafts a schema that --schema accepts"
run cust-validate --infer customers.csv
expect_status 0
cp "$T_OUT" drafted.json
expect_out <<'X'
{
  "fields": [
    {
      "name": "客户编号",
      "type": "string"
    },
    {
      "name": "姓名",
      "type": "string",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "手机",
      "type": "phone",
      "format": "cn_mobile",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "邮箱",
      "type": "string",
      "format": "email",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "城市",
      "type": "string",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "出生日期",
      "type": "date",
      "format": "any",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "注册日期",
      "type": "date",
      "format": "any",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "消费金额",
      "type": "money",
      "constraints": {
        "required": true
      }
    },
    {
      "name": "备注",
      "type": "string"
    }
  ],
  "missingValues": [
    ""
  ]
}
X
run cust-validate --schema drafted.json --rejects bad.csv customers.csv
expect_status 1
check "the draft flags C004 (e-mail, dates, money) and C005 (phone)" test "$(cust-validate --to jsonl bad.csv | wc -l)" -eq 2

t "--infer goes with no checking options"
run cust-validate --infer --fix customers.csv
expect_status 2
expect_err_has "--infer drafts a schema; it does not go with --schema, --fix or --rejects"

t "--fix with a schema: full-width digits and letters become ASCII in every type, from 0 to 9, A to Z, a to z; good values stay"
printf '{"fields": [{"name": "id", "type": "string"}, {"name": "ok", "type": "boolean"}, {"name": "n", "type": "integer"}, {"name": "x", "type": "number"}]}' >fw.json
printf 'id,ok,n,x\n０１２３４５６７８９,true,１２,３.５\nＡＢＹＺａｂｙｚ－。,false,-3,1e2\nC9,1,9,0.5\n' >fw.csv
run cust-validate --schema fw.json --fix --summary fw.csv
expect_status 0
expect_out <<'X'
id,ok,n,x
0123456789,true,12,3.5
ABYZabyz－。,false,-3,1e2
C9,1,9,0.5
X
expect_err <<'X'
cust-validate: 3 records: 3 valid, 0 rejected
  column     errors      fixes
  id              0          2
  ok              0          0
  n               0          1
  x               0          1
X
