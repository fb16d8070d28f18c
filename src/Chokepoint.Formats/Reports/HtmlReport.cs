using System.Globalization;
using System.Net;
using System.Text;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Formats.Reports;

/// <summary>What goes into a report.</summary>
public sealed record ReportRequest
{
    public AnalysisRequest Analysis { get; init; } = new();

    /// <summary>Homes for the leverage heat map; empty means the home and its strongest holders of leverage.</summary>
    public IReadOnlyList<string> Homes { get; init; } = [];

    /// <summary>Months of the recovery charts.</summary>
    public int Months { get; init; } = 60;
}

/// <summary>
/// One self-contained HTML file (no scripts, no network: styles inline, charts as inline SVG) with
/// the analysis summary, the stack by layer, the cutting coalitions, a leverage heat map, scenario
/// capacity and recovery charts, the data sources cited, and the licence attributions.
/// </summary>
public static class HtmlReport
{
    public static string Write(StackModel model, string file, ReportRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var analysis = HomeAnalysis.Run(model, request.Analysis);
        var summary = StackSummary.Of(model);
        var homes = request.Homes.Count > 0
            ? request.Homes
            : new[] { analysis.Home }.Concat(analysis.Leverage.Take(5).Select(l => l.Event)).Distinct(StringComparer.Ordinal).ToList();
        var matrix = homes.Count >= 2 ? LeverageMatrix.Run(model, homes, request.Analysis) : null;

        var h = new StringBuilder();
        var title = model.Name ?? file;
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">");
        h.Append(CultureInfo.InvariantCulture, $"<title>{E(title)}: Chokepoint report</title><style>{Css}</style></head><body>\n");
        var reach = analysis.Reach ? ", with extraterritorial reach" : "";
        h.Append(CultureInfo.InvariantCulture, $"<h1>{E(title)}</h1>\n<p class=\"lead\">Home <b>{E(analysis.Home)}</b> (domestic: {E(string.Join(", ", analysis.Domestic))}), target <b>{E(analysis.TargetId)}</b>{reach}. Source file: <code>{E(file)}</code>.</p>\n");

