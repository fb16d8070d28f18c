using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Tests.Stack;

/// <summary>
/// DESIGN.md sections 2 and 3 written as plainly as possible, straight from the text, for oracle
/// tests. Separate from the product code on purpose: it shares no helper with it.
/// </summary>
internal sealed class BruteForce(StackModel model, string home, bool reach, double deMinimis = 0.25, bool firms = false)
{
    private Jurisdiction J(string id) => model.Jurisdictions.First(j => j.Id == id);

    private string Country(string id)
    {
        var j = J(id);
        return j.Parent is null ? id : Country(j.Parent);
    }

    private bool Under(string id, string ancestor) => id == ancestor || (J(id).Parent is { } p && Under(p, ancestor));

    private string Where(Provider p) => p.Jurisdiction ?? model.Organizations.First(o => o.Id == p.Org).Hq;

    private bool Domestic(string jurisdiction) => Country(jurisdiction) == Country(home);

    /// <summary>
    /// Foreign jurisdictions that supply something (or are an ancestor of one that does); with firms,
    /// the firms that supply something from abroad.
    /// </summary>
    public List<string> Events() => firms
        ? model.Components.SelectMany(c => c.Providers).Where(p => p.Org is not null && !Domestic(Where(p))).Select(p => p.Org!).Distinct().Order(StringComparer.Ordinal).ToList()
        : model.Jurisdictions.Select(j => j.Id)
            .Where(j => !Domestic(j) && model.Components.SelectMany(c => c.Providers).Any(p => Under(Where(p), j)))
            .Order(StringComparer.Ordinal).ToList();

    /// <summary>An event's share of a component: a jurisdiction's with its descendants', or a firm's own.</summary>
    private double ShareOf(string e, Component c) =>
        c.Providers.Where(p => p.Share is not null && (firms ? p.Org == e && !Domestic(Where(p)) : Under(Where(p), e))).Sum(p => p.Share!.Value);

    /// <summary>Whether restricting event e stops provider p directly.</summary>
    private bool Stops(string e, Provider p) => firms ? p.Org == e : Under(Where(p), e);

    private bool ProviderAvailable(Component c, Provider p, ISet<string> s, Func<string, bool> available)
    {
        if (Domestic(Where(p)))
        {
            return c.Requires.All(r => r switch
            {
                ComponentRequirement x => available(x.ComponentId),
                AnyOfRequirement g => g.Members.Count(available) >= g.K,
                _ => false,
            });
        }

        if (s.Any(e => Stops(e, p)))
        {
            return false;
        }

        if (reach)
        {
            var required = c.Requires.SelectMany(r => r.ComponentIds).Select(id => model.Components.First(x => x.Id == id));
            if (s.Any(j => required.Any(r => ShareOf(j, r) >= deMinimis - 1e-12)))
            {
                return false;
            }
        }

        return true;
    }

    public bool Available(string componentId, ISet<string> s)
    {
        var c = model.Components.First(x => x.Id == componentId);
        var ok = c.Providers.Where(p => ProviderAvailable(c, p, s, id => Available(id, s))).ToList();
        return c.Threshold is { } t ? ok.Sum(p => p.Share ?? 0) >= t - 1e-9 : ok.Count > 0;
    }

    /// <summary>
    /// Availability at month t after the restriction by <paramref name="s"/> starts: a component with
    /// stock for m months keeps its unrestricted availability while t &lt; m; each substitution option
    /// is one more provider in its jurisdiction with share · min(1, (t − lead)/ramp) once t ≥ lead.
    /// </summary>
    public bool AvailableAt(string componentId, ISet<string> s, int t)
    {
        var c = model.Components.First(x => x.Id == componentId);
        if (c.StockpileMonths is { } m && t < m)
        {
            return Available(componentId, new HashSet<string>());
        }

        var providers = c.Providers.ToList();
        foreach (var o in c.Substitution)
        {
            var lead = o.LeadTimeMonths ?? 0;
            var ramp = o.RampMonths ?? 0;
            var share = t < lead ? 0 : ramp == 0 ? o.Share ?? 0 : (o.Share ?? 0) * Math.Min(1, (t - lead) / ramp);
            if (share > 0)
            {
                providers.Add(new Provider { Jurisdiction = o.Jurisdiction, Share = share });
            }
        }

        var ok = providers.Where(p => ProviderAvailable(c, p, s, id => AvailableAt(id, s, t))).ToList();
        return c.Threshold is { } th ? ok.Sum(p => p.Share ?? 0) >= th - 1e-9 : ok.Count > 0;
    }

    public double Capacity(string componentId, ISet<string> s)
    {
        if (!Available(componentId, s))
        {
            return 0;
        }

        var c = model.Components.First(x => x.Id == componentId);
        var total = 0.0;
        foreach (var p in c.Providers.Where(p => ProviderAvailable(c, p, s, id => Available(id, s))))
        {
            var m = 1.0;
            if (Domestic(Where(p)))
            {
                foreach (var r in c.Requires)
                {
                    var caps = r.ComponentIds.Select(id => Capacity(id, s)).OrderDescending().ToList();
                    m = Math.Min(m, r is AnyOfRequirement g ? caps[g.K - 1] : caps[0]);
                }
            }

            total += (p.Share ?? 0) * m;
        }

        return Math.Min(1, total);
    }

    /// <summary>Every minimal set of events whose restriction makes the target unavailable, by brute force over all subsets.</summary>
    public List<List<string>> MinimalCutSets(string target, int maxOrder = int.MaxValue)
    {
        var events = Events();
        var failing = new List<int>();
        for (var mask = 0; mask < 1 << events.Count; mask++)
        {
            var s = Enumerable.Range(0, events.Count).Where(i => (mask & (1 << i)) != 0).Select(i => events[i]).ToHashSet();
            if (!Available(target, s))
            {
                failing.Add(mask);
            }
        }

        return failing.Where(m => !failing.Any(o => o != m && (o & m) == o))
            .Select(m => Enumerable.Range(0, events.Count).Where(i => (m & (1 << i)) != 0).Select(i => events[i]).ToList())
            .Where(set => set.Count <= maxOrder)
            .OrderBy(set => set.Count).ThenBy(set => string.Join(",", set), StringComparer.Ordinal).ToList();
    }
}
