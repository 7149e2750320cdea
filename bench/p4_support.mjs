// P4 (support rows) — requests per minute, counted in the simulator's request log over a fixed
// window of real time, for: one tab on one job (the reference), three tabs on one job, and a
// watch list of ten jobs. Jobs run long (10 simulated minutes, real clock) so every row measures
// steady INPROGRESS polling, not start-up or completion.
import { startSimulator, launchBrowser } from '../tests/e2e/harness.mjs';

const WINDOW_MS = Number(process.env.P4S_WINDOW_MS || 30_000);
const TOKEN = 'bench-support-token';
const sim = await startSimulator(['--seed', '8', '--token', TOKEN]);

async function newJob() {
  const res = await fetch(`${sim.origin}/__sim/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: 'happy-insert', duration_secs: 600, queue_secs: 1 }),
  });
  if (!res.ok) throw new Error(`create job: ${res.status} ${await res.text()}`);
  return (await res.json()).id;
}

const link = (job) => `${sim.origin}/#api=${encodeURIComponent(sim.origin)}&v=v8&job=${job}`;

async function openJob(page, job) {
  await page.goto(link(job));
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  await page.locator('[data-testid="job-status"]').waitFor();
}

/** Requests per minute to the given jobs' details during the window that starts now. */
async function perMinute(jobs) {
  const start = (await sim.log()).now_ms;
  await new Promise((r) => setTimeout(r, WINDOW_MS)); // the measured window itself
  const log = await sim.log(`?since=${start}`);
  const n = log.entries.filter((e) => jobs.some((j) => e.path.endsWith(`/write/${j}`))).length;
  return (n * 60_000) / WINDOW_MS;
}

const rows = [];
async function row(name, setup, note) {
  const browser = await launchBrowser();
  try {
    const jobs = await setup(browser);
    rows.push([name, (await perMinute(jobs)).toFixed(1), note]);
  } finally {
    await browser.close();
  }
}

await row('1 tab, 1 job (reference)', async (b) => {
  const job = await newJob();
  await openJob(await b.page(), job);
  return [job];
}, 'one widget polling on its own');

await row('3 tabs, 1 job', async (b) => {
  const job = await newJob();
  for (let i = 0; i < 3; i++) await openJob(i === 0 ? await b.page() : await b.context.newPage(), job);
  return [job];
}, 'one tab leads (a Web Lock), the other two show its answers');

await row('watch list of 10 jobs', async (b) => {
  const jobs = [];
  for (let i = 0; i < 10; i++) jobs.push(await newJob());
  const page = await b.page();
  await page.goto(`${sim.origin}/#view=watch`);
  await page.getByTestId('watch-paste').fill(jobs.join('\n'));
  await page.getByTestId('watch-add').click();
  await page.getByTestId('watch-token').fill(TOKEN);
  await page.getByTestId('watch-token-use').click();
  // The list's budget (20 a minute shared by 10 rows) checks each row every 30 s, queued or not.
  await page.locator('[data-testid="watch-row"][data-status="in_progress"]').first().waitFor({ timeout: 90_000 });
  return jobs;
}, 'one poller per row, sharing the list budget (20 a minute by default), at most 4 requests in flight');

await sim.stop();
console.log(`## P4 — support: requests per minute (simulator log, ${WINDOW_MS / 1000} s window, real clock)\n`);
console.log('| Setup | Requests / min | Note |\n|---|---|---|');
for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
