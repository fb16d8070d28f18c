using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Tests.Stack;

/// <summary>
/// DESIGN.md sections 2, 2a and 3 written as plainly as possible, straight from the text, for oracle
/// tests of control regimes: ownership (<c>controlled_by</c>), per-jurisdiction extraterritorial rules
/// and standing controls. A sibling of <see cref="BruteForce"/>, which stays the plain section 2 oracle;
/// like it, this shares no helper with the product code.
/// </summary>
/// <remarks>
/// Every evaluation applies a list of restrictions: the standing controls in force for
/// <paramref name="target"/> (always), then one full restriction per event in the set S. A restriction
/// loses a foreign provider p of component c, when c is in its scope, if it covers p or if its rule
/// reaches p through one of c's requirements.
/// </remarks>
internal sealed class RegimeBruteForce(
    StackModel model,
    string home,
    string target,
    bool reach,
    double deMinimis = 0.25,
    bool firms = false,
    bool standing = true,
    IReadOnlyList<string>? friendly = null)
{
    /// <summary>The uniform rule a control with <c>reach: true</c> uses when its jurisdiction declares none: fixed, not the run's.</summary>
    private const double ControlDeMinimis = 0.25;

    private readonly IReadOnlyList<string> _friendly = friendly ?? [];

    /// <summary>One restriction: by a jurisdiction (or, in firm mode, a firm), on every component or a control's scope, with a rule or none.</summary>
    private sealed record Restriction(string By, bool ByFirm, Control? Scope, ReachRule? Rule);

    private Jurisdiction J(string id) => model.Jurisdictions.First(j => j.Id == id);

    private Component C(string id) => model.Components.First(c => c.Id == id);

    private string Country(string id)
    {
        var j = J(id);
        return j.Parent is null ? id : Country(j.Parent);
    }

    private bool Under(string id, string ancestor) => id == ancestor || (J(id).Parent is { } p && Under(p, ancestor));

    private string Where(Provider p) => p.Jurisdiction ?? model.Organizations.First(o => o.Id == p.Org).Hq;

    private string? ControlledBy(Provider p) => p.Org is null ? null : model.Organizations.First(o => o.Id == p.Org).ControlledBy;

    private bool Domestic(string jurisdiction) => Country(jurisdiction) == Country(home);

    private bool Friendly(string jurisdiction) => _friendly.Any(f => Under(jurisdiction, f));

    private bool Domestic(Provider p) => Domestic(Where(p));

    /// <summary>
    /// Jurisdiction mode: foreign, non-friendly jurisdictions that are the production jurisdiction of a
    /// foreign provider, or the jurisdiction controlling its firm, or an ancestor of either. Firm mode:
    /// the firms that supply something from abroad.
    /// </summary>
    public List<string> Events()
    {
        var foreign = model.Components.SelectMany(c => c.Providers).Where(p => !Domestic(p)).ToList();
        return firms
            ? foreign.Where(p => p.Org is not null).Select(p => p.Org!).Distinct().Order(StringComparer.Ordinal).ToList()
            : model.Jurisdictions.Select(j => j.Id)
                .Where(j => !Domestic(j) && !Friendly(j))
                .Where(j => foreign.Any(p => Under(Where(p), j) || (ControlledBy(p) is { } by && Under(by, j))))
                .Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The names of the standing controls in force for the target, in model order.</summary>
    public List<string> ControlsInForce() => InForce().Select(r => r.Scope!.Name).ToList();

    private IEnumerable<Restriction> InForce()
    {
        if (!standing)
        {
            yield break;
        }

        foreach (var k in model.Controls)
        {
            var targeted = k.Targets is null || k.Targets.Any(t => model.Targets.Any(x => x.Id == t && x.Component == target));
            var foreignAndHostile = !Domestic(k.By) && !Friendly(k.By);
            if (targeted && foreignAndHostile)
            {
                yield return new Restriction(k.By, false, k, ControlRule(k));
            }
        }
    }

    /// <summary>A control's own rule; or with <c>reach: true</c> its jurisdiction's declared rule, none for <c>reach: false</c>, else the uniform 0.25 rule; else none.</summary>
    private ReachRule? ControlRule(Control k)
    {
        if (k.Reach is { } own)
        {
            return own;
        }

        if (!k.DeclaredReach)
        {
            return null;
        }

        var by = J(k.By);
        return by.NoReach ? null : by.Reach ?? new ReachRule { DeMinimis = ControlDeMinimis };
    }

    /// <summary>The rule of an event restricting in this run: none without reach; a jurisdiction's declared rule, none for <c>reach: false</c>, else the run's uniform rule.</summary>
    private ReachRule? RunRule(string e)
    {
        if (!reach)
        {
            return null;
        }

        if (!firms)
        {
            var j = J(e);
            if (j.NoReach)
            {
                return null;
            }

            if (j.Reach is { } declared)
            {
                return declared;
            }
        }

        return new ReachRule { DeMinimis = deMinimis };
    }

    private List<Restriction> Restrictions(ISet<string> s) =>
        [.. InForce(), .. s.Select(e => new Restriction(e, firms, null, RunRule(e)))];

    /// <summary>
    /// A jurisdiction's restriction covers a foreign provider located under it or whose firm is controlled
    /// from under it; a firm's covers its own foreign providers. Never a domestic provider.
    /// </summary>
    private bool Covers(Restriction x, Provider p)
    {
        if (Domestic(p))
        {
            return false;
        }

        return x.ByFirm
            ? p.Org == x.By
            : Under(Where(p), x.By) || (ControlledBy(p) is { } by && Under(by, x.By));
    }

    private double CoveredShare(Restriction x, Component r) => r.Providers.Where(p => p.Share is not null && Covers(x, p)).Sum(p => p.Share!.Value);

    private static bool InScope(Control? scope, Component c) =>
        scope is null
        || (scope.ScopeLayers.Count == 0 && scope.ScopeComponents.Count == 0)
        || scope.ScopeLayers.Contains(c.Layer)
        || scope.ScopeComponents.Contains(c.Id);

    private bool Reaches(Restriction x, Component c)
    {
        if (x.Rule is not { } rule)
        {
            return false;
        }

        foreach (var r in c.Requires.SelectMany(q => q.ComponentIds).Select(C))
        {
            var layerCounts = rule.Layers.Count == 0 || rule.Layers.Contains(r.Layer);
            var share = CoveredShare(x, r);
            if (layerCounts && share > 0 && share >= rule.DeMinimis - 1e-12)
            {
                return true;
            }
        }

        return false;
    }

    private bool Loses(Restriction x, Component c, Provider p) => InScope(x.Scope, c) && (Covers(x, p) || Reaches(x, c));

    /// <summary>Availability and capacity (section 3) of every component when the events in <paramref name="s"/> restrict on top of the controls in force.</summary>
    public Dictionary<string, (bool Available, double Capacity)> Evaluate(ISet<string> s)
    {
        var restrictions = Restrictions(s);
        var memo = new Dictionary<string, (bool Available, double Capacity)>();
        foreach (var c in model.Components)
        {
            Of(c.Id);
        }

        return memo;

        (bool Available, double Capacity) Of(string id)
        {
            if (memo.TryGetValue(id, out var known))
            {
                return known;
            }

            var c = C(id);
            var ok = new List<(Provider P, double M)>();
            foreach (var p in c.Providers)
            {
                if (Domestic(p))
                {
                    // Domestic production needs its inputs; it runs at the capacity of the scarcest one.
                    var m = 1.0;
                    var all = true;
                    foreach (var r in c.Requires)
                    {
                        var inputs = r.ComponentIds.Select(Of).ToList();
                        var k = r is AnyOfRequirement g ? g.K : 1;
                        all &= inputs.Count(i => i.Available) >= k;
                        m = Math.Min(m, inputs.Select(i => i.Capacity).OrderDescending().ElementAt(k - 1));
                    }

                    if (all)
                    {
                        ok.Add((p, m));
                    }
                }
                else if (!restrictions.Any(x => Loses(x, c, p)))
                {
                    ok.Add((p, 1.0));
                }
            }

            var available = c.Threshold is { } t ? ok.Sum(x => x.P.Share ?? 0) >= t - 1e-9 : ok.Count > 0;
            var capacity = available ? Math.Min(1, ok.Sum(x => (x.P.Share ?? 0) * x.M)) : 0;
            return memo[id] = (available, capacity);
        }
    }

    public bool Available(string componentId, ISet<string> s) => Evaluate(s)[componentId].Available;

    public double Capacity(string componentId, ISet<string> s) => Evaluate(s)[componentId].Capacity;

    /// <summary>cap(S) / cap(∅) under the same controls in force; null when cap(∅) = 0.</summary>
    public double? Retained(string componentId, ISet<string> s)
    {
        var normal = Capacity(componentId, new HashSet<string>());
        return normal == 0 ? null : Capacity(componentId, s) / normal;
    }

    /// <summary>
    /// Every minimal set of further events whose restriction, on top of the controls in force, makes the
    /// target unavailable, by brute force over all subsets; just the empty set when the controls alone cut it.
    /// </summary>
    public List<List<string>> MinimalCutSets(int maxOrder = int.MaxValue)
    {
        var events = Events();
        var failing = new List<int>();
        for (var mask = 0; mask < 1 << events.Count; mask++)
        {
            if (!Available(target, Members(mask)))
            {
                failing.Add(mask);
            }
        }

        return failing.Where(m => !failing.Any(o => o != m && (o & m) == o))
            .Select(m => Members(m).Order(StringComparer.Ordinal).ToList())
            .Where(set => set.Count <= maxOrder)
            .OrderBy(set => set.Count).ThenBy(set => string.Join(",", set), StringComparer.Ordinal).ToList();

        HashSet<string> Members(int mask) => Enumerable.Range(0, events.Count).Where(i => (mask & (1 << i)) != 0).Select(i => events[i]).ToHashSet();
    }
}
