// practice.test.mjs — the Lovende praksis meeting and the spider web in
// Debian's Chromium: a leader starts an assessment from the menu, answers
// element by element with comments, leaves half way and comes back to the
// element where the group stopped, reads the results as a spider web with
// its data table and drills down to an element; last year's and this
// year's assessments on one web; the theory of change and the citizen
// journey.  axe-core on every page.
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
  await page.goto(`${server.base}/login`);
  await page.getByLabel('Brugernavn').fill('leder');
  await page.getByLabel('Adgangskode').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Log ind' }).click();
  // The start page: the leader's due list.
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
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

/** Checks a radio by its visible label within a question's fieldset. */
async function answer(question, label) {
  await question.getByLabel(label, { exact: true }).check();
}

test('from the menu to a new Lovende praksis meeting', async () => {
  await page.getByRole('link', { name: 'Praksisudvikling' }).click();
  await page.getByRole('heading', { name: 'Praksisudvikling', level: 1 }).waitFor();
  await accessible('practice offers');
  await page.getByRole('link', { name: 'Bostedet Kastanjehuset' }).click();
  await page.getByRole('heading', { name: 'Lovende praksis' }).waitFor();
  await accessible('offer overview');
  await page.getByRole('link', { name: 'Ny vurdering af lovende praksis' }).click();
  await accessible('new assessment');
  await page.getByLabel('Deltagere').fill('Lone Vestergaard, leder (mødeleder)\nMette Kjær');
  await page.getByRole('button', { name: 'Start mødet' }).click();
  await page.waitForURL(/\/meeting\?element=1$/);
  await page.getByRole('heading', { name: '1. Teori og viden' }).waitFor();
  await accessible('meeting, element 1');
});

test('answer element by element; moving saves; half way the group leaves', async () => {
  const questions = page.locator('fieldset.question');
  assert.equal(await questions.count(), 6);
  for (let i = 0; i < 6; i++) await answer(questions.nth(i), i === 5 ? 'Delvist' : 'Ja');
  await questions.nth(0).getByLabel('Kommentar: hvorfor svarer I sådan?').fill('Vi bygger på recovery-tilgangen.');
  await page.getByRole('button', { name: 'Gem og gå videre →' }).click();
  await page.waitForURL(/element=2$/);
  await page.getByRole('heading', { name: '2. Virkning' }).waitFor();
  assert.match(await page.locator('.progress-line').textContent(), /6 af 59/);
  await answer(page.locator('fieldset.question').nth(0), 'Nej');
  // The element list is the way around the meeting, and it saves too.
  await page.getByRole('button', { name: /^5\. Overførbarhed/ }).click();
  await page.waitForURL(/element=5$/);
  await page.getByRole('heading', { name: '5. Overførbarhed' }).waitFor();
  assert.match(await page.locator('.progress-line').textContent(), /7 af 59/);
  assert.equal(await page.getByRole('button', { name: /^1\. Teori og viden/ }).getAttribute('class'),
    'page-button complete');
  // Overførbarhed 2 counts in reverse, and says so.
  await page.getByText('Tæller omvendt: her er et højt svar det mindst lovende.').waitFor();
  await accessible('meeting, element 5');
  // The group stops here: nothing typed on this page, and the browser goes.
  await page.getByRole('link', { name: 'Til resultaterne uden at gemme' }).click();
  await page.getByRole('heading', { name: /Lovende praksis – måleredskab/ }).waitFor();
});

