# cust-validate and Frictionless Table Schema: types, constraints, schema
# properties, data packages (see custkit-schema(5)).

t "a schema of 200,000 fields binds in linear time (was 90 s: a header scan per field)"
awk 'BEGIN { n = 200000; printf "{\"fields\": ["; for (i = 0; i < n; i++) printf "%s{\"name\": \"f%d\", \"type\": \"integer\"}", i ? "," : "", i; print "]}" }' >wide.json
awk 'BEGIN { n = 200000; for (r = 0; r < 4; r++) { for (i = 0; i < n; i++) printf "%s%s", i ? "," : "", r ? i : "f" i; print "" } }' >wide.csv
run timeout 30 cust-validate --schema wide.json wide.csv
expect_status 0
check "three records out" test "$(wc -l <"$T_OUT")" -eq 4

t "--fix keeps a datetime's offset (the same instant); unique and maximum compare instants"
cat >tz.json <<'J'
{"fields": [
  {"name": "id", "type": "integer"},
  {"name": "at", "type": "datetime", "format": "any", "constraints": {"unique": true, "maximum": "2014-01-01T12:00:00Z"}}
]}
J
printf 'id,at\n1,2014-01-01T06:00:00+01:00\n2,2014-01-01 05:00:00Z\n3,2014-01-01T12:30:00+01:00\n4,2014-01-01T13:30:00+01:00\n5,2014/1/1 7:00:00+08:00\n' >tz.csv
run cust-validate --schema tz.json --fix tz.csv
expect_status 1
expect_out <<'X'
id,at
1,2014-01-01T06:00:00+01:00
3,2014-01-01T12:30:00+01:00
5,2014-01-01T07:00:00+08:00
X
expect_err <<'X'
cust-validate: tz.csv:3: at: duplicate value "2014-01-01T05:00:00Z" (first on line 2)
cust-validate: tz.csv:5: at: "2014-01-01T13:30:00+01:00" is above the maximum 2014-01-01T12:00:00Z
X

t "dates default to YYYY-MM-DD; the wide forms are suggested --fix, which reads them; integers beyond 64 bits stay exact; enum compares numbers"
cat >d.json <<'J'
{"fields": [{"name": "d", "type": "date"}, {"name": "big", "type": "integer", "constraints": {"unique": true, "maximum": "99999999999999999999"}}, {"name": "n", "type": "number", "constraints": {"enum": [1.5, 2]}}]}
J
printf 'd,big,n\n2024-10-04,99999999999999999999,1.50\n2024/10/4,100000000000000000000,2.0\n2024年10月4日,099999999999999999999,3\n' >d.csv
run cust-validate --schema d.json d.csv
expect_status 1
expect_err <<'X'
cust-validate: d.csv:3: d: not a valid date (expected YYYY-MM-DD; --fix or "format": "any" would read it): "2024/10/4"; big: "100000000000000000000" is above the maximum 99999999999999999999
cust-validate: d.csv:4: d: not a valid date (expected YYYY-MM-DD; --fix or "format": "any" would read it): "2024年10月4日"; big: duplicate value "099999999999999999999" (first on line 2); n: "3" is not one of the allowed values
X
run cust-validate --schema d.json --fix --rejects bad.csv d.csv
expect_status 1
expect_file bad.csv <<'X'
d,big,n,_line,_errors
2024-10-04,100000000000000000000,2.0,3,"big: ""100000000000000000000"" is above the maximum 99999999999999999999"
2024-10-04,099999999999999999999,3,4,"big: duplicate value ""099999999999999999999"" (first on line 2); n: ""3"" is not one of the allowed values"
X

t "a foreign key into the same table may point forward; records keep their order"
cat >fk.json <<'J'
{"fields": [{"name": "id", "type": "integer"}, {"name": "parent", "type": "integer"}, {"name": "name"}],
 "foreignKeys": [{"fields": "parent", "reference": {"resource": "", "fields": "id"}}]}
J
printf 'id,parent,name\n1,,root\n2,3,child before its parent\n3,1,parent\n4,9,orphan\n' >fk.csv
run cust-validate --schema fk.json fk.csv
expect_status 1
expect_out <<'X'
id,parent,name
1,,root
2,3,child before its parent
3,1,parent
X
expect_err <<'X'
cust-validate: fk.csv:5: foreignKeys: (9) is not in the referenced fields of this table
X

