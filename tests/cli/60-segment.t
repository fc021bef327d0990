# cust-segment: the example grid, RFM and the eight classes, names, fit and
# model, the summary, and bad specs, models and orders with their messages.

G="$EXAMPLES/segment"
cp "$G"/*.csv "$G"/*.json .

t "the seeds' grid: frequency cuts, favourite category, geography, spend quantiles, lifecycle, ABC"
run cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 customers.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,城市,国家,注册日期,频次,偏好,地域,消费水平,生命周期,ABC,segment
K001,周杰,上海,中国,2021-03-02,高频,数码,本地,高消费,活跃,A,高频/数码/本地/高消费/活跃/A
K002,吴敏,上海,中国,2024-08-15,中频,美妆,本地,中消费,新客,C,中频/美妆/本地/中消费/新客/C
K003,郑强,北京,中国,2022-06-10,中频,食品,外地,中消费,沉睡,A,中频/食品/外地/中消费/沉睡/A
K004,孙丽,杭州,中国,2023-01-20,低频,服装,外地,低消费,流失,C,低频/服装/外地/低消费/流失/C
K005,Emma Brown,London,UK,2022-11-05,中频,家居,海外,高消费,活跃,A,中频/家居/海外/高消费/活跃/A
K006,马超,广州,中国,2020-05-18,高频,食品,外地,高消费,活跃,A,高频/食品/外地/高消费/活跃/A
K007,朱琳,上海,中国,2023-07-07,低频,服装,本地,低消费,流失,C,低频/服装/本地/低消费/流失/C
K008,胡军,成都,中国,2024-09-01,低频,家居,外地,中消费,新客,B,低频/家居/外地/中消费/新客/B
K009,林静,Singapore,Singapore,2021-09-30,中频,美妆,海外,高消费,沉睡,A,中频/美妆/海外/高消费/沉睡/A
K010,何伟,上海,中国,2019-12-12,高频,食品,本地,中消费,活跃,B,高频/食品/本地/中消费/活跃/B
K011,高洁,深圳,中国,2024-02-14,低频,no orders,外地,低消费,流失,C,低频/no orders/外地/低消费/流失/C
K012,罗兰,南京,中国,2023-04-01,低频,no orders,外地,低消费,流失,C,低频/no orders/外地/低消费/流失/C
X
expect_err <<'X'
cust-segment: 2 of 12 customers have no counted orders before the as-of date
X

t "--rfm: scores by rank, ties by id, as-of the day after the latest order; no orders is said"
run cust-segment --rfm --orders orders.csv customers.csv
expect_status 0
expect_out <<'X'
客户编号,姓名,城市,国家,注册日期,r_score,f_score,m_score,rfm,segment
K001,周杰,上海,中国,2021-03-02,4,5,5,455,Champions
K002,吴敏,上海,中国,2024-08-15,4,2,2,422,New Customers
K003,郑强,北京,中国,2022-06-10,2,4,3,243,At Risk
K004,孙丽,杭州,中国,2023-01-20,1,1,1,111,Lost
K005,Emma Brown,London,UK,2022-11-05,3,3,4,334,Need Attention
K006,马超,广州,中国,2020-05-18,5,4,4,544,Champions
K007,朱琳,上海,中国,2023-07-07,1,1,1,111,Lost
K008,胡军,成都,中国,2024-09-01,3,2,2,322,Hibernating
K009,林静,Singapore,Singapore,2021-09-30,2,3,5,235,At Risk
K010,何伟,上海,中国,2019-12-12,5,5,3,553,Potential Loyalist
K011,高洁,深圳,中国,2024-02-14,,,,,no orders
K012,罗兰,南京,中国,2023-04-01,,,,,no orders
X
expect_err <<'X'
cust-segment: 2 of 12 customers have no counted orders before the as-of date
X

t "--rfm=mean8 over the orders alone: high or low against the mean, the eight classes"
run cust-segment --rfm=mean8 --orders orders.csv --orders-only --as-of 2024-10-01
expect_status 0
expect_out <<'X'
customer_id,r_level,f_level,m_level,segment
K010,高,高,低,一般价值客户
K006,高,高,低,一般价值客户
K001,高,高,高,重要价值客户
K004,低,低,低,一般挽留客户
K003,低,低,低,一般挽留客户
K009,高,低,高,重要发展客户
K005,高,低,高,重要发展客户
K007,低,低,低,一般挽留客户
K012,,,,no orders
K002,高,低,低,一般发展客户
K008,高,低,低,一般发展客户
X
expect_err <<'X'
cust-segment: 1 of 11 customers has no counted orders before the as-of date
X

t "--names renames the segments; --summary counts them aligned for Chinese"
run cust-segment --rfm --names rfm-names.zh.json --orders orders.csv customers.csv --summary -o /dev/null
expect_status 0
expect_err <<'X'
12 customers as of 2024-10-01
segment       customers    share    M share
冠军客户              2    16.7%      42.0%
已流失客户            2    16.7%       1.1%
无订单                2    16.7%       0.0%
流失风险客户          2    16.7%      26.6%
休眠客户              1     8.3%       4.4%
新客户                1     8.3%       2.6%
潜力客户              1     8.3%       6.6%
需关注客户            1     8.3%      16.7%
cust-segment: 2 of 12 customers have no counted orders before the as-of date
X

t "--fit then --model gives the same output byte for byte, and the model is JSON"
run cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 --fit grid.model.json -q customers.csv
expect_status 0
cp "$T_OUT" fitted.csv
check "the model names its spec" grep -q '"spec": "grid.json"' grid.model.json
check "a boundary keeps the customer id" grep -q '"id": "K' grid.model.json
run cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 --model grid.model.json -q customers.csv
expect_status 0
expect_out_file fitted.csv
run cust-segment --rfm --orders orders.csv --fit rfm.model.json -q customers.csv
cp "$T_OUT" rfm-fitted.csv
run cust-segment --rfm --orders orders.csv --model rfm.model.json -q customers.csv
expect_out_file rfm-fitted.csv

t "a table on standard input (kept in memory) gives what a file (read twice) gives"
run cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 -q customers.csv
cp "$T_OUT" from-file.csv
run_stdin customers.csv cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 -q
expect_status 0
expect_out_file from-file.csv
run_stdin customers.csv cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 -q --to jsonl
check "JSON Lines out, one object per customer" test "$(grep -c '"segment":' "$T_OUT")" -eq 12

t "a model applies to customers it never saw: a shard gets the population's cuts"
run cust-segment --rfm --orders orders.csv --fit rfm.model.json -q --orders-only
grep '^K0\(0[6-9]\|10\),' "$T_OUT" | sort >want.txt
head -n 1 customers.csv >shard.csv
grep '^K0\(0[6-9]\|10\),' customers.csv >>shard.csv
run cust-segment --rfm --orders orders.csv --model rfm.model.json -q --as-of 2024-10-01 shard.csv
expect_status 0
cut -d, -f1,6- "$T_OUT" | tail -n +2 | sort >got.txt
check "five customers scored as in the whole run" test "$(wc -l <want.txt)" -eq 5
check "the shard's scores are the whole run's" cmp -s want.txt got.txt

t "with --model each customer is written as it is read: standard input gives what the file gives"
run_stdin shard.csv cust-segment --rfm --orders orders.csv --model rfm.model.json -q --as-of 2024-10-01
expect_status 0
cut -d, -f1,6- "$T_OUT" | tail -n +2 | sort >got.txt
check "standard input scored as the file was" cmp -s want.txt got.txt

t "a model from another spec is refused, naming the place"
run cust-segment --rfm --orders orders.csv --model grid.model.json customers.csv
expect_status 2
expect_err <<'X'
cust-segment: grid.model.json: dimensions: made for another spec: 6 dimensions, this one has 3
X
sed 's/"cuts 频次 count() 3 8 window 12m"/"cuts 频次 count() 2 8 window 12m"/' grid.model.json >other.model.json
check "the edit took" grep -q 'count() 2 8' other.model.json
run cust-segment --spec grid.json --orders orders.csv --as-of 2024-10-01 --model other.model.json customers.csv
expect_status 2
expect_err <<'X'
cust-segment: other.model.json: dimensions[0]: made for another spec: 'cuts 频次 count() 2 8 window 12m', this one is 'cuts 频次 count() 3 8 window 12m'
X

t "labels that do not fit the cuts"
cat >bad.json <<'X'
{"dimensions": [{"name": "频次", "expr": "count()", "cuts": [3, 8], "labels": ["低频", "高频"]}]}
X
run cust-segment --spec bad.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0].labels: 2 labels for 2 cuts: expected 3
X

t "labels that do not fit the quantiles"
cat >bad.json <<'X'
{"dimensions": [{"name": "消费", "expr": "sum(amount)", "quantiles": 4, "labels": ["低", "中", "高"]}]}
X
run cust-segment --spec bad.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0].labels: 3 labels for 4 quantiles: expected 4
X

t "probabilities out of order"
cat >bad.json <<'X'
{"dimensions": [{"name": "消费", "expr": "sum(amount)", "quantiles": [0.5, 0.2], "labels": ["低", "中", "高"]}]}
X
run cust-segment --spec bad.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0].quantiles: must be in ascending order, each larger than the one before
X

t "an unknown key is an error, not ignored"
cat >bad.json <<'X'
{"dimensions": [{"name": "频次", "expr": "count()", "cuts": [3, 8], "lables": ["低频", "中频", "高频"]}]}
X
run cust-segment --spec bad.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0]: unknown key 'lables'
X

t "a bad expression is refused with its column, before the data is read"
cat >bad.json <<'X'
{"dimensions": [{"name": "消费", "expr": "sum(amount) >", "quantiles": 2, "labels": ["低", "高"]}]}
X
run cust-segment --spec bad.json --orders missing.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0].expr: column 14: expected an operand, found the end
X

t "a top column the orders do not have"
cat >bad.json <<'X'
{"dimensions": [{"name": "品牌", "top": "品牌"}]}
X
run cust-segment --spec bad.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0].top: the orders have no column '品牌' (nor one with that role)
X

t "an empty population"
cat >bad.json <<'X'
{"dimensions": [{"name": "最大单", "expr": "max(amount)", "quantiles": 2, "labels": ["小", "大"]}]}
X
printf '客户编号\nK011\nK012\n' >nobuy.csv
run cust-segment --spec bad.json --orders orders.csv nobuy.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0]: nobody to rank: no customer has a value (an empty population)
X
run cust-segment --rfm --orders orders.csv nobuy.csv
expect_status 2
expect_err <<'X'
cust-segment: --rfm: r_score: nobody to rank: no customer has a counted order before the as-of date (an empty population)
X

t "an order whose date or amount cannot be read is rejected with its line, never counted as zero"
printf '订单编号,客户编号,下单日期,品类,金额,状态\nX1,K001,2024-13-01,食品,10,已付款\nX2,K001,2024-09-01,食品,abc,已付款\nX3,K002,2024-09-02,食品,20,已付款\n' >bad-orders.csv
run cust-segment --rfm --orders bad-orders.csv --orders-only --as-of 2024-10-01
expect_status 1
expect_out <<'X'
customer_id,r_score,f_score,m_score,rfm,segment
K001,,,,,no orders
K002,5,1,1,511,New Customers
X
expect_err <<'X'
cust-segment: bad-orders.csv:2: 下单日期: no such date: "2024-13-01"
cust-segment: bad-orders.csv:3: 金额: not a number: "abc"
cust-segment: 1 of 2 customers has no counted orders before the as-of date
X

t "--rfm without an amount column says to use --amount"
printf '订单编号,客户编号,下单日期,数量,单价\nX1,K001,2024-09-01,2,3.5\n' >lines.csv
run cust-segment --rfm --orders lines.csv --orders-only
expect_status 2
expect_err <<'X'
cust-segment: --rfm: the orders have no amount column: say what M adds up with --amount EXPR (such as 'Quantity * UnitPrice')
X
run cust-segment --rfm --orders lines.csv --orders-only --amount '数量 * '
expect_status 2
expect_err <<'X'
cust-segment: --amount 数量 * : column 6: expected an operand, found the end
X
run cust-segment --rfm --orders lines.csv --orders-only --amount '数量 * 单价'
expect_status 0
expect_out <<'X'
customer_id,r_score,f_score,m_score,rfm,segment
K001,5,1,1,511,New Customers
X

t "usage errors"
run cust-segment --orders orders.csv customers.csv
expect_status 2
expect_err_has "one of --spec FILE and --rfm is needed"
run cust-segment --rfm=mean9 --orders orders.csv customers.csv
expect_status 2
expect_err_has "--rfm=mean9: expected --rfm or --rfm=mean8"
run cust-segment --rfm --orders orders.csv --fit m.json --model m.json customers.csv
expect_status 2
expect_err_has "--fit and --model: learn the boundaries or use them, not both"
run cust-segment --rfm --orders orders.csv --fit customers.csv customers.csv
expect_status 2
expect_err_has "--fit customers.csv is also the customer table customers.csv"

if [ -f "$SHARED/online-retail/online-retail.csv.gz" ]; then
t "Online Retail, cleaned by cust-validate: 397,884 lines, 4,338 customers, RFM as of 2011-12-10"
gzip -dc "$SHARED/online-retail/online-retail.csv.gz" >retail.csv
run cust-validate --schema online-retail.schema.json --rejects retail-rejects.csv retail.csv
expect_status 1
cp "$T_OUT" clean.csv
expect_lines clean.csv 397885
run cust-segment --rfm --amount 'Quantity * UnitPrice' --orders clean.csv --orders-only --as-of 2011-12-10 --summary -o rfm.csv
expect_status 0
expect_err <<'X'
4338 customers as of 2011-12-10
segment             customers    share    M share
Champions                 834    19.2%      62.9%
Hibernating               695    16.0%       3.2%
Lost                      489    11.3%       1.1%
At Risk                   428     9.9%       8.5%
Loyal Customers           424     9.8%      11.4%
Potential Loyalist        411     9.5%       2.5%
About To Sleep            283     6.5%       0.9%
Need Attention            278     6.4%       5.2%
New Customers             267     6.2%       0.7%
Promising                 137     3.2%       1.4%
Cannot Lose Them           92     2.1%       2.3%
X
check "customer 17850 is one who cannot be lost" grep -qx '17850,1,5,5,155,Cannot Lose Them' rfm.csv
run cust-segment --rfm=mean8 --amount 'Quantity * UnitPrice' --orders clean.csv --orders-only --summary -o /dev/null
expect_status 0
cp "$T_ERR" mean8.txt
check "the default as-of is the day after the last order" grep -qx '4338 customers as of 2011-12-10' mean8.txt
else
echo "  60-segment.t: ../shared/data/online-retail absent: Online Retail cases skipped"
fi

t "a names file: a name that is no label of the run, and a new name that is not text"
printf '{"Champion": "冠军"}\n' >names.json
run cust-segment --rfm --names names.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: names.json: Champion: not a label or segment name of this run
X
printf '{"Champions": 3}\n' >names.json
run cust-segment --rfm --names names.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: names.json: Champions: expected the new name (a non-empty string)
X

t "a record without a customer id is written as it was, not ranked, and said (exit 1); only the table's customers are ranked"
printf '客户编号,姓名,segment\nK001,周杰,old\n,无名,kept\nK006,马超,\n' >noid.csv
run cust-segment --rfm --orders orders.csv noid.csv
expect_status 1
expect_out <<'X'
客户编号,姓名,segment,r_score,f_score,m_score,rfm
K001,周杰,Potential Loyalist,3,3,3,333
,无名,kept,,,,
K006,马超,New Customers,5,1,1,511
X
expect_err <<'X'
cust-segment: noid.csv:3: no customer id: not segmented, written as it was
cust-segment: 9 order customer ids are not in the customer table: K010, K004, K003, K009, K005 and 4 more
X
run_stdin noid.csv cust-segment --rfm --orders orders.csv -q
expect_status 1
expect_err <<'X'
cust-segment: 1 record had no customer id: not segmented, written as it was
X
check "kept in memory, the same" sh -c "cmp -s '$T_OUT' - <<'X'
客户编号,姓名,segment,r_score,f_score,m_score,rfm
K001,周杰,Potential Loyalist,3,3,3,333
,无名,kept,,,,
K006,马超,New Customers,5,1,1,511
X"

t "a favourite is added up by count() or sum(EXPR) and nothing around it"
printf '{"dimensions": [{"name": "偏好", "top": "品类", "by": "sum(amount) + 1"}]}\n' >bad.json
run cust-segment --spec bad.json --orders orders.csv customers.csv
expect_status 2
expect_err <<'X'
cust-segment: bad.json: dimensions[0].by: expected count() or sum(EXPR)
X
printf '{"dimensions": [{"name": "偏好", "top": "品类", "by": "count()"}]}\n' >top.json
run cust-segment --spec top.json --orders orders.csv --as-of 2024-10-01 -q customers.csv
expect_status 0
check "K001 buys 数码 most often" grep -qx 'K001,周杰,上海,中国,2021-03-02,数码,数码' "$T_OUT"
