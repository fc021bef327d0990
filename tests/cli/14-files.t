# No output of a run may be a file it reads or another of its outputs
# (issue 10 item 1): files compared by device and inode, not by name.

printf 'id,name,phone\n1,Ann,13812345678\n2,Bo\n3,Cy,13812345678\n' >in.csv
cp in.csv in-before.csv
printf '{"fields": [{"name": "id", "type": "integer"}]}\n' >s.json
cp s.json s-before.json
ln -s in.csv in-link.csv
ln in.csv in-hard.csv

t "cust-validate --rejects naming its input is a usage error; the input is whole"
run cust-validate --rejects in.csv -o out.csv in.csv
expect_status 2
expect_err <<'X'
cust-validate: --rejects in.csv is also the input in.csv
Try 'cust-validate --help' for more information.
X
expect_file in.csv <in-before.csv
expect_no_file out.csv

t "a symbolic link or a hard link to the input is the input"
run cust-validate --rejects in-link.csv in.csv
expect_status 2
expect_err_has "cust-validate: --rejects in-link.csv is also the input in.csv"
run cust-validate --rejects in-hard.csv ./in.csv
expect_status 2
expect_err_has "cust-validate: --rejects in-hard.csv is also the input ./in.csv"
expect_file in.csv <in-before.csv

t "--rejects and -o the same file would lose every valid row"
run cust-validate --rejects r.csv -o ./r.csv in.csv
expect_status 2
expect_err_has "cust-validate: --rejects r.csv is also the -o file"
expect_no_file r.csv

t "-o onto the schema is refused; the schema is whole"
run cust-validate --schema s.json -o s.json in.csv
expect_status 2
expect_err_has "cust-validate: -o s.json is also the --schema file"
expect_file s.json <s-before.json

t "standard input and output count as the files they are"
run_stdin in.csv cust-validate --rejects in.csv
expect_status 2
expect_err_has "cust-validate: --rejects in.csv is also standard input"
run sh -c 'cust-validate in.csv >>in.csv'
expect_status 2
expect_err_has "cust-validate: standard output is also the input in.csv"
expect_file in.csv <in-before.csv
run cust-validate --rejects - in.csv
expect_status 2
expect_err_has "cust-validate: --rejects - and the output both write to standard output; name a file for one of them"

t "cust-dedupe --rejects naming its input is refused; the input is whole"
run cust-dedupe --rejects in.csv in.csv
expect_status 2
expect_err <<'X'
cust-dedupe: --rejects in.csv is also the input in.csv
Try 'cust-dedupe --help' for more information.
X
expect_file in.csv <in-before.csv

t "-o onto the input stays allowed: it is written at the end"
cp in.csv v.csv
run cust-validate -q --rejects v-rejects.csv -o v.csv v.csv
expect_status 1
expect_file v.csv <<'X'
id,name,phone
1,Ann,13812345678
3,Cy,13812345678
X
expect_file v-rejects.csv <<'X'
id,name,phone,_line,_errors
2,Bo,,3,"expected 3 fields, found 2"
X

t "-o onto the input without --rejects keeps the input when a record is rejected"
cp in.csv v.csv
run cust-validate -q -o v.csv v.csv
expect_status 1
expect_err <<'X'
cust-validate: 1 invalid record (use --rejects FILE to keep it)
cust-validate: 1 record was rejected and -o v.csv would replace the input: the input is left as it was (name --rejects FILE to keep rejected records)
X
expect_file v.csv <in.csv

t "cust-dedupe the same way (one helper): -o onto the input without --rejects keeps it, named or on stdin"
cp in.csv d.csv
run cust-dedupe -q --key phone -o d.csv d.csv
expect_status 1
expect_err <<'X'
cust-dedupe: 1 record was rejected and -o d.csv would replace the input: the input is left as it was (name --rejects FILE to keep rejected records)
X
expect_file d.csv <in.csv
run sh -c 'cust-dedupe -q --key phone -o d.csv <d.csv'
expect_status 1
expect_err <<'X'
cust-dedupe: 1 record was rejected and -o d.csv would replace the input: the input is left as it was (name --rejects FILE to keep rejected records)
X
expect_file d.csv <in.csv

