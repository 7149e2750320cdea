// The other example pages against the simulator: theming (custom properties, parts, dark,
// forced colours), the strict-CSP page (no violation through to a downloaded result), the table
// of read-only compact widgets (poll="off" asks once), and mount() without the element.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, launchBrowser, screenshot, ROOT, recordFetches, fetchesSince } from './harness.mjs';
import {
  openPage, eventOf, until, jobRequests, moreRequests, advance, addWidget, createJob, violations,
} from './embed_support.mjs';

const TOKEN = 'tok-embed-pages';
let sim;
let browser;
before(async () => {
  sim = await startSimulator(['--seed', '7', '--manual-clock', '--token', TOKEN]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const page$ = (name, fragment) => `${sim.origin}/static/examples/${name}.html#${fragment}`;

/** A computed style property of the first match of `selector` inside the element's shadow root. */
async function styleOf(page, host, selector, property) {
  return page.evaluate(({ host, selector, property }) => {
    const node = document.querySelector(host).shadowRoot.querySelector(selector);
    return node ? getComputedStyle(node)[property] : null;
  }, { host, selector, property });
}

test('custom properties and parts theme the widget; light, dark and forced colours', async () => {
  const job = '5200000000000000001';
  await createJob(sim, 'happy-insert', job);
  const page = await openPage(browser, page$('portal', `job=${job}`));
  const widget = page.locator('#job');
  await widget.getByTestId('connect').waitFor();
  const accent = () => styleOf(page, '#job', '[data-testid="connect"]', 'backgroundColor');
  // The page's class sets --bulkwatch-accent: #0f766e.
  assert.equal(await accent(), 'rgb(15, 118, 110)');
  await page.evaluate(() => document.getElementById('job').classList.remove('theme-teal'));
  assert.equal(await accent(), 'rgb(29, 78, 216)', 'the default accent');
  await page.evaluate(() => document.getElementById('job').style.setProperty('--bulkwatch-accent', 'rgb(200, 0, 0)'));
  assert.equal(await accent(), 'rgb(200, 0, 0)');

  // Density scales the spacing; surface follows the colour scheme unless the host sets it.
  const gap = () => styleOf(page, '#job', '.bw-embed', 'rowGap');
  assert.equal(await gap(), '16px');
  await page.evaluate(() => document.getElementById('job').style.setProperty('--bulkwatch-density', '0.5'));
  assert.equal(await gap(), '8px');
  const surface = () => styleOf(page, '#job', '[data-testid="token-prompt"]', 'backgroundColor');
  assert.equal(await surface(), 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  assert.equal(await surface(), 'rgb(20, 26, 35)');
  await screenshot(page, 'embed-dark-token-prompt');
  await page.emulateMedia({ colorScheme: 'light' });

  // ::part(header) from the page's stylesheet, once a job is shown.
  await page.evaluate((t) => {
    const el = document.getElementById('job');
    el.classList.add('theme-teal');
    el.style.removeProperty('--bulkwatch-accent');
    el.token = t;
  }, TOKEN);
  await widget.getByTestId('job-status').waitFor();
  assert.equal(await styleOf(page, '#job', '[part~="header"]', 'borderLeftColor'), 'rgb(15, 118, 110)');
  assert.equal(await styleOf(page, '#job', '[part~="header"]', 'borderLeftWidth'), '4px');

  // Forced colours: the status badge keeps a visible border (state never by colour alone).
  const badgeBorder = () => styleOf(page, '#job', '[data-testid="job-status"]', 'borderTopStyle');
  await page.emulateMedia({ forcedColors: 'active' });
  assert.equal(await badgeBorder(), 'solid');
  await screenshot(page, 'embed-forced-colors');
  await page.emulateMedia({ forcedColors: 'none' });
  await page.close();
});

test('the strict-CSP page runs to a downloaded result with no violation', async () => {
  const job = '5200000000000000002';
  await createJob(sim, 'happy-insert', job);
  const page = await openPage(browser, page$('strict-csp', `job=${job}`));
  const consoleErrors = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
  assert.match(csp, /style-src 'self';/);
  assert.match(csp, /require-trusted-types-for 'script'/);
  await page.getByTestId('portal-token').fill(TOKEN);
  await page.getByTestId('portal-sign-in').click();
  await eventOf(page, 'bulkwatch-change', (d) => d.status === 'added');
  await advance(sim, 10 * 60 * 1000);
  await eventOf(page, 'bulkwatch-complete');
  const widget = page.locator('#job');
  const button = widget.getByTestId('download');
  await button.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.match(download.suggestedFilename(), /\.zip$/);
  // The result explorer opens inside the element too, styled by its linked stylesheet.
  await widget.getByTestId('explore').click();
  await widget.getByTestId('result-row').first().waitFor();
  assert.deepEqual(await violations(page), []);
  assert.deepEqual(consoleErrors, []);
  await screenshot(page, 'embed-strict-csp-completed');
  await page.close();
});

test('a table of read-only compact widgets: poll="off" asks once, the others keep polling', async () => {
  const [once, live, failed] = ['5200000000000000003', '5200000000000000004', '5200000000000000005'];
  await createJob(sim, 'happy-insert', once);
  await createJob(sim, 'happy-insert', live);
  await createJob(sim, 'failed', failed);
  const page = await openPage(browser, page$('jobs-table', `jobs=${once}:off,${live},${failed}`));
  const rows = page.locator('#rows bulkwatch-job');
  await until(async () => (await rows.count()) === 3, 'three rows');
  // Read-only: before the portal signs in, nothing in a row asks for a token.
  for (let i = 0; i < 3; i += 1) await rows.nth(i).getByTestId('needs-token').waitFor();
  assert.equal(await page.locator('#rows').getByTestId('token-input').count(), 0);

  await page.getByTestId('portal-token').fill(TOKEN);
  await page.getByTestId('portal-sign-in').click();
  for (let i = 0; i < 3; i += 1) {
    await until(async () => (await rows.nth(i).getAttribute('status')) === 'added', `row ${i} status`);
  }
  assert.equal(await rows.nth(0).getByTestId('compact').count(), 1);
  assert.equal(await rows.nth(0).getByTestId('count-total').innerText(), '0');
  const askedOnce = (await jobRequests(sim, once)).length;
  assert.equal(askedOnce, 1);
  await moreRequests(sim, live, (await jobRequests(sim, live)).length, 2);
  assert.equal((await jobRequests(sim, once)).length, 1, 'poll="off" asked again');

  // The failed job reaches FAILED; its row shows it.
  await advance(sim, 10 * 60 * 1000);
  await until(async () => (await rows.nth(2).getAttribute('status')) === 'failed', 'the failed row');
  await screenshot(page, 'embed-jobs-table');
  await page.close();
});

test('mount(): events and status on the given element, update() switches, destroy() stops', async () => {
  const [first, second, control] = ['5200000000000000006', '5200000000000000007', '5200000000000000008'];
  for (const id of [first, second, control]) await createJob(sim, 'happy-insert', id);
  const page = await openPage(browser, page$('mount', `job=${first}`));
  const root = page.getByTestId('mount-root');
  await root.getByTestId('token-prompt').waitFor();
  assert.equal(await root.getAttribute('data-bulkwatch-mounted'), '');
  await page.getByTestId('portal-token').fill(TOKEN);
  await page.getByTestId('portal-sign-in').click();
  const change = await eventOf(page, 'bulkwatch-change', (d) => d.jobId === first);
  assert.equal(change.target, 'widget');
  await until(async () => (await root.getAttribute('status')) === 'added', 'status on the mount element');

  await page.getByTestId('switch-job').fill(second);
  await page.getByTestId('switch').click();
  await eventOf(page, 'bulkwatch-change', (d) => d.jobId === second, 'the switched job');

  await addWidget(page, 'control', { 'job-id': control, 'api-domain': sim.origin }, TOKEN);
  await until(async () => /Next check/.test(await root.getByTestId('next-check').innerText()), 'a quiet moment');
  // Counted where requests are made: one already in flight may still reach the log.
  await recordFetches(page);
  const mark = await page.evaluate(() => {
    document.querySelector('[data-testid="destroy"]').click();
    return window.__bwFetches.length;
  });
  assert.equal(await root.getAttribute('data-bulkwatch-mounted'), null);
  assert.equal(await page.evaluate(() => document.getElementById('widget').childElementCount), 0);
  await moreRequests(sim, control, (await jobRequests(sim, control)).length, 2);
  assert.equal(await fetchesSince(page, mark, second), 0, 'requests after destroy()');
  assert.ok(await fetchesSince(page, mark, control) >= 2, 'the page records its fetches (the zero above is real)');
  await page.close();
});

test('the example pages have no axe violations, light and dark', async () => {
  const axe = readFileSync(join(ROOT, 'tools/node_modules/axe-core/axe.min.js'), 'utf8');
  const [a, b] = ['5200000000000000009', '5200000000000000010'];
  await createJob(sim, 'happy-insert', a);
  await createJob(sim, 'failed', b);
  const api = encodeURIComponent(sim.origin);
  const pages = [
    ['portal', `job=${a}`],
    ['jobs-table', `jobs=${a}:off,${b}`],
    ['two-widgets', `a-job=${a}&a-api=${api}&b-job=${b}&b-api=${api}`],
    ['mount', `job=${a}`],
  ];
  for (const scheme of ['light', 'dark']) {
    for (const [name, fragment] of pages) {
      for (const withToken of [false, true]) {
        const page = await openPage(browser, page$(name, fragment));
        await page.emulateMedia({ colorScheme: scheme });
        await page.locator('main').waitFor();
        if (withToken) {
          await page.evaluate((t) => { for (const el of document.querySelectorAll('bulkwatch-job')) el.token = t; }, TOKEN);
          if (name === 'mount') {
            await page.getByTestId('portal-token').fill(TOKEN);
            await page.getByTestId('portal-sign-in').click();
          }
          await page.locator('[status]').first().waitFor();
        } else {
          await page.getByTestId(name === 'jobs-table' ? 'needs-token' : 'token-prompt').first().waitFor();
        }
        await page.evaluate(axe);
        const found = await page.evaluate(async () => (await window.axe.run(document)).violations
          .map((v) => `${v.id}: ${v.nodes.map((n) => JSON.stringify(n.target)).join(' ')}`));
        assert.deepEqual(found, [], `${name} (${scheme}, ${withToken ? 'watching' : 'no token'})`);
        await page.close();
      }
    }
  }
});