t "time, year, yearmonth, duration, geopoint, list, object, trueValues, decimalChar/groupChar/bareNumber, exclusiveMinimum"
cat >many.json <<'J'
{"fields": [
 {"name": "t", "type": "time"}, {"name": "y", "type": "year"}, {"name": "ym", "type": "yearmonth"},
 {"name": "dur", "type": "duration"}, {"name": "geo", "type": "geopoint"},
 {"name": "tags", "type": "list", "itemType": "integer", "delimiter": ";", "constraints": {"maxLength": 2}},
 {"name": "obj", "type": "object"}, {"name": "ok", "type": "boolean", "trueValues": ["是"], "falseValues": ["否"]},
 {"name": "price", "type": "number", "decimalChar": ",", "groupChar": " ", "bareNumber": false, "constraints": {"exclusiveMinimum": 0}}
]}
J
printf 't,y,ym,dur,geo,tags,obj,ok,price\n06:00:00+08:00,2024,2024-10,P1Y2M,"116.4, 39.9",1;2,"{""a"": 1}",是,"¥1 234,50"\n25:00:00,24,2024-13,P1M1Y,"181,0",1;2;3,[1],true,"0,00 €"\n' >many.csv
run cust-validate --schema many.json many.csv
expect_status 1
expect_out <<'X'
t,y,ym,dur,geo,tags,obj,ok,price
06:00:00+08:00,2024,2024-10,P1Y2M,"116.4, 39.9",1;2,"{""a"": 1}",是,"¥1 234,50"
X
expect_err <<'X'
cust-validate: many.csv:3: t: not a valid time (expected hh:mm:ss ("format": "any" also reads 9:30 and 3 pm)): "25:00:00"; y: not a valid year (expected a year, YYYY): "24"; ym: not a valid yearmonth (expected YYYY-MM): "2024-13"; dur: not a valid duration (expected an ISO 8601 duration such as P1Y2M3DT4H5M6S): "P1M1Y"; geo: not a valid geopoint (longitude beyond ±180 or latitude beyond ±90): "181,0"; tags: "1;2;3" is longer than 2 items; obj: not a valid JSON object: "[1]"; ok: not a valid boolean (not one of the true or false values): "true"; price: "0,00 €" is not above the exclusive minimum 0
X

t "what custkit does not implement is refused, naming it; a constraint the type does not take is a schema error"
printf '{"fields": [{"name": "a", "type": "string", "unit": "kg"}]}' >u1.json
run cust-validate --schema u1.json many.csv
expect_status 2
expect_err <<'X'
cust-validate: u1.json: fields[0] (a).unit: 'unit' is not a field property custkit implements
X
printf '{"fields": [{"name": "a", "type": "boolean", "constraints": {"minimum": 1}}]}' >u2.json
run cust-validate --schema u2.json many.csv
expect_status 2
expect_err <<'X'
cust-validate: u2.json: fields[0] (a).constraints.minimum: minimum does not apply to boolean fields
X
printf '{"fields": [{"name": "a", "type": "date", "format": "%%d/%%q"}]}' >u3.json
run cust-validate --schema u3.json many.csv
expect_status 2
expect_err_has "u3.json: fields[0] (a): the pattern %d/%q has %q, which custkit does not read"

t "a schema saved with a UTF-8 byte order mark is read"
printf '\357\273\277{"fields": [{"name": "a", "type": "integer"}]}' >bom.json
printf 'a\n1\nx\n' >bom.csv
run cust-validate --schema bom.json bom.csv
expect_status 1
expect_err <<'X'
cust-validate: bom.csv:3: a: not a valid integer: "x"
X

t "--package checks each table, an order's customer against the customer table"
cp -r "$EXAMPLES/package" pkg
mkdir rj
run cust-validate --package pkg/datapackage.json --rejects rj
expect_status 1
expect_out </dev/null
expect_err <<'X'
cust-validate: customers: 3 records: 3 valid, 0 rejected
cust-validate: orders: 4 records: 3 valid, 1 rejected
cust-validate: pkg/datapackage.json: 2 tables, 7 records: 6 valid, 1 rejected
X
expect_file rj/orders.rejects.csv <<'X'
order_id,customer_id,ordered_at,amount,_line,_errors
O3,C009,2024-09-03T09:30:00+08:00,45.00,4,foreignKeys: (C009) is not a customer_id of customers
X
expect_file rj/customers.rejects.csv <<'X'
customer_id,name,city,signup,_line,_errors
X
run cust-validate --package pkg/datapackage.json --schema x.json
expect_status 2
# Without --package, a reference to another table cannot be checked: refused, not skipped.
python3 -c 'import json,sys; print(json.dumps(json.load(open("pkg/datapackage.json"))["resources"][0]["schema"]))' >orders.json
run cust-validate --schema orders.json pkg/orders.csv
expect_status 2
expect_err <<'X'
cust-validate: orders.json: foreignKeys[0] references the table 'customers': check it with --package
X
printf 'customer_id,name,city,signup\n' >pkg/customers.rejects.csv
cp pkg/customers.rejects.csv keep.csv
sed 's/"path": "customers.csv"/"path": "customers.rejects.csv"/' pkg/datapackage.json >pkg/p2.json
run cust-validate --package pkg/p2.json --rejects pkg
expect_status 2
expect_err_has "cust-validate: --rejects pkg/customers.rejects.csv is also the customers file"
check "the table is untouched" cmp -s keep.csv pkg/customers.rejects.csv

