// The standalone page holds one token per API origin, in memory only, shared by its views: a token
// typed in the job view watches another job of the same origin opened from recent jobs; a token
// given in the watch list watches a job opened from a row; "forget token" anywhere forgets it
// everywhere; a token the API refused is not offered again (the next one typed replaces it); and
// no storage area, cookie or address ever holds a token.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, deepLink, watchJob, waitForStatus } from './harness.mjs';
import { jobRequests, until } from './embed_support.mjs';

const TOKEN = 'e2e-shared-token-5d81a0';
const REFUSED = 'e2e-refused-token-77c3e9';
const A = '8830000000000000001';
const B = '8830000000000000002';
const C = '8830000000000000003';
const D = '8830000000000000004';
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '31', '--token', TOKEN,
    ...[A, B, C, D].flatMap((id) => ['--scenario', `happy-insert=${id}`]),
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const recent = (page, id) => page.locator(`[data-testid="recent-job"][data-job-id="${id}"]`);
const row = (page, id) => page.locator(`[data-testid="watch-row"][data-job-id="${id}"]`);
/** The job view shows `id` with a status from the API. */
const showsJob = async (page, id) => {
  await page.locator('[data-testid="job-status"]').first().waitFor();
  await until(async () => (await page.getByTestId('job-id').textContent()) === id, `job ${id} shown`);
};
/** Answers the simulator gave for one job's details, by HTTP status. */
const answers = async (id) => (await jobRequests(sim, id)).map((e) => e.status);

/** Every place a browser could keep something, as one string. */
const everywhere = (page) => page.evaluate(async () => {
  const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
  return JSON.stringify({
    local: { ...localStorage }, session: { ...sessionStorage }, cookie: document.cookie,
    href: location.href, history: history.state, dbs,
  });
});

test('a token typed once in the job view watches another job of its origin opened from recent jobs', async () => {
  const page = await browser.context.newPage();
  // B joins recent jobs by being opened (no token yet), then the page is loaded afresh on A.
  await page.goto(deepLink(sim, B));
  await recent(page, B).waitFor();
  await watchJob(page, sim, { job: A, token: TOKEN });
  await waitForStatus(page, 'added');
  await showsJob(page, A);

  await recent(page, B).getByRole('button').click();
  await showsJob(page, B);
  await page.getByTestId('token-held').waitFor();
  assert.equal(await page.getByTestId('connect-problem').count(), 0, 'no token asked for');
  // The watched job folds the form into one line; "Change" opens it.
  await page.getByTestId('connect-change').click();
  assert.equal(await page.getByTestId('token-input').inputValue(), '', 'nothing typed again');
  assert.ok((await answers(B)).includes(200), 'B was fetched with the shared token');
  assert.ok(page.url().includes(`job=${B}`) && !page.url().includes(TOKEN));

  // The watch list, on the same page, has the token for that origin too: it asks for none.
  await page.getByTestId('nav-watch').click();
  await page.getByTestId('watch-paste').fill(C);
  await page.getByTestId('watch-origin').fill(sim.origin);
  await page.getByTestId('watch-add').click();
  await row(page, C).and(page.locator('[data-status="added"]')).waitFor();
  assert.equal(await page.getByTestId('watch-token').count(), 0);
  assert.ok(!(await everywhere(page)).includes(TOKEN), 'no token kept anywhere');
  await page.close();
});

