using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Scenarios;

/// <summary>One component that a scenario makes unavailable, and how that reaches the target.</summary>
/// <param name="Component">The failed component.</param>
/// <param name="PathToTarget">The shortest chain of "is required by" from the component to the target, both included; empty when the target does not need it.</param>
/// <param name="Restricted">True when the restriction cuts some of its foreign providers.</param>
/// <param name="InputFailed">True when some of its inputs failed, so its domestic producers stop.</param>
public sealed record Failure(string Component, IReadOnlyList<string> PathToTarget, bool Restricted, bool InputFailed)
{
    public string Cause => (Restricted, InputFailed) switch
    {
        (true, true) => "restricted, and an input failed",
        (true, false) => "restricted",
        (false, true) => "an input failed",
        _ => "too little supply left",
    };
}

/// <summary>The outcome of a scenario at its start (DESIGN.md section 3).</summary>
public sealed record ScenarioResult(
    string Name,
    string Home,
    string Target,
    IReadOnlyList<string> Restricted,
    bool Reach,
    IReadOnlyList<string> ScopeLayers,
    IReadOnlyList<string> ScopeComponents,
    IReadOnlyList<string> Failed,
    IReadOnlyList<Failure> Failures,
    IReadOnlyDictionary<string, double> Capacity,
    IReadOnlyDictionary<string, double> BaselineCapacity,
    double TargetCapacity,
    double TargetBaselineCapacity,
    bool TargetAvailable)
{
    /// <summary>The standing controls in force, which the baseline and the scenario both start from (DESIGN.md section 2a).</summary>
    public IReadOnlyList<Stack.ControlInForce> Controls { get; init; } = [];

    /// <summary>The target's capacity as a share of its normal output (the baseline under the same controls); null when that is 0.</summary>
    public double? TargetRetained => Stack.Retained.Of(TargetCapacity, TargetBaselineCapacity);

    /// <summary>Each component's capacity as a share of its normal output; null where that is 0.</summary>
    public IReadOnlyDictionary<string, double?> Retained =>
        Capacity.ToDictionary(kv => kv.Key, kv => Stack.Retained.Of(kv.Value, BaselineCapacity[kv.Key]), StringComparer.Ordinal);
}

/// <summary>Runs a scenario: which components fail, every component's accessible capacity, and the paths to the target.</summary>
public static class ScenarioAnalysis
{
    public static ScenarioResult Run(StackModel model, ScenarioSpec spec) => Run(PreparedScenario.Create(model, spec));

    public static ScenarioResult Run(PreparedScenario prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var stack = prepared.Stack;
        var baseline = prepared.Baseline();
        var state = prepared.Evaluate();
        var failedIdx = Enumerable.Range(0, stack.ComponentCount).Where(c => !state.Available[c]).ToList();
        var failedSet = failedIdx.ToHashSet();

        // Shortest chains up to the target, along failed users first, so a path shows how the failure propagates.
        var paths = PathsToTarget.Build(Enumerable.Range(0, stack.ComponentCount).Select(stack.Inputs).ToList(), prepared.Target, failedSet.Contains);

        var failures = stack.Order.Where(c => failedSet.Contains(c) && baseline.Available[c]).Select(c =>
        {
            var inputFailed = stack.Requirements(c).Any(r => r.Members.Count(m => state.Available[m]) < r.K);
            var inScope = prepared.Scope is null || prepared.Scope[c];
            var restricted = inScope && stack.Providers(c).Any(p => !p.Domestic && p.Blockers.Any(e => prepared.Restricted[e]));
            return new Failure(stack.Ids[c], paths.From(c).Select(x => stack.Ids[x]).ToList(), restricted, inputFailed);
        }).ToList();

        var capacity = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var baseCapacity = new SortedDictionary<string, double>(StringComparer.Ordinal);
        for (var c = 0; c < stack.ComponentCount; c++)
        {
            capacity[stack.Ids[c]] = state.Capacity[c];
            baseCapacity[stack.Ids[c]] = baseline.Capacity[c];
        }

        return new ScenarioResult(prepared.Spec.Name, stack.Perspective.Home, prepared.TargetId, prepared.RestrictedIds, prepared.Spec.Perspective.Reach,
            prepared.Spec.ScopeLayers, prepared.Spec.ScopeComponents,
            failedIdx.Select(c => stack.Ids[c]).Order(StringComparer.Ordinal).ToList(), failures, capacity, baseCapacity,
            state.Capacity[prepared.Target], baseline.Capacity[prepared.Target], state.Available[prepared.Target])
        {
            Controls = stack.ControlsInForce,
        };
    }
}
