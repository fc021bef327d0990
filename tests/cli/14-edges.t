# Every format without a final newline gives every record; the formula
# guard of --excel covers every prefix in every place a cell is written.

t "JSON Lines, a JSON array and TSV without a final newline: records in = records out"
printf '{"id":"1","name":"Ann"}\n{"id":"2","name":"Bo"}\n{"id":"3","name":"Cy"}' >nonl.jsonl
run cust-validate --to csv nonl.jsonl
expect_status 0
expect_out <<'X'
id,name
1,Ann
2,Bo
3,Cy
X
printf '{"id":"1"}' >one.jsonl
run cust-validate one.jsonl
expect_out <<'X'
{"id":"1"}
X
printf '{"id":"1"}\r\n{"id":"2"}' >crlf.jsonl
run cust-validate --to csv crlf.jsonl
expect_out <<'X'
id
1
2
X
printf '[{"id":"1","name":"Ann"},\n{"id":"2","name":"Bo"}]' >nonl.json
run cust-validate --to csv nonl.json
expect_status 0
expect_out <<'X'
id,name
1,Ann
2,Bo
X
printf 'id\tname\n1\tAnn\n2\tBo' >nonl.tsv
run cust-validate --to csv nonl.tsv
expect_status 0
expect_out <<'X'
id,name
1,Ann
2,Bo
X
printf 'id\tname\r\n1\tAnn\r\n2\t"B\to"' >nonl2.tsv
run cust-validate --from tsv --to jsonl nonl2.tsv
expect_out <<'X'
{"id":"1","name":"Ann"}
{"id":"2","name":"B\to"}
X

t "orders without a final newline: the last order counts, in each format"
printf '{"grades": ["z", "a"], "tiers": [{"grade": "a", "reason": "3", "when": "count() == 3 && sum(amount) == 111"}, {"grade": "z", "reason": "not 3"}]}' >three.rules.json
printf '{"customer_id":"A","order_date":"2024-09-01","amount":"1"}\n{"customer_id":"A","order_date":"2024-09-02","amount":"10"}\n{"customer_id":"A","order_date":"2024-09-03","amount":"100"}' >o.jsonl
printf '[{"customer_id":"A","order_date":"2024-09-01","amount":"1"},{"customer_id":"A","order_date":"2024-09-02","amount":"10"},{"customer_id":"A","order_date":"2024-09-03","amount":"100"}]' >o.json
printf 'customer_id\torder_date\tamount\nA\t2024-09-01\t1\nA\t2024-09-02\t10\nA\t2024-09-03\t100' >o.tsv
printf 'customer_id,order_date,amount\nA,2024-09-01,1\nA,2024-09-02,10\nA,2024-09-03,100' >o.csv
for f in o.jsonl o.json o.tsv o.csv; do
	run cust-grade --rules three.rules.json --orders $f --orders-only --as-of 2024-10-01 --to csv
	expect_status 0
	expect_out <<'X'
customer_id,grade,grade_prev,grade_updated,grade_reason
A,a,,2024-10-01,3
X
done

t "dedupe: the last record of a JSON Lines or TSV file without a final newline is read"
printf '{"id":"1","phone":"13800000001"}\n{"id":"2","phone":"13800000002"}\n{"id":"3","phone":"+86 138 0000 0001"}' >d.jsonl
run cust-dedupe --key phone --to csv d.jsonl
expect_status 0
expect_out <<'X'
id,phone,cluster_id,is_duplicate,match_reason
1,13800000001,1,false,phone
2,13800000002,2,false,
3,+86 138 0000 0001,1,true,phone
X
printf 'id\tphone\n1\t13800000001\n2\t13800000001' >d.tsv
run cust-dedupe --key phone --mode merge --to csv d.tsv
expect_out <<'X'
id,phone,cluster_id,merged_ids,merge_conflicts
1,13800000001,1,1; 2,
X

# The guard prefixes ' to a cell that starts with = + - @ TAB or CR and is
# not a plain number (-12.5 stays a number; +3 and 1e5, which Excel would
# show as 3 and 100000, are written as ="+3" and ="1e5", shown as they
# are), so that opening the file in Excel cannot run it; a cell with CR is
# quoted as well.
printf 'id,=h,+h,-h,@h,note\n1,=1+1,+1+1,-1+1,@SUM(A1),"\tx"\n2,"\rx",-12.5,+3,1e5,-\n' >f.csv
printf "\357\273\277id,'=h,'+h,'-h,'@h,note\r\n1,'=1+1,'+1+1,'-1+1,'@SUM(A1),'\tx\r\n2,\"'\rx\",-12.5,\"=\"\"+3\"\"\",\"=\"\"1e5\"\"\",'-\r\n" >f-excel.csv

