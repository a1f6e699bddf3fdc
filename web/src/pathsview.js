// Paths: every shortest path from one entity to another (/v1/paths),
// drawn together with Cytoscape.js's breadth-first layout from the start,
// and listed hop by hop; each hop opens its evidence.

import cytoscape from 'cytoscape';
import { getJSON, q } from './api.js';
import { showHop } from './evidence.js';
import { clear, el, entityName, isPlover, kindColour, knownName, ploverScore, scoreColour, shortID } from './ui.js';

const kindOf = (id) => ({ country: 'Country', person: 'Person', org: 'Organization', concept: 'Concept' })[id.split(':')[0]];

export class PathsView {
  constructor(container, list) {
    this.list = list;
    this.cy = cytoscape({
      container,
      minZoom: 0.2,
      maxZoom: 3,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)', label: 'data(label)', 'font-size': 11, 'text-valign': 'bottom',
            'text-margin-y': 3, 'text-outline-color': '#fff', 'text-outline-width': 2, width: 22, height: 22,
          },
        },
        { selector: 'node.end', style: { 'border-width': 4, 'border-color': '#f2c14e' } },
        {
          selector: 'edge',
          style: {
            'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)', 'target-arrow-shape': 'triangle',
            width: 3, 'curve-style': 'bezier', label: 'data(predicate)', 'font-size': 9, 'text-rotation': 'autorotate',
            'text-background-color': '#fff', 'text-background-opacity': 0.8,
          },
        },
      ],
    });
    this.hops = new Map();
    this.onEntity = () => {};
    this.cy.on('tap', 'edge', (ev) => {
      const h = this.hops.get(ev.target.id());
      if (h) showHop(h);
    });
    this.cy.on('tap', 'node', (ev) => this.onEntity(ev.target.id()));
    this.seq = 0;
  }

  async load(state) {
    const my = ++this.seq;
    window.__dipgraph.paths = { state: 'loading' };
    const res = await getJSON(`/v1/paths?${q({ from: state.entity, to: state.target, max: state.max, limit: 50 })}`, 'Looking for paths');
    if (my !== this.seq) return null;
    const nodes = new Map();
    const edges = new Map();
    this.hops = new Map();
    for (const p of res.paths) {
      for (const id of p.nodes) nodes.set(id, true);
      for (const h of p.hops) {
        const [s, t] = h.direction === 'backward' ? [h.to, h.from] : [h.from, h.to];
        const id = `${s}|${h.predicate}|${t}`;
        if (!edges.has(id)) {
          edges.set(id, { data: { id, source: s, target: t, predicate: h.predicate, colour: isPlover(h.predicate) ? scoreColour(ploverScore(h.predicate)) : '#9a9a9a' } });
          this.hops.set(id, h);
        }
      }
    }
    const cy = this.cy;
    cy.elements().remove();
    cy.add([...nodes.keys()].map((id) => ({
      data: { id, label: knownName(id) || shortID(id), colour: kindColour(kindOf(id)) },
      classes: id === res.from || id === res.to ? 'end' : '',
    })));
    cy.add([...edges.values()]);
    cy.resize();
    if (nodes.size) cy.layout({ name: 'breadthfirst', roots: [res.from], directed: false, spacingFactor: 1.2, padding: 30, animate: false }).run();
    clear(this.list);
    if (res.length < 0) {
      this.list.append(el('p', { class: 'empty' }, `No path within ${res.max} hops. Raise the most hops (at most 6).`));
    } else {
      this.list.append(el('p', {}, `${res.paths.length} shortest path${res.paths.length === 1 ? '' : 's'} of ${res.length} hop${res.length === 1 ? '' : 's'}${res.truncated ? ' (more exist: the list is cut at 50)' : ''}. Click a hop for its evidence.`),
        el('ol', { class: 'paths' }, res.paths.map((p) => el('li', {}, entityName(p.nodes[0], this.onEntity), p.hops.map((h) => [
          ' ', el('button', { type: 'button', class: 'hop', title: 'evidence of this hop', onclick: () => showHop(h) },
            h.direction === 'backward' ? `←${h.predicate}–` : `–${h.predicate}→`),
          ' ', entityName(h.to, this.onEntity)])))));
    }
    for (const n of cy.nodes()) {
      if (!knownName(n.id())) {
        // The names arrive with the entity links above.
        setTimeout(() => { const nm = knownName(n.id()); if (nm) n.data('label', nm); }, 500);
      }
    }
    window.__dipgraph.paths = { state: 'drawn', length: res.length, paths: res.paths.length, nodes: nodes.size, edges: edges.size };
    return res;
  }
}
