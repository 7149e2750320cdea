// The job as the page's hero (issue #14 items 1, 6 and 7), as a person sees it at 1280×900 and
// 360×740, light and dark: after Watch the connection folds into one line, the job's heading has
// the focus and its summary is inside the viewport; "Change" reopens the form; focus never falls
// to the page after the demo token, Explore results or Open; the views and each job opened are
// history entries (Back, Forward) and an edited fragment switches the job. axe stays at zero.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, startSimulator, launchBrowser, deepLink, axe } from './harness.mjs';
import { completedJob, shownRows } from './explorer_support.mjs';

let sim;
let browser;
const jobs = {};

before(async () => {
  sim = await startSimulator(['--demo', '--manual-clock', '--seed', '41']);
  browser = await launchBrowser({ bypassCSP: true });
  // Three finished jobs (the clock moves past each one's end).
  jobs.a = await completedJob(sim, 'happy-insert');
  jobs.b = await completedJob(sim, 'update-mixed');
  jobs.c = await completedJob(sim, 'happy-insert');
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const SIZES = [
  { name: '1280', width: 1280, height: 900 },
  { name: '360', width: 360, height: 740 },
];

/** What has the focus: its test id, its tag, or BODY when it fell to the page. */
const focused = (page) => page.evaluate(() => {
  const a = document.activeElement;
  if (!a || a === document.body) return 'BODY';
  return a.dataset.testid || a.tagName;
});

async function focusLandsOn(page, testid) {
  await page.waitForFunction((id) => document.activeElement?.dataset?.testid === id, testid, { timeout: 20_000 });
}

async function notOnBody(page, after) {
  assert.notEqual(await focused(page), 'BODY', `focus fell to the page after ${after}`);
}

/** The element's box, asserted inside the viewport. */
async function insideViewport(page, testid) {
  const r = await page.getByTestId(testid).first().evaluate((el) => {
    const b = el.getBoundingClientRect();
    return { top: b.top, bottom: b.bottom, left: b.left, right: b.right, vw: innerWidth, vh: innerHeight };
  });
  assert.ok(r.top >= 0 && r.left >= 0 && r.bottom <= r.vh && r.right <= r.vw,
    `${testid} inside the viewport: ${JSON.stringify(r)}`);
  return r;
}

async function noSidewaysScroll(page, state) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `nothing wider than the screen (${state}): ${scroll} > ${client}`);
}

/** What a person sees (the viewport, not the whole page). */
async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** The folded line as the eye reads it (the screen-reader-only full id left out). */
const seenLine = (page) => page.getByTestId('connect-line').evaluate((el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.bw-sr-only').forEach((n) => n.remove());
  return copy.textContent.replace(/\s+/g, ' ').trim();
});

const shownJob = async (page, id) => {
  await page.waitForFunction((j) => document.querySelector('[data-testid="job-id"]')?.textContent === j, id,
    { timeout: 20_000 });
};

async function freshPage(size, scheme) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: size.width, height: size.height });
  await page.emulateMedia({ colorScheme: scheme });
  return page;
}

for (const size of SIZES) {
  for (const scheme of ['light', 'dark']) {
    test(`the job is the hero at ${size.name} (${scheme})`, async () => {
      const page = await freshPage(size, scheme);
      await page.goto(deepLink(sim, jobs.a.id, jobs.a.version));
      // A deep link without a token: the form is open and asks for one; sign-in is offered.
      await page.getByTestId('token-input').waitFor();
      assert.equal(await page.getByTestId('connect-line').count(), 0);
      assert.equal(await page.locator('.bw-signin').count(), 1, 'sign-in where a token is missing');
      await axe(page, `deep link, no token (${size.name} ${scheme})`);

      // The demo token: the button keeps the focus.
      await page.getByTestId('use-demo-token').click();
      await page.getByText('Demo token set.').waitFor();
      assert.equal(await focused(page), 'use-demo-token');

      await page.getByTestId('connect').click();
      await focusLandsOn(page, 'job-heading');
      await shownJob(page, jobs.a.id);
      await insideViewport(page, 'job-summary');
      await insideViewport(page, 'job-heading');
      const line = await seenLine(page);
      assert.match(line, new RegExp(`^Job ${jobs.a.id.slice(0, 4)}…${jobs.a.id.slice(-4)} · 127\\.0\\.0\\.1:\\d+ · ${jobs.a.version} · direct$`));
      for (const gone of ['dc-select', 'job-input', 'token-input', 'proxy-input']) {
        assert.equal(await page.getByTestId(gone).count(), 0, `${gone} folded away`);
      }
      assert.equal(await page.locator('.bw-signin').count(), 0, 'no sign-in above a watched job');
      await noSidewaysScroll(page, 'watching');
      await shot(page, `hero-watching-${size.name}-${scheme}`);
      await axe(page, `watching (${size.name} ${scheme})`);

      // Scrolled away and back with "Change": the form opens with the focus on its first field.
      await page.getByTestId('connect-change').click();
      await focusLandsOn(page, 'dc-select');
      assert.equal(await page.getByTestId('job-input').inputValue(), jobs.a.id, 'the form as it was');
      await shot(page, `hero-change-${size.name}-${scheme}`);
      await axe(page, `form reopened (${size.name} ${scheme})`);
      // Watch again, nothing changed: folded again, the heading focused again.
      await page.getByTestId('connect').click();
      await page.getByTestId('connect-line').waitFor();
      await focusLandsOn(page, 'job-heading');
      await insideViewport(page, 'job-summary');

      // Forgotten: the line asks for a token right there, with the focus in its field.
      await page.getByTestId('forget-token').click();
      await page.getByTestId('token-row').waitFor();
      await focusLandsOn(page, 'token-input');
      await insideViewport(page, 'token-row');
      await noSidewaysScroll(page, 'token row');
      await shot(page, `hero-token-row-${size.name}-${scheme}`);
      await axe(page, `token missing (${size.name} ${scheme})`);
      // The demo token from the line: the row goes, and the job's heading takes the focus.
      await page.getByTestId('use-demo-token').click();
      await page.getByTestId('token-row').waitFor({ state: 'detached' });
      await focusLandsOn(page, 'job-heading');
      await page.close();
    });
  }
}

