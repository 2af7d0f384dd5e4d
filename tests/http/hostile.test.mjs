// hostile.test.mjs — hostile input against every form and every page: XSS
// in every text field, SQL injection strings, invalid UTF-8 and NUL bytes,
// path traversal on static files, open redirects after login.  Forms are
// found by reading the pages of `spor routes` as a staff member, so a new
// form is attacked the day it is added.  Every response must carry the
// security headers; the count of hits (a payload that came back unescaped,
// a 500, a redirect off the site) must be 0.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, SECURITY_HEADERS, spor, startServer } from './harness.mjs';

const XSS = '"\'><script>alert(\'spor-xss\')</script><img src=x onerror=alert(1)>';
// What must never appear in HTML: the payload's markup, unescaped.
const XSS_MARKS = [/<script>alert\('spor-xss'\)/i, /<img src=x onerror/i, /"'><script/];
const SQLI = ['\' OR \'1\'=\'1', '1; DROP TABLE citizen; --', '") UNION SELECT password_hash FROM app_user --'];

let server;
let staff;
let routes;
const hits = [];

function hit(what) { hits.push(what); }

function checkResponse(res, what) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS))
    if (!pattern.test(res.headers.get(name) ?? '')) hit(`${what}: header ${name} missing`);
  if (res.status >= 500) hit(`${what}: ${res.status}`);
  if (/text\/html/.test(res.headers.get('content-type') ?? ''))
    for (const mark of XSS_MARKS) if (mark.test(res.text)) hit(`${what}: unescaped ${mark}`);
}

async function get(client, url) {
  const res = await client.get(url);
  checkResponse(res, `GET ${url}`);
  return res;
}

before(async () => {
  server = await startServer();
  staff = new Client(server.base);
  assert.equal((await staff.login('mette')).status, 303);
  routes = JSON.parse(spor(['routes', '--json']).stdout);
});

after(async () => {
  assert.equal(await server.stop(), 0, server.stderr);
});

/** The GET pages of the route table as staff, with a citizen of theirs. */
async function pages() {
  const citizens = (await staff.get('/api/v1/citizens')).json().citizens;
  const id = citizens[0].id;
  return routes.filter((r) => r.method === 'GET').map((r) => r.pattern.replace(/\{\w+\}/g, String(id)));
}

