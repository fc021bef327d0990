# cust-report --to html on paper: the print style in force (the page's
# @media print rules applied on screen, in headless Chromium), a page as
# wide as A4 with Chromium's margins (718 px) shows every column of the
# wide tables: the cross-tab of many segments and the trend with its
# group column.

t "printed, the wide tables keep every column on the page"
if ! command -v chromium >/dev/null 2>&1; then
	t_skip "chromium is not installed (scripts/deps check installs it)"
else
	awk 'BEGIN { print "客户编号,等级,客群";
		split("冠军客户 休眠客户 流失风险客户 潜力客户 已流失客户 忠诚客户 新客户 需关注客户 将沉睡客户 有望客户 不能流失客户 无订单", s, " ");
		for (i = 0; i < 240; i++) print "C" i "," (i % 3 ? "普通会员" : "黄金会员") "," s[i % 12 + 1] }' >wide.csv
	awk 'BEGIN { print "订单编号,客户编号,下单日期,金额";
		for (i = 0; i < 240; i++) printf "O%d,C%d,2024-%02d-15,%d.50\n", i, i, i % 12 + 1, 100000 + i }' >wide-orders.csv
	run cust-report --orders wide-orders.csv --by 等级,客群 --trend month --as-of 2025-01-01 -o print.html wide.csv
	expect_status 0
	probe=$(tr -d '\n' <"$DATA/html-print-probe.html" | sed 's/[&#\\]/\\&/g')
	sed -e 's/@media print{/@media all{/' -e "s#</body>#$probe</body>#" print.html >paper.html
	check "the print style is there to apply" sh -c '! cmp -s print.html paper.html'
	printf '<!DOCTYPE html><html><body style="margin:0"><iframe src="paper.html" width="718" height="900" style="border:0"></iframe></body></html>' >a4.html
	timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	    --user-data-dir="$PWD/chrome-profile" --window-size=1000,900 --dump-dom "file://$PWD/a4.html" >a4.dom 2>/dev/null
	check "718 px of paper: no table cut or wider than the page ($(grep -o 'data-check="[^"]*"' a4.dom))" \
	    grep -q 'data-check="w=718 ok"' a4.dom
	# The probe itself: the page as the screen shows it (the print
	# style left out) has its wide tables scroll, and is caught.
	sed "s#</body>#$probe</body>#" print.html >screen.html
	sed 's#paper.html#screen.html#' a4.html >a4-screen.html
	timeout 120 chromium --headless --no-sandbox --disable-gpu --allow-file-access-from-files --hide-scrollbars \
	    --user-data-dir="$PWD/chrome-profile" --window-size=1000,900 --dump-dom "file://$PWD/a4-screen.html" >screen.dom 2>/dev/null
	check "the probe sees a cut table" grep -q 'data-check="w=718 [^"]*crosstab cut by its box' screen.dom
fi
