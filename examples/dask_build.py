#!/usr/bin/env python3
"""Build one kg graph of a corpus folder on a Dask cluster.

The corpus's .txt and .md files (found as `kg build` finds them: recursively, skipping names
that start with a dot) are cut into shards. Each shard is one Dask task, in which a worker runs
the `kg` binary: `kg build --partial -o part.json FILE...`. The partial graphs come back through
Dask and are merged with `kg merge`, in a tree (`--fan-in` parts per merge, partial merges
until one is left), again as Dask tasks. Merging is associative and commutative, so the graph
is byte-identical to `kg build CORPUS` on one machine, whatever the shards and the tree.

    pip install -r examples/requirements-dask.txt
    # a local cluster (a scheduler and workers on this machine):
    python3 examples/dask_build.py CORPUS -o graph.json --shards 8
    # an existing cluster:
    python3 examples/dask_build.py CORPUS -o graph.json --scheduler tcp://HOST:8786

On a real cluster, every worker needs the `kg` binary (`--kg PATH`, the same path everywhere)
and must read the corpus at the path given here (a shared file system, or the same copy on
each machine): documents are identified by their file name and recorded with their path as
given, so give the path exactly as you would to `kg build`. Partial graphs travel as bytes
through Dask, so no shared folder is needed for them.
"""

import argparse
import os
import subprocess
import sys
import tempfile

INPUT_EXTENSIONS = (".txt", ".md", ".markdown")


def corpus_files(root):
    """The input files under root, as `kg build root` finds them, sorted."""
    if os.path.isfile(root):
        return [root]
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if not name.startswith(".") and name.lower().endswith(INPUT_EXTENSIONS):
                found.append(os.path.join(dirpath, name))
    return sorted(found)


def shards_of(files, n):
    """n contiguous shards of about equal size in bytes (no empty shard)."""
    n = max(1, min(n, len(files)))
    sizes = [os.path.getsize(f) for f in files]
    total = sum(sizes) or 1
    shards, current, acc = [], [], 0
    for f, size in zip(files, sizes):
        current.append(f)
        acc += size
        left_files = len(files) - files.index(f) - 1
        left_shards = n - len(shards) - 1
        if left_shards > 0 and (acc >= total * (len(shards) + 1) / n or left_files == left_shards):
            shards.append(current)
            current = []
    if current:
        shards.append(current)
    return shards


def run_kg(kg, args, cwd):
    done = subprocess.run([kg] + args, cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"kg {' '.join(args[:3])} ... failed ({done.returncode}): {done.stderr.strip()}")


def build_shard(kg, files, cwd, jobs):
    """Task: a partial graph of some files, as bytes."""
    with tempfile.TemporaryDirectory(prefix="kg-shard-") as tmp:
        out = os.path.join(tmp, "part.json")
        run_kg(kg, ["build", "-q", "--partial", "--no-cache", "-j", str(jobs), "-o", out] + files, cwd)
        with open(out, "rb") as f:
            return f.read()


def merge_parts(kg, parts, partial, cwd):
    """Task: partial graphs (bytes) merged into one graph (bytes), partial or finished."""
    with tempfile.TemporaryDirectory(prefix="kg-merge-") as tmp:
        paths = []
        for i, data in enumerate(parts):
            p = os.path.join(tmp, f"part-{i}.json")
            with open(p, "wb") as f:
                f.write(data)
            paths.append(p)
        out = os.path.join(tmp, "merged.json")
        run_kg(kg, ["merge", "-q"] + (["--partial"] if partial else []) + ["-o", out] + paths, cwd)
        with open(out, "rb") as f:
            return f.read()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", help="a folder (or file) of .txt and .md documents")
    ap.add_argument("-o", "--output", required=True, help="the graph JSON to write")
    ap.add_argument("--scheduler", help="address of a running Dask scheduler (default: start a local cluster)")
    ap.add_argument("--workers", type=int, default=2, help="workers of the local cluster (default 2)")
    ap.add_argument("--wait-workers", type=int, default=1, help="wait until this many workers joined (default 1)")
    ap.add_argument("--shards", type=int, default=8, help="shards to cut the corpus into (default 8)")
    ap.add_argument("--fan-in", type=int, default=4, help="partial graphs per merge task (default 4)")
    ap.add_argument("--jobs", type=int, default=1, help="threads per kg process (default 1)")
    ap.add_argument("--kg", default="kg", help="the kg binary, at the same path on every worker")
    args = ap.parse_args()

    from dask.distributed import Client, LocalCluster

    files = corpus_files(args.corpus)
    if not files:
        sys.exit(f"{args.corpus}: no .txt or .md files")
    shards = shards_of(files, args.shards)
    cwd = os.getcwd()
    cluster = None
    if args.scheduler:
        client = Client(args.scheduler, timeout=60)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, host="127.0.0.1",
                               dashboard_address=None, processes=True)
        client = Client(cluster)
    try:
        client.wait_for_workers(args.wait_workers, timeout=120)
        level = [client.submit(build_shard, args.kg, shard, cwd, args.jobs, pure=False) for shard in shards]
        fan_in = max(2, args.fan_in)
        while len(level) > fan_in:
            level = [client.submit(merge_parts, args.kg, level[i:i + fan_in], True, cwd, pure=False)
                     for i in range(0, len(level), fan_in)]
        graph = client.submit(merge_parts, args.kg, level, False, cwd, pure=False).result()
        tmp = args.output + ".tmp"
        with open(tmp, "wb") as f:
            f.write(graph)
        os.replace(tmp, args.output)
        workers = len(client.scheduler_info()["workers"])
        print(f"dask_build: {len(files)} documents in {len(shards)} shards on {workers} workers -> {args.output}",
              file=sys.stderr)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


if __name__ == "__main__":
    main()
