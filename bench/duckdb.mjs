// Run one SQL statement in DuckDB (for make bench):
//   node duckdb.mjs "SQL"
// DUCKDB_THREADS sets DuckDB's threads (default: its own choice, the
// number of cores).  On stderr, last, one line says how long each part
// took, measured in this process:
//   duckdb: threads=2 startup=0.041s query=1.234s
// startup is creating the database and connecting (after Node itself has
// started); query is the statement, from the call to its last row read.
// bench/run charges DuckDB the query alone.
import { DuckDBInstance } from '@duckdb/node-api';

const t0 = process.hrtime.bigint();
const opts = process.env.DUCKDB_THREADS ? { threads: String(process.env.DUCKDB_THREADS) } : {};
const instance = await DuckDBInstance.create(':memory:', opts);
const conn = await instance.connect();
const threads = (await conn.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];
const t1 = process.hrtime.bigint();
const reader = await conn.runAndReadAll(process.argv[2]);
const rows = reader.getRows();
const t2 = process.hrtime.bigint();
if (rows.length) for (const r of rows) console.log(r.join('\t'));
const s = (a, b) => (Number(b - a) / 1e9).toFixed(3);
process.stderr.write(`duckdb: threads=${threads} startup=${s(t0, t1)}s query=${s(t1, t2)}s\n`);
