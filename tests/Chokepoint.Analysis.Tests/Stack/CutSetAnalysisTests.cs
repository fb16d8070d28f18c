using Chokepoint.Analysis.Stack;
using CsCheck;

namespace Chokepoint.Analysis.Tests.Stack;

public sealed class CutSetAnalysisTests
{
    [Fact]
    public void Minimal_cut_sets_match_brute_force_over_all_subsets() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 10, maxComponents: 30), Gen.Bool).Sample((model, reach) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach }), null);
            var target = stack.IndexOf(model.Targets[0].Component);
            var expected = new BruteForce(model, model.Home!, reach).MinimalCutSets(model.Targets[0].Component);
            var actual = CutSetAnalysis.Run(stack, target);
            Assert.Equal(expected.Select(s => string.Join(",", s)), actual.Sets.Select(s => string.Join(",", s.Members)));
            Assert.Equal(expected.Count, (int)actual.Count);
        }, iter: 150);

    [Fact]
    public void An_order_limit_keeps_exactly_the_small_cut_sets() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 8, maxComponents: 20), Gen.Int[1, 3]).Sample((model, k) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions()), null);
            var target = stack.IndexOf(model.Targets[0].Component);
            var all = CutSetAnalysis.Run(stack, target);
            var limited = CutSetAnalysis.Run(stack, target, maxOrder: k);
            Assert.Equal(all.Sets.Where(s => s.Order <= k).Select(s => s.ToString()), limited.Sets.Select(s => s.ToString()));
        }, iter: 100);

    [Fact]
    public void The_probability_of_a_cut_matches_brute_force_over_all_states() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 8, maxComponents: 20), Gen.Double[0.01, 0.9].Array[10]).Sample((model, p) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions()), null);
            var target = stack.IndexOf(model.Targets[0].Component);
            var n = stack.EventCount;
            var probabilities = Enumerable.Range(0, n).Select(i => p[i]).ToArray();
            var expected = 0.0;
            for (var mask = 0; mask < 1 << n; mask++)
            {
                var restricted = Enumerable.Range(0, n).Select(i => (mask & (1 << i)) != 0).ToArray();
                if (!stack.Evaluate(restricted).Available[target])
                {
                    expected += Enumerable.Range(0, n).Aggregate(1.0, (acc, i) => acc * (restricted[i] ? p[i] : 1 - p[i]));
                }
            }

            var actual = CutSetAnalysis.Run(stack, target, probabilities: probabilities);
            Assert.Equal(expected, actual.Probability!.Value, 9);
        }, iter: 100);

    [Fact]
    public void With_firms_as_events_the_cut_sets_match_brute_force_too() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 8, maxComponents: 25), Gen.Bool).Sample((model, reach) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach, Events = EventKind.Firms }), null);
            var oracle = new BruteForce(model, model.Home!, reach, firms: true);
            Assert.Equal(oracle.Events(), stack.Perspective.Events);
            var expected = oracle.MinimalCutSets(model.Targets[0].Component);
            var actual = CutSetAnalysis.Run(stack, stack.IndexOf(model.Targets[0].Component));
            Assert.Equal(expected.Select(s => string.Join(",", s)), actual.Sets.Select(s => string.Join(",", s.Members)));
        }, iter: 150);
}
