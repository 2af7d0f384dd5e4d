// harness.mjs — starts a real `spor serve` on a random loopback port over a
// fresh demo database, and a small HTTP client with a cookie jar.
//
// The binary comes from SPOR_BIN (make test sets it to the normal or the
// sanitizer build).  Each server gets its own temporary directory.  The
// database is SQLite in that directory, or, when SPOR_TEST_PG is set
// (scripts/test does so inside its throw-away PostgreSQL cluster, which
// also sets PGHOST, PGPORT, PGUSER and PGPASSWORD), a PostgreSQL database
// created for it with createdb and dropped when the server stops.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DEMO_PASSWORD = 'spor-demo-2026';
export const bin = process.env.SPOR_BIN ?? new URL('../../build/src/spor', import.meta.url).pathname;

/** Runs the spor CLI; returns {status, stdout, stderr}. */
export function spor(args, { input, env } = {}) {
  const r = spawnSync(bin, args, {
    input,
    encoding: 'utf8',
    env: { ...process.env, LANGUAGE: '', LC_ALL: 'C.UTF-8', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Which backend this run tests. */
export const backend = process.env.SPOR_TEST_PG ? 'postgresql' : 'sqlite';
export const onPostgres = backend === 'postgresql';

let databases = 0;

// On PostgreSQL there is no database file to keep the CPR key beside: each
// test process keeps its own key file in a directory of its own.
if (onPostgres && !process.env.SPOR_KEY_FILE) {
  const keyDir = mkdtempSync(join(tmpdir(), 'spor-key-'));
  process.env.SPOR_KEY_FILE = join(keyDir, 'spor.key');
  process.on('exit', () => rmSync(keyDir, { recursive: true, force: true }));
}

/** The CPR key file spor uses for a database made by newDatabase. */
export function keyFileOf({ dir }) {
  return process.env.SPOR_KEY_FILE ?? join(dir, 'spor.key');
}

/** Runs a PostgreSQL client program (createdb, dropdb, psql) of the cluster. */
export function pgClient(program, args, { input } = {}) {
  const r = spawnSync(program, args, { input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${program} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/**
 * A new, empty database and a temporary directory of its own: {dir, db,
 * pgName}.  db is the URL; pgName the PostgreSQL database, or undefined.
 */
export function newDatabase(name = 'spor') {
  const dir = mkdtempSync(join(tmpdir(), 'spor-test-'));
  if (!onPostgres) return { dir, db: `sqlite:${dir}/${name}.db` };
  const pgName = `spor_h_${process.pid}_${databases++}_${name}`;
  pgClient('createdb', ['--template=template0', '--encoding=UTF8', '--locale=C.UTF-8', pgName]);
  return { dir, db: `postgresql:///${pgName}`, pgName };
}

/** Removes what newDatabase made. */
export function dropDatabase({ dir, pgName }) {
  if (pgName) pgClient('dropdb', ['--force', '--if-exists', pgName]);
  if (dir) rmSync(dir, { recursive: true, force: true });
}

/** A fresh database with demo data: {dir, db, pgName}. */
export function demoDatabase({ citizens = 40, seed = 3 } = {}) {
  const made = newDatabase();
  for (const args of [['init'], ['demo', '--citizens', String(citizens), '--seed', String(seed)]]) {
    const r = spor(['--db', made.db, ...args]);
    if (r.status !== 0) throw new Error(`spor ${args[0]} failed: ${r.stderr}`);
  }
  return made;
}

/** The PostgreSQL database of a postgresql:/// URL, or undefined for SQLite. */
export function pgNameOf(db) {
  const m = /^postgresql:\/\/\/([^?]+)/.exec(db);
  return m ? m[1] : undefined;
}

/** db with a lock wait of ms milliseconds: SQLite's busy timeout, PostgreSQL's lock_timeout. */
export function withLockTimeout(db, ms) {
  return pgNameOf(db) ? `${db}?options=-c%20lock_timeout%3D${ms}` : `${db}?busy_timeout_ms=${ms}`;
}

/**
 * Runs SQL against a test database with the backend's own command-line
 * client (sqlite3 or psql), outside spor; returns its output.
 */
export function sqlExec(db, sql) {
  const pg = pgNameOf(db);
  const r = pg
    ? spawnSync('psql', ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', pg, '-c', sql], { encoding: 'utf8' })
    : spawnSync('sqlite3', [db.replace(/^sqlite:/, '').replace(/\?.*$/, ''), sql], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${sql}: ${r.stderr}`);
  return r.stdout;
}

/**
 * Another process holds a write lock, as a long import would: SQLite's
 * database write lock, or on PostgreSQL an exclusive lock on the given
 * tables (reads go on, writes to them wait).  Resolves to an async
 * function that releases it.
 */
export async function holdWriteLock(db, tables) {
  const pg = pgNameOf(db);
  const holder = pg
    ? spawn('psql', ['-X', '-q', '-A', '-t', '-d', pg], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('sqlite3', [db.replace(/^sqlite:/, '').replace(/\?.*$/, '')], { stdio: ['pipe', 'pipe', 'pipe'] });
  holder.stdin.write(pg
    ? `BEGIN;\nLOCK TABLE ${tables.join(', ')} IN EXCLUSIVE MODE;\nSELECT 'locked';\n`
    : "BEGIN IMMEDIATE;\nSELECT 'locked';\n");
  await new Promise((resolve) => holder.stdout.once('data', resolve));
  return async () => {
    holder.stdin.end('ROLLBACK;\n');
    await new Promise((resolve) => holder.on('exit', resolve));
  };
}

/**
 * Starts `spor serve` on a random port; resolves to a server handle.  With
 * no db, over a new demo database that stop() removes again.
 */
export async function startServer({ db, dir, pgName, extraArgs = [], fileSizeLimitKiB } = {}) {
  if (!db) ({ db, dir, pgName } = demoDatabase());
  const args = ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--threads', '2', ...extraArgs];
  // With fileSizeLimitKiB the server runs under `ulimit -f`: no file it
  // writes may grow past that size, as if the disk were full.
  const [program, argv] = fileSizeLimitKiB
    ? ['bash', ['-c', `ulimit -f ${fileSizeLimitKiB} && exec "$0" "$@"`, bin, ...args]]
    : [bin, args];
  const proc = spawn(program, argv, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, LANGUAGE: '', LC_ALL: 'C.UTF-8' },
  });
  let stderr = '';
  let log = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`spor serve did not start: ${stderr}`)), 20000);
    proc.stdout.on('data', (d) => {
      log += d;
      const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(log);
      if (m) { clearTimeout(timer); resolve(`http://127.0.0.1:${m[1]}`); }
    });
    proc.on('exit', (code) => { clearTimeout(timer); reject(new Error(`spor serve exited ${code}: ${stderr}`)); });
  });
  proc.stdout.on('data', (d) => { log += d; });
  return {
    base, db, dir, proc,
    get log() { return log; },
    get stderr() { return stderr; },
    /** Stops the server; resolves to its exit code (sanitizer reports make it non-zero). */
    async stop({ keepDir = false } = {}) {
      if (proc.exitCode === null) {
        const exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
        proc.kill('SIGTERM');
        const code = await exited;
        if (!keepDir) dropDatabase({ dir, pgName });
        return code;
      }
      return proc.exitCode;
    },
  };
}

/** A client that keeps cookies like a browser (one jar per client). */
export class Client {
  constructor(base) {
    this.base = base;
    this.cookies = new Map();
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async request(method, path, { form, body, headers = {}, json = false } = {}) {
    const h = { ...headers };
    if (this.cookies.size) h.cookie = this.cookieHeader();
    if (json) h.accept = 'application/json';
    let payload = body;
    if (form) {
      payload = new URLSearchParams(form).toString();
      h['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => /max-age=(0|-)/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    return { status: res.status, headers: res.headers, text, setCookies: res.headers.getSetCookie(),
      json() { return JSON.parse(text); } };
  }

  get(path, opts) { return this.request('GET', path, opts); }
  post(path, form, opts = {}) { return this.request('POST', path, { ...opts, form }); }

  /** The CSRF token of the last page that carried one. */
  static csrfFrom(html) {
    const m = /name="csrf_token" value="([^"]+)"/.exec(html);
    if (!m) throw new Error('no csrf_token on the page');
    return m[1];
  }

  /** Logs in through the form; returns the POST response. */
  async login(username, password = DEMO_PASSWORD) {
    const page = await this.get('/login');
    const csrf = Client.csrfFrom(page.text);
    return this.post('/login', { csrf_token: csrf, username, password, next: '/' });
  }

  /** A CSRF token for the current session (from a page with a form). */
  async csrf(path = '/citizens') {
    const page = await this.get(path);
    return Client.csrfFrom(page.text);
  }
}

export const SECURITY_HEADERS = {
  'content-security-policy': /default-src 'self'.*frame-ancestors 'none'/,
  'x-content-type-options': /^nosniff$/,
  'referrer-policy': /./,
  'x-frame-options': /^DENY$/,
};
