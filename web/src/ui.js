// DOM helpers, the vocabulary's colours and the evidence renderer shared
// by the views. Text always goes in as text nodes: nothing from the store
// is parsed as HTML.

import { article, entity } from './api.js';

export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function clear(e) {
  while (e.firstChild) e.removeChild(e.firstChild);
  return e;
}

export const $ = (sel) => document.querySelector(sel);

// Kinds of entity and their colours.
export const kindColours = {
  Country: '#3b4a6b',
  Person: '#d9892b',
  Organization: '#2a9d8f',
  Concept: '#8e6bbf',
};
export const kindColour = (k) => kindColours[k] || '#888888';

// PLOVER's types from cooperation to conflict, with their scores; set from
// /v1/schema at start-up (these are the fallback).
export let ploverTypes = [
  ['AID', 10], ['COOPERATE', 9.5], ['RETREAT', 6.5], ['SUPPORT', 5], ['CONCEDE', 4.5],
  ['AGREE', 2.5], ['CONSULT', 2.5], ['REQUEST', 0], ['REJECT', -2], ['ACCUSE', -3],
  ['THREATEN', -3.5], ['PROTEST', -5], ['MOBILIZE', -5.5], ['SANCTION', -6], ['COERCE', -7], ['ASSAULT', -9],
].map(([name, score]) => ({ name, score }));

export function setPloverTypes(types) {
  ploverTypes = types.map((t) => ({ name: t.name, score: t.score, description: t.description }))
    .sort((x, y) => y.score - x.score || x.name.localeCompare(y.name));
}

export const isPlover = (p) => ploverTypes.some((t) => t.name === p);
export const ploverScore = (p) => ploverTypes.find((t) => t.name === p)?.score;

// scoreColour maps a PLOVER score (+10 cooperation .. -10 conflict) to a
// colour of a diverging scale, blue through grey to red.
const scale = [
  [10, '#08519c'], [6, '#3182bd'], [3, '#6baed6'], [1, '#9ecae1'], [0, '#bdbdbd'],
  [-2, '#fcae91'], [-4, '#fb6a4a'], [-6, '#de2d26'], [-10, '#a50f15'],
];
export function scoreColour(score) {
  if (score === undefined || score === null || Number.isNaN(score)) return '#b0b0b0';
  for (const [s, c] of scale) if (score >= s) return c;
  return scale[scale.length - 1][1];
}

// shortID turns person:claudia-sheinbaum into "claudia sheinbaum" until the
// name is known.
export function shortID(id) {
  const i = id.indexOf(':');
  return (i >= 0 ? id.slice(i + 1) : id).replace(/-/g, ' ');
}

const names = new Map();
export function rememberName(id, name) { if (name) names.set(id, name); }
export function knownName(id) { return names.get(id); }

// entityName is an element holding an entity's name (its ID until the
// name is fetched); onclick, when given, opens the entity.
export function entityName(id, onclick) {
  const e = el(onclick ? 'a' : 'span', { class: 'entity', href: onclick ? `?entity=${encodeURIComponent(id)}` : undefined, title: id, dataset: { entity: id } }, names.get(id) || shortID(id));
  if (onclick) {
    e.addEventListener('click', (ev) => {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      onclick(id);
    });
  }
  if (!names.has(id)) {
    entity(id).then((info) => {
      rememberName(id, info.name);
      e.textContent = info.name;
    }).catch(() => {});
  }
  return e;
}

// highlighted renders a sentence with spans marked. Offsets are byte
// offsets into the article (UTF-8); base is the sentence's own offset.
// spans: [{start, end, cls, title}]; overlapping spans after the first are
// dropped.
const enc = new TextEncoder();
const dec = new TextDecoder();
export function highlighted(sentence, base, spans) {
  const bytes = enc.encode(sentence);
  const rel = spans
    .map((s) => ({ ...s, start: s.start - base, end: s.end - base }))
    .filter((s) => s.start >= 0 && s.end <= bytes.length && s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out = el('span', { class: 'sentence' });
  let at = 0;
  const seen = new Set();
  for (const s of rel) {
    if (s.start < at) {
      // The same span as an actor of both sides: say so in the title.
      continue;
    }
    const key = `${s.start}:${s.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (s.start > at) out.append(dec.decode(bytes.slice(at, s.start)));
    out.append(el('mark', { class: s.cls, title: s.title }, dec.decode(bytes.slice(s.start, s.end))));
    at = s.end;
  }
  if (at < bytes.length) out.append(dec.decode(bytes.slice(at)));
  return out;
}

// eventSentence renders an event's sentence with its trigger and actors
// marked by their offsets.
export function eventSentence(ev) {
  const base = ev.evidence?.start ?? 0;
  const spans = [];
  if (ev.triggerEnd > ev.triggerStart) spans.push({ start: ev.triggerStart, end: ev.triggerEnd, cls: 'trigger', title: `trigger: ${ev.event}` });
  for (const a of ev.source || []) spans.push({ start: a.start, end: a.end, cls: 'actor-source', title: `source: ${a.entity}` });
  for (const a of ev.target || []) spans.push({ start: a.start, end: a.end, cls: 'actor-target', title: `target: ${a.entity}` });
  return highlighted(ev.evidence?.sentence || '', base, spans);
}

// nameSentence marks the first mention of each name in a sentence: the
// analyst triples' evidence carries the sentence's offsets but not the
// actors'.
export function nameSentence(sentence, marks) {
  const bytes = enc.encode(sentence);
  const lower = sentence.toLowerCase();
  const spans = [];
  for (const { names: ns, cls, title } of marks) {
    for (const n of [...ns].filter(Boolean).sort((a, b) => b.length - a.length)) {
      const i = lower.indexOf(n.toLowerCase());
      if (i >= 0) {
        const start = enc.encode(sentence.slice(0, i)).length;
        spans.push({ start, end: start + enc.encode(sentence.slice(i, i + n.length)).length, cls, title });
        break;
      }
    }
  }
  void bytes;
  return highlighted(sentence, 0, spans);
}

// source renders an article's title, date and source ID, filled in once
// the article is fetched.
export function source(articleID, date) {
  const e = el('div', { class: 'source' },
    el('span', { class: 'title' }, '…'),
    el('span', { class: 'date' }, date || ''),
    el('span', { class: 'sourceid' }, ''),
    el('code', { class: 'article' }, articleID));
  article(articleID).then((a) => {
    e.querySelector('.title').textContent = a.title || '(untitled)';
    if (!date && a.date) e.querySelector('.date').textContent = a.date;
    e.querySelector('.sourceid').textContent = a.sourceId ? `source ${a.sourceId}` : '';
  }).catch((err) => {
    e.querySelector('.title').textContent = `(article not found: ${err.message})`;
  });
  return e;
}

export function fmtScore(s) {
  if (s === undefined || s === null) return '';
  return (s > 0 ? '+' : '') + (Math.round(s * 100) / 100);
}
