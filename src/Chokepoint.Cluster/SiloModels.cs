using System.Collections.Concurrent;
using System.Security.Cryptography;
using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Models;
using Chokepoint.Operations;

namespace Chokepoint.Cluster;

/// <summary>
/// The models a silo process holds parsed, by content address: fetched from their <see cref="IModelGrain"/>
/// the first time a unit needs them, checked against their address, parsed once, and kept (the last few).
/// </summary>
internal static class SiloModels
{
    private const int Keep = 4;
    private static readonly ConcurrentDictionary<string, Lazy<Task<StackModel?>>> Models = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<string> Order = new();
    private static readonly ConcurrentDictionary<string, Lazy<UnitComputer>> Computers = new(StringComparer.Ordinal);
    private static readonly ConcurrentQueue<string> ComputerOrder = new();

    /// <summary>
    /// The units of the order's kind prepared for its model and request, once for all the units of a
    /// run that come to this silo (the request read and checked, the stack compiled); the last few are kept.
    /// </summary>
    public static UnitComputer Prepared(UnitOrder order, StackModel model, out bool first)
    {
        ArgumentNullException.ThrowIfNull(order);
        var key = $"{order.Kind}/{order.Model}/{Convert.ToHexStringLower(SHA256.HashData(order.Request))}";
        var made = false;
        var entry = Computers.GetOrAdd(key, _ =>
        {
            made = true;
            return new Lazy<UnitComputer>(() => WorkUnits.Prepare(order.Kind, model, RecordedFields.FromBytes(order.Request)));
        });
        first = made;
        if (!entry.IsValueCreated)
        {
            ComputerOrder.Enqueue(key);
            while (ComputerOrder.Count > Keep * 2 && ComputerOrder.TryDequeue(out var old) && old != key)
            {
                Computers.TryRemove(old, out _);
            }
        }

        return entry.Value;
    }

    /// <summary>The model, or null when its grain no longer holds it (its silo was lost): the client stores it again.</summary>
    public static async Task<StackModel?> GetAsync(string address, IGrainFactory grains)
    {
        var entry = Models.GetOrAdd(address, a => new Lazy<Task<StackModel?>>(() => FetchAsync(a, grains)));
        if (!entry.IsValueCreated)
        {
            Order.Enqueue(address);
            while (Order.Count > Keep && Order.TryDequeue(out var old) && old != address)
            {
                Models.TryRemove(old, out _);
            }
        }

        var model = await entry.Value;
        if (model is null)
        {
            Models.TryRemove(new KeyValuePair<string, Lazy<Task<StackModel?>>>(address, entry));
        }

        return model;
    }

    private static async Task<StackModel?> FetchAsync(string address, IGrainFactory grains)
    {
        var grain = grains.GetGrain<IModelGrain>(address);
        var first = await grain.Get(0);
        if (first is null)
        {
            return null;
        }

        var parts = new List<byte[]>(first.Chunks) { first.Data };
        for (var i = 1; i < first.Chunks; i++)
        {
            var chunk = await grain.Get(i);
            if (chunk is null)
            {
                return null;
            }

            parts.Add(chunk.Data);
        }

        var bytes = parts.SelectMany(p => p).ToArray();
        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (hash != address)
        {
            throw new InvalidDataException($"the model stored under {address} has the content address {hash}: it was damaged on the way.");
        }

        var loaded = ModelLoader.Parse(System.Text.Encoding.UTF8.GetString(bytes), $"model {address[..12]}");
        return loaded.HasErrors
            ? throw new InvalidDataException($"the model {address[..12]} does not read on this silo: {string.Join("; ", loaded.Diagnostics.Take(3).Select(d => d.Message))}")
            : loaded.Model;
    }
}
