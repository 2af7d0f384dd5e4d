// browser.test.mjs — the foundation's end-to-end flow in Debian's Chromium:
// log in as staff, find a citizen, read the chart, record a measurement and
// see the chart change; register a citizen; axe-core on every page.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import AxeBuilder from '@axe-core/playwright';
import { chromium } from 'playwright-core';
import { DEMO_PASSWORD, startServer } from '../http/harness.mjs';

let server;
let browser;
let page;

before(async () => {
  server = await startServer();
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const context = await browser.newContext({ locale: 'da-DK' });
  page = await context.newPage();
});

after(async () => {
  await browser?.close();
  assert.equal(await server.stop(), 0, server.stderr);
});

/** axe-core: no serious or critical violation on the current page. */
async function accessible(name) {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [],
    `accessibility of ${name}`);
}

/** Points on the life-area chart: one column per day measured (its data
 * table; the citizen's own ratings have a chart of their own). */
async function chartColumns() {
  return page.locator('table.chart-data', { has: page.locator('caption', { hasText: 'Livsområder over tid' }) })
    .locator('thead th').count();
}

test('log in as staff and see the citizens of the unit', async () => {
  await page.goto(`${server.base}/citizens`);
  await page.waitForURL(/\/login/);
  await accessible('login');
  await page.getByLabel('Brugernavn').fill('mette');
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL(/\/citizens$/);
  await assert.doesNotReject(page.getByRole('heading', { name: 'Borgere' }).waitFor());
  const rows = await page.locator('table.list tbody tr').count();
  assert.ok(rows > 0);
  const units = await page.locator('table.list tbody td:nth-child(4)').allTextContents();
  assert.ok(units.every((u) => u.includes('Hus A')), 'only Hus A');
  await accessible('citizens');
});

test('open a citizen: background, courses and a chart with a data table', async () => {
  await page.locator('table.list tbody tr th a').first().click();
  await page.waitForURL(/\/citizens\/\d+$/);
  await page.getByRole('heading', { name: 'Baggrund ved opstart' }).waitFor();
  await page.getByRole('heading', { name: 'Forløb', exact: true }).waitFor();
  const svg = page.locator('figure svg[role="img"]').last();
  await svg.waitFor();
  assert.ok((await svg.locator(':scope > title').textContent()).length > 0);
  assert.ok((await chartColumns()) >= 2);
  await accessible('citizen');
});

test('record a measurement and see the chart change', async () => {
  const before = await chartColumns();
  const citizenUrl = page.url();
  await page.getByRole('link', { name: 'Ny måling' }).click();
  await page.waitForURL(/measurements\/new$/);
  await accessible('measurement form');
  const groups = page.locator('fieldset.item');
  const n = await groups.count();
  assert.equal(n, 7);
  for (let i = 0; i < n; i++)
    await groups.nth(i).locator('input[type="radio"][value="1"]').check();
  await page.getByLabel('Målepunkt').selectOption('follow_up');
  await page.getByRole('button', { name: 'Gem måling' }).click();
  await page.waitForURL((url) => url.href.startsWith(citizenUrl));
  assert.equal(await chartColumns(), before + 1);
  const today = new Date();
  const dd = String(today.getDate()).padStart(2, '0');
  const mm = String(today.getMonth() + 1).padStart(2, '0');
  const table = page.locator('table.chart-data', { has: page.locator('caption', { hasText: 'Livsområder over tid' }) });
  assert.ok((await table.textContent()).includes(`${dd}-${mm}-${today.getFullYear()}`));
});

test('a measurement with no answers shows the error beside the scale and saves nothing', async () => {
  const citizenUrl = page.url().replace(/#.*$/, '');
  await page.goto(`${citizenUrl}/measurements/new`);
  await page.getByRole('button', { name: 'Gem måling' }).click();
  await page.getByText('Besvar mindst ét spørgsmål.').waitFor();
  await accessible('measurement form with errors');
});

test('register a new citizen and land on their page', async () => {
  await page.goto(`${server.base}/citizens/new`);
  await accessible('new citizen');
  await page.getByLabel('Fornavn').fill('Birte');
  await page.getByRole('button', { name: 'Opret borger' }).click();
  await page.getByText('Efternavn skal udfyldes').waitFor();
  await accessible('new citizen with errors');
  await page.getByLabel('Efternavn').fill('Browsersen');
  await page.getByLabel('Fødselsdato').fill('02-02-1975');
  await page.getByLabel('Kvinde').check();
  await page.getByRole('button', { name: 'Opret borger' }).click();
  await page.waitForURL(/\/citizens\/\d+$/);
  await page.getByRole('heading', { name: 'Birte Browsersen' }).waitFor();
  await accessible('new citizen page without measurements');
});

test('an administrator previews an instrument and sees every problem of a broken import', async () => {
  const context = await browser.newContext({ locale: 'da-DK' });
  const admin = await context.newPage();
  const check = async (name) => {
    const result = await new AxeBuilder({ page: admin }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`), [],
      `accessibility of ${name}`);
  };
  try {
    await admin.goto(`${server.base}/login`);
    await admin.getByLabel('Brugernavn').fill('admin');
    await admin.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
    await admin.getByRole('button', { name: 'Log ind' }).click();
    await admin.getByRole('link', { name: 'Instrumenter' }).click();
    await admin.getByRole('heading', { name: 'Instrumenter' }).waitFor();
    await check('instruments');
    await admin.getByRole('link', { name: 'WHO-5 Trivselsindeks', exact: true }).click();
    await admin.getByRole('heading', { name: 'Sådan ser skemaet ud' }).waitFor();
    assert.equal(await admin.locator('fieldset.item[disabled]').count(), 5);
    await check('instrument preview');

    await admin.goto(`${server.base}/instruments/import`);
    await admin.getByLabel('Læs en fil ind i feltet').waitFor(); /* shown by the script */
    await check('instrument import');
    await admin.getByLabel('Definition', { exact: false }).first().fill(
      JSON.stringify({ id: 'browser', version: 1, name: { da: 'Browser' }, kind: 'questionnaire',
        respondents: ['citizen'], direction: 'higher_is_better', colour: 'blå',
        scales: [{ id: 's', values: [{ value: 0, label: { da: 'Nej' } }, { value: 1, label: { da: 'Ja' } }] }],
        items: [{ id: 'a', text: { da: 'A' }, scale: 'freq7' }] }));
    await admin.getByRole('button', { name: 'Importér', exact: true }).click();
    await admin.getByText('Definitionen har 2 problemer; intet er gemt.').first().waitFor();
    assert.equal(await admin.locator('ul.problems li').count(), 2);
    await check('instrument import with problems');
  } finally {
    await context.close();
  }
});
