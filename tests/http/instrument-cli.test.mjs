// instrument-cli.test.mjs — `spor instrument list|show|check|import|export`:
// output, exit codes (0 done, 1 failed, 2 wrong usage), nothing written on
// a refused import, and `spor migrate` completing versions stored before
// their scoring rows existed.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { spor } from './harness.mjs';

const dir = mkdtempSync(join(tmpdir(), 'spor-instrument-cli-'));
const db = `sqlite:${dir}/i.db`;
after(() => rmSync(dir, { recursive: true, force: true }));
before(() => { assert.equal(spor(['--db', db, 'init']).status, 0); });

const cli = (...args) => spor(['--db', db, 'instrument', ...args]);
const file = (name, content) => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
};

function sample(key, extra = {}) {
  return {
    id: key, version: 1, name: { da: 'Prøve', en: 'Test' }, kind: 'questionnaire',
    respondents: ['staff'], direction: 'lower_is_better',
    scales: [{ id: 's', values: [{ value: 0, label: { da: 'Nul' } }, { value: 1, label: { da: 'En' } }] }],
    items: [{ id: 'a', text: { da: 'A' } }, { id: 'b', text: { da: 'B' } }],
    total: { method: 'mean' },
    ...extra,
  };
}

test('help and wrong usage', () => {
  const overview = spor(['--help']);
  assert.match(overview.stdout, /instrument +instrumenter: list, show, check, import, export/);
  const help = spor(['instrument', '--help']);
  assert.equal(help.status, 0);
  for (const sub of ['list', 'show', 'check', 'import', 'export']) {
    assert.match(help.stdout, new RegExp(`  ${sub}`));
    const r = spor(['instrument', sub, '--help']);
    assert.equal(r.status, 0, sub);
    assert.match(r.stdout, /--db/, `${sub} --help names --db`);
  }
  for (const args of [[], ['fly'], ['show'], ['show', 'a', 'b'], ['check'], ['import'],
    ['export', 'who-5', '--format', 'xml'], ['list', 'ekstra'], ['show', 'who-5', '--version', 'to']]) {
    const r = cli(...args);
    assert.equal(r.status, 2, args.join(' '));
    assert.ok(r.stderr.trim().length > 0, `${args.join(' ')} says why`);
  }
});

test('list and show', () => {
  const list = cli('list');
  assert.equal(list.status, 0, list.stderr);
  for (const key of ['gas', 'lovende-praksis', 'selvevaluering', 'vum-livsomraader', 'who-5'])
    assert.match(list.stdout, new RegExp(`^${key} +version 1 `, 'm'));
  const json = JSON.parse(cli('list', '--json').stdout);
  assert.equal(json.length, 5);
  assert.equal(json.find((i) => i.key === 'who-5').kind, 'questionnaire');

  const show = cli('show', 'lovende-praksis');
  assert.equal(show.status, 0, show.stderr);
  assert.match(show.stdout, /^lovende-praksis version 1: Lovende praksis – måleredskab$/m);
  assert.match(show.stdout, /Spørgsmål \(59\):/);
  assert.match(show.stdout, /transferability_2 \[ja-delvist-nej, transferability\] \(vendt\)/);
  assert.match(show.stdout, /8 Ved ikke \(markeret, tæller 0\) · 9 Ikke relevant \(tæller ikke\)/);
  assert.match(show.stdout, /theory_and_knowledge \(Teori og viden, 6 spørgsmål\): procent af maksimum/);
  const english = spor(['--db', db, 'instrument', 'show', 'who-5'], { env: { LANGUAGE: 'en', LC_ALL: 'C.UTF-8' } });
  assert.match(english.stdout, /WHO-5 Well-Being Index/);
  const asJson = JSON.parse(cli('show', 'gas', '--json').stdout);
  assert.equal(asJson.total.method, 'gas_t');

  const missing = cli('show', 'findes-ikke');
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /findes ikke/);
  const noVersion = cli('show', 'who-5', '--version', '9');
  assert.equal(noVersion.status, 1);
  assert.match(noVersion.stderr, /findes ikke i version 9/);
});

