// The Scenario tab: the status quo and the scenario side by side (the target and, per layer, the
// share of normal output kept), the target month by month with its events, and Monte Carlo bands as a job.
import { $, controls, esc, pct, retainedText, status, worldShare } from "./dom.js";
import { api, awaitRun, modelPath, params } from "./api.js";
import * as state from "./state.js";

const FILL = { normal: "#78909c", kept: "#1565c0", reduced: "#ef6c00", cut: "#b71c1c" };

export async function runScenario() {
  const restrict = [...document.querySelectorAll("#restrict input:checked")].map((i) => i.value);
  if (!restrict.length) { status("tick who restricts"); return; }
  const body = { ...params(), restrict, months: Number($("months").value) };
  if ($("scope").value) body.scope = { layers: [$("scope").value] };
  status("running scenario...");
  try {
    const [now, result] = await Promise.all([api("POST", modelPath("scenario"), body), api("POST", modelPath("recover"), body)]);
    const charts = await import("./charts.js");
    const verdict = result.first_cut_month === null ? "The target is never cut." :
      result.recovery_month === null ? `Cut from month ${result.first_cut_month}; no recovery within ${result.months} months.` :
      `Cut from month ${result.first_cut_month}, available again at month ${result.recovery_month}.`;
    $("scenario-result").textContent = `${verdict} At once: ${now.failed.length} component${now.failed.length === 1 ? "" : "s"} cut, ` +
      `the target keeps ${retainedText(now.target_retained)} of its normal output. ` + controls(now.controls_in_force);
    sideBySide(now, charts);
    recovery(result, charts);
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
  const kept = r.target_retained
    ? `the target keeps p5 ${retainedText(r.target_retained.p5)}, median ${retainedText(r.target_retained.p50)}, p95 ${retainedText(r.target_retained.p95)} of its normal output`
    : "the target has no normal output to keep";
  $("samples-text").textContent = `Over ${r.samples.done} samples (seed ${r.samples.seed}): ${kept}; the target is cut in ${pct(r.cut_fraction)} of them.` +
    (run.status === "done" ? "" : ` The job ended ${run.status}${run.error ? ` (${run.error})` : ""}.`);
}

/**
 * Per layer, over the components the target needs (every component when there is no target): the
 * lowest share of normal output kept, which component, how many the scenario cuts and how many the
 * controls in force already leave without output (their retained figure is null).
 */
function layerRows(scenario) {
  const m = state.model();
  const failed = new Set(scenario.failed);
  const rows = [];
  for (const layer of m.layers) {
    let low = null, where = null, cut = 0, without = 0, counted = 0;
    for (const c of m.inLayer(layer)) {
      if (m.target && !m.isNeeded(c.id)) continue;
      if (!(c.id in scenario.retained)) continue;
      counted++;
      const r = scenario.retained[c.id];
      if (r === null) { without++; continue; }
      if (failed.has(c.id)) cut++;
      if (low === null || r < low) { low = r; where = c.id; }
    }
    if (counted) rows.push({ layer, low, where, cut, without, counted });
  }
  return rows;
}

function sideBySide(scenario, charts) {
  const rows = layerRows(scenario);
  const already = (r) => r.without ? `; ${r.without} without output under the controls in force` : "";
  const quo = rows.map((r) => ({
    layer: r.layer,
    value: r.low === null ? null : 100,
    fill: FILL.normal,
    label: r.low === null ? "no output" : r.without ? `100% (${r.without} without output)` : "100%",
    title: `${r.layer}: ${r.counted} component${r.counted === 1 ? "" : "s"} at normal output${already(r)}`,
  }));
  const under = rows.map((r) => ({
    layer: r.layer,
    value: r.low === null ? null : r.low * 100,
    fill: r.low === null ? FILL.normal : r.cut ? FILL.cut : r.low < 1 ? FILL.reduced : FILL.kept,
    label: r.low === null ? "no output" : `${retainedText(r.low)}${r.cut ? ` (${r.cut} cut)` : ""}`,
    title: r.low === null ? `${r.layer}: no output under the controls in force` :
      `${r.layer}: lowest ${retainedText(r.low)} of normal output (${r.where}); ${r.cut} of ${r.counted} cut${already(r)}`,
  }));
  const who = scenario.restricted.join(" + ");
  const scope = scenario.scope.layers.length || scenario.scope.components.length ? `, on ${[...scenario.scope.layers, ...scenario.scope.components].join(", ")}` : "";
  const figures = (available, kept, world, cut) => `<dl class="figures">` +
    `<dt>target ${esc(scenario.target)}</dt><dd>${available ? "available" : "<strong>cut</strong>"}</dd>` +
    `<dt>output</dt><dd>${kept} of normal output</dd>` +
    `<dt>share of world supply</dt><dd>${world}</dd>` +
    `<dt>components cut</dt><dd>${cut}</dd></dl>`;
  const baselineAvailable = scenario.target_baseline_capacity > 0;
  $("side-by-side").innerHTML =
    `<section class="card" id="status-quo" aria-labelledby="quo-heading"><h2 id="quo-heading">Status quo</h2>` +
    `<p class="note">${esc(controls(scenario.controls_in_force))}</p>` +
    figures(baselineAvailable, baselineAvailable ? "100%" : "-", worldShare(scenario.target_baseline_capacity), "none further") +
    `<h3>By layer: the lowest share of normal output</h3><div class="chart" id="quo-chart"></div></section>` +
    `<section class="card" id="scenario-now" aria-labelledby="now-heading"><h2 id="now-heading">Scenario: ${esc(who)} restrict${scenario.restricted.length === 1 ? "s" : ""}${esc(scope)}</h2>` +
    `<p class="note">${scenario.reach ? "With extraterritorial reach." : "Without extraterritorial reach."} At once, before stockpiles or substitutes matter.</p>` +
    figures(scenario.target_available, retainedText(scenario.target_retained), worldShare(scenario.target_capacity), scenario.failed.length) +
    `<h3>By layer: the lowest share of normal output</h3><div class="chart" id="scenario-chart"></div></section>`;
  $("quo-chart").append(charts.layerBars(quo, "status quo: share of normal output by layer"));
  $("scenario-chart").append(charts.layerBars(under, "scenario: share of normal output by layer"));
  $("side-by-side").insertAdjacentHTML("beforeend", '<p class="note wide">Per layer, over the components the target needs: the lowest share of its normal output any of them keeps (hover a bar for which one). ' +
    `<span class="key" style="background:${FILL.kept}"></span> all kept <span class="key" style="background:${FILL.reduced}"></span> reduced ` +
    `<span class="key" style="background:${FILL.cut}"></span> some cut <span class="key" style="background:${FILL.normal}"></span> status quo</p>`);
}

/** The target's curve, with the cut, the recovery and the end of every stockpile that runs out within the horizon. */
function recovery(result, charts) {
  const m = state.model();
  const out = $("recovery");
  if (result.target_retained.some((v) => v === null)) {
    out.innerHTML = '<p class="note">The target has no normal output to keep: the controls in force already cut it.</p>';
    return;
  }
  const events = [];
  if (result.first_cut_month !== null) events.push({ month: result.first_cut_month, kind: "cut", label: `cut at month ${result.first_cut_month}` });
  if (result.recovery_month !== null) events.push({ month: result.recovery_month, kind: "recovered", label: `recovered at month ${result.recovery_month}` });
  const stockpiles = Object.keys(result.component_capacity)
    .map((id) => ({ id, months: m.has(id) ? m.get(id).stockpile_months : undefined }))
    .filter((s) => s.months > 0 && s.months <= result.months)
    .sort((a, b) => a.months - b.months || (a.id < b.id ? -1 : 1));
  for (const s of stockpiles) events.push({ month: s.months, kind: "stockpile", label: `${s.id}: stock ends at month ${s.months}` });
  const values = result.target_retained.map((v) => v * 100);
  const summary = `The target's output over ${result.months} months after ${result.restricted.join(" + ")} restrict` +
    (result.start_month ? ` (from month ${result.start_month} of the calendar)` : "") + ": " +
    (events.length ? events.map((e) => e.label).join("; ") : "no cut") + ".";
  out.innerHTML = `<p class="note">${esc(summary)}${result.critical_path ? ` Critical path: ${esc(result.critical_path.component)} from ${esc(result.critical_path.jurisdiction)}.` : ""}</p><div class="chart" id="recovery-chart"></div>`;
  $("recovery-chart").append(charts.recoveryLine(values, events, "the target's output month by month, % of normal output"));
}
