using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Uncertainty;
using static Chokepoint.Analysis.Tests.ModelBuilder;

namespace Chokepoint.Analysis.Tests.Uncertainty;

public sealed class MonteCarloTests
{
    /// <summary>A phone made in China from chips made abroad and at home, every share uncertain.</summary>
    private static StackModel Uncertain(double halfWidth)
    {
        Provider Ranged(Provider p) => p with { ShareRange = new ShareRange(Math.Max(0, p.Share!.Value - halfWidth), Math.Min(1, p.Share!.Value + halfWidth)) };
        var chip = C("chip", "chip", providers: [Ranged(In("US", 0.5)), Ranged(In("JP", 0.3)), Ranged(Org("smic", 0.15))]);
        var phone = C("phone", "device", [Needs("chip")], Ranged(Org("huawei", 0.4)));
        return Base(chip, phone) with { Home = "CN", Targets = [new Target { Id = "t", Component = "phone" }] };
    }

    private static readonly ScenarioSpec UsRestricts = new() { Restrict = ["US"] };

    [Fact]
    public void The_median_converges_to_the_point_estimate_as_ranges_shrink()
    {
        var point = ScenarioAnalysis.Run(Uncertain(0), UsRestricts).TargetCapacity;
        var errors = new[] { 0.1, 0.01, 0.001 }.Select(w => Math.Abs(UncertaintyAnalysis.Scenario(Uncertain(w), UsRestricts, 400, seed: 7, cancel: TestContext.Current.CancellationToken).TargetCapacity.P50 - point)).ToList();
        Assert.True(errors[2] < 1e-3, $"errors {string.Join(", ", errors)}");
        Assert.True(errors[0] >= errors[2]);
    }

    [Fact]
    public void Samples_with_another_seed_fall_within_the_bands_about_90_percent_of_the_time()
    {
        var model = Uncertain(0.1);
        var bands = UncertaintyAnalysis.Scenario(model, UsRestricts, 4000, seed: 1, cancel: TestContext.Current.CancellationToken);
        var others = MonteCarlo.Run(4000, 2, (_, rng) => ScenarioAnalysis.Run(MonteCarlo.SampleShares(model, rng), UsRestricts).TargetCapacity, cancel: TestContext.Current.CancellationToken);
        var inside = others.Count(bands.TargetCapacity.Contains) / (double)others.Count;
        // 90% nominal; 4000 samples put the standard error near 0.5%.
        Assert.InRange(inside, 0.87, 0.93);
    }

    [Fact]
    public void The_same_seed_gives_the_same_bands_and_another_seed_different_ones()
    {
        var model = Uncertain(0.1);
        var a = UncertaintyAnalysis.Scenario(model, UsRestricts, 300, seed: 5, cancel: TestContext.Current.CancellationToken);
        var b = UncertaintyAnalysis.Scenario(model, UsRestricts, 300, seed: 5, cancel: TestContext.Current.CancellationToken);
        var c = UncertaintyAnalysis.Scenario(model, UsRestricts, 300, seed: 6, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(a.TargetCapacity, b.TargetCapacity);
        Assert.NotEqual(a.TargetCapacity, c.TargetCapacity);
    }

    [Fact]
    public void A_cancelled_run_returns_exactly_the_first_samples_of_the_full_run()
    {
        using var cancel = new CancellationTokenSource();
        var partial = MonteCarlo.Run(1000, 3, (i, rng) => (i, rng.NextDouble()), new Progress(done => { if (done >= 128) { cancel.Cancel(); } }), cancel.Token);
        var full = MonteCarlo.Run(1000, 3, (i, rng) => (i, rng.NextDouble()), cancel: TestContext.Current.CancellationToken);
        Assert.True(partial.Count is >= 128 and < 1000);
        Assert.Equal(full.Take(partial.Count), partial);
    }

    [Fact]
    public void Analysis_bands_cover_p_cut_and_leverage()
    {
        var model = Uncertain(0.05) with
        {
            Jurisdictions = [.. Uncertain(0).Jurisdictions.Select(j => j with { RestrictionProbability = j.Id is "US" ? 0.3 : j.Id is "JP" ? 0.1 : null })],
        };
        var bands = UncertaintyAnalysis.Analysis(model, new AnalysisRequest(), 200, seed: 1, cancel: TestContext.Current.CancellationToken);
        Assert.Equal(200, bands.Samples.Done);
        Assert.NotNull(bands.CutProbability);
        Assert.InRange(bands.CutProbability!.P50, 0, 1);
        Assert.Contains("US", bands.CapacityAfter.Keys);
    }

    private sealed class Progress(Action<int> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value.Done);
    }
}
