// servers.test.mjs — two `spor serve` processes on one database give the
// same answers: a session made on one works on the other, logging out on
// one ends it on both, failed logins on both count together, and a change
// made through one is on the other's pages at once (its kept pages are
// not served stale).  SQLite (one file) and PostgreSQL alike.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, demoDatabase, dropDatabase, startServer } from './harness.mjs';

let made;
let a;
let b;
before(async () => {
  made = demoDatabase({ citizens: 20, seed: 5 });
  a = await startServer({ db: made.db });
  b = await startServer({ db: made.db });
});
after(async () => {
  assert.equal(await a.stop(), 0, a.stderr);
  assert.equal(await b.stop(), 0, b.stderr);
  dropDatabase(made);
});

/** The same client (cookie jar) talking to another server. */
function on(server, client) {
  const other = new Client(server.base);
  other.cookies = client.cookies;
  return other;
}

test('log in on A, use the session on B, log out on B, and A no longer knows it', async () => {
  const onA = new Client(a.base);
  assert.equal((await onA.login('mette')).status, 303);
  const onB = on(b, onA);
  const list = await onB.get('/citizens');
  assert.equal(list.status, 200);
  assert.match(list.text, /Mette Kjær/);
  const api = await onB.get('/api/v1/citizens');
  assert.equal(api.status, 200);
  assert.ok(api.json().total > 0);

  const out = await onB.post('/logout', { csrf_token: Client.csrfFrom(list.text) });
  assert.equal(out.status, 303);
  const stale = new Client(a.base);
  stale.cookies.set('spor_session', onA.cookies.get('spor_session') ?? '');
  assert.equal((await stale.get('/citizens')).status, 303);
});

test('a citizen registered through A is on B\'s list and page at once', async () => {
  // Both servers keep rendered pages; the data revision in the database
  // tells B that its kept list is stale.
  const onA = new Client(a.base);
  assert.equal((await onA.login('leder')).status, 303);
  const onB = on(b, onA);
  const before = await onB.get('/citizens');
  assert.equal(before.status, 200);
  assert.equal((await onB.get('/citizens')).text, before.text, 'B keeps its page');
  assert.doesNotMatch(before.text, /Tværserver/);

  const form = await onA.get('/citizens/new');
  const unit = /<option value="(\d+)"/.exec(form.text)[1];
  const created = await onA.post('/citizens', {
    csrf_token: Client.csrfFrom(form.text), unit_id: unit, first_name: 'Tove', last_name: 'Tværserver',
  });
  assert.equal(created.status, 303, created.text);
  const after = await onB.get('/citizens');
  assert.match(after.text, /Tværserver/);
  const page = await onB.get(created.headers.get('location'));
  assert.equal(page.status, 200);
  assert.match(page.text, /Tove Tværserver/);
});

// Last: afterwards this address may not log in for a quarter of an hour.
test('failed logins on A and B count together: the sixth is throttled on either', async () => {
  const onA = new Client(a.base);
  const onB = new Client(b.base);
  for (let i = 0; i < 5; i++) {
    const res = await (i % 2 === 0 ? onA : onB).login('jonas', `forkert-${i}-adgangskode`);
    assert.equal(res.status, 422, `attempt ${i + 1} on ${i % 2 === 0 ? 'A' : 'B'}`);
  }
  for (const client of [onA, onB]) {
    const res = await client.login('jonas');
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) > 0);
  }
});
