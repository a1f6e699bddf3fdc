// The evidence panel: the sentences behind an edge, a path's hop or a
// dyad's bucket, each with its article's title, date and source ID, and
// the trigger and actors marked by their offsets.

import { getAll, getJSON, entity, q } from './api.js';
import {
  $, clear, el, entityName, eventSentence, fmtScore, isPlover, knownName, nameSentence,
  ploverScore, scoreColour, shortID, source,
} from './ui.js';

let openEntity = () => {};
export function onOpenEntity(fn) { openEntity = fn; }

const panel = () => $('#evidence');
const body = () => $('#evidence-body');
let seq = 0;

export function closeEvidence() {
  panel().hidden = true;
  seq++;
  window.__dipgraph.evidence = { state: 'closed' };
}

function open(title) {
  const my = ++seq;
  panel().hidden = false;
  clear($('#evidence-title')).append(...[title].flat());
  clear(body());
  window.__dipgraph.evidence = { state: 'loading', sentences: [] };
  return my;
}

function done(my, failed) {
  if (my !== seq) return;
  const sentences = [...body().querySelectorAll('.sentence')].map((s) => s.textContent);
  window.__dipgraph.evidence = { state: failed ? 'error' : 'done', sentences };
}

function errorBox(err) {
  return el('p', { class: 'error' }, `${err.problem?.title || 'Error'}: ${err.message}`,
    err.problem?.request_id ? ` (request ${err.problem.request_id})` : '');
}

function typeBadge(type, score) {
  const b = el('span', { class: 'badge', title: score !== undefined ? `PLOVER ${type}, score ${fmtScore(score)}` : type }, type);
  b.style.backgroundColor = scoreColour(score);
  return b;
}

// eventsOf returns the events of source's with the given type whose
// targets include target: an event edge's evidence with offsets.
// The edge's first and last dates narrow the request.
async function eventsOf(src, type, tgt, from, to) {
  const evs = await getAll(`/v1/events?${q({ actor: src, type, from, to })}`, 1000, 'Loading the events');
  return evs.filter((e) => (e.source || []).some((a) => a.entity === src) && (e.target || []).some((a) => a.entity === tgt));
}

function eventItem(ev) {
  return el('li', { class: 'evidence-item', dataset: { event: ev.id } },
    el('div', { class: 'meta' }, typeBadge(ev.event, ev.score), ` CAMEO ${ev.cameo} · score ${fmtScore(ev.score)}`,
      ev.negated ? el('strong', { class: 'negated' }, ' · negated') : '', ` · confidence ${ev.confidence}`),
    el('blockquote', {}, eventSentence(ev)),
    source(ev.evidence.article, ev.date || ev.evidence.date));
}

// edgeSection renders the evidence of one edge of the graph
// ({source, target, predicate, weight, first, last, score}).
async function edgeSection(edge, list) {
  const plover = isPlover(edge.predicate);
  const head = el('h3', {}, entityName(edge.source, openEntity), ' ',
    plover ? typeBadge(edge.predicate, ploverScore(edge.predicate)) : el('span', { class: 'predicate' }, edge.predicate),
    ' → ', entityName(edge.target, openEntity));
  const meta = el('p', { class: 'meta' }, `${edge.weight ?? edge.support ?? '?'} article(s)`,
    edge.first ? ` · ${edge.first}${edge.last && edge.last !== edge.first ? ` to ${edge.last}` : ''}` : '',
    edge.score !== undefined ? ` · PLOVER score ${fmtScore(edge.score)}` : '');
  const items = el('ol', { class: 'evidence-list' });
  list.append(el('section', { class: 'edge-evidence', dataset: { edge: `${edge.source}|${edge.predicate}|${edge.target}` } }, head, meta, items));
  if (plover) {
    const evs = await eventsOf(edge.source, edge.predicate, edge.target, edge.first, edge.last);
    if (evs.length > 0) {
      items.append(...evs.map(eventItem));
      return;
    }
  }
  const triples = await getJSON(`/v1/triples?${q({ subject: edge.source, predicate: edge.predicate, object: edge.target })}`, 'Loading the evidence');
  const t = triples.items?.[0];
  if (!t) {
    items.append(el('li', { class: 'empty' }, 'No evidence found for this edge.'));
    return;
  }
  const [subj, obj] = await Promise.all([edge.source, edge.target].map((id) => entity(id).catch(() => ({ name: knownName(id) || shortID(id), aliases: [] }))));
  const marks = [
    { names: [subj.name, ...(subj.aliases || [])], cls: 'actor-source', title: `subject: ${edge.source} (matched by name)` },
    { names: [obj.name, ...(obj.aliases || [])], cls: 'actor-target', title: `object: ${edge.target} (matched by name)` },
  ];
  for (const ev of t.evidence) {
    items.append(el('li', { class: 'evidence-item' },
      el('blockquote', {}, nameSentence(ev.sentence, marks)),
      source(ev.article, ev.date)));
  }
  if (t.evidenceTotal > t.evidence.length) {
    items.append(el('li', { class: 'more' }, `${t.evidenceTotal - t.evidence.length} more pieces of evidence (the API lists 10 per triple)`));
  }
}

