using System.Text.Json;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Operations;
using Chokepoint.Server.Jobs;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// The analyses of stored models as endpoints: each reads its request through the operations layer
/// and answers with exactly the command line's JSON document. An analysis only reads, so it needs a
/// key only under <c>--closed-reads</c>; whether it is recorded as a run is a setting
/// (<see cref="ServerOptions.RecordRuns"/>), and a recorded run's id is in the <c>Chokepoint-Run</c>
/// header and the <c>Location</c> of the answer.
/// </summary>
internal static class AnalysisEndpoints
{
    public const string RunHeader = "Chokepoint-Run";
    public const string ModelsHeader = "Chokepoint-Models";

    private const string ClientWentAway = "cancelled: the client went away";

    private const string FieldsSummary = " Parameters (JSON body): home, target, domestic[], friendly[], reach, de_minimis, events, max_order, prob {J: p}. A bad parameter is a 400 that names it.";

    public static void Map(RouteGroupBuilder api)
    {
        foreach (var verb in Verbs.All.Where(v => !v.JobOnly))
        {
            api.MapPost("/models/{id}/" + verb.Kind, (string id, HttpContext http, IModelStore store, IRunStore runs, ServerOptions options) =>
                One(id, verb, http, store, runs, options))
                .WithSummary(verb.Summary + FieldsSummary);
        }

        api.MapPost("/compare", Compare)
            .WithSummary("Stacks side by side, as `chokepoint compare --json`: models [ids, or {id, version}], homes [..] (none: each model's home; as many as models: paired in order; otherwise every model for every home) and the analysis parameters." + FieldsSummary);
        api.MapPost("/models/{id}/diff", Diff)
            .WithSummary("What changed between two versions of a model, as `chokepoint diff --json`: old_version (default: the one before), new_version (default: the latest) and the analysis parameters." + FieldsSummary);
    }

    private static async Task<IResult> One(string id, Verbs.Verb verb, HttpContext http, IModelStore store, IRunStore runs, ServerOptions options)
    {
        if (await Http.CheckKey(http, options, write: false) is { } denied)
        {
            return denied;
        }

        if (await store.GetModelAsync(id, null, http.RequestAborted) is not { } stored)
        {
            return Http.Problem(StatusCodes.Status404NotFound, "no such model", $"No model has the id '{id}'.");
        }

        var (body, error) = await Http.ReadParameters(http.Request, options);
        if (error is not null)
        {
            return error;
        }

        var model = Endpoints.StoredModels.Parse(stored);
        return await Answer(http, runs, options, (stored.Id, stored.Version), verb.Kind, body, [$"{id}@{stored.Version}"], () => verb.Prepare(model, new JsonFields(body), null));
    }

    private static async Task<IResult> Compare(HttpContext http, IModelStore store, IRunStore runs, ServerOptions options)
    {
        if (await Http.CheckKey(http, options, write: false) is { } denied)
        {
            return denied;
        }

        var (body, error) = await Http.ReadParameters(http.Request, options);
        if (error is not null)
        {
            return error;
        }

        List<StoredModel> models;
        try
        {
            models = await StoredModels(body, store, http.RequestAborted);
        }
        catch (RequestException e)
        {
            return Parameters.Problem(e);
        }

        var parsed = models.Select(m => (Label: m.Id, Model: Endpoints.StoredModels.Parse(m))).ToList();
        return await Answer(http, runs, options, (models[0].Id, models[0].Version), "compare", body, models.Select(m => $"{m.Id}@{m.Version}"), () =>
        {
            var request = Operations.CompareOperation.Read(new JsonFields(body));
            return (p, c) => Operations.CompareOperation.Json(Operations.CompareOperation.Run(parsed, request, p, c));
        });
    }

    /// <summary>The <c>models</c> of a compare: ids, or <c>{id, version}</c> objects, each stored.</summary>
    private static async Task<List<StoredModel>> StoredModels(JsonObject? body, IModelStore store, CancellationToken cancel)
    {
        var wanted = body?["models"] as JsonArray ?? throw new RequestException("models", "'models' is missing: name the models to compare, such as \"models\": [\"guangdong-huawei\", \"korea-samsung\"].");
        var models = new List<StoredModel>();
        foreach (var (node, i) in wanted.Select((n, i) => (n, i)))
        {
            var (id, version) = node switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => (v.GetValue<string>(), (int?)null),
                JsonObject o => (new JsonFields(o).String("id") ?? throw new RequestException("models", $"'models[{i}]' needs an id."), new JsonFields(o).Int("version", min: 1)),
                _ => throw new RequestException("models", $"'models[{i}]' must be a model id or {{\"id\": ..., \"version\": ...}}."),
            };
            models.Add(await store.GetModelAsync(id, version, cancel)
                ?? throw new RequestException("models", $"'models[{i}]': no model '{id}'{(version is null ? "" : $" version {version}")} is stored."));
        }

