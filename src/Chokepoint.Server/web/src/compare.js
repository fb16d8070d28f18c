// The Compare tab: the ticked stacks side by side.
import { $, esc, pct, retainedText, status, worldShare } from "./dom.js";
import { api } from "./api.js";

export async function runCompare() {
  const models = [...document.querySelectorAll("#compare-models input:checked")].map((i) => i.value);
  if (!models.length) { status("tick the stacks to compare"); return; }
  const body = { models, reach: $("reach").checked };
  if ($("no-standing").checked) body.no_standing = true;
  const homes = $("compare-homes").value.split(/[\s,]+/).filter(Boolean);
  if (homes.length) body.homes = homes;
  status("comparing...");
  try {
    const result = await api("POST", "/api/compare", body);
    const head = ["stack", "home", "target", "capacity (share of world supply)", "home alone", "home alone, % of normal output", "foreign share", "cut alone by", "smallest coalition", "coalitions", "strongest holder"];
    $("compare-result").innerHTML = `<table class="grid"><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr>` +
      result.rows.map((r) => `<tr><td>${esc(r.model)}</td><td>${esc(r.home)}</td><td>${esc(r.target)}</td><td>${worldShare(r.baseline_capacity)}</td>` +
        `<td>${r.domestic_only ? "yes" : "no"}</td><td>${retainedText(r.domestic_only_retained)}</td><td>${pct(r.foreign_share)}</td><td>${esc(r.single_cuts.join(" ") || "none")}</td>` +
        `<td>${r.smallest_coalition ?? "none found"}</td><td>${r.cut_sets.count}</td><td>${esc(r.strongest_holder ?? "-")}</td></tr>`).join("") +
      "</table><p class='note'>capacity: the target's accessible share of world supply (bases differ between stacks; compare the % of normal output); home alone: buildable from domestic providers only, and the share of normal output left then; cut alone by: jurisdictions that cut the target on their own.</p>" +
      result.rows.map((r) => `<p class='note'>${esc(r.model)}: controls in force: ${esc(r.controls_in_force.join(", ") || "none")}.</p>`).join("");
    status("done");
  } catch (e) { status("error: " + e.message); }
}
