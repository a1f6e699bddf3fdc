#!/usr/bin/env python3
"""Reads dipgraph's exports back with independent parsers (networkx, rdflib,
json) and checks that every format holds the same graph; see
scripts/check-exports.sh, which writes the files and calls this.

    check-exports.py [--gexf13] OUT_DIR PAGES_DIR

OUT_DIR holds dipgraph.{json,cyjs,d3.json,graphml,gexf,nq,jsonld} and
dipgraph-1.3.gexf; PAGES_DIR the pages of GET /v1/export (graphml.N,
nquads.N). --gexf13 reads the GEXF 1.3 file too (networkx 3 reads it;
Debian's 2.8 knows only the drafts).
"""
import glob
import json
import os
import re
import sys

import networkx as nx

BASE = "urn:dipgraph:"
failures = []


def fail(msg):
    failures.append(msg)
    print("check-exports: FAIL " + msg, file=sys.stderr)


def check(cond, msg):
    if not cond:
        fail(msg)


def xml_edge_id(s, p, o):
    def part(x):
        return x.replace("%", "%25").replace("|", "%7C")
    raw = "|".join(part(x) for x in (s, p, o))
    out = "e."
    for b in raw.encode("utf-8"):
        c = chr(b)
        if c.isascii() and (c.isalnum() or c in "-."):
            out += c
        else:
            out += "_%02X" % b
    return out


