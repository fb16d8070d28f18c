using System.Text.Json.Nodes;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Server.Jobs;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// Any verb of one model as a job (long ones: leverage, Monte Carlo, optimize): 202 with the run's id
/// at once; <c>GET /api/runs/{id}</c> shows progress and then the result, the same document as the
/// endpoint's; <c>DELETE /api/runs/{id}</c> cancels. Jobs are always recorded, so they need the key.
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

            if (Verbs.Find(kind) is not { } verb)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such job kind", $"Job kinds: {string.Join(", ", Verbs.All.Select(v => v.Kind))}.");
            }

            var (body, error) = await Http.ReadParameters(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            Func<JobReporter, CancellationToken, ResultDocument> work;
            try
            {
                work = verb.Prepare(StoredModels.Parse(stored), new JsonFields(body), options.UnitRunners is { } runners ? (m, r) => runners(m, r) : null);
            }
            catch (Exception e) when (Parameters.IsRequestError(e))
            {
                return Parameters.Problem(e);
            }

            var runId = await jobs.StartAsync(id, stored.Version, kind, Formats.Results.Json.Compact(body ?? new JsonObject()), work);
            return Http.Json(new JobStartedDocument(runId, "running", $"/api/runs/{runId}"), StatusCodes.Status202Accepted);
        })
        .WithSummary("Start an analysis of a model as a job: any of " + string.Join(", ", Verbs.All.Select(v => v.Kind)) +
            ", with that verb's parameters (scenario-samples: the scenario parameters plus samples and seed). Cancelling keeps what was done: the samples so far, the optimizer's best plan. Needs the API key.");
    }
}
