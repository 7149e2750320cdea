// Helpers for the result explorer's end-to-end tests: scenario jobs on the simulator, an
// independent reading of the result zip (fflate + PapaParse, not the widget's code) to compare
// the UI against, downloads captured through Playwright, and main-thread task measurement.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { ROOT, ARTIFACTS } from './harness.mjs';

const require = createRequire(import.meta.url);
const fflate = require(join(ROOT, 'tools/node_modules/fflate'));
const Papa = require(join(ROOT, 'tools/node_modules/papaparse'));

export const TOKEN = 'sim-token';
const auth = { Authorization: `Zoho-oauthtoken ${TOKEN}` };

/** Creates a scenario job and moves the (manual) clock past its end. */
export async function completedJob(sim, scenario) {
  const res = await fetch(`${sim.origin}/__sim/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario }),
  });
  if (res.status !== 201) throw new Error(`create ${scenario}: HTTP ${res.status} ${await res.text()}`);
  const job = await res.json();
  const adv = await fetch(`${sim.origin}/__sim/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms: job.end_sim_ms + 60_000 }),
  });
  if (!adv.ok) throw new Error(`clock advance: HTTP ${adv.status}`);
  return job;
}

/** The job's result zip, fetched the way a person with curl would (not through the widget). */
export async function fetchResultZip(sim, job) {
  const details = await fetch(`${sim.origin}/crm/bulk/${job.version}/write/${job.id}`, { headers: auth });
  if (!details.ok) throw new Error(`details: HTTP ${details.status}`);
  const body = await details.json();
  const url = new URL(body.result.download_url, sim.origin).href;
  const zip = await fetch(url, { headers: auth });
  if (!zip.ok) throw new Error(`download: HTTP ${zip.status}`);
  return { url, bytes: new Uint8Array(await zip.arrayBuffer()) };
}

/** Parses CSV text (BOM dropped; delimiter guessed among , ; : |) into arrays of fields. */
export function parseCsv(text) {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out = Papa.parse(clean, { skipEmptyLines: true, delimitersToGuess: [',', ';', ':', '|'] });
  if (out.errors.length) throw new Error(`CSV errors: ${JSON.stringify(out.errors.slice(0, 3))}`);
  return out.data;
}

const KNOWN_CODES = [
  'MANDATORY_NOT_FOUND', 'INVALID_DATA', 'DUPLICATE_DATA', 'NOT_APPROVED', 'BLOCKED_RECORD',
  'CANNOT_PROCESS', 'LIMIT_EXCEEDED', 'RESOURCE_NOT_FOUND',
];

/** Zoho's ERRORS field, read independently: `CODE-col,col:CODE-col` → [[code, column|''], …]. */
export function errorPairs(field) {
  const pairs = new Set();
  for (const raw of field.split(':')) {
    const piece = raw.trim();
    if (!piece) continue;
    const dash = piece.indexOf('-');
    const code = dash > 0 ? piece.slice(0, dash).trim() : '';
    if (!code || !/^[A-Za-z0-9_]+$/.test(code)) {
      pairs.add(`${piece}\u0000`);
      continue;
    }
    const canon = KNOWN_CODES.find((k) => k === code.toUpperCase()) ?? code;
    const columns = piece.slice(dash + 1).split(',').map((c) => c.trim()).filter(Boolean);
    if (columns.length === 0) pairs.add(`${canon}\u0000`);
    for (const c of columns) pairs.add(`${canon}\u0000${c}`);
  }
  return [...pairs].map((p) => p.split('\u0000'));
}

/** Every CSV of a result zip, read and counted independently of the widget. */
export function readResult(bytes) {
  const entries = fflate.unzipSync(bytes);
  const files = Object.keys(entries)
    .filter((n) => n.toLowerCase().endsWith('.csv'))
    .map((name) => {
      const rows = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(entries[name]));
      const header = rows[0];
      const col = (n) => header.findIndex((h) => h.trim().toUpperCase() === n);
      return { name, header, rows: rows.slice(1), status: col('STATUS'), errors: col('ERRORS') };
    });
  const statuses = new Map();
  const groups = new Map();
  for (const f of files) {
    for (const r of f.rows) {
      const s = r[f.status].trim().toLowerCase();
      statuses.set(s, (statuses.get(s) ?? 0) + 1);
      for (const [code, column] of errorPairs(r[f.errors] ?? '')) {
        const key = `${code}|${column}`;
        groups.set(key, (groups.get(key) ?? 0) + 1);
      }
    }
  }
  return { files, statuses, groups, rows: files.reduce((n, f) => n + f.rows.length, 0) };
}

/** Opens the job in the standalone page, connects with the token and waits for "Explore results". */
export async function openJob(page, job) {
  await page.goto(job.link);
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  await page.getByTestId('explore').waitFor({ timeout: 30_000 });
}

/** Waits until the table's rows are computed; returns how many there are. */
export async function shownRows(page) {
  const line = page.locator('[data-testid="rows-shown"][data-count]');
  await line.waitFor({ timeout: 60_000 });
  return Number(await line.getAttribute('data-count'));
}

/** Status totals and error groups as the page shows them. */
export async function uiSummary(page) {
  const statuses = new Map(
    await page.getByTestId('status-total').evaluateAll((els) => els.map((e) => [e.dataset.status, Number(e.textContent)])),
  );
  const groups = new Map(
    await page.getByTestId('error-group').evaluateAll((els) =>
      els.map((e) => [`${e.dataset.code}|${e.dataset.column}`, Number(e.textContent)])),
  );
  return { statuses, groups };
}

/** Clicks `testid` and returns the downloaded file's name and text. */
export async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: await readFile(path, 'utf8') };
}

/**
 * Runs `action` while Chromium traces the page's main thread; returns the longest task as wall
 * time and as thread (CPU) time, and the Long Tasks API's entries. Thread time is what the page's
 * own work costs; wall time also counts the moments the OS gave the CPU to another process (this
 * machine is shared), so the assertions use thread time and the wall times are reported.
 */
export async function measureTasks(page, action) {
  await page.evaluate(() => {
    window.__bwLong = [];
    window.__bwObserver?.disconnect();
    window.__bwObserver = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__bwLong.push(Math.round(e.duration));
    });
    window.__bwObserver.observe({ type: 'longtask' });
  });
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
  const complete = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.start', {
    categories: 'devtools.timeline,disabled-by-default-devtools.timeline',
    transferMode: 'ReportEvents',
  });
  let result;
  try {
    result = await action();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  // The page's main thread: of the renderers' main threads, the one that worked (other pages of
  // the context sit idle).
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const busy = mains.map((m) => {
    const runs = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === m.pid && e.tid === m.tid);
    return { runs, total: runs.reduce((n, e) => n + e.dur, 0) };
  }).sort((a, b) => b.total - a.total);
  const tasks = busy[0]?.runs ?? [];
  if (tasks.length === 0) throw new Error('the trace saw no task on the page\'s main thread');
  const longTasks = await page.evaluate(() => window.__bwLong);
  return {
    result,
    tasks: tasks.length,
    maxWallMs: Math.max(0, ...tasks.map((t) => t.dur / 1000)),
    maxThreadMs: Math.max(0, ...tasks.map((t) => (t.tdur ?? t.dur) / 1000)),
    longTasks,
  };
}

/** Saves a screenshot of the explorer alone: tests/e2e/artifacts/<name>.png */
export async function explorerShot(page, name) {
  await page.locator('[data-part="explorer"]').screenshot({ path: join(ARTIFACTS, `${name}.png`), animations: 'disabled' });
}
