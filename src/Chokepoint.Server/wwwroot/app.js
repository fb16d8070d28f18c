// Chokepoint dashboard: plain JavaScript over the REST API, no external code, works offline.
"use strict";
const $ = (id) => document.getElementById(id);
let model = null;          // the stored model as JSON (components, jurisdictions, ...)
let analysis = null;       // the last analyze result

function key() { return $("key").value || localStorage.getItem("chokepoint-key") || ""; }
function status(text) { $("status").textContent = text; }

async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (key()) headers["X-Api-Key"] = key();
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(json.detail || json.title || response.statusText);
  return json;
}

function params() {
  const p = { reach: $("reach").checked };
  if ($("home").value) p.home = $("home").value;
  return p;
}

async function loadModels() {
  const models = await api("GET", "/api/models");
  $("model").innerHTML = models.map(m => `<option value="${m.id}">${m.id}</option>`).join("");
  await loadModel();
}

async function loadModel() {
  const id = $("model").value;
  if (!id) return;
  model = await api("GET", `/api/models/${encodeURIComponent(id)}/structure`);
  $("home").placeholder = model.home || "home";
  renderStack();
  const layers = [...new Set(model.components.map(c => c.layer))];
  $("scope").innerHTML = '<option value="">everything</option>' + layers.map(l => `<option>${l}</option>`).join("");
  const jurisdictions = model.jurisdictions.filter(j => !j.parent).map(j => j.id);
  $("restrict").innerHTML = jurisdictions.map(j => `<label><input type="checkbox" value="${j}"> ${j}</label>`).join(" ");
  status(`${model.components.length} components`);
}

function renderStack() {
  const byLayer = new Map();
  for (const c of model.components) {
    if (!byLayer.has(c.layer)) byLayer.set(c.layer, []);
    byLayer.get(c.layer).push(c);
  }
  // Large stacks start collapsed, so the page stays quick at ten thousand components.
  const open = model.components.length <= 300;
  $("stack").innerHTML = [...byLayer].map(([layer, list]) =>
    `<details class="layer" ${open ? "open" : ""} data-layer="${layer}"><summary>${layer} (${list.length})</summary><div class="chips">` +
    (open ? list.map(chip).join("") : "") + `</div></details>`).join("");
  for (const d of document.querySelectorAll("details.layer")) {
    d.addEventListener("toggle", () => {
      const chips = d.querySelector(".chips");
      if (d.open && !chips.children.length) chips.innerHTML = byLayer.get(d.dataset.layer).map(chip).join("");
      decorate();
    });
  }
  decorate();
}

function chip(c) { return `<span class="chip" data-id="${c.id}">${c.id}</span>`; }

function decorate() {
  const term = $("search").value.toLowerCase();
  const lit = $("highlight").value.toUpperCase();
  const broken = new Set(selectedBreaks());
  for (const el of document.querySelectorAll(".chip")) {
    const c = model.components.find(x => x.id === el.dataset.id);
    el.classList.toggle("hidden", term !== "" && !c.id.toLowerCase().includes(term) && !(c.name || "").toLowerCase().includes(term));
    el.classList.toggle("broken", broken.has(c.id));
    el.classList.toggle("lit", lit !== "" && (c.providers || []).some(p => (p.jurisdiction || "").toUpperCase().startsWith(lit)));
  }
}

function selectedBreaks() {
  const li = document.querySelector("#coalitions li.selected");
  return li ? JSON.parse(li.dataset.breaks) : [];
}

function showDetails(id) {
  const c = model.components.find(x => x.id === id);
  const users = model.components.filter(u => (u.requires || []).some(r => r === id || (r.any_of || []).includes(id))).map(u => u.id);
  const rows = (c.providers || []).map(p => `<tr><td>${p.org || ""}</td><td>${p.jurisdiction || ""}</td><td>${p.share === undefined ? "?" : (p.share * 100).toFixed(1) + "%"}</td></tr>`).join("");
  $("details").innerHTML = `<h2>${c.id}</h2><p>${c.name || ""} <span class="note">(${c.layer})</span></p>` +
    `<table><tr><th>org</th><th>where</th><th>share</th></tr>${rows}</table>` +
    `<p class="note">Used by: ${users.join(", ") || "nothing (a target?)"}</p>`;
}

async function analyze() {
  status("analysing...");
  try {
    analysis = await api("POST", `/api/models/${encodeURIComponent($("model").value)}/analyze`, params());
    $("summary").textContent = `Home ${analysis.home}, target ${analysis.target}: ${analysis.cut_sets.count} minimal coalitions of at most ${analysis.max_order}.`;
    $("coalitions").innerHTML = analysis.coalitions.map(c =>
      `<li data-breaks='${JSON.stringify(c.breaks)}'>${c.members.join(" + ") || "(none needed)"} <span class="note">breaks ${c.breaks.length}</span></li>`).join("");
    const holders = [analysis.home, ...analysis.leverage.slice(0, 5).map(l => l.jurisdiction)];
    const matrix = await api("POST", `/api/models/${encodeURIComponent($("model").value)}/leverage`, { ...params(), homes: holders });
    renderHeatmap(matrix);
    status("done");
  } catch (e) { status("error: " + e.message); }
}

function renderHeatmap(m) {
  const cell = (h, home) => m.cells.find(c => c.holder === h && c.home === home);
  let html = "<table class='heat'><tr><th>holder \\ home</th>" + m.homes.map(h => `<th>${h}</th>`).join("") + "</tr>";
  for (const h of m.homes) {
    html += `<tr><th>${h}</th>` + m.homes.map(home => {
      if (h === home) return "<td></td>";
      const c = cell(h, home);
      const text = !c.applicable ? "n/a" : c.cut_power ? "CUT" : Math.round(c.score * 100) + "%";
      return `<td style="background:hsl(0,75%,${100 - c.score * 45}%)">${text}</td>`;
    }).join("") + "</tr>";
  }
  $("heatmap").innerHTML = html + "</table>";
}

async function runScenario() {
  const restrict = [...document.querySelectorAll("#restrict input:checked")].map(i => i.value);
  if (!restrict.length) { status("tick who restricts"); return; }
  const body = { ...params(), restrict, months: Number($("months").value) };
  if ($("scope").value) body.scope = { layers: [$("scope").value] };
  status("running scenario...");
  try {
    const result = await api("POST", `/api/models/${encodeURIComponent($("model").value)}/recover`, body);
    const verdict = result.first_cut_month === null ? "The target is never cut." :
      result.recovery_month === null ? `Cut from month ${result.first_cut_month}; no recovery within ${result.months} months.` :
      `Cut from month ${result.first_cut_month}, available again at month ${result.recovery_month}.`;
    $("scenario-result").textContent = verdict;
    $("recovery").innerHTML = chart(result.target_capacity);
    status("done");
  } catch (e) { status("error: " + e.message); }
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

$("model").addEventListener("change", loadModel);
$("analyze").addEventListener("click", analyze);
$("run-scenario").addEventListener("click", runScenario);
$("search").addEventListener("input", decorate);
$("highlight").addEventListener("input", decorate);
$("key").addEventListener("change", () => localStorage.setItem("chokepoint-key", $("key").value));
$("stack").addEventListener("click", (e) => { if (e.target.classList.contains("chip")) showDetails(e.target.dataset.id); });
$("coalitions").addEventListener("click", (e) => {
  const li = e.target.closest("li");
  if (!li) return;
  for (const x of document.querySelectorAll("#coalitions li")) x.classList.toggle("selected", x === li);
  decorate();
});
loadModels().catch(e => status("error: " + e.message));
