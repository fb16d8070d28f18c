using System.Text.Json.Nodes;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;
using Chokepoint.Server.Jobs;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// Long analyses as jobs: 202 with the run's id at once; <c>GET /api/runs/{id}</c> shows progress and
/// then the result; <c>DELETE /api/runs/{id}</c> cancels.
/// </summary>
internal static class JobEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/models/{id}/jobs/{kind}", async (string id, string kind, HttpContext http, IModelStore store, JobRunner jobs, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: true) is { } denied)
            {
                return denied;
            }

            if (await store.GetModelAsync(id, null, http.RequestAborted) is not { } stored)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such model", $"No model has the id '{id}'.");
            }

            var (p, error) = await Http.ReadParameters(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            var model = ModelLoader.Parse(stored.Text, $"{id}.yaml").Model!;
            Func<JobReporter, CancellationToken, JsonObject>? work;
            try
            {
                work = kind switch
                {
                    "leverage" => Leverage(model, p),
                    "scenario-samples" => ScenarioSamples(model, p),
                    "optimize" => OptimizeEndpoints.Work(model, p),
                    _ => null,
                };
            }
            catch (Exception e) when (e is PerspectiveException or ParameterException or Operations.RequestException)
            {
                return Parameters.Problem(e);
            }

            if (work is null)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such job kind", "Job kinds: leverage, scenario-samples, optimize.");
            }

            var runId = await jobs.StartAsync(id, stored.Version, kind, Formats.Results.Json.Compact(p ?? new JsonObject()), work);
            return Results.Json(new { run = runId, status = "running", url = $"/api/runs/{runId}" }, statusCode: StatusCodes.Status202Accepted);
        })
        .WithSummary("Start a long analysis as a job: leverage (parameter homes) scenario-samples (scenario parameters plus samples, seed) or optimize (the optimize parameters; cancelling keeps the best plan so far). Needs the API key.");
    }

    private static Func<JobReporter, CancellationToken, JsonObject> Leverage(Analysis.Model.StackModel model, JsonObject? p)
    {
        var homes = Parameters.List(p, "homes");
        var request = AnalysisEndpoints.Request(p);
        return (progress, cancel) => AnalysisJson.LeverageMatrix(LeverageMatrix.Run(model, homes, request, progress, cancel));
    }

    internal static Func<JobReporter, CancellationToken, JsonObject> ScenarioSamples(Analysis.Model.StackModel model, JsonObject? p)
    {
        var spec = AnalysisEndpoints.ScenarioOf(model, p);
        var samples = Parameters.Int(p, "samples") ?? 1000;
        var seed = Parameters.Int(p, "seed") ?? 1;
        if (samples < 1)
        {
            throw new ParameterException("samples must be 1 or more.");
        }

        return (progress, cancel) =>
        {
            var bands = UncertaintyAnalysis.Scenario(model, spec, samples, seed, progress, cancel);
            return UncertaintyJson.Scenario(bands);
        };
    }
}
