# examples/crontab: every job runs as cron would run it, in a copy of
# /srv/crm made from the examples, twice on the same day.

mkdir crm
cp "$EXAMPLES/customers.csv" crm/customers.csv
# cron grades as of today: the example orders (up to September 2024) are
# moved to as many months later, so that they are recent, as a shop's
# export would be (orders too old for every period are refused).
months=$(( $(date +%Y) * 12 + $(date +%m | sed 's/^0//') - (2024 * 12 + 10) ))
awk -F, -v OFS=, -v m="$months" 'NR > 1 { split($3, d, "-"); t = d[1] * 12 + d[2] - 1 + m
	$3 = sprintf("%04d-%02d-%s", int(t / 12), t % 12 + 1, d[3]) } { print }' \
    "$EXAMPLES/grade/orders.csv" >crm/orders.csv
cp "$EXAMPLES/grade/promote.rules.json" crm/tiers.json
cp "$EXAMPLES/customers.schema.json" crm/
CRM=$(pwd)/crm
records() { cust-validate --to jsonl "$1" | wc -l; }    # a field may hold a line break
sed -n 's/^[0-9*][0-9*/,-]* *[0-9*][0-9*/,-]* *[0-9*][0-9*/,-]* *[0-9*][0-9*/,-]* *[0-9*][0-9*/,-]* *//p' \
    "$EXAMPLES/crontab" | sed "s|cd /srv/crm|cd '$CRM'|" >jobs.sh

t "examples/crontab holds three jobs"
expect_lines jobs.sh 3

t "the nightly check, the monthly grading and the weekly duplicate check run"
run sh jobs.sh
expect_status 0
check "customers.clean.csv has the four valid customers" test "$(records crm/customers.clean.csv)" -eq 4
check "rejected.csv has the other five" test "$(records crm/rejected.csv)" -eq 5
check "every clean customer changed: none had a grade" test "$(records crm/changes.csv)" -eq 4
check "the history has a row per change" test "$(($(wc -l <crm/grades.log) - 1))" -eq 4
cp crm/changes.csv changes-first.csv
cp crm/grades.log grades-first.log

t "run again the same day: the same changes, nothing appended"
run sh jobs.sh
expect_status 0
expect_file crm/changes.csv <changes-first.csv
expect_file crm/grades.log <grades-first.log
