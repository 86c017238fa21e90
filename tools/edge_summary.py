#!/usr/bin/env python3
"""Aggregate edge outcomes over the development set (graphs dumped by `devset --dump DIR`):
how many predicted edges between gold concepts are right, mistyped (with a confusion table of
predicted vs gold type), reversed or spurious, and how many gold relations were missed.

    cargo run --release --example devset -- --dump /tmp/dev
    python3 tools/edge_summary.py /tmp/dev [--kinds]
"""
import collections
import glob
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "data", "eval"))
from score import normalize, SYMMETRIC  # noqa: E402

dump = sys.argv[1]
conf = collections.Counter()
outcome = collections.Counter()
kindpairs = collections.defaultdict(collections.Counter)
for path in sorted(glob.glob(os.path.join(dump, "*.json"))):
    name = os.path.basename(path)[:-5]
    gold = json.load(open(f"tests/data/eval/{name}.gold.json"))
    graph = json.load(open(path))
    gforms = [{normalize(c["label"])} | {normalize(a) for a in c.get("aliases", [])} for c in gold["concepts"]]
    node_gold, node_kind = {}, {}
    for n in graph["nodes"]:
        f = {normalize(n["label"])} | {normalize(a) for a in n.get("aliases", [])}
        hits = [i for i, g in enumerate(gforms) if g & f]
        node_gold[n["id"]] = hits[0] if hits else None
        node_kind[n["id"]] = n["kind"]
    labels = {c["label"]: i for i, c in enumerate(gold["concepts"])}
    gold_rel = {}
    for r in gold["relations"]:
        h, t = labels[r["head"]], labels[r["tail"]]
        gold_rel[frozenset((h, t))] = (h, r["relation"], t)
    found = set()
    for e in graph["edges"]:
        s, t = node_gold.get(e["source"]), node_gold.get(e["target"])
        if s is None or t is None or s == t:
            continue
        g = gold_rel.get(frozenset((s, t)))
        kp = (node_kind[e["source"]], node_kind[e["target"]])
        if g is None:
            outcome["spurious " + e["relation"]] += 1
            continue
        found.add(frozenset((s, t)))
        h, rel, tt = g
        if e["relation"] == rel and (rel in SYMMETRIC or (s, t) == (h, tt)):
            outcome["ok " + rel] += 1
        elif e["relation"] == rel:
            outcome["reversed " + rel] += 1
        else:
            conf[(e["relation"], rel)] += 1
            outcome["mistyped"] += 1
            if e["relation"] == "related_to":
                # kinds in gold direction
                ks = kp if (s, t) == (h, tt) else (kp[1], kp[0])
                kindpairs[ks][rel] += 1
    for key, (h, rel, t) in gold_rel.items():
        if key not in found:
            outcome["missed " + rel] += 1
for k, v in sorted(outcome.items()):
    print(f"{k:<28} {v}")
print("\nmistyped (predicted -> gold):")
for (p, g), v in conf.most_common(30):
    print(f"  {p:<18} -> {g:<18} {v}")
if "--kinds" in sys.argv:
    print("\nrelated_to edges whose gold is typed, by (source kind, target kind) in gold direction:")
    for kp, c in sorted(kindpairs.items(), key=lambda x: -sum(x[1].values())):
        print(f"  {kp[0]:>12} -> {kp[1]:<12} {dict(c.most_common())}")
