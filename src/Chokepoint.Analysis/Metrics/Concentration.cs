using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Metrics;

/// <summary>
/// How concentrated the supply of one component is. Shares are aggregated by country (a
/// subdivision counts with its country, so Guangdong and the rest of China are one supplier).
/// Only known shares enter: with unknown shares the HHI is a lower bound.
/// </summary>
/// <param name="ComponentId">The component.</param>
/// <param name="KnownShare">Sum of the known provider shares, 0–1.</param>
/// <param name="ShareByCountry">Each supplying country's share, largest first (ties by id).</param>
/// <param name="Hhi">Herfindahl–Hirschman index over countries: Σ sᵢ², 0–1.</param>
/// <param name="HhiFirms">The same over firms (a provider without an org counts as one firm of its own).</param>
/// <param name="TopSupplier">The country with the largest share, or null when no share is known.</param>
/// <param name="TopShare">Its share.</param>
/// <param name="HhiWithoutTop">HHI of the remaining countries, renormalized to their total, or null when none remains.</param>
public sealed record Concentration(
    string ComponentId,
    double KnownShare,
    IReadOnlyList<KeyValuePair<string, double>> ShareByCountry,
    double Hhi,
    double HhiFirms,
    string? TopSupplier,
    double TopShare,
    double? HhiWithoutTop)
{
    /// <summary>The EU strategic-dependency screen flags inputs whose HHI exceeds this.</summary>
    public const double EuScreenHhi = 0.4;

    public bool FlaggedByEuScreen => Hhi > EuScreenHhi;

    /// <summary>Computes the concentration of <paramref name="component"/>.</summary>
    public static Concentration Of(Component component, ModelIndex index)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(index);
        var byCountry = new Dictionary<string, double>(StringComparer.Ordinal);
        var byFirm = new Dictionary<string, double>(StringComparer.Ordinal);
        var known = 0.0;
        for (var i = 0; i < component.Providers.Count; i++)
        {
            var p = component.Providers[i];
            if (p.Share is not { } share || index.ProductionJurisdiction(p) is not { } where)
            {
                continue;
            }

            known += share;
            var country = index.CountryOf(where);
            byCountry[country] = byCountry.GetValueOrDefault(country) + share;
            var firm = p.Org ?? $"#{i}";
            byFirm[firm] = byFirm.GetValueOrDefault(firm) + share;
        }

        var ordered = byCountry.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        var hhi = ordered.Sum(kv => kv.Value * kv.Value);
        var hhiFirms = byFirm.Values.Sum(s => s * s);
        string? top = ordered.Count > 0 && ordered[0].Value > 0 ? ordered[0].Key : null;
        var topShare = top is null ? 0 : ordered[0].Value;
        double? without = null;
        var rest = known - topShare;
        if (top is not null && rest > 1e-12)
        {
            without = ordered.Skip(1).Sum(kv => (kv.Value / rest) * (kv.Value / rest));
        }

        return new Concentration(component.Id, known, ordered, hhi, hhiFirms, top, topShare, without);
    }
}
