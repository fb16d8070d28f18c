namespace Chokepoint.Analysis.Model;

/// <summary>
/// Fast look-ups over a validated model: elements by id, where a provider produces, and the
/// country (top-level ancestor) of any jurisdiction. Build it once per model.
/// </summary>
public sealed class ModelIndex
{
    /// <summary>The usual order of layers from raw materials to the user; other layers follow alphabetically.</summary>
    public static readonly IReadOnlyList<string> CanonicalLayers = Array.AsReadOnly<string>(
        ["material", "equipment", "eda", "ip", "design", "fabrication", "packaging", "memory", "chip", "device", "os", "framework", "cloud", "app-store", "app", "service"]);

    private readonly Dictionary<string, Jurisdiction> _jurisdictions;
    private readonly Dictionary<string, Organization> _organizations;
    private readonly Dictionary<string, Component> _components;

    public ModelIndex(StackModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _jurisdictions = First(model.Jurisdictions, j => j.Id);
        _organizations = First(model.Organizations, o => o.Id);
        _components = First(model.Components, c => c.Id);
    }

    public StackModel Model { get; }

    public IReadOnlyDictionary<string, Component> Components => _components;
    public IReadOnlyDictionary<string, Organization> Organizations => _organizations;
    public IReadOnlyDictionary<string, Jurisdiction> Jurisdictions => _jurisdictions;

    /// <summary>Where the provider produces: its own jurisdiction, else its organization's headquarters.</summary>
    public string? ProductionJurisdiction(Provider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.Jurisdiction ?? (provider.Org is { } org && _organizations.TryGetValue(org, out var o) ? o.Hq : null);
    }

    /// <summary>The jurisdiction that controls the provider's organization (<c>controlled_by</c>), if any.</summary>
    public string? ControllingJurisdiction(Provider provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        return provider.Org is { } org && _organizations.TryGetValue(org, out var o) ? o.ControlledBy : null;
    }

    /// <summary>True when <paramref name="jurisdictionId"/> is <paramref name="ancestor"/> or one of its descendants.</summary>
    public bool IsUnder(string? jurisdictionId, string ancestor) => AncestorsAndSelf(jurisdictionId).Contains(ancestor, StringComparer.Ordinal);

    /// <summary>The top-level ancestor of <paramref name="jurisdictionId"/> (Guangdong's country is China).</summary>
    public string CountryOf(string jurisdictionId)
    {
        ArgumentNullException.ThrowIfNull(jurisdictionId);
        return AncestorsAndSelf(jurisdictionId).Last();
    }

    /// <summary>
    /// The jurisdiction and its ancestors, nearest first. Stops at an unknown parent, and at a parent
    /// seen before: validation rejects parent cycles, but an index must not hang on an unvalidated model.
    /// </summary>
    public IEnumerable<string> AncestorsAndSelf(string? jurisdictionId)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var j = jurisdictionId; j is not null && seen.Add(j); j = _jurisdictions.TryGetValue(j, out var x) ? x.Parent : null)
        {
            yield return j;
        }
    }

    /// <summary>Layers in canonical order, then any others alphabetically.</summary>
    public static IEnumerable<string> OrderLayers(IEnumerable<string> layers)
    {
        ArgumentNullException.ThrowIfNull(layers);
        return layers.Distinct(StringComparer.Ordinal)
            .OrderBy(l => CanonicalLayers.Contains(l) ? CanonicalLayers.ToList().IndexOf(l) : int.MaxValue)
            .ThenBy(l => l, StringComparer.Ordinal);
    }

    private static Dictionary<string, T> First<T>(IEnumerable<T> items, Func<T, string> key)
    {
        var d = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            d.TryAdd(key(item), item);
        }

        return d;
    }
}
