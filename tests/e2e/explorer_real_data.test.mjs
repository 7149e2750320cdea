// The result explorer on result files as Zoho may really send them (issue 13): user columns
// named like Zoho's three, Windows-1252 and Shift_JIS files, a file declared UTF-8 holding one
// Windows-1252 byte, a BOM with entries that are not result CSVs, and a bare CSV download. For
// each, the counts the page shows must equal the simulator's own tally (GET /__sim/jobs/{id}/tally,
// counted from its plan), which this file first checks against its own reading of the download
// (fflate + PapaParse + the WHATWG TextDecoder in node) — never the widget's reader.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startSimulator, launchBrowser, ROOT } from './harness.mjs';
import {
  completedJob, fetchResultZip, openJob, shownRows, uiSummary, errorPairs, parseCsv, explorerShot,
} from './explorer_support.mjs';

const require = createRequire(import.meta.url);
const fflate = require(join(ROOT, 'tools/node_modules/fflate'));

let sim;
let browser;
let page;

before(async () => {
  sim = await startSimulator(['--seed', '13', '--manual-clock']);
  browser = await launchBrowser();
  page = await browser.page();
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

async function tally(job) {
  const res = await fetch(`${sim.origin}/__sim/jobs/${job.id}/tally`);
  assert.equal(res.status, 200);
  return res.json();
}

// Node 20's TextDecoder reads 'windows-1252' as Latin-1: bytes 0x80–0x9F come out as C1 controls
// instead of the WHATWG index (0x80 is €, not U+0080). These are the index's 32 entries; the five
// bytes the index leaves unassigned stay as they are.
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];
function decodeWith(label, bytes, fatal) {
  const decoder = new TextDecoder(label, { fatal });
  const text = decoder.decode(bytes);
  if (decoder.encoding !== 'windows-1252') return text;
  return text.replace(/[\u0080-\u009f]/g, (c) => String.fromCodePoint(WINDOWS_1252_HIGH[c.charCodeAt(0) - 0x80]));
}

/** Text of one CSV: a BOM decides, else the declared label, else (invalid bytes) Windows-1252. */
function decode(bytes, declared) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), used: 'utf-8', bom: true };
  }
  try {
    return { text: decodeWith(declared, bytes, true), used: declared, bom: false };
  } catch {
    return { text: decodeWith('windows-1252', bytes, false), used: 'windows-1252', bom: false };
  }
}

/** The download read independently: Zoho's columns are the last three, checked by name. */
function readDownload(bytes, declared) {
  const zipped = bytes[0] === 0x50 && bytes[1] === 0x4b;
  const entries = zipped ? fflate.unzipSync(bytes) : { '(bare)': bytes };
  const names = Object.keys(entries);
  const csvNames = zipped
    ? names.filter((n) => !n.startsWith('__MACOSX/') && !n.endsWith('/') && n.toLowerCase().endsWith('.csv'))
    : names;
  const statuses = {};
  const groups = {};
  const files = [];
  for (const name of csvNames) {
    const { text, used, bom } = decode(entries[name], declared);
    const [header, ...rows] = parseCsv(text);
    const n = header.length;
    assert.deepEqual(header.slice(n - 3).map((h) => h.toUpperCase()), ['STATUS', 'RECORD_ID', 'ERRORS']);
    for (const r of rows) {
      const s = r[n - 3].toLowerCase();
      statuses[s] = (statuses[s] ?? 0) + 1;
      for (const [code, column] of errorPairs(r[n - 1])) {
        groups[`${code}|${column}`] = (groups[`${code}|${column}`] ?? 0) + 1;
      }
    }
    files.push({ name, header, rows, used, bom });
  }
  return { zipped, files, statuses, groups, other: names.filter((n) => !csvNames.includes(n)) };
}

/** A completed job of `scenario`, its tally (checked against the download) and the reading. */
async function scenario(name) {
  const job = await completedJob(sim, name);
  const truth = await tally(job);
  const details = await (await fetch(`${sim.origin}/crm/bulk/${job.version}/write/${job.id}`, {
    headers: { Authorization: 'Zoho-oauthtoken sim-token' },
  })).json();
  const read = readDownload((await fetchResultZip(sim, job)).bytes, details.character_encoding);
  assert.deepEqual(read.statuses, truth.statuses, `${name}: the tally agrees with the file`);
  assert.deepEqual(read.groups, truth.groups, `${name}: error groups`);
  assert.equal(read.zipped, !truth.bare_csv);
  return { job, truth, read, details };
}

