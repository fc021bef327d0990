# cust-report --to html in a real browser (headless Chromium): it renders
# its charts, logs no console error, nothing overflows at 1280 and 390 px,
# and the page names no external resource.

cp "$EXAMPLES"/grade/orders.csv "$EXAMPLES"/grade/customers-graded.csv "$EXAMPLES"/grade/promote.rules.json .
printf 'customer_id,date,from,to,reason\nC002,2024-09-01,中级,高级,r\nC003,2024-09-01,高级,低级,r\nC004,2024-08-01,,低级,r\n' >h.csv

t "the HTML report: one self-contained page with every section"
run cust-report --orders orders.csv --by grade --metric 'sum(金额)' --metric 'median(金额)' --trend month --risk --quality --history h.csv --rules promote.rules.json --as-of 2024-10-05 -o report.html customers-graded.csv
expect_status 0
expect_out </dev/null
for s in groups trend repeat quality migration moves risk; do
	check "section $s is there" grep -q "<section id=\"$s\">" report.html
done
check "charts are inline SVG" grep -q '<svg viewBox=' report.html
check "the trend is drawn as lines" grep -q '<polyline' report.html
check "the migration is a heat-map" grep -q 'background:rgba(230,57,70' report.html
check "no script, no external resource" sh -c '! grep -Eiq "<script|src=|href=|url\(|@import|https?:" report.html'
check "in Chinese, as the data" grep -q '<html lang="zh-CN">' report.html
run cust-report --by grade --lang en --to html customers-graded.csv
expect_out_has '<html lang="en"><head>'
expect_out_has '<h2>Groups</h2>'

t "in headless Chromium: rendered, no console error, nothing overflows at 1280 and 390 px"
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "chromium is not installed (scripts/deps check installs it)"
else
	probe=$(tr -d '\n' <"$DATA/html-probe.html" | sed 's/[&#\\]/\\&/g')
	sed "s#</body>#$probe</body>#" report.html >probed.html
	# Headless windows are at least 500 px wide: 390 px is a frame.
	printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="probed.html" width="390" height="900" style="border:0"></iframe></body></html>' >narrow.html
	chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	    --user-data-dir="$PWD/chrome-profile" "$@"; }
	chrome --window-size=1280,900 --dump-dom "file://$PWD/probed.html" >wide.dom 2>/dev/null
	chrome --window-size=800,900 --dump-dom "file://$PWD/narrow.html" >narrow.dom 2>/dev/null
	check "1280 px: nothing overflows, charts rendered" grep -q 'data-check="w=1280 ok"' wide.dom
	check "390 px: nothing overflows, charts rendered" grep -q 'data-check="w=390 ok"' narrow.dom
	chrome --enable-logging=stderr --v=0 --window-size=1280,900 --dump-dom "file://$PWD/report.html" >/dev/null 2>console.log
	check "no console error, no failed load" sh -c '! grep -Eiq "CONSOLE|Uncaught|Failed to load" console.log'
	chrome --window-size=1280,2000 --screenshot="$PWD/wide.png" "file://$PWD/report.html" >/dev/null 2>&1
	check "a screenshot at 1280 px" test -s wide.png
	# The probe itself: a paragraph wider than the phone is caught.
	sed 's#<h2>#<p style="width:600px">wide</p><h2>#' probed.html >wide-probed.html
	sed 's#probed.html#wide-probed.html#' narrow.html >narrow-bad.html
	chrome --window-size=800,900 --dump-dom "file://$PWD/narrow-bad.html" >bad.dom 2>/dev/null
	check "the probe sees an overflow" grep -q 'data-check="w=390 [^"]*P overflows' bad.dom
	[ -z "${REPORT_SCREENSHOTS:-}" ] || cp wide.png "$REPORT_SCREENSHOTS/report-1280.png"
fi

t "a long table shows its first 200 rows in the page, and says how many more there are"
awk 'BEGIN { print "id,city"; for (i = 0; i < 250; i++) print i ",c" i }' >many.csv
run cust-report --by city --to html --lang en many.csv
expect_status 0
expect_out_has '<p>50 more rows not shown (all of them in --to csv, json or xlsx).</p>'
check "200 rows in the table" test "$(grep -c '^<tr><td>c' "$T_OUT")" -eq 200

t "the HTML for 200k customers with every section: under 1 MB, self-contained, and nothing overflows in Chromium"
# bench/report-data writes the inputs of every section at any size; make
# bench times the render at 200k customers and 2M orders.
args=$(sh "$ROOT/bench/report-data" big 200000 200000)
# shellcheck disable=SC2086
run cust-report $args -o big.html
expect_status 0
expect_out </dev/null
for s in groups crosstab trend repeat quality errors migration moves risk; do
	check "section $s is there" grep -q "<section id=\"$s\">" big.html
done
check "under 1 MB" test "$(wc -c <big.html)" -lt 1048576
check "no script, no external resource" sh -c '! grep -Eiq "<script|src=|href=|url\(|@import|https?:" big.html'
check "long tables say what is not shown" grep -q '<p>另有 [0-9]* 行未显示（完整数据见 --to csv、json 或 xlsx）。</p>' big.html
if command -v chromium >/dev/null 2>&1; then
	probe=$(tr -d '\n' <"$DATA/html-probe.html" | sed 's/[&#\\]/\\&/g')
	sed "s#</body>#$probe</body>#" big.html >big-probed.html
	printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="big-probed.html" width="390" height="900" style="border:0"></iframe></body></html>' >big-narrow.html
	chrome() { timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	    --user-data-dir="$PWD/chrome-profile" "$@"; }
	chrome --window-size=1280,900 --dump-dom "file://$PWD/big-probed.html" >big-wide.dom 2>/dev/null
	chrome --window-size=800,900 --dump-dom "file://$PWD/big-narrow.html" >big-narrow.dom 2>/dev/null
	check "1280 px: nothing overflows, charts rendered" grep -q 'data-check="w=1280 ok"' big-wide.dom
	check "390 px: nothing overflows, charts rendered" grep -q 'data-check="w=390 ok"' big-narrow.dom
fi
