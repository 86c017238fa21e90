#!/usr/bin/env bash
# What a change to the extractor does to the edges of a corpus: builds it with two kg binaries
# and prints how many edges each gives, how many the second adds and removes, and a random sample
# (fixed seed) of both, each with its first evidence sentence, to read by hand. This is how a new
# rule's precision is checked beyond the development set.
#
#   bench/edge-diff.sh BASE_KG NEW_KG [N] [CORPUS]
#
# BASE_KG, NEW_KG: two kg binaries (copy target/release/kg aside before and after the change).
# N: sample size per side (default 25). CORPUS: a file or folder (default: the 1 MB Wikipedia
# sample, unpacked from ../shared/data/corpus-wikipedia-en/bench-1mb.txt.gz into a temporary folder).
set -euo pipefail
base=$1 new=$2 n=${3:-25}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
corpus=${4:-}
if [ -z "$corpus" ]; then
  corpus=$work/bench-1mb.txt
  gzip -dc "$(dirname "$0")/../../shared/data/corpus-wikipedia-en/bench-1mb.txt.gz" > "$corpus"
fi
"$base" build -q --no-cache --out "$work/base" "$corpus" > /dev/null
"$new" build -q --no-cache --out "$work/new" "$corpus" > /dev/null
python3 - "$work/base/graph.json" "$work/new/graph.json" "$n" <<'PY'
import json, random, sys

def edges(path):
    g = json.load(open(path))
    label = {n["id"]: n["label"] for n in g["nodes"]}
    return {(label[e["source"]], e["relation"], label[e["target"]]):
            ((e.get("evidence") or [{}])[0].get("text", "")[:200]) for e in g["edges"]}

a, b, k = edges(sys.argv[1]), edges(sys.argv[2]), int(sys.argv[3])
added, removed = sorted(set(b) - set(a)), sorted(set(a) - set(b))
print(f"edges: base {len(a)}, new {len(b)}; added {len(added)}, removed {len(removed)}")
rng = random.Random(1)
for name, keys, src in (("added", added, b), ("removed", removed, a)):
    print(f"== {name}")
    for key in rng.sample(keys, min(k, len(keys))):
        print(f"  {key[0]} -{key[1]}-> {key[2]}\n      {src[key]}")
PY
