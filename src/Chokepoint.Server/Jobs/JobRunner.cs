using System.Collections.Concurrent;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Server.Storage;

namespace Chokepoint.Server.Jobs;

/// <summary>The progress of a running job: how much of how much is done, and what it is doing (the optimizer's stage).</summary>
public sealed record JobProgress(int Done, int Total, string? Stage = null);

/// <summary>What a job's work reports through: counts (leverage, Monte Carlo) or a stage (the optimizer).</summary>
public sealed class JobReporter(Action<JobProgress> report) : IProgress<(int Done, int Total)>, IProgress<string>
{
    private JobProgress _last = new(0, 0);

    public void Report((int Done, int Total) value) => report(_last = _last with { Done = value.Done, Total = value.Total });

    public void Report(string value) => report(_last = _last with { Stage = value });
}

/// <summary>
/// Long runs (leverage matrices, Monte Carlo, the optimizer) as background jobs: the run is stored
/// as running, and it ends done, failed or cancelled, in one write. Services that share one store
/// see each other's jobs: each beats for its own (<see cref="Beat"/>, once a second), writing their
/// progress to the store and reading there whether another service asked one to stop; and each
/// marks as failed the jobs of a service that died (its process gone, or its beats stopped).
/// </summary>
public sealed class JobRunner(IRunStore store) : IDisposable
{
    /// <summary>How often a service beats for its jobs; a stop asked through another service is seen within one beat.</summary>
    public static readonly TimeSpan Beat = TimeSpan.FromSeconds(1);

    /// <summary>Every this many beats, the runs of services that died are marked failed.</summary>
    private const int SweepEvery = 10;

    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    /// <summary>The error of a cancelled job that kept a partial result.</summary>
    public const string CancelledWithResult = "cancelled: the result holds what was done before the cancellation";

    private readonly ConcurrentDictionary<long, (CancellationTokenSource Cancel, JobProgress Progress)> _running = new();

    /// <summary>Stores <paramref name="work"/> as a run of a stored model and starts it; returns the run's id once it is stored.</summary>
    public async Task<long> StartAsync(string modelId, int version, string kind, string parameters, Func<JobReporter, CancellationToken, ResultDocument> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var id = await store.StartRunAsync(modelId, version, kind, parameters);
        var cancel = new CancellationTokenSource();
        _running[id] = (cancel, new JobProgress(0, 0));
        var progress = new JobReporter(p => _running.AddOrUpdate(id, _ => (cancel, p), (_, old) => (old.Cancel, p)));
        _ = Task.Run(async () =>
        {
            try
            {
                var result = work(progress, cancel.Token);
                // Work that stops cleanly with a partial answer (Monte Carlo, the optimizer) still records it.
                await (cancel.IsCancellationRequested
                    ? store.FinishRunAsync(id, RunStatus.Cancelled, Formats.Results.Json.Compact(result), CancelledWithResult)
                    : store.FinishRunAsync(id, RunStatus.Done, Formats.Results.Json.Compact(result), null));
            }
            catch (OperationCanceledException)
            {
                await store.FinishRunAsync(id, RunStatus.Cancelled, null, "cancelled");
            }
#pragma warning disable CA1031 // A job's failure is recorded in its run rather than lost on a background thread.
            catch (Exception e)
#pragma warning restore CA1031
            {
                await store.FinishRunAsync(id, RunStatus.Failed, null, e.Message);
            }
            finally
            {
                _running.TryRemove(id, out _);
                cancel.Dispose();
            }
        });
        return id;
    }

    public JobProgress? Progress(long id) => _running.TryGetValue(id, out var job) ? job.Progress : null;

    /// <summary>The progress of a running job, here or in another service of the same store (as of its last beat).</summary>
    public async Task<JobProgress?> ProgressAsync(long id, CancellationToken cancel = default) =>
        Progress(id) ?? (await store.GetLeaseAsync(id, cancel) is { } lease && (lease.Total > 0 || lease.Stage is not null)
            ? new JobProgress(lease.Done, lease.Total, lease.Stage)
            : null);

    /// <summary>Asks a running job to stop, here or (through the store) in the service that runs it; false when it is not running.</summary>
    public async Task<bool> CancelAsync(long id, CancellationToken cancel = default) =>
        Cancel(id) || await store.RequestCancelAsync(id, cancel);

    /// <summary>Starts the beats; <see cref="Dispose"/> stops them.</summary>
    public void StartBeating() => _loop ??= Task.Run(BeatAsync);

    private async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(Beat);
        var beats = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                beats++;
                try
                {
                    var mine = _running.Select(kv => (kv.Key, kv.Value.Progress.Done, kv.Value.Progress.Total, kv.Value.Progress.Stage)).ToList();
                    if (mine.Count > 0 || beats % SweepEvery == 0)
                    {
                        foreach (var id in await store.BeatAsync(mine, _stop.Token))
                        {
                            Cancel(id);
                        }
                    }

                    if (beats % SweepEvery == 0)
                    {
                        await store.FailInterruptedRunsAsync(keepOwn: true, _stop.Token);
                    }
                }
#pragma warning disable CA1031 // The store may be away for a moment (a restart of PostgreSQL): the next beat tries again.
                catch (Exception e) when (e is not OperationCanceledException || !_stop.IsCancellationRequested)
#pragma warning restore CA1031
                {
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _loop?.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    /// <summary>Asks a running job to stop; false when it is not running here.</summary>
    public bool Cancel(long id)
    {
        if (!_running.TryGetValue(id, out var job))
        {
            return false;
        }

        try
        {
            job.Cancel.Cancel();
        }
        catch (ObjectDisposedException)
        {
            return false;
        }

        return true;
    }
}
