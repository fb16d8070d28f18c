using System.Globalization;
using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Tests.Stack;

/// <summary>A random model written out compactly, one line per item, so that a shrunk counterexample can be read from a failure message.</summary>
internal static class ModelText
{
    public static string Of(StackModel model)
    {
        var lines = new List<string> { $"home: {model.Home}" };
        lines.AddRange(model.Jurisdictions.Select(j => $"jurisdiction {j.Id}{(j.Parent is null ? "" : $" parent {j.Parent}")}{(j.NoReach ? " reach: false" : "")}{(j.Reach is { } r ? $" reach: {Rule(r)}" : "")}"));
        lines.AddRange(model.Organizations.Select(o => $"org {o.Id} hq {o.Hq}{(o.ControlledBy is null ? "" : $" controlled_by {o.ControlledBy}")}"));
        lines.AddRange(model.Components.Select(c => $"component {c.Id} ({c.Layer})"
            + (c.Requires.Count == 0 ? "" : " requires [" + string.Join(", ", c.Requires.Select(r => r is AnyOfRequirement g ? $"any_of({string.Join(",", g.Members)}; k={g.K})" : string.Join(",", r.ComponentIds))) + "]")
            + " providers [" + string.Join(", ", c.Providers.Select(p => $"{p.Org}{(p.Org is not null && p.Jurisdiction is not null ? "@" : "")}{p.Jurisdiction}:{Number(p.Share)}")) + "]"
            + (c.Threshold is { } t ? $" threshold {Number(t)}" : "")));
        lines.AddRange(model.Targets.Select(t => $"target {t.Id} = {t.Component}"));
        lines.AddRange(model.Controls.Select(k => $"control {k.Name} by {k.By} targets {(k.Targets is null ? "all" : string.Join(",", k.Targets))}"
            + $" scope [{string.Join(",", k.ScopeLayers.Concat(k.ScopeComponents))}]"
            + (k.Reach is { } r ? $" reach {Rule(r)}" : k.DeclaredReach ? " reach: true" : "")));
        return string.Join("\n", lines);
    }

    private static string Rule(ReachRule r) => $"{{de_minimis: {Number(r.DeMinimis)}{(r.Layers.Count == 0 ? "" : $", layers: [{string.Join(",", r.Layers)}]")}}}";

    private static string Number(double? x) => x is { } v ? v.ToString("0.###", CultureInfo.InvariantCulture) : "?";
}
