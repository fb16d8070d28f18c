// Chokepoint dashboard: plain JavaScript modules over the REST API, bundled by bundle.mjs into
// wwwroot/lib/dashboard.js with the ELK layout; nothing is fetched from outside the server. What the
// model means (layers, inputs, paths to the target) comes from the server's structure document.
import { $, esc, reporting, status } from "./dom.js";
import { api, fetchStructure, rememberKey } from "./api.js";
import * as state from "./state.js";
import { analyze, pickCoalition } from "./cuts.js";
import { renderGraph } from "./graph.js";
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
  $("details").innerHTML = '<h2>Component</h2><p class="note">Click a component on the graph or in the layers.</p>';
  const layerOptions = m.layers.map((l) => `<option value="${esc(l)}">${esc(l)}</option>`).join("");
  $("layer-filter").innerHTML = '<option value="">all layers</option>' + layerOptions;
  $("scope").innerHTML = '<option value="">everything</option>' + layerOptions;
  const jurisdictions = (m.doc.jurisdictions || []).filter((j) => !j.parent).map((j) => j.id);
  $("restrict").innerHTML = jurisdictions.map((j) => `<label><input type="checkbox" value="${esc(j)}"> ${esc(j)}</label>`).join(" ");
  renderStack();
  renderGraph();
  status(`${m.size} components`);
}

function showTab(id) {
  for (const b of document.querySelectorAll("#tabs button")) b.setAttribute("aria-selected", String(b.dataset.tab === id));
  for (const t of document.querySelectorAll("main.tab")) t.hidden = t.id !== id;
}

$("no-bundle")?.remove();
$("model").addEventListener("change", reporting(loadModel));
$("analyze").addEventListener("click", analyze);
$("run-scenario").addEventListener("click", runScenario);
$("run-compare").addEventListener("click", runCompare);
$("run-optimize").addEventListener("click", runOptimize);
$("cancel-optimize").addEventListener("click", cancelOptimize);
$("search").addEventListener("input", search);
$("highlight").addEventListener("input", () => decorate());
$("layer-filter").addEventListener("change", () => { renderStack(); renderGraph(); });
$("key").addEventListener("change", rememberKey);
$("tabs").addEventListener("click", (e) => { if (e.target.dataset.tab) showTab(e.target.dataset.tab); });
document.body.addEventListener("click", (e) => {
  const more = e.target.closest("button.more");
  if (more) { showAllOf(more); return; }
  const target = e.target.closest(".chip, g.node, #search-results li[data-id], #details a[data-id], #plan a[data-id]");
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