for (const size of SIZES) {
  test(`Back and Forward move between jobs and views; an edited fragment switches the job (${size.name})`, async () => {
    const page = await freshPage(size, size.name === '360' ? 'dark' : 'light');
    await page.goto(deepLink(sim, jobs.a.id, jobs.a.version));
    await page.getByTestId('use-demo-token').click();
    await page.getByText('Demo token set.').waitFor();
    await page.getByTestId('connect').click();
    await shownJob(page, jobs.a.id);
    const entries = await page.evaluate(() => history.length);

    // Another job through the form: a new entry.
    await page.getByTestId('connect-change').click();
    await page.getByTestId('job-input').fill(jobs.b.id);
    await page.getByTestId('connect').click();
    await shownJob(page, jobs.b.id);
    await focusLandsOn(page, 'job-heading');
    assert.ok(page.url().includes(`job=${jobs.b.id}`));
    assert.equal(await page.evaluate(() => history.length), entries + 1, 'a new history entry');

    await page.goBack();
    await shownJob(page, jobs.a.id);
    assert.ok(page.url().includes(`job=${jobs.a.id}`));
    await page.getByTestId('connect-line').waitFor();
    await page.goForward();
    await shownJob(page, jobs.b.id);

    // The views: the watch list is an entry of its own.
    await page.getByTestId('nav-watch').click();
    await page.getByTestId('watch-paste').waitFor();
    assert.ok(page.url().endsWith('#view=watch'));
    await page.goBack();
    await shownJob(page, jobs.b.id);
    assert.ok(page.url().includes(`job=${jobs.b.id}`));
    await page.goForward();
    await page.getByTestId('watch-paste').waitFor();
    await page.getByTestId('nav-job').click();
    await shownJob(page, jobs.b.id);
    assert.equal(await focused(page), 'nav-job', 'the tab keeps the focus');

    // The address edited on the open page: the job switches (the page holds this origin's token).
    await page.evaluate((f) => { location.hash = f; }, new URL(deepLink(sim, jobs.c.id, jobs.c.version)).hash);
    await shownJob(page, jobs.c.id);
    await page.getByTestId('connect-line').waitFor();
    assert.ok((await seenLine(page)).includes(jobs.c.id.slice(-4)));
    await page.goBack();
    await shownJob(page, jobs.b.id);
    await noSidewaysScroll(page, 'after history moves');
    await shot(page, `hero-history-${size.name}`);
    await page.close();
  });
}

for (const size of SIZES) {
  test(`focus stays off the page after Explore results and Open (${size.name})`, async () => {
    const page = await freshPage(size, size.name === '360' ? 'light' : 'dark');
    await page.goto(deepLink(sim, jobs.b.id, jobs.b.version));
    await page.getByTestId('use-demo-token').click();
    await page.getByText('Demo token set.').waitFor();
    await page.getByTestId('connect').click();
    await page.getByTestId('explore').waitFor({ timeout: 30_000 });

    await page.getByTestId('explore').click();
    assert.equal(await focused(page), 'explorer-heading', 'the explorer\'s heading has the focus');
    await shownRows(page);
    await notOnBody(page, 'the results loaded');
    await shot(page, `hero-explore-${size.name}`);

    // Open from the watch list: the job view, its heading focused.
    await page.getByTestId('nav-watch').click();
    await page.getByTestId('watch-paste').fill(jobs.c.id);
    await page.getByTestId('watch-origin').fill(sim.origin);
    await page.getByTestId('watch-add').click();
    const row = page.locator(`[data-testid="watch-row"][data-job-id="${jobs.c.id}"]`);
    await row.and(page.locator('[data-status="completed"]')).waitFor({ timeout: 30_000 });
    await row.getByRole('button', { name: /Open/ }).click();
    await notOnBody(page, 'Open');
    await shownJob(page, jobs.c.id);
    await focusLandsOn(page, 'job-heading');
    await insideViewport(page, 'job-summary');
    await page.goBack();
    await page.getByTestId('watch-paste').waitFor();
    await axe(page, `watch list after Back (${size.name})`);
    await page.close();
  });
}
