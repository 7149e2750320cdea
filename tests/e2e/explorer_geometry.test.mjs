// The result table as a person sees it, measured as boxes: at 25,000 and 250,000 rows, 1280×900
// and 360×740, light and dark — one line per row (equal heights, no text spilling out of its cell
// unless ellipsised with the full value in its title), header cells on their columns' edges (±2 px)
// before and after scrolling both ways, a sticky opaque header and row-number column, a visibly
// active row, no sideways page scroll at 360 px; a chip or status total keeps focus on itself,
// brings the table into view and announces the row count; axe finds nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ARTIFACTS, startSimulator, launchBrowser, axe } from './harness.mjs';
import { completedJob, fetchResultZip, readResult, openJob, shownRows } from './explorer_support.mjs';

const VIEWPORTS = [{ width: 1280, height: 900 }, { width: 360, height: 740 }];
const SCHEMES = ['light', 'dark'];

let sim;
let browser;

before(async () => {
  sim = await startSimulator(['--seed', '23', '--manual-clock']);
  // axe is injected as a script tag, which the page's CSP would refuse; the CSP itself is checked
  // with the explorer open in explorer_25k.test.mjs.
  browser = await launchBrowser({ bypassCSP: true });
});
after(async () => {
  await browser?.close();
  await sim?.stop();
});

const nextFrame = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Scrolls the grid and waits until the drawn rows cover its visible body again. */
async function scrollGrid(page, { top, left }) {
  const grid = page.getByTestId('result-grid');
  await grid.evaluate((g, [t, l]) => {
    if (t !== undefined) g.scrollTop = t;
    if (l !== undefined) g.scrollLeft = l;
  }, [top, left]);
  await page.waitForFunction(() => {
    const g = document.querySelector('[data-testid="result-grid"]');
    const rows = [...g.querySelectorAll('[data-testid="result-row"]')];
    if (rows.length === 0) return false;
    const head = g.querySelector('[role="row"][aria-rowindex="1"]').getBoundingClientRect();
    const box = g.getBoundingClientRect();
    const first = rows[0].getBoundingClientRect();
    const last = rows[rows.length - 1].getBoundingClientRect();
    const bottom = box.top + g.clientTop + g.clientHeight;
    return first.top <= head.bottom + 1 && (last.bottom >= bottom - 1 || g.scrollTop + g.clientHeight >= g.scrollHeight - 1);
  });
  await nextFrame(page);
}

