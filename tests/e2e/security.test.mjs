// security.test.mjs — the privacy pages in Debian's Chromium, with axe-core:
// a citizen registered with a CPR number shows it masked; staff open the
// whole number through the confirmation page; the leader finds that in the
// audit log; the leader downloads the citizen's export as a PDF and
// erases the citizen, after a wrong confirmation that changes nothing.
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

async function logIn(username) {
  const context = await browser.newContext({ locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

test('register with a CPR number, see it masked, open it on purpose', async () => {
  const page = await logIn('mette');
  await page.goto(`${server.base}/citizens/new`);
  await page.getByLabel('Fornavn').fill('Dorthe');
  await page.getByLabel('Efternavn').fill('Dataskov');
  await page.getByLabel('CPR-nummer').fill('150972-1234');
  await page.getByRole('button', { name: 'Opret borger' }).click();
  await page.waitForURL(/\/citizens\/\d+$/);
  await page.getByText('150972-****').waitFor();
  assert.equal(await page.getByText('150972-1234').count(), 0);
  await accessible(page, 'citizen with a masked CPR number');
  await page.getByRole('link', { name: 'Vis hele' }).click();
  await page.waitForURL(/\/cpr$/);
  await accessible(page, 'CPR confirmation');
  await page.getByRole('button', { name: 'Vis CPR-nummeret' }).click();
  await page.getByText('150972-1234').waitFor();
  await accessible(page, 'CPR shown');
});

test('the leader finds the reading in the audit log', async () => {
  const page = await logIn('leder');
  await page.getByRole('link', { name: 'Revisionslog' }).click();
  await page.waitForURL(/\/audit$/);
  await page.getByLabel('Brugernavn').fill('mette');
  await page.getByRole('button', { name: 'Søg' }).click();
  await page.getByRole('cell', { name: 'Dorthe Dataskov' }).first().waitFor();
  assert.ok(await page.getByText('citizen.cpr.read').count() === 0, 'actions have Danish labels');
  await accessible(page, 'audit log');
});

test('the leader exports the citizen as a PDF and then erases them', async () => {
  const page = await logIn('leder');
  await page.goto(`${server.base}/citizens?q=Dataskov`);
  await page.getByRole('link', { name: /Dataskov/ }).first().click();
  await page.getByRole('link', { name: 'Persondata' }).click();
  await page.waitForURL(/\/privacy$/);
  await accessible(page, 'personal data');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Hent udtrækket' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^borger-\d+-\d{4}-\d\d-\d\d\.pdf$/);
  await page.getByLabel('Skriv SLET for at bekræfte').fill('slet');
  await page.getByRole('button', { name: /Slet Dorthe Dataskov for altid/ }).click();
  await page.getByText('Skriv SLET med store bogstaver').waitFor();
  await accessible(page, 'erasure refused');
  await page.getByLabel('Skriv SLET for at bekræfte').fill('SLET');
  await page.getByRole('button', { name: /Slet Dorthe Dataskov for altid/ }).click();
  await page.waitForURL(/\/citizens\?erased=1$/);
  await page.getByText('Borgeren er slettet.').waitFor();
  await page.goto(`${server.base}/citizens?q=Dataskov`);
  assert.equal(await page.getByRole('link', { name: /Dataskov/ }).count(), 0);
});
