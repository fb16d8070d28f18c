using System.Text.Json.Nodes;
using Chokepoint.Analysis.Uncertainty;

namespace Chokepoint.Formats.Results;

/// <summary>
/// The Monte Carlo bands' JSON, the same from the command line's <c>--samples</c> and from the
/// service's jobs. A run stopped before its first batch has no samples: its bands and fractions are
/// null (undefined), and <c>samples.done</c> says 0.
/// </summary>
public static class UncertaintyJson
{
    public static JsonObject Band(Band b) => new()
    {
        ["p5"] = Json.Number(b.P5),
        ["p50"] = Json.Number(b.P50),
        ["p95"] = Json.Number(b.P95),
        ["mean"] = Json.Number(b.Mean),
    };

    public static JsonObject Count(SampleCount s) => new() { ["done"] = s.Done, ["requested"] = s.Requested, ["seed"] = s.Seed, ["complete"] = s.Complete };

    /// <summary>The bands of a scenario: the target's capacity, the fraction of samples that cut it, and each lowered component's capacity.</summary>
    public static JsonObject Scenario(ScenarioBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var capacity = new JsonObject();
        foreach (var (id, band) in bands.Capacity)
        {
            capacity[id] = Band(band);
        }

        return new JsonObject
        {
            ["samples"] = Count(bands.Samples),
            ["target_capacity"] = Band(bands.TargetCapacity),
            ["target_retained"] = bands.TargetRetained is { } retained ? Band(retained) : null,
            ["cut_fraction"] = Json.Number(bands.CutFraction),
            ["capacity"] = capacity,
        };
    }

    public static JsonObject Recovery(RecoveryBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        return new JsonObject
        {
            ["samples"] = Count(bands.Samples),
            ["recovery_month"] = Band(bands.RecoveryMonth),
            ["recovered_fraction"] = Json.Number(bands.RecoveredFraction),
            ["never_cut_fraction"] = Json.Number(bands.NeverCutFraction),
            ["final_target_capacity"] = Band(bands.FinalTargetCapacity),
            ["final_target_retained"] = bands.FinalTargetRetained is { } retained ? Band(retained) : null,
        };
    }

    public static JsonObject Analysis(AnalysisBands bands)
    {
        ArgumentNullException.ThrowIfNull(bands);
        var after = new JsonObject();
        foreach (var (id, band) in bands.CapacityAfter)
        {
            var b = Band(band);
            b["cut_power_fraction"] = Json.Number(bands.CutPowerFraction[id]);
            b["retained"] = bands.RetainedAfter.TryGetValue(id, out var retained) ? Band(retained) : null;
            after[id] = b;
        }

        return new JsonObject
        {
            ["samples"] = Count(bands.Samples),
            ["probability"] = bands.CutProbability is { } p ? Band(p) : null,
            ["baseline_capacity"] = Band(bands.BaselineCapacity),
            ["leverage_capacity_after"] = after,
        };
    }
}
