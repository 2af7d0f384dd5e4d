// results.test.mjs — results documentation over HTTP, role by role: a
// leader plans an intervention's measurements, a worker finds them on the
// due list, records and approves them and sees the chart; goals with their
// baseline and GAS T-score; several raters; the caseworker's handleplan;
// the citizen's own page, diary and self-assessment; dates out of order;
// the audit log of every read and change; CSV import and export from the
// command line and the web page.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { Client, demoDatabase, spor, startServer } from './harness.mjs';

let server;
const c = {};
let dir;

before(async () => {
  const made = demoDatabase({ citizens: 40, seed: 9 });
  dir = mkdtempSync(join(tmpdir(), 'spor-results-'));
  // Reads are audited before the answer leaves, so the log can be read at once.
  const conf = join(dir, 'spor.conf');
  writeFileSync(conf, '[audit]\nread_lines = sync\n');
  server = await startServer({ ...made, extraArgs: ['--config', conf] });
  for (const name of ['mette', 'jonas', 'leder', 'borger', 'sagsbehandler', 'admin']) {
    c[name] = new Client(server.base);
    assert.equal((await c[name].login(name)).status, 303, `login ${name}`);
  }
});

after(async () => {
  assert.equal(await server.stop(), 0, server.stderr);
  rmSync(dir, { recursive: true, force: true });
});

/** dd-mm-åååå of a day `days` from today. */
function day(days) {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() + days);
  return `${String(d.getUTCDate()).padStart(2, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${d.getUTCFullYear()}`;
}
const iso = (danish) => danish.split('-').reverse().join('-');

async function api(who, path) {
  const res = await c[who].get(`/api/v1${path}`);
  assert.equal(res.status, 200, `${who} GET ${path}: ${res.status} ${res.text.slice(0, 200)}`);
  return res.json();
}

async function post(who, path, form) {
  const csrf = await c[who].csrf(who === 'borger' ? '/me' : who === 'sagsbehandler' ? '/citizens' : '/citizens');
  return c[who].post(path, { csrf_token: csrf, ...form });
}

async function auditOf(citizen) {
  return (await api('leder', `/audit?citizen=${citizen}`)).entries;
}

test('the start page: a worker sees their own due and overdue measurements', async () => {
  const home = await c.mette.get('/');
  assert.equal(home.status, 200);
  assert.match(home.text, /Dine opgaver/);
  assert.match(home.text, /Forsinkede målinger/);
  const model = await api('mette', '/');
  assert.ok(model.n_due + model.n_overdue > 0, 'the demo gives mette something to do');
  for (const row of [...model.due, ...model.overdue]) {
    assert.match(row.record_href, /^\/citizens\/\d+\/measurements\/new\?instrument=/);
    assert.ok(['open', 'upcoming', 'overdue'].includes(row.status));
  }
  // The due list only holds mette's own citizens; the team view holds more.
  const mine = await api('mette', '/due');
  const team = await api('mette', '/due?who=all');
  assert.ok(team.n_due + team.n_overdue >= mine.n_due + mine.n_overdue);
  assert.equal((await c.sagsbehandler.get('/due')).status, 403);
  assert.equal((await c.borger.get('/')).headers.get('location'), '/me');
});

