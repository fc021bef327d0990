#!/bin/sh
# The demo pipeline over the bundled examples (make demo).
set -u
BIN=${1:-$(cd "$(dirname "$0")/../bin" && pwd)}
PATH="$BIN:$PATH"
cd "$(dirname "$0")" || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

step() { if [ -t 1 ]; then printf "\n\033[1m$ %s\033[0m\n" "$*"; else printf "\n$ %s\n" "$*"; fi; }

step "cust-validate --infer customers.csv | head -n 12"
cust-validate --infer customers.csv | head -n 12

step "cust-validate --schema customers.schema.json --fix --rejects bad.csv --summary customers.csv"
cust-validate --schema customers.schema.json --fix --rejects "$out/bad.csv" --summary customers.csv
echo "(exit status $?: 1 means some records were rejected)"

step "cat bad.csv   # the rejected records, with the input line and every reason"
cat "$out/bad.csv"

step "cust-validate --fix --to jsonl customers-en.csv"
cust-validate --fix --to jsonl customers-en.csv

step "cust-dedupe dedupe/crm.csv dedupe/shop.csv   # two departments' exports together"
cust-dedupe dedupe/crm.csv dedupe/shop.csv

step "cust-validate --fix dedupe/crm.csv dedupe/shop.csv | cust-dedupe --mode merge --keep complete"
cust-validate --fix dedupe/crm.csv dedupe/shop.csv | cust-dedupe --mode merge --keep complete

step "cust-dedupe --mode merge dedupe/members-shop.csv dedupe/crm.csv --to table   # different headers, aligned"
COLUMNS=${COLUMNS:-160} cust-dedupe --mode merge dedupe/members-shop.csv dedupe/crm.csv --to table

step "cust-dedupe --mode merge --keep newest:注册日期 pipeline/members.csv | cust-grade --rules pipeline/members.rules.json --orders pipeline/orders.csv --as-of 2024-10-01 | cut -d, -f1,2,7,9 | cust-validate --to text"
cust-dedupe --mode merge --keep newest:注册日期 pipeline/members.csv |
    cust-grade --rules pipeline/members.rules.json --orders pipeline/orders.csv --as-of 2024-10-01 -q |
    cut -d, -f1,2,7,9 | cust-validate --to text
echo "(K008 absorbed K001 and K005: their orders are its own)"

step "cust-validate --fix grade/customers.csv | cust-grade --rules grade/monthly.rules.json --orders grade/orders.csv --as-of 2024-10-01"
cust-validate --fix grade/customers.csv |
    cust-grade --rules grade/monthly.rules.json --orders grade/orders.csv --as-of 2024-10-01

step "cust-grade --rules grade/promote.rules.json --orders grade/orders.csv --as-of 2024-10-01 --history grades.log --changes grade/customers-graded.csv"
cust-grade --rules grade/promote.rules.json --orders grade/orders.csv --as-of 2024-10-01 \
    --history "$out/grades.log" --changes grade/customers-graded.csv

step "cat grades.log   # one row per change; running again appends nothing"
cat "$out/grades.log"

step "cust-grade --rules grade/monthly.rules.json --orders segment/orders.csv --as-of 2024-10-01 -q segment/customers.csv | cust-segment --spec segment/grid.json --orders segment/orders.csv --as-of 2024-10-01 --summary"
cust-grade --rules grade/monthly.rules.json --orders segment/orders.csv --as-of 2024-10-01 -q segment/customers.csv |
    cust-segment --spec segment/grid.json --orders segment/orders.csv --as-of 2024-10-01 --summary

step "cust-segment --rfm --names segment/rfm-names.zh.json --orders segment/orders.csv --summary segment/customers.csv"
cust-segment --rfm --names segment/rfm-names.zh.json --orders segment/orders.csv --summary segment/customers.csv

step "cust-grade ... | cust-segment --rfm ... | cust-report --orders segment/orders.csv --by grade,segment --metric 'sum(金额)' --trend month --risk"
cust-grade --rules grade/monthly.rules.json --orders segment/orders.csv --as-of 2024-10-01 -q segment/customers.csv |
    cust-segment --rfm --names segment/rfm-names.zh.json --orders segment/orders.csv --as-of 2024-10-01 -q |
    tee "$out/graded.csv" |
    cust-report --orders segment/orders.csv --as-of 2024-10-01 --by grade,segment --metric 'sum(金额)' --trend month --risk --to text

step "cust-report ... --to html -o report.html   # one self-contained page to forward"
cust-report --orders segment/orders.csv --as-of 2024-10-01 --by grade --metric 'sum(金额)' --trend month --risk \
    --to html -o "$out/report.html" "$out/graded.csv" && echo "report.html: $(wc -c <"$out/report.html") bytes"
