// The Stack tab's graph: ELK's layered layout, computed in a Web Worker, drawn as SVG.
import { $, esc } from "./dom.js";
import * as state from "./state.js";
import { layout } from "./graph-layout.js";
import { decorate } from "./stack-view.js";

// Above this many components the graph shows the neighbourhood of the selection, not the whole stack.
export const GRAPH_LIMIT = 250;

let graphRequest = 0;   // the newest layout asked for; older answers are dropped

/** The components the graph shows: the whole stack when small, else the selection's neighbourhood. */
function graphNodes() {
  const m = state.model();
  const filter = $("layer-filter").value;
  let ids;
  let note;
  if (filter) {
    const inLayer = m.inLayer(filter).map((c) => c.id);
    ids = new Set(inLayer);
    for (const id of inLayer) {
      for (const i of m.inputs(id)) ids.add(i.id);
      for (const u of m.usedBy(id)) ids.add(u);
    }
    note = `layer ${filter} with its direct neighbours`;
  } else if (m.size <= GRAPH_LIMIT) {
    ids = new Set(m.components.map((c) => c.id));
    note = "the whole stack";
  } else {
    const focus = state.selection() || m.target;
    if (!focus) return { ids: new Set(), note: "pick a component" };
    ids = new Set(m.pathToTarget(focus));
    ids.add(focus);
    for (const i of m.inputs(focus)) ids.add(i.id);
    for (const u of m.usedBy(focus)) ids.add(u);
    note = `${focus}: its path to the target, inputs and users (the stack has ${m.size} components; pick another to move)`;
  }
  if (ids.size > GRAPH_LIMIT) {
    ids = new Set([...ids].slice(0, GRAPH_LIMIT));
    note += `, first ${GRAPH_LIMIT} shown`;
  }
  return { ids, note };
}

export async function renderGraph() {
  const m = state.model();
  const graph = $("graph");
  const { ids, note } = graphNodes();
  $("graph-note").textContent = note ? `(${note})` : "";
  const nodes = [...ids].map((id) => ({ id, width: Math.max(40, id.length * 7 + 14), height: 22 }));
  const edges = [];
  for (const id of ids) {
    for (const i of m.inputs(id)) {
      if (ids.has(i.id)) edges.push({ id: `${id}>${i.id}`, source: id, target: i.id, alternative: i.alternative });
    }
  }
  const request = ++graphRequest;
  graph.classList.add("busy");
  let laid;
  try {
    laid = await layout(nodes, edges, "lib/elk-worker.min.js");
  } catch (e) {
    graph.innerHTML = `<p class="note">layout failed: ${esc(e.message)}</p>`;
    return;
  } finally {
    if (request === graphRequest) graph.classList.remove("busy");
  }
  if (request !== graphRequest || m !== state.model()) return;   // a newer layout, or another model, was asked for meanwhile
  const alternative = new Map(edges.map((e) => [e.id, e.alternative]));
  const pad = 10;
  const svg = [`<svg width="${laid.width + 2 * pad}" height="${laid.height + 2 * pad}" role="img" aria-label="stack graph"><g transform="translate(${pad},${pad})">`];
  for (const e of laid.edges) {
    if (!e.points.length) continue;
    const d = e.points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    svg.push(`<path class="edge${alternative.get(e.id) ? " alt" : ""}" data-from="${esc(e.source)}" data-to="${esc(e.target)}" d="${d}"/>`);
  }
  for (const n of laid.nodes) {
    const c = m.get(n.id);
    svg.push(`<g class="node layer-${m.layerNumber(c.layer) % 8}" data-id="${esc(n.id)}" data-layer="${esc(c.layer)}" transform="translate(${n.x},${n.y})">` +
      `<title>${esc(c.name || c.id)} (${esc(c.layer)})</title><rect width="${n.width}" height="${n.height}" rx="4"/>` +
      `<text x="${n.width / 2}" y="15" text-anchor="middle">${esc(n.id)}</text></g>`);
  }
  svg.push("</g></svg>");
  graph.innerHTML = svg.join("");
  decorate(graph);
}
