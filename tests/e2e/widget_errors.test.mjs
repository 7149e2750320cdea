// Every failure the widget can meet, each shown with its own code, title and resolution; 429 spacing
// checked in the simulator's request log; a 401 keeps what is shown; hostile result links stay inert.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, screenshot, watchJob, waitForStatus, jobRequests, advanceClock,
} from './harness.mjs';

const GOOD = 'e2e-good-token-1b2c';
const JOBS = {
  happy: '3330000000000000001',
  internal: '3330000000000000002',
  html: '3330000000000000003',
  truncated: '3330000000000000004',
  storm: '3330000000000000005',
};
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '3',
    '--token', GOOD,
    '--token', 'e2e-scope-token:ZohoCRM.modules.ALL',
    '--token', 'e2e-noperm-token:!no-permission',
    '--token', 'e2e-authz-token:!authorization-failed',
    '--token', 'e2e-authn-token:!authentication-failure',
    '--token', 'e2e-expired-token:!expired',
    '--scenario', `happy-insert=${JOBS.happy}`,
    '--scenario', `fault-internal-error=${JOBS.internal}`,
    '--scenario', `fault-html-200=${JOBS.html}`,
    '--scenario', `fault-truncated-json=${JOBS.truncated}`,
    '--scenario', `fault-429-storm=${JOBS.storm}`,
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

async function expectError(page, code) {
  const panel = page.locator(`[data-testid="error"][data-code="${code}"]`);
  await panel.waitFor({ timeout: 30_000 });
  const text = await panel.textContent();
  assert.ok(text.trim().length > code.length, `${code}: the panel explains itself`);
  return panel;
}

const zohoCases = [
  ['INVALID_TOKEN (unknown token)', { job: JOBS.happy, token: 'e2e-unknown-token' }, 'INVALID_TOKEN'],
  ['INVALID_TOKEN (expired token)', { job: JOBS.happy, token: 'e2e-expired-token' }, 'INVALID_TOKEN'],
  ['OAUTH_SCOPE_MISMATCH', { job: JOBS.happy, token: 'e2e-scope-token' }, 'OAUTH_SCOPE_MISMATCH'],
  ['NO_PERMISSION', { job: JOBS.happy, token: 'e2e-noperm-token' }, 'NO_PERMISSION'],
  ['AUTHORIZATION_FAILED', { job: JOBS.happy, token: 'e2e-authz-token' }, 'AUTHORIZATION_FAILED'],
  ['AUTHENTICATION_FAILURE', { job: JOBS.happy, token: 'e2e-authn-token' }, 'AUTHENTICATION_FAILURE'],
  ['RESOURCE_NOT_FOUND', { job: '3339999999999999999', token: GOOD }, 'RESOURCE_NOT_FOUND'],
  ['INTERNAL_ERROR', { job: JOBS.internal, token: GOOD }, 'INTERNAL_ERROR'],
  ['an HTML page with 200', { job: JOBS.html, token: GOOD }, 'DECODE_HTML'],
  ['truncated JSON', { job: JOBS.truncated, token: GOOD }, 'DECODE_TRUNCATED'],
];

for (const [name, target, code] of zohoCases) {
  test(`error shown: ${name} → ${code}`, async () => {
    const page = await browser.page();
    await watchJob(page, sim, target);
    await expectError(page, code);
    await screenshot(page, `error-${code.toLowerCase()}`);
  });
}

test('a network failure says so and suggests the proxy', async () => {
  const page = await browser.page();
  await page.goto('about:blank');
  // Nothing listens on port 9 of loopback: the fetch fails like a CORS refusal does.
  await page.goto(`${sim.origin}/#api=${encodeURIComponent('http://127.0.0.1:9')}&v=v8&job=${JOBS.happy}`);
  await page.getByTestId('token-input').fill(GOOD);
  await page.getByTestId('connect').click();
  // Another port than the page's own, named by a link: confirmed before the token goes there.
  await page.getByTestId('confirm-origin').click();
  const panel = await expectError(page, 'NETWORK');
  assert.match(await panel.textContent(), /proxy/i);
});

test('a 401 reopens the token field and keeps everything already shown', async () => {
  const page = await browser.page();
  await watchJob(page, sim, { job: JOBS.happy, token: GOOD });
  await waitForStatus(page, 'added');
  // The held token is replaced by one Zoho no longer accepts, as when a token lapses mid-watch.
  await page.getByTestId('forget-token').click();
  await page.getByTestId('token-input').fill('e2e-expired-token');
  await page.getByTestId('connect').click();
  await expectError(page, 'INVALID_TOKEN');
  assert.equal((await page.getByTestId('job-id').textContent()).trim(), JOBS.happy, 'the job is still shown');
  await page.locator('[data-testid="job-status"][data-status="added"]').waitFor();
  assert.ok(await page.getByTestId('token-input').isVisible(), 'the token field is open');
  assert.ok(await page.getByTestId('token-input').isEditable());
});

test('429 storm: every retry waits at least Retry-After (request log), then polling recovers', async () => {
  // A real clock here (the request log's times are the simulator's clock), run 30x fast.
  const storm = await startSimulator(['--seed', '3', '--speed', '30', '--token', GOOD, '--scenario', `fault-429-storm=${JOBS.storm}`]);
  try {
    const page = await browser.page();
    await watchJob(page, storm, { job: JOBS.storm, token: GOOD });
    // The storm answers polls 2..7 with 429 and Retry-After: 2; the widget must wait it out each time.
    await expectError(page, 'TOO_MANY_REQUESTS');
    await waitForStatus(page, 'completed', 90_000);
    const reqs = await jobRequests(storm, JOBS.storm);
    const statuses = JSON.stringify(reqs.map((r) => r.status));
    assert.ok(reqs.filter((r) => r.status === 429).length >= 2, `saw the storm: ${statuses}`);
    for (let i = 1; i < reqs.length; i++) {
      const gap = reqs[i].t_ms - reqs[i - 1].t_ms;
      if (reqs[i - 1].status === 429) {
        assert.ok(gap >= 1900, `request ${i} came ${gap} ms after a 429 with Retry-After: 2 (${statuses})`);
      }
      // One request in flight at a time: none starts before the previous one was answered.
      assert.ok(gap >= reqs[i - 1].duration_ms, 'requests never overlap');
    }
  } finally {
    await storm.stop();
  }
});

test('a hostile result link is shown as inert text, never linked or fetched', async () => {
  const hostile = await startSimulator([
    '--manual-clock', '--seed', '5', '--token', GOOD,
    '--download-base', 'https://download-accl.zoho.com.evil.example',
    '--scenario', `happy-insert=${JOBS.happy}`,
  ]);
  try {
    const page = await browser.page();
    await watchJob(page, hostile, { job: JOBS.happy, token: GOOD });
    await advanceClock(hostile, 24 * 3600 * 1000);
    await waitForStatus(page, 'completed');
    const inert = page.getByTestId('download-unsafe');
    await inert.waitFor();
    assert.match(await inert.textContent(), /evil\.example/);
    assert.equal(await page.locator('a[href*="evil.example"]').count(), 0, 'no link to it');
    assert.equal(await page.getByTestId('download').count(), 0, 'no download control');
    await screenshot(page, 'download-unsafe');
  } finally {
    await hostile.stop();
  }
});
