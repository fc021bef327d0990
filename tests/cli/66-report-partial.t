# cust-report --partial/--merge in bounded memory: the state is written
# as it is walked and read as it streams, so a partial run and a merge
# take about what the report itself takes; merged shards are the whole
# run's report byte for byte, medians exact; a partial file is written
# whole or not at all; a state of the older format is refused.

cat >orders.csv <<'X'
订单编号,客户编号,下单日期,金额,品类
A01,C1,2024-01-05,1.01,书
A02,C2,2024-01-20,100.00,书
A03,C1,2024-02-03,3.33,书
A04,C3,2024-02-14,2.22,书
A05,C2,2024-02-28,"¥1,000.10",食品
A06,C3,2024-03-01,0.07,食品
A07,C1,2024-03-15,19.99,食品
A08,C4,2024-03-31,5.00,书
A09,C4,2024-03-31,7.50,食品
X
D="--orders-only --by 品类 --metric median(金额) --metric p90=quantile(金额,0.9) --metric sum(金额) --trend month --as-of 2024-04-01"

# shard N: orders.csv split by whole orders (rows) into s1.csv ... sN.csv
# and their partial states s1.json ... sN.json.
shard() {
	rm -f s?.csv s?.json
	awk -v n="$1" -F, 'NR == 1 { h = $0; next }
	{ k = (NR - 2) % n + 1; f = "s" k ".csv"; if (!(f in seen)) { print h >f; seen[f] = 1 } print >f }' orders.csv
	for f in s?.csv; do
		cust-report --orders "$f" $D --partial "${f%.csv}.json" -o /dev/null
	done
}

t "merged shards are the whole run's report byte for byte (csv, json), medians and quantiles exact"
run cust-report --orders orders.csv $D --to csv
expect_status 0
head -n 3 "$T_OUT" >groups.csv
# 书: 1.01 2.22 3.33 5.00 100.00 (median 3.33; p90 5.00 + 0.6 x 95.00);
# 食品: 0.07 7.50 19.99 1000.10 (median (7.50 + 19.99) / 2 = 13.745 exactly;
# p90 19.99 + 0.7 x 980.11 = 706.067).
check "the groups as worked by hand" cmp groups.csv - <<'X'
section,品类,count,share,median(金额),p90,sum(金额)
groups,书,5,0.555556,3.33,62.00,111.56
groups,食品,4,0.444444,13.745,706.067,1027.66
X
for fmt in csv json; do
	cust-report --orders orders.csv $D --to $fmt -o whole.$fmt
	for n in 2 4; do
		shard $n
		run cust-report --merge $(ls s?.json | sort -r) --to $fmt
		expect_status 0
		expect_out_file whole.$fmt
	done
done
check "each of 4 shards has a median value the others lack" test "$(grep -l '"values"' s?.json | wc -l)" -eq 4

t "the state streams: the head first, a group and a customer a line"
shard 2
sed -n '2,7p' s1.json | sed 's/^\("[a-z-]*"\):.*/\1/' >keys.txt
check "the head's keys in order" cmp keys.txt - <<'X'
"cust-report-partial"
"definition"
"lang"
"money"
"by"
"state"
X
check "a trend customer a line" grep -Eqx '\["C[0-9]",[0-9]+(,\[[0-9]+(,[0-9]+)+\])+\],?' s1.json

t "a state of format 3 (written whole by an older cust-report) is refused, naming both formats"
shard 2
sed 's/"cust-report-partial":4/"cust-report-partial":3/' s1.json >old.json
run cust-report --merge s2.json old.json
expect_status 3
expect_err <<'X'
cust-report: old.json: a partial state of another version of cust-report (format 3, this one reads 4): write it again
X

