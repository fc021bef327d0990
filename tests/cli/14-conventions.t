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