test('check: a valid file, a broken one with every problem, a FHIR file, standard input', () => {
  const good = file('good.json', cli('export', 'who-5').stdout);
  const ok = cli('check', good);
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  assert.match(ok.stdout, /gyldig definition: who-5 version 1, 5 spørgsmål, 0 delskalaer, 1 skala/);

  const broken = sample('brudt');
  broken.items[1].scale = 'freq7';
  broken.farve = 'blå';
  broken.respondents = ['nabo'];
  const bad = file('bad.json', broken);
  const r = cli('check', bad);
  assert.equal(r.status, 1);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    `${bad}: farve: ukendt felt`,
    `${bad}: respondents[0]: ukendt besvarer 'nabo' (brug citizen, staff, relative eller authority)`,
    `${bad}: items[1].scale: ukendt skala 'freq7'`,
  ]);
  assert.match(r.stderr, /har 3 problemer; intet er ændret/);
  const english = spor(['instrument', 'check', bad], { env: { LANGUAGE: 'en', LC_ALL: 'C.UTF-8' } });
  assert.match(english.stdout, /items\[1\]\.scale: unknown scale 'freq7'/);

  const syntax = cli('check', file('syntax.json', '{"id": "x",\n "version": 1,,}'));
  assert.equal(syntax.status, 1);
  assert.match(syntax.stdout, /linje 2, kolonne 15: ugyldig JSON/);

  const fhir = file('who5.fhir.json', cli('export', 'who-5', '--format', 'fhir').stdout);
  const f = cli('check', fhir);
  assert.equal(f.status, 0, f.stdout);
  assert.match(f.stdout, /gyldig FHIR Questionnaire: who-5 version 1/);

  const stdin = spor(['instrument', 'check', '-'], { input: JSON.stringify(sample('ind')) });
  assert.equal(stdin.status, 0, stdin.stdout + stdin.stderr);
  assert.match(stdin.stdout, /^-: gyldig definition: ind version 1/);
  assert.equal(cli('check', join(dir, 'findes-ikke.json')).status, 1);
});

