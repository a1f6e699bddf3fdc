// Dyads: the tension index of two countries over time as a line chart and
// their events by PLOVER type as stacked bars (Chart.js); a click on a
// bucket opens its events. A country's ranked counterparts lead to the
// other country.

import {
  BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement,
  PointElement, Tooltip,
} from 'chart.js';
import { getJSON, q } from './api.js';
import { showBucket } from './evidence.js';
import { clear, el, fmtScore, ploverTypes, scoreColour, shortID, source } from './ui.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend);

const iso = (c) => shortID(c).toUpperCase();

export class DyadView {
  constructor({ tensionCanvas, countsCanvas, summary, counterparts }) {
    this.summary = summary;
    this.counterpartsBox = counterparts;
    this.report = null;
    const onClick = (chart) => (evt) => {
      const pts = chart().getElementsAtEventForMode(evt, 'index', { intersect: false }, false);
      if (pts.length && this.report) showBucket(this.report, this.report.buckets[pts[0].index]);
    };
    this.tension = new Chart(tensionCanvas, {
      type: 'line',
      data: { labels: [], datasets: [{ label: 'tension index', data: [], borderColor: '#a50f15', backgroundColor: '#a50f15', tension: 0, pointRadius: 4, pointHoverRadius: 6 }] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        onClick: onClick(() => this.tension),
        interaction: { mode: 'index', intersect: false },
        scales: {
          y: { suggestedMin: -10, suggestedMax: 10, title: { display: true, text: 'tension (−10 cooperation … +10 conflict)' } },
        },
        plugins: { legend: { display: false }, tooltip: { callbacks: { footer: () => 'click for the events' } } },
      },
    });
    this.counts = new Chart(countsCanvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        onClick: onClick(() => this.counts),
        interaction: { mode: 'index', intersect: false },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 }, title: { display: true, text: 'events' } } },
        plugins: { legend: { position: 'bottom', labels: { boxWidth: 12 } } },
      },
    });
    this.seq = 0;
  }

  async load(state) {
    const my = ++this.seq;
    window.__dipgraph.dyad = { state: 'loading' };
    const params = { interval: state.interval, from: state.from, to: state.to };
    const rep = await getJSON(`/v1/dyads/${encodeURIComponent(state.a)}/${encodeURIComponent(state.b)}?${q(params)}`, 'Loading the dyad');
    if (my !== this.seq) return null;
    this.report = rep;
    const labels = rep.buckets.map((b) => b.key);
    this.tension.data.labels = labels;
    this.tension.data.datasets[0].data = rep.buckets.map((b) => b.tension);
    this.tension.data.datasets[0].pointBackgroundColor = rep.buckets.map((b) => scoreColour(-b.tension));
    this.tension.update();
    const present = new Set(rep.buckets.flatMap((b) => Object.keys(b.byType || {})));
    this.counts.data.labels = labels;
    this.counts.data.datasets = ploverTypes.filter((t) => present.has(t.name)).map((t) => ({
      label: t.name,
      data: rep.buckets.map((b) => (b.byType?.[t.name] ? b.byType[t.name].aToB + b.byType[t.name].bToA : 0)),
      backgroundColor: scoreColour(t.score),
      borderColor: '#ffffff',
      borderWidth: 1,
      stack: 'events',
    }));
    this.counts.update();
    const tot = rep.totals || {};
    const statements = Array.isArray(rep.tension) ? rep.tension : [];
    clear(this.summary).append(
      el('p', {}, `${iso(rep.a)} and ${iso(rep.b)}: ${tot.events ?? 0} events (${iso(rep.a)} to ${iso(rep.b)} ${tot.aToB ?? 0}, ${iso(rep.b)} to ${iso(rep.a)} ${tot.bToA ?? 0}), tension ${fmtScore(tot.tension)}`,
        rep.undated ? `, ${rep.undated} undated` : '', rep.buckets.length === 0 ? '. No events between them in this range.' : '. Click a bucket for its events.'),
      statements.length ? el('details', { class: 'statements' },
        el('summary', {}, `${statements.length} explicit tension statement(s)`),
        el('ul', {}, statements.flatMap((t) => t.evidence.map((ev) => el('li', {}, el('q', {}, ev.sentence), ' ', source(ev.article, ev.date)))))) : '',
      el('p', { class: 'formula' }, rep.formula || ''));
    window.__dipgraph.dyad = { state: 'drawn', a: rep.a, b: rep.b, interval: rep.interval, buckets: labels.length };
    return rep;
  }

  async loadCounterparts(country, sortBy, pick) {
    const box = this.counterpartsBox;
    clear(box);
    if (!country) return;
    const page = await getJSON(`/v1/dyads?${q({ country, sort: sortBy, limit: 20 })}`, 'Loading the counterparts');
    if (!page.items?.length) {
      box.append(el('p', { class: 'empty' }, `No events between ${iso(country)} and another country.`));
      return;
    }
    box.append(el('h3', {}, `${iso(country)}'s counterparts by ${sortBy}`),
      el('ol', { class: 'counterparts' }, page.items.map((d) => el('li', {},
        el('a', { href: `?view=dyad&a=${iso(country)}&b=${iso(d.country)}`, dataset: { country: iso(d.country) }, onclick: (ev) => { ev.preventDefault(); pick(iso(d.country)); } }, iso(d.country)),
        ` ${d.events} events · tension ${fmtScore(d.tension)}`))));
  }

  resize() {
    this.tension.resize();
    this.counts.resize();
  }
}
