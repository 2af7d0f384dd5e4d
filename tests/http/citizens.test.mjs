// citizens.test.mjs — who sees which citizens, registering a citizen and
// recording a measurement: validation, nothing half-written, the chart.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, startServer } from './harness.mjs';

let server;
const clients = {};
before(async () => {
  server = await startServer();
  for (const name of ['mette', 'jonas', 'leder', 'borger', 'sagsbehandler', 'admin']) {
    clients[name] = new Client(server.base);
    const res = await clients[name].login(name);
    assert.equal(res.status, 303, `login ${name}`);
  }
});
after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

async function visible(name) {
  const res = await clients[name].get('/api/v1/citizens');
  assert.equal(res.status, 200);
  return res.json();
}

test('staff see the citizens of their own unit only', async () => {
  const mette = await visible('mette');
  const jonas = await visible('jonas');
  assert.ok(mette.total > 0 && jonas.total > 0);
  assert.ok(mette.citizens.every((c) => c.unit_name === 'Hus A'));
  assert.ok(jonas.citizens.every((c) => c.unit_name === 'Hus B'));
  const leader = await visible('leder');
  assert.equal(leader.total, mette.total + jonas.total, 'the leader sees both houses');
});

test("another unit's citizen is 404 by page and by API, and not listed", async () => {
  const jonasCitizen = (await visible('jonas')).citizens[0].id;
  const page = await clients.mette.get(`/citizens/${jonasCitizen}`);
  assert.equal(page.status, 404);
  assert.match(page.text, /findes ikke/);
  const api = await clients.mette.get(`/api/v1/citizens/${jonasCitizen}`);
  assert.equal(api.status, 404);
  const form = await clients.mette.get(`/citizens/${jonasCitizen}/measurements/new`);
  assert.equal(form.status, 404);
  const csrf = await clients.mette.csrf();
  const post = await clients.mette.post(`/citizens/${jonasCitizen}/measurements`, {
    csrf_token: csrf, instrument_id: '1', measured_on: '01-01-2026', point: 'follow_up',
    respondent: 'staff', collection_method: 'observation' });
  assert.equal(post.status, 404);
  const unknown = await clients.mette.get('/citizens/999999');
  assert.equal(unknown.status, 404, 'a missing citizen looks the same');
});

test('a citizen sees only themself; a caseworker only their assigned citizens', async () => {
  const own = await visible('borger');
  assert.equal(own.total, 1);
  const home = await clients.borger.get('/');
  assert.equal(home.status, 303);
  assert.equal(home.headers.get('location'), '/me', 'a citizen has a page of their own');
  const page = await clients.borger.get(`/citizens/${own.citizens[0].id}`);
  assert.equal(page.status, 303);
  assert.equal(page.headers.get('location'), '/me');
  const other = (await visible('jonas')).citizens[0].id;
  assert.equal((await clients.borger.get(`/citizens/${other}`)).status, 404);
  assert.equal((await clients.borger.get('/citizens/new')).status, 403, 'a citizen cannot register citizens');

  const assigned = await visible('sagsbehandler');
  assert.ok(assigned.total >= 1 && assigned.total < (await visible('leder')).total + 100);
  assert.ok(assigned.citizens.some((c) => c.id === own.citizens[0].id));
  assert.equal((await clients.sagsbehandler.get('/citizens/new')).status, 403);
});

test('an administrator has no access to citizen data', async () => {
  assert.equal((await clients.admin.get('/citizens')).status, 403);
  const own = (await visible('borger')).citizens[0].id;
  assert.equal((await clients.admin.get(`/api/v1/citizens/${own}`)).status, 403);
  const home = await clients.admin.get('/');
  assert.equal(home.status, 200);
});

test('a new citizen with errors: 422, Danish messages beside the fields, nothing written', async () => {
  const c = clients.mette;
  const before = (await visible('mette')).total;
  const form = await c.get('/citizens/new');
  assert.equal(form.status, 200);
  const csrf = Client.csrfFrom(form.text);
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const res = await c.post('/citizens', {
    csrf_token: csrf, unit_id: unit, first_name: '  ', last_name: 'Jensen',
    birth_date: '31-02-1990', gender: 'robot', diagnoses: 'x'.repeat(501) });
  assert.equal(res.status, 422);
  assert.match(res.text, /Fornavn skal udfyldes/);
  assert.match(res.text, /Fødselsdato skal være en dato/);
  assert.match(res.text, /aria-invalid="true"/);
  assert.match(res.text, /value="Jensen"/, 'typed values come back');
  assert.equal((await visible('mette')).total, before);
});

