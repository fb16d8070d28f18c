using System.Globalization;
using System.Text;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Formats.Results;

namespace Chokepoint.Formats.Exports;

/// <summary>A stack compiled for a home in the formats colleagues' tools read: a layered Graphviz graph and CSV tables.</summary>
public static class StackExports
{
    /// <summary>The stack as a Graphviz graph, one rank per layer; components a single jurisdiction can cut are highlighted.</summary>
    public static string Dot(StackModel model, HomeAnalysisResult analysis, CompiledStack stack)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stack);
        var index = stack.Perspective.Index;
        var needed = stack.NeededBy(stack.IndexOf(analysis.TargetComponent));
        var single = analysis.Coalitions.Where(c => c.Coalition.Order == 1).SelectMany(c => c.Breaks).ToHashSet(StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"digraph \"{Escape(model.Name ?? "stack")}\" {{\n");
        sb.Append("  rankdir=BT;\n  node [shape=box, style=\"rounded,filled\", fillcolor=white, fontname=\"DejaVu Sans\"];\n");
        sb.Append(CultureInfo.InvariantCulture, $"  label=\"{Escape(model.Name ?? "stack")}: home {analysis.Home}, target {analysis.TargetId}; red: cut by one jurisdiction alone\";\n");
        foreach (var layer in ModelIndex.OrderLayers(model.Components.Where((_, i) => needed[i]).Select(c => c.Layer)))
        {
            sb.Append(CultureInfo.InvariantCulture, $"  subgraph \"cluster_{Escape(layer)}\" {{ label=\"{Escape(layer)}\"; rank=same;\n");
            foreach (var c in model.Components.Where((c, i) => needed[i] && c.Layer == layer))
            {
                var conc = Concentration.Of(c, index);
                var top = conc.TopSupplier is null ? "" : $"\\n{conc.TopSupplier} {Text.Percent(conc.TopShare)}";
                var color = single.Contains(c.Id) ? ", fillcolor=\"#f4a6a6\", color=\"#b00000\"" : "";
                sb.Append(CultureInfo.InvariantCulture, $"    \"{Escape(c.Id)}\" [label=\"{Escape(c.Id)}{top}\"{color}];\n");
            }

            sb.Append("  }\n");
        }

        foreach (var c in model.Components.Where((_, i) => needed[i]))
        {
            foreach (var r in c.Requires)
            {
                var dashed = r is AnyOfRequirement ? " [style=dashed]" : "";
                foreach (var id in r.ComponentIds)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"  \"{Escape(id)}\" -> \"{Escape(c.Id)}\"{dashed};\n");
                }
            }
        }

        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>Three RFC 4180 tables by file name: components.csv, providers.csv, coalitions.csv.</summary>
    public static IReadOnlyList<(string Name, string Text)> Csv(StackModel model, HomeAnalysisResult analysis, CompiledStack stack)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(stack);
        var index = stack.Perspective.Index;
        var components = new StringBuilder("id,name,layer,hhi,top_supplier,top_share,foreign_share,providers\n");
        foreach (var c in model.Components)
        {
            var conc = Concentration.Of(c, index);
            components.Append(Row(c.Id, c.Name, c.Layer, Num(conc.Hhi), conc.TopSupplier, Num(conc.TopShare), HomeAnalysis.ForeignFraction(c, stack.Perspective) is { } f ? Num(f) : "", c.Providers.Count.ToString(CultureInfo.InvariantCulture)));
        }

        var providers = new StringBuilder("component,org,jurisdiction,domestic,share,share_low,share_high,source,as_of\n");
        foreach (var c in model.Components)
        {
            foreach (var p in c.Providers)
            {
                providers.Append(Row(c.Id, p.Org, index.ProductionJurisdiction(p), stack.Perspective.IsDomestic(p) ? "yes" : "no",
                    p.Share is { } s ? Num(s) : "", p.ShareRange is { } r ? Num(r.Low) : "", p.ShareRange is { } r2 ? Num(r2.High) : "", p.Source, p.AsOf));
            }
        }

        var coalitions = new StringBuilder("home,target,order,coalition,breaks\n");
        foreach (var c in analysis.Coalitions)
        {
            coalitions.Append(Row(analysis.Home, analysis.TargetId, c.Coalition.Order.ToString(CultureInfo.InvariantCulture), string.Join(" ", c.Coalition.Members), string.Join(" ", c.Breaks)));
        }

        return [("components.csv", components.ToString()), ("providers.csv", providers.ToString()), ("coalitions.csv", coalitions.ToString())];
    }

    private static string Num(double x) => double.IsFinite(x) ? Math.Round(x, 6).ToString("R", CultureInfo.InvariantCulture) : "";

    /// <summary>One RFC 4180 line: a field with a comma, quote or line break is quoted, quotes doubled.</summary>
    private static string Row(params string?[] fields) => string.Join(",", fields.Select(f =>
        f is null ? "" : f.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f)) + "\n";

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
