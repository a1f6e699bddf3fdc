// The API client: same origin, the read key (when one is needed) from
// session storage, a loading notice for every request slower than 200 ms,
// and errors as the API's problem (title, detail, request_id).

const KEY = 'dipgraph.apiKey';
const SLOW_MS = 200;

export class APIError extends Error {
  constructor(status, problem, path) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.path = path;
  }
}

export function apiKey() {
  try {
    return sessionStorage.getItem(KEY) || '';
  } catch {
    return '';
  }
}

export function setAPIKey(key) {
  try {
    if (key) sessionStorage.setItem(KEY, key);
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the key lasts as long as the page.
  }
  memoryKey = key;
}

let memoryKey = '';
let pending = 0;
const listeners = { busy: () => {}, unauthorized: () => {} };

export function onBusy(fn) { listeners.busy = fn; }
export function onUnauthorized(fn) { listeners.unauthorized = fn; }

// get fetches a JSON document of the API. label names what is loading in
// the notice shown after 200 ms.
export async function get(path, label = 'Loading') {
  const headers = { Accept: 'application/json' };
  const key = apiKey() || memoryKey;
  if (key) headers.Authorization = `Bearer ${key}`;
  let shown = false;
  const timer = setTimeout(() => {
    shown = true;
    pending++;
    listeners.busy(pending, label);
  }, SLOW_MS);
  try {
    let resp;
    try {
      resp = await fetch(path, { headers, credentials: 'same-origin' });
    } catch (err) {
      throw new APIError(0, { title: 'Network error', detail: `${err.message} (is dipgraph serve running?)` }, path);
    }
    const text = await resp.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
    if (!resp.ok) {
      const problem = body && typeof body === 'object' ? body : { title: resp.statusText, detail: text.slice(0, 300) };
      const err = new APIError(resp.status, problem, path);
      if (resp.status === 401) listeners.unauthorized(err);
      throw err;
    }
    return { body, headers: resp.headers };
  } finally {
    clearTimeout(timer);
    if (shown) {
      pending--;
      listeners.busy(pending, label);
    }
  }
}

export async function getJSON(path, label) {
  return (await get(path, label)).body;
}

// getAll follows next_cursor up to max items.
export async function getAll(path, max = 1000, label) {
  const items = [];
  let cursor = '';
  for (;;) {
    const sep = path.includes('?') ? '&' : '?';
    const page = await getJSON(path + sep + (cursor ? `cursor=${encodeURIComponent(cursor)}&` : '') + 'limit=1000', label);
    items.push(...(page.items || []));
    if (!page.next_cursor || items.length >= max) return items.slice(0, max);
    cursor = page.next_cursor;
  }
}

const articles = new Map();
// article returns an article's title, date and source ID, cached.
export function article(id) {
  if (!articles.has(id)) {
    articles.set(id, getJSON(`/v1/articles/${encodeURIComponent(id)}`, 'Loading the article').catch((err) => {
      articles.delete(id);
      throw err;
    }));
  }
  return articles.get(id);
}

const entities = new Map();
// entity returns an entity's view (name, kind, aliases), cached.
export function entity(id) {
  if (!entities.has(id)) {
    entities.set(id, getJSON(`/v1/entities/${encodeURIComponent(id)}`, 'Loading the entity').catch((err) => {
      entities.delete(id);
      throw err;
    }));
  }
  return entities.get(id);
}

export function q(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0)) continue;
    p.set(k, Array.isArray(v) ? v.join(',') : String(v));
  }
  return p.toString();
}
