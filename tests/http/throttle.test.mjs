// throttle.test.mjs — five failed logins in fifteen minutes, for one user or
// from one address, and the sixth attempt gets 429.  Its own server, since
// every test comes from the same loopback address.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, startServer } from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

test('the sixth login after five failures is throttled, even with the right password', async () => {
  const c = new Client(server.base);
  for (let i = 0; i < 5; i++) {
    const res = await c.login('sagsbehandler', `forkert-${i}-adgangskode`);
    assert.equal(res.status, 422, `attempt ${i + 1}`);
  }
  const res = await c.login('sagsbehandler');
  assert.equal(res.status, 429);
  assert.match(res.text, /For mange mislykkede forsøg/);
  assert.ok(Number(res.headers.get('retry-after')) > 0);
  assert.ok(!c.cookies.has('spor_session'));
});

test('the same address is throttled for other users too', async () => {
  const c = new Client(server.base);
  const res = await c.login('mette');
  assert.equal(res.status, 429);
  const api = await c.get('/api/v1/citizens');
  assert.equal(api.status, 401);
});
