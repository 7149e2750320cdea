// P2 (embedding) — time from inserting a <bulkwatch-job> into a page to its first job status
// painted, against a plain-JS peer doing the same fetch and writing the status as text, same
// simulator, same Chromium, same run. Each run is a fresh browser profile (cold HTTP cache). The
// clock is the page's performance.now(): from just before the insertion to the mutation that
// makes the status visible (status element present with data-status, widget root shown).
import { startSimulator, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.RUNS || 7);
const JOB = '5560000000000000001';
const TOKEN = 'bench-token';
const sim = await startSimulator(['--token', TOKEN, '--scenario', `happy-insert=${JOB}`, '--seed', '1']);
const BLANK = `${sim.origin}/__bench_embed_blank.html`;

/** Runs in the page: inserts an element (optionally before the module is loaded) and resolves to
 * [t0, t1] once its status is painted. */
async function insertAndTime({ origin, job, token, loadFirst }) {
  const painted = (el) => new Promise((resolve) => {
    const check = () => {
      const root = el.shadowRoot && el.shadowRoot.querySelector('.bw-host');
      const status = root && root.querySelector('[data-testid="job-status"][data-status]');
      if (status && !root.hidden) {
        resolve(performance.now());
        return true;
      }
      return false;
    };
    const watch = () => {
      if (check()) return;
      new MutationObserver((_, obs) => { if (check()) obs.disconnect(); })
        .observe(el.shadowRoot, { subtree: true, childList: true, attributes: true });
    };
    if (el.shadowRoot) watch();
    else customElements.whenDefined('bulkwatch-job').then(watch);
  });
  let module;
  if (loadFirst) {
    module = await import('/static/bulkwatch-element.js');
    await module.load();
  }
  const t0 = performance.now();
  const el = document.createElement('bulkwatch-job');
  el.setAttribute('api-domain', origin);
  el.setAttribute('job-id', job);
  el.token = token;
  document.querySelector('main').append(el);
  const done = painted(el);
  if (!loadFirst) await import('/static/bulkwatch-element.js');
  return [t0, await done];
}

/** Runs in the page: the peer — fetch the job, write its status as text. */
async function plainFetch({ origin, job, token }) {
  const t0 = performance.now();
  const res = await fetch(`${origin}/crm/bulk/v8/write/${job}`, {
    headers: { Authorization: `Zoho-oauthtoken ${token}` }, credentials: 'omit', cache: 'no-store',
  });
  const body = await res.json();
  const p = document.createElement('p');
  p.dataset.status = String(body.status).toLowerCase();
  p.textContent = `Status: ${body.status}`;
  document.querySelector('main').append(p);
  return [t0, performance.now()];
}

async function withPage(fn) {
  const browser = await launchBrowser();
  try {
    const page = await browser.page();
    await page.route(BLANK, (route) => route.fulfill({
      contentType: 'text/html',
      body: '<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>bench</title></head><body><main></main></body></html>',
    }));
    await page.goto(BLANK);
    return await fn(page);
  } finally {
    await browser.close();
  }
}

const args = { origin: sim.origin, job: JOB, token: TOKEN };
const rows = {
  'element inserted before the module loads (wasm, CSS and job fetched)': [],
  'element inserted, module and wasm already loaded (CSS and job fetched)': [],
  'a second element inserted (CSS cached, job fetched)': [],
  'peer: plain JS fetch + status as text': [],
};
const [cold, loaded, second, peer] = Object.keys(rows);
for (let i = 0; i < RUNS; i += 1) {
  rows[cold].push(await withPage(async (page) => {
    const [t0, t1] = await page.evaluate(insertAndTime, { ...args, loadFirst: false });
    return t1 - t0;
  }));
  await withPage(async (page) => {
    const [a0, a1] = await page.evaluate(insertAndTime, { ...args, loadFirst: true });
    rows[loaded].push(a1 - a0);
    const [b0, b1] = await page.evaluate(insertAndTime, { ...args, loadFirst: true });
    rows[second].push(b1 - b0);
  });
  rows[peer].push(await withPage(async (page) => {
    const [t0, t1] = await page.evaluate(plainFetch, args);
    return t1 - t0;
  }));
}
await sim.stop();

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('## P2 (embedding) — element insertion to first status painted (ms, lower is better)\n');
console.log('| what | median | min | max | runs |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, xs] of Object.entries(rows)) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${xs.length} |`);
}
