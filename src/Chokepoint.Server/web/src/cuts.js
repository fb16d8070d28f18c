// Analyze: the coalitions that cut the target; clicking one marks what it breaks.
import { $, controls, esc, status } from "./dom.js";
import { api, fetchStructure, modelPath, params } from "./api.js";
import * as state from "./state.js";
import { renderLeverage } from "./leverage.js";
import { decorate, renderStack, showDetails } from "./stack-view.js";
import { renderGraph } from "./graph.js";

/** The components the selected coalition breaks (none when no coalition is selected). */
export function brokenBySelectedCoalition() {
  const li = document.querySelector("#coalitions li.selected");
  return new Set(li ? JSON.parse(li.dataset.breaks) : []);
}

export async function analyze() {
  status("analysing...");
  try {
    const analysis = await api("POST", modelPath("analyze"), params());
    state.setAnalysis(analysis);
    // The paths drawn are toward the analysed target: ask the server again when it is another one.
    if (analysis.target !== state.model().targetId) {
      state.retarget(await fetchStructure(analysis.target));
      renderStack();
      renderGraph();
    }
    $("summary").textContent = `Home ${analysis.home}, target ${analysis.target}: ${analysis.cut_sets.count} minimal coalitions of at most ${analysis.max_order}` +
      `${analysis.controls_in_force.length ? ", on top of the controls in force" : ""}. ${controls(analysis.controls_in_force)} Pick one to mark what it cuts (again to clear).`;
    $("coalitions").innerHTML = analysis.coalitions.map((c) =>
      `<li data-breaks="${esc(JSON.stringify(c.breaks))}"><button type="button" class="coalition" aria-pressed="false">${esc(c.members.join(" + ") || (analysis.controls_in_force.length ? "(none needed: the controls in force cut it)" : "(none needed)"))} <span class="note">breaks ${c.breaks.length}</span></button></li>`).join("");
    await renderLeverage(analysis);
    if (state.selection()) showDetails(state.selection());
    decorate();
    status("done");
  } catch (e) { status("error: " + e.message); }
}

/** Marks what a coalition breaks; picking the marked one again clears the marks. */
export function pickCoalition(li) {
  const on = !li.classList.contains("selected");
  for (const x of document.querySelectorAll("#coalitions li")) {
    x.classList.toggle("selected", on && x === li);
    x.querySelector("button").setAttribute("aria-pressed", String(on && x === li));
  }
  decorate();
}