test("registering a citizen in someone else's unit is refused", async () => {
  const c = clients.mette;
  const before = (await visible('jonas')).total;
  const husB = (await visible('jonas')).citizens[0].unit_id;
  const csrf = await c.csrf('/citizens/new');
  const res = await c.post('/citizens', { csrf_token: csrf, unit_id: String(husB), first_name: 'Ikke', last_name: 'Tilladt' });
  assert.equal(res.status, 422);
  assert.match(res.text, /Vælg en afdeling, du har adgang til/);
  assert.equal((await visible('jonas')).total, before);
});

let created;
test('registering a citizen with a course, then seeing them', async () => {
  const c = clients.mette;
  const before = (await visible('mette')).total;
  const form = await c.get('/citizens/new');
  const csrf = Client.csrfFrom(form.text);
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const intervention = /<select id="intervention_id"[\s\S]*?<option value="(\d+)"/.exec(form.text)[1];
  const res = await c.post('/citizens', {
    csrf_token: csrf, unit_id: unit, first_name: 'Åse', last_name: 'Testesen',
    birth_date: '14-03-1988', gender: 'female', housing: 'Egen lejlighed',
    referral_basis: 'SEL § 107', intervention_id: intervention, course_start: '01-10-2026' });
  assert.equal(res.status, 303, res.text);
  const m = /^\/citizens\/(\d+)$/.exec(res.headers.get('location'));
  assert.ok(m);
  created = Number(m[1]);
  assert.equal((await visible('mette')).total, before + 1);
  const page = await c.get(`/citizens/${created}`);
  assert.equal(page.status, 200);
  assert.match(page.text, /Åse Testesen/);
  assert.match(page.text, /Egen lejlighed/);
  assert.match(page.text, /01-10-2026/);
  const api = (await c.get(`/api/v1/citizens/${created}`)).json();
  assert.equal(api.citizen.birth_date, '1988-03-14');
  assert.equal(api.courses.length, 1);
  assert.equal(api.measurements.length, 0);
  assert.equal((await clients.jonas.get(`/citizens/${created}`)).status, 404);
});

test('the JSON API registers a citizen too (201) with the CSRF token in a header', async () => {
  const c = clients.mette;
  const form = await c.get('/citizens/new');
  const csrf = Client.csrfFrom(form.text);
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const res = await c.request('POST', '/api/v1/citizens', {
    form: { unit_id: unit, first_name: 'Api', last_name: 'Borger' },
    headers: { 'x-csrf-token': csrf } });
  assert.equal(res.status, 201, res.text);
  assert.ok(res.json().id > 0);
  const bad = await c.request('POST', '/api/v1/citizens', {
    form: { unit_id: unit, first_name: '', last_name: 'Borger' }, headers: { 'x-csrf-token': csrf } });
  assert.equal(bad.status, 422);
  assert.ok(bad.json().error.fields.first_name);
});

