// The scenario builder: the verdict, capacity by layer, the recovery curve, and Monte Carlo bands as a job.
import { $, controls, esc, pct, status } from "./dom.js";
import { api, awaitRun, modelPath, params } from "./api.js";
import * as state from "./state.js";

export async function runScenario() {
  const restrict = [...document.querySelectorAll("#restrict input:checked")].map((i) => i.value);
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
      `target capacity ${pct(now.target_capacity)} of ${pct(now.target_baseline_capacity)} of world supply, ${pct(now.target_retained)} of normal output. ` +
      controls(now.controls_in_force);
    $("recovery").innerHTML = "<h3>Capacity by layer under the scenario</h3>" + layerBars(now) +
      "<h3>Target capacity month by month</h3>" + chart(result.target_capacity);
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
    `median ${pct(r.target_capacity.p50)}, p95 ${pct(r.target_capacity.p95)}; the target is cut in ${pct(r.cut_fraction)} of them.` +
    (run.status === "done" ? "" : ` The job ended ${run.status}${run.error ? ` (${run.error})` : ""}.`);
}

/** Bars: per layer, in the server's order, the lowest capacity (accessible share of world supply) of its components under the scenario. */
function layerBars(scenario) {
  const m = state.model();
  const failed = new Set(scenario.failed);
  const rows = m.layers.map((layer) => {
    let low = null, where = null, cut = 0;
    for (const c of m.inLayer(layer)) {
      const v = scenario.capacity[c.id];
      if (v === undefined) continue;
      if (low === null || v < low) { low = v; where = c.id; }
      if (failed.has(c.id)) cut++;
    }
    return { layer, low, where, cut };
  }).filter((r) => r.low !== null);
  const w = 420, bar = 16, label = 110, h = rows.length * (bar + 4) + 8;
  const max = Math.max(1e-9, ...rows.map((r) => r.low));   // bars to scale with the largest; the labels give the values
  return `<svg width="${w}" height="${h}" role="img" aria-label="capacity by layer">` + rows.map((r, i) => {
    const y = 4 + i * (bar + 4), len = Math.max(1, (r.low / max) * (w - label - 90));
    return `<text x="0" y="${y + 12}" font-size="11" class="layer-name">${esc(r.layer)}</text>` +
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
