# cust-dedupe --fuzzy: the model, its clusters and the options that show it.

t "a value shared by more than a block's worth of records is no candidate (was a null qsort under UBSan)"
{ echo a; yes 1 | head -n 101; } >f.csv
run cust-dedupe --fuzzy f.csv
expect_status 0
{ echo a,cluster_id,is_duplicate,match_reason; i=1; while [ $i -le 101 ]; do echo "1,$i,false,"; i=$((i + 1)); done; } >want.csv
expect_out_file want.csv

t "roles of name parts and abbreviations; which columns are compared, and why not"
cat >roles.csv <<'X'
unique_id,first_name,surname,tel,dob,addr,zip,type
1,John,Smith,020 7946 0001,1970-03-04,12 High Street,SW1A 1AA,retail
2,Jon,Smith,020 7946 0001,1970-03-04,12 High St,SW1A 1AA,retail
X
run cust-dedupe --fuzzy --explain roles.csv
expect_status 0
check "fields and kinds" sh -c 'grep -E "^  (field|column)" "$1" >got && diff -u - got' sh "$T_ERR" <<'X'
  column unique_id: not compared (its role, id, is about the record)
  field first_name (name):
  field surname (name):
  field tel (phone, shared values are no evidence):
  field dob (date):
  field addr (address, shared values are no evidence):
  field zip (postcode, shared values are no evidence):
  field type (text):
X

cat >four.csv <<'X'
id,name,phone,email,city
A1,Ann Lee,13800000001,ann@example.com,Leeds
A2,Ann Lee,13800000001,ann@example.com,Leeds
A3,Ann Lee,138-0000-0001,ANN@example.com,Leeds
A4,Ann  Lee,13800000001,ann@example.com,Leeds
B1,Bob Marsh,13900000002,bob@example.com,York
X

t "--max-cluster: a group of linked records over it is split and flagged"
run cust-dedupe --fuzzy --max-cluster 2 four.csv
expect_status 0
expect_out <<'X'
id,name,phone,email,city,cluster_id,is_duplicate,match_reason
A1,Ann Lee,13800000001,ann@example.com,Leeds,1,false,"phone, email, held for review: linked to more records than --max-cluster"
A2,Ann Lee,13800000001,ann@example.com,Leeds,1,true,"phone, email, held for review: linked to more records than --max-cluster"
A3,Ann Lee,138-0000-0001,ANN@example.com,Leeds,2,false,held for review: linked to more records than --max-cluster
A4,Ann  Lee,13800000001,ann@example.com,Leeds,3,false,held for review: linked to more records than --max-cluster
B1,Bob Marsh,13900000002,bob@example.com,York,4,false,
X
expect_err <<'X'
cust-dedupe: largest clusters: 1 (2 records)
cust-dedupe: 1 group of linked records over --max-cluster 2: split, flagged, and never merged
X

t "--max-cluster: within it, one cluster and nothing flagged"
run cust-dedupe --fuzzy --max-cluster 4 four.csv
expect_status 0
expect_out <<'X'
id,name,phone,email,city,cluster_id,is_duplicate,match_reason
A1,Ann Lee,13800000001,ann@example.com,Leeds,1,false,"phone, email"
A2,Ann Lee,13800000001,ann@example.com,Leeds,1,true,"phone, email"
A3,Ann Lee,138-0000-0001,ANN@example.com,Leeds,1,true,"phone, email"
A4,Ann  Lee,13800000001,ann@example.com,Leeds,1,true,"phone, email"
B1,Bob Marsh,13900000002,bob@example.com,York,2,false,
X
expect_err <<'X'
cust-dedupe: largest clusters: 1 (4 records)
X

