// errors.test.mjs — every error status a client can provoke, in Danish,
// with the security headers, and the static files with their caching.
import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { Client, SECURITY_HEADERS, startServer } from './harness.mjs';

let server;
let staff;
before(async () => {
  server = await startServer();
  staff = new Client(server.base);
  assert.equal((await staff.login('mette')).status, 303);
});
after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

function assertSecure(res) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS))
    assert.match(res.headers.get(name) ?? '', pattern, `${name} on ${res.status}`);
}

/** Sends raw bytes and returns the status line and the whole answer. */
function raw(bytes) {
  const url = new URL(server.base);
  return new Promise((resolve, reject) => {
    const sock = net.connect(Number(url.port), url.hostname);
    let data = '';
    sock.on('data', (d) => { data += d; });
    sock.on('end', () => resolve({ status: Number(data.split(' ')[1]), text: data }));
    sock.on('error', reject);
    sock.write(bytes);
  });
}

test('unknown route: 404 in Danish', async () => {
  const res = await staff.get('/findes/ikke');
  assert.equal(res.status, 404);
  assert.match(res.text, /<html lang="da"/);
  assert.match(res.text, /Siden findes ikke/);
  assertSecure(res);
  const api = await staff.get('/api/v1/findes/ikke');
  assert.equal(api.status, 404);
  assert.equal(api.json().error.status, 404);
});

test('malformed ids do not match a route', async () => {
  for (const path of ['/citizens/abc', '/citizens/-1', '/citizens/0', '/citizens/01', '/citizens/99999999999999999999']) {
    const res = await staff.get(path);
    assert.equal(res.status, 404, path);
  }
});

test('wrong method: 405 with Allow', async () => {
  const res = await staff.request('DELETE', '/citizens');
  assert.equal(res.status, 405);
  assert.match(res.headers.get('allow'), /GET/);
  assertSecure(res);
});

test('HEAD answers like GET without a body', async () => {
  const res = await staff.request('HEAD', '/citizens');
  assert.equal(res.status, 200);
  assert.equal(res.text, '');
});

test('a malformed form body: 400', async () => {
  const csrf = await staff.csrf();
  const res = await staff.request('POST', '/citizens', {
    body: `csrf_token=${csrf}&first_name=%E2%28%A1&last_name=%zz`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 400);
  assert.match(res.text, /<html lang="da"/);
  assertSecure(res);
});

test('a body over the limit: 413', async () => {
  const csrf = await staff.csrf();
  const res = await staff.request('POST', '/citizens', {
    body: `csrf_token=${csrf}&first_name=${'a'.repeat(2 * 1024 * 1024)}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(res.status, 413);
});

test('a malformed request line: 400 and no crash', async () => {
  const res = await raw('GET /citizens HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n');
  assert.ok(res.status === 400 || Number.isNaN(res.status), res.text.slice(0, 200));
  const ok = await staff.get('/login');
  assert.equal(ok.status, 200, 'the server still answers');
});

test('static files: content type, ETag, 304, long-lived cache, security headers', async () => {
  const css = await staff.get('/static/spor.css');
  assert.equal(css.status, 200);
  assert.match(css.headers.get('content-type'), /text\/css/);
  const etag = css.headers.get('etag');
  assert.ok(etag);
  assert.match(css.headers.get('cache-control'), /max-age=\d+/);
  assertSecure(css);
  const again = await staff.get('/static/spor.css', { headers: { 'if-none-match': etag } });
  assert.equal(again.status, 304);
  assert.equal(again.text, '');
  const js = await staff.get('/static/spor.js');
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
});

test('static path traversal is 404', async () => {
  for (const path of ['/static/../src/main.c', '/static/%2e%2e/meson.build', '/static/..%2fmeson.build',
                      '/static/', '/static/nope.css', '/static/spor.css%00.js']) {
    const res = await staff.get(path);
    assert.equal(res.status, 404, path);
  }
});

test('pages with personal data are not cached', async () => {
  const res = await staff.get('/citizens');
  assert.match(res.headers.get('cache-control'), /no-store/);
});

test('the request log has the path without the query', async () => {
  await staff.get('/citizens?q=Hemmelig');
  await new Promise((r) => setTimeout(r, 100));
  assert.match(server.log, /GET \/citizens 200 \d+us/);
  assert.doesNotMatch(server.log, /Hemmelig/);
});

test('the database locked past its busy timeout: 503 in Danish with Retry-After, nothing written', async () => {
  const { spawn } = await import('node:child_process');
  const { demoDatabase, onPostgres } = await import('./harness.mjs');
  const made = demoDatabase({ citizens: 5, seed: 9 });
  // Another process holds a lock, as a long import or a migration would:
  // SQLite's write lock, or PostgreSQL's lock on the session table; the
  // server gives up waiting after 200 ms (busy_timeout_ms, lock_timeout).
  const busy = await startServer(onPostgres
    ? { ...made, db: `${made.db}?options=-c%20lock_timeout%3D200` }
    : { ...made, db: `${made.db}?busy_timeout_ms=200` });
  const holder = onPostgres
    ? spawn('psql', ['-X', '-q', '-A', '-t', '-d', made.pgName], { stdio: ['pipe', 'pipe', 'pipe'] })
    : spawn('sqlite3', [made.db.slice('sqlite:'.length)], { stdio: ['pipe', 'pipe', 'pipe'] });
  try {
    holder.stdin.write(onPostgres
      ? 'BEGIN;\nLOCK TABLE session IN ACCESS EXCLUSIVE MODE;\nSELECT \'locked\';\n'
      : 'BEGIN IMMEDIATE;\nSELECT \'locked\';\n');
    await new Promise((resolve) => holder.stdout.once('data', resolve));
    const c = new Client(busy.base);
    // The login itself writes a session: it is the first thing refused.
    const page = await c.get('/login');
    const res = await c.post('/login', { csrf_token: Client.csrfFrom(page.text), username: 'mette',
      password: 'spor-demo-2026', next: '/' });
    assert.equal(res.status, 503, res.text);
    assert.equal(res.headers.get('retry-after'), '2');
    assert.match(res.text, /travlt/);
    assertSecure(res);
    assert.equal(res.setCookies.filter((s) => s.startsWith('spor_session=')).length, 0);
  } finally {
    holder.stdin.end('ROLLBACK;\n');
    await new Promise((resolve) => holder.on('exit', resolve));
  }
  const c = new Client(busy.base);
  assert.equal((await c.login('mette')).status, 303, 'works again once the lock is gone');
  assert.equal(await busy.stop(), 0, busy.stderr);
});
