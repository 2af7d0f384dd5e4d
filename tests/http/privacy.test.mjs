// privacy.test.mjs — the citizen's rights (GDPR): the leader's export of
// everything about one citizen as JSON and as a PDF the citizen can read
// (the CPR number masked unless asked for), the erasure of one citizen
// (confirmed, whole, recorded without the data, nothing else touched), and
// the retention job with its dry run.  Both backends.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client, spor, sqlExec, startServer } from './harness.mjs';

const CPR = '170390-1234';
let server;
let leader;
let staff;
let id;

before(async () => {
  server = await startServer();
  leader = new Client(server.base);
  staff = new Client(server.base);
  assert.equal((await leader.login('leder')).status, 303);
  assert.equal((await staff.login('mette')).status, 303);
  const form = await staff.get('/citizens/new');
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const intervention = /<option value="(\d+)"[^>]*>[^<]*Kastanjehuset/.exec(
    form.text.slice(form.text.indexOf('intervention_id')))[1];
  const res = await staff.post('/citizens', { csrf_token: Client.csrfFrom(form.text), unit_id: unit,
    first_name: 'Ingrid', last_name: 'Indsigt', cpr: CPR, diagnoses: 'Angst', intervention_id: intervention });
  assert.equal(res.status, 303, res.text);
  id = Number(/\/citizens\/(\d+)/.exec(res.headers.get('location'))[1]);
});

