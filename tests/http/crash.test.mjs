// crash.test.mjs — crash safety: `spor serve` is killed with SIGKILL while
// requests write; after a restart every acknowledged write is there, no
// write is there in part (a citizen without its course or its audit line),
// and `spor check` finds the database whole and the audit chain unbroken;
// on SQLite and on PostgreSQL alike.  A full disk and a database that
// turns read-only give a clear 503 in Danish and change nothing.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { statSync } from 'node:fs';
import {
  Client, demoDatabase, dropDatabase, onPostgres, pgClient, spor, sqlExec, startServer,
} from './harness.mjs';

test('SIGKILL while writing loses no acknowledged write and leaves no half-written one', async () => {
  const made = demoDatabase({ citizens: 10, seed: 21 });
  const { dir, db } = made;
  let server = await startServer({ db, dir });
  const acknowledged = new Set();
  let attempts = 0;
  try {
    const workers = [];
    for (let w = 0; w < 4; w++) {
      workers.push((async () => {
        const c = new Client(server.base);
        assert.equal((await c.login('mette')).status, 303);
        const form = await c.get('/citizens/new');
        const csrf = Client.csrfFrom(form.text);
        const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
        const intervention = /<option value="(\d+)"[^>]*>[^<]*Kastanjehuset/.exec(
          form.text.slice(form.text.indexOf('intervention_id')))[1];
        for (let i = 0; ; i++) {
          attempts++;
          let res;
          try {
            res = await c.post('/citizens', { csrf_token: csrf, unit_id: unit, first_name: `W${w}`,
              last_name: `Nedbrud${w}x${i}`, intervention_id: intervention });
          } catch {
            return; // the server is gone
          }
          if (res.status === 303) acknowledged.add(`Nedbrud${w}x${i}`);
        }
      })());
    }
    await sleep(800);
    const killed = new Promise((resolve) => server.proc.on('exit', resolve));
    server.proc.kill('SIGKILL');
    await killed;
    await Promise.all(workers);
  } finally {
    if (server.proc.exitCode === null) server.proc.kill('SIGKILL');
  }
  assert.ok(acknowledged.size > 10, `writes acknowledged before the kill: ${acknowledged.size} of ${attempts}`);

  server = await startServer({ db, dir });
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('mette')).status, 303);
    const found = [];
    for (let w = 0; w < 4; w++) {
      const list = (await c.get(`/api/v1/citizens?q=Nedbrud${w}x`)).json();
      assert.ok(list.total < 500, 'one worker\'s citizens fit on one list');
      found.push(...list.citizens);
    }
    const names = new Set(found.map((x) => x.last_name));
    for (const name of acknowledged) assert.ok(names.has(name), `acknowledged ${name} is there`);
    assert.ok(found.length <= acknowledged.size + 4, 'at most the requests in flight more');
    const leader = new Client(server.base);
    assert.equal((await leader.login('leder')).status, 303);
    // Those written but not acknowledged (in flight at the kill) are the
    // ones that could be half-written; a sample of the others too.
    const suspects = found.filter((x) => !acknowledged.has(x.last_name));
    const sample = found.filter((x, i) => acknowledged.has(x.last_name) && i % 10 === 0);
    for (const citizen of [...suspects, ...sample]) {
      const page = (await c.get(`/api/v1/citizens/${citizen.id}`)).json();
      assert.equal(page.courses.length, 1, `${citizen.last_name} has its course`);
      const lines = (await leader.get(`/api/v1/audit?citizen=${citizen.id}`)).json().entries;
      assert.ok(lines.some((l) => l.action === 'citizen.create'), `${citizen.last_name} has its audit line`);
    }
  } finally {
    assert.equal(await server.stop({ keepDir: true }), 0, server.stderr);
  }
  const check = spor(['--db', db, 'check']);
  dropDatabase(made);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, /ubrudt kæde/);
});

/** Registers citizens until the server refuses one; returns {acknowledged, refused}. */
async function writeUntilRefused(c, limit) {
  const form = await c.get('/citizens/new');
  const csrf = Client.csrfFrom(form.text);
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const intervention = /<option value="(\d+)"[^>]*>[^<]*Kastanjehuset/.exec(
    form.text.slice(form.text.indexOf('intervention_id')))[1];
  const acknowledged = [];
  for (let i = 0; i < limit; i++) {
    const res = await c.post('/citizens', { csrf_token: csrf, unit_id: unit, first_name: 'Fuld',
      last_name: `Disk${i}`, intervention_id: intervention, diagnoses: 'x'.repeat(400) });
    if (res.status !== 303) return { acknowledged, refused: res };
    acknowledged.push(`Disk${i}`);
  }
  return { acknowledged, refused: null };
}

