using System.Globalization;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Analysis.Generation;

/// <summary>
/// Makes synthetic layered stacks for benchmarks and scale tests, reproducibly from a seed:
/// components in eight layers from material to device, each needing one to three inputs from
/// lower layers (sometimes k-of-n substitutes), one to four providers with skewed country shares,
/// some domestic producers and thresholds, and a target that needs every top-layer component.
/// </summary>
public static class StackGenerator
{
    private static readonly string[] Layers = ["material", "equipment", "eda", "ip", "fabrication", "packaging", "chip", "device"];

    /// <summary>
    /// Generates the stack; with <paramref name="actions"/> &gt; 0 it also attaches that many candidate
    /// actions for the optimizer (domestic or foreign providers on random components, costs 1–100).
    /// With <paramref name="weakPoints"/>, the actions go instead where a plan can break the smallest
    /// cutting coalitions (<see cref="WeakPointActions"/>), so that the best plan is not empty.
    /// </summary>
    public static StackModel Generate(int components, int jurisdictions, int seed, int actions = 0, int? targetInputs = null, int controls = 0, bool weakPoints = false)
    {
        if (controls < 0 || controls > jurisdictions - 1)
        {
            throw new ArgumentOutOfRangeException(nameof(controls), controls, $"between 0 and {jurisdictions - 1} (one per foreign jurisdiction)");
        }

        if (components < Layers.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(components), components, $"at least {Layers.Length} components (one per layer)");
        }

