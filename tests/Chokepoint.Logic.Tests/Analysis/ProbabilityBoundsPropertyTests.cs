using Chokepoint.Logic.Analysis;
using Chokepoint.Logic.Graph;
using CsCheck;

namespace Chokepoint.Logic.Tests.Analysis;

/// <summary>The bounds for trees too large for a BDD, checked on small coherent trees where the exact answer is known.</summary>
public sealed class ProbabilityBoundsPropertyTests
{
    [Fact]
    public void Bounds_enclose_the_exact_probability_for_every_order() =>
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 6]).Sample((seed, k) =>
        {
            var g = RandomGraphs.Make(seed, 14, coherent: true);
            var exact = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { ComputeCutSets = false }).Probability.Value;
            var bounds = FaultTreeAnalyzer.Bounds(g, k);
            Assert.InRange(exact, bounds.Lower.Value - 1e-12, bounds.Upper.Value + 1e-12);
        }, iter: 300);

    [Fact]
    public void Bounds_meet_at_the_exact_probability_once_the_order_covers_every_cut_set() =>
        Gen.Int[0, int.MaxValue].Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 10, coherent: true);
            var exact = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { ComputeCutSets = false }).Probability.Value;
            var bounds = FaultTreeAnalyzer.Bounds(g, g.BasicEvents.Length + 1);
            Assert.Equal(exact, bounds.Lower.Value, 1e-12);
            Assert.Equal(exact, bounds.Upper.Value, 1e-12);
        }, iter: 200);

    [Fact]
    public void Bound_cut_sets_are_the_exact_cut_sets_up_to_the_order() =>
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[1, 5]).Sample((seed, k) =>
        {
            var g = RandomGraphs.Make(seed, 14, coherent: true);
            var expected = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { LimitOrder = k }).CutSets!.Enumerate().Select(c => c.ToString()).Order();
            var actual = FaultTreeAnalyzer.Bounds(g, k).CutSets.Enumerate().Select(c => c.ToString()).Order();
            Assert.Equal(expected, actual);
        }, iter: 200);

    [Fact]
    public void Bounds_refuse_a_tree_with_negation()
    {
        var b = new GateGraphBuilder();
        var x = b.AddBasicEvent("x", new Probability(0.5));
        var top = b.AddGate("top", GateKind.Not, [x]);
        Assert.Throws<NotSupportedException>(() => FaultTreeAnalyzer.Bounds(b.Build(top), 2));
    }
}
