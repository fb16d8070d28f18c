using System.Security.Cryptography;
using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Models;
using Chokepoint.Operations;

namespace Chokepoint.Cluster;

/// <summary>How a run is spread: units in flight per silo, tries per unit, the size of a model chunk.</summary>
public sealed record ClusterRunOptions
{
    /// <summary>Units in flight on each silo at once (a unit of samples uses every core of its silo; a home uses one).</summary>
    public int UnitsPerSilo { get; init; } = Math.Max(2, Environment.ProcessorCount);

    /// <summary>How many times one unit is sent before the run fails: a unit is sent again when its silo is lost.</summary>
    public int MaxTries { get; init; } = 6;

    /// <summary>How often the membership is read, to see silos join and leave.</summary>
    public TimeSpan MembershipPoll { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the run waits for a silo when none is left, before it fails.</summary>
    public TimeSpan NoSiloGrace { get; init; } = TimeSpan.FromSeconds(20);

    public int ChunkBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Where the runner says what it does (silos lost, units sent again); null: nowhere.</summary>
    public Action<string>? Log { get; init; }
}

/// <summary>
/// Spreads the units of one run over the silos of a cluster and answers their results in unit
/// order. The model travels once: it is stored under its content address (the SHA-256 of its text)
/// and each silo fetches it once. Each unit is sent to a fresh grain, placed on the active silo with
/// the fewest of the run's units in flight (<see cref="NamedSiloPlacement"/>); a unit whose silo
/// leaves the cluster is sent again, so a run loses only the units in flight on a lost silo and
/// still ends with the same results.
/// </summary>
public sealed class ClusterRunner : IUnitRunner
{
    private readonly IClusterClient _client;
    private readonly Lazy<(byte[] Text, string Address)> _stored;
    private readonly byte[] _request;
    private readonly ClusterRunOptions _options;

    public ClusterRunner(IClusterClient client, StackModel model, RecordedFields request, ClusterRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        _client = client ?? throw new ArgumentNullException(nameof(client));
        // Written on the first run that has units: a runner made for a request with nothing to spread costs nothing.
        _stored = new(() =>
        {
            var text = System.Text.Encoding.UTF8.GetBytes(ModelWriter.ToJson(model));
            return (text, Convert.ToHexStringLower(SHA256.HashData(text)));
        });
        _request = request.ToBytes();
        _options = options ?? new ClusterRunOptions();
    }

    /// <summary>The model's content address.</summary>
    public string ModelAddress => _stored.Value.Address;

    private byte[] ModelText => _stored.Value.Text;

    public IReadOnlyList<byte[]> Run(UnitWork work, IProgress<(int Done, int Total)>? progress, CancellationToken cancel) =>
        RunAsync(work, progress, cancel).GetAwaiter().GetResult();

    private sealed record Flight(int Unit, int Try, CancellationTokenSource Lost)
    {
        public SiloAddress? Silo { get; set; }
    }

    private enum Ending
    {
        Done,
        Failed,
        ModelMissing,
        Lost,
    }