/** The newest audit lines, as `spor audit list --json` gives them to an operator. */
function auditLines() {
  const r = spor(['--db', server.db, 'audit', 'list', '--json', '--limit', '200']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

after(async () => {
  assert.equal(await server.stop(), 0, server.stderr);
});

test('only a leader sees the page, and the citizen page links to it for them', async () => {
  const page = await leader.get(`/citizens/${id}/privacy`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Indsigt: alle oplysninger om borgeren/);
  assert.match(page.text, /Skriv SLET for at bekræfte/);
  assert.match((await leader.get(`/citizens/${id}`)).text, new RegExp(`href="/citizens/${id}/privacy"`));
  assert.doesNotMatch((await staff.get(`/citizens/${id}`)).text, /\/privacy"/);
  for (const path of [`/citizens/${id}/privacy`, `/citizens/${id}/export?format=json`]) {
    assert.equal((await staff.get(path)).status, 403, path);
  }
  assert.equal((await leader.get('/citizens/999999/privacy')).status, 404);
});

test('the page lists free text elsewhere that names the citizen, for review before erasure', async () => {
  // Another citizen's diary, in the same house, mentions Ingrid by first name (lower case).
  const others = (await staff.get('/api/v1/citizens?q=', { json: true })).json().citizens
    .filter((c) => c.id !== id);
  let course;
  for (const other of others) {
    const view = (await staff.get(`/api/v1/citizens/${other.id}`)).json();
    course = (view.courses ?? []).find((k) => !k.ended_on);
    if (course) break;
  }
  assert.ok(course, 'a demo citizen with an open course');
  const coursePage = await staff.get(`/courses/${course.id}`);
  const written = await staff.post(`/courses/${course.id}/diary`, { csrf_token: Client.csrfFrom(coursePage.text),
    written_on: '01-10-2026', body: 'Spiste aftensmad sammen med ingrid og snakkede om weekenden.' });
  assert.equal(written.status, 303, written.text);
  const model = (await leader.get(`/api/v1/citizens/${id}/privacy`)).json();
  assert.equal(model.has_mentions, true);
  const diary = model.mentions.find((m) => m.href === `/courses/${course.id}`);
  assert.ok(diary, JSON.stringify(model.mentions));
  assert.equal(diary.label, 'Dagbog');
  assert.equal(diary.on_display, '01-10-2026');
  const page = await leader.get(`/citizens/${id}/privacy`);
  assert.match(page.text, /Tekst andre steder, der nævner borgeren/);
  assert.match(page.text, new RegExp(`<a href="/courses/${course.id}">Dagbog</a>`));
  // Nothing is listed about the citizen's own texts, and nothing for a name no text holds.
  assert.ok(model.mentions.every((m) => m.href !== `/citizens/${id}`));
});

test('the JSON export holds everything, the CPR number masked unless asked for', async () => {
  const res = await leader.get(`/citizens/${id}/export?format=json`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  assert.match(res.headers.get('content-disposition'), new RegExp(`attachment; filename="borger-${id}-\\d{4}-\\d\\d-\\d\\d\\.json"`));
  const data = JSON.parse(res.text);
  assert.equal(data.format, 'spor-citizen-export/1');
  assert.equal(data.citizen.first_name, 'Ingrid');
  assert.equal(data.citizen.diagnoses, 'Angst');
  assert.equal(data.citizen.cpr, '170390-****');
  assert.equal(data.courses.length, 1);
  for (const key of ['measurements', 'answers', 'accounts', 'authorities', 'access_log']) {
    assert.ok(Array.isArray(data[key]), key);
  }
  assert.ok(data.access_log.some((l) => l.action === 'citizen.create'));
  assert.doesNotMatch(res.text, /cpr_sealed|cpr_hash|password/);

  const whole = JSON.parse((await leader.get(`/citizens/${id}/export?format=json&cpr=1`)).text);
  assert.equal(whole.citizen.cpr, CPR);
  assert.equal((await leader.get(`/citizens/${id}/export?format=xml`)).status, 422);

  const log = (await leader.get(`/api/v1/audit?citizen=${id}`)).json().entries;
  const exports = log.filter((l) => l.action === 'citizen.export').map((l) => l.detail);
  assert.deepEqual(exports.sort(), ['json', 'json, med CPR']);
});

test('the PDF export is a real PDF the citizen can read', async () => {
  // A measurement first, so that the tables have rows.
  const form = await staff.get(`/citizens/${id}/measurements/new`);
  assert.equal(form.status, 200);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(form.text)[1];
  const fields = { csrf_token: Client.csrfFrom(form.text), instrument_id: instrument, measured_on: '02-11-2026',
    point: 'start', respondent: 'staff', collection_method: 'dialogue_interview' };
  const items = [...new Set([...form.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  items.forEach((name, i) => { fields[name] = String(i % 5); });
  const saved = await staff.post(`/citizens/${id}/measurements`, fields);
  assert.equal(saved.status, 303, saved.text.slice(0, 2000));

  const res = await leader.get(`/citizens/${id}/export?format=pdf`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.ok(res.text.startsWith('%PDF-'));
  const raw = Buffer.from(await (await fetch(`${server.base}/citizens/${id}/export?format=pdf`,
    { headers: { cookie: leader.cookieHeader() } })).arrayBuffer());
  const text = spawnSync('pdftotext', ['-layout', '-', '-'], { input: raw, encoding: 'utf8' });
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /Indsigt: Ingrid Indsigt/);
  assert.match(text.stdout, /Angst/);
  assert.match(text.stdout, /Forløb/);
  assert.match(text.stdout, /Målinger/);
  assert.match(text.stdout, /02-11-2026/);
  assert.match(text.stdout, /Oprettede en borger/);
  assert.match(text.stdout, /170390-\*\*\*\*/);
  assert.doesNotMatch(text.stdout, /1234/);
  assert.match(text.stdout, /side 1/);
});

test('erasing asks for SLET, then removes the citizen whole and records only that it happened', async () => {
  const page = await leader.get(`/citizens/${id}/privacy`);
  const csrf = Client.csrfFrom(page.text);
  for (const confirm of ['', 'slet', 'ja']) {
    const res = await leader.post(`/citizens/${id}/erase`, { csrf_token: csrf, confirm });
    assert.equal(res.status, 422, confirm);
    assert.match(res.text, confirm ? /Skriv SLET med store bogstaver/ : /Bekræftelse/);
  }
  assert.equal((await leader.get(`/citizens/${id}`)).status, 200, 'still there');
  assert.equal((await staff.post(`/citizens/${id}/erase`, { csrf_token: csrf, confirm: 'SLET' })).status, 403);

  const res = await leader.post(`/citizens/${id}/erase`, { csrf_token: csrf, confirm: 'SLET' });
  assert.equal(res.status, 303, res.text);
  assert.equal(res.headers.get('location'), '/citizens?erased=1');
  assert.equal((await leader.get(`/citizens/${id}`)).status, 404);
  assert.equal((await staff.get('/api/v1/citizens?q=Indsigt')).json().total, 0);
  for (const table of ['citizen', 'course', 'measurement']) {
    const column = table === 'citizen' ? 'id' : 'citizen_id';
    assert.equal(sqlExec(server.db, `SELECT COUNT(*) FROM ${table} WHERE ${column} = ${id}`).trim(), '0', table);
  }
  const dump = sqlExec(server.db, "SELECT COUNT(*) FROM citizen WHERE first_name = 'Ingrid' OR last_name = 'Indsigt'");
  assert.equal(dump.trim(), '0');

  const erase = auditLines().filter((l) => l.citizen_id === id && l.action === 'citizen.erase');
  assert.equal(erase.length, 1, 'the erasure is in the log');
  assert.equal(erase[0].detail, null);
  assert.equal(erase[0].username, 'leder');
  assert.doesNotMatch(JSON.stringify(auditLines()), /Ingrid|Indsigt|Angst|170390/);
  const check = spor(['--db', server.db, 'check']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test("erasing the citizen with their own login leaves that login disabled and nameless", async () => {
  const own = new Client(server.base);
  assert.equal((await own.login('borger')).status, 303);
  const me = (await own.get('/api/v1/citizens')).json().citizens[0];
  const page = await leader.get(`/citizens/${me.id}/privacy`);
  const res = await leader.post(`/citizens/${me.id}/erase`, { csrf_token: Client.csrfFrom(page.text), confirm: 'SLET' });
  assert.equal(res.status, 303, res.text);
  assert.notEqual((await own.get('/')).status, 200, 'the session is gone');
  assert.notEqual((await new Client(server.base).login('borger')).status, 303, 'no more logins');
  const row = sqlExec(server.db, `SELECT username, display_name, disabled, citizen_id FROM app_user WHERE username LIKE 'slettet-%'`);
  assert.match(row, /^slettet-\d+\|Slettet borger\|1\|\s*$/m);
});

test('the retention job: a dry run lists, the real run erases only citizens whose every course ended', async () => {
  const list = (await staff.get('/api/v1/citizens')).json().citizens;
  const [old, open] = list;
  sqlExec(server.db, `UPDATE course SET ended_on = '2019-06-30' WHERE citizen_id = ${old.id}`);
  sqlExec(server.db, `UPDATE course SET ended_on = '2019-06-30' WHERE citizen_id = ${open.id}`);
  sqlExec(server.db, `INSERT INTO course (citizen_id, intervention_id, started_on, created_at)
    SELECT citizen_id, intervention_id, '2024-01-01', created_at FROM course WHERE citizen_id = ${open.id}`);
  const dry = spor(['--db', server.db, 'retention', '--before', '2021-01-01', '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, new RegExp(`borger ${old.id} .*30-06-2019`));
  assert.doesNotMatch(dry.stdout, new RegExp(`borger ${open.id} `));
  assert.equal((await staff.get(`/citizens/${old.id}`)).status, 200, 'a dry run erases nothing');

  const real = spor(['--db', server.db, 'retention', '--before', '2021-01-01']);
  assert.equal(real.status, 0, real.stderr);
  assert.match(real.stdout, /borgere med forløb, der alle sluttede før 01-01-2021, er slettet/);
  assert.equal((await staff.get(`/citizens/${old.id}`)).status, 404);
  assert.equal((await staff.get(`/citizens/${open.id}`)).status, 200, 'an open course keeps the citizen');
  assert.ok(auditLines().some((l) => l.citizen_id === old.id && l.action === 'citizen.erase.retention'
    && l.user_id == null));
  assert.equal(spor(['--db', server.db, 'retention', '--before', 'i går']).status, 2);
});
