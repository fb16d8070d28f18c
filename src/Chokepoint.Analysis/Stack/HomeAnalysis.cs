using Chokepoint.Analysis.Metrics;
using Chokepoint.Analysis.Model;

namespace Chokepoint.Analysis.Stack;

/// <summary>What to analyse: the perspective, the target, the largest coalition to look for, and restriction probabilities.</summary>
public sealed record AnalysisRequest
{
    public PerspectiveOptions Perspective { get; init; } = new();

    /// <summary>A target id or a component id; null means the model's first target.</summary>
    public string? Target { get; init; }

    /// <summary>Largest coalition size to enumerate; null for all.</summary>
    public int? MaxOrder { get; init; } = 3;

    /// <summary>Restriction probabilities by event id, overriding the model's <c>restriction_probability</c>.</summary>
    public IReadOnlyDictionary<string, Logic.Probability> Probabilities { get; init; } = new Dictionary<string, Logic.Probability>();
}

/// <summary>How much of one layer's supply, among the components the target needs, is foreign.</summary>
/// <param name="Layer">The layer.</param>
/// <param name="Components">Components of the layer that the target needs.</param>
/// <param name="ForeignShare">Mean over those components (with known shares) of the foreign fraction of known supply; null when no share is known.</param>
/// <param name="WithoutDomesticProvider">Components with no domestic provider at all.</param>
public sealed record LayerDependence(string Layer, int Components, double? ForeignShare, int WithoutDomesticProvider);

/// <summary>A coalition that cuts the target, with the components (needed by the target) it makes unavailable, upstream first.</summary>
public sealed record CuttingCoalition(Coalition Coalition, IReadOnlyList<string> Breaks, double? Probability);

/// <summary>
/// The leverage of one restriction event J over the home (DESIGN.md section 3): whether J alone cuts
/// the target, the target's capacity when J restricts, the smallest cutting coalition containing J
/// (within the order limit), and RAW/Birnbaum when probabilities are given.
/// </summary>
public sealed record Leverage(string Event, bool CutPower, double CapacityAfter, double CapacityLoss, int? SmallestCoalition, double? Raw, double? Birnbaum)
{
    /// <summary><see cref="CapacityAfter"/> as a fraction of the capacity with no further restriction (DESIGN.md section 2a); null when that is 0.</summary>
    public double? Retained { get; init; }
}

/// <summary>The one-screen answer of <c>chokepoint analyze</c>.</summary>
public sealed record HomeAnalysisResult(
    string Home,
    string TargetId,
    string TargetComponent,
    IReadOnlyList<string> Domestic,
    IReadOnlyList<string> Events,
    bool Reach,
    double BaselineCapacity,
    bool DomesticOnlyAvailable,
    double DomesticOnlyCapacity,
    IReadOnlyList<LayerDependence> Layers,
    double? ForeignShare,
    IReadOnlyList<Concentration> MostConcentrated,
    CutSetResult CutSets,
    IReadOnlyList<CuttingCoalition> Coalitions,
    IReadOnlyList<Leverage> Leverage,
    IReadOnlyList<string> EventsWithoutProbability,
    int? MaxOrder)
{
    /// <summary>What the events are: jurisdictions (the default) or firms.</summary>
    public EventKind EventKind { get; init; }

    /// <summary>The standing controls in force, which every figure here starts from (DESIGN.md section 2a).</summary>
    public IReadOnlyList<ControlInForce> Controls { get; init; } = [];

    /// <summary>The domestic-only capacity as a fraction of the baseline: the share of normal output left if every foreign event restricts.</summary>
    public double? DomesticOnlyRetained => Retained.Of(DomesticOnlyCapacity, BaselineCapacity);
}

/// <summary>Runs every analysis of DESIGN.md sections 2 and 3 for one home and target.</summary>
public static class HomeAnalysis
{
    /// <summary>How many of the smallest coalitions get the list of components they break.</summary>
    public const int MaxCoalitionsDetailed = 100;

    /// <summary>Resolves a target id or a component id to a component id.</summary>
    public static (string TargetId, string ComponentId) ResolveTarget(StackModel model, string? target)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (target is null)
        {
            var first = model.Targets.FirstOrDefault()
                ?? throw new PerspectiveException("the model has no targets and the request names none.", "Name a target component, or add a target to the model.", "target");
            return (first.Id, first.Component);
        }

