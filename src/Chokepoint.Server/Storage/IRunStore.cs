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
/// Who holds a running run, and how far it is: the process that started it (<see cref="IRunStore.Owner"/>)
/// keeps it alive with beats, writes its progress, and reads whether another process asked it to stop.
/// </summary>
public sealed record RunLease(long RunId, string Owner, DateTimeOffset HeartbeatUtc, int Done, int Total, string? Stage, bool CancelRequested);

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

    /// <summary>
    /// Marks the runs left running by a process that stopped as failed, with <see cref="InterruptedError"/>;
    /// returns how many. A run is left when no process holds it: its owner's process is gone (on this
    /// machine), or its beats stopped (<see cref="RunOwners.StaleAfter"/>, on another machine). With
    /// <paramref name="keepOwn"/>, the runs of this store's owner are kept (a sweep while it serves).
    /// </summary>
    Task<int> FailInterruptedRunsAsync(bool keepOwn = false, CancellationToken cancel = default);

    /// <summary>The owner this store writes on the runs it starts: this process and this store, unique.</summary>
    string Owner { get; }

    /// <summary>
    /// Keeps this owner's running runs alive, writes the progress of those given, and answers the
    /// ids of this owner's runs that another process asked to stop.
    /// </summary>
    Task<IReadOnlyList<long>> BeatAsync(IReadOnlyList<(long Id, int Done, int Total, string? Stage)> progress, CancellationToken cancel = default);

    /// <summary>Who holds a running run and how far it is; null when it is not running.</summary>
    Task<RunLease?> GetLeaseAsync(long id, CancellationToken cancel = default);

    /// <summary>Asks whichever process holds a running run to stop it; false when it is not running.</summary>
    Task<bool> RequestCancelAsync(long id, CancellationToken cancel = default);
}

/// <summary>
/// The owners of runs: <c>host/pid/start/instance</c>, where start is the process's start time, so
/// that a reused pid is not taken for the process that died. A process on this machine is alive
/// while it runs; one elsewhere while it beats.
/// </summary>
public static class RunOwners
{
    /// <summary>How long the beats of a process on another machine may stop before its runs count as left.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(2);

    public static string New() => $"{Environment.MachineName}/{Environment.ProcessId}/{StartTicks(Environment.ProcessId)}/{Guid.NewGuid():N}";

    /// <summary>Whether the owner of a run still holds it, seen from <paramref name="self"/>'s process at <paramref name="now"/>.</summary>
    public static bool IsAlive(string owner, string self, DateTimeOffset heartbeat, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(self);
        if (owner == self)
        {
            return true;
        }

        var parts = owner.Split('/');
        if (parts.Length != 4 || !int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var pid))
        {
            return false;
        }

        if (parts[0] != Environment.MachineName)
        {
            return now - heartbeat < StaleAfter;
        }

        // Another store of this same process (a store opened again): the earlier one is gone.
        return pid != Environment.ProcessId && StartTicks(pid) is { } start && start == parts[2];
    }

    /// <summary>
    /// When the process started, as a text that is the same whichever process reads it: on Linux the
    /// start time in clock ticks since boot (/proc/PID/stat, field 22); elsewhere the start time to
    /// the second (Process.StartTime is computed from the boot time, which two readers may see apart).
    /// </summary>
    internal static string? StartTicks(int pid)
    {
        try
        {
            var stat = $"/proc/{pid}/stat";
            if (File.Exists(stat))
            {
                // The command name, in parentheses, may hold spaces: the fields are counted after it.
                var text = File.ReadAllText(stat);
                var fields = text[(text.LastIndexOf(')') + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                return fields.Length > 19 ? fields[19] : null;
            }

            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return (process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
