// postgres.test.mjs — what only PostgreSQL has: a database server apart
// from spor that may end spor's connections or stop altogether.  Requests
// that meet a lost connection get 503 with Retry-After in Danish; the
// connection pool makes its connections again, and the next requests are
// served.  Only the PostgreSQL suite runs this file (scripts/test).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import { Client, onPostgres, pgClient, startServer } from './harness.mjs';

assert.ok(onPostgres, 'this file is for the PostgreSQL suite (SPOR_TEST_PG)');
{
  let server;
  let staff;
  before(async () => {
    server = await startServer();
    staff = new Client(server.base);
    assert.equal((await staff.login('mette')).status, 303);
  });
  after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

  /** pg_ctlcluster for the throw-away cluster pg_virtualenv made. */
  function cluster(action) {
    const r = spawnSync('pg_ctlcluster', [process.env.PGVERSION, 'regress', action, '-m', 'fast'],
      { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  }

  test('the database ends every connection of the server: the next requests are served', async () => {
    const db = new URL(server.db.replace(/^postgresql:/, 'http:')).pathname.slice(1);
    pgClient('psql', ['-X', '-q', '-A', '-t', '-d', db, '-c',
      'SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity'
      + ' WHERE datname = current_database() AND pid <> pg_backend_pid()']);
    for (let i = 0; i < 6; i++) {
      const res = await staff.get(i % 2 ? '/citizens' : '/api/v1/citizens');
      assert.equal(res.status, 200, `request ${i + 1}`);
    }
  });

  test('the database server stops: 503 in Danish with Retry-After; back when it is back', async () => {
    cluster('stop');
    try {
      const res = await staff.get('/citizens');
      assert.equal(res.status, 503);
      assert.match(res.text, /Databasen kan ikke nås/);
      assert.equal(res.headers.get('retry-after'), '5');
      const api = await staff.get('/api/v1/citizens');
      assert.equal(api.status, 503);
    } finally {
      cluster('start');
    }
    assert.equal((await staff.get('/citizens')).status, 200);
    assert.match(server.stderr, /kan ikke forbinde til PostgreSQL på/);
  });
}
