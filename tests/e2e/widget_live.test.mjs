// The widget against the simulator, as a person uses it: watch a job to COMPLETED, download the
// result, parent/child resources, a reload that keeps the timeline, and no token left anywhere.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, screenshot, watchJob, waitForStatus, zohoJob, advanceClock,
} from './harness.mjs';

const TOKEN = 'e2e-live-token-7f3a9c';
const HAPPY = '4440000000000000001';
const FAMILY = '4440000000000000002';
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '7', '--token', TOKEN,
    '--scenario', `happy-insert=${HAPPY}`, '--scenario', `upsert-parent-child=${FAMILY}`,
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const text = async (page, testid) => (await page.getByTestId(testid).first().textContent()).trim();
const num = async (page, testid) => Number((await text(page, testid)).replace(/[^\d]/g, ''));

test('a job is followed to COMPLETED, its counts match Zoho, and its result zip downloads', async () => {
  const page = await browser.page();
  await watchJob(page, sim, { job: HAPPY, token: TOKEN });
  await waitForStatus(page, 'added');
  assert.equal(await text(page, 'job-id'), HAPPY);
  await screenshot(page, 'state-added');

  await advanceClock(sim, 24 * 3600 * 1000);
  await waitForStatus(page, 'completed');
  const zoho = (await zohoJob(sim, HAPPY, TOKEN)).body;
  const file = zoho.resource[0].file;
  assert.equal(await num(page, 'count-added'), file.added_count);
  assert.equal(await num(page, 'count-updated'), file.updated_count);
  assert.equal(await num(page, 'count-skipped'), file.skipped_count);
  assert.equal(await num(page, 'count-total'), file.total_count);
  assert.equal(await page.getByTestId('progress').getAttribute('role'), 'progressbar');
  assert.ok(await page.getByTestId('timeline-event').count() >= 2, 'created and completed at least');
  assert.ok(await num(page, 'request-count') >= 2);
  await screenshot(page, 'state-completed');

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()]);
  const path = await download.path();
  const { readFileSync } = await import('node:fs');
  const got = readFileSync(path);
  const url = new URL(zoho.result.download_url, sim.origin);
  const direct = Buffer.from(await (await fetch(url, { headers: { Authorization: `Zoho-oauthtoken ${TOKEN}` } })).arrayBuffer());
  assert.equal(got.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'a zip');
  assert.ok(got.equals(direct), 'the saved file is byte for byte what Zoho serves');
  assert.match(download.suggestedFilename(), /\.zip$/);
});

test('a parent/child job shows one panel per resource with its own counts and mappings', async () => {
  const page = await browser.page();
  await watchJob(page, sim, { job: FAMILY, token: TOKEN });
  await advanceClock(sim, 24 * 3600 * 1000);
  await waitForStatus(page, 'completed');
  const zoho = (await zohoJob(sim, FAMILY, TOKEN)).body;
  const panels = page.getByTestId('resource');
  assert.equal(await panels.count(), zoho.resource.length);
  assert.ok(zoho.resource.length >= 2);
  for (let i = 0; i < zoho.resource.length; i++) {
    const r = zoho.resource[i];
    const panel = panels.nth(i);
    assert.equal((await panel.getByTestId('resource-module').textContent()).trim(), r.module.api_name);
    assert.equal(Number((await panel.getByTestId('count-total').textContent()).replace(/[^\d]/g, '')), r.file.total_count);
    assert.equal(await panel.getByTestId('field-mapping').count(), r.field_mappings.length);
  }
  await screenshot(page, 'state-parent-child');
});

test('a reload keeps the observed timeline, and the token is in no storage, URL or console line', async () => {
  const page = await browser.page();
  await watchJob(page, sim, { job: HAPPY, token: TOKEN });
  await waitForStatus(page, 'completed');
  const kinds = () => page.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.dataset.kind));
  const before = await kinds();
  assert.ok(before.length >= 3, `created, added and completed at least: ${before}`);
  await page.reload();
  assert.equal(await page.getByTestId('token-input').inputValue(), '', 'the token is not restored');
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  await waitForStatus(page, 'completed');
  const afterKinds = await kinds();
  // A fresh timeline would only hold "created" and "completed"; the stored one keeps every step.
  for (const k of new Set(before)) {
    assert.ok(afterKinds.filter((x) => x === k).length >= before.filter((x) => x === k).length, `kept ${k}: ${afterKinds}`);
  }

  const stored = await page.evaluate(async () => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`).join('\n');
    const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name).join(',') : '';
    return [dump(localStorage), dump(sessionStorage), document.cookie, dbs, location.href, history.state ? JSON.stringify(history.state) : ''].join('\n');
  });
  assert.ok(stored.includes(HAPPY), 'the timeline is stored under the job id');
  assert.ok(!stored.includes(TOKEN), 'no token in any storage area or the URL');
  assert.ok(!browser.consoleLines.some((l) => l.includes(TOKEN)), 'no token in the console');
  assert.ok(!page.url().includes(TOKEN));
});
