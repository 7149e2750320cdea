// Shared by the example pages (not part of Bulkwatch): where to look comes from the fragment
// (#job=…&api=…&dc=…&v=…, or with a prefix for the two-widget page: #a-job=…&b-api=…), never a
// token. On a page served from this machine (the simulator serves both the page and the API)
// with neither api nor dc given, the page's own origin is the API.
//
// The address bar is anyone's to write: a link can name any `api` or `proxy`, and the widget
// sends the token wherever `api-domain` and `proxy` say. So a destination read from the URL that
// is neither a Zoho API host nor this page's own origin is used only after the person confirms
// it on the page. A real host should never set `api-domain` or `proxy` from URL input at all.

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;
const ZOHO_API = /^(www|sandbox|developer)\.zohoapis\.(com|eu|in|com\.au|jp|ca|sa|com\.cn)$/;

/** Whether `value` (an origin or proxy URL) may receive the token without asking. */
export function trusted(value) {
  let url;
  try { url = new URL(value); } catch { return false; }
  const zoho = url.protocol === 'https:' && url.port === '' && ZOHO_API.test(url.hostname);
  return zoho || url.origin === location.origin;
}

/** The token destinations the fragment names (keys with `prefix`) that need confirming. */
export function foreignDestinations(params, prefix = '') {
  return [['API origin', 'api'], ['proxy', 'proxy']]
    .map(([what, key]) => ({ what, value: params.get(prefix + key) }))
    .filter(({ value }) => value && !trusted(value));
}

/** Resolves once the person confirms `list` (at once when it is empty): a box before `anchor`
 *  names each destination as text and waits for "Send my token there". */
export function confirmDestinations(list, anchor) {
  if (list.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const box = document.createElement('div');
    box.className = 'example-confirm';
    box.setAttribute('role', 'alert');
    box.dataset.testid = 'example-confirm';
    const intro = document.createElement('p');
    intro.textContent = "This page's address asks to send your token somewhere that is neither Zoho nor this page:";
    const items = document.createElement('ul');
    for (const { what, value } of list) {
      const item = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = value;
      item.append(`${what} `, code);
      items.append(item);
    }
    const button = document.createElement('button');
    button.type = 'button';
    button.dataset.testid = 'example-confirm-send';
    button.textContent = 'Send my token there';
    button.addEventListener('click', () => { box.remove(); resolve(); }, { once: true });
    box.append(intro, items, button);
    anchor.before(box);
  });
}

/** Sets the element's location attributes from the fragment (keys with `prefix`). An `api` or
 *  `proxy` that needs confirming holds everything back (the element watches nothing meanwhile)
 *  until the person confirms it. */
export async function configure(element, prefix = '') {
  const params = new URLSearchParams(location.hash.slice(1));
  const get = (key) => params.get(prefix + key);
  const set = (attr, value) => { if (value !== null && value !== '') element.setAttribute(attr, value); };
  const foreign = foreignDestinations(params, prefix);
  if (foreign.length > 0) {
    const held = element.getAttribute('job-id');
    element.removeAttribute('job-id');
    await confirmDestinations(foreign, element);
    set('job-id', held);
  }
  set('job-id', get('job'));
  set('dc', get('dc'));
  set('api-version', get('v'));
  set('proxy', get('proxy'));
  if (get('api')) {
    element.setAttribute('api-domain', get('api'));
  } else if (!get('dc') && LOOPBACK.test(location.hostname)) {
    element.setAttribute('api-domain', location.origin);
  }
  return params;
}

/** The portal's own sign-in, reduced to a password field: hands the token to `use`, keeps none. */
export function signIn(form, use) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const field = form.querySelector('input[type=password]');
    use(field.value.trim() || null);
    field.value = '';
  });
}

/** Lists the widget events reaching `target` (text only; the detail never holds a token). */
export function logEvents(target, list) {
  for (const name of ['bulkwatch-change', 'bulkwatch-complete', 'bulkwatch-error']) {
    target.addEventListener(name, (event) => {
      const d = event.detail;
      const item = document.createElement('li');
      item.dataset.event = name;
      item.textContent = name === 'bulkwatch-error'
        ? `${name}: ${d.code}${d.httpStatus ? ` (HTTP ${d.httpStatus})` : ''} — ${d.title}`
        : `${name}: job ${d.jobId} ${d.status} — ${d.counts.added + d.counts.updated + d.counts.skipped} of ${d.counts.total} records`;
      list.prepend(item);
    });
  }
}
