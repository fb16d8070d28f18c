using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Analysis.Scenarios;

/// <summary>What a scenario asks: who restricts, on what scope, from which home, against which target.</summary>
public sealed record ScenarioSpec
{
    public string Name { get; init; } = "ad hoc";
    public PerspectiveOptions Perspective { get; init; } = new();
    public string? Target { get; init; }
    public IReadOnlyList<string> Restrict { get; init; } = [];
    public IReadOnlyList<string> ScopeLayers { get; init; } = [];
    public IReadOnlyList<string> ScopeComponents { get; init; } = [];
    public double StartMonth { get; init; }

    /// <summary>A saved scenario, with the command line's perspective options filling what it leaves open.</summary>
    public static ScenarioSpec From(Scenario saved, PerspectiveOptions perspective, string? target)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(perspective);
        return new ScenarioSpec
        {
            Name = saved.Name,
            Perspective = perspective with
            {
                Home = perspective.Home ?? saved.Home,
                Reach = perspective.Reach || (saved.Reach ?? false),
            },
            Target = target ?? saved.Target,
            Restrict = saved.Restrict,
            ScopeLayers = saved.ScopeLayers,
            ScopeComponents = saved.ScopeComponents,
            StartMonth = saved.StartMonth ?? 0,
        };
    }

    /// <summary>Finds a saved scenario by name, with a suggestion when there is none.</summary>
    public static Scenario Find(StackModel model, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Scenarios.FirstOrDefault(s => s.Name == name)
            ?? throw new PerspectiveException($"the model has no scenario named '{name}'.",
                model.Scenarios.Count == 0
                    ? "Add one under 'scenarios:', or name the restricting jurisdictions instead."
                    : Validation.Suggest.Nearest(name, model.Scenarios.Select(s => s.Name)) is { } near
                        ? $"Did you mean '{near}'?"
                        : $"Saved scenarios: {string.Join(", ", model.Scenarios.Select(s => s.Name))}.", "scenario");
    }
}

/// <summary>
/// A scenario prepared for evaluation: the compiled stack, the restricted events, the scope mask and
/// the target, shared by the point run, the recovery curve and the Monte Carlo samples.
/// </summary>
public sealed class PreparedScenario
{
    private PreparedScenario(ScenarioSpec spec, CompiledStack stack, string targetId, int target, bool[] restricted, IReadOnlyList<string> restrictedIds, bool[]? scope)
    {
        Spec = spec;
        Stack = stack;
        TargetId = targetId;
        Target = target;
        Restricted = restricted;
        RestrictedIds = restrictedIds;
        Scope = scope;
    }

    public ScenarioSpec Spec { get; }
    public CompiledStack Stack { get; }
    public string TargetId { get; }
    public int Target { get; }
    public IReadOnlyList<bool> Restricted { get; }

    /// <summary>The restricting jurisdictions, blocs expanded, in order.</summary>
    public IReadOnlyList<string> RestrictedIds { get; }

    /// <summary>Components the restriction covers, or null for all.</summary>
    public IReadOnlyList<bool>? Scope { get; }

    public static PreparedScenario Create(StackModel model, ScenarioSpec spec)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        var (_, componentId) = HomeAnalysis.ResolveTarget(model, spec.Target);
        return Create(model, spec, new CompiledStack(Perspective.Create(model, spec.Perspective), componentId));
    }

    /// <summary>Prepares <paramref name="spec"/> on an already compiled stack (Monte Carlo samples reuse the structure).</summary>
    public static PreparedScenario Create(StackModel model, ScenarioSpec spec, CompiledStack stack)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(stack);
        var (targetId, componentId) = HomeAnalysis.ResolveTarget(model, spec.Target);
        var perspective = stack.Perspective;
        var ids = new List<string>();
        foreach (var r in spec.Restrict)
        {
            if (model.Blocs.FirstOrDefault(b => b.Id == r) is { } bloc)
            {
                ids.AddRange(bloc.Members);
            }
            else if (perspective.Index.Jurisdictions.ContainsKey(r))
            {
                ids.Add(r);
            }
            else
            {
                var near = Validation.Suggest.Nearest(r, perspective.Index.Jurisdictions.Keys.Concat(model.Blocs.Select(b => b.Id)));
                throw new PerspectiveException($"unknown jurisdiction or bloc '{r}' in the restricting set.", near is null ? "Name jurisdictions or blocs of the model." : $"Did you mean '{near}'?", "restrict");
            }
        }

        ids = ids.Distinct(StringComparer.Ordinal).ToList();
        var domestic = ids.Where(perspective.IsDomestic).ToList();
        if (domestic.Count > 0)
        {
            throw new PerspectiveException($"{string.Join(", ", domestic)} is domestic for home {perspective.Home} and cannot restrict it.", "Restrict foreign jurisdictions, or narrow the domestic set.", "restrict");
        }

        // A restriction by J covers its subdivisions: every event at or below a restricting jurisdiction holds.
        var restricted = new bool[stack.EventCount];
        for (var e = 0; e < restricted.Length; e++)
        {
            var id = perspective.Events[e];
            restricted[e] = perspective.Options.Events == EventKind.Jurisdictions
                ? perspective.AncestorsAndSelf(id).Any(ids.Contains)
                : perspective.Index.Organizations.TryGetValue(id, out var org) && perspective.AncestorsAndSelf(org.Hq).Any(ids.Contains);
        }

        bool[]? scope = null;
        if (spec.ScopeLayers.Count > 0 || spec.ScopeComponents.Count > 0)
        {
            foreach (var c in spec.ScopeComponents.Where(c => stack.IndexOf(c) < 0))
            {
                throw new PerspectiveException($"unknown component '{c}' in the scope.", Validation.Suggest.Nearest(c, stack.Ids) is { } near ? $"Did you mean '{near}'?" : "Name components of the model.", "scope_components");
            }

            var layers = model.Components.Select(c => c.Layer).ToHashSet(StringComparer.Ordinal);
            foreach (var l in spec.ScopeLayers.Where(l => !layers.Contains(l)))
            {
                throw new PerspectiveException($"unknown layer '{l}' in the scope.", $"Layers of this model: {string.Join(", ", Model.ModelIndex.OrderLayers(layers))}.", "scope_layers");
            }

            scope = model.Components.Select(c => spec.ScopeLayers.Contains(c.Layer) || spec.ScopeComponents.Contains(c.Id)).ToArray();
        }

        return new PreparedScenario(spec, stack, targetId, stack.IndexOf(componentId), restricted, ids, scope);
    }

    /// <summary>The same scenario on a stack with other provider shares (one Monte Carlo sample).</summary>
    public PreparedScenario WithShares(double[][] shares) =>
        new(Spec, Stack.WithShares(shares), TargetId, Target, Restricted.ToArray(), RestrictedIds, Scope?.ToArray());

    /// <summary>The state under the restriction, with optional stockpiles and substitutions at month t.</summary>
    public StackState Evaluate(EvaluationConditions? extra = null) =>
        Stack.Evaluate(Restricted.ToArray(), (extra ?? new EvaluationConditions()) with { InScope = Scope });

    public StackState Baseline() => Stack.Evaluate(new bool[Stack.EventCount]);
}
