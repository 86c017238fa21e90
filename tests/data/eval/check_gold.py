#!/usr/bin/env python3
"""Check a gold graph against its text: evidence sentences verbatim, aliases occur, relations refer to concepts."""
import json, sys, re
KINDS={"Organization","Role","Person","Technology","Field","Principle","Resource","Activity","Sector","Policy","Goal","Concept"}
RELS={"is_a","part_of","develops","uses","enables","leads","collaborates_with","promotes","regulates","applied_in","influences","related_to"}
gold=json.load(open(sys.argv[1])); text=open(sys.argv[2]).read()
low=text.lower(); errs=[]
labels=set()
for c in gold["concepts"]:
    if c["label"] in labels: errs.append(f"duplicate label {c['label']}")
    labels.add(c["label"])
    if c["kind"] not in KINDS: errs.append(f"bad kind {c}")
    for a in c.get("aliases",[]):
        if a.lower() not in low: errs.append(f"alias not in text: {a!r} of {c['label']}")
pairs=set()
for r in gold["relations"]:
    if r["relation"] not in RELS: errs.append(f"bad relation {r}")
    for k in ("head","tail"):
        if r[k] not in labels: errs.append(f"unknown concept {r[k]!r} in {r}")
    p=frozenset((r["head"],r["tail"]))
    if p in pairs: errs.append(f"second relation for pair {sorted(p)}")
    pairs.add(p)
    if r["evidence"] not in text: errs.append(f"evidence not verbatim: {r['evidence'][:80]!r}")
print(f"{len(gold['concepts'])} concepts, {len(gold['relations'])} relations, {len(errs)} problems")
for e in errs: print(" -", e)
sys.exit(1 if errs else 0)
