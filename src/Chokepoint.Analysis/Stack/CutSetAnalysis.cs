using System.Numerics;
using Chokepoint.Logic.Analysis;

namespace Chokepoint.Analysis.Stack;

/// <summary>One coalition that cuts the target: event ids (jurisdictions or firms), sorted.</summary>
public sealed record Coalition(IReadOnlyList<string> Members)
{
    public int Order => Members.Count;

    public override string ToString() => "{" + string.Join(", ", Members) + "}";
}

/// <summary>The importance of one restriction event for the target's failure (DESIGN.md section 2).</summary>
public sealed record EventImportance(string Event, double Birnbaum, double Criticality, double FussellVesely, double Raw, double Rrw);

/// <summary>
/// The minimal coalitions that cut a target, counted by order, with the exact probability of the
/// cut and each event's importance when restriction probabilities are given.
/// </summary>
public sealed record CutSetResult(
    string Target,
    BigInteger Count,
    IReadOnlyDictionary<int, BigInteger> ByOrder,
    IReadOnlyList<Coalition> Sets,
    double? Probability,
    IReadOnlyList<EventImportance> Importance)
{
    /// <summary>The size of the smallest coalition that cuts the target, or null when none can.</summary>
    public int? SmallestOrder => ByOrder.Count == 0 ? null : ByOrder.Keys.Min();
}

/// <summary>Minimal cut sets of a compiled stack through the logic engine.</summary>
public static class CutSetAnalysis
{
    /// <summary>The exact probability that component number <paramref name="target"/> is cut, without cut sets.</summary>
    public static double Probability(CompiledStack stack, int target, IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(probabilities);
        var compiled = FailureCompiler.Compile(stack, target, probabilities);
        return compiled.Constant is { } constant
            ? constant ? 1 : 0
            : FaultTreeAnalyzer.Analyze(compiled.Graph, new AnalysisOptions { ComputeCutSets = false }).Probability.Value;
    }

    /// <summary>
    /// The minimal coalitions of at most <paramref name="maxOrder"/> events that make component
    /// number <paramref name="target"/> unavailable. With <paramref name="probabilities"/> (by event
    /// number) it also gives P(cut) and importance.
    /// </summary>
    public static CutSetResult Run(CompiledStack stack, int target, int? maxOrder = null, IReadOnlyList<double>? probabilities = null)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var compiled = FailureCompiler.Compile(stack, target, probabilities);
        var targetId = stack.Ids[target];
        if (compiled.Constant is { } constant)
        {
            // Cut with no restriction at all (the empty coalition), or never cut.
            return constant
                ? new CutSetResult(targetId, 1, new Dictionary<int, BigInteger> { [0] = 1 }, [new Coalition([])], probabilities is null ? null : 1.0, [])
                : new CutSetResult(targetId, 0, new Dictionary<int, BigInteger>(), [], probabilities is null ? null : 0.0, []);
        }

        var result = FaultTreeAnalyzer.Analyze(compiled.Graph, new AnalysisOptions { LimitOrder = maxOrder, ComputeCutSets = true });
        var family = result.CutSets!;
        var sets = family.ToSortedList().Select(c => new Coalition(c.Names)).ToList();
        var importance = probabilities is null
            ? []
            : result.Importance.Select(i => new EventImportance(i.Event, i.Birnbaum, i.Criticality, i.FussellVesely, i.RiskAchievementWorth, i.RiskReductionWorth))
                .OrderBy(i => i.Event, StringComparer.Ordinal).ToList();
        return new CutSetResult(targetId, family.Count, new SortedDictionary<int, BigInteger>(family.CountByOrder.ToDictionary(kv => kv.Key, kv => kv.Value)), sets,
            probabilities is null ? null : result.Probability.Value, importance);
    }
}
