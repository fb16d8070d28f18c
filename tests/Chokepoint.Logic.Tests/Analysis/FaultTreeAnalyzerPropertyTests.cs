using Chokepoint.Logic.Analysis;
using CsCheck;

namespace Chokepoint.Logic.Tests.Analysis;

/// <summary>The engine against the brute-force oracle on random graphs of up to 14 events.</summary>
public sealed class FaultTreeAnalyzerPropertyTests
{
    private const double Tolerance = 1e-9;

    private static readonly Gen<int> Seeds = Gen.Int[0, int.MaxValue];

    [Fact]
    public void Probability_equals_the_sum_over_all_true_states() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 14);
            var expected = BruteForce.Probability(g, BruteForce.TruthTable(g));
            var actual = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { ComputeCutSets = false }).Probability.Value;
            Assert.Equal(expected, actual, Tolerance);
        }, iter: 300);

    [Fact]
    public void Probability_is_the_same_with_and_without_modules() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 14);
            var with = FaultTreeAnalyzer.Analyze(g).Probability.Value;
            var without = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { UseModules = false }).Probability.Value;
            Assert.Equal(without, with, Tolerance);
        }, iter: 200);

    [Fact]
    public void Cut_sets_are_the_minimal_sets_of_events_that_alone_make_the_top_event_true() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 14);
            var table = BruteForce.TruthTable(g);
            var expected = BruteForce.MinimalTrueStates(table).Select(s => Mask(s)).Order().ToList();
            var family = FaultTreeAnalyzer.Analyze(g).CutSets!;
            var actual = family.Enumerate().Select(c => Mask(c)).Order().ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count, (int)family.Count);
            Assert.Equal(expected.Count, (int)family.CountByOrder.Values.Sum(c => (long)c));
        }, iter: 300);

    [Fact]
    public void Order_limit_keeps_exactly_the_cut_sets_up_to_that_order() =>
        Gen.Select(Seeds, Gen.Int[0, 5]).Sample((seed, limit) =>
        {
            var g = RandomGraphs.Make(seed, 12);
            var all = FaultTreeAnalyzer.Analyze(g).CutSets!.Enumerate().Select(Mask).Where(m => System.Numerics.BitOperations.PopCount((uint)m) <= limit).Order().ToList();
            var limited = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { LimitOrder = limit }).CutSets!;
            Assert.Equal(all, limited.Enumerate().Select(Mask).Order().ToList());
            Assert.Equal(all.Count, (int)limited.Count);
        }, iter: 200);

    [Fact]
    public void Cut_off_keeps_exactly_the_cut_sets_at_least_that_probable() =>
        Gen.Select(Seeds, Gen.Double[0.0, 0.5]).Sample((seed, cutOff) =>
        {
            var g = RandomGraphs.Make(seed, 12);
            var all = FaultTreeAnalyzer.Analyze(g).CutSets!.Enumerate().Where(c => c.Probability.Value >= cutOff).Select(Mask).Order().ToList();
            var kept = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { CutOff = new Probability(cutOff) }).CutSets!;
            Assert.Equal(all, kept.Enumerate().Select(Mask).Order().ToList());
            Assert.Equal(all.Count, (int)kept.Count);
        }, iter: 200);

    [Fact]
    public void Prime_implicants_are_the_brute_force_prime_implicants() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 8);
            var n = g.BasicEvents.Length;
            var expected = BruteForce.PrimeImplicants(n, BruteForce.TruthTable(g)).Order().ToList();
            var family = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { PrimeImplicants = true }).CutSets!;
            var actual = family.Enumerate()
                .Select(c => (Care: c.Literals.Sum(l => 1 << l.Event), Value: c.Literals.Where(l => !l.Negated).Sum(l => 1 << l.Event)))
                .Order()
                .ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count, (int)family.Count);
        }, iter: 200);

    [Fact]
    public void Prime_implicants_with_an_order_limit_are_the_brute_force_ones_of_that_size_or_less() =>
        Gen.Select(Seeds, Gen.Int[0, 4]).Sample((seed, limit) =>
        {
            var g = RandomGraphs.Make(seed, 8);
            var expected = BruteForce.PrimeImplicants(g.BasicEvents.Length, BruteForce.TruthTable(g))
                .Where(t => System.Numerics.BitOperations.PopCount((uint)t.Care) <= limit)
                .Order()
                .ToList();
            var family = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { PrimeImplicants = true, LimitOrder = limit }).CutSets!;
            var actual = family.Enumerate()
                .Select(c => (Care: c.Literals.Sum(l => 1 << l.Event), Value: c.Literals.Where(l => !l.Negated).Sum(l => 1 << l.Event)))
                .Order()
                .ToList();
            Assert.Equal(expected, actual);
            Assert.Equal(expected.Count, (int)family.Count);
        }, iter: 200);

    [Fact]
    public void Every_importance_measure_matches_its_definition_by_brute_force() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 12);
            var table = BruteForce.TruthTable(g);
            var p = BruteForce.Probability(g, table);
            var result = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { ComputeCutSets = false });
            for (var e = 0; e < g.BasicEvents.Length; e++)
            {
                var p1 = BruteForce.Probability(g, table, e, true);
                var p0 = BruteForce.Probability(g, table, e, false);
                var pe = g.BasicEvents[e].Probability.Value;
                var imp = result.Importance[e];
                Assert.Equal(g.BasicEvents[e].Name, imp.Event);
                Assert.Equal(p1 - p0, imp.Birnbaum, Tolerance);
                if (p > 1e-6)
                {
                    Assert.Equal(pe * (p1 - p0) / p, imp.Criticality, 1e-6);
                    Assert.Equal((p - p0) / p, imp.FussellVesely, 1e-6);
                    Assert.Equal(p1 / p, imp.RiskAchievementWorth, 1e-6);
                }

                if (p0 > 1e-6)
                {
                    Assert.Equal(p / p0, imp.RiskReductionWorth, 1e-6 * Math.Max(1, p / p0));
                }
            }
        }, iter: 200);

    [Fact]
    public void Probability_of_a_coherent_tree_equals_inclusion_exclusion_over_its_cut_sets() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 14, coherent: true);
            var result = FaultTreeAnalyzer.Analyze(g);
            var sets = result.CutSets!.Enumerate().Select(Mask).ToList();
            if (sets.Count > 14)
            {
                return; // 2^k terms: keep the oracle cheap; other seeds cover the property.
            }

            var probs = g.BasicEvents.Select(e => e.Probability.Value).ToArray();
            var sum = 0.0;
            for (var subset = 1; subset < 1 << sets.Count; subset++)
            {
                var union = 0;
                for (var i = 0; i < sets.Count; i++)
                {
                    if ((subset >> i & 1) == 1)
                    {
                        union |= sets[i];
                    }
                }

                var term = 1.0;
                for (var e = 0; e < probs.Length; e++)
                {
                    if ((union >> e & 1) == 1)
                    {
                        term *= probs[e];
                    }
                }

                sum += System.Numerics.BitOperations.PopCount((uint)subset) % 2 == 1 ? term : -term;
            }

            Assert.Equal(sum, result.Probability.Value, 1e-9);
        }, iter: 300);

    [Fact]
    public void Rare_event_sum_equals_the_sum_of_the_enumerated_cut_set_probabilities() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 14);
            var family = FaultTreeAnalyzer.Analyze(g).CutSets!;
            Assert.Equal(family.Enumerate().Sum(c => c.Probability.Value), family.RareEvent, 1e-9);
        }, iter: 200);

    [Fact]
    public void Fixing_an_event_gives_the_conditional_probabilities_behind_the_birnbaum_factor() =>
        Seeds.Sample(seed =>
        {
            var g = RandomGraphs.Make(seed, 12);
            var e = seed % g.BasicEvents.Length;
            var p1 = FaultTreeAnalyzer.Analyze(g.WithFixedEvents(new Dictionary<int, bool> { [e] = true }), new AnalysisOptions { ComputeCutSets = false }).Probability.Value;
            var p0 = FaultTreeAnalyzer.Analyze(g.WithFixedEvents(new Dictionary<int, bool> { [e] = false }), new AnalysisOptions { ComputeCutSets = false }).Probability.Value;
            var birnbaum = FaultTreeAnalyzer.Analyze(g, new AnalysisOptions { ComputeCutSets = false }).Importance[e].Birnbaum;
            Assert.Equal(p1 - p0, birnbaum, Tolerance);
        }, iter: 200);

    private static int Mask(int state) => state;

    private static int Mask(CutSet c)
    {
        Assert.DoesNotContain(c.Literals, l => l.Negated);
        return c.Literals.Sum(l => 1 << l.Event);
    }
}
