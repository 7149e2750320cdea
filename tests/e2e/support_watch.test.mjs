// The watch list: ten jobs across scenarios pasted at once (bare ids, a URL, a curl line with a
// token that must not be taken), followed live with one token for the simulator's origin, each
// reaching its right final state; the list survives a reload without the token; opening a row
// shows the full view and lands in recent jobs with its status.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, advanceClock, waitForStatus, screenshot, recordFetches, fetchesSince, jobRequests,
} from './harness.mjs';

const TOKEN = 'e2e-watch-token-91b2c7';
const JOBS = [
  ['happy-insert', '5550000000000000001', 'completed'],
  ['happy-insert', '5550000000000000002', 'completed'],
  ['happy-insert', '5550000000000000003', 'completed'],
  ['update-mixed', '5550000000000000004', 'completed'],
  ['update-mixed', '5550000000000000005', 'completed'],
  ['upsert-parent-child', '5550000000000000006', 'completed'],
  ['upsert-parent-child', '5550000000000000007', 'completed'],
  ['failed', '5550000000000000008', 'failed'],
  ['failed', '5550000000000000009', 'failed'],
  ['stalled', '5550000000000000010', 'in_progress'],
];
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '11', '--token', TOKEN,
    ...JOBS.flatMap(([s, id]) => ['--scenario', `${s}=${id}`]),
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const row = (page, id) => page.locator(`[data-testid="watch-row"][data-job-id="${id}"]`);

test('a watch list of 10 jobs reaches the right final states', async () => {
  const page = await browser.page();
  await page.goto(`${sim.origin}/#view=watch`);
  const lines = JOBS.map(([, id], i) => {
    if (i === 1) return `${sim.origin}/crm/bulk/v8/write/${id}`;
    if (i === 2) return `curl "${sim.origin}/crm/bulk/v8/write/${id}" -H "Authorization: Zoho-oauthtoken ${TOKEN}"`;
    return id;
  });
  await page.getByTestId('watch-paste').fill(lines.join('\n'));
  await page.getByTestId('watch-add').click();
  await page.getByTestId('watch-row').nth(9).waitFor();
  assert.equal(await page.getByTestId('watch-row').count(), 10);
  // No token was taken from the curl line: the rows wait for one.
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  for (const [, id] of JOBS) {
    await row(page, id).and(page.locator('[data-status="added"]')).waitFor({ timeout: 30_000 });
  }
  await advanceClock(sim, 24 * 3600 * 1000);
  for (const [scenario, id, final] of JOBS) {
    await row(page, id).and(page.locator(`[data-status="${final}"]`)).waitFor({ timeout: 60_000 });
    assert.equal(await row(page, id).getAttribute('data-status'), final, `${scenario} ${id}`);
  }
  await screenshot(page, 'support-watch-list');

  // The credits spent in total, beside the budget line, are the details GETs the simulator saw
  // for these jobs (1 credit each, Zoho's price for a job-details check; this page is the only
  // client). The page counts a request when it sends it, the simulator when it arrives: the
  // stalled job is still checked, so both are read until they agree, then compared.
  const simCount = async () => {
    let n = 0;
    for (const [, id] of JOBS) n += (await jobRequests(sim, id)).length;
    return n;
  };
  const shown = async () => Number(await page.getByTestId('watch-credits-total').textContent());
  let seen = [await shown(), await simCount()];
  for (const end = Date.now() + 10_000; seen[0] !== seen[1] && Date.now() < end;) {
    seen = [await shown(), await simCount()];
  }
  assert.ok(seen[1] >= JOBS.length * 2, `every job was checked at least twice (${seen[1]})`);
  assert.equal(seen[0], seen[1], 'the total shown is what the simulator was asked');

  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!stored.includes(TOKEN), 'the token is in no storage area');
  assert.ok(stored.includes(JOBS[0][1]), 'the list is stored');

  // A reload keeps the list (not the token).
  await page.reload();
  await page.getByTestId('watch-row').nth(9).waitFor();
  assert.equal(await page.getByTestId('watch-row').count(), 10);
  assert.equal(await page.getByTestId('watch-token').count(), 1, 'the token is asked for again');

  // Opening a row shows the full view and the job lands in recent jobs.
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  const failed = JOBS[7][1];
  await row(page, failed).and(page.locator('[data-status="failed"]')).waitFor();
  await row(page, failed).getByRole('button', { name: /Open/ }).click();
  await waitForStatus(page, 'failed');
  const recent = page.locator(`[data-testid="recent-job"][data-job-id="${failed}"]`);
  await recent.waitFor();
  assert.equal(await recent.getAttribute('data-status'), 'failed');
  assert.ok(page.url().includes(`job=${failed}`));
  assert.ok(!page.url().includes(TOKEN));
});

// Continues from the list above: every job's observed timeline is stored in this profile.
test('rows keep their last known state when the list is shown again, before any request', async () => {
  const page = await browser.page();
  const finalStates = async () => page.evaluate(() => Object.fromEntries(
    [...document.querySelectorAll('[data-testid="watch-row"]')].map((r) => [
      r.dataset.jobId, `${r.dataset.status}${r.dataset.lastKnown ? ' (last known)' : ''}`,
    ])));
  const expected = (suffix) => Object.fromEntries(JOBS.map(([, id, final]) => [id, `${final}${suffix}`]));

  // A fresh load holds no token: the rows' first paint is already their stored states.
  await page.goto('about:blank');
  await page.goto(`${sim.origin}/#view=watch`);
  await page.getByTestId('watch-row').nth(9).waitFor();
  assert.deepEqual(await finalStates(), expected(' (last known)'));
  assert.equal(await page.getByTestId('watch-last-seen').count(), 10, 'each row says when it was seen');

  // With the token, fresh answers replace what was known.
  await recordFetches(page);
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  await page.locator('[data-testid="watch-row"]:not([data-last-known])').nth(9).waitFor({ timeout: 30_000 });
  assert.deepEqual(await finalStates(), expected(''));

  // Withhold the token, then switch to the job view and back: the rebuilt rows show their
  // final states at once, and not one request is made for them.
  // Counted where requests are made: one already in flight may still reach the log.
  const mark = await page.evaluate(() => {
    document.querySelector('[data-testid="watch-token-forget"]').click();
    return window.__bwFetches.length;
  });
  await page.getByTestId('watch-token').waitFor();
  assert.ok(await fetchesSince(page, 0, '/write/') >= 10, 'the page records its fetches (the zero below is real)');
  await page.getByTestId('nav-job').click();
  await page.getByTestId('watch-row').first().waitFor({ state: 'detached' });
  await page.getByTestId('nav-watch').click();
  await page.getByTestId('watch-row').nth(9).waitFor();
  assert.deepEqual(await finalStates(), expected(' (last known)'));
  assert.equal(await fetchesSince(page, mark, '/write/'), 0, 'no request was needed to show them');
});
