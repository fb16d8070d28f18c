// The leverage heat map: the home and its five strongest holders, each over each other's stack.
// Scores fall into five bands of one red scale; a cut is darkest and says so; every cell states its
// meaning on hover, on keyboard focus and to a screen reader.
import { $, esc, retainedText } from "./dom.js";
import { api, modelPath, params } from "./api.js";

const HOLDERS = 5;

// The bands of the leverage score (the share of the home's normal output the holder's restriction
// removes), light to dark, each with a text colour that keeps a contrast of at least 4.5:1.
const BANDS = [
  { upTo: 0.2, cls: "s0", label: "under 20%" },
  { upTo: 0.4, cls: "s1", label: "20–40%" },
  { upTo: 0.6, cls: "s2", label: "40–60%" },
  { upTo: 0.8, cls: "s3", label: "60–80%" },
  { upTo: Infinity, cls: "s4", label: "80% or more" },
];

const band = (score) => BANDS.find((b) => score < b.upTo);

/** What a cell means, in one sentence. */
function meaning(c) {
  const over = `${c.holder} over ${c.home}`;
  if (!c.applicable) return `${over}: not applicable, ${c.holder} is domestic or friendly to ${c.home}.`;
  const coalition = c.smallest_coalition === null || c.smallest_coalition === undefined
    ? "no cutting coalition with it was found"
    : `the smallest coalition with it that cuts ${c.home} has ${c.smallest_coalition} member${c.smallest_coalition === 1 ? "" : "s"}`;
  if (c.cut_power) return `${over}: ${c.holder} alone cuts ${c.home}'s target (leverage 100%); ${coalition}.`;
  return `${over}: leverage ${Math.round(c.score * 100)}%; if ${c.holder} restricts, ${c.home} keeps ${retainedText(c.retained)} of its normal output; ${coalition}.`;
}

export async function renderLeverage(analysis) {
  const holders = [analysis.home, ...analysis.leverage.slice(0, HOLDERS).map((l) => l.jurisdiction)];
  const m = await api("POST", modelPath("leverage"), { ...params(), homes: holders });
  const cells = new Map(m.cells.map((c) => [`${c.holder}|${c.home}`, c]));
  let html = `<table class="heat"><caption class="note">Leverage of each row's holder over each column's home, toward the target ${esc(m.target)}</caption>` +
    `<tr><th scope="col">holder \\ home</th>` + m.homes.map((h) => `<th scope="col">${esc(h)}</th>`).join("") + "</tr>";
  for (const h of m.homes) {
    html += `<tr><th scope="row">${esc(h)}</th>` + m.homes.map((home) => {
      if (h === home) return '<td class="self" aria-label="itself">—</td>';
      const c = cells.get(`${h}|${home}`);
      const cls = !c.applicable ? "na" : c.cut_power ? "cut" : band(c.score).cls;
      const text = !c.applicable ? "n/a" : c.cut_power ? "CUT" : Math.round(c.score * 100) + "%";
      const title = esc(meaning(c));
      return `<td class="${cls}" tabindex="0" title="${title}" aria-label="${title}" data-meaning="${title}">${text}</td>`;
    }).join("") + "</tr>";
  }
  html += "</table>";
  html += '<p id="heat-meaning" class="meaning" aria-live="polite">Point at a cell, or Tab to it, for what it means.</p>';
  html += '<ul class="legend heat-legend" aria-label="legend of the heat map">' +
    BANDS.map((b) => `<li><span class="key ${b.cls}" aria-hidden="true"></span>leverage ${b.label}</li>`).join("") +
    '<li><span class="key cut" aria-hidden="true">CUT</span>the holder alone cuts the target</li>' +
    '<li><span class="key na" aria-hidden="true">n/a</span>domestic or friendly</li></ul>' +
    "<p class='note'>Leverage: the share of the home's normal output that the holder's restriction alone removes (100% when it cuts the target).</p>";
  $("heatmap").innerHTML = html;
  const show = (e) => {
    const td = e.target.closest("td[data-meaning]");
    if (td) $("heat-meaning").textContent = td.dataset.meaning;
  };
  const table = $("heatmap").querySelector("table");
  table.addEventListener("mouseover", show);
  table.addEventListener("focusin", show);
}
