using Chokepoint.Analysis.Model;
using CsCheck;

namespace Chokepoint.Optimize.Tests.Support;

/// <summary>
/// Random small stacks for oracle tests: up to 10 jurisdictions (some subdivisions), up to 30
/// components in layers, requires with any_of/k groups, thresholds, domestic producers, firms.
/// Always valid: requirements point at earlier components, shares of one component sum to at most 1.
/// </summary>
internal static class RandomStacks
{
    public static Gen<StackModel> Model(int maxJurisdictions = 10, int maxComponents = 30, bool withTime = false) =>
        from jurisdictionCount in Gen.Int[2, maxJurisdictions]
        from parentPicks in Gen.Int[-3, jurisdictionCount - 1].Array[jurisdictionCount]
        from orgCount in Gen.Int[1, 6]
        from orgHq in Gen.Int[0, jurisdictionCount - 1].Array[orgCount]
        from componentCount in Gen.Int[1, maxComponents]
        from components in Components(componentCount, jurisdictionCount, orgCount, withTime)
        from home in Gen.Int[0, jurisdictionCount - 1]
        select new StackModel
        {
            Home = $"J{home}",
            Jurisdictions = Enumerable.Range(0, jurisdictionCount).Select(i => new Jurisdiction
            {
                Id = $"J{i}",
                // About a quarter of jurisdictions are subdivisions of an earlier one.
                Parent = parentPicks[i] >= 0 && parentPicks[i] < i && parentPicks[i] % 2 == 0 ? $"J{parentPicks[i]}" : null,
            }).ToList(),
            Organizations = Enumerable.Range(0, orgCount).Select(i => new Organization { Id = $"f{i}", Hq = $"J{orgHq[i]}" }).ToList(),
            Components = components,
            Targets = [new Target { Id = "target", Component = $"c{componentCount - 1}" }],
        };

    private static Gen<IReadOnlyList<Component>> Components(int count, int jurisdictions, int orgs, bool withTime) =>
        Enumerable.Range(0, count).Aggregate(
            Gen.Const((IReadOnlyList<Component>)[]),
            (acc, i) => acc.SelectMany(list => (withTime ? WithTime(ComponentGen(i, jurisdictions, orgs), jurisdictions) : ComponentGen(i, jurisdictions, orgs))
                .Select(c => (IReadOnlyList<Component>)[.. list, c])));

    /// <summary>Adds stockpiles and substitution options with linear ramps to some components.</summary>
    public static Gen<Component> WithTime(Gen<Component> gen, int jurisdictions) =>
        from c in gen
        from stockpile in Gen.Int[-8, 8]
        from options in Substitution(jurisdictions).Array[0, 2]
        from none in Gen.Int[0, 2]
        select c with
        {
            StockpileMonths = stockpile > 0 ? stockpile : null,
            Substitution = none == 0 ? options : [],
        };

    public static Gen<Substitution> Substitution(int jurisdictions) =>
        from j in Gen.Int[0, jurisdictions - 1]
        from share in Gen.Int[1, 10]
        from lead in Gen.Int[0, 12]
        from ramp in Gen.Int[0, 12]
        select new Substitution { Jurisdiction = $"J{j}", Share = share / 10.0, LeadTimeMonths = lead, RampMonths = ramp };

    private static Gen<Component> ComponentGen(int index, int jurisdictions, int orgs) =>
        from requires in Requirement(index).Array[0, Math.Min(index, 3)]
        from providerCount in Gen.Int[1, 4]
        from raw in Gen.Int[0, 10].Array[providerCount]
        from places in Gen.Int[-orgs, jurisdictions - 1].Array[providerCount]
        from unknownShare in Gen.Bool.Array[providerCount]
        from hasThreshold in Gen.Int[0, 2]
        from threshold in Gen.Int[0, 10]
        select new Component
        {
            Id = $"c{index}",
            Layer = $"layer{index % 5}",
            Requires = requires,
            Providers = Enumerable.Range(0, providerCount).Select(p => new Provider
            {
                Org = places[p] < 0 ? $"f{-places[p] - 1}" : null,
                Jurisdiction = places[p] >= 0 ? $"J{places[p]}" : null,
                // Tenths summing to at most 1; some shares unknown.
                Share = unknownShare[p] && p > 0 ? null : raw[p] / 10.0 * Math.Min(1, 10.0 / Math.Max(1, raw.Sum())),
            }).ToList(),
            Threshold = hasThreshold == 0 ? threshold / 20.0 : null,
        };

    private static Gen<Requirement> Requirement(int index) =>
        index == 0
            ? Gen.Const<Requirement>(new ComponentRequirement("c0"))
            : Gen.OneOf(
                Gen.Int[0, index - 1].Select(i => (Requirement)new ComponentRequirement($"c{i}")),
                from picks in Gen.Int[0, index - 1].Array[1, 3]
                let members = picks.Distinct().Order().ToList()
                from k in Gen.Int[1, members.Count]
                select (Requirement)new AnyOfRequirement(members.Select(m => $"c{m}").ToList(), k));
}
