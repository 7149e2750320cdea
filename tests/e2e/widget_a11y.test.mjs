// axe-core in headless Chromium: zero violations on the main states (connect, live, completed,
// error), in light and dark colour schemes and at 360 px wide.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, screenshot, watchJob, waitForStatus, advanceClock, axe,
} from './harness.mjs';

const TOKEN = 'e2e-a11y-token';
const JOB = '1110000000000000001';
let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--manual-clock', '--seed', '11', '--token', TOKEN, '--scenario', `update-mixed=${JOB}`]);
  browser = await launchBrowser({ bypassCSP: true });
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations on the main states (${scheme})`, async () => {
    const page = await browser.page();
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto(`${sim.origin}/`);
    await page.getByTestId('job-input').waitFor();
    await axe(page, `${scheme} connect`);

    await watchJob(page, sim, { job: JOB, token: TOKEN });
    await page.locator('[data-testid="job-status"][data-status]').waitFor();
    await axe(page, `${scheme} live`);

    await advanceClock(sim, 24 * 3600 * 1000);
    await waitForStatus(page, 'completed');
    await axe(page, `${scheme} completed`);
    await screenshot(page, `completed-${scheme}`);

    await watchJob(page, sim, { job: '1119999999999999999', token: TOKEN });
    await page.locator('[data-testid="error"]').waitFor();
    await axe(page, `${scheme} error`);
  });
}

test('usable at 360 px wide: nothing overflows horizontally', async () => {
  const page = await browser.page();
  await page.setViewportSize({ width: 360, height: 800 });
  await watchJob(page, sim, { job: JOB, token: TOKEN });
  await advanceClock(sim, 24 * 3600 * 1000);
  await waitForStatus(page, 'completed');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const culprits = await page.evaluate(() => [...document.querySelectorAll('body *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((e) => !e.parentElement.closest('*') || getComputedStyle(e.parentElement).overflowX === 'visible')
    .slice(0, 5).map((e) => `${e.tagName}.${e.className}`));
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 360px: ${culprits}`);
  await screenshot(page, 'completed-360px');
  await axe(page, 'narrow completed');
});
