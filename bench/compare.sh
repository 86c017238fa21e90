#!/usr/bin/env bash
# kg against the peer pipeline (spaCy + NetworkX, ../shared/bench) on the same inputs, in the same
# run, printing ratios (this machine is shared and noisy: quote ratios, absolute times only inform).
#
#   bench/compare.sh            # everything (about 15 minutes on 2 cores, most of it the peer)
#   QUICK=1 bench/compare.sh    # skip the 120 MB corpus and the 1M-edge graph
#   ONLY_QUERIES=1 bench/compare.sh   # only part 3 (the synthetic graphs)
#
# Reads ../shared/data and ../shared/bench (SHARED=DIR to point elsewhere); makes the peer's
# virtual environment with ../shared/bench/setup.sh when it is missing. Wall time, CPU time and
# peak memory (of the whole process tree) come from ../shared/bench/memwatch.py.
#   1. Build throughput on bench-1mb.txt.gz: kg (cold: --no-cache) vs the peer (--processes 2).
#   2. kg alone on bench-10mb.txt.gz and on the whole Wikipedia corpus (12 JSONL shards, 120 MB,
#      one .txt file per article), and a warm (cached) rebuild of the 10 MB text.
#   3. Synthetic graphs of 10k nodes / 100k edges and 100k nodes / 1M edges (peer_queries.py
#      synthetic, re-saved by kg so both read the same kg-written JSON): load, shortest path,
#      2-hop neighbours, DOT and JSON export, peak memory; kg loads through its graph.kgb sidecar
#      (and, for comparison, from the JSON alone).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=${SHARED:-../shared}
DATA=$SHARED/data
PEER=$SHARED/bench
PY=${PEER_PYTHON:-$HOME/.cache/kg-peer-venv/bin/python}
[ -x "$PY" ] || "$PEER/setup.sh"
W=$(mktemp -d /tmp/kg-compare.XXXXXX)
trap 'rm -rf "$W"' EXIT
cargo build --release --locked -q
cargo build --release --locked -q --example query_times
KG=target/release/kg
QT=target/release/examples/query_times
MW() { python3 "$PEER/memwatch.py" --json "$W/$1.json" -- "${@:2}" >/dev/null 2>&1; }
field() { python3 -c "import json,sys; print(json.loads(open(sys.argv[1]).readlines()[-1])[sys.argv[2]])" "$W/$1.json" "$2"; }

echo "kg bench/compare.sh, $(date -u +%Y-%m-%d), $(nproc) cores, kg $(git rev-parse --short HEAD)"
mkdir -p "$W/c1" "$W/c10"
zcat "$DATA/corpus-wikipedia-en/bench-1mb.txt.gz" > "$W/c1/bench-1mb.txt"
zcat "$DATA/corpus-wikipedia-en/bench-10mb.txt.gz" > "$W/c10/bench-10mb.txt"

if [ "${ONLY_QUERIES:-0}" != 1 ]; then
# 1. The 1 MB build, kg and the peer.
MW kg-1mb $KG build -q --no-cache "$W/c1" --out "$W/kg-1mb"
MW peer-1mb "$PY" "$PEER/peer_spacy.py" "$W/c1" --out "$W/peer-1mb" --processes 2
python3 - "$W" <<'PY'
import json, sys
w = sys.argv[1]
r = lambda n: json.loads(open(f"{w}/{n}.json").readlines()[-1])
kg, peer = r("kg-1mb"), r("peer-1mb")
mb = 1.000371
print(f"\n1 MB build (bench-1mb.txt.gz, {mb:.2f} MB)      kg          peer        ratio")
print(f"  wall                               {kg['wall_s']:8.2f} s  {peer['wall_s']:8.2f} s  {peer['wall_s']/kg['wall_s']:8.1f}x faster")
print(f"  throughput                         {mb/kg['wall_s']:8.2f} MB/s {mb/peer['wall_s']:7.3f} MB/s")
print(f"  CPU (user+sys)                     {kg['user_s']+kg['sys_s']:8.2f} s  {peer['user_s']+peer['sys_s']:8.2f} s  {(peer['user_s']+peer['sys_s'])/(kg['user_s']+kg['sys_s']):8.1f}x less")
print(f"  peak memory (process tree)         {kg['peak_tree_rss_mb']:8.0f} MB {peer['peak_tree_rss_mb']:8.0f} MB {peer['peak_tree_rss_mb']/kg['peak_tree_rss_mb']:8.1f}x less")
print(f"  other processes' load during run   {kg['others_cores']:8.2f}    {peer['others_cores']:8.2f}    (cores)")
PY

# 2. kg alone: 10 MB, a warm rebuild, and the 120 MB corpus.
MW kg-10mb $KG build -q --cache "$W/cache10" "$W/c10" --out "$W/kg-10mb"
MW kg-10mb-warm $KG build -q --cache "$W/cache10" "$W/c10" --out "$W/kg-10mb"
printf '\nkg alone\n'
printf '  bench-10mb (10.0 MB), cold         %8.2f s  %6.2f MB/s  peak %5.0f MB\n' "$(field kg-10mb wall_s)" \
  "$(python3 -c "print(10.004276/$(field kg-10mb wall_s))")" "$(field kg-10mb peak_tree_rss_mb)"
