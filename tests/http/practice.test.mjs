// practice.test.mjs — practice development over HTTP against a real
// `spor serve`: the demo's assessments and their history, a meeting left
// half way and resumed, answers to questions that are not in the version
// refused whole, scoping to the offer (a leader of another organisation
// gets 404, staff 403 on what leaders do), theories of change in versions
// with arrows only inside one theory, development points, trial actions,
// citizen journeys, planning tools, prints, escaping and the audit log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, demoDatabase, spor, startServer } from './harness.mjs';

const PASSWORD = 'en-god-lang-adgangskode';
let server;
let leader; // leader of the demo's offer
let staff; // staff member there
let stranger; // leader of the other organisation
let offer; // the demo's offer id
let awayOffer; // an offer of the other organisation
const tokens = new Map();

async function csrf(client) {
  if (!tokens.has(client)) tokens.set(client, Client.csrfFrom((await client.get('/practice')).text));
  return tokens.get(client);
}

/** POST to the API twin with the session's CSRF token. */
async function post(client, path, form = {}) {
  return client.request('POST', `/api/v1${path}`, { form, headers: { 'x-csrf-token': await csrf(client) } });
}

async function api(client, path) {
  const res = await client.get(`/api/v1${path}`);
  assert.equal(res.status, 200, `${path}: ${res.status} ${res.text.slice(0, 300)}`);
  return res.json();
}

