using Chokepoint.Logic.Analysis;
using Chokepoint.Logic.Graph;

namespace Chokepoint.Logic.Tests.Graph;

public sealed class GateGraphBuilderTests
{
    private static readonly Probability Tenth = new(0.1);

    [Fact]
    public void A_weighted_threshold_gate_fails_when_the_lost_market_share_reaches_the_threshold()
    {
        // Supply of a scanner: NL 62 %, JP 35 %, CN 3 %. It is lost when restricted shares reach 0.36.
        var b = new GateGraphBuilder();
        var nl = b.AddBasicEvent("NL", Tenth);
        var jp = b.AddBasicEvent("JP", Tenth);
        var cn = b.AddBasicEvent("CN", Tenth);
        var lost = b.AddThreshold("scanner-lost", [(nl, 0.62), (jp, 0.35), (cn, 0.03)], 0.36);
        var result = FaultTreeAnalyzer.Analyze(b.Build(lost));
        Assert.Equal(["{CN, JP}", "{NL}"], result.CutSets!.Enumerate().Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(0.1 + (0.9 * 0.01), result.Probability.Value, 1e-12);
    }

    [Fact]
    public void The_example_in_the_engine_docs_gives_the_cut_sets_it_promises()
    {
        // docs/fault-tree-engine.md, "Building a gate graph".
        var b = new GateGraphBuilder();
        var nl = b.AddBasicEvent("NL", new Probability(0.05));
        var jp = b.AddBasicEvent("JP", new Probability(0.05));
        var us = b.AddBasicEvent("US", new Probability(0.10));
        var duvLost = b.AddThreshold("duv-scanner", [(nl, 0.62), (jp, 0.35)], 0.5);
        var euvLost = b.AddThreshold("euv-scanner", [(nl, 1.0)], 1.0);
        var edaLost = b.AddThreshold("eda", [(us, 0.96)], 0.5);
        var litho = b.AddGate("lithography", GateKind.And, [duvLost, euvLost]);
        var fabLost = b.AddGate("logic-7nm", GateKind.Or, [litho, edaLost]);
        var r = FaultTreeAnalyzer.Analyze(b.Build(fabLost));
        Assert.Equal(["{NL}", "{US}"], r.CutSets!.ToSortedList().Select(c => c.ToString()));
        Assert.Equal(1 - (0.95 * 0.9), r.Probability.Value, 1e-12);
        Assert.Equal(0.05 / (1 - (0.95 * 0.9)) * 0.9, r.Importance[0].Criticality, 1e-12);
    }

    [Fact]
    public void Threshold_inputs_may_be_gates_and_shares_that_add_up_up_to_rounding_meet_the_threshold()
    {
        var b = new GateGraphBuilder();
        var us = b.AddBasicEvent("US", Tenth);
        var jp = b.AddBasicEvent("JP", Tenth);
        var kr = b.AddBasicEvent("KR", Tenth);
        var memory = b.AddGate("memory-lost", GateKind.Or, [jp, kr]);
        var top = b.AddThreshold("phone-lost", [(us, 0.1), (memory, 0.2)], 0.3);
        var result = FaultTreeAnalyzer.Analyze(b.Build(top));
        Assert.Equal(["{JP, US}", "{KR, US}"], result.CutSets!.Enumerate().Select(c => c.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_shared_sub_graph_is_one_node_used_by_several_gates()
    {
        var b = new GateGraphBuilder();
        var x = b.AddBasicEvent("x", Tenth);
        var y = b.AddBasicEvent("y", Tenth);
        var shared = b.AddGate("shared", GateKind.Or, [x, y]);
        var top = b.AddGate("top", GateKind.And, [shared, b.AddGate("g", GateKind.Or, [shared, x])]);
        var result = FaultTreeAnalyzer.Analyze(b.Build(top));
        Assert.Equal(["{x}", "{y}"], result.CutSets!.Enumerate().Select(c => c.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Negated_events_are_dropped_from_cut_sets_but_kept_in_prime_implicants()
    {
        var b = new GateGraphBuilder();
        var x = b.AddBasicEvent("x", Tenth);
        var y = b.AddBasicEvent("y", Tenth);
        var top = b.AddGate("top", GateKind.Xor, [x, y]);
        var graph = b.Build(top);
        Assert.Equal(["{x}", "{y}"], FaultTreeAnalyzer.Analyze(graph).CutSets!.Enumerate().Select(c => c.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["{not x, y}", "{not y, x}"],
            FaultTreeAnalyzer.Analyze(graph, new AnalysisOptions { PrimeImplicants = true }).CutSets!.Enumerate().Select(c => c.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_true_house_event_under_an_or_makes_the_top_certain_with_one_empty_cut_set()
    {
        var b = new GateGraphBuilder();
        var x = b.AddBasicEvent("x", Tenth);
        var top = b.AddGate("top", GateKind.Or, [x, b.AddHouseEvent("h", true)]);
        var result = FaultTreeAnalyzer.Analyze(b.Build(top));
        Assert.Equal(1.0, result.Probability.Value);
        Assert.Equal(1, (int)result.CutSets!.Count);
        Assert.Equal(0, result.CutSets.Enumerate().Single().Order);
    }

    [Fact]
    public void A_very_deep_graph_is_analysed_without_exhausting_the_stack()
    {
        // Alternating AND/OR so that nothing coalesces: 30,000 levels of nesting over 30,001 events.
        var b = new GateGraphBuilder();
        var node = b.AddBasicEvent("e0", Tenth);
        for (var i = 1; i <= 30_000; i++)
        {
            var e = b.AddBasicEvent("e" + i, Tenth);
            node = b.AddGate(null, i % 2 == 0 ? GateKind.And : GateKind.Or, [node, e]);
        }

        var result = FaultTreeAnalyzer.Analyze(b.Build(node), new AnalysisOptions { ComputeCutSets = false });

        // The events are independent and each is used once, so the probability follows level by level.
        var expected = 0.1;
        for (var i = 1; i <= 30_000; i++)
        {
            expected = i % 2 == 0 ? expected * 0.1 : expected + 0.1 - (expected * 0.1);
        }

        Assert.Equal(expected, result.Probability.Value, 1e-12);
        Assert.Equal(30_001, result.Importance.Count);
    }

    [Fact]
    public void A_gate_cannot_use_a_node_of_another_builder()
    {
        var other = new GateGraphBuilder();
        other.AddBasicEvent("a", Tenth);
        other.AddBasicEvent("b", Tenth);
        var b = new GateGraphBuilder();
        Assert.Throws<ArgumentException>(() => b.AddGate("g", GateKind.And, [new NodeRef(1)]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void At_least_k_must_lie_between_one_and_the_number_of_inputs(int k)
    {
        var b = new GateGraphBuilder();
        var x = b.AddBasicEvent("x", Tenth);
        var y = b.AddBasicEvent("y", Tenth);
        Assert.Throws<ArgumentOutOfRangeException>(() => b.AddAtLeast("g", k, [x, y]));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_probability_outside_zero_to_one_is_refused(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new Probability(p));
}