t "--mode merge never merges a flagged group, and names what it would have merged"
run cust-dedupe --fuzzy --max-cluster 2 --mode merge four.csv
expect_status 0
expect_out <<'X'
id,name,phone,email,city,cluster_id,merged_ids,merge_conflicts
A1,Ann Lee,13800000001,ann@example.com,Leeds,1,A1,not merged: held for review: linked to more records than --max-cluster
A2,Ann Lee,13800000001,ann@example.com,Leeds,1,A2,not merged: held for review: linked to more records than --max-cluster
A3,Ann Lee,138-0000-0001,ANN@example.com,Leeds,2,A3,not merged: held for review: linked to more records than --max-cluster
A4,Ann  Lee,13800000001,ann@example.com,Leeds,3,A4,not merged: held for review: linked to more records than --max-cluster
B1,Bob Marsh,13900000002,bob@example.com,York,4,B1,
X
expect_err <<'X'
cust-dedupe: largest clusters: 1 (2 records)
cust-dedupe: 1 group of linked records over --max-cluster 2: split, flagged, and never merged
cust-dedupe: not merged, for review: the records each line names would have been one customer
A1; A2; A3; A4 (4 records)
X

t "--max-cluster and --explain need --fuzzy; --max-cluster a number of records"
run cust-dedupe --max-cluster 5 four.csv
expect_status 2
expect_err_has "--mode pairs, --threshold, --block, --compare, --max-cluster and --explain tune --fuzzy: add it"
run cust-dedupe --explain four.csv
expect_status 2
run cust-dedupe --fuzzy --max-cluster 1 four.csv
expect_status 2
expect_err_has "--max-cluster 1: expected a number of records from 2 to 1000000"
run cust-dedupe --fuzzy --max-cluster 5x four.csv
expect_status 2
expect_err_has "--max-cluster 5x: expected a number of records from 2 to 1000000"

t "--mode pairs: each field's part of the weight, adding up to the pair's weight"
run cust-dedupe --fuzzy --mode pairs -q "$DATA/dedupe-3k.csv"
expect_status 0
check "header" sh -c 'head -n 1 "$1" | grep -qx "record_a,record_b,probability,weight,姓名,手机,邮箱,城市,出生日期,性别"' sh "$T_OUT"
check "cells are a level and a signed weight" sh -c 'tail -n +2 "$1" | cut -d, -f5- | tr , "\n" | grep -vxE "(missing|shared \+0\.00|[a-z ]+ [-+][0-9]+\.[0-9]{2})" | grep -q . && exit 1 || exit 0' sh "$T_OUT"
# The prior's part is the same in every row: weight - sum of the parts.
check "the weight is the prior plus the parts" sh -c 'tail -n +2 "$1" | awk -F, "{ s = 0; for (i = 5; i <= NF; i++) { n = split(\$i, w, \" \"); if (w[n] ~ /^[-+]/) s += w[n] } d = \$4 - s; if (NR == 1) p = d; if (d - p > 0.02 || p - d > 0.02) bad++ } END { exit bad > 0 }"' sh "$T_OUT"

t "--explain replaces CUSTKIT_FUZZY_TRACE"
CUSTKIT_FUZZY_TRACE=1 run cust-dedupe --fuzzy -q four.csv
expect_err <<'X'
X

