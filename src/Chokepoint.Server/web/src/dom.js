// Small helpers over the page: element look-up, HTML escaping, percentages, the status line.
export const $ = (id) => document.getElementById(id);

/** The standing controls in force, as the results name them (DESIGN section 2a). */
export const controls = (list) => list && list.length
  ? "Controls in force: " + list.map((k) => `${k.name} (by ${k.by})`).join("; ") + "."
  : "Controls in force: none.";
export const pct = (x) => x === null || x === undefined ? "-" : (x * 100).toFixed(x < 0.01 ? 3 : 1) + "%";

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

export function status(text) { $("status").textContent = text; }

/** Runs an action from a button, showing its failure on the status line. */
export const reporting = (action) => (...args) => action(...args).catch((e) => status("error: " + e.message));
