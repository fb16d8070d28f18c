using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Google.OrTools.Sat;

namespace Chokepoint.Optimize;

/// <summary>What the optimizer maximizes.</summary>
public enum Objective
{
    /// <summary>The size of the smallest foreign coalition that cuts the target (then the lowest cost).</summary>
    Coalition,

    /// <summary>Minimize P(cut) under the restriction probabilities (then the lowest cost).</summary>
    Probability,

    /// <summary>Maximize the target's mean accessible capacity over the horizon under named scenarios (then the lowest cost).</summary>
    Capacity,
}

/// <summary>An optimization request.</summary>
public sealed record OptimizeRequest
{
    public AnalysisRequest Analysis { get; init; } = new();
    public double Budget { get; init; }
    public Objective Objective { get; init; } = Objective.Coalition;

    /// <summary>Only actions whose lead time fits; also the months over which capacity is averaged (default 24).</summary>
    public double? HorizonMonths { get; init; }

    /// <summary>Also generate one action per substitution option.</summary>
    public bool FromSubstitution { get; init; }

    /// <summary>Saved scenario names for <see cref="Objective.Capacity"/>.</summary>
    public IReadOnlyList<string> Scenarios { get; init; } = [];

    /// <summary>The largest coalition size the coalition objective works to exceed; coalitions beyond it count as "more than".</summary>
    public int MaxOrder { get; init; } = 4;
}

/// <summary>The re-verified figures of a model, before or after a plan.</summary>
/// <param name="SmallestCoalition">Size of the smallest foreign coalition that cuts the target; null when none of at most <see cref="OptimizeResult.MaxOrder"/> can.</param>
/// <param name="TargetCapacity">The target's accessible capacity with no restriction.</param>
/// <param name="Probability">P(cut) when probabilities are given.</param>
/// <param name="ScenarioCapacity">Mean target capacity over the horizon under the named scenarios, for the capacity objective.</param>
public sealed record PlanFigures(int? SmallestCoalition, double TargetCapacity, double? Probability, double? ScenarioCapacity);

/// <summary>One point of the budget–resilience frontier.</summary>
public sealed record FrontierPoint(double Cost, int? SmallestCoalition, IReadOnlyList<Candidate> Plan);

/// <summary>The optimizer's answer, every figure recomputed on the changed model.</summary>
public sealed record OptimizeResult(
    Objective Objective,
    IReadOnlyList<Candidate> Plan,
    double Cost,
    bool Optimal,
    PlanFigures Before,
    PlanFigures After,
    IReadOnlyList<Candidate> Candidates,
    IReadOnlyList<FrontierPoint> Frontier,
    int Iterations,
    int MaxOrder,
    string? Note)
{
    /// <summary>The standing controls in force, on top of which every plan is found and verified (DESIGN.md section 2a).</summary>
    public IReadOnlyList<ControlInForce> Controls { get; init; } = [];
}

/// <summary>
/// Constraint repositioning (DESIGN.md section 3): choose actions within a budget to make the
/// smallest cutting coalition as large as possible, by lazy constraint generation on CP-SAT: solve
/// for the cheapest plan, recompile the changed model, find the coalitions below the wanted size
/// that still cut, require that each be broken, repeat. A coalition C that still cuts under plan P
/// can only be broken by an action on a component that C makes unavailable under P (adding
/// providers to an available component changes nothing else), so each round adds the constraint
/// "at least one of those actions". P(cut) and capacity objectives are monotone in the actions, so
/// they are solved exactly over the maximal affordable plans when there are at most
/// <see cref="MaxEnumerated"/> candidates, and greedily (not proven optimal) otherwise.
/// </summary>
public static class RepositioningOptimizer
{
    public const int MaxEnumerated = 16;

    /// <summary>Costs are compared in whole units; fractions of a unit are rounded.</summary>
    internal static long Units(double cost) => (long)Math.Round(cost);

    internal const string StoppedNote = "stopped: the best plan found so far, not proven optimal.";

    internal const string NothingToDoNote = "no coalition of at most the searched size cuts the target: nothing to do.";

    /// <summary>The candidates the coalition objective can use: affordable, and not stockpiles (which change no coalition).</summary>
    internal static List<Candidate> Useful(IReadOnlyList<Candidate> candidates, long budget) =>
        candidates.Where(c => c.Action.Kind != ActionKind.Stockpile && Units(c.Cost) <= budget).ToList();

