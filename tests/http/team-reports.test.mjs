// team-reports.test.mjs — the citizen's status report for the authority
// (the form, the diary excerpts chosen, the PDF rendered to a picture that
// is not blank), the team's result list and the caseload per worker, and
// costs (entered per intervention and period, the report per citizen-course
// and per point of improvement, small numbers withheld), with their CSV and
// PDF downloads, bad input and the audit log; the status report from the
// command line too (`spor report status-report`).  Both backends.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, spor, startServer } from './harness.mjs';

let server;
const c = {};
let citizen; // a citizen of mette's care with diary entries
let diary;

before(async () => {
  server = await startServer();
  for (const [role, user] of [['staff', 'mette'], ['leader', 'leder'], ['authority', 'sagsbehandler'],
    ['analyst', null]]) {
    if (!user) continue;
    c[role] = new Client(server.base);
    assert.equal((await c[role].login(user)).status, 303, user);
  }
  // A citizen of the care with a diary: the first one whose status-report
  // form offers entries.
  const list = (await c.staff.get('/api/v1/citizens')).json().citizens;
  for (const row of list) {
    const form = await c.staff.get(`/api/v1/citizens/${row.id}/status-report`);
    assert.equal(form.status, 200, form.text);
    if (form.json().diary.length >= 2) {
      citizen = row.id;
      diary = form.json().diary;
      break;
    }
  }
  assert.ok(citizen, 'the demo has a citizen with diary entries');
});

after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

/** The body of a download as bytes, with the client's session; with
 * form (pairs), a POST. */
