// ops.test.mjs — what operators use: /healthz for a load balancer, and
// /metrics in Prometheus text, from the machine itself or with a token.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Client, demoDatabase, holdWriteLock, startServer } from './harness.mjs';

test('healthz says ok; metrics count requests, the page cache and the audit writer', async () => {
  const server = await startServer();
  try {
    const anonymous = new Client(server.base);
    const health = await anonymous.get('/healthz');
    assert.equal(health.status, 200);
    assert.equal(health.text, 'database: ok\naudit: ok\n');
    assert.equal(health.setCookies.length, 0);
    const staff = new Client(server.base);
    assert.equal((await staff.login('mette')).status, 303);
    const id = (await staff.get('/api/v1/citizens')).json().citizens[0].id;
    await staff.get(`/citizens/${id}`);
    await staff.get(`/citizens/${id}`);
    const metrics = await anonymous.get('/metrics');
    assert.equal(metrics.status, 200);
    assert.match(metrics.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const value = (name) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(metrics.text)?.[1]);
    assert.ok(value('spor_http_requests_total\\{class="2xx"\\}') >= 4);
    assert.ok(value('spor_http_requests_total\\{class="3xx"\\}') >= 1);
    assert.ok(value('spor_page_cache_hits_total') >= 1);
    assert.ok(value('spor_http_request_duration_seconds_count') >= 5);
    assert.ok(value('process_resident_memory_bytes') > 1e6);
    assert.match(metrics.text, /^spor_build_info\{version="[^"]+"\} 1$/m);
    assert.match(metrics.text, /^spor_http_request_duration_seconds_bucket\{le="\+Inf"\} \d+$/m);
    // Nothing about people: no names, no paths.
    assert.doesNotMatch(metrics.text, /citizens|mette/);
  } finally {
    assert.equal(await server.stop(), 0, server.stderr);
  }
});

test('with a metrics token, /metrics wants it', async () => {
  const made = demoDatabase({ citizens: 5, seed: 13 });
  const { dir, db } = made;
  const conf = join(dir, 'token.conf');
  writeFileSync(conf, '[server]\nmetrics_token = et-langt-hemmeligt-token\n');
  const server = await startServer({ ...made, extraArgs: ['--config', conf] });
  try {
    const c = new Client(server.base);
    assert.equal((await c.get('/metrics')).status, 403);
    assert.equal((await c.get('/metrics', { headers: { authorization: 'Bearer forkert-token-forkert' } })).status, 403);
    const ok = await c.get('/metrics', { headers: { authorization: 'Bearer et-langt-hemmeligt-token' } });
    assert.equal(ok.status, 200);
    assert.match(ok.text, /spor_http_requests_total/);
  } finally {
    assert.equal(await server.stop(), 0, server.stderr);
  }
});

test('healthz is 503 while the audit log cannot be written', async () => {
  const made = demoDatabase({ citizens: 5, seed: 14 });
  const { dir, db } = made;
  const conf = join(dir, 'lag.conf');
  writeFileSync(conf, '[audit]\nread_max_delay_ms = 100\n');
  const server = await startServer({ ...made, extraArgs: ['--config', conf] });
  try {
    const c = new Client(server.base);
    assert.equal((await c.login('mette')).status, 303);
    const id = (await c.get('/api/v1/citizens')).json().citizens[0].id;
    const release = await holdWriteLock(db, ['audit_log']);
    assert.equal((await c.get(`/citizens/${id}`)).status, 200);
    // The line waits behind the lock; once it has waited longer than
    // read_max_delay_ms, healthz says so (asked until it does, so that a
    // slow machine only makes the test slower).
    let sick;
    for (let i = 0; i < 100; i++) {
      sick = await c.get('/healthz');
      if (sick.status === 503) break;
      await sleep(50);
    }
    await release();
    assert.equal(sick.status, 503);
    assert.match(sick.text, /^audit: [1-9]\d* linjer venter/m);
    let healthy = false;
    for (let i = 0; i < 100 && !healthy; i++) {
      healthy = (await c.get('/healthz')).status === 200;
      if (!healthy) await sleep(50);
    }
    assert.ok(healthy, 'healthy again once the line is written');
  } finally {
    assert.equal(await server.stop(), 0, server.stderr);
  }
});

test('behind a trusted proxy the client address comes from X-Real-IP, and only then', async () => {
  for (const trust of [true, false]) {
    const made = demoDatabase({ citizens: 5, seed: 15 });
  const { dir, db } = made;
    const conf = join(dir, 'proxy.conf');
    writeFileSync(conf, trust ? '[server]\ntrusted_proxies = 127.0.0.1;::1\n' : '[server]\n');
    const server = await startServer({ ...made, extraArgs: ['--config', conf] });
    try {
      const forwarded = { 'x-real-ip': '198.51.100.7' };
      const c = new Client(server.base);
      const page = await c.get('/login', { headers: forwarded });
      const res = await c.request('POST', '/login', { headers: forwarded,
        form: { csrf_token: Client.csrfFrom(page.text), username: 'leder', password: 'spor-demo-2026', next: '/' } });
      assert.equal(res.status, 303);
      const lines = (await c.get('/api/v1/audit?user=leder')).json().entries;
      const login = lines.find((l) => l.action === 'login');
      assert.equal(login.address, trust ? '198.51.100.7' : '127.0.0.1');
    } finally {
      assert.equal(await server.stop(), 0, server.stderr);
    }
  }
});
