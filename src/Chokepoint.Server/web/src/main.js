// Chokepoint dashboard: plain JavaScript modules over the REST API, bundled by bundle.mjs into
// wwwroot/lib/dashboard.js with the ELK layout; nothing is fetched from outside the server. What the
// model means (layers, inputs, paths to the target) comes from the server's structure document.
import { $, esc, reporting, status } from "./dom.js";
import { api, fetchStructure, rememberKey } from "./api.js";
import * as state from "./state.js";
import { analyze, pickCoalition } from "./cuts.js";
import { GRAPH_LIMIT, renderGraph } from "./graph.js";
import { runScenario } from "./scenario.js";
import { runCompare } from "./compare.js";
import { cancelOptimize, runOptimize } from "./optimize.js";
import { decorate, renderStack, search, selectComponent, showAllOf } from "./stack-view.js";

async function loadModels() {
  const models = await api("GET", "/api/models");
  $("model").innerHTML = models.map((m) => `<option value="${esc(m.id)}">${esc(m.id)}</option>`).join("");
  $("compare-models").innerHTML = models.map((m) => `<label><input type="checkbox" value="${esc(m.id)}"> ${esc(m.id)}</label>`).join(" ");
  await loadModel();
}

async function loadModel() {
  if (!$("model").value) return;
  status("loading...");
  state.showModel(await fetchStructure(null));
  const m = state.model();
  $("home").placeholder = m.doc.home || "home";
  $("coalitions").innerHTML = "";
  $("summary").textContent = "Run an analysis.";
  $("heatmap").textContent = "Run an analysis.";
  $("details").innerHTML = '<h2>Component</h2><p class="note">Pick a component on the graph or in the layers (click, or Tab to it and press Enter).</p>';
  $("graph-scope").disabled = m.size > GRAPH_LIMIT;
  const layerOptions = m.layers.map((l) => `<option value="${esc(l)}">${esc(l)}</option>`).join("");
  $("layer-filter").innerHTML = '<option value="">all layers</option>' + layerOptions;
  $("scope").innerHTML = '<option value="">everything</option>' + layerOptions;
  const jurisdictions = (m.doc.jurisdictions || []).filter((j) => !j.parent).map((j) => j.id);
  $("restrict").innerHTML = jurisdictions.map((j) => `<label><input type="checkbox" value="${esc(j)}"> ${esc(j)}</label>`).join(" ");
  renderStack();
  renderGraph();
  status(`${m.size} components`);
}

/** Shows one view; the tabs follow the ARIA pattern: one in the tab order, arrow keys move between them. */
function showTab(id, focus = false) {
  for (const b of document.querySelectorAll("#tabs button")) {
    const on = b.dataset.tab === id;
    b.setAttribute("aria-selected", String(on));
    b.tabIndex = on ? 0 : -1;
    if (on && focus) b.focus();
  }
  for (const t of document.querySelectorAll("main.tab")) t.hidden = t.id !== id;
}

function tabKeys(e) {
  const tabs = [...document.querySelectorAll("#tabs button")];
  const at = tabs.indexOf(document.activeElement);
  if (at < 0) return;
  const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: tabs.length - 1 }[e.key];
  if (to === undefined) return;
  e.preventDefault();
  showTab(tabs[(to + tabs.length) % tabs.length].dataset.tab, true);
}

/** Enter or Space on a graph node or a chip (elements acting as buttons, not native ones) acts as a click. */
function activateNode(e) {
  if ((e.key !== "Enter" && e.key !== " ") || !e.target.matches?.("g.node[data-id], .chip[role=button]")) return;
  e.preventDefault();
  e.target.dispatchEvent(new MouseEvent("click", { bubbles: true }));
}

/** From the search box, Down goes to the first hit and Enter picks it; in the hits, Up and Down move and Escape goes back. */
function searchKeys(e) {
  const hits = [...document.querySelectorAll("#search-results button[data-id]")];
  const at = hits.indexOf(document.activeElement);
  if (e.target.id === "search" && e.key === "Enter" && hits.length) { e.preventDefault(); hits[0].click(); return; }
  if (e.key === "ArrowDown" && hits.length) { e.preventDefault(); hits[Math.min(hits.length - 1, at + 1)].focus(); return; }
  if (e.key === "ArrowUp" && at >= 0) { e.preventDefault(); (at === 0 ? $("search") : hits[at - 1]).focus(); return; }
  if (e.key === "Escape") { $("search-results").hidden = true; $("search").focus(); }
}

$("no-bundle")?.remove();
$("model").addEventListener("change", reporting(loadModel));
$("analyze").addEventListener("click", analyze);
$("run-scenario").addEventListener("click", runScenario);
$("run-compare").addEventListener("click", runCompare);
$("run-optimize").addEventListener("click", runOptimize);
$("cancel-optimize").addEventListener("click", cancelOptimize);
$("search").addEventListener("input", search);
$("search").addEventListener("keydown", searchKeys);
$("search-results").addEventListener("keydown", searchKeys);
$("highlight").addEventListener("input", () => decorate());
$("layer-filter").addEventListener("change", () => { renderStack(); renderGraph(); });
$("graph-scope").addEventListener("change", () => renderGraph());
$("all-edges").addEventListener("change", () => decorate());
$("graph").addEventListener("keydown", activateNode);
$("stack").addEventListener("keydown", activateNode);
$("key").addEventListener("change", rememberKey);
$("tabs").addEventListener("click", (e) => { const tab = e.target.closest("[data-tab]"); if (tab) showTab(tab.dataset.tab); });
$("tabs").addEventListener("keydown", tabKeys);
document.body.addEventListener("click", (e) => {
  const more = e.target.closest("button.more");
  if (more) { showAllOf(more); return; }
  const target = e.target.closest(".chip, g.node, #search-results button[data-id], #details a[data-id], #plan a[data-id]");
  if (!target) return;
  e.preventDefault();
  if (target.closest("#search-results")) $("search-results").hidden = true;
  if (target.closest("#plan")) showTab("stack-tab");
  selectComponent(target.dataset.id);
});
$("coalitions").addEventListener("click", (e) => {
  const li = e.target.closest("li");
  if (li) pickCoalition(li);
});
reporting(loadModels)();
