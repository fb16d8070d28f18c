namespace Chokepoint.Server.Storage;

/// <summary>
/// The store in memory, for tests: the same rules as <see cref="Store"/> (versions 1..n per model,
/// run ids increasing from 1, keys kept as hashes only), thread-safe, gone with the process.
/// </summary>
public sealed class InMemoryStore(TimeProvider? clock = null) : IStore
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Lock _lock = new();
    private readonly SortedDictionary<string, List<StoredModel>> _models = new(StringComparer.Ordinal);
    private readonly SortedDictionary<long, StoredRun> _runs = [];
    private readonly Dictionary<string, string> _keyHashes = new(StringComparer.Ordinal);
    private long _lastRun;
    private readonly SortedDictionary<long, RunLease> _leases = [];

    public string Owner { get; } = RunOwners.New();

    public Task<int> SaveModelAsync(string id, string? name, string text, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(text);
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            if (!_models.TryGetValue(id, out var versions))
            {
                _models[id] = versions = [];
            }

            versions.Add(new StoredModel(id, versions.Count + 1, name, text, _clock.GetUtcNow()));
            return Task.FromResult(versions.Count);
        }
    }

    public Task<IReadOnlyList<StoredModel>> ListModelsAsync(CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredModel>>(_models.Values.Select(v => v[^1] with { Text = "" }).ToList());
        }
    }

    public Task<StoredModel?> GetModelAsync(string id, int? version = null, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var found = _models.TryGetValue(id, out var versions) ? version is { } v ? versions.ElementAtOrDefault(v - 1) : versions[^1] : null;
            return Task.FromResult(found);
        }
    }

    public Task<bool> DeleteModelAsync(string id, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            foreach (var run in _runs.Values.Where(r => r.ModelId == id).ToList())
            {
                _runs.Remove(run.Id);
                _leases.Remove(run.Id);
            }

            return Task.FromResult(_models.Remove(id));
        }
    }

    public Task<bool> IsEmptyAsync(CancellationToken cancel = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_models.Count == 0);
        }
    }

    public Task<long> StartRunAsync(string modelId, int version, string kind, string parameters, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            var id = ++_lastRun;
            _runs[id] = new StoredRun(id, modelId, version, kind, parameters, RunStatus.Running, null, null, _clock.GetUtcNow(), null);
            _leases[id] = new RunLease(id, Owner, _clock.GetUtcNow(), 0, 0, null, false);
            return Task.FromResult(id);
        }
    }

    public Task FinishRunAsync(long id, RunStatus status, string? result, string? error, CancellationToken cancel = default)
    {
        if (status == RunStatus.Running)
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a run finishes done, failed or cancelled.");
        }

        lock (_lock)
        {
            if (_runs.TryGetValue(id, out var run))
            {
                _runs[id] = run with { Status = status, Result = result, Error = error, FinishedUtc = _clock.GetUtcNow() };
            }

            _leases.Remove(id);
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<StoredRun>> ListRunsAsync(string? modelId, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<StoredRun>>(_runs.Values.Where(r => modelId is null || r.ModelId == modelId).Select(r => r with { Result = null }).ToList());
        }
    }

    public Task<StoredRun?> GetRunAsync(long id, CancellationToken cancel = default)
    {
        cancel.ThrowIfCancellationRequested();
        lock (_lock)
        {
            return Task.FromResult(_runs.GetValueOrDefault(id));
        }
    }

    public Task<int> FailInterruptedRunsAsync(bool keepOwn = false, CancellationToken cancel = default)
    {
        lock (_lock)
        {
            // One process holds this store: its own runs are the only ones held.
            var running = _runs.Values.Where(r => r.Status == RunStatus.Running && !(keepOwn && _leases.ContainsKey(r.Id))).ToList();
            foreach (var run in running)
            {
                _runs[run.Id] = run with { Status = RunStatus.Failed, Error = IRunStore.InterruptedError, FinishedUtc = _clock.GetUtcNow() };
                _leases.Remove(run.Id);
            }

            return Task.FromResult(running.Count);
        }
    }

    public Task<IReadOnlyList<long>> BeatAsync(IReadOnlyList<(long Id, int Done, int Total, string? Stage)> progress, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        lock (_lock)
        {
            foreach (var (id, done, total, stage) in progress)
            {
                if (_leases.TryGetValue(id, out var lease))
                {
                    _leases[id] = lease with { Done = done, Total = total, Stage = stage, HeartbeatUtc = _clock.GetUtcNow() };
                }
            }

            return Task.FromResult<IReadOnlyList<long>>(_leases.Values.Where(l => l.CancelRequested).Select(l => l.RunId).ToList());
        }
    }

    public Task<RunLease?> GetLeaseAsync(long id, CancellationToken cancel = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_leases.GetValueOrDefault(id));
        }
    }

    public Task<bool> RequestCancelAsync(long id, CancellationToken cancel = default)
    {
        lock (_lock)
        {
            if (!_leases.TryGetValue(id, out var lease))
            {
                return Task.FromResult(false);
            }

            _leases[id] = lease with { CancelRequested = true };
            return Task.FromResult(true);
        }
    }

    public Task<string> AddKeyAsync(string name, CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var key = ApiKeys.New();
        lock (_lock)
        {
            _keyHashes[name] = ApiKeys.Hash(key);
        }

        return Task.FromResult(key);
    }

    public Task<bool> IsKnownKeyAsync(string key, CancellationToken cancel = default)
    {
        var hash = ApiKeys.Hash(key);
        lock (_lock)
        {
            return Task.FromResult(_keyHashes.ContainsValue(hash));
        }
    }

    public Task<bool> HasKeysAsync(CancellationToken cancel = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_keyHashes.Count > 0);
        }
    }
}
