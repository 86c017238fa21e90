#!/usr/bin/env python3
"""Derive graph-data/linguistic/capitalized.txt: lower-case forms of words that Wikipedia writes
capitalised mid-sentence most of the time ("french", "english", "monday"), for words seen
mid-sentence at least 20 times in ../shared/data/corpus-wikipedia-en. kg uses it to keep the capital
of a sentence-initial word that is always capitalised. Deterministic.

    python3 tools/derive_caps.py [SHARED_DATA_DIR]
"""
import collections
import glob
import gzip
import json
import os
import re
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
# A word that follows a lower-case word (so it is not sentence-initial).
PAIR = re.compile(r"\b[a-z]+[,;]? ([A-Za-z][a-z]+)\b")
cap = collections.Counter()
total = collections.Counter()
for path in sorted(glob.glob(os.path.join(DATA, "corpus-wikipedia-en", "wiki-*.jsonl.gz"))):
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            for w in PAIR.findall(json.loads(line)["text"]):
                lw = w.lower()
                total[lw] += 1
                if w[0].isupper():
                    cap[lw] += 1
words = sorted(w for w, n in total.items() if n >= 20 and cap[w] / n >= 0.8)
with open("graph-data/linguistic/capitalized.txt", "w", encoding="utf-8", newline="\n") as out:
    out.write("# Words Wikipedia writes capitalised mid-sentence at least 80% of the time; derived by\n")
    out.write("# tools/derive_caps.py from CC BY-SA 3.0 Wikipedia text (see SOURCE.md).\n")
    for w in words:
        out.write(w + "\n")
print(len(words), "words")
