// The Stack tab's graph: ELK's layered layout, computed in a Web Worker, drawn as SVG with the
// stack's layers as rows (the server's order, upstream at the bottom) and a legend.
import { $, esc } from "./dom.js";
import * as state from "./state.js";
import { layout } from "./graph-layout.js";
import { decorate } from "./stack-view.js";

// Above this many components the graph shows the neighbourhood of the selection, not the whole stack.
export const GRAPH_LIMIT = 250;

// Room on the left for the layer names, and how far apart they repeat along a wide row.
const LABELS = 110;
const NAME_EVERY = 700;

let graphRequest = 0;   // the newest layout asked for; older answers are dropped

/** Adds a component with its inputs and users. */
function addNeighbourhood(m, ids, id) {
  ids.add(id);
  for (const i of m.inputs(id)) ids.add(i.id);
  for (const u of m.usedBy(id)) ids.add(u);
}

/** The components the graph shows: by default what the target needs, else a filtered layer or the selection's neighbourhood. */
function graphNodes() {
  const m = state.model();
  const filter = $("layer-filter").value;
  let ids;
  let note;
  if (filter) {
    ids = new Set();
    for (const c of m.inLayer(filter)) addNeighbourhood(m, ids, c.id);
    note = `layer ${filter} with its direct neighbours`;
  } else if (m.size <= GRAPH_LIMIT) {
    if ($("graph-scope").value === "all" || !m.target) {
      ids = new Set(m.components.map((c) => c.id));
      note = "the whole stack";
    } else {
      ids = new Set(m.components.filter((c) => m.isNeeded(c.id)).map((c) => c.id));
      note = `what the target ${m.target} needs: ${ids.size} of ${m.size} components`;
    }
    const selected = state.selection();
    if (selected && !ids.has(selected)) {
      addNeighbourhood(m, ids, selected);
      note += `, and ${selected} with its neighbours`;
    }
  } else {
    const focus = state.selection() || m.target;
    if (!focus) return { ids: new Set(), note: "pick a component" };
    ids = new Set(m.pathToTarget(focus));
    addNeighbourhood(m, ids, focus);
    note = `${focus}: its path to the target, inputs and users (the stack has ${m.size} components; pick another to move)`;
  }
  if (ids.size > GRAPH_LIMIT) {
    ids = new Set([...ids].slice(0, GRAPH_LIMIT));
    note += `, first ${GRAPH_LIMIT} shown`;
  }
  return { ids, note };
}

/** A layer's colour class: the server's layer order, eight colours round. */
export const layerClass = (m, layer) => `layer-${m.layerNumber(layer) % 8}`;

export async function renderGraph() {
  const m = state.model();
  const graph = $("graph");
  const { ids, note } = graphNodes();
  $("graph-note").textContent = note ? `(${note})` : "";
  // Upstream at the bottom: the last layer in the server's order is the top row.
  const nodes = [...ids].map((id) => ({ id, width: Math.max(40, id.length * 6.6 + 12), height: 22, partition: m.layers.length - 1 - m.layerNumber(m.get(id).layer) }));
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
  const width = laid.width + 2 * pad + LABELS;
  const svg = [`<svg width="${width}" height="${laid.height + 2 * pad}" role="group" aria-label="stack graph: components by layer, each pointing to its inputs below">`];
  // One band per layer, behind the nodes, named on the left.
  const bands = new Map();
  for (const n of laid.nodes) {
    const layer = m.get(n.id).layer;
    const b = bands.get(layer) ?? { top: Infinity, bottom: -Infinity };
    b.top = Math.min(b.top, n.y);
    b.bottom = Math.max(b.bottom, n.y + n.height);
    bands.set(layer, b);
  }
  for (const [layer, b] of bands) {
    // The name again every NAME_EVERY pixels, so that a row scrolled sideways still says which layer it is.
    const names = [];
    for (let x = 4; x < width - LABELS / 2; x += NAME_EVERY) names.push(`<text x="${x}" y="${(b.top + b.bottom) / 2 + pad + 4}">${esc(layer)}</text>`);
    svg.push(`<g class="band ${layerClass(m, layer)}" aria-hidden="true"><rect x="0" y="${b.top + pad - 4}" width="${width}" height="${b.bottom - b.top + 8}"/>${names.join("")}</g>`);
  }
  svg.push(`<g transform="translate(${pad + LABELS},${pad})">`);
  for (const e of laid.edges) {
    if (!e.points.length) continue;
    const d = e.points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    svg.push(`<path class="edge${alternative.get(e.id) ? " alt" : ""}" data-from="${esc(e.source)}" data-to="${esc(e.target)}" d="${d}"/>`);
  }
  for (const n of laid.nodes) {
    const c = m.get(n.id);
    // The title is the tooltip and the accessible name; it starts with the id drawn, as speech control expects.
    svg.push(`<g class="node ${layerClass(m, c.layer)}" tabindex="0" role="button" data-id="${esc(n.id)}" data-layer="${esc(c.layer)}" transform="translate(${n.x},${n.y})">` +
      `<title>${esc(c.id)}: ${esc(c.name || c.id)} (${esc(c.layer)})</title><rect width="${n.width}" height="${n.height}" rx="4"/>` +
      `<text x="${n.width / 2}" y="15" text-anchor="middle">${esc(n.id)}</text></g>`);
  }
  svg.push("</g></svg>");
  // Drawing again must not throw the keyboard out of the graph: focus the node that had it, or the selection.
  const hadFocus = graph.contains(document.activeElement) ? document.activeElement.dataset?.id : undefined;
  graph.innerHTML = svg.join("");
  renderLegend([...bands.keys()].sort((a, b) => m.layerNumber(b) - m.layerNumber(a)));
  decorate(graph);
  // Show the selection, else the target: a wide graph scrolls sideways.
  if (!graph.querySelector("g.node.selected") && m.target) {
    const at = laid.nodes.find((n) => n.id === m.target);
    if (at) graph.scrollLeft = Math.max(0, at.x + LABELS + pad - graph.clientWidth / 2);
  }
  if (hadFocus !== undefined) {
    (graph.querySelector(`g.node[data-id="${CSS.escape(hadFocus)}"]`) ?? graph.querySelector("g.node.selected") ?? graph.querySelector("g.node"))?.focus();
  }
}

const swatch = (cls, shape) => `<svg class="swatch" width="28" height="16" aria-hidden="true">${shape ?? `<g class="node ${cls}"><rect x="1" y="1" width="26" height="14" rx="3"/></g>`}</svg>`;
const edge = (cls) => swatch("", `<path class="edge ${cls}" d="M1,8 L27,8"/>`);

/** What the colours and borders mean: the layers drawn, then the marks. */
function renderLegend(layers) {
  const m = state.model();
  const item = (mark, text) => `<li>${mark}<span>${text}</span></li>`;
  $("graph-legend").innerHTML = '<h3>Legend</h3><ul class="legend-layers" aria-label="layers">' +
    layers.map((l) => item(swatch(layerClass(m, l)), esc(l))).join("") + "</ul>" +
    '<ul class="legend-marks" aria-label="marks">' +
    item(swatch("selected"), "selected component") +
    item(swatch("path"), "on the selection's path to the target") +
    item(swatch("broken"), "cut by the coalition picked on the right") +
    item(swatch("lit"), "produced in the highlighted jurisdiction") +
    item(swatch("plan"), "in the optimizer's plan") +
    item(edge(""), "needs (user above, input below)") +
    item(edge("alt"), "one of alternatives (any of a group will do)") +
    item(edge("path"), "a step of the path to the target") +
    "</ul>";
}