    /// <summary>The progress line of a frontier's searches, the same here and on a cluster.</summary>
    public static string FrontierProgress(int done, int total) => $"frontier: {done} of {total} coalition sizes searched";

    public static OptimizeResult Run(StackModel model, OptimizeRequest request, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var (perspective, componentId, candidates, evaluator) = Setup(model, request);
        var before = evaluator.Figures([]);
        var result = request.Objective switch
        {
            Objective.Coalition => Coalition(model, request, candidates, evaluator, before, progress, cancel),
            _ => Enumerated(request, candidates, evaluator, before, progress, cancel),
        };
        return result with { Controls = perspective.ControlsInForce(componentId) };
    }

    /// <summary>
    /// The coalition objective with its frontier, each point searched on its own (<see cref="FrontierProblem"/>),
    /// side by side on this machine's cores: the same result as the points computed anywhere else and merged.
    /// </summary>
    public static OptimizeResult RunFrontier(StackModel model, OptimizeRequest request, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        var problem = FrontierProblem.Prepare(model, request);
        var points = new FrontierSearch[problem.Levels.Count];
        var done = 0;
        Parallel.For(0, points.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
        {
            points[i] = problem.Search(i, cancel);
            progress?.Report(FrontierProgress(Interlocked.Increment(ref done), points.Length));
        });
        return problem.Merge(points);
    }

    /// <summary>The request checked, and what every objective starts from.</summary>
    internal static (Perspective Perspective, string Component, IReadOnlyList<Candidate> Candidates, Evaluator Evaluator) Setup(StackModel model, OptimizeRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Budget < 0 || double.IsNaN(request.Budget))
        {
            throw new PerspectiveException("the budget must be 0 or more.", "Give a non-negative amount.", "budget");
        }

        var perspective = Perspective.Create(model, request.Analysis.Perspective);
        var (_, componentId) = HomeAnalysis.ResolveTarget(model, request.Analysis.Target);
        var candidates = Candidates.From(model, request.FromSubstitution, request.HorizonMonths);
        Candidates.Check(candidates, perspective);
        var evaluator = new Evaluator(model, request, perspective.Home, componentId);
        if (request.Objective == Objective.Probability && evaluator.Probabilities(perspective) is null)
        {
            throw new PerspectiveException("the probability objective needs restriction probabilities.", "Give the model's jurisdictions restriction_probability, or give probabilities with the request.", "prob");
        }

        if (request.Objective == Objective.Capacity && request.Scenarios.Count == 0)
        {
            throw new PerspectiveException("the capacity objective needs named scenarios.", "Name one or more scenarios saved in the model.", "scenarios");
        }