/** Opens the job (a fresh load), explores it, and checks the page's counts against `truth`. */
async function exploreAndCompare(job, truth) {
  await page.goto('about:blank');
  await openJob(page, job);
  await page.getByTestId('explore').click();
  // The table, or the explorer's refusal (said at once, rather than waited out).
  await page.locator('[data-testid="rows-shown"][data-count], [data-testid="explore-error"]').first()
    .waitFor({ timeout: 60_000 });
  const refused = await page.getByTestId('explore-error').allTextContents();
  assert.deepEqual(refused, [], 'the explorer read the file');
  assert.equal(await shownRows(page), truth.rows, 'every row is shown');
  const ui = await uiSummary(page);
  assert.deepEqual(Object.fromEntries([...ui.statuses].filter(([, n]) => n > 0)), truth.statuses);
  assert.deepEqual(Object.fromEntries([...ui.groups].sort()), truth.groups);
}

/** The explorer's notes of one kind, as text. */
async function notes(kind) {
  return page.locator(`[data-testid="result-notes"] li[data-kind="${kind}"]`).allTextContents();
}

/** Rows the free-text filter finds for `needle`. */
async function rowsMatching(needle) {
  await page.getByTestId('filter-text').fill(needle);
  const n = await shownRows(page);
  await page.getByTestId('filter-clear').click();
  return n;
}

test('user columns named Status, Errors and Record_Id stay data; the counts use Zoho\'s three', async () => {
  const { job, truth, read } = await scenario('result-collision');
  assert.deepEqual(read.files[0].header, ['Status', 'Errors', 'Record_Id', 'STATUS', 'RECORD_ID', 'ERRORS']);
  await exploreAndCompare(job, truth);
  // The user's Record_Id and Errors values are searchable data, one row per external reference.
  assert.equal(await rowsMatching('EXT-000417'), 1);
  const unreachable = read.files[0].rows.filter((r) => r[1] === 'customer unreachable').length;
  assert.ok(unreachable > 0);
  assert.equal(await rowsMatching('customer unreachable'), unreachable);
  await explorerShot(page, 'explorer-real-collision');
  assert.deepEqual(browser.pageErrors, []);
});

test('a Windows-1252 result is decoded as declared, with a note naming the encoding', async () => {
  const { job, truth, read } = await scenario('result-windows-1252');
  assert.equal(read.files[0].used, 'windows-1252');
  await exploreAndCompare(job, truth);
  const [note] = await notes('encoding');
  assert.match(note ?? '', /windows-1252/i);
  const muller = read.files[0].rows.filter((r) => r.some((v) => v.includes('Müller'))).length;
  assert.ok(muller > 0);
  assert.equal(await rowsMatching('Müller'), muller);
  assert.equal(await rowsMatching('Café € Co'), read.files[0].rows.filter((r) => r[1] === 'Café € Co').length);
});

test('a Shift_JIS result shows its Japanese names', async () => {
  const { job, truth, read } = await scenario('result-shift-jis');
  assert.equal(read.files[0].used.toLowerCase(), 'shift_jis');
  await exploreAndCompare(job, truth);
  assert.match((await notes('encoding'))[0] ?? '', /shift[_-]jis/i);
  const yamada = read.files[0].rows.filter((r) => r[0] === '山田').length;
  assert.ok(yamada > 0);
  assert.equal(await rowsMatching('山田'), yamada);
});

test('one byte invalid in the declared UTF-8: every row is read, with a note saying Windows-1252 was used', async () => {
  const { job, truth, read, details } = await scenario('result-invalid-byte');
  assert.equal(details.character_encoding, 'UTF-8');
  assert.equal(read.files[0].used, 'windows-1252', 'the independent reader fell back too');
  await exploreAndCompare(job, truth);
  const [note] = await notes('encoding');
  assert.match(note ?? '', /windows-1252/i);
  assert.match(note ?? '', /utf-8/i, 'the note says what was declared');
  assert.equal(await rowsMatching('Müller'), 1);
  await explorerShot(page, 'explorer-real-invalid-byte');
});

test('a BOM and entries that are not result CSVs: the CSV is read, the others are listed', async () => {
  const { job, truth, read } = await scenario('result-bom-extra-entries');
  assert.ok(read.files[0].bom);
  assert.deepEqual(read.other.sort(), [...truth.other_entries].sort());
  await exploreAndCompare(job, truth);
  const skipped = (await notes('skipped-entry')).join('\n');
  for (const entry of ['__MACOSX/', 'readme.txt']) assert.ok(skipped.includes(entry), `${entry} listed: ${skipped}`);
  // The BOM is not part of the first column's name.
  await page.locator('[data-testid="sort"][data-column="Last_Name"]').waitFor();
});

test('a bare CSV download is read as one file, with a note', async () => {
  const { job, truth, read } = await scenario('result-bare-csv');
  assert.equal(read.zipped, false);
  await exploreAndCompare(job, truth);
  assert.equal((await notes('bare-csv')).length, 1);
  assert.deepEqual(browser.pageErrors, []);
});
