// The Stack tab's list: layers as chips, the search box, the component panel, and the marks
// (cut, lit, plan, selected, on the path) on chips and graph nodes alike.
import { $, esc } from "./dom.js";
import * as state from "./state.js";
import { brokenBySelectedCoalition } from "./cuts.js";
import { GRAPH_LIMIT, renderGraph } from "./graph.js";

// Above this many components the layers start collapsed, and a layer shows this many chips until asked for all.
const OPEN_LIMIT = 300;
const CHIPS_PER_LAYER = 400;
const SEARCH_HITS = 30;

// A chip is a span acting as a button (main.js gives it Enter and Space): a layer shows up to 1,250 of
// them, and native buttons cost the page noticeably more to lay out.
export function chip(c) { return `<span class="chip" role="button" tabindex="0" data-id="${esc(c.id)}" title="${esc(c.name || c.id)}">${esc(c.id)}</span>`; }

export function renderStack() {
  const m = state.model();
  const filter = $("layer-filter").value;
  const open = m.size <= OPEN_LIMIT || filter !== "";
  $("stack").innerHTML = m.layers.filter((layer) => !filter || layer === filter).map((layer) =>
    `<details class="layer" ${open ? "open" : ""} data-layer="${esc(layer)}"><summary>${esc(layer)} (${m.inLayer(layer).length})</summary><div class="chips"></div></details>`).join("");
  for (const d of document.querySelectorAll("details.layer")) {
    const fill = () => {
      const chips = d.querySelector(".chips");
      if (!d.open || chips.dataset.filled) return;
      const list = m.inLayer(d.dataset.layer);
      chips.dataset.filled = "1";
      chips.innerHTML = list.slice(0, CHIPS_PER_LAYER).map(chip).join("") +
        (list.length > CHIPS_PER_LAYER ? `<button type="button" class="more" data-layer="${esc(d.dataset.layer)}">show all ${list.length}</button>` : "");
      decorate(chips);
    };
    d.addEventListener("toggle", fill);
    d.fill = fill;
    fill();
  }
}

/** "show all" in a layer: every chip of it. */
export function showAllOf(button) {
  const chips = button.parentElement;
  chips.innerHTML = state.model().inLayer(button.dataset.layer).map(chip).join("");
  decorate(chips);
}

function lit(id, prefix) {
  return prefix !== "" && state.model().where(id).some((j) => (j ?? "").toUpperCase().startsWith(prefix));
}

/** Marks chips and graph nodes: cut by the selected coalition, lit by jurisdiction, in the plan, selected, on the path. */
export function decorate(root = document) {
  const m = state.model();
  const prefix = $("highlight").value.trim().toUpperCase();
  const broken = brokenBySelectedCoalition();
  const selected = state.selection();
  const plan = state.planned();
  const onPath = new Set(selected ? m.pathToTarget(selected) : []);
  for (const el of root.querySelectorAll(".chip, g.node")) {
    const id = el.dataset.id;
    if (!m.has(id)) continue;
    el.classList.toggle("broken", broken.has(id));
    el.classList.toggle("lit", lit(id, prefix));
    el.classList.toggle("plan", plan.has(id));
    el.classList.toggle("selected", id === selected);
    el.classList.toggle("path", onPath.has(id) && id !== selected);
    // Only where it changes, like the edge note below: rewriting both on every pass made the
    // highlight over 1,250 chips about a quarter slower (docs/benchmarks.md).
    if ((id === selected) !== el.hasAttribute("aria-current")) {
      if (id === selected) el.setAttribute("aria-current", "true"); else el.removeAttribute("aria-current");
    }
  }
  // An edge is on the path when it is one of the path's steps: the input's next component is the user.
  // Edges that neither touch the selection (else the target) nor are such a step are beyond its
  // neighbourhood: hidden unless every edge is asked for.
  const focus = selected || m.target;
  let far = 0;
  for (const el of root.querySelectorAll("path.edge")) {
    const step = onPath.has(el.dataset.to) && m.next(el.dataset.to) === el.dataset.from;
    el.classList.toggle("path", step);
    const beyond = focus !== null && !step && el.dataset.from !== focus && el.dataset.to !== focus;
    el.classList.toggle("far", beyond);
    if (beyond) far++;
  }
  if (root === document || root.id === "graph") {
    $("graph").classList.toggle("all-edges", $("all-edges").checked);
    const note = far === 0 ? "" : $("all-edges").checked
      ? `${far} edges beyond the neighbourhood of ${focus} drawn faint.`
      : `${far} edges beyond the neighbourhood of ${focus} hidden; tick "every edge" to draw them.`;
    // The same text again would still replace the text node and lay the whole page out anew.
    if ($("edge-note").textContent !== note) $("edge-note").textContent = note;
  }
}

