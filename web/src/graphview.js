// The neighbourhood: /v1/graph drawn with Cytoscape.js and the fcose
// force layout. Parallel edges between two nodes (any predicate, either
// way) are bundled into one drawn edge that carries their count; its
// colour is the mean PLOVER score of its event edges, its width the
// articles that support it.

import cytoscape from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { get, q } from './api.js';
import { showEdges } from './evidence.js';
import { isPlover, kindColour, ploverScore, rememberName, scoreColour } from './ui.js';

cytoscape.use(fcose);

// bundle groups the API's edges by unordered pair of nodes.
export function bundle(edges) {
  const byPair = new Map();
  for (const e of edges) {
    const [a, b] = e.source <= e.target ? [e.source, e.target] : [e.target, e.source];
    const k = `${a}\u0000${b}`;
    if (!byPair.has(k)) byPair.set(k, { a, b, members: [] });
    byPair.get(k).members.push(e);
  }
  return [...byPair.values()].map(({ a, b, members }) => {
    members.sort((x, y) => (y.weight - x.weight) || x.predicate.localeCompare(y.predicate));
    const scores = members.filter((m) => isPlover(m.predicate)).map((m) => m.score ?? ploverScore(m.predicate));
    const mean = scores.length ? scores.reduce((s, x) => s + x, 0) / scores.length : undefined;
    const support = members.reduce((s, m) => s + (m.weight || 1), 0);
    const forward = members.some((m) => m.source === a);
    const backward = members.some((m) => m.source === b && a !== b);
    const label = members.length === 1 ? members[0].predicate : `${members.length} edges`;
    return {
      data: {
        id: `bundle:${a}\u0000${b}`, source: a, target: b, label, count: members.length, support,
        colour: scoreColour(mean), plover: scores.length > 0, score: mean,
        members: members.map((m) => m.id), forward, backward,
      },
      members,
    };
  });
}

export class GraphView {
  constructor(container) {
    this.container = container;
    this.cy = cytoscape({
      container,
      wheelSensitivity: 0.3,
      minZoom: 0.1,
      maxZoom: 4,
      style: [
        {
          selector: 'node',
          style: {
            'background-color': 'data(colour)', label: 'data(label)', 'font-size': 11, color: '#1d2330',
            'text-valign': 'bottom', 'text-margin-y': 3, 'text-outline-color': '#ffffff', 'text-outline-width': 2,
            width: 'mapData(degree, 1, 30, 16, 40)', height: 'mapData(degree, 1, 30, 16, 40)', 'min-zoomed-font-size': 7,
          },
        },
        { selector: 'node.center', style: { 'border-width': 4, 'border-color': '#f2c14e' } },
        {
          selector: 'edge',
          style: {
            'line-color': 'data(colour)', 'target-arrow-color': 'data(colour)', 'source-arrow-color': 'data(colour)',
            // Parallel edges are bundled, so straight lines do (cheaper to
            // draw than curves); a loop needs a curve.
            width: 'mapData(support, 1, 10, 1.5, 9)', 'curve-style': 'straight', opacity: 0.85,
            label: 'data(label)', 'font-size': 9, color: '#4a5060', 'text-rotation': 'autorotate',
            'text-background-color': '#ffffff', 'text-background-opacity': 0.8, 'text-background-padding': 1,
            'min-zoomed-font-size': 8,
          },
        },
        { selector: 'edge:loop', style: { 'curve-style': 'bezier' } },
        // In a big graph only the hubs and the centre are labelled at first
        // (measuring hundreds of labels doubles the first paint); the others
        // show theirs under the pointer.
        { selector: 'node.big', style: { label: '' } },
        { selector: 'node.big.hub, node.hover', style: { label: 'data(label)' } },
        { selector: 'edge[?forward]', style: { 'target-arrow-shape': 'triangle' } },
        { selector: 'edge[?backward]', style: { 'source-arrow-shape': 'triangle' } },
        { selector: 'edge.quiet', style: { label: '' } },
        { selector: ':selected', style: { 'overlay-color': '#f2c14e', 'overlay-opacity': 0.35, 'overlay-padding': 4 } },
      ],
    });
    this.bundles = new Map();
    this.onCentre = () => {};
    this.cy.on('tap', 'node', (ev) => this.onCentre(ev.target.id()));
    this.cy.on('mouseover', 'node', (ev) => ev.target.addClass('hover'));
    this.cy.on('mouseout', 'node', (ev) => ev.target.removeClass('hover'));
    this.cy.on('tap', 'edge', (ev) => {
      const b = this.bundles.get(ev.target.id());
      if (b) showEdges(b.members);
    });
    this.seq = 0;
  }

