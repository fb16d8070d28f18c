using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Analysis.Diff;

/// <summary>A provider whose presence or share changed between two versions.</summary>
/// <param name="Component">The component.</param>
/// <param name="Provider">The provider: its org, else its jurisdiction, with where it produces.</param>
/// <param name="OldShare">The share before (null: absent or unknown).</param>
/// <param name="NewShare">The share after (null: absent or unknown).</param>
/// <param name="Change">added, removed or share.</param>
public sealed record ProviderChange(string Component, string Provider, double? OldShare, double? NewShare, string Change);

/// <summary>How one jurisdiction's leverage over the home moved: cut power, the target capacity it leaves, its smallest coalition.</summary>
public sealed record LeverageShift(string Jurisdiction, Leverage? Old, Leverage? New)
{
    /// <summary>Change of the leverage score (1 = cuts alone, else the share of target capacity removed), new minus old.</summary>
    public double ScoreShift(double oldBaseline, double newBaseline) => Score(New, newBaseline) - Score(Old, oldBaseline);

    public static double Score(Leverage? l, double baseline) =>
        l is null ? 0 : l.CutPower ? 1 : baseline <= 0 ? 0 : Math.Clamp((baseline - l.CapacityAfter) / baseline, 0, 1);
}

/// <summary>A saved scenario's effect on the target in both versions.</summary>
public sealed record ScenarioShift(string Scenario, double? OldCapacity, double? NewCapacity, bool? OldCut, bool? NewCut, string? Note)
{
    /// <summary>The target's capacity under the scenario as a share of its normal output, in each version (DESIGN.md section 2a).</summary>
    public double? OldRetained { get; init; }

    public double? NewRetained { get; init; }
}

/// <summary>
/// A change to the control regime (DESIGN.md section 2a): a standing control added, removed or changed
/// (<see cref="Kind"/> "control"), a jurisdiction's declared rule ("rule") or a firm's owner ("ownership").
/// Old and new are one-line descriptions, null where absent.
/// </summary>
public sealed record RegimeChange(string Kind, string Id, string Change, string? Old, string? New);

/// <summary>What changed between two versions of a model, seen from one home.</summary>
public sealed record ModelDiffResult(
    string Home,
    string Target,
    IReadOnlyList<string> AddedComponents,
    IReadOnlyList<string> RemovedComponents,
    IReadOnlyList<ProviderChange> Providers,
    IReadOnlyList<Coalition> AddedCutSets,
    IReadOnlyList<Coalition> RemovedCutSets,
    double OldBaseline,
    double NewBaseline,
    IReadOnlyList<LeverageShift> Leverage,
    IReadOnlyList<ScenarioShift> Scenarios)
{
    /// <summary>What the events are: jurisdictions (the default) or firms.</summary>
    public Stack.EventKind EventKind { get; init; }

    /// <summary>Controls, declared rules and ownership that changed.</summary>
    public IReadOnlyList<RegimeChange> Regime { get; init; } = [];

    /// <summary>The controls in force in the old and the new version.</summary>
    public IReadOnlyList<ControlInForce> OldControls { get; init; } = [];

    public IReadOnlyList<ControlInForce> NewControls { get; init; } = [];

    /// <summary>
    /// What the control changes alone do to the coalitions: coalitions of the new version that it would
    /// not have under the old version's controls, and the other way round. Empty when no control changed.
    /// </summary>
    public IReadOnlyList<Coalition> CutSetsAddedByControls { get; init; } = [];

    public IReadOnlyList<Coalition> CutSetsRemovedByControls { get; init; } = [];
}

/// <summary>Compares two versions of a model: structure, cut sets, leverage and saved scenarios.</summary>
public static class ModelDiff
{
    public static ModelDiffResult Run(StackModel oldModel, StackModel newModel, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(oldModel);
        ArgumentNullException.ThrowIfNull(newModel);
        ArgumentNullException.ThrowIfNull(request);
        var oldIds = oldModel.Components.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var newIds = newModel.Components.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);

