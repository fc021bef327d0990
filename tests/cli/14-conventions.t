# The conventions users expect from command-line tools (issue 11, items 7-12).

t "a configuration file that is a directory, empty, blank or missing says so"
mkdir rules.d
: >empty.json
printf ' \n\t\n' >blank.json
printf 'id\n1\n' >c.csv
printf 'id,date,amount\n1,2024-01-02,3\n' >o.csv
run cust-validate --schema rules.d c.csv
expect_status 2
expect_err <<'X'
cust-validate: rules.d: is a directory
X
run cust-validate --schema empty.json c.csv
expect_status 2
expect_err <<'X'
cust-validate: empty.json: is empty
X
run cust-grade --rules blank.json --orders o.csv c.csv
expect_status 2
expect_err <<'X'
cust-grade: blank.json: is empty
X
run cust-grade --rules rules.d --orders o.csv c.csv
expect_status 2
expect_err <<'X'
cust-grade: rules.d: is a directory
X
run cust-grade --rules c.csv/x.json --orders o.csv c.csv
expect_status 2
expect_err <<'X'
cust-grade: c.csv/x.json: Not a directory
X
# A syntax error still has its place, lines before it counted.
printf '\n\n{"fields": [}' >bad.json
run cust-validate --schema bad.json c.csv
expect_status 2
expect_err <<'X'
cust-validate: bad.json:3:13: unexpected token near '}'
X
if [ "$(id -u)" != 0 ]; then
	printf '{}' >secret.json
	chmod 000 secret.json
	run cust-validate --schema secret.json c.csv
	expect_status 2
	expect_err <<'X'
cust-validate: secret.json: Permission denied
X
else
	echo "  (running as root: the unreadable-file case skipped)"
fi

t "-q: no message per record; how many, and the status, remain"
printf 'id,phone\n1,13800000001\n2,13800000002,extra\n3\n' >bad.csv
run cust-validate bad.csv
expect_status 1
expect_err <<'X'
cust-validate: bad.csv:3: expected 2 fields, found 3; extra fields: "extra"
cust-validate: bad.csv:4: expected 2 fields, found 1
X
run cust-validate -q bad.csv
expect_status 1
expect_err <<'X'
cust-validate: 2 invalid records (use --rejects FILE to keep them)
X
run cust-dedupe -q bad.csv
expect_status 1
expect_err <<'X'
cust-dedupe: 2 invalid records (use --rejects FILE to keep them)
X
printf 'id,phone\n1,13800000001\n2\n' >bad1.csv
run cust-validate -q bad1.csv
expect_status 1
expect_err <<'X'
cust-validate: 1 invalid record (use --rejects FILE to keep it)
X
run cust-validate -q --rejects rj.csv bad1.csv
expect_status 1
expect_err <<'X'
X

t "a terminal on stdin: the program says once that it waits for input (not with -q)"
# The program's stdin is a terminal (a pty), its stdout and stderr files.
on_tty() {
	python3 -c '
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.Popen(sys.argv[1:], stdin=s)
os.close(s)
os.write(m, b"id\n1\n\x04")
sys.exit(p.wait(timeout=20))' "$@"
}
if command -v python3 >/dev/null; then
	run on_tty cust-validate
	expect_status 0
	expect_out <<'X'
id
1
X
	expect_err <<'X'
cust-validate: waiting for records on the terminal (end them with Ctrl-D)
X
	run on_tty cust-validate -q
	expect_out <<'X'
id
1
X
	expect_err <<'X'
X
	# Not when stdin is a file or a pipe.
	run_stdin c.csv cust-validate
	expect_err <<'X'
X
else
	t_skip "python3 is not installed"
fi