  // load fetches and draws the neighbourhood of state.entity. It resolves
  // with the API's document once the layout has run and the graph is drawn.
  async load(state, t0 = performance.now()) {
    const my = ++this.seq;
    const params = {
      center: state.entity, depth: state.depth, limit: state.limit,
      types: state.kinds, predicates: [...state.plover, ...state.preds], from: state.from, to: state.to,
    };
    window.__dipgraph.graph = { state: 'loading', params };
    const { body: g, headers } = await get(`/v1/graph?${q(params)}`, 'Loading the neighbourhood');
    if (my !== this.seq) return null;
    const tFetched = performance.now();
    const degree = new Map();
    for (const e of g.edges) {
      degree.set(e.source, (degree.get(e.source) || 0) + 1);
      degree.set(e.target, (degree.get(e.target) || 0) + 1);
    }
    const big = g.nodes.length > 150;
    const bundleDegree = new Map();
    for (const e of g.edges) {
      for (const [x, y] of [[e.source, e.target], [e.target, e.source]]) {
        if (!bundleDegree.has(x)) bundleDegree.set(x, new Set());
        bundleDegree.get(x).add(y);
      }
    }
    for (const [k, v] of bundleDegree) bundleDegree.set(k, v.size);
    const nodes = g.nodes.map((n) => {
      rememberName(n.id, n.name);
      return {
        data: { id: n.id, label: n.name || n.id, kind: n.kind, country: n.country, colour: kindColour(n.kind), degree: degree.get(n.id) || 1 },
        classes: [n.id === state.entity ? 'center' : '', big ? 'big' : '',
          big && (n.id === state.entity || (bundleDegree.get(n.id) || 0) >= 3) ? 'hub' : ''].join(' '),
      };
    });
    const bundles = bundle(g.edges);
    this.bundles = new Map(bundles.map((b) => [b.data.id, b]));
    const maxSupport = Math.max(2, ...bundles.map((b) => b.data.support));
    const quiet = bundles.length > 150;
    const cy = this.cy;
    cy.startBatch();
    cy.elements().remove();
    cy.add(nodes);
    cy.add(bundles.map((b) => ({ data: b.data, classes: quiet ? 'quiet' : '' })));
    cy.style().selector('edge').style('width', `mapData(support, 1, ${maxSupport}, 1.5, 9)`).update();
    cy.endBatch();
    cy.resize();
    const tAdded = performance.now();
    let tLaid = 0;
    await new Promise((resolve) => {
      const layout = cy.layout({
        // fcose's draft (spectral) alone collapses a star's leaves onto one
        // point, so the force-directed pass always runs; past 150 nodes
        // with fewer iterations than fcose's 2,500.
        name: 'fcose', quality: 'default', numIter: nodes.length > 150 ? 1000 : 2500, animate: false, randomize: true,
        nodeRepulsion: 6000, idealEdgeLength: 90, nodeSeparation: 60, padding: 30, fit: true,
        // A neighbourhood is one connected component: nothing to pack.
        packComponents: false, tile: false,
      });
      layout.one('layoutstop', () => { tLaid = performance.now(); resolve(); });
      layout.run();
    });
    if (my !== this.seq) return null;
    // A small graph fitted to the canvas would be drawn huge.
    if (cy.zoom() > 1.4) {
      cy.zoom(1.4);
      cy.center();
    }
    // Wait for the frame that paints the laid-out graph.
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const tDrawn = performance.now();
    window.__dipgraph.graph = {
      state: 'drawn', params, nodes: g.nodes.length, edges: g.edges.length, truncated: g.truncated,
      timings: { fetch: tFetched - t0, drawn: tDrawn - t0, layout: tDrawn - tFetched, add: tAdded - tFetched, fcose: tLaid - tAdded, paint: tDrawn - tLaid, sinceNavigation: tDrawn },
      headers: { truncated: headers.get('X-Dipgraph-Truncated') },
    };
    return g;
  }

  // predicates returns the analyst (non-PLOVER) predicates of the graph.
  predicates() {
    const ps = new Set();
    for (const b of this.bundles.values()) for (const m of b.members) if (!isPlover(m.predicate)) ps.add(m.predicate);
    return [...ps].sort();
  }
}