t "patterns are XML Schema expressions: Unicode classes, ^ and \$ literal, the whole value"
cat >p1.json <<'J'
{"fields": [{"name": "name", "constraints": {"pattern": "\\p{Lu}\\p{Ll}+"}}, {"name": "code", "constraints": {"pattern": "^[A-Z]{2}\\d+$|x"}}]}
J
printf '{"fields": [{"name": "city", "constraints": {"pattern": "\\\\p{IsCJKUnifiedIdeographs}+"}}]}' >p.json
printf '{"fields": [{"name": "city", "constraints": {"pattern": "[\\\\p{L}-[a-z]]+"}}]}' >p2.json
printf 'name,code\nÉmile,^AB12$\némile,AB12\nZoë,x\n' >p.csv
run cust-validate --schema p1.json p.csv
expect_status 1
expect_out <<'X'
name,code
Émile,^AB12$
Zoë,x
X
expect_err <<'X'
cust-validate: p.csv:3: name: "émile" does not match the pattern \p{Lu}\p{Ll}+; code: "AB12" does not match the pattern ^[A-Z]{2}\d+$|x
X
run cust-validate --schema p.json p.csv
expect_status 2
expect_err <<'X'
cust-validate: p.json: fields[0] (city).constraints.pattern: bad regular expression: \p{Is...} Unicode blocks are not supported (use a range)
X
run cust-validate --schema p2.json p.csv
expect_status 2
expect_err_has "class subtraction ([a-z-[aeiou]]) is not supported"

t "jsonSchema on object fields: the subset custkit checks, and a keyword it does not is refused"
cat >js.json <<'J'
{"fields": [{"name": "addr", "type": "object", "constraints": {"jsonSchema": {
  "type": "object", "required": ["city"], "additionalProperties": false,
  "properties": {"city": {"type": "string", "minLength": 1}, "zip": {"type": "string", "maxLength": 6}}}}}]}
J
printf 'addr\n"{""city"": ""北京"", ""zip"": ""100000""}"\n"{""zip"": ""1""}"\n"{""city"": ""上海"", ""floor"": 3}"\n' >js.csv
run cust-validate --schema js.json js.csv
expect_status 1
expect_err <<'X'
cust-validate: js.csv:3: addr: "{"zip": "1"}" does not fit the field's jsonSchema
cust-validate: js.csv:4: addr: "{"city": "上海", "floor": 3}" does not fit the field's jsonSchema
X
printf '{"fields": [{"name": "addr", "type": "object", "constraints": {"jsonSchema": {"properties": {"zip": {"pattern": "[0-9]+"}}}}}]}' >js2.json
run cust-validate --schema js2.json js.csv
expect_status 2
expect_err <<'X'
cust-validate: js2.json: fields[0] (addr).constraints.jsonSchema: custkit does not check the JSON Schema keyword properties.zip.pattern
X

t "uniqueKeys compare typed values; categories; a field's own missingValues ([] = nothing missing)"
cat >uk.json <<'J'
{"fields": [{"name": "shop", "type": "integer"}, {"name": "code"}, {"name": "level", "type": "integer", "categories": [1, 2, 3]},
  {"name": "note", "missingValues": []}],
 "uniqueKeys": [["shop", "code"]], "missingValues": ["", "-"]}
J
printf 'shop,code,level,note\n1,A,1,x\n01,A,2,\n2,A,-,y\n2,-,4,z\n3,-,2,-\n' >uk.csv
run cust-validate --schema uk.json uk.csv
expect_status 1
expect_out <<'X'
shop,code,level,note
1,A,1,x
2,A,-,y
3,-,2,-
X
expect_err <<'X'
cust-validate: uk.csv:3: uniqueKeys: duplicate key (01, A) (first on line 2)
cust-validate: uk.csv:5: level: "4" is not one of the categories
X

t "fieldsMatch: exact wants the order, equal the same set, superset lets fields lack a column"
printf '{"fields": [{"name": "a"}, {"name": "b"}], "fieldsMatch": "exact"}' >fm1.json
printf 'b,a\n1,2\n' >fm.csv
run cust-validate --schema fm1.json fm.csv
expect_status 3
expect_err <<'X'
cust-validate: the input's columns are not in the order of fm1.json (fieldsMatch: exact)
X
printf '{"fields": [{"name": "a"}, {"name": "b"}, {"name": "c"}], "fieldsMatch": "superset"}' >fm2.json
run cust-validate --schema fm2.json fm.csv
expect_status 0
printf '{"fields": [{"name": "a"}], "fieldsMatch": "equal"}' >fm3.json
run cust-validate --schema fm3.json fm.csv
expect_status 3
expect_err <<'X'
cust-validate: the input has column 'b', not in fm3.json (fieldsMatch: equal)
X
