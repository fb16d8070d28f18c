using System.CommandLine;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Cli.Output;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint scenario MODEL --restrict US,NL,JP</c>: what an export control does at its start.</summary>
internal static class ScenarioCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var analysis = new AnalysisOptions();
        var scenario = new ScenarioOptions();
        var command = new Command("scenario", "Run an export-control scenario: which components fail, the accessible capacity of every component and of the target, and how each failure reaches the target.") { file };
        scenario.AddTo(command);
        analysis.AddTo(command, withOrder: false);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var result = ScenarioAnalysis.Run(model, scenario.Spec(parse, model, analysis));
            if (parse.GetValue(analysis.Json))
            {
                Json.Write(context.Out, ToJson(result));
                return ExitCodes.Ok;
            }

            var heading = $"scenario {result.Name}: {string.Join(", ", result.Restricted)} restrict home {result.Home}" + (result.Reach ? " with extraterritorial reach" : "") +
                (result.ScopeLayers.Count + result.ScopeComponents.Count > 0 ? $", scope {string.Join(", ", result.ScopeLayers.Concat(result.ScopeComponents))}" : "") +
                $"\ntarget {result.Target}: {(result.TargetAvailable ? "still available" : "CUT")}, capacity {Report.Percent(result.TargetCapacity)} (was {Report.Percent(result.TargetBaselineCapacity)})";
            Report.Render(context, heading, [
                new TableSection($"{result.Failures.Count} components fail, upstream first", ["component", "capacity before", "cause", "path to the target"],
                    result.Failures.Select(f => (IReadOnlyList<string>)[f.Component, Report.Percent(result.BaselineCapacity[f.Component]), f.RootCause ? "restricted" : "an input failed",
                        f.PathToTarget.Count == 0 ? "(not needed by the target)" : string.Join(" → ", f.PathToTarget)]).ToList()),
                new TableSection("capacity that fell (others unchanged)", ["component", "before", "after"],
                    result.Capacity.Where(kv => kv.Value < result.BaselineCapacity[kv.Key] - 1e-12 && kv.Value > 0)
                        .Select(kv => (IReadOnlyList<string>)[kv.Key, Report.Percent(result.BaselineCapacity[kv.Key]), Report.Percent(kv.Value)]).ToList()),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static JsonObject ToJson(ScenarioResult r)
    {
        var capacity = new JsonObject();
        foreach (var (id, value) in r.Capacity)
        {
            capacity[id] = Json.Number(value);
        }

        return new JsonObject
        {
            ["scenario"] = r.Name,
            ["home"] = r.Home,
            ["target"] = r.Target,
            ["restricted"] = AnalysisJson.Strings(r.Restricted),
            ["reach"] = r.Reach,
            ["scope"] = new JsonObject { ["layers"] = AnalysisJson.Strings(r.ScopeLayers), ["components"] = AnalysisJson.Strings(r.ScopeComponents) },
            ["target_available"] = r.TargetAvailable,
            ["target_capacity"] = Json.Number(r.TargetCapacity),
            ["target_baseline_capacity"] = Json.Number(r.TargetBaselineCapacity),
            ["failed"] = AnalysisJson.Strings(r.Failed),
            ["failures"] = new JsonArray(r.Failures.Select(f => (JsonNode)new JsonObject
            {
                ["component"] = f.Component,
                ["root_cause"] = f.RootCause,
                ["path_to_target"] = AnalysisJson.Strings(f.PathToTarget),
            }).ToArray()),
            ["capacity"] = capacity,
        };
    }
}