        return models.Count == 0 ? throw new RequestException("models", "'models' is empty: name at least one model.") : models;
    }

    private static async Task<IResult> Diff(string id, HttpContext http, IModelStore store, IRunStore runs, ServerOptions options)
    {
        if (await Http.CheckKey(http, options, write: false) is { } denied)
        {
            return denied;
        }

        var (body, error) = await Http.ReadParameters(http.Request, options);
        if (error is not null)
        {
            return error;
        }

        var fields = new JsonFields(body);
        int? newVersion, oldVersion;
        try
        {
            (newVersion, oldVersion) = (fields.Int("new_version", min: 1), fields.Int("old_version", min: 1));
        }
        catch (RequestException e)
        {
            return Parameters.Problem(e);
        }

        if (await store.GetModelAsync(id, newVersion, http.RequestAborted) is not { } newer)
        {
            return Http.Problem(StatusCodes.Status404NotFound, "no such model version", $"Model '{id}' has no such version.");
        }

        if (await store.GetModelAsync(id, oldVersion ?? newer.Version - 1, http.RequestAborted) is not { } older)
        {
            return Http.Problem(StatusCodes.Status404NotFound, "no older version", $"Model '{id}' has no version to compare with; give old_version.");
        }

        StackModel Parse(StoredModel m) => Endpoints.StoredModels.Parse(m);
        return await Answer(http, runs, options, (id, newer.Version), "diff", body, [$"{id}@{older.Version}", $"{id}@{newer.Version}"], () =>
        {
            var request = Operations.DiffOperation.Read(fields);
            return (_, _) => Operations.DiffOperation.Json(Operations.DiffOperation.Run(Parse(older), Parse(newer), request));
        });
    }

    /// <summary>
    /// Prepares the work (a bad request is a 4xx before anything is stored), records a run when the
    /// setting says so, runs it, and answers with the document as the command line writes it.
    /// </summary>
    private static async Task<IResult> Answer(HttpContext http, IRunStore runs, ServerOptions options, (string Id, int Version) model, string kind, JsonObject? body,
        IEnumerable<string> models, Func<Func<JobReporter, CancellationToken, ResultDocument>> prepare)
    {
        Func<JobReporter, CancellationToken, ResultDocument> work;
        try
        {
            work = prepare();
        }
        catch (Exception e) when (Parameters.IsRequestError(e))
        {
            return Parameters.Problem(e);
        }

        long? runId = options.RecordRuns ? await runs.StartRunAsync(model.Id, model.Version, kind, Formats.Results.Json.Compact(body ?? new JsonObject())) : null;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var keyHolder = await Http.IsValidKey(http, options);
        var allowed = options.BudgetFor(keyHolder);
        if (allowed > TimeSpan.Zero)
        {
            budget.CancelAfter(allowed);
        }

        try
        {
            var result = work(new JobReporter(_ => { }), budget.Token);
            budget.Token.ThrowIfCancellationRequested();
            var text = Formats.Results.Json.Text(result);
            if (runId is { } run)
            {
                // Stored on one line, as jobs' results are: a run is read back far more often than written.
                var stored = Formats.Results.Json.Compact(result);
                await (http.RequestAborted.IsCancellationRequested
                    ? runs.FinishRunAsync(run, RunStatus.Cancelled, stored, ClientWentAway)
                    : runs.FinishRunAsync(run, RunStatus.Done, stored, null));
                http.Response.Headers[RunHeader] = run.ToString(System.Globalization.CultureInfo.InvariantCulture);
                http.Response.Headers.Location = $"/api/runs/{run}";
            }

            http.Response.Headers[ModelsHeader] = string.Join(", ", models);
            return Results.Text(text, "application/json", System.Text.Encoding.UTF8);
        }
        catch (OperationCanceledException) when (!http.RequestAborted.IsCancellationRequested)
        {
            static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
            var detail = $"The {kind} took longer than the service's budget of {Seconds(allowed)} s for one request{(keyHolder ? "" : " without an API key")}, so it was stopped. "
                + (Verbs.Find(kind) is { } verb ? $"Start it as a job instead (POST /api/models/{model.Id}/jobs/{verb.Kind} with the same parameters), which has no budget and reports progress; or ask" : "Ask")
                + " for less work (fewer samples, homes or a lower max_order), "
                + (keyHolder || allowed == options.RequestTimeBudget
                    ? "or start the server with a larger --request-timeout."
                    : $"or send an API key (X-Api-Key), whose requests get {(options.RequestTimeBudget > TimeSpan.Zero ? Seconds(options.RequestTimeBudget) + " s" : "no budget")}; the server's --anonymous-request-timeout sets this one.");
            if (runId is { } run)
            {
                await runs.FinishRunAsync(run, RunStatus.Failed, null, detail);
            }

            return Http.Problem(StatusCodes.Status422UnprocessableEntity, "over the request's time budget", detail, field: null);
        }
        catch (OperationCanceledException)
        {
            if (runId is { } run)
            {
                await runs.FinishRunAsync(run, RunStatus.Cancelled, null, ClientWentAway);
            }

            return Results.Empty;
        }
        catch (Exception e) when (Parameters.IsRequestError(e))
        {
            if (runId is { } run)
            {
                await runs.FinishRunAsync(run, RunStatus.Failed, null, e.Message);
            }

            return Parameters.Problem(e);
        }
    }
}
