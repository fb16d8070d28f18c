using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint scenario MODEL --restrict US,NL,JP</c>: what an export control does at its start.</summary>
internal static class ScenarioCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var analysis = new StackOptions();
        var scenario = new ScenarioOptions();
        var sampling = new SamplingOptions();
        var cluster = new ClusterOptions();
        var command = new Command("scenario", "Run an export-control scenario: which components fail, the accessible capacity of every component and of the target, and how each failure reaches the target.") { file };
        scenario.AddTo(command);
        analysis.AddTo(command, withOrder: false);
        sampling.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var fields = Operations.RecordedFields.Recording(sampling.AddTo(scenario.AddTo(analysis.Fields(parse))));
            var request = Operations.ScenarioOperation.Read(fields, model);
            using var units = cluster.Units(parse, context);
            var run = Progress.Run(context, "samples", request.Sampling.Samples, progress => Operations.UnitRuns.Scenario(model, request, units?.For(model, fields), progress, context.Cancel));
            var (result, bands) = (run.Scenario, run.Bands);
            if (parse.GetValue(analysis.Json))
            {
                Json.Write(context.Out, Operations.ScenarioOperation.Json(run));
                return ExitCodes.Ok;
            }

            if (bands is not null)
            {
                context.Out.WriteLine($"over share uncertainty ({SamplingOptions.Note(bands.Samples)}): target capacity {SamplingOptions.Text(bands.TargetCapacity, Report.Percent)}; cut in {Report.Percent(bands.CutFraction)} of samples");
            }

            var heading = $"scenario {result.Name}: {string.Join(", ", result.Restricted)} restrict home {result.Home}" + (result.Reach ? " with extraterritorial reach" : "") +
                (result.ScopeLayers.Count + result.ScopeComponents.Count > 0 ? $", scope {string.Join(", ", result.ScopeLayers.Concat(result.ScopeComponents))}" : "") +
                $"\ntarget {result.Target}: {(result.TargetAvailable ? "still available" : "CUT")}, capacity {Report.Percent(result.TargetCapacity)} of world supply (was {Report.Percent(result.TargetBaselineCapacity)}), {Formats.Results.Text.Retained(result.TargetRetained)} of normal output" +
                "\n" + Formats.Results.Text.Controls(result.Controls);
            var retained = result.Retained;
            Report.Render(context, heading, [
                new TableSection($"{result.Failures.Count} components fail, upstream first", ["component", "capacity before", "cause", "path to the target"],
                    result.Failures.Select(f => (IReadOnlyList<string>)[f.Component, Report.Percent(result.BaselineCapacity[f.Component]), f.Cause,
                        f.PathToTarget.Count == 0 ? "(not needed by the target)" : string.Join(" → ", f.PathToTarget)]).ToList()),
                new TableSection("capacity that fell (others unchanged)", ["component", "before", "after", "% of normal output"],
                    result.Capacity.Where(kv => kv.Value < result.BaselineCapacity[kv.Key] - 1e-12 && kv.Value > 0)
                        .Select(kv => (IReadOnlyList<string>)[kv.Key, Report.Percent(result.BaselineCapacity[kv.Key]), Report.Percent(kv.Value),
                            Formats.Results.Text.Retained(retained[kv.Key])]).ToList()),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
