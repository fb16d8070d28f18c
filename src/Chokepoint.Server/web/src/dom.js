// Small helpers over the page: element look-up, HTML escaping, percentages, the status line.
export const $ = (id) => document.getElementById(id);

export const pct = (x) => x === null || x === undefined ? "-" : (x * 100).toFixed(x < 0.01 ? 3 : 1) + "%";

export const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));

export function status(text) { $("status").textContent = text; }

/** Runs an action from a button, showing its failure on the status line. */
export const reporting = (action) => (...args) => action(...args).catch((e) => status("error: " + e.message));
