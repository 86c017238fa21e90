// kg's offline graph viewer: reads the graph from the page's JSON island and draws it with the
// inlined cytoscape.js. Embedded by src/export/html.rs; no network access.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (k === "text") e.textContent = attrs[k];
        else if (k === "class") e.className = attrs[k];
        else if (k.slice(0, 2) === "on") e.addEventListener(k.slice(2), attrs[k]);
        else e.setAttribute(k, attrs[k]);
      });
    }
    (children || []).forEach(function (c) {
      e.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return e;
  }

  // Index the graph.
  var kindColor = {};
  data.kinds.forEach(function (k) { kindColor[k.name] = k.color; });
  var symmetric = {};
  data.relations.forEach(function (r) { symmetric[r.name] = r.symmetric; });
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; n.degree = 0; });
  data.edges.forEach(function (e, k) {
    e.id = "e" + k;
    byId[e.source].degree++;
    byId[e.target].degree++;
  });
  var maxDegree = 1;
  data.nodes.forEach(function (n) { maxDegree = Math.max(maxDegree, n.degree); });

  var elements = [];
  data.nodes.forEach(function (n) {
    elements.push({ group: "nodes", data: {
      id: n.id, label: n.label, kind: n.kind, color: kindColor[n.kind] || "#cccccc",
      size: 18 + 34 * Math.sqrt(n.degree / maxDegree)
    } });
  });
  data.edges.forEach(function (e) {
    elements.push({ group: "edges", data: {
      id: e.id, source: e.source, target: e.target, relation: e.relation,
      width: 1 + Math.log(Math.max(1, e.weight))
    }, classes: (symmetric[e.relation] ? "sym" : "") + (e.relation === "related_to" ? " weak" : "") });
  });

  var big = data.nodes.length > 1500;
  var cy = cytoscape({
    container: $("cy"),
    elements: elements,
    wheelSensitivity: 0.3,
    minZoom: 0.05,
    maxZoom: 4,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "border-width": 1, "border-color": "#33333355",
        "width": "data(size)", "height": "data(size)", "label": "data(label)",
        "font-size": 11, "text-valign": "bottom", "text-margin-y": 3, "color": "#1d2125",
        "text-outline-color": "#f6f7f9", "text-outline-width": 2, "min-zoomed-font-size": 7
      } },
      { selector: "edge", style: {
        "width": "data(width)", "line-color": "#8a959e", "target-arrow-color": "#8a959e",
        "target-arrow-shape": "triangle", "arrow-scale": 0.8, "curve-style": "bezier", "opacity": 0.75
      } },
      { selector: "edge.sym", style: { "target-arrow-shape": "none" } },
      { selector: "edge.weak", style: { "line-style": "dashed", "line-color": "#b8c0c7" } },
      { selector: "edge.show-label, edge:selected", style: {
        "label": "data(relation)", "font-size": 10, "color": "#22303c", "text-rotation": "autorotate",
        "text-background-color": "#ffffff", "text-background-opacity": 0.85, "text-background-padding": 1
      } },
      { selector: "edge.weak.show-label", style: { "label": "" } },
      { selector: ".faded", style: { "opacity": 0.12 } },
      { selector: "node.match", style: { "border-width": 4, "border-color": "#e63946" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d3557" } },
      { selector: "edge:selected", style: { "line-color": "#1d3557", "target-arrow-color": "#1d3557", "width": 3, "opacity": 1 } },
      { selector: "node.path", style: { "border-width": 5, "border-color": "#f77f00" } },
      { selector: "edge.path", style: { "line-color": "#f77f00", "target-arrow-color": "#f77f00", "width": 4, "opacity": 1, "label": "data(relation)", "font-size": 10 } },
      { selector: ".hidden", style: { "display": "none" } }
    ],
    layout: { name: "preset" }
  });

  function runLayout() {
    var visible = cy.elements(":visible");
    var opts = big
      ? { name: "grid", animate: false }
      : { name: "cose", animate: false, randomize: true, nodeRepulsion: function () { return 9000; },
          idealEdgeLength: function () { return 70; }, nodeOverlap: 12, gravity: 0.6,
          numIter: 1500, componentSpacing: 60, padding: 30 };
    visible.layout(opts).run();
    cy.fit(visible, 30);
  }

  // Filters by kind and relation.
  var kindOn = {}, relOn = {};
  function countBy(list, key) {
    var c = {};
    list.forEach(function (x) { c[x[key]] = (c[x[key]] || 0) + 1; });
    return c;
  }
  var kindCount = countBy(data.nodes, "kind"), relCount = countBy(data.edges, "relation");
  function filterList(box, names, counts, on, marker) {
    names.forEach(function (name) {
      on[name] = true;
      var cb = el("input", { type: "checkbox", checked: "checked", "data-name": name,
        onchange: function () { on[name] = cb.checked; applyFilters(); } });
      box.appendChild(el("label", null, [cb, marker(name), el("span", { text: name }),
        el("span", { class: "n", text: String(counts[name] || 0) })]));
    });
  }
  filterList($("kinds"), data.kinds.map(function (k) { return k.name; }), kindCount, kindOn,
    function (name) { return el("span", { class: "swatch", style: "background:" + (kindColor[name] || "#ccc") }); });
  filterList($("relations"), data.relations.map(function (r) { return r.name; }), relCount, relOn,
    function (name) {
      return el("span", { class: "line" + (name === "related_to" ? " dashed" : "") });
    });
  function setAll(box, on, value) {
    box.querySelectorAll("input").forEach(function (cb) { cb.checked = value; on[cb.getAttribute("data-name")] = value; });
    applyFilters();
  }
  $("kinds-all").addEventListener("click", function () { setAll($("kinds"), kindOn, true); });
  $("kinds-none").addEventListener("click", function () { setAll($("kinds"), kindOn, false); });
  $("relations-all").addEventListener("click", function () { setAll($("relations"), relOn, true); });
  $("relations-none").addEventListener("click", function () { setAll($("relations"), relOn, false); });

  function applyFilters() {
    cy.batch(function () {
      cy.nodes().forEach(function (n) { n.toggleClass("hidden", !kindOn[n.data("kind")]); });
      cy.edges().forEach(function (e) {
        var hide = !relOn[e.data("relation")] || e.source().hasClass("hidden") || e.target().hasClass("hidden");
        e.toggleClass("hidden", hide);
      });
    });
    updateCount();
  }
  function updateCount() {
    // Count by class: cytoscape settles `:visible` only when it next renders.
    var n = cy.nodes().not(".hidden").length, m = cy.edges().not(".hidden").length;
    $("count").textContent = n + " of " + data.nodes.length + " concepts, " + m + " of " + data.edges.length + " relations shown";
  }

  // Names: labels, ids and aliases, case-insensitive.
  var names = {};
  data.nodes.forEach(function (n) {
    [n.label, n.id].concat(n.aliases).forEach(function (s) {
      var k = s.toLowerCase();
      if (!(k in names) || s === n.label) names[k] = n.id;
    });
  });
  var list = $("labels");
  data.nodes.slice().sort(function (a, b) { return a.label.localeCompare(b.label); }).forEach(function (n) {
    list.appendChild(el("option", { value: n.label }));
  });
  function resolve(name) {
    var k = name.trim().toLowerCase();
    return k in names ? names[k] : null;
  }

  // Search: highlight matches as one types; Enter selects the best one.
  function matches(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    return data.nodes.filter(function (n) {
      return n.label.toLowerCase().indexOf(q) >= 0 || n.aliases.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
    }).sort(function (a, b) {
      var ea = a.label.toLowerCase() === q ? 0 : 1, eb = b.label.toLowerCase() === q ? 0 : 1;
      return ea - eb || b.degree - a.degree || (a.id < b.id ? -1 : 1);
    });
  }
  $("search").addEventListener("input", function () {
    var found = matches(this.value);
    cy.batch(function () {
      cy.nodes().removeClass("match");
      found.forEach(function (n) { cy.getElementById(n.id).addClass("match"); });
    });
    $("search-status").textContent = this.value.trim() ? found.length + " match" + (found.length === 1 ? "" : "es") : "";
  });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var id = resolve(this.value) || (matches(this.value)[0] || {}).id;
    if (id) { select(id); cy.animate({ center: { eles: cy.getElementById(id) }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 250 }); }
  });

  // Details of a node or an edge.
  function conceptLink(id) {
    return el("a", { text: byId[id].label, onclick: function () { select(id); } });
  }
  function evidenceList(e) {
    if (!e.evidence.length) return [el("div", { class: "muted", text: "no evidence recorded" })];
    return e.evidence.map(function (ev) {
      return el("blockquote", null, [ev.text, el("span", { class: "doc", text: ev.doc + " (bytes " + ev.start + "\u2013" + ev.end + ")" })]);
    });
  }
  function arrow(e, forward) {
    if (symmetric[e.relation]) return " \u2014" + e.relation + "\u2014 ";
    return forward ? " \u2014" + e.relation + "\u2192 " : " \u2190" + e.relation + "\u2014 ";
  }
  function showNode(id) {
    var n = byId[id], box = $("details");
    box.textContent = "";
    box.appendChild(el("h3", { text: n.label }));
    box.appendChild(el("div", null, [
      el("span", { class: "kind", style: "background:" + (kindColor[n.kind] || "#ccc"), text: n.kind }),
      " ", el("span", { class: "muted", text: n.mentions + " mention" + (n.mentions === 1 ? "" : "s") + " \u00b7 id " + n.id })
    ]));
    box.appendChild(el("h2", { text: "Aliases" }));
    if (n.aliases.length) box.appendChild(el("ul", null, n.aliases.map(function (a) { return el("li", { text: a }); })));
    else box.appendChild(el("div", { class: "muted", text: "none" }));
    // Named relations first, then co-occurrence (related_to), each in kg's order.
    var inc = incident(id, false);
    inc = inc.filter(function (h) { return h.edge.relation !== "related_to"; })
      .concat(inc.filter(function (h) { return h.edge.relation === "related_to"; }));
    box.appendChild(el("h2", { text: "Relations (" + inc.length + ")" }));
    inc.forEach(function (h) {
      var e = h.edge;
      box.appendChild(el("div", { class: "rel" }, [
        el("div", { class: "head" }, [n.label, arrow(e, h.forward), conceptLink(h.other)]),
        el("div", { class: "muted", text: "weight " + e.weight + " \u00b7 confidence " + e.confidence.toFixed(2) })
      ].concat(evidenceList(e))));
    });
  }
  function showEdge(eid) {
    var e = data.edges[Number(eid.slice(1))], box = $("details");
    box.textContent = "";
    box.appendChild(el("h3", null, [conceptLink(e.source), arrow(e, true), conceptLink(e.target)]));
    box.appendChild(el("div", { class: "muted", text: "weight " + e.weight + " \u00b7 confidence " + e.confidence.toFixed(2) }));
    box.appendChild(el("h2", { text: "Evidence" }));
    evidenceList(e).forEach(function (x) { box.appendChild(x); });
  }
  function select(id) {
    cy.elements().unselect().removeClass("path");
    var node = cy.getElementById(id);
    node.select();
    focusOn(node);
    showNode(id);
  }
  function focusOn(node) {
    cy.batch(function () {
      cy.elements().removeClass("faded show-label");
      if (!node) return;
      var hood = node.closedNeighborhood();
      cy.elements().not(hood).addClass("faded");
      hood.edges().addClass("show-label");
    });
  }
  cy.on("tap", "node", function (ev) { select(ev.target.id()); });
  cy.on("tap", "edge", function (ev) {
    cy.elements().removeClass("faded show-label");
    showEdge(ev.target.id());
  });
  cy.on("tap", function (ev) {
    if (ev.target === cy) { focusOn(null); cy.elements().unselect().removeClass("path"); }
  });

  // Edges touching a node, in kg's order: by the other end's id, then relation, outgoing
  // first. `visibleOnly` restricts them to what the filters show.
  function incident(id, visibleOnly) {
    var out = [];
    cy.getElementById(id).connectedEdges().forEach(function (ce) {
      if (visibleOnly && ce.hasClass("hidden")) return;
      var e = data.edges[Number(ce.id().slice(1))];
      if (e.source === id) out.push({ edge: e, other: e.target, forward: true, outgoing: true });
      if (e.target === id && e.source !== id) out.push({ edge: e, other: e.source, forward: !!symmetric[e.relation], outgoing: false });
    });
    out.sort(function (a, b) {
      if (a.other !== b.other) return a.other < b.other ? -1 : 1;
      if (a.edge.relation !== b.edge.relation) return a.edge.relation < b.edge.relation ? -1 : 1;
      return (b.outgoing ? 1 : 0) - (a.outgoing ? 1 : 0);
    });
    return out;
  }

  // Path finder: breadth-first over the relations shown, edges in either direction, the same
  // search and tie-breaking as `kg path`.
  function findPath(fromId, toId) {
    if (fromId === toId) return [];
    var prev = {}, seen = {}, queue = [fromId];
    seen[fromId] = true;
    while (queue.length) {
      var n = queue.shift();
      var inc = incident(n, true);
      for (var i = 0; i < inc.length; i++) {
        var h = inc[i];
        if (seen[h.other] || cy.getElementById(h.other).hasClass("hidden")) continue;
        seen[h.other] = true;
        prev[h.other] = { from: n, to: h.other, edge: h.edge, forward: h.forward };
        if (h.other === toId) {
          var path = [], cur = toId;
          while (cur !== fromId) { path.unshift(prev[cur]); cur = prev[cur].from; }
          return path;
        }
        queue.push(h.other);
      }
    }
    return null;
  }
  function showPath() {
    var box = $("path-result");
    box.textContent = "";
    cy.elements().removeClass("path");
    var a = resolve($("path-from").value), b = resolve($("path-to").value);
    if (!a || !b) {
      box.appendChild(el("div", { class: "muted", text: "unknown concept: " + (!a ? $("path-from").value : $("path-to").value) }));
      return null;
    }
    var path = findPath(a, b);
    if (!path) {
      box.appendChild(el("div", { class: "muted", text: "no path between " + byId[a].label + " and " + byId[b].label + " over the relations shown" }));
      return null;
    }
    box.appendChild(el("div", { id: "path-length", text: path.length + " step" + (path.length === 1 ? "" : "s") }));
    var ol = el("ol");
    path.forEach(function (h) {
      ol.appendChild(el("li", null, [conceptLink(h.from), arrow(h.edge, h.forward), conceptLink(h.to)].concat(evidenceList(h.edge).slice(0, 1))));
    });
    box.appendChild(ol);
    var eles = cy.getElementById(a);
    path.forEach(function (h) { eles = eles.union(cy.getElementById(h.to)).union(cy.getElementById(h.edge.id)); });
    cy.batch(function () {
      cy.elements().unselect().removeClass("faded show-label");
      cy.elements().not(eles).addClass("faded");
      eles.addClass("path");
    });
    cy.animate({ fit: { eles: eles, padding: 60 } }, { duration: 300 });
    return path;
  }
  $("path-form").addEventListener("submit", function (ev) { ev.preventDefault(); showPath(); });
  $("fit").addEventListener("click", function () { cy.fit(cy.elements(":visible"), 30); });
  $("relayout").addEventListener("click", runLayout);

  runLayout();
  updateCount();
  // For scripts and tests: the graph, its cytoscape instance and the actions.
  window.kg = { data: data, cy: cy, select: select, findPath: findPath, showPath: showPath, ready: true };
})();
