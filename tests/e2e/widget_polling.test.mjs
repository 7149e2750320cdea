// Frugal polling, checked in the simulator's request log: a hidden page makes no requests and asks
// once at once when shown again; the visible request count equals what the simulator saw.
// The page's timers run on Playwright's fake clock, so minutes pass without waiting for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, watchJob, waitForStatus, jobRequests, recordFetches, fetchesSince,
} from './harness.mjs';
import { until } from './embed_support.mjs';

const TOKEN = 'e2e-poll-token-99';
const JOB = '2220000000000000001';
let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--manual-clock', '--seed', '2', '--token', TOKEN, '--scenario', `stalled=${JOB}`]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

/** Hides or shows the page; returns the page's fetch mark taken in the same task. */
async function setHidden(page, hidden) {
  return page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
    return window.__bwFetches.length;
  }, hidden);
}

test('a hidden page makes zero requests, and one at once when shown again', async () => {
  const page = await browser.page();
  await page.clock.install();
  await watchJob(page, sim, { job: JOB, token: TOKEN });
  await page.locator('[data-testid="job-status"][data-status]').waitFor();
  await recordFetches(page);
  await page.clock.runFor(20_000);
  // The fetches have been started; wait for them to arrive rather than race them.
  await until(async () => (await jobRequests(sim, JOB)).length >= 2, 'two polls while visible');

  // Requests are counted where they are made: one in flight at the moment of hiding may still
  // reach the log, and the fake clock moves on in real time between steps.
  const atHide = await setHidden(page, true);
  await page.clock.runFor(10 * 60_000);
  assert.equal(await fetchesSince(page, atHide, JOB), 0, 'ten hidden minutes, no request');

  const atShow = await setHidden(page, false);
  await until(async () => (await fetchesSince(page, atShow, JOB)) >= 1, 'a request when shown again');
  assert.equal(await fetchesSince(page, atShow, JOB), 1, 'one request at once, not a burst');
  const counted = async () => Number((await page.getByTestId('request-count').textContent()).replace(/[^\d]/g, ''));
  await until(
    async () => (await counted()) === (await jobRequests(sim, JOB)).length,
    'the visible count to be what Zoho saw',
  );
});