test('a full disk: 503 in Danish, nothing half-written, every acknowledged write kept', { skip: onPostgres && 'the disk of a PostgreSQL server is its operator\'s' }, async () => {
  const made = demoDatabase({ citizens: 5, seed: 22 });
  const file = made.db.slice('sqlite:'.length);
  // The WAL file may grow to 96 KiB past the size of the database file.
  const limit = Math.ceil(statSync(file).size / 1024) + 96;
  let server = await startServer({ ...made, fileSizeLimitKiB: limit });
  let acknowledged;
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('mette')).status, 303);
    const result = await writeUntilRefused(c, 500);
    acknowledged = result.acknowledged;
    assert.ok(result.refused, 'the disk filled up');
    assert.equal(result.refused.status, 503, server.stderr);
    assert.match(result.refused.text, /Disken er fuld eller kan ikke skrives, så intet kan gemmes/);
    assert.equal(result.refused.headers.get('retry-after'), '60');
    assert.ok(acknowledged.length > 0, 'some writes went through first');
    assert.match(server.stderr, /disken er fuld/);
  } finally {
    assert.equal(await server.stop({ keepDir: true }), 0, server.stderr);
  }
  server = await startServer({ ...made });
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('mette')).status, 303);
    const list = (await c.get('/api/v1/citizens?q=Disk')).json();
    assert.deepEqual(list.citizens.map((x) => x.last_name).sort(), [...acknowledged].sort());
    for (const citizen of list.citizens) {
      assert.equal((await c.get(`/api/v1/citizens/${citizen.id}`)).json().courses.length, 1);
    }
  } finally {
    assert.equal(await server.stop({ keepDir: true }), 0, server.stderr);
  }
  const check = spor(['--db', made.db, 'check']);
  dropDatabase(made);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test('a database that turns read-only: pages still read, writes get 503 in Danish and change nothing', { skip: !onPostgres && 'SQLite: the store test provokes it with query_only' }, async () => {
  const made = demoDatabase({ citizens: 5, seed: 23 });
  const server = await startServer(made);
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('mette')).status, 303);
    const before = (await c.get('/api/v1/citizens')).json().total;
    // As a failover to a standby would: new connections are read-only,
    // and the server's connections are dropped so that it reconnects.
    pgClient('psql', ['-X', '-q', '-d', made.pgName, '-c',
      `ALTER DATABASE ${made.pgName} SET default_transaction_read_only = on`]);
    pgClient('psql', ['-X', '-q', '-d', 'postgres', '-c',
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${made.pgName}' AND pid <> pg_backend_pid()`]);
    let page;
    for (let i = 0; i < 5; i++) {
      page = await c.get('/api/v1/citizens');
      if (page.status === 200) break;
    }
    assert.equal(page.status, 200, 'reads work once reconnected');
    const { acknowledged, refused } = await writeUntilRefused(c, 1);
    assert.deepEqual(acknowledged, []);
    assert.equal(refused.status, 503);
    assert.match(refused.text, /skrivebeskyttet/);
    pgClient('psql', ['-X', '-q', '-d', 'postgres', '-c',
      `ALTER DATABASE ${made.pgName} SET default_transaction_read_only = off`]);
    pgClient('psql', ['-X', '-q', '-d', 'postgres', '-c',
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${made.pgName}' AND pid <> pg_backend_pid()`]);
    let after;
    for (let i = 0; i < 5; i++) {
      after = await c.get('/api/v1/citizens');
      if (after.status === 200) break;
    }
    assert.equal(after.json().total, before, 'nothing was written');
  } finally {
    assert.equal(await server.stop({ keepDir: true }), 0, server.stderr);
  }
  const check = spor(['--db', made.db, 'check']);
  dropDatabase(made);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});

test('SIGKILL during spor import leaves nothing of the file; the import run again brings it all', async () => {
  const { spawn } = await import('node:child_process');
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const made = demoDatabase({ citizens: 5, seed: 24 });
  try {
    const units = spor(['--db', made.db, 'org', 'list']).stdout;
    const unit = /(\d+)\s.*Hus A/.exec(units)?.[1];
    assert.ok(unit, units);
    const rows = ['citizen_ref,unit_id,first_name,last_name,birth_date,diagnoses'];
    // PostgreSQL imports row by row over the socket: fewer rows keep the
    // import running past the kills without making the test long.
    const total = onPostgres ? 2000 : 40000;
    for (let i = 0; i < total; i++) rows.push(`imp-${i},${unit},Import,Række${i},1990-01-01,"a, b og ""c"""`);
    const file = join(made.dir, 'borgere.csv');
    writeFileSync(file, rows.join('\n') + '\n');
    const count = () => Number(sqlExec(made.db, "SELECT COUNT(*) FROM citizen WHERE last_name LIKE 'Række%'").trim());
    // Kill it at several moments: while checking the file, while writing.
    let killed = 0;
    for (const delay of [50, 400, 1200]) {
      const proc = spawn(process.env.SPOR_BIN ?? new URL('../../build/src/spor', import.meta.url).pathname,
        ['--db', made.db, 'import', 'citizens', file, '--user', 'mette'], { stdio: 'ignore' });
      const exited = new Promise((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
      await sleep(delay);
      proc.kill('SIGKILL');
      const end = await exited;
      const n = count();
      if (end.signal === 'SIGKILL') {
        assert.equal(n, 0, `killed after ${delay} ms: nothing of the file is there`);
        killed++;
      } else {
        assert.equal(n, total, 'finished before the kill: all of it is there');
        assert.ok(killed > 0, 'at least one import was killed while it ran');
        return;
      }
      const check = spor(['--db', made.db, 'check']);
      assert.equal(check.status, 0, check.stdout + check.stderr);
    }
    const again = spor(['--db', made.db, 'import', 'citizens', file, '--user', 'mette']);
    assert.equal(again.status, 0, again.stderr);
    assert.equal(count(), total);
    const check = spor(['--db', made.db, 'check']);
    assert.equal(check.status, 0, check.stdout + check.stderr);
  } finally {
    dropDatabase(made);
  }
});
