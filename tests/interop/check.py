#!/usr/bin/env python3
"""Read kg's exports with the tools people use, and print what they saw as JSON.

Run by the Rust interop tests (tests/cli/interop.rs) when KG_INTEROP=1; the Rust side compares
these facts with the graph kg wrote. A missing package is an error (exit 3), never a skip.

    check.py networkx GRAPH.json GRAPH.graphml
    check.py rdf GRAPH.nt GRAPH.ttl BASE_IRI FROM_ID TO_ID
    check.py kuzu KUZU_CSV_DIR KUZU.cypher FROM_ID TO_ID
"""

import json
import os
import sys
import tempfile


def need(module):
    try:
        return __import__(module)
    except ImportError as e:
        print(f"interop: the Python package for '{module}' is missing ({e}); "
              "install .ci/requirements.txt", file=sys.stderr)
        sys.exit(3)


def networkx_facts(json_path, graphml_path):
    nx = need("networkx")
    ig = need("igraph")
    with open(json_path, encoding="utf-8") as f:
        data = json.load(f)
    g = nx.node_link_graph(data, edges="edges")
    h = nx.read_graphml(graphml_path)
    i = ig.Graph.Read_GraphML(graphml_path)

    def relations(graph):
        return sorted([u, v, d["relation"]] for u, v, d in graph.edges(data=True))

    return {
        "networkx_version": nx.__version__,
        "igraph_version": ig.__version__,
        "json": {
            "nodes": g.number_of_nodes(),
            "edges": g.number_of_edges(),
            "directed": g.is_directed(),
            "multigraph": g.is_multigraph(),
            "labels": {n: d["label"] for n, d in g.nodes(data=True)},
            "kinds": {n: d["kind"] for n, d in g.nodes(data=True)},
            "relations": relations(g),
        },
        "graphml": {
            "nodes": h.number_of_nodes(),
            "edges": h.number_of_edges(),
            "directed": h.is_directed(),
            "multigraph": h.is_multigraph(),
            "labels": {n: d["label"] for n, d in h.nodes(data=True)},
            "kinds": {n: d["kind"] for n, d in h.nodes(data=True)},
            "aliases": {n: json.loads(d["aliases"]) for n, d in h.nodes(data=True)},
            "mentions": {n: d["mentions"] for n, d in h.nodes(data=True)},
            "node_types": sorted({type(v).__name__ + ":" + k
                                  for _, d in h.nodes(data=True) for k, v in d.items()}),
            "edge_types": sorted({type(v).__name__ + ":" + k
                                  for _, _, d in h.edges(data=True) for k, v in d.items()}),
            "evidence_counts": sorted(len(json.loads(d["evidence"]))
                                      for _, _, d in h.edges(data=True)),
            "relations": relations(h),
            # read_graphml returns a multigraph only when the file has parallel edges.
            "edge_keys": (len({k for _, _, k in h.edges(keys=True)}) if h.is_multigraph()
                          else h.number_of_edges()),
            "graph": {k: str(v)[:40] for k, v in h.graph.items()},
        },
        "igraph": {
            "nodes": i.vcount(),
            "edges": i.ecount(),
            "directed": i.is_directed(),
            "labels": dict(zip(i.vs["id"], i.vs["label"])),
        },
    }


def rdf_facts(nt_path, ttl_path, base, from_id, to_id):
    ox = need("pyoxigraph")
    nt = ox.Store()
    nt.load(path=nt_path, format=ox.RdfFormat.N_TRIPLES)
    ttl = ox.Store()
    ttl.load(path=ttl_path, format=ox.RdfFormat.TURTLE)
    same = set(str(q) for q in nt) == set(str(q) for q in ttl)
    prefix = f"""
        PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX c: <{base}concept/>
        PREFIX r: <{base}relation/>
        PREFIX kg: <{base}vocab/>
    """
    labels = {}
    for row in ttl.query(prefix + """
            SELECT ?c ?label WHERE { ?c a ?k ; rdfs:label ?label . ?k a rdfs:Class }"""):
        labels[row["c"].value] = row["label"].value
    properties = sorted(row["p"].value for row in ttl.query(
        prefix + "SELECT ?p WHERE { ?p a rdf:Property }"))
    statements = next(iter(ttl.query(prefix + """
        SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a rdf:Statement ; kg:evidence ?e }""")))["n"].value
    aliases = next(iter(ttl.query(prefix + """
        SELECT (COUNT(*) AS ?n) WHERE { ?c skos:altLabel ?a }""")))["n"].value
    step = "|".join(f"<{p}>|^<{p}>" for p in properties)
    ends = {"from": f"<{base}concept/{from_id}>", "to": f"<{base}concept/{to_id}>"}
    connected = ttl.query(prefix + f"ASK {{ {ends['from']} ({step})+ {ends['to']} }}")
    # A control: the same query to a concept that does not exist must say no.
    control = ttl.query(prefix + f"ASK {{ {ends['from']} ({step})+ c:no-such-concept }}")
    return {
        "pyoxigraph_version": ox.__version__ if hasattr(ox, "__version__") else "?",
        "triples_nt": len(nt),
        "triples_ttl": len(ttl),
        "same_triples": same,
        "labels": labels,
        "relation_properties": len(properties),
        "statements_with_evidence": int(statements),
        "aliases": int(aliases),
        "connected": bool(connected),
        "control": bool(control),
    }


def kuzu_facts(csv_dir, cypher_path, from_id, to_id):
    kuzu = need("kuzu")

    def facts(conn):
        def one(q, params=None):
            r = conn.execute(q, params or {})
            return r.get_next()[0] if r.has_next() else None

        labels = {}
        r = conn.execute("MATCH (c:Concept) RETURN c.id, c.label")
        while r.has_next():
            k, v = r.get_next()
            labels[k] = v
        return {
            "nodes": one("MATCH (c:Concept) RETURN count(c)"),
            "edges": one("MATCH ()-[r]->() RETURN count(r)"),
            "labels": labels,
            "path_length": one(
                "MATCH p = (a:Concept {id: $a})-[* SHORTEST 1..30]-(b:Concept {id: $b}) "
                "RETURN length(p)", {"a": from_id, "b": to_id}),
        }

    out = {"kuzu_version": kuzu.__version__}
    with tempfile.TemporaryDirectory() as tmp:
        db = kuzu.Database(os.path.join(tmp, "csv.kuzu"))
        conn = kuzu.Connection(db)
        here = os.getcwd()
        os.chdir(csv_dir)
        try:
            with open("load.cypher", encoding="utf-8") as f:
                conn.execute(f.read())
        finally:
            os.chdir(here)
        out["csv"] = facts(conn)
        db2 = kuzu.Database(os.path.join(tmp, "cypher.kuzu"))
        conn2 = kuzu.Connection(db2)
        with open(cypher_path, encoding="utf-8") as f:
            conn2.execute(f.read())
        out["cypher"] = facts(conn2)
        # The script is idempotent: running it again changes nothing.
        with open(cypher_path, encoding="utf-8") as f:
            conn2.execute(f.read())
        out["cypher_again"] = facts(conn2)
    return out


def main(argv):
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    cmd, args = argv[1], argv[2:]
    if cmd == "networkx" and len(args) == 2:
        result = networkx_facts(*args)
    elif cmd == "rdf" and len(args) == 5:
        result = rdf_facts(*args)
    elif cmd == "kuzu" and len(args) == 4:
        result = kuzu_facts(*args)
    else:
        print(__doc__, file=sys.stderr)
        return 2
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
