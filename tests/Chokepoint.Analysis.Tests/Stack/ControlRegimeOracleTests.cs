using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using CsCheck;

namespace Chokepoint.Analysis.Tests.Stack;

/// <summary>The compiled stack against <see cref="RegimeBruteForce"/>, DESIGN.md section 2a read plainly, on random models with control regimes.</summary>
public sealed class ControlRegimeOracleTests
{
    /// <summary>One run's options: reach, the uniform de minimis, standing controls, friendly jurisdictions, and which target decides the controls in force.</summary>
    private sealed record Run(bool Reach, double DeMinimis, bool Standing, IReadOnlyList<string> Friendly, bool OtherTarget)
    {
        public PerspectiveOptions Options(EventKind events = EventKind.Jurisdictions) =>
            new() { Reach = Reach, DeMinimis = DeMinimis, Standing = Standing, Friendly = Friendly, Events = events };

        public string Target(StackModel model) => model.Targets[OtherTarget ? 1 : 0].Component;

        public RegimeBruteForce Oracle(StackModel model, bool firms = false) =>
            new(model, model.Home!, Target(model), Reach, DeMinimis, firms, Standing, Friendly);

        public override string ToString() =>
            $"reach {Reach}, de minimis {DeMinimis}, standing {Standing}, friendly [{string.Join(",", Friendly)}], target {(OtherTarget ? "other" : "target")}";
    }

    /// <summary>Runs with reach on or off, de minimis 0 to 0.5, standing controls on or off, and in about a third of them one or two friendly jurisdictions.</summary>
    private static Gen<Run> Runs(bool friendly) =>
        from reach in Gen.Bool
        from deMinimis in Gen.OneOf(0.0, 0.1, 0.25, 0.5)
        from standing in Gen.Bool
        from withFriendly in Gen.Int[0, 2]
        from picks in Gen.Int[0, 7].Array[1, 2]
        from other in Gen.Bool
        select new Run(reach, deMinimis, standing, friendly && withFriendly == 0 ? picks.Distinct().Select(i => $"J{i}").ToList() : [], other);

    /// <summary>A run's friendly picks that name jurisdictions the model has.</summary>
    private static Run Fit(Run run, StackModel model) =>
        run with { Friendly = run.Friendly.Where(f => model.Jurisdictions.Any(j => j.Id == f)).ToList() };

    private static bool[] Restricted(int n, int mask) => Enumerable.Range(0, n).Select(i => (mask & (1 << i)) != 0).ToArray();

    private static HashSet<string> Set(IReadOnlyList<string> events, bool[] restricted) =>
        Enumerable.Range(0, events.Count).Where(i => restricted[i]).Select(i => events[i]).ToHashSet();

    private static void AssertSameEvaluations(CompiledStack stack, RegimeBruteForce oracle)
    {
        Assert.Equal(oracle.Events(), stack.Perspective.Events);
        Assert.Equal(oracle.ControlsInForce(), stack.ControlsInForce.Select(k => k.Name));
        var n = stack.EventCount;
        var normal = stack.Evaluate(new bool[n]);
        for (var mask = 0; mask < 1 << n; mask++)
        {
            var restricted = Restricted(n, mask);
            var s = Set(stack.Perspective.Events, restricted);
            var state = stack.Evaluate(restricted);
            var expected = oracle.Evaluate(s);
            for (var c = 0; c < stack.ComponentCount; c++)
            {
                var id = stack.Ids[c];
                var under = $"{id} under {{{string.Join(",", s)}}}";
                Assert.True(expected[id].Available == state.Available[c], $"availability of {under}: expected {expected[id].Available}");
                Assert.True(Math.Abs(expected[id].Capacity - state.Capacity[c]) < 1e-9, $"capacity of {under}: expected {expected[id].Capacity}, actual {state.Capacity[c]}");
                var retained = oracle.Retained(id, s);
                Assert.Equal(retained is null, normal.Capacity[c] == 0);
                if (retained is { } r)
                {
                    Assert.Equal(r, state.Capacity[c] / normal.Capacity[c], 9);
                }
            }
        }
    }

    private static void AssertSameCutSets(CompiledStack stack, RegimeBruteForce oracle, string target, int? maxOrder = null)
    {
        var expected = oracle.MinimalCutSets(maxOrder ?? int.MaxValue);
        var actual = CutSetAnalysis.Run(stack, stack.IndexOf(target), maxOrder);
        Assert.Equal(expected.Select(s => "{" + string.Join(",", s) + "}"), actual.Sets.Select(s => "{" + string.Join(",", s.Members) + "}"));
        if (maxOrder is null)
        {
            Assert.Equal(expected.Count, (int)actual.Count);
        }
    }

