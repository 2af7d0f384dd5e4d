// reports.test.mjs — the report pages over HTTP: who may see which
// report (leader 200, staff 403, analyst only across offers, an offer out of
// reach 404), bad periods (422), filters that leave nothing (an empty state),
// small cells hidden in the page, the JSON and every file, the downloads
// themselves (each PDF page rendered with pdftoppm and not blank, the XLSX read
// back from its sheet XML, the CSV) and `spor report NAME` on the command
// line, against the same demo data.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, demoDatabase, spor, startServer } from './harness.mjs';

const REPORTS = ['offer', 'target-group', 'progression', 'comparison', 'goal-attainment',
  'staff-self'];
const PASSWORD = 'en-god-lang-adgangskode';
const WIDE = 'from=01-01-2020&to=31-12-2030';

let server;
let made;
let dir;
let offers; // {home: an offer the leader leads, away: one of the other organisation}
const c = {};

before(async () => {
  made = demoDatabase({ citizens: 300, seed: 11 });
  dir = mkdtempSync(join(tmpdir(), 'spor-reports-'));
  const tree = JSON.parse(spor(['--db', made.db, 'org', 'list', '--json']).stdout)
    .sort((a, b) => a.id - b.id);
  const first = tree[0];
  const other = tree[tree.length - 1];
  offers = { home: first.offers[0].id, away: other.offers[0].id };
  const r = spor(['--db', made.db, 'user', 'add', 'analytiker', '--name', 'Analytiker',
    '--role', 'analyst', '--organisation', String(first.id)], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  server = await startServer(made);
  for (const name of ['leder', 'mette', 'analytiker', 'sagsbehandler', 'borger']) {
    c[name] = new Client(server.base);
    const res = await c[name].login(name, name === 'analytiker' ? PASSWORD : undefined);
    assert.equal(res.status, 303, `login ${name}`);
  }
});

after(async () => {
  assert.equal(await server.stop(), 0, server.stderr);
  rmSync(dir, { recursive: true, force: true });
});

/** The bytes of a download, with the client's session. */
async function download(client, path) {
  const res = await fetch(server.base + path, { headers: { cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Every cell text of every table of a report model. */
function cellTexts(model) {
  const out = [];
  for (const s of model.sections)
    for (const row of s.table?.rows ?? [])
      for (const cell of row.cells) out.push(cell);
  return out;
}

test('a leader sees every report with charts, tables and how to read them', async () => {
  const index = await c.leder.get('/reports');
  assert.equal(index.status, 200);
  for (const name of REPORTS) {
    assert.match(index.text, new RegExp(`href="/reports/${name}"`));
    const page = await c.leder.get(`/reports/${name}?${WIDE}`);
    assert.equal(page.status, 200, name);
    assert.match(page.text, /Sådan læses figuren/, name);
    assert.match(page.text, /<svg[^>]*role="img"/, `${name} has a chart`);
    assert.match(page.text, /<table class="list">/, `${name} has a table`);
    assert.match(page.text, /format=pdf/, `${name} offers the PDF`);
  }
});

test('the offer report holds every figure with n and confidence intervals', async () => {
  const res = await c.leder.get(`/api/v1/reports/offer?${WIDE}`, { json: true });
  assert.equal(res.status, 200);
  const m = res.json();
  const ids = m.sections.map((s) => s.id);
  for (const id of ['offer-intro', 'target-group', 'progression', 'change', 'comparison',
    'goal-attainment', 'staff-self'])
    assert.ok(ids.includes(id), `section ${id}`);
  const change = m.sections.find((s) => s.id === 'change');
  assert.ok(!change.empty, 'the demo has courses measured at start and end');
  assert.match(change.table.columns.map((x) => x.label).join('|'), /95 %-KI/);
  const goals = m.sections.find((s) => s.id === 'goal-attainment');
  assert.ok(!goals.empty, 'the demo has goals to judge');
  assert.equal(goals.table.columns.length, 7, 'parameter, five categories, total');
  assert.equal(goals.chart.kind, 'bar');
  assert.equal(goals.chart.stacked, true);
  // The page's JSON twin carries no SVG: the model only.
  assert.ok(!m.sections.some((s) => 'chart_svg' in s));
});

test('every count shown is at least k; hidden cells carry no number anywhere', async () => {
  const m = (await c.leder.get(`/api/v1/reports/target-group?${WIDE}&by=age_band`,
    { json: true })).json();
  const k = m.k;
  assert.equal(k, 5);
  const cells = cellTexts(m);
  assert.ok(cells.some((x) => x.suppressed), 'the demo has small age bands');
  for (const cell of cells) {
    if (cell.suppressed) {
      assert.equal(cell.value, null);
      assert.match(cell.text, /^(< 5|–)$/);
    }
  }
  // The counts column: shown counts are never under k.
  for (const s of m.sections) {
    const col = s.table?.columns.findIndex((x) => x.label === 'Antal borgere') ?? -1;
    if (col < 0) continue;
    for (const row of s.table.rows) {
      const cell = row.cells[col];
      if (!cell.suppressed) assert.ok(cell.value >= k, `count ${cell.value} >= ${k}`);
    }
  }
  // A hidden cell's mean is not in the chart either.
  const section = m.sections[0];
  if (section.chart) {
    const shown = section.chart.series.flatMap((s) => s.values).filter((v) => v !== null);
    const means = cells.filter((x) => !x.suppressed && typeof x.value === 'number').map((x) => x.value);
    for (const v of shown) assert.ok(means.some((x) => Math.abs(x - v) < 1e-9), `bar ${v} is a shown mean`);
  }
  // The CSV holds the same hidden cells and no more.
  const csv = await download(c.leder, `/reports/target-group?${WIDE}&by=age_band&format=csv`);
  assert.equal(csv.status, 200);
  const text = csv.bytes.toString('utf8');
  assert.equal((text.match(/< 5/g) ?? []).length, cells.filter((x) => x.text === '< 5').length);
});

test('staff, caseworkers and citizens may not see reports', async () => {
  for (const name of ['mette', 'sagsbehandler', 'borger']) {
    assert.equal((await c[name].get('/reports')).status, 403, name);
    assert.equal((await c[name].get('/reports/offer')).status, 403, name);
    assert.equal((await c[name].get('/api/v1/reports/progression', { json: true })).status, 403);
  }
});

test('an offer or intervention out of reach is 404; an analyst sees offers together only', async () => {
  assert.equal((await c.leder.get(`/reports/offer?offer=${offers.home}&${WIDE}`)).status, 200);
  assert.equal((await c.leder.get(`/reports/offer?offer=${offers.away}`)).status, 404);
  assert.equal((await c.leder.get('/reports/progression?intervention=999999')).status, 404);
  // The analyst: aggregates across the organisation's offers, never one.
  const page = await c.analytiker.get(`/reports/progression?${WIDE}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /på tværs af de tilbud/);
  assert.doesNotMatch(page.text, /name="offer"/);
  assert.equal((await c.analytiker.get(`/reports/progression?offer=${offers.home}`)).status, 404);
  const m = (await c.analytiker.get(`/api/v1/reports/offer?${WIDE}`, { json: true })).json();
  assert.ok(m.sections.find((s) => s.id === 'offer-intro').empty, 'no offer described alone');
  assert.ok(!m.sections.find((s) => s.id === 'progression').empty, 'but the figures are there');
});

test('a report narrowed to one unit holds only its citizens; a unit out of reach is 404', async () => {
  const page = await c.leder.get(`/reports/target-group?${WIDE}`);
  const units = [...page.text.matchAll(/<option value="(\d+)"[^>]*>([^<]+)<\/option>/g)]
    .filter((m) => page.text.lastIndexOf('name="unit"', m.index) > page.text.lastIndexOf('</select>', m.index));
  assert.ok(units.length >= 2, 'the leader chooses among the units of the offers they lead');
  const all = (await c.leder.get(`/api/v1/reports/target-group?${WIDE}`, { json: true })).json();
  const counts = (m) => m.sections.flatMap((sec) => sec.table?.rows ?? [])
    .map((r) => r.cells.map((x) => x.text).join('|')).join('\n');
  const seen = new Set();
  for (const [, id] of units.slice(0, 2)) {
    const one = await c.leder.get(`/api/v1/reports/target-group?unit=${id}&${WIDE}`, { json: true });
    assert.equal(one.status, 200);
    seen.add(counts(one.json()));
    const html = await c.leder.get(`/reports/target-group?unit=${id}&${WIDE}`);
    assert.match(html.text, new RegExp(`format=csv[^"]*unit=${id}|unit=${id}[^"]*format=csv`), 'downloads keep the unit');
  }
  assert.ok(!seen.has(counts(all)) || seen.size > 1, 'a unit alone is not the whole offer');
  assert.equal((await c.leder.get(`/reports/target-group?unit=999999&${WIDE}`)).status, 404);
  assert.equal((await c.analytiker.get(`/reports/target-group?unit=${units[0][1]}&${WIDE}`)).status, 404);
  const cli = spor(['--db', server.db, 'report', 'target-group', '--user', 'leder', '--unit', units[0][1],
    '--from', '01-01-2020', '--format', 'csv', '--out', '-']);
  assert.equal(cli.status, 0, cli.stderr);
  assert.match(cli.stdout, /Målgruppen ved opstart/);
});

test('a period that ends before it starts is 422 and says so', async () => {
  const res = await c.leder.get('/reports/progression?from=01-06-2026&to=01-01-2026');
  assert.equal(res.status, 422);
  assert.match(res.text, /Perioden slutter, før den begynder/);
  assert.match(res.text, /aria-describedby="to-error"/);
  const api = await c.leder.get('/api/v1/reports/progression?from=01-06-2026&to=01-01-2026',
    { json: true });
  assert.equal(api.status, 422);
  assert.ok(api.json().error.fields.to);
  assert.equal((await c.leder.get('/reports/offer?from=31-02-2026')).status, 422);
  assert.equal((await c.leder.get('/reports/offer?by=shoe_size')).status, 422);
  assert.equal((await c.leder.get('/reports/offer?format=docx')).status, 422);
  const item = await c.leder.get('/reports/progression?item=shoe_size');
  assert.equal(item.status, 422);
  assert.match(item.text, /Instrumentet har ikke denne parameter/);
  assert.equal((await c.leder.get('/reports/progression?instrument=nothing')).status, 422);
});

test('filters that leave no data give an empty state, not a broken chart', async () => {
  const res = await c.leder.get('/reports/progression?from=01-01-1990&to=31-12-1990');
  assert.equal(res.status, 200);
  assert.match(res.text, /class="empty"/);
  assert.match(res.text, /Ingen borgere med målinger passer til filtrene/);
  assert.doesNotMatch(res.text, /<svg/);
  const pdf = await download(c.leder, '/reports/offer?from=01-01-1990&to=31-12-1990&format=pdf');
  assert.equal(pdf.status, 200);
  assert.equal(pdf.bytes.subarray(0, 5).toString(), '%PDF-');
});

/** Renders a PDF's pages with pdftoppm as grey PGM pictures; returns the files. */
function renderPdf(bytes, stem) {
  const file = join(dir, `${stem}.pdf`);
  writeFileSync(file, bytes);
  execFileSync('pdftoppm', ['-gray', '-r', '30', file, join(dir, stem)]);
  return readdirSync(dir).filter((f) => f.startsWith(`${stem}-`) && f.endsWith('.pgm'))
    .map((f) => join(dir, f));
}

/** Whether a binary PGM (P5, 8 bits) has any pixel darker than near-white. */
function pgmHasInk(file) {
  const pgm = readFileSync(file);
  // The header: "P5", width, height, maxval, each after white space.
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

test('every report as PDF renders to pages that are not blank', async () => {
  for (const name of REPORTS) {
    const res = await download(c.leder, `/reports/${name}?${WIDE}&format=pdf`);
    assert.equal(res.status, 200, name);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    assert.match(res.headers.get('content-disposition'), new RegExp(`attachment; filename="spor-${name}-`));
    const pages = renderPdf(res.bytes, name);
    assert.ok(pages.length >= 1, `${name}: pages`);
    for (const page of pages) assert.ok(pgmHasInk(page), `${name}: ${page} is not blank`);
  }
});

/** The shared strings and a sheet's cells of an XLSX, read with unzip. */
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
  const sheets = list.map((n) => {
    const xml = entry(n);
    return [...xml.matchAll(/<c r="([A-Z]+)(\d+)"([^>]*)>(?:<v>([^<]*)<\/v>)?<\/c>/g)].map((m) => ({
      ref: m[1] + m[2], value: /t="s"/.test(m[3]) ? shared[Number(m[4])] : Number(m[4]),
    }));
  });
  return { shared, sheets };
}

test('the XLSX reads back with the same figures as the page', async () => {
  const query = `${WIDE}`;
  const model = (await c.leder.get(`/api/v1/reports/progression?${query}`, { json: true })).json();
  const res = await download(c.leder, `/reports/progression?${query}&format=xlsx`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const { shared, sheets } = readXlsx(res.bytes, 'progression');
  assert.ok(shared.includes(model.title), 'the title');
  assert.ok(sheets.length >= 2, 'a front sheet and a sheet per table');
  // The first table's first row: its numbers are numbers in the sheet.
  const first = model.sections[0].table.rows[0].cells;
  const numbers = sheets[1].filter((x) => typeof x.value === 'number');
  for (const cell of first.filter((x) => typeof x.value === 'number'))
    assert.ok(numbers.some((x) => Math.abs(x.value - cell.value) < 1e-6), `${cell.value} in the sheet`);
  // Hidden cells are hidden in the workbook too.
  const hidden = cellTexts(model).filter((x) => x.text === '< 5').length;
  assert.equal(sheets.flat().filter((x) => x.value === '< 5').length, hidden);
});

test('downloads are audited as report exports', async () => {
  await download(c.leder, `/reports/comparison?${WIDE}&format=csv`);
  const log = spor(['--db', made.db, 'audit', 'list', '--json']);
  assert.equal(log.status, 0, log.stderr);
  assert.match(log.stdout, /report\.export/);
});

test('spor report NAME writes the same report as a file for a leader', async () => {
  for (const format of ['html', 'pdf', 'csv', 'xlsx']) {
    const out = join(dir, `cli.${format}`);
    const r = spor(['--db', made.db, 'report', 'offer', '--user', 'leder', '--from', '01-01-2020',
      '--to', '31-12-2030', '--format', format, '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const bytes = readFileSync(out);
    if (format === 'pdf') assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    if (format === 'xlsx') assert.equal(bytes.subarray(0, 2).toString(), 'PK');
    if (format === 'html') {
      assert.match(bytes.toString(), /<h1>Tilbudsrapport<\/h1>/);
      assert.match(bytes.toString(), /<svg/);
    }
    if (format === 'csv') assert.match(bytes.toString(), /Forandring fra opstart til afslutning/);
  }
  const bad = spor(['--db', made.db, 'report', 'offer', '--user', 'leder', '--from', '01-06-2026',
    '--to', '01-01-2026', '--out', '-']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /før den begynder/);
  const staff = spor(['--db', made.db, 'report', 'offer', '--user', 'mette', '--out', '-']);
  assert.equal(staff.status, 1);
  const away = spor(['--db', made.db, 'report', 'offer', '--user', 'leder', '--offer',
    String(offers.away), '--out', '-']);
  assert.equal(away.status, 1);
  assert.match(away.stderr, /findes ikke/);
  // The national aggregates keep their names.
  const change = spor(['--db', made.db, 'report', 'change', '--json']);
  assert.equal(change.status, 0, change.stderr);
  assert.equal(JSON.parse(change.stdout).report, 'change');
});
