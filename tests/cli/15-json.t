# Hostile JSON (issue 10, items 4-6): every program keeps records in =
# out + rejected; numbers are read as written; what custkit writes, it reads.

printf '[1,2,3]\n' >a.json
# 100,000 brackets deep, generated: deeper than any parser should follow.
awk 'BEGIN { for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "" }' >deep.json
awk 'BEGIN { printf "{\"id\":\"1\"}\n{\"id\":"; for (i = 0; i < 100000; i++) printf "["; for (i = 0; i < 100000; i++) printf "]"; print "}"; print "{\"id\":\"3\"}" }' >deep.jsonl

t "cust-dedupe rejects JSON values that are no objects, with a message and exit 1"
run cust-dedupe --key id --rejects r.csv a.json
expect_status 1
expect_out </dev/null
expect_file r.csv <<'X'
[
{"_line":"1","_errors":"not a JSON object: 1"},
{"_line":"1","_errors":"not a JSON object: 2"},
{"_line":"1","_errors":"not a JSON object: 3"}
]
X

t "cust-validate and cust-dedupe name each rejected value on stderr"
for p in cust-validate cust-dedupe; do
	run $p a.json
	expect_status 1
	expect_err <<X
$p: a.json:1: not a JSON object: 1
$p: a.json:1: not a JSON object: 2
$p: a.json:1: not a JSON object: 3
X
done

t "100,000-deep JSON is a rejected record, quoted in 80 bytes, in every program"
for p in cust-validate cust-dedupe; do
	run $p deep.json
	expect_status 1
	expect_err <<X
$p: deep.json:1: invalid JSON (maximum parsing depth reached near '['): [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[…
X
	# cust-dedupe needs a key: an id column has no role it keys on alone.
	if [ $p = cust-validate ]; then run $p --to csv deep.jsonl; else run $p --key id --to csv deep.jsonl; fi
	expect_status 1
	[ $p = cust-validate ] && expect_out <<'X'
id
1
3
X
	expect_err_has "$p: deep.jsonl:2: invalid JSON (maximum parsing depth reached near '[')"
done
check "cust-dedupe writes the two others" test "$(grep -c '^[13],' "$T_OUT")" -eq 2

t "JSON numbers are read from their text, never through a double"
printf '{"id":"1","amount":99999999999999999999999999.99,"x":1.0000000000000001,"n":123456789012345678901234567890,"e":1.5e2}\n' >num.jsonl
run cust-validate --to csv num.jsonl
expect_status 0
expect_out <<'X'
id,amount,x,n,e
1,99999999999999999999999999.99,1.0000000000000001,123456789012345678901234567890,150
X
# The amount column is typed (a JSON number, its digits exactly as read);
# --json-strings keeps it text.
run cust-validate num.jsonl
expect_out <<'X'
{"id":"1","amount":99999999999999999999999999.99,"x":"1.0000000000000001","n":"123456789012345678901234567890","e":"150"}
X
run cust-validate --json-strings num.jsonl
expect_out <<'X'
{"id":"1","amount":"99999999999999999999999999.99","x":"1.0000000000000001","n":"123456789012345678901234567890","e":"150"}
X

t "a zero with an exponent is one zero, not as many zeros as the exponent says"
printf '{"a":0e5,"b":0.0e3,"c":-0E2,"d":0.00e1,"f":1.50e1,"g":5e-3,"h":0e-2}\n' >zero.jsonl
run cust-validate --to csv zero.jsonl
expect_status 0
expect_out <<'X'
a,b,c,d,f,g,h
0,0,-0,0,15.0,0.005,0
X

t "a duplicate key in a JSON object rejects the record (no silent last-one-wins)"
printf '{"id":"1","amount":"5"}\n{"id":"2","amount":"5","amount":"500"}\n' >dup.jsonl
run cust-validate --rejects rj.csv --to csv dup.jsonl
expect_status 1
expect_out <<'X'
id,amount
1,5
X
expect_file rj.csv <<'X'
id,amount,_line,_errors
,,2,"invalid JSON (duplicate object key near '""amount""'): {""id"":""2"",""amount"":""5"",""amount"":""500""}"
X

t "a NUL written as \\u0000 to JSON Lines is read back"
printf '{"id":"1","note":"a\\u0000b"}\n' >nul.jsonl
run cust-validate nul.jsonl
expect_status 0
expect_out_file nul.jsonl
run sh -c 'cust-validate nul.jsonl | cust-dedupe --key id | cust-validate'
expect_status 0
expect_out <<'X'
{"id":"1","note":"a\u0000b","cluster_id":"1","is_duplicate":"false","match_reason":""}
X
