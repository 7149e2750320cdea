/**
 * bulkwatch-element.js — registers `<bulkwatch-job>` and exports `mount()` for hosts that want
 * no custom element. Load it as one ES module from the built site or the npm package:
 *
 *   <script type="module" src="/static/bulkwatch-element.js"></script>
 *   <bulkwatch-job job-id="111111000000541958" dc="eu"></bulkwatch-job>
 *   <script type="module" src="/my-portal.js"></script>   // document.querySelector('bulkwatch-job').token = …
 *
 * It fetches, relative to itself, `../pkg/bulkwatch.js` + `../pkg/bulkwatch_bg.wasm` (once per
 * page, shared by every widget) and `./bulkwatch.css`, `./explorer.css` and
 * `./bulkwatch-element.css` (linked inside each element's shadow root, so `style-src 'self'`
 * suffices: no inline styles). Loading the
 * module twice, even from two URLs, defines the element once and leaves the first definition.
 *
 * @element bulkwatch-job
 *
 * @attr job-id      - The Bulk Write job id (digits). Changing it switches jobs.
 * @attr dc          - Data centre: us | eu | in | au | jp | ca | sa | cn (default us); also
 *                     `eu-sandbox`, `us-developer`… for sandbox and developer orgs.
 * @attr api-domain  - A full API origin (https, or http on loopback); overrides `dc`. Sandbox and
 *                     developer orgs, the local simulator.
 * @attr api-version - v2, v2.1, v3 … v8 (default v8).
 * @attr proxy       - Base URL of a Bulkwatch proxy (Zoho data centres only).
 * @attr extra-hosts - Result-download hosts to allow beside Zoho's built-in table: exact https host
 *                     names separated by spaces or commas (no wildcards, ports or paths). The page's
 *                     own configuration: never set it from the page URL or from Zoho's answers.
 * @attr rows        - How many rows the uploaded file has (a whole number; a portal that created the
 *                     job knows it): progress toward it, an ETA, and polling steered by the
 *                     predicted finish (fewer requests, completion still shown within seconds).
 * @attr poll        - auto (default) | off: off asks once per job and token, then once per "Check again".
 * @attr read-only   - Boolean. Nothing to type in: no token field, no row count.
 * @attr compact     - Boolean. One line: status, counts, progress, error (tables of jobs).
 * @attr status      - Reflected, read-only: added | in-progress | completed | failed | unknown;
 *                     absent while nothing is known.
 *
 * @prop {string|null} token - The access token. A property only, never an attribute; write-only
 *   (reading gives null). Kept in memory; setting it later starts polling; null forgets it.
 * @prop jobId, dc, apiDomain, apiVersion, proxy, extraHosts, rows, poll, readOnly, compact - Reflect the attributes.
 * @prop {string|null} status - The reflected status.
 *
 * @event bulkwatch-change   - Status or counts changed. detail: { jobId, status, statusText,
 *                             previousStatus, counts: { added, updated, skipped, total } }
 * @event bulkwatch-complete - The job reached COMPLETED or FAILED (once per job). Same detail.
 * @event bulkwatch-error    - A request failed, a setting is unusable or the widget could not
 *                             start. detail: { jobId, code, httpStatus, message, title, retryable }
 *   All three bubble and are composed (they leave the shadow root; `event.target` is the element).
 *
 * @csspart base - The widget's root.      @csspart header   - Status, id, operation, times.
 * @csspart counts - Counts and progress.  @csspart timeline - Observed changes.
 * @csspart resources - All resources.     @csspart resource - One resource.
 * @csspart download - The result file.    @csspart error    - An error panel.
 * @csspart token-prompt - The token field.
 *
 * @cssproperty --bulkwatch-accent  - Buttons, progress, focus ring.
 * @cssproperty --bulkwatch-text    - Text colour.
 * @cssproperty --bulkwatch-surface - Panel background (secondary shades are mixed from it).
 * @cssproperty --bulkwatch-border  - Panel and field borders.
 * @cssproperty --bulkwatch-font    - Font family.
 * @cssproperty --bulkwatch-radius  - Corner radius.
 * @cssproperty --bulkwatch-density - Spacing factor (1 = default, 0.5 = tight).
 */
