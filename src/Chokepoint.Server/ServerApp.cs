using Chokepoint.Formats.Models;
using Chokepoint.Server.Endpoints;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Chokepoint.Server;

/// <summary>Builds the Chokepoint web service: the REST API under /api and its OpenAPI document.</summary>
public static class ServerApp
{
    /// <param name="options">Storage, keys and limits.</param>
    /// <param name="configure">Last changes to the builder (the tests use an in-memory server).</param>
    /// <param name="store">The store to serve instead of the one the options name (the tests use <see cref="InMemoryStore"/>).</param>
    public static WebApplication Build(ServerOptions options, Action<WebApplicationBuilder>? configure = null, IStore? store = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<KestrelServerOptions>(k => k.Limits.MaxRequestBodySize = options.MaxBodyBytes);
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer(OpenApiDescription.Document).AddOperationTransformer(OpenApiDescription.Body));
        builder.Services.AddProblemDetails();
        // The rule of Formats.Results.Json for every document the serializer writes too: a NaN or infinite double is null.
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new Formats.Results.Json.FiniteDoubleConverter()));
        // Nothing is served before the store is ready, so building waits for it (ASP.NET Core and the command line have no synchronization context to deadlock on).
        var owned = store is null ? Store.OpenAsync(options).GetAwaiter().GetResult() : null;
        store ??= owned!;
        PrepareAsync(store, options).GetAwaiter().GetResult();
        builder.Services.AddSingleton<IModelStore>(store);
        builder.Services.AddSingleton<IRunStore>(store);
        builder.Services.AddSingleton<IKeyStore>(store);
        var jobs = new Jobs.JobRunner(store);
        builder.Services.AddSingleton(jobs);
        builder.Services.AddSingleton(options);
        Guards.AddServices(builder.Services, options);
        configure?.Invoke(builder);

        var app = builder.Build();
        if (owned is not null)
        {
            // A store the service opened is its to close when it stops (a PostgreSQL pool holds server connections).
            app.Lifetime.ApplicationStopped.Register(owned.Dispose);
        }

        // Beats for the jobs while the service runs, so that services sharing the store see them.
        app.Lifetime.ApplicationStarted.Register(jobs.StartBeating);
        app.Lifetime.ApplicationStopping.Register(jobs.Dispose);
        Guards.Use(app, options);
        var wwwroot = Path.Combine(AppContext.BaseDirectory, "wwwroot");
        if (Directory.Exists(wwwroot))
        {
            var files = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(wwwroot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        }

        app.MapOpenApi();
        var api = app.MapGroup("/api");
        ModelEndpoints.Map(api.MapGroup("").WithTags("Models"));
        AnalysisEndpoints.Map(api.MapGroup("").WithTags("Analyses"));
        JobEndpoints.Map(api.MapGroup("").WithTags("Jobs"));
        RunEndpoints.Map(api.MapGroup("").WithTags("Runs"));
        return app;
    }

    /// <summary>
    /// Marks the runs a stopped process left running as failed, and fills an empty store with every
    /// valid model of the examples folder, includes merged in, under its file name.
    /// </summary>
    private static async Task PrepareAsync(IStore store, ServerOptions options)
    {
        await store.FailInterruptedRunsAsync();
        if (options.ExamplesFolder is not { } folder || !Directory.Exists(folder) || !await store.IsEmptyAsync())
        {
            return;
        }

        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var loaded = ModelLoader.Load(file);
            if (!loaded.HasErrors)
            {
                await store.SaveModelAsync(Path.GetFileNameWithoutExtension(file), loaded.Model!.Name, ModelWriter.ToYaml(loaded.Model));
            }
        }
    }
}
