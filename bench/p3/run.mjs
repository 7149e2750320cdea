// Benchmark P3 — unzip + parse + group of a Zoho result zip (the simulator's 25k- and 250k-row
// jobs), same headless Chromium, same run:
//   - fflate + PapaParse (npm), in one call: what a plain JavaScript explorer does;
//   - Bulkwatch's core (bulkwatch_core::result), in one call: its throughput;
//   - Bulkwatch's core in the explorer's time slices (its Stepper, ~12 ms of work per task);
//   - the explorer itself: click "Explore results" → table ready (adds the loopback download and
//     rendering the summary and table).
// Every run gets a fresh page (a fresh wasm instance) after a forced GC. Each implementation's
// counts (rows by status, by code, by code × column) must equal the others' or the run fails.
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startSimulator, launchBrowser, CHROMIUM_FLAGS, ROOT } from '../../tests/e2e/harness.mjs';
import { completedJob, fetchResultZip, openJob, shownRows, measureTasks } from '../../tests/e2e/explorer_support.mjs';

const RUNS = Number(process.env.RUNS || 3);
const SIZES = (process.env.SIZES || '25k,250k').split(',');
const MB = 1024 * 1024;

const sim = await startSimulator(['--seed', '42', '--manual-clock']);
const browser = await launchBrowser({ args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info'] });
const out = join(ROOT, 'bench/out/p3');
mkdirSync(out, { recursive: true });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const sorted = (o) => JSON.stringify(o, (k, v) => (v && typeof v === 'object' && !Array.isArray(v)
  ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v));

async function freshPage(url) {
  const page = await browser.context.newPage();
  await page.goto(url);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function gc(cdp) {
  await cdp.send('HeapProfiler.collectGarbage');
}

/** One run of an in-page implementation (`js`, `wasmOnce`, `wasmSliced`). */
async function inPage(impl, zipUrl) {
  const { page, cdp } = await freshPage(`${sim.origin}/bench/p3/page.html`);
  try {
    await page.waitForFunction(() => window.p3?.ready);
    const zip = await page.evaluateHandle((u) => window.p3.zip(u), zipUrl);
    await gc(cdp);
    const run = await measureTasks(page, () => page.evaluate(([name, z]) => window.p3[name](z), [impl, zip]));
    const r = run.result;
    return {
      ms: r.ms,
      summary: sorted(r.summary),
      heapMB: (r.heapPeak - r.heapBefore) / MB,
      wasmMB: r.wasmAfter !== undefined ? (r.wasmAfter - r.wasmBefore) / MB : 0,
      typedMB: (r.typedBytes ?? 0) / MB,
      taskThread: run.maxThreadMs,
      taskWall: run.maxWallMs,
      slices: r.slices,
    };
  } finally {
    await page.close();
  }
}

/** One run of the explorer UI on the simulator's job. */
async function explorerUi(job) {
  const page = await browser.context.newPage();
  try {
    await openJob(page, job);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    const wasmBytes = () => page.evaluate(async () => (await (await import('/pkg/bulkwatch.js')).default()).memory.buffer.byteLength);
    const heapNow = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'JSHeapUsedSize').value;
    await gc(cdp);
    const wasmBefore = await wasmBytes();
    const heapBefore = await heapNow();
    let heapPeak = heapBefore;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) heapPeak = Math.max(heapPeak, await heapNow());
    })();
    await page.evaluate(() => {
      window.__p3done = new Promise((resolve) => {
        new MutationObserver((_, obs) => {
          if (document.querySelector('[data-testid="rows-shown"][data-count]')) {
            obs.disconnect();
            resolve(performance.now());
          }
        }).observe(document.body, { subtree: true, childList: true, attributes: true });
      });
    });
    const run = await measureTasks(page, async () => {
      const t0 = await page.evaluate(() => {
        document.querySelector('[data-testid="explore"]').click();
        return performance.now();
      });
      const t1 = await page.evaluate(() => window.__p3done);
      await shownRows(page);
      return t1 - t0;
    });
    sampling = false;
    await sampler;
    const statuses = Object.fromEntries((await page.getByTestId('status-total').evaluateAll((els) => els.map((e) => [e.dataset.status, Number(e.textContent)]))).filter(([, n]) => n > 0));
    return {
      ms: run.result,
      statuses: sorted(statuses),
      heapMB: (heapPeak - heapBefore) / MB,
      wasmMB: ((await wasmBytes()) - wasmBefore) / MB,
      taskThread: run.maxThreadMs,
      taskWall: run.maxWallMs,
    };
  } finally {
    await page.close();
  }
}