        if (model.Targets.FirstOrDefault(t => t.Id == target) is { } named)
        {
            return (named.Id, named.Component);
        }

        if (model.Components.Any(c => c.Id == target))
        {
            return (target, target);
        }

        var near = Validation.Suggest.Nearest(target, model.Targets.Select(t => t.Id).Concat(model.Components.Select(c => c.Id)));
        throw new PerspectiveException($"unknown target or component '{target}'.", near is null ? "Name one of the model's targets or components." : $"Did you mean '{near}'?", "target");
    }

    /// <summary>Fails as <see cref="Run"/> would on a request it cannot answer (a bad order, an unknown target or home), without analysing.</summary>
    public static void Check(StackModel model, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        CheckOrder(request);
        _ = ResolveTarget(model, request.Target);
        _ = Perspective.Create(model, request.Perspective);
    }

    private static void CheckOrder(AnalysisRequest request)
    {
        if (request.MaxOrder is < 0)
        {
            throw new PerspectiveException("the largest coalition size must be 0 or more.", "Give a small whole number such as 3.", "max_order");
        }
    }

    /// <summary>Probabilities by event number: the request's, else the model's restriction_probability, else none.</summary>
    public static (double[]? Probabilities, IReadOnlyList<string> Missing) EventProbabilities(Perspective perspective, IReadOnlyDictionary<string, Logic.Probability> given)
    {
        ArgumentNullException.ThrowIfNull(perspective);
        ArgumentNullException.ThrowIfNull(given);
        foreach (var id in given.Keys)
        {
            if (perspective.EventNumber(id) < 0)
            {
                var near = Validation.Suggest.Nearest(id, perspective.Events);
                throw new PerspectiveException($"'{id}' is not a restriction event for home {perspective.Home} (events: {string.Join(", ", perspective.Events)}).",
                    near is null ? "Give probabilities for foreign jurisdictions (or for firms, with firms as the events)." : $"Did you mean '{near}'?", "prob");
            }
        }

        var fromModel = perspective.Index.Model.Jurisdictions.Where(j => j.RestrictionProbability is not null)
            .ToDictionary(j => j.Id, j => j.RestrictionProbability!.Value, StringComparer.Ordinal);
        var any = given.Count > 0 || (perspective.Options.Events == EventKind.Jurisdictions && perspective.Events.Any(fromModel.ContainsKey));
        if (!any)
        {
            return (null, []);
        }

        var missing = new List<string>();
        var p = new double[perspective.Events.Count];
        for (var i = 0; i < p.Length; i++)
        {
            var id = perspective.Events[i];
            if (given.TryGetValue(id, out var g))
            {
                p[i] = g.Value;
            }
            else if (perspective.Options.Events == EventKind.Jurisdictions && fromModel.TryGetValue(id, out var m))
            {
                p[i] = m;
            }
            else
            {
                missing.Add(id);
            }
        }

        return (p, missing);
    }

    public static HomeAnalysisResult Run(StackModel model, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        CheckOrder(request);
        var (targetId, componentId) = ResolveTarget(model, request.Target);
        var perspective = Perspective.Create(model, request.Perspective);
        var stack = new CompiledStack(perspective, componentId);
        var target = stack.IndexOf(componentId);
        var (probabilities, missing) = EventProbabilities(perspective, request.Probabilities);
        var n = stack.EventCount;

        var baseline = stack.Evaluate(new bool[n]);
        var allForeign = stack.Evaluate(Enumerable.Repeat(true, n).ToArray());
        var needed = stack.NeededBy(target);

        var cutSets = CutSetAnalysis.Run(stack, target, request.MaxOrder, probabilities);
        // What each coalition breaks takes one evaluation of the whole stack: done for the smallest ones only.
        var coalitions = cutSets.Sets.Take(MaxCoalitionsDetailed).Select(set =>
        {
            var state = stack.Evaluate(perspective.Restricted(set.Members));
            var breaks = stack.Order.Where(c => needed[c] && baseline.Available[c] && !state.Available[c]).Select(c => stack.Ids[c]).ToList();
            double? p = probabilities is null ? null : set.Members.Aggregate(1.0, (acc, m) => acc * probabilities[perspective.EventNumber(m)]);
            return new CuttingCoalition(set, breaks, p);
        }).ToList();

        var importance = cutSets.Importance.ToDictionary(i => i.Event, StringComparer.Ordinal);
        var leverage = new List<Leverage>();
        for (var e = 0; e < n; e++)
        {
            var restricted = new bool[n];
            restricted[e] = true;
            var state = stack.Evaluate(restricted);
            var id = perspective.Events[e];
            var smallest = cutSets.Sets.Where(s => s.Members.Contains(id)).Select(s => (int?)s.Order).Min();
            importance.TryGetValue(id, out var imp);
            leverage.Add(new Leverage(id, !state.Available[target], state.Capacity[target], 1 - state.Capacity[target], smallest,
                probabilities is null ? null : imp?.Raw ?? 1.0, probabilities is null ? null : imp?.Birnbaum ?? 0.0)
            {
                Retained = Retained.Of(state.Capacity[target], baseline.Capacity[target]),
            });
        }

        var ranked = RankLeverage(leverage);
        var index = perspective.Index;
        var layers = ModelIndex.OrderLayers(model.Components.Where((c, i) => needed[i]).Select(c => c.Layer)).Select(layer =>
        {
            var inLayer = model.Components.Where((c, i) => needed[i] && c.Layer == layer).ToList();
            var fractions = inLayer.Select(c => ForeignFraction(c, perspective)).OfType<double>().ToList();
            var withoutDomestic = inLayer.Count(c => !c.Providers.Any(perspective.IsDomestic));
            return new LayerDependence(layer, inLayer.Count, fractions.Count == 0 ? null : fractions.Average(), withoutDomestic);
        }).ToList();

        var allFractions = model.Components.Where((c, i) => needed[i]).Select(c => ForeignFraction(c, perspective)).OfType<double>().ToList();
        var concentrated = model.Components.Where((c, i) => needed[i])
            .Select(c => Concentration.Of(c, index))
            .Where(c => c.TopSupplier is not null && !perspective.IsDomestic(c.TopSupplier))
            .OrderByDescending(c => c.Hhi).ThenBy(c => c.ComponentId, StringComparer.Ordinal).Take(10).ToList();

        return new HomeAnalysisResult(perspective.Home, targetId, componentId, perspective.Domestic, perspective.Events, request.Perspective.Reach,
            baseline.Capacity[target], allForeign.Available[target], allForeign.Capacity[target], layers,
            allFractions.Count == 0 ? null : allFractions.Average(), concentrated, cutSets, coalitions, ranked, missing, request.MaxOrder)
        {
            EventKind = request.Perspective.Events,
            Controls = stack.ControlsInForce,
        };
    }

    /// <summary>
    /// The analyses of a comparison: with no homes, each model for its own home (null); with as many
    /// homes as models, paired in order; otherwise every model for every home.
    /// </summary>
    public static IReadOnlyList<(T Model, string? Home)> ComparePairs<T>(IReadOnlyList<T> models, IReadOnlyList<string> homes)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(homes);
        return homes.Count == 0 ? models.Select(m => (m, (string?)null)).ToList()
            : homes.Count == models.Count ? models.Select((m, i) => (m, (string?)homes[i])).ToList()
            : models.SelectMany(m => homes.Select(h => (m, (string?)h))).ToList();
    }

    /// <summary>Cut power first, then the smallest coalition, then the capacity left (least first), then RAW, then id.</summary>
    public static IReadOnlyList<Leverage> RankLeverage(IEnumerable<Leverage> leverage)
    {
        ArgumentNullException.ThrowIfNull(leverage);
        return leverage
            .OrderByDescending(l => l.CutPower)
            .ThenBy(l => l.SmallestCoalition ?? int.MaxValue)
            .ThenBy(l => l.CapacityAfter)
            .ThenByDescending(l => l.Raw ?? 0)
            .ThenBy(l => l.Event, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The foreign fraction of a component's known supply, or null when no share is known.</summary>
    public static double? ForeignFraction(Component component, Perspective perspective)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(perspective);
        var known = component.Providers.Where(p => p.Share is > 0).ToList();
        var total = known.Sum(p => p.Share!.Value);
        return total <= 0 ? null : known.Where(p => !perspective.IsDomestic(p)).Sum(p => p.Share!.Value) / total;
    }
}
