// Two widgets on one page (static/examples/two-widgets.html), each with its own API origin and
// token: two simulators stand for two data centres, each accepting only its own token, so a
// token sent to the wrong one would show in that simulator's request log as a refused request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, screenshot, recordFetches, fetchesSince } from './harness.mjs';
import { openPage, until, jobRequests, moreRequests, createJob, events } from './embed_support.mjs';

const TOKEN_A = 'tok-dc-a';
const TOKEN_B = 'tok-dc-b';
const JOB_A = '5300000000000000001';
const JOB_B = '5300000000000000002';
let simA;
let simB;
let browser;
before(async () => {
  simA = await startSimulator(['--seed', '11', '--manual-clock', '--token', TOKEN_A]);
  // The page is served by A; B answers it cross-origin.
  simB = await startSimulator(['--seed', '12', '--manual-clock', '--token', TOKEN_B,
    '--allow-origin', simA.origin]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await simB?.stop();
  await simA?.stop();
});

test('two widgets with different origins and tokens never cross', async () => {
  await createJob(simA, 'happy-insert', JOB_A);
  await createJob(simB, 'update-mixed', JOB_B);
  const fragment = `a-job=${JOB_A}&a-api=${encodeURIComponent(simA.origin)}`
    + `&b-job=${JOB_B}&b-api=${encodeURIComponent(simB.origin)}`;
  const page = await openPage(browser, `${simA.origin}/static/examples/two-widgets.html#${fragment}`);
  // B's origin is not the page's own: the page asks before pointing widget b (and its token) there.
  const confirm = page.getByTestId('example-confirm');
  await confirm.waitFor();
  assert.equal(await confirm.count(), 1, 'only b asks: a is the page\'s own origin');
  assert.ok((await confirm.innerText()).includes(simB.origin));
  await page.getByTestId('example-confirm-send').click();
  // Each widget's token through its own sign-in form, in one go.
  await page.getByTestId('a-token').fill(TOKEN_A);
  await page.getByTestId('b-token').fill(TOKEN_B);
  await page.locator('#a-sign-in button').click();
  await page.locator('#b-sign-in button').click();
  for (const id of ['a', 'b']) {
    await until(async () => (await page.locator(`#${id}`).getAttribute('status')) === 'added', `widget ${id}`);
  }
  // Let each make a few more requests.
  await moreRequests(simA, JOB_A, (await jobRequests(simA, JOB_A)).length, 1);
  await moreRequests(simB, JOB_B, (await jobRequests(simB, JOB_B)).length, 1);

  const logA = (await simA.log('?path_prefix=/crm/bulk/')).entries;
  const logB = (await simB.log('?path_prefix=/crm/bulk/')).entries;
  assert.ok(logA.length >= 2 && logB.length >= 2);
  // Each simulator saw only its own job, and every request carried the token it accepts.
  assert.deepEqual(logA.filter((e) => !e.path.endsWith(`/write/${JOB_A}`)), []);
  assert.deepEqual(logB.filter((e) => !e.path.endsWith(`/write/${JOB_B}`)), []);
  assert.deepEqual(logA.filter((e) => e.status !== 200), [], 'A refused a request: wrong or no token');
  assert.deepEqual(logB.filter((e) => e.status !== 200), [], 'B refused a request: wrong or no token');
  assert.equal((await events(page, 'bulkwatch-error')).length, 0);

  // Each shows its own job; their request counts are their own.
  assert.equal(await page.locator('#a').getByTestId('job-id').innerText().then((t) => t.includes(JOB_A)), true);
  assert.equal(await page.locator('#b').getByTestId('job-id').innerText().then((t) => t.includes(JOB_B)), true);
  await screenshot(page, 'embed-two-widgets');

  // Forgetting one widget's token stops that one only.
  // Counted where requests are made: one already in flight may still reach A's log.
  await recordFetches(page);
  const mark = await page.evaluate(() => {
    document.getElementById('a').token = null;
    return window.__bwFetches.length;
  });
  await page.locator('#a').getByTestId('token-prompt').waitFor();
  await moreRequests(simB, JOB_B, (await jobRequests(simB, JOB_B)).length, 1);
  assert.equal(await fetchesSince(page, mark, JOB_A), 0, 'A asked again without a token');
  assert.ok(await fetchesSince(page, mark, JOB_B) >= 1, 'the page records its fetches (the zero above is real)');
  await page.close();
});
