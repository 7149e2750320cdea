// P2 — cold load → first job status painted: the standalone Bulkwatch page against a plain-JS page
// doing the same fetch, same simulator, same Chromium, same run. Each run is a fresh profile (cold
// cache); the clock is the page's own performance.now() when the status element gets data-status.
import { startSimulator, launchBrowser } from '../tests/e2e/harness.mjs';

const RUNS = Number(process.env.RUNS || 7);
const JOB = '5550000000000000001';
const sim = await startSimulator(['--token', 'bench-token', '--scenario', `happy-insert=${JOB}`, '--seed', '1']);
const link = `#api=${encodeURIComponent(sim.origin)}&v=v8&job=${JOB}`;
const pages = {
  'Bulkwatch standalone page': `${sim.origin}/index.html${link}`,
  'peer: plain JS page (no framework)': `${sim.origin}/bench/peers/plain.html${link}`,
};

async function once(url) {
  const browser = await launchBrowser();
  try {
    const page = await browser.page();
    await page.addInitScript(() => {
      new MutationObserver((_, obs) => {
        const el = document.querySelector('[data-testid="job-status"][data-status]');
        if (el && el.dataset.status && !window.__painted) {
          window.__painted = performance.now();
          obs.disconnect();
        }
      }).observe(document, { subtree: true, childList: true, attributes: true });
    });
    await page.goto(url);
    await page.getByTestId('token-input').fill('bench-token');
    await page.getByTestId('connect').click();
    await page.waitForFunction(() => window.__painted);
    return await page.evaluate(() => window.__painted);
  } finally {
    await browser.close();
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = {};
for (let i = 0; i < RUNS; i++) {
  for (const [name, url] of Object.entries(pages)) (results[name] ??= []).push(await once(url));
}
await sim.stop();
console.log('## P2 — cold load to first job status painted (ms, lower is better)\n');
console.log(`| page | median | min | max | runs |`);
console.log(`| --- | ---: | ---: | ---: | ---: |`);
for (const [name, xs] of Object.entries(results)) {
  console.log(`| ${name} | ${median(xs).toFixed(0)} | ${Math.min(...xs).toFixed(0)} | ${Math.max(...xs).toFixed(0)} | ${xs.length} |`);
}
