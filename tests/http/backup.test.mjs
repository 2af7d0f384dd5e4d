// backup.test.mjs — `spor backup` while the server writes, and `spor
// restore` of that file: the restored database is whole, holds no
// half-written change, and compares equal (row counts and checksums of
// every table) with a quiet original; a bad, changed or foreign file is
// refused and leaves the database as it was.  SQLite only: PostgreSQL is
// backed up with pg_dump, which `spor backup` says there.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import {
  Client, demoDatabase, dropDatabase, onPostgres, spor, sqlExec, startServer,
} from './harness.mjs';

/** Runs the spor CLI without blocking the event loop (the server's clients go on). */
function sporAsync(args) {
  return new Promise((resolve) => {
    const proc = spawn(process.env.SPOR_BIN ?? new URL('../../build/src/spor', import.meta.url).pathname,
      args, { env: { ...process.env, LANGUAGE: '', LC_ALL: 'C.UTF-8' } });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d) => { stdout += d; });
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

/** `spor check --sums` without its last line (which names the database). */
function sums(db) {
  const r = spor(['--db', db, 'check', '--sums']);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  return r.stdout.split('\n').filter((l) => l && !l.startsWith('Databasen ')).join('\n');
}

test('on PostgreSQL spor backup points to pg_dump', { skip: !onPostgres }, () => {
  const made = demoDatabase({ citizens: 3, seed: 1 });
  try {
    const r = spor(['--db', made.db, 'backup', join(made.dir, 'x.db')]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /pg_dump/);
    assert.equal(existsSync(join(made.dir, 'x.db')), false);
    const back = spor(['--db', made.db, 'restore', join(made.dir, 'x.db')]);
    assert.notEqual(back.status, 0);
  } finally {
    dropDatabase(made);
  }
});

test('a backup taken while the server writes restores whole', { skip: onPostgres }, async () => {
  const made = demoDatabase({ citizens: 20, seed: 31 });
  const server = await startServer(made);
  const backup = join(made.dir, 'kopi.db');
  let writing = true;
  let written = 0;
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('mette')).status, 303);
    const form = await c.get('/citizens/new');
    const csrf = Client.csrfFrom(form.text);
    const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
    const intervention = /<option value="(\d+)"[^>]*>[^<]*Kastanjehuset/.exec(
      form.text.slice(form.text.indexOf('intervention_id')))[1];
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        const res = await c.post('/citizens', { csrf_token: csrf, unit_id: unit, first_name: 'Kopi',
          last_name: `Skrevet${i}`, intervention_id: intervention });
        assert.equal(res.status, 303, res.text);
        written++;
      }
    })();
    while (written < 5) await sleep(20);
    const before = written;
    const r = await sporAsync(['--db', made.db, 'backup', backup]);
    const after = written;
    writing = false;
    await writer;
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Sikkerhedskopien er skrevet til/);
    assert.match(r.stdout, /nøglefilen/);
    assert.ok(after >= before, 'the server went on writing');
    assert.equal(existsSync(`${backup}-wal`), false, 'the copy is one file');

    // Another, quiet copy of the same server: equal to the original.
    const quiet = join(made.dir, 'stille.db');
    assert.equal(spor(['--db', made.db, 'backup', quiet]).status, 0);
    const restoredQuiet = `sqlite:${join(made.dir, 'gendannet-stille.db')}`;
    const q = spor(['--db', restoredQuiet, 'restore', quiet]);
    assert.equal(q.status, 0, q.stdout + q.stderr);
    assert.equal(sums(restoredQuiet), sums(made.db));
  } finally {
    writing = false;
    assert.equal(await server.stop({ keepDir: true }), 0, server.stderr);
  }

  // The copy taken while writing: whole, every citizen with its course and
  // its audit line, the chain unbroken.
  const restored = `sqlite:${join(made.dir, 'gendannet.db')}`;
  const r = spor(['--db', restored, 'restore', backup]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /ubrudt kæde/);
  assert.match(r.stdout, /er gendannet fra .* og er i orden/);
  const orphans = sqlExec(restored,
    "SELECT COUNT(*) FROM citizen c WHERE c.last_name LIKE 'Skrevet%' AND"
    + " (NOT EXISTS (SELECT 1 FROM course k WHERE k.citizen_id = c.id) OR"
    + " NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.citizen_id = c.id AND a.action = 'citizen.create'))");
  assert.equal(orphans.trim(), '0');
  const copied = Number(sqlExec(restored, "SELECT COUNT(*) FROM citizen WHERE last_name LIKE 'Skrevet%'").trim());
  assert.ok(copied >= 5 && copied <= written, `${copied} of ${written} writes in the copy`);

  // The restored installation serves.
  const again = await startServer({ db: restored });
  try {
    const c = new Client(again.base);
    assert.equal((await c.login('mette')).status, 303);
    assert.equal((await c.get('/api/v1/citizens?q=Skrevet')).json().total, copied);
  } finally {
    await again.stop({ keepDir: true });
  }
  dropDatabase(made);
});

test('a bad, changed or foreign backup is refused and changes nothing', { skip: onPostgres }, () => {
  const made = demoDatabase({ citizens: 8, seed: 32 });
  try {
    const target = made.db;
    const original = sums(target);
    const backup = join(made.dir, 'kopi.db');
    assert.equal(spor(['--db', target, 'backup', backup]).status, 0);
    const size = statSync(backup).size;

    const exists = spor(['--db', target, 'backup', backup]);
    assert.equal(exists.status, 1);
    assert.match(exists.stderr, /findes allerede/);
    assert.equal(statSync(backup).size, size, 'the old backup is untouched');

    const busy = spor(['--db', target, 'restore', backup]);
    assert.equal(busy.status, 2, 'a database with data needs --replace');
    assert.match(busy.stderr, /--replace/);

    const missing = spor(['--db', target, 'restore', '--replace', join(made.dir, 'ingen.db')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /findes ikke/);

    const garbage = join(made.dir, 'affald.db');
    writeFileSync(garbage, 'dette er ikke en database\n'.repeat(200));
    const g = spor(['--db', target, 'restore', '--replace', garbage]);
    assert.equal(g.status, 1);
    assert.match(g.stderr, /ikke en SQLite-database/);

    const truncated = join(made.dir, 'afkortet.db');
    writeFileSync(truncated, readFileSync(backup).subarray(0, Math.floor(size / 2)));
    const t = spor(['--db', target, 'restore', '--replace', truncated]);
    assert.notEqual(t.status, 0, 'half a database is not restored');

    const foreign = join(made.dir, 'fremmed.db');
    sqlExec(`sqlite:${foreign}`, 'CREATE TABLE noget (x INTEGER)');
    const f = spor(['--db', target, 'restore', '--replace', foreign]);
    assert.equal(f.status, 1);
    assert.match(f.stderr, /ikke en sikkerhedskopi fra spor/);

    const changed = join(made.dir, 'aendret.db');
    writeFileSync(changed, readFileSync(backup));
    sqlExec(`sqlite:${changed}`, 'UPDATE audit_log SET action = \'citizen.read\' WHERE seq = 1');
    const c = spor(['--db', target, 'restore', '--replace', changed]);
    assert.equal(c.status, 3, c.stdout + c.stderr);
    assert.match(c.stdout, /linje 1 er ændret/);
    assert.match(c.stderr, /intet er gendannet/);

    assert.equal(sums(target), original, 'the database is as it was');
    const ok = spor(['--db', target, 'restore', '--replace', backup]);
    assert.equal(ok.status, 0, ok.stdout + ok.stderr);
    assert.equal(sums(target), original);
  } finally {
    dropDatabase(made);
  }
});
