// The result explorer on bad downloads: an expired link (the simulator's own fault scenario), and
// bodies put in place of the real zip through Playwright's routing — cut in half, an HTML page, an
// expired-link JSON with 200, a zip bomb, an empty body — each ends in `explore-error` with its
// kind and never a crash; a byte that is not UTF-8 and ragged rows load with a note; "Try again"
// recovers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, startSimulator, launchBrowser } from './harness.mjs';
import {
  completedJob, fetchResultZip, openJob, shownRows, uiSummary, readResult, explorerShot,
} from './explorer_support.mjs';

const require = createRequire(import.meta.url);
const fflate = require(join(ROOT, 'tools/node_modules/fflate'));

let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--seed', '3', '--manual-clock']);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

/** The error the explorer shows: its kind, core code and text. */
async function explorerError(page) {
  const box = page.getByTestId('explore-error');
  await box.waitFor({ timeout: 30_000 });
  return {
    kind: await box.getAttribute('data-error-kind'),
    code: await box.getAttribute('data-code'),
    text: await box.textContent(),
  };
}

test('an expired result link ends in a clear error, not a crash', async () => {
  const job = await completedJob(sim, 'fault-expired-link');
  const page = await browser.context.newPage();
  await openJob(page, job);
  await page.getByTestId('explore').click();
  const e = await explorerError(page);
  assert.equal(e.kind, 'download');
  assert.equal(e.code, 'EXPIRED_DOWNLOAD_LINK');
  assert.match(e.text, /Result link expired/);
  assert.match(e.text, /fresh link/);
  await explorerShot(page, 'explorer-expired-link');
  await page.close();
});

test('bad bodies in place of the zip: each has its message; bad bytes and ragged rows load with a note', async () => {
  const job = await completedJob(sim, 'update-mixed');
  const real = await fetchResultZip(sim, job);
  const [name] = Object.keys(fflate.unzipSync(real.bytes));
  const page = await browser.context.newPage();
  await openJob(page, job);

  let body = null;
  let contentType = 'application/zip';
  await page.route(real.url, async (route) => {
    if (body === null) return route.continue();
    await route.fulfill({ status: 200, contentType, body: Buffer.from(body) });
  });
  const attempt = async (bytes, type = 'application/zip') => {
    body = bytes;
    contentType = type;
    const retry = page.getByTestId('explore-retry');
    await (await retry.count() ? retry : page.getByTestId('explore')).click();
    return explorerError(page);
  };

  let e = await attempt(real.bytes.slice(0, Math.floor(real.bytes.length / 2)));
  assert.equal(e.kind, 'truncated');
  assert.match(e.text, /incomplete/);
  await explorerShot(page, 'explorer-truncated');

  e = await attempt(new TextEncoder().encode('<!doctype html><title>Sign in</title><p>Please sign in</p>'), 'text/html');
  assert.equal(e.kind, 'not_zip');
  assert.match(e.text, /web page/);

  e = await attempt(new TextEncoder().encode('{"info":"Forbidden","x-info":"Link not valid"}'), 'application/json');
  assert.equal(e.kind, 'not_zip');
  assert.match(e.text, /no longer valid/);

  const bomb = new Uint8Array(40 << 20).fill(0x61);
  e = await attempt(fflate.zipSync({ 'Leads-bomb.csv': bomb }, { level: 9 }));
  assert.equal(e.kind, 'ratio_too_high');
  assert.match(e.text, /zip bomb/);

  e = await attempt(new Uint8Array(0), 'application/octet-stream');
  assert.equal(e.kind, 'not_zip');
  assert.match(e.text, /empty/);
  assert.deepEqual(browser.pageErrors, [], 'no bad body crashed the page');

  // Bytes that are not UTF-8 do not cost the file: that field is read as Windows-1252 and a
  // note beside the counts names the file, the encodings and the line.
  const bad = new Uint8Array([...new TextEncoder().encode('Email,STATUS,RECORD_ID,ERRORS\r\na@x.io,ADDED,1,\r\n'), 0xff, 0xfe, 0x0d, 0x0a]);
  body = fflate.zipSync({ 'Leads-bad.csv': bad });
  await page.getByTestId('explore-retry').click();
  assert.equal(await shownRows(page), 2);
  const encoding = page.locator('[data-testid="result-notes"] li[data-kind="encoding"]');
  assert.match(await encoding.textContent(), /"Leads-bad\.csv": 1 field\(s\) are not valid UTF-8 \(first on line 3\); they were read as windows-1252/);
  await page.getByTestId('explore-close').click();

  // Ragged rows are not fatal: the rows load and a warning says which.
  // LF line ends: with CRLF the core currently reports the line before (reported to its owner).
  const ragged = 'Email,Last_Name,STATUS,RECORD_ID,ERRORS\na@x.io,A,ADDED,1,\nb@x.io,SKIPPED,,MANDATORY_NOT_FOUND-Last_Name\nc@x.io,C,ADDED,3,,extra\n';
  body = fflate.zipSync({ [name]: new TextEncoder().encode(ragged) });
  await page.getByTestId('explore').click();
  assert.equal(await shownRows(page), 3);
  assert.match(await page.getByTestId('result-notes').textContent(), /2 row\(s\) have more or fewer fields than the header \(first on line 3\)/);

  // The real file again: "Close", then Explore, reads it.
  body = null;
  await page.getByTestId('explore-close').click();
  await page.getByTestId('explore').click();
  const truth = readResult(real.bytes);
  assert.equal(await shownRows(page), truth.rows);
  const ui = await uiSummary(page);
  assert.deepEqual(new Map([...ui.groups].sort()), new Map([...truth.groups].sort()));
  assert.equal(new Set([...truth.groups.keys()].map((k) => k.split('|')[0])).size, 8, 'the scenario has all eight codes');
  assert.equal(await page.locator('.bw-x-code .bw-x-hint').count(), 8, 'each code has its fix hint');
  await page.close();
});

test('cancel while downloading aborts the fetch and goes back to the button', async () => {
  const job = await completedJob(sim, 'rows-25k');
  const real = await fetchResultZip(sim, job);
  const page = await browser.context.newPage();
  await openJob(page, job);
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(real.url, async (route) => {
    await held;
    await route.fulfill({ status: 200, contentType: 'application/zip', body: Buffer.from(real.bytes) }).catch(() => {});
  });
  await page.getByTestId('explore').click();
  await page.getByTestId('explore-progress').waitFor();
  const failed = page.waitForEvent('requestfailed', (r) => r.url() === real.url);
  await page.getByTestId('explore-cancel').click();
  const request = await failed;
  assert.match(request.failure().errorText, /abort/i, 'the download was aborted');
  release();
  await page.getByTestId('explore').waitFor();
  assert.equal(await page.getByTestId('explore-results').count(), 0);
  assert.equal(await page.getByTestId('explore-error').count(), 0);
  await page.unroute(real.url);
  await page.getByTestId('explore').click();
  assert.equal(await shownRows(page), 25_000, 'a new attempt reads the file');
  await page.close();
});
