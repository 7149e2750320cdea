// Boots the standalone page: loads the WebAssembly widget and mounts it into #bulkwatch.
// A module script from 'self', so the page's strict CSP (no inline script) holds.
import init, { mount_app } from '../pkg/bulkwatch.js';

const root = document.getElementById('bulkwatch');

function showBootError(err) {
  // Text only; the widget could not start, so nothing else will explain it.
  const panel = document.createElement('section');
  panel.className = 'bw-error';
  panel.setAttribute('role', 'alert');
  panel.dataset.testid = 'error';
  panel.dataset.code = 'BOOT';
  const title = document.createElement('h2');
  title.textContent = 'Bulkwatch could not start';
  const body = document.createElement('p');
  body.textContent = String(err && err.message ? err.message : err);
  panel.append(title, body);
  root.replaceChildren(panel);
}

try {
  await init();
  // The handle unmounts the widget only through destroy(); nothing on this page needs that.
  mount_app(root);
} catch (err) {
  showBootError(err);
}
