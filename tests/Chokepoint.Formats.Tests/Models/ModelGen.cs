using Chokepoint.Analysis.Model;
using CsCheck;

namespace Chokepoint.Formats.Tests.Models;

/// <summary>Random models for round-trip properties: every field, awkward strings, numbers of every size.</summary>
internal static class ModelGen
{
    private static readonly Gen<string> Awkward = Gen.OneOf(
        Gen.Char["abcXYZ019 :#'\"-_%.,[]{}|>&*!?@`é中\t\n\\"].Array[0, 14].Select(a => new string(a)),
        Gen.OneOf("", "null", "~", "true", "no", "123", "0.5", "37%", " lead", "trail ", "- dash", "#hash", "a: b", "2024-01-01"));

    private static readonly Gen<string?> MaybeText = Gen.Frequency((1, Gen.Const((string?)null)), (2, Awkward.Select(s => (string?)s)));

    private static readonly Gen<double> AnyShare = Gen.OneOf(Gen.Double[0, 1], Gen.OneOf(0.0, 1.0, 0.37, 1e-9, 0.1 + 0.2));

    private static readonly Gen<double?> MaybeShare = Gen.Frequency((1, Gen.Const((double?)null)), (3, AnyShare.Select(d => (double?)d)));

    private static readonly Gen<double?> MaybeMonths = Gen.Frequency((1, Gen.Const((double?)null)), (1, Gen.Double[0, 120].Select(d => (double?)d)), (1, Gen.Int[0, 60].Select(i => (double?)i)));

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : class => Gen.Frequency((1, Gen.Const((T?)null)), (2, gen.Select(x => (T?)x)));

    public static readonly Gen<StackModel> Model =
        from jurisdictionCount in Gen.Int[1, 5]
        from parents in Gen.Int[-1, 4].Array[jurisdictionCount]
        from jurisdictionNames in MaybeText.Array[jurisdictionCount]
        from restrictionProbabilities in MaybeShare.Array[jurisdictionCount]
        from orgCount in Gen.Int[0, 4]
        from orgHq in Gen.Int[0, jurisdictionCount - 1].Array[orgCount]
        from orgControl in Gen.Int[-1, jurisdictionCount - 1].Array[orgCount]
        from orgNames in MaybeText.Array[orgCount]
        from componentCount in Gen.Int[1, 7]
        from seeds in Gen.Int.Array[componentCount]
        from name in MaybeText
        from attribution in MaybeText
        from home in Gen.Int[-1, jurisdictionCount - 1]
        from tolerance in Gen.Frequency((1, Gen.Const((double?)null)), (1, Gen.Double[0, 0.2].Select(d => (double?)d)))
        from targetCount in Gen.Int[0, 2]
        from blocMembers in Gen.Int[0, jurisdictionCount - 1].Array[0, 3].Array[0, 2]
        from components in ComponentsGen(componentCount, jurisdictionCount, orgCount)
        from scenarios in ScenarioGen(jurisdictionCount, componentCount).Array[0, 2]
        from rules in Gen.Int[0, 2].Select(k => k).Array[jurisdictionCount]
        from ruleShares in AnyShare.Array[jurisdictionCount]
        from ruleLayers in Gen.OneOf("equipment", "eda", "rare earth").Array[0, 2].Array[jurisdictionCount]
        from controls in ControlGen(jurisdictionCount, componentCount, targetCount).Array[0, 3]
        select new StackModel
        {
            Name = name,
            Attribution = attribution,
            Home = home < 0 ? null : $"J{home}",
            ShareTolerance = tolerance,
            Jurisdictions = Enumerable.Range(0, jurisdictionCount).Select(i => new Jurisdiction
            {
                Id = $"J{i}",
                Name = jurisdictionNames[i],
                Parent = parents[i] >= 0 && parents[i] < i ? $"J{parents[i]}" : null,
                RestrictionProbability = restrictionProbabilities[i],
                Reach = rules[i] == 1 ? new ReachRule { DeMinimis = ruleShares[i], Layers = ruleLayers[i] } : null,
                NoReach = rules[i] == 2,
            }).ToList(),
            Blocs = blocMembers.Select((m, i) => new Bloc { Id = $"B{i}", Members = m.Select(x => $"J{x}").Distinct().ToList() }).ToList(),
            Organizations = Enumerable.Range(0, orgCount).Select(i => new Organization
            {
                Id = $"o{i}",
                Name = orgNames[i],
                Hq = $"J{orgHq[i]}",
                ControlledBy = orgControl[i] < 0 ? null : $"J{orgControl[i]}",
            }).ToList(),
            Components = components,
            Scenarios = scenarios.Select((s, i) => s with { Name = $"s{i}" }).ToList(),
            Targets = Enumerable.Range(0, targetCount).Select(i => new Target { Id = $"t{i}", Name = name, Component = $"c{i % componentCount}" }).ToList(),
            Controls = controls.Select((k, i) => k with { Name = $"k{i}" }).ToList(),
        };

