// What a person sees, in the three looks the README shows (1280 px, 360 px, dark): a job running,
// completed and failed; the result explorer at 25,000 and 250,000 rows; the watch list. Each view
// is asserted as boxes — the job's summary inside the viewport, nothing wider than the screen,
// focus somewhere other than the page body — and saved as `tests/e2e/artifacts/docs-*.png`, the
// images `docs/screenshots/` is refreshed from (after a person has looked at them).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startSimulator, launchBrowser, screenshot, watchJob, waitForStatus, advanceClock,
} from './harness.mjs';
import { completedJob, openJob, shownRows, explorerShot, TOKEN } from './explorer_support.mjs';

const RUNNING = '6660000000000000001';
const DONE = '6660000000000000002';
const FAILED = '6660000000000000003';
const LOOKS = [
  { name: '1280', viewport: { width: 1280, height: 900 }, colorScheme: 'light' },
  { name: '360', viewport: { width: 360, height: 740 }, colorScheme: 'light' },
  { name: 'dark', viewport: { width: 1280, height: 900 }, colorScheme: 'dark' },
];
let sim;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '5', '--token', TOKEN,
    '--scenario', `stalled=${RUNNING}`, '--scenario', `update-mixed=${DONE}`,
    '--scenario', `failed=${FAILED}`,
  ]);
  // Every scenario job ends within a day of simulated time, except the stalled one.
  await advanceClock(sim, 24 * 3600 * 1000);
});
after(async () => {
  await sim?.stop();
});

/** Boxes a person would notice: the page wider than the screen, focus lost, the job off-screen. */
async function assertSeen(page, look, what, { summary = true } = {}) {
  const box = await page.evaluate(() => {
    const summary = document.querySelector('[data-testid="job-summary"]');
    const r = summary?.getBoundingClientRect();
    return {
      pageWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      innerHeight: window.innerHeight,
      summary: r && { top: r.top, bottom: r.bottom, left: r.left, right: r.right },
      focusOnBody: document.activeElement === document.body || document.activeElement === null,
    };
  });
  assert.ok(box.pageWidth <= box.innerWidth, `${what} at ${look.name}: the page is ${box.pageWidth} px wide in a ${box.innerWidth} px window`);
  assert.ok(!box.focusOnBody, `${what} at ${look.name}: focus fell to the page body`);
  if (summary) {
    assert.ok(box.summary, `${what} at ${look.name}: no job summary`);
    assert.ok(box.summary.top >= 0 && box.summary.top < box.innerHeight, `${what} at ${look.name}: the job summary starts at ${box.summary.top}, outside the viewport`);
    assert.ok(box.summary.left >= 0 && box.summary.right <= box.innerWidth + 0.5, `${what} at ${look.name}: the job summary runs sideways off the screen`);
  }
}

for (const look of LOOKS) {
  test(`job views at ${look.name}: running, completed, failed`, async () => {
    const browser = await launchBrowser({ viewport: look.viewport, colorScheme: look.colorScheme });
    try {
      const page = await browser.page();
      for (const [job, status, name] of [[RUNNING, 'in_progress', 'running'], [DONE, 'completed', 'completed'], [FAILED, 'failed', 'failed']]) {
        await watchJob(page, sim, { job, token: TOKEN });
        await waitForStatus(page, status);
        await assertSeen(page, look, `the ${name} job`);
        await screenshot(page, `docs-job-${name}-${look.name}`);
      }
      assert.deepEqual(browser.pageErrors, []);
    } finally {
      await browser.close();
    }
  });
}

for (const [scenario, rows] of [['rows-25k', 25_000], ['rows-250k', 250_000]]) {
  // 250k only at 1280: reading it costs half a minute, and the grid's geometry is the same.
  for (const look of LOOKS.filter((l) => rows === 25_000 || l.name === '1280')) {
    test(`the explorer at ${rows} rows, ${look.name}`, async () => {
      // A simulator of its own: its clock starts where the scenario's times are counted from.
      const own = await startSimulator(['--manual-clock', '--seed', '11', '--token', TOKEN]);
      const browser = await launchBrowser({ viewport: look.viewport, colorScheme: look.colorScheme });
      try {
        const job = await completedJob(own, scenario);
        const page = await browser.page();
        await openJob(page, job);
        await page.getByTestId('explore').click();
        assert.equal(await shownRows(page), rows);
        // Explore results moves the focus (and the view) to the explorer, below the summary.
        await assertSeen(page, look, `the explorer at ${rows}`, { summary: false });
        const heading = await page.evaluate(() => document.activeElement?.closest('[data-part="explorer"]') !== null);
        assert.ok(heading, `the explorer at ${rows} at ${look.name}: focus is not in the explorer`);
        await explorerShot(page, `docs-explorer-${rows / 1000}k-${look.name}`);
        assert.deepEqual(browser.pageErrors, []);
      } finally {
        await browser.close();
        await own.stop();
      }
    });
  }
}

for (const look of LOOKS) {
  test(`the watch list at ${look.name}`, async () => {
    const browser = await launchBrowser({ viewport: look.viewport, colorScheme: look.colorScheme });
    try {
      const page = await browser.page();
      await page.goto(`${sim.origin}/#view=watch`);
      await page.getByTestId('watch-paste').fill([RUNNING, DONE, FAILED].join('\n'));
      await page.getByTestId('watch-add').click();
      await page.getByTestId('watch-token').fill(TOKEN);
      await page.getByTestId('watch-token-use').click();
      for (const [id, status] of [[RUNNING, 'in_progress'], [DONE, 'completed'], [FAILED, 'failed']]) {
        await page.locator(`[data-testid="watch-row"][data-job-id="${id}"][data-status="${status}"]`).waitFor({ timeout: 30_000 });
      }
      await assertSeen(page, look, 'the watch list', { summary: false });
      await screenshot(page, `docs-watch-${look.name}`);
      assert.deepEqual(browser.pageErrors, []);
    } finally {
      await browser.close();
    }
  });
}
