// Notifications on the watch list: the tab title and favicon sum up the watched jobs, and after
// the person opts in, one browser Notification per job that completes or fails (the API is
// stubbed in the page to record what was shown; permission is granted by the stub on request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, advanceClock } from './harness.mjs';

const TOKEN = 'e2e-notify-token-3c8d1f';
const DONE = '5560000000000000001';
const FAIL = '5560000000000000002';
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '5', '--token', TOKEN,
    '--scenario', `happy-insert=${DONE}`, '--scenario', `failed=${FAIL}`,
  ]);
  browser = await launchBrowser();
  await browser.context.addInitScript(() => {
    window.__shown = [];
    class FakeNotification {
      constructor(title, options) { window.__shown.push({ title, body: options && options.body }); }
      static requestPermission() { FakeNotification.permission = 'granted'; return Promise.resolve('granted'); }
    }
    FakeNotification.permission = 'default';
    window.Notification = FakeNotification;
  });
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const row = (page, id, status) => page.locator(`[data-testid="watch-row"][data-job-id="${id}"][data-status="${status}"]`);

test('title, favicon and opt-in notifications follow the watched jobs', async () => {
  const page = await browser.page();
  await page.goto(`${sim.origin}/#view=watch`);
  await page.getByTestId('watch-paste').fill(`${DONE}\n${FAIL}`);
  await page.getByTestId('watch-add').click();
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  await row(page, DONE, 'added').waitFor();
  await row(page, FAIL, 'added').waitFor();
  assert.equal(await page.title(), '(2 running) Bulkwatch');
  await page.getByTestId('notify-opt-in').click();
  assert.equal(await page.evaluate(() => Notification.permission), 'granted');

  await advanceClock(sim, 24 * 3600 * 1000);
  await row(page, DONE, 'completed').waitFor({ timeout: 60_000 });
  await row(page, FAIL, 'failed').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => document.title.includes('failed') && document.title.includes('done'));
  assert.equal(await page.title(), '(1 failed, 1 done) Bulkwatch');
  const icon = await page.locator("link[rel~='icon']").getAttribute('href');
  assert.match(icon, /^data:image\/svg\+xml/);
  assert.ok(icon.includes('c62828'), 'the failure colour (and its cross)');

  const shown = await page.evaluate(() => window.__shown);
  const titles = shown.map((n) => n.title).sort();
  assert.deepEqual(titles, [`Job ${DONE} completed`, `Job ${FAIL} failed`]);
  assert.ok(!JSON.stringify(shown).includes(TOKEN));
});
