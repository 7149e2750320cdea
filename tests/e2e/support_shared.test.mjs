// One shared poller: three tabs on one job make one request stream (the simulator's request log
// holds only the leading tab's requests; the others made none and show its answers), and closing
// the leading tab hands the lead to another without a gap longer than the poll interval. Real
// clock: the gaps are measured in the simulator's log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, jobRequests, waitForStatus, screenshot } from './harness.mjs';

const TOKEN = 'e2e-shared-token-5d1e';
let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--seed', '21', '--token', TOKEN]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

async function newJob(durationSecs) {
  const res = await fetch(`${sim.origin}/__sim/jobs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ scenario: 'happy-insert', duration_secs: durationSecs, queue_secs: 1 }),
  });
  assert.ok(res.ok, await res.clone().text());
  return (await res.json()).id;
}

async function openJob(page, job) {
  await page.goto(`${sim.origin}/#api=${encodeURIComponent(sim.origin)}&v=v8&job=${job}`);
  await page.getByTestId('token-input').fill(TOKEN);
  await page.getByTestId('connect').click();
  await page.locator('[data-testid="job-status"]').waitFor();
}

const role = (page) => page.locator('[data-poll-role]').getAttribute('data-poll-role');
const requestsMade = async (page) => Number(await page.getByTestId('request-count').textContent());

/** Resolves when `page`'s widget has made at least `n` requests. */
const untilRequests = (page, n, timeout = 60_000) =>
  page.waitForFunction(
    (want) => Number(document.querySelector('[data-testid="request-count"]')?.textContent) >= want,
    n,
    { timeout, polling: 100 },
  );

/** The page that leads, once exactly one of `pages` does. */
async function leaderOf(pages) {
  for (;;) {
    const roles = await Promise.all(pages.map(role));
    const leading = roles.filter((r) => r === 'leading').length;
    if (leading === 1 && roles.every((r) => r === 'leading' || r === 'following')) {
      return pages[roles.indexOf('leading')];
    }
    // Roles settle within a lock grant; wait for the next change of any role attribute.
    await Promise.race(pages.map((p) => p.waitForFunction(
      (was) => document.querySelector('[data-poll-role]')?.getAttribute('data-poll-role') !== was,
      roles[pages.indexOf(p)],
      { timeout: 10_000, polling: 50 },
    )));
  }
}

test('three tabs on one job make one request stream; the leader closing hands over', async (t) => {
  const job = await newJob(50);
  const pages = [await browser.page(), await browser.context.newPage(), await browser.context.newPage()];
  for (const page of pages) await openJob(page, job);
  assert.deepEqual(
    await Promise.all(pages.map((p) => p.evaluate(() => document.visibilityState))),
    ['visible', 'visible', 'visible'],
    'every tab is shown (a hidden one would not lead anyway)',
  );

  const leader = await leaderOf(pages);
  const followers = pages.filter((p) => p !== leader);
  // A few checks while all three watch.
  const before3 = await requestsMade(leader);
  await untilRequests(leader, before3 + 3);
  for (const f of followers) {
    assert.equal(await role(f), 'following');
    assert.equal(await requestsMade(f), 0, 'a following tab sends nothing');
    assert.ok(Number(await f.getByTestId('shared-count').textContent()) >= 1, 'it shows the shared answers');
    assert.equal(
      await f.getByTestId('job-status').getAttribute('data-status'),
      await leader.getByTestId('job-status').getAttribute('data-status'),
    );
  }
  // Every request the simulator saw came from the leading tab: one stream.
  const counted = await requestsMade(leader);
  const seen = (await jobRequests(sim, job)).length;
  const countedAfter = await requestsMade(leader);
  assert.ok(seen >= counted - 1 && seen <= countedAfter, `log ${seen}, leader counted ${counted}..${countedAfter}`);
  await screenshot(followers[0], 'support-shared-follower');

  // The leader's tab closes; another takes over at its planned check.
  const streamBefore = (await jobRequests(sim, job)).map((e) => e.t_ms);
  const intervals = streamBefore.slice(1).map((t, i) => t - streamBefore[i]);
  const oldCount = await requestsMade(leader);
  const closedAt = (await sim.log()).now_ms;
  await leader.close();
  const next = await leaderOf(followers);
  await untilRequests(next, 1);
  const after = (await jobRequests(sim, job)).map((e) => e.t_ms);
  const lastBefore = Math.max(...after.filter((t) => t <= closedAt));
  const firstAfter = Math.min(...after.filter((t) => t > closedAt));
  const longest = Math.max(...intervals);
  t.diagnostic(`intervals while three tabs watched: ${intervals.join(', ')} ms; hand-over gap ${firstAfter - lastBefore} ms`);
  assert.ok(
    firstAfter - lastBefore <= longest + 1500,
    `hand-over gap ${firstAfter - lastBefore} ms vs the longest interval before it ${longest} ms`,
  );

  // The new stream runs to completion alone: the last tab still sends nothing.
  const rest = followers.find((p) => p !== next);
  for (const page of followers) await waitForStatus(page, 'completed', 90_000);
  assert.equal(await requestsMade(rest), 0);
  const total = (await jobRequests(sim, job)).length;
  const newCount = await requestsMade(next);
  assert.ok(
    total === oldCount + newCount || total === oldCount + 1 + newCount,
    `every request is one of the two leaders': log ${total}, leaders ${oldCount} + ${newCount}`,
  );
});
