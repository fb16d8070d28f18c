using System.Text.Json.Nodes;
using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Output;

namespace Chokepoint.Cli.Commands;

/// <summary>JSON shapes shared by the analysis verbs.</summary>
internal static class AnalysisJson
{
    public static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());

    public static JsonObject CutSets(CutSetResult r, bool withSets = true)
    {
        var byOrder = new JsonObject();
        foreach (var (order, count) in r.ByOrder.OrderBy(kv => kv.Key))
        {
            byOrder[order.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Count(count);
        }

        var o = new JsonObject { ["count"] = Count(r.Count), ["by_order"] = byOrder };
        if (withSets)
        {
            o["sets"] = new JsonArray(r.Sets.Select(s => (JsonNode)Strings(s.Members)).ToArray());
        }

        return o;
    }

    /// <summary>Counts fit a long in practice; beyond it they are written as a string rather than rounded.</summary>
    public static JsonNode Count(System.Numerics.BigInteger n) => n <= long.MaxValue ? JsonValue.Create((long)n) : JsonValue.Create(n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static JsonArray Importance(IEnumerable<EventImportance> importance) => new(importance.Select(i => (JsonNode)new JsonObject
    {
        ["event"] = i.Event,
        ["birnbaum"] = Json.Number(i.Birnbaum),
        ["criticality"] = Json.Number(i.Criticality),
        ["fussell_vesely"] = Json.Number(i.FussellVesely),
        ["raw"] = Finite(i.Raw),
        ["rrw"] = Finite(i.Rrw),
    }).ToArray());

    public static JsonArray Leverage(IEnumerable<Leverage> leverage) => new(leverage.Select(l => (JsonNode)new JsonObject
    {
        ["jurisdiction"] = l.Event,
        ["cut_power"] = l.CutPower,
        ["capacity_after"] = Json.Number(l.CapacityAfter),
        ["capacity_loss"] = Json.Number(l.CapacityLoss),
        ["smallest_coalition"] = l.SmallestCoalition,
        ["raw"] = l.Raw is { } raw ? Finite(raw) : null,
        ["birnbaum"] = Json.Number(l.Birnbaum),
    }).ToArray());

    public static JsonObject Concentration(Concentration c) => new()
    {
        ["component"] = c.ComponentId,
        ["hhi"] = Json.Number(c.Hhi),
        ["top_supplier"] = c.TopSupplier,
        ["top_share"] = Json.Number(c.TopShare),
        ["hhi_without_top"] = Json.Number(c.HhiWithoutTop),
    };

    /// <summary>JSON has no infinity or NaN: those become null (RRW is infinite when an event alone explains every cut).</summary>
    public static JsonNode? Finite(double value) => double.IsFinite(value) ? Json.Number(value) : null;
}
