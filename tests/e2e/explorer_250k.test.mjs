// The result explorer on the simulator's 250,000-row job (ten CSVs in one zip): counts against an
// independent reading, a per-file filter + export, at most 200 rows in the DOM from top to bottom,
// the original upload joined file by file, and no long main-thread task while reading, filtering,
// sorting, scrolling and joining.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, startSimulator, launchBrowser } from './harness.mjs';
import {
  completedJob, fetchResultZip, readResult, openJob, shownRows, uiSummary, download, parseCsv,
  measureTasks, explorerShot,
} from './explorer_support.mjs';

const require = createRequire(import.meta.url);
const fflate = require(join(ROOT, 'tools/node_modules/fflate'));

let sim;
let browser;
let page;
let truth;

before(async () => {
  sim = await startSimulator(['--seed', '5', '--manual-clock']);
  browser = await launchBrowser();
  const job = await completedJob(sim, 'rows-250k');
  truth = readResult((await fetchResultZip(sim, job)).bytes);
  assert.equal(truth.rows, 250_000);
  assert.ok(truth.files.length > 1);
  page = await browser.page();
  await openJob(page, job);
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

test('Explore reads 250,000 rows in ten files without a long main-thread task', async () => {
  const started = Date.now();
  const run = await measureTasks(page, async () => {
    await page.getByTestId('explore').click();
    await page.getByTestId('explore-progress').waitFor();
    return shownRows(page);
  });
  assert.equal(run.result, 250_000);
  console.log(`# 250k: ready in ${Date.now() - started} ms; ${run.tasks} tasks; longest ${run.maxThreadMs.toFixed(1)} ms thread, ${run.maxWallMs.toFixed(1)} ms wall; long tasks (wall) ${JSON.stringify(run.longTasks)}`);
  assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);
  assert.deepEqual(browser.pageErrors, []);
  await explorerShot(page, 'explorer-250k');
});

test('status totals and error groups equal an independent count of all ten files', async () => {
  const ui = await uiSummary(page);
  for (const [status, rows] of truth.statuses) assert.equal(ui.statuses.get(status), rows, status);
  assert.deepEqual(new Map([...ui.groups].sort()), new Map([...truth.groups].sort()));
});

test('the DOM holds at most 200 rows from the first row to the last', async () => {
  const grid = page.getByTestId('result-grid');
  const run = await measureTasks(page, async () => {
    const max = await grid.evaluate((g) => g.scrollHeight - g.clientHeight);
    const counts = [];
    for (let step = 0; step <= 20; step += 1) {
      await grid.evaluate((g, top) => { g.scrollTop = top; }, Math.round((max * step) / 20));
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      counts.push(await page.getByTestId('result-row').count());
    }
    return counts;
  });
  assert.ok(run.result.every((n) => n > 0 && n <= 200), JSON.stringify(run.result));
  const last = await page.getByTestId('result-row').evaluateAll((els) => Math.max(...els.map((e) => Number(e.dataset.row))));
  assert.equal(last, 249_999, 'the last row is reachable');
  console.log(`# 250k scrolling: rows in the DOM ${JSON.stringify(run.result)}; longest task ${run.maxThreadMs.toFixed(1)} ms thread, ${run.maxWallMs.toFixed(1)} ms wall`);
  assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);
});

test('filtering, text search and sorting 250,000 rows stay responsive; a file filter exports its rows', async () => {
  const run = await measureTasks(page, async () => {
    await page.getByTestId('filter-text').fill('a1');
    await shownRows(page);
    await page.getByTestId('filter-text').fill('');
    await page.locator('[data-testid="sort"][data-column="Errors"]').click();
    await shownRows(page);
    await page.locator('[data-testid="sort"][data-column="Row"]').click();
    return shownRows(page);
  });
  assert.equal(run.result, 250_000);
  console.log(`# 250k text filter + sort: longest task ${run.maxThreadMs.toFixed(1)} ms thread, ${run.maxWallMs.toFixed(1)} ms wall`);
  assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);

  const index = truth.files.length - 1;
  const f = truth.files[index];
  await page.getByTestId('filter-file').selectOption(String(index));
  await page.getByTestId('filter-status').selectOption('skipped');
  const expected = f.rows.filter((r) => r[f.status].trim().toLowerCase() === 'skipped');
  assert.equal(await shownRows(page), expected.length);
  const out = await download(page, 'export-csv');
  assert.deepEqual(parseCsv(out.text), [f.header, ...expected]);
});

test('the original upload (a zip of ten CSVs) joins file by file without a long task', async () => {
  // What was uploaded: each resource's mapped columns plus one more, one CSV per resource, zipped.
  const entries = {};
  for (const f of truth.files) {
    const mapped = f.header.map((h, i) => [h, i]).filter(([h]) => !['STATUS', 'RECORD_ID', 'ERRORS'].includes(h.trim().toUpperCase()));
    const rows = [[...mapped.map(([h]) => h), 'Note'], ...f.rows.map((r, i) => [...mapped.map(([, c]) => r[c]), `${f.name}#${i}`])];
    const csv = rows.map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n');
    entries[f.name.slice(f.name.indexOf('-') + 1)] = new TextEncoder().encode(csv);
  }
  // A file on disk, picked as a person would (no script-side copy of its bytes in the page).
  const dir = mkdtempSync(join(tmpdir(), 'bulkwatch-upload-'));
  const path = join(dir, 'upload.zip');
  writeFileSync(path, fflate.zipSync(entries));
  try {
    await page.getByTestId('filter-file').selectOption('');
    await page.getByTestId('filter-status').selectOption('');
    await shownRows(page);
    const run = await measureTasks(page, async () => {
      await page.getByTestId('original-file-input').setInputFiles(path);
      await page.getByTestId('original-state').waitFor({ timeout: 60_000 });
    });
    console.log(`# 250k join: longest task ${run.maxThreadMs.toFixed(1)} ms thread, ${run.maxWallMs.toFixed(1)} ms wall`);
    assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);
    const looks = await page.getByTestId('original-join').evaluateAll((els) => els.map((e) => e.dataset.looksRight));
    assert.deepEqual(looks, truth.files.map(() => 'true'), 'every file paired by name, every row lines up');
    // The last row of the last file shows its original record.
    const grid = page.getByTestId('result-grid');
    await grid.focus();
    await page.keyboard.press('End');
    const last = truth.files[truth.files.length - 1];
    await page.getByTestId('row-original').getByText(`${last.name}#${last.rows.length - 1}`).waitFor();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