// showEdges opens the evidence of the edges of one bundle of the graph.
export async function showEdges(edges) {
  const a = edges[0].source;
  const b = edges[0].target;
  const my = open([entityName(a, openEntity), ' — ', entityName(b, openEntity), ` · ${edges.length} edge${edges.length === 1 ? '' : 's'}`]);
  const list = el('div', {});
  body().append(list);
  let failed = false;
  // Each edge's section is placed before its requests go out, so the
  // sections keep the bundle's order while they load together.
  await Promise.all(edges.map((e) => edgeSection(e, list).catch((err) => {
    failed = true;
    list.append(errorBox(err));
  })));
  done(my, failed);
}

// showHop opens the evidence of one hop of a path.
export async function showHop(hop) {
  const [s, t] = hop.direction === 'backward' ? [hop.to, hop.from] : [hop.from, hop.to];
  const edge = { source: s, target: t, predicate: hop.predicate, weight: hop.support };
  const my = open(['Hop: ', entityName(s, openEntity), ` ${hop.predicate} `, entityName(t, openEntity)]);
  const list = el('div', {});
  body().append(list);
  let failed = false;
  try {
    await edgeSection(edge, list);
  } catch (err) {
    failed = true;
    list.append(errorBox(err));
  }
  done(my, failed);
}

// showBucket opens a dyad bucket's events, with offsets fetched from
// /v1/events (one page of the first country's events in the bucket).
export async function showBucket(report, bucket) {
  const my = open([`${shortID(report.a).toUpperCase()}–${shortID(report.b).toUpperCase()} · ${bucket.key}`,
    ` · ${bucket.events} event${bucket.events === 1 ? '' : 's'} · tension ${fmtScore(bucket.tension)}`]);
  const list = el('ol', { class: 'evidence-list' });
  body().append(list);
  let byID = new Map();
  let failed = false;
  try {
    const evs = await getAll(`/v1/events?${q({ actor: report.a, from: bucket.start, to: bucket.end })}`, 5000, 'Loading the events');
    byID = new Map(evs.map((e) => [e.id, e]));
  } catch (err) {
    failed = true;
    body().prepend(errorBox(err));
  }
  if (my !== seq) return;
  for (const d of bucket.evidence || []) {
    const ev = byID.get(d.event);
    list.append(el('li', { class: 'evidence-item', dataset: { event: d.event } },
      el('div', { class: 'meta' }, typeBadge(d.type, d.score), ' ', entityName(d.source, openEntity), ' → ', entityName(d.target, openEntity),
        ` · ${d.direction === 'aToB' ? `${shortID(report.a).toUpperCase()} to ${shortID(report.b).toUpperCase()}` : `${shortID(report.b).toUpperCase()} to ${shortID(report.a).toUpperCase()}`}`,
        ` · score ${fmtScore(d.score)}`, d.negated ? el('strong', { class: 'negated' }, ' · negated') : ''),
      el('blockquote', {}, ev ? eventSentence(ev) : el('span', { class: 'sentence' }, d.sentence)),
      source(d.article, d.date)));
  }
  // A bucket lists its first events only (by date, then ID).
  const shown = (bucket.evidence || []).length;
  if ((bucket.evidenceTotal ?? shown) > shown) {
    body().append(el('p', { class: 'empty' }, `The first ${shown} of ${bucket.evidenceTotal} events, oldest first; a shorter interval shows the others.`));
  }
  done(my, failed);
}

export { eventItem };
