// team-reports.test.mjs — the citizen's status report, the team's result
// list, the caseload per worker and costs in Debian's Chromium, with
// axe-core on every page: a worker chooses diary excerpts and gets the PDF,
// a leader enters a cost (with a mistake caught beside the field) and reads
// the cost report.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD, startServer } from '../http/harness.mjs';

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
});

after(async () => {
  await browser?.close();
  assert.equal(await server.stop(), 0, server.stderr);
});

async function accessible(page, name) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [],
    `accessibility of ${name}`);
}

async function loggedIn(username) {
  const context = await browser.newContext({ locale: 'da-DK', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

test('a worker makes a status report with a diary excerpt', async () => {
  const page = await loggedIn('mette');
  // A citizen with a diary.
  const citizens = await (await page.request.get(`${server.base}/api/v1/citizens`)).json();
  let id;
  for (const c of citizens.citizens) {
    const form = await (await page.request.get(`${server.base}/api/v1/citizens/${c.id}/status-report`)).json();
    if (form.diary.length > 0) { id = c.id; break; }
  }
  assert.ok(id);
  await page.goto(`${server.base}/citizens/${id}`);
  await page.getByRole('link', { name: 'Statusrapport' }).click();
  await page.getByRole('heading', { name: 'Statusrapport til myndigheden' }).waitFor();
  await accessible(page, 'status report form');
  // A period that ends before it begins is caught beside the field.
  await page.getByLabel('Fra dato').fill('01-06-2026');
  await page.getByLabel('Til og med dato').fill('01-01-2026');
  await page.getByRole('button', { name: 'Hent statusrapporten som PDF' }).click();
  await page.getByText('Perioden slutter, før den begynder.').waitFor();
  await accessible(page, 'status report form with errors');
  await page.getByLabel('Fra dato').fill('01-01-2000');
  await page.getByLabel('Til og med dato').fill('');
  await page.locator('input[name="diary"]').first().check();
  await page.getByLabel('Sammenfatning til myndigheden (valgfri)').fill('Godt på vej.');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Hent statusrapporten som PDF' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^statusrapport-\d+-\d{4}-\d{2}-\d{2}\.pdf$/);
  await page.context().close();
});

test('the team pages and the cost report are accessible; a leader enters a cost', async () => {
  const page = await loggedIn('leder');
  await page.getByRole('navigation').getByRole('link', { name: 'Team', exact: true }).click();
  await page.getByRole('heading', { name: 'Teamets resultatliste' }).waitFor();
  await accessible(page, 'result list');
  await page.getByLabel('Måned (åååå-mm)').fill('1990-01');
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.getByText('Ingen borgere afsluttede en fase i måneden.').waitFor();
  await accessible(page, 'empty result list');
  await page.getByRole('link', { name: 'Sagsbelastning pr. medarbejder' }).first().click();
  await page.getByRole('heading', { name: 'Sagsbelastning pr. medarbejder' }).waitFor();
  await accessible(page, 'caseload');

  await page.goto(`${server.base}/interventions`);
  await page.locator('main a[href^="/interventions/"]').first().click();
  await page.getByRole('link', { name: 'Omkostninger' }).last().click();
  await page.getByRole('heading', { name: /^Omkostninger:/ }).waitFor();
  await accessible(page, 'intervention costs');
  await page.getByLabel('Periodens første dag').fill('01-01-1995');
  await page.getByLabel('Periodens sidste dag').fill('31-12-1994');
  await page.getByLabel('Beløb i kroner').fill('50000');
  await page.getByRole('button', { name: 'Gem omkostningen' }).click();
  await page.getByText('Perioden slutter, før den begynder.').waitFor();
  await accessible(page, 'intervention costs with errors');
  await page.getByLabel('Periodens sidste dag').fill('31-12-1995');
  await page.getByRole('button', { name: 'Gem omkostningen' }).click();
  await page.getByRole('cell', { name: '50.000 kr.' }).waitFor();
  await page.getByRole('link', { name: 'Se omkostningsrapporten' }).click();
  await page.getByRole('heading', { name: 'Omkostninger pr. indsats' }).waitFor();
  await accessible(page, 'cost report');
  await page.context().close();
});

test('the charts of the team reports and a theory\'s result boxes with their figures are accessible', async () => {
  const page = await loggedIn('leder');
  await page.goto(`${server.base}/team/caseload?from=01-01-2020`);
  await page.locator('main figure svg').first().waitFor();
  await page.getByRole('heading', { name: 'Sådan læses figuren' }).first().waitFor();
  await accessible(page, 'caseload with its chart');
  await page.goto(`${server.base}/reports`);
  await page.getByRole('link', { name: 'Omkostninger pr. indsats' }).click();
  await page.locator('main figure svg').first().waitFor();
  await accessible(page, 'cost report with its chart');
  await page.context().close();
  // The offer's staff read the theory of change with its figures.
  const staff = await loggedIn('mette');
  const offers = await (await staff.request.get(`${server.base}/api/v1/practice`)).json().catch(() => null);
  const theories = offers?.offers?.flatMap((o) => o.theories ?? []) ?? [];
  let id = theories[0]?.id;
  for (let t = 1; !id && t < 20; t++)
    if ((await staff.request.get(`${server.base}/api/v1/theories/${t}`)).status() === 200) id = t;
  assert.ok(id, 'a theory of change the staff can read');
  await staff.goto(`${server.base}/theories/${id}`);
  await staff.getByText(/Seneste samlede tal/).first().waitFor();
  await accessible(staff, 'theory of change with figures');
  await staff.locator('main a[href*="/boxes/"]').last().click();
  await staff.getByRole('heading', { name: 'Parametre, der måler resultatet' }).waitFor();
  await accessible(staff, 'result box with its figure');
  await staff.context().close();
});