        // Summary.
        h.Append("<h2 id=\"summary\">Summary</h2>\n<ul>");
        h.Append(CultureInfo.InvariantCulture, $"<li>Accessible capacity of the target with no restriction: <b>{Pct(analysis.BaselineCapacity)}</b> of world supply.</li>");
        h.Append(CultureInfo.InvariantCulture, $"<li>Built from domestic providers alone: <b>{(analysis.DomesticOnlyAvailable ? $"yes, {Results.Text.Retained(analysis.DomesticOnlyRetained)} of normal output" : "no")}</b>.</li>");
        h.Append(CultureInfo.InvariantCulture, $"<li>Mean foreign share of the inputs the target needs: <b>{(analysis.ForeignShare is { } f ? Pct(f) : "unknown")}</b>.</li>");
        var smallest = analysis.CutSets.SmallestOrder is { } o ? o.ToString(CultureInfo.InvariantCulture) : $"none of at most {analysis.MaxOrder}";
        h.Append(CultureInfo.InvariantCulture, $"<li>Smallest coalition that cuts the target: <b>{smallest}</b>; {analysis.CutSets.Count} minimal coalitions of at most {analysis.MaxOrder}.</li>");
        if (analysis.CutSets.Probability is { } p)
        {
            h.Append(CultureInfo.InvariantCulture, $"<li>Probability that the target is cut: <b>{p.ToString("0.######", CultureInfo.InvariantCulture)}</b>.</li>");
        }

        h.Append("</ul>\n");

        // The controls in force: every figure of the report starts from them.
        h.Append("<h2 id=\"controls\">Controls in force</h2>\n");
        Table(h, ["control", "by", "scope", "reach", "source"], analysis.Controls.Select(k => new[]
        {
            k.Name, k.By, Results.Text.ControlScope(k.Control), k.Rule is { } rule ? Results.Text.Rule(rule) : "none",
            string.Join(", ", new[] { k.Control.Source, k.Control.AsOf }.OfType<string>()),
        }), "No standing control is in force: every figure is for a world without today's export controls.");

        // Cut sets.
        h.Append("<h2 id=\"coalitions\">Coalitions that cut the target</h2>\n");
        Table(h, ["coalition", "size", "components it breaks"], analysis.Coalitions.Take(50).Select(c => new[] { string.Join(" + ", c.Coalition.Members), c.Coalition.Order.ToString(CultureInfo.InvariantCulture), string.Join(", ", c.Breaks) }),
            analysis.Coalitions.Count == 0 ? $"No coalition of at most {analysis.MaxOrder} jurisdictions cuts the target." : null);

        // Leverage ranking and heat map.
        h.Append("<h2 id=\"leverage\">Leverage over the home</h2>\n");
        Table(h, ["jurisdiction", "cuts alone", "capacity left", "% of normal output", "smallest coalition"], analysis.Leverage.Select(l => new[]
        {
            l.Event, l.CutPower ? "yes" : "no", Pct(l.CapacityAfter), Results.Text.Retained(l.Retained), l.SmallestCoalition?.ToString(CultureInfo.InvariantCulture) ?? $">{analysis.MaxOrder}",
        }), null);
        if (matrix is not null)
        {
            h.Append("<h3>Leverage heat map (rows hold leverage over columns)</h3>\n<table class=\"heat\"><tr><th>holder \\ home</th>");
            foreach (var home in matrix.Homes)
            {
                h.Append(CultureInfo.InvariantCulture, $"<th>{E(home)}</th>");
            }

            h.Append("</tr>\n");
            foreach (var holder in matrix.Homes)
            {
                h.Append(CultureInfo.InvariantCulture, $"<tr><th>{E(holder)}</th>");
                foreach (var home in matrix.Homes)
                {
                    if (holder == home)
                    {
                        h.Append("<td class=\"self\"></td>");
                        continue;
                    }

                    var cell = matrix.Cell(holder, home);
                    var score = cell.Score;
                    var text = !cell.Applicable ? "n/a" : cell.CutPower ? "CUT" : Pct(score);
                    var color = $"hsl(0, 75%, {(100 - (score * 45)).ToString("0", CultureInfo.InvariantCulture)}%)";
                    h.Append(CultureInfo.InvariantCulture, $"<td style=\"background:{color}\" title=\"{E(holder)} over {E(home)}\">{E(text)}</td>");
                }

                h.Append("</tr>\n");
            }

            h.Append("</table>\n<p class=\"note\">CUT: the holder alone cuts the home's target; a percentage: the share of the home's target capacity its restriction removes.</p>\n");
        }

        // Scenarios.
        h.Append("<h2 id=\"scenarios\">Scenarios: capacity and recovery</h2>\n");
        var scenarios = model.Scenarios.Where(s => s.Home is null || s.Home == analysis.Home).ToList();
        if (scenarios.Count == 0)
        {
            h.Append("<p class=\"note\">The model saves no scenario for this home; add one under <code>scenarios:</code>.</p>\n");
        }

        foreach (var saved in scenarios)
        {
            var spec = ScenarioSpec.From(saved, request.Analysis.Perspective, request.Analysis.Target);
            var run = ScenarioAnalysis.Run(model, spec);
            var recovery = RecoveryAnalysis.Run(model, spec, request.Months);
            var verdict = recovery.FirstCutMonth is not { } cut ? "the target is never cut"
                : recovery.RecoveryMonth is { } r ? $"the target is cut from month {cut} and available again at month {r}"
                : $"the target is cut from month {cut} and does not recover within {request.Months} months";
            h.Append(CultureInfo.InvariantCulture, $"<h3>{E(saved.Name)}: {E(string.Join(", ", run.Restricted))} restrict{(run.Reach ? ", with reach" : "")}</h3>\n");
            h.Append(CultureInfo.InvariantCulture, $"<p>At the start the target's capacity falls from {Pct(run.TargetBaselineCapacity)} to <b>{Pct(run.TargetCapacity)}</b> of world supply ({Results.Text.Retained(run.TargetRetained)} of normal output); {run.Failures.Count} components fail. Over time, {E(verdict)}.</p>\n");
            var series = new List<(string, IReadOnlyList<double>)> { (run.Target, recovery.TargetCapacity) };
            h.Append("<figure>").Append(Charts.CapacityOverMonths($"{saved.Name}: capacity of {run.Target}", series, recovery.StartMonth)).Append("</figure>\n");
        }

        // Stack by layer.
        h.Append("<h2 id=\"stack\">The stack by layer</h2>\n");
        foreach (var layer in summary.Layers)
        {
            h.Append(CultureInfo.InvariantCulture, $"<h3>{E(layer.Layer)}</h3>\n");
            Table(h, ["component", "HHI", "top supplier", "share by country"], layer.Components.Select(c => new[]
            {
                c.ComponentId, c.Hhi.ToString("0.000", CultureInfo.InvariantCulture), c.TopSupplier is null ? "-" : $"{c.TopSupplier} {Pct(c.TopShare)}",
                string.Join(", ", c.ShareByCountry.Select(kv => $"{kv.Key} {Pct(kv.Value)}")),
            }), null);
        }

        // Sources and attribution.
        h.Append("<h2 id=\"sources\">Data sources</h2>\n");
        h.Append(CultureInfo.InvariantCulture, $"<p>{summary.Figures.Cited} shares cite a document, {summary.Figures.Estimates} are estimates (their source starts with \"estimate:\" and gives the reasoning), {summary.Figures.Unsourced} have no source.</p>\n");
        var sources = model.Components.SelectMany(c => c.Providers).Where(p => p.Source is not null && !p.IsEstimate)
            .GroupBy(p => p.Source!, StringComparer.Ordinal).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
        Table(h, ["source", "figures"], sources.Select(g => new[] { g.Key, g.Count().ToString(CultureInfo.InvariantCulture) }), null);
        h.Append("<h2 id=\"licences\">Licences and attribution</h2>\n");
        h.Append(model.Attribution is { } attribution
            ? $"<p class=\"attribution\">{E(attribution)}</p>\n"
            : "<p class=\"note\">No data in this model carries a licence notice.</p>\n");
        h.Append("<footer>Made by Chokepoint. Definitions of every figure: docs/user-guide.md and docs/design.md in the Chokepoint repository.</footer>\n</body></html>\n");
        return h.ToString();
    }

