// instruments.test.mjs — the administrators' instrument pages against a
// real `spor serve`: who may see them, the list and the preview, the
// downloads (JSON and FHIR), importing with every problem shown and nothing
// written, versions (a version in use is refused, a new version is made),
// and measuring citizens with any instrument for citizens.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, spor, startServer } from './harness.mjs';

let server;
let admin;
let staff;
before(async () => {
  server = await startServer();
  admin = new Client(server.base);
  staff = new Client(server.base);
  assert.equal((await admin.login('admin')).status, 303);
  assert.equal((await staff.login('mette')).status, 303);
});
after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

async function instruments() {
  const res = await admin.get('/api/v1/instruments');
  assert.equal(res.status, 200);
  return res.json().instruments;
}

async function byKey(key) {
  return (await instruments()).find((i) => i.key === key);
}

/** Posts a definition to the import form as the administrator. */
async function importDefinition(definition, { action = 'import', newVersion = false, client = admin } = {}) {
  const csrf = await client.csrf('/instruments/import');
  const form = { csrf_token: csrf, definition: typeof definition === 'string' ? definition : JSON.stringify(definition, null, 2), action };
  if (newVersion) form.new_version = '1';
  return client.post('/instruments/import', form);
}

function sample(key, { name = 'Prøveskema', reverse = false, version = 1 } = {}) {
  return {
    id: key,
    version,
    name: { da: name, en: 'Test form' },
    kind: 'questionnaire',
    respondents: ['citizen', 'staff'],
    direction: 'higher_is_better',
    scales: [{ id: 'ja-nej', values: [
      { value: 0, label: { da: 'Nej', en: 'No' } },
      { value: 1, label: { da: 'Ja', en: 'Yes' } },
      { value: 9, label: { da: 'Ikke relevant', en: 'Not relevant' }, excluded: true },
    ] }],
    items: [
      { id: 'a', text: { da: 'Spørgsmål a', en: 'Question a' }, scale: 'ja-nej' },
      { id: 'b', text: { da: 'Spørgsmål b', en: 'Question b' }, scale: 'ja-nej', reverse },
    ],
    total: { method: 'sum', min_answered: 1 },
  };
}

test('only administrators reach the instrument pages', async () => {
  const id = (await byKey('who-5')).id;
  for (const path of ['/instruments', '/instruments/import', `/instruments/${id}`, `/instruments/${id}/export`]) {
    assert.equal((await staff.get(path)).status, 403, path);
    /* The import form is a page only; its POST has the API twin. */
    if (path !== '/instruments/import')
      assert.equal((await staff.get(`/api/v1${path}`)).status, 403, `API ${path}`);
  }
  const csrf = await staff.csrf('/citizens');
  const post = await staff.post('/instruments/import', { csrf_token: csrf, definition: JSON.stringify(sample('staff-skema')) });
  assert.equal(post.status, 403);
  assert.equal(await byKey('staff-skema'), undefined, 'nothing written');
  const anonymous = new Client(server.base);
  assert.equal((await anonymous.get('/instruments')).status, 303);
  assert.match((await anonymous.get('/instruments')).headers.get('location'), /^\/login/);
  assert.equal((await anonymous.get('/api/v1/instruments')).status, 401);
  /* The navigation shows the page to administrators only. */
  assert.match((await admin.get('/instruments')).text, /<a href="\/instruments" aria-current="page">Instrumenter<\/a>/);
  assert.doesNotMatch((await staff.get('/citizens')).text, /href="\/instruments"/);
});

test('the list shows the built-in instruments, the API the same', async () => {
  const list = await instruments();
  assert.deepEqual(list.map((i) => i.key), ['gas', 'lovende-praksis', 'selvevaluering', 'vum-livsomraader', 'who-5']);
  const vum = list.find((i) => i.key === 'vum-livsomraader');
  assert.ok(vum.measurements > 0, 'the demo measured with the life areas');
  assert.equal(vum.source, 'builtin');
  const page = await admin.get('/instruments');
  assert.equal(page.status, 200);
  assert.match(page.text, /Lovende praksis – måleredskab/);
  assert.match(page.text, /Vurdering af praksis/);
  const english = await admin.get('/instruments', { headers: { 'accept-language': 'en' } });
  assert.match(english.text, /Promising practice – assessment tool/);
  assert.match(english.text, /Practice assessment/);
});

