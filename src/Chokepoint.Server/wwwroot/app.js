// Chokepoint dashboard: plain JavaScript over the REST API. The graph layout (ELK, in a Web Worker)
// is bundled from npm at build time into lib/; nothing is fetched from outside the server.
"use strict";
const $ = (id) => document.getElementById(id);
const pct = (x) => x === null || x === undefined ? "-" : (x * 100).toFixed(x < 0.01 ? 3 : 1) + "%";
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

// Above this many components the graph shows the neighbourhood of the selection, not the whole stack,
// and the layers start collapsed: the page stays quick at ten thousand components.
const GRAPH_LIMIT = 250;
const CHIPS_PER_LAYER = 400;

let model = null;          // the stored model as JSON (components, jurisdictions, targets, ...)
let index = null;          // lookups over the model: byId, inputs, usedBy, layers
let analysis = null;       // the last analyze result
let selected = null;       // the selected component's id
let plan = new Set();      // components of the optimizer's last plan
let graphRequest = 0;      // the newest layout asked for; older answers are dropped

function key() { return $("key").value || localStorage.getItem("chokepoint-key") || ""; }
function status(text) { $("status").textContent = text; }

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (key()) headers["X-Api-Key"] = key();
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();   // 202 Accepted (a cancelled job) has no body
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(json?.detail || json?.title || response.statusText);
  return json;
}

/** Polls a job's run until it ends, handing each progress report to onProgress; resolves to the ended run. */
async function awaitRun(id, onProgress) {
  for (;;) {
    const run = await api("GET", `/api/runs/${id}`);
    if (run.status !== "running") return run;
    onProgress(run.progress);
    await new Promise(r => setTimeout(r, 250));
  }
}

function params() {
  const p = { reach: $("reach").checked };
  if ($("home").value) p.home = $("home").value.trim();
  return p;
}

function modelPath(suffix) { return `/api/models/${encodeURIComponent($("model").value)}/${suffix}`; }

// ---------------------------------------------------------------- model and indexes

async function loadModels() {
  const models = await api("GET", "/api/models");
  $("model").innerHTML = models.map(m => `<option value="${esc(m.id)}">${esc(m.id)}</option>`).join("");
  $("compare-models").innerHTML = models.map(m => `<label><input type="checkbox" value="${esc(m.id)}"> ${esc(m.id)}</label>`).join(" ");
  await loadModel();
}

async function loadModel() {
  const id = $("model").value;
  if (!id) return;
  status("loading...");
  model = await api("GET", `/api/models/${encodeURIComponent(id)}/structure`);
  index = buildIndex(model);
  analysis = null;
  selected = null;
  plan = new Set();
  $("home").placeholder = model.home || "home";
  $("coalitions").innerHTML = "";
  $("summary").textContent = "Run an analysis.";
  $("heatmap").textContent = "Run an analysis.";
  $("details").innerHTML = '<h2>Component</h2><p class="note">Click a component on the graph or in the layers.</p>';
  const layerOptions = index.layers.map(l => `<option value="${esc(l)}">${esc(l)}</option>`).join("");
  $("layer-filter").innerHTML = '<option value="">all layers</option>' + layerOptions;
  $("scope").innerHTML = '<option value="">everything</option>' + layerOptions;
  const jurisdictions = (model.jurisdictions || []).filter(j => !j.parent).map(j => j.id);
  $("restrict").innerHTML = jurisdictions.map(j => `<label><input type="checkbox" value="${esc(j)}"> ${esc(j)}</label>`).join(" ");
  renderStack();
  renderGraph();
  status(`${model.components.length} components`);
}