test('a measurement with an impossible value is refused and nothing is written', async () => {
  const c = clients.mette;
  const form = await c.get(`/citizens/${created}/measurements/new`);
  assert.equal(form.status, 200);
  const csrf = Client.csrfFrom(form.text);
  const items = [...new Set([...form.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  assert.equal(items.length, 7);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(form.text)[1];
  const fields = { csrf_token: csrf, instrument_id: instrument, measured_on: '15-10-2026', point: 'start',
    respondent: 'staff', collection_method: 'dialogue_interview' };
  items.forEach((name, i) => { fields[name] = String(i % 5); });
  const bad = await c.post(`/citizens/${created}/measurements`, { ...fields, [items[2]]: '7' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Vælg en værdi mellem 0 og 4/);
  const future = await c.post(`/citizens/${created}/measurements`, { ...fields, measured_on: '01-01-2999' });
  assert.equal(future.status, 422);
  assert.match(future.text, /efter i dag/);
  const none = await c.post(`/citizens/${created}/measurements`, { csrf_token: csrf, instrument_id: instrument,
    measured_on: '15-10-2026', point: 'start', respondent: 'staff', collection_method: 'dialogue_interview' });
  assert.equal(none.status, 422);
  const api = (await c.get(`/api/v1/citizens/${created}`)).json();
  assert.equal(api.measurements.length, 0);
  assert.equal(api.chart, undefined);
});

test('an instrument answered by someone it is not made for is refused and nothing is written', async () => {
  const c = clients.mette;
  const citizen = (await visible('mette')).citizens[0].id;
  const form = await c.get(`/citizens/${citizen}/measurements/new?instrument=who-5`);
  assert.equal(form.status, 200);
  const respondents = /<select[^>]*name="respondent"[^>]*>([\s\S]*?)<\/select>/.exec(form.text)[1];
  assert.deepEqual([...respondents.matchAll(/value="(\w+)"/g)].map((x) => x[1]), ['citizen'],
    'WHO-5 is the citizen\'s own assessment: the form offers no other respondent');
  const csrf = Client.csrfFrom(form.text);
  const items = [...new Set([...form.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  assert.equal(items.length, 5);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(form.text)[1];
  const fields = { csrf_token: csrf, instrument_id: instrument, measured_on: '15-10-2026', point: 'start',
    respondent: 'staff', collection_method: 'dialogue_interview' };
  items.forEach((name) => { fields[name] = '3'; });
  const before = (await c.get(`/api/v1/citizens/${citizen}`)).json().measurements.length;
  const refused = await c.post(`/citizens/${citizen}/measurements`, fields);
  assert.equal(refused.status, 422, refused.text);
  assert.match(refused.text, /Instrumentet er ikke lavet til at blive besvaret af den valgte/);
  assert.equal((await c.get(`/api/v1/citizens/${citizen}`)).json().measurements.length, before);
  const allowed = await c.post(`/citizens/${citizen}/measurements`,
    { ...fields, respondent: 'citizen', collection_method: 'self_report', measured_on: '14-10-2026' });
  assert.equal(allowed.status, 303, allowed.text);
  const after = (await c.get(`/api/v1/citizens/${citizen}`)).json().measurements;
  assert.equal(after.length, before + 1);
  const del = after.find((m) => m.measured_on === '2026-10-14' || m.measured_on_display === '14-10-2026');
  assert.ok(del, 'the citizen\'s own WHO-5 was recorded');
});

test('recording measurements draws them on the chart', async () => {
  const c = clients.mette;
  const form = await c.get(`/citizens/${created}/measurements/new`);
  const csrf = Client.csrfFrom(form.text);
  const items = [...new Set([...form.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  const instrument = /name="instrument_id" value="(\d+)"/.exec(form.text)[1];
  const record = async (date, point, value) => {
    const fields = { csrf_token: csrf, instrument_id: instrument, measured_on: date, point,
      respondent: 'staff', collection_method: 'dialogue_interview', comment: 'Målt i dialog' };
    for (const name of items) fields[name] = String(value);
    return c.post(`/citizens/${created}/measurements`, fields);
  };
  const first = await record('02-10-2026', 'start', 3);
  assert.equal(first.status, 303, first.text);
  assert.match(first.headers.get('location'), new RegExp(`^/citizens/${created}`));
  let api = (await c.get(`/api/v1/citizens/${created}`)).json();
  assert.equal(api.measurements.length, 1);
  assert.deepEqual(api.chart.x, ['02-10-2026']);
  assert.equal(api.chart.series.length, 8, 'seven life areas and the mean');
  assert.deepEqual(api.chart.series[0].values, [3]);

  assert.equal((await record('05-11-2026', 'follow_up', 2)).status, 303);
  api = (await c.get(`/api/v1/citizens/${created}`)).json();
  assert.deepEqual(api.chart.x, ['02-10-2026', '05-11-2026']);
  assert.deepEqual(api.chart.series[0].values, [3, 2]);
  const page = await c.get(`/citizens/${created}`);
  assert.match(page.text, /<svg[^>]*role="img"/);
  assert.match(page.text, /05-11-2026/);
  assert.match(page.text, /<table class="chart-data"/);
});

test('the API twin serves the same view model the page is made from', async () => {
  const c = clients.leder;
  const html = await c.get(`/citizens/${created}`);
  const api = await c.get(`/api/v1/citizens/${created}`);
  const viaAccept = await c.get(`/citizens/${created}`, { json: true });
  assert.equal(html.status, 200);
  assert.equal(api.status, 200);
  assert.match(api.headers.get('content-type'), /application\/json/);
  assert.deepEqual(viaAccept.json(), api.json());
  assert.equal(api.json().title, 'Åse Testesen');
});

test('a search only finds visible citizens', async () => {
  const res = await clients.jonas.get('/api/v1/citizens?q=Testesen');
  assert.equal(res.json().total, 0);
  const mine = await clients.mette.get('/api/v1/citizens?q=testesen');
  assert.equal(mine.json().total, 1);
  const html = await clients.mette.get('/citizens?q=Testesen');
  assert.match(html.text, /Testesen/);
});
