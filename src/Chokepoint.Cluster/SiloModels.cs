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
    private static readonly RecentValues<Task<StackModel?>> Models = new(Keep);
    private static readonly RecentValues<UnitComputer> Computers = new(Keep * 2);

    /// <summary>
    /// The units of the order's kind prepared for its model and request, once for all the units of a
    /// run that come to this silo (the request read and checked, the stack compiled); the last few are
    /// kept. <paramref name="first"/>: this call added them (the first unit of the run here).
    /// </summary>
    public static UnitComputer Prepared(UnitOrder order, StackModel model, out bool first)
    {
        ArgumentNullException.ThrowIfNull(order);
        var key = $"{order.Kind}/{order.Model}/{Convert.ToHexStringLower(SHA256.HashData(order.Request))}";
        return Computers.GetOrAdd(key, () => WorkUnits.Prepare(order.Kind, model, RecordedFields.FromBytes(order.Request)), out first).Value;
    }

    /// <summary>The model, or null when its grain no longer holds it (its silo was lost): the client stores it again.</summary>
    public static async Task<StackModel?> GetAsync(string address, IGrainFactory grains)
    {
        var entry = Models.GetOrAdd(address, () => FetchAsync(address, grains), out _);
        var model = await entry.Value;
        if (model is null)
        {
            Models.Remove(address, entry);
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

    /// <summary>The last few values by key, each made once (on first use), the oldest key dropped first.</summary>
    private sealed class RecentValues<T>(int keep)
    {
        private readonly ConcurrentDictionary<string, Lazy<T>> _values = new(StringComparer.Ordinal);
        private readonly ConcurrentQueue<string> _order = new();

        /// <summary>The value of <paramref name="key"/>, made by <paramref name="make"/> when it is not kept; <paramref name="added"/>: this call added it.</summary>
        public Lazy<T> GetOrAdd(string key, Func<T> make, out bool added)
        {
            var mine = new Lazy<T>(make);
            var entry = _values.GetOrAdd(key, mine);
            added = ReferenceEquals(entry, mine);
            if (added)
            {
                _order.Enqueue(key);
                while (_order.Count > keep && _order.TryDequeue(out var old))
                {
                    if (old != key)
                    {
                        _values.TryRemove(old, out _);
                    }
                }
            }

            return entry;
        }

        /// <summary>Drops <paramref name="entry"/> if it is still the one kept under <paramref name="key"/>.</summary>
        public void Remove(string key, Lazy<T> entry) => _values.TryRemove(new KeyValuePair<string, Lazy<T>>(key, entry));
    }
}
