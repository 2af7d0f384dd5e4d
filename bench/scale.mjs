// scale.mjs — DuckDB, the peer of bench/scale: the same two national
// aggregates as spor's store (src/store/report.c) over the same data,
// exported from spor's database as CSV and turned into Parquet here.
//
//   node bench/scale.mjs parquet DIR        CSV files in DIR → Parquet (not timed)
//   node bench/scale.mjs change DIR RUNS     times the change aggregate
//   node bench/scale.mjs development DIR RUNS
//
// A timed run prints one JSON line: {"ms": [each run], "rows": [...]},
// rows shaped as spor report --json gives them, so bench/scale can check
// that both engines computed the same thing before it compares times.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TABLES = ['course', 'intervention', 'instrument', 'instrument_item', 'measurement',
  'measurement_answer'];

const [mode, dir, runsText] = process.argv.slice(2);
if (!mode || !dir) {
  console.error('brug: node bench/scale.mjs parquet|change|development DIR [RUNS]');
  process.exit(2);
}

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const quote = (s) => `'${s.replaceAll("'", "''")}'`;

if (mode === 'parquet') {
  for (const t of TABLES) {
    await db.run(`COPY (SELECT * FROM read_csv(${quote(join(dir, `${t}.csv`))}, header = true))`
      + ` TO ${quote(join(dir, `${t}.parquet`))} (FORMAT parquet)`);
  }
  process.exit(0);
}

for (const t of TABLES)
  await db.run(`CREATE VIEW ${t} AS SELECT * FROM read_parquet(${quote(join(dir, `${t}.parquet`))})`);

// The courses' first approved start and last approved end, as in report.c.
const PAIRS = `
WITH firsts AS (SELECT m.course_id, m.id,
    ROW_NUMBER() OVER (PARTITION BY m.course_id ORDER BY m.measured_on ASC, m.id ASC) AS r
  FROM measurement m WHERE m.instrument_id = $instrument AND m.point = 'start'
    AND m.status = 'approved' AND m.course_id IS NOT NULL),
lasts AS (SELECT m.course_id, m.id,
    ROW_NUMBER() OVER (PARTITION BY m.course_id ORDER BY m.measured_on DESC, m.id DESC) AS r
  FROM measurement m WHERE m.instrument_id = $instrument AND m.point = 'end'
    AND m.status = 'approved' AND m.course_id IS NOT NULL),
pairs AS (SELECT s.course_id, s.id AS start_id, e.id AS end_id
  FROM firsts s JOIN lasts e ON e.course_id = s.course_id AND e.r = 1 WHERE s.r = 1)`;
const JOINS = `
FROM pairs p
  JOIN course k ON k.id = p.course_id
  JOIN intervention i ON i.id = k.intervention_id
  JOIN measurement_answer sa ON sa.measurement_id = p.start_id
  JOIN measurement_answer ea ON ea.measurement_id = p.end_id AND ea.item_id = sa.item_id
  JOIN instrument_item it ON it.id = sa.item_id
WHERE sa.value IS NOT NULL AND ea.value IS NOT NULL`;

const QUERIES = {
  change: `${PAIRS}
SELECT i.name AS intervention, it.id AS item_id, COUNT(*) AS n,
  SUM(sa.value) AS sum_start, SUM(ea.value) AS sum_end, SUM(ea.value - sa.value) AS sum_change,
  SUM((ea.value - sa.value) * (ea.value - sa.value)) AS sum_change_sq
${JOINS}
GROUP BY i.name, it.id, it.position ORDER BY i.name, it.position, it.id`,
  development: `${PAIRS}
SELECT it.id AS item_id, COUNT(*) AS n,
  SUM(CASE WHEN (ea.value - sa.value) * $direction > 0 THEN 1 ELSE 0 END) AS improved,
  SUM(CASE WHEN ea.value = sa.value THEN 1 ELSE 0 END) AS unchanged,
  SUM(CASE WHEN (ea.value - sa.value) * $direction < 0 THEN 1 ELSE 0 END) AS worsened
${JOINS}
GROUP BY it.id, it.position ORDER BY it.position, it.id`,
};

if (!(mode in QUERIES)) {
  console.error(`ukendt opgørelse ${mode}`);
  process.exit(2);
}
const instrument = await db.runAndReadAll(
  "SELECT id, higher_is_better FROM instrument WHERE key = 'vum-livsomraader' ORDER BY version DESC LIMIT 1");
const [{ id, higher_is_better: higher }] = instrument.getRowObjectsJson();
const sql = QUERIES[mode]
  .replaceAll('$instrument', String(Number(id)))
  .replaceAll('$direction', Number(higher) ? '1' : '-1');

const ms = [];
let rows = [];
for (let run = 0; run < Number(runsText ?? 3); run++) {
  const started = performance.now();
  const result = await db.runAndReadAll(sql);
  rows = result.getRowObjectsJson();
  ms.push(performance.now() - started);
}
const numbers = rows.map((row) => Object.fromEntries(Object.entries(row)
  .map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])));
console.log(JSON.stringify({ ms, rows: numbers }));
