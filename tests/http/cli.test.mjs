// cli.test.mjs — the spor command line: versions, exit codes, users.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  Client, demoDatabase, dropDatabase, newDatabase, onPostgres, spor, startServer,
} from './harness.mjs';

const made = newDatabase('cli');
const { dir, db } = made;
after(() => dropDatabase(made));

test('--version and --help', () => {
  const v = spor(['--version']);
  assert.equal(v.status, 0);
  assert.match(v.stdout, /^spor \d+\.\d+\.\d+\n$/);
  const h = spor(['--help']);
  assert.equal(h.status, 0);
  assert.match(h.stdout, /init/);
  for (const cmd of ['init', 'migrate', 'check', 'serve', 'demo', 'user add', 'user list', 'org list']) {
    const r = spor([...cmd.split(' '), '--help']);
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /--db/, `${cmd} --help names --db`);
  }
});

test('wrong usage exits 2 with one line', () => {
  for (const args of [['--nope'], ['fly'], ['serve', '--nope'], ['demo', '--citizens', 'mange'], ['user'], ['user', 'fly']]) {
    const r = spor(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.trim().length > 0, `${args.join(' ')} says why`);
  }
  assert.equal(spor([]).status, 2);
});

test('a missing database: one line and exit 1, nothing created', () => {
  const missing = onPostgres ? 'postgresql:///spor_findes_ikke' : `sqlite:${dir}/none.db`;
  for (const cmd of ['check', 'migrate', 'serve', 'demo']) {
    const r = spor(['--db', missing, cmd]);
    assert.equal(r.status, 1, cmd);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /findes ikke/);
  }
  assert.equal(spor(['--db', 'mysql://x', 'init']).status, 1);
});

test('an unreachable PostgreSQL server: one Danish line naming host and port, never the password', () => {
  for (const cmd of ['check', 'serve', 'init']) {
    const r = spor(['--db', 'postgresql://spor:hemmelig-kode@127.0.0.1:1/spor', cmd]);
    assert.equal(r.status, 1, cmd);
    assert.equal(r.stderr.trim().split('\n').length, 1, `${cmd}: ${r.stderr}`);
    assert.match(r.stderr, /kan ikke forbinde til PostgreSQL på 127\.0\.0\.1:1/);
    assert.doesNotMatch(r.stderr + r.stdout, /hemmelig/);
  }
});

test('init, check, init again, migrate', () => {
  const first = spor(['--db', db, 'init']);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /version \d+/);
  const check = spor(['--db', db, 'check']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.equal(spor(['--db', db, 'init']).status, 0);
  const mig = spor(['--db', db, 'migrate']);
  assert.equal(mig.status, 0);
  assert.match(mig.stdout, /0 migreringer/);
});

test('SPOR_DB and spor.conf choose the database', () => {
  const viaEnv = spor(['check'], { env: { SPOR_DB: db } });
  assert.equal(viaEnv.status, 0, viaEnv.stderr);
  const conf = join(dir, 'spor.conf');
  writeFileSync(conf, `[database]\nurl=${db}\n`);
  assert.equal(spor(['--config', conf, 'check']).status, 0);
  writeFileSync(conf, '[database\nurl=');
  const bad = spor(['--config', conf, 'check']);
  assert.equal(bad.status, 1);
});

