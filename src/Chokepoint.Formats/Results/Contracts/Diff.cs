using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chokepoint.Analysis.Diff;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>The <c>diff</c> result: what changed between two versions of a model, seen from one home.</summary>
public sealed record DiffDocument(
    string Home,
    string Target,
    DiffDocument.OldNew<double> BaselineCapacity,
    DiffDocument.AddedRemoved<string> Components,
    IReadOnlyList<DiffDocument.ProviderJson> Providers,
    DiffDocument.AddedRemoved<IReadOnlyList<string>> CutSets,
    DiffDocument.OldNew<IReadOnlyList<ControlJson>> ControlsInForce,
    IReadOnlyList<DiffDocument.RegimeJson> Regime,
    DiffDocument.AddedRemoved<IReadOnlyList<string>> CutSetsByControls,
    IReadOnlyList<DiffDocument.LeverageShiftJson> Leverage,
    IReadOnlyList<DiffDocument.ScenarioJson> Scenarios) : ResultDocument
{
    public sealed record OldNew<T>(T Old, T New);

    public sealed record AddedRemoved<T>(IReadOnlyList<T> Added, IReadOnlyList<T> Removed);

    public sealed record ProviderJson(string Component, string Provider, string Change, double? OldShare, double? NewShare);

    public sealed record RegimeJson(string Kind, string Id, string Change, string? Old, string? New);

    /// <summary>A holder's leverage in each version (under <c>jurisdiction</c>, or <c>firm</c> when the events are firms).</summary>
    public sealed record LeverageShiftJson(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Jurisdiction,
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Firm,
        LeverageJson? Old,
        LeverageJson? New,
        double ScoreShift);

    public sealed record ScenarioJson(string Scenario, double? OldTargetCapacity, double? NewTargetCapacity, double? OldTargetRetained, double? NewTargetRetained, bool? OldCut, bool? NewCut, string? Note);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.DiffDocument;

    public static DiffDocument From(ModelDiffResult r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var firms = r.EventKind == EventKind.Firms;
        static IReadOnlyList<IReadOnlyList<string>> Sets(IEnumerable<Analysis.Stack.Coalition> sets) => sets.Select(s => s.Members).ToList();
        return new DiffDocument(
            r.Home,
            r.Target,
            new OldNew<double>(r.OldBaseline, r.NewBaseline),
            new AddedRemoved<string>(r.AddedComponents, r.RemovedComponents),
            r.Providers.Select(p => new ProviderJson(p.Component, p.Provider, p.Change, p.OldShare, p.NewShare)).ToList(),
            new AddedRemoved<IReadOnlyList<string>>(Sets(r.AddedCutSets), Sets(r.RemovedCutSets)),
            new OldNew<IReadOnlyList<ControlJson>>(ControlJson.From(r.OldControls), ControlJson.From(r.NewControls)),
            r.Regime.Select(c => new RegimeJson(c.Kind, c.Id, c.Change, c.Old, c.New)).ToList(),
            new AddedRemoved<IReadOnlyList<string>>(Sets(r.CutSetsAddedByControls), Sets(r.CutSetsRemovedByControls)),
            r.Leverage.Select(l => new LeverageShiftJson(
                firms ? null : l.Jurisdiction,
                firms ? l.Jurisdiction : null,
                l.Old is null ? null : LeverageJson.From(l.Old, r.EventKind),
                l.New is null ? null : LeverageJson.From(l.New, r.EventKind),
                l.ScoreShift(r.OldBaseline, r.NewBaseline))).ToList(),
            r.Scenarios.Select(s => new ScenarioJson(s.Scenario, s.OldCapacity, s.NewCapacity, s.OldRetained, s.NewRetained, s.OldCut, s.NewCut, s.Note)).ToList());
    }
}
