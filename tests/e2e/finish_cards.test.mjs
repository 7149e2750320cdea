// Issue #14 items 8–10, as a person sees them, at 1280×900 and 360×740, light and dark: the watch
// list is a table on a wide screen and stacked cards on a narrow one, every card and action inside
// the viewport and the page never scrolling sideways; its token row (with the simulator's
// demo-token button) sits inside the list, labels centred on their fields there and in the
// sign-in panel; bare ids take the API version chosen; recent jobs are real buttons with AA
// contrast in dark; `#sample` says it is sample data and counts no requests; axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  startSimulator, launchBrowser, advanceClock, screenshot, jobRequests, axe,
} from './harness.mjs';

const JOBS = [
  ['happy-insert', '5560000000000000001', 'completed'],
  ['failed', '5560000000000000002', 'failed'],
  ['stalled', '5560000000000000003', 'in_progress'],
];
const V7_JOB = '5560000000000000004';
const SIZES = [
  { width: 1280, height: 900 },
  { width: 360, height: 740 },
];
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--demo', '--manual-clock', '--seed', '11',
    ...JOBS.map(([s, id]) => ['--scenario', `${s}=${id}`]).flat(),
    '--scenario', `happy-insert=${V7_JOB}`,
  ]);
  browser = await launchBrowser({ bypassCSP: true });
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const box = (locator) => locator.evaluate((e) => {
  const r = e.getBoundingClientRect();
  return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
});
const centre = (b) => (b.top + b.bottom) / 2;

/** A label and its control: side by side with their centres aligned when wide, stacked when narrow. */
async function assertLabelAligned(page, control, wide, what) {
  const id = await control.getAttribute('id');
  assert.ok(id, `${what}: the control has an id`);
  const label = page.locator(`label[for="${id}"]`);
  assert.equal(await label.count(), 1, `${what}: one label tied to the control`);
  const [l, c] = [await box(label), await box(control)];
  if (wide) {
    assert.ok(Math.abs(centre(l) - centre(c)) <= 2, `${what}: label centre ${centre(l)} vs control ${centre(c)}`);
    assert.ok(l.right <= c.left, `${what}: the label is beside its control`);
  } else {
    assert.ok(l.bottom <= c.top + 1, `${what}: the label is above its control`);
    assert.ok(Math.abs(l.left - c.left) <= 2, `${what}: label left ${l.left} vs control ${c.left}`);
  }
}

