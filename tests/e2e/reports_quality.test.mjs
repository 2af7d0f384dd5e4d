// reports_quality.test.mjs — the quality reports in Debian's Chromium, with
// axe-core on every page: a leader reads agreement between raters,
// completeness and the intended vs actual target group, adds an inclusion
// criterion on the intervention page (a bad one first: the Danish message
// beside the field), and a staff member opens one citizen's progression from
// the citizen page.
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

test('a leader reads the quality reports and states an inclusion criterion, accessible', async () => {
  const page = await loggedIn('leder');
  for (const name of ['Enighed mellem bedømmere', 'Fuldstændighed og rettidighed',
    'Tiltænkt og faktisk målgruppe']) {
    await page.goto(`${server.base}/reports`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByLabel('Fra dato').fill('01-01-2020');
    await page.getByRole('button', { name: 'Vis' }).click();
    await page.waitForURL(/from=/);
    await accessible(page, name);
  }
  // A period that ends before it starts.
  await page.goto(`${server.base}/reports/inter-rater?from=01-06-2026&to=01-01-2026`);
  await page.getByText('Perioden slutter, før den begynder.').waitFor();
  await accessible(page, 'a bad period');
  // The intervention page: a criterion without limits is refused, then one is added.
  await page.goto(`${server.base}/interventions`);
  await page.locator('a[href^="/interventions/"]').filter({ hasText: 'Botræning' }).first().click();
  await page.getByRole('heading', { name: 'Inklusionskriterier, der kan tælles' }).waitFor();
  await accessible(page, 'the intervention page');
  await page.getByLabel('Slags kriterium').selectOption('age');
  await page.getByRole('button', { name: 'Tilføj kriterium' }).click();
  await page.getByText('Angiv en nedre eller en øvre grænse (eller begge).').waitFor();
  await accessible(page, 'a refused criterion');
  await page.getByLabel('Slags kriterium').selectOption('age');
  await page.getByLabel('Fra (alder i år eller score)').fill('25');
  await page.getByRole('button', { name: 'Tilføj kriterium' }).click();
  await page.getByText('Alder ved opstart: mindst 25 år').waitFor();
  await page.context().close();
});

test('a staff member opens one citizen\'s progression from the citizen page', async () => {
  const page = await loggedIn('mette');
  const list = await page.request.get(`${server.base}/api/v1/citizens`);
  const id = (await list.json()).citizens[0].id;
  await page.goto(`${server.base}/citizens/${id}`);
  await page.getByRole('link', { name: 'Udvikling over målepunkterne' }).click();
  await page.getByRole('heading', { name: /^Udvikling for / , level: 1 }).waitFor();
  await page.getByLabel('Fra dato').fill('01-01-2020');
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.waitForURL(/from=/);
  await page.getByRole('heading', { name: 'Sådan læses figuren' }).first().waitFor();
  await accessible(page, 'a citizen\'s progression');
  await page.context().close();
});