t "cust-dedupe: JSON with no object, onto itself: every value rejected, the input kept"
echo '[1,2,3]' >a.json
run cust-dedupe -q --key id -o a.json a.json
expect_status 1
expect_err <<'X'
cust-dedupe: 3 records were rejected and -o a.json would replace the input: the input is left as it was (name --rejects FILE to keep rejected records)
X
expect_file a.json <<'X'
[1,2,3]
X

t "cust-dedupe -o onto the input with --rejects: replaced, the rejected record kept there"
run cust-dedupe -q --key phone --rejects d-rejects.csv -o d.csv d.csv
expect_status 1
expect_file d.csv <<'X'
id,name,phone,cluster_id,is_duplicate,match_reason
1,Ann,13812345678,1,false,phone
3,Cy,13812345678,1,true,phone
X
expect_file d-rejects.csv <<'X'
id,name,phone,_line,_errors
2,Bo,,3,"expected 3 fields, found 2"
X

t "devices never clash: /dev/null may take rejects and output"
run cust-validate -q --rejects /dev/null -o /dev/null in.csv
expect_status 1
expect_out </dev/null

t "cust-dedupe --check writes no records: its rejects may go to standard output"
printf 'id,phone\n1,13800000000\n2\n' >c1.csv
run cust-dedupe --check --rejects - c1.csv
expect_status 1
expect_out <<'X'
id,phone,_line,_errors
2,,3,"expected 2 fields, found 1"
X

t "an output that keeps only some customers may not replace the table: cust-grade --changes, cust-dedupe --mode pairs"
printf '客户编号,姓名\nC001,张伟\nC002,王芳\n' >gc.csv
cp gc.csv gc-before.csv
printf 'id,date,amount\nC001,2024-09-05,600\n' >go.csv
printf '{"grades":["a","b"],"tiers":[{"grade":"b","when":"sum(amount) > 500"},{"grade":"a"}]}' >gr.json
run cust-grade --changes --rules gr.json --orders go.csv --as-of 2024-10-01 -o gc.csv gc.csv
expect_status 2
expect_err <<'X'
cust-grade: -o gc.csv is also the customer table gc.csv (--changes writes only the customers whose grade changed)
Try 'cust-grade --help' for more information.
X
expect_file gc.csv <gc-before.csv
# Without --changes every customer is written: -o onto the table stays allowed.
run cust-grade -q --rules gr.json --orders go.csv --as-of 2024-10-01 -o gc.csv gc.csv
expect_status 0
expect_file gc.csv <<'X'
客户编号,姓名,grade,grade_prev,grade_updated,grade_reason
C001,张伟,b,,2024-10-01,Graded b: spend over 500 to date
C002,王芳,a,,2024-10-01,Graded a: the conditions of the higher grades are not met
X
cp in.csv p.csv
run cust-dedupe -q --fuzzy --mode pairs -o p.csv p.csv
expect_status 2
expect_err <<'X'
cust-dedupe: -o p.csv is also the input p.csv (--mode pairs writes pairs, not the records)
Try 'cust-dedupe --help' for more information.
X
expect_file p.csv <in-before.csv
run_stdin p.csv cust-dedupe -q --fuzzy --mode pairs -o p.csv
expect_status 2
expect_err_has "cust-dedupe: -o p.csv is also standard input (--mode pairs writes pairs, not the records)"
expect_file p.csv <in-before.csv

t "cust-report -o naming its customer table is refused: a report holds no records"
cp in.csv rep.csv
run cust-report --by name -o rep.csv rep.csv
expect_status 2
expect_err <<'X'
cust-report: -o rep.csv is also the customer table rep.csv
Try 'cust-report --help' for more information.
X
expect_file rep.csv <in.csv