printf '  bench-10mb, warm rebuild (cache)   %8.2f s                peak %5.0f MB\n' "$(field kg-10mb-warm wall_s)" \
  "$(field kg-10mb-warm peak_tree_rss_mb)"
if [ "${QUICK:-0}" != 1 ]; then
  python3 - "$DATA/corpus-wikipedia-en" "$W/wiki" <<'PY'
import gzip, json, os, re, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out)
for shard in sorted(f for f in os.listdir(src) if f.startswith("wiki-") and f.endswith(".jsonl.gz")):
    with gzip.open(os.path.join(src, shard), "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            slug = re.sub(r"[^a-z0-9]+", "-", d["title"].lower()).strip("-")[:60]
            with open(os.path.join(out, f"{d['id']:06d}-{slug}.txt"), "w", encoding="utf-8") as g:
                g.write(d["text"])
PY
  MW kg-120mb $KG build -q --no-cache "$W/wiki" --out "$W/kg-120mb"
  printf '  Wikipedia corpus (%s files, %.0f MB)  %8.2f s  %6.2f MB/s  peak %5.0f MB\n' \
    "$(ls "$W/wiki" | wc -l)" "$(python3 -c "print($(du -sb "$W/wiki" | cut -f1)/1e6)")" "$(field kg-120mb wall_s)" \
    "$(python3 -c "print($(du -sb "$W/wiki" | cut -f1)/1e6/$(field kg-120mb wall_s))")" "$(field kg-120mb peak_tree_rss_mb)"
  rm -rf "$W/wiki" "$W/kg-120mb"
fi

fi

# 3. Queries and exports on synthetic graphs.
sizes="10000:100000"
[ "${QUICK:-0}" = 1 ] || sizes="$sizes 100000:1000000"
for size in $sizes; do
  n=${size%:*}; m=${size#*:}
  "$PY" "$PEER/peer_queries.py" synthetic --nodes "$n" --edges "$m" --out "$W/syn" --generate-only 2> "$W/gen.txt"
  src=$(sed -n 's/.*--source \([^ ]*\) --target.*/\1/p' "$W/gen.txt"); dst=$(sed -n 's/.*--target \([^ ]*\).*/\1/p' "$W/gen.txt")
  $QT "$W/syn/synthetic-$n-$m.json" --load json --save "$W/g-$n.json"
  rm "$W/syn/synthetic-$n-$m.json"
  MW peer-q-$n "$PY" "$PEER/peer_queries.py" graph "$W/g-$n.json" --source "$src" --target "$dst" --out "$W/peer-q-$n" --repeat 5
  # MW discards the command's stdout: the timings go to a file through a shell.
  MW kg-q-$n bash -c '"$0" "$1" --source "$2" --target "$3" --repeat 5 > "$4"' \
    "$QT" "$W/g-$n.json" "$src" "$dst" "$W/kg-q-$n.out"
  $QT "$W/g-$n.json" --source "$src" --target "$dst" --repeat 5 --load json --no-dot > "$W/kg-qj-$n.out"
  python3 - "$W" "$n" "$m" <<'PY'
import json, sys
w, n, m = sys.argv[1], sys.argv[2], sys.argv[3]
peer = json.load(open(f"{w}/peer-q-{n}/timings.json"))
kg = json.loads(open(f"{w}/kg-q-{n}.out").read())
kgj = json.loads(open(f"{w}/kg-qj-{n}.out").read())
pm = json.loads(open(f"{w}/peer-q-{n}.json").readlines()[-1])
km = json.loads(open(f"{w}/kg-q-{n}.json").readlines()[-1])
print(f"\nsynthetic graph, {int(n):,} nodes / {int(m):,} edges ({peer['bytes']/1e6:.0f} MB of JSON)   kg          NetworkX    ratio")
def row(name, k, p, unit="s"):
    scale = 1e6 if unit == "us" else 1
    print(f"  {name:34} {k*scale:9.3f} {unit:2} {p*scale:9.3f} {unit:2} {p/k:8.1f}x faster")
row("load (graph.kgb sidecar)", kg["load_s"], peer["load_s"])
row("load (JSON only)", kgj["load_s"], peer["load_s"])
row("shortest path", kg["path_min_s"], peer["path_undirected_min_s"], "us")
row("2-hop neighbours", kg["hops2_min_s"], peer["hops2_min_s"], "us")
if peer.get("dot_export_s") and kg.get("dot_export_s"):
    row("DOT export", kg["dot_export_s"], peer["dot_export_s"])
row("JSON export", kg["json_export_s"], peer["json_export_s"])
print(f"  {'peak memory':34} {km['peak_tree_rss_mb']:9.0f} MB {pm['peak_tree_rss_mb']:9.0f} MB {pm['peak_tree_rss_mb']/km['peak_tree_rss_mb']:8.1f}x less")
print(f"  (2-hop: kg {kg['hops2_nodes']} nodes, NetworkX {peer['hops2_nodes']}; path: kg {kg['path_len']} hops, NetworkX {peer['path_undirected_len']})")
PY
  rm -f "$W/g-$n.json" "$W/g-$n.kgb"
done
