// The built standalone page loads under its strict CSP with no errors and renders the widget.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, screenshot } from './harness.mjs';

let sim;
let browser;
before(async () => {
  sim = await startSimulator(['--seed', '1']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

test('standalone page boots the wasm widget under its CSP without errors', async () => {
  const page = await browser.page();
  const cspViolations = [];
  await page.exposeFunction('__reportCsp', (v) => cspViolations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__reportCsp(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${sim.origin}/`);
  await page.getByTestId('job-input').waitFor();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.deepEqual(cspViolations, []);
  assert.deepEqual(browser.pageErrors, []);
  assert.deepEqual(browser.consoleLines.filter((l) => l.startsWith('error')), []);
  await screenshot(page, 'connect-panel');
});
