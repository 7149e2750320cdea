// Type declarations of `bulkwatch-element.js` (the npm package's main module): the
// <bulkwatch-job> element, mount() and its handle, the options, and the events' detail.

/** A job's status as the host sees it (kebab-case; the widget's `data-status` uses `in_progress`). */
export type BulkwatchStatus = 'added' | 'in-progress' | 'completed' | 'failed' | 'unknown';

/** Zoho's data centres. */
export type BulkwatchDataCenter = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'sa' | 'cn';

/** A data centre, or one of its sandbox or developer sites. */
export type BulkwatchSite =
  | BulkwatchDataCenter
  | `${BulkwatchDataCenter}-sandbox`
  | `${BulkwatchDataCenter}-developer`;

/** Bulk Write API versions (with or without the `v`). */
export type BulkwatchApiVersion =
  | 'v2' | 'v2.1' | 'v3' | 'v4' | 'v5' | 'v6' | 'v7' | 'v8'
  | '2' | '2.1' | '3' | '4' | '5' | '6' | '7' | '8';

/** Record counts of the whole job. */
export interface BulkwatchCounts {
  added: number;
  updated: number;
  skipped: number;
  total: number;
}

/** `detail` of `bulkwatch-change` (status or counts changed, also the first time they are known). */
export interface BulkwatchChangeDetail {
  jobId: string;
  status: BulkwatchStatus;
  /** What people read: "In progress", or an unknown status's raw text. */
  statusText: string;
  /** The status before this change (equal to `status` when only the counts moved). */
  previousStatus: BulkwatchStatus | null;
  counts: BulkwatchCounts;
}

/** `detail` of `bulkwatch-complete`: the job reached COMPLETED or FAILED (once per job). */
export interface BulkwatchCompleteDetail extends BulkwatchChangeDetail {
  status: 'completed' | 'failed';
}

/** `detail` of `bulkwatch-error`. */
export interface BulkwatchErrorDetail {
  /** The job concerned; null when a setting names no usable job. */
  jobId: string | null;
  /**
   * Zoho's code (`INVALID_TOKEN`, `TOO_MANY_REQUESTS`…) or Bulkwatch's (`NETWORK`, `DECODE_HTML`,
   * `HTTP_ERROR`, `INVALID_INPUT`, `INVALID_JOB_ID`, `BOOT` when the widget could not start…).
   */
  code: string;
  /** The HTTP status, when an answer came. */
  httpStatus: number | null;
  /** Zoho's own message when it sent one, else what went wrong. */
  message: string;
  /** A short plain title. */
  title: string;
  /** Bulkwatch will try again by itself (network errors, 429, 5xx). */
  retryable: boolean;
}

/** The events, by name; all bubble and are composed. */
export interface BulkwatchEventMap {
  'bulkwatch-change': CustomEvent<BulkwatchChangeDetail>;
  'bulkwatch-complete': CustomEvent<BulkwatchCompleteDetail>;
  'bulkwatch-error': CustomEvent<BulkwatchErrorDetail>;
}

/**
 * Options of `mount()` and `update()`. In `update()`, a key left out keeps its value and `null`
 * clears it.
 */
export interface BulkwatchOptions {
  /** The job id (digits). */
  jobId?: string | null;
  /** Data centre (default `us`). */
  dc?: BulkwatchSite | null;
  /** A full API origin (https, or http on loopback); overrides `dc`. */
  apiDomain?: string | null;
  /** Default `v8`. */
  apiVersion?: BulkwatchApiVersion | null;
  /** Base URL of a Bulkwatch proxy (Zoho data centres only). */
  proxy?: string | null;
  /**
   * Result-download hosts to allow beside Zoho's built-in table: exact https host names
   * (`"files.zoho.eu"`; no wildcards, ports or paths), as a list or one string separated by spaces
   * or commas. The page's own configuration: never fill it from the page URL or from an answer.
   * Through a proxy, the proxy must list the same hosts (`extra_download_hosts`).
   */
  extraHosts?: string[] | string | null;
  /**
   * How many rows the uploaded file has (a whole number ≥ 1, or its digits as a string): progress
   * toward it, an ETA, and polling steered by the predicted finish. A value that is not a whole
   * number is shown in the widget and reported as `bulkwatch-error`.
   */
  rows?: number | string | null;
  /** The access token, kept in memory; `null` forgets it. */
  token?: string | null;
  /** `off`: one request per job and token (a snapshot), then "Check again" makes one more. Default `auto`. */
  poll?: 'auto' | 'off' | null;
  /** Nothing to type in: no token field, no row count. */
  readOnly?: boolean | null;
  /** One line: status, counts, progress, error. */
  compact?: boolean | null;
}

/** A widget mounted with `mount()`. */
export interface BulkwatchHandle {
  /** Changes some options (see {@link BulkwatchOptions}). Throws after `destroy()`. */
  update(options: BulkwatchOptions): void;
  /** Unmounts: aborts the request, clears the timers, empties the element. Idempotent. */
  destroy(): void;
  /** The latest status, also reflected as the element's `status` attribute. */
  readonly status: BulkwatchStatus | undefined;
  readonly destroyed: boolean;
  /** Releases the handle's memory (after `destroy()`, or to keep the widget without a handle). */
  free(): void;
}

/** Loads and starts the WebAssembly module (once per page; the element does it by itself). */
export function load(): Promise<void>;

/**
 * Mounts a widget into `element` (its content is replaced; link `bulkwatch.css`, `explorer.css`
 * and `bulkwatch-element.css` on the page). Events are dispatched on `element` and its `status`
 * attribute is reflected. Rejects with a `TypeError` for an option of the wrong type, and when the
 * WebAssembly cannot be loaded (after showing that in `element`).
 */
export function mount(element: Element, options?: BulkwatchOptions): Promise<BulkwatchHandle>;

/** `<bulkwatch-job>`. */
export declare class BulkwatchJobElement extends HTMLElement {
  /** `job-id` */
  jobId: string | null;
  /** `dc` */
  dc: BulkwatchSite | string | null;
  /** `api-domain` */
  apiDomain: string | null;
  /** `api-version` */
  apiVersion: BulkwatchApiVersion | string | null;
  /** `proxy` */
  proxy: string | null;
  /** `extra-hosts`: exact https host names separated by spaces or commas. */
  extraHosts: string | null;
  /** `rows`: how many rows the uploaded file has (digits). */
  rows: string | null;
  /** `poll`: `off` asks once per job and token, then on "Check again" only. */
  poll: 'auto' | 'off' | string | null;
  /** `read-only` */
  readOnly: boolean;
  /** `compact` */
  compact: boolean;
  /** The reflected `status` attribute; null while nothing is known. */
  readonly status: BulkwatchStatus | null;
  /** Write-only: the access token (memory only, never an attribute); null forgets it. */
  set token(value: string | null | undefined);
  get token(): null;

  addEventListener<K extends keyof BulkwatchEventMap>(
    type: K,
    listener: (this: BulkwatchJobElement, ev: BulkwatchEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: BulkwatchJobElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof BulkwatchEventMap>(
    type: K,
    listener: (this: BulkwatchJobElement, ev: BulkwatchEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: BulkwatchJobElement, ev: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    'bulkwatch-job': BulkwatchJobElement;
  }
  /** The events bubble and are composed: a listener on any ancestor (or `document`) hears them. */
  interface HTMLElementEventMap extends BulkwatchEventMap {}
  interface DocumentEventMap extends BulkwatchEventMap {}
}
