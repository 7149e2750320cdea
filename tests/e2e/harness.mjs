// End-to-end harness: starts the `bulkwatch` simulator (which also serves the built page) on a free
// loopback port, and Debian's headless Chromium through playwright-core with a fresh profile.
// Every test gets its own simulator and browser context; nothing reaches beyond loopback.
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = require(join(ROOT, 'tools/node_modules/playwright-core'));
export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const BIN = process.env.BULKWATCH_BIN || join(ROOT, 'target/debug/bulkwatch');
export const CHROMIUM_FLAGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

/** Starts `bulkwatch simulate` with extra args; resolves once it prints its URL. */
export async function startSimulator(args = []) {
  const child = spawn(BIN, ['simulate', '--listen', '127.0.0.1:0', '--static-dir', ROOT, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const origin = await new Promise((resolveUrl, reject) => {
    const onData = (chunk) => {
      out += chunk.toString();
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (m && Number(m[1]) !== 0) resolveUrl(`http://127.0.0.1:${m[1]}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`simulator exited (${code}) before listening:\n${out}`)));
  });
  return {
    origin,
    output: () => out,
    async log(query = '') {
      const res = await fetch(`${origin}/__sim/log${query}`);
      if (!res.ok) throw new Error(`request log: HTTP ${res.status}`);
      return res.json();
    },
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
    },
  };
}

/** Launches headless Chromium with a fresh profile; collects console lines and page errors. */
export async function launchBrowser(options = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'bulkwatch-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    chromiumSandbox: false,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1200, height: 900 },
    acceptDownloads: true,
    ...options,
  });
  const consoleLines = [];
  const pageErrors = [];
  const watch = (page) => {
    page.on('console', (msg) => consoleLines.push(`${msg.type()}: ${msg.text()}`));
    page.on('pageerror', (err) => pageErrors.push(String(err)));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  return {
    context,
    consoleLines,
    pageErrors,
    async page() {
      const existing = context.pages();
      return existing.length > 0 ? existing[0] : context.newPage();
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot where reviewers find it: tests/e2e/artifacts/<name>.png */
export async function screenshot(page, name) {
  // Finite transitions (a bar growing to its value) are shown at their end, as a person sees them
  // a moment later; endless ones (the striped bar) at their start.
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true, animations: 'disabled' });
}

/** The standalone page's deep link for a job on this simulator (never carries a token). */
export function deepLink(sim, job, version = 'v8') {
  return `${sim.origin}/#api=${encodeURIComponent(sim.origin)}&v=${version}&job=${job}`;
}

/** Opens the page on a job, types the token and connects, as a person would. */
export async function watchJob(page, sim, { job, token, version = 'v8' }) {
  // A fresh load each time: a goto that changes only the fragment would not reload the page.
  await page.goto('about:blank');
  await page.goto(deepLink(sim, job, version));
  await page.getByTestId('token-input').fill(token);
  await page.getByTestId('connect').click();
}

/** Resolves when the widget's status badge shows `status` (added|in_progress|completed|failed|unknown). */
export async function waitForStatus(page, status, timeout = 30_000) {
  await page.locator(`[data-testid="job-status"][data-status="${status}"]`).waitFor({ timeout });
}

/** Fetches a job straight from the simulator (what Zoho says), for comparing with what is shown. */
export async function zohoJob(sim, job, token, version = 'v8') {
  const res = await fetch(`${sim.origin}/crm/bulk/${version}/write/${job}`, {
    headers: { Authorization: `Zoho-oauthtoken ${token}` },
  });
  return { status: res.status, body: await res.json() };
}

/** Moves a --manual-clock simulator's clock forward. */
export async function advanceClock(sim, ms) {
  const res = await fetch(`${sim.origin}/__sim/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!res.ok) throw new Error(`advance clock: HTTP ${res.status} ${await res.text()}`);
}

/** Requests the page made for one job's details, from the simulator's request log. */
export async function jobRequests(sim, job) {
  const log = await sim.log();
  const entries = Array.isArray(log) ? log : log.entries;
  return entries.filter((e) => e.method === 'GET' && /\/crm\/bulk\/[^/]+\/write\//.test(e.path) && e.path.endsWith(`/${job}`));
}

/**
 * Records, in the page, the URL of every fetch it starts from now on (idempotent). Counting where
 * requests are made is exact: a request already in flight, or one the simulator logs late, is
 * never taken for a new one. Read `window.__bwFetches.length` in the same `evaluate` as the action
 * whose consequences are counted, then count with `fetchesSince`.
 */
export async function recordFetches(page) {
  await page.evaluate(() => {
    if (window.__bwFetches) return;
    window.__bwFetches = [];
    const real = window.fetch;
    window.fetch = function (...args) {
      const input = args[0];
      window.__bwFetches.push(typeof input === 'string' ? input : (input?.url ?? String(input)));
      return real.apply(window, args);
    };
  });
}

/** How many fetches the page started after `mark` whose URL contains `part`. */
export async function fetchesSince(page, mark, part) {
  return page.evaluate(
    ([from, needle]) => window.__bwFetches.slice(from).filter((u) => u.includes(needle)).length,
    [mark, part],
  );
}

/**
 * Runs axe-core on the page and fails with every violation's rule and targets. axe is injected as
 * a script tag, so the page's context needs `bypassCSP: true` (the CSP itself is tested apart).
 */
export async function axe(page, state) {
  await page.addScriptTag({ path: join(ROOT, 'tools/node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  assert.deepEqual(summary, [], `axe violations in state "${state}"`);
}