/** Nothing is wider than the viewport: the page never scrolls sideways. */
async function assertNoSideScroll(page, what) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what}: scrollWidth ${scroll} > innerWidth ${inner}`);
}

/** Relative luminance contrast of two `rgb()`/`rgba()` colours (opaque). */
function contrast(fg, bg) {
  const lum = (css) => {
    const [r, g, b] = css.match(/[\d.]+/g).slice(0, 3).map(Number).map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}

const row = (page, id) => page.locator(`[data-testid="watch-row"][data-job-id="${id}"]`);

for (const scheme of ['light', 'dark']) {
  for (const size of SIZES) {
    const wide = size.width >= 600;
    const tag = `${size.width}-${scheme}`;
    test(`watch list at ${size.width}×${size.height} (${scheme}): ${wide ? 'a table' : 'stacked cards'}, aligned labels, demo token inside`, async () => {
      const page = await browser.page();
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('about:blank');
      await page.goto(`${sim.origin}/#view=watch`);
      await page.evaluate(() => localStorage.clear());
      await page.reload();

      // The sign-in panel, before any token: each label centred on (or above) its field.
      for (const id of ['sign-in-dc', 'sign-in-client', 'sign-in-accounts']) {
        await assertLabelAligned(page, page.getByTestId(id), wide, `sign-in ${id} ${tag}`);
      }
      await assertLabelAligned(page, page.getByTestId('watch-origin'), wide, `watch origin ${tag}`);
      await assertLabelAligned(page, page.getByTestId('watch-version'), wide, `watch version ${tag}`);

      // Bare ids with the default version, one more with v7 chosen.
      await page.getByTestId('watch-paste').fill(JOBS.map(([, id]) => id).join('\n'));
      await page.getByTestId('watch-add').click();
      await page.getByTestId('watch-version').selectOption('v7');
      await page.getByTestId('watch-paste').fill(V7_JOB);
      await page.getByTestId('watch-add').click();
      await page.getByTestId('watch-row').nth(JOBS.length).waitFor();
      assert.match(await row(page, V7_JOB).locator('th').textContent(), /· v7$/);
      assert.match(await row(page, JOBS[0][1]).locator('th').textContent(), /· v8$/);

      // The token row is inside the list: label, field and buttons on one line when wide.
      const tokenRow = page.getByTestId('watch-token-row');
      assert.equal(await tokenRow.count(), 1);
      assert.equal(await page.locator('.bw-watch [data-testid="watch-token-row"]').count(), 1, 'inside the watch list');
      await screenshot(page, `cards-token-row-${tag}`);
      await assertLabelAligned(page, page.getByTestId('watch-token'), wide, `token row ${tag}`);
      const demo = page.getByTestId('watch-use-demo-token');
      // "Use token" beside the field, centred on it; the demo button right under the field.
      const [field, use, demoBox] = [await box(page.getByTestId('watch-token')), await box(page.getByTestId('watch-token-use')), await box(demo)];
      assert.ok(Math.abs(centre(use) - centre(field)) <= 2, `Use token centred on the field ${tag}`);
      assert.ok(demoBox.top >= field.bottom && Math.abs(demoBox.left - field.left) <= 2, `the demo button under the field ${tag}`);
      // The token field starts where the fields above start (one label column).
      const origin = await box(page.getByTestId('watch-origin'));
      assert.ok(Math.abs(origin.left - field.left) <= 16, `token field ${field.left} lines up with the origin field ${origin.left}`);

      // The demo token: the rows start, and focus lands on the line that says a token is held.
      await demo.click();
      const held = page.locator(`[data-testid="watch-token-held"][data-origin="${sim.origin}"]`);
      await held.waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.dataset?.testid), 'watch-token-held', 'focus on the held line, not the body');
      await advanceClock(sim, 24 * 3600 * 1000);
      for (const [scenario, id, final] of JOBS) {
        await row(page, id).and(page.locator(`[data-status="${final}"]`)).waitFor({ timeout: 60_000 });
        assert.equal(await row(page, id).getAttribute('data-status'), final, scenario);
      }
      await row(page, V7_JOB).and(page.locator('[data-status="completed"]')).waitFor({ timeout: 60_000 });
      const paths = (await jobRequests(sim, V7_JOB)).map((e) => e.path);
      assert.ok(paths.length > 0 && paths.every((p) => p.includes('/crm/bulk/v7/write/')), `v7 asked for: ${paths}`);
      await row(page, JOBS[0][1]).getByTestId('watch-checked').waitFor();

      // Table or cards.
      const display = await page.locator('.bw-watch__table').evaluate((t) => getComputedStyle(t).display);
      const headVisible = await page.locator('.bw-watch__table thead').evaluate((h) => h.getBoundingClientRect().height > 2);
      if (wide) {
        assert.equal(display, 'table');
        assert.ok(headVisible, 'column headers shown');
      } else {
        assert.equal(display, 'block');
        assert.ok(!headVisible, 'column headers hidden; each cell names itself');
      }
      const inner = await page.evaluate(() => window.innerWidth);
      for (const [, id] of [...JOBS, ['', V7_JOB]]) {
        const r = row(page, id);
        const card = await box(r);
        assert.ok(card.left >= 0 && card.right <= inner, `${id} ${tag}: row/card ${card.left}–${card.right} inside 0–${inner}`);
        if (!wide) {
          // A card shows its status, progress bar and both actions, each inside the viewport.
          for (const part of ['[data-label="Status"] .bw-badge', '[data-testid="watch-progress"]']) {
            assert.ok((await box(r.locator(part))).width > 0, `${id}: ${part} visible`);
          }
          // Cells stack: each starts at or below the one before.
          const tops = await r.locator('th, td').evaluateAll((cells) => cells
            .filter((c) => c.getClientRects().length > 0)
            .map((c) => c.getBoundingClientRect().top));
          assert.deepEqual([...tops].sort((a, b) => a - b), tops, `${id}: cells stacked`);
        }
        for (const action of ['watch-open', 'watch-remove']) {
          const button = r.getByTestId(action);
          await button.scrollIntoViewIfNeeded();
          const b = await box(button);
          const vh = await page.evaluate(() => window.innerHeight);
          // (scrolling into view may leave a fraction of a pixel)
          assert.ok(b.width > 0 && b.left >= 0 && b.right <= inner && b.top >= -1 && b.bottom <= vh + 1,
            `${id} ${action} ${tag}: ${JSON.stringify(b)} inside ${inner}×${vh}`);
        }
      }
      await assertNoSideScroll(page, `watch list ${tag}`);
      await page.evaluate(() => window.scrollTo(0, 0));
      await screenshot(page, `cards-watch-${tag}`);
      await axe(page, `watch list ${tag}`);

      // Open a job; back on the list, recent jobs are buttons with a real background.
      await row(page, JOBS[1][1]).getByTestId('watch-open').click();
      await page.locator('[data-testid="job-status"][data-status="failed"]').waitFor({ timeout: 30_000 });
      await page.getByTestId('nav-watch').click();
      const recentButton = page.locator(`[data-testid="recent-job"][data-job-id="${JOBS[1][1]}"]`).getByRole('button');
      await recentButton.waitFor();
      const styleOf = (b) => {
        const s = getComputedStyle(b);
        return { bg: s.backgroundColor, fg: s.color, border: s.borderTopStyle, radius: s.borderTopLeftRadius };
      };
      const look = await recentButton.evaluate(styleOf);
      // Styled like the page's other buttons (the watch list's "Open"), not the browser's own.
      const pageButton = await row(page, JOBS[1][1]).getByTestId('watch-open').evaluate(styleOf);
      assert.deepEqual(look, pageButton, `recent-job button looks like the page's buttons ${tag}`);
      assert.ok(!/^(transparent|rgba\(0, 0, 0, 0\))$/.test(look.bg), `recent-job button background ${look.bg}`);
      assert.notEqual(look.border, 'none', 'a button outline, not a bare link');
      const ratio = contrast(look.fg, look.bg);
      assert.ok(ratio >= 4.5, `recent-job button contrast ${ratio.toFixed(2)} (${look.fg} on ${look.bg})`);
      const rb = await box(recentButton);
      assert.ok(rb.left >= 0 && rb.right <= inner, 'recent-job button inside the viewport');
      await assertNoSideScroll(page, `recent jobs ${tag}`);
      await screenshot(page, `cards-recent-${tag}`);
      await axe(page, `recent jobs ${tag}`);
    });
  }

  test(`#sample is labelled as sample data and counts no requests (${scheme})`, async () => {
    const page = await browser.page();
    for (const size of SIZES) {
      await page.setViewportSize(size);
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto('about:blank');
      await page.goto(`${sim.origin}/#sample`);
      const notice = page.getByTestId('sample-notice');
      await notice.waitFor();
      assert.match(await notice.textContent(), /^Sample data — not from Zoho\./);
      const n = await box(notice);
      assert.ok(n.width > 0 && n.left >= 0 && n.right <= size.width && n.top >= 0 && n.bottom <= size.height,
        `the notice is in view at ${size.width}: ${JSON.stringify(n)}`);
      await page.locator('[data-testid="job-status"][data-status="completed"]').waitFor({ timeout: 60_000 });
      await page.getByTestId('next-check').waitFor();
      assert.equal(await page.getByTestId('request-count').count(), 0, 'no request count');
      const text = await page.evaluate(() => document.body.innerText);
      assert.doesNotMatch(text, /requests? made/);
      // The timeline speaks in sentences.
      const events = await page.getByTestId('timeline-event').allInnerTexts();
      assert.ok(events.length >= 2, `${events}`);
      for (const e of events) assert.doesNotMatch(e, /^Status |→|went back/, e);
      assert.ok(events.some((e) => /^Zoho completed the job (at|between|by) /.test(e)), `${events}`);
      // The sample leaves nothing behind: no timeline, no recent job (this loop loads it twice).
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }));
      assert.doesNotMatch(stored, /111111000000541958/, 'nothing of the sample is stored');
      await assertNoSideScroll(page, `#sample ${size.width}`);
      await screenshot(page, `cards-sample-${size.width}-${scheme}`);
      await axe(page, `#sample ${size.width} ${scheme}`);
    }
  });
}
