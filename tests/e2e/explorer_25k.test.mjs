// The result explorer on the simulator's 25,000-row job: what the page shows is compared with an
// independent reading of the same zip (fflate + PapaParse in node), exports are read back from
// Playwright's downloads, the DOM stays small while scrolling, the keyboard moves the active row,
// the user's original file joins locally and is never sent, and no main-thread task is long.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser } from './harness.mjs';
import {
  completedJob, fetchResultZip, readResult, openJob, shownRows, uiSummary, download, parseCsv,
  errorPairs, measureTasks, explorerShot,
} from './explorer_support.mjs';

let sim;
let browser;
let page;
let truth;
let file;

before(async () => {
  sim = await startSimulator(['--seed', '11', '--manual-clock']);
  browser = await launchBrowser();
  const job = await completedJob(sim, 'rows-25k');
  truth = readResult((await fetchResultZip(sim, job)).bytes);
  assert.equal(truth.files.length, 1);
  file = truth.files[0];
  page = await browser.page();
  // Any CSP violation (an inline style would be one: the page allows style-src 'self' only).
  await page.addInitScript(() => {
    window.__bwCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__bwCsp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await openJob(page, job);
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const skipped = (r) => r[file.status].trim().toLowerCase() === 'skipped';
const hasCode = (code) => (r) => errorPairs(r[file.errors]).some(([c]) => c === code);

test('Explore reads 25,000 rows with a progress bar and no long main-thread task', async () => {
  await page.evaluate(() => {
    window.__bwProgress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('[data-testid="explore-progress"]');
      if (bar) window.__bwProgress.push(bar.getAttribute('value'));
    }).observe(document.body, { subtree: true, childList: true, attributes: true });
  });
  const run = await measureTasks(page, async () => {
    await page.getByTestId('explore').click();
    return shownRows(page);
  });
  assert.equal(run.result, 25_000);
  const progress = await page.evaluate(() => window.__bwProgress);
  assert.ok(progress.length > 0, 'the progress bar was shown');
  console.log(`# 25k: ${run.tasks} tasks; longest ${run.maxThreadMs.toFixed(1)} ms thread time, ${run.maxWallMs.toFixed(1)} ms wall; long tasks (wall) ${JSON.stringify(run.longTasks)}`);
  assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);
  assert.deepEqual(browser.pageErrors, []);
});

test('status totals and error groups equal an independent count of the zip', async () => {
  const ui = await uiSummary(page);
  for (const [status, rows] of truth.statuses) assert.equal(ui.statuses.get(status), rows, status);
  for (const [status, rows] of ui.statuses) assert.equal(rows, truth.statuses.get(status) ?? 0, status);
  assert.deepEqual(new Map([...ui.groups].sort()), new Map([...truth.groups].sort()));
  assert.ok(truth.groups.size > 0, 'the scenario has errors to group');
  await explorerShot(page, 'explorer-25k-summary');
});

test('scrolling keeps at most 200 rows in the DOM and shows the rows scrolled to', async () => {
  const grid = page.getByTestId('result-grid');
  const recordCol = file.header.findIndex((h) => h.trim().toUpperCase() === 'RECORD_ID');
  const run = await measureTasks(page, () => scrollAround(grid, recordCol));
  console.log(`# 25k scrolling: longest task ${run.maxThreadMs.toFixed(1)} ms thread, ${run.maxWallMs.toFixed(1)} ms wall`);
  assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);
});

async function scrollAround(grid, recordCol) {
  for (const target of [0, 777, 12_345, 24_990, 3]) {
    const rowPx = await page.getByTestId('result-row').first().evaluate((r) => r.offsetHeight);
    await grid.evaluate((g, top) => { g.scrollTop = top; }, target * rowPx);
    await page.waitForFunction((t) => [...document.querySelectorAll('[data-testid="result-row"]')]
      .some((r) => Number(r.dataset.row) === t), target);
    const rows = await page.getByTestId('result-row').evaluateAll((els) => els.map((e) => ({
      id: Number(e.dataset.row),
      cells: [...e.querySelectorAll('[role="gridcell"]')].map((c) => c.textContent),
    })));
    assert.ok(rows.length > 0 && rows.length <= 200, `${rows.length} rows in the DOM`);
    const row = rows.find((r) => r.id === target);
    assert.ok(row.cells.includes(file.rows[target][recordCol]) || file.rows[target][recordCol] === '',
      `row ${target} shows its record id`);
    assert.equal(row.cells[0], String(target + 1), 'the row number is the position in the file');
  }
}

