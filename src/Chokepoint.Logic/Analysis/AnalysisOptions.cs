namespace Chokepoint.Logic.Analysis;

/// <summary>What <see cref="FaultTreeAnalyzer"/> computes and within which limits.</summary>
public sealed record AnalysisOptions
{
    /// <summary>The default options: all cut sets, no cut-off, importance computed.</summary>
    public static readonly AnalysisOptions Default = new();

    /// <summary>Whether to build the cut-set family at all. Probability and importance do not need it.</summary>
    public bool ComputeCutSets { get; init; } = true;

    /// <summary>Whether to compute every basic event's importance (one more pass over each decision diagram); off, <see cref="FaultTreeResult.Importance"/> is empty.</summary>
    public bool ComputeImportance { get; init; } = true;

    /// <summary>Keep only cut sets of at most this many events (null: no limit). Must be ≥ 0.</summary>
    public int? LimitOrder { get; init; }

    /// <summary>Drop cut sets whose probability (product of their literals' probabilities) is below this.</summary>
    public Probability? CutOff { get; init; }

    /// <summary>
    /// Compute prime implicants (products of positive and negative literals) instead of minimal cut sets.
    /// Without it, negated literals are dropped from the products of non-coherent trees and the result minimised:
    /// the field's usual convention.
    /// </summary>
    public bool PrimeImplicants { get; init; }

    /// <summary>Solve independent modules separately (on by default; off only to compare).</summary>
    public bool UseModules { get; init; } = true;

    /// <summary>The node budget of each decision diagram; exceeding it raises <see cref="AnalysisLimitException"/>.</summary>
    public int MaxNodes { get; init; } = 20_000_000;

    /// <summary>Experiment knob for the benchmarks: the variable-order heuristic (0, the default, is gates first).</summary>
    internal int OrderHeuristic { get; init; }
}

/// <summary>Raised when an analysis would exceed its memory budget (<see cref="AnalysisOptions.MaxNodes"/>).</summary>
public sealed class AnalysisLimitException : Exception
{
    public AnalysisLimitException()
    {
    }

    public AnalysisLimitException(string message)
        : base(message)
    {
    }

    public AnalysisLimitException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
