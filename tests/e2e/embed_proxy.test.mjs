// The `proxy` attribute end to end: <bulkwatch-job dc="eu" proxy="…"> on the portal page talks
// to a Bulkwatch proxy whose EU site is pointed at the simulator (the proxy's test-only upstream
// override, loopback only), never to a Zoho host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { startSimulator, launchBrowser, ROOT } from './harness.mjs';
import { openPage, until, jobRequests, createJob, eventOf } from './embed_support.mjs';

const TOKEN = 'tok-embed-proxy';
const BIN = process.env.BULKWATCH_BIN || join(ROOT, 'target/debug/bulkwatch');
let sim;
let browser;
let proxy;
let proxyOrigin;

before(async () => {
  sim = await startSimulator(['--seed', '31', '--manual-clock', '--token', TOKEN]);
  // Port 0: the proxy binds a free port itself and logs the address it got, so no other process
  // can take the port between choosing it and binding it.
  proxy = spawn(BIN, ['proxy', '--listen', '127.0.0.1:0', '--allowed-origin', sim.origin,
    '--allow-test-upstreams', '--test-upstream', `eu=${sim.origin}`, '--log-level', 'info',
    '--log-format', 'json'],
  { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proxy.stderr.on('data', (c) => { stderr += c; });
  const listen = await until(async () => {
    if (proxy.exitCode !== null) throw new Error(`proxy exited: ${stderr}`);
    for (const line of stderr.split('\n')) {
      try {
        const event = JSON.parse(line);
        if (event.message === 'proxy listening') return event.listen;
      } catch { /* a partial line */ }
    }
    return null;
  }, 'the proxy listening');
  proxyOrigin = `http://${listen}`;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (proxy && proxy.exitCode === null) {
    const exited = new Promise((r) => proxy.once('exit', r));
    proxy.kill('SIGTERM');
    await exited;
  }
  await sim?.stop();
});

test('with dc and proxy, the widget asks the proxy and nothing else', async () => {
  const job = '5500000000000000001';
  await createJob(sim, 'happy-insert', job);
  const page = await openPage(browser,
    `${sim.origin}/static/examples/portal.html#job=${job}&dc=eu&proxy=${encodeURIComponent(proxyOrigin)}`);
  const asked = [];
  page.on('request', (r) => asked.push(new URL(r.url()).origin));
  // A proxy from the address is not the page's own origin: confirmed first (see examples.js).
  await page.getByTestId('example-confirm').waitFor();
  assert.equal(await page.locator('#job').getAttribute('proxy'), null);
  await page.getByTestId('example-confirm-send').click();
  assert.equal(await page.locator('#job').getAttribute('proxy'), proxyOrigin);
  assert.equal(await page.locator('#job').getAttribute('api-domain'), null);
  await page.evaluate((t) => { document.getElementById('job').token = t; }, TOKEN);
  const change = await eventOf(page, 'bulkwatch-change', (d) => d.jobId === job);
  assert.equal(change.detail.status, 'added');
  // The simulator got it from the proxy, with the token the proxy forwarded.
  const seen = await until(async () => (await jobRequests(sim, job)).filter((e) => e.status === 200),
    'the proxied request in the simulator');
  assert.ok(seen.length >= 1);
  assert.deepEqual([...new Set(asked)].filter((o) => o !== sim.origin && o !== proxyOrigin), [],
    'no request beyond the page, the proxy and the simulator');
  assert.ok(asked.includes(proxyOrigin));
  await page.close();
});