test('the keyboard moves the active row and the detail follows', async () => {
  const grid = page.getByTestId('result-grid');
  await grid.focus();
  // The active row, once the detail and the grid's aria-activedescendant both show it (the grid
  // scrolls it into view first, on the next frame).
  const activeAfter = async (key) => {
    await page.keyboard.press(key);
    return page.waitForFunction(() => {
      const detail = document.querySelector('[data-testid="row-detail"]');
      const id = document.querySelector('[data-testid="result-grid"]').getAttribute('aria-activedescendant');
      const row = id && document.getElementById(id);
      // A string, so row 0 is not taken for "not yet".
      return detail && row && row.dataset.row === detail.dataset.row && detail.dataset.row;
    }).then(async (h) => Number(await h.jsonValue()));
  };
  assert.equal(await activeAfter('End'), 24_999);
  assert.equal(await activeAfter('ArrowUp'), 24_998);
  assert.equal(await activeAfter('Home'), 0);
  const paged = await activeAfter('PageDown');
  assert.ok(paged > 1, `PageDown moved to ${paged}`);
  assert.equal(await activeAfter('ArrowDown'), paged + 1);
  const detail = await page.getByTestId('row-detail').textContent();
  assert.ok(detail.includes(`Row ${paged + 2} of`), detail.slice(0, 80));
});

test('a status + code filter, then export, gives exactly the filtered rows', async () => {
  const expected = file.rows.filter((r) => skipped(r) && hasCode('MANDATORY_NOT_FOUND')(r));
  assert.ok(expected.length > 0);
  const run = await measureTasks(page, async () => {
    await page.getByTestId('filter-status').selectOption('skipped');
    await page.getByTestId('filter-code').selectOption('MANDATORY_NOT_FOUND');
    assert.equal(await shownRows(page), expected.length);
    return download(page, 'export-csv');
  });
  assert.ok(run.maxThreadMs < 50, `longest main-thread task ${run.maxThreadMs} ms`);
  const out = run.result;
  assert.match(out.name, /\.csv$/);
  assert.deepEqual(parseCsv(out.text), [file.header, ...expected]);

  // Free text narrows further: a value taken from one of the rows, matched in any field.
  const needle = expected[Math.floor(expected.length / 2)].find((v) => v.length >= 4).slice(1, 4).toLowerCase();
  await page.getByTestId('filter-text').fill(needle);
  const narrowed = expected.filter((r) => r.some((v) => v.toLowerCase().includes(needle)));
  assert.equal(await shownRows(page), narrowed.length);
  const again = await download(page, 'export-csv');
  assert.deepEqual(parseCsv(again.text), [file.header, ...narrowed]);
  await page.getByTestId('filter-clear').click();
  assert.equal(await shownRows(page), 25_000);
});

test('an error group selects exactly its rows; the error summary export lists every group', async () => {
  const [key, rows] = [...truth.groups].sort((a, b) => a[1] - b[1])[0];
  const [code, column] = key.split('|');
  await page.locator(`[data-testid="error-group"][data-code="${code}"][data-column="${column}"]`).click();
  assert.equal(await shownRows(page), rows);
  const out = await download(page, 'export-errors');
  const [head, ...lines] = parseCsv(out.text);
  assert.deepEqual(head, ['FILE', 'MODULE', 'CODE', 'COLUMN', 'ROWS', 'HINT']);
  assert.deepEqual(new Map(lines.map((l) => [`${l[2]}|${l[3]}`, Number(l[4])]).sort()), new Map([...truth.groups].sort()));
  assert.ok(lines.every((l) => l[5].length > 20), 'each group has a fix hint');
  await page.locator(`[data-testid="error-group"][data-code="${code}"][data-column="${column}"]`).click();
  assert.equal(await shownRows(page), 25_000);
});

