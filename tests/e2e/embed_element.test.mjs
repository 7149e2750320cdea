// <bulkwatch-job> on the plain portal page (static/examples/portal.html) against the simulator:
// events and their detail, the reflected status, a token set later, a refused token, switching
// jobs, moving and removing the element (checked in the simulator's request log), an unusable
// attribute, a failure to start, double registration and globals; poll="off" as a mode of its
// own (a snapshot, "Check again" for exactly one more request).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, screenshot, recordFetches, fetchesSince } from './harness.mjs';
import {
  openPage, events, eventOf, until, jobRequests, moreRequests, advance, simJobs, addWidget, createJob,
} from './embed_support.mjs';

const TOKEN = 'tok-embed-a';
let sim;
let browser;
before(async () => {
  sim = await startSimulator(['--seed', '5', '--manual-clock', '--token', TOKEN]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const portal = (job) => `${sim.origin}/static/examples/portal.html#job=${job}`;
const attr = (page, sel, name) => page.locator(sel).getAttribute(name);

test('events bubble out of the element with typed detail; status is reflected; complete once', async () => {
  const job = '5100000000000000001';
  await createJob(sim, 'happy-insert', job);
  const page = await openPage(browser, portal(job));
  // The portal's own sign-in hands the token to the element.
  await page.getByTestId('portal-token').fill(TOKEN);
  await page.getByTestId('portal-sign-in').click();

  const added = await eventOf(page, 'bulkwatch-change', (d) => d.status === 'added');
  assert.equal(added.target, 'job', 'retargeted to the host element');
  assert.equal(added.bubbles, true);
  assert.equal(added.composed, true);
  assert.deepEqual(added.detail, {
    jobId: job, status: 'added', statusText: 'Added', previousStatus: null,
    counts: { added: 0, updated: 0, skipped: 0, total: 0 },
  });
  await until(async () => (await attr(page, '#job', 'status')) === 'added', 'status="added"');
  assert.equal(await page.evaluate(() => document.getElementById('job').status), 'added');
  await screenshot(page, 'embed-portal-added');

  await advance(sim, 10 * 60 * 1000);
  const complete = await eventOf(page, 'bulkwatch-complete');
  const rows = (await simJobs(sim)).find((j) => j.id === job).rows;
  assert.equal(complete.detail.jobId, job);
  assert.equal(complete.detail.status, 'completed');
  assert.equal(complete.detail.counts.total, rows);
  const { added: a, updated: u, skipped: s } = complete.detail.counts;
  assert.equal(a + u + s, rows);
  const changes = await events(page, 'bulkwatch-change');
  assert.deepEqual(changes.at(-1).detail, complete.detail);
  assert.ok(['added', 'in-progress'].includes(changes.at(-1).detail.previousStatus));
  assert.equal(await attr(page, '#job', 'status'), 'completed');
  await page.locator('#job').getByTestId('download').waitFor();
  // Polling stopped at COMPLETED: still one completion, and the page's own log shows them.
  assert.equal((await events(page, 'bulkwatch-complete')).length, 1);
  assert.match(await page.getByTestId('portal-events').innerText(), /bulkwatch-complete: job \d+ completed/);
  // The token is nowhere but in memory.
  const traces = await page.evaluate(() => [
    document.documentElement.outerHTML,
    JSON.stringify({ ...localStorage }),
    JSON.stringify({ ...sessionStorage }),
    location.href,
    String(document.getElementById('job').token),
  ].join('\n'));
  assert.ok(!traces.includes(TOKEN), 'token leaked into the DOM, storage or URL');
  await screenshot(page, 'embed-portal-completed');
  await page.close();
});

test('a token set later starts polling; a refused one reopens the token field', async () => {
  const job = '5100000000000000002';
  await createJob(sim, 'happy-insert', job);
  const page = await openPage(browser, portal(job));
  const widget = page.locator('#job');
  await widget.getByTestId('token-prompt').waitFor();
  assert.equal((await jobRequests(sim, job)).length, 0, 'no request without a token');
  assert.equal(await attr(page, '#job', 'status'), null);

  await page.evaluate(() => { document.getElementById('job').token = 'not-a-valid-token'; });
  const refused = await eventOf(page, 'bulkwatch-error');
  assert.deepEqual(
    { code: refused.detail.code, httpStatus: refused.detail.httpStatus, jobId: refused.detail.jobId },
    { code: 'INVALID_TOKEN', httpStatus: 401, jobId: job },
  );
  assert.equal(typeof refused.detail.message, 'string');
  assert.equal(refused.detail.retryable, false);
  await widget.getByTestId('token-input').waitFor();
  await widget.getByText('Zoho refused the token').waitFor();

  // A person pastes a good token into the element's own field.
  await widget.getByTestId('token-input').fill(TOKEN);
  await widget.getByTestId('connect').click();
  await until(async () => (await attr(page, '#job', 'status')) === 'added', 'status after a new token');
  assert.equal(await widget.getByTestId('token-input').count(), 0);
  await widget.getByTestId('forget-token').waitFor();
  await page.close();
});

test('changing job-id switches jobs and the old one is asked no more', async () => {
  const [first, second] = ['5100000000000000003', '5100000000000000004'];
  await createJob(sim, 'happy-insert', first);
  await createJob(sim, 'update-mixed', second);
  const page = await openPage(browser, portal(first));
  await page.evaluate((t) => { document.getElementById('job').token = t; }, TOKEN);
  await eventOf(page, 'bulkwatch-change', (d) => d.jobId === first);

  await page.evaluate((id) => document.getElementById('job').setAttribute('job-id', id), second);
  const switched = await eventOf(page, 'bulkwatch-change', (d) => d.jobId === second, 'the new job');
  assert.equal(switched.detail.previousStatus, null, 'a new job starts afresh');
  await until(async () => (await page.locator('#job').getByTestId('job-id').innerText()).includes(second),
    'the new job shown');
  const oldCount = (await jobRequests(sim, first)).length;
  // The new job keeps being polled while the old one is not.
  const newCount = (await jobRequests(sim, second)).length;
  await moreRequests(sim, second, newCount, 2);
  assert.equal((await jobRequests(sim, first)).length, oldCount);
  await page.close();
});

test('moving the element keeps it running; removing it stops its requests; re-adding restarts', async () => {
  const [moved, control] = ['5100000000000000005', '5100000000000000006'];
  await createJob(sim, 'happy-insert', moved);
  await createJob(sim, 'happy-insert', control);
  const page = await openPage(browser, portal(moved));
  await page.evaluate((t) => { document.getElementById('job').token = t; }, TOKEN);
  await addWidget(page, 'control', { 'job-id': control, 'api-domain': sim.origin }, TOKEN);
  await moreRequests(sim, moved, 0, 2);
  const widget = page.locator('#job');
  const shownCount = async () => Number(await widget.getByTestId('request-count').innerText());
  await until(async () => (await shownCount()) >= 2, 'two requests shown');

  // Move it to another place in the page: disconnected and connected in one task. A restart
  // would unmount the app (its root node replaced) and reset the request count.
  const before = await shownCount();
  await page.evaluate(() => {
    const el = document.getElementById('job');
    window.__root = el.shadowRoot.querySelector('[data-testid="bulkwatch-embed"]');
    document.querySelector('header').append(el);
  });
  await moreRequests(sim, control, (await jobRequests(sim, control)).length, 1);
  assert.ok(await page.evaluate(() => {
    const same = document.getElementById('job').shadowRoot
      .querySelector('[data-testid="bulkwatch-embed"]') === window.__root && window.__root.isConnected;
    delete window.__root;
    return same;
  }), 'the same app kept running');
  assert.ok((await shownCount()) >= before, 'the request count was not reset');
  assert.equal(await attr(page, '#job', 'status'), 'added');

  // Remove it between two requests (none in flight), then let the control make two more.
  await until(async () => /Next check/.test(await widget.getByTestId('next-check').innerText()),
    'a quiet moment between requests');
  // Counted where requests are made: one already in flight may still reach the log.
  await recordFetches(page);
  const mark = await page.evaluate(() => {
    window.__removed = document.getElementById('job');
    window.__removed.remove();
    return window.__bwFetches.length;
  });
  await moreRequests(sim, control, (await jobRequests(sim, control)).length, 2);
  assert.equal(await fetchesSince(page, mark, moved), 0, 'a removed element made requests');
  assert.equal(await page.evaluate(() =>
    window.__removed.shadowRoot.querySelector('.bw-host').childElementCount), 0, 'unmounted');

  // Put back, it starts again with the token it was given.
  const atPutBack = (await jobRequests(sim, moved)).length;
  await page.evaluate(() => { document.querySelector('main').append(window.__removed); delete window.__removed; });
  await moreRequests(sim, moved, atPutBack, 1);
  assert.ok(await fetchesSince(page, mark, moved) >= 1, 'the page records its fetches (the zero above is real)');
  await until(async () => (await attr(page, '#job', 'status')) === 'added', 'status again');
  await page.close();
});

test('an unusable attribute shows in the element and as an event; fixing it goes live', async () => {
  const job = '5100000000000000007';
  await createJob(sim, 'happy-insert', job);
  const page = await openPage(browser, portal(job));
  await addWidget(page, 'bad', { 'job-id': job, dc: 'mars' }, TOKEN);
  // A token written as an attribute is never used, and removed from the DOM.
  await addWidget(page, 'leaky', { 'job-id': job, 'api-domain': sim.origin, token: TOKEN });
  await page.locator('#leaky').getByTestId('token-prompt').waitFor();
  assert.equal(await attr(page, '#leaky', 'token'), null);
  const bad = page.locator('#bad');
  await bad.getByTestId('error').waitFor();
  assert.equal(await bad.getByTestId('error').getAttribute('data-code'), 'INVALID_INPUT');
  const reported = await eventOf(page, 'bulkwatch-error', (d) => d.code === 'INVALID_INPUT');
  assert.equal(reported.target, 'bad');
  assert.equal(reported.detail.httpStatus, null);
  assert.match(reported.detail.message, /dc/);
  assert.equal((await jobRequests(sim, job)).length, 0);

  await page.evaluate((origin) => {
    const el = document.getElementById('bad');
    el.removeAttribute('dc');
    el.apiDomain = origin; // the reflecting property
  }, sim.origin);
  await until(async () => (await attr(page, '#bad', 'status')) === 'added', 'the fixed widget watching');
  assert.equal(await bad.getByTestId('error').count(), 0);
  await page.close();
});

test('a failure to start shows inside the element and never breaks the page', async () => {
  const page = await browser.context.newPage();
  const pageErrors = [];
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.route('**/pkg/bulkwatch_bg.wasm', (route) => route.fulfill({ status: 404, body: 'gone' }));
  await page.goto(portal('5100000000000000008'));
  const error = page.locator('#job').getByTestId('error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'BOOT');
  // The host page still works.
  await page.getByTestId('portal-token').fill('x');
  await page.getByTestId('portal-sign-in').click();
  assert.deepEqual(pageErrors, []);
  await page.close();
});

test('loading the module twice is harmless and it leaks no globals', async () => {
  const blank = `${sim.origin}/__embed_blank.html`;
  const page = await browser.context.newPage();
  await page.route(blank, (route) => route.fulfill({
    contentType: 'text/html',
    body: '<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>blank</title></head><body><main></main></body></html>',
  }));
  await page.goto(blank);
  await createJob(sim, 'happy-insert', '5100000000000000009');
  const result = await page.evaluate(async ({ origin, token, job }) => {
    const before = new Set(Object.getOwnPropertyNames(window));
    const handlers = [window.onerror, window.onunhandledrejection];
    const first = await import('/static/bulkwatch-element.js');
    const second = await import('/static/bulkwatch-element.js?loaded-again');
    const el = document.createElement('bulkwatch-job');
    el.setAttribute('api-domain', origin);
    el.setAttribute('job-id', job);
    el.token = token;
    document.querySelector('main').append(el);
    await new Promise((resolve) => el.addEventListener('bulkwatch-change', resolve, { once: true }));
    return {
      distinctModules: first !== second,
      sameClass: first.BulkwatchJobElement === second.BulkwatchJobElement
        && first.BulkwatchJobElement === customElements.get('bulkwatch-job'),
      upgraded: el instanceof customElements.get('bulkwatch-job'),
      status: el.getAttribute('status'),
      added: Object.getOwnPropertyNames(window).filter((n) => !before.has(n)),
      handlersKept: window.onerror === handlers[0] && window.onunhandledrejection === handlers[1],
    };
  }, { origin: sim.origin, token: TOKEN, job: '5100000000000000009' }).catch((e) => ({ error: String(e) }));
  assert.equal(result.error, undefined, result.error);
  assert.ok(result.distinctModules, 'two module instances were loaded');
  assert.ok(result.sameClass, 'one element class registered');
  assert.ok(result.upgraded);
  assert.equal(result.status, 'added');
  assert.deepEqual(result.added, [], 'no new globals');
  assert.ok(result.handlersKept);
  await page.close();
});

test('poll="off" shows the job once, says polling is off, and "Check again" asks exactly once more', async () => {
  const job = '5100000000000000020';
  await createJob(sim, 'happy-insert', job);
  // The portal's own element gets no token here, so it asks nothing.
  const page = await openPage(browser, `${sim.origin}/static/examples/portal.html`);
  await addWidget(page, 'off', { 'job-id': job, 'api-domain': sim.origin, poll: 'off' }, TOKEN);
  const widget = page.locator('#off');
  const said = () => widget.getByTestId('next-check').innerText();
  const asOf = /^Polling is off: showing the job as of \d\d:\d\d:\d\d\.$/;
  await until(async () => asOf.test(await said()), 'polling is off, as of a time');
  assert.equal((await jobRequests(sim, job)).length, 1, 'one request: a snapshot');
  assert.equal(await widget.getByTestId('request-count').innerText(), '1');
  assert.equal(await widget.getByTestId('resume').count(), 0, 'no Resume');
  assert.ok(!/budget/i.test(await widget.innerText()), 'no budget wording');
  await screenshot(page, 'embed-poll-off');

  // "Check again" asks once, shows the answer, and plans nothing more.
  await widget.getByTestId('check-again').click();
  await until(async () => (await widget.getByTestId('request-count').innerText()) === '2', 'two requests shown');
  await until(async () => asOf.test(await said()), 'polling is off again');
  assert.equal((await jobRequests(sim, job)).length, 2, 'exactly one more request');

  // Once the job has finished, the next check shows it done: nothing left to check again.
  await advance(sim, 10 * 60 * 1000);
  await widget.getByTestId('check-again').click();
  await until(async () => (await attr(page, '#off', 'status')) === 'completed', 'the fresh answer shown');
  assert.equal(await said(), 'Done: the job completed.');
  assert.equal(await widget.getByTestId('check-again').count(), 0);
  assert.equal((await jobRequests(sim, job)).length, 3);
  await page.close();
});
