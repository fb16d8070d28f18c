// The leverage heat map: the home and its five strongest holders, each over each other's stack.
import { $, esc } from "./dom.js";
import { api, modelPath, params } from "./api.js";

const HOLDERS = 5;

export async function renderLeverage(analysis) {
  const holders = [analysis.home, ...analysis.leverage.slice(0, HOLDERS).map((l) => l.jurisdiction)];
  const m = await api("POST", modelPath("leverage"), { ...params(), homes: holders });
  const cells = new Map(m.cells.map((c) => [`${c.holder}|${c.home}`, c]));
  let html = "<table class='heat'><tr><th>holder \\ home</th>" + m.homes.map((h) => `<th>${esc(h)}</th>`).join("") + "</tr>";
  for (const h of m.homes) {
    html += `<tr><th>${esc(h)}</th>` + m.homes.map((home) => {
      if (h === home) return "<td></td>";
      const c = cells.get(`${h}|${home}`);
      const text = !c.applicable ? "n/a" : c.cut_power ? "CUT" : Math.round(c.score * 100) + "%";
      return `<td style="background:hsl(0,75%,${100 - c.score * 45}%)" title="${esc(h)} over ${esc(home)}">${text}</td>`;
    }).join("") + "</tr>";
  }
  $("heatmap").innerHTML = html + "</table><p class='note'>Row: who holds the leverage; column: whose stack. CUT: the holder alone cuts that home's target.</p>";
}