function attrs(tag) {
  const out = {};
  for (const m of tag.matchAll(/([a-z_-]+)(?:="([^"]*)")?/gi)) out[m[1].toLowerCase()] = m[2] ?? '';
  return out;
}

/** The POST forms of an HTML page: [{action, fields: [{name, kind, value, options}]}]. */
function formsOf(html) {
  const forms = [];
  for (const f of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const fa = attrs(f[1]);
    if ((fa.method ?? 'get').toLowerCase() !== 'post') continue;
    const fields = new Map();
    for (const m of f[2].matchAll(/<input\b([^>]*)>/gi)) {
      const a = attrs(m[1]);
      if (!a.name) continue;
      const kind = (a.type ?? 'text').toLowerCase();
      if (kind === 'radio') {
        if (!fields.has(a.name)) fields.set(a.name, { name: a.name, kind, value: a.value });
      } else {
        fields.set(a.name, { name: a.name, kind, value: a.value ?? '', placeholder: a.placeholder ?? '',
          inputmode: a.inputmode ?? '' });
      }
    }
    for (const m of f[2].matchAll(/<textarea\b([^>]*)>/gi)) {
      const a = attrs(m[1]);
      if (a.name) fields.set(a.name, { name: a.name, kind: 'textarea', value: '' });
    }
    for (const m of f[2].matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const a = attrs(m[1]);
      const values = [...m[2].matchAll(/<option value="([^"]*)"/g)].map((o) => o[1]).filter((v) => v !== '');
      if (a.name) fields.set(a.name, { name: a.name, kind: 'select', value: values[0] ?? '' });
    }
    forms.push({ action: fa.action, fields: [...fields.values()] });
  }
  return forms;
}

/** A submission with `text` in every free-text field and valid values elsewhere. */
function fillForm(form, text) {
  const body = {};
  for (const f of form.fields) {
    if (f.kind === 'hidden' || f.kind === 'select' || f.kind === 'radio') body[f.name] = f.value;
    else if (f.kind === 'password' || f.kind === 'checkbox' || f.kind === 'submit') continue;
    else if (/dd-mm/.test(f.placeholder ?? '')) body[f.name] = '01-02-2001';
    else if (f.inputmode === 'numeric' || f.kind === 'number') body[f.name] = '1';
    else body[f.name] = text;
  }
  return body;
}

async function attackForms(text, label) {
  let submitted = 0;
  for (const page of await pages()) {
    const res = await get(staff, page);
    for (const form of formsOf(res.text)) {
      if (form.action === '/logout') continue;
      const body = fillForm(form, text);
      let out = await staff.post(form.action, body);
      if (out.status === 422) {
        // Fields with a strict format (a CPR number, say) refuse the text:
        // leave those empty and send the rest again.
        checkResponse(out, `${label} POST ${form.action} (from ${page})`);
        for (const m of out.text.matchAll(/<(?:input|textarea|select)\b[^>]*\bname="([^"]+)"[^>]*aria-invalid="true"/g))
          body[m[1]] = '';
        out = await staff.post(form.action, body);
      }
      checkResponse(out, `${label} POST ${form.action} (from ${page})`);
      assert.ok([200, 303, 400, 422].includes(out.status), `${label} POST ${form.action}: ${out.status}`);
      if (out.status === 303 && !/^\/(?!\/)/.test(out.headers.get('location') ?? ''))
        hit(`${label} POST ${form.action}: redirect to ${out.headers.get('location')}`);
      if (out.status === 303) await get(staff, out.headers.get('location'));
      submitted++;
    }
  }
  return submitted;
}

test('XSS in every text field of every form comes back escaped everywhere', async () => {
  const submitted = await attackForms(XSS, 'xss');
  assert.ok(submitted >= 2, `forms attacked: ${submitted}`);
  // Everything stored is shown again: the lists, the new citizens, their API.
  for (const page of await pages()) await get(staff, page);
  const list = await get(staff, '/citizens?q=' + encodeURIComponent('spor-xss'));
  const created = (await staff.get('/api/v1/citizens?q=' + encodeURIComponent("alert('spor-xss')"))).json();
  assert.ok(created.citizens.length > 0, 'the payload was stored (else nothing was tested)');
  for (const c of created.citizens) await get(staff, `/citizens/${c.id}`);
  assert.ok(list.status === 200);
  assert.deepEqual(hits, []);
});

test('SQL injection strings are data: stored and shown as typed, nothing else happens', async () => {
  const before = (await staff.get('/api/v1/citizens')).json().total;
  let submitted = 0;
  for (const s of SQLI) submitted += await attackForms(s, 'sqli');
  for (const s of SQLI) {
    const res = await get(staff, '/citizens?q=' + encodeURIComponent(s));
    assert.equal(res.status, 200);
  }
  const after = (await staff.get('/api/v1/citizens')).json().total;
  assert.ok(after >= before, 'no rows lost');
  const found = (await staff.get('/api/v1/citizens?q=' + encodeURIComponent("OR '1'='1"))).json();
  assert.ok(found.citizens.length > 0, 'the injection string was stored as a name');
  assert.ok(found.citizens.every((c) => `${c.first_name} ${c.last_name}`.includes("' OR '1'='1")),
    'a search for the injection finds only what holds it');
  assert.ok(submitted > 0);
  const check = spor(['--db', server.db, 'check']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.deepEqual(hits, []);
});

test('invalid UTF-8, NUL bytes and control characters: 400 or 422, never stored', async () => {
  const csrf = await staff.csrf('/citizens/new');
  const before = (await staff.get('/api/v1/citizens')).json().total;
  for (const raw of ['%FF%FE', 'a%00b', '%C3%28', '%ED%A0%80', 'x%1By']) {
    const res = await staff.request('POST', '/citizens', {
      body: `csrf_token=${encodeURIComponent(csrf)}&unit_id=1&first_name=${raw}&last_name=Test`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    checkResponse(res, `POST /citizens first_name=${raw}`);
    assert.ok([400, 422].includes(res.status), `${raw}: ${res.status}`);
  }
  for (const raw of ['%FF', '%00', '%C3%28']) {
    const res = await get(staff, `/citizens?q=${raw}`);
    assert.ok([400, 422].includes(res.status), `q=${raw}: ${res.status}`);
  }
  assert.equal((await staff.get('/api/v1/citizens')).json().total, before);
  assert.deepEqual(hits, []);
});

test('path traversal on static files finds nothing', async () => {
  const anonymous = new Client(server.base);
  for (const path of ['/static/../src/main.c', '/static/%2e%2e/%2e%2e/etc/passwd', '/static/..%2f..%2fetc%2fpasswd',
    '/static/%2e%2e%2fmeson.build', '/static//etc/passwd', '/static/spor.css%00.txt', '/static/.%2e/README.md',
    '/static/..\\..\\etc\\passwd', '/static/%c0%ae%c0%ae/etc/passwd']) {
    const res = await get(anonymous, path);
    assert.ok([400, 404].includes(res.status), `${path}: ${res.status}`);
    assert.doesNotMatch(res.text, /root:|project\(|#include/, path);
  }
  assert.deepEqual(hits, []);
});

test('after login, next never leads off the site', async () => {
  for (const next of ['//evil.example/', 'https://evil.example/', '/\\evil.example', '\\\\evil.example',
    'https:evil.example', '/%2F%2Fevil.example', '%2F%2Fevil.example', '\t//evil.example', ' //evil.example',
    'javascript:alert(1)', '/citizens\r\nSet-Cookie: x=1']) {
    const c = new Client(server.base);
    const page = await c.get('/login?next=' + encodeURIComponent(next));
    checkResponse(page, `GET /login?next=${next}`);
    const res = await c.post('/login', { csrf_token: Client.csrfFrom(page.text), username: 'mette',
      password: 'spor-demo-2026', next });
    checkResponse(res, `POST /login next=${next}`);
    assert.equal(res.status, 303);
    const location = res.headers.get('location');
    assert.match(location, /^\/(?![\/\\])[^\r\n]*$/, `next=${JSON.stringify(next)} → ${location}`);
  }
  assert.deepEqual(hits, []);
});
