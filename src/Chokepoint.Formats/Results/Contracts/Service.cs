using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>The stored models, each with its latest version (<c>GET /api/models</c>).</summary>
public sealed record ModelListDocument(IReadOnlyList<ModelListDocument.ModelItemJson> Models) : ResultDocument
{
    public sealed record ModelItemJson(string Id, string? Name, int LatestVersion);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.IReadOnlyListModelItemJson;

    /// <summary>Written as the bare array.</summary>
    public override object Body() => Models;
}

/// <summary>A saved version (<c>POST /api/models/{id}</c>) and how many warnings its validation gave.</summary>
public sealed record ModelSavedDocument(string Id, int Version, int Warnings) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ModelSavedDocument;
}

/// <summary>One version of a model with its text (<c>GET /api/models/{id}</c>).</summary>
public sealed record ModelVersionDocument(string Id, int Version, string? Name, string CreatedUtc, string Text) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ModelVersionDocument;
}

/// <summary>A run in brief, as the run listing (<c>GET /api/runs</c>) gives it.</summary>
public sealed record RunSummaryJson(long Id, string Model, int ModelVersion, string Kind, string Status, string CreatedUtc, string? FinishedUtc);

/// <summary>The runs, newest first.</summary>
public sealed record RunListDocument(IReadOnlyList<RunSummaryJson> Runs) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.IReadOnlyListRunSummaryJson;

    /// <summary>Written as the bare array.</summary>
    public override object Body() => Runs;
}

/// <summary>
/// One run (<c>GET /api/runs/{id}</c>): its summary, the parameters it was asked with and its result as
/// stored (each the document of its verb), the error of a failed run, and the progress of a running job.
/// </summary>
public sealed record RunDocument(
    long Id,
    string Model,
    int ModelVersion,
    string Kind,
    string Status,
    string CreatedUtc,
    string? FinishedUtc,
    JsonElement? Parameters,
    JsonElement? Result,
    string? Error) : ResultDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ProgressJson? Progress { get; init; }

    /// <summary>How far a running job is: counts done of total, or a stage.</summary>
    public sealed record ProgressJson(int Done, int Total, string? Stage);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.RunDocument;
}

/// <summary>A new API key (<c>serve --add-key</c>), shown once.</summary>
public sealed record ApiKeyDocument(string Name, string Key) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ApiKeyDocument;
}

/// <summary>Where <c>serve</c> listens, its store, and whether it takes writes.</summary>
public sealed record ServeDocument(string Url, string? Db, bool Writes) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ServeDocument;
}

/// <summary>
/// One line of <c>silo --json</c>: an event of the silo's life (<c>started</c>, <c>joined</c>,
/// <c>left</c>, <c>leaving</c>, <c>stopped</c>), the silo it is about, whether that is this one, and
/// the silos active in the cluster when known.
/// </summary>
public sealed record SiloEventDocument(string Event, string Silo, bool Self, string Cluster, int? Active, string? Status) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.SiloEventDocument;
}

/// <summary>A job started (<c>POST /api/models/{id}/jobs/{kind}</c>): its run, which to poll.</summary>
public sealed record JobStartedDocument(long Run, string Status, string Url) : ResultDocument
{
    public override JsonTypeInfo Contract() => ResultJsonContext.Default.JobStartedDocument;
}
