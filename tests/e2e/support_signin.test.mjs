// Sign in with Zoho against the simulator's accounts server: the implicit flow's round trip with
// `state` checked, the fragment removed from the address bar, `api_domain` honoured over the data
// centre the link named, and the token afterwards in no storage area, URL or console line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSimulator, launchBrowser, waitForStatus, jobRequests, screenshot } from './harness.mjs';

const CLIENT = '1000.E2ESUPPORT';
const JOB = '4440000000000000081';
let sim;
let browser;

before(async () => {
  sim = await startSimulator([
    '--manual-clock', '--seed', '3', '--oauth-client', `${CLIENT}=/`,
    '--scenario', `happy-insert=${JOB}`,
  ]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

/** The token this simulator run issues, read the way Zoho's answer would be (not through the page). */
async function issuedToken() {
  const q = new URLSearchParams({
    response_type: 'token', client_id: CLIENT, scope: 'ZohoCRM.bulk.CREATE',
    redirect_uri: `${sim.origin}/`, state: 'probe-state-0000',
  });
  const res = await fetch(`${sim.origin}/oauth/v2/auth?${q}`, { redirect: 'manual' });
  assert.equal(res.status, 302);
  return new URLSearchParams(new URL(res.headers.get('location')).hash.slice(1)).get('access_token');
}

async function storageDump(page) {
  return page.evaluate(() => {
    const all = [];
    for (const s of [localStorage, sessionStorage]) {
      for (let i = 0; i < s.length; i += 1) all.push(`${s.key(i)}=${s.getItem(s.key(i))}`);
    }
    return all.join('\n') + '\n' + document.cookie;
  });
}

test('the sign-in round trip: state checked, fragment gone, api_domain honoured, token in memory only', async () => {
  const token = await issuedToken();
  assert.ok(token && token.length > 8);
  const page = await browser.page();
  const navigations = [];
  page.on('request', (r) => { if (r.isNavigationRequest()) navigations.push(r.url()); });
  // The link names Zoho's US data centre; the account's api_domain (the simulator) must win.
  await page.goto(`${sim.origin}/#dc=us&v=v8&job=${JOB}`);
  await page.getByTestId('sign-in-client').fill(CLIENT);
  assert.equal(await page.getByTestId('sign-in-accounts').inputValue(), sim.origin);
  await page.getByTestId('sign-in').click();
  await waitForStatus(page, 'added');

  // The request to Zoho's accounts server asked for the narrowest scope with a real state.
  const auth = navigations.map((u) => new URL(u)).find((u) => u.pathname === '/oauth/v2/auth');
  assert.ok(auth, `went to the accounts server: ${navigations.join(' ')}`);
  assert.equal(auth.searchParams.get('scope'), 'ZohoCRM.bulk.CREATE');
  assert.equal(auth.searchParams.get('response_type'), 'token');
  assert.match(auth.searchParams.get('state'), /^[0-9a-f]{32}$/);
  assert.equal(auth.searchParams.get('redirect_uri'), `${sim.origin}/`);

  // The job was read from the simulator (api_domain), with the issued token.
  const reqs = await jobRequests(sim, JOB);
  assert.ok(reqs.length >= 1, 'the job was polled on the api_domain');

  // The fragment left the address bar; what is there now is a plain deep link.
  const url = page.url();
  assert.ok(!url.includes('access_token'), url);
  assert.ok(!url.includes(token), url);
  assert.ok(!url.includes('state='), url);

  // Expiry is shown.
  assert.match(await page.getByTestId('sign-in-status').textContent(), /until/);
  const dump = await storageDump(page);
  assert.ok(!dump.includes(token), 'the token is in no storage area');
  assert.ok(!dump.includes('signin.pending'), 'the pending sign-in was used up');
  assert.ok(!browser.consoleLines.some((l) => l.includes(token)), 'no console line holds the token');
  assert.ok(!(await page.content()).includes(token), 'the token is not in the DOM');
  await screenshot(page, 'support-signed-in');
});

test('a forged answer (wrong state, or none started) is refused and removed from the address bar', async () => {
  const page = await browser.page();
  await page.goto('about:blank');
  const forged = 'forged-token-abcdef';
  await page.goto(`${sim.origin}/#access_token=${forged}&expires_in=3600&api_domain=${encodeURIComponent(sim.origin)}&state=0123456789abcdef0123456789abcdef`);
  await page.getByTestId('sign-in-problem').waitFor();
  assert.ok(!page.url().includes(forged), page.url());
  assert.equal(await page.getByTestId('job-status').count(), 0, 'nothing is watched with a forged token');
  const log = await sim.log();
  const entries = Array.isArray(log) ? log : log.entries;
  assert.ok(!JSON.stringify(entries).includes(forged));

  // A sign-in started in this tab, answered with another state: refused too.
  await page.getByTestId('sign-in-client').fill(CLIENT);
  await page.evaluate(() => sessionStorage.setItem('bulkwatch.signin.pending',
    JSON.stringify({ state: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', link: '' })));
  await page.goto('about:blank');
  await page.goto(`${sim.origin}/#access_token=${forged}&state=bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb`);
  const problem = await page.getByTestId('sign-in-problem').textContent();
  assert.match(problem, /state/);
  assert.ok(!page.url().includes(forged));
  assert.equal(await page.evaluate(() => sessionStorage.getItem('bulkwatch.signin.pending')), null);
});