t "messages that count say one and many right"
printf 'id,name\nK001,A\n' >one.csv
printf 'id,date,amount\nK001,2020-01-01,5\n' >old-order.csv
printf '{"grades": ["a"], "tiers": [{"grade": "a"}]}' >r.json
run cust-grade --rules r.json --orders old-order.csv --as-of 2019-01-01 one.csv
expect_err <<'X'
cust-grade: 1 of 1 customer has no counted orders before the as-of date
X
printf 'id,date,amount\nK001,2020-01-01,5\nK099,2020-01-01,5\n' >o1.csv
run cust-grade --rules r.json --orders o1.csv --as-of 2021-01-01 one.csv
expect_err <<'X'
cust-grade: 1 order customer id is not in the customer table: K099
X
printf 'id,date,amount\nK099,2020-01-01,5\nK100,2020-01-01,5\nK001,2020-01-01,5\nK123,2020-01-01,5\nK100,2020-02-01,5\n' >o3.csv
run cust-grade --rules r.json --orders o3.csv --as-of 2021-01-01 one.csv
expect_err <<'X'
cust-grade: 3 order customer ids are not in the customer table: K099, K100, K123
X
printf 'id,date,amount\n' >o8.csv
for k in 1 2 3 4 5 6 7 8; do printf 'X%s,2020-01-01,5\n' $k >>o8.csv; done
run cust-grade --allow-empty --rules r.json --orders o8.csv --as-of 2021-01-01 one.csv
expect_err <<'X'
cust-grade: 1 of 1 customer has no counted orders before the as-of date
cust-grade: 8 order customer ids are not in the customer table: X1, X2, X3, X4, X5 and 3 more
X
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "count() > 5"}]}' >r2.json
printf 'id,name\nK001,A\nK002,B\n' >two.csv
printf 'id,date,amount\nK001,2020-01-01,5\nK002,2020-01-01,5\n' >o2.csv
run cust-grade --rules r2.json --orders o2.csv --as-of 2021-01-01 two.csv
expect_err <<'X'
cust-grade: 2 of 2 customers meet no tier's condition and have no grade (a last tier without "when" grades everyone else)
X
printf 'id,date,amount\nK001,2020-01-01,5\nK002,2020-01-01,50\n' >o2.csv
printf '{"grades": ["a", "b"], "tiers": [{"grade": "b", "when": "sum(amount) > 10"}]}' >r3.json
run cust-grade --rules r3.json --orders o2.csv --as-of 2021-01-01 two.csv
expect_err <<'X'
cust-grade: 1 of 2 customers meets no tier's condition and has no grade (a last tier without "when" grades everyone else)
X
run cust-dedupe --check --key id one.csv
expect_err <<'X'
cust-dedupe: 1 record, 1 customer, 0 duplicates
X
run cust-validate --summary one.csv
expect_err_has "cust-validate: 1 record: 1 valid, 0 rejected"
printf '{"fields": [{"name": "id", "constraints": {"maxLength": 1}}, {"name": "name"}]}' >len.json
run cust-validate --schema len.json one.csv
expect_err <<'X'
cust-validate: one.csv:2: id: "K001" is longer than 1 character
X
printf 'id\n1\n2,3\n' >f.csv
run cust-validate f.csv
expect_err <<'X'
cust-validate: f.csv:3: expected 1 field, found 2; extra fields: "3"
X
# The refusals of cust-grade count right too.
run cust-grade --rules r.json --orders old-order.csv --as-of 2021-01-01 --max-changes 0 one.csv
expect_status 1
expect_err <<'X'
cust-grade: 1 of 1 customer would change grade, more than --max-changes 0: nothing written or appended
X
run cust-grade --rules r.json --orders o2.csv --as-of 2021-01-01 --max-changes 1 two.csv
expect_status 1
expect_err <<'X'
cust-grade: 2 of 2 customers would change grade, more than --max-changes 1: nothing written or appended
X
run cust-grade --rules r3.json --orders old-order.csv --as-of 2019-01-01 one.csv
expect_status 1
expect_err <<'X'
cust-grade: old-order.csv: the one order does not fall in the periods the rules look at (as of 2019-01-01): nothing graded or written; --allow-empty grades without them
X
printf '[5]' >one-rec.json
run cust-grade --rules r3.json --orders one-rec.json one.csv
expect_status 1
expect_err <<'X'
cust-grade: one-rec.json:1: not a JSON object: 5
cust-grade: one-rec.json: the one record is no order: nothing graded or written
X

t "every option in a program's table is in its man page"
for p in "$BIN"/cust-*; do
	p=${p##*/}
	[ -f "$ROOT/man/$p.1" ] || { t_fail "$p has no man page"; continue; }
	mandoc -Tascii "$ROOT/man/$p.1" | sed 's/.\x08//g' >page.txt
	for o in $("$BIN/$p" --completion=bash | sed -n 's/.*opts="\(.*\)".*/\1/p'); do
		case $o in *=*) continue ;; esac
		grep -q -- "$o\\b" page.txt || t_fail "$p: $o is not in man/$p.1"
	done
done

t "an abbreviation that fits several options names them"
run cust-validate --s x.csv
expect_status 2
expect_err <<'X'
cust-validate: option '--s' is ambiguous: --schema, --summary, --sheet, --skip
Try 'cust-validate --help' for more information.
X
run cust-grade --order=x
expect_status 2
expect_err <<'X'
cust-grade: option '--order' is ambiguous: --orders, --orders-only, --order-col
Try 'cust-grade --help' for more information.
X

t "--col names the roles of the one table, grade included"
printf 'id,tel\n1,2\n' >a.csv
run cust-validate --col mobile=tel a.csv
expect_status 2
expect_err <<'X'
cust-validate: --col mobile=tel: unknown role (roles: id, name, phone, email, gender, birth_date, address, city, province, country, postcode, company, signup_date, order_id, order_date, amount, status, quantity, price, category, grade, given_name, surname, due_date, paid_date)
X
