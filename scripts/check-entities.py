#!/usr/bin/env python3
"""Checks the entities the extractor makes of the samples and the dev sets
(dipgraph extract output, JSON lines, on stdin or in the files named):
fails on any Person whose name is a calendar word, a function word or a
single lower-cased token, and on any Organization without a country that
more than one article names (a hub joining unrelated stories). Run by
scripts/eval.sh."""
import json
import sys

CALENDAR = set("january february march april may june july august september october november december "
               "monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow".split())
FUNCTION = set("the a an this that these those he she it they we i you his her its their our and or but "
               "of in on at to from by with for as not no".split())


def main(paths):
    streams = [open(p) for p in paths] or [sys.stdin]
    bad, orgs = [], {}
    for f in streams:
        for line in f:
            d = json.loads(line)
            for e in d.get("entities", []):
                name = e.get("name", "")
                if e.get("type") == "Person":
                    words = name.split()
                    low = name.lower().strip(".")
                    if low in CALENDAR or low in FUNCTION or (len(words) == 1 and name == name.lower()):
                        bad.append(f"{d['id']}: person {e['id']} named {name!r}")
                if e.get("type") == "Organization" and not e.get("country"):
                    orgs.setdefault(e["id"], set()).add(d.get("article") or d["id"])
    for oid, docs in sorted(orgs.items()):
        if len(docs) > 1:
            bad.append(f"organisation {oid} has no country and joins {len(docs)} articles: {', '.join(sorted(docs)[:3])}…")
    for b in bad:
        print("check-entities:", b)
    print(f"check-entities: {len(bad)} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
