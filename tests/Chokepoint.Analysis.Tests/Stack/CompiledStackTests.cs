using Chokepoint.Analysis.Stack;
using CsCheck;

namespace Chokepoint.Analysis.Tests.Stack;

public sealed class CompiledStackTests
{
    [Fact]
    public void Availability_and_capacity_match_brute_force_under_every_restriction_set() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 10, maxComponents: 30), Gen.Bool).Sample((model, reach) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach }), null);
            var oracle = new BruteForce(model, model.Home!, reach);
            Assert.Equal(oracle.Events(), stack.Perspective.Events);
            var n = stack.EventCount;
            for (var mask = 0; mask < 1 << n; mask++)
            {
                var restricted = Enumerable.Range(0, n).Select(i => (mask & (1 << i)) != 0).ToArray();
                var s = Enumerable.Range(0, n).Where(i => restricted[i]).Select(i => stack.Perspective.Events[i]).ToHashSet();
                var state = stack.Evaluate(restricted);
                for (var c = 0; c < stack.ComponentCount; c++)
                {
                    var id = stack.Ids[c];
                    Assert.Equal(oracle.Available(id, s), state.Available[c]);
                    Assert.Equal(oracle.Capacity(id, s), state.Capacity[c], 9);
                }
            }
        }, iter: 60);

    [Fact]
    public void Capacity_never_rises_when_a_restriction_is_added() =>
        Gen.Select(RandomStacks.Model(), Gen.Bool, Gen.Int[0, int.MaxValue], Gen.Int[0, 63]).Sample((model, reach, mask, extra) =>
        {
            var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach }), null);
            var n = stack.EventCount;
            if (n == 0)
            {
                return;
            }

            var before = Enumerable.Range(0, n).Select(i => (mask & (1 << (i % 31))) != 0).ToArray();
            var after = before.ToArray();
            after[extra % n] = true;
            var a = stack.Evaluate(before);
            var b = stack.Evaluate(after);
            for (var c = 0; c < stack.ComponentCount; c++)
            {
                Assert.True(b.Capacity[c] <= a.Capacity[c] + 1e-12);
                Assert.True(!b.Available[c] || a.Available[c]);
            }
        }, iter: 200);

    [Fact]
    public void A_stack_with_sampled_shares_evaluates_like_the_model_compiled_with_those_shares() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 8, maxComponents: 20), Gen.Bool, Gen.Int).Sample((model, reach, seed) =>
        {
            var options = new PerspectiveOptions { Reach = reach };
            var rng = new Random(seed);
            var shares = model.Components.Select(c => c.Providers.Select(_ => rng.Next(0, 11) / 10.0).ToArray()).ToArray();
            var resampled = model with
            {
                Components = model.Components.Select((c, i) => c with { Providers = c.Providers.Select((p, k) => p with { Share = shares[i][k] }).ToList() }).ToList(),
            };
            var viaShares = new CompiledStack(Perspective.Create(model, options), null).WithShares(shares);
            var compiled = new CompiledStack(Perspective.Create(resampled, options), null);
            var n = compiled.EventCount;
            for (var mask = 0; mask < Math.Min(1 << n, 256); mask++)
            {
                var restricted = Enumerable.Range(0, n).Select(i => (mask & (1 << (i % 8))) != 0).ToArray();
                var a = viaShares.Evaluate(restricted);
                var b = compiled.Evaluate(restricted);
                Assert.Equal(b.Available, a.Available);
                Assert.Equal(b.Capacity, a.Capacity);
            }
        }, iter: 100);
}
