#!/usr/bin/env python3
"""Compare a kg graph with a gold concept map, for development: which concepts were found, missed
or extra, and which relations are right, mistyped, reversed, missing or spurious.

    python3 tools/diagnose.py GOLD.json GRAPH.json [--edges] [--concepts]

Uses the scorer's normalisation (tests/data/eval/score.py)."""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tests", "data", "eval"))
from score import normalize, SYMMETRIC  # noqa: E402


def main():
    gold = json.load(open(sys.argv[1]))
    graph = json.load(open(sys.argv[2]))
    show_c = "--edges" not in sys.argv or "--concepts" in sys.argv
    show_e = "--concepts" not in sys.argv or "--edges" in sys.argv
    gforms = []
    for c in gold["concepts"]:
        f = {normalize(c["label"])} | {normalize(a) for a in c.get("aliases", [])}
        gforms.append(f)
    node_gold = {}
    for n in graph["nodes"]:
        f = {normalize(n["label"])} | {normalize(a) for a in n.get("aliases", [])}
        hits = [i for i, g in enumerate(gforms) if g & f]
        node_gold[n["id"]] = hits[0] if hits else None
    matched = {g for g in node_gold.values() if g is not None}
    if show_c:
        print("== extra nodes (not in gold):")
        extra = [n for n in graph["nodes"] if node_gold[n["id"]] is None]
        extra.sort(key=lambda n: -n["mentions"])
        print("  " + "; ".join(f"{n['label']} [{n['kind']}] x{n['mentions']}" for n in extra))
        print("== missed gold concepts:")
        print("  " + "; ".join(f"{c['label']} [{c['kind']}]" for i, c in enumerate(gold["concepts"]) if i not in matched))
        print("== kind errors:")
        for n in graph["nodes"]:
            g = node_gold[n["id"]]
            if g is not None and gold["concepts"][g]["kind"] != n["kind"]:
                print(f"  {n['label']}: {n['kind']} (gold {gold['concepts'][g]['kind']})")
    if show_e:
        labels = {c["label"]: i for i, c in enumerate(gold["concepts"])}
        gold_rel = {}
        for r in gold["relations"]:
            h, t = labels[r["head"]], labels[r["tail"]]
            gold_rel[frozenset((h, t))] = (h, r["relation"], t, r["evidence"])
        name = lambda i: gold["concepts"][i]["label"]
        found = set()
        print("== predicted edges between gold concepts:")
        for e in graph["edges"]:
            s, t = node_gold.get(e["source"]), node_gold.get(e["target"])
            if s is None or t is None or s == t:
                continue
            key = frozenset((s, t))
            g = gold_rel.get(key)
            ev = e["evidence"][0]["text"][:110] if e["evidence"] else ""
            if g is None:
                print(f"  SPURIOUS {name(s)} -{e['relation']}-> {name(t)}   | {ev}")
                continue
            found.add(key)
            h, rel, tt, _ = g
            sym = rel in SYMMETRIC
            if e["relation"] == rel and (sym or (s == h and t == tt)):
                print(f"  OK       {name(s)} -{e['relation']}-> {name(t)}")
            elif e["relation"] == rel:
                print(f"  REVERSED {name(s)} -{e['relation']}-> {name(t)}")
            else:
                print(f"  MISTYPED {name(s)} -{e['relation']}-> {name(t)}  (gold {name(h)} -{rel}-> {name(tt)})")
        print("== missed gold relations:")
        for key, (h, rel, t, ev) in gold_rel.items():
            if key not in found:
                tag = "" if h in matched and t in matched else " (concept missing)"
                print(f"  {name(h)} -{rel}-> {name(t)}{tag}   | {ev[:120]}")


if __name__ == "__main__":
    main()