/** Everything measured in one pass over the drawn table. */
function measure() {
  const g = document.querySelector('[data-testid="result-grid"]');
  const box = g.getBoundingClientRect();
  const head = g.querySelector('[role="row"][aria-rowindex="1"]');
  const headers = [...head.querySelectorAll('[role="columnheader"]')];
  const rows = [...g.querySelectorAll('[data-testid="result-row"]')];
  const opaque = (el) => {
    const m = getComputedStyle(el).backgroundColor.match(/[\d.]+/g).map(Number);
    return m.length === 3 || m[3] === 1;
  };
  // Every element holding text in the grid that is wider than its box.
  const spills = [];
  for (const el of g.querySelectorAll('[role="gridcell"], [role="columnheader"], .bw-x-sort')) {
    const s = getComputedStyle(el);
    const wide = el.scrollWidth > el.clientWidth + 1;
    const tall = el.scrollHeight > el.clientHeight + 1;
    if (!wide && !tall) continue;
    const titled = el.closest('[title]');
    const full = titled?.getAttribute('title') ?? '';
    const plain = !el.classList.contains('bw-x-c--errors') && !el.classList.contains('bw-x-c--status');
    const ok = !tall && s.textOverflow === 'ellipsis' && s.overflowX === 'hidden' && s.whiteSpace === 'nowrap'
      && full.length > 0 && (!plain || full === el.textContent.trim());
    if (!ok) spills.push(`${el.getAttribute('role') ?? el.className} "${el.textContent.slice(0, 40)}" ${el.scrollWidth}>${el.clientWidth} title="${full.slice(0, 40)}" ${s.textOverflow}/${s.whiteSpace}`);
  }
  // Each header cell against the same column's cell in every drawn row.
  const misaligned = [];
  for (const row of rows) {
    const cells = [...row.querySelectorAll('[role="gridcell"]')];
    if (cells.length !== headers.length) misaligned.push(`row ${row.dataset.row}: ${cells.length} cells, ${headers.length} headers`);
    headers.forEach((h, i) => {
      const a = h.getBoundingClientRect();
      const b = cells[i]?.getBoundingClientRect();
      if (!b || Math.abs(a.left - b.left) > 2 || Math.abs(a.right - b.right) > 2) {
        misaligned.push(`row ${row.dataset.row} col ${i}: header ${a.left.toFixed(1)}–${a.right.toFixed(1)}, cell ${b?.left.toFixed(1)}–${b?.right.toFixed(1)}`);
      }
    });
  }
  const inner = { top: box.top + g.clientTop, left: box.left + g.clientLeft };
  const rowCells = rows.map((r) => r.querySelector('.bw-x-c--row'));
  return {
    rows: rows.length,
    heights: [...new Set(rows.map((r) => Math.round(r.getBoundingClientRect().height * 10) / 10))],
    spills,
    misaligned,
    scrollTop: g.scrollTop,
    scrollLeft: g.scrollLeft,
    canScrollX: g.scrollWidth > g.clientWidth,
    headTop: head.getBoundingClientRect().top - inner.top,
    headOpaque: headers.every(opaque),
    firstHeader: {
      left: headers[0].getBoundingClientRect().left - inner.left,
      text: headers[0].textContent.trim(),
      cut: headers[0].scrollWidth > headers[0].clientWidth + 1
        || [...headers[0].querySelectorAll('*')].some((e) => e.scrollWidth > e.clientWidth + 1),
    },
    rowNumberLefts: [...new Set(rowCells.map((c) => Math.round(c.getBoundingClientRect().left - inner.left)))],
    rowNumbersOpaque: rowCells.every(opaque),
    rowNumberAlone: rowCells.every((c) => /^\d+$/.test(c.textContent)),
    pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
  };
}

async function checkTable(page, label) {
  const grid = page.getByTestId('result-grid');
  const max = await grid.evaluate((g) => ({ top: g.scrollHeight - g.clientHeight, left: g.scrollWidth - g.clientWidth }));
  const positions = [
    { name: 'top', top: 0, left: 0 },
    { name: 'scrolled down', top: Math.round(max.top * 0.61), left: 0 },
    { name: 'scrolled right', top: Math.round(max.top * 0.61), left: Math.round(max.left / 2) },
    { name: 'bottom right', top: max.top, left: max.left },
  ];
  for (const at of positions) {
    await scrollGrid(page, at);
    const m = await page.evaluate(measure);
    const where = `${label}, ${at.name}`;
    assert.ok(m.rows > 0 && m.rows <= 200, `${where}: ${m.rows} rows drawn`);
    assert.equal(m.heights.length, 1, `${where}: row heights ${JSON.stringify(m.heights)}`);
    assert.deepEqual(m.spills, [], `${where}: text spilling out of its cell`);
    assert.deepEqual(m.misaligned.slice(0, 5), [], `${where}: header and cells out of line`);
    assert.ok(Math.abs(m.headTop) <= 2, `${where}: the header is ${m.headTop}px from the grid's top`);
    assert.ok(m.headOpaque, `${where}: the header is see-through`);
    assert.ok(!m.firstHeader.cut && m.firstHeader.text.startsWith('Row'), `${where}: first header "${m.firstHeader.text}" cut`);
    assert.ok(Math.abs(m.firstHeader.left) <= 2, `${where}: first header ${m.firstHeader.left}px from the grid's left`);
    assert.deepEqual(m.rowNumberLefts.map((l) => Math.abs(l) <= 2), [true], `${where}: row numbers at ${m.rowNumberLefts}`);
    assert.ok(m.rowNumbersOpaque && m.rowNumberAlone, `${where}: the row number is not its own opaque column`);
    if (at.left > 0) assert.ok(m.scrollLeft > 0, `${where}: did not scroll sideways`);
    if (label.includes('360')) {
      assert.ok(m.canScrollX, `${where}: the table does not scroll inside its box`);
      assert.ok(m.pageOverflow <= 0, `${where}: the page scrolls sideways by ${m.pageOverflow}px`);
    }
  }
  await scrollGrid(page, { top: 0, left: 0 });
}