test('org add, user add with a password on stdin, list, disable', async () => {
  const org = spor(['--db', db, 'org', 'add', '--organisation', 'Prøvekommune', '--kind', 'municipality']);
  assert.equal(org.status, 0, org.stderr);
  const orgId = /organisation (\d+)/.exec(org.stdout)[1];
  const offer = spor(['--db', db, 'org', 'add', '--offer', 'Prøvetilbud', '--in', orgId]);
  const offerId = /tilbud (\d+)/.exec(offer.stdout)[1];
  const unit = spor(['--db', db, 'org', 'add', '--unit', 'Prøveafdeling', '--in', offerId]);
  const unitId = /afdeling (\d+)/.exec(unit.stdout)[1];
  assert.match(spor(['--db', db, 'org', 'list']).stdout, /Prøveafdeling/);

  const add = spor(['--db', db, 'user', 'add', 'karen', '--name', 'Karen Prøve', '--role', 'staff', '--unit', unitId],
    { input: 'en-god-lang-adgangskode\n' });
  assert.equal(add.status, 0, add.stderr);
  const dup = spor(['--db', db, 'user', 'add', 'karen', '--name', 'Igen', '--role', 'staff', '--unit', unitId],
    { input: 'en-god-lang-adgangskode\n' });
  assert.equal(dup.status, 1);
  const short = spor(['--db', db, 'user', 'add', 'kort', '--name', 'Kort', '--role', 'staff', '--unit', unitId],
    { input: 'kort\n' });
  assert.notEqual(short.status, 0);
  assert.match(short.stderr, /mindst 10 tegn/);
  const noScope = spor(['--db', db, 'user', 'add', 'ingen', '--name', 'Ingen', '--role', 'staff'], { input: 'en-god-lang-adgangskode\n' });
  assert.equal(noScope.status, 2);
  const list = spor(['--db', db, 'user', 'list']);
  assert.match(list.stdout, /karen/);
  assert.match(list.stdout, /staff@unit/);
  const json = JSON.parse(spor(['--db', db, 'user', 'list', '--json']).stdout);
  assert.equal(json.find((u) => u.username === 'karen').roles[0].role, 'staff');

  const server = await startServer({ db, dir: null });
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('karen', 'en-god-lang-adgangskode')).status, 303);
    assert.equal((await c.get('/citizens')).status, 200);
    assert.equal(spor(['--db', db, 'user', 'disable', 'karen']).status, 0);
    assert.equal((await c.get('/citizens')).status, 303, 'disabling ends the session');
    assert.equal((await new Client(server.base).login('karen', 'en-god-lang-adgangskode')).status, 422);
    assert.equal(spor(['--db', db, 'user', 'enable', 'karen']).status, 0);
    assert.equal(spor(['--db', db, 'user', 'passwd', 'karen'], { input: 'en-helt-ny-adgangskode\n' }).status, 0);
    assert.equal((await new Client(server.base).login('karen', 'en-helt-ny-adgangskode')).status, 303);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('demo is refused on a database with users; --print-logins writes nothing', () => {
  const r = spor(['--db', db, 'demo', '--citizens', '5']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /allerede/);
  const p = spor(['--db', db, 'demo', '--print-logins']);
  assert.equal(p.status, 0);
  assert.match(p.stdout, /mette/);
});

test('serve: a taken port or a bad address is one line and exit ≠ 0', async () => {
  const server = await startServer({ db, dir: null });
  try {
    const port = new URL(server.base).port;
    const r = spor(['--db', db, 'serve', '--listen', `127.0.0.1:${port}`]);
    assert.equal(r.status, 1);
    assert.match(r.stderr, new RegExp(`127\\.0\\.0\\.1:${port}`));
    assert.equal(spor(['--db', db, 'serve', '--listen', 'nowhere']).status, 2);
  } finally {
    assert.equal(await server.stop(), 0);
  }
});

test('copy: the whole installation to another database, proved by checksums, and it serves', async () => {
  const source = demoDatabase({ citizens: 12, seed: 6 });
  const target = { dir: mkdtempSync(join(tmpdir(), 'spor-copy-')) };
  target.db = `sqlite:${target.dir}/kopi.db`;
  try {
    const r = spor(['copy', '--from', source.db, '--to', target.db]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^citizen\s+12\s+[0-9a-f]{16}…$/m);
    assert.match(r.stdout, /^measurement_answer\s+\d+/m);
    assert.match(r.stdout, /antal og kontrolsum er ens i begge/);
    assert.equal(spor(['--db', target.db, 'check']).status, 0);
    // check --sums: the same table sums from both databases.
    const sumsOf = (db) => spor(['--db', db, 'check', '--sums']).stdout.split('\n')
      .filter((l) => /^[a-z_]+\s+\d+\s+[0-9a-f]{64}$/.test(l));
    assert.ok(sumsOf(source.db).length >= 15);
    assert.deepEqual(sumsOf(target.db), sumsOf(source.db));

    const again = spor(['copy', '--from', source.db, '--to', target.db]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /ikke tom/);
    assert.equal(again.stderr.trim().split('\n').length, 1);
    assert.equal(spor(['copy', '--from', source.db, '--to', source.db]).status, 2);
    assert.equal(spor(['copy', '--from', source.db]).status, 2);

    // The same report from both, and the copy serves the same pages.
    const a = JSON.parse(spor(['--db', source.db, 'report', 'change', '--json']).stdout);
    const b = JSON.parse(spor(['--db', target.db, 'report', 'change', '--json']).stdout);
    assert.deepEqual(b, a);
    const server = await startServer({ db: target.db });
    try {
      const c = new Client(server.base);
      assert.equal((await c.login('mette')).status, 303);
      assert.equal((await c.get('/citizens')).status, 200);
    } finally {
      assert.equal(await server.stop({ keepDir: true }), 0);
    }

    if (onPostgres) {
      // And back into a new PostgreSQL database.
      const back = newDatabase('tilbage');
      try {
        const r2 = spor(['copy', '--from', target.db, '--to', back.db]);
        assert.equal(r2.status, 0, r2.stderr);
        const c2 = JSON.parse(spor(['--db', back.db, 'report', 'change', '--json']).stdout);
        assert.deepEqual(c2, a);
      } finally {
        dropDatabase(back);
      }
    }
  } finally {
    dropDatabase(source);
    dropDatabase(target);
  }
});

