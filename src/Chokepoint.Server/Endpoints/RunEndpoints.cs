using System.Text.Json;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chokepoint.Server.Endpoints;

/// <summary>Runs: what was analysed, with which parameters, and the result.</summary>
internal static class RunEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/runs", async (string? model, HttpContext http, IRunStore store, ServerOptions options) =>
            await Http.CheckKey(http, options, write: false) ?? Http.Json(new RunListDocument((await store.ListRunsAsync(model, http.RequestAborted)).Select(Summary).ToList())))
            .WithSummary("List the runs, optionally of one model (?model=ID).");

        api.MapGet("/runs/{id:long}", async (long id, HttpContext http, IRunStore store, Jobs.JobRunner jobs, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: false) is { } denied)
            {
                return denied;
            }

            if (await store.GetRunAsync(id, http.RequestAborted) is not { } run)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such run", $"No run has the id {id}.");
            }

            // The stored texts are written from their parsed documents, not rebuilt as trees: a result can be large.
            using var parameters = JsonDocument.Parse(run.Parameters);
            using var result = run.Result is null ? null : JsonDocument.Parse(run.Result);
            var s = Summary(run);
            return Http.Json(new RunDocument(s.Id, s.Model, s.ModelVersion, s.Kind, s.Status, s.CreatedUtc, s.FinishedUtc, parameters.RootElement, result?.RootElement, run.Error)
            {
                Progress = run.Status == RunStatus.Running && await jobs.ProgressAsync(id, http.RequestAborted) is { } progress ? new RunDocument.ProgressJson(progress.Done, progress.Total, progress.Stage) : null,
            });
        })
        .WithSummary("One run with its parameters and result, and its progress while it runs.");

        api.MapDelete("/runs/{id:long}", async (long id, HttpContext http, Jobs.JobRunner jobs, ServerOptions options) =>
            await Http.CheckKey(http, options, write: true)
                ?? (await jobs.CancelAsync(id, http.RequestAborted) ? Results.Accepted($"/api/runs/{id}") : Http.Problem(StatusCodes.Status404NotFound, "no such running job", $"Run {id} is not running.")))
            .WithSummary("Cancel a running job, in this server or in another one that shares its store (it stops within a second); it ends as cancelled (a Monte Carlo job keeps the samples so far). Needs the API key.");
    }

    private static RunSummaryJson Summary(StoredRun r) =>
        new(r.Id, r.ModelId, r.ModelVersion, r.Kind, r.Status.Text(), UtcText.Format(r.CreatedUtc), UtcText.Format(r.FinishedUtc));
}