t "--explain: the fitted m and u of every level, the prior, pairs scored, cluster sizes"
cat >fam.csv <<'X'
id,first_name,last_name,tel,dob,addr,type
1,John,Smith,020 7946 0001,1970-03-04,12 High Street,retail
2,Mary,Smith,020 7946 0001,1972-11-30,12 High Street,retail
3,Tom,Smith,020 7946 0001,2001-06-15,12 High Street,retail
4,Jon,Smith,020 7946 0001,1970-03-04,12 High St,retail
5,Smith,Mary,,1972-11-30,12 High Street,retail
6,Donald,Brown,0161 496 0002,1965-01-20,3 Mill Lane,wholesale
7,Donny,Brown,,1965-01-20,3 Mill Lane,wholesale
8,Anne,Lee,0113 496 0003,1980-05-05,7 Kings Road,retail
9,Bob,Hill,0113 496 0004,1990-09-09,9 Queens Road,retail
10,Robert,Hill,,1990-09-09,9 Queens Rd,retail
X
run cust-dedupe --fuzzy --explain fam.csv
expect_status 0
expect_err <<'X'
fuzzy model: 10 records, 6 fields compared
  column id: not compared (its role, id, is about the record)
  field first_name (name):
    same             m=0.000001 u=0.000003 weight -2.46
    near             m=0.184200 u=0.021857 weight +3.08
    close            m=0.000001 u=0.000003 weight -2.46
    swapped          m=0.183247 u=0.021546 weight +3.09
    partial          m=0.369135 u=0.045471 weight +3.02
    different        m=0.263417 u=0.911120 weight -1.79
  field last_name (name):
    same             m=0.666949 u=0.177945 weight +1.91
    near             m=0.000001 u=0.000003 weight -2.46
    close            m=0.000001 u=0.000003 weight -2.46
    swapped          m=0.183247 u=0.021546 weight +3.09
    partial          m=0.000001 u=0.000003 weight -2.46
    different        m=0.149802 u=0.800500 weight -2.42
  field tel (phone, shared values are no evidence):
    same             m=0.000008 u=0.000008 weight -0.01
    different        m=0.999992 u=0.999992 weight +0.00
  field dob (date):
    same             m=0.736581 u=0.088869 weight +3.05
    typo             m=0.000001 u=0.000003 weight -2.46
    different        m=0.263418 u=0.911128 weight -1.79
  field addr (address, shared values are no evidence):
    same             m=0.233706 u=0.026154 weight +3.16
    similar          m=0.570708 u=0.127318 weight +2.16
    different        m=0.195586 u=0.846528 weight -2.11
  field type (text):
    same             m=0.935373 u=0.643312 weight +0.54
    close            m=0.000001 u=0.000003 weight -2.46
    different        m=0.064626 u=0.356685 weight -2.46
prior: two random records match with probability 0.1
m: started from "matches mostly agree", then 26 rounds of EM over the candidates; u: 200000 random pairs
dates: too often different for one person to say two people
keys: 0 pairs joined, 3 refused (a shared value, or names that disagree)
pairs scored: 29; at or above 0.95: 3
clustering: 3 joins, 0 refused as weakly supported, 0 as over --max-cluster 50
cluster sizes: 2 x3, 1 x4
largest clusters: 1 (2 records), 2 (2 records), 7 (2 records)
X
check "the family sharing a phone and an address stays three people; Jon is John, Smith Mary is Mary Smith" \
	sh -c 'cut -d, -f1,8 "$1" | tr "\n" " " | grep -qx "id,cluster_id 1,1 2,2 3,3 4,1 5,2 6,4 7,5 8,6 9,7 10,7 "' sh "$T_OUT"

# Generated tables with the traps of record linkage (bench/people.c):
# households sharing a phone, an address and a surname; switchboard
# numbers shared by up to 30 staff; common names; swapped, nick and
# surname-only names; chains of businesses.  Pairwise precision, recall
# and F1 against the generator's truth, and the largest cluster against
# twice the largest true one.
cc -O1 -o people "$ROOT/bench/people.c"
people_score_file() { # file with the truth last: "P R F1 largest-found largest-true"
	awk -F, -v OFS=, '{ NF--; print }' "$1" >gi.csv
	cust-dedupe --fuzzy -q --to tsv gi.csv | awk -F'\t' '
	NR == FNR { if (FNR > 1) { n = split($0, v, ","); e[FNR - 1] = v[n] } next }
	FNR == 1 { for (i = 1; i <= NF; i++) if ($i == "cluster_id") c = i; next }
	{ k = e[FNR - 1]; found[$c]++; truth[k]++; both[$c SUBSEP k]++ }
	function p2(n) { return n * (n - 1) / 2 }
	END { for (k in found) { f += p2(found[k]); if (found[k] > mf) mf = found[k] }
	      for (k in truth) { t += p2(truth[k]); if (truth[k] > mt) mt = truth[k] }
	      for (k in both) b += p2(both[k]); p = b / f; r = b / t
	      printf "%.4f %.4f %.4f %d %d\n", p, r, 2 * p * r / (p + r), mf, mt }' "$1" -
}
people_score() { # people args...: the same for a generated table
	./people "$@" >g.csv
	people_score_file g.csv
}
at_least() { # "P R F1 mf mt" P R F1: each at least, and mf <= 2 mt
	echo "$1" | awk -v p="$2" -v r="$3" -v f="$4" '{ exit !($1 >= p && $2 >= r && $3 >= f && $4 <= 2 * $5) }'
}

