// Open kg's HTML export in headless Chromium as a person would, and print what happened as JSON.
//
//   node browser.mjs PAGE.html SCREENSHOT.png FROM TO
//
// It counts the concepts drawn inside the window, clicks the most connected one with the mouse
// and reads the details panel, searches, filters a relation out and back, asks the path finder
// for FROM -> TO, and takes a screenshot. Any request that leaves the file (the page must work
// offline), any script error and any console error are reported. Run by tests/cli/interop.rs
// when KG_INTEROP=1; uses Debian's /usr/bin/chromium (CHROMIUM overrides it).
import { chromium } from "playwright-core";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [page_path, shot, from, to] = process.argv.slice(2);
if (!to) {
  console.error("usage: node browser.mjs PAGE.html SCREENSHOT.png FROM TO");
  process.exit(2);
}
const profile = mkdtempSync(join(tmpdir(), "kg-chromium-"));
const facts = { requests_blocked: [], page_errors: [], console_errors: [] };
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    facts.requests_blocked.push(url);
    return route.abort();
  });
  const page = context.pages()[0] || (await context.newPage());
  // How many nodes or edges are drawn once a filter change has settled. The viewer toggles a
  // class at once, but cytoscape recomputes `:visible` only when it next renders, so wait until
  // the two agree before counting.
  const shown = async (what) => {
    const count = (w) => {
      const cy = window.kg.cy;
      const all = w === "nodes" ? cy.nodes() : cy.edges();
      const drawn = all.filter(":visible").length;
      return drawn === all.not(".hidden").length ? drawn : null;
    };
    await page.waitForFunction(count, what, { timeout: 10000 });
    return page.evaluate(count, what);
  };
  page.on("pageerror", (e) => facts.page_errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") facts.console_errors.push(m.text()); });
  await page.goto(pathToFileURL(resolve(page_path)).href);
  await page.waitForFunction(() => window.kg && window.kg.ready, null, { timeout: 60000 });

  Object.assign(facts, await page.evaluate(() => {
    const cy = window.kg.cy;
    const box = document.getElementById("cy").getBoundingClientRect();
    const inside = cy.nodes(":visible").filter((n) => {
      const p = n.renderedPosition();
      return p.x >= 0 && p.y >= 0 && p.x <= box.width && p.y <= box.height;
    });
    return {
      title: document.title,
      data_nodes: window.kg.data.nodes.length,
      data_edges: window.kg.data.edges.length,
      drawn_nodes: cy.nodes(":visible").length,
      drawn_edges: cy.edges(":visible").length,
      nodes_in_window: inside.length,
      count_text: document.getElementById("count").textContent,
      external_scripts: document.querySelectorAll("script[src], link[href]").length,
    };
  }));

  // Click the most connected concept with the mouse, where it is drawn.
  const target = await page.evaluate(() => {
    const cy = window.kg.cy;
    const n = cy.nodes().sort((a, b) => b.degree() - a.degree() || (a.id() < b.id() ? -1 : 1))[0];
    const p = n.renderedPosition();
    const box = document.getElementById("cy").getBoundingClientRect();
    return { id: n.id(), label: n.data("label"), kind: n.data("kind"), x: box.left + p.x, y: box.top + p.y };
  });
  await page.mouse.click(target.x, target.y);
  await page.waitForTimeout(300);
  facts.clicked = target;
  Object.assign(facts, await page.evaluate(() => {
    const d = document.getElementById("details");
    return {
      selected: window.kg.cy.nodes(":selected").map((n) => n.id()),
      details_title: (d.querySelector("h3") || {}).textContent || "",
      details_kind: (d.querySelector(".kind") || {}).textContent || "",
      details_relations: d.querySelectorAll(".rel").length,
      details_evidence: d.querySelectorAll("blockquote").length,
      details_aliases: d.querySelectorAll("ul li").length,
    };
  }));
  await page.screenshot({ path: shot });

  // Search.
  await page.fill("#search", to);
  facts.search_status = await page.textContent("#search-status");
  facts.search_matches = await page.evaluate(() => window.kg.cy.nodes(".match").length);
  await page.fill("#search", "");
  await page.dispatchEvent("#search", "input");

  // Filter a relation out and back in.
  const rel = await page.evaluate(() => {
    const counts = {};
    window.kg.data.edges.forEach((e) => { counts[e.relation] = (counts[e.relation] || 0) + 1; });
    const name = Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
    return { name, count: counts[name] };
  });
  const box = `#relations input[data-name="${rel.name}"]`;
  await page.uncheck(box);
  facts.filter = { relation: rel.name, relation_edges: rel.count,
    edges_after_uncheck: await shown("edges") };
  await page.check(box);
  facts.filter.edges_after_check = await shown("edges");
  const kind = facts.clicked.kind;
  await page.uncheck(`#kinds input[data-name="${kind}"]`);
  facts.filter.kind = kind;
  facts.filter.nodes_after_kind_uncheck = await shown("nodes");
  await page.check(`#kinds input[data-name="${kind}"]`);
  facts.filter.nodes_after_kind_check = await shown("nodes");

  // Path finder.
  await page.fill("#path-from", from);
  await page.fill("#path-to", to);
  await page.click("#path-go");
  await page.waitForTimeout(400);
  facts.path_text = (await page.textContent("#path-result")).trim();
  facts.path_steps = await page.evaluate(() => {
    const el = document.getElementById("path-length");
    return el ? parseInt(el.textContent, 10) : null;
  });
  facts.path_highlighted = await page.evaluate(() => window.kg.cy.elements(".path").length);
  await page.screenshot({ path: shot.replace(/\.png$/, "") + "-path.png" });
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(facts) + "\n");
