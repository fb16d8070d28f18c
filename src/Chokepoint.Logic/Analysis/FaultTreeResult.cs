namespace Chokepoint.Logic.Analysis;

/// <summary>The result of <see cref="FaultTreeAnalyzer.Analyze"/>.</summary>
public sealed class FaultTreeResult
{
    internal FaultTreeResult(Probability probability, IReadOnlyList<Importance> importance, CutSetFamily? cutSets, int bddNodes)
    {
        Probability = probability;
        Importance = importance;
        CutSets = cutSets;
        BddNodes = bddNodes;
    }

    /// <summary>The exact probability of the top event, assuming independent basic events.</summary>
    public Probability Probability { get; }

    /// <summary>The importance of every basic event, in the graph's basic-event order; empty when <see cref="AnalysisOptions.ComputeImportance"/> is off.</summary>
    public IReadOnlyList<Importance> Importance { get; }

    /// <summary>The minimal cut sets or prime implicants; null when <see cref="AnalysisOptions.ComputeCutSets"/> is off.</summary>
    public CutSetFamily? CutSets { get; }

    /// <summary>How many BDD nodes the analysis created (a measure of its difficulty).</summary>
    public int BddNodes { get; }
}
