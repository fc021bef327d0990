// Run one SQL statement in DuckDB (for make bench): node duckdb.mjs "SQL"
import { DuckDBInstance } from '@duckdb/node-api';
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const reader = await conn.runAndReadAll(process.argv[2]);
const rows = reader.getRows();
if (rows.length) for (const r of rows) console.log(r.join('\t'));
