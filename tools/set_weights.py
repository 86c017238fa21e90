#!/usr/bin/env python3
"""Write fitted weights into src/extract/salience.rs: python3 tools/set_weights.py "w1, w2, ..." """
import re
import sys
p = "src/extract/salience.rs"
s = open(p).read()
w = [x.strip() for x in sys.argv[1].split(",")]
body = ", ".join(w)
s, n = re.subn(r"const WEIGHTS: \[f64; FEATURES\.len\(\) \+ 1\] = \[[^\]]*\];", f"const WEIGHTS: [f64; FEATURES.len() + 1] = [{body}];", s, flags=re.S)
assert n == 1, "WEIGHTS not found"
open(p, "w").write(s)
print(f"{len(w)} weights written")
