// report-team-theory.test.mjs — the team's result list, the caseload and
// the cost report as reports (chart, "Sådan læses figuren", CSV, XLSX read
// back, PDF rendered to a picture that is not blank, `spor report
// team|caseload|costs`), listed on /reports for those allowed; the
// theory of change's result boxes with their figures for the offer's
// staff and leaders, the offer report's section on the theory, and the
// audit of the citizens the result list names.  Both backends.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, demoDatabase, spor, startServer } from './harness.mjs';

const PASSWORD = 'en-god-lang-adgangskode';
let server;
let made;
let dir;
let theory; // the demo's theory of change
let offer;  // its offer
const c = {};

before(async () => {
  made = demoDatabase({ citizens: 120, seed: 7 });
  dir = mkdtempSync(join(tmpdir(), 'spor-team-theory-'));
  const tree = JSON.parse(spor(['--db', made.db, 'org', 'list', '--json']).stdout)
    .sort((a, b) => a.id - b.id);
  const r = spor(['--db', made.db, 'user', 'add', 'analytiker', '--name', 'Analytiker',
    '--role', 'analyst', '--organisation', String(tree[0].id)], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  server = await startServer(made);
  for (const name of ['leder', 'mette', 'analytiker', 'sagsbehandler']) {
    c[name] = new Client(server.base);
    const res = await c[name].login(name, name === 'analytiker' ? PASSWORD : undefined);
    assert.equal(res.status, 303, `login ${name}`);
  }
  const reach = (await c.leder.get('/api/v1/reports/offer?from=01-01-2020&to=31-12-2030')).json();
  const section = reach.sections.find((s) => s.id.startsWith('theory-'));
  assert.ok(section, 'the leader\'s offer report has the theory section');
  theory = Number(section.id.slice('theory-'.length));
  offer = (await c.leder.get(`/api/v1/theories/${theory}`)).json().offer.id;
});

after(async () => {
  assert.equal(await server.stop(), 0, server.stderr);
  rmSync(dir, { recursive: true, force: true });
});

async function download(client, path) {
  const res = await fetch(server.base + path, { headers: { cookie: client.cookieHeader() } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** The share of dark pixels on page 1 of a PDF, rendered with pdftoppm. */
function inkOf(pdf, stem) {
  const file = join(dir, `${stem}.pdf`);
  writeFileSync(file, pdf);
  const r = spawnSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', file, join(dir, stem)]);
  assert.equal(r.status, 0, String(r.stderr));
  const name = execFileSync('ls', [dir]).toString().split('\n')
    .find((f) => f.startsWith(`${stem}-`) && f.endsWith('.pgm'));
  const pgm = readFileSync(join(dir, name));
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  let ink = 0;
  const pixels = pgm.subarray(header[0].length);
  for (const p of pixels) if (p < 200) ink++;
  return ink / pixels.length;
}

/** Shared strings and every sheet's cells of an XLSX, read with unzip. */
function readXlsx(bytes, stem) {
  const file = join(dir, `${stem}.xlsx`);
  writeFileSync(file, bytes);
  const entry = (n) => execFileSync('unzip', ['-p', file, n]).toString('utf8');
  const unescape = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  const shared = [...entry('xl/sharedStrings.xml').matchAll(/<t[^>]*>([^<]*)<\/t>/g)]
    .map((m) => unescape(m[1]));
  const list = execFileSync('unzip', ['-Z1', file]).toString().split('\n')
    .filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n));
  const values = list.flatMap((n) => [...entry(n).matchAll(/<c r="[A-Z]+\d+"([^>]*)>(?:<v>([^<]*)<\/v>)?<\/c>/g)]
    .map((m) => (/t="s"/.test(m[1]) ? shared[Number(m[2])] : Number(m[2]))));
  return { shared, values };
}

const FILES = [
  ['team', 'mette', '/team?month=', 'Teamets resultatliste'],
  ['caseload', 'leder', '/team/caseload?from=01-01-2020', 'Sagsbelastning pr. medarbejder'],
  ['costs', 'leder', '/costs?from=01-01-2020&to=31-12-2030', 'Omkostninger pr. indsats'],
];

/** A month in which the staff's team finished phases. */
async function busyMonth() {
  const d = new Date();
  for (let i = 0; i < 36; i++) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1)).toISOString().slice(0, 7);
    const res = await c.mette.get(`/api/v1/team?month=${m}`);
    if (res.json().rows.length > 0) return m;
  }
  throw new Error('no month with finished phases');
}

