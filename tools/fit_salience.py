#!/usr/bin/env python3
"""Fit the salience model's weights (src/extract/salience.rs) by logistic regression.

    cargo run --release --example devset -- --features /tmp/feat.tsv
    python3 tools/fit_salience.py /tmp/feat.tsv

Reads one row per candidate concept (text, label, selected, gold, features...), evaluates
leave-one-text-out (each text's candidates scored by a model fitted on the others), prints the
cross-validated candidate-level F1 at the best threshold, and the weights fitted on all texts
(paste them into WEIGHTS). Needs numpy and scikit-learn (development only).
"""
import sys
import numpy as np
from sklearn.linear_model import LogisticRegression

rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
head, rows = rows[0], rows[1:]
names = head[4:]
texts = np.array([r[0] for r in rows])
y = np.array([int(r[3]) for r in rows])
X = np.array([[float(v) for v in r[4:]] for r in rows])
C = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0

def f1_at(p, y, t):
    sel = p >= t
    tp = (sel & (y == 1)).sum()
    prec = tp / max(sel.sum(), 1)
    rec = tp / max((y == 1).sum(), 1)
    return 2 * prec * rec / max(prec + rec, 1e-9), prec, rec

cv_p = np.zeros(len(y))
for t in sorted(set(texts)):
    tr, te = texts != t, texts == t
    m = LogisticRegression(C=C, max_iter=5000).fit(X[tr], y[tr])
    cv_p[te] = m.decision_function(X[te])
best = max((f1_at(cv_p, y, th)[0], th) for th in np.arange(-3, 3, 0.05))
print(f"leave-one-text-out candidate F1 {best[0]:.3f} at threshold {best[1]:.2f}")
for t in sorted(set(texts)):
    te = texts == t
    f, p, r = f1_at(cv_p[te], y[te], best[1])
    print(f"  {t:<28} F1 {f:.3f} P {p:.3f} R {r:.3f}")
m = LogisticRegression(C=C, max_iter=5000).fit(X, y)
print("weights:")
for n, w in zip(names, m.coef_[0]):
    print(f"  {n:<16} {w:+.3f}")
print(f"  bias             {m.intercept_[0]:+.3f}")
print("WEIGHTS = [" + ", ".join(f"{w:.3f}" for w in list(m.coef_[0]) + [m.intercept_[0] - best[1]]) + "]")

if "--errors" in sys.argv:
    order = np.argsort(-cv_p)
    print("\nfalse positives (highest scores):")
    fp = [i for i in order if y[i] == 0][:60]
    print("; ".join(f"{rows[i][1]}({cv_p[i]:.1f})" for i in fp))
    print("\nfalse negatives (lowest scores):")
    fn = [i for i in order[::-1] if y[i] == 1][:60]
    print("; ".join(f"{rows[i][1]}({cv_p[i]:.1f})" for i in fn))