/** The active row (keyboard): highlighted unlike its neighbours, named by the grid. */
async function checkActiveRow(page, label) {
  await page.getByTestId('result-grid').focus();
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.querySelector('[data-testid="result-row"][aria-selected="true"]')?.dataset.row
    === document.querySelector('[data-testid="row-detail"]')?.dataset.row);
  const a = await page.evaluate(() => {
    const g = document.querySelector('[data-testid="result-grid"]');
    const active = g.querySelector('[aria-selected="true"]');
    const other = g.querySelector('[data-testid="result-row"][aria-selected="false"]');
    const look = (r) => {
      const s = getComputedStyle(r);
      const cell = getComputedStyle(r.querySelector('.bw-x-c--errors'));
      return `${s.backgroundColor} ${cell.boxShadow}`;
    };
    return {
      focused: document.activeElement === g,
      named: g.getAttribute('aria-activedescendant') === active.id,
      activeBg: getComputedStyle(active).backgroundColor,
      otherBg: getComputedStyle(other).backgroundColor,
      activeLook: look(active),
      otherLook: look(other),
    };
  });
  assert.ok(a.focused && a.named, `${label}: the grid has focus and names the active row`);
  assert.notEqual(a.activeBg, a.otherBg, `${label}: the active row's background is like the others'`);
  assert.notEqual(a.activeLook, a.otherLook, `${label}: the active row has no frame`);
  assert.notEqual(a.activeBg, 'rgba(0, 0, 0, 0)', `${label}: the active row has no background`);
}

