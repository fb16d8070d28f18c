using Chokepoint.Operations;

namespace Chokepoint.Cluster;

/// <summary>What a silo is asked to compute: unit <see cref="Unit"/> of <see cref="Kind"/>, on the model stored under <see cref="Model"/>, for the request the client read.</summary>
[GenerateSerializer, Immutable, Alias("chokepoint.unit-order")]
public sealed class UnitOrder
{
    [Id(0)] public required string Kind { get; init; }

    /// <summary>The model's content address: the SHA-256 of its text, in hexadecimal.</summary>
    [Id(1)] public required string Model { get; init; }

    /// <summary>The request's fields as the client read them (<see cref="RecordedFields.ToBytes"/>).</summary>
    [Id(2)] public required byte[] Request { get; init; }

    [Id(3)] public required int Unit { get; init; }

    /// <summary>For the kinds of samples, the run's sample count and seed.</summary>
    [Id(4)] public int Samples { get; init; }

    [Id(5)] public int Seed { get; init; }
}

/// <summary>A unit's result, or why it cannot be computed (the same on every silo, so it is not tried again).</summary>
[GenerateSerializer, Immutable, Alias("chokepoint.unit-answer")]
public sealed class UnitAnswer
{
    [Id(0)] public byte[]? Result { get; init; }

    [Id(1)] public string? Error { get; init; }

    /// <summary>The silo no longer holds the model and could not fetch it: the client stores it again and asks once more.</summary>
    [Id(2)] public bool ModelMissing { get; init; }
}

/// <summary>One unit of work, computed on the silo its key names (<see cref="NamedSiloPlacement"/>).</summary>
[Alias("chokepoint.unit")]
public interface IUnitGrain : IGrainWithStringKey
{
    /// <summary>The unit's result; a unit may take long (a home of a million components), and a lost silo is seen by its leaving the membership, not by a timeout.</summary>
    [Alias("compute"), ResponseTimeout("12:00:00")]
    Task<UnitAnswer> Compute(UnitOrder order);
}

/// <summary>
/// A model's text, stored once per run under its content address and cut into chunks (a message
/// stays small whatever the model's size); each silo fetches it once and keeps it parsed.
/// </summary>
[Alias("chokepoint.model")]
public interface IModelGrain : IGrainWithStringKey
{
    [Alias("put")]
    Task Put(int chunk, int chunks, byte[] data);

    /// <summary>Chunk <paramref name="chunk"/>, or null when the model is not (or no longer) complete here.</summary>
    [Alias("get")]
    Task<ModelChunk?> Get(int chunk);
}

[GenerateSerializer, Immutable, Alias("chokepoint.model-chunk")]
public sealed class ModelChunk
{
    [Id(0)] public required int Chunks { get; init; }

    [Id(1)] public required byte[] Data { get; init; }
}

internal sealed class ModelGrain : Grain, IModelGrain
{
    private byte[]?[] _chunks = [];

    public Task Put(int chunk, int chunks, byte[] data)
    {
        if (chunks < 1 || chunk < 0 || chunk >= chunks)
        {
            throw new ArgumentOutOfRangeException(nameof(chunk), chunk, $"chunk {chunk} of {chunks}");
        }

        if (_chunks.Length != chunks)
        {
            _chunks = new byte[chunks][];
        }

        _chunks[chunk] = data;
        return Task.CompletedTask;
    }

    public Task<ModelChunk?> Get(int chunk) =>
        Task.FromResult(_chunks.Length > 0 && _chunks.All(c => c is not null) && chunk >= 0 && chunk < _chunks.Length
            ? new ModelChunk { Chunks = _chunks.Length, Data = _chunks[chunk]! }
            : null);
}

[NamedSiloPlacement]
internal sealed class UnitGrain(IGrainFactory grains, ILocalSiloDetails silo, IServiceProvider services) : Grain, IUnitGrain
{
    public async Task<UnitAnswer> Compute(UnitOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        try
        {
            var model = await SiloModels.GetAsync(order.Model, grains);
            if (model is null)
            {
                return new UnitAnswer { ModelMissing = true };
            }

            var computer = SiloModels.Prepared(order, model, out var first);
            if (first && services.GetService(typeof(SiloEventLog)) is SiloEventLog log)
            {
                log.Write(new SiloEvent("computing", silo.SiloAddress.ToString(), true, Status: $"{order.Kind}, model {order.Model[..12]}"));
            }

            var work = new UnitWork(order.Kind, order.Unit + 1) { Samples = order.Samples, Seed = order.Seed };
            // The computation is CPU-bound: off the grain's turn, on the thread pool.
            var result = await Task.Run(() => computer(work, order.Unit, CancellationToken.None));
            return new UnitAnswer { Result = result };
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new UnitAnswer { Error = $"{e.GetType().Name}: {e.Message}" };
        }
        finally
        {
            // One unit, one activation: the next unit is placed afresh.
            DeactivateOnIdle();
        }
    }
}