    public async Task<IReadOnlyList<byte[]>> RunAsync(UnitWork work, IProgress<(int Done, int Total)>? progress, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(work);
        var (kind, count) = (work.Kind, work.Count);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var results = new byte[]?[count];
        if (count == 0)
        {
            return [];
        }

        await StoreModelAsync(kind, count, 0, cancel);
        var run = Guid.NewGuid().ToString("N");
        var bySilo = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var resent = 0;
        var pending = new Queue<(int Unit, int Try)>(Enumerable.Range(0, count).Select(u => (u, 0)));
        var flights = new Dictionary<Task<(Ending, byte[]?, string?)>, Flight>();
        var silos = await ActiveSilosAsync(cancel) ?? [];
        var lastPoll = DateTime.UtcNow;
        DateTime? noSiloSince = silos.Count == 0 ? DateTime.UtcNow : null;
        var done = 0;
        try
        {
            while (done < count && !cancel.IsCancellationRequested)
            {
                // Each unit to the active silo with the fewest of this run's units in flight, up to UnitsPerSilo each.
                while (pending.Count > 0 && Emptiest(silos, flights.Values) is { } target)
                {
                    var (unit, attempt) = pending.Dequeue();
                    var flight = new Flight(unit, attempt, new CancellationTokenSource()) { Silo = target };
                    flights[SendAsync(run, work, flight)] = flight;
                }

                var poll = Task.Delay(_options.MembershipPoll, cancel);
                var finished = await Task.WhenAny(flights.Keys.Cast<Task>().Append(poll));
                if (finished != poll && finished is Task<(Ending, byte[]?, string?)> task)
                {
                    var flight = flights[task];
                    flights.Remove(task);
                    flight.Lost.Dispose();
                    var (ending, bytes, error) = await task;
                    switch (ending)
                    {
                        case Ending.Done:
                            results[flight.Unit] = bytes;
                            done++;
                            var silo = flight.Silo?.ToString() ?? "?";
                            bySilo[silo] = bySilo.GetValueOrDefault(silo) + 1;
                            progress?.Report((done, count));
                            break;
                        case Ending.Failed:
                            throw new UnitRunnerException($"unit {flight.Unit} of the {kind} failed on the cluster: {error}");
                        case Ending.ModelMissing:
                            _options.Log?.Invoke($"the model {ModelAddress[..12]} was lost with its silo; storing it again");
                            await StoreModelAsync(kind, count, done, cancel);
                            Retry(pending, flight, kind, "the model was lost");
                            resent++;
                            break;
                        case Ending.Lost:
                            Retry(pending, flight, kind, error);
                            resent++;
                            break;
                    }
                }

                if (DateTime.UtcNow - lastPoll >= _options.MembershipPoll || silos.Count == 0)
                {
                    lastPoll = DateTime.UtcNow;
                    silos = await ActiveSilosAsync(cancel) ?? [];
                    foreach (var f in flights.Values.Where(f => f.Silo is { } s && !silos.Contains(s)))
                    {
                        // Its silo has left the cluster: stop waiting for it, and send the unit again.
                        f.Lost.Cancel();
                    }

                    noSiloSince = silos.Count > 0 ? null : noSiloSince ?? DateTime.UtcNow;
                    if (noSiloSince is { } since && DateTime.UtcNow - since > _options.NoSiloGrace)
                    {
                        throw new UnitRunnerException($"no silo of the cluster is left (none for {_options.NoSiloGrace.TotalSeconds:0} s), with {count - done} of {count} units of the {kind} not done. Start silos (chokepoint silo) and run it again, or run it without --cluster.");
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        finally
        {
            foreach (var f in flights.Values)
            {
                f.Lost.Cancel();
                f.Lost.Dispose();
            }
        }

        _options.Log?.Invoke($"{done} of {count} units of the {kind} done on {bySilo.Count} silo(s) ({string.Join(", ", bySilo.Select(kv => $"{kv.Key}: {kv.Value}"))}), {resent} sent again");

        // Cancelled: the units done before the first one missing.
        return results.TakeWhile(r => r is not null).Select(r => r!).ToArray();
    }

    /// <summary>The active silo with the fewest units in flight (the first by address among equals), or null when each has its fill.</summary>
    private SiloAddress? Emptiest(HashSet<SiloAddress> silos, IEnumerable<Flight> flights)
    {
        var load = silos.ToDictionary(s => s, _ => 0);
        foreach (var f in flights)
        {
            if (f.Silo is { } s && load.TryGetValue(s, out var n))
            {
                load[s] = n + 1;
            }
        }

        return load.Where(kv => kv.Value < _options.UnitsPerSilo).OrderBy(kv => kv.Value).ThenBy(kv => kv.Key.ToParsableString(), StringComparer.Ordinal)
            .Select(kv => kv.Key).FirstOrDefault();
    }

    private void Retry(Queue<(int Unit, int Try)> pending, Flight flight, string kind, string? why)
    {
        if (flight.Try + 1 >= _options.MaxTries)
        {
            throw new UnitRunnerException($"unit {flight.Unit} of the {kind} was lost {_options.MaxTries} times ({why}); the cluster is not steady enough to finish the run. Check the silos' logs, or run it without --cluster.");
        }

        _options.Log?.Invoke($"unit {flight.Unit} of the {kind} is sent again: {why}");
        pending.Enqueue((flight.Unit, flight.Try + 1));
    }

    private async Task<(Ending, byte[]?, string?)> SendAsync(string run, UnitWork work, Flight flight)
    {
        var token = flight.Lost.Token;
        try
        {
            var grain = _client.GetGrain<IUnitGrain>(NamedSiloPlacement.Key($"{run}/{work.Kind}/{flight.Unit}/{flight.Try}", flight.Silo!));
            var answer = await grain.Compute(new UnitOrder { Kind = work.Kind, Model = ModelAddress, Request = _request, Unit = flight.Unit, Samples = work.Samples, Seed = work.Seed }).WaitAsync(token);
            return answer.ModelMissing ? (Ending.ModelMissing, null, null)
                : answer.Error is { } error ? (Ending.Failed, null, error)
                : (Ending.Done, answer.Result ?? [], null);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return (Ending.Lost, null, $"its silo {flight.Silo} left the cluster");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A silo that died, a connection that broke, a call that timed out: the unit can be computed elsewhere.
            return (Ending.Lost, null, $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Stores the model, trying again while no silo answers, for at most <see cref="ClusterRunOptions.NoSiloGrace"/>.</summary>
    private async Task StoreModelAsync(string kind, int count, int done, CancellationToken cancel)
    {
        var since = DateTime.UtcNow;
        while (true)
        {
            try
            {
                await StoreModelAsync().WaitAsync(cancel);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException && e is not OutOfMemoryException)
            {
                if (DateTime.UtcNow - since > _options.NoSiloGrace)
                {
                    throw new UnitRunnerException($"no silo of the cluster is left (none answered for {_options.NoSiloGrace.TotalSeconds:0} s: {e.Message}), with {count - done} of {count} units of the {kind} not done. Start silos (chokepoint silo) and run it again, or run it without --cluster.", e);
                }

                _options.Log?.Invoke($"the model could not be stored ({e.GetType().Name}); trying again");
                await Task.Delay(_options.MembershipPoll, cancel);
            }
        }
    }

    private async Task StoreModelAsync()
    {
        var grain = _client.GetGrain<IModelGrain>(ModelAddress);
        var chunks = Math.Max(1, (ModelText.Length + _options.ChunkBytes - 1) / _options.ChunkBytes);
        for (var i = 0; i < chunks; i++)
        {
            var start = i * _options.ChunkBytes;
            await UntilNoSiloAsync(grain.Put(i, chunks, ModelText.AsSpan(start, Math.Min(_options.ChunkBytes, ModelText.Length - start)).ToArray()));
        }
    }

    /// <summary>
    /// Waits for <paramref name="call"/> while the cluster has an active silo: a call to a silo that has
    /// just died, when no other is left to declare it dead, would wait for the client's response
    /// timeout (minutes). With no silo active for <see cref="ClusterRunOptions.NoSiloGrace"/>, it fails.
    /// </summary>
    private async Task UntilNoSiloAsync(Task call)
    {
        DateTime? noSiloSince = null;
        while (await Task.WhenAny(call, Task.Delay(_options.MembershipPoll)) != call)
        {
            noSiloSince = (await ActiveSilosAsync(CancellationToken.None))?.Count > 0 ? null : noSiloSince ?? DateTime.UtcNow;
            if (noSiloSince is { } since && DateTime.UtcNow - since > _options.NoSiloGrace)
            {
                throw new TimeoutException($"no silo was active for {_options.NoSiloGrace.TotalSeconds:0} s");
            }
        }

        await call;
    }

    /// <summary>The silos active now, or null when the membership cannot be read (no gateway answers).</summary>
    private async Task<HashSet<SiloAddress>?> ActiveSilosAsync(CancellationToken cancel)
    {
        try
        {
            var hosts = await _client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(5), cancel);
            return [.. hosts.Keys];
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancel.IsCancellationRequested)
        {
            return null;
        }
    }
}