function buildIndex(m) {
  const byId = new Map(), inputs = new Map(), usedBy = new Map(), layers = [];
  for (const c of m.components) {
    byId.set(c.id, c);
    inputs.set(c.id, []);
    usedBy.set(c.id, []);
    if (!layers.includes(c.layer)) layers.push(c.layer);
  }
  for (const c of m.components) {
    for (const r of c.requires || []) {
      const group = typeof r === "string" ? null : r;
      for (const input of group ? group.any_of || [] : [r]) {
        if (!byId.has(input)) continue;
        inputs.get(c.id).push({ id: input, alternative: group !== null });
        usedBy.get(input).push(c.id);
      }
    }
  }
  const hq = new Map((m.organizations || []).map(o => [o.id, o.hq]));
  return { byId, inputs, usedBy, layers, hq };
}

/** Where a provider is: its own jurisdiction, else its organization's headquarters. */
function whereOf(p) { return p.jurisdiction || index.hq.get(p.org) || ""; }

/** The component the analysis is about: the analysed target, else the model's first target. */
function targetComponent() {
  if (analysis?.component) return analysis.component;
  const t = (model.targets || [])[0];
  return t ? t.component : null;
}

/** Components from which the target can be reached downwards: everything the target needs. */
let needed = { model: null, target: null, set: new Set() };
function neededByTarget() {
  const target = targetComponent();
  if (needed.model === model && needed.target === target) return needed.set;
  const seen = new Set();
  needed = { model, target, set: seen };
  if (!target) return seen;
  const stack = [target];
  while (stack.length) {
    const id = stack.pop();
    if (seen.has(id)) continue;
    seen.add(id);
    for (const i of index.inputs.get(id) || []) stack.push(i.id);
  }
  return seen;
}

/** The paths from a component up to the target (at most `limit`), and every component on any of them. */
function pathsToTarget(id, limit) {
  const target = targetComponent();
  const needed = neededByTarget();
  const onPath = new Set();
  if (!target || !needed.has(id)) return { paths: [], onPath, complete: true };
  // Upwards from the component, keeping only components the target needs: all lie on some path.
  const stack = [id];
  while (stack.length) {
    const x = stack.pop();
    if (onPath.has(x)) continue;
    onPath.add(x);
    for (const u of index.usedBy.get(x) || []) if (needed.has(u)) stack.push(u);
  }
  const paths = [];
  let complete = true;
  const walk = (x, path) => {
    if (paths.length >= limit) { complete = false; return; }
    if (x === target) { paths.push([...path]); return; }
    for (const u of index.usedBy.get(x) || []) {
      if (onPath.has(u) && !path.includes(u)) { path.push(u); walk(u, path); path.pop(); }
    }
  };
  walk(id, [id]);
  return { paths, onPath, complete };
}

// ---------------------------------------------------------------- layered list

function renderStack() {
  const filter = $("layer-filter").value;
  const byLayer = new Map(index.layers.map(l => [l, []]));
  for (const c of model.components) byLayer.get(c.layer).push(c);
  const open = model.components.length <= 300 || filter !== "";
  $("stack").innerHTML = [...byLayer].filter(([layer]) => !filter || layer === filter).map(([layer, list]) =>
    `<details class="layer" ${open ? "open" : ""} data-layer="${esc(layer)}"><summary>${esc(layer)} (${list.length})</summary><div class="chips"></div></details>`).join("");
  for (const d of document.querySelectorAll("details.layer")) {
    const fill = () => {
      const chips = d.querySelector(".chips");
      if (!d.open || chips.dataset.filled) return;
      const list = byLayer.get(d.dataset.layer);
      chips.dataset.filled = "1";
      chips.innerHTML = list.slice(0, CHIPS_PER_LAYER).map(chip).join("") +
        (list.length > CHIPS_PER_LAYER ? `<button class="more" data-layer="${esc(d.dataset.layer)}">show all ${list.length}</button>` : "");
      decorate(chips);
    };
    d.addEventListener("toggle", fill);
    d.fill = fill;
    fill();
  }
}

function chip(c) { return `<span class="chip" data-id="${esc(c.id)}" title="${esc(c.name || c.id)}">${esc(c.id)}</span>`; }

