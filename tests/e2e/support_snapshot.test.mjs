// The snapshot for a ticket: one click copies a redacted Markdown summary whose facts match what
// Zoho says (job id, version, counts, resources, the observed timeline) and which holds no token,
// no creator name and no download link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, watchJob, waitForStatus, zohoJob, advanceClock, screenshot,
} from './harness.mjs';

const TOKEN = 'e2e-snapshot-token-55d1e0';
const JOB = '4440000000000000091';
let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--manual-clock', '--seed', '9', '--token', TOKEN, '--scenario', `happy-insert=${JOB}`]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

test('the snapshot holds the job facts and no token', async () => {
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: sim.origin });
  const page = await browser.page();
  await watchJob(page, sim, { job: JOB, token: TOKEN });
  await waitForStatus(page, 'added');
  await advanceClock(sim, 24 * 3600 * 1000);
  await waitForStatus(page, 'completed');
  await page.getByTestId('snapshot-copy').click();
  const text = await page.getByTestId('snapshot-text').textContent();

  const zoho = (await zohoJob(sim, JOB, TOKEN)).body;
  const file = zoho.resource[0].file;
  assert.ok(text.includes(`Bulk Write job ${JOB}`), text);
  assert.ok(text.includes('API version: v8'), text);
  assert.ok(text.includes(`${file.total_count} total`), text);
  assert.ok(text.includes(zoho.resource[0].module.api_name), 'the module is named');
  assert.ok(text.includes('Observed timeline'), text);
  assert.ok(text.includes('Completed'), text);
  // Redaction.
  assert.ok(!text.includes(TOKEN), 'no token');
  assert.ok(!/oauthtoken|authorization/i.test(text), 'no header');
  if (zoho.created_by?.name) assert.ok(!text.includes(zoho.created_by.name), 'no creator name');
  assert.ok(!text.includes(zoho.result.download_url), 'no download link');
  const json = JSON.parse(await page.getByTestId('snapshot-json').textContent());
  assert.equal(json.job_id, JOB);
  assert.equal(json.counts.total, file.total_count);
  assert.ok(!JSON.stringify(json).includes(TOKEN));
  // What went to the clipboard is exactly the text shown (read once the write has finished).
  await page.getByText('Copied to the clipboard.').waitFor();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, text);
  await screenshot(page, 'support-snapshot');
});
