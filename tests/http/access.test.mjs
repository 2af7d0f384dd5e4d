// access.test.mjs — the access matrix: every route of `spor routes`, as
// every role, as a user of another organisation and logged out, as a page
// and as its /api/v1 twin, against what DESIGN §1 says each role may do.
//
// The routes come from the binary, so a new route is in the matrix the day
// it is added; a route whose path parameters have no fixture below fails
// the test until someone says whose rows they are.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Client, SECURITY_HEADERS, demoDatabase, spor, startServer } from './harness.mjs';

// What each role may do (DESIGN §1), written out here rather than read from
// the program, so that granting a role more is a visible change.
const ROLE_CAPS = {
  staff: ['logged_in', 'citizen_read', 'citizen_write', 'measurement_write', 'practice_read',
    'trial_write'],
  leader: ['logged_in', 'citizen_read', 'citizen_write', 'measurement_write', 'report', 'audit',
    'privacy', 'practice_read', 'practice_write', 'trial_write', 'plan_write'],
  authority: ['logged_in', 'citizen_read', 'action_plan'],
  citizen: ['logged_in', 'citizen_read', 'self_service'],
  analyst: ['logged_in', 'report'],
  admin: ['logged_in', 'admin'],
};

// The demo's users, one per role, and one staff member of the other
// organisation (made below).
const USERS = {
  staff: 'mette', leader: 'leder', authority: 'sagsbehandler', citizen: 'borger',
  analyst: 'analytiker', admin: 'admin', other_staff: 'fremmed',
};
const PASSWORD = 'en-god-lang-adgangskode';

let server;
let routes;
const clients = {};
const visible = {}; // role → citizen ids the user sees
// Practice development: rows of the demo's offer (Kastanjehuset, first
// organisation) and of an offer of the other organisation, made below by
// a leader there.  kind → {home, away}.
const practice = {};

function assertSecure(res, what) {
  for (const [name, pattern] of Object.entries(SECURITY_HEADERS))
    assert.match(res.headers.get(name) ?? '', pattern, `${name} on ${what} (${res.status})`);
}

