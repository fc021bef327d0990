# cust-dedupe --fuzzy: the model, its clusters and the options that show it.

t "a value shared by more than a block's worth of records is no candidate (was a null qsort under UBSan)"
{ echo a; yes 1 | head -n 101; } >f.csv
run cust-dedupe --fuzzy f.csv
expect_status 0
{ echo a,cluster_id,is_duplicate,match_reason; i=1; while [ $i -le 101 ]; do echo "1,$i,false,"; i=$((i + 1)); done; } >want.csv
expect_out_file want.csv