before(async () => {
  const { dir, db } = demoDatabase({ citizens: 30, seed: 11 });
  const tree = JSON.parse(spor(['--db', db, 'org', 'list', '--json']).stdout).sort((a, b) => a.id - b.id);
  offer = tree[0].offers.find((o) => o.name.includes('Kastanjehuset')).id;
  awayOffer = tree[tree.length - 1].offers[0].id;
  const r = spor(['--db', db, 'user', 'add', 'fremleder', '--name', 'Fremmed leder', '--role', 'leader',
    '--organisation', String(tree[tree.length - 1].id)], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  server = await startServer({ db, dir });
  leader = new Client(server.base);
  staff = new Client(server.base);
  stranger = new Client(server.base);
  assert.equal((await leader.login('leder')).status, 303);
  assert.equal((await staff.login('mette')).status, 303);
  assert.equal((await stranger.login('fremleder', PASSWORD)).status, 303);
});

after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

test('Praksisudvikling is in the menu of staff and leaders only, and lists their offers', async () => {
  for (const [client, shown] of [[leader, true], [staff, true]]) {
    const page = await client.get('/citizens');
    assert.equal(/href="\/practice"/.test(page.text), shown);
  }
  for (const username of ['sagsbehandler', 'borger', 'admin']) {
    const c = new Client(server.base);
    await c.login(username);
    const page = await c.get('/');
    const body = page.status === 303 ? (await c.get(page.headers.get('location'))).text : page.text;
    assert.doesNotMatch(body, /href="\/practice"/, username);
    assert.equal((await c.get('/practice')).status, 403, username);
  }
  const offers = (await api(leader, '/practice')).offers;
  assert.deepEqual(offers.map((o) => o.id), [offer]);
  assert.equal(offers[0].can_write, true);
  const staffOffers = (await api(staff, '/practice')).offers;
  assert.deepEqual(staffOffers.map((o) => [o.id, o.can_write]), [[offer, false]]);
  assert.deepEqual((await api(stranger, '/practice')).offers.map((o) => o.id).includes(offer), false);
});

test('the demo: two Lovende praksis assessments a year apart, a self-evaluation and the rest', async () => {
  const hub = await api(leader, `/offers/${offer}/practice`);
  const lp = hub.assessments.filter((a) => a.instrument_key === 'lovende-praksis');
  assert.equal(lp.length, 2);
  assert.ok(lp.every((a) => a.status === 'finished' && a.answered === 59));
  assert.equal(hub.selvevaluering.instrument_key, 'selvevaluering');
  assert.ok(hub.running_trials.length >= 1);
  assert.equal(hub.theories.length, 1);
  assert.equal(hub.theories[0].boxes, 9);
  assert.ok(hub.journeys.length >= 1 && hub.tools.length >= 2);
  // The newer one is compared with the older by default: the change per
  // element is the difference of the two element scores.
  const [newer, older] = lp;
  const a = await api(leader, `/assessments/${newer.id}`);
  const b = await api(leader, `/assessments/${older.id}`);
  assert.equal(a.elements.length, 11);
  assert.equal(a.chart.kind, 'radar');
  assert.equal(a.chart.axes.length, 11);
  assert.equal(a.compare_href, `/assessments/${newer.id}/compare?with=${older.id}`);
  const cmp = await api(leader, `/assessments/${newer.id}/compare`);
  assert.equal(cmp.older.id, older.id);
  assert.equal(cmp.assessment.id, newer.id);
  assert.equal(cmp.chart.series.length, 2);
  assert.equal(cmp.rows.length, 11);
  for (const [i, row] of cmp.rows.entries()) {
    assert.ok(Math.abs(row.newer - a.elements[i].score) < 1e-9, row.name);
    assert.ok(Math.abs(row.older - b.elements[i].score) < 1e-9, row.name);
    assert.ok(Math.abs(row.change - Math.round((row.newer - row.older) * 10) / 10) < 1e-9, row.name);
  }
  // The same from the older one's side, and as HTML with the web and the table.
  const back = await api(leader, `/assessments/${older.id}/compare?with=${newer.id}`);
  assert.deepEqual(back.rows.map((r) => r.change), cmp.rows.map((r) => r.change));
  const html = await leader.get(`/assessments/${newer.id}/compare`);
  assert.match(html.text, /<svg[^>]*role="img"/);
  assert.match(html.text, /Ændring pr\. element/);
  // Monitoring rose most in the demo, as the offer worked on it.
  const monitoring = cmp.rows.find((r) => r.key === 'monitoring');
  assert.ok(monitoring.change > 0);
  // A self-evaluation is no comparison for Lovende praksis.
  const self = await leader.get(`/assessments/${newer.id}/compare?with=${hub.selvevaluering.id}`);
  assert.equal(self.status, 422);
});

test('the spider web as PDF and PNG, alone and compared', async () => {
  const hub = await api(leader, `/offers/${offer}/practice`);
  const [newer, older] = hub.assessments.filter((a) => a.instrument_key === 'lovende-praksis');
  for (const path of [`/assessments/${newer.id}/chart.pdf`, `/assessments/${newer.id}/chart.pdf?with=${older.id}`]) {
    const res = await fetch(server.base + path, { headers: { cookie: leader.cookieHeader() } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'application/pdf');
    const bytes = Buffer.from(await res.arrayBuffer());
    assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  }
  const png = await fetch(`${server.base}/assessments/${newer.id}/chart.png?with=${older.id}`,
    { headers: { cookie: staff.cookieHeader() } });
  assert.equal(png.status, 200);
  assert.deepEqual([...Buffer.from(await png.arrayBuffer()).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  const map = await fetch(`${server.base}/theories/${hub.theories[0].id}/map.pdf`,
    { headers: { cookie: leader.cookieHeader() } });
  assert.equal(Buffer.from(await map.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
});

test('a meeting left half way loses nothing and is resumed where it stopped', async () => {
  const form = await api(leader, `/offers/${offer}/assessments/new?instrument=lovende-praksis`);
  const instrument = form.instruments.find((i) => i.key === 'lovende-praksis');
  const created = await post(leader, `/offers/${offer}/assessments`, {
    instrument_id: instrument.id, held_on: '01-03-2026', participants: 'Lone\nMette\n\nJonas',
  });
  assert.equal(created.status, 201, created.text);
  const id = created.json().id;
  assert.equal(created.headers.get('location'), `/assessments/${id}/meeting?element=1`);

  // Element 1: every question answered, two comments; then element 2 half.
  const page1 = await api(leader, `/assessments/${id}/meeting?element=1`);
  assert.equal(page1.element.name, 'Teori og viden');
  assert.equal(page1.questions.length, 6);
  assert.equal(page1.progress.answered, 0);
  const answers = { element: '1', goto: '2' };
  for (const q of page1.questions) answers[q.field] = '2';
  answers[page1.questions[0].comment_field] = 'Recovery og mentalisering';
  answers[page1.questions[5].field] = '1';
  answers[page1.questions[5].comment_field] = 'Ikke skrevet ned';
  const saved = await post(leader, `/assessments/${id}/answers`, answers);
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.headers.get('location'), `/assessments/${id}/meeting?element=2`);
  const page2 = await api(leader, `/assessments/${id}/meeting?element=2`);
  assert.equal(page2.element.name, 'Virkning');
  await post(leader, `/assessments/${id}/answers`, { element: '2', [page2.questions[0].field]: '0' });

  // The meeting leaves; another session of the same leader comes back.
  const again = new Client(server.base);
  assert.equal((await again.login('leder')).status, 303);
  const resumed = await api(again, `/assessments/${id}/meeting`);
  assert.equal(resumed.element.number, 2, 'resumes at the first element with an open question');
  assert.equal(resumed.progress.answered, 7);
  assert.equal(resumed.questions[0].options.find((o) => o.checked).value, '0');
  assert.equal(resumed.questions[1].unanswered, true);
  const back1 = await api(again, `/assessments/${id}/meeting?element=1`);
  assert.equal(back1.questions[0].comment, 'Recovery og mentalisering');
  assert.equal(back1.pages[0].complete, true);
  assert.equal(back1.pages[1].answered, 1);

  // Results so far: element 1 is 5 × Ja + 1 × Delvist of 6 = 11/12.
  const results = await api(again, `/assessments/${id}`);
  assert.equal(results.assessment.status, 'in_progress');
  assert.deepEqual(results.assessment.participants, ['Lone', 'Mette', 'Jonas']);
  assert.ok(Math.abs(results.elements[0].score - 100 * 11 / 12) < 1e-9);
  assert.equal(results.elements[1].score, 0);
  assert.equal(results.elements[1].low, true);
  assert.equal(results.elements[2].has_score, false);
  const html = await again.get(`/assessments/${id}`);
  assert.match(html.text, /Fortsæt mødet/);
  assert.match(html.text, /dimension 8 \(relationelt samarbejde\)/);

  // A comment can be cleared and an answer taken back.
  await post(again, `/assessments/${id}/answers`, { element: '1', [back1.questions[0].comment_field]: '',
    [back1.questions[1].field]: '' });
  const after = await api(again, `/assessments/${id}/meeting?element=1`);
  assert.equal(after.questions[0].comment, null);
  assert.equal(after.questions[1].unanswered, true);
  assert.equal(after.progress.answered, 6);

  // Finishing, and opening again.
  assert.equal((await post(again, `/assessments/${id}/finish`, { status: 'finished' })).status, 200);
  assert.equal((await api(again, `/assessments/${id}`)).assessment.status, 'finished');
  assert.equal((await post(again, `/assessments/${id}/finish`, {})).status, 422);
});

test('an answer to a question that is not in the version is refused, and nothing is saved', async () => {
  const form = await api(leader, `/offers/${offer}/assessments/new`);
  const lp = form.instruments.find((i) => i.key === 'lovende-praksis');
  const se = form.instruments.find((i) => i.key === 'selvevaluering');
  const id = (await post(leader, `/offers/${offer}/assessments`, { instrument_id: lp.id, held_on: '02-03-2026' })).json().id;
  const selfId = (await post(leader, `/offers/${offer}/assessments`, { instrument_id: se.id, held_on: '02-03-2026' })).json().id;
  const own = (await api(leader, `/assessments/${id}/meeting?element=1`)).questions;
  const foreign = (await api(leader, `/assessments/${selfId}/meeting?element=1`)).questions[0];
  const itemId = foreign.field.replace('item_', '');

  const bad = await post(leader, `/assessments/${id}/answers`, {
    element: '1', [own[0].field]: '2', [own[0].comment_field]: 'gemmes ikke', [`item_${itemId}`]: '3',
  });
  assert.equal(bad.status, 422);
  assert.match(bad.json().error.fields.items, /findes ikke i denne version af instrumentet/);
  const unknown = await post(leader, `/assessments/${id}/answers`, { element: '1', item_999999: '2' });
  assert.equal(unknown.status, 422);
  const comment = await post(leader, `/assessments/${id}/answers`, { element: '1', [`comment_${itemId}`]: 'x' });
  assert.equal(comment.status, 422);
  // A value that is not on the question's scale.
  const off = await post(leader, `/assessments/${id}/answers`, { element: '1', [own[0].field]: '5' });
  assert.equal(off.status, 422);
  assert.ok(off.json().error.fields[own[0].field]);
  // Development activities are the self-evaluation's only.
  const acts = await post(leader, `/assessments/${id}/answers`, { element: '1', [`activities_${own[0].field.slice(5)}`]: 'x' });
  assert.equal(acts.status, 422);
  // Control characters in a comment.
  const ctl = await post(leader, `/assessments/${id}/answers`, { element: '1', [own[0].comment_field]: 'a\u0001b' });
  assert.equal(ctl.status, 422);
  // As a page, the form comes back with the message beside the answers.
  const html = await leader.post(`/assessments/${id}/answers`, {
    csrf_token: await csrf(leader), element: '1', [own[0].field]: '2', [`item_${itemId}`]: '3' });
  assert.equal(html.status, 422);
  assert.match(html.text, /findes ikke i denne version af instrumentet/);
  assert.match(html.text, new RegExp(`name="${own[0].field}" value="2" checked`));

  const after = await api(leader, `/assessments/${id}/meeting?element=1`);
  assert.equal(after.progress.answered, 0, 'nothing of the refused requests was kept');
  assert.equal(after.questions[0].comment, null);
  // The self-evaluation takes development activities per row.
  const ok = await post(leader, `/assessments/${selfId}/answers`, {
    element: '1', [foreign.field]: '4', [foreign.activities_field]: 'Kursus for lederne' });
  assert.equal(ok.status, 200);
  const self = await api(leader, `/assessments/${selfId}/meeting?element=1`);
  assert.equal(self.questions[0].activities_text, 'Kursus for lederne');
  assert.equal(self.has_activities, true);
});

test('scope: a leader of another organisation gets 404, staff get 403 on what leaders do', async () => {
  const hub = await api(leader, `/offers/${offer}/practice`);
  const assessment = hub.assessments[0].id;
  const theory = hub.theories[0].id;
  for (const path of [`/offers/${offer}/practice`, `/assessments/${assessment}`, `/assessments/${assessment}/meeting`,
    `/assessments/${assessment}/chart.pdf`, `/theories/${theory}`, `/development-points/${hub.open_points[0].id}`,
    `/trials/${hub.running_trials[0].id}`, `/journeys/${hub.journeys[0].id}`, `/tools/${hub.tools[0].id}`]) {
    assert.equal((await stranger.get(path)).status, 404, path);
    assert.equal((await stranger.get(`/api/v1${path}`)).status, 404, path);
  }
  const before = (await api(leader, `/assessments/${assessment}/meeting?element=1`)).questions[0];
  const tried = await post(stranger, `/assessments/${assessment}/answers`, { element: '1', [before.field]: '0' });
  assert.equal(tried.status, 404);
  assert.equal((await post(stranger, `/offers/${offer}/theories`, { title: 'x' })).status, 404);
  assert.equal((await post(stranger, `/theories/${theory}/boxes`, { column_key: 'activities', text: 'x' })).status, 404);
  const still = (await api(leader, `/assessments/${assessment}/meeting?element=1`)).questions[0];
  assert.deepEqual(still.options, before.options);
  // The stranger's own offer works for them, and is 404 for the demo's leader.
  assert.equal((await stranger.get(`/offers/${awayOffer}/practice`)).status, 200);
  assert.equal((await leader.get(`/offers/${awayOffer}/practice`)).status, 404);
  // Staff read everything of their offer, and may not change what leaders keep.
  assert.equal((await staff.get(`/assessments/${assessment}`)).status, 200);
  assert.equal((await staff.get(`/assessments/${assessment}/meeting`)).status, 403);
  assert.equal((await post(staff, `/assessments/${assessment}/answers`, { element: '1' })).status, 403);
  assert.equal((await post(staff, `/offers/${offer}/development-points`, { title: 'x', priority: '1', status: 'open' })).status, 403);
  const page = await staff.get(`/assessments/${assessment}`);
  assert.doesNotMatch(page.text, /action="\/assessments\/\d+\/finish"/, 'no form staff cannot send');
});

test('trial actions: staff record them, a finished one needs a decision, the running ones are listed', async () => {
  const points = (await api(staff, `/offers/${offer}/development-points`)).points;
  const point = points.find((p) => p.status === 'in_progress');
  const base = { development_point_id: point.id, title: 'Borgerens egen score', hypothesis: 'Hvis … så …',
    indicator: 'Andel', status: 'finished' };
  const noDecision = await post(staff, `/offers/${offer}/trials`, base);
  assert.equal(noDecision.status, 422);
  assert.ok(noDecision.json().error.fields.decision);
  const noResult = await post(staff, `/offers/${offer}/trials`, { ...base, decision: 'adopt' });
  assert.equal(noResult.status, 422);
  assert.ok(noResult.json().error.fields.result);
  const wrongPoint = await post(staff, `/offers/${offer}/trials`, { ...base, status: 'running', development_point_id: '999999' });
  assert.equal(wrongPoint.status, 422);
  const dates = await post(staff, `/offers/${offer}/trials`, { ...base, status: 'running', starts_on: '10-03-2026', ends_on: '01-03-2026' });
  assert.equal(dates.status, 422);
  const created = await post(staff, `/offers/${offer}/trials`, { ...base, status: 'running', plan_who: 'Mette' });
  assert.equal(created.status, 201);
  const id = created.json().id;
  const list = await api(staff, `/offers/${offer}/trials`);
  assert.ok(list.running.some((t) => t.id === id));
  assert.ok(list.running.every((t) => t.status === 'running'));
  assert.ok(list.finished.every((t) => t.status === 'finished' && t.decision));
  const done = await post(staff, `/trials/${id}`, { ...base, result: 'Det virkede', learning: 'Spørg borgeren først',
    decision: 'adjust' });
  assert.equal(done.status, 200);
  const shown = await api(staff, `/trials/${id}`);
  assert.equal(shown.trial.decision, 'adjust');
  assert.equal(shown.trial.decision_label, 'Tilpas: justér og afprøv igen');
  assert.ok((await api(staff, `/development-points/${point.id}`)).point.trials.some((t) => t.id === id));
});

test('development points come from an element or a question of one of the offer\'s assessments', async () => {
  const hub = await api(leader, `/offers/${offer}/practice`);
  const lp = hub.assessments.find((a) => a.instrument_key === 'lovende-praksis');
  const self = hub.selvevaluering;
  const selfItem = (await api(leader, `/assessments/${self.id}/meeting?element=1`)).questions[0].field.slice(5);
  const lpItem = (await api(leader, `/assessments/${lp.id}/meeting?element=10`)).questions[2].field.slice(5);
  const base = { title: 'Faste procedurer', priority: '4', status: 'open', assessment_id: lp.id };
  let res = await post(leader, `/offers/${offer}/development-points`, { ...base, item_id: selfItem });
  assert.equal(res.status, 422);
  assert.match(res.json().error.fields.item_id, /findes ikke i vurderingens version/);
  res = await post(leader, `/offers/${offer}/development-points`, { ...base, element_key: 'leadership' });
  assert.equal(res.status, 422);
  res = await post(leader, `/offers/${offer}/development-points`, { ...base, element_key: 'goals', item_id: lpItem });
  assert.equal(res.status, 422, 'the question belongs to another element');
  const admin = JSON.parse(spor(['--db', server.db, 'user', 'list', '--json']).stdout).find((u) => u.username === 'admin');
  res = await post(leader, `/offers/${offer}/development-points`, { ...base, owner_user_id: admin.id });
  assert.equal(res.status, 422);
  assert.ok(res.json().error.fields.owner_user_id);
  res = await post(leader, `/offers/${offer}/development-points`, { ...base, item_id: lpItem });
  assert.equal(res.status, 201);
  const point = (await api(leader, `/development-points/${res.json().id}`)).point;
  assert.equal(point.element_key, 'monitoring', 'the element of the question');
  assert.equal(point.element_name, 'Monitorering');
});

test('a theory of change: boxes, arrows only within it, parameters on results, versions kept', async () => {
  const created = await post(leader, `/offers/${offer}/theories`, { title: 'Mentorindsats', target_group: 'Unge 15–18 år' });
  assert.equal(created.status, 201);
  const id = created.json().id;
  const box = async (theory, column_key, text, extra = {}) => {
    const res = await post(leader, `/theories/${theory}/boxes`, { column_key, text, ...extra });
    assert.equal(res.status, 201, res.text);
    return res.json().created;
  };
  const a = await box(id, 'activities', 'Relationsskabende aktiviteter', { knowledge_practice: '1' });
  const b = await box(id, 'immediate_results', 'Den unge får øget tillid til voksne');
  const c = await box(id, 'long_term_results', 'Den unge gennemfører en ungdomsuddannelse',
    { parameters: 'who-5:total:' });
  const activityWithParameter = await post(leader, `/theories/${id}/boxes`,
    { column_key: 'activities', text: 'x', parameters: 'who-5:item:calm' });
  assert.equal(activityWithParameter.status, 422);
  const unknownParameter = await post(leader, `/theories/${id}/boxes`,
    { column_key: 'long_term_results', text: 'x', parameters: 'who-5:item:nonsense' });
  assert.equal(unknownParameter.status, 422);

  assert.equal((await post(leader, `/theories/${id}/arrows`, { from_box_id: a, to_box_id: b, mechanism: 'Spejling' })).status, 201);
  assert.equal((await post(leader, `/theories/${id}/arrows`, { from_box_id: b, to_box_id: c })).status, 201);
  const twice = await post(leader, `/theories/${id}/arrows`, { from_box_id: a, to_box_id: b });
  assert.equal(twice.status, 422);
  assert.equal((await post(leader, `/theories/${id}/arrows`, { from_box_id: a, to_box_id: a })).status, 422);
  // An arrow to a box of another theory of change.
  const demoTheory = (await api(leader, `/offers/${offer}/practice`)).theories.find((t) => t.title === 'Sundhed i botilbuddet');
  const demoBox = (await api(leader, `/theories/${demoTheory.id}`)).columns[0].boxes[0].id;
  const foreign = await post(leader, `/theories/${id}/arrows`, { from_box_id: a, to_box_id: demoBox });
  assert.equal(foreign.status, 422);
  assert.match(foreign.json().error.fields.to_box_id, /samme forandringsteori/);
  const foreignFrom = await post(leader, `/theories/${id}/arrows`, { from_box_id: demoBox, to_box_id: a });
  assert.equal(foreignFrom.status, 422);
  assert.ok(foreignFrom.json().error.fields.from_box_id);

  const v1 = await api(leader, `/theories/${id}`);
  assert.equal(v1.theory.version, 1);
  assert.equal(v1.arrows.length, 2);
  assert.equal(v1.arrows[0].mechanism, 'Spejling');
  assert.equal(v1.map.boxes.length, 3);
  assert.deepEqual(v1.columns.map((col) => col.boxes.length), [1, 1, 0, 1]);
  const result = v1.columns[3].boxes[0];
  assert.equal(result.has_parameters, true);
  const boxPage = await api(leader, `/theories/${id}/boxes/${c}`);
  assert.equal(boxPage.box.parameters[0].instrument_key, 'who-5');
  assert.equal(boxPage.box.arrows_in.length, 1);
  assert.equal((await leader.get(`/theories/${id}/boxes/${demoBox}`)).status, 404, 'a box of another theory');

  // A new version: a copy; changing it leaves version 1 as it was.
  const v2 = await post(leader, `/theories/${id}/versions`, { change_note: 'Forældrene med' });
  assert.equal(v2.status, 201);
  assert.equal(v2.json().created, 2);
  const now = await api(leader, `/theories/${id}`);
  assert.equal(now.theory.version, 2);
  assert.equal(now.arrows.length, 2);
  const copyOfA = now.columns[0].boxes[0].id;
  assert.notEqual(copyOfA, a);
  await box(id, 'activities', 'Samtaler med forældrene');
  assert.equal((await post(leader, `/theories/${id}/boxes/delete`, { box_id: now.columns[1].boxes[0].id })).status, 200);
  // Version 1's boxes are not in the newest version any more.
  const stale = await post(leader, `/theories/${id}/arrows`, { from_box_id: a, to_box_id: copyOfA });
  assert.equal(stale.status, 422);
  const old = await api(leader, `/theories/${id}?version=1`);
  assert.equal(old.theory.newest, false);
  assert.equal(old.map.boxes.length, 3);
  assert.equal(old.arrows.length, 2);
  const newest = await api(leader, `/theories/${id}`);
  assert.equal(newest.map.boxes.length, 3);
  assert.equal(newest.arrows.length, 0, 'the arrows of the removed box went with it');
  assert.deepEqual(newest.versions.map((v) => v.version), [2, 1]);
  const html = await leader.get(`/theories/${id}`);
  assert.match(html.text, /<svg[^>]*role="img"[^>]*aria-labelledby/);
});

test('a citizen journey: entries by week and row, kinds the row holds, documentation marked', async () => {
  const res = await post(leader, `/offers/${offer}/journeys`, { title: 'Udslusning', kind: 'concrete', weeks: '6',
    others_label: 'Jobcenter' });
  assert.equal(res.status, 201);
  const id = res.json().id;
  assert.equal((await post(leader, `/journeys/${id}/entries`, { week: '2', lane: 'citizen', kind: 'strength', text: 'Stærk vilje' })).status, 201);
  assert.equal((await post(leader, `/journeys/${id}/entries`, { week: '3', lane: 'documentation', kind: 'collect', text: 'VUM' })).status, 201);
  const wrongKind = await post(leader, `/journeys/${id}/entries`, { week: '2', lane: 'authority', kind: 'strength', text: 'x' });
  assert.equal(wrongKind.status, 422);
  assert.ok(wrongKind.json().error.fields.kind);
  assert.equal((await post(leader, `/journeys/${id}/entries`, { week: '7', lane: 'offer', kind: 'activity', text: 'x' })).status, 422);
  const shrink = await post(leader, `/journeys/${id}`, { title: 'Udslusning', kind: 'concrete', weeks: '2' });
  assert.equal(shrink.status, 422, 'an entry stands in week 3');
  const journey = await api(staff, `/journeys/${id}`);
  assert.equal(journey.weeks.length, 6);
  assert.deepEqual(journey.weeks.map((w) => w.documented), [false, false, true, false, false, false]);
  const citizen = journey.lanes.find((l) => l.key === 'citizen');
  assert.equal(citizen.cells[1].entries[0].kind_label, 'Styrke');
  assert.equal(journey.lanes.find((l) => l.key === 'others').label, 'Jobcenter');
  const staffPage = await staff.get(`/journeys/${id}`);
  assert.doesNotMatch(staffPage.text, /entries\/delete/);
  const entry = journey.entries[0].id;
  assert.equal((await post(leader, `/journeys/${id}/entries/delete`, { entry_id: entry })).status, 200);
  const other = (await api(leader, `/offers/${offer}/practice`)).journeys.find((j) => j.id !== id);
  const otherEntry = (await api(leader, `/journeys/${other.id}`)).entries[0].id;
  assert.equal((await post(leader, `/journeys/${id}/entries/delete`, { entry_id: otherEntry })).status, 422);
});

test('planning tools keep their answers per offer; unknown questions are refused', async () => {
  const res = await post(leader, `/offers/${offer}/tools`, { kind: 'process_reflection', title: 'Faglig dag', held_on: '05-03-2026' });
  assert.equal(res.status, 201);
  const id = res.json().id;
  const tool = await api(leader, `/tools/${id}`);
  assert.deepEqual(tool.sections.map((s) => s.title), ['1. Afklaring', '2. Beskrivelse af metoder og indsatser',
    '3. Planlægning', '4. Indsamling af dokumentation', '5. Analyse og rapportering',
    '6. Anvendelse af indsamlet dokumentation']);
  assert.equal(tool.sections.reduce((n, s) => n + s.questions.length, 0), 34, '26 questions, two of them in parts');
  const saved = await post(leader, `/tools/${id}`, { title: 'Faglig dag', held_on: '05-03-2026',
    answer_p1_leadership: 'Ledelsen går forrest', follow_up_p1_leadership: 'Fast punkt på ledermødet',
    answer_p4_plan: 'Ja, stort set' });
  assert.equal(saved.status, 200);
  const unknown = await post(leader, `/tools/${id}`, { title: 'Faglig dag', held_on: '05-03-2026', answer_nonsense: 'x' });
  assert.equal(unknown.status, 422);
  const after = await api(staff, `/tools/${id}`);
  const q = after.sections[0].questions[0];
  assert.equal(q.answer, 'Ledelsen går forrest');
  assert.equal(q.follow_up, 'Fast punkt på ledermødet');
  // Rows only where the tool has them: the learning meeting's decisions.
  const meeting = (await post(leader, `/offers/${offer}/tools`, { kind: 'learning_meeting', title: 'Læringsmøde', held_on: '06-03-2026' })).json().id;
  const guide = await api(leader, `/tools/${meeting}`);
  assert.deepEqual(guide.sections.map((s) => s.title), ['1. Indledning og rammesætning af mødet',
    '2. Refleksion over resultater', '3. Refleksion over dokumentationspraksis', '4. Opsamling og beslutninger']);
  assert.equal(guide.sections[1].questions.length, 9, 'eight questions and the minutes');
  assert.equal((await post(leader, `/tools/${meeting}/entries`, { section: 'decisions', text_a: 'Ny måling', text_b: 'Lone' })).status, 201);
  assert.equal((await post(leader, `/tools/${meeting}/entries`, { section: 'results', text_a: 'x' })).status, 422);
  assert.equal((await api(leader, `/tools/${meeting}`)).sections[3].entries[0].text_b, 'Lone');
});

test('what the group writes is escaped on every page, and changes are in the audit log', async () => {
  const hub = await api(leader, `/offers/${offer}/practice`);
  const id = hub.assessments.find((a) => a.instrument_key === 'lovende-praksis' && a.status === 'in_progress')?.id
    ?? (await post(leader, `/offers/${offer}/assessments`, { instrument_id: (await api(leader, `/offers/${offer}/assessments/new`)).instruments[0].id, held_on: '03-03-2026' })).json().id;
  const q = (await api(leader, `/assessments/${id}/meeting?element=4`)).questions[0];
  const xss = '<script>alert("x")</script>';
  assert.equal((await post(leader, `/assessments/${id}/answers`, { element: '4', [q.field]: '2', [q.comment_field]: xss })).status, 200);
  for (const path of [`/assessments/${id}/element?element=4`, `/assessments/${id}/meeting?element=4`]) {
    const page = await leader.get(path);
    assert.equal(page.status, 200);
    assert.ok(!page.text.includes(xss), path);
    assert.ok(page.text.includes('&lt;script&gt;'), path);
  }
  const audit = await api(leader, '/audit?user=leder');
  const actions = audit.entries.map((e) => e.action);
  for (const action of ['practice.assessment.update', 'practice.assessment.create', 'practice.theory.save',
    'practice.journey.save', 'practice.tool.save', 'practice.point.save'])
    assert.ok(actions.includes(action), action);
  const staffAudit = await api(leader, '/audit?user=mette');
  assert.ok(staffAudit.entries.some((e) => e.action === 'practice.trial.save'));
});
