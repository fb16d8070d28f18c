namespace Chokepoint.Server.Storage;

/// <summary>Where a run is: written as running before it starts, and ended once, in one write.</summary>
public enum RunStatus
{
    Running,
    Done,
    Failed,

    /// <summary>Stopped on request (or because the client went away); the result holds what was done before, when there is one.</summary>
    Cancelled,
}

/// <summary>A status as the store and the API write it: the lower-case word.</summary>
public static class RunStatusText
{
    public static string Text(this RunStatus status) => status switch
    {
        RunStatus.Running => "running",
        RunStatus.Done => "done",
        RunStatus.Failed => "failed",
        RunStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "not a run status"),
    };

    /// <exception cref="FormatException">The text is not one of the four words.</exception>
    public static RunStatus Parse(string text) => text switch
    {
        "running" => RunStatus.Running,
        "done" => RunStatus.Done,
        "failed" => RunStatus.Failed,
        "cancelled" => RunStatus.Cancelled,
        _ => throw new FormatException($"'{text}' is not a run status."),
    };
}

/// <summary>
/// A stored analysis run: its inputs, and its result or error once finished. The times are UTC;
/// <see cref="FinishedUtc"/> is null while it runs.
/// </summary>
public sealed record StoredRun(long Id, string ModelId, int ModelVersion, string Kind, string Parameters, RunStatus Status, string? Result, string? Error, DateTimeOffset CreatedUtc, DateTimeOffset? FinishedUtc);

/// <summary>
/// Analysis runs: ids increase, a run is written as <see cref="RunStatus.Running"/> first and
/// finished in one write, so a process that dies midway leaves a running run, never a half-written one.
/// </summary>
public interface IRunStore
{
    /// <summary>The error of a run that a stopped process left running.</summary>
    const string InterruptedError = "interrupted: the server stopped before the run finished";

    /// <summary>Stores a run of a model version as running; returns its id.</summary>
    Task<long> StartRunAsync(string modelId, int version, string kind, string parameters, CancellationToken cancel = default);

    /// <summary>Ends a run with <paramref name="status"/> (not <see cref="RunStatus.Running"/>), its result and error, in one write.</summary>
    Task FinishRunAsync(long id, RunStatus status, string? result, string? error, CancellationToken cancel = default);

    /// <summary>The runs (of one model, or all), by id, without their results (null).</summary>
    Task<IReadOnlyList<StoredRun>> ListRunsAsync(string? modelId, CancellationToken cancel = default);

    Task<StoredRun?> GetRunAsync(long id, CancellationToken cancel = default);

    /// <summary>Marks the runs left running by a process that stopped as failed, with <see cref="InterruptedError"/>; returns how many.</summary>
    Task<int> FailInterruptedRunsAsync(CancellationToken cancel = default);
}