import init, { mount as mountWasm } from '../pkg/bulkwatch.js';

const TAG = 'bulkwatch-job';
const STYLESHEETS = ['bulkwatch.css', 'explorer.css', 'bulkwatch-element.css'].map(
  (file) => new URL(`./${file}`, import.meta.url).href,
);
/** Attribute → option key; every one of them is observed. */
const OPTIONS = {
  'job-id': 'jobId',
  dc: 'dc',
  'api-domain': 'apiDomain',
  'api-version': 'apiVersion',
  proxy: 'proxy',
  'extra-hosts': 'extraHosts',
  rows: 'rows',
  poll: 'poll',
  'read-only': 'readOnly',
  compact: 'compact',
};
const BOOLEAN = new Set(['read-only', 'compact']);

let loading = null;

/** Loads and starts the WebAssembly module (once per page; later calls share it). */
export function load() {
  loading ??= init().then(
    () => undefined,
    (err) => {
      loading = null; // a later call may try again
      throw err;
    },
  );
  return loading;
}

function messageOf(err) {
  return String(err && err.message ? err.message : err);
}

/** Shows a failure to start inside `root` (text only) and reports it as `bulkwatch-error`. */
function showFailure(root, eventTarget, err, jobId) {
  const doc = root.ownerDocument || document;
  const app = doc.createElement('div');
  app.className = 'bw-app bw-embed';
  const panel = doc.createElement('section');
  panel.className = 'bw-error';
  panel.setAttribute('role', 'alert');
  panel.setAttribute('part', 'error');
  panel.dataset.testid = 'error';
  panel.dataset.code = 'BOOT';
  const title = doc.createElement('h3');
  title.className = 'bw-h3';
  title.textContent = 'Bulkwatch could not start';
  const body = doc.createElement('p');
  body.textContent = messageOf(err);
  panel.append(title, body);
  app.append(panel);
  root.replaceChildren(app);
  eventTarget.dispatchEvent(new CustomEvent('bulkwatch-error', {
    bubbles: true,
    composed: true,
    detail: {
      jobId: jobId ?? null, code: 'BOOT', httpStatus: null, message: messageOf(err),
      title: 'Bulkwatch could not start', retryable: false,
    },
  }));
}

/**
 * Mounts a widget into `element` (light DOM: link bulkwatch.css, explorer.css and
 * bulkwatch-element.css on the page) and resolves to its handle: `update(options)`, `destroy()`, `status`, `destroyed`.
 * Options: { jobId, dc, apiDomain, apiVersion, proxy, extraHosts, rows, token, poll, readOnly, compact }.
 */
export async function mount(element, options = {}) {
  try {
    await load();
  } catch (err) {
    showFailure(element, element, err, options && options.jobId);
    throw err;
  }
  return mountWasm(element, options);
}

/** Tokens by element: memory only, never an attribute or a property anyone can read back. */
const tokens = new WeakMap();

// Outside a browser (a server-side render, node importing the package) the module still loads:
// it defines no element there.
const ElementBase = globalThis.HTMLElement ?? class {};

class BulkwatchJobElement extends ElementBase {
  static get observedAttributes() {
    return Object.keys(OPTIONS);
  }

  #root;
  #handle = null;
  #generation = 0;
  #leaving = false;
  #queued = false;
  #tokenDirty = false;

