namespace Chokepoint.Analysis.Model;

/// <summary>
/// One component's place in the stack, by component number (its position in the model's
/// <c>components</c>).
/// </summary>
/// <param name="Inputs">The components it requires, members of <c>any_of</c> groups included, each once, in the order written.</param>
/// <param name="AlternativeInputs">Those of <paramref name="Inputs"/> that are members of an <c>any_of</c> group (substitutes).</param>
/// <param name="UsedBy">The components that require it, in model order.</param>
/// <param name="NeededBy">
/// Those of <paramref name="UsedBy"/> that the target needs: the steps through which the target needs
/// this component. Following them repeatedly gives every component on a chain up to the target.
/// Empty for the target itself and for a component the target does not need.
/// </param>
/// <param name="ProductionJurisdictions">Where each provider produces, in provider order: its own jurisdiction, else its organization's headquarters; null when neither is known.</param>
/// <param name="NeededByTarget">True when the target needs it, directly or not; the target needs itself.</param>
/// <param name="NextTowardTarget">The next component on a shortest chain to the target; -1 for the target and for components it does not need.</param>
public sealed record ComponentPlace(
    IReadOnlyList<int> Inputs,
    IReadOnlyList<int> AlternativeInputs,
    IReadOnlyList<int> UsedBy,
    IReadOnlyList<int> NeededBy,
    IReadOnlyList<string?> ProductionJurisdictions,
    bool NeededByTarget,
    int NextTowardTarget);

/// <summary>
/// What the dashboard draws of a model, computed once on the server so that the page holds no second
/// implementation of the model: the layers in order, and every component's inputs, users, production
/// jurisdictions and place relative to the target. Linear in the size of the model.
/// </summary>
public sealed class StackStructure
{
    private readonly PathsToTarget? _paths;

    private StackStructure(IReadOnlyList<string> layers, string? targetId, PathsToTarget? paths, IReadOnlyList<ComponentPlace> components)
    {
        Layers = layers;
        TargetId = targetId;
        _paths = paths;
        Components = components;
    }

    /// <summary>The model's layers in the order every report uses (<see cref="ModelIndex.OrderLayers"/>).</summary>
    public IReadOnlyList<string> Layers { get; }

    /// <summary>The target the needed-by sets and paths are for; null when the model has no targets and none was asked for.</summary>
    public string? TargetId { get; }

    /// <summary>The target's component number; -1 when there is no target.</summary>
    public int Target => _paths?.Target ?? -1;

    /// <summary>Every component's place, by component number.</summary>
    public IReadOnlyList<ComponentPlace> Components { get; }

    /// <summary>
    /// The structure of a validated model toward <paramref name="target"/> (a target id or a component
    /// id; null: the model's first target, or none when it has none).
    /// </summary>
    /// <exception cref="Stack.PerspectiveException">The target is neither a target nor a component of the model.</exception>
    public static StackStructure Of(ModelIndex index, string? target)
    {
        ArgumentNullException.ThrowIfNull(index);
        var components = index.Model.Components;
        var numbers = new Dictionary<string, int>(components.Count, StringComparer.Ordinal);
        for (var c = 0; c < components.Count; c++)
        {
            numbers.TryAdd(components[c].Id, c);
        }

        var inputs = new List<int>[components.Count];
        var alternatives = new List<int>[components.Count];
        var users = new List<int>[components.Count];
        for (var c = 0; c < components.Count; c++)
        {
            inputs[c] = [];
            alternatives[c] = [];
            users[c] = [];
        }

        // Stamps instead of list look-ups, so a component with many inputs stays linear.
        var inputOf = new int[components.Count];
        var alternativeOf = new int[components.Count];
        Array.Fill(inputOf, -1);
        Array.Fill(alternativeOf, -1);
        for (var c = 0; c < components.Count; c++)
        {
            foreach (var r in components[c].Requires)
            {
                foreach (var id in r.ComponentIds)
                {
                    // An unknown id is a validation error; the structure of an unvalidated model just leaves it out.
                    if (!numbers.TryGetValue(id, out var m))
                    {
                        continue;
                    }

                    if (inputOf[m] != c)
                    {
                        inputOf[m] = c;
                        inputs[c].Add(m);
                        users[m].Add(c);
                    }

                    if (r is AnyOfRequirement && alternativeOf[m] != c)
                    {
                        alternativeOf[m] = c;
                        alternatives[c].Add(m);
                    }
                }
            }
        }

        string? targetId = null;
        var targetNumber = -1;
        if (target is not null || index.Model.Targets.Count > 0)
        {
            var (id, component) = Stack.HomeAnalysis.ResolveTarget(index.Model, target);
            targetId = id;
            targetNumber = numbers.TryGetValue(component, out var t) ? t : -1;
        }

        var paths = targetNumber < 0 ? null : PathsToTarget.Build(inputs, targetNumber);
        var places = new ComponentPlace[components.Count];
        for (var c = 0; c < components.Count; c++)
        {
            var needed = paths?.Needs(c) ?? false;
            places[c] = new ComponentPlace(
                inputs[c],
                alternatives[c],
                users[c],
                needed && c != targetNumber ? users[c].Where(paths!.Needs).ToList() : [],
                components[c].Providers.Select(index.ProductionJurisdiction).ToList(),
                needed,
                paths?.Next(c) ?? -1);
        }

        return new StackStructure(ModelIndex.OrderLayers(components.Select(c => c.Layer)).ToList(), targetId, paths, places);
    }

    /// <summary>The chain from <paramref name="component"/> up to the target by component number, both included; empty when the target does not need it.</summary>
    public IReadOnlyList<int> PathToTarget(int component) => _paths?.From(component) ?? [];
}
