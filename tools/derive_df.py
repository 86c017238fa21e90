#!/usr/bin/env python3
"""Derive graph-data/linguistic/docfreq.tsv: how many of the 6,678 general Wikipedia articles in
../shared/data/corpus-wikipedia-en use each lower-case word (document frequency), for words used
in at least 3 articles. kg uses it to tell everyday words ("country", "problem") from specific
ones ("creditor", "liquidation"). Deterministic.

    python3 tools/derive_df.py [SHARED_DATA_DIR]

The counts are derived from Wikipedia text (CC BY-SA 3.0); see graph-data/linguistic/SOURCE.md.
"""
import collections
import glob
import gzip
import json
import os
import re
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
WORD = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]")
df = collections.Counter()
docs = 0
for path in sorted(glob.glob(os.path.join(DATA, "corpus-wikipedia-en", "wiki-*.jsonl.gz"))):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            text = json.loads(line)["text"].lower()
            docs += 1
            df.update(set(WORD.findall(text)))
with open("graph-data/linguistic/docfreq.tsv", "w", encoding="utf-8", newline="\n") as out:
    out.write(f"#documents\t{docs}\n")
    for w, n in sorted(df.items(), key=lambda x: x[0].encode()):
        if n >= 3 and len(w) <= 30:
            out.write(f"{w}\t{n}\n")
print(docs, "documents", sum(1 for n in df.values() if n >= 3), "words")