function breaksOfSelectedCoalition() {
  const li = document.querySelector("#coalitions li.selected");
  return new Set(li ? JSON.parse(li.dataset.breaks) : []);
}

function litByJurisdiction(c, lit) {
  return lit !== "" && (c.providers || []).some(p => whereOf(p).toUpperCase().startsWith(lit));
}

/** Marks chips and graph nodes: cut by the selected coalition, lit by jurisdiction, in the plan, selected. */
function decorate(root = document) {
  const lit = $("highlight").value.trim().toUpperCase();
  const broken = breaksOfSelectedCoalition();
  const onPath = selected ? pathsToTarget(selected, 1).onPath : new Set();
  for (const el of root.querySelectorAll(".chip, g.node")) {
    const c = index.byId.get(el.dataset.id);
    if (!c) continue;
    el.classList.toggle("broken", broken.has(c.id));
    el.classList.toggle("lit", litByJurisdiction(c, lit));
    el.classList.toggle("plan", plan.has(c.id));
    el.classList.toggle("selected", c.id === selected);
    el.classList.toggle("path", onPath.has(c.id) && c.id !== selected);
  }
  for (const el of root.querySelectorAll("path.edge")) {
    el.classList.toggle("path", onPath.has(el.dataset.from) && onPath.has(el.dataset.to));
  }
}

// ---------------------------------------------------------------- search

let searchTimer = 0;
function search() {
  clearTimeout(searchTimer);
  searchTimer = setTimeout(() => {
    const term = $("search").value.trim().toLowerCase();
    const out = $("search-results");
    if (!term) { out.hidden = true; out.innerHTML = ""; return; }
    const hits = [];
    for (const c of model.components) {
      if (c.id.toLowerCase().includes(term) || (c.name || "").toLowerCase().includes(term)) {
        hits.push(c);
        if (hits.length > 30) break;
      }
    }
    out.innerHTML = hits.slice(0, 30).map(c => `<li data-id="${esc(c.id)}">${esc(c.id)} <span class="note">${esc(c.layer)}</span></li>`).join("") +
      (hits.length > 30 ? '<li class="note">more: type more of the name</li>' : "") + (hits.length === 0 ? '<li class="note">no component matches</li>' : "");
    out.hidden = false;
  }, 120);
}

// ---------------------------------------------------------------- details

function select(id) {
  if (!index.byId.has(id)) return;
  selected = id;
  const layer = index.byId.get(id).layer;
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
    if (!details.querySelector(`.chip[data-id="${CSS.escape(id)}"]`)) details.querySelector(".chips").insertAdjacentHTML("afterbegin", chip(index.byId.get(id)));
  }
  showDetails(id);
  decorate();
  document.querySelector("#graph g.node.selected")?.scrollIntoView({ block: "nearest", inline: "center" });
  // The graph follows the selection when it shows a neighbourhood, a filtered layer, or not the selection.
  if (outsideFilter || model.components.length > GRAPH_LIMIT || !document.querySelector(`#graph g.node[data-id="${CSS.escape(id)}"]`)) renderGraph();
}

