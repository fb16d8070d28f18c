using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using CsCheck;

namespace Chokepoint.Analysis.Tests.Stack;

public sealed class RecoveryTests
{
    private const int Horizon = 30;

    private static Gen<(StackModel Model, bool Reach, int Mask)> Cases =>
        Gen.Select(RandomStacks.Model(maxJurisdictions: 6, maxComponents: 12, withTime: true), Gen.Bool, Gen.Int[1, 63]);

    private static ScenarioSpec Spec(StackModel model, bool reach, int mask, out HashSet<string> restricted)
    {
        var events = Perspective.Create(model, new PerspectiveOptions { Reach = reach }).Events;
        restricted = events.Where((_, i) => (mask & (1 << (i % 6))) != 0).ToHashSet();
        return new ScenarioSpec { Perspective = new PerspectiveOptions { Reach = reach }, Restrict = restricted.ToList() };
    }

    [Fact]
    public void The_target_curve_and_recovery_month_match_brute_force_under_linear_ramps() =>
        Cases.Sample(x =>
        {
            var spec = Spec(x.Model, x.Reach, x.Mask, out var restricted);
            if (restricted.Count == 0)
            {
                return;
            }

            var result = RecoveryAnalysis.Run(x.Model, spec, Horizon);
            var oracle = new BruteForce(x.Model, x.Model.Home!, x.Reach);
            var target = x.Model.Targets[0].Component;
            var expected = Enumerable.Range(0, Horizon + 1).Select(t => oracle.AvailableAt(target, restricted, t)).ToList();
            Assert.Equal(expected, result.TargetAvailable);
            var firstCut = expected.IndexOf(false);
            int? recovery = firstCut < 0 ? null : expected.Skip(firstCut).Select((a, i) => (a, i)).Where(p => p.a).Select(p => (int?)(p.i + firstCut)).FirstOrDefault();
            Assert.Equal(recovery, result.RecoveryMonth);
        }, iter: 150);

    [Fact]
    public void Adding_a_substitution_option_never_makes_any_month_worse() =>
        Gen.Select(Cases, RandomStacks.Substitution(6), Gen.Int[0, 100]).Sample((x, option, pick) =>
        {
            var spec = Spec(x.Model, x.Reach, x.Mask, out var restricted);
            if (restricted.Count == 0)
            {
                return;
            }

            var components = x.Model.Components.ToList();
            var i = pick % components.Count;
            var jurisdictions = x.Model.Jurisdictions.Count;
            var sub = option with { Jurisdiction = $"J{int.Parse(option.Jurisdiction[1..], System.Globalization.CultureInfo.InvariantCulture) % jurisdictions}" };
            components[i] = components[i] with { Substitution = [.. components[i].Substitution, sub] };
            var before = RecoveryAnalysis.Run(x.Model, spec, Horizon);
            var after = RecoveryAnalysis.Run(x.Model with { Components = components }, spec, Horizon);
            for (var t = 0; t <= Horizon; t++)
            {
                Assert.True(after.TargetAvailable[t] || !before.TargetAvailable[t], $"month {t} got worse");
                Assert.True(after.TargetCapacity[t] >= before.TargetCapacity[t] - 1e-12, $"capacity at month {t} fell");
            }

            // Recovery is never slower while the first cut stays where it was.
            if (before.FirstCutMonth == after.FirstCutMonth && before.RecoveryMonth is { } r)
            {
                Assert.True(after.RecoveryMonth is { } r2 && r2 <= r);
            }
        }, iter: 150);

    [Fact]
    public void A_substitute_ramps_linearly_after_its_lead_time()
    {
        Assert.Equal(0, RecoveryAnalysis.ShareAt(0.4, 12, 8, 11));
        Assert.Equal(0, RecoveryAnalysis.ShareAt(0.4, 12, 8, 12));
        Assert.Equal(0.2, RecoveryAnalysis.ShareAt(0.4, 12, 8, 16), 12);
        Assert.Equal(0.4, RecoveryAnalysis.ShareAt(0.4, 12, 8, 40), 12);
        Assert.Equal(0.4, RecoveryAnalysis.ShareAt(0.4, 12, 0, 12), 12);
    }
}