t "--excel: every formula prefix in cells and headers of the output"
run cust-validate --excel f.csv
expect_status 0
expect_out_file f-excel.csv
run cust-validate --excel --to tsv f.csv
printf "\357\273\277id\t'=h\t'+h\t'-h\t'@h\tnote\r\n" >want.tsv
check "TSV headers are guarded too" sh -c "head -n 1 '$T_OUT' | cmp -s - want.tsv"
run cust-validate f.csv
check "without --excel nothing is touched" sh -c "! grep -q \"'\" '$T_OUT' && head -n 1 '$T_OUT' | grep -q '^id,=h,+h,-h,@h,note\$'"

t "--excel: every formula prefix in the rejects file, its values, header and reasons"
printf '{"fields": [{"name": "id"}, {"name": "=h", "type": "integer"}, {"name": "n", "type": "integer"}]}' >s.json
printf 'id,=h,n\n=1,+x,1\n@2,-y,2\n"\t3",1,"\rx"\n-5,-5,-5\n' >r.csv
run cust-validate --schema s.json --rejects rj.csv --excel r.csv
expect_status 1
printf '\357\273\277id,'"'"'=h,n\r\n-5,-5,-5\r\n' >want.csv
expect_out_file want.csv
printf '\357\273\277id,'"'"'=h,n,_line,_errors\r\n'"'"'=1,'"'"'+x,1,2,"'"'"'=h: not a valid integer: ""+x"""\r\n'"'"'@2,'"'"'-y,2,3,"'"'"'=h: not a valid integer: ""-y"""\r\n'"'"'\t3,1,"'"'"'\rx",4,"n: not a valid integer: ""\rx"""\r\n' >want-rj.csv
check "rejects guarded" cmp -s rj.csv want-rj.csv

t "--excel: merged ids and merge conflicts are guarded like any cell"
printf 'id,phone,=c,note\n@a,13800000001,x,=1+1\n+b,13800000001,y,\n-c,13900000002,\tz,"\rq"\n' >d.csv
run cust-dedupe --mode merge --key phone --excel d.csv
expect_status 0
# (Phone numbers, 11 digits, are written as ="...": Excel would show a
# number, 1.38E+10 in a narrow column.)
printf "\357\273\277id,phone,'=c,note,cluster_id,merged_ids,merge_conflicts\r\n'@a,\"=\"\"13800000001\"\"\",x,'=1+1,1,'@a; +b,'=c: x | y\r\n'-c,\"=\"\"13900000002\"\"\",'\tz,\"'\rq\",2,'-c,\r\n" >want.csv
expect_out_file want.csv

t "a JSON array and JSON Lines of 3 MB (many buffers): every record, the last one whole"
awk 'BEGIN { printf "["; for (i = 0; i < 50000; i++) printf "%s{\"id\":\"%d\",\"name\":\"名字%d\",\"vip\":false,\"x\":1.5e3}", (i ? ",\n" : ""), i, i; print "]" }' >big.json
run cust-validate --to csv big.json
expect_status 0
check "50000 records and the header" test "$(wc -l <"$T_OUT")" -eq 50001
printf 'id,name,vip,x\n0,名字0,false,1500\n49999,名字49999,false,1500\n' >want.csv
check "the first and the last records whole" sh -c 'sed -n "1,2p;\$p" "$1" | cmp -s - want.csv' sh "$T_OUT"
awk 'BEGIN { for (i = 0; i < 50000; i++) printf "{\"id\":\"%d\",\"name\":\"名字%d\"}\n", i, i }' >big.jsonl
run cust-validate big.jsonl
expect_status 0
expect_out_file big.jsonl

t "JSON: an array left open is an input error; an element that is not an object is rejected with its line"
printf '[{"id":"1"},{"id":"2"}' >open.json
run cust-validate open.json
expect_status 3
expect_err <<'X'
cust-validate: open.json:1: JSON array is not closed with ']'
X
printf '[{"id":"1"},\n42,\n{"id":"3"}]' >n.json
run cust-validate --rejects rj.jsonl --to jsonl n.json
expect_status 1
expect_out <<'X'
{"id":"1"}
{"id":"3"}
X
expect_file rj.jsonl <<'X'
{"id":"","_line":"2","_errors":"not a JSON object: 42"}
X

t "streaming is constant memory: 2 million short records through cust-validate in 60 MB of address space"
# DESIGN.md: streaming programs run in constant memory.  The records go
# from the parsing thread to the writer in bounded batches; a program that
# held them all would need 100 MB here.  (The sanitizer build reserves
# more address space than any such limit allows.)
if ldd "$(command -v cust-validate)" 2>/dev/null | grep -q libasan; then
	t_skip "the sanitizer build cannot run under ulimit -v"
else
	awk 'BEGIN { print "id,n"; for (i = 0; i < 2000000; i++) print i ",a" }' >many.csv
	run sh -c 'ulimit -v 60000 && cust-validate many.csv | tail -n 1'
	expect_status 0
	expect_out <<'X'
1999999,a
X
	expect_err </dev/null
	rm -f many.csv
fi
