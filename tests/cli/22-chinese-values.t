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
