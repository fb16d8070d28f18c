using System.Text.Json.Nodes;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// Analyses of stored models, with the command line's parameters and JSON: analyze, chokepoints,
/// scenario. Each is stored as a run with its inputs and result.
/// </summary>
internal static class AnalysisEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        Analysis(api, "analyze", "The main analysis of a model for a home, as `chokepoint analyze --json`.", (model, p) =>
            AnalysisJson.Analysis(model.Name, HomeAnalysis.Run(model, Request(p))));
        Analysis(api, "chokepoints", "The minimal cutting coalitions, as `chokepoint chokepoints --json`.", (model, p) =>
        {
            var request = Request(p);
            var (targetId, componentId) = HomeAnalysis.ResolveTarget(model, request.Target);
            var perspective = Perspective.Create(model, request.Perspective);
            var stack = new CompiledStack(perspective);
            var (probabilities, missing) = HomeAnalysis.EventProbabilities(perspective, request.Probabilities);
            var result = CutSetAnalysis.Run(stack, stack.IndexOf(componentId), request.MaxOrder, probabilities);
            return AnalysisJson.Chokepoints(perspective.Home, targetId, componentId, perspective.Events, request.MaxOrder, result, missing);
        });
        Analysis(api, "scenario", "An export-control scenario, as `chokepoint scenario --json`: parameters restrict, scope {layers, components} or scenario (a saved one).", (model, p) =>
            AnalysisJson.Scenario(ScenarioAnalysis.Run(model, ScenarioOf(model, p))));
        Analysis(api, "recover", "A scenario month by month, as `chokepoint recover --json`: the scenario parameters and months (default 60).", (model, p) =>
            AnalysisJson.Recovery(RecoveryAnalysis.Run(model, ScenarioOf(model, p), p?["months"] is JsonValue m ? m.GetValue<int>() : 60)));
        Analysis(api, "leverage", "The leverage matrix, as `chokepoint leverage --json`: parameter homes [..].", (model, p) =>
            AnalysisJson.LeverageMatrix(LeverageMatrix.Run(model, List(p, "homes"), Request(p))));

        api.MapPost("/models/{id}/diff", async (string id, HttpContext http, IModelStore store, ServerOptions options) =>
        {
            if (Http.CheckKey(http, options, write: true) is { } denied)
            {
                return denied;
            }

            var (p, error) = await Http.ReadParameters(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            var newer = p?["new_version"] is JsonValue nv ? store.GetModel(id, nv.GetValue<int>()) : store.GetModel(id);
            if (newer is null)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such model version", $"Model '{id}' has no such version.");
            }

            var older = store.GetModel(id, p?["old_version"] is JsonValue ov ? ov.GetValue<int>() : newer.Version - 1);
            if (older is null)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no older version", $"Model '{id}' has no version to compare with; give old_version.");
            }

            var runId = store.StartRun(id, newer.Version, "diff", p?.ToJsonString() ?? "{}");
            try
            {
                var result = AnalysisJson.Diff(Chokepoint.Analysis.Diff.ModelDiff.Run(
                    ModelLoader.Parse(older.Text, $"{id}.yaml").Model!, ModelLoader.Parse(newer.Text, $"{id}.yaml").Model!, Request(p)));
                result["run"] = runId;
                result["model"] = new JsonObject { ["id"] = id, ["old_version"] = older.Version, ["new_version"] = newer.Version };
                store.FinishRun(runId, result.ToJsonString(), null);
                return Http.Json(result);
            }
            catch (Exception e) when (e is PerspectiveException or ParameterException)
            {
                store.FinishRun(runId, null, e.Message);
                return Http.Problem(StatusCodes.Status422UnprocessableEntity, "the analysis cannot run", e.Message);
            }
        })
        .WithSummary("What changed between two versions of a model, as `chokepoint diff --json`: parameters old_version (default: the one before), new_version (default: the latest) and the analysis parameters. Needs the API key.");
    }

    /// <summary>A saved scenario by name, or an ad hoc one from restrict and scope.</summary>
    internal static ScenarioSpec ScenarioOf(StackModel model, JsonObject? p)
    {
        var request = Request(p);
        var spec = Str(p, "scenario") is { } name
            ? ScenarioSpec.From(ScenarioSpec.Find(model, name), request.Perspective, request.Target)
            : new ScenarioSpec
            {
                Name = "ad hoc",
                Perspective = request.Perspective,
                Target = request.Target,
                Restrict = List(p, "restrict"),
                ScopeLayers = p?["scope"] is JsonObject scope ? List(scope, "layers") : [],
                ScopeComponents = p?["scope"] is JsonObject scope2 ? List(scope2, "components") : [],
            };
        return spec.Restrict.Count == 0
            ? throw new ParameterException("say who restricts: \"restrict\": [\"US\"], or \"scenario\": \"<saved name>\".")
            : spec;
    }

    private static void Analysis(RouteGroupBuilder api, string kind, string summary, Func<StackModel, JsonObject?, JsonObject> run)
    {
        api.MapPost("/models/{id}/" + kind, async (string id, HttpContext http, IModelStore store, ServerOptions options) =>
        {
            if (Http.CheckKey(http, options, write: true) is { } denied)
            {
                return denied;
            }

            var stored = store.GetModel(id);
            if (stored is null)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such model", $"No model has the id '{id}'.");
            }

            var (parameters, error) = await Http.ReadParameters(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            var model = ModelLoader.Parse(stored.Text, $"{id}.yaml").Model!;
            var runId = store.StartRun(id, stored.Version, kind, parameters?.ToJsonString() ?? "{}");
            try
            {
                var result = run(model, parameters);
                result["run"] = runId;
                result["model"] = new JsonObject { ["id"] = id, ["version"] = stored.Version };
                store.FinishRun(runId, result.ToJsonString(), null);
                return Http.Json(result);
            }
            catch (Exception e) when (e is PerspectiveException or ParameterException)
            {
                store.FinishRun(runId, null, e.Message);
                var fix = e is PerspectiveException pe ? " " + pe.Fix : "";
                return Http.Problem(StatusCodes.Status422UnprocessableEntity, "the analysis cannot run", e.Message + fix);
            }
        })
        .WithSummary(summary + " Parameters (JSON body): home, target, domestic[], friendly[], reach, de_minimis, events, max_order, prob {J: p}. Stored as a run; needs the API key.");
    }

    /// <summary>The command line's analysis options, read from a JSON object with the same names.</summary>
    internal static AnalysisRequest Request(JsonObject? p) => new()
    {
        Perspective = new PerspectiveOptions
        {
            Home = Str(p, "home"),
            Domestic = List(p, "domestic"),
            Friendly = List(p, "friendly"),
            Reach = p?["reach"] is JsonValue r ? r.GetValue<bool>() : false,
            DeMinimis = p?["de_minimis"] is JsonValue d ? d.GetValue<double>() : PerspectiveOptions.DefaultDeMinimis,
            Events = Str(p, "events") switch
            {
                null or "jurisdictions" => EventKind.Jurisdictions,
                "firms" => EventKind.Firms,
                var other => throw new ParameterException($"events must be 'jurisdictions' or 'firms', not '{other}'."),
            },
        },
        Target = Str(p, "target"),
        MaxOrder = p?["max_order"] is JsonValue m ? m.GetValue<int>() : 3,
        Probabilities = p?["prob"] is JsonObject prob ? prob.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>()) : new Dictionary<string, double>(),
    };

    private static string? Str(JsonObject? p, string key) => p?[key] is JsonValue v ? v.GetValue<string>() : null;

    internal static IReadOnlyList<string> List(JsonObject? p, string key) =>
        p?[key] is JsonArray a ? a.Select(x => x!.GetValue<string>()).ToList() : [];
}

/// <summary>Parameters that do not make sense: a 400 with the message.</summary>
internal sealed class ParameterException(string message) : Exception(message);