        var providers = new List<ProviderChange>();
        var oldIndex = new ModelIndex(oldModel);
        var newIndex = new ModelIndex(newModel);
        foreach (var id in oldIds.Intersect(newIds).Order(StringComparer.Ordinal))
        {
            var before = Providers(oldIndex, oldIndex.Components[id]);
            var after = Providers(newIndex, newIndex.Components[id]);
            foreach (var key in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
            {
                var had = before.TryGetValue(key, out var o);
                var has = after.TryGetValue(key, out var n);
                if (had && !has)
                {
                    providers.Add(new ProviderChange(id, key, o, null, "removed"));
                }
                else if (!had && has)
                {
                    providers.Add(new ProviderChange(id, key, null, n, "added"));
                }
                else if (!Nullable.Equals(o, n) && !(o is { } a && n is { } b && Math.Abs(a - b) < 1e-12))
                {
                    providers.Add(new ProviderChange(id, key, o, n, "share"));
                }
            }
        }

        var oldResult = HomeAnalysis.Run(oldModel, request);
        var newResult = HomeAnalysis.Run(newModel, request with { Perspective = request.Perspective with { Home = oldResult.Home } });
        var oldSets = oldResult.CutSets.Sets.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);
        var newSets = newResult.CutSets.Sets.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);

        var oldLeverage = oldResult.Leverage.ToDictionary(l => l.Event, StringComparer.Ordinal);
        var newLeverage = newResult.Leverage.ToDictionary(l => l.Event, StringComparer.Ordinal);
        var shifts = oldLeverage.Keys.Union(newLeverage.Keys)
            .Select(j => new LeverageShift(j, oldLeverage.GetValueOrDefault(j), newLeverage.GetValueOrDefault(j)))
            .OrderByDescending(s => Math.Abs(s.ScoreShift(oldResult.BaselineCapacity, newResult.BaselineCapacity)))
            .ThenBy(s => s.Jurisdiction, StringComparer.Ordinal).ToList();

        var scenarios = oldModel.Scenarios.Select(s => s.Name).Union(newModel.Scenarios.Select(s => s.Name)).Order(StringComparer.Ordinal)
            .Select(name => ScenarioShiftOf(name, oldModel, newModel, request)).ToList();

        var regime = RegimeChanges(oldModel, newModel);
        IReadOnlyList<Coalition> addedByControls = [];
        IReadOnlyList<Coalition> removedByControls = [];
        if (regime.Any(r => r.Kind == "control"))
        {
            // The new version with the old controls: the difference is the controls' doing alone.
            var withOldControls = HomeAnalysis.Run(newModel with { Controls = oldModel.Controls }, request with { Perspective = request.Perspective with { Home = oldResult.Home } });
            var without = withOldControls.CutSets.Sets.Select(s => s.ToString()).ToHashSet(StringComparer.Ordinal);
            addedByControls = newResult.CutSets.Sets.Where(s => !without.Contains(s.ToString())).ToList();
            removedByControls = withOldControls.CutSets.Sets.Where(s => !newSets.Contains(s.ToString())).ToList();
        }

        return new ModelDiffResult(oldResult.Home, oldResult.TargetId,
            newIds.Except(oldIds).Order(StringComparer.Ordinal).ToList(), oldIds.Except(newIds).Order(StringComparer.Ordinal).ToList(), providers,
            newResult.CutSets.Sets.Where(s => !oldSets.Contains(s.ToString())).ToList(),
            oldResult.CutSets.Sets.Where(s => !newSets.Contains(s.ToString())).ToList(),
            oldResult.BaselineCapacity, newResult.BaselineCapacity, shifts, scenarios)
        {
            EventKind = request.Perspective.Events,
            Regime = regime,
            OldControls = oldResult.Controls,
            NewControls = newResult.Controls,
            CutSetsAddedByControls = addedByControls,
            CutSetsRemovedByControls = removedByControls,
        };
    }

    /// <summary>Controls by name, declared rules by jurisdiction and owners by firm, old against new.</summary>
    private static List<RegimeChange> RegimeChanges(StackModel oldModel, StackModel newModel)
    {
        var changes = new List<RegimeChange>();
        Compare("control", oldModel.Controls, newModel.Controls, k => k.Name, Describe);
        Compare("rule", oldModel.Jurisdictions.Where(j => j.Reach is not null || j.NoReach).ToList(), newModel.Jurisdictions.Where(j => j.Reach is not null || j.NoReach).ToList(),
            j => j.Id, j => j.NoReach ? "no extraterritorial rule" : Describe(j.Reach!));
        Compare("ownership", oldModel.Organizations.Where(o => o.ControlledBy is not null).ToList(), newModel.Organizations.Where(o => o.ControlledBy is not null).ToList(),
            o => o.Id, o => $"controlled by {o.ControlledBy}");
        return changes;

        void Compare<T>(string kind, IReadOnlyList<T> before, IReadOnlyList<T> after, Func<T, string> id, Func<T, string> describe)
        {
            var old = before.GroupBy(id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => describe(g.First()), StringComparer.Ordinal);
            var now = after.GroupBy(id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => describe(g.First()), StringComparer.Ordinal);
            foreach (var key in old.Keys.Union(now.Keys).Order(StringComparer.Ordinal))
            {
                var had = old.TryGetValue(key, out var o);
                var has = now.TryGetValue(key, out var n);
                if (had != has || o != n)
                {
                    changes.Add(new RegimeChange(kind, key, !had ? "added" : !has ? "removed" : "changed", o, n));
                }
            }
        }
    }

    private static string Describe(Control k)
    {
        var scope = k.ScopeLayers.Concat(k.ScopeComponents).ToList();
        var reach = k.Reach is { } rule ? Describe(rule) : k.DeclaredReach ? "the declared rule of " + k.By : "no reach";
        return $"by {k.By} on {(k.Targets is { } t ? "targets " + string.Join(", ", t) : "every target")}, scope {(scope.Count == 0 ? "everything" : string.Join(", ", scope))}, {reach}";
    }

    private static string Describe(ReachRule rule) =>
        $"de minimis {rule.DeMinimis.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}" + (rule.Layers.Count == 0 ? " of every layer" : " of " + string.Join(", ", rule.Layers));

    private static ScenarioShift ScenarioShiftOf(string name, StackModel oldModel, StackModel newModel, AnalysisRequest request)
    {
        // A scenario saved in only one version is run in both, so its effect can be compared.
        var saved = newModel.Scenarios.FirstOrDefault(s => s.Name == name) ?? oldModel.Scenarios.First(s => s.Name == name);
        var spec = ScenarioSpec.From(saved, request.Perspective, request.Target);
        (double? Capacity, double? Retained, bool? Cut, string? Note) Run(StackModel model)
        {
            try
            {
                var r = ScenarioAnalysis.Run(model, spec);
                return (r.TargetCapacity, r.TargetRetained, !r.TargetAvailable, null);
            }
            catch (PerspectiveException e)
            {
                return (null, null, null, e.Message);
            }
        }

        var before = Run(oldModel);
        var after = Run(newModel);
        return new ScenarioShift(name, before.Capacity, after.Capacity, before.Cut, after.Cut, before.Note ?? after.Note)
        {
            OldRetained = before.Retained,
            NewRetained = after.Retained,
        };
    }

    /// <summary>Providers of a component keyed by who and where, with their summed share (null when none is known).</summary>
    private static Dictionary<string, double?> Providers(ModelIndex index, Component c)
    {
        var result = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var p in c.Providers)
        {
            var where = index.ProductionJurisdiction(p) ?? "?";
            var key = p.Org is { } org ? $"{org} ({where})" : where;
            result[key] = result.TryGetValue(key, out var s) ? (s ?? 0) + (p.Share ?? 0) : p.Share;
        }

        return result;
    }
}
