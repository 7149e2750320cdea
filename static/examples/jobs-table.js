// A table of jobs: #jobs=ID:off,ID,ID&api=… replaces the sample rows (":off" = ask once); one
// token from the portal's sign-in goes to every row.
import { configure, signIn, foreignDestinations, confirmDestinations } from './examples.js';

const rows = document.getElementById('rows');
const params = new URLSearchParams(location.hash.slice(1));
if (params.get('jobs')) {
  rows.replaceChildren();
  for (const spec of params.get('jobs').split(',')) {
    const [id, mode] = spec.split(':');
    const row = document.createElement('tr');
    const idCell = document.createElement('td');
    idCell.textContent = id;
    const moduleCell = document.createElement('td');
    moduleCell.textContent = '—';
    const widgetCell = document.createElement('td');
    const widget = document.createElement('bulkwatch-job');
    widget.toggleAttribute('compact', true);
    widget.toggleAttribute('read-only', true);
    if (mode === 'off') widget.setAttribute('poll', 'off');
    widgetCell.append(widget);
    row.append(idCell, moduleCell, widgetCell);
    rows.append(row);
  }
}
const widgets = [...rows.querySelectorAll('bulkwatch-job')];
const jobIds = widgets.map((w) => w.getAttribute('job-id') ?? w.closest('tr').firstElementChild.textContent);
// One confirmation for the whole table (see examples.js); nothing is watched before it.
for (const widget of widgets) widget.removeAttribute('job-id');
await confirmDestinations(foreignDestinations(params), rows.closest('table'));
for (const [i, widget] of widgets.entries()) {
  await configure(widget);
  widget.setAttribute('job-id', jobIds[i]);
}
signIn(document.getElementById('sign-in'), (token) => {
  for (const widget of widgets) widget.token = token;
});
