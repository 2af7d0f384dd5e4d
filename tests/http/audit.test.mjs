// audit.test.mjs — the audit log as users meet it: every read of a
// citizen's page (also when the page comes from the cache, also through
// the API) leaves a line; a leader searches the lines of what they lead;
// staff cannot; `spor check` finds a changed line; and when the line
// cannot be written, the data does not leave the server.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import {
  Client, demoDatabase, dropDatabase, holdWriteLock, spor, sqlExec, startServer, withLockTimeout,
} from './harness.mjs';

let server;
let staff;
let leader;
let citizenId;

before(async () => {
  server = await startServer();
  staff = new Client(server.base);
  leader = new Client(server.base);
  assert.equal((await staff.login('mette')).status, 303);
  assert.equal((await leader.login('leder')).status, 303);
  citizenId = (await staff.get('/api/v1/citizens')).json().citizens[0].id;
});

after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

/** Calls fn until it returns a truthy value (reads are logged within
 * moments, not within the request); the last value after 5 s. */
async function eventually(fn) {
  let value;
  for (let i = 0; i < 100; i++) {
    value = await fn();
    if (value) return value;
    await sleep(50);
  }
  return value;
}

function readsOf(lines, id) {
  return lines.filter((l) => l.action === 'citizen.read' && l.citizen_id === id);
}

test('every read of a citizen is in the log: page, page from the cache, API', async () => {
  const search = async () => (await leader.get(`/api/v1/audit?citizen=${citizenId}`)).json();
  const before = readsOf((await search()).entries, citizenId).length;
  assert.equal((await staff.get(`/citizens/${citizenId}`)).status, 200);
  assert.equal((await staff.get(`/citizens/${citizenId}`)).status, 200); // kept page
  assert.equal((await staff.get(`/api/v1/citizens/${citizenId}`)).status, 200);
  const found = await eventually(async () => {
    const f = await search();
    return readsOf(f.entries, citizenId).length >= before + 3 ? f : null;
  });
  assert.ok(found, 'three reads logged');
  const reads = readsOf(found.entries, citizenId);
  assert.equal(reads.length, before + 3);
  assert.equal(reads[0].username, 'mette');
  assert.equal(reads[0].address, '127.0.0.1');
  assert.match(reads[0].at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  // The leader's own search is in the log as well.
  assert.ok(found.entries.some((l) => l.action === 'audit.search' && l.username === 'leder'));
});

test('the leader searches by user and period; the page is in Danish; staff get 403', async () => {
  const page = await leader.get('/audit?user=mette');
  assert.equal(page.status, 200);
  assert.match(page.text, /Revisionslog/);
  assert.match(page.text, /Så borgerens oplysninger/);
  assert.match(page.text, /Mette/);
  const today = new Date().toISOString().slice(0, 10).split('-').reverse().join('-');
  const byDay = (await leader.get(`/api/v1/audit?from=${today}&to=${today}`)).json();
  assert.ok(byDay.total > 0);
  const none = (await leader.get('/api/v1/audit?to=01-01-2000')).json();
  assert.equal(none.total, 0);
  const backwards = await leader.get(`/audit?from=${today}&to=01-01-2000`);
  assert.equal(backwards.status, 422);
  assert.match(backwards.text, /Til-datoen ligger før fra-datoen/);
  assert.equal((await leader.get('/audit?from=31-02-2026')).status, 422);
  assert.equal((await staff.get('/audit')).status, 403);
  assert.equal((await staff.get('/api/v1/audit')).status, 403);
});

test('spor check verifies the chain and finds a changed line', async () => {
  const ok = spor(['--db', server.db, 'check']);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /linjer i ubrudt kæde/);
  sqlExec(server.db, 'UPDATE audit_log SET user_id = NULL WHERE seq = 2');
  const bad = spor(['--db', server.db, 'check']);
  assert.equal(bad.status, 3);
  assert.match(bad.stdout, /linje 2 er ændret/);
  sqlExec(server.db, "UPDATE audit_log SET user_id = (SELECT id FROM app_user WHERE username = 'mette') WHERE seq = 2");
  assert.equal(spor(['--db', server.db, 'check']).status, 0, 'whole again');
});

test('sync: no audit line, no data — a locked database gives 503, not the page', async () => {
  const made = demoDatabase({ citizens: 5, seed: 11 });
  const { dir, db } = made;
  const conf = join(dir, 'sync.conf');
  writeFileSync(conf, '[audit]\nread_lines = sync\n');
  const busy = await startServer({ ...made, db: withLockTimeout(db, 200), extraArgs: ['--config', conf] });
  try {
    const c = new Client(busy.base);
    assert.equal((await c.login('mette')).status, 303);
    const id = (await c.get('/api/v1/citizens')).json().citizens[0].id;
    const release = await holdWriteLock(db, ['audit_log']);
    const res = await c.get(`/citizens/${id}`);
    await release();
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.match(res.text, /revisionsloggen/);
    assert.doesNotMatch(res.text, /Baggrund ved opstart/);
    const again = await c.get(`/citizens/${id}`);
    assert.equal(again.status, 200, 'served again once written: ' + busy.stderr);
  } finally {
    assert.equal(await busy.stop(), 0, busy.stderr);
  }
});

test('async: reads go on while the log catches up, stop when it lags, and no line is lost', async () => {
  const made = demoDatabase({ citizens: 5, seed: 12 });
  const { dir, db } = made;
  const conf = join(dir, 'async.conf');
  writeFileSync(conf, '[audit]\nread_lines = async\nread_max_delay_ms = 200\n');
  const lagging = await startServer({ db, dir, extraArgs: ['--config', conf] });
  try {
    const c = new Client(lagging.base);
    const boss = new Client(lagging.base);
    assert.equal((await c.login('mette')).status, 303);
    assert.equal((await boss.login('leder')).status, 303);
    const id = (await c.get('/api/v1/citizens')).json().citizens[0].id;
    const release = await holdWriteLock(db, ['audit_log']);
    const first = await c.get(`/citizens/${id}`);
    await sleep(500);
    const second = await c.get(`/citizens/${id}`);
    await release();
    assert.equal(first.status, 200, 'the first read is queued');
    assert.equal(second.status, 503, 'the log lags: no more data');
    assert.match(second.text, /revisionsloggen/);
    const third = await eventually(async () => (await c.get(`/citizens/${id}`)).status === 200);
    assert.ok(third, 'served again once the log caught up');
    const reads = await eventually(async () => {
      const f = (await boss.get(`/api/v1/audit?citizen=${id}`)).json();
      const r = readsOf(f.entries, id);
      return r.length >= 2 ? r : null;
    });
    assert.ok(reads, 'the queued read and the later one are both in the log');
    assert.equal(reads.length, 2, 'the refused read left no line');
  } finally {
    assert.equal(await lagging.stop({ keepDir: true }), 0, lagging.stderr);
  }
  const check = spor(['--db', db, 'check']);
  dropDatabase(made);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});