        if (jurisdictions < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(jurisdictions), jurisdictions, "at least 2 jurisdictions (a home and one foreign)");
        }

        var rng = new Random(seed);
        var width = jurisdictions.ToString(CultureInfo.InvariantCulture).Length;
        string J(int i) => "J" + i.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
        var jurisdictionList = Enumerable.Range(0, jurisdictions).Select(i => new Jurisdiction
        {
            Id = J(i),
            RestrictionProbability = Math.Round(0.02 + (rng.NextDouble() * 0.2), 3),
        }).ToList();

        // Country weights fall off like a power law, so a few countries dominate each input, as in real supply chains.
        var weights = Enumerable.Range(0, jurisdictions).Select(i => 1.0 / Math.Pow(i + 1, 1.1)).ToArray();
        var total = weights.Sum();
        var cumulative = new double[jurisdictions];
        var acc = 0.0;
        for (var i = 0; i < jurisdictions; i++)
        {
            acc += weights[i] / total;
            cumulative[i] = acc;
        }

        int PickCountry()
        {
            var x = rng.NextDouble();
            var i = Array.BinarySearch(cumulative, x);
            return Math.Min(i >= 0 ? i : ~i, jurisdictions - 1);
        }

        var perLayer = Enumerable.Range(0, Layers.Length).Select(l => components / Layers.Length + (l < components % Layers.Length ? 1 : 0)).ToArray();
        var list = new List<Component>(components + 1);
        var layerStart = new int[Layers.Length + 1];
        for (var l = 0; l < Layers.Length; l++)
        {
            layerStart[l] = list.Count;
            for (var i = 0; i < perLayer[l]; i++)
            {
                var id = $"{Layers[l]}-{i.ToString(CultureInfo.InvariantCulture)}";
                var requires = new List<Requirement>();
                if (l > 0)
                {
                    var count = 1 + rng.Next(3);
                    for (var r = 0; r < count; r++)
                    {
                        // Mostly the layer just below, sometimes any lower layer.
                        var from = rng.NextDouble() < 0.7 ? l - 1 : rng.Next(l);
                        if (rng.NextDouble() < 0.2)
                        {
                            var members = Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => list[layerStart[from] + rng.Next(perLayer[from])].Id).Distinct().ToList();
                            requires.Add(new AnyOfRequirement(members, 1));
                        }
                        else
                        {
                            requires.Add(new ComponentRequirement(list[layerStart[from] + rng.Next(perLayer[from])].Id));
                        }
                    }

                    requires = requires.DistinctBy(r => string.Join(",", r.ComponentIds)).ToList();
                }

                var providerCount = 1 + rng.Next(4);
                var countries = Enumerable.Range(0, providerCount).Select(_ => PickCountry()).Distinct().ToList();
                if (rng.NextDouble() < 0.3 && !countries.Contains(0))
                {
                    countries.Add(0);
                }

                var raw = countries.Select(c => c == 0 ? rng.NextDouble() * 0.3 : 0.2 + rng.NextDouble()).ToArray();
                var scale = (0.8 + (rng.NextDouble() * 0.2)) / raw.Sum();
                // Every share is uncertain by a fifth either way, for Monte Carlo runs.
                var providers = countries.Select((c, k) =>
                {
                    var share = Math.Round(raw[k] * scale, 4);
                    return new Provider { Jurisdiction = J(c), Share = share, ShareRange = new ShareRange(Math.Round(share * 0.8, 4), Math.Min(1, Math.Round(share * 1.2, 4))) };
                }).ToList();
                double? threshold = rng.NextDouble() < 0.2 ? Math.Round(0.1 + (rng.NextDouble() * 0.4), 2) : null;
                list.Add(new Component { Id = id, Layer = Layers[l], Requires = requires, Providers = providers, Threshold = threshold });
            }
        }

        var top = Layers.Length - 1;
        list.Add(new Component
        {
            Id = "product",
            Layer = "device",
            Requires = Enumerable.Range(layerStart[top], perLayer[top])
                .Take(targetInputs is { } k ? Math.Clamp(k, 1, perLayer[top]) : perLayer[top])
                .Select(i => (Requirement)new ComponentRequirement(list[i].Id)).ToList(),
            Providers = [new Provider { Jurisdiction = J(0), Share = 0.1 }],
        });

        // Actions go on components the target needs, where they can matter.
        var byId = list.Select((c, i) => (c.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var needed = new SortedSet<int>();
        var pending = new Stack<int>([list.Count - 1]);
        while (pending.Count > 0)
        {
            foreach (var r in list[pending.Pop()].Requires.SelectMany(r => r.ComponentIds))
            {
                if (needed.Add(byId[r]))
                {
                    pending.Push(byId[r]);
                }
            }
        }

        var cone = needed.ToArray();
        // Domestic producers of inputs with no inputs of their own always work, so most domestic actions go there.
        var roots = cone.Where(i => list[i].Requires.Count == 0).ToArray();
        for (var a = 0; a < (weakPoints ? 0 : actions); a++)
        {
            var domestic = rng.NextDouble() < 0.6;
            var i = domestic && roots.Length > 0 && rng.NextDouble() < 0.8 ? roots[rng.Next(roots.Length)] : cone[rng.Next(cone.Length)];
            var action = new RepositioningAction
            {
                Kind = domestic ? ActionKind.Domestic : ActionKind.Friendly,
                Jurisdiction = domestic ? null : J(1 + rng.Next(jurisdictions - 1)),
                Share = Math.Round(0.05 + (rng.NextDouble() * 0.3), 2),
                Cost = 1 + rng.Next(100),
                LeadTimeMonths = rng.Next(60),
            };
            list[i] = list[i] with { Actions = [.. list[i].Actions, action] };
        }

        var (ruled, standing) = Regime(jurisdictionList, controls, seed, J);
        var model = new StackModel
        {
            Name = $"generated: {components} components, {jurisdictions} jurisdictions, seed {seed}" + (controls > 0 ? $", {controls} standing controls" : "") + (weakPoints && actions > 0 ? $", {actions} actions on weak points" : ""),
            Home = J(0),
            Jurisdictions = ruled,
            Components = list,
            Targets = [new Target { Id = "product", Component = "product" }],
            Controls = standing,
        };
        return weakPoints && actions > 0 ? WeakPointActions(model, actions, seed) : model;
    }

    /// <summary>
    /// Optimizer instances with a plan to find: actions on the weak points of the smallest cutting
    /// coalitions (their size and the next), from a stream of their own, so the stack is the same.
    /// A coalition's weak points are the components to restore, bottom up, until the target is no
    /// longer cut: each one the coalition makes unavailable while every input it needs is still
    /// there, so a domestic producer (the action, with a share above the component's threshold)
    /// brings it back. A coalition that cuts along several paths is broken only by acting on each,
    /// so a plan buys several actions. Coalitions with the fewest weak points are served first, up
    /// to two thirds of the actions; the rest are second offers on the same components and decoys on
    /// random ones. Costs 10–100, lead times 6–48 months.
    /// </summary>
    public static StackModel WeakPointActions(StackModel model, int actions, int seed)
    {
        ArgumentNullException.ThrowIfNull(model);
        var rng = new Random(unchecked((seed * 7919) + 104729));
        var targetId = model.Targets[0].Component;
        var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions()), targetId);
        var target = stack.IndexOf(targetId);
        var baseline = stack.Evaluate(new bool[stack.EventCount]);
        var smallest = CutSetAnalysis.Run(stack, target, 3).SmallestOrder;
        var coalitions = smallest is { } k ? CutSetAnalysis.Run(stack, target, Math.Min(k + 1, 4)).Sets.Take(400).ToList() : [];
        var fixes = coalitions
            .Select(c => (c.Order, Fix: WeakPoints(stack, c.Members, target, baseline)))
            .Where(x => x.Fix is not null)
            .OrderBy(x => x.Order).ThenBy(x => x.Fix!.Count)
            .Select(x => x.Fix!)
            .ToList();
        var chosen = new List<int>();
        var seen = new HashSet<int>();
        foreach (var fix in fixes)
        {
            var extra = fix.Where(i => !seen.Contains(i)).ToList();
            if (chosen.Count + extra.Count <= actions * 2 / 3)
            {
                chosen.AddRange(extra);
                seen.UnionWith(extra);
            }
        }

        var list = model.Components.ToList();
        var decoys = list.Select((_, i) => i).Where(i => list[i].Id != targetId).ToArray();
        for (var a = 0; a < actions; a++)
        {
            // The weak points first, then in turn a second offer on one of them and a decoy (a compiled
            // stack numbers the components in the model's order).
            var i = a < chosen.Count ? chosen[a]
                : chosen.Count > 0 && (a - chosen.Count) % 2 == 0 ? chosen[rng.Next(chosen.Count)]
                : decoys[rng.Next(decoys.Length)];
            var action = new RepositioningAction
            {
                Kind = ActionKind.Domestic,
                Share = Math.Round(Math.Min(1, Math.Max(list[i].Threshold ?? 0, 0.05) + 0.05 + (rng.NextDouble() * 0.2)), 2),
                Cost = 10 + rng.Next(91),
                LeadTimeMonths = 6 + rng.Next(43),
            };
            list[i] = list[i] with { Actions = [.. list[i].Actions, action] };
        }

        return model with { Components = list };
    }

    /// <summary>The components to restore, bottom up, so that the coalition no longer cuts the target; null when restoring components cannot do it.</summary>
    private static List<int>? WeakPoints(CompiledStack stack, IReadOnlyList<string> members, int target, StackState baseline)
    {
        var restricted = stack.Perspective.Restricted(members);
        var frozen = new bool[stack.Ids.Count];
        var needed = stack.NeededBy(target);
        var fix = new List<int>();
        for (var round = 0; round < 64; round++)
        {
            var state = stack.Evaluate(restricted, new EvaluationConditions(Frozen: frozen, FrozenState: baseline));
            if (state.Available[target])
            {
                return fix;
            }

            var added = false;
            for (var i = 0; i < frozen.Length; i++)
            {
                if (i != target && needed[i] && !frozen[i] && !state.Available[i] && baseline.Available[i]
                    && stack.Requirements(i).All(r => r.Members.Count(m => state.Available[m]) >= r.K))
                {
                    frozen[i] = true;
                    fix.Add(i);
                    added = true;
                }
            }

            if (!added)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// DESIGN.md section 2a at scale, from its own random stream (so the stack itself is the same as
    /// without): <paramref name="count"/> foreign jurisdictions from the middle of the share ranking
    /// each declare a rule (or none, every third one) and hold one standing control on one or two
    /// layers, every other one with reach; the first jurisdictions, which dominate supply, get no
    /// control, so the target is constrained but not cut outright.
    /// </summary>
    private static (List<Jurisdiction> Jurisdictions, List<Control> Controls) Regime(List<Jurisdiction> jurisdictions, int count, int seed, Func<int, string> name)
    {
        if (count == 0)
        {
            return (jurisdictions, []);
        }

        var rng = new Random(unchecked((seed * 7919) + 1));
        var first = Math.Max(1, Math.Min(jurisdictions.Count - count, jurisdictions.Count / 5));
        var result = jurisdictions.ToList();
        var controls = new List<Control>();
        for (var k = 0; k < count; k++)
        {
            var j = first + k;
            result[j] = k % 3 == 2
                ? result[j] with { NoReach = true }
                : result[j] with { Reach = new ReachRule { DeMinimis = k % 2 == 0 ? 0.25 : 0.1, Layers = ["equipment", "eda", "ip"] } };
            var layer = Layers[1 + rng.Next(Layers.Length - 2)];
            var second = Layers[1 + rng.Next(Layers.Length - 2)];
            controls.Add(new Control
            {
                Name = $"control-{k.ToString(CultureInfo.InvariantCulture)}",
                By = name(j),
                ScopeLayers = layer == second ? [layer] : [layer, second],
                DeclaredReach = k % 2 == 0 && k % 3 != 2,
                Source = "generated",
            });
        }

        return (result, controls);
    }
}
