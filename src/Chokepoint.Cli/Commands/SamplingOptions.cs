using System.CommandLine;
using Chokepoint.Analysis.Uncertainty;

namespace Chokepoint.Cli.Commands;

/// <summary>The Monte Carlo options over share ranges, shared by scenario, recover and analyze.</summary>
internal sealed class SamplingOptions
{
    public Option<string?> Samples { get; } = new("--samples") { Description = "Monte Carlo samples over the providers' share_range (default 0: none). Ctrl-C stops and reports the samples so far." };
    public Option<string?> Seed { get; } = new("--seed") { Description = "Random seed (default 1); the same seed gives the same bands." };

    public void AddTo(Command command)
    {
        command.Options.Add(Samples);
        command.Options.Add(Seed);
    }

    public CliFields AddTo(CliFields fields) => fields.Add("samples", Samples).Add("seed", Seed);

    public static string Text(Band b, Func<double, string> format) => double.IsNaN(b.P50)
        ? "none (no samples ran)"
        : $"{format(b.P50)} (5–95%: {format(b.P5)} to {format(b.P95)})";

    public static string Note(SampleCount s) => s.Complete
        ? $"{s.Done} samples, seed {s.Seed}"
        : s.Done == 0 ? $"stopped before the first of {s.Requested} samples (seed {s.Seed}): too few samples for bands"
        : $"stopped after {s.Done} of {s.Requested} samples (seed {s.Seed}): bands from the samples so far";
}