function showDetails(id) {
  const c = index.byId.get(id);
  const rows = (c.providers || []).map(p => `<tr><td>${esc(p.org)}</td><td>${esc(whereOf(p))}</td><td>${p.share === undefined ? "?" : (p.share * 100).toFixed(1) + "%"}</td></tr>`).join("");
  const users = index.usedBy.get(id);
  const link = (x) => `<a href="#" data-id="${esc(x)}">${esc(x)}</a>`;
  const { paths, complete } = pathsToTarget(id, 10);
  const target = targetComponent();
  const pathText = id === target ? "This is the target."
    : paths.length === 0 ? `The target${target ? ` (${esc(target)})` : ""} does not need it.`
    : "<ol class='paths'>" + paths.map(p => `<li>${p.map(link).join(" → ")}</li>`).join("") + "</ol>" + (complete ? "" : '<p class="note">First 10 paths shown.</p>');
  $("details").innerHTML = `<h2>${esc(c.id)}</h2><p>${esc(c.name)} <span class="note">(${esc(c.layer)})</span></p>` +
    (rows ? `<table><tr><th>org</th><th>where</th><th>share</th></tr>${rows}</table>` : `<p class="note">Needs ${index.inputs.get(id).length} inputs; no providers of its own.</p>`) +
    `<p><b>Used by</b> ${users.map(link).join(", ") || "nothing (a target?)"}</p>` +
    `<p><b>Inputs</b> ${index.inputs.get(id).map(i => link(i.id) + (i.alternative ? "*" : "")).join(", ") || "none"}` +
    (index.inputs.get(id).some(i => i.alternative) ? ' <span class="note">(* alternatives: any of a group will do)</span>' : "") + "</p>" +
    `<div><b>Paths to the target</b> ${pathText}</div>`;
}

// ---------------------------------------------------------------- graph

/** The components the graph shows: the whole stack when small, else the selection's neighbourhood. */
function graphNodes() {
  const filter = $("layer-filter").value;
  let ids;
  let note = "";
  if (filter) {
    const inLayer = model.components.filter(c => c.layer === filter).map(c => c.id);
    ids = new Set(inLayer);
    for (const id of inLayer) {
      for (const i of index.inputs.get(id)) ids.add(i.id);
      for (const u of index.usedBy.get(id)) ids.add(u);
    }
    note = `layer ${filter} with its direct neighbours`;
  } else if (model.components.length <= GRAPH_LIMIT) {
    ids = new Set(model.components.map(c => c.id));
    note = "the whole stack";
  } else {
    const focus = selected || targetComponent();
    if (!focus) return { ids: new Set(), note: "pick a component" };
    ids = new Set(pathsToTarget(focus, 1).onPath);
    ids.add(focus);
    for (const i of index.inputs.get(focus)) ids.add(i.id);
    for (const u of index.usedBy.get(focus)) ids.add(u);
    note = `${focus}: its paths to the target, inputs and users (the stack has ${model.components.length} components; pick another to move)`;
  }
  if (ids.size > GRAPH_LIMIT) {
    ids = new Set([...ids].slice(0, GRAPH_LIMIT));
    note += `, first ${GRAPH_LIMIT} shown`;
  }
  return { ids, note };
}