# Training: these configurations were looked at while the model was built.
t "generated, English, all traps (seed 1; training)"
s=$(people_score --n 3000 --seed 1 --lang en)
check "P R F1 largest true ($s)" at_least "$s" 0.99 0.92 0.95

t "generated, Chinese, all traps (seed 1; training)"
s=$(people_score --n 3000 --seed 1 --lang zh)
check "P R F1 largest true ($s)" at_least "$s" 0.98 0.95 0.97

t "generated, English, all traps (seed 17: run as held out, failed the cluster bound, then looked at)"
s=$(people_score --n 3000 --seed 17 --lang en)
check "P R F1 largest true ($s)" at_least "$s" 0.99 0.91 0.95

t "no key at all (no phone, no e-mail): the estimate does not collapse (seed 1, its phones and e-mails dropped)"
./people --n 3000 --seed 1 --lang en | awk -F, -v OFS=, '{ print $1, $2, $3, $6, $7, $8, $9, $10 }' >nokey.csv
s=$(people_score_file nokey.csv)
check "P R F1 largest true ($s)" at_least "$s" 0.99 0.87 0.93
awk -F, -v OFS=, '{ NF--; print }' nokey.csv >nokeyi.csv
run cust-dedupe --fuzzy --explain nokeyi.csv
check "m from EM alone" grep -qx 'm: started from "matches mostly agree", then [0-9]* rounds of EM over the candidates; u: 200000 random pairs' "$T_ERR"
check "no key pairs" grep -qx 'keys: 0 pairs joined, 0 refused (a shared value, or names that disagree)' "$T_ERR"

# Held out: configurations first run after the model was settled (other
# seeds, other trap mixes, businesses); the bounds are what it achieved
# then, less a little, so that a change for the worse shows.
t "generated, English, households, switchboards and nicknames (seed 42; held out)"
s=$(people_score --n 3000 --seed 42 --lang en --traps family,company,nick)
check "P R F1 largest true ($s)" at_least "$s" 0.99 0.94 0.97

t "generated, Chinese, switchboards, common names, surnames alone (seed 99; held out)"
s=$(people_score --n 3000 --seed 99 --lang zh --traps company,common,surname)
check "P R F1 largest true ($s)" at_least "$s" 0.99 0.96 0.98

t "generated, English and Chinese, all traps (seeds 2024 and 7; held out)"
s=$(people_score --n 3000 --seed 2024 --lang en)
check "English P R F1 largest true ($s)" at_least "$s" 0.99 0.91 0.95
s=$(people_score --n 3000 --seed 7 --lang zh)
check "Chinese P R F1 largest true ($s)" at_least "$s" 0.99 0.95 0.97

t "generated, businesses sharing switchboards, common names (seed 8; held out)"
s=$(people_score --n 3000 --seed 8 --kind business --traps company,common)
check "P R F1 largest true ($s)" at_least "$s" 0.99 0.96 0.98

t "generated, businesses with chains (seed 5: run as held out, then looked at to let the model overrule a key)"
s=$(people_score --n 3000 --seed 5 --kind business)
check "P R F1 largest true ($s)" at_least "$s" 0.85 0.96 0.90

# Held out, first run after that change: chains whose branches share a
# brand, a head-office phone and e-mail are still joined too often, and
# one cluster of 9 is over twice the largest true one (4).  This records
# the weakness so that it cannot grow; it does not bless it.
t "generated, businesses with chains (seed 31; held out; fails the cluster bound)"
s=$(people_score --n 3000 --seed 31 --kind business)
check "P R F1 ($s)" sh -c 'echo "$1" | awk "{ exit !(\$1 >= 0.85 && \$2 >= 0.96 && \$3 >= 0.90 && \$4 <= 9) }"' sh "$s"
