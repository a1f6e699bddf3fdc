// The explorer's wiring: the view lives in the URL (deep links such as
// /?entity=country:MEX&depth=2&from=2025-01-01), every control changes
// the URL, and the URL draws the views.

import { APIError, apiKey, getJSON, onBusy, onUnauthorized, q, setAPIKey } from './api.js';
import { closeEvidence, onOpenEntity } from './evidence.js';
import { GraphView } from './graphview.js';
import { PathsView } from './pathsview.js';
import { TimelineView } from './timeline.js';
import { $, clear, el, kindColours, ploverTypes, rememberName, scoreColour, setPloverTypes, shortID } from './ui.js';

const t0 = performance.now();
window.__dipgraph = { state: null, graph: { state: 'idle' }, evidence: { state: 'closed' }, cspViolations: [], t0 };
document.addEventListener('securitypolicyviolation', (e) => {
  window.__dipgraph.cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber} ${e.sample}`);
});

const VIEWS = ['graph', 'dyad', 'paths', 'timeline'];
const list = (s) => (s ? s.split(',').map((x) => x.trim()).filter(Boolean) : []);
const iso = (c) => (c ? shortID(c).toUpperCase() : '');

function readURL() {
  const p = new URLSearchParams(location.search);
  const entity = p.get('entity') || '';
  const a = iso(p.get('a') || '');
  const b = iso(p.get('b') || '');
  let view = p.get('view') || '';
  if (!VIEWS.includes(view)) view = entity ? 'graph' : a && b ? 'dyad' : 'graph';
  const clamp = (v, lo, hi, def) => {
    const n = parseInt(v, 10);
    return Number.isFinite(n) ? Math.min(hi, Math.max(lo, n)) : def;
  };
  return {
    view, entity, a, b,
    depth: clamp(p.get('depth'), 1, 3, 1),
    limit: clamp(p.get('limit'), 1, 10000, 500),
    from: p.get('from') || '', to: p.get('to') || '',
    kinds: list(p.get('kinds')), plover: list(p.get('plover')), preds: list(p.get('predicates')),
    interval: ['day', 'week', 'month'].includes(p.get('interval')) ? p.get('interval') : 'month',
    sort: p.get('sort') === 'tension' ? 'tension' : 'events',
    target: p.get('target') || '', max: clamp(p.get('max'), 1, 6, 4),
  };
}

function toURL(s) {
  const params = {
    view: s.view === 'graph' && s.entity ? '' : s.view,
    entity: s.entity,
    depth: s.depth !== 1 ? s.depth : '', limit: s.limit !== 500 ? s.limit : '',
    from: s.from, to: s.to, kinds: s.kinds, plover: s.plover, predicates: s.preds,
    a: s.a, b: s.b, interval: s.view === 'dyad' && s.interval !== 'month' ? s.interval : '',
    sort: s.view === 'dyad' && s.sort !== 'events' ? s.sort : '',
    target: s.target, max: s.target && s.max !== 4 ? s.max : '',
  };
  const qs = q(params);
  return qs ? `?${qs}` : location.pathname;
}

let state = readURL();

function navigate(patch, replace = false) {
  hideError();
  state = { ...state, ...patch };
  const url = toURL(state);
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  render();
}
window.addEventListener('popstate', () => {
  hideError();
  state = readURL();
  render();
});

// Status line: loading notices and errors.
const status = $('#status');
let errorShown = false;
onBusy((n, label) => {
  document.body.classList.toggle('busy', n > 0);
  if (errorShown) return;
  status.hidden = n === 0;
  status.className = 'loading';
  status.textContent = n > 0 ? `${label}…` : '';
});
function showError(err) {
  errorShown = true;
  status.hidden = false;
  status.className = 'error';
  clear(status).append(
    el('strong', {}, err.problem?.title || 'Error'), ': ', err.message,
    err.problem?.request_id ? el('span', { class: 'reqid' }, ` (request ${err.problem.request_id})`) : '',
    ' ', el('button', { type: 'button', onclick: hideError }, 'Dismiss'));
  window.__dipgraph.lastError = { status: err.status, detail: err.message };
}
function hideError() {
  errorShown = false;
  status.hidden = true;
}
const guard = (p) => p.catch((err) => {
  if (err instanceof APIError) showError(err);
  else showError({ message: String(err?.message || err) });
});

// The API key: asked for when a read answers 401, kept for the session.
const dialog = $('#key-dialog');
function askKey(reason) {
  $('#key-reason').textContent = reason || '';
  $('#key-input').value = apiKey();
  if (!dialog.open) dialog.showModal();
}
onUnauthorized((err) => askKey(`This server needs an API key for reads: ${err.message}`));
$('#key-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  setAPIKey($('#key-input').value.trim());
  dialog.close();
  hideError();
  start();
});
$('#key-forget').addEventListener('click', () => {
  setAPIKey('');
  $('#key-input').value = '';
  dialog.close();
});
$('#key-button').addEventListener('click', () => askKey(apiKey() ? 'A key is kept for this browser tab.' : 'Reads need a key only when the server runs with --require-auth-for-reads.'));

// Search: entities by name.
function picker(input, box, { type, onPick }) {
  let seq = 0;
  let timer = 0;
  const close = () => { box.hidden = true; clear(box); };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) { close(); return; }
    timer = setTimeout(() => guard((async () => {
      const my = ++seq;
      const res = await getJSON(`/v1/entities?${q({ q: text, type, limit: 12 })}`, 'Searching');
      if (my !== seq) return;
      clear(box);
      if (!res.items.length) {
        box.append(el('li', { class: 'empty' }, `Nothing named “${text}”.`));
      }
      for (const it of res.items) {
        rememberName(it.id, it.name);
        const dot = el('span', { class: 'dot' });
        dot.style.backgroundColor = kindColours[it.kind] || '#888';
        box.append(el('li', { role: 'option', dataset: { id: it.id } },
          el('button', { type: 'button', onclick: () => { close(); input.value = it.name; onPick(it); } },
            dot, it.name, el('span', { class: 'hint' }, ` ${it.kind}${it.country ? ` · ${it.country}` : ''}${it.role ? ` · ${it.role}` : ''} · ${it.degree} edges`))));
      }
      box.hidden = false;
    })()), 150);
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter') {
      ev.preventDefault();
      box.querySelector('button')?.click();
    } else if (ev.key === 'Escape') close();
  });
  document.addEventListener('click', (ev) => { if (!box.contains(ev.target) && ev.target !== input) close(); });
}

const openEntity = (id) => navigate({ entity: id, view: state.view === 'dyad' || state.view === 'paths' ? 'graph' : state.view, target: '' });
onOpenEntity(openEntity);
picker($('#q'), $('#results'), { onPick: (it) => navigate({ entity: it.id, view: state.view === 'dyad' ? 'graph' : state.view }) });
picker($('#path-to'), $('#path-results'), { onPick: (it) => navigate({ target: it.id, view: 'paths' }) });

// Tabs.
for (const b of document.querySelectorAll('#tabs button')) {
  b.addEventListener('click', () => {
    const view = b.dataset.view;
    const patch = { view };
    if (view === 'dyad' && !state.a && state.entity.startsWith('country:')) patch.a = iso(state.entity);
    navigate(patch);
  });
}
$('#evidence-close').addEventListener('click', closeEvidence);

// Graph controls.
const gform = $('#graph-controls');
function buildFilters() {
  const kinds = $('#filter-kinds');
  clear(kinds);
  for (const k of Object.keys(kindColours)) {
    const dot = el('span', { class: 'dot' });
    dot.style.backgroundColor = kindColours[k];
    kinds.append(el('label', {}, el('input', { type: 'checkbox', name: 'kind', value: k }), dot, k));
  }
  const types = $('#filter-plover');
  clear(types);
  for (const t of ploverTypes) {
    const sw = el('span', { class: 'swatch', title: `score ${t.score}` });
    sw.style.backgroundColor = scoreColour(t.score);
    types.append(el('label', { title: t.description || '' }, el('input', { type: 'checkbox', name: 'plover', value: t.name }), sw, t.name));
  }
  const legend = $('#legend');
  clear(legend).append(el('span', {}, 'cooperation'));
  for (const t of ploverTypes) {
    const sw = el('span', { class: 'swatch', title: `${t.name} (${t.score})` });
    sw.style.backgroundColor = scoreColour(t.score);
    legend.append(sw);
  }
  legend.append(el('span', {}, 'conflict'), el('span', { class: 'sep' }, '·'));
  const grey = el('span', { class: 'swatch' });
  grey.style.backgroundColor = scoreColour(undefined);
  legend.append(grey, el('span', {}, 'other predicates · width: articles · “N edges”: bundled'));
}
function fillPredicates(preds) {
  const box = $('#filter-preds');
  const all = [...new Set([...preds, ...state.preds])].sort();
  clear(box);
  if (!all.length) box.append(el('span', { class: 'hint' }, 'none in this graph'));
  for (const p of all) box.append(el('label', {}, el('input', { type: 'checkbox', name: 'pred', value: p, checked: state.preds.includes(p) }), p));
}
function syncGraphControls() {
  gform.depth.value = String(state.depth);
  gform.limit.value = String(state.limit);
  gform.from.value = state.from;
  gform.to.value = state.to;
  for (const c of gform.querySelectorAll('input[name=kind]')) c.checked = state.kinds.includes(c.value);
  for (const c of gform.querySelectorAll('input[name=plover]')) c.checked = state.plover.includes(c.value);
  for (const c of gform.querySelectorAll('input[name=pred]')) c.checked = state.preds.includes(c.value);
}
gform.addEventListener('change', () => {
  const checked = (name) => [...gform.querySelectorAll(`input[name=${name}]:checked`)].map((c) => c.value);
  navigate({
    depth: parseInt(gform.depth.value, 10) || 1,
    limit: Math.min(10000, Math.max(1, parseInt(gform.limit.value, 10) || 500)),
    from: gform.from.value, to: gform.to.value,
    kinds: checked('kind'), plover: checked('plover'), preds: checked('pred'),
  });
});
gform.addEventListener('submit', (ev) => ev.preventDefault());
$('#filters-reset').addEventListener('click', () => navigate({ kinds: [], plover: [], preds: [], from: '', to: '' }));

// Dyad controls.
const dform = $('#dyad-controls');
dform.addEventListener('submit', (ev) => {
  ev.preventDefault();
  navigate({ view: 'dyad', a: iso(dform.a.value.trim()), b: iso(dform.b.value.trim()), interval: dform.interval.value, sort: dform.sort.value, from: dform.from.value, to: dform.to.value });
});
dform.addEventListener('change', (ev) => { if (ev.target.tagName === 'SELECT' || ev.target.type === 'date') dform.requestSubmit(); });
$('#path-controls').addEventListener('change', (ev) => { if (ev.target.name === 'max') navigate({ max: parseInt(ev.target.value, 10) || 4 }); });
$('#path-controls').addEventListener('submit', (ev) => ev.preventDefault());

const graph = new GraphView($('#cy'));
graph.onCentre = (id) => navigate({ entity: id });
window.__dipgraph.cy = graph.cy;

// The other views are made when first shown; the charts' code is a chunk
// of its own, loaded then.
let dyad = null;
async function dyadView() {
  if (!dyad) {
    const { DyadView } = await import('./dyadview.js');
    dyad = new DyadView({ tensionCanvas: $('#tension-chart'), countsCanvas: $('#counts-chart'), summary: $('#dyad-summary'), counterparts: $('#counterparts') });
    window.__dipgraph.charts = { tension: dyad.tension, counts: dyad.counts };
  }
  return dyad;
}
let paths = null;
function pathsView() {
  if (!paths) {
    paths = new PathsView($('#cy-paths'), $('#path-list'));
    paths.onEntity = openEntity;
    window.__dipgraph.pathsCy = paths.cy;
  }
  return paths;
}
const timeline = new TimelineView($('#timeline'), $('#timeline-more'), $('#timeline-note'));
timeline.onEntity = openEntity;

let countriesLoaded = false;
async function loadCountries() {
  if (countriesLoaded) return;
  countriesLoaded = true;
  const res = await getJSON(`/v1/entities?${q({ type: 'Country', limit: 1000 })}`, 'Loading the countries');
  const dl = $('#countries');
  clear(dl);
  for (const c of res.items) dl.append(el('option', { value: c.country || iso(c.id) }, c.name));
}

let drawn = {};
async function render() {
  const s = state;
  window.__dipgraph.state = s;
  document.body.dataset.view = s.view;
  for (const b of document.querySelectorAll('#tabs button')) b.setAttribute('aria-selected', String(b.dataset.view === s.view));
  for (const v of VIEWS) $(`#view-${v}`).hidden = v !== s.view;
  const needEntity = s.view !== 'dyad' && !s.entity;
  $('#welcome').hidden = !needEntity;
  $('#entity-bar').hidden = !s.entity || s.view === 'dyad';
  if (s.entity) {
    const name = el('span', {}, $('#q').value && document.activeElement === $('#q') ? '' : '');
    void name;
    clear($('#entity-name')).append(s.entity);
    getJSON(`/v1/entities/${encodeURIComponent(s.entity)}`, 'Loading the entity').then((e) => {
      if (state.entity !== s.entity) return;
      rememberName(e.id, e.name);
      clear($('#entity-name')).append(el('strong', {}, e.name), ` ${e.kind}${e.country ? ` · ${e.country}` : ''}${e.role ? ` · ${e.role}` : ''} · ${e.degree} edges · ${e.articles} articles`);
    }).catch(() => {});
  }
  const key = JSON.stringify(s);
  if (drawn[s.view] === key) return;
  if (needEntity) return;
  drawn[s.view] = key;
  if (s.view === 'graph') {
    syncGraphControls();
    await guard((async () => {
      const g = await graph.load(s, drawn.first ? performance.now() : t0);
      drawn.first = true;
      if (!g) return;
      fillPredicates(graph.predicates());
      clear($('#graph-info')).append(`${g.nodes.length} nodes, ${g.edges.length} edges, depth ${s.depth}`,
        g.truncated ? el('strong', { class: 'warn' }, ` · cut at ${g.limit} edges: ${g.reason}`) : '');
    })());
  } else if (s.view === 'dyad') {
    dform.a.value = s.a;
    dform.b.value = s.b;
    dform.interval.value = s.interval;
    dform.sort.value = s.sort;
    dform.from.value = s.from;
    dform.to.value = s.to;
    guard(loadCountries());
    await guard((async () => {
      const dv = await dyadView();
      if (s.a) guard(dv.loadCounterparts(s.a, s.sort, (c) => navigate({ b: c })));
      if (s.a && s.b) {
        await dv.load(s);
        dv.resize();
      }
    })());
  } else if (s.view === 'paths') {
    $('#path-from').textContent = s.entity;
    $('#path-controls').max.value = String(s.max);
    if (s.target) {
      $('#path-to').value = s.target;
      await guard(pathsView().load(s));
    }
  } else if (s.view === 'timeline') {
    await guard(timeline.load(s));
  }
}

// start reads the vocabulary and checks for an empty store while the
// first view loads.
async function start() {
  drawn = {};
  const vocab = getJSON('/v1/schema', 'Loading the vocabulary');
  const some = getJSON('/v1/entities?limit=12&type=Country', 'Loading');
  // The first view loads at once, with the built-in list of PLOVER types
  // (the schema's, which replaces it when it arrives).
  buildFilters();
  const first = render();
  try {
    const v = await vocab;
    if (v.eventTypes?.length) {
      setPloverTypes(v.eventTypes);
      buildFilters();
      syncGraphControls();
    }
  } catch (err) {
    if (err.status !== 401) showError(err); // on 401 the key dialog is open
  }
  try {
    const page = await some;
    const wl = $('#suggestions');
    clear(wl);
    if (!page.items.length) $('#empty-store').hidden = false;
    for (const c of page.items) {
      wl.append(el('li', {}, el('a', { href: `?entity=${encodeURIComponent(c.id)}`, onclick: (ev) => { ev.preventDefault(); navigate({ entity: c.id, view: 'graph' }); } }, c.name)));
    }
  } catch (err) {
    if (err.status !== 401) showError(err);
  }
  await first;
}

start();