test('team, caseload and costs: chart and "Sådan læses figuren", XLSX read back, PDF not blank', async () => {
  const month = await busyMonth();
  for (const [name, user, path0, title] of FILES) {
    const path = name === 'team' ? `${path0}${month}` : path0;
    const page = await c[user].get(path);
    assert.equal(page.status, 200, `${name}: ${page.text.slice(0, 200)}`);
    assert.match(page.text, /<svg/, `${name}: a chart`);
    assert.match(page.text, /Sådan læses figuren/);
    assert.match(page.text, /format=xlsx/);
    const model = (await c[user].get(`/api/v1${path}`)).json();
    assert.equal(model.sections[0].chart.kind, 'bar');
    const xlsx = await download(c[user], `${path}&format=xlsx`);
    assert.equal(xlsx.status, 200);
    assert.match(xlsx.headers.get('content-type'), /spreadsheetml/);
    const { shared, values } = readXlsx(xlsx.bytes, name);
    assert.ok(shared.includes(title), `${name}: the title in the workbook`);
    // Every number of the table is a number in the workbook.
    for (const row of model.sections[0].table.rows)
      for (const cell of row.cells.filter((x) => typeof x.value === 'number'))
        assert.ok(values.some((v) => typeof v === 'number' && Math.abs(v - cell.value) < 1e-6),
          `${name}: ${cell.value}`);
    const pdf = await download(c[user], `${path}&format=pdf`);
    assert.equal(pdf.status, 200);
    assert.ok(inkOf(pdf.bytes, name) > 0.005, `${name}: page 1 has ink`);
  }
});

test('the cost report hides small counts with complementary suppression under the configured k', async () => {
  const model = (await c.leder.get('/api/v1/costs?from=01-01-2020&to=31-12-2030')).json();
  const table = model.sections[0].table;
  const total = table.rows.at(-1).cells;
  assert.equal(total[1].text, 'I alt');
  for (const col of [4, 6]) {
    const cells = table.rows.slice(0, -1).map((r) => r.cells[col]);
    const hidden = cells.filter((x) => x.suppressed);
    for (const x of cells.filter((y) => !y.suppressed)) assert.ok(x.value >= 5);
    if (typeof total[col].value === 'number') assert.notEqual(hidden.length, 1, 'not recoverable');
  }
  // Bad input: a period that ends before it starts.
  const bad = await c.leder.get('/costs?from=01-06-2026&to=01-01-2026');
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Perioden slutter, før den begynder/);
  assert.equal((await c.leder.get('/costs?format=docx')).status, 422);
});

test('/reports lists the team reports for a leader; an analyst sees neither the list nor names', async () => {
  const leader = (await c.leder.get('/api/v1/reports')).json().reports.map((r) => r.href);
  for (const href of ['/team', '/team/caseload', '/costs', '/reports/offer']) assert.ok(leader.includes(href), href);
  const analyst = (await c.analytiker.get('/api/v1/reports')).json().reports.map((r) => r.href);
  assert.ok(!analyst.includes('/team'), 'the result list names citizens');
  assert.ok(analyst.includes('/costs'));
  assert.equal((await c.analytiker.get('/team')).status, 403);
  const caseload = (await c.analytiker.get('/api/v1/team/caseload?from=01-01-2020')).json();
  assert.equal(caseload.rows.length, 0, 'an analyst has no care');
  assert.equal((await c.mette.get('/reports')).status, 403);
});