test('a token given in the watch list watches the job opened from a row; forgetting it in the job view forgets it for the list', async () => {
  const page = await browser.context.newPage();
  await page.goto(`${sim.origin}/#view=watch`);
  await page.getByTestId('watch-paste').fill([C, D].join('\n'));
  await page.getByTestId('watch-origin').fill(sim.origin);
  await page.getByTestId('watch-add').click();
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  await row(page, C).and(page.locator('[data-status="added"]')).waitFor();
  await page.locator(`[data-testid="watch-token-held"][data-origin="${sim.origin}"]`).waitFor();

  await row(page, C).getByRole('button', { name: /Open/ }).click();
  await showsJob(page, C);
  await page.getByTestId('token-held').waitFor();
  // Another job of that origin in the form: "Watch" goes with the page's token, nothing typed.
  await page.getByTestId('connect-change').click();
  await page.getByTestId('job-input').fill(D);
  await page.getByTestId('connect').click();
  await showsJob(page, D);
  assert.equal(await page.getByTestId('connect-problem').count(), 0);

  // "Forget token" in the job view: the watch list asks for the token again.
  await page.getByTestId('forget-token').click();
  await page.getByTestId('token-held').waitFor({ state: 'detached' });
  await page.getByTestId('nav-watch').click();
  await page.getByTestId('watch-token').waitFor();
  assert.equal(await page.getByTestId('watch-token-held').count(), 0);
  // Without a token the row shows only what was last seen (from the stored timeline), no answer.
  await row(page, C).and(page.locator('[data-last-known="true"]')).waitFor();
  assert.equal(await row(page, C).getAttribute('data-status'), 'added');

  // And the other way: given in the list, forgotten in the list, the job view asks for one.
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  await page.getByTestId('watch-token-forget').click();
  await page.getByTestId('watch-token').waitFor();
  await page.getByTestId('nav-job').click();
  assert.equal(await page.getByTestId('token-held').count(), 0);
  await page.getByTestId('connect').click();
  await page.getByTestId('connect-problem').waitFor();

  const kept = await everywhere(page);
  assert.ok(!kept.includes(TOKEN), 'no token kept anywhere');
  assert.ok(kept.includes(C), 'the watch list itself is kept');
  await page.close();
});

test('a refused token is not offered again; the one typed next replaces it everywhere', async () => {
  const page = await browser.context.newPage();
  await page.goto(deepLink(sim, B));
  await recent(page, B).waitFor();
  await watchJob(page, sim, { job: A, token: REFUSED });
  await page.getByTestId('connect-problem').waitFor();
  assert.ok((await page.getByTestId('connect-problem').textContent()).includes('401'));
  assert.equal(await page.getByTestId('token-held').count(), 0);

  // Opening B from recent jobs does not try the refused token: B waits for one.
  const before = (await answers(B)).length;
  await recent(page, B).getByRole('button').click();
  await until(async () => page.url().includes(`job=${B}`), 'B in the address');
  assert.equal(await page.getByTestId('token-held').count(), 0, 'the refused token is not held');
  // The watch list asks for the token of that origin too.
  await page.getByTestId('nav-watch').click();
  await page.getByTestId('watch-paste').fill(C);
  await page.getByTestId('watch-origin').fill(sim.origin);
  await page.getByTestId('watch-add').click();
  await page.getByTestId('watch-token').waitFor();
  // No fresh answer for C: its row is unknown, or shows only the last state seen (when an
  // earlier test of this file watched it).
  const cStatus = await row(page, C).getAttribute('data-status');
  const cLastKnown = await row(page, C).getAttribute('data-last-known');
  assert.ok(cStatus === 'unknown' || cLastKnown === 'true', `C: ${cStatus}, last known ${cLastKnown}`);
  assert.equal((await answers(B)).length, before, 'nothing sent for B with the refused token');

  // The token typed next, in the job view, watches B and feeds the list.
  await page.getByTestId('nav-job').click();
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  await showsJob(page, B);
  await page.getByTestId('nav-watch').click();
  await row(page, C).and(page.locator('[data-status="added"]:not([data-last-known])')).waitFor();
  assert.equal(await page.getByTestId('watch-token').count(), 0);

  const kept = await everywhere(page);
  assert.ok(!kept.includes(TOKEN) && !kept.includes(REFUSED), 'no token kept anywhere');
  assert.deepEqual(browser.pageErrors, []);
  await page.close();
});
