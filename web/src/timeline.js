// The timeline of an entity's events, newest first (/v1/events is in that
// order), with PLOVER type, score, counterpart and the sentence.

import { getJSON, q } from './api.js';
import { clear, el, entityName, eventSentence, fmtScore, scoreColour, source } from './ui.js';

export class TimelineView {
  constructor(list, more, note) {
    this.list = list;
    this.more = more;
    this.note = note;
    this.onEntity = () => {};
    this.more.addEventListener('click', () => this.page());
    this.seq = 0;
  }

  async load(state) {
    const my = ++this.seq;
    this.state = state;
    this.cursor = '';
    this.count = 0;
    clear(this.list);
    clear(this.note);
    // The API filters by one type; more than one is filtered here.
    this.types = state.plover.length > 1 ? new Set(state.plover) : null;
    if (this.types) this.note.append(`Types ${state.plover.join(', ')}, filtered on each page.`);
    window.__dipgraph.timeline = { state: 'loading' };
    await this.page(my);
  }

  async page(my = this.seq) {
    const st = this.state;
    const params = { actor: st.entity, type: st.plover.length === 1 ? st.plover[0] : '', from: st.from, to: st.to, limit: 50, cursor: this.cursor };
    const res = await getJSON(`/v1/events?${q(params)}`, 'Loading the timeline');
    if (my !== this.seq) return;
    const items = (res.items || []).filter((e) => !this.types || this.types.has(e.event));
    for (const ev of items) this.list.append(this.item(ev, st.entity));
    this.count += items.length;
    this.cursor = res.next_cursor || '';
    this.more.hidden = !this.cursor;
    if (this.count === 0 && !this.cursor) this.list.append(el('li', { class: 'empty' }, 'No events for this entity in this range.'));
    window.__dipgraph.timeline = { state: 'drawn', events: this.count, more: !!this.cursor };
  }

  item(ev, id) {
    const isSource = (ev.source || []).some((a) => a.entity === id) || !(ev.target || []).some((a) => a.entity === id);
    const others = (isSource ? ev.target : ev.source) || [];
    const badge = el('span', { class: 'badge' }, ev.event);
    badge.style.backgroundColor = scoreColour(ev.score);
    return el('li', { class: 'timeline-item', dataset: { event: ev.id, date: ev.date || '' } },
      el('div', { class: 'meta' }, el('time', {}, ev.date || 'undated'), ' ', badge, ` score ${fmtScore(ev.score)}`,
        ev.negated ? el('strong', { class: 'negated' }, ' negated') : '',
        isSource ? ' → ' : ' ← ', others.length ? others.map((a, i) => [i ? ', ' : '', entityName(a.entity, this.onEntity)]) : '(no counterpart)'),
      el('blockquote', {}, eventSentence(ev)),
      source(ev.evidence.article, ev.date));
  }
}