before(async () => {
  const { dir, db } = demoDatabase({ citizens: 60, seed: 5 });
  const tree = JSON.parse(spor(['--db', db, 'org', 'list', '--json']).stdout);
  assert.ok(tree.length >= 2, 'the demo has two organisations');
  // The demo's users work in the first organisation; the stranger in the last.
  const [first, other] = [...tree].sort((a, b) => a.id - b.id).filter((_, i, all) => i === 0 || i === all.length - 1);
  for (const [name, role, scope] of [['analytiker', 'analyst', ['--organisation', String(first.id)]],
    ['fremmed', 'staff', ['--organisation', String(other.id)]]]) {
    const r = spor(['--db', db, 'user', 'add', name, '--name', name, '--role', role, ...scope],
      { input: `${PASSWORD}\n` });
    assert.equal(r.status, 0, r.stderr);
  }
  const list = spor(['routes', '--json']);
  assert.equal(list.status, 0, list.stderr);
  routes = JSON.parse(list.stdout);
  assert.ok(routes.length >= 10);
  server = await startServer({ db, dir });
  for (const [role, username] of Object.entries(USERS)) {
    const c = new Client(server.base);
    const password = ['analytiker', 'fremmed'].includes(username) ? PASSWORD : undefined;
    assert.equal((await c.login(username, password)).status, 303, `login ${username}`);
    clients[role] = c;
    const res = await c.get('/api/v1/citizens');
    visible[role] = res.status === 200 ? res.json().citizens.map((x) => x.id) : [];
  }
  for (const role of ['staff', 'leader', 'authority', 'citizen', 'other_staff'])
    assert.ok(visible[role].length > 0, `${role} sees some citizen`);

  // Each citizen's courses, goals and approved measurements, read by a
  // role that sees the citizen.
  for (const id of allCitizens()) {
    const viewer = ['leader', 'staff', 'other_staff', 'authority'].find((r) => visible[r].includes(id));
    const page = (await clients[viewer].get(`/api/v1/citizens/${id}`)).json();
    rows.course[id] = page.courses?.[0]?.id;
    rows.goal[id] = page.goals?.[0]?.id;
    rows.measurement[id] = page.measurements?.find((m) => m.status === 'approved')?.id;
  }
  // Interventions and their plan points, as each role sees them.
  for (const role of Object.keys(USERS)) {
    const res = await clients[role].get('/api/v1/interventions');
    const offers = res.status === 200 ? res.json().offers : [];
    ownInterventions[role] = offers.flatMap((o) => o.interventions.map((i) => i.id));
    for (const iv of ownInterventions[role]) {
      if (planPointOf[iv] !== undefined) continue;
      const detail = (await clients[role].get(`/api/v1/interventions/${iv}`)).json();
      planPointOf[iv] = detail.plan?.[0]?.id;
      criteria.home ??= detail.criteria?.[0]?.id;
    }
  }
  // The demo's practice development, as its leader sees it.
  const homeOffer = first.offers[0].id;
  const awayOffer = other.offers[0].id;
  const hub = (await clients.leader.get(`/api/v1/offers/${homeOffer}/practice`)).json();
  const homeTheory = (await clients.leader.get(`/api/v1/theories/${hub.theories[0].id}`)).json();
  const home = {
    offer: homeOffer, assessment: hub.assessments[0].id, point: hub.open_points[0].id,
    trial: hub.running_trials[0].id, theory: hub.theories[0].id,
    box: homeTheory.columns.flatMap((c) => c.boxes)[0].id, journey: hub.journeys[0].id,
    tool: hub.tools[0].id,
  };
  // A leader of the other organisation makes one of each there.
  const r = spor(['--db', db, 'user', 'add', 'fremleder', '--name', 'Fremmed leder', '--role', 'leader',
    '--organisation', String(other.id)], { input: `${PASSWORD}\n` });
  assert.equal(r.status, 0, r.stderr);
  const away = new Client(server.base);
  assert.equal((await away.login('fremleder', PASSWORD)).status, 303);
  const csrf = Client.csrfFrom((await away.get('/practice')).text);
  const make = async (path, form, key = 'id') => {
    const res = await away.request('POST', `/api/v1${path}`, { form, headers: { 'x-csrf-token': csrf } });
    assert.equal(res.status, 201, `${path}: ${res.status} ${res.text}`);
    return res.json()[key];
  };
  const instruments = (await away.get(`/api/v1/offers/${awayOffer}/assessments/new`)).json().instruments;
  const assessment = await make(`/offers/${awayOffer}/assessments`,
    { instrument_id: instruments[0].id, held_on: '01-02-2026' });
  const point = await make(`/offers/${awayOffer}/development-points`,
    { title: 'Punkt', priority: '1', status: 'open' });
  const trial = await make(`/offers/${awayOffer}/trials`,
    { development_point_id: point, title: 'Prøve', hypothesis: 'H', indicator: 'I', status: 'running' });
  const theory = await make(`/offers/${awayOffer}/theories`, { title: 'Teori' });
  const box = await make(`/theories/${theory}/boxes`, { column_key: 'activities', text: 'Aktivitet' }, 'created');
  const journey = await make(`/offers/${awayOffer}/journeys`, { title: 'Rejse', kind: 'fictitious', weeks: '3' });
  const tool = await make(`/offers/${awayOffer}/tools`,
    { kind: 'learning_meeting', title: 'Læringsmøde', held_on: '01-02-2026' });
  criteria.away = await make(`/interventions/${ownInterventions.other_staff[0]}/criteria`,
    { kind: 'age', min_value: '18' });
  const awayRows = { offer: awayOffer, assessment, point, trial, theory, box, journey, tool };
  for (const kind of Object.keys(home)) practice[kind] = { home: home[kind], away: awayRows[kind] };
});

