// results.test.mjs — the main flows of results documentation in Debian's
// Chromium, with axe-core on every page: a leader plans an intervention's
// measurements, a worker finds the start measurement on the due list,
// records it as a draft, approves it and sees the chart; the worker gives
// the citizen their own login with an invitation code, and the citizen
// answers their self-assessment and writes in their diary.
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
  const context = await browser.newContext({ locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Brugernavn').fill(username);
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  return page;
}

const lifeAreas = (page) => page.locator('table.chart-data', {
  has: page.locator('caption', { hasText: 'Livsområder over tid' }) });

let code;

test('a leader plans an intervention: a start measurement by staff and by the citizen', async () => {
  const page = await loggedIn('leder');
  await page.getByRole('link', { name: 'Indsatser' }).click();
  await page.getByRole('heading', { name: 'Indsatser', level: 1 }).waitFor();
  await accessible(page, 'interventions');
  await page.getByLabel('Navn').fill('Browserindsats');
  await page.getByRole('button', { name: 'Opret indsats' }).click();
  await page.getByRole('heading', { name: 'Browserindsats' }).waitFor();
  await accessible(page, 'intervention without a plan');
  // Forgetting the instruments is caught beside the field.
  await page.getByLabel('Målepunkt').selectOption('start');
  await page.getByLabel('Vindue i dage (før og efter)').fill('7');
  await page.getByRole('button', { name: 'Tilføj målepunkt' }).click();
  await page.getByText('Vælg mindst ét instrument og hvem der besvarer det.').waitFor();
  await accessible(page, 'plan with errors');
  const vum = page.locator('fieldset.choices', { hasText: 'Livsområder (VUM-skala 0–4)' });
  await vum.getByLabel('Medarbejder').check();
  await vum.getByLabel('Borger (selvvurdering)').check();
  await page.getByRole('button', { name: 'Tilføj målepunkt' }).click();
  await page.locator('#maaleplan table tbody tr').first().waitFor();
  assert.match(await page.locator('#maaleplan table').textContent(), /Opstart[\s\S]*ved forløbets start[\s\S]*± 7 dage/);
  await accessible(page, 'intervention with its plan');
  await page.context().close();
});

test('a worker: due list → record a draft → approve → chart', async () => {
  const page = await loggedIn('mette');
  // A new citizen with a course in the planned intervention, starting today.
  await page.goto(`${server.base}/citizens/new`);
  await page.getByLabel('Fornavn').fill('Browser');
  await page.getByLabel('Efternavn').fill('Borgesen');
  await page.getByLabel('Indsats', { exact: true }).selectOption({ label: 'Bostedet Kastanjehuset – Browserindsats' });
  await page.getByRole('button', { name: 'Opret borger' }).click();
  await page.waitForURL(/\/citizens\/\d+$/);
  const citizenUrl = page.url();

  await page.goto(`${server.base}/`);
  await page.getByRole('heading', { name: 'Dine opgaver' }).waitFor();
  await accessible(page, 'start page with the due list');
  const due = page.locator('section', { has: page.getByRole('heading', { name: /Målinger de næste 30 dage/ }) });
  const row = due.locator('tr', { hasText: 'Browser Borgesen' }).filter({ hasText: 'Medarbejder' });
  assert.match(await row.textContent(), /Opstart[\s\S]*Skal måles nu/);
  await row.getByRole('link', { name: /Registrér/ }).click();
  await page.waitForURL(/measurements\/new\?/);
  assert.equal(await page.getByLabel('Målepunkt').inputValue(), 'start');
  await accessible(page, 'measurement form from the due list');
  const groups = page.locator('fieldset.item');
  for (let i = 0; i < await groups.count(); i++)
    await groups.nth(i).locator('input[type="radio"][value="2"]').check();
  await page.getByLabel('Kommentar til spørgsmålet').first().fill('Vil gerne øve sig');
  await page.getByLabel(/Gem som kladde/).check();
  await page.getByRole('button', { name: 'Gem måling' }).click();
  await page.waitForURL((url) => url.href.startsWith(citizenUrl));
  assert.equal(await lifeAreas(page).count(), 0, 'a draft is not on the chart');

  await page.goto(`${server.base}/`);
  const drafts = page.locator('section', { has: page.getByRole('heading', { name: /Kladder, der venter/ }) });
  await drafts.getByRole('link', { name: /Se og godkend Browser Borgesen/ }).click();
  await page.waitForURL(/\/measurements\/\d+$/);
  await page.getByText('Vil gerne øve sig').waitFor();
  await accessible(page, 'a draft measurement');
  await page.getByRole('button', { name: 'Godkend målingen' }).click();
  await page.waitForURL(/\/measurements\/\d+$/);
  await page.getByText(/^Godkendt/).first().waitFor();
  await page.getByRole('link', { name: 'Browserindsats' }).click();
  await page.waitForURL(/\/courses\/\d+$/);
  assert.equal(await lifeAreas(page).locator('thead th').count(), 2, 'one day measured, on the chart');
  assert.match(await page.locator('#maaleplan').textContent(), /Målt/);
  await accessible(page, 'course page');

  // The citizen gets a login of their own: a code shown once.
  await page.goto(citizenUrl);
  await page.getByRole('link', { name: 'Borgerens eget login' }).click();
  await page.getByRole('heading', { name: 'Borgerens eget login' }).waitFor();
  await accessible(page, 'the citizen\'s login');
  await page.getByRole('button', { name: 'Lav en invitationskode' }).click();
  code = (await page.locator('.invitation-code').textContent()).trim();
  assert.match(code, /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await accessible(page, 'the invitation code');
  await page.context().close();
});

test('the citizen: an invitation code → own login → self-assessment → diary', async () => {
  const context = await browser.newContext({ locale: 'da-DK' });
  const page = await context.newPage();
  await page.goto(`${server.base}/login`);
  await page.getByRole('link', { name: /Opret dit eget login/ }).click();
  await page.getByRole('heading', { name: 'Opret dit eget login' }).waitFor();
  await accessible(page, 'invitation form');
  await page.getByLabel('Kode', { exact: true }).fill(code.toLowerCase());
  await page.getByLabel('Brugernavn').fill('browser.b');
  await page.getByLabel('Adgangskode', { exact: true }).fill('mit-eget-kodeord');
  await page.getByLabel('Gentag adgangskoden').fill('noget-andet-helt');
  await page.getByRole('button', { name: 'Opret login' }).click();
  await page.getByText('De to adgangskoder er ikke ens.').waitFor();
  await accessible(page, 'invitation form with errors');
  await page.getByLabel('Adgangskode', { exact: true }).fill('mit-eget-kodeord');
  await page.getByLabel('Gentag adgangskoden').fill('mit-eget-kodeord');
  await page.getByRole('button', { name: 'Opret login' }).click();
  await page.waitForURL(/\/me$/);
  await page.getByRole('heading', { name: 'Mit forløb' }).waitFor();
  await accessible(page, 'the citizen\'s own page');

  await page.getByRole('link', { name: /Besvar/ }).click();
  await page.waitForURL(/\/me\/assessments\/new/);
  await accessible(page, 'self-assessment');
  const groups = page.locator('fieldset.item');
  for (let i = 0; i < await groups.count(); i++)
    await groups.nth(i).locator('input[type="radio"][value="1"]').check();
  await page.getByRole('button', { name: 'Gem min vurdering' }).click();
  await page.waitForURL(/\/me(#.*)?$/);
  await page.getByText('Du har ingen vurdering at besvare lige nu.').waitFor();
  const compare = page.locator('table.chart-data', {
    has: page.locator('caption', { hasText: 'Egen vurdering og medarbejdernes vurdering' }) });
  assert.match(await compare.textContent(), /Borgerens egen vurdering/);

  await page.getByLabel('Hvad vil du skrive?').fill('Jeg lavede selv morgenmad i dag.');
  await page.getByRole('button', { name: 'Skriv i dagbogen' }).click();
  await page.waitForURL(/\/me(#.*)?$/);
  await page.locator('.diary-body', { hasText: 'Jeg lavede selv morgenmad i dag.' }).waitFor();
  await accessible(page, 'the citizen\'s own page with the diary');
  // Nothing of anybody else.
  assert.equal((await page.goto(`${server.base}/due`)).status(), 403);
  await context.close();

  // The same code again: a clear page.
  const other = await browser.newContext({ locale: 'da-DK' });
  const again = await other.newPage();
  await again.goto(`${server.base}/invitation`);
  await again.getByLabel('Kode', { exact: true }).fill(code);
  await again.getByLabel('Brugernavn').fill('browser.c');
  await again.getByLabel('Adgangskode', { exact: true }).fill('mit-eget-kodeord');
  await again.getByLabel('Gentag adgangskoden').fill('mit-eget-kodeord');
  await again.getByRole('button', { name: 'Opret login' }).click();
  await again.getByRole('heading', { name: 'Koden er allerede brugt' }).waitFor();
  await accessible(again, 'a used code');
  await other.close();
});