test('the results so far, and the meeting resumed where it stopped', async () => {
  await page.getByText('Mødet er ikke afsluttet').waitFor();
  const svg = page.locator('figure.chart-radar svg[role="img"]');
  await svg.waitFor();
  assert.ok((await svg.locator(':scope > title').textContent()).includes('Bostedet Kastanjehuset'));
  const rows = page.locator('table.scores tbody tr');
  assert.equal(await rows.count(), 11);
  assert.match(await rows.nth(0).textContent(), /91,7/); // 5 × Ja + 1 × Delvist of 6
  assert.match(await rows.nth(1).textContent(), /Lav score/);
  await accessible('results in progress');
  await page.getByRole('link', { name: 'Fortsæt mødet' }).click();
  await page.waitForURL(/\/meeting$/);
  await page.getByRole('heading', { name: '2. Virkning' }).waitFor(); // the first open question
  const first = page.locator('fieldset.question').nth(0);
  assert.equal(await first.getByLabel('Nej', { exact: true }).isChecked(), true);
  await page.getByRole('button', { name: /^1\. Teori og viden/ }).click();
  await page.waitForURL(/element=1$/);
  assert.equal(await page.getByLabel('Kommentar: hvorfor svarer I sådan?').first().inputValue(),
    'Vi bygger på recovery-tilgangen.');
});

test('the spider web of a finished assessment, its data and the drill-down to a low element', async () => {
  await page.goto(`${server.base}/practice`);
  await page.getByRole('link', { name: 'Bostedet Kastanjehuset' }).click();
  await page.getByRole('link', { name: 'Alle vurderinger og sammenligning' }).click();
  await accessible('assessments');
  // This year's finished assessment (the one started above is newer).
  await page.locator('table.list tbody tr', { hasText: 'Afsluttet' }).first().getByRole('link').click();
  const figure = page.locator('figure.chart-radar');
  await figure.waitFor();
  const svg = figure.locator('svg[role="img"]');
  const labelled = (await svg.getAttribute('aria-labelledby')).split(' ');
  assert.equal(labelled.length, 2);
  assert.ok((await page.locator(`[id="${labelled[1]}"]`).textContent()).includes('yderkanten'));
  assert.equal(await svg.locator('text', { hasText: 'Monitorering' }).count(), 1);
  // The data table beside the web: one row per element.
  await page.locator('details.chart-table summary').click();
  assert.equal(await page.locator('table.chart-data tbody tr').count(), 11);
  await accessible('results');
  await page.getByRole('link', { name: '8. Relationelt samarbejde' }).click();
  await page.getByRole('heading', { name: '8. Relationelt samarbejde' }).waitFor();
  await page.getByText('kan være rigtig for jeres praksis').waitFor();
  assert.equal(await page.locator('ol.answers > li').count(), 4);
  await accessible('element drill-down');
});

test('last year and this year on one spider web, with the change per element', async () => {
  await page.getByRole('link', { name: 'Tilbage til resultaterne' }).click();
  await page.getByRole('link', { name: 'Sammenlign med den forrige vurdering' }).click();
  await page.getByRole('heading', { name: 'Sammenligning af vurderinger' }).waitFor();
  const legend = page.locator('figure.chart-radar g.chart-legend text');
  assert.equal(await legend.count(), 2);
  assert.equal(await page.locator('figure.chart-radar path.chart-line').count(), 2);
  const rows = page.locator('table.list tbody tr');
  assert.equal(await rows.count(), 11);
  assert.match(await rows.nth(9).textContent(), /Monitorering.*\+/);
  await accessible('comparison');
});

test('the theory of change and the citizen journey read as pages', async () => {
  await page.goto(`${server.base}/practice`);
  await page.getByRole('link', { name: 'Bostedet Kastanjehuset' }).click();
  await page.getByRole('link', { name: 'Sundhed i botilbuddet' }).click();
  await page.locator('figure.results-map svg[role="img"]').waitFor();
  assert.equal(await page.locator('ol.mechanisms li').count(), 9);
  await accessible('theory of change');
  await page.getByRole('link', { name: 'Forbedret sundhed for borgerne' }).click();
  await page.getByRole('heading', { name: 'Parametre, der måler resultatet' }).waitFor();
  await accessible('result box');
  await page.goto(`${server.base}/practice`);
  await page.getByRole('link', { name: 'Bostedet Kastanjehuset' }).click();
  await page.getByRole('link', { name: 'Indflytning i botilbuddet' }).click();
  await page.getByRole('heading', { name: 'Tidslinje' }).waitFor();
  assert.ok(await page.locator('th.documented').count() >= 2);
  await accessible('citizen journey');
});
