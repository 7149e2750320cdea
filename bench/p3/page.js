// Benchmark P3, in the page: the same work — unzip a Zoho result zip, parse every CSV, count rows by
// STATUS, by error code and by (code, column) — done by fflate + PapaParse and by Bulkwatch's core
// (one call, and in the explorer's time slices). Each run keeps its rows alive until measured, as an
// explorer must. Driven by bench/p3/run.mjs through window.p3.
import init, { load_once, load_sliced, wasm_memory_bytes } from '/bench/out/p3-pkg/bulkwatch_p3.js';
import { unzipSync } from '/tools/node_modules/fflate/esm/browser.js';

await init();

const heap = () => (performance.memory ? performance.memory.usedJSHeapSize : 0);
const KNOWN = ['MANDATORY_NOT_FOUND', 'INVALID_DATA', 'DUPLICATE_DATA', 'NOT_APPROVED', 'BLOCKED_RECORD',
  'CANNOT_PROCESS', 'LIMIT_EXCEEDED', 'RESOURCE_NOT_FOUND'];
const KNOWN_STATUS = ['added', 'updated', 'skipped', 'unprocessed'];

/** Counts as the core does: statuses (known ones lower-cased), rows per code, rows per (code, column). */
function group(files) {
  const statuses = {};
  const codes = {};
  const groups = {};
  let rows = 0;
  for (const data of files) {
    const header = data[0].map((h) => h.trim().toUpperCase());
    const s = header.indexOf('STATUS');
    const e = header.indexOf('ERRORS');
    for (let i = 1; i < data.length; i += 1) {
      const row = data[i];
      rows += 1;
      const raw = (row[s] ?? '').trim();
      const status = KNOWN_STATUS.includes(raw.toLowerCase()) ? raw.toLowerCase() : raw;
      statuses[status] = (statuses[status] ?? 0) + 1;
      const pairs = new Set();
      const rowCodes = new Set();
      for (const part of (row[e] ?? '').split(':')) {
        const piece = part.trim();
        if (!piece) continue;
        const dash = piece.indexOf('-');
        const head = dash > 0 ? piece.slice(0, dash).trim() : '';
        let code = piece;
        let columns = [];
        if (head && /^[A-Za-z0-9_]+$/.test(head)) {
          code = KNOWN.find((k) => k === head.toUpperCase()) ?? head;
          columns = piece.slice(dash + 1).split(',').map((c) => c.trim()).filter(Boolean);
        }
        rowCodes.add(code);
        if (columns.length === 0) pairs.add(`${code}|`);
        for (const c of columns) pairs.add(`${code}|${c}`);
      }
      for (const c of rowCodes) codes[c] = (codes[c] ?? 0) + 1;
      for (const p of pairs) groups[p] = (groups[p] ?? 0) + 1;
    }
  }
  return { rows, statuses, codes, groups };
}

let kept = null;

window.p3 = {
  ready: true,
  async zip(url) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  },

  /** fflate + PapaParse, in one call (one task), as a plain JS explorer would. */
  js(zip) {
    const before = heap();
    let peak = before;
    const t0 = performance.now();
    const entries = unzipSync(zip);
    peak = Math.max(peak, heap());
    let inflated = 0;
    const files = [];
    for (const [name, bytes] of Object.entries(entries)) {
      if (!name.toLowerCase().endsWith('.csv')) continue;
      inflated += bytes.length;
      const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      const parsed = Papa.parse(text, { skipEmptyLines: true, delimitersToGuess: [',', ';', ':', '|'] });
      if (parsed.errors.length) throw new Error(`${name}: ${parsed.errors[0].message}`);
      files.push(parsed.data);
      peak = Math.max(peak, heap());
    }
    const summary = group(files);
    const ms = performance.now() - t0;
    peak = Math.max(peak, heap());
    kept = files;
    return { ms, summary, heapBefore: before, heapPeak: peak, typedBytes: zip.length + inflated };
  },

  /** Bulkwatch's core, in one call. */
  wasmOnce(zip) {
    const before = heap();
    const memBefore = wasm_memory_bytes();
    const t0 = performance.now();
    const loaded = load_once(zip);
    const ms = performance.now() - t0;
    const summary = JSON.parse(loaded.summary());
    kept = loaded;
    return { ms, summary, heapBefore: before, heapPeak: Math.max(before, heap()), wasmBefore: memBefore, wasmAfter: wasm_memory_bytes() };
  },

  /** Bulkwatch's core in the explorer's time slices (its Stepper: ~12 ms of work, then yield). */
  wasmSliced(zip) {
    const before = heap();
    const memBefore = wasm_memory_bytes();
    let peak = before;
    const sampler = setInterval(() => { peak = Math.max(peak, heap()); }, 5);
    return new Promise((resolve, reject) => {
      const t0 = performance.now();
      let handle = null;
      handle = load_sliced(zip, (loaded, slices) => {
        const ms = performance.now() - t0;
        clearInterval(sampler);
        if (!loaded || loaded instanceof Error) {
          reject(loaded ?? new Error('no result'));
          return;
        }
        kept = { loaded, handle };
        resolve({ ms, slices, summary: JSON.parse(loaded.summary()), heapBefore: before, heapPeak: Math.max(peak, heap()), wasmBefore: memBefore, wasmAfter: wasm_memory_bytes() });
      });
    });
  },
};
document.getElementById('state').textContent = 'ready';
