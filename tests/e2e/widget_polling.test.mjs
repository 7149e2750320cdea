// Frugal polling, checked in the simulator's request log: a hidden page makes no requests and asks
// once at once when shown again; the visible request count equals what the simulator saw.
// The page's timers run on Playwright's fake clock, so minutes pass without waiting for them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, watchJob, waitForStatus, jobRequests } from './harness.mjs';

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

async function setHidden(page, hidden) {
  await page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

test('a hidden page makes zero requests, and one at once when shown again', async () => {
  const page = await browser.page();
  await page.clock.install();
  await watchJob(page, sim, { job: JOB, token: TOKEN });
  await page.locator('[data-testid="job-status"][data-status]').waitFor();
  await page.clock.runFor(20_000);
  const shown = (await jobRequests(sim, JOB)).length;
  assert.ok(shown >= 2, `polls while visible: ${shown}`);

  await setHidden(page, true);
  const atHide = (await jobRequests(sim, JOB)).length;
  await page.clock.runFor(10 * 60_000);
  assert.equal((await jobRequests(sim, JOB)).length, atHide, 'ten hidden minutes, no request');

  await setHidden(page, false);
  await page.waitForFunction(
    async ([origin, job, n]) => {
      const log = await (await fetch(`${origin}/__sim/log?path_prefix=/crm/bulk/`)).json();
      return log.entries.filter((e) => e.path.endsWith(`/${job}`)).length === n + 1;
    },
    [sim.origin, JOB, atHide],
    { polling: 100, timeout: 10_000 },
  );
  const counted = Number((await page.getByTestId('request-count').textContent()).replace(/[^\d]/g, ''));
  assert.equal(counted, (await jobRequests(sim, JOB)).length, 'the visible count is what Zoho saw');
});
