using System.Text.Json.Serialization.Metadata;
using Chokepoint.Analysis.Uncertainty;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>A Monte Carlo band: the 5th, 50th and 95th percentiles and the mean; null over no samples.</summary>
public sealed record BandJson(double P5, double P50, double P95, double Mean)
{
    public static BandJson From(Band b)
    {
        ArgumentNullException.ThrowIfNull(b);
        return new(b.P5, b.P50, b.P95, b.Mean);
    }

    public static BandJson? Maybe(Band? b) => b is null ? null : From(b);
}

/// <summary>How many samples ran of how many asked, with which seed.</summary>
public sealed record SamplesJson(int Done, int Requested, int Seed, bool Complete)
{
    public static SamplesJson From(SampleCount s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return new(s.Done, s.Requested, s.Seed, s.Complete);
    }
}

/// <summary>
/// The bands of a scenario: the target's capacity, the fraction of samples that cut it, and each
/// lowered component's capacity. The same under <c>scenario --samples</c> and as the service's
/// <c>scenario-samples</c> job. A run stopped before its first batch has no samples: its bands and
/// fractions are null (undefined), and <c>samples.done</c> says 0.
/// </summary>
public sealed record ScenarioBandsDocument(SamplesJson Samples, BandJson TargetCapacity, BandJson? TargetRetained, double CutFraction, IReadOnlyDictionary<string, BandJson> Capacity) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ScenarioBandsDocument;

    public static ScenarioBandsDocument From(ScenarioBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        return new(
            SamplesJson.From(bands.Samples),
            BandJson.From(bands.TargetCapacity),
            BandJson.Maybe(bands.TargetRetained),
            bands.CutFraction,
            Shared.Ordered(bands.Capacity, kv => kv.Key, kv => BandJson.From(kv.Value)));
    }
}

/// <summary>The bands of a recovery.</summary>
public sealed record RecoveryBandsJson(SamplesJson Samples, BandJson RecoveryMonth, double RecoveredFraction, double NeverCutFraction, BandJson FinalTargetCapacity, BandJson? FinalTargetRetained)
{
    public static RecoveryBandsJson From(RecoveryBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        return new(
            SamplesJson.From(bands.Samples),
            BandJson.From(bands.RecoveryMonth),
            bands.RecoveredFraction,
            bands.NeverCutFraction,
            BandJson.From(bands.FinalTargetCapacity),
            BandJson.Maybe(bands.FinalTargetRetained));
    }
}

/// <summary>The bands of an analysis: the probability of a cut, the baseline capacity, and each holder's capacity after it restricts.</summary>
public sealed record AnalysisBandsJson(SamplesJson Samples, BandJson? Probability, BandJson BaselineCapacity, IReadOnlyDictionary<string, AnalysisBandsJson.AfterJson> LeverageCapacityAfter)
{
    /// <summary>A holder's capacity-after band, with the fraction of samples in which it alone cuts and the band of the share retained.</summary>
    public sealed record AfterJson(double P5, double P50, double P95, double Mean, double CutPowerFraction, BandJson? Retained);

    public static AnalysisBandsJson From(AnalysisBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        return new(
            SamplesJson.From(bands.Samples),
            BandJson.Maybe(bands.CutProbability),
            BandJson.From(bands.BaselineCapacity),
            Shared.Ordered(bands.CapacityAfter, kv => kv.Key, kv => new AfterJson(
                kv.Value.P5,
                kv.Value.P50,
                kv.Value.P95,
                kv.Value.Mean,
                bands.CutPowerFraction[kv.Key],
                bands.RetainedAfter.TryGetValue(kv.Key, out var retained) ? BandJson.From(retained) : null)));
    }
}
