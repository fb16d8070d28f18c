using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Optimize;

/// <summary>
/// One point of the frontier, searched on its own: the cheapest plan within the budget under which
/// no coalition smaller than <see cref="Wanted"/> cuts the target.
/// </summary>
/// <param name="Wanted">The coalition size the plan must reach.</param>
/// <param name="Plan">The plan's candidates by index, ascending; null when no affordable plan reaches <see cref="Wanted"/> (proven) or when stopped.</param>
/// <param name="Figures">The plan's re-verified figures, with the plan.</param>
/// <param name="Rounds">The solver rounds the search took.</param>
/// <param name="Stopped">True when the search was cancelled before it ended.</param>
public sealed record FrontierSearch(int Wanted, IReadOnlyList<int>? Plan, PlanFigures? Figures, int Rounds, bool Stopped);

/// <summary>
/// The coalition objective as independent searches, one per coalition size from one above the
/// smallest cutting coalition to one above the largest size searched, so that they can run side by
/// side, on this machine's cores or on a cluster's silos, and merge into the same result: each
/// search starts from no constraint, so its answer does not depend on which others ran, or where.
/// The merged frontier holds, for each coalition size reached, its cheapest plan, and the plan is
/// the last point: the same costs and sizes as the one search that climbs from size to size
/// (<see cref="RepositioningOptimizer.Run"/>); where several plans are equally cheap with as many
/// actions, the two may list different ones. Each search's solver runs on one worker, so that its
/// choice among equally good plans is the same wherever it runs.
/// </summary>
public sealed class FrontierProblem
{
    private readonly StackModel _model;
    private readonly OptimizeRequest _request;
    private readonly Perspective _perspective;
    private readonly string _component;
    private readonly IReadOnlyList<Candidate> _candidates;
    private readonly IReadOnlyList<Candidate> _useful;
    private readonly RepositioningOptimizer.Evaluator _evaluator;
    private readonly PlanFigures _before;

    private FrontierProblem(StackModel model, OptimizeRequest request)
    {
        (_perspective, _component, _candidates, _evaluator) = RepositioningOptimizer.Setup(model, request);
        (_model, _request) = (model, request);
        var budget = RepositioningOptimizer.Units(request.Budget);
        _useful = RepositioningOptimizer.Useful(_candidates, budget);
        _before = _evaluator.Figures([]);
        Levels = _before.SmallestCoalition is { } smallest
            ? Enumerable.Range(smallest + 1, Math.Max(0, request.MaxOrder + 1 - smallest)).ToList()
            : [];
    }

    /// <summary>The request checked and the unchanged model's figures computed: what every search starts from.</summary>
    public static FrontierProblem Prepare(StackModel model, OptimizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        return request.Objective == Objective.Coalition
            ? new FrontierProblem(model, request)
            : throw new ArgumentException("the frontier is searched for the coalition objective only.", nameof(request));
    }

    /// <summary>The coalition sizes searched, one search each, ascending; none when no coalition of at most the searched size cuts the target.</summary>
    public IReadOnlyList<int> Levels { get; }

    /// <summary>Search number <paramref name="level"/> (of <see cref="Levels"/>).</summary>
    public FrontierSearch Search(int level, CancellationToken cancel = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Levels.Count);
        var rounds = 0;
        var reach = RepositioningOptimizer.Reach(_model, _request, _useful, _evaluator, Levels[level], [], RepositioningOptimizer.Units(_request.Budget), ref rounds, null, cancel, workers: 1);
        return new FrontierSearch(Levels[level], reach.Plan?.Select(p => p.Index).ToList(), reach.Figures, rounds, reach.Stopped);
    }

    /// <summary>
    /// The result of the searches, in level order; fewer than <see cref="Levels"/> (a run cancelled
    /// after its first ones), or one stopped, gives the best plan of those before, not proven optimal.
    /// </summary>
    public OptimizeResult Merge(IReadOnlyList<FrontierSearch> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var frontier = new List<FrontierPoint> { new(0, _before.SmallestCoalition, []) };
        var best = (Plan: (IReadOnlyList<Candidate>)[], Figures: _before);
        var (iterations, optimal, done) = (0, true, false);
        string? note = Levels.Count == 0 && _before.SmallestCoalition is null ? RepositioningOptimizer.NothingToDoNote : null;
        int? reached = _before.SmallestCoalition;
        for (var i = 0; i < Levels.Count; i++)
        {
            if (i >= points.Count || points[i].Stopped)
            {
                iterations += i < points.Count ? points[i].Rounds : 0;
                if (!done)
                {
                    (optimal, note) = (false, RepositioningOptimizer.StoppedNote);
                }

                break;
            }

            var point = points[i];
            if (point.Wanted != Levels[i])
            {
                throw new ArgumentException($"search {i} is for coalition size {point.Wanted}, not {Levels[i]}.", nameof(points));
            }

            iterations += point.Rounds;
            if (done || point.Wanted <= reached)
            {
                // Out of reach already, or reached by a cheaper plan for a smaller size.
                continue;
            }

            if (point.Plan is not { } indices || point.Figures is not { } figures)
            {
                // Proven: no affordable plan reaches this size, nor any larger one.
                done = true;
                continue;
            }

            var plan = indices.Select(k => k >= 0 && k < _candidates.Count ? _candidates[k] : throw new ArgumentException($"search {i} names candidate {k}, of {_candidates.Count}.", nameof(points))).ToList();
            best = (plan, figures);
            frontier.Add(new FrontierPoint(plan.Sum(p => p.Cost), figures.SmallestCoalition, plan));
            reached = figures.SmallestCoalition;
            done = reached is null || reached > _request.MaxOrder;
        }

        var result = RepositioningOptimizer.Result(Objective.Coalition, best.Plan, optimal, _before, best.Figures, _candidates, frontier, iterations, _request, note);
        return result with { Controls = _perspective.ControlsInForce(_component) };
    }
}