test('import: new, unchanged, changed, refused while in use — and nothing written on failure', () => {
  const path = file('skema.json', sample('skema-cli'));
  const first = cli('import', path);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^Importeret: skema-cli version 1 \(id \d+\)$/m);
  const again = cli('import', path);
  assert.equal(again.status, 0);
  assert.match(again.stdout, /Uændret: skema-cli findes allerede som version 1/);
  const changed = cli('import', file('skema2.json', sample('skema-cli', { name: { da: 'Prøve 2' } })));
  assert.match(changed.stdout, /Importeret: skema-cli version 2/);

  const broken = cli('import', file('brudt.json', sample('skema-brudt', { kind: 'survey' })));
  assert.equal(broken.status, 1);
  assert.match(broken.stdout, /kind: ukendt art 'survey'/);
  assert.doesNotMatch(cli('list').stdout, /skema-brudt/);

  /* Put version 2 in use with a measurement, then try to change it. */
  const sqlite = (sql) => {
    const r = spawnSync('sqlite3', [join(dir, 'i.db'), sql], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.trim();
  };
  sqlite(`INSERT INTO organisation (name, kind, created_at) VALUES ('K', 'municipality', 'x');
          INSERT INTO offer (organisation_id, name, kind, created_at) VALUES (1, 'T', 'x', 'x');
          INSERT INTO unit (offer_id, name, created_at) VALUES (1, 'U', 'x');
          INSERT INTO citizen (unit_id, first_name, last_name, created_at, updated_at) VALUES (1, 'A', 'B', 'x', 'x');
          INSERT INTO measurement (citizen_id, instrument_id, measured_on, point, respondent, collection_method, status, created_at)
            SELECT 1, id, '2026-01-01', 'start', 'staff', 'observation', 'approved', 'x' FROM instrument WHERE key = 'skema-cli' AND version = 2;`);
  const inUse = sample('skema-cli', { name: { da: 'Prøve 3' }, version: 2 });
  const refused = cli('import', file('skema3.json', inUse));
  assert.equal(refused.status, 1);
  assert.match(refused.stdout, /version: version 2 af 'skema-cli' er allerede brugt i 1 målinger og kan ikke ændres\. Importér definitionen som en ny version: sæt "version" til 3/);
  assert.match(refused.stderr, /er ikke importeret/);
  assert.equal(sqlite("SELECT COUNT(*) FROM instrument WHERE key = 'skema-cli'"), '2');
  const forced = cli('import', file('skema3.json', inUse), '--new-version');
  assert.equal(forced.status, 0, forced.stdout + forced.stderr);
  assert.match(forced.stdout, /Importeret: skema-cli version 3/);
  assert.equal(sqlite("SELECT action || ' ' || detail FROM audit_log ORDER BY id DESC LIMIT 1"),
    'instrument.import skema-cli version 3');

  /* FHIR files import too, remembered as such. */
  const q = JSON.parse(cli('export', 'gas', '--format', 'fhir').stdout);
  q.identifier[0].value = 'gas-fhir';
  const viaFhir = cli('import', file('gas.fhir.json', q));
  assert.equal(viaFhir.status, 0, viaFhir.stdout + viaFhir.stderr);
  assert.equal(sqlite("SELECT source FROM instrument WHERE key = 'gas-fhir'"), 'fhir');
});

test('export: JSON by default, FHIR on request, to a file, any version', () => {
  const json = JSON.parse(cli('export', 'selvevaluering').stdout);
  assert.equal(json.items.length, 24);
  const out = join(dir, 'out.fhir.json');
  assert.equal(cli('export', 'selvevaluering', '--format', 'fhir', '--output', out).status, 0);
  const q = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(q.resourceType, 'Questionnaire');
  assert.equal(q.item.length, 5, 'five dimensions as groups');
  const v1 = JSON.parse(cli('export', 'skema-cli', '--version', '1').stdout);
  assert.equal(v1.name.da, 'Prøve');
  assert.equal(v1.version, 1);
  const newest = JSON.parse(cli('export', 'skema-cli').stdout);
  assert.equal(newest.version, 3);
  assert.equal(cli('export', 'findes-ikke').status, 1);
});

test('migrate completes versions stored before their scoring rows, and loads built-ins once', () => {
  const path = join(dir, 'old.db');
  const old = `sqlite:${path}`;
  assert.equal(spor(['--db', old, 'init']).status, 0);
  /* As the first release left it: items and definitions, no scoring rows. */
  const r = spawnSync('sqlite3', [path, `DELETE FROM instrument_scale_value; DELETE FROM instrument_scale;
    DELETE FROM instrument_subscale; UPDATE instrument_item SET scale_key = NULL, subscale_key = NULL;
    UPDATE instrument SET total_method = NULL;`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(spor(['--db', old, 'instrument', 'show', 'who-5']).status, 0);
  const migrate = spor(['--db', old, 'migrate']);
  assert.equal(migrate.status, 0, migrate.stderr);
  assert.match(migrate.stdout, /5 indbyggede instrumenter \(0 nye versioner\)/);
  const count = spawnSync('sqlite3', [path, `SELECT COUNT(*) FROM instrument_scale_value;
    SELECT COUNT(*) FROM instrument_item WHERE scale_key IS NULL; SELECT total_method FROM instrument WHERE key = 'who-5'`],
  { encoding: 'utf8' }).stdout.trim().split('\n');
  assert.deepEqual(count, ['26', '0', 'sum']);
  assert.equal(spor(['--db', old, 'check']).status, 0);
});
