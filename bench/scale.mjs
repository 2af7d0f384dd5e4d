// scale.mjs — DuckDB, the peer of bench/scale: the same three national
// aggregates as spor's store (src/store/report.c) over the same data,
// exported from spor's database as CSV and turned into Parquet here.
//
//   node bench/scale.mjs parquet DIR        CSV files in DIR → Parquet (not timed)
//   node bench/scale.mjs change DIR RUNS     times the change aggregate
//   node bench/scale.mjs development DIR RUNS
//   node bench/scale.mjs attainment DIR RUNS
//
// A timed run prints one JSON line: {"ms": [each run], "rows": [...]},
// rows shaped as spor report --json gives them, so bench/scale can check
// that both engines computed the same thing before it compares times.
import { DuckDBInstance } from '@duckdb/node-api';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const TABLES = ['course', 'intervention', 'instrument', 'instrument_item', 'measurement',
  'measurement_answer', 'goal'];

const [mode, dir, runsText] = process.argv.slice(2);
if (!mode || !dir) {
  console.error('brug: node bench/scale.mjs parquet|change|development|attainment DIR [RUNS]');
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
  // Each goal against its course's latest approved measurement, in
  // Figur 10's categories (report.c's ATTAINMENT_CATEGORY_SQL).
  attainment: `
WITH latest AS (SELECT m.course_id, m.id,
    ROW_NUMBER() OVER (PARTITION BY m.course_id ORDER BY m.measured_on DESC, m.id DESC) AS r
  FROM measurement m WHERE m.instrument_id = $instrument AND m.status = 'approved'
    AND m.course_id IS NOT NULL),
x AS (SELECT gi.id AS item_id,
    CASE WHEN g.goal_type = 'maintain' THEN
      CASE WHEN $direction * (a.value - g.baseline) >= 0 THEN 3 ELSE 5 END
    WHEN g.target_score IS NOT NULL AND $direction * (a.value - g.target_score) >= 0
      AND $direction * (a.value - g.baseline) >= 0 THEN 1
    WHEN $direction * (a.value - g.baseline) > 0 THEN 2
    WHEN a.value = g.baseline THEN 4 ELSE 5 END AS category
  FROM goal g JOIN latest l ON l.course_id = g.course_id AND l.r = 1
    JOIN instrument_item gi ON gi.instrument_id = $instrument AND gi.key = g.item_key
    JOIN measurement_answer a ON a.measurement_id = l.id AND a.item_id = gi.id
  WHERE g.kind = 'scale' AND g.status <> 'cancelled' AND g.instrument_key = 'vum-livsomraader'
    AND g.baseline IS NOT NULL AND a.value IS NOT NULL)
SELECT it.id AS item_id, COUNT(*) AS n,
  SUM(CASE WHEN x.category = 1 THEN 1 ELSE 0 END) AS reached_improve,
  SUM(CASE WHEN x.category = 2 THEN 1 ELSE 0 END) AS improved,
  SUM(CASE WHEN x.category = 3 THEN 1 ELSE 0 END) AS reached_maintain,
  SUM(CASE WHEN x.category = 4 THEN 1 ELSE 0 END) AS no_change,
  SUM(CASE WHEN x.category = 5 THEN 1 ELSE 0 END) AS worse
FROM x JOIN instrument_item it ON it.id = x.item_id
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
