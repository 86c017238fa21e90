#!/usr/bin/env bash
# How long `kg render` takes against Graphviz on the same graphs: 60, 500 and 5,000 concepts
# (synthetic, preferential attachment, about two relations per concept).
#
#   bench/render.sh [OUT_DIR]        needs hyperfine and graphviz (apt-get install hyperfine graphviz)
#
# For each size it writes the graph (examples/synthetic.rs), the full diagram as DOT
# (`kg export --format dot --max-nodes 0`), and times:
#   kg render --max-nodes 0               kg's own layout and SVG writer
#   dot -Tsvg                             Graphviz's layered layout (the DOT without layout=sfdp)
#   dot -Ksfdp -Tsvg                      Graphviz's multiscale force-directed layout
# `dot -Tsvg` on 5,000 concepts is given at most 600 s and reported as a lower bound.
#
# Measured on the 2-core development machine (hyperfine means; quote ratios, not times):
#   concepts  kg render   dot -Ksfdp   dot        kg/sfdp   kg/dot
#   60        0.151 s     0.052 s      0.107 s    2.9       1.4     (kg: ~0.1 s is loading the ontology)
#   500       0.659 s     0.488 s      2.847 s    1.35      0.23
#   5,000     4.78 s      12.3 s       > 600 s    0.39      < 0.008
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/bench-render}
mkdir -p "$out"
cargo build --release --quiet --example synthetic
cargo build --release --quiet
kg=target/release/kg
for n in 60 500 5000; do
  target/release/examples/synthetic "$n" > "$out/g$n.json"
  "$kg" export --graph "$out/g$n.json" --format dot --max-nodes 0 -o "$out/g$n.dot"
  # The same drawing for dot's own layout: without the sfdp request kg adds above 300 edges.
  sed 's/layout="sfdp", overlap="prism", overlap_scaling="-4", //' "$out/g$n.dot" > "$out/g$n.layered.dot"
  case $n in 60) runs=10 ;; 500) runs=3 ;; *) runs=2 ;; esac
  cmds=(-n "kg render ($n)" "$kg render -q --graph $out/g$n.json --max-nodes 0 -o $out/g$n.kg.svg"
        -n "dot -Ksfdp ($n)" "dot -Ksfdp -Tsvg $out/g$n.dot -o $out/g$n.sfdp.svg")
  if [ "$n" -lt 5000 ]; then
    cmds+=(-n "dot ($n)" "dot -Tsvg $out/g$n.layered.dot -o $out/g$n.dot.svg")
  fi
  hyperfine --warmup 1 --runs "$runs" --export-markdown "$out/render-$n.md" "${cmds[@]}"
  if [ "$n" -ge 5000 ]; then
    start=$(date +%s.%N)
    if timeout 600 dot -Tsvg "$out/g$n.layered.dot" -o "$out/g$n.dot.svg"; then
      echo "dot -Tsvg ($n): $(echo "$(date +%s.%N) - $start" | bc) s"
    else
      echo "dot -Tsvg ($n): over 600 s (stopped)"
    fi
  fi
done