test('a result box shows its figure to the offer\'s staff; the full report is linked for leaders', async () => {
  const staff = (await c.mette.get(`/api/v1/theories/${theory}`)).json();
  const params = staff.columns.flatMap((col) => col.boxes).flatMap((b) => b.parameters);
  const withFigure = params.filter((p) => p.figure);
  assert.ok(withFigure.length > 0);
  assert.ok(withFigure.some((p) => /\d+ borgere/.test(p.figure)), 'the demo shows numbers');
  assert.equal(staff.report_href, undefined, 'staff cannot read reports');
  const leader = (await c.leder.get(`/api/v1/theories/${theory}`)).json();
  assert.match(leader.report_href, /^\/reports\/offer\?offer=\d+/);
  const page = await c.mette.get(`/theories/${theory}`);
  assert.match(page.text, /Seneste samlede tal/);
  assert.doesNotMatch(page.text, /Vises her, når rapporterne er på plads/);
  // A box's page: the same figure as the offer report's section.
  const box = leader.columns.flatMap((col) => col.boxes).find((b) => b.parameters.some((p) => /\d+ borgere/.test(p.figure ?? '')));
  const boxPage = (await c.mette.get(`/api/v1/theories/${theory}/boxes/${box.id}`)).json();
  const fig = boxPage.box.parameters.find((p) => p.figure && p.figure.n !== null).figure;
  assert.ok(fig.n >= 5);
  assert.equal(typeof fig.change, 'number');
  const to = new Date().toISOString().slice(0, 10).split('-').reverse().join('-');
  const from = new Date(Date.now() - 365 * 864e5).toISOString().slice(0, 10).split('-').reverse().join('-');
  const report = (await c.leder.get(`/api/v1/reports/offer?offer=${offer}&from=${from}&to=${to}`)).json();
  const section = report.sections.find((s) => s.id === `theory-${theory}`);
  const row = section.table.rows.find((r) => r.cells[2].text === fig.label);
  assert.equal(row.cells[3].value, fig.n, 'one function for both');
  // Nothing names a citizen.
  const names = (await c.mette.get('/api/v1/citizens')).json().citizens.map((x) => x.last_name).filter(Boolean);
  const text = JSON.stringify(boxPage);
  for (const n of names) assert.ok(!text.includes(n), n);
  // Out of reach: a theory that does not exist, and the authority.
  assert.equal((await c.mette.get('/theories/999999/boxes/1')).status, 404);
  assert.equal((await c.sagsbehandler.get(`/theories/${theory}`)).status, 403);
  const pdf = await download(c.mette, `/theories/${theory}/map.pdf`);
  assert.equal(pdf.status, 200);
  assert.ok(inkOf(pdf.bytes, 'map') > 0.005);
});

test('spor report team|caseload|costs writes the files; the result list is audited per citizen', async () => {
  for (const [name, user] of [['team', 'mette'], ['caseload', 'leder'], ['costs', 'leder']]) {
    for (const format of ['html', 'csv', 'xlsx', 'pdf']) {
      const out = join(dir, `cli-${name}.${format}`);
      const r = spor(['--db', made.db, 'report', name, '--user', user, '--from', '01-01-2020',
        '--to', '31-12-2030', '--format', format, '--out', out]);
      assert.equal(r.status, 0, `${name} ${format}: ${r.stderr}`);
      const bytes = readFileSync(out);
      if (format === 'pdf') assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
      if (format === 'xlsx') assert.equal(bytes.subarray(0, 2).toString(), 'PK');
      if (format === 'html') assert.match(bytes.toString(), /<svg/);
    }
  }
  const log = JSON.parse(spor(['--db', made.db, 'audit', 'list', '--json', '--limit', '2000']).stdout);
  assert.ok(log.some((a) => a.action === 'team.results' && a.citizen_id), 'each citizen named is audited');
  // The analyst may not have the list of named citizens.
  const analyst = spor(['--db', made.db, 'report', 'team', '--user', 'analytiker', '--out', '-']);
  assert.equal(analyst.status, 1);
});
