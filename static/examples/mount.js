// mount() for a host that wants no custom element: one handle, update() and destroy().
import { mount } from '../bulkwatch-element.js';
import { signIn, logEvents, foreignDestinations, confirmDestinations } from './examples.js';

const root = document.getElementById('widget');
const params = new URLSearchParams(location.hash.slice(1));
const loopback = /^(127\.\d+\.\d+\.\d+|localhost)$/.test(location.hostname);
logEvents(root, document.getElementById('events'));

// The sign-in works at once; a token given before the widget is mounted waits for it.
let handle = null;
let token = null;
signIn(document.getElementById('sign-in'), (t) => {
  token = t;
  handle?.update({ token: t });
});
// An `api` from the address is used only once the person confirms it (see examples.js).
await confirmDestinations(foreignDestinations(params), root);
handle = await mount(root, {
  jobId: params.get('job') ?? '111111000000541958',
  dc: params.get('dc') ?? (loopback ? null : 'eu'),
  apiDomain: params.get('api') ?? (loopback && !params.get('dc') ? location.origin : null),
  token,
});
document.getElementById('switch').addEventListener('submit', (event) => {
  event.preventDefault();
  handle.update({ jobId: event.target.querySelector('input').value.trim() });
});
document.getElementById('destroy').addEventListener('click', () => handle.destroy());
