// A token goes to a place a link, a paste or the page's address named only after the person
// confirms it. Two simulators: A serves the page; B, on another loopback port, is the "foreign"
// host (it accepts the same token and answers A's page cross-origin, so a token that reached it
// would be served and show in its request log). Real components, no mocks.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, recordFetches, fetchesSince } from './harness.mjs';
import { openPage, until, jobRequests, createJob } from './embed_support.mjs';

const TOKEN = 'tok-confirm';
let simA;
let simB;
let browser;
let next = 5700000000000000001n;
const newJob = async () => {
  const id = String(next++);
  await createJob(simB, 'happy-insert', id);
  return id;
};

before(async () => {
  simA = await startSimulator(['--seed', '21', '--manual-clock', '--token', TOKEN]);
  simB = await startSimulator(['--seed', '22', '--manual-clock', '--token', TOKEN,
    '--allow-origin', simA.origin]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await simB?.stop();
  await simA?.stop();
});

/** Waits until the page either asks (`question` shows) or sends to B anyway; then nothing
 *  must have been sent. */
async function asksFirst(page, question, job) {
  await until(async () => (await question.isVisible()) || (await jobRequests(simB, job)).length > 0,
    'a question, or a request at the foreign host');
  await nothingSent(page, job);
  assert.ok(await question.isVisible(), 'the page asks before sending');
}

/** Nothing reached B for `job`, counted both where requests are made and where they land. */
async function nothingSent(page, job) {
  assert.equal(await fetchesSince(page, 0, simB.origin), 0, 'the page asked the foreign host');
  assert.deepEqual(await jobRequests(simB, job), [], 'the foreign host was asked');
}

/** After "Send my token there": B is asked for `job`, with the token it accepts. */
async function sentAfterConfirming(page, job) {
  const served = await until(async () => {
    const ok = (await jobRequests(simB, job)).filter((e) => e.status === 200);
    return ok.length > 0 ? ok : null;
  }, `a request for ${job} at the foreign host`);
  assert.ok(served.length >= 1);
  assert.ok(await fetchesSince(page, 0, simB.origin) >= 1, 'the recorder sees fetches (the zeros above are real)');
}

test('a loopback origin from a link is confirmed, even after switching data centres and back', async () => {
  const job = await newJob();
  const page = await openPage(browser, `${simA.origin}/#api=${encodeURIComponent(simB.origin)}&v=v8&job=${job}`);
  await recordFetches(page);
  // Unrelated edits used to clear the pending confirmation.
  await page.getByTestId('dc-select').selectOption('eu');
  await page.getByTestId('dc-select').selectOption('custom');
  await page.getByTestId('version-select').selectOption('v8');
  assert.equal(await page.getByTestId('api-input').inputValue(), simB.origin);
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  const warning = page.getByTestId('origin-warning');
  await asksFirst(page, warning, job);
  assert.ok((await warning.innerText()).includes(simB.origin));
  await page.getByTestId('confirm-origin').click();
  await sentAfterConfirming(page, job);
  await page.close();
});

test('a pasted job URL on another origin is confirmed before the token goes there', async () => {
  const job = await newJob();
  const page = await openPage(browser, `${simA.origin}/`);
  await recordFetches(page);
  await page.getByTestId('job-input').fill(`${simB.origin}/crm/bulk/v8/write/${job}`);
  await page.getByTestId('connect-note').waitFor();
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  await asksFirst(page, page.getByTestId('origin-warning'), job);
  await page.getByTestId('confirm-origin').click();
  await sentAfterConfirming(page, job);
  await page.close();
});

test('the watch list holds pasted jobs on another origin until they are confirmed', async () => {
  const job = await newJob();
  const page = await openPage(browser, `${simA.origin}/#view=watch`);
  await recordFetches(page);
  await page.getByTestId('watch-paste').fill(`${simB.origin}/crm/bulk/v8/write/${job}`);
  await page.getByTestId('watch-add').click();
  // Before the fix the job was listed with a token field for its origin: a token typed there
  // (as the page invites) went to the foreign host unasked.
  const confirm = page.getByTestId('watch-confirm');
  const field = page.getByTestId('watch-token');
  await until(async () => (await confirm.isVisible()) || (await field.isVisible()), 'a question or a token field');
  if (await field.isVisible()) {
    await field.fill(TOKEN);
    await page.getByTestId('watch-token-use').click();
  }
  await asksFirst(page, confirm, job);
  assert.ok((await confirm.innerText()).includes(simB.origin));
  // Not listed, so no field offers to send a token there.
  assert.equal(await page.locator(`[data-testid="watch-row"][data-job-id="${job}"]`).count(), 0);
  assert.equal(await field.count(), 0);
  await page.getByTestId('watch-confirm-add').click();
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  await sentAfterConfirming(page, job);
  await page.close();
});

test('an example page takes a foreign api from its address only once confirmed', async () => {
  const job = await newJob();
  const page = await openPage(browser,
    `${simA.origin}/static/examples/portal.html#job=${job}&api=${encodeURIComponent(simB.origin)}`);
  await recordFetches(page);
  // The portal hands over its token; the widget must not be pointed at B yet.
  await page.evaluate((t) => { document.getElementById('job').token = t; }, TOKEN);
  const box = page.getByTestId('example-confirm');
  await asksFirst(page, box, job);
  assert.ok((await box.innerText()).includes(simB.origin));
  assert.equal(await page.locator('#job').getAttribute('api-domain'), null);
  await page.getByTestId('example-confirm-send').click();
  assert.equal(await page.locator('#job').getAttribute('api-domain'), simB.origin);
  await sentAfterConfirming(page, job);
  await page.close();
});