t "a damaged state is refused with its place: a truncated file, text in place of a decimal, an unknown key"
shard 2
head -c 300 s1.json >cut.json
run cust-report --merge s2.json cut.json
expect_status 3
expect_err <<'X'
cust-report: cut.json:10:5: the file ends too soon
X
sed 's/"sum":"[0-9.]*"/"sum":"12abc"/' s1.json >text.json
run cust-report --merge text.json
expect_status 3
expect_err <<'X'
cust-report: text.json: "12abc": not a decimal number
X
sed 's/"amount":true/"amount":true,"extra":1/' s1.json >extra.json
run cust-report --merge extra.json
expect_status 3
expect_err <<'X'
cust-report: extra.json: trend: unknown key 'extra'
X
# Found by fuzz_partial: a median whose count says more values than it
# has (the report read past them), a --risk-top past 1 (a cast out of
# range).
sed '0,/"n":\([0-9]*\)/s//"n":9\1/' s1.json >count.json
check "count.json has a count of 9x" grep -q '"n":9' count.json
run cust-report --merge count.json
expect_status 3
expect_err <<'X'
cust-report: count.json: groups[0].metrics[0]: its counts and values disagree
X
cust-report --orders s1.csv --orders-only --risk --as-of 2024-04-01 --partial risk.json -o /dev/null
sed 's/"--risk-top":0.2[0-9]*/"--risk-top":5.2/' risk.json >top.json
check "top.json says 5.2" grep -q '"--risk-top":5.2,' top.json
run cust-report --merge top.json
expect_status 3
expect_err <<'X'
cust-report: top.json: definition: --risk-top: not a setting cust-report takes
X
printf '客户编号,城市,_errors\nC1,北京,城市: not known\n' >q.csv
cust-report --by 城市 --quality --partial q.json -o /dev/null q.csv
sed 's/\\u001f/-/' q.json >kind.json
check "kind.json has no separator" test "$(grep -c 'u001f' kind.json)" -eq 0
run cust-report --merge kind.json
expect_status 3
expect_err <<'X'
cust-report: kind.json: quality.errors[0]: not a column's kind of error
X
sed 's/^"state":{$/"state":{},\n"state":{/' q.json >twice.json
check "twice.json has two states" test "$(grep -c '^"state":' twice.json)" -eq 2
run cust-report --merge twice.json
expect_status 3
expect_err <<'X'
cust-report: twice.json: the key 'state' twice
X

t "past the file size limit (ulimit -f): exit 4, the previous partial kept, no temporary file"
awk 'BEGIN { print "订单编号,客户编号,下单日期,金额,品类"
	for (i = 0; i < 20000; i++) printf "O%06d,C%05d,2024-%02d-01,%d.%02d,书\n", i, i % 5000, 1 + i % 12, i % 900, i % 100 }' >many.csv
printf 'old\n' >p.json
run sh -c 'ulimit -f 100 && cust-report --orders many.csv --orders-only --metric "median(金额)" --partial p.json -o /dev/null'
expect_status 4
expect_err <<'X'
cust-report: p.json: write error: File too large
X
expect_file p.json <<'X'
old
X
check "no temporary files" test -z "$(ls | grep '\.tmp\.')"

t "bounded memory: a partial run and a merge peak at about the report's own memory, not a multiple"
# The sanitizer build's shadow memory makes its peaks another matter.
if ! ldd "$(command -v cust-report)" 2>/dev/null | grep -q libasan; then
	awk 'BEGIN { print "订单编号,客户编号,下单日期,金额,品类"; split("书 食品 家居 服装 运动 数码", c, " ")
		for (i = 0; i < 200000; i++)
			printf "O%06d,C%05d,%d-%02d-%02d,%d.%02d,%s\n", i, (i * 7919) % 20000, 2023 + i % 2, 1 + i % 12,
			    1 + i % 28, (i * 37) % 3000, i % 100, c[1 + i % 6] }' >big.csv
	(head -n 100001 big.csv) >big1.csv
	(head -n 1 big.csv; tail -n +100002 big.csv) >big2.csv
	# peak KB COMMAND...: the largest resident set of the command.
	peak() {
		python3 -c 'import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
	}
	B="--orders-only --by 品类 --metric median(金额) --trend month --as-of 2025-01-01"
	report=$(peak cust-report --orders big.csv $B -o /dev/null)
	partial=$(peak cust-report --orders big.csv $B -o /dev/null --partial big.json)
	cust-report --orders big1.csv $B -o /dev/null --partial big1.json
	cust-report --orders big2.csv $B -o /dev/null --partial big2.json
	merge=$(peak cust-report --merge big1.json big2.json -o merged.csv --to csv)
	cust-report --orders big.csv $B -o whole.csv --to csv
	# Built as one tree, the partial took 3x the report, the merge 4x.
	check "--partial peaks at ${partial} KB, the report alone at ${report} KB" \
	    test "$partial" -le $((report * 5 / 4))
	check "--merge of 2 peaks at ${merge} KB, the report alone at ${report} KB" \
	    test "$merge" -le $((report * 5 / 4))
	expect_file merged.csv <whole.csv
else
	t_skip "the sanitizer build's peaks are of its shadow memory"
fi
