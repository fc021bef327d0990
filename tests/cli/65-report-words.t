# cust-report's words: machine formats (csv, json) keep stable English
# keys and values whatever the language; the formats people read (text,
# md, html, xlsx) say the report's own words in it; the data's words
# (its headers, its values) stay as they are.

cat >c.csv <<'X'
客户编号,姓名,城市,等级,满意度
C1,张伟,上海,高级,5
C2,王芳,北京,中级,x
C3,李娜,上海,中级,4
X
cat >h.csv <<'X'
customer_id,date,from,to,reason
C1,2024-09-01,,高级,new
C2,2024-09-02,中级,高级,up
X
cat >rules.json <<'X'
{"grades": ["中级", "高级"], "tiers": [{"grade": "中级"}]}
X

t "csv: the migration's keys are English, for Chinese data and --lang zh alike"
for lang in "" "--lang zh" "--lang en"; do
	run cust-report --history h.csv --rules rules.json --as-of 2024-10-01 --to csv $lang c.csv
	expect_status 0
	expect_out <<'X'
section,count,share
groups,3,1

section,from \ to,中级,高级,total
migration,(none),0,1,1
migration,中级,0,1,1
migration,高级,0,0,0

section,month,promotions,demotions,new,other,total
moves,2024-09,1,0,1,0,2
X
done

t "json: the same keys and values whatever the language"
run cust-report --history h.csv --rules rules.json --as-of 2024-10-01 --to json --lang zh c.csv
expect_status 0
expect_out <<'X'
{"report": "cust-report", "version": 1, "sections": [
  {"section": "groups", "title": "分组", "columns": ["count", "share"], "rows": [
    {"count": 3, "share": 1}
  ]},
  {"section": "migration", "title": "等级迁移", "columns": ["from \\ to", "中级", "高级", "total"], "rows": [
    {"from \\ to": "(none)", "中级": 0, "高级": 1, "total": 1},
    {"from \\ to": "中级", "中级": 0, "高级": 1, "total": 1},
    {"from \\ to": "高级", "中级": 0, "高级": 0, "total": 0}
  ]},
  {"section": "moves", "title": "升级与降级", "columns": ["month", "promotions", "demotions", "new", "other", "total"], "rows": [
    {"month": "2024-09", "promotions": 1, "demotions": 0, "new": 1, "other": 0, "total": 2}
  ]}
]}
X

t "text in Chinese: the report's headers and words are Chinese, the data's stay"
run cust-report --history h.csv --rules rules.json --as-of 2024-10-01 --to text c.csv
expect_status 0
expect_out <<'X'
分组
====
数量    占比
   3  100.0%

等级迁移
========
从 \ 到  中级  高级  合计
（无）      0     1     1
中级        0     1     1
高级        0     0     0

升级与降级
==========
月份     升级  降级  新定级  其他  合计
2024-09     1     0       1     0     2
X

t "text in English: the same report with the English words"
run cust-report --history h.csv --rules rules.json --as-of 2024-10-01 --to text --lang en c.csv
expect_status 0
expect_out <<'X'
Groups
======
count   share
    3  100.0%

Grade migration
===============
from \ to  中级  高级  total
(none)        0     1      1
中级          0     1      1
高级          0     0      0

Promotions and demotions
========================
month    promotions  demotions  new  other  total
2024-09           1          0    1      0      2
X

t "md in Chinese: counts, shares, totals, the problems, quality, trend and risk headers; data headers and metrics as given"
run cust-report --by 城市,等级 --metric 'avg(满意度)' --to md c.csv
expect_status 1
expect_out <<'X'
## 分组

| 城市 | 等级 | 数量 | 占比 | avg(满意度) |
| --- | --- | ---: | ---: | ---: |
| 上海 | 中级 | 1 | 33.3% | 4 |
| 上海 | 高级 | 1 | 33.3% | 5 |
| 北京 | 中级 | 1 | 33.3% |  |

## 交叉表

| 城市 \\ 等级 | 中级 | 高级 | 合计 |
| --- | ---: | ---: | ---: |
| 上海 | 1 | 1 | 2 |
| 北京 | 1 | 0 | 1 |
| 合计 | 2 | 1 | 3 |

## 非数字的值

| 指标 | 城市 | 等级 | 非数字 |
| --- | --- | --- | ---: |
| avg(满意度) | 北京 | 中级 | 1 |
X
printf '客户编号,姓名,_errors\nC1,张伟,\nC2,,"姓名: required value is missing; 客户编号: not a valid id"\n' >v.csv
run cust-report --quality --to md v.csv
expect_status 0
expect_out <<'X'
## 分组

| 数量 | 占比 |
| ---: | ---: |
| 2 | 100.0% |

## 完整度

