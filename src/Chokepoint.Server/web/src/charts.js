// The scenario's charts, drawn with Observable Plot (bundled by bundle.mjs, loaded on the first
// scenario). Every capacity is plotted as a share of normal output (the results' `retained`
// figures, DESIGN section 2a), on a 0–100% axis, so that a cut reads as a bar or a line at zero
// rather than as a tiny share of world supply.
import * as Plot from "@observablehq/plot";

const percentAxis = { label: "% of normal output", tickFormat: (d) => `${d}%`, grid: true };
const FONT = { fontFamily: "DejaVu Sans, sans-serif", fontSize: "11px", color: "#222", background: "#fff" };

/**
 * Plot names each mark's <g> with aria-label; a <g> without a role may not carry one (ARIA), so
 * those groups are given the role their name implies.
 */
function grouped(svg) {
  for (const g of svg.querySelectorAll("g[aria-label]:not([role])")) g.setAttribute("role", "group");
  return svg;
}

/**
 * Horizontal bars, one per layer, of the percentage of normal output.
 * rows: [{ layer, value (0–100, or null for no normal output), label, fill, title }], in the order drawn.
 */
export function layerBars(rows, ariaLabel) {
  const drawn = rows.map((r) => ({ ...r, x: r.value ?? 0 }));
  return grouped(Plot.plot({
    ariaLabel,
    width: 520,
    height: 26 + 22 * rows.length,
    marginLeft: 96,
    marginRight: 150,
    style: FONT,
    x: { ...percentAxis, domain: [0, 100], ticks: [0, 25, 50, 75, 100] },
    y: { domain: rows.map((r) => r.layer), label: null },
    marks: [
      Plot.barX(drawn, { x: "x", y: "layer", fill: "fill", title: "title", ariaLabel: "title" }),
      Plot.ruleX([0], { stroke: "#555" }),
      Plot.text(drawn, { x: "x", y: "layer", text: "label", textAnchor: "start", dx: 4, fill: "#222", ariaHidden: true }),
    ],
  }));
}

/**
 * The target month by month, as a percentage of normal output, with the status quo at 100% and a
 * vertical rule at every event: the cut, the recovery, each stockpile running out.
 * values: per month (0–100); events: [{ month, label, kind: "cut" | "recovered" | "stockpile" }].
 */
export function recoveryLine(values, events, ariaLabel) {
  const data = values.map((v, month) => ({ month, value: v }));
  const top = Math.max(100, ...values) * 1.12;
  const colour = { cut: "#b71c1c", recovered: "#1b5e20", stockpile: "#6a1b9a" };
  // Labels of events stacked downwards below the status quo line, so that events in the same month stay readable.
  const labelled = events.map((e, i) => ({ ...e, y: 93 - 8 * (i % 10), colour: colour[e.kind] }));
  return grouped(Plot.plot({
    ariaLabel,
    width: 820,
    height: 300,
    marginLeft: 52,
    marginRight: 20,
    style: FONT,
    x: { label: "months after the restriction starts", domain: [0, Math.max(1, values.length - 1)] },
    y: { ...percentAxis, domain: [0, top] },
    marks: [
      Plot.ruleY([100], { stroke: "#546e7a", strokeDasharray: "5 4" }),
      Plot.text([{ month: values.length - 1, value: 100 }], { x: "month", y: "value", text: () => "status quo: normal output", textAnchor: "end", dy: -6, fill: "#37474f" }),
      Plot.areaY(data, { x: "month", y: "value", fill: "#1565c0", fillOpacity: 0.12, curve: "step-after" }),
      Plot.lineY(data, { x: "month", y: "value", stroke: "#1565c0", strokeWidth: 2, curve: "step-after",
        title: (d) => `month ${d.month}: ${d.value.toFixed(1)}% of normal output` }),
      Plot.ruleX(labelled, { x: "month", stroke: "colour", strokeWidth: 1.5, strokeDasharray: (e) => e.kind === "stockpile" ? "3 3" : null, ariaLabel: "label", title: "label" }),
      Plot.text(labelled, { x: "month", y: "y", text: "label", fill: "colour", textAnchor: "start", dx: 4, fontWeight: "bold", stroke: "#fff", strokeWidth: 3, paintOrder: "stroke" }),
      Plot.ruleY([0], { stroke: "#555" }),
    ],
  }));
}