test('sorting by Record ID orders the rows, descending on a second click', async () => {
  await page.locator('[data-testid="sort"][data-column="Record ID"]').click();
  await shownRows(page);
  const recordCol = file.header.findIndex((h) => h.trim().toUpperCase() === 'RECORD_ID');
  const firstIds = async () => page.getByTestId('result-row').evaluateAll((els) => els.slice(0, 5).map((e) => Number(e.dataset.row)));
  // Independently: ids (digits) ascending as integers, empty ids (skipped rows) last, ties by row.
  const cmp = (x, y) => (x === y ? 0 : BigInt(x) < BigInt(y) ? -1 : 1);
  const order = file.rows.map((r, i) => [r[recordCol].trim(), i])
    .sort((a, b) => (a[0] === '') - (b[0] === '') || (a[0] !== '' && cmp(a[0], b[0])) || a[1] - b[1]);
  assert.deepEqual(await firstIds(), order.slice(0, 5).map(([, i]) => i));
  await page.locator('[data-testid="sort"][data-column="Record ID"]').click();
  await page.waitForFunction((first) => document.querySelector('[data-testid="result-row"]')?.dataset.row !== String(first), order[0][1]);
  await shownRows(page);
  const withId = order.filter(([v]) => v !== '');
  assert.equal((await firstIds())[0], withId[withId.length - 1][1]);
  await page.locator('[data-testid="sort"][data-column="Row"]').click();
  await shownRows(page);
});

test('the original CSV joins locally, is never sent, and exports beside the result', async () => {
  const mapped = file.header.map((h, i) => [h, i]).filter(([h]) => !['STATUS', 'RECORD_ID', 'ERRORS'].includes(h.trim().toUpperCase()));
  const header = [...mapped.map(([h]) => h), 'Note'];
  const original = file.rows.map((r, i) => [...mapped.map(([, c]) => r[c]), `note-${i}`]);
  const csv = [header, ...original].map((r) => r.map((v) => `"${v.replaceAll('"', '""')}"`).join(',')).join('\r\n');
  const before = (await sim.log()).entries.length;
  await page.getByTestId('original-file-input').setInputFiles({ name: 'leads_25k.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.locator('[data-testid="original-join"][data-looks-right="true"]').waitFor({ timeout: 30_000 });

  const grid = page.getByTestId('result-grid');
  await grid.focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  assert.match(await page.getByTestId('row-original').textContent(), /note-1(?!\d)/);

  await page.getByTestId('filter-status').selectOption('skipped');
  await shownRows(page);
  const out = await download(page, 'export-joined');
  const expected = file.rows.map((r, i) => [r, i]).filter(([r]) => skipped(r))
    .map(([r, i]) => [...original[i], r[file.status].trim().toLowerCase(), r[file.header.findIndex((h) => h.trim().toUpperCase() === 'RECORD_ID')], r[file.errors]]);
  assert.deepEqual(parseCsv(out.text), [[...header, 'STATUS', 'RECORD_ID', 'ERRORS'], ...expected]);

  // Nothing the page asked of the server after the file was picked carried it: no upload, no
  // other method than GET.
  const sent = (await sim.log()).entries.slice(before);
  assert.deepEqual(sent.filter((e) => e.method !== 'GET' || e.path.includes('upload')), []);
  await explorerShot(page, 'explorer-25k-joined');
  await page.getByTestId('filter-clear').click();
});

test('nothing the explorer did broke the page\'s Content-Security-Policy', async () => {
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /style-src 'self'/);
  assert.deepEqual(await page.evaluate(() => window.__bwCsp), []);
  assert.deepEqual(browser.pageErrors, []);
});
