# The record stream: formats, dialects, encodings, structure errors.
# Every case checks the exact output and that no record was lost.

t "CSV passes through unchanged"
printf 'id,name\n1,Ann\n2,"Lee, Bo"\n' >a.csv
run cust-validate a.csv
expect_status 0
expect_out <<'X'
id,name
1,Ann
2,"Lee, Bo"
X

t "stdin when no file, and '-'"
run_stdin a.csv cust-validate
expect_out_file a.csv
run_stdin a.csv cust-validate -
expect_out_file a.csv

t "CRLF, BOM and a missing final newline"
printf '\357\273\277id,name\r\n1,Ann\r\n2,Bo' >b.csv
run cust-validate b.csv
expect_status 0
expect_out <<'X'
id,name
1,Ann
2,Bo
X

t "lone CR line ends (old Mac exports)"
printf 'id,name\r1,Ann\r2,Bo\r' >cr.csv
run cust-validate --to jsonl cr.csv
expect_out <<'X'
{"id":"1","name":"Ann"}
{"id":"2","name":"Bo"}
X

t "quoted fields with delimiters, quotes and newlines"
printf 'id,note\n1,"a,b"\n2,"say ""hi"""\n3,"line1\nline2"\n4,x\n' >q.csv
run cust-validate q.csv
expect_out_file q.csv
run cust-validate --to jsonl q.csv
expect_out <<'X'
{"id":"1","note":"a,b"}
{"id":"2","note":"say \"hi\""}
{"id":"3","note":"line1\nline2"}
{"id":"4","note":"x"}
X

t "line numbers count the lines inside quoted fields"
printf 'id,note\n1,"two\nlines"\n2,a,extra\n' >ln.csv
run cust-validate ln.csv
expect_status 1
expect_err <<'X'
cust-validate: ln.csv:4: expected 2 fields, found 3; extra fields: "extra"
X

t "spaces at field edges are kept"
printf 'id,name\n1,  Ann  \n2,\tBo\n' >sp.csv
run cust-validate sp.csv
expect_out_file sp.csv

t "delimiter sniffing: semicolon, tab, pipe"
printf 'id;name;city\n1;Ann;Paris\n' >semi.csv
run cust-validate semi.csv
expect_out <<'X'
id,name,city
1,Ann,Paris
X
printf 'id\tname\n1\tAnn, Jr\n' >tab.tsv
run cust-validate tab.tsv
expect_out <<'X'
id	name
1	Ann, Jr
X
printf 'id|name\n1|Ann\n' >pipe.csv
run cust-validate --to jsonl pipe.csv
expect_out <<'X'
{"id":"1","name":"Ann"}
X

t "exports with a space after each comma (FEBRL)"
printf 'rec_id, given_name, surname\nrec-1-org, , smith\nrec-1-dup-0, jo, smith\n' >febrl.csv
run cust-validate --to jsonl febrl.csv
expect_out <<'X'
{"rec_id":"rec-1-org","given_name":"","surname":"smith"}
{"rec_id":"rec-1-dup-0","given_name":"jo","surname":"smith"}
X

t "--delimiter forces the delimiter"
printf 'a,b;c\n1,2;3\n' >force.csv
run cust-validate --delimiter ';' --to jsonl force.csv
expect_out <<'X'
{"a,b":"1,2","c":"3"}
X

t "JSON Lines in, CSV out"
printf '{"id":1,"name":"Ann","vip":true,"tags":["a","b"],"x":null,"amt":12.50}\n\n{"id":2,"name":"Bo"}\n' >a.jsonl
run cust-validate --to csv a.jsonl
expect_status 0
expect_out <<'X'
id,name,vip,tags,x,amt
1,Ann,true,"[""a"",""b""]",,12.50
2,Bo,,,,
X

t "a JSON array in, JSON array out"
printf '[\n {"id": "1", "name": "张三"},\n {"id": "2", "name": "李四"}\n]\n' >arr.json
run cust-validate arr.json
expect_out <<'X'
[
{"id":"1","name":"张三"},
{"id":"2","name":"李四"}
]
X

t "an empty JSON array gives an empty array"
printf '[]' >empty.json
run cust-validate empty.json
expect_status 0
expect_out <<'X'
[]
X

t "broken JSON lines are rejected with the line and the text, not lost"
printf '{"id":"1"}\nnot json\n{"id":"3","extra":"x"}\n{"id":"4"}\n' >bad.jsonl
run cust-validate --rejects rj.csv --to csv bad.jsonl
expect_status 1
expect_out <<'X'
id
1
4
X
expect_file rj.csv <<'X'
id,_line,_errors
,2,invalid JSON (invalid token near 'not'): not json
3,3,"keys not in the header (the first record's keys): ""extra"": ""x"""
X