    [Fact]
    public void Availability_and_capacity_match_brute_force_with_ownership_declared_rules_and_standing_controls() =>
        Gen.Select(RandomStacks.ModelWithRegimes(), Runs(friendly: true)).Sample((model, run) =>
        {
            run = Fit(run, model);
            var stack = new CompiledStack(Perspective.Create(model, run.Options()), run.Target(model));
            AssertSameEvaluations(stack, run.Oracle(model));
        }, iter: 150, print: x => $"{ModelText.Of(x.Item1)}\n{x.Item2}");

    [Fact]
    public void Minimal_cut_sets_on_top_of_the_controls_in_force_match_brute_force() =>
        Gen.Select(RandomStacks.ModelWithRegimes(), Runs(friendly: true), Gen.Int[0, 3]).Sample((model, run, limit) =>
        {
            run = Fit(run, model);
            var target = run.Target(model);
            var stack = new CompiledStack(Perspective.Create(model, run.Options()), target);
            AssertSameCutSets(stack, run.Oracle(model), target, limit == 0 ? null : limit);
        }, iter: 1000, print: x => $"{ModelText.Of(x.Item1)}\n{x.Item2}, max order {x.Item3}");

    [Fact]
    public void A_model_without_control_regimes_analyses_the_same_with_or_without_standing_controls_and_as_in_section_2() =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 8, maxComponents: 20), Gen.Bool, Gen.OneOf(0.1, 0.25, 0.5)).Sample((model, reach, deMinimis) =>
        {
            var target = model.Targets[0].Component;
            var on = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach, DeMinimis = deMinimis, Standing = true }), target);
            var off = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Reach = reach, DeMinimis = deMinimis, Standing = false }), target);
            var plain = new BruteForce(model, model.Home!, reach, deMinimis);
            var regimes = new RegimeBruteForce(model, model.Home!, target, reach, deMinimis);
            Assert.Equal(plain.Events(), on.Perspective.Events);
            Assert.Equal(plain.Events(), off.Perspective.Events);
            Assert.Equal(plain.Events(), regimes.Events());
            var n = on.EventCount;
            for (var mask = 0; mask < 1 << n; mask++)
            {
                var restricted = Restricted(n, mask);
                var s = Set(on.Perspective.Events, restricted);
                var a = on.Evaluate(restricted);
                var b = off.Evaluate(restricted);
                Assert.Equal(a.Available, b.Available);
                Assert.Equal(a.Capacity, b.Capacity);
                var expected = regimes.Evaluate(s);
                for (var c = 0; c < on.ComponentCount; c++)
                {
                    var id = on.Ids[c];
                    Assert.Equal(plain.Available(id, s), a.Available[c]);
                    Assert.Equal(plain.Capacity(id, s), a.Capacity[c], 9);
                    Assert.Equal(plain.Available(id, s), expected[id].Available);
                    Assert.Equal(plain.Capacity(id, s), expected[id].Capacity, 9);
                }
            }

            var cuts = plain.MinimalCutSets(target).Select(s => string.Join(",", s)).ToList();
            Assert.Equal(cuts, CutSetAnalysis.Run(on, on.IndexOf(target)).Sets.Select(s => string.Join(",", s.Members)));
            Assert.Equal(cuts, CutSetAnalysis.Run(off, off.IndexOf(target)).Sets.Select(s => string.Join(",", s.Members)));
        }, iter: 100, print: x => $"{ModelText.Of(x.Item1)}\nreach {x.Item2}, de minimis {x.Item3}");

    [Fact]
    public void With_firms_as_events_and_standing_controls_by_jurisdictions_the_cut_sets_match_brute_force() =>
        FirmsMatchBruteForce(relocate: true);

    /// <summary>The same with every firm producing only at its headquarters, so that no firm produces both at home and abroad.</summary>
    [Fact]
    public void With_firms_producing_at_their_headquarters_as_events_and_standing_controls_the_cut_sets_match_brute_force() =>
        FirmsMatchBruteForce(relocate: false);

    private static void FirmsMatchBruteForce(bool relocate) =>
        Gen.Select(RandomStacks.ModelWithRegimes(relocate: relocate), Runs(friendly: false)).Sample((model, run) =>
        {
            var target = run.Target(model);
            var stack = new CompiledStack(Perspective.Create(model, run.Options(EventKind.Firms)), target);
            var oracle = run.Oracle(model, firms: true);
            AssertSameEvaluations(stack, oracle);
            AssertSameCutSets(stack, oracle, target);
        }, iter: 200, print: x => $"{ModelText.Of(x.Item1)}\n{x.Item2}");
}
