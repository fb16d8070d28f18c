// The REST API as the page calls it: the key, JSON bodies, problem documents, polling a job.
import { $ } from "./dom.js";

function key() { return $("key").value || localStorage.getItem("chokepoint-key") || ""; }

export function rememberKey() { localStorage.setItem("chokepoint-key", $("key").value); }

export async function api(method, path, body) {
  const headers = { "Content-Type": "application/json" };
  if (key()) headers["X-Api-Key"] = key();
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await response.text();   // 202 Accepted (a cancelled job) has no body
  const json = text ? JSON.parse(text) : null;
  if (!response.ok) throw new Error(json?.detail || json?.title || response.statusText);
  return json;
}

/**
 * Polls a job's run until it ends, handing each progress report to onProgress; resolves to the ended run.
 * Any status but "running" (done, failed, cancelled, or one added later) means the run has ended.
 */
export async function awaitRun(id, onProgress) {
  for (;;) {
    const run = await api("GET", `/api/runs/${id}`);
    if (run.status !== "running") return run;
    onProgress(run.progress);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The analysis parameters set in the header: home and reach. */
export function params() {
  const p = { reach: $("reach").checked };
  if ($("no-standing").checked) p.no_standing = true;
  if ($("home").value) p.home = $("home").value.trim();
  return p;
}

/** The path of an endpoint of the picked model. */
export function modelPath(suffix) { return `/api/models/${encodeURIComponent($("model").value)}/${suffix}`; }

/** The picked model's structure toward a target (null: the model's first). */
export function fetchStructure(target) {
  return api("GET", modelPath("structure") + (target ? `?target=${encodeURIComponent(target)}` : ""));
}