async function download(client, path, form) {
  const headers = { cookie: client.cookieHeader() };
  let body;
  if (form) {
    body = new URLSearchParams(form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const res = await fetch(server.base + path, { method: form ? 'POST' : 'GET', headers, body, redirect: 'manual' });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Posts the status report form of the citizen with the given pairs. */
async function statusReport(client, id, pairs) {
  const csrf = Client.csrfFrom((await client.get(`/citizens/${id}/status-report`)).text);
  return [['csrf_token', csrf], ...pairs];
}

/** Renders page 1 of a PDF to a greyscale picture with pdftoppm and
 * returns the share of pixels that are not white. */
function inkOf(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'spor-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  const r = spawnSync('pdftoppm', ['-gray', '-r', '40', '-f', '1', '-l', '1', join(dir, 'r.pdf'), join(dir, 'p')]);
  assert.equal(r.status, 0, String(r.stderr));
  const files = spawnSync('ls', [dir]).stdout.toString().split('\n').filter((f) => f.endsWith('.pgm'));
  const pgm = readFileSync(join(dir, files[0]));
  // P5 <w> <h> 255 then the pixels.
  const header = /^P5\s+(\d+)\s+(\d+)\s+255\s/.exec(pgm.subarray(0, 40).toString('latin1'));
  assert.ok(header, 'a PGM picture');
  const pixels = pgm.subarray(header[0].length);
  let ink = 0;
  for (const p of pixels) if (p < 200) ink++;
  return ink / pixels.length;
}

function pdfText(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'spor-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  const r = spawnSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-']);
  assert.equal(r.status, 0, String(r.stderr));
  return r.stdout.toString();
}

function pageCount(pdf) {
  const dir = mkdtempSync(join(tmpdir(), 'spor-pdf-'));
  writeFileSync(join(dir, 'r.pdf'), pdf);
  const r = spawnSync('pdfinfo', [join(dir, 'r.pdf')]);
  return Number(/Pages:\s+(\d+)/.exec(r.stdout.toString())?.[1] ?? 0);
}

function auditActions() {
  const r = spor(['--db', server.db, 'audit', 'list', '--json', '--limit', '500']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const csvRows = (bytes) => bytes.toString('utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
/** The first table of a report's CSV (report_export.h: title, subtitle,
 * a blank line, the section's title): its header and rows, up to the
 * blank line after them. */
function csvTable(bytes) {
  const lines = csvRows(bytes);
  const end = lines.indexOf('', 4);
  return lines.slice(4, end < 0 ? undefined : end);
}

// ---- The status report ------------------------------------------------------

test('the status report form offers the diary and is linked from the citizen page', async () => {
  const page = await c.staff.get(`/citizens/${citizen}/status-report`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Statusrapport til myndigheden/);
  assert.match(page.text, new RegExp(`name="diary" value="${diary[0].id}"`));
  assert.match((await c.staff.get(`/citizens/${citizen}`)).text,
    new RegExp(`href="/citizens/${citizen}/status-report"`));
  assert.ok(auditActions().some((a) => a.action === 'status_report.form' && a.citizen_id === citizen));
});

test('the status report PDF holds the chosen diary excerpts only, and is not blank', async () => {
  const [chosen, left] = diary;
  const from = '01-01-2000';
  const res = await download(c.staff, `/citizens/${citizen}/status-report`, await statusReport(c.staff,
    citizen, [['from', from], ['diary', String(chosen.id)], ['summary', 'Det går fremad.']]));
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/pdf/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="statusrapport-\d+-/);
  assert.equal(res.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(inkOf(res.bytes) > 0.01, 'page 1 has ink');
  assert.ok(pageCount(res.bytes) >= 2, 'goals, measurements, charts and the diary take pages');
  const text = pdfText(res.bytes).replace(/\s+/g, ' ');
  assert.match(text, /Statusrapport/);
  assert.match(text, /Det går fremad\./);
  assert.match(text, /Borgerens egen vurdering ved siden af personalets/);
  const words = (body) => body.replace(/\s+/g, ' ').slice(0, 30);
  assert.ok(text.includes(words(chosen.body)), 'the chosen excerpt is in the report');
  if (words(left.body) !== words(chosen.body))
    assert.ok(!text.includes(words(left.body)), 'an entry not chosen is not');
  const line = auditActions().find((a) => a.action === 'status_report.pdf' && a.citizen_id === citizen);
  assert.ok(line, 'the report is in the audit log');
  assert.doesNotMatch(line.detail ?? '', /fremad/, 'the audit log holds no content');
});

test('status report: bad input is 422 with the form, others are refused', async () => {
  const post = async (pairs) => c.staff.post(`/citizens/${citizen}/status-report`,
    await statusReport(c.staff, citizen, pairs));
  const reversed = await post([['from', '01-06-2026'], ['to', '01-01-2026']]);
  assert.equal(reversed.status, 422);
  assert.match(reversed.text, /Perioden slutter, før den begynder/);
  const foreign = await post([['diary', '999999999']]);
  assert.equal(foreign.status, 422);
  assert.match(foreign.text, /Vælg dagbogsindlæg fra listen/);
  // Another citizen's entry is not this citizen's.
  const list = (await c.staff.get('/api/v1/citizens')).json().citizens.filter((x) => x.id !== citizen);
  let other;
  for (const row of list) {
    other = (await c.staff.get(`/api/v1/citizens/${row.id}/status-report`)).json().diary[0];
    if (other) break;
  }
  assert.ok(other);
  assert.equal((await post([['diary', String(other.id)]])).status, 422);
  assert.equal((await post([['diary', 'abc']])).status, 422);
  assert.equal((await c.authority.get(`/citizens/${citizen}/status-report`)).status, 403);
  const csrf = Client.csrfFrom((await c.staff.get(`/citizens/${citizen}/status-report`)).text);
  assert.equal((await c.staff.post('/citizens/999999/status-report', { csrf_token: csrf })).status, 404);
  assert.equal((await c.staff.get('/citizens/999999/status-report')).status, 404);
});

test('spor report status-report writes the same PDF on the command line, audited on the citizen', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spor-status-'));
  const out = join(dir, 'status.pdf');
  const [chosen, left] = diary;
  const run = (user, args) => spor(['--db', server.db, 'report', 'status-report', '--user', user, ...args]);
  const before = auditActions().filter((a) => a.action === 'status_report.pdf' && a.address === 'cli').length;
  const r = run('mette', ['--citizen', String(citizen), '--from', '01-01-2000', '--to', '31-12-2030',
    '--summary', 'Hverdagen hænger sammen.', '--diary', String(chosen.id), '--format', 'pdf', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const pdf = readFileSync(out);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.ok(inkOf(pdf) > 0.01, 'page 1 has ink');
  const text = pdfText(pdf).replace(/\s+/g, ' ');
  assert.match(text, /Statusrapport/);
  assert.match(text, /Hverdagen hænger sammen\./);
  assert.match(text, /Borgerens egen vurdering ved siden af personalets/);
  const words = (body) => body.replace(/\s+/g, ' ').slice(0, 30);
  assert.ok(text.includes(words(chosen.body)), 'the chosen excerpt is in the report');
  if (words(left.body) !== words(chosen.body))
    assert.ok(!text.includes(words(left.body)), 'an entry not chosen is not');
  const lines = auditActions().filter((a) => a.action === 'status_report.pdf' && a.address === 'cli');
  assert.equal(lines.length, before + 1, 'one audit line');
  assert.equal(lines[0].citizen_id, citizen);
  assert.equal(lines[0].username, 'mette');
  assert.equal(lines[0].detail, 'pdf, 2000-01-01 – 2030-12-31');
  // Every diary entry of the period, and none.
  const all = run('mette', ['--citizen', String(citizen), '--from', '01-01-2000', '--diary', 'all', '--out', '-']);
  assert.equal(all.status, 0, all.stderr);
  assert.equal(run('mette', ['--citizen', String(citizen), '--diary', 'none', '--out', '-']).status, 0);

  // Refused: another format, a period that ends before it starts, an
  // entry that is not the citizen's, a user without citizen_write, a
  // citizen outside the user's care, no citizen.
  const csv = run('mette', ['--citizen', String(citizen), '--format', 'csv', '--out', '-']);
  assert.equal(csv.status, 2);
  assert.match(csv.stderr, /kun som pdf/);
  const reversed = run('mette', ['--citizen', String(citizen), '--from', '01-06-2026', '--to', '01-01-2026', '--out', '-']);
  assert.equal(reversed.status, 2);
  assert.match(reversed.stderr, /før den begynder/);
  const early = run('mette', ['--citizen', String(citizen), '--to', '01-01-1990', '--out', '-']);
  assert.equal(early.status, 2, early.stderr);
  assert.match(early.stderr, /før den begynder/);
  const foreign = run('mette', ['--citizen', String(citizen), '--diary', '999999999', '--out', '-']);
  assert.equal(foreign.status, 1);
  assert.match(foreign.stderr, /borgerens dagbog/);
  assert.equal(run('mette', ['--citizen', String(citizen), '--diary', 'abc', '--out', '-']).status, 2);
  const tree = JSON.parse(spor(['--db', server.db, 'org', 'list', '--json']).stdout).sort((a, b) => a.id - b.id);
  for (const [name, role, org] of [['statusanalytiker', 'analyst', tree[0]], ['statusfremmed', 'staff', tree.at(-1)]]) {
    const add = spor(['--db', server.db, 'user', 'add', name, '--name', name, '--role', role,
      '--organisation', String(org.id)], { input: 'en-god-lang-adgangskode\n' });
    assert.equal(add.status, 0, add.stderr);
  }
  const analyst = run('statusanalytiker', ['--citizen', String(citizen), '--out', '-']);
  assert.equal(analyst.status, 1);
  assert.match(analyst.stderr, /må ikke lave statusrapporter/);
  assert.equal(run('sagsbehandler', ['--citizen', String(citizen), '--out', '-']).status, 1);
  const outside = run('statusfremmed', ['--citizen', String(citizen), '--out', '-']);
  assert.equal(outside.status, 1);
  assert.match(outside.stderr, /findes ikke/);
  assert.equal(outside.stdout, '', 'nothing written');
  assert.equal(run('mette', ['--out', '-']).status, 2);
  const after = auditActions().filter((a) => a.action === 'status_report.pdf' && a.address === 'cli');
  assert.equal(after.length, before + 3, 'only the reports made are audited');
  assert.ok(!after.some((a) => ['statusanalytiker', 'statusfremmed'].includes(a.username)));
});

// ---- The team's result list and caseload ------------------------------------

/** The months back from now, newest first, as "YYYY-MM". */
function monthsBack(n) {
  const out = [];
  const d = new Date();
  for (let i = 0; i < n; i++) {
    const m = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - i, 1));
    out.push(m.toISOString().slice(0, 7));
  }
  return out;
}

test('the result list names the citizens who finished a phase in the month, audited one by one', async () => {
  let found;
  for (const month of monthsBack(24)) {
    const res = await c.staff.get(`/api/v1/team?month=${month}`);
    assert.equal(res.status, 200, res.text);
    if (res.json().rows.length > 0) { found = { month, model: res.json() }; break; }
  }
  assert.ok(found, 'the demo has phases finished in the last two years');
  const row = found.model.rows[0];
  assert.ok(row.finished_on.startsWith(found.month));
  assert.ok(row.phase_started_on <= row.finished_on);
  assert.match(row.goals_reached_text, /^\d+ af \d+$/);
  const page = await c.staff.get(`/team?month=${found.month}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Sådan læses listen/);
  assert.match(page.text, new RegExp(`href="/citizens/${row.citizen_id}"`));
  const named = new Set(found.model.rows.map((r) => r.citizen_id));
  const lines = auditActions().filter((a) => a.action === 'team.results' && a.detail === found.month);
  for (const id of named) assert.ok(lines.some((a) => a.citizen_id === id), `citizen ${id} audited`);

  const csv = await download(c.staff, `/team?month=${found.month}&format=csv`);
  assert.equal(csv.status, 200);
  assert.match(csv.headers.get('content-type'), /^text\/csv/);
  const lines2 = csvTable(csv.bytes);
  assert.match(lines2[0], /^Afsluttet,Borger,Afdeling,Indsats,Fase/);
  assert.equal(lines2.length, found.model.rows.length + 1);
  const pdf = await download(c.staff, `/team?month=${found.month}&format=pdf`);
  assert.equal(pdf.status, 200);
  assert.ok(inkOf(pdf.bytes) > 0.005);
});

test('the result list: an empty month says so, a bad month or unit is 422', async () => {
  const empty = await c.staff.get('/team?month=1990-01');
  assert.equal(empty.status, 200);
  assert.match(empty.text, /Ingen borgere afsluttede en fase i måneden/);
  for (const q of ['month=2026-13', 'month=nov-26', 'unit=999999']) {
    const res = await c.staff.get(`/team?${q}`);
    assert.equal(res.status, 422, q);
  }
  assert.equal((await c.authority.get('/team')).status, 403);
});

test('the caseload per worker counts citizens in course and the workers\' activity', async () => {
  const res = await c.leader.get('/api/v1/team/caseload?from=01-01-2000');
  assert.equal(res.status, 200, res.text);
  const rows = res.json().rows;
  assert.ok(rows.length > 0);
  assert.ok(rows.some((r) => r.citizens > 0), 'someone is a contact person');
  assert.ok(rows.some((r) => r.measurements > 0), 'someone measured');
  const page = await c.leader.get('/team/caseload?from=01-01-2000');
  assert.match(page.text, /Sagsbelastning pr. medarbejder/);
  const reversed = await c.leader.get('/team/caseload?from=01-06-2026&to=01-01-2026');
  assert.equal(reversed.status, 422);
  assert.match(reversed.text, /Perioden slutter, før den begynder/);
  const empty = await c.leader.get('/team/caseload?from=01-01-1990&to=31-01-1990');
  assert.equal(empty.status, 200);
  assert.match(empty.text, /Ingen forløb eller aktiviteter i perioden/);
  assert.equal((await c.staff.get('/team/caseload')).status, 403);
  const csv = await download(c.leader, '/team/caseload?from=01-01-2000&format=csv');
  assert.equal(csvTable(csv.bytes).length, rows.length + 1);
  const pdf = await download(c.leader, '/team/caseload?from=01-01-2000&format=pdf');
  assert.ok(inkOf(pdf.bytes) > 0.005);
});

// ---- Costs ----------------------------------------------------------------------

test('a leader enters costs per period: overlaps and reversed periods are 422, the same period corrects', async () => {
  const ivs = (await c.leader.get('/api/v1/interventions')).json().offers.flatMap((o) => o.interventions);
  const iv = ivs[0].id;
  const page = await c.leader.get(`/interventions/${iv}/costs`);
  assert.equal(page.status, 200);
  const before = (await c.leader.get(`/api/v1/interventions/${iv}/costs`)).json().intervention.costs.length;
  const csrf = Client.csrfFrom(page.text);
  const post = (form) => c.leader.post(`/interventions/${iv}/costs`, { csrf_token: csrf, ...form });
  const made = await post({ period_start: '01-01-1999', period_end: '31-12-1999', amount: '120000,50', note: 'Løn' });
  assert.equal(made.status, 303, made.text);
  const overlap = await post({ period_start: '01-06-1999', period_end: '31-01-2000', amount: '1' });
  assert.equal(overlap.status, 422);
  assert.match(overlap.text, /deler dage med en periode/);
  const reversed = await post({ period_start: '01-06-1998', period_end: '01-01-1998', amount: '1' });
  assert.equal(reversed.status, 422);
  assert.match(reversed.text, /Perioden slutter, før den begynder/);
  const negative = await post({ period_start: '01-01-1997', period_end: '31-01-1997', amount: '-5' });
  assert.equal(negative.status, 422);
  const fixed = await post({ period_start: '01-01-1999', period_end: '31-12-1999', amount: '100000' });
  assert.equal(fixed.status, 303);
  const costs = (await c.leader.get(`/api/v1/interventions/${iv}/costs`)).json().intervention.costs;
  assert.equal(costs.length, before + 1, 'the correction replaced the amount');
  assert.equal(costs.find((x) => x.period_start === '1999-01-01').amount, 100000);
  assert.equal((await c.staff.get(`/interventions/${iv}/costs`)).status, 403);
  assert.ok(auditActions().some((a) => a.action === 'cost.set'));
});

test('the cost report: cost per citizen-course and per point, small numbers withheld, downloads', async () => {
  const res = await c.leader.get('/api/v1/costs');
  assert.equal(res.status, 200, res.text);
  const model = res.json();
  assert.ok(model.has_cost);
  const shown = model.rows.filter((r) => r.courses !== null);
  for (const r of shown) {
    assert.ok(r.courses >= 5, 'no count under 5 is shown');
    if (r.cost !== null) assert.ok(Math.abs(r.cost_per_course - r.cost / r.courses) < 0.01);
  }
  for (const r of model.rows.filter((x) => x.courses === null)) {
    assert.equal(r.cost_per_course, null, 'withheld with the count');
    assert.equal(r.suppressed, true);
  }
  for (const r of model.rows.filter((x) => x.improvement === null))
    assert.equal(r.cost_per_point, null);
  const page = await c.leader.get('/costs');
  assert.match(page.text, /Sådan læses tallene/);
  // A whole year entered in 1999 (above) and nothing else: the share of
  // its days in a quarter.
  const q = (await c.leader.get('/api/v1/costs?from=01-01-1999&to=31-03-1999')).json();
  const row = q.rows.find((r) => r.cost !== null);
  assert.ok(Math.abs(row.cost - 100000 * 90 / 365) < 0.01, `${row.cost}`);
  const empty = await c.leader.get('/costs?from=01-01-1980&to=31-12-1980');
  assert.match(empty.text, /Der er ingen omkostninger angivet for nogen dag i perioden/);
  const reversed = await c.leader.get('/costs?from=01-06-2026&to=01-01-2026');
  assert.equal(reversed.status, 422);
  const csv = await download(c.leader, '/costs?format=csv');
  const lines = csvTable(csv.bytes);
  assert.match(lines[0], /^Tilbud,Indsats,Omkostning i perioden/);
  assert.equal(lines.length, model.rows.length + 2, 'the rows and the total');
  const pdf = await download(c.leader, '/costs?format=pdf');
  assert.equal(pdf.status, 200);
  assert.ok(inkOf(pdf.bytes) > 0.005);
  assert.equal((await c.staff.get('/costs')).status, 403);
});