| 列 | 已填 | 空缺 | 完整度 |
| --- | ---: | ---: | ---: |
| 客户编号 | 2 | 0 | 100.0% |
| 姓名 | 1 | 1 | 50.0% |

## 校验错误

| 列 | 类型 | 错误数 |
| --- | --- | ---: |
| 客户编号 | 类型不符 | 1 |
| 姓名 | 缺失 | 1 |
X
run cust-report --quality --to csv v.csv
expect_out <<'X'
section,count,share
groups,2,1

section,column,filled,empty,completeness
quality,客户编号,2,0,1
quality,姓名,1,1,0.5

section,column,kind,errors
errors,客户编号,type,1
errors,姓名,missing,1
X
cat >o.csv <<'X'
订单编号,客户编号,下单日期,金额,到期日,付款日期
A1,C1,2024-08-05,600.00,2024-08-10,2024-08-30
A2,C2,2024-09-06,50.00,,
A3,C1,2024-09-07,10.00,,
X
run cust-report --orders o.csv --orders-only --trend month --risk --as-of 2024-10-01 --to md
expect_status 0
expect_out <<'X'
## 分组

| 数量 | 占比 |
| ---: | ---: |
| 2 | 100.0% |

## 趋势

| 期间 | 客户数 | 订单数 | 销售额 | 客单价 | 新客 | 回头客 | 流失 | 复购率 |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
| 2024-08 | 1 | 1 | 600.00 | 600.00 | 1 | 0 | 0 | 0.0% |
| 2024-09 | 2 | 2 | 60.00 | 30.00 | 1 | 1 | 0 | 50.0% |

## 复购

| 客户数 | 复购客户数 | 复购率 |
| ---: | ---: | ---: |
| 2 | 1 | 50.0% |

## 风险客户

| 客户编号 | 订单数 | 消费额 | 原因 |
| --- | ---: | ---: | --- |
| C1 | 2 | 610.00 | 逾期付款1次（最长20天） |
X

t "html and xlsx in Chinese: the same headers and words"
run cust-report --quality --to html v.csv
expect_status 0
check "html heads the groups 数量 and 占比, quality 列 已填 空缺 完整度, errors 列 类型 错误数" \
    sh -c "grep -q '<th class=\"n\">数量</th><th class=\"n\">占比</th>' '$T_OUT' &&
        grep -q '<th>列</th><th class=\"n\">已填</th><th class=\"n\">空缺</th><th class=\"n\">完整度</th>' '$T_OUT' &&
        grep -q '<th>列</th><th>类型</th><th class=\"n\">错误数</th>' '$T_OUT' && grep -q '<td>缺失</td>' '$T_OUT' &&
        ! grep -q '>count<\|>share<\|>missing<' '$T_OUT'"
run cust-report --quality -o v.xlsx v.csv
expect_status 0
python3 - v.xlsx >strings.txt <<'X'
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1])
print(' '.join(re.findall(r'<t[^>]*>([^<]*)</t>', z.read('xl/sharedStrings.xml').decode())))
X
expect_file strings.txt <<'X'
数量 占比 列 已填 空缺 完整度 客户编号 姓名 类型 错误数 类型不符 缺失
X

t "--by a role heads its column with the data's header, as a merged report does"
run cust-report --by city --to csv c.csv
expect_status 0
expect_out <<'X'
section,城市,count,share
groups,上海,2,0.666667
groups,北京,1,0.333333
X
run cust-report --by city,grade --to md c.csv
expect_out <<'X'
## 分组

| 城市 | 等级 | 数量 | 占比 |
| --- | --- | ---: | ---: |
| 上海 | 中级 | 1 | 33.3% |
| 上海 | 高级 | 1 | 33.3% |
| 北京 | 中级 | 1 | 33.3% |

## 交叉表

| 城市 \\ 等级 | 中级 | 高级 | 合计 |
| --- | ---: | ---: | ---: |
| 上海 | 1 | 1 | 2 |
| 北京 | 1 | 0 | 1 |
| 合计 | 2 | 1 | 3 |
X
run cust-report --by city,grade --to html c.csv
expect_out_has '<p>按 城市,等级 分组</p>'
head -n 2 c.csv >p1.csv
(head -n 1 c.csv; tail -n +3 c.csv) >p2.csv
for fmt in csv md text html; do
	cust-report --by city,grade --to $fmt -o whole.$fmt c.csv
	cust-report --by city,grade --partial p1.json -o /dev/null p1.csv
	cust-report --by city,grade --partial p2.json -o /dev/null p2.csv
	run cust-report --merge p1.json p2.json --to $fmt
	expect_status 0
	expect_out_file whole.$fmt
done
check "the merged report too is headed 城市" grep -q '^section,城市,等级,count,share$' whole.csv