test('report attainment: goals per life area in the five categories, small cells suppressed', () => {
  const made = demoDatabase({ citizens: 40, seed: 8 });
  try {
    const table = spor(['--db', made.db, 'report', 'attainment']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /målopfyldelse/);
    assert.match(table.stdout, /livsområde\s+mål\s+nået\+\s+bedre\s+fastholdt\s+uændret\s+værre/);
    const json = JSON.parse(spor(['--db', made.db, 'report', 'attainment', '--json']).stdout);
    assert.equal(json.report, 'attainment');
    assert.equal(json.instrument, 'vum-livsomraader');
    assert.ok(json.rows.length > 0);
    const categories = ['reached_improve', 'improved', 'reached_maintain', 'no_change', 'worse'];
    for (const row of json.rows) {
      if (row.suppressed) {
        assert.equal(row.n, null);
        for (const c of categories) assert.equal(row[c], undefined);
      } else {
        assert.ok(row.n >= 5);
        assert.equal(categories.reduce((sum, c) => sum + row[c], 0), row.n);
      }
    }
    const staff = spor(['--db', made.db, 'report', 'attainment', '--respondent', 'staff', '--json']);
    assert.equal(staff.status, 0, staff.stderr);
    assert.equal(spor(['--db', made.db, 'report', 'attainment', 'mere']).status, 2);
    const robot = spor(['--db', made.db, 'report', 'attainment', '--respondent', 'robot']);
    assert.equal(robot.status, 1);
    assert.match(robot.stderr, /ukendt besvarer/);
    const unknown = spor(['--db', made.db, 'report', 'attainment', '--instrument', 'findes-ikke']);
    assert.equal(unknown.status, 1);
  } finally {
    dropDatabase(made);
  }
});

test('report: change and development in Danish, as JSON, small cells suppressed', () => {
  const made = demoDatabase({ citizens: 30, seed: 8 });
  try {
    const table = spor(['--db', made.db, 'report', 'change']);
    assert.equal(table.status, 0, table.stderr);
    assert.match(table.stdout, /indsats\s+livsområde\s+forløb/);
    const json = JSON.parse(spor(['--db', made.db, 'report', 'change', '--json']).stdout);
    assert.equal(json.report, 'change');
    assert.equal(json.suppress_below, 5);
    assert.ok(json.rows.length > 0);
    for (const row of json.rows) {
      if (row.suppressed) {
        assert.equal(row.n, null);
        assert.equal(row.mean_change, undefined);
      } else {
        assert.ok(row.n >= 5);
        assert.equal(row.mean_change, row.sum_change / row.n);
      }
    }
    const dev = JSON.parse(spor(['--db', made.db, 'report', 'development', '--json']).stdout);
    assert.equal(dev.rows.length, 7);
    for (const row of dev.rows.filter((r) => !r.suppressed))
      assert.equal(row.improved + row.unchanged + row.worsened, row.n);
    assert.equal(spor(['--db', made.db, 'report']).status, 2);
    assert.equal(spor(['--db', made.db, 'report', 'change', '--respondent', 'robot']).status, 1);
    assert.equal(spor(['--db', made.db, 'report', 'change', '--instrument', 'findes-ikke']).status, 1);
  } finally {
    dropDatabase(made);
  }
});
