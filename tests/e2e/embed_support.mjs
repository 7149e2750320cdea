// Helpers of the embedding end-to-end tests (embed_*.test.mjs): pages that record the widgets'
// events and CSP violations, the simulator's clock and request log, and waiting for a condition
// (polling what is observable, never sleeping a fixed time and hoping).

/** Opens `url` in a fresh page that records widget events and CSP violations from the start. */
export async function openPage(browser, url) {
  const page = await browser.context.newPage();
  await page.addInitScript(() => {
    const events = [];
    const violations = [];
    // One test-only global, which the no-globals check leaves out by name.
    Object.defineProperty(window, '__bwTest', { value: { events, violations }, enumerable: false });
    for (const name of ['bulkwatch-change', 'bulkwatch-complete', 'bulkwatch-error']) {
      document.addEventListener(name, (e) => events.push({
        type: e.type,
        target: e.target && e.target.id ? e.target.id : (e.target && e.target.localName) || null,
        bubbles: e.bubbles,
        composed: e.composed,
        detail: JSON.parse(JSON.stringify(e.detail)),
      }));
    }
    document.addEventListener('securitypolicyviolation', (e) =>
      violations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
  });
  await page.goto(url);
  return page;
}

/** The events recorded so far (optionally of one type). */
export async function events(page, type) {
  const all = await page.evaluate(() => window.__bwTest.events);
  return type ? all.filter((e) => e.type === type) : all;
}

/** The CSP violations recorded so far. */
export async function violations(page) {
  return page.evaluate(() => window.__bwTest.violations);
}

/** Polls `check` (sync or async) until it returns a truthy value, which it returns. */
export async function until(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits for an event of `type` matching `match(detail)`; returns it. */
export async function eventOf(page, type, match = () => true, what = type) {
  return until(async () => (await events(page, type)).find((e) => match(e.detail)), what);
}

/** The simulator's job-details requests for `jobId` (any version), oldest first. */
export async function jobRequests(sim, jobId) {
  const { entries } = await sim.log('?path_prefix=/crm/bulk/');
  return entries.filter((e) => e.method === 'GET' && e.path.endsWith(`/write/${jobId}`));
}

/** Waits until `jobId` has had `n` more job-details requests than `before`. */
export async function moreRequests(sim, jobId, before, n, timeoutMs = 30_000) {
  return until(async () => {
    const now = await jobRequests(sim, jobId);
    return now.length >= before + n ? now : null;
  }, `${n} more request(s) for job ${jobId}`, timeoutMs);
}

/** Moves the simulator's manual clock forward. */
export async function advance(sim, ms) {
  const res = await fetch(`${sim.origin}/__sim/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!res.ok) throw new Error(`clock advance: HTTP ${res.status}`);
}

/** The simulator's jobs (`GET /__sim/jobs`). */
export async function simJobs(sim) {
  const res = await fetch(`${sim.origin}/__sim/jobs`);
  return res.json();
}

/** Adds a `<bulkwatch-job>` to the page with `attrs` (and a token, set as a property). */
export async function addWidget(page, id, attrs, token) {
  await page.evaluate(({ id, attrs, token }) => {
    const el = document.createElement('bulkwatch-job');
    el.id = id;
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    if (token) el.token = token;
    document.querySelector('main').append(el);
  }, { id, attrs, token });
}

/** Creates a scenario job in the simulator (queued from the simulator's present time). */
export async function createJob(sim, scenario, id) {
  const res = await fetch(`${sim.origin}/__sim/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario, id }),
  });
  if (res.status !== 201) throw new Error(`create job ${id}: HTTP ${res.status} ${await res.text()}`);
  return res.json();
}
