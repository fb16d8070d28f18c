using Orleans.Placement;
using Orleans.Runtime.Placement;

namespace Chokepoint.Cluster;

/// <summary>
/// Placement on the silo a grain's key names: the client picks the silo of each unit (the one with
/// the fewest of its units in flight) and writes it into the unit's key, so a run is spread evenly
/// from its first unit, whatever statistics the silos have published. When the named silo is not
/// in the cluster (it left), the grain goes to a random silo, and the client, which sees the silo
/// gone, sends the unit again.
/// </summary>
[GenerateSerializer, Immutable]
public sealed class NamedSiloPlacement : PlacementStrategy
{
    private const string Marker = "/on/";

    public static NamedSiloPlacement Singleton { get; } = new();

    /// <summary>The key of a grain placed on <paramref name="silo"/>.</summary>
    public static string Key(string name, SiloAddress silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return name + Marker + silo.ToParsableString();
    }

    /// <summary>The silo a key names, as it was written; null when it names none.</summary>
    public static string? Named(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var at = key.LastIndexOf(Marker, StringComparison.Ordinal);
        return at < 0 ? null : key[(at + Marker.Length)..];
    }
}

/// <summary>Marks a grain class as placed by <see cref="NamedSiloPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class NamedSiloPlacementAttribute : PlacementAttribute
{
    public NamedSiloPlacementAttribute()
        : base(NamedSiloPlacement.Singleton)
    {
    }
}

/// <summary>Places a grain on the silo its key names when that silo is compatible; otherwise on a random one.</summary>
internal sealed class NamedSiloPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var silos = context.GetCompatibleSilos(target);
        if (NamedSiloPlacement.Named(target.GrainIdentity.Key.ToString()) is { } named && silos.FirstOrDefault(s => s.ToParsableString() == named) is { } silo)
        {
            return Task.FromResult(silo);
        }

        return Task.FromResult(silos[Random.Shared.Next(silos.Length)]);
    }
}
