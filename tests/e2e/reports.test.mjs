// reports.test.mjs — the report pages in Debian's Chromium, with axe-core
// on every page: a leader opens the list of reports, each report with its
// charts and tables, filters one, meets a period that ends before it
// starts and a period without data, and downloads the PDF.
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

/** axe-core: no serious or critical violation on the page. */
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

test('a leader reads every report, accessible, and downloads the PDF', async () => {
  const page = await loggedIn('leder');
  await page.getByRole('link', { name: 'Rapporter' }).first().click();
  await page.getByRole('heading', { name: 'Rapporter', level: 1 }).waitFor();
  await accessible(page, 'the list of reports');
  const names = ['Tilbudsrapport', 'Målgruppen ved opstart', 'Udvikling over målepunkterne',
    'Sammenligning af indsatser og undergrupper', 'Når vi vores mål?',
    'Medarbejderens og borgerens vurdering'];
  for (const name of names) {
    await page.goto(`${server.base}/reports`);
    await page.getByRole('link', { name, exact: true }).click();
    await page.getByRole('heading', { name, level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Sådan læses figuren' }).first().waitFor();
    await accessible(page, name);
  }
  // Filtering: the progression of one area, over a longer period.
  await page.goto(`${server.base}/reports/progression`);
  await page.getByLabel('Fra dato').fill('01-01-2020');
  await page.getByLabel('Parameter').selectOption({ label: 'Socialt liv' });
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.waitForURL(/item=/);
  const chart = page.locator('figure.chart svg[role="img"]').first();
  await chart.waitFor();
  assert.match(await page.locator('section.report-section').first().textContent(), /Socialt liv/);
  await accessible(page, 'progression of one area');
  // The PDF download.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'PDF' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^spor-progression-2020-01-01-.*\.pdf$/);
  await page.context().close();
});

test('a period backwards is shown beside the field; no data is an empty state', async () => {
  const page = await loggedIn('leder');
  await page.goto(`${server.base}/reports/goal-attainment`);
  await page.getByLabel('Fra dato').fill('01-06-2026');
  await page.getByLabel('Til og med dato').fill('01-01-2026');
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.getByText('Perioden slutter, før den begynder.').waitFor();
  assert.equal(await page.getByLabel('Til og med dato').getAttribute('aria-invalid'), 'true');
  await accessible(page, 'report with a bad period');
  await page.getByLabel('Fra dato').fill('01-01-1990');
  await page.getByLabel('Til og med dato').fill('31-12-1990');
  await page.getByRole('button', { name: 'Vis' }).click();
  await page.locator('p.empty').first().waitFor();
  assert.equal(await page.locator('figure.chart').count(), 0);
  await accessible(page, 'report without data');
  await page.context().close();
});
