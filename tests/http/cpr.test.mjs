// cpr.test.mjs — CPR numbers as users meet them: registered with a
// citizen, found by exact number, shown masked everywhere (page, list,
// API), shown whole only after a deliberate, audited POST, never in the
// database (file or dump), the request log or the API in the clear.
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { spawnSync } from 'node:child_process';
import { Client, keyFileOf, pgNameOf, startServer } from './harness.mjs';

/** What the database holds on disk, as bytes: SQLite's file and its WAL, or a dump of the PostgreSQL database. */
function storedBytes(db) {
  const pg = pgNameOf(db);
  if (pg) return [spawnSync('pg_dump', ['--data-only', pg]).stdout];
  const file = db.slice('sqlite:'.length);
  const wal = (() => { try { return readFileSync(file + '-wal'); } catch { return Buffer.alloc(0); } })();
  return [readFileSync(file), wal];
}

const CPR = '240485-2967';
let server;
let staff;
let other;
let id;

before(async () => {
  server = await startServer();
  staff = new Client(server.base);
  other = new Client(server.base);
  assert.equal((await staff.login('mette')).status, 303);
  assert.equal((await other.login('jonas')).status, 303);
  const form = await staff.get('/citizens/new');
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const res = await staff.post('/citizens', { csrf_token: Client.csrfFrom(form.text), unit_id: unit,
    first_name: 'Cecilie', last_name: 'Cpr', cpr: CPR });
  assert.equal(res.status, 303, res.text);
  id = Number(/\/citizens\/(\d+)/.exec(res.headers.get('location'))[1]);
});

after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

test('the key file was made by spor init, readable by its owner only', () => {
  const key = keyFileOf(server);
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/);
});

test('a bad CPR number is refused beside its field and nothing is written', async () => {
  const form = await staff.get('/citizens/new');
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const before = (await staff.get('/api/v1/citizens')).json().total;
  for (const cpr of ['310285-1234', '12345', '240485-29671']) {
    const res = await staff.post('/citizens', { csrf_token: Client.csrfFrom(form.text), unit_id: unit,
      first_name: 'Forkert', last_name: 'Nummer', cpr });
    assert.equal(res.status, 422, cpr);
    assert.match(res.text, /CPR-nummeret skal være 10 cifre med en rigtig dato/);
  }
  assert.equal((await staff.get('/api/v1/citizens')).json().total, before);
});

test('masked on the page and in the API; found by exact number; never in the clear at rest', async () => {
  const page = await staff.get(`/citizens/${id}`);
  assert.match(page.text, /240485-\*\*\*\*/);
  assert.doesNotMatch(page.text, /2967/);
  const api = (await staff.get(`/api/v1/citizens/${id}`)).json();
  assert.equal(api.citizen.cpr_masked, '240485-****');
  assert.doesNotMatch(JSON.stringify(api), /2967|cpr_sealed|cpr_hash/);
  for (const q of [CPR, '2404852967']) {
    const found = (await staff.get('/api/v1/citizens?q=' + encodeURIComponent(q))).json();
    assert.deepEqual(found.citizens.map((c) => c.id), [id], q);
  }
  assert.equal((await staff.get('/api/v1/citizens?q=240485-2968')).json().total, 0);
  assert.equal((await other.get('/api/v1/citizens?q=' + CPR)).json().total, 0, 'another unit finds nothing');
  for (const bytes of storedBytes(server.db)) {
    assert.equal(bytes.indexOf('2404852967'), -1);
    assert.equal(bytes.indexOf(CPR), -1);
  }
  assert.doesNotMatch(server.log, /2404852967|240485-2967|240485/);
});

test('the whole number only after a POST, which the audit log records', async () => {
  const confirm = await staff.get(`/citizens/${id}/cpr`);
  assert.equal(confirm.status, 200);
  assert.match(confirm.text, /240485-\*\*\*\*/);
  assert.doesNotMatch(confirm.text, /2967/);
  const shown = await staff.post(`/citizens/${id}/cpr`, { csrf_token: Client.csrfFrom(confirm.text) });
  assert.equal(shown.status, 200);
  assert.match(shown.text, /240485-2967/);
  const api = await staff.request('POST', `/api/v1/citizens/${id}/cpr`, { form: {},
    headers: { 'x-csrf-token': Client.csrfFrom(confirm.text) } });
  assert.equal(api.json().cpr, '240485-2967');
  assert.equal((await staff.post(`/citizens/${id}/cpr`, {})).status, 403, 'no CSRF token, no number');
  assert.equal((await other.post(`/citizens/${id}/cpr`, { csrf_token: await other.csrf() })).status, 404);
  const leader = new Client(server.base);
  assert.equal((await leader.login('leder')).status, 303);
  const lines = (await leader.get(`/api/v1/audit?citizen=${id}`)).json().entries;
  assert.equal(lines.filter((l) => l.action === 'citizen.cpr.read' && l.username === 'mette').length, 2);
  const caseworker = new Client(server.base);
  assert.equal((await caseworker.login('sagsbehandler')).status, 303);
  assert.equal((await caseworker.get(`/citizens/${id}/cpr`)).status, 403);
});