  constructor() {
    super();
    const shadow = this.attachShadow({ mode: 'open' });
    let pending = STYLESHEETS.length;
    const styled = () => {
      pending -= 1;
      if (pending === 0) this.#root.hidden = false;
    };
    for (const href of STYLESHEETS) {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.addEventListener('load', styled, { once: true });
      link.addEventListener('error', styled, { once: true });
      shadow.append(link);
    }
    this.#root = document.createElement('div');
    this.#root.className = 'bw-host';
    // Shown once its styles are in, so it never flashes unstyled.
    this.#root.hidden = true;
    shadow.append(this.#root);
    this.#upgradeProperty('token');
  }

  set token(value) {
    const token = value === null || value === undefined || value === '' ? null : String(value);
    if (token === null) tokens.delete(this);
    else tokens.set(this, token);
    this.#tokenDirty = true;
    this.#queueUpdate();
  }

  get token() {
    return null;
  }

  get status() {
    return this.getAttribute('status');
  }

  connectedCallback() {
    this.#upgradeProperty('token');
    if (this.hasAttribute('token')) {
      // A token in markup is readable by anything that reads the DOM: never used, removed.
      this.removeAttribute('token');
      console.warn('<bulkwatch-job>: the token attribute is ignored and removed; set the token property');
    }
    if (this.#leaving) {
      // Moved within the page: disconnected and connected in one task; keep running.
      this.#leaving = false;
      return;
    }
    this.#start();
  }

  disconnectedCallback() {
    this.#leaving = true;
    queueMicrotask(() => {
      if (this.#leaving && !this.isConnected) {
        this.#leaving = false;
        this.#stop();
      }
    });
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue !== newValue) this.#queueUpdate();
  }

  /** A property set before the element was defined shadows the accessor: re-set it. */
  #upgradeProperty(name) {
    if (Object.prototype.hasOwnProperty.call(this, name)) {
      const value = this[name];
      delete this[name];
      this[name] = value;
    }
  }

  #options() {
    const options = {};
    for (const [attr, key] of Object.entries(OPTIONS)) {
      options[key] = BOOLEAN.has(attr) ? this.hasAttribute(attr) : this.getAttribute(attr);
    }
    return options;
  }

  /** Attribute and token changes of one task reach the widget together, in one update: a new
   * token never goes to the old job or data centre, nor an old token to the new one. */
  #queueUpdate() {
    if (this.#queued) return;
    this.#queued = true;
    queueMicrotask(() => {
      this.#queued = false;
      if (!this.#handle) return; // #start reads everything when it mounts
      const options = this.#options();
      if (this.#tokenDirty) options.token = tokens.get(this) ?? null;
      this.#tokenDirty = false;
      try {
        this.#handle.update(options);
      } catch (err) {
        this.#fail(err);
      }
    });
  }

  async #start() {
    const generation = ++this.#generation;
    try {
      await load();
    } catch (err) {
      if (generation === this.#generation) this.#fail(err);
      return;
    }
    if (generation !== this.#generation || !this.isConnected || this.#handle) return;
    try {
      this.#handle = mountWasm(this.#root, { ...this.#options(), token: tokens.get(this) ?? null });
      this.#tokenDirty = false;
    } catch (err) {
      this.#fail(err);
    }
  }

  #stop() {
    this.#generation += 1;
    const handle = this.#handle;
    this.#handle = null;
    if (handle) {
      handle.destroy();
      handle.free();
    }
  }

  #fail(err) {
    this.#stop();
    this.#root.hidden = false;
    showFailure(this.#root, this, err, this.getAttribute('job-id'));
  }
}

// Properties that reflect the attributes (`el.jobId = '42'` sets `job-id`).
for (const [attr, key] of Object.entries(OPTIONS)) {
  Object.defineProperty(BulkwatchJobElement.prototype, key, {
    configurable: true,
    enumerable: true,
    get() {
      return BOOLEAN.has(attr) ? this.hasAttribute(attr) : this.getAttribute(attr);
    },
    set(value) {
      if (BOOLEAN.has(attr)) this.toggleAttribute(attr, Boolean(value));
      else if (value === null || value === undefined) this.removeAttribute(attr);
      else this.setAttribute(attr, String(value));
    },
  });
}

const registry = globalThis.customElements;
if (registry && !registry.get(TAG)) registry.define(TAG, BulkwatchJobElement);

/** The class registered as `<bulkwatch-job>` (the first loaded copy's, if there were two). */
const Registered = (registry && registry.get(TAG)) || BulkwatchJobElement;
export { Registered as BulkwatchJobElement };