let intervention;
let citizen;
let course;
test('plan → due list → record → approve → chart', async () => {
  // The leader makes an intervention and its plan: start within a week,
  // and a follow-up every month with the citizen's own rating beside.
  const offer = (await api('leder', '/interventions')).offers[0];
  const made = await post('leder', '/interventions', { offer_id: String(offer.id), name: 'Testforløb' });
  assert.equal(made.status, 303, made.text);
  intervention = Number(/\/interventions\/(\d+)/.exec(made.headers.get('location'))[1]);
  const start = await post('leder', `/interventions/${intervention}/plan`, {
    kind: 'start', window_days: '7', 'task_vum-livsomraader_staff': '1' });
  assert.equal(start.status, 303, start.text);
  const monthly = await post('leder', `/interventions/${intervention}/plan`, {
    kind: 'follow_up', months: '1', window_days: '5', 'task_vum-livsomraader_staff': '1',
    'task_vum-livsomraader_citizen': '1' });
  assert.equal(monthly.status, 303);
  const bad = await post('leder', `/interventions/${intervention}/plan`, { kind: 'follow_up', window_days: '5' });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /Angiv antal måneder/);
  assert.match(bad.text, /Vælg mindst ét instrument/);
  // WHO-5 is the citizen's own assessment: the form offers no staff box for
  // it, and a point that asks staff to answer it is refused.
  const planForm = await c.leder.get(`/interventions/${intervention}`);
  assert.match(planForm.text, /name="task_who-5_citizen"/);
  assert.doesNotMatch(planForm.text, /name="task_who-5_staff"/);
  const wrongRespondent = await post('leder', `/interventions/${intervention}/plan`, {
    kind: 'end', window_days: '5', 'task_who-5_staff': '1' });
  assert.equal(wrongRespondent.status, 422);
  assert.match(wrongRespondent.text, /ikke lavet til at blive besvaret af den valgte besvarer/);
  assert.equal((await post('mette', `/interventions/${intervention}/plan`, { kind: 'start' })).status, 403);
  const plan = (await api('mette', `/interventions/${intervention}`)).plan;
  assert.deepEqual(plan.map((p) => p.kind), ['start', 'follow_up']);

  // A worker registers a citizen and starts a course in it three days ago.
  const form = await c.mette.get('/citizens/new');
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(form.text)[1];
  const created = await post('mette', '/citizens', { unit_id: unit, first_name: 'Plan', last_name: 'Prøvesen',
    birth_date: '01-01-1990' });
  citizen = Number(/\/citizens\/(\d+)/.exec(created.headers.get('location'))[1]);
  const started = await post('mette', `/citizens/${citizen}/courses`, { intervention_id: String(intervention),
    started_on: day(-3) });
  assert.equal(started.status, 303, started.text);
  course = Number(/\/courses\/(\d+)/.exec(started.headers.get('location'))[1]);

  // The start measurement is on mette's due list, open now.
  let due = await api('mette', '/due');
  const row = due.due.find((r) => r.citizen_id === citizen);
  assert.ok(row, 'the new citizen is on the due list');
  assert.equal(row.status, 'open');
  assert.equal(row.label, 'Opstart');
  assert.equal(row.due_on, iso(day(-3)));

  // Recorded as a draft from the due list's link: a draft, not yet on the chart.
  const formPage = await c.mette.get(row.record_href);
  assert.equal(formPage.status, 200);
  assert.match(formPage.text, /<option value="start" selected>/);
  const csrf = Client.csrfFrom(formPage.text);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(formPage.text)[1];
  const items = [...new Set([...formPage.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  const fields = { csrf_token: csrf, instrument_id: instrument, measured_on: day(-1), point: 'start',
    respondent: 'staff', collection_method: 'dialogue_interview', course_id: String(course), draft: '1' };
  items.forEach((name, i) => { fields[name] = String(3 - (i % 2)); });
  fields[`comment_${items[0].slice(5)}`] = 'Taler selv om at lave mad';
  const recorded = await c.mette.post(`/citizens/${citizen}/measurements`, fields);
  assert.equal(recorded.status, 303, recorded.text.slice(0, 300));
  let page = await api('mette', `/courses/${course}`);
  const draft = page.measurements.find((m) => m.status === 'draft');
  assert.ok(draft);
  assert.equal(page.chart, undefined, 'a draft is not drawn');
  assert.equal(page.expected[0].status, 'draft');
  due = await api('mette', '/due');
  assert.ok(!due.due.some((r) => r.citizen_id === citizen && r.label === 'Opstart'), 'done, off the due list');
  assert.ok(due.due.some((r) => r.citizen_id === citizen && r.respondent === 'citizen'),
    'the first follow-up, with the citizen\'s own rating, is coming');
  assert.ok(due.drafts.some((d) => d.id === draft.id), 'and on the list of drafts');

  // Approved: on the chart, the expectation done, the item comment kept.
  const m = await api('mette', `/measurements/${draft.id}`);
  assert.equal(m.rows[0].comment, 'Taler selv om at lave mad');
  const approved = await post('mette', `/measurements/${draft.id}/approve`, { version: String(m.measurement.version) });
  assert.equal(approved.status, 303);
  const again = await post('mette', `/measurements/${draft.id}/approve`, { version: String(m.measurement.version + 1) });
  assert.equal(again.status, 422, 'approved already');
  page = await api('mette', `/courses/${course}`);
  assert.deepEqual(page.chart.x, [day(-1)]);
  assert.equal(page.expected[0].status, 'done');
  assert.equal(page.expected[0].measurement_id, draft.id);
});

test('dates out of order are 422 on their field and write nothing', async () => {
  const before = (await api('mette', `/courses/${course}`)).measurements.length;
  const formPage = await c.mette.get(`/citizens/${citizen}/measurements/new?course=${course}`);
  const csrf = Client.csrfFrom(formPage.text);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(formPage.text)[1];
  const items = [...new Set([...formPage.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  const fields = { csrf_token: csrf, instrument_id: instrument, measured_on: day(-10), point: 'follow_up',
    respondent: 'staff', collection_method: 'observation', course_id: String(course) };
  for (const name of items) fields[name] = '2';
  const early = await c.mette.post(`/citizens/${citizen}/measurements`, fields);
  assert.equal(early.status, 422);
  assert.match(early.text, /id="measured_on-error">Datoen ligger før forløbets start/);
  const afterEnd = await c.mette.post(`/citizens/${citizen}/measurements`, { ...fields, measured_on: day(-1),
    point: 'after_end' });
  assert.equal(afterEnd.status, 422);
  assert.match(afterEnd.text, /kræver, at forløbet er afsluttet/);
  assert.equal((await api('mette', `/courses/${course}`)).measurements.length, before);

  const ended = await post('mette', `/courses/${course}/end`, { ended_on: day(-5) });
  assert.equal(ended.status, 422);
  assert.match(ended.text, /id="ended_on-error">Slutdatoen ligger før forløbets start/);
  const required = await post('mette', `/courses/${course}/end`, { ended_on: day(0) });
  assert.equal(required.status, 422, 'the offer requires an end reason');
  assert.match(required.text, /Afslutningsårsag skal udfyldes/);
  const phase = await post('mette', `/courses/${course}/phase`, {
    phase_id: String((await api('leder', `/interventions/${intervention}`)).intervention.phases[1].id),
    phase_started_on: day(-30) });
  assert.equal(phase.status, 422);
  assert.match(phase.text, /Faseskiftet kan ikke ligge før forløbets start/);
  assert.equal((await api('mette', `/courses/${course}`)).course.ended_on, null);
});

test('goals: baseline from the latest approved measurement, target on the scale, GAS T-score', async () => {
  const made = await post('mette', `/courses/${course}/goals`, { kind: 'scale', goal_type: 'improve',
    title: 'Laver selv mad', instrument: 'vum-livsomraader', item_key: 'egenomsorg', target_score: '1',
    target_date: day(60) });
  assert.equal(made.status, 303, made.text.slice(0, 300));
  const goal = Number(/\/goals\/(\d+)/.exec(made.headers.get('location'))[1]);
  const g = (await api('mette', `/goals/${goal}`)).goal;
  assert.equal(g.baseline, 2, 'egenomsorg was rated 2 at the start');
  assert.equal(g.target_score, 1);
  // Not better than the baseline on a scale where lower is better.
  const worse = await post('mette', `/courses/${course}/goals`, { kind: 'scale', goal_type: 'improve',
    title: 'Forkert', instrument: 'vum-livsomraader', item_key: 'egenomsorg', target_score: '3' });
  assert.equal(worse.status, 422);
  assert.match(worse.text, /skal ligge under udgangspunktet/);
  const offScale = await post('mette', `/courses/${course}/goals`, { kind: 'scale', goal_type: 'maintain',
    title: 'Uden for', instrument: 'vum-livsomraader', item_key: 'egenomsorg', target_score: '9' });
  assert.equal(offScale.status, 422);

  const gas = await post('mette', `/courses/${course}/goals`, { kind: 'gas', goal_type: 'improve',
    title: 'Går i skole', gas_weight: '2', gas_level_m2: 'Aldrig', gas_level_m1: 'Sjældent',
    gas_level_0: 'Fire dage om ugen', gas_level_p1: 'Hver dag', gas_level_p2: 'Hver dag til tiden' });
  assert.equal(gas.status, 303, gas.text.slice(0, 300));
  const gasId = Number(/\/goals\/(\d+)/.exec(gas.headers.get('location'))[1]);
  const missingLevel = await post('mette', `/courses/${course}/goals`, { kind: 'gas', goal_type: 'improve',
    title: 'Halv', gas_level_0: 'Fire dage' });
  assert.equal(missingLevel.status, 422);
  assert.match(missingLevel.text, /−2: Meget mindre end forventet skal beskrives/);
  assert.equal((await post('mette', `/goals/${gasId}/ratings`, { rated_on: day(0), level: '0' })).status, 303);
  const rated = await api('mette', `/goals/${gasId}`);
  assert.deepEqual(rated.chart.series[0].values, [50], 'one goal at its expected level: T = 50');
  assert.equal((await post('mette', `/goals/${gasId}/ratings`, { rated_on: day(0), level: '3' })).status, 422);
});

test('several raters at the same point, side by side', async () => {
  const formPage = await c.mette.get(`/citizens/${citizen}/measurements/new?course=${course}&point=follow_up`);
  const csrf = Client.csrfFrom(formPage.text);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(formPage.text)[1];
  const items = [...new Set([...formPage.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  const raters = [...formPage.text.matchAll(/<select id="rater_user_id"[\s\S]*?<\/select>/g)][0][0];
  const ids = [...raters.matchAll(/<option value="(\d+)"/g)].map((x) => x[1]);
  assert.ok(ids.length >= 2, 'the unit has more than one rater');
  const ratings = [];
  for (const [n, rater] of ids.slice(0, 2).entries()) {
    const fields = { csrf_token: csrf, instrument_id: instrument, measured_on: day(0), point: 'follow_up',
      respondent: 'staff', collection_method: 'observation', course_id: String(course), rater_user_id: rater };
    for (const name of items) fields[name] = String(1 + n);
    const res = await c.mette.post(`/citizens/${citizen}/measurements`, fields);
    assert.equal(res.status, 303, res.text.slice(0, 300));
    ratings.push(res);
  }
  const list = (await api('mette', `/courses/${course}`)).measurements.filter((m) => m.point === 'follow_up');
  assert.equal(list.length, 2);
  assert.notEqual(list[0].rater_name, list[1].rater_name);
  const shown = await api('mette', `/measurements/${list[0].id}`);
  assert.equal(shown.raters.raters.length, 2);
  assert.ok(shown.raters.items.every((item) => item.spread === 1));
  // A rater outside the citizen's unit is refused beside the field.
  const jonas = (await api('leder', '/citizens')).citizens;
  const outsider = await post('mette', `/citizens/${citizen}/measurements`, { instrument_id: instrument,
    measured_on: day(0), point: 'ad_hoc', respondent: 'staff', collection_method: 'observation',
    rater_user_id: '999999', [items[0]]: '1' });
  assert.equal(outsider.status, 422);
  assert.match(outsider.text, /Vælg en medarbejder i borgerens afdeling/);
  assert.ok(jonas.length > 0);
});

/** mette records an approved WHO-5 for citizen `who` on `on`, every item answered `value`. */
async function recordWho5(who, on, respondent, value) {
  const formPage = await c.mette.get(`/citizens/${who}/measurements/new?instrument=who-5`);
  assert.equal(formPage.status, 200);
  const instrument = /name="instrument_id" value="(\d+)"/.exec(formPage.text)[1];
  const items = [...new Set([...formPage.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  assert.equal(items.length, 5);
  const fields = { csrf_token: Client.csrfFrom(formPage.text), instrument_id: instrument, measured_on: on,
    point: 'ad_hoc', respondent, collection_method: respondent === 'citizen' ? 'self_report' : 'observation' };
  for (const name of items) fields[name] = String(value);
  const res = await c.mette.post(`/citizens/${who}/measurements`, fields);
  assert.equal(res.status, 303, res.text.slice(0, 300));
}

test('other instruments\' total scores: the staff\'s and the citizen\'s own line on one chart', async () => {
  // WHO-5 is made for the citizen alone; this offer's own version of it
  // lets staff rate it too, so both lines can be drawn.
  const who5Definition = JSON.parse(readFileSync(new URL('../../instruments/who-5.json',
    import.meta.url), 'utf8'));
  who5Definition.respondents = ['citizen', 'staff'];
  who5Definition.version = 2;
  const who5File = join(dir, 'who-5-staff.json');
  writeFileSync(who5File, JSON.stringify(who5Definition));
  const imported = spor(['--db', server.db, 'instrument', 'import', who5File]);
  assert.equal(imported.status, 0, imported.stdout + imported.stderr);
  // Staff rate WHO-5 at 2 on every item (raw 10, score 40), the citizen at 4 (score 80).
  await recordWho5(citizen, day(-2), 'staff', 2);
  await recordWho5(citizen, day(-1), 'citizen', 4);
  const page = await api('mette', `/citizens/${citizen}`);
  assert.equal(page.has_score_charts, true);
  const who5 = page.score_charts.find((ch) => ch.title === 'WHO-5 Trivselsindeks');
  assert.ok(who5, page.score_charts.map((ch) => ch.title).join(', '));
  assert.deepEqual(who5.x, [day(-2), day(-1)]);
  assert.deepEqual(who5.series.map((s) => s.name), ['Medarbejdernes vurdering', 'Borgerens egen vurdering']);
  assert.deepEqual(who5.series[0].values, [40, null]);
  assert.deepEqual(who5.series[1].values, [null, 80]);
  assert.equal(who5.y_min, 0);
  assert.equal(who5.y_max, 100);
  assert.deepEqual(who5.reference_lines.map((r) => r.value), [29, 51], 'the cut-offs inside the scale');
  assert.ok(!page.score_charts.some((ch) => /Livsområder/.test(ch.title)), 'the life areas have their own chart');
  // The HTML page draws it, both lines, with its data table.
  const html = (await c.mette.get(`/citizens/${citizen}`)).text;
  const svg = html.slice(html.indexOf('WHO-5 Trivselsindeks'));
  assert.match(svg, /Medarbejdernes vurdering/);
  assert.match(svg, /Borgerens egen vurdering/);
  assert.match(svg, /<table/);
  // A draft is not drawn.
  const before = JSON.stringify(who5.series);
  const formPage = await c.mette.get(`/citizens/${citizen}/measurements/new?instrument=who-5`);
  const items = [...new Set([...formPage.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  const draft = { csrf_token: Client.csrfFrom(formPage.text),
    instrument_id: /name="instrument_id" value="(\d+)"/.exec(formPage.text)[1], measured_on: day(0),
    point: 'ad_hoc', respondent: 'staff', collection_method: 'observation', draft: '1' };
  for (const name of items) draft[name] = '5';
  assert.equal((await c.mette.post(`/citizens/${citizen}/measurements`, draft)).status, 303);
  const again = (await api('mette', `/citizens/${citizen}`)).score_charts.find((ch) => ch.title === who5.title);
  assert.equal(JSON.stringify(again.series), before);

  // The citizen's own page: the same chart of their own measurements.
  const own = (await api('borger', '/citizens')).citizens[0].id;
  await recordWho5(own, day(-4), 'citizen', 3);
  await recordWho5(own, day(-4), 'staff', 1);
  await recordWho5(own, day(-3), 'staff', 2);
  const me = await api('borger', '/me');
  const mine = me.score_charts.find((ch) => ch.title === 'WHO-5 Trivselsindeks');
  assert.ok(mine, 'WHO-5 on /me');
  // Only their own measurements: the other citizen's 40 and 80 are not there.
  assert.deepEqual(mine.series.map((s) => s.values), [[20, 40], [60, null]]);
  const meHtml = (await c.borger.get('/me')).text;
  assert.match(meHtml, /WHO-5 Trivselsindeks/);
  assert.match(meHtml.slice(meHtml.indexOf('WHO-5 Trivselsindeks')), /Borgerens egen vurdering/);
});

test('the caseworker reads the course and writes the handleplan, nothing else', async () => {
  const own = (await api('borger', '/citizens')).citizens[0].id;
  const assigned = (await api('sagsbehandler', '/citizens')).citizens.map((x) => x.id);
  assert.ok(assigned.includes(own));
  const page = await api('sagsbehandler', `/citizens/${own}`);
  assert.deepEqual(page.background, []);
  assert.ok(page.measurements.every((m) => m.status === 'approved'));
  const courseId = page.courses[0].id;
  const coursePage = await api('sagsbehandler', `/courses/${courseId}`);
  assert.equal(coursePage.diary, undefined);
  assert.equal(coursePage.intensity, undefined);
  assert.ok(coursePage.goals.length > 0);
  const goal = coursePage.goals[0].id;
  assert.equal((await c.sagsbehandler.get(`/api/v1/goals/${goal}`)).status, 200);
  const created = await post('sagsbehandler', `/citizens/${own}/action-plan`, { title: 'Egen bolig inden sommer',
    legal_basis: 'SEL § 141', follow_up_on: day(90) });
  assert.equal(created.status, 303);
  const plan = await api('sagsbehandler', `/citizens/${own}/action-plan`);
  assert.ok(plan.goals.some((x) => x.title === 'Egen bolig inden sommer'));
  // The staff's new goal aims at the next follow-up with the authority.
  const next = plan.goals.map((x) => x.follow_up_on).filter((on) => on && on >= iso(day(0))).sort()[0];
  assert.ok(next <= iso(day(90)));
  const goalForm = await c.mette.get(`/courses/${courseId}/goals/new`);
  assert.equal(goalForm.status, 200);
  assert.match(goalForm.text, new RegExp(`id="target_date"[^>]*value="${next.split('-').reverse().join('-')}"`));
  const past = await post('sagsbehandler', `/citizens/${own}/action-plan`, { title: 'For sent', follow_up_on: day(-1) });
  assert.equal(past.status, 422);
  for (const [path, form] of [[`/courses/${courseId}/goals`, { title: 'x' }], [`/courses/${courseId}/diary`, { body: 'x' }],
    [`/goals/${goal}`, { title: 'x' }], [`/citizens/${own}/invitations`, {}], [`/courses/${courseId}/phase`, {}]])
    assert.equal((await post('sagsbehandler', path, form)).status, 403, path);
  // Someone else's citizen is not there at all.
  const stranger = (await api('mette', '/citizens')).citizens.map((x) => x.id).find((id) => !assigned.includes(id));
  assert.equal((await c.sagsbehandler.get(`/api/v1/citizens/${stranger}/action-plan`)).status, 404);
});

test('the citizen: own goals, charts and diary; a self-assessment; nothing of anybody else', async () => {
  const me = await api('borger', '/me');
  assert.ok(me.goals.length >= 2);
  assert.ok(me.compare_chart, 'own rating beside the staff');
  assert.ok(me.diary.some((d) => d.author_kind === 'citizen'));
  assert.ok(me.diary.some((d) => d.author_kind === 'staff'));
  const open = me.answerable[0];
  assert.ok(open, 'the plan gives the citizen a self-assessment now');
  const form = await c.borger.get(open.href);
  assert.equal(form.status, 200);
  const csrf = Client.csrfFrom(form.text);
  const items = [...new Set([...form.text.matchAll(/name="(item_\d+)"/g)].map((x) => x[1]))];
  const answers = { csrf_token: csrf, course_id: String(open.course_id), plan_point_id: String(open.plan_point_id),
    instrument: open.instrument_key };
  items.forEach((name) => { answers[name] = '1'; });
  const saved = await c.borger.post('/me/assessments', answers);
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  const after = await api('borger', '/me');
  assert.ok(!after.answerable.some((a) => a.plan_point_id === open.plan_point_id && a.course_id === open.course_id),
    'answered: no longer open');
  // Once only: the same again is not open any more.
  assert.equal((await c.borger.post('/me/assessments', answers)).status, 404);
  // Staff see it as the citizen's own, approved.
  const own = (await api('borger', '/citizens')).citizens[0].id;
  const staffView = await api('mette', `/citizens/${own}`);
  assert.ok(staffView.measurements.some((m) => m.respondent === 'citizen' && m.status === 'approved'));

  const entry = await post('borger', '/me/diary', { body: 'I dag lavede jeg selv aftensmad.' });
  assert.equal(entry.status, 303);
  assert.ok((await api('borger', '/me')).diary.some((d) => d.body === 'I dag lavede jeg selv aftensmad.'));
  const future = await post('borger', '/me/diary', { body: 'x', written_on: day(3) });
  assert.equal(future.status, 422);

  const others = (await api('mette', '/citizens')).citizens.map((x) => x.id).filter((id) => id !== own);
  assert.equal((await c.borger.get(`/api/v1/citizens/${others[0]}`)).status, 404);
  const otherCourse = (await api('mette', `/citizens/${others[0]}`)).courses[0].id;
  assert.equal((await c.borger.get(`/api/v1/courses/${otherCourse}`)).status, 404);
  for (const path of ['/due', '/interventions', '/citizens/new', `/citizens/${own}/courses/new`, '/exchange'])
    assert.equal((await c.borger.get(path)).status, 403, path);
});

test('every read and change of citizen data is in the audit log, the citizen\'s own reads too', async () => {
  const own = (await api('borger', '/citizens')).citizens[0].id;
  await api('borger', '/me');
  const lines = await auditOf(own);
  const actions = new Set(lines.map((l) => l.action));
  for (const action of ['citizen.self.read', 'measurement.self', 'diary.create', 'action_plan.create',
    'action_plan.read', 'course.read', 'goal.read'])
    assert.ok(actions.has(action), `${action} in ${[...actions].join(', ')}`);
  const mine = await auditOf(citizen);
  const mineActions = new Set(mine.map((l) => l.action));
  for (const action of ['course.create', 'measurement.create', 'measurement.approve', 'measurement.read',
    'goal.create', 'goal.rating'])
    assert.ok(mineActions.has(action), action);
  const page = await c.leder.get(`/audit?citizen=${citizen}`);
  assert.match(page.text, /Godkendte en måling/);
});

test('interventions: leaders describe them and edit phases; a phase in use stays', async () => {
  const iv = await api('leder', `/interventions/${intervention}`);
  const phases = iv.intervention.phases;
  assert.deepEqual(phases.map((p) => p.name), ['Stabilisering', 'Primær indsats', 'Efterbehandling']);
  const form = { name: 'Testforløb', target_group: 'Unge voksne', inclusion_criteria: 'Visiteret efter § 107',
    new_phase: 'Udslusning' };
  for (const p of phases) form[`phase_${p.id}`] = p.name;
  form[`remove_${phases[0].id}`] = '1';
  const refused = await post('leder', `/interventions/${intervention}`, form);
  assert.equal(refused.status, 422, 'the first phase is the course\'s');
  assert.match(refused.text, /kan ikke fjernes/);
  delete form[`remove_${phases[0].id}`];
  form[`phase_${phases[2].id}`] = 'Efterværn';
  const saved = await post('leder', `/interventions/${intervention}`, form);
  assert.equal(saved.status, 303);
  const now = (await api('mette', `/interventions/${intervention}`)).intervention;
  assert.deepEqual(now.phases.map((p) => p.name), ['Stabilisering', 'Primær indsats', 'Efterværn', 'Udslusning']);
  assert.equal(now.target_group, 'Unge voksne');
  assert.equal((await post('mette', `/interventions/${intervention}`, form)).status, 403);
  const questions = await c.leder.get(`/offers/${iv.intervention.offer_id}/questions`);
  assert.equal(questions.status, 200);
  assert.match(questions.text, /Faglig vurdering af indsatsens succes/);
  // The offer requires the referral basis at the start, and stops asking about crime.
  const settings = { questions: '1', asked_end_end_reason: '1', required_end_end_reason: '1',
    asked_start_referral_basis: '1', required_start_referral_basis: '1', asked_start_diagnoses: '1' };
  assert.equal((await post('leder', `/offers/${iv.intervention.offer_id}/questions`, settings)).status, 303);
  const newForm = await c.mette.get('/citizens/new');
  assert.doesNotMatch(newForm.text, /for="criminal_record"/);
  assert.match(newForm.text, /for="referral_basis">Visitationsgrundlag <span class="required">/);
  const unit = /<option value="(\d+)"[^>]*>[^<]*Hus A/.exec(newForm.text)[1];
  const missing = await post('mette', '/citizens', { unit_id: unit, first_name: 'Krav', last_name: 'Test' });
  assert.equal(missing.status, 422);
  assert.match(missing.text, /Visitationsgrundlag skal udfyldes/);
  assert.equal((await post('mette', '/citizens', { unit_id: unit, first_name: 'Krav', last_name: 'Test',
    referral_basis: 'SEL § 107' })).status, 303);
  assert.equal((await post('leder', `/offers/${iv.intervention.offer_id}/questions`, {})).status, 422,
    'an empty form does not wipe the settings');
});

test('completeness: done in the window out of those due, by unit', async () => {
  const page = await api('leder', '/completeness?by=unit');
  assert.ok(page.rows.length >= 1);
  for (const row of [...page.rows, page.total]) {
    assert.equal(row.due, row.done + row.late + row.draft + row.missed + row.overdue);
    if (row.due > 0) assert.equal(row.completeness, Math.round((100 * row.done) / row.due));
  }
  const backwards = await c.leder.get(`/completeness?from=${day(0)}&to=${day(-10)}`);
  assert.equal(backwards.status, 422);
});

test('CSV export guards against spreadsheet formulas, and the import takes the guard off again', async () => {
  const file = join(dir, 'formulas.csv');
  const unit = (await api('mette', '/citizens')).citizens[0].unit_id;
  const evil = ['=HYPERLINK("http://x.example","klik")', '+SUM(1;2)', '-2+3', '@cmd', '-1.5'];
  const rows = ['citizen_ref,unit_id,first_name,last_name,housing'];
  evil.forEach((text, i) => rows.push(`FORMEL-${i},${unit},Formel,Nr${i},"${text.replaceAll('"', '""')}"`));
  writeFileSync(file, `${rows.join('\n')}\n`);
  const first = spor(['--db', server.db, 'import', 'citizens', file, '--user', 'mette']);
  assert.equal(first.status, 0, first.stdout + first.stderr);
  const csv = spor(['--db', server.db, 'export', 'citizens', '--user', 'mette', '--with-names']).stdout;
  const lines = csv.split('\n').filter((l) => l.startsWith('FORMEL-'));
  assert.equal(lines.length, evil.length);
  for (const line of lines) {
    const housing = line.split(',').slice(-100).find((f) => /HYPERLINK|SUM|cmd|2\+3|1\.5/.test(f));
    assert.ok(housing, line);
    if (housing.includes('1.5')) assert.ok(housing.startsWith('-1.5'), 'a number stays a number');
    else assert.match(housing, /^"?'[=+\-@]/, `guarded: ${line}`);
  }
  // Back in through the import, the text is as it was typed.
  const again = join(dir, 'formulas-again.csv');
  writeFileSync(again, [csv.split('\n')[0], ...lines].join('\n').replaceAll('FORMEL-', 'IGEN-') + '\n');
  const second = spor(['--db', server.db, 'import', 'citizens', again, '--user', 'mette']);
  assert.equal(second.status, 0, second.stdout + second.stderr);
  const back = (await api('mette', '/citizens?q=Formel')).citizens;
  const housings = [];
  for (const cz of back) housings.push((await api('mette', `/citizens/${cz.id}`)).citizen.housing);
  for (const text of evil) assert.equal(housings.filter((h) => h === text).length, 2, text);
});

test('CSV from the command line: a dry run, one bad row refusing all, a real import, an export', async () => {
  const file = join(dir, 'citizens.csv');
  const rows = ['citizen_ref;unit_id;first_name;last_name;birth_date;gender;housing'];
  const unit = (await api('mette', '/citizens')).citizens[0].unit_id;
  for (let i = 1; i <= 30; i++) rows.push(`EXT-${i};${unit};Importeret;Nummer ${i};01-02-1980;kvinde;"Egen bolig; 2. sal"`);
  rows.push(`EXT-31;${unit};Forkert;Dato;31-02-1980;mand;`);
  writeFileSync(file, `${rows.join('\n')}\n`);
  const bad = spor(['--db', server.db, 'import', 'citizens', file, '--user', 'mette']);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, /linje 32, kolonne birth_date: skal være en dato/);
  assert.match(bad.stderr, /intet er importeret/);
  const dry = spor(['--db', server.db, 'import', 'citizens', file, '--user', 'mette', '--dry-run']);
  assert.equal(dry.status, 1, 'a dry run reports the same problem');
  writeFileSync(file, `${rows.slice(0, -1).join('\n')}\n`);
  const clean = spor(['--db', server.db, 'import', 'citizens', file, '--user', 'mette', '--dry-run']);
  assert.equal(clean.status, 0, clean.stderr);
  assert.match(clean.stdout, /30 rækker ville blive importeret/);
  const exported = () => spor(['--db', server.db, 'export', 'citizens', '--user', 'mette', '--with-names']).stdout;
  assert.doesNotMatch(exported(), /EXT-1,/, 'the dry run wrote nothing');
  const real = spor(['--db', server.db, 'import', 'citizens', file, '--user', 'mette']);
  assert.equal(real.status, 0, real.stderr);
  assert.match(real.stdout, /30 rækker importeret/);
  const csv = exported();
  assert.match(csv, /^citizen_ref,unit_id,first_name,last_name,birth_date,gender,/);
  assert.match(csv, /EXT-17,\d+,Importeret,Nummer 17,1980-02-01,female,/);
  assert.match(csv, /"Egen bolig; 2\. sal"/);
  const twice = spor(['--db', server.db, 'import', 'citizens', file, '--user', 'mette']);
  assert.equal(twice.status, 1);
  assert.match(twice.stdout, /linje 2, kolonne citizen_ref: der findes allerede en borger med den reference/);
  // Pseudonymised by default: no names, the same pseudonym each time.
  const plain = spor(['--db', server.db, 'export', 'citizens', '--user', 'mette']).stdout;
  assert.doesNotMatch(plain, /Importeret|Nummer 17/);
  assert.match(plain, /^citizen_ref,unit_id,birth_year,gender/);
  assert.equal(plain, spor(['--db', server.db, 'export', 'citizens', '--user', 'mette']).stdout);
  // Courses and measurements refer to the imported citizens.
  const courses = join(dir, 'courses.csv');
  writeFileSync(courses, `citizen_ref,intervention_id,started_on,ended_on\nEXT-1,${intervention},${day(-20)},\nEXT-2,${intervention},${day(-20)},${day(-30)}\n`);
  const refused = spor(['--db', server.db, 'import', 'courses', courses, '--user', 'mette']);
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /linje 3, kolonne ended_on: slutdatoen ligger før startdatoen/);
  assert.equal(spor(['--db', server.db, 'import', 'courses', courses, '--user', 'jonas']).status, 1);
  const wrongUser = spor(['--db', server.db, 'import', 'courses', courses, '--user', 'jonas']).stdout;
  assert.match(wrongUser, /linje 2, kolonne citizen_ref: ingen af dine borgere har den reference/);
  writeFileSync(courses, `citizen_ref,intervention_id,started_on\nEXT-1,${intervention},${day(-20)}\n`);
  assert.equal(spor(['--db', server.db, 'import', 'courses', courses, '--user', 'mette']).status, 0);
  const ms = join(dir, 'measurements.csv');
  writeFileSync(ms, `citizen_ref,instrument,measured_on,point,item:egenomsorg,item:sundhed\nEXT-1,vum-livsomraader,${day(-19)},start,2,3\nEXT-1,vum-livsomraader,${day(-2)},follow_up,7,\n`);
  const off = spor(['--db', server.db, 'import', 'measurements', ms, '--user', 'mette']);
  assert.equal(off.status, 1);
  assert.match(off.stdout, /linje 3, kolonne item:egenomsorg: værdien findes ikke på skalaen \(0–4\)/);
  assert.equal(spor(['--db', server.db, 'export', 'measurements', '--user', 'mette', '--with-names']).stdout
    .split('\n').filter((l) => l.startsWith('EXT-1,')).length, 0);
  assert.equal(spor(['import', '--help']).status, 0);
  assert.equal(spor(['--db', server.db, 'import', 'robots', ms, '--user', 'mette']).status, 2);
  assert.equal(spor(['--db', server.db, 'import', 'citizens', ms]).status, 2, 'without --user');
});

test('CSV on the web page: a dry run writes nothing, one bad row refuses all, the report names it', async () => {
  const page = await c.leder.get('/exchange');
  assert.equal(page.status, 200);
  const csrf = Client.csrfFrom(page.text);
  const unit = (await api('mette', '/citizens')).citizens[0].unit_id;
  const good = `citizen_ref,unit_id,first_name,last_name\nWEB-1,${unit},Web,En\nWEB-2,${unit},Web,To\n`;
  const dry = await c.leder.post('/exchange/import', { csrf_token: csrf, kind: 'citizens', csv: good, dry_run: '1' });
  assert.equal(dry.status, 200);
  assert.match(dry.text, /Ingen problemer: 2 rækker ville blive importeret/);
  const search = async () => (await api('leder', '/citizens?q=Web')).total;
  assert.equal(await search(), 0);
  const bad = await c.leder.post('/exchange/import', { csrf_token: csrf, kind: 'citizens',
    csv: `${good}WEB-3,${unit},,Tre\n` });
  assert.equal(bad.status, 422);
  assert.match(bad.text, /linje 4, kolonne first_name: skal udfyldes/);
  assert.equal(await search(), 0);
  const real = await c.leder.post('/exchange/import', { csrf_token: csrf, kind: 'citizens', csv: good });
  assert.equal(real.status, 200);
  assert.equal(await search(), 2);
  const download = await c.leder.get('/exchange/export?kind=citizens&names=1');
  assert.equal(download.status, 200);
  assert.match(download.headers.get('content-type'), /text\/csv/);
  assert.match(download.headers.get('content-disposition'), /attachment; filename="spor-citizens-/);
  assert.match(download.text, /WEB-2,\d+,Web,To/);
  assert.equal((await c.mette.get('/exchange')).status, 403);
  const lines = (await api('leder', '/audit')).entries;
  assert.ok(lines.some((l) => l.action === 'citizen.csv_export'));
});

test('the citizen\'s export holds the results documentation, and erasure removes all of it', async () => {
  // A diary entry on the goal and an invitation code, beside the goals, GAS
  // ratings, measurements and phases the tests above gave the citizen.
  const goals = (await api('mette', `/courses/${course}`)).goals;
  assert.ok(goals.length >= 2);
  assert.equal((await post('mette', `/courses/${course}/diary`, { written_on: day(0),
    body: 'Øvede indkøb i Netto', goal_id: String(goals[0].id) })).status, 303);
  assert.equal((await post('mette', `/citizens/${citizen}/invitations`, {})).status, 200);
  const res = await c.leder.get(`/citizens/${citizen}/export?format=json`);
  assert.equal(res.status, 200);
  const data = res.json();
  assert.deepEqual(data.goals.map((g) => g.id).sort(), goals.map((g) => g.id).sort());
  assert.ok(data.gas_ratings.some((r) => r.level === 0));
  assert.ok(data.diary.some((d) => d.body === 'Øvede indkøb i Netto' && d.goal_id === goals[0].id));
  assert.equal(data.invitations.length, 1);
  assert.ok(!JSON.stringify(data.invitations).includes('code'), 'no code, not even its hash');
  assert.ok(data.course_phases.length >= 1);
  assert.ok(data.measurements.some((m) => m.status === 'draft'));
  const pdf = await c.leder.get(`/citizens/${citizen}/export?format=pdf`);
  assert.equal(pdf.status, 200);

  const page = await c.leder.get(`/citizens/${citizen}/privacy`);
  const erased = await c.leder.post(`/citizens/${citizen}/erase`, { csrf_token: Client.csrfFrom(page.text),
    confirm: 'SLET' });
  assert.equal(erased.status, 303, erased.text.slice(0, 300));
  for (const path of [`/citizens/${citizen}`, `/courses/${course}`, `/goals/${goals[0].id}`])
    assert.equal((await c.mette.get(`/api/v1${path}`)).status, 404, path);
  assert.ok(!(await api('mette', '/due?who=all')).overdue.some((r) => r.citizen_id === citizen));
  const check = spor(['--db', server.db, 'check']);
  assert.equal(check.status, 0, check.stdout + check.stderr);
});