async function gridShot(page, name) {
  await page.getByTestId('result-grid').screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

async function openExplorer(scenario, expectedRows) {
  const job = await completedJob(sim, scenario);
  const truth = readResult((await fetchResultZip(sim, job)).bytes);
  assert.equal(truth.rows, expectedRows);
  const page = await browser.context.newPage();
  await page.setViewportSize(VIEWPORTS[0]);
  await openJob(page, job);
  await page.getByTestId('explore').click();
  assert.equal(await shownRows(page), expectedRows);
  return { page, truth };
}

for (const [scenario, rows, size] of [['rows-25k', 25_000, '25k'], ['rows-250k', 250_000, '250k']]) {
  test(`${size}: one line per row, columns aligned both ways, sticky header and row numbers, active row seen`, async () => {
    const { page } = await openExplorer(scenario, rows);
    try {
      for (const viewport of VIEWPORTS) {
        await page.setViewportSize(viewport);
        for (const scheme of SCHEMES) {
          await page.emulateMedia({ colorScheme: scheme });
          const label = `${size} ${viewport.width}px ${scheme}`;
          await page.getByTestId('result-grid').scrollIntoViewIfNeeded();
          await checkTable(page, label);
          await checkActiveRow(page, label);
          await gridShot(page, `geometry-${size}-${viewport.width}-${scheme}`);
          await axe(page, label);
          await page.keyboard.press('Escape');
        }
      }
      if (size === '250k') {
        // One file picked: its own columns (no module, its mapped fields), sized anew.
        await page.setViewportSize(VIEWPORTS[0]);
        await page.emulateMedia({ colorScheme: 'light' });
        const before = await page.getByTestId('result-grid').evaluate((g) => g.style.getPropertyValue('--bw-x-cols'));
        await page.getByTestId('filter-file').selectOption('3');
        assert.equal(await shownRows(page), 25_000);
        const after = await page.getByTestId('result-grid').evaluate((g) => g.style.getPropertyValue('--bw-x-cols'));
        assert.notEqual(after, before, 'the columns of one file get their own widths');
        await checkTable(page, `${size} one file 1280px light`);
        await gridShot(page, `geometry-${size}-one-file`);
      }
      assert.deepEqual(browser.pageErrors, []);
    } finally {
      await page.close();
    }
  });
}

/** An error chip and a status total: focus stays on the control, the table comes into view, the count is announced. */
test('a chip or status total keeps focus, scrolls the filtered table into view and announces its rows', async () => {
  const { page, truth } = await openExplorer('rows-25k', 25_000);
  try {
    const [key, count] = [...truth.groups].find(([k]) => k.startsWith('INVALID_DATA|')) ?? [...truth.groups][0];
    const [code, column] = key.split('|');
    const skipped = truth.statuses.get('skipped');
    assert.ok(skipped > 0);
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      for (const scheme of SCHEMES) {
        await page.emulateMedia({ colorScheme: scheme });
        const label = `${viewport.width}px ${scheme}`;
        const picks = [
          {
            control: page.locator(`[data-testid="error-group"][data-code="${code}"][data-column="${column}"]`).locator('xpath=ancestor::button'),
            rows: count,
            says: `${count.toLocaleString('en-US')} ${count === 1 ? 'row' : 'rows'} with ${code}${column ? ` in ${column}` : ''} (of 25,000)`,
          },
          {
            control: page.locator('[data-testid="status-total"][data-status="skipped"]').locator('xpath=ancestor::button'),
            rows: skipped,
            says: `${skipped.toLocaleString('en-US')} skipped rows (of 25,000)`,
          },
        ];
        for (const pick of picks) {
          // The control in sight at the top of the window, the table out of it.
          await page.evaluate(() => window.scrollTo(0, 0));
          await pick.control.evaluate((b) => b.scrollIntoView({ block: 'start' }));
          const before = await page.getByTestId('result-grid').evaluate((g) => {
            const r = g.getBoundingClientRect();
            return r.top >= 0 && r.bottom <= window.innerHeight;
          });
          // At 360 px the table is always well below the chips; at 1280 px the page may be too
          // short to scroll the table out of view, and then there is nothing to bring into it.
          if (viewport.width === 360) assert.equal(before, false, `${label}: the table was already in view; the test would prove nothing`);
          await pick.control.click();
          assert.equal(await shownRows(page), pick.rows, `${label}: rows after ${pick.says}`);
          await page.waitForFunction(() => !document.querySelector('[data-testid="rows-shown"]').textContent.includes('…'));
          const after = await page.evaluate(() => {
            const g = document.querySelector('[data-testid="result-grid"]').getBoundingClientRect();
            const live = document.querySelector('[data-testid="rows-shown"]');
            return {
              inView: g.top >= -1 && g.bottom <= window.innerHeight + 1,
              onBody: document.activeElement === document.body,
              pressed: document.activeElement.getAttribute('aria-pressed'),
              live: live.textContent.trim(),
              polite: live.getAttribute('aria-live'),
              busy: live.getAttribute('aria-busy'),
            };
          });
          assert.equal(after.onBody, false, `${label}: focus fell to the body`);
          assert.equal(after.pressed, 'true', `${label}: focus is not on the pressed control`);
          assert.ok(after.inView, `${label}: the filtered table is not in view`);
          assert.equal(after.polite, 'polite');
          assert.equal(after.busy, 'false', `${label}: the live region still says it is busy`);
          assert.equal(after.live, pick.says, `${label}: the live region`);
          await page.screenshot({ path: join(ARTIFACTS, `geometry-chip-${viewport.width}-${scheme}.png`) });
          await axe(page, `${label} after a chip`);
          // The same control again clears the filter.
          await pick.control.click();
          assert.equal(await shownRows(page), 25_000);
        }
      }
    }
    assert.deepEqual(browser.pageErrors, []);
  } finally {
    await page.close();
  }
});
