// Small helpers over the page: element look-up, HTML escaping, percentages, the status line.
export const $ = (id) => document.getElementById(id);

/** The standing controls in force, as the results name them (DESIGN section 2a). */
export const controls = (list) => list && list.length
  ? "Controls in force: " + list.map((k) => `${k.name} (by ${k.by})`).join("; ") + "."
  : "Controls in force: none.";
export const pct = (x) => x === null || x === undefined ? "-" : (x * 100).toFixed(x < 0.01 ? 3 : 1) + "%";

/** A share of world supply, as a percentage with two significant figures (these are often tiny). */
export const worldShare = (x) => x === null || x === undefined ? "-" : x === 0 ? "0%" : (x * 100).toPrecision(2) + "%";

/** A retained capacity (a share of normal output, DESIGN section 2a) as a percentage; "-" when there was no normal output. */
export const retainedText = (x) => x === null || x === undefined ? "-" : `${Number((x * 100).toFixed(1))}%`;

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

export function status(text) { $("status").textContent = text; }

/** Runs an action from a button, showing its failure on the status line. */
export const reporting = (action) => (...args) => action(...args).catch((e) => status("error: " + e.message));
