// reports_quality.test.mjs — the quality reports over HTTP and on the
// command line: agreement between raters (ICC, weighted κ), completeness and
// timeliness, the inclusion criteria against who started (with the criteria
// edited on the intervention page), one citizen's progression (staff and
// leaders in care only, audited), and subgroups by every background field.
// Each report as page, JSON, PDF (rendered, not blank), XLSX (read back) and
// CSV; bad periods 422, offers out of reach 404, empty filters an empty state.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, demoDatabase, spor, startServer } from './harness.mjs';

const REPORTS = ['inter-rater', 'completeness', 'target-fit'];
const PASSWORD = 'en-god-lang-adgangskode';
const WIDE = 'from=01-01-2020&to=31-12-2030';

let server;
let made;
let dir;
let offers;
let citizen; // a citizen in mette's and the leader's care
let intervention; // an intervention the leader leads
const c = {};

before(async () => {
  made = demoDatabase({ citizens: 300, seed: 11 });
  dir = mkdtempSync(join(tmpdir(), 'spor-quality-'));
  const tree = JSON.parse(spor(['--db', made.db, 'org', 'list', '--json']).stdout)
    .sort((a, b) => a.id - b.id);
  offers = { home: tree[0].offers[0].id, away: tree[tree.length - 1].offers[0].id };
  const r = spor(['--db', made.db, 'user', 'add', 'analytiker', '--name', 'Analytiker',
    '--role', 'analyst', '--organisation', String(tree[0].id)], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  server = await startServer(made);
  for (const name of ['leder', 'mette', 'analytiker', 'sagsbehandler', 'borger']) {
    c[name] = new Client(server.base);
    const res = await c[name].login(name, name === 'analytiker' ? PASSWORD : undefined);
    assert.equal(res.status, 303, `login ${name}`);
  }
  const mine = (await c.mette.get('/api/v1/citizens')).json().citizens.map((x) => x.id);
  const led = (await c.leder.get('/api/v1/citizens')).json().citizens.map((x) => x.id);
  citizen = mine.find((id) => led.includes(id));
  assert.ok(citizen, 'a citizen both see');
  const ivs = (await c.leder.get('/api/v1/interventions')).json().offers
    .flatMap((o) => o.interventions).filter((i) => i.can_edit);
  intervention = ivs[0].id;
});

after(async () => {
  assert.equal(await server.stop(), 0, server.stderr);
  rmSync(dir, { recursive: true, force: true });
});

async function download(client, path) {
  const res = await fetch(server.base + path, { headers: { cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

function renderPdf(bytes, stem) {
  const file = join(dir, `${stem}.pdf`);
  writeFileSync(file, bytes);
  execFileSync('pdftoppm', ['-gray', '-r', '30', file, join(dir, stem)]);
  return readdirSync(dir).filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.pgm'))
    .map((f) => join(dir, f));
}

function pgmHasInk(file) {
  const pgm = readFileSync(file);
  let at = 0;
  for (let fields = 0; fields < 4; fields++) {
    while (/\s/.test(String.fromCharCode(pgm[at]))) at++;
    while (!/\s/.test(String.fromCharCode(pgm[at]))) at++;
  }
  at++;
  let dark = 0;
  for (let i = at; i < pgm.length; i++) if (pgm[i] < 200) dark++;
  return dark > 100;
}

function readXlsx(bytes, stem) {
  const file = join(dir, `${stem}.xlsx`);
  writeFileSync(file, bytes);
  const entry = (name) => execFileSync('unzip', ['-p', file, name]).toString('utf8');
  const unescape = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const shared = [...entry('xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)]
    .map((m) => unescape(m[1]));
  const list = execFileSync('unzip', ['-Z1', file]).toString().split('\n')
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  const sheets = list.map((n) => [...entry(n).matchAll(/<c r="([A-Z]+)(\d+)"([^>]*)>(?:<v>([^<]*)<\/v>)?<\/c>/g)]
    .map((m) => ({ value: /t="s"/.test(m[3]) ? shared[Number(m[4])] : Number(m[4]) })));
  return { shared, sheets };
}

function cells(model) {
  return model.sections.flatMap((s) => (s.table?.rows ?? []).flatMap((r) => r.cells));
}

test('the leader finds the quality reports, each with chart, table and how to read it', async () => {
  const index = await c.leder.get('/reports');
  assert.equal(index.status, 200);
  for (const name of REPORTS) {
    assert.match(index.text, new RegExp(`href="/reports/${name}"`));
    const page = await c.leder.get(`/reports/${name}?${WIDE}`);
    assert.equal(page.status, 200, name);
    assert.match(page.text, /Sådan læses figuren/, name);
    assert.match(page.text, /<svg[^>]*role="img"/, `${name} has a chart`);
    assert.match(page.text, /<table class="list">/, `${name} has a table`);
    assert.match(page.text, /format=xlsx/, name);
  }
  // The citizen's own report is not in the list: it needs a citizen.
  assert.doesNotMatch(index.text, /citizen-progression/);
});

test('inter-rater agreement: ICC per item and overall, κ per pair, in range and never under k', async () => {
  const m = (await c.leder.get(`/api/v1/reports/inter-rater?${WIDE}`, { json: true })).json();
  const icc = m.sections.find((s) => s.id === 'icc');
  assert.ok(!icc.empty, 'the demo has double-rated points');
  const col = (name) => icc.table.columns.findIndex((x) => x.label === name);
  const rows = icc.table.rows;
  assert.equal(rows.at(-1).cells[0].text, 'Gennemsnit af alle områder');
  let shown = 0;
  for (const row of rows) {
    const n = row.cells[col('Borgere')];
    if (n.suppressed) continue;
    assert.ok(n.value >= m.k);
    const v = row.cells[col('ICC(2,1)')].value;
    if (v !== null) {
      assert.ok(v >= -1 && v <= 1, `ICC ${v}`);
      shown++;
    }
  }
  assert.ok(shown > 0, 'some ICC is shown');
  assert.match(icc.how_to_read, /kalibreringsmøde/);
  const kappa = m.sections.find((s) => s.id === 'kappa');
  assert.ok(kappa, 'a κ section');
  if (!kappa.empty) {
    for (const row of kappa.table.rows) {
      const v = row.cells[5].value;
      if (v !== null) assert.ok(v >= -1 && v <= 1, `κ ${v}`);
    }
  }
  // The analyst sees the offers together, raters as letters, never names.
  const a = (await c.analytiker.get(`/api/v1/reports/inter-rater?${WIDE}`, { json: true })).json();
  const ak = a.sections.find((s) => s.id === 'kappa');
  if (!ak.empty) {
    for (const row of ak.table.rows) assert.match(row.cells[0].text, /^Bedømmer [A-Z?]$/);
  }
});

test('completeness: planned, on time, late, missing per group; /completeness links to it', async () => {
  const m = (await c.leder.get(`/api/v1/reports/completeness?${WIDE}`, { json: true })).json();
  const s = m.sections.find((x) => x.id === 'completeness');
  assert.ok(!s.empty);
  const labels = s.table.columns.map((x) => x.label);
  for (const l of ['Planlagte målinger', 'Til tiden', 'For sent', 'Mangler'])
    assert.ok(labels.includes(l), l);
  const total = s.table.rows.at(-1).cells;
  assert.equal(total[0].text, 'I alt');
  const [planned, done, late, draft, missing] = [2, 3, 4, 5, 6].map((i) => total[i].value);
  assert.equal(planned, done + late + draft + missing);
  assert.equal(s.chart.stacked, true);
  for (const by of ['offer', 'unit', 'worker']) {
    const r = await c.leder.get(`/api/v1/reports/completeness?${WIDE}&by=${by}`, { json: true });
    assert.equal(r.status, 200, by);
  }
  const old = await c.leder.get('/completeness');
  assert.equal(old.status, 200);
  assert.match(old.text, /href="\/reports\/completeness"/);
  assert.equal((await c.mette.get('/completeness')).status, 200, 'the staff page stays');
});

test('inclusion criteria: added and removed on the intervention page, checked whole, counted in target-fit', async () => {
  const page = await c.leder.get(`/interventions/${intervention}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /id="kriterier"/);
  const csrf = Client.csrfFrom(page.text);
  const before = (await c.leder.get(`/api/v1/interventions/${intervention}`)).json().criteria.length;
  // Bad input: the upper bound under the lower, a gender criterion without a gender,
  // a background criterion without its answer, a score off the scale.
  for (const form of [
    { kind: 'age', min_value: '40', max_value: '18' },
    { kind: 'age' },
    { kind: 'gender' },
    { kind: 'background', field: 'housing' },
    { kind: 'start_score', instrument: 'vum-livsomraader', min_value: '9' },
    { kind: 'start_score', instrument: 'vum-livsomraader', item: 'findes-ikke', min_value: '1' },
    { kind: 'nonsense' },
  ]) {
    const res = await c.leder.post(`/interventions/${intervention}/criteria`, { csrf_token: csrf, ...form });
    assert.equal(res.status, 422, JSON.stringify(form));
    assert.match(res.text, /Kriteriet er ikke gemt/);
  }
  assert.equal((await c.leder.get(`/api/v1/interventions/${intervention}`)).json().criteria.length, before,
    'nothing written');
  const ok = await c.leder.post(`/interventions/${intervention}/criteria`,
    { csrf_token: csrf, kind: 'background', field: 'housing', value: 'Egen lejlighed' });
  assert.equal(ok.status, 303);
  const after = (await c.leder.get(`/api/v1/interventions/${intervention}`)).json().criteria;
  assert.equal(after.length, before + 1);
  const added = after.at(-1);
  assert.match(added.label, /Boligforhold: Egen lejlighed/);
  // Staff may read the intervention but not change its criteria.
  const staffCsrf = Client.csrfFrom((await c.mette.get(`/interventions/${intervention}`)).text);
  assert.equal((await c.mette.post(`/interventions/${intervention}/criteria`,
    { csrf_token: staffCsrf, kind: 'age', min_value: '18' })).status, 403);
  // The report counts it.
  const m = (await c.leder.get(`/api/v1/reports/target-fit?${WIDE}&intervention=${intervention}`,
    { json: true })).json();
  const s = m.sections[0];
  assert.ok(!s.empty);
  assert.ok(s.table.rows.some((r) => /Egen lejlighed/.test(r.cells[1].text)));
  for (const cell of cells(m)) if (cell.suppressed) assert.equal(cell.value, null);
  for (const row of s.table.rows) {
    const [total, yes, no, unknown] = [2, 3, 4, 5].map((i) => row.cells[i]);
    if (![total, yes, no, unknown].some((x) => x.suppressed))
      assert.equal(total.value, yes.value + no.value + unknown.value);
  }
  const del = await c.leder.post(`/intervention-criteria/${added.id}/delete`, { csrf_token: csrf, confirm: '1' });
  assert.equal(del.status, 303);
  assert.equal((await c.leder.get(`/api/v1/interventions/${intervention}`)).json().criteria.length, before);
});

test('bad periods are 422, offers out of reach 404, filters that leave nothing an empty state', async () => {
  for (const name of REPORTS) {
    const bad = await c.leder.get(`/reports/${name}?from=01-06-2026&to=01-01-2026`);
    assert.equal(bad.status, 422, name);
    assert.match(bad.text, /Perioden slutter, før den begynder/);
    assert.equal((await c.leder.get(`/reports/${name}?${WIDE}&offer=${offers.away}`)).status, 404, name);
    assert.equal((await c.analytiker.get(`/reports/${name}?${WIDE}&offer=${offers.home}`)).status, 404, name);
    assert.equal((await c.mette.get(`/reports/${name}`)).status, 403, name);
    const empty = (await c.leder.get(`/api/v1/reports/${name}?from=01-01-1990&to=31-12-1990`,
      { json: true })).json();
    assert.ok(empty.sections.length > 0 && empty.sections.every((s) => s.empty && s.empty_message), name);
    assert.ok(empty.sections.every((s) => !s.chart), name);
  }
});

test('every quality report as PDF is not blank, as XLSX reads back, as CSV holds the tables', async () => {
  for (const name of REPORTS) {
    const model = (await c.leder.get(`/api/v1/reports/${name}?${WIDE}`, { json: true })).json();
    const pdf = await download(c.leder, `/reports/${name}?${WIDE}&format=pdf`);
    assert.equal(pdf.status, 200, name);
    const pages = renderPdf(pdf.bytes, name);
    assert.ok(pages.length >= 1);
    for (const p of pages) assert.ok(pgmHasInk(p), `${name}: ${p}`);
    const xlsx = await download(c.leder, `/reports/${name}?${WIDE}&format=xlsx`);
    assert.equal(xlsx.status, 200);
    const { shared, sheets } = readXlsx(xlsx.bytes, name);
    assert.ok(shared.includes(model.title), `${name}: the title`);
    const numbers = sheets.flat().filter((x) => typeof x.value === 'number').map((x) => x.value);
    for (const cell of cells(model).filter((x) => typeof x.value === 'number'))
      assert.ok(numbers.some((v) => Math.abs(v - cell.value) < 1e-6), `${name}: ${cell.value}`);
    const csv = await download(c.leder, `/reports/${name}?${WIDE}&format=csv`);
    assert.equal(csv.status, 200);
    assert.match(csv.bytes.toString('utf8'), new RegExp(model.sections[0].title.replace(/[()]/g, '.')));
  }
});

test('one citizen\'s progression: staff and leaders in care, audited, never analysts', async () => {
  const page = await c.mette.get(`/citizens/${citizen}/report?${WIDE}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Udvikling for /);
  assert.match(page.text, /Sådan læses figuren/);
  assert.match(page.text, /<svg[^>]*role="img"/);
  const m = (await c.leder.get(`/api/v1/citizens/${citizen}/report?${WIDE}`, { json: true })).json();
  assert.equal(m.citizen.id, citizen);
  const s = m.sections[0];
  assert.ok(!s.empty);
  assert.ok(s.chart.series.length > 1, 'several parameters at once');
  assert.ok(!cells(m).some((x) => x.suppressed), 'no small-cell hiding of the citizen\'s own figures');
  const citizenPage = await c.mette.get(`/citizens/${citizen}`);
  assert.match(citizenPage.text, new RegExp(`href="/citizens/${citizen}/report"`));
  for (const name of ['analytiker', 'sagsbehandler', 'borger'])
    assert.equal((await c[name].get(`/citizens/${citizen}/report`)).status, 403, name);
  assert.equal((await c.mette.get('/citizens/999999/report')).status, 404);
  assert.equal((await c.mette.get(`/citizens/${citizen}/report?from=01-06-2026&to=01-01-2026`)).status, 422);
  const empty = (await c.mette.get(`/api/v1/citizens/${citizen}/report?from=01-01-1990&to=31-12-1990`,
    { json: true })).json();
  assert.ok(empty.sections[0].empty);
  const pdf = await download(c.mette, `/citizens/${citizen}/report?${WIDE}&format=pdf`);
  assert.equal(pdf.status, 200);
  for (const p of renderPdf(pdf.bytes, 'citizen')) assert.ok(pgmHasInk(p));
  const xlsx = await download(c.mette, `/citizens/${citizen}/report?${WIDE}&format=xlsx`);
  assert.ok(readXlsx(xlsx.bytes, 'citizen').shared.includes(m.title));
  const log = spor(['--db', made.db, 'audit', 'list', '--json']);
  assert.match(log.stdout, /citizen\.report/);
  // The command line: the same rules.
  const out = spor(['--db', made.db, 'report', 'citizen-progression', '--user', 'mette', '--citizen',
    String(citizen), '--from', '01-01-2020', '--to', '31-12-2030', '--format', 'csv', '--out', '-']);
  assert.equal(out.status, 0, out.stderr);
  assert.match(out.stdout, /Udvikling for /);
  const analyst = spor(['--db', made.db, 'report', 'citizen-progression', '--user', 'analytiker',
    '--citizen', String(citizen), '--out', '-']);
  assert.equal(analyst.status, 1);
  const none = spor(['--db', made.db, 'report', 'citizen-progression', '--user', 'mette', '--out', '-']);
  assert.equal(none.status, 2);
});

test('subgroups by every background field; unknown ones refused', async () => {
  for (const by of ['diagnoses', 'medical_treatment', 'criminal_record', 'ethnic_background',
    'end_reason', 'discharged_to', 'medical_treatment_end', 'cohabitation_end', 'unit', 'worker', 'offer']) {
    const res = await c.leder.get(`/api/v1/reports/comparison?${WIDE}&by=${by}`, { json: true });
    assert.equal(res.status, 200, by);
    assert.ok(res.json().by_label, by);
  }
  const bad = await c.leder.get(`/reports/comparison?${WIDE}&by=first_name`);
  assert.equal(bad.status, 422);
  const sql = await c.leder.get(`/reports/comparison?${WIDE}&by=${encodeURIComponent("c.last_name) --")}`);
  assert.equal(sql.status, 422);
});

test('spor report writes the quality reports for a leader', async () => {
  for (const name of REPORTS) {
    const out = join(dir, `${name}.xlsx`);
    const r = spor(['--db', made.db, 'report', name, '--user', 'leder', '--from', '01-01-2020',
      '--to', '31-12-2030', '--format', 'xlsx', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(readFileSync(out).subarray(0, 2).toString(), 'PK');
  }
  const html = spor(['--db', made.db, 'report', 'completeness', '--user', 'leder', '--format', 'html',
    '--out', '-']);
  assert.equal(html.status, 0, html.stderr);
  assert.match(html.stdout, /Fuldstændighed og rettidighed/);
});
