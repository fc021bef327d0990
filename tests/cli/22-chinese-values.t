# Chinese data the way it is written (issue 11, items 13-17).

t "money in 万 and 亿 is read exactly, and --fix writes it out"
printf 'id,消费金额\n1,1.2万\n2,3亿元\n3,1.25万元\n4,¥0.5万\n' >wan.csv
run cust-validate --fix wan.csv
expect_status 0
expect_out <<'X'
id,消费金额
1,12000.00
2,300000000.00
3,12500.00
4,5000.00
X
printf '{"fields": [{"name": "id"}, {"name": "消费金额", "type": "money"}]}' >m.json
printf 'id,消费金额\n1,1.2万\n2,1.234567万\n3,1.2345678万\n' >wan2.csv
run cust-validate --schema m.json wan2.csv
expect_status 1
expect_err <<'X'
cust-validate: wan2.csv:4: 消费金额: not a valid amount of money (finer than a cent): "1.2345678万"
X

t "order amounts in 万 add up exactly in cust-grade"
printf 'id,name\nK1,A\n' >c.csv
printf 'id,date,amount\nK1,2024-01-05,1.25万元\nK1,2024-02-05,0.75万\nK1,2024-03-01,1亿\n' >o.csv
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amount) == 100020000"}, {"grade": "a"}]}' >r.json
run cust-grade --rules r.json --orders o.csv --as-of 2024-06-01 c.csv
expect_status 0
expect_out <<'X'
id,name,grade,grade_prev,grade_updated,grade_reason
K1,A,b,,2024-06-01,Graded b: spend is 100020000 to date
X

t "a date with a time of day: --fix keeps the date, and says so without it"
printf '{"fields": [{"name": "id"}, {"name": "d", "type": "date", "format": "any"}]}' >d.json
printf 'id,d\n1,2023-5-6 10:00\n2,2023-5-6\n3,2023/5/7 00:00:00\n' >d.csv
run cust-validate --schema d.json d.csv
expect_status 1
expect_out <<'X'
id,d
2,2023-5-6
X
expect_err <<'X'
cust-validate: d.csv:2: d: not a valid date (has a time of day, which --fix drops): "2023-5-6 10:00"
cust-validate: d.csv:4: d: not a valid date (has a time of day, which --fix drops): "2023/5/7 00:00:00"
X
run cust-validate --schema d.json --fix --summary d.csv
expect_status 0
expect_out <<'X'
id,d
1,2023-05-06
2,2023-05-06
3,2023-05-07
X
expect_err <<'X'
cust-validate: 3 records: 3 valid, 0 rejected
  column     errors      fixes
  id              0          0
  d               0          3
X
# A birth date found by its header is a date too.
printf 'id,出生日期\n1,1990-5-8 00:00:00\n' >b.csv
run cust-validate --fix b.csv
expect_out <<'X'
id,出生日期
1,1990-05-08
X

t "a cn_mobile phone: 11 digits starting 13-19; placeholders are no phone"
printf '{"fields": [{"name": "id"}, {"name": "手机", "type": "phone", "format": "cn_mobile"}]}' >p.json
printf 'id,手机\n1,13912345678\n2,1591234567\n3,139123456789\n4,00000000000\n5,+86 139 1234 5678\n6,+12025550123\n' >p.csv
run cust-validate --schema p.json p.csv
expect_status 1
expect_out <<'X'
id,手机
1,13912345678
5,+86 139 1234 5678
X
expect_err <<'X'
cust-validate: p.csv:3: 手机: not a valid China mobile number (expected 11 digits starting with 13 to 19): "1591234567"
cust-validate: p.csv:4: 手机: not a valid China mobile number (expected 11 digits starting with 13 to 19): "139123456789"
cust-validate: p.csv:5: 手机: not a valid China mobile number (a placeholder, not a number): "00000000000"
cust-validate: p.csv:7: 手机: not a valid China mobile number (expected 11 digits starting with 13 to 19): "+12025550123"
X
printf '{"fields": [{"name": "id"}, {"name": "手机", "type": "phone"}]}' >p2.json
printf 'id,手机\n1,+12025550123\n2,000-0000-0000\n3,1111111\n' >p2.csv
run cust-validate --schema p2.json --fix p2.csv
expect_status 1
expect_out <<'X'
id,手机
1,+12025550123
X
expect_err <<'X'
cust-validate: p2.csv:3: 手机: not a valid phone number (a placeholder, not a number): "000-0000-0000"
cust-validate: p2.csv:4: 手机: not a valid phone number (a placeholder, not a number): "1111111"
X
printf '{"fields": [{"name": "手机", "type": "string", "format": "cn_mobile"}]}' >p3.json
run cust-validate --schema p3.json p2.csv
expect_status 2
expect_err <<'X'
cust-validate: p3.json: fields[0] (手机): format 'cn_mobile' is not one custkit reads for string fields
X

t "--infer gives a column of China mobile numbers the cn_mobile format"
printf 'id,手机\n1,13912345678\n2,+86 138 0000 1111\n3,15900001111\n' >m.csv
run cust-validate --infer m.csv
expect_out_has '"format": "cn_mobile"'
printf 'id,手机\n1,+12025550123\n2,+442079460958\n3,15900001111\n' >x.csv
run cust-validate --infer x.csv
check "no cn_mobile for numbers abroad" test "$(grep -c cn_mobile "$T_OUT")" = 0

t "--infer makes an enum only of a closed list, and says so in the draft"
{
	echo 'id,状态,城市'
	for i in $(seq 1 24); do
		case $((i % 3)) in 0) s=已付款 ;; 1) s=已取消 ;; *) s=待付款 ;; esac
		# One city again and again, three seen once: a sample of an
		# open list, not a closed one.
		case $i in 22) c=上海 ;; 23) c=广州 ;; 24) c=深圳 ;; *) c=北京 ;; esac
		echo "$i,$s,$c"
	done
} >e.csv
run cust-validate --infer e.csv
expect_status 0
expect_out <<'X'
{
  "fields": [
    {
      "name": "id",
      "type": "integer",
      "constraints": {
        "required": true,
        "unique": true
      }
    },
    {
      "name": "状态",
      "type": "string",
      "description": "enum inferred: 3 values in 24 records, each seen at least 8 times; add any allowed value the data did not show",
      "constraints": {
        "required": true,
        "enum": [
          "已付款",
          "已取消",
          "待付款"
        ]
      }
    },
    {
      "name": "城市",
      "type": "string",
      "constraints": {
        "required": true
      }
    }
  ],
  "primaryKey": "id",
  "missingValues": [
    ""
  ]
}
X
# The draft is a schema cust-validate reads as it is.
cp "$T_OUT" e.json
run cust-validate --schema e.json e.csv
expect_status 0

t "money columns are found by the usual Chinese headers, and --fix normalises every one"
printf '客户编号,累计消费,实收金额,订单总额,消费总额,总金额,消费金额,备注\nK1,"¥1,234.5",1.2万,"1,000",3亿元,(12.00),88元,１２\n' >money.csv
run cust-validate --fix money.csv
expect_status 0
expect_out <<'X'
客户编号,累计消费,实收金额,订单总额,消费总额,总金额,消费金额,备注
K1,1234.50,12000.00,1000.00,300000000.00,-12.00,88.00,12
X