// Rows of each kind by citizen, and interventions by role (filled above).
const rows = { course: {}, goal: {}, measurement: {} };
const ownInterventions = {};
const planPointOf = {};
const criteria = {}; // inclusion criteria: home (the demo leader's), away (the other organisation's)

/** A row of kind the role may see (through a visible citizen), and one of
 * a citizen they may not; roles that see no citizen get any row. */
function citizenRow(kind, role) {
  const seen = visible[role] ?? [];
  const pick = (ids) => ids.map((id) => rows[kind][id]).find((x) => x !== undefined);
  const outside = pick(allCitizens().filter((id) => !seen.includes(id)));
  return { inside: pick(seen) ?? outside, outside };
}

/** The same for rows that belong to the offers a role works in. */
function offerRow(role, idsOf) {
  const mine = idsOf(role);
  const all = [...new Set(Object.keys(USERS).flatMap(idsOf))];
  const outside = all.find((x) => !mine.includes(x));
  return { inside: mine[0] ?? outside, outside };
}

after(async () => { assert.equal(await server.stop(), 0, server.stderr); });

const allCitizens = () => [...new Set(Object.values(visible).flat())];

// Path parameters by the pattern before them: a row the user may see, and
// one they may not.
const FIXTURES = {
  '/citizens/{id}': (role) => ({
    inside: visible[role]?.[0] ?? allCitizens()[0],
    outside: allCitizens().find((id) => !(visible[role] ?? []).includes(id)),
  }),
  // Instruments belong to no one's scope: the first built-in version, and
  // one that does not exist.
  '/instruments/{id}': () => ({ inside: 1, outside: 999999 }),
  '/courses/{id}': (role) => citizenRow('course', role),
  '/goals/{id}': (role) => citizenRow('goal', role),
  // Approved ones: a draft is the care team's alone.
  '/measurements/{id}': (role) => citizenRow('measurement', role),
  '/interventions/{id}': (role) => offerRow(role, (r) => ownInterventions[r] ?? []),
  '/plan-points/{id}': (role) => offerRow(role, (r) => (ownInterventions[r] ?? [])
    .map((iv) => planPointOf[iv]).filter((x) => x !== undefined)),
  // Practice development and the background questions belong to an offer:
  // the demo's offer for its staff and leader (and the roles that have no
  // access at all), the other organisation's for the stranger.
  '/offers/{id}': (role) => practiceRow('offer', role),
  '/assessments/{id}': (role) => practiceRow('assessment', role),
  '/development-points/{id}': (role) => practiceRow('point', role),
  '/trials/{id}': (role) => practiceRow('trial', role),
  '/theories/{id}': (role) => practiceRow('theory', role),
  '/theories/{id}/boxes/{box}': (role) => practiceRow('box', role),
  '/journeys/{id}': (role) => practiceRow('journey', role),
  '/intervention-criteria/{id}': (role) => (role === 'other_staff'
    ? { inside: criteria.away, outside: criteria.home } : { inside: criteria.home, outside: criteria.away }),
  '/tools/{id}': (role) => practiceRow('tool', role),
};

function practiceRow(kind, role) {
  const { home, away } = practice[kind];
  return role === 'other_staff' ? { inside: away, outside: home } : { inside: home, outside: away };
}

function fill(pattern, role, where) {
  let path = pattern;
  for (const m of pattern.matchAll(/\{(\w+)\}/g)) {
    const prefix = pattern.slice(0, m.index + m[0].length);
    const fixture = FIXTURES[prefix];
    assert.ok(fixture, `no fixture for ${prefix}: add one to access.test.mjs`);
    const id = fixture(role)[where];
    assert.ok(id, `no ${where} row for ${prefix} as ${role}`);
    path = path.replace(m[0], String(id));
  }
  return path;
}

const canDo = (role, route) => {
  const caps = ROLE_CAPS[role === 'other_staff' ? 'staff' : role];
  return route.capabilities.every((c) => c === 'public' || caps.includes(c));
};

