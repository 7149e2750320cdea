// The result explorer under axe-core: no violations with the result open (a group picked, a row
// active), on an error, in light and dark schemes; at 360 px wide the page does not scroll
// sideways (the table scrolls inside its own area).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, axe } from './harness.mjs';
import { completedJob, fetchResultZip, openJob, shownRows, explorerShot } from './explorer_support.mjs';

let sim;
let browser;
let job;

before(async () => {
  sim = await startSimulator(['--seed', '19', '--manual-clock']);
  browser = await launchBrowser({ bypassCSP: true });
  job = await completedJob(sim, 'update-mixed');
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

for (const scheme of ['light', 'dark']) {
  test(`no axe violations in the explorer (${scheme})`, async () => {
    const page = await browser.context.newPage();
    await page.emulateMedia({ colorScheme: scheme });
    await openJob(page, job);
    await axe(page, `${scheme} launcher`);
    await page.getByTestId('explore').click();
    await shownRows(page);
    await page.getByTestId('error-group').first().click();
    await shownRows(page);
    await page.getByTestId('result-grid').focus();
    await page.keyboard.press('ArrowDown');
    await page.getByTestId('row-detail').waitFor();
    await axe(page, `${scheme} result`);
    await explorerShot(page, `explorer-${scheme}`);

    const { url } = await fetchResultZip(sim, job);
    await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<p>sign in</p>' }));
    await page.getByTestId('explore-close').click();
    await page.getByTestId('explore').click();
    await page.getByTestId('explore-error').waitFor();
    await axe(page, `${scheme} error`);
    await page.close();
  });
}

test('at 360 px wide the page does not scroll sideways with the result open', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 360, height: 800 });
  await openJob(page, job);
  await page.getByTestId('explore').click();
  await shownRows(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  const culprits = await page.evaluate(() => [...document.querySelectorAll('[data-part="explorer"] *')]
    .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
    .filter((e) => !e.closest('.bw-x-grid'))
    .slice(0, 5).map((e) => `${e.tagName}.${e.className}`));
  assert.ok(overflow <= 0, `page scrolls sideways by ${overflow}px at 360px: ${culprits}`);
  await explorerShot(page, 'explorer-360px');
  await page.close();
});
