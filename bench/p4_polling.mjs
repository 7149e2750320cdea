// P4 — requests made to follow a simulated 10-minute job to COMPLETED, and how long after completion
// it was shown: the real widget (its core policy and its hook) without the file's row count (the
// standalone page), with it (`<bulkwatch-job rows=…>` as a portal embeds it), and a fixed 2 s
// poller, same run.
// The simulator's clock and the page's timers (Playwright's fake clock) advance together in steps,
// so ten simulated minutes take seconds and every run is repeatable.
import { startSimulator, launchBrowser, advanceClock } from '../tests/e2e/harness.mjs';

const STEP_MS = 250;
const JOB_SECS = 600;
const TOKEN = 'bench-token';
const sim = await startSimulator(['--manual-clock', '--seed', '4', '--token', TOKEN]);

async function newJob() {
  const res = await fetch(`${sim.origin}/__sim/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: 'happy-insert', duration_secs: JOB_SECS, queue_secs: 10 }),
  });
  if (!res.ok) throw new Error(`create job: ${res.status} ${await res.text()}`);
  const { id } = await res.json();
  const jobs = await (await fetch(`${sim.origin}/__sim/jobs`)).json();
  return jobs.find((j) => j.id === id);
}

async function follow(pagePath, { rows = false } = {}) {
  const job = await newJob();
  const extra = rows ? `&rows=${job.rows}` : '';
  const browser = await launchBrowser();
  try {
    const page = await browser.page();
    let inflight = 0;
    let settle = null;
    page.on('request', (r) => { if (r.url().includes('/crm/bulk/')) inflight++; });
    const done = (r) => {
      if (r.url().includes('/crm/bulk/') && --inflight === 0 && settle) { settle(); settle = null; }
    };
    page.on('requestfinished', done);
    page.on('requestfailed', done);
    await page.clock.install();
    await page.goto(`${sim.origin}${pagePath}#api=${encodeURIComponent(sim.origin)}&v=v8&job=${job.id}${extra}`);
    await page.getByTestId('token-input').fill(TOKEN);
    await page.getByTestId('connect').click();
    const clockOf = async () => (await (await fetch(`${sim.origin}/__sim/clock`)).json()).sim_ms;
    for (let guard = 0; guard < ((JOB_SECS + 300) * 1000) / STEP_MS; guard++) {
      if (inflight > 0) await new Promise((r) => { settle = r; });
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())).catch(() => {}));
      const status = await page.locator('[data-testid="job-status"]').getAttribute('data-status');
      if (status === 'completed') {
        const shownAt = await clockOf();
        const log = await sim.log();
        const requests = log.entries.filter((e) => e.path.endsWith(`/write/${job.id}`)).length;
        return { requests, lagMs: shownAt - job.end_sim_ms };
      }
      await advanceClock(sim, STEP_MS);
      await page.clock.runFor(STEP_MS);
    }
    throw new Error(`${pagePath}: never showed COMPLETED`);
  } finally {
    await browser.close();
  }
}

const rows = [
  ['Bulkwatch widget, row count unknown (standalone page)', await follow('/index.html')],
  ['Bulkwatch widget, row count known (`<bulkwatch-job rows>`)', await follow('/bench/pages/element-rows.html', { rows: true })],
  ['peer: fixed 2 s poller', await follow('/bench/peers/fixed-poller.html')],
];
await sim.stop();
console.log(`## P4 — following a ${JOB_SECS / 60}-minute job to COMPLETED (simulated time, ${STEP_MS} ms steps)\n`);
console.log('| poller | requests (≈ API credits) | shown after completion (s) |');
console.log('| --- | ---: | ---: |');
for (const [name, r] of rows) console.log(`| ${name} | ${r.requests} | ${(r.lagMs / 1000).toFixed(2)} |`);
