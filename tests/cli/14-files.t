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
run cust-validate -q -o v.csv v.csv
expect_status 1
expect_file v.csv <<'X'
id,name,phone
1,Ann,13812345678
3,Cy,13812345678
X
cp in.csv d.csv
run cust-dedupe -q --key phone -o d.csv d.csv
expect_status 1
expect_file d.csv <<'X'
id,name,phone,cluster_id,is_duplicate,match_reason
1,Ann,13812345678,1,false,phone
3,Cy,13812345678,1,true,phone
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