test('the preview shows the form a worker will see, read-only', async () => {
  const lp = await byKey('lovende-praksis');
  const page = await admin.get(`/instruments/${lp.id}`);
  assert.equal(page.status, 200);
  assert.equal((page.text.match(/<fieldset class="item" disabled>/g) ?? []).length, 59);
  assert.match(page.text, /<h3 class="subscale-name">Teori og viden<\/h3>/);
  assert.match(page.text, /Er der specielle forhold ved praksis, der gør det svært for andre at implementere praksis\?/);
  assert.match(page.text, /Tæller omvendt\./);
  assert.match(page.text, /Ved ikke<\/span> <span class="scale-note">\(noteres, tæller 0\)/);
  assert.match(page.text, /Ikke relevant<\/span> <span class="scale-note">\(tæller ikke med\)/);
  assert.match(page.text, /59 er kendt/);
  assert.doesNotMatch(page.text, /<form method="post" action="\/citizens/);
  const api = (await admin.get(`/api/v1/instruments/${lp.id}`)).json();
  assert.equal(api.instrument.key, 'lovende-praksis');
  assert.equal(api.sections.length, 11);
  assert.equal(api.sections.reduce((n, s) => n + s.items.length, 0), 59);
  assert.equal(api.sections[0].subscale.scoring.method, 'Procent af det mulige');
  const who = await byKey('who-5');
  const whoApi = (await admin.get(`/api/v1/instruments/${who.id}`)).json();
  assert.deepEqual(whoApi.total.cutoffs.map((c) => c.from), ['0', '29', '51']);
  assert.equal((await admin.get('/instruments/999999')).status, 404);
});

test('downloads: the definition as JSON and as a FHIR Questionnaire', async () => {
  const who = await byKey('who-5');
  const json = await admin.get(`/instruments/${who.id}/export?format=json`);
  assert.equal(json.status, 200);
  assert.match(json.headers.get('content-type'), /^application\/json/);
  assert.equal(json.headers.get('content-disposition'), 'attachment; filename="who-5-v1.json"');
  const definition = json.json();
  assert.equal(definition.id, 'who-5');
  assert.equal(definition.total.factor, 4);
  assert.equal(json.text, spor(['--db', server.db, 'instrument', 'export', 'who-5']).stdout);
  const fhir = await admin.get(`/instruments/${who.id}/export?format=fhir`);
  assert.match(fhir.headers.get('content-type'), /^application\/fhir\+json/);
  assert.equal(fhir.headers.get('content-disposition'), 'attachment; filename="who-5-v1.fhir.json"');
  const q = fhir.json();
  assert.equal(q.resourceType, 'Questionnaire');
  assert.equal(q.item.length, 5);
  assert.equal(q.item[0].answerOption[0].valueCoding.display, 'Hele tiden');
  const viaApi = await admin.get(`/api/v1/instruments/${who.id}/export?format=fhir`);
  assert.equal(viaApi.text, fhir.text);
  assert.equal((await admin.get(`/instruments/${who.id}/export?format=xml`)).status, 400);
  assert.equal((await admin.get('/instruments/999999/export')).status, 404);
});

test('a definition with problems: 422, every problem shown, nothing written', async () => {
  const before = await instruments();
  const broken = sample('fejlskema');
  broken.items[0].scale = 'freq7';
  broken.colour = 'rød';
  delete broken.name;
  broken.total.method = 'median';
  const res = await importDefinition(broken);
  assert.equal(res.status, 422);
  assert.match(res.text, /Definitionen har 4 problemer; intet er gemt\./);
  assert.match(res.text, /<code>items\[0\]\.scale<\/code>: ukendt skala &#39;freq7&#39;/);
  assert.match(res.text, /<code>colour<\/code>: ukendt felt/);
  assert.match(res.text, /<code>name<\/code>: mangler/);
  assert.match(res.text, /<code>total\.method<\/code>: ukendt metode &#39;median&#39;/);
  assert.match(res.text, /aria-invalid="true"/);
  assert.match(res.text, /&quot;freq7&quot;/, 'the text comes back to be fixed');
  assert.deepEqual(await instruments(), before);

  const syntax = await importDefinition('{\n  "id": "x",\n  "version": 1,,\n}');
  assert.equal(syntax.status, 422);
  assert.match(syntax.text, /<code>linje 3, kolonne 16<\/code>: ugyldig JSON/);
  const empty = await importDefinition('   ');
  assert.equal(empty.status, 422);
  assert.match(empty.text, /Definition skal udfyldes/);

  /* The API gives the status, and every problem in the message. */
  const csrf = await admin.csrf('/instruments/import');
  const api = await admin.request('POST', '/api/v1/instruments/import', {
    form: { definition: JSON.stringify(broken) }, headers: { 'x-csrf-token': csrf } });
  assert.equal(api.status, 422);
  const error = api.json().error;
  assert.match(error.message, /items\[0\]\.scale: ukendt skala 'freq7'/);
  assert.match(error.fields.definition, /4 problemer/);
  assert.deepEqual(await instruments(), before);

  /* In English for an English reader. */
  const english = await admin.request('POST', '/api/v1/instruments/import', {
    form: { definition: JSON.stringify(broken) }, headers: { 'x-csrf-token': csrf, 'accept-language': 'en' } });
  assert.match(english.json().error.message, /items\[0\]\.scale: unknown scale 'freq7'/);

  /* Without the CSRF token nothing happens at all. */
  const forged = await admin.post('/instruments/import', { definition: JSON.stringify(sample('forfalsket')) });
  assert.equal(forged.status, 403);
  assert.equal(await byKey('forfalsket'), undefined);
});

test('checking a definition writes nothing', async () => {
  const res = await importDefinition(sample('kun-kontrol'), { action: 'check' });
  assert.equal(res.status, 200);
  assert.match(res.text, /Definitionen er gyldig: Prøveskema \(kun-kontrol, version 1\) med 2 spørgsmål/);
  assert.equal(await byKey('kun-kontrol'), undefined);
});

test('importing: a new instrument, the same again, a changed one', async () => {
  const res = await importDefinition(sample('skema-web'));
  assert.equal(res.status, 303);
  const location = res.headers.get('location');
  assert.match(location, /^\/instruments\/\d+\?imported=created$/);
  const page = await admin.get(location);
  assert.match(page.text, /Definitionen er importeret som version 1\./);
  const stored = await byKey('skema-web');
  assert.equal(stored.version, 1);
  assert.equal(stored.source, 'import');

  const again = await importDefinition(sample('skema-web'));
  assert.equal(again.status, 303);
  assert.match(again.headers.get('location'), /imported=unchanged$/);
  assert.equal((await byKey('skema-web')).versions, 1);

  const renamed = await importDefinition(sample('skema-web', { name: 'Prøveskema, rettet' }));
  assert.equal(renamed.status, 303);
  const v2 = await byKey('skema-web');
  assert.equal(v2.version, 2);
  assert.equal(v2.versions, 2);
  assert.equal(v2.name_da, 'Prøveskema, rettet');

  /* The API answers 201 with the version made. */
  const csrf = await admin.csrf('/instruments/import');
  const api = await admin.request('POST', '/api/v1/instruments/import', {
    form: { definition: JSON.stringify(sample('skema-api')) }, headers: { 'x-csrf-token': csrf } });
  assert.equal(api.status, 201);
  assert.deepEqual({ ...api.json(), id: 0 }, { id: 0, key: 'skema-api', version: 1, outcome: 'created' });
});

/** The newest instrument form for a citizen: its fields and hidden values. */
async function measurementForm(citizen, key) {
  const form = await staff.get(`/citizens/${citizen}/measurements/new?instrument=${key}`);
  assert.equal(form.status, 200, form.text);
  return {
    csrf: Client.csrfFrom(form.text),
    instrument: /name="instrument_id" value="(\d+)"/.exec(form.text)[1],
    items: [...new Set([...form.text.matchAll(/name="(item_\d+)"/g)].map((m) => m[1]))],
    text: form.text,
  };
}

async function record(citizen, form, values) {
  const fields = { csrf_token: form.csrf, instrument_id: form.instrument, measured_on: '01-06-2026',
    point: 'follow_up', respondent: 'citizen', collection_method: 'self_report' };
  form.items.forEach((name, i) => { if (values[i] !== undefined) fields[name] = String(values[i]); });
  return staff.post(`/citizens/${citizen}/measurements`, fields);
}

test('a version in use cannot change; as a new version it can, and old measurements keep their score', async () => {
  const citizen = (await staff.get('/api/v1/citizens')).json().citizens[0].id;
  assert.equal((await importDefinition(sample('skema-brugt'))).status, 303);
  const form = await measurementForm(citizen, 'skema-brugt');
  assert.equal(form.items.length, 2);
  assert.equal((await record(citizen, form, [1, 0])).status, 303);
  let measurements = (await staff.get(`/api/v1/citizens/${citizen}`)).json().measurements;
  const first = measurements.find((m) => m.instrument_key === 'skema-brugt');
  assert.equal(first.score, 1, 'Ja (1) + Nej (0)');

  /* Reversing b changes version 1, which is in use: refused, nothing written. */
  const refused = await importDefinition(sample('skema-brugt', { reverse: true }));
  assert.equal(refused.status, 422);
  assert.match(refused.text, /version 1 af &#39;skema-brugt&#39; er allerede brugt i 1 målinger og kan ikke ændres/);
  assert.match(refused.text, /sæt &quot;version&quot; til 2, eller vælg at gemme den som ny version/);
  assert.equal((await byKey('skema-brugt')).versions, 1);

  const accepted = await importDefinition(sample('skema-brugt', { reverse: true }), { newVersion: true });
  assert.equal(accepted.status, 303);
  const v2 = await byKey('skema-brugt');
  assert.equal(v2.version, 2);

  /* The form now shows version 2; the same answers score 1 + (0 + 1 − 0) = 2. */
  const form2 = await measurementForm(citizen, 'skema-brugt');
  assert.notEqual(form2.instrument, form.instrument);
  assert.equal((await record(citizen, form2, [1, 0])).status, 303);
  measurements = (await staff.get(`/api/v1/citizens/${citizen}`)).json().measurements
    .filter((m) => m.instrument_key === 'skema-brugt');
  assert.deepEqual(measurements.map((m) => [m.instrument_version, m.score]), [[1, 1], [2, 2]]);

  /* Both versions are listed with their measurements. */
  const versions = (await admin.get(`/api/v1/instruments/${v2.id}`)).json().versions;
  assert.deepEqual(versions.map((v) => [v.version, v.measurements]), [[2, 1], [1, 1]]);
});

test('a FHIR Questionnaire is imported too', async () => {
  const who = await byKey('who-5');
  const q = (await admin.get(`/instruments/${who.id}/export?format=fhir`)).json();
  q.identifier[0].value = 'who-5-fhir';
  q.title = 'WHO-5 fra FHIR';
  delete q._title;
  const res = await importDefinition(q);
  assert.equal(res.status, 303, res.text);
  const imported = await byKey('who-5-fhir');
  assert.equal(imported.source, 'fhir');
  assert.equal(imported.name_da, 'WHO-5 fra FHIR');
  const check = await importDefinition(q, { action: 'check' });
  assert.match(check.text, /Den er læst som en FHIR Questionnaire\./);
  const bad = structuredClone(q);
  bad.item[1].type = 'string';
  delete bad.item[1].answerOption;
  const refused = await importDefinition(bad);
  assert.equal(refused.status, 422);
  assert.match(refused.text, /<code>item\[1\]<\/code>: spørgsmålet &#39;calm&#39; har typen &#39;string&#39;/);
});

test('measuring with WHO-5: raw score × 4, all five answers needed', async () => {
  const citizen = (await staff.get('/api/v1/citizens')).json().citizens[1].id;
  const form = await measurementForm(citizen, 'who-5');
  assert.equal(form.items.length, 5);
  assert.match(form.text, /I de sidste 2 uger har jeg været glad og i godt humør/);
  assert.match(form.text, /<span aria-current="page">WHO-5 Trivselsindeks<\/span>/);
  assert.doesNotMatch(form.text, /Lovende praksis/, 'practice assessments are not for citizens');
  const whoBefore = (await staff.get(`/api/v1/citizens/${citizen}`)).json().measurements
    .filter((x) => x.instrument_key === 'who-5').map((x) => x.id);
  const incomplete = await record(citizen, form, [3, 4, 2, 5]);
  assert.equal(incomplete.status, 422);
  assert.match(incomplete.text, /Besvar alle 5 spørgsmål\./);
  const offScale = await record(citizen, form, [3, 4, 2, 5, 6]);
  assert.equal(offScale.status, 422);
  assert.match(offScale.text, /Vælg en værdi mellem 0 og 5\./);
  assert.equal((await record(citizen, form, [3, 4, 2, 5, 1])).status, 303);
  const m = (await staff.get(`/api/v1/citizens/${citizen}`)).json().measurements
    .filter((x) => x.instrument_key === 'who-5' && !whoBefore.includes(x.id));
  assert.equal(m.length, 1, 'one new WHO-5 measurement');
  assert.equal(m[0].score, 60, '(3 + 4 + 2 + 5 + 1) × 4');
  const lp = await byKey('lovende-praksis');
  assert.equal((await staff.get(`/citizens/${citizen}/measurements/new?instrument=lovende-praksis`)).status, 404);
  assert.equal((await staff.get(`/citizens/${citizen}/measurements/new?instrument=findes-ikke`)).status, 404);
  const csrf = await staff.csrf('/citizens');
  const practice = await staff.post(`/citizens/${citizen}/measurements`, { csrf_token: csrf,
    instrument_id: String(lp.id), measured_on: '01-06-2026', point: 'follow_up', respondent: 'staff',
    collection_method: 'observation' });
  assert.equal(practice.status, 404);
});
