// Shared by the example pages (not part of Bulkwatch): where to look comes from the fragment
// (#job=…&api=…&dc=…&v=…, or with a prefix for the two-widget page: #a-job=…&b-api=…), never a
// token. On a page served from this machine (the simulator serves both the page and the API)
// with neither api nor dc given, the page's own origin is the API.

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/;

/** Sets the element's location attributes from the fragment (keys with `prefix`). */
export function configure(element, prefix = '') {
  const params = new URLSearchParams(location.hash.slice(1));
  const get = (key) => params.get(prefix + key);
  const set = (attr, value) => { if (value !== null && value !== '') element.setAttribute(attr, value); };
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
