// auth.test.mjs — logging in and out, CSRF, throttling, sessions.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, SECURITY_HEADERS, startServer } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

function assertSecurityHeaders(res) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS))
    assert.match(res.headers.get(name) ?? '', pattern, `${name} on ${res.status}`);
}

test('the login page is Danish, safe and sets a CSRF cookie', async () => {
  const c = new Client(server.base);
  const res = await c.get('/login');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html/);
  assert.match(res.text, /<html lang="da"/);
  assert.match(res.text, /Log ind/);
  assertSecurityHeaders(res);
  assert.ok(c.cookies.has('spor_csrf'));
  const set = res.setCookies.find((s) => s.startsWith('spor_csrf='));
  assert.match(set, /HttpOnly/i);
  assert.match(set, /SameSite=Strict/i);
});

test('a page needing login sends the browser to /login and the API gets 401', async () => {
  const c = new Client(server.base);
  const res = await c.get('/citizens');
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/login?next=%2Fcitizens');
  const api = await c.get('/api/v1/citizens');
  assert.equal(api.status, 401);
  assert.equal(api.json().error.status, 401);
  assertSecurityHeaders(api);
});

test('wrong password: 422, Danish message, no session', async () => {
  const c = new Client(server.base);
  const res = await c.login('mette', 'forkert-adgangskode');
  assert.equal(res.status, 422);
  assert.match(res.text, /Forkert brugernavn eller adgangskode/);
  assert.ok(!c.cookies.has('spor_session'));
});

test('login without or with a forged CSRF token is refused', async () => {
  const c = new Client(server.base);
  await c.get('/login');
  const missing = await c.post('/login', { username: 'mette', password: 'spor-demo-2026' });
  assert.equal(missing.status, 403);
  const forged = await c.post('/login', { csrf_token: 'x'.repeat(43), username: 'mette', password: 'spor-demo-2026' });
  assert.equal(forged.status, 403);
  assert.ok(!c.cookies.has('spor_session'));
});

test('login, a fresh HttpOnly session cookie, then logout ends it', async () => {
  const c = new Client(server.base);
  const res = await c.login('jonas');
  assert.equal(res.status, 303);
  const set = res.setCookies.find((s) => s.startsWith('spor_session='));
  assert.ok(set, 'session cookie set');
  assert.match(set, /HttpOnly/i);
  assert.match(set, /SameSite=Strict/i);
  assert.match(set, /Path=\//);
  const token = c.cookies.get('spor_session');
  const list = await c.get('/citizens');
  assert.equal(list.status, 200);
  assert.match(list.text, /Borgere/);

  const csrf = Client.csrfFrom(list.text);
  const out = await c.post('/logout', { csrf_token: csrf });
  assert.equal(out.status, 303);
  assert.equal(out.headers.get('location'), '/login');
  const stale = new Client(server.base);
  stale.cookies.set('spor_session', token);
  const again = await stale.get('/citizens');
  assert.equal(again.status, 303, 'the old token no longer works');
});

test('logging in again gives a new token (no session fixation)', async () => {
  const c = new Client(server.base);
  await c.login('leder');
  const first = c.cookies.get('spor_session');
  await c.login('leder');
  const second = c.cookies.get('spor_session');
  assert.notEqual(first, second);
  const old = new Client(server.base);
  old.cookies.set('spor_session', first);
  assert.equal((await old.get('/citizens')).status, 303);
});

test('a POST with a session but without its CSRF token is refused and writes nothing', async () => {
  const c = new Client(server.base);
  await c.login('mette');
  const before = (await c.get('/api/v1/citizens')).json().total;
  const res = await c.post('/citizens', { unit_id: '1', first_name: 'Uden', last_name: 'Token' });
  assert.equal(res.status, 403);
  const wrong = await c.post('/citizens', { csrf_token: 'y'.repeat(43), unit_id: '1', first_name: 'Falsk', last_name: 'Token' });
  assert.equal(wrong.status, 403);
  assert.equal((await c.get('/api/v1/citizens')).json().total, before);
});

test('the next parameter cannot send the user to another site', async () => {
  const c = new Client(server.base);
  const page = await c.get('/login');
  const csrf = Client.csrfFrom(page.text);
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example']) {
    const res = await c.post('/login', { csrf_token: csrf, username: 'mette', password: 'spor-demo-2026', next });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/', `next=${next}`);
  }
});

test('English pages for an English browser', async () => {
  const c = new Client(server.base);
  const res = await c.get('/login', { headers: { 'accept-language': 'en-GB,en;q=0.9' } });
  assert.equal(res.status, 200);
  assert.match(res.text, /<html lang="en"/);
  assert.match(res.text, /Log in/);
});
