using System.Text.Json.Nodes;
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
            await Http.CheckKey(http, options, write: false) ?? Http.Json(new JsonArray((await store.ListRunsAsync(model, http.RequestAborted)).Select(r => (JsonNode)Summary(r)).ToArray())))
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

            // The stored texts are written from their parsed tokens, not rebuilt as a tree: a result can be large.
            var more = new List<(string, JsonNode?, string?)> { ("parameters", null, run.Parameters), ("result", null, run.Result), ("error", run.Error, null) };
            if (jobs.Progress(id) is { } progress)
            {
                more.Add(("progress", new JsonObject { ["done"] = progress.Done, ["total"] = progress.Total, ["stage"] = progress.Stage }, null));
            }

            return Results.Text(Formats.Results.Json.TextUtf8(Summary(run), more), "application/json; charset=utf-8");
        })
        .WithSummary("One run with its parameters and result, and its progress while it runs.");

        api.MapDelete("/runs/{id:long}", async (long id, HttpContext http, Jobs.JobRunner jobs, ServerOptions options) =>
            await Http.CheckKey(http, options, write: true)
                ?? (jobs.Cancel(id) ? Results.Accepted($"/api/runs/{id}") : Http.Problem(StatusCodes.Status404NotFound, "no such running job", $"Run {id} is not running in this server.")))
            .WithSummary("Cancel a running job; it ends as cancelled (a Monte Carlo job keeps the samples so far). Needs the API key.");
    }

    private static JsonObject Summary(StoredRun r) => new()
    {
        ["id"] = r.Id,
        ["model"] = r.ModelId,
        ["model_version"] = r.ModelVersion,
        ["kind"] = r.Kind,
        ["status"] = r.Status.Text(),
        ["created_utc"] = UtcText.Format(r.CreatedUtc),
        ["finished_utc"] = UtcText.Format(r.FinishedUtc),
    };
}
