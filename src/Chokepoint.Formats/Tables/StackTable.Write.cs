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

    /// <summary>The sheet of the template that explains each column; the importer passes over it.</summary>
    public const string ReadMeSheet = "read me";

    /// <summary>
    /// A workbook to start from: every data sheet with its header, filled with <paramref name="component"/>
    /// of <paramref name="library"/> and what it requires (with their organizations and jurisdictions),
    /// and a first sheet that explains each column.
    /// </summary>
    public static IReadOnlyList<OutputSheet> Template(StackModel library, string component)
    {
        ArgumentNullException.ThrowIfNull(library);
        var byId = library.Components.ToDictionary(c => c.Id, StringComparer.Ordinal);
        var keep = new List<Component>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([component]);
        while (stack.TryPop(out var id))
        {
            if (seen.Add(id) && byId.TryGetValue(id, out var c))
            {
                keep.Add(c);
                foreach (var r in c.Requires.SelectMany(r => r.ComponentIds))
                {
                    stack.Push(r);
                }
            }
        }

        keep.Reverse(); // inputs first, as a stack is read
        var orgs = keep.SelectMany(c => c.Providers).Select(p => p.Org).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var organizations = library.Organizations.Where(o => orgs.Contains(o.Id)).ToList();
        var places = keep.SelectMany(c => c.Providers.Select(p => p.Jurisdiction).Concat(c.Substitution.Select(s => (string?)s.Jurisdiction)))
            .Concat(organizations.SelectMany(o => new[] { o.Hq, o.ControlledBy })).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var parents = library.Jurisdictions.ToDictionary(j => j.Id, j => j.Parent, StringComparer.Ordinal);
        foreach (var place in places.ToList())
        {
            for (var p = parents.GetValueOrDefault(place); p is not null && places.Add(p); p = parents.GetValueOrDefault(p))
            {
            }
        }

        var model = new StackModel
        {
            Name = $"Template: {component} from the shared upstream library",
            Jurisdictions = library.Jurisdictions.Where(j => places.Contains(j.Id)).Select(j => j with { Reach = null, NoReach = false }).ToList(),
            Organizations = organizations,
            Components = keep,
            Targets = [new Target { Id = component, Component = component }],
        };
        return [ReadMe(), .. Sheets(model)];
    }

    private static OutputSheet ReadMe()
    {
        (string Sheet, string Column, string Meaning, string Example)[] rows =
        [
            ("components", "component", "The component's id. One row per provider: repeat the id on each of its providers' rows.", "euv-scanner"),
            ("components", "layer", "The layer: material, equipment, eda, ip, design, fabrication, packaging, memory, chip, device, os, framework, cloud, app-store, app, service, or your own.", "equipment"),
            ("components", "requires", "What every domestic producer needs: ids separated by semicolons; a group of substitutes as any_of(a; b), with /k when k of them are needed.", "eda; any_of(duv-scanner; euv-scanner)"),
            ("components", "org", "The providing firm's id (declared in organizations, or given an hq here). Leave empty for a provider known only by its country.", "asml"),
            ("components", "hq", "The firm's headquarters' jurisdiction, once per firm.", "NL"),
            ("components", "jurisdiction", "Where production happens, when not at the firm's hq; or the providing country for a provider without a firm.", "US"),
            ("components", "share", "The provider's share of world supply: 0 to 1, or a percentage.", "62%"),
            ("components", "share_range", "The plausible range of the share.", "[0.55, 0.7]"),
            ("components", "source", "The public source of the share.", "company annual report 2024"),
            ("components", "as_of", "The date of the figure.", "2024"),
            ("components", "threshold", "The accessible share needed for the component to count as available (empty: any provider at all). Once per component.", "5%"),
            ("components", "name, category, stockpile_months, component_source, component_as_of", "The component's other fields, once per component.", ""),
            ("jurisdictions", "id, name, parent, restriction_probability, reach, reach_layers", "reach: false for no extraterritorial rule, or the rule's de minimis share, with the layers it looks at in reach_layers.", "US, United States, , , 0.25, equipment; eda; ip"),
            ("organizations", "id, name, hq, controlled_by", "controlled_by: the jurisdiction that owns the firm, when not its hq's.", "nexperia, Nexperia, NL, CN"),
            ("blocs", "id, name, members", "A named set of jurisdictions.", "EU, European Union, DE; FR; NL"),
            ("targets", "id, name, component", "The capabilities analysed. Empty: the components nothing requires.", "ai-phone, AI phone, phone"),
            ("controls", "name, by, targets, scope_layers, scope_components, reach, reach_layers, source, as_of", "Standing controls in force. targets empty: every target; reach true: the jurisdiction's declared rule, or a de minimis share.", "us-fdpr, US, ai-phone, chip, , 0, , BIS rule, 2020-08-17"),
            ("scenarios", "name, restrict, reach, scope_layers, scope_components, start_month, home, target", "Saved export-control scenarios.", "us-eda, US, true, eda"),
            ("substitution", "component, jurisdiction, share, lead_time_months, ramp_months, cost, source, as_of", "Substitute supply that ramps up after a restriction.", "eda, CN, 0.3, 24, 36"),
            ("actions", "component, kind, jurisdiction, share, months, cost, lead_time_months, source, as_of", "Candidate investments: kind domestic, friendly or stockpile.", "eda, domestic, , 0.2, , 5e9, 48"),
            ("model", "key, value", "schema (chokepoint/v1), name, home, share_tolerance, attribution.", "home, CN-GD"),
        ];
        return new OutputSheet(ReadMeSheet, ["sheet", "column", "meaning", "example"], rows.Select(r => (IReadOnlyList<object?>)[r.Sheet, r.Column, r.Meaning, r.Example]).ToList());
    }

    /// <summary>Requirements as the supplier table writes them: <c>a; b; any_of(c; d)/2</c>.</summary>
    public static string FormatRequires(IReadOnlyList<Requirement> requires) => TableCells.FormatRequires(requires);

    private static object? Num(double? d) => d is { } v && double.IsFinite(v) ? v : null;

    private static string Format(double d) => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static object?[] Row(params object?[] values) => values;
}