t "TSV output and Excel output"
printf 'id,formula,neg,text\n1,=SUM(A1),-12.5,+86 138\n2,@cmd,-x,ok\n' >x.csv
run cust-validate --to tsv x.csv
expect_out <<'X'
id	formula	neg	text
1	=SUM(A1)	-12.5	+86 138
2	@cmd	-x	ok
X
run cust-validate --excel x.csv
printf '\357\273\277id,formula,neg,text\r\n1,'"'"'=SUM(A1),-12.5,'"'"'+86 138\r\n2,'"'"'@cmd,'"'"'-x,ok\r\n' >want.csv
expect_out_file want.csv

t "an empty file gives no output"
: >empty.csv
run cust-validate empty.csv
expect_status 0
expect_out </dev/null

t "a header-only file gives the header"
printf 'id,name\n' >h.csv
run cust-validate h.csv
expect_status 0
expect_out_file h.csv

t "ragged rows go to the rejects with their values; nothing is lost"
printf 'id,name,city\n1,Ann,Paris\n2,Bo\n3,Cy,Rome,extra1,extra2\n4,Di,Oslo\n' >r.csv
run cust-validate --rejects rj.csv r.csv
expect_status 1
expect_out <<'X'
id,name,city
1,Ann,Paris
4,Di,Oslo
X
expect_file rj.csv <<'X'
id,name,city,_line,_errors
2,Bo,,3,"expected 3 fields, found 2"
3,Cy,Rome,4,"expected 3 fields, found 5; extra fields: ""extra1"", ""extra2"""
X

t "an unterminated quote is reported, its text kept"
printf 'id,note\n1,ok\n2,"never closed\n3,x\n' >uq.csv
run cust-validate --rejects rj.csv uq.csv
expect_status 1
expect_out <<'X'
id,note
1,ok
X
expect_file rj.csv <<'X'
id,note,_line,_errors
2,"never closed
3,x
",3,unterminated quoted field: the record runs to the end of the input
X

t "several files are one stream; columns are matched by name"
printf 'id,name\n1,Ann\n' >p1.csv
printf 'name,id\nBo,2\n' >p2.csv
run cust-validate p1.csv p2.csv
expect_out <<'X'
id,name
1,Ann
2,Bo
X

t "files whose columns differ are an input error"
printf 'id,phone\n3,1\n' >p3.csv
run cust-validate p1.csv p3.csv
expect_status 3
expect_err <<'X'
cust-validate: p3.csv:1: columns differ from p1.csv: extra column 'phone', missing column 'name'
X

t "a missing file is an input error"
run cust-validate nope.csv
expect_status 3
expect_err <<'X'
cust-validate: nope.csv: No such file or directory
X

t "a 16 MB field passes through whole"
awk 'BEGIN { printf "id,blob\n1,\""; for (i = 0; i < 16384; i++) { for (j = 0; j < 1023; j++) printf "x"; printf "\n" } printf "\"\n2,small\n" }' >big.csv
run cust-validate big.csv
expect_status 0
expect_out_file big.csv
run cust-validate --to jsonl big.csv
check "two records" test "$(wc -l <"$T_OUT")" -eq 2

t "csv-spectrum: every case converts to exactly its expected JSON"
SPEC=/usr/share/nodejs/csv-spectrum
for f in "$SPEC"/csvs/*.csv; do
	n=$(basename "$f" .csv)
	run cust-validate --to json "$f"
	# csv-spectrum's JSON is pretty-printed; compare as data.
	python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); b=json.load(open(sys.argv[2])); sys.exit(a!=b)' "$T_OUT" "$SPEC/json/$n.json" ||
	    t_fail "csv-spectrum $n differs"
done

t "a stray bracket in a JSON array is rejected, the rest read (fuzzer find)"
printf '[{"a":"1"}, }, {"a":"2"}]' >sb.json
run cust-validate --to csv sb.json
expect_status 1
expect_out <<'X'
a
1
2
X
expect_err <<'X'
cust-validate: sb.json:1: invalid JSON (unexpected token near '}'): }
X

t "a broken first JSON line: the first valid object still gives the header (fuzzer find)"
printf '{0a":1}\n{"a":"x"}\n' >bf.jsonl
run cust-validate --to csv bf.jsonl
expect_status 1
expect_out <<'X'
a
x
X
expect_err <<'X'
cust-validate: bf.jsonl:1: invalid JSON (string or '}' expected near '0'): {0a":1}
X
