using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Metrics;

/// <summary>The figures of one layer of a stack.</summary>
/// <param name="Layer">The layer name.</param>
/// <param name="Components">Concentration of each component in the layer, in model order.</param>
/// <param name="ProviderCount">Number of provider entries in the layer.</param>
/// <param name="Countries">Countries supplying anything in the layer, alphabetically.</param>
/// <param name="ShareByCountry">Each country's share of the layer's supply: the mean of its share over the layer's components, largest first.</param>
public sealed record LayerSummary(
    string Layer,
    IReadOnlyList<Concentration> Components,
    int ProviderCount,
    IReadOnlyList<string> Countries,
    IReadOnlyList<KeyValuePair<string, double>> ShareByCountry);

/// <summary>How the model's provider figures are backed.</summary>
/// <param name="Cited">Shares whose source cites a document.</param>
/// <param name="Estimates">Shares whose source starts with "estimate".</param>
/// <param name="Unsourced">Shares with no source at all.</param>
/// <param name="UnknownShares">Providers present with no share.</param>
public sealed record FigureCounts(int Cited, int Estimates, int Unsourced, int UnknownShares);

/// <summary>The whole-stack view behind <c>chokepoint show</c>.</summary>
public sealed record StackSummary(
    string? Name,
    string? Home,
    int ComponentCount,
    int ProviderCount,
    IReadOnlyList<LayerSummary> Layers,
    IReadOnlyList<Concentration> MostConcentrated,
    FigureCounts Figures)
{
    /// <summary>Summarizes <paramref name="model"/>; <paramref name="top"/> bounds the most-concentrated list.</summary>
    public static StackSummary Of(StackModel model, int top = 10)
    {
        ArgumentNullException.ThrowIfNull(model);
        var index = new ModelIndex(model);
        var all = model.Components.Select(c => (Component: c, Concentration: Concentration.Of(c, index))).ToList();
        var layers = new List<LayerSummary>();
        foreach (var layer in ModelIndex.OrderLayers(model.Components.Select(c => c.Layer)))
        {
            var inLayer = all.Where(x => x.Component.Layer == layer).ToList();
            var countries = inLayer.SelectMany(x => x.Concentration.ShareByCountry.Select(kv => kv.Key))
                .Concat(inLayer.SelectMany(x => x.Component.Providers).Select(p => index.ProductionJurisdiction(p)).OfType<string>().Select(index.CountryOf))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var mean = countries
                .Select(cn => new KeyValuePair<string, double>(cn, inLayer.Sum(x => x.Concentration.ShareByCountry.FirstOrDefault(kv => kv.Key == cn).Value) / inLayer.Count))
                .Where(kv => kv.Value > 0)
                .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
            layers.Add(new LayerSummary(layer, inLayer.Select(x => x.Concentration).ToList(), inLayer.Sum(x => x.Component.Providers.Count), countries, mean));
        }

        var most = all.Select(x => x.Concentration).Where(c => c.TopSupplier is not null)
            .OrderByDescending(c => c.Hhi).ThenBy(c => c.ComponentId, StringComparer.Ordinal).Take(top).ToList();

        var providers = model.Components.SelectMany(c => c.Providers).ToList();
        var withShare = providers.Where(p => p.Share is not null).ToList();
        var figures = new FigureCounts(
            withShare.Count(p => p.Source is not null && !p.IsEstimate),
            withShare.Count(p => p.IsEstimate),
            withShare.Count(p => p.Source is null),
            providers.Count - withShare.Count);
        return new StackSummary(model.Name, model.Home, model.Components.Count, providers.Count, layers, most, figures);
    }
}