    /// <summary>Standing controls with every field: targets omitted, empty or named; scope; reach none, declared or a rule.</summary>
    private static Gen<Control> ControlGen(int jurisdictions, int components, int targets) =>
        from byIndex in Gen.Int[0, jurisdictions - 1]
        from targetPick in Gen.Int[-2, Math.Max(0, targets - 1)]
        from layers in Gen.OneOf("eda", "fabrication", "quantum stuff").Array[0, 2]
        from scoped in Gen.Int[0, components - 1].Array[0, 2]
        from reach in Gen.Int[0, 2]
        from deMinimis in AnyShare
        from source in MaybeText
        from asOf in MaybeText
        select new Control
        {
            Name = "k",
            By = $"J{byIndex}",
            Targets = targetPick == -2 ? null : targetPick == -1 || targets == 0 ? [] : [$"t{targetPick}"],
            ScopeLayers = layers.Distinct().ToList(),
            ScopeComponents = scoped.Distinct().Select(c => $"c{c}").ToList(),
            DeclaredReach = reach == 1,
            Reach = reach == 2 ? new ReachRule { DeMinimis = deMinimis, Layers = layers.Distinct().ToList() } : null,
            Source = source,
            AsOf = asOf,
        };

    private static Gen<IReadOnlyList<Component>> ComponentsGen(int count, int jurisdictions, int orgs) =>
        Enumerable.Range(0, count).Aggregate(
            Gen.Const((IReadOnlyList<Component>)[]),
            (acc, i) => acc.SelectMany(list => ComponentGen(i, jurisdictions, orgs).Select(c => (IReadOnlyList<Component>)[.. list, c])));

    private static Gen<Component> ComponentGen(int index, int jurisdictions, int orgs) =>
        from layer in Gen.OneOf("material", "equipment", "eda", "fabrication", "device", "os", "quantum stuff")
        from category in Gen.Int[-1, index]
        from name in MaybeText
        from requires in RequirementGen(index).Array[0, Math.Min(index, 3)]
        from providers in ProviderGen(jurisdictions, orgs).Array[0, 3]
        from threshold in MaybeShare
        from substitution in SubstitutionGen(jurisdictions).Array[0, 2]
        from stockpile in MaybeMonths
        from actions in ActionGen(jurisdictions).Array[0, 2]
        from source in MaybeText
        from asOf in Maybe(Gen.OneOf("2024", "2023-Q4", "2022-06-30"))
        select new Component
        {
            Id = $"c{index}",
            Name = name,
            Layer = layer,
            Category = category < 0 || category == index ? null : $"c{category}",
            Requires = requires,
            Providers = providers,
            Threshold = threshold,
            Substitution = substitution,
            StockpileMonths = stockpile,
            Actions = actions,
            Source = source,
            AsOf = asOf,
        };

    private static Gen<Requirement> RequirementGen(int index) =>
        index == 0
            ? Gen.Const<Requirement>(new ComponentRequirement("c0"))
            : Gen.OneOf(
                Gen.Int[0, index - 1].Select(i => (Requirement)new ComponentRequirement($"c{i}")),
                from members in Gen.Int[0, index - 1].Array[1, 3]
                from k in Gen.Int[1, 3]
                select (Requirement)new AnyOfRequirement(members.Select(m => $"c{m}").ToList(), k));

    private static Gen<Provider> ProviderGen(int jurisdictions, int orgs) =>
        from org in Gen.Int[-1, orgs - 1]
        from jurisdiction in Gen.Int[org < 0 ? 0 : -1, jurisdictions - 1]
        from share in MaybeShare
        from range in Gen.Frequency((2, Gen.Const((ShareRange?)null)), (1, from a in AnyShare from b in AnyShare select (ShareRange?)new ShareRange(Math.Min(a, b), Math.Max(a, b))))
        from source in MaybeText
        from asOf in MaybeText
        select new Provider
        {
            Org = org < 0 ? null : $"o{org}",
            Jurisdiction = jurisdiction < 0 ? null : $"J{jurisdiction}",
            Share = share,
            ShareRange = range,
            Source = source,
            AsOf = asOf,
        };

    private static Gen<RepositioningAction> ActionGen(int jurisdictions) =>
        from kind in Gen.Enum<ActionKind>()
        from j in Gen.Int[-1, jurisdictions - 1]
        from share in MaybeShare
        from months in MaybeMonths
        from cost in Gen.Frequency((1, Gen.Const((double?)null)), (1, Gen.Double[0, 1e10].Select(d => (double?)d)))
        from lead in MaybeMonths
        select new RepositioningAction { Kind = kind, Jurisdiction = j < 0 ? null : $"J{j}", Share = share, Months = months, Cost = cost, LeadTimeMonths = lead };

    private static Gen<Scenario> ScenarioGen(int jurisdictions, int components) =>
        from restrict in Gen.Int[0, jurisdictions - 1].Array[0, 3]
        from reach in Gen.Int[0, 2]
        from layers in Gen.OneOf("material", "os").Array[0, 2]
        from scoped in Gen.Int[0, components - 1].Array[0, 2]
        from start in MaybeMonths
        from home in Gen.Int[-1, jurisdictions - 1]
        select new Scenario
        {
            Name = "s",
            Restrict = restrict.Select(r => $"J{r}").ToList(),
            Reach = reach == 2 ? null : reach == 1,
            ScopeLayers = layers,
            ScopeComponents = scoped.Select(c => $"c{c}").ToList(),
            StartMonth = start,
            Home = home < 0 ? null : $"J{home}",
        };

    private static Gen<Substitution> SubstitutionGen(int jurisdictions) =>
        from j in Gen.Int[0, jurisdictions - 1]
        from share in MaybeShare
        from lead in MaybeMonths
        from ramp in MaybeMonths
        from cost in Gen.Frequency((1, Gen.Const((double?)null)), (1, Gen.Double[0, 1e10].Select(d => (double?)d)))
        from source in MaybeText
        select new Substitution { Jurisdiction = $"J{j}", Share = share, LeadTimeMonths = lead, RampMonths = ramp, Cost = cost, Source = source };
}