const IMPLS = [
  ['fflate + PapaParse, one call', 'js'],
  ['Bulkwatch core (wasm), one call', 'wasmOnce'],
  ['Bulkwatch core (wasm), explorer time slices', 'wasmSliced'],
  ['Bulkwatch explorer UI: click → table ready', 'ui'],
];

const tables = [];
try {
  for (const size of SIZES) {
    const job = await completedJob(sim, `rows-${size}`);
    const zip = await fetchResultZip(sim, job);
    writeFileSync(join(out, `${size}.zip`), zip.bytes);
    const zipUrl = `${sim.origin}/bench/out/p3/${size}.zip`;
    const results = Object.fromEntries(IMPLS.map(([, k]) => [k, []]));
    for (let i = 0; i < RUNS; i += 1) {
      for (const [, impl] of IMPLS) {
        results[impl].push(impl === 'ui' ? await explorerUi(job) : await inPage(impl, zipUrl));
      }
    }
    // Same work: every in-page implementation found the same counts; the UI the same statuses.
    const reference = results.js[0].summary;
    for (const impl of ['wasmOnce', 'wasmSliced']) {
      for (const r of results[impl]) if (r.summary !== reference) throw new Error(`${impl} counted differently:\n${r.summary}\n${reference}`);
    }
    const refStatuses = sorted(JSON.parse(reference).statuses);
    for (const r of results.ui) if (r.statuses !== refStatuses) throw new Error(`the UI counted differently: ${r.statuses} vs ${refStatuses}`);

    const jsMs = median(results.js.map((r) => r.ms));
    const rows = JSON.parse(reference).rows;
    const lines = [
      `### ${size}: ${rows.toLocaleString('en')} rows in ${job.scenario}, zip ${(zip.bytes.length / 1024).toFixed(0)} KB (median of ${RUNS} runs)`,
      '',
      '| implementation | time (ms) | time ÷ fflate+PapaParse | peak JS heap growth (MB) | wasm memory growth (MB) | typed arrays held (MB) | longest main-thread task, thread / wall (ms) |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ];
    for (const [label, impl] of IMPLS) {
      const rs = results[impl];
      const m = (f) => median(rs.map(f));
      lines.push(`| ${label} | ${m((r) => r.ms).toFixed(0)} | ${(m((r) => r.ms) / jsMs).toFixed(2)} | ${m((r) => r.heapMB).toFixed(1)} | ${impl === 'js' ? '—' : m((r) => r.wasmMB).toFixed(1)} | ${impl === 'js' ? m((r) => r.typedMB).toFixed(1) : '—'} | ${m((r) => r.taskThread).toFixed(0)} / ${m((r) => r.taskWall).toFixed(0)} |`);
    }
    tables.push(lines.join('\n'));
  }
} finally {
  await browser.close();
  await sim.stop();
}

console.log('## P3 — result explorer: unzip + parse + group (lower is better)\n');
console.log(tables.join('\n\n'));
console.log(`
What is measured: *time* is performance.now() around the work in the page (the UI row: from the
click to the table's row count being shown, so it adds the download over loopback and rendering).
*Peak JS heap growth*: the V8 heap's used size (performance.memory with --enable-precise-memory-info
at each stage of a one-call run, sampled every 5 ms during a sliced run; CDP Performance.getMetrics
JSHeapUsedSize polled for the UI) minus its size after a forced GC before the run.
*Wasm memory growth*: the instance's memory.buffer.byteLength after the run minus before (linear
memory only grows, so this is its peak; it holds the zip copy, the inflated text and the indexes).
*Typed arrays held* (JS only): the zip and the inflated CSVs, which live outside the V8 heap and
which a JS explorer holds at its peak. Results are kept alive until measured, as an explorer must.
*Longest task*: Chromium's trace (RunTask on the page's main thread) — thread time is the page's own
CPU time, wall time also counts moments this shared 2-core machine gave the CPU to others. Each
implementation's counts (rows by status, by code, by code × column) are checked equal.`);
