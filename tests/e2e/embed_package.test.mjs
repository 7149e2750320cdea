// The npm package: scripts/package.sh packs the built widget (pkg/, from scripts/build.sh) with
// the element module; the tarball installs offline into a scratch project (it has no
// dependencies), node resolves and imports its entry points, and Chromium runs the installed
// copy against the simulator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startSimulator, launchBrowser, ROOT } from './harness.mjs';
import { openPage, until, jobRequests, createJob, violations } from './embed_support.mjs';

const TOKEN = 'tok-embed-package';
// Under the repository, so the simulator (serving the repository) serves the installed copy.
const WORK = join(ROOT, 'target', 'embed-e2e-npm');
const SCRATCH = join(WORK, 'scratch');
let sim;
let browser;
let tarball;

before(async () => {
  rmSync(WORK, { recursive: true, force: true });
  mkdirSync(SCRATCH, { recursive: true });
  const out = execFileSync(join(ROOT, 'scripts/package.sh'), ['--no-build', WORK], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] })
    .toString().trim().split('\n');
  tarball = resolve(ROOT, out.at(-1));
  // Offline: the package has no dependencies, so nothing is fetched.
  writeFileSync(join(SCRATCH, 'package.json'),
    JSON.stringify({ name: 'scratch-portal', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', tarball],
    { cwd: SCRATCH, stdio: 'pipe' });
  sim = await startSimulator(['--seed', '21', '--manual-clock', '--token', TOKEN]);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
  rmSync(WORK, { recursive: true, force: true });
});

test('the tarball is npm-shaped and installs offline into a scratch project', () => {
  const files = execFileSync('tar', ['tzf', tarball]).toString().trim().split('\n').sort();
  assert.deepEqual(files, [
    'package/README.md',
    'package/package.json',
    'package/pkg/bulkwatch.d.ts',
    'package/pkg/bulkwatch.js',
    'package/pkg/bulkwatch_bg.wasm',
    'package/pkg/bulkwatch_bg.wasm.d.ts',
    'package/static/bulkwatch-element.css',
    'package/static/bulkwatch-element.js',
    'package/static/bulkwatch.css',
    'package/static/bulkwatch.d.ts',
    'package/static/explorer.css',
  ]);
  const manifest = JSON.parse(readFileSync(join(SCRATCH, 'node_modules/bulkwatch/package.json')));
  assert.equal(manifest.name, 'bulkwatch');
  assert.match(manifest.version, /^\d+\.\d+\.\d+/);
  assert.equal(manifest.module, './static/bulkwatch-element.js');
  assert.equal(manifest.types, './static/bulkwatch.d.ts');
  assert.equal(manifest.dependencies, undefined, 'no dependencies');
});

test('node resolves the package and imports its modules', () => {
  const script = `
    const main = await import('bulkwatch');
    const glue = await import('bulkwatch/glue');
    console.log(JSON.stringify({ main: Object.keys(main).sort(), glue: Object.keys(glue).sort() }));`;
  const out = JSON.parse(execFileSync('node', ['--input-type=module', '-e', script], { cwd: SCRATCH }).toString());
  assert.deepEqual(out.main, ['BulkwatchJobElement', 'load', 'mount']);
  for (const name of ['default', 'initSync', 'mount', 'BulkwatchHandle', 'mount_app']) {
    assert.ok(out.glue.includes(name), `glue exports ${name}: ${out.glue}`);
  }
});

test('the installed copy runs in Chromium against the simulator', async () => {
  const job = '5400000000000000001';
  await createJob(sim, 'happy-insert', job);
  writeFileSync(join(SCRATCH, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scratch portal</title><link rel="icon" href="data:,">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self'">
<script type="module" src="app.js"></script></head>
<body><main><bulkwatch-job id="job" job-id="${job}"></bulkwatch-job></main></body></html>`);
  writeFileSync(join(SCRATCH, 'app.js'), `import { BulkwatchJobElement } from './node_modules/bulkwatch/static/bulkwatch-element.js';
const el = document.getElementById('job');
el.apiDomain = location.origin;
el.token = new URLSearchParams(location.hash.slice(1)).get('demo') === '1' ? ${JSON.stringify(TOKEN)} : null;
document.body.dataset.upgraded = String(el instanceof BulkwatchJobElement);
`);
  const loaded = [];
  const path = relative(ROOT, SCRATCH).split('\\').join('/');
  const page = await openPage(browser, 'about:blank');
  page.on('request', (r) => loaded.push(new URL(r.url()).pathname));
  await page.goto(`${sim.origin}/${path}/index.html#demo=1`);
  await until(async () => (await page.locator('#job').getAttribute('status')) === 'added', 'status from the package');
  assert.equal(await page.locator('body').getAttribute('data-upgraded'), 'true');
  assert.ok(loaded.includes(`/${path}/node_modules/bulkwatch/pkg/bulkwatch_bg.wasm`), loaded.join('\n'));
  assert.ok(loaded.includes(`/${path}/node_modules/bulkwatch/static/bulkwatch-element.css`));
  assert.ok(!loaded.some((p) => p.startsWith('/pkg/') || p.startsWith('/static/')), 'nothing from the site');
  assert.ok((await jobRequests(sim, job)).length >= 1);
  assert.deepEqual(await violations(page), []);
  await page.close();
});