def main(argv):
    gexf13 = "--gexf13" in argv
    argv = [a for a in argv if a != "--gexf13"]
    out, pages = argv[0], argv[1]
    p = lambda name: os.path.join(out, name)

    # dipgraph's own JSON is the reference the others are compared with.
    with open(p("dipgraph.json"), encoding="utf-8") as f:
        doc = json.load(f)
    nodes = {n["id"]: n for n in doc["nodes"]}
    edges = {(e["source"], e["predicate"], e["target"]): e for e in doc["edges"]}
    check(len(nodes) == len(doc["nodes"]), "json: node IDs repeat")
    check(len(edges) == len(doc["edges"]), "json: edges repeat")
    check(len(edges) > 100, "json: only %d edges: the store should hold the dev sets" % len(edges))
    for (s, pr, o), e in edges.items():
        check(s in nodes and o in nodes, "json: edge %s does not resolve" % e["id"])
        check(e["class"] in ("event", "verb", "relation"), "json: edge %s class %r" % (e["id"], e["class"]))
        if pr == "tension":
            check(e.get("symmetric") is True and s < o, "json: tension %s not one symmetric edge, smaller ID first" % e["id"])
            check((o, pr, s) not in edges, "json: tension %s both ways" % e["id"])
    print("check-exports: json: %d nodes, %d edges" % (len(nodes), len(edges)))

    with open(p("dipgraph.cyjs"), encoding="utf-8") as f:
        cy = json.load(f)
    check({n["data"]["id"] for n in cy["elements"]["nodes"]} == set(nodes), "cytoscape: nodes differ")
    check({(e["data"]["source"], e["data"]["predicate"], e["data"]["target"]) for e in cy["elements"]["edges"]} == set(edges),
          "cytoscape: edges differ")
    with open(p("dipgraph.d3.json"), encoding="utf-8") as f:
        d3 = json.load(f)
    check({n["id"] for n in d3["nodes"]} == set(nodes), "d3: nodes differ")
    check({(l["source"], l["predicate"], l["target"]) for l in d3["links"]} == set(edges), "d3: links differ")

    # GraphML with networkx: node and edge attributes typed as declared.
    g = nx.read_graphml(p("dipgraph.graphml"), force_multigraph=True)
    check(g.is_directed() and g.is_multigraph(), "graphml: not a directed multigraph")
    check(set(g.nodes) == set(nodes), "graphml: nodes differ")
    got = {}
    for s, o, k, d in g.edges(keys=True, data=True):
        key = (s, d.get("predicate"), o)
        got[key] = d
        check(k == xml_edge_id(*key), "graphml: edge id %r, want %r" % (k, xml_edge_id(*key)))
        check(isinstance(d.get("weight"), int) and d["weight"] == edges.get(key, {}).get("weight"),
              "graphml: edge %r weight %r" % (key, d.get("weight")))
        if "score" in d:
            check(isinstance(d["score"], float), "graphml: score %r is not a double" % d["score"])
    check(set(got) == set(edges), "graphml: %d edges, json %d" % (len(got), len(edges)))
    for n, d in g.nodes(data=True):
        check(d.get("kind") == nodes[n]["kind"], "graphml: node %s kind %r" % (n, d.get("kind")))
    print("check-exports: graphml (networkx %s): %d nodes, %d edges" % (nx.__version__, g.number_of_nodes(), g.number_of_edges()))

    # GEXF with networkx: 1.2draft (the default), and 1.3 when asked.
    versions = [("dipgraph.gexf", "1.2draft")]
    if gexf13:
        versions.append(("dipgraph-1.3.gexf", "1.3"))
    for name, version in versions:
        gx = nx.read_gexf(p(name), version=version)
        check(gx.is_directed(), "gexf %s: not directed" % version)
        check(set(gx.nodes) == set(nodes), "gexf %s: nodes differ" % version)
        multi = gx.is_multigraph()
        seen = set()
        for e in (gx.edges(keys=True, data=True) if multi else gx.edges(data=True)):
            s, o, d = e[0], e[1], e[-1]
            key = (s, d.get("predicate"), o)
            seen.add(key)
            check(d.get("weight") == edges.get(key, {}).get("weight"), "gexf %s: edge %r weight %r" % (version, key, d.get("weight")))
            check(d.get("label") == key[1], "gexf %s: edge %r label %r" % (version, key, d.get("label")))
        check(seen == set(edges), "gexf %s: %d edges, json %d" % (version, len(seen), len(edges)))
        print("check-exports: gexf %s (networkx %s): %d nodes, %d edges" % (version, nx.__version__, gx.number_of_nodes(), len(seen)))

    # N-Quads with rdflib (skipped by networkx 3 runs outside Debian's python).
    try:
        import rdflib
        from rdflib.namespace import XSD
    except ImportError:
        rdflib = None
        print("check-exports: rdflib not installed for this python: N-Quads left to the Debian run")
    if rdflib is not None:
        ds = rdflib.Dataset()
        with open(p("dipgraph.nq"), "rb") as f:
            ds.parse(f, format="nquads")
        lines = sum(1 for l in open(p("dipgraph.nq"), encoding="utf-8") if l.strip() and not l.startswith("#"))
        quads = list(ds.quads((None, None, None, None)))
        check(len(quads) == lines, "nquads: rdflib read %d quads of %d lines" % (len(quads), lines))
        support = {}
        dates = 0
        for s, pr, o, c in quads:
            for t in (s, pr) + ((o,) if isinstance(o, rdflib.URIRef) else ()):
                check(isinstance(t, rdflib.URIRef) and str(t).startswith(BASE), "nquads: %r is not an IRI under %s" % (t, BASE))
            ctx = c.identifier if hasattr(c, "identifier") else c
            named = isinstance(ctx, rdflib.URIRef) and str(ctx).startswith(BASE + "article:")
            pred = str(pr)[len(BASE):]
            if isinstance(o, rdflib.Literal) and pred == "pred:date":
                check(o.datatype == XSD.date, "nquads: date %r not xsd:date" % o)
                dates += 1
            if isinstance(o, rdflib.Literal) and pred == "pred:score":
                check(o.datatype == XSD.decimal, "nquads: score %r not xsd:decimal" % o)
            if named:
                key = (str(s)[len(BASE):], pred[len("pred:"):], str(o)[len(BASE):])
                support[key] = support.get(key, 0) + 1
        check(set(support) == set(edges), "nquads: %d edges in article graphs, json %d" % (len(support), len(edges)))
        for key, n in support.items():
            check(edges.get(key, {}).get("weight") == n, "nquads: edge %r in %d graphs, weight %r" % (key, n, edges.get(key, {}).get("weight")))
        check(dates > 0, "nquads: no typed article dates")

        def dataset(quads):
            out = set()
            for s_, p_, o_, c_ in quads:
                ctx = c_.identifier if hasattr(c_, "identifier") else c_
                named = isinstance(ctx, rdflib.URIRef) and str(ctx).startswith(BASE)
                out.add((s_, p_, o_, ctx if named else None))
            return out
        ld = rdflib.Dataset()
        with open(p("dipgraph.jsonld"), "rb") as f:
            ld.parse(f, format="json-ld")
        ldq, nq = dataset(ld.quads((None, None, None, None))), dataset(quads)
        check(ldq == nq, "jsonld: rdflib reads %d quads, %d of them not in the N-Quads; the N-Quads have %d not in it" %
              (len(ldq), len(ldq - nq), len(nq - ldq)))
        print("check-exports: jsonld (rdflib %s): %d quads, the same dataset as the N-Quads" % (rdflib.__version__, len(ldq)))
        print("check-exports: nquads (rdflib %s): %d quads, %d edges in %d article graphs" %
              (rdflib.__version__, len(quads), len(support), len({str(c.identifier if hasattr(c, 'identifier') else c) for *_, c in quads}) - 1))

    # Pages of GET /v1/export: each parses, together the whole graph.
    pe = set()
    files = sorted(glob.glob(os.path.join(pages, "graphml.*")), key=lambda x: int(x.rsplit(".", 1)[1]))
    for f in files:
        pg = nx.read_graphml(f, force_multigraph=True)
        for s, o, d in pg.edges(data=True):
            key = (s, d.get("predicate"), o)
            check(key not in pe, "pages: edge %r on two pages" % (key,))
            pe.add(key)
    check(len(files) > 1, "pages: %d graphml pages, want several" % len(files))
    check(pe == set(edges), "pages: graphml pages hold %d edges, the export %d" % (len(pe), len(edges)))
    if rdflib is not None:
        whole = set(l.strip() for l in open(p("dipgraph.nq"), encoding="utf-8") if l.strip() and not l.startswith("#"))
        paged = set()
        for f in glob.glob(os.path.join(pages, "nquads.*")):
            ds = rdflib.Dataset()
            with open(f, "rb") as fh:
                ds.parse(fh, format="nquads")
            paged |= set(l.strip() for l in open(f, encoding="utf-8") if l.strip() and not l.startswith("#"))
        check(paged == whole, "pages: the nquads pages hold %d distinct lines, the export %d" % (len(paged), len(whole)))
    print("check-exports: %d graphml pages of /v1/export, %d edges together" % (len(files), len(pe)))

    if failures:
        print("check-exports: %d failures" % len(failures), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