async function renderGraph() {
  const graph = $("graph");
  if (!window.ChokepointLayout) {
    graph.innerHTML = '<p class="note">The graph layout was not bundled (the server was built without npm). The layers below show the whole stack.</p>';
    return;
  }
  const { ids, note } = graphNodes();
  $("graph-note").textContent = note ? `(${note})` : "";
  const nodes = [...ids].map(id => ({ id, width: Math.max(40, id.length * 7 + 14), height: 22 }));
  const edges = [];
  for (const id of ids) {
    for (const i of index.inputs.get(id)) {
      if (ids.has(i.id)) edges.push({ id: `${id}>${i.id}`, source: id, target: i.id, alternative: i.alternative });
    }
  }
  const request = ++graphRequest;
  graph.classList.add("busy");
  let laid;
  try {
    laid = await window.ChokepointLayout.layout(nodes, edges, "lib/elk-worker.min.js");
  } catch (e) {
    graph.innerHTML = `<p class="note">layout failed: ${esc(e.message)}</p>`;
    return;
  } finally {
    if (request === graphRequest) graph.classList.remove("busy");
  }
  if (request !== graphRequest) return;   // a newer layout was asked for meanwhile
  const alternative = new Map(edges.map(e => [e.id, e.alternative]));
  const pad = 10;
  const svg = [`<svg width="${laid.width + 2 * pad}" height="${laid.height + 2 * pad}" role="img" aria-label="stack graph"><g transform="translate(${pad},${pad})">`];
  for (const e of laid.edges) {
    if (!e.points.length) continue;
    const d = e.points.map((p, i) => `${i ? "L" : "M"}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(" ");
    svg.push(`<path class="edge${alternative.get(e.id) ? " alt" : ""}" data-from="${esc(e.source)}" data-to="${esc(e.target)}" d="${d}"/>`);
  }
  for (const n of laid.nodes) {
    const c = index.byId.get(n.id);
    svg.push(`<g class="node layer-${index.layers.indexOf(c.layer) % 8}" data-id="${esc(n.id)}" transform="translate(${n.x},${n.y})">` +
      `<title>${esc(c.name || c.id)} (${esc(c.layer)})</title><rect width="${n.width}" height="${n.height}" rx="4"/>` +
      `<text x="${n.width / 2}" y="15" text-anchor="middle">${esc(n.id)}</text></g>`);
  }
  svg.push("</g></svg>");
  graph.innerHTML = svg.join("");
  decorate(graph);
}

// ---------------------------------------------------------------- analysis, leverage, scenario

async function analyze() {
  status("analysing...");
  try {
    analysis = await api("POST", modelPath("analyze"), params());
    $("summary").textContent = `Home ${analysis.home}, target ${analysis.target}: ${analysis.cut_sets.count} minimal coalitions of at most ${analysis.max_order}. Click one to see what it cuts.`;
    $("coalitions").innerHTML = analysis.coalitions.map(c =>
      `<li data-breaks="${esc(JSON.stringify(c.breaks))}">${esc(c.members.join(" + ") || "(none needed)")} <span class="note">breaks ${c.breaks.length}</span></li>`).join("");
    const holders = [analysis.home, ...analysis.leverage.slice(0, 5).map(l => l.jurisdiction)];
    const matrix = await api("POST", modelPath("leverage"), { ...params(), homes: holders });
    renderHeatmap(matrix);
    if (selected) showDetails(selected);
    decorate();
    status("done");
  } catch (e) { status("error: " + e.message); }
}

function renderHeatmap(m) {
  const cells = new Map(m.cells.map(c => [`${c.holder}|${c.home}`, c]));
  let html = "<table class='heat'><tr><th>holder \\ home</th>" + m.homes.map(h => `<th>${esc(h)}</th>`).join("") + "</tr>";
  for (const h of m.homes) {
    html += `<tr><th>${esc(h)}</th>` + m.homes.map(home => {
      if (h === home) return "<td></td>";
      const c = cells.get(`${h}|${home}`);
      const text = !c.applicable ? "n/a" : c.cut_power ? "CUT" : Math.round(c.score * 100) + "%";
      return `<td style="background:hsl(0,75%,${100 - c.score * 45}%)" title="${esc(h)} over ${esc(home)}">${text}</td>`;
    }).join("") + "</tr>";
  }
  $("heatmap").innerHTML = html + "</table><p class='note'>Row: who holds the leverage; column: whose stack. CUT: the holder alone cuts that home's target.</p>";
}

async function runScenario() {
  const restrict = [...document.querySelectorAll("#restrict input:checked")].map(i => i.value);
  if (!restrict.length) { status("tick who restricts"); return; }
  const body = { ...params(), restrict, months: Number($("months").value) };
  if ($("scope").value) body.scope = { layers: [$("scope").value] };
  status("running scenario...");
  try {
    const [now, result] = await Promise.all([api("POST", modelPath("scenario"), body), api("POST", modelPath("recover"), body)]);
    const verdict = result.first_cut_month === null ? "The target is never cut." :
      result.recovery_month === null ? `Cut from month ${result.first_cut_month}; no recovery within ${result.months} months.` :
      `Cut from month ${result.first_cut_month}, available again at month ${result.recovery_month}.`;
    $("scenario-result").textContent = `${verdict} At once: ${now.failed.length} component${now.failed.length === 1 ? "" : "s"} cut, ` +
      `target capacity ${pct(now.target_capacity)} of ${pct(now.target_baseline_capacity)}.`;
    $("recovery").innerHTML = '<h3>Capacity by layer under the scenario</h3>' + layerBars(now) +
      '<h3>Target capacity month by month</h3>' + chart(result.target_capacity);
    status("done");
    const samples = Number($("samples").value);
    if (samples > 0) await sampleScenario({ ...body, samples, seed: 1 });
  } catch (e) { status("error: " + e.message); }
}

/** The scenario over draws of the share ranges, as a job: a progress bar, then the bands. */
async function sampleScenario(body) {
  const bar = $("samples-progress");
  bar.hidden = false;
  bar.value = 0;
  $("samples-text").textContent = "sampling...";
  const started = await api("POST", modelPath("jobs/scenario-samples"), body);
  const run = await awaitRun(started.run, (progress) => {
    if (!progress?.total) return;
    bar.max = progress.total;
    bar.value = progress.done;
    $("samples-text").textContent = `${progress.done} of ${progress.total} samples`;
  });
  bar.hidden = true;
  if (!run.result) { $("samples-text").textContent = `sampling ${run.status}: ${run.error || ""}`; return; }
  const r = run.result;
  $("samples-text").textContent = `Over ${r.samples.done} samples (seed ${r.samples.seed}): target capacity p5 ${pct(r.target_capacity.p5)}, ` +
    `median ${pct(r.target_capacity.p50)}, p95 ${pct(r.target_capacity.p95)}; the target is cut in ${pct(r.cut_fraction)} of them.`;
}

/** Bars: per layer, the lowest capacity (accessible share of world supply) of its components under the scenario. */
function layerBars(scenario) {
  const rows = index.layers.map(layer => {
    let low = null, where = null, cut = 0;
    for (const c of model.components) {
      if (c.layer !== layer || scenario.capacity[c.id] === undefined) continue;
      const v = scenario.capacity[c.id];
      if (low === null || v < low) { low = v; where = c.id; }
      if (scenario.failed.includes(c.id)) cut++;
    }
    return { layer, low, where, cut };
  }).filter(r => r.low !== null);
  const w = 420, bar = 16, label = 110, h = rows.length * (bar + 4) + 8;
  const max = Math.max(1e-9, ...rows.map(r => r.low));   // bars to scale with the largest; the labels give the values
  return `<svg width="${w}" height="${h}" role="img" aria-label="capacity by layer">` + rows.map((r, i) => {
    const y = 4 + i * (bar + 4), len = Math.max(1, (r.low / max) * (w - label - 90));
    return `<text x="0" y="${y + 12}" font-size="11">${esc(r.layer)}</text>` +
      `<rect class="bar${r.cut ? " cut" : ""}" x="${label}" y="${y}" width="${len.toFixed(1)}" height="${bar}"><title>${esc(r.where)}: ${pct(r.low)}${r.cut ? `; ${r.cut} cut` : ""}</title></rect>` +
      `<text x="${label + len + 4}" y="${y + 12}" font-size="11">${pct(r.low)}${r.cut ? ` (${r.cut} cut)` : ""}</text>`;
  }).join("") + "</svg>";
}

/** A line chart of capacity over months, as SVG. */
function chart(values) {
  const w = 420, h = 160, pad = 30, max = Math.max(...values, 1e-9);
  const x = (i) => pad + (i / Math.max(1, values.length - 1)) * (w - pad - 10);
  const y = (v) => h - pad - (v / max) * (h - pad - 10);
  const path = values.map((v, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(" ");
  return `<svg width="${w}" height="${h}" role="img" aria-label="capacity over months">` +
    `<line x1="${pad}" y1="${h - pad}" x2="${w - 10}" y2="${h - pad}" stroke="#999"/><line x1="${pad}" y1="10" x2="${pad}" y2="${h - pad}" stroke="#999"/>` +
    `<text x="${pad}" y="${h - 8}" font-size="11">month 0</text><text x="${w - 70}" y="${h - 8}" font-size="11">month ${values.length - 1}</text>` +
    `<text x="2" y="14" font-size="11">${(max * 100).toPrecision(2)}%</text>` +
    `<path d="${path}" fill="none" stroke="#1565c0" stroke-width="2"/></svg>`;
}

// ---------------------------------------------------------------- compare

async function runCompare() {
  const models = [...document.querySelectorAll("#compare-models input:checked")].map(i => i.value);
  if (!models.length) { status("tick the stacks to compare"); return; }
  const body = { models, reach: $("reach").checked };
  const homes = $("compare-homes").value.split(/[\s,]+/).filter(Boolean);
  if (homes.length) body.homes = homes;
  status("comparing...");
  try {
    const result = await api("POST", "/api/compare", body);
    const head = ["stack", "home", "target", "capacity", "home alone", "foreign share", "cut alone by", "smallest coalition", "coalitions", "strongest holder"];
    $("compare-result").innerHTML = `<table class="grid"><tr>${head.map(h => `<th>${h}</th>`).join("")}</tr>` +
      result.rows.map(r => `<tr><td>${esc(r.model)}</td><td>${esc(r.home)}</td><td>${esc(r.target)}</td><td>${pct(r.baseline_capacity)}</td>` +
        `<td>${r.domestic_only ? "yes" : "no"}</td><td>${pct(r.foreign_share)}</td><td>${esc(r.single_cuts.join(" ") || "none")}</td>` +
        `<td>${r.smallest_coalition ?? "none found"}</td><td>${r.cut_sets.count}</td><td>${esc(r.strongest_holder ?? "-")}</td></tr>`).join("") +
      "</table><p class='note'>capacity: the target's accessible share of world supply; home alone: buildable from domestic providers only; cut alone by: jurisdictions that cut the target on their own.</p>";
    status("done");
  } catch (e) { status("error: " + e.message); }
}

// ---------------------------------------------------------------- optimize (a job)

let optimizeRun = null;

async function runOptimize() {
  const body = { ...params(), budget: Number($("budget").value), objective: $("objective").value, frontier: $("frontier").checked, from_substitution: $("from-substitution").checked };
  const scenarios = $("opt-scenarios").value.split(/[\s,]+/).filter(Boolean);
  if (scenarios.length) body.scenarios = scenarios;
  $("optimize-result").innerHTML = "";
  try {
    const started = await api("POST", modelPath("jobs/optimize"), body);
    optimizeRun = started.run;
    $("cancel-optimize").disabled = false;
    $("run-optimize").disabled = true;
    const run = await awaitRun(optimizeRun, (progress) => {
      $("optimize-progress").textContent = `run ${optimizeRun}: ${progress?.stage || "starting"}`;
    });
    $("optimize-progress").textContent = `run ${run.id}: ${run.status}${run.error ? " (" + run.error + ")" : ""}`;
    if (run.result) showPlan(run.result);
  } catch (e) { status("error: " + e.message); }
  $("cancel-optimize").disabled = true;
  $("run-optimize").disabled = false;
}

async function cancelOptimize() {
  if (optimizeRun === null) return;
  try { await api("DELETE", `/api/runs/${optimizeRun}`); } catch (e) { status("error: " + e.message); }
}

function showPlan(r) {
  const money = (x) => Number(x).toLocaleString("en-US", { maximumFractionDigits: 2 });
  const coalition = (s) => s ?? `none ≤ ${r.max_order}`;
  const action = (a) => `${esc(a.component)}: ${esc(a.kind)}${a.jurisdiction ? " in " + esc(a.jurisdiction) : ""}`;
  plan = new Set(r.plan.map(a => a.component));
  let html = `<p id="plan-summary"><b>${r.plan.length} action${r.plan.length === 1 ? "" : "s"} costing ${money(r.cost)}</b>, ${r.optimal ? "proven optimal" : "NOT proven optimal"}${r.note ? ". " + esc(r.note) : ""}</p>`;
  html += `<table class="grid" id="plan"><tr><th>component</th><th>action</th><th>where</th><th>share / months</th><th>cost</th><th>lead time</th></tr>` +
    r.plan.map(a => `<tr><td><a href="#" data-id="${esc(a.component)}">${esc(a.component)}</a></td><td>${esc(a.kind)}</td><td>${esc(a.jurisdiction || "home")}</td>` +
      `<td>${a.kind === "stockpile" ? a.months + " months" : pct(a.share)}</td><td>${money(a.cost)}</td><td>${a.lead_time_months} months</td></tr>`).join("") + "</table>";
  const rows = [["smallest cutting coalition", coalition(r.before.smallest_coalition), coalition(r.after.smallest_coalition)],
    ["target capacity", pct(r.before.target_capacity), pct(r.after.target_capacity)]];
  if (r.before.probability !== undefined) rows.push(["P(cut)", r.before.probability, r.after.probability]);
  if (r.before.scenario_capacity !== undefined) rows.push(["capacity under the scenarios", pct(r.before.scenario_capacity), pct(r.after.scenario_capacity)]);
  html += `<h3>Before and after, recomputed on the changed model</h3><table class="grid"><tr><th>figure</th><th>before</th><th>after</th></tr>` +
    rows.map(x => `<tr><td>${x[0]}</td><td>${esc(x[1])}</td><td>${esc(x[2])}</td></tr>`).join("") + "</table>";
  if (r.frontier) {
    html += `<h3>Budget–resilience frontier</h3><table class="grid"><tr><th>cost</th><th>smallest coalition</th><th>actions</th></tr>` +
      r.frontier.map(f => `<tr><td>${money(f.cost)}</td><td>${coalition(f.smallest_coalition)}</td><td>${f.plan.map(action).join("; ") || "none"}</td></tr>`).join("") + "</table>";
  }
  html += '<p class="note">The plan\'s components are outlined in green on the Stack tab.</p>';
  $("optimize-result").innerHTML = html;
  decorate();
}

// ---------------------------------------------------------------- wiring

function showTab(id) {
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === id));
  for (const t of document.querySelectorAll("main.tab")) t.hidden = t.id !== id;
}

$("model").addEventListener("change", () => loadModel().catch(e => status("error: " + e.message)));
$("analyze").addEventListener("click", analyze);
$("run-scenario").addEventListener("click", runScenario);
$("run-compare").addEventListener("click", runCompare);
$("run-optimize").addEventListener("click", runOptimize);
$("cancel-optimize").addEventListener("click", cancelOptimize);
$("search").addEventListener("input", search);
$("highlight").addEventListener("input", () => decorate());
$("layer-filter").addEventListener("change", () => { renderStack(); renderGraph(); });
$("key").addEventListener("change", () => localStorage.setItem("chokepoint-key", $("key").value));
$("tabs").addEventListener("click", (e) => { if (e.target.dataset.tab) showTab(e.target.dataset.tab); });
document.body.addEventListener("click", (e) => {
  const more = e.target.closest("button.more");
  if (more) {
    const list = model.components.filter(c => c.layer === more.dataset.layer);
    const chips = more.parentElement;
    chips.innerHTML = list.map(chip).join("");
    decorate(chips);
    return;
  }
  const target = e.target.closest(".chip, g.node, #search-results li[data-id], #details a[data-id], #plan a[data-id]");
  if (!target) return;
  e.preventDefault();
  if (target.closest("#search-results")) { $("search-results").hidden = true; }
  if (target.closest("#plan")) showTab("stack-tab");
  select(target.dataset.id);
});
$("coalitions").addEventListener("click", (e) => {
  const li = e.target.closest("li");
  if (!li) return;
  for (const x of document.querySelectorAll("#coalitions li")) x.classList.toggle("selected", x === li);
  decorate();
});
loadModels().catch(e => status("error: " + e.message));