let searchTimer = 0;
export function search() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    const term = $("search").value.trim().toLowerCase();
    const out = $("search-results");
    if (!term) { out.hidden = true; out.innerHTML = ""; return; }
    const hits = [];
    for (const c of state.model().components) {
      if (c.id.toLowerCase().includes(term) || (c.name || "").toLowerCase().includes(term)) {
        hits.push(c);
        if (hits.length > SEARCH_HITS) break;
      }
    }
    out.innerHTML = hits.slice(0, SEARCH_HITS).map((c) => `<li><button type="button" class="hit" data-id="${esc(c.id)}">${esc(c.id)} <span class="note">${esc(c.layer)}</span></button></li>`).join("") +
      (hits.length > SEARCH_HITS ? '<li class="note">more: type more of the name</li>' : "") + (hits.length === 0 ? '<li class="note">no component matches</li>' : "");
    out.hidden = false;
  }, 120);
}

/** Selects a component: its layer opened, its panel, the marks, and the graph when it must follow. */
export function selectComponent(id) {
  const m = state.model();
  if (!m.has(id)) return;
  state.select(id);
  const layer = m.get(id).layer;
  const outsideFilter = $("layer-filter").value !== "" && $("layer-filter").value !== layer;
  if (outsideFilter) {
    // The selection is outside the filtered layer: show every layer again.
    $("layer-filter").value = "";
    renderStack();
  }
  const details = document.querySelector(`details.layer[data-layer="${CSS.escape(layer)}"]`);
  if (details) {
    details.open = true;
    details.fill();
    // A layer shows its first chips only; the selection is always among them.
    if (!details.querySelector(`.chip[data-id="${CSS.escape(id)}"]`)) details.querySelector(".chips").insertAdjacentHTML("afterbegin", chip(m.get(id)));
  }
  showDetails(id);
  decorate();
  document.querySelector("#graph g.node.selected")?.scrollIntoView({ block: "nearest", inline: "center" });
  // The graph follows the selection when it shows a neighbourhood, a filtered layer, or not the selection.
  if (outsideFilter || m.size > GRAPH_LIMIT || !document.querySelector(`#graph g.node[data-id="${CSS.escape(id)}"]`)) renderGraph();
}

const link = (x) => `<a href="#" data-id="${esc(x)}">${esc(x)}</a>`;

export function showDetails(id) {
  const m = state.model();
  const c = m.get(id);
  const where = m.where(id);
  const rows = (c.providers || []).map((p, i) => `<tr><td>${esc(p.org)}</td><td>${esc(where[i])}</td><td>${p.share === undefined ? "?" : (p.share * 100).toFixed(1) + "%"}</td></tr>`).join("");
  const inputs = m.inputs(id);
  const path = m.pathToTarget(id);
  const pathText = id === m.target ? "This is the target."
    : path.length === 0 ? `The target${m.target ? ` (${esc(m.target)})` : ""} does not need it.`
    : `<ol class="paths"><li>${path.map(link).join(" → ")}</li></ol>` +
      `<p class="note">The shortest; it is needed toward the target by ${m.neededBy(id).map(link).join(", ")}.</p>`;
  $("details").innerHTML = `<h2>${esc(c.id)}</h2><p>${esc(c.name)} <span class="note">(${esc(c.layer)})</span></p>` +
    (rows ? `<table><tr><th>org</th><th>where</th><th>share</th></tr>${rows}</table>` : `<p class="note">Needs ${inputs.length} inputs; no providers of its own.</p>`) +
    `<p><b>Used by</b> ${m.usedBy(id).map(link).join(", ") || "nothing (a target?)"}</p>` +
    `<p><b>Inputs</b> ${inputs.map((i) => link(i.id) + (i.alternative ? "*" : "")).join(", ") || "none"}` +
    (inputs.some((i) => i.alternative) ? ' <span class="note">(* alternatives: any of a group will do)</span>' : "") + "</p>" +
    `<div><b>Paths to the target</b> ${pathText}</div>`;
}
