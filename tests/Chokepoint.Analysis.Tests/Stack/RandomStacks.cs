using Chokepoint.Analysis.Model;
using CsCheck;

namespace Chokepoint.Analysis.Tests.Stack;

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

    /// <summary>
    /// A random model with the control regimes of DESIGN.md section 2a: some firms <c>controlled_by</c> a
    /// jurisdiction, some jurisdictions with a declared rule (de minimis 0 included, some layers only) or
    /// <c>reach: false</c>, a second target "other", and 0–3 standing controls with random jurisdiction,
    /// targets, scope and reach. With <paramref name="relocate"/>, some of a firm's provider entries
    /// produce somewhere other than its headquarters (so a firm may produce at home and abroad).
    /// </summary>
    public static Gen<StackModel> ModelWithRegimes(int maxJurisdictions = 8, int maxComponents = 20, bool relocate = true) =>
        from model in Model(maxJurisdictions, maxComponents)
        let jurisdictions = model.Jurisdictions.Count
        let components = model.Components.Count
        from controllers in Gen.Int[-jurisdictions, jurisdictions - 1].Array[model.Organizations.Count]
        from moves in Gen.Int[-2 * jurisdictions, jurisdictions - 1].Array[4 * components]
        from rulePicks in Gen.Int[0, 5].Array[jurisdictions]
        from rules in Rule.Array[jurisdictions]
        from other in Gen.Int[0, components - 1]
        from controls in ControlGen(jurisdictions, components).Array[0, 3]
        select model with
        {
            // About half of the firms are controlled from some jurisdiction, foreign or domestic; about a
            // third of a firm's provider entries are moved when relocating.
            Organizations = model.Organizations.Select((o, i) => o with { ControlledBy = controllers[i] >= 0 ? $"J{controllers[i]}" : null }).ToList(),
            Jurisdictions = model.Jurisdictions.Select((j, i) => j with
            {
                NoReach = rulePicks[i] == 0,
                Reach = rulePicks[i] is 1 or 2 ? rules[i] : null,
            }).ToList(),
            Components = model.Components.Select((c, i) => c with
            {
                Providers = c.Providers.Select((p, k) => relocate && p.Org is not null && moves[(4 * i) + k] >= 0 ? p with { Jurisdiction = $"J{moves[(4 * i) + k]}" } : p).ToList(),
            }).ToList(),
            Targets = [.. model.Targets, new Target { Id = "other", Component = $"c{other}" }],
            Controls = controls.Select((k, i) => k with { Name = $"k{i}" }).ToList(),
        };

    private static readonly string[] Layers = ["layer0", "layer1", "layer2", "layer3", "layer4"];

    private static Gen<IReadOnlyList<string>> LayerSubset(int minimum) =>
        Gen.Int[minimum, (1 << Layers.Length) - 1].Select(mask => (IReadOnlyList<string>)Layers.Where((_, i) => (mask & (1 << i)) != 0).ToList());

    /// <summary>A rule with de minimis 0, a small share, the usual quarter or a half; about half of them for some layers only.</summary>
    private static Gen<ReachRule> Rule =>
        from deMinimis in Gen.OneOf(0.0, 0.1, 0.25, 0.5)
        from everyLayer in Gen.Bool
        from layers in LayerSubset(1)
        select new ReachRule { DeMinimis = deMinimis, Layers = everyLayer ? [] : layers };

    private static Gen<Control> ControlGen(int jurisdictions, int components) =>
        from author in Gen.Int[0, jurisdictions - 1]
        from targets in Gen.Int[0, 3]
        from scope in Gen.Int[0, 2]
        from layers in LayerSubset(1)
        from ids in Gen.Int[0, components - 1].Array[1, 3]
        from reach in Gen.Int[0, 2]
        from rule in Rule
        select new Control
        {
            Name = "",
            By = $"J{author}",
            Targets = targets switch
            {
                0 => null,
                1 => ["target"],
                2 => ["other"],
                _ => ["other", "target"],
            },
            ScopeLayers = scope == 1 ? layers : [],
            ScopeComponents = scope == 2 ? ids.Distinct().Select(i => $"c{i}").ToList() : [],
            DeclaredReach = reach == 1,
            Reach = reach == 2 ? rule : null,
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
