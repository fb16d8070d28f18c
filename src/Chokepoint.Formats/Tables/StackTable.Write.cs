using Chokepoint.Analysis.Model;

namespace Chokepoint.Formats.Tables;

/// <summary>Writing a model as sheets: the supplier table and one sheet per other part of the model.</summary>
public static partial class StackTable
{
    /// <summary>Every data sheet of <paramref name="model"/>, in <see cref="DataSheets"/> order, each written even when empty so that a workbook is complete.</summary>
    public static IReadOnlyList<OutputSheet> Sheets(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        static string? Join(IReadOnlyList<string> items) => items.Count == 0 ? null : string.Join("; ", items);
        static object? Num(double? d) => d is { } v && double.IsFinite(v) ? v : null;
        return
        [
            Components(model),
            new("jurisdictions", JurisdictionColumns, model.Jurisdictions.Select(j => Row(j.Id, j.Name, j.Parent, Num(j.RestrictionProbability),
                j.Reach is { } r ? r.DeMinimis : j.NoReach ? "false" : null, j.Reach is { } r2 ? Join(r2.Layers) : null)).ToList()),
            new("organizations", OrganizationColumns, model.Organizations.Select(o => Row(o.Id, o.Name, o.Hq, o.ControlledBy)).ToList()),
            new("blocs", BlocColumns, model.Blocs.Select(b => Row(b.Id, b.Name, Join(b.Members))).ToList()),
            new("targets", TargetColumns, model.Targets.Select(t => Row(t.Id, t.Name, t.Component)).ToList()),
            new("controls", ControlColumns, model.Controls.Select(k => Row(k.Name, k.By,
                k.Targets is null ? null : k.Targets.Count == 0 ? NoTargets : Join(k.Targets),
                Join(k.ScopeLayers), Join(k.ScopeComponents),
                k.Reach is { } r ? r.DeMinimis : k.DeclaredReach ? "true" : null, k.Reach is { } r2 ? Join(r2.Layers) : null,
                k.Source, k.AsOf)).ToList()),
            new("scenarios", ScenarioColumns, model.Scenarios.Select(s => Row(s.Name, Join(s.Restrict), s.Reach is { } b ? (b ? "true" : "false") : null,
                Join(s.ScopeLayers), Join(s.ScopeComponents), Num(s.StartMonth), s.Home, s.Target)).ToList()),
            new("substitution", SubstitutionColumns, model.Components.SelectMany(c => c.Substitution.Select(s => Row(c.Id, s.Jurisdiction, Num(s.Share),
                Num(s.LeadTimeMonths), Num(s.RampMonths), Num(s.Cost), s.Source, s.AsOf))).ToList()),
            new("actions", ActionColumns, model.Components.SelectMany(c => c.Actions.Select(a => Row(c.Id, a.Kind.ToString().ToLowerInvariant(), a.Jurisdiction,
                Num(a.Share), Num(a.Months), Num(a.Cost), Num(a.LeadTimeMonths), a.Source, a.AsOf))).ToList()),
            new("model", ModelColumns, new (string, object?)[]
            {
                ("schema", model.Schema), ("name", model.Name), ("home", model.Home), ("share_tolerance", Num(model.ShareTolerance)), ("attribution", model.Attribution),
            }.Where(kv => kv.Item2 is not null).Select(kv => Row(kv.Item1, kv.Item2)).ToList()),
        ];
    }

    /// <summary>The supplier table: one row per provider (one row with empty provider cells for a component without any), the component's own cells on each of its rows.</summary>
    public static OutputSheet Components(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var hq = model.Organizations.GroupBy(o => o.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Hq, StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<object?>>();
        foreach (var c in model.Components)
        {
            object?[] Line(Provider? p) =>
            [
                c.Id, c.Layer, c.Requires.Count == 0 ? null : TableCells.FormatRequires(c.Requires),
                p?.Org, p?.Org is { } org ? hq.GetValueOrDefault(org) : null, p?.Jurisdiction, Num(p?.Share),
                p?.ShareRange is { } r ? $"[{Format(r.Low)}, {Format(r.High)}]" : null, p?.Source, p?.AsOf,
                Num(c.Threshold), c.Name, c.Category, Num(c.StockpileMonths), c.Source, c.AsOf,
            ];
            if (c.Providers.Count == 0)
            {
                rows.Add(Line(null));
            }

            rows.AddRange(c.Providers.Select(Line));
        }

        return new OutputSheet(ComponentsSheet, ComponentColumns, rows);
    }

    /// <summary>Requirements as the supplier table writes them: <c>a; b; any_of(c; d)/2</c>.</summary>
    public static string FormatRequires(IReadOnlyList<Requirement> requires) => TableCells.FormatRequires(requires);

    private static object? Num(double? d) => d is { } v && double.IsFinite(v) ? v : null;

    private static string Format(double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static object?[] Row(params object?[] values) => values;
}
