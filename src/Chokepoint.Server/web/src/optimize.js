// The Optimize tab: the optimizer as a job, with its stage and a Cancel button, then the plan.
import { $, esc, pct, status, worldShare } from "./dom.js";
import { api, awaitRun, modelPath, params } from "./api.js";
import * as state from "./state.js";
import { decorate } from "./stack-view.js";

let optimizeRun = null;   // the job this tab started last, for Cancel

export async function runOptimize() {
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

export async function cancelOptimize() {
  if (optimizeRun === null) return;
  try { await api("DELETE", `/api/runs/${optimizeRun}`); } catch (e) { status("error: " + e.message); }
}

function showPlan(r) {
  const money = (x) => Number(x).toLocaleString("en-US", { maximumFractionDigits: 2 });
  const coalition = (s) => s ?? `none ≤ ${r.max_order}`;
  const action = (a) => `${esc(a.component)}: ${esc(a.kind)}${a.jurisdiction ? " in " + esc(a.jurisdiction) : ""}`;
  state.setPlan(r.plan.map((a) => a.component));
  let html = `<p id="plan-summary"><b>${r.plan.length} action${r.plan.length === 1 ? "" : "s"} costing ${money(r.cost)}</b>, ${r.optimal ? "proven optimal" : "NOT proven optimal"}${r.note ? ". " + esc(r.note) : ""}</p>`;
  html += `<table class="grid" id="plan"><caption class="note">The plan (pick a component to see it on the Stack tab)</caption><tr><th>component</th><th>action</th><th>where</th><th>share / months</th><th>cost</th><th>lead time</th></tr>` +
    r.plan.map((a) => `<tr><td><a href="#" data-id="${esc(a.component)}">${esc(a.component)}</a></td><td>${esc(a.kind)}</td><td>${esc(a.jurisdiction || "home")}</td>` +
      `<td>${a.kind === "stockpile" ? a.months + " months" : pct(a.share)}</td><td>${money(a.cost)}</td><td>${a.lead_time_months} months</td></tr>`).join("") + "</table>";
  const rows = [["smallest cutting coalition", coalition(r.before.smallest_coalition), coalition(r.after.smallest_coalition)],
    ["target capacity, share of world supply", worldShare(r.before.target_capacity), worldShare(r.after.target_capacity)]];
  if (r.before.probability !== undefined) rows.push(["P(cut)", r.before.probability, r.after.probability]);
  if (r.before.scenario_capacity !== undefined) rows.push(["capacity under the scenarios, share of world supply", worldShare(r.before.scenario_capacity), worldShare(r.after.scenario_capacity)]);
  html += `<h3>Before and after, recomputed on the changed model</h3><table class="grid"><tr><th>figure</th><th>before</th><th>after</th></tr>` +
    rows.map((x) => `<tr><td>${x[0]}</td><td>${esc(x[1])}</td><td>${esc(x[2])}</td></tr>`).join("") + "</table>";
  if (r.frontier) {
    html += `<h3>Budget–resilience frontier</h3><table class="grid"><tr><th>cost</th><th>smallest coalition</th><th>actions</th></tr>` +
      r.frontier.map((f) => `<tr><td>${money(f.cost)}</td><td>${coalition(f.smallest_coalition)}</td><td>${f.plan.map(action).join("; ") || "none"}</td></tr>`).join("") + "</table>";
  }
  html += '<p class="note">The plan\'s components are outlined in green on the Stack tab.</p>';
  $("optimize-result").innerHTML = html;
  decorate();
}
