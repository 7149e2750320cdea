// The standalone page's single-job view as support tooling: the tab's title and favicon follow the
// job in view (and are handed back when the page leaves it), recent jobs keep each job's final
// status across reloads, the ticket snapshot carries the result explorer's error groups (as the
// explorer shows them, still with no token), and an embedded widget leaves its host's tab alone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, watchJob, waitForStatus, advanceClock, screenshot,
} from './harness.mjs';
import { TOKEN, completedJob, openJob, shownRows } from './explorer_support.mjs';
import { openPage, createJob, until } from './embed_support.mjs';

const FIRST = '7710000000000000001';
const SECOND = '7710000000000000002';
const PORTAL_JOB = '7710000000000000003';
let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--seed', '21', '--manual-clock']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const icon = (page) => page.locator("link[rel~='icon']").getAttribute('href');
const recent = (page, id) => page.locator(`[data-testid="recent-job"][data-job-id="${id}"]`);

test('the job view sets title and favicon; recent jobs keep the final status', async () => {
  await createJob(sim, 'happy-insert', FIRST);
  await createJob(sim, 'failed', SECOND);
  const page = await browser.page();
  await page.goto(sim.origin);
  const pageTitle = await page.title();
  const pageIcon = await icon(page);

  await watchJob(page, sim, { job: FIRST, token: TOKEN });
  await waitForStatus(page, 'added');
  await page.waitForFunction((id) => document.title === `(running) Job ${id} · Bulkwatch`, FIRST);
  assert.ok((await icon(page)).includes('1565c0'), 'the running colour');
  await recent(page, FIRST).and(page.locator('[data-status="added"]')).waitFor();

  await advanceClock(sim, 24 * 3600 * 1000);
  await waitForStatus(page, 'completed');
  await page.waitForFunction((id) => document.title === `(done) Job ${id} · Bulkwatch`, FIRST);
  const done = await icon(page);
  assert.match(done, /^data:image\/svg\+xml/);
  assert.ok(done.includes('2e7d32'), 'the completed colour (and its tick)');
  await recent(page, FIRST).and(page.locator('[data-status="completed"]')).waitFor();
  await screenshot(page, 'support-single-completed');

  // Another job, on a fresh load: the first keeps its final status (from storage, no token).
  await watchJob(page, sim, { job: SECOND, token: TOKEN });
  await waitForStatus(page, 'failed');
  await page.waitForFunction((id) => document.title === `(failed) Job ${id} · Bulkwatch`, SECOND);
  assert.ok((await icon(page)).includes('c62828'), 'the failure colour');
  assert.equal(await recent(page, FIRST).getAttribute('data-status'), 'completed');
  await recent(page, SECOND).and(page.locator('[data-status="failed"]')).waitFor();
  const ids = await page.getByTestId('recent-job').evaluateAll((els) => els.map((e) => e.dataset.jobId));
  assert.deepEqual(ids, [SECOND, FIRST], 'newest first');
  const stored = await page.evaluate(() => JSON.stringify(localStorage));
  assert.ok(!stored.includes(TOKEN), 'no token in storage');

  // Opening the first from recent jobs (watched at once with the token the page holds for its
  // origin): the tab follows that job again.
  await recent(page, FIRST).getByRole('button').click();
  await page.waitForFunction((id) => document.title === `(done) Job ${id} · Bulkwatch`, FIRST);
  assert.ok((await icon(page)).includes('2e7d32'));
  assert.deepEqual(
    await page.getByTestId('recent-job').evaluateAll((els) => els.map((e) => e.dataset.jobId)),
    [FIRST, SECOND],
  );

  // Leaving the job view hands the tab back (an empty watch list has nothing to say).
  await page.getByTestId('nav-watch').click();
  await page.waitForFunction((t) => document.title === t, pageTitle);
  assert.equal(await icon(page), pageIcon);
  assert.deepEqual(browser.pageErrors, []);
});

test('the snapshot carries the explorer\'s error groups, and no token', async () => {
  const job = await completedJob(sim, 'update-mixed');
  const page = await browser.context.newPage();
  await openJob(page, job);
  await page.getByTestId('snapshot-copy').click();
  const before = await page.getByTestId('snapshot-text').textContent();
  assert.ok(!before.includes('error groups'), 'no error section before the explorer ran');

  await page.getByTestId('explore').click();
  await shownRows(page);
  // What the explorer shows: rows per code, and the columns each code names.
  const codes = new Map(await page.getByTestId('code-total').evaluateAll((els) =>
    els.map((e) => [e.dataset.code, Number(e.textContent)])));
  const columns = await page.getByTestId('error-group').evaluateAll((els) =>
    els.map((e) => ({ code: e.dataset.code, column: e.dataset.column, rows: Number(e.textContent) })));
  assert.ok(codes.size > 0, 'the scenario has skipped rows with errors');

  await page.getByTestId('snapshot-copy').click();
  await until(async () => (await page.getByTestId('snapshot-text').textContent()).includes('Top error groups'),
    'the snapshot with error groups');
  const text = await page.getByTestId('snapshot-text').textContent();
  const lines = [...text.matchAll(/^- ([A-Za-z0-9_]+): (\d+) rows?(?: \(columns: (.*)\))?$/gm)]
    .map((m) => ({ code: m[1], rows: Number(m[2]), columns: m[3] }));
  assert.equal(lines.length, Math.min(5, codes.size), text);
  for (const line of lines) {
    assert.equal(line.rows, codes.get(line.code), `${line.code} as the explorer counts it`);
    // The code's most frequent column, as the explorer lists it, is named first.
    const top = columns.filter((g) => g.code === line.code && g.column)
      .sort((a, b) => b.rows - a.rows || a.column.localeCompare(b.column))[0];
    if (top) assert.ok(line.columns.startsWith(top.column), `${line.code}: ${line.columns}`);
  }
  // The largest codes make the cut.
  const biggest = Math.max(...codes.values());
  assert.ok(lines.some((l) => l.rows === biggest));

  const json = JSON.parse(await page.getByTestId('snapshot-json').textContent());
  assert.deepEqual(json.error_groups.map((g) => [g.code, g.rows]), lines.map((l) => [l.code, l.rows]));
  assert.ok(!text.includes(TOKEN) && !JSON.stringify(json).includes(TOKEN), 'no token');
  assert.ok(!/oauthtoken|authorization/i.test(text), 'no header');
  await screenshot(page, 'support-single-snapshot-errors');
  await page.close();
});

test('an embedded widget leaves its host page\'s title and favicon alone', async () => {
  await createJob(sim, 'happy-insert', PORTAL_JOB);
  const page = await openPage(browser, `${sim.origin}/static/examples/portal.html#job=${PORTAL_JOB}`);
  const title = await page.title();
  const hostIcon = await icon(page);
  await page.getByTestId('portal-token').fill(TOKEN);
  await page.getByTestId('portal-sign-in').click();
  await advanceClock(sim, 24 * 3600 * 1000);
  await until(async () => (await page.locator('#job').getAttribute('status')) === 'completed', 'status="completed"');
  assert.equal(await page.title(), title);
  assert.equal(await icon(page), hostIcon);
  await page.close();
});
