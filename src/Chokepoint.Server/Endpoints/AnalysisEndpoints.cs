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
        Analysis(api, "analyze", "The main analysis of a model for a home, as `chokepoint analyze --json`.", (model, p, cancel) =>
            AnalysisJson.Analysis(model.Name, HomeAnalysis.Run(model, Request(p))));
        Analysis(api, "chokepoints", "The minimal cutting coalitions, as `chokepoint chokepoints --json`.", (model, p, cancel) =>
        {
            var request = Request(p);
            var (targetId, componentId) = HomeAnalysis.ResolveTarget(model, request.Target);
            var perspective = Perspective.Create(model, request.Perspective);
            var stack = new CompiledStack(perspective);
            var (probabilities, missing) = HomeAnalysis.EventProbabilities(perspective, request.Probabilities);
            var result = CutSetAnalysis.Run(stack, stack.IndexOf(componentId), request.MaxOrder, probabilities);
            return AnalysisJson.Chokepoints(perspective.Home, targetId, componentId, perspective.Events, request.MaxOrder, result, missing);
        });
        Analysis(api, "scenario", "An export-control scenario, as `chokepoint scenario --json`: parameters restrict, scope {layers, components} or scenario (a saved one).", (model, p, cancel) =>
            AnalysisJson.Scenario(ScenarioAnalysis.Run(model, ScenarioOf(model, p))));
        Analysis(api, "recover", "A scenario month by month, as `chokepoint recover --json`: the scenario parameters and months (default 60).", (model, p, cancel) =>
            AnalysisJson.Recovery(RecoveryAnalysis.Run(model, ScenarioOf(model, p), Parameters.Int(p, "months") ?? 60)));
        Analysis(api, "optimize", "Constraint repositioning, as `chokepoint optimize --json`: parameters budget (required), objective (coalition, probability, capacity), horizon, from_substitution, scenarios [..], max_order (default 4), frontier. For long searches start it as a job (jobs/optimize), which can be cancelled and keeps the best plan so far.", (model, p, cancel) =>
            OptimizeEndpoints.Work(model, p)(new Jobs.JobReporter(_ => { }), cancel));
        Analysis(api, "leverage", "The leverage matrix, as `chokepoint leverage --json`: parameter homes [..].", (model, p, cancel) =>
            AnalysisJson.LeverageMatrix(LeverageMatrix.Run(model, Parameters.List(p, "homes"), Request(p), cancel: cancel)));

        api.MapPost("/compare", Compare)
            .WithSummary("Stacks side by side, as `chokepoint compare --json`: parameters models [ids, or {id, version}], homes [..] (none: each model's home; as many as models: paired in order; otherwise every model for every home) and the analysis parameters. Stored as a run of the first model; needs the API key.");

        api.MapPost("/models/{id}/diff", async (string id, HttpContext http, IModelStore store, IRunStore runs, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: true) is { } denied)
            {
                return denied;
            }

            var (p, error) = await Http.ReadParameters(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            int? newVersion, oldVersion;
            try
            {
                (newVersion, oldVersion) = (Parameters.Int(p, "new_version"), Parameters.Int(p, "old_version"));
            }
            catch (ParameterException e)
            {
                return Parameters.Problem(e);
            }

            var newer = await store.GetModelAsync(id, newVersion, http.RequestAborted);
            if (newer is null)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such model version", $"Model '{id}' has no such version.");
            }

            var older = await store.GetModelAsync(id, oldVersion ?? newer.Version - 1, http.RequestAborted);
            if (older is null)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no older version", $"Model '{id}' has no version to compare with; give old_version.");
            }

            var runId = await runs.StartRunAsync(id, newer.Version, "diff", Formats.Results.Json.Compact(p ?? new JsonObject()));
            try
            {
                var result = AnalysisJson.Diff(Chokepoint.Analysis.Diff.ModelDiff.Run(
                    ModelLoader.Parse(older.Text, $"{id}.yaml").Model!, ModelLoader.Parse(newer.Text, $"{id}.yaml").Model!, Request(p)));
                result["run"] = runId;
                result["model"] = new JsonObject { ["id"] = id, ["old_version"] = older.Version, ["new_version"] = newer.Version };
                await runs.FinishRunAsync(runId, RunStatus.Done, Formats.Results.Json.Compact(result), null);
                return Http.Json(result);
            }
            catch (Exception e) when (e is PerspectiveException or ParameterException or Operations.RequestException)
            {
                await runs.FinishRunAsync(runId, RunStatus.Failed, null, e.Message);
                return Parameters.Problem(e);
            }
        })
        .WithSummary("What changed between two versions of a model, as `chokepoint diff --json`: parameters old_version (default: the one before), new_version (default: the latest) and the analysis parameters. Needs the API key.");
    }

    private static async Task<IResult> Compare(HttpContext http, IModelStore store, IRunStore runs, ServerOptions options)
    {
        if (await Http.CheckKey(http, options, write: true) is { } denied)
        {
            return denied;
        }

        var (p, error) = await Http.ReadParameters(http.Request, options);
        if (error is not null)
        {
            return error;
        }

        var models = new List<StoredModel>();
        try
        {
            var wanted = p?["models"] as JsonArray ?? throw new ParameterException("name the models to compare: \"models\": [\"guangdong-huawei\", \"korea-samsung\"].");
            foreach (var (node, i) in wanted.Select((n, i) => (n, i)))
            {
                var (id, version) = node switch
                {
                    JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => (v.GetValue<string>(), (int?)null),
                    JsonObject o => (Parameters.Str(o, "id") ?? throw new ParameterException($"'models[{i}]' needs an id."), Parameters.Int(o, "version")),
                    _ => throw new ParameterException($"'models[{i}]' must be a model id or {{\"id\": ..., \"version\": ...}}."),
                };
                models.Add(await store.GetModelAsync(id, version, http.RequestAborted) ?? throw new ParameterException($"'models[{i}]': no model '{id}'{(version is null ? "" : $" version {version}")} is stored."));
            }

            if (models.Count == 0)
            {
                throw new ParameterException("'models' is empty: name at least one model.");
            }
        }
        catch (ParameterException e)
        {
            return Parameters.Problem(e);
        }

        var runId = await runs.StartRunAsync(models[0].Id, models[0].Version, "compare", p!.ToJsonString());
        try
        {
            var request = Request(p);
            var parsed = models.Select(m => (Stored: m, Model: ModelLoader.Parse(m.Text, $"{m.Id}.yaml").Model!)).ToList();
            var rows = new JsonArray();
            foreach (var ((stored, model), home) in HomeAnalysis.ComparePairs(parsed, Parameters.List(p, "homes")))
            {
                var row = AnalysisJson.CompareRow(stored.Id, model.Name, HomeAnalysis.Run(model, request with { Perspective = request.Perspective with { Home = home ?? request.Perspective.Home } }));
                row["version"] = stored.Version;
                rows.Add(row);
            }

            var result = new JsonObject { ["rows"] = rows, ["run"] = runId };
            await runs.FinishRunAsync(runId, RunStatus.Done, Formats.Results.Json.Compact(result), null);
            return Http.Json(result);
        }
        catch (Exception e) when (e is PerspectiveException or ParameterException or Operations.RequestException)
        {
            await runs.FinishRunAsync(runId, RunStatus.Failed, null, e.Message);
            return Parameters.Problem(e);
        }
    }

    /// <summary>A saved scenario by name, or an ad hoc one from restrict and scope.</summary>
    internal static ScenarioSpec ScenarioOf(StackModel model, JsonObject? p)
    {
        var request = Request(p);
        var spec = Parameters.Str(p, "scenario") is { } name
            ? ScenarioSpec.From(ScenarioSpec.Find(model, name), request.Perspective, request.Target)
            : new ScenarioSpec
            {
                Name = "ad hoc",
                Perspective = request.Perspective,
                Target = request.Target,
                Restrict = Parameters.List(p, "restrict"),
                ScopeLayers = Parameters.List(Parameters.Object(p, "scope"), "layers"),
                ScopeComponents = Parameters.List(Parameters.Object(p, "scope"), "components"),
            };
        return spec.Restrict.Count == 0
            ? throw new ParameterException("say who restricts: \"restrict\": [\"US\"], or \"scenario\": \"<saved name>\".")
            : spec;
    }

    private const string ClientWentAway = "cancelled: the client went away";

    private static void Analysis(RouteGroupBuilder api, string kind, string summary, Func<StackModel, JsonObject?, CancellationToken, JsonObject> run)
    {
        api.MapPost("/models/{id}/" + kind, async (string id, HttpContext http, IModelStore store, IRunStore runs, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: true) is { } denied)
            {
                return denied;
            }

            var stored = await store.GetModelAsync(id, null, http.RequestAborted);
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
            var runId = await runs.StartRunAsync(id, stored.Version, kind, Formats.Results.Json.Compact(parameters ?? new JsonObject()));
            try
            {
                var result = run(model, parameters, http.RequestAborted);
                result["run"] = runId;
                result["model"] = new JsonObject { ["id"] = id, ["version"] = stored.Version };
                await (http.RequestAborted.IsCancellationRequested
                    ? runs.FinishRunAsync(runId, RunStatus.Cancelled, Formats.Results.Json.Compact(result), ClientWentAway)
                    : runs.FinishRunAsync(runId, RunStatus.Done, Formats.Results.Json.Compact(result), null));
                return Http.Json(result);
            }
            catch (OperationCanceledException)
            {
                await runs.FinishRunAsync(runId, RunStatus.Cancelled, null, ClientWentAway);
                return Results.Empty;
            }
            catch (Exception e) when (e is PerspectiveException or ParameterException or Operations.RequestException)
            {
                await runs.FinishRunAsync(runId, RunStatus.Failed, null, e.Message);
                return Parameters.Problem(e);
            }
        })
        .WithSummary(summary + " Parameters (JSON body): home, target, domestic[], friendly[], reach, de_minimis, events, max_order, prob {J: p}. Stored as a run; needs the API key.");
    }

    /// <summary>The analysis fields of a JSON body, read and checked by the operations layer as for the command line.</summary>
    internal static AnalysisRequest Request(JsonObject? p) => Operations.StackRequests.Analysis(new JsonFields(p));

}
