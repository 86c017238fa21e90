#!/usr/bin/env python3
"""Derive kg's embedded linguistic tables from ../shared/data (run from the repository root).

    python3 tools/derive_data.py [SHARED_DATA_DIR]

Writes graph-data/linguistic/lemmas.tsv and graph-data/linguistic/wordnet.tsv. Deterministic:
the same inputs give the same bytes. See graph-data/linguistic/SOURCE.md for the licenses.
"""
import csv
import gzip
import io
import os
import sys

DATA = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
OUT = "graph-data/linguistic"


def lemmas():
    """form -> lemma for nouns, verbs and adjectives whose lemma differs from the form."""
    rows = set()
    path = os.path.join(DATA, "lemmas-lemminflect", "lemma_lu.csv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for form, upos, lemma in csv.reader(fh):
            pos = {"noun": "n", "verb": "v", "adj": "a"}.get(upos)
            first = lemma.split("/")[0]
            if pos and form != first and "\t" not in form and " " not in form:
                rows.add((form, pos, first))
    with open(os.path.join(OUT, "lemmas.tsv"), "w", encoding="utf-8", newline="\n") as out:
        for form, pos, lemma in sorted(rows, key=lambda r: (r[0].encode(), r[1])):
            out.write(f"{form}\t{pos}\t{lemma}\n")
    return len(rows)


def wordnet():
    """lemma, pos, sense count and lexicographer classes of OEWN nouns, verbs and adjectives
    (satellite adjectives "s" are folded into "a")."""
    rows = []
    path = os.path.join(DATA, "oewn-2025", "lexicon.tsv.gz")
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            lemma, pos, senses, _first, lexfiles, _forms = line.rstrip("\n").split("\t")
            if pos not in ("n", "v", "a", "s") or "\t" in lemma:
                continue
            pos = "a" if pos == "s" else pos
            classes = ",".join(c.split(".", 1)[1] for c in lexfiles.split(","))
            rows.append((lemma.lower(), pos, senses, classes))
    # Merge case variants ("Apple"/"apple"): keep the one with more senses, first seen on ties.
    best = {}
    for r in rows:
        key = (r[0], r[1])
        if key not in best or int(r[2]) > int(best[key][2]):
            best[key] = r
    with open(os.path.join(OUT, "wordnet.tsv"), "w", encoding="utf-8", newline="\n") as out:
        for r in sorted(best.values(), key=lambda r: (r[0].encode(), r[1])):
            out.write("\t".join(r) + "\n")
    return len(best)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    print("lemmas.tsv", lemmas())
    print("wordnet.tsv", wordnet())