        return (perspective, componentId, candidates, evaluator);
    }

    private static OptimizeResult Coalition(StackModel model, OptimizeRequest request, IReadOnlyList<Candidate> candidates, Evaluator evaluator, PlanFigures before, IProgress<string>? progress, CancellationToken cancel)
    {
        var budget = Units(request.Budget);
        var useful = Useful(candidates, budget);
        var cuts = new List<int[]>();
        var best = (Plan: (IReadOnlyList<Candidate>)[], Figures: before);
        var frontier = new List<FrontierPoint> { new(0, before.SmallestCoalition, []) };
        var iterations = 0;
        var optimal = true;
        string? note = null;
        if (before.SmallestCoalition is null)
        {
            return Result(Objective.Coalition, best.Plan, true, before, before, candidates, frontier, 0, request, NothingToDoNote);
        }

        for (var wanted = before.SmallestCoalition.Value + 1; wanted <= request.MaxOrder + 1; wanted++)
        {
            var reach = Reach(model, request, useful, evaluator, wanted, cuts, budget, ref iterations, progress, cancel);
            if (reach.Stopped)
            {
                optimal = false;
                note = StoppedNote;
                return Result(Objective.Coalition, best.Plan, optimal, before, best.Figures, candidates, frontier, iterations, request, note);
            }

            if (reach.Plan is not { } plan)
            {
                // Proven: no affordable plan reaches `wanted`.
                return Result(Objective.Coalition, best.Plan, optimal, before, best.Figures, candidates, frontier, iterations, request, note);
            }

            best = (plan, reach.Figures!);
            frontier.Add(new FrontierPoint(plan.Sum(p => p.Cost), reach.Figures!.SmallestCoalition, plan));
            if (reach.Figures!.SmallestCoalition is not { } reached || reached > request.MaxOrder)
            {
                return Result(Objective.Coalition, best.Plan, optimal, before, best.Figures, candidates, frontier, iterations, request, null);
            }

            wanted = reached;
        }

        return Result(Objective.Coalition, best.Plan, optimal, before, best.Figures, candidates, frontier, iterations, request, note);
    }

    /// <summary>
    /// The cheapest plan within the budget under which no coalition smaller than <paramref name="wanted"/>
    /// cuts the target, by lazy constraint generation from <paramref name="cuts"/> (to which it adds);
    /// no plan when none is affordable (proven), or when stopped.
    /// </summary>
    internal static (List<Candidate>? Plan, PlanFigures? Figures, bool Stopped) Reach(StackModel model, OptimizeRequest request, IReadOnlyList<Candidate> useful, Evaluator evaluator, int wanted, List<int[]> cuts, long budget, ref int iterations, IProgress<string>? progress, CancellationToken cancel, int workers = 2)
    {
        while (true)
        {
            if (cancel.IsCancellationRequested)
            {
                return (null, null, true);
            }

            iterations++;
            var plan = Solve(useful, cuts, budget, workers);
            if (plan is null)
            {
                return (null, null, false);
            }

            var changed = Candidates.Apply(model, plan, evaluator.Home);
            var stack = new CompiledStack(Perspective.Create(changed, request.Analysis.Perspective), evaluator.Component);
            var target = stack.IndexOf(evaluator.Component);
            var surviving = CutSetAnalysis.Run(stack, target, wanted - 1).Sets;
            progress?.Report($"coalition ≥ {wanted}: round {iterations}, plan of {plan.Count} actions, {surviving.Count} coalitions still cut");
            if (surviving.Count == 0)
            {
                return (plan, evaluator.Figures(plan), false);
            }

            var chosen = plan.Select(p => p.Index).ToHashSet();
            foreach (var coalition in surviving)
            {
                var state = stack.Evaluate(stack.Perspective.Restricted(coalition.Members));
                var relevant = useful.Where(c => !chosen.Contains(c.Index) && !state.Available[stack.IndexOf(c.Component)]).Select(c => c.Index).ToArray();
                if (relevant.Length == 0)
                {
                    // No action at all can break this coalition: `wanted` is out of reach.
                    return (null, null, false);
                }

                cuts.Add(relevant);
            }
        }
    }

    /// <summary>The cheapest selection within the budget that satisfies every cut (each: at least one of these), or null when none does; one worker makes the choice among equally good plans the same on every machine.</summary>
    private static List<Candidate>? Solve(IReadOnlyList<Candidate> useful, IReadOnlyList<int[]> cuts, long budget, int workers)
    {
        var cp = new CpModel();
        var vars = useful.ToDictionary(c => c.Index, c => cp.NewBoolVar($"a{c.Index}"));
        cp.Add(LinearExpr.WeightedSum(useful.Select(c => vars[c.Index]), useful.Select(c => Units(c.Cost))) <= budget);
        foreach (var cut in cuts)
        {
            cp.AddBoolOr(cut.Select(i => (ILiteral)vars[i]));
        }

        // Cheapest first; among equal costs, fewer actions.
        cp.Minimize(LinearExpr.WeightedSum(useful.Select(c => vars[c.Index]), useful.Select(c => (Units(c.Cost) * (useful.Count + 1)) + 1)));
        // CP-SAT would take SIGINT for itself during a solve and leave the process to die of it (exit 130):
        // Ctrl-C belongs to the command line, which stops the search and answers the best plan so far.
        var solver = new CpSolver { StringParameters = $"num_workers:{workers},random_seed:1,catch_sigint_signal:false" };
        var status = solver.Solve(cp);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
        {
            return null;
        }

        return useful.Where(c => solver.BooleanValue(vars[c.Index])).ToList();
    }

    private static OptimizeResult Enumerated(OptimizeRequest request, IReadOnlyList<Candidate> candidates, Evaluator evaluator, PlanFigures before, IProgress<string>? progress, CancellationToken cancel)
    {
        var budget = Units(request.Budget);
        var affordable = candidates.Where(c => Units(c.Cost) <= budget).ToList();
        double Score(PlanFigures f) => request.Objective == Objective.Probability ? -(f.Probability ?? 1) : f.ScenarioCapacity ?? 0;
        var best = (Plan: (IReadOnlyList<Candidate>)[], Figures: before, Cost: 0.0);
        var iterations = 0;
        var optimal = true;
        if (affordable.Count <= MaxEnumerated)
        {
            // Both objectives only improve with more actions, so only plans to which nothing affordable can be added need checking.
            for (var mask = 0; mask < 1 << affordable.Count; mask++)
            {
                if (cancel.IsCancellationRequested)
                {
                    optimal = false;
                    break;
                }

                var plan = affordable.Where((_, i) => (mask & (1 << i)) != 0).ToList();
                var cost = plan.Sum(p => Units(p.Cost));
                if (cost > budget || affordable.Any(c => !plan.Contains(c) && cost + Units(c.Cost) <= budget))
                {
                    continue;
                }

                iterations++;
                var figures = evaluator.Figures(plan);
                var score = Score(figures);
                if (score > Score(best.Figures) + 1e-12 || (Math.Abs(score - Score(best.Figures)) <= 1e-12 && cost < best.Cost))
                {
                    best = (plan, figures, cost);
                }

                progress?.Report($"plan {iterations}: {plan.Count} actions");
            }
        }
        else
        {
            // Greedy: add the action with the best gain per unit of cost until nothing affordable helps.
            optimal = false;
            var plan = new List<Candidate>();
            var spent = 0L;
            var current = before;
            while (!cancel.IsCancellationRequested)
            {
                (Candidate Action, PlanFigures Figures, double Gain)? step = null;
                foreach (var c in affordable.Where(c => !plan.Contains(c) && spent + Units(c.Cost) <= budget))
                {
                    iterations++;
                    var figures = evaluator.Figures([.. plan, c]);
                    var gain = (Score(figures) - Score(current)) / Math.Max(1, Units(c.Cost));
                    if (gain > 1e-15 && (step is null || gain > step.Value.Gain))
                    {
                        step = (c, figures, gain);
                    }
                }

                if (step is null)
                {
                    break;
                }

                plan.Add(step.Value.Action);
                spent += Units(step.Value.Action.Cost);
                current = step.Value.Figures;
                progress?.Report($"greedy: {plan.Count} actions");
            }

            best = (plan, current, spent);
        }

        var note = optimal ? null : affordable.Count > MaxEnumerated
            ? $"{affordable.Count} affordable candidates: chosen greedily, not proven optimal."
            : StoppedNote;
        return Result(request.Objective, best.Plan, optimal, before, best.Figures, candidates, [], iterations, request, note);
    }

    internal static OptimizeResult Result(Objective objective, IReadOnlyList<Candidate> plan, bool optimal, PlanFigures before, PlanFigures after, IReadOnlyList<Candidate> candidates, IReadOnlyList<FrontierPoint> frontier, int iterations, OptimizeRequest request, string? note) =>
        new(objective, plan.OrderBy(p => p.Index).ToList(), plan.Sum(p => p.Cost), optimal, before, after, candidates, frontier, iterations, request.MaxOrder, note);

    /// <summary>Re-verifies a plan by recompiling the changed model and recomputing every figure.</summary>
    internal sealed class Evaluator(StackModel model, OptimizeRequest request, string home, string component)
    {
        public string Home { get; } = home;
        public string Component { get; } = component;

        /// <summary>Probabilities by event; with no foreign event at all, an empty list (the cut is then certain or impossible).</summary>
        public double[]? Probabilities(Perspective perspective) =>
            perspective.Events.Count == 0 ? [] : HomeAnalysis.EventProbabilities(perspective, request.Analysis.Probabilities).Probabilities;

        public PlanFigures Figures(IReadOnlyList<Candidate> plan)
        {
            var changed = Candidates.Apply(model, plan, Home);
            var perspective = Perspective.Create(changed, request.Analysis.Perspective);
            var stack = new CompiledStack(perspective, Component);
            var target = stack.IndexOf(Component);
            var cuts = CutSetAnalysis.Run(stack, target, request.MaxOrder);
            var probabilities = Probabilities(perspective);
            double? p = probabilities is null ? null : CutSetAnalysis.Probability(stack, target, probabilities);
            double? scenarioCapacity = null;
            if (request.Scenarios.Count > 0)
            {
                var months = (int)Math.Ceiling(request.HorizonMonths ?? 24);
                scenarioCapacity = request.Scenarios.Average(name =>
                {
                    var spec = ScenarioSpec.From(ScenarioSpec.Find(changed, name), request.Analysis.Perspective, request.Analysis.Target);
                    return RecoveryAnalysis.Run(changed, spec, months).TargetCapacity.Average();
                });
            }

            return new PlanFigures(cuts.SmallestOrder, stack.Evaluate(new bool[stack.EventCount]).Capacity[target], p, scenarioCapacity);
        }
    }
}
