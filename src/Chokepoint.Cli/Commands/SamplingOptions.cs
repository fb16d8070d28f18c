using System.CommandLine;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary>The Monte Carlo options over share ranges, shared by scenario, recover and analyze.</summary>
internal sealed class SamplingOptions
{
    public Option<int> Samples { get; } = new("--samples") { Description = "Monte Carlo samples over the providers' share_range (0: none). Ctrl-C stops and reports the samples so far.", DefaultValueFactory = _ => 0 };
    public Option<int> Seed { get; } = new("--seed") { Description = "Random seed; the same seed gives the same bands.", DefaultValueFactory = _ => 1 };

    public void AddTo(Command command)
    {
        command.Options.Add(Samples);
        command.Options.Add(Seed);
    }

    public int Count(ParseResult parse)
    {
        var n = parse.GetValue(Samples);
        return n < 0 ? throw new CliInputException("--samples must be 0 or more.") : n;
    }

    public static JsonObject BandJson(Band b) => new()
    {
        ["p5"] = Json.Number(b.P5),
        ["p50"] = Json.Number(b.P50),
        ["p95"] = Json.Number(b.P95),
        ["mean"] = Json.Number(b.Mean),
    };

    public static JsonObject CountJson(SampleCount s) => new() { ["done"] = s.Done, ["requested"] = s.Requested, ["seed"] = s.Seed, ["complete"] = s.Complete };

    public static string Text(Band b, Func<double, string> format) => $"{format(b.P50)} (5–95%: {format(b.P5)} to {format(b.P95)})";

    public static string Note(SampleCount s) => s.Complete
        ? $"{s.Done} samples, seed {s.Seed}"
        : $"stopped after {s.Done} of {s.Requested} samples (seed {s.Seed}): bands from the samples so far";
}