async function csrfOf(client) {
  const page = await client.get('/login');
  return Client.csrfFrom(page.text);
}

/** A client of its own for a route that would end the shared session. */
async function freshClient(role) {
  const c = new Client(server.base);
  const username = USERS[role];
  const password = ['analytiker', 'fremmed'].includes(username) ? PASSWORD : undefined;
  assert.equal((await c.login(username, password)).status, 303);
  return c;
}

test('every route as every role: allowed, 403 without the capability, 404 outside the scope', async () => {
  let checked = 0;
  for (const route of routes) {
    const post = route.method === 'POST';
    const hasParams = route.pattern.includes('{');
    for (const role of Object.keys(USERS)) {
      const wheres = hasParams ? ['inside', 'outside'] : ['inside'];
      for (const where of wheres) {
        const path = fill(route.pattern, role, where);
        const variants = route.api ? [path, `/api/v1${path}`] : [path];
        for (const url of variants) {
          const client = route.pattern === '/logout' ? await freshClient(role) : clients[role];
          const api = url.startsWith('/api/');
          const what = `${route.method} ${url} as ${role} (${where})`;
          let res;
          if (post) {
            const csrf = await csrfOf(client);
            res = api ? await client.request('POST', url, { form: {}, headers: { 'x-csrf-token': csrf } })
              : await client.post(url, { csrf_token: csrf });
          } else {
            res = await client.get(url);
          }
          assertSecure(res, what);
          const allowed = canDo(role, route);
          if (route.capabilities.includes('public')) {
            assert.ok([200, 303, 422].includes(res.status), `${what}: ${res.status}`);
          } else if (!allowed) {
            assert.equal(res.status, 403, what);
          } else if (where === 'outside') {
            assert.equal(res.status, 404, what);
          } else if (post) {
            assert.ok([200, 201, 303, 422].includes(res.status), `${what}: ${res.status} ${res.text.slice(0, 200)}`);
          } else {
            assert.ok([200, 303].includes(res.status), `${what}: ${res.status}`);
            if (res.status === 303) assert.doesNotMatch(res.headers.get('location'), /^\/login/, what);
            if (api && res.status === 200) assert.match(res.headers.get('content-type'), /application\/json/);
          }
          checked++;
        }
      }
    }
  }
  assert.ok(checked > routes.length * 7, `checked ${checked}`);
});

test('every route logged out: the login page for pages, 401 for the API, public pages open', async () => {
  const anonymous = new Client(server.base);
  for (const route of routes) {
    const path = fill(route.pattern, 'staff', 'inside');
    const variants = route.api ? [path, `/api/v1${path}`] : [path];
    for (const url of variants) {
      const res = route.method === 'POST' ? await anonymous.post(url, {}) : await anonymous.get(url);
      const what = `${route.method} ${url} logged out`;
      assertSecure(res, what);
      if (route.capabilities.includes('public')) {
        // A public form without a CSRF token is refused; its page is open.
        assert.equal(res.status, route.method === 'POST' ? 403 : 200, what);
      } else if (url.startsWith('/api/')) {
        assert.equal(res.status, 401, what);
      } else {
        assert.equal(res.status, 303, what);
        assert.match(res.headers.get('location'), /^\/login/, what);
      }
    }
  }
});

test('a POST without its CSRF token is refused for every role that may make it', async () => {
  for (const route of routes.filter((r) => r.method === 'POST' && !r.capabilities.includes('public'))) {
    for (const role of Object.keys(USERS).filter((r) => canDo(r, route))) {
      const path = fill(route.pattern, role, 'inside');
      const res = await clients[role].post(path, { csrf_token: 'forged-token-forged-token-forged-token' });
      assert.equal(res.status, 403, `${route.method} ${path} as ${role}`);
      const bare = await clients[role].request('POST', `/api/v1${path}`, { form: {} });
      assert.equal(bare.status, 403, `${route.method} /api/v1${path} as ${role} without a token`);
    }
  }
});