    private static void Table(StringBuilder h, IReadOnlyList<string> headers, IEnumerable<string[]> rows, string? empty)
    {
        var list = rows.ToList();
        if (list.Count == 0)
        {
            h.Append(CultureInfo.InvariantCulture, $"<p class=\"note\">{E(empty ?? "(none)")}</p>\n");
            return;
        }

        h.Append("<table><tr>");
        foreach (var header in headers)
        {
            h.Append(CultureInfo.InvariantCulture, $"<th>{E(header)}</th>");
        }

        h.Append("</tr>\n");
        foreach (var row in list)
        {
            h.Append("<tr>");
            foreach (var cell in row)
            {
                h.Append(CultureInfo.InvariantCulture, $"<td>{E(cell)}</td>");
            }

            h.Append("</tr>\n");
        }

        h.Append("</table>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Pct(double share) => Results.Text.Percent(share);

    private const string Css = """
        body{font-family:"DejaVu Sans",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
        h1{font-size:1.6em}h2{border-bottom:2px solid #ddd;padding-bottom:.2em;margin-top:2em}
        table{border-collapse:collapse;margin:.5em 0 1em}th,td{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}
        th{background:#f3f3f3}.heat td{text-align:center;min-width:4em}.heat td.self{background:#eee}
        .note{color:#666;font-size:.9em}.lead{font-size:1.05em}.attribution{background:#f7f7f0;padding:.6em;border-left:4px solid #bb9}
        figure{margin:1em 0}footer{margin-top:3em;color:#888;font-size:.85em}
        """;
}
