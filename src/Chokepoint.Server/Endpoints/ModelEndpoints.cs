using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Chokepoint.Server.Endpoints;

/// <summary>Models: create versions, list, get a version, validate, delete.</summary>
internal static class ModelEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/models", async (HttpContext http, IModelStore store, ServerOptions options) =>
            await Http.CheckKey(http, options, write: false) ?? Http.Json(new ModelListDocument((await store.ListModelsAsync(http.RequestAborted)).Select(m => new ModelListDocument.ModelItemJson(m.Id, m.Name, m.Version)).ToList())))
            .WithSummary("List the stored models with their latest version.");

        api.MapGet("/models/{id}", async (string id, HttpContext http, IModelStore store, ServerOptions options) =>
            await Http.CheckKey(http, options, write: false) ?? Model(await store.GetModelAsync(id, null, http.RequestAborted), id, null))
            .WithSummary("The latest version of a model.");

        api.MapGet("/models/{id}/structure", async (string id, string? target, HttpContext http, IModelStore store, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: false) is { } denied)
            {
                return denied;
            }

            if (await store.GetModelAsync(id, null, http.RequestAborted) is not { } m)
            {
                return Http.Problem(StatusCodes.Status404NotFound, "no such model", $"No model has the id '{id}'.");
            }

            var model = StoredModels.Parse(m);
            try
            {
                return Results.Text(StructureJson.Write(model, StackStructure.Of(new ModelIndex(model), target)), "application/json");
            }
            catch (PerspectiveException e)
            {
                return Parameters.Problem(e);
            }
        })
        .WithSummary("The latest version of a model as chokepoint/v1 JSON, with what the dashboard draws: the layers in order and, per component, its inputs, users, production jurisdictions and place toward the target (the model's first, or ?target=).");

        api.MapGet("/models/{id}/versions/{version:int}", async (string id, int version, HttpContext http, IModelStore store, ServerOptions options) =>
            await Http.CheckKey(http, options, write: false) ?? Model(await store.GetModelAsync(id, version, http.RequestAborted), id, version))
            .WithSummary("One version of a model.");

        api.MapPost("/models/{id}", async (string id, HttpContext http, IModelStore store, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: true) is { } denied)
            {
                return denied;
            }

            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$"))
            {
                return Http.Problem(StatusCodes.Status400BadRequest, "bad model id", "A model id is 1 to 100 letters, digits, '.', '_' or '-', starting with a letter or digit.");
            }

            var (text, error) = await Http.ReadText(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            var loaded = ModelLoader.Parse(text!, id + (http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? ".json" : ".yaml"));
            if (loaded.HasErrors)
            {
                return Http.Problem(StatusCodes.Status422UnprocessableEntity, "the model is not valid", "See diagnostics: each names the line, the path in the model and a fix.", loaded.Diagnostics);
            }

            // Stored as written out by Chokepoint, so every version reads back the same way.
            var version = await store.SaveModelAsync(id, loaded.Model!.Name, ModelWriter.ToYaml(loaded.Model), http.RequestAborted);
            return Http.Json(new ModelSavedDocument(id, version, loaded.Diagnostics.Count(d => d.Severity == Severity.Warning)), StatusCodes.Status201Created);
        })
        .WithSummary("Store a new version of a model (YAML, or JSON with a JSON content type). Needs the API key.");

        api.MapPost("/validate", async (HttpContext http, ServerOptions options) =>
        {
            if (await Http.CheckKey(http, options, write: false) is { } denied)
            {
                return denied;
            }

            var (text, error) = await Http.ReadText(http.Request, options);
            if (error is not null)
            {
                return error;
            }

            var name = http.Request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? "model.json" : "model.yaml";
            var loaded = ModelLoader.Parse(text!, name);

            // Like `chokepoint validate`, which exits 2: a model with errors (malformed ones included) is a 422, its findings located.
            return Http.Json(Operations.ValidateOperation.Json(name, loaded), loaded.HasErrors ? StatusCodes.Status422UnprocessableEntity : StatusCodes.Status200OK);
        })
        .WithSummary("Validate a model without storing it: the findings as `chokepoint validate --json` writes them for one file (named model.yaml, or model.json for a JSON content type); 422 when the model has errors.");

        api.MapDelete("/models/{id}", async (string id, HttpContext http, IModelStore store, ServerOptions options) =>
            await Http.CheckKey(http, options, write: true)
                ?? (await store.DeleteModelAsync(id, http.RequestAborted) ? Results.NoContent() : Http.Problem(StatusCodes.Status404NotFound, "no such model", $"No model has the id '{id}'.")))
            .WithSummary("Delete every version of a model and its runs. Needs the API key.");
    }

    private static IResult Model(StoredModel? model, string id, int? version) => model is null
        ? Http.Problem(StatusCodes.Status404NotFound, "no such model", version is null ? $"No model has the id '{id}'." : $"Model '{id}' has no version {version}.")
        : Http.Json(new ModelVersionDocument(model.Id, model.Version, model.Name, UtcText.Format(model.CreatedUtc), model.Text));
}