t "--metric over a column there is not: the place in the metric as written, and the columns there are"
run cust-report --metric 'sum(nosuch)' c.csv
expect_status 2
expect_err <<'X'
cust-report: --metric sum(nosuch): column 5: unknown column 'nosuch'; the customers have: 客户编号, 姓名, 城市, 等级, 满意度
X
run cust-report --orders o.csv --metric '总额 = sum(金额 * 数量)' c.csv
expect_status 2
expect_err <<'X'
cust-report: --metric 总额 = sum(金额 * 数量): column 15: unknown column '数量'; the orders have: 订单编号, 客户编号, 下单日期, 金额, 到期日, 付款日期
X
run cust-report --metric 'avg(满意度 +)' c.csv
expect_status 2
expect_err <<'X'
cust-report: --metric avg(满意度 +): column 10: expected an operand, found the end
X

t "an empty group value is — for people (a row, a bar, a cross-tab column), empty in csv; a line break is ↵"
printf '客户编号,城市,等级\nC1,上海,"金\n卡"\nC2,上海,银卡\nC3,北京,\n' >e.csv
run cust-report --by 等级 e.csv
expect_status 0
expect_out <<'X'
分组
====
等级   数量   占比
—         1  33.3%
金↵卡     1  33.3%
银卡      1  33.3%

—     ██████████████████████████████ 1
金↵卡 ██████████████████████████████ 1
银卡  ██████████████████████████████ 1
X
run cust-report --by 城市,等级 --to md e.csv
expect_out <<'X'
## 分组

| 城市 | 等级 | 数量 | 占比 |
| --- | --- | ---: | ---: |
| 上海 | 金↵卡 | 1 | 33.3% |
| 上海 | 银卡 | 1 | 33.3% |
| 北京 | — | 1 | 33.3% |

## 交叉表

| 城市 \\ 等级 | 金↵卡 | 银卡 | — | 合计 |
| --- | ---: | ---: | ---: | ---: |
| 上海 | 1 | 1 | 0 | 2 |
| 北京 | 0 | 0 | 1 | 1 |
| 合计 | 1 | 1 | 1 | 3 |
X
run cust-report --by 城市,等级 --to csv e.csv
expect_out <<'X'
section,城市,等级,count,share
groups,上海,"金
卡",1,0.333333
groups,上海,银卡,1,0.333333
groups,北京,,1,0.333333

section,城市 \ 等级,"金
卡",银卡,,total
crosstab,上海,1,1,0,2
crosstab,北京,0,0,1,1
crosstab,total,1,1,1,3
X

t "one value that is not a number is one warning, however many metrics read its column"
run cust-report --by 城市 --metric 'sum(满意度)' --metric 'avg(满意度)' --metric '最高=max(满意度)' --metric 'median(满意度)' --metric 'count()' --to csv c.csv
expect_status 1
expect_out <<'X'
section,城市,count,share,sum(满意度),avg(满意度),最高,median(满意度),count()
groups,上海,2,0.666667,9,4.5,5,4.5,2
groups,北京,1,0.333333,,,,,1

section,metric,城市,not_numeric
problems,sum(满意度),北京,1
problems,avg(满意度),北京,1
problems,最高,北京,1
problems,median(满意度),北京,1
X
expect_err <<'X'
cust-report: --metric sum(满意度), avg(满意度), 最高=max(满意度), median(满意度): 1 value is not a number, left out (not read as zero); see the section "problems"
X
printf '客户编号,a,b\n1,x,y\n2,3,z\n' >ab.csv
run cust-report --metric 'sum(a)' --metric 'avg(b)' --metric 'max(a)' --to csv ab.csv
expect_status 1
expect_err <<'X'
cust-report: --metric sum(a), max(a): 1 value is not a number, left out (not read as zero); see the section "problems"
cust-report: --metric avg(b): 2 values are not numbers, left out (not read as zero); see the section "problems"
X

t "the warning names the section as the format shows it: its title to people, its key to programs"
printf 'id,a\n1,x\n' >en.csv
run cust-report --metric 'sum(a)' en.csv
expect_status 1
expect_err <<'X'
cust-report: --metric sum(a): 1 value is not a number, left out (not read as zero); see the section "Values that are not numbers"
X
run cust-report --metric 'sum(满意度)' --to md c.csv
expect_err <<'X'
cust-report: --metric sum(满意度): 1 value is not a number, left out (not read as zero); see the section "非数字的值"
X
run cust-report --metric 'sum(满意度)' --lang en -o r.html c.csv
expect_err <<'X'
cust-report: --metric sum(满意度): 1 value is not a number, left out (not read as zero); see the section "Values that are not numbers"
X
run cust-report --metric 'sum(满意度)' --to json c.csv
expect_err <<'X'
cust-report: --metric sum(满意度): 1 value is not a number, left out (not read as zero); see the section "problems"
X
