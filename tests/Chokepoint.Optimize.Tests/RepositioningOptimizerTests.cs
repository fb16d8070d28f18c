using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Tests.Stack;
using CsCheck;

namespace Chokepoint.Optimize.Tests;

public sealed class RepositioningOptimizerTests
{
    /// <summary>Random stacks with up to 12 actions: domestic or foreign providers, some stockpiles, whole-number costs.</summary>
    private static Gen<(StackModel Model, double Budget)> Cases =>
        from model in RandomStacks.Model(maxJurisdictions: 6, maxComponents: 12)
        from count in Gen.Int[1, 12]
        from picks in Gen.Int[0, 1000].Array[count]
        from kinds in Gen.Int[0, 4].Array[count]
        from places in Gen.Int[0, 5].Array[count]
        from shares in Gen.Int[1, 10].Array[count]
        from costs in Gen.Int[1, 9].Array[count]
        from budget in Gen.Int[0, 30]
        select (WithActions(model, picks, kinds, places, shares, costs), (double)budget);

    private static StackModel WithActions(StackModel model, int[] picks, int[] kinds, int[] places, int[] shares, int[] costs)
    {
        var components = model.Components.ToList();
        for (var i = 0; i < picks.Length; i++)
        {
            var c = picks[i] % components.Count;
            var action = kinds[i] switch
            {
                0 or 1 => new RepositioningAction { Kind = ActionKind.Domestic, Share = shares[i] / 10.0, Cost = costs[i] },
                4 => new RepositioningAction { Kind = ActionKind.Stockpile, Months = 6, Cost = costs[i] },
                _ => new RepositioningAction { Kind = ActionKind.Friendly, Jurisdiction = $"J{places[i] % model.Jurisdictions.Count}", Share = shares[i] / 10.0, Cost = costs[i] },
            };
            components[c] = components[c] with { Actions = [.. components[c].Actions, action] };
        }

        return model with { Components = components };
    }

    /// <summary>Larger is better; "no coalition of at most maxOrder cuts" is best of all.</summary>
    private static int Rank(int? smallest, int maxOrder) => smallest ?? maxOrder + 1;

    [Fact]
    public void The_plan_is_as_good_as_the_best_affordable_subset_and_no_dearer() =>
        Cases.Sample(x =>
        {
            var request = new OptimizeRequest { Budget = x.Budget, MaxOrder = 6 };
            var result = RepositioningOptimizer.Run(x.Model, request, cancel: TestContext.Current.CancellationToken);
            var candidates = result.Candidates;
            var target = x.Model.Targets[0].Component;
            var bestRank = -1;
            var bestCost = double.MaxValue;
            for (var mask = 0; mask < 1 << candidates.Count; mask++)
            {
                var plan = candidates.Where((_, i) => (mask & (1 << i)) != 0).ToList();
                var cost = plan.Sum(p => p.Cost);
                if (cost > x.Budget)
                {
                    continue;
                }

                var changed = Candidates.Apply(x.Model, plan, x.Model.Home!);
                var stack = new CompiledStack(Perspective.Create(changed, new PerspectiveOptions()), null);
                var rank = Rank(CutSetAnalysis.Run(stack, stack.IndexOf(target), 6).SmallestOrder, 6);
                if (rank > bestRank || (rank == bestRank && cost < bestCost))
                {
                    (bestRank, bestCost) = (rank, cost);
                }
            }

            Assert.True(result.Optimal);
            Assert.Equal(bestRank, Rank(result.After.SmallestCoalition, 6));
            Assert.Equal(bestCost, result.Cost);
            Assert.True(result.Cost <= x.Budget);
        }, iter: 60);

    [Fact]
    public void Reported_figures_are_those_of_the_changed_model()
    {
        Cases.Sample(x =>
        {
            var result = RepositioningOptimizer.Run(x.Model, new OptimizeRequest { Budget = x.Budget, MaxOrder = 6 }, cancel: TestContext.Current.CancellationToken);
            var changed = Candidates.Apply(x.Model, result.Plan, x.Model.Home!);
            var stack = new CompiledStack(Perspective.Create(changed, new PerspectiveOptions()), null);
            var target = stack.IndexOf(x.Model.Targets[0].Component);
            Assert.Equal(CutSetAnalysis.Run(stack, target, 6).SmallestOrder, result.After.SmallestCoalition);
            Assert.Equal(stack.Evaluate(new bool[stack.EventCount]).Capacity[target], result.After.TargetCapacity, 12);
        }, iter: 30);
    }

    [Fact]
    public void The_probability_objective_is_optimal_over_every_affordable_subset() =>
        Cases.Sample(x =>
        {
            var model = x.Model with { Jurisdictions = x.Model.Jurisdictions.Select((j, i) => j with { RestrictionProbability = 0.1 + (0.1 * (i % 5)) }).ToList() };
            var result = RepositioningOptimizer.Run(model, new OptimizeRequest { Budget = x.Budget, Objective = Objective.Probability }, cancel: TestContext.Current.CancellationToken);
            var candidates = result.Candidates;
            var target = model.Targets[0].Component;
            var best = double.MaxValue;
            for (var mask = 0; mask < 1 << candidates.Count; mask++)
            {
                var plan = candidates.Where((_, i) => (mask & (1 << i)) != 0).ToList();
                if (plan.Sum(p => p.Cost) > x.Budget)
                {
                    continue;
                }

                var perspective = Perspective.Create(Candidates.Apply(model, plan, model.Home!), new PerspectiveOptions());
                var stack = new CompiledStack(perspective, null);
                var probabilities = perspective.Events.Count == 0 ? [] : HomeAnalysis.EventProbabilities(perspective, new Dictionary<string, Logic.Probability>()).Probabilities!;
                var p = CutSetAnalysis.Probability(stack, stack.IndexOf(target), probabilities);
                best = Math.Min(best, p);
            }

            Assert.Equal(best, result.After.Probability!.Value, 9);
        }, iter: 40);

    [Fact]
    public void The_frontier_searched_a_size_at_a_time_has_the_climbing_search_s_points_and_plan_cost() =>
        Cases.Sample(x =>
        {
            var request = new OptimizeRequest { Budget = x.Budget, MaxOrder = 5 };
            var climbing = RepositioningOptimizer.Run(x.Model, request, cancel: TestContext.Current.CancellationToken);
            var searched = RepositioningOptimizer.RunFrontier(x.Model, request, cancel: TestContext.Current.CancellationToken);

            Assert.Equal(climbing.Frontier.Select(f => (f.Cost, f.SmallestCoalition)), searched.Frontier.Select(f => (f.Cost, f.SmallestCoalition)));
            Assert.Equal((climbing.Cost, climbing.After.SmallestCoalition, climbing.Optimal, climbing.Note), (searched.Cost, searched.After.SmallestCoalition, searched.Optimal, searched.Note));
            Assert.Equal(searched.Frontier[^1].Plan.Select(p => p.Index), searched.Plan.Select(p => p.Index));
        }, iter: 60);

    [Fact]
    public void A_frontier_with_its_last_searches_missing_keeps_the_points_before_and_is_not_proven()
    {
        var model = Formats.Models.ModelLoader.Load(Path.Combine(Testing.TestPaths.TestModels, "optimize", "frontier.yaml")).Model!;
        var problem = FrontierProblem.Prepare(model, new OptimizeRequest { Budget = 100 });
        var points = Enumerable.Range(0, problem.Levels.Count).Select(i => problem.Search(i, TestContext.Current.CancellationToken)).ToList();
        Assert.Equal([2, 3, 4, 5], problem.Levels);

        var whole = problem.Merge(points);
        var cut = problem.Merge(points.Take(2).ToList());
        using var stop = new CancellationTokenSource();
        stop.Cancel();
        var stopped = problem.Merge([points[0], problem.Search(1, stop.Token)]);

        Assert.Equal([0.0, 10, 30, 60], whole.Frontier.Select(f => f.Cost));
        Assert.Equal((true, 60.0), (whole.Optimal, whole.Cost));
        Assert.Equal([0.0, 10, 30], cut.Frontier.Select(f => f.Cost));
        Assert.Equal((false, 30.0), (cut.Optimal, cut.Cost));
        Assert.Equal([0.0, 10], stopped.Frontier.Select(f => f.Cost));
        Assert.Equal((false, 10.0), (stopped.Optimal, stopped.Cost));
        Assert.Contains("not proven optimal", stopped.Note, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => problem.Merge([points[1]]));
        Assert.Throws<ArgumentException>(() => FrontierProblem.Prepare(model, new OptimizeRequest { Budget = 100, Objective = Objective.Probability }));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(5, 3)]
    public void Generated_stacks_with_actions_on_weak_points_have_a_plan_that_raises_the_smallest_coalition(int seed, int inputs)
    {
        var model = Analysis.Generation.StackGenerator.Generate(400, 12, seed, actions: 40, targetInputs: inputs, weakPoints: true);
        var again = Analysis.Generation.StackGenerator.Generate(400, 12, seed, actions: 40, targetInputs: inputs, weakPoints: true);
        var plain = Analysis.Generation.StackGenerator.Generate(400, 12, seed, actions: 0, targetInputs: inputs);
        Assert.Equal(Formats.Models.ModelWriter.ToJson(model), Formats.Models.ModelWriter.ToJson(again));
        Assert.Equal(40, model.Components.Sum(c => c.Actions.Count));
        // The stack itself is the one generated without actions.
        Assert.Equal(Formats.Models.ModelWriter.ToJson(plain with { Name = model.Name }), Formats.Models.ModelWriter.ToJson(model with { Components = model.Components.Select(c => c with { Actions = [] }).ToList() }));

        var result = RepositioningOptimizer.Run(model, new OptimizeRequest { Budget = 400 }, cancel: TestContext.Current.CancellationToken);

        Assert.True(result.Optimal);
        Assert.NotEmpty(result.Plan);
        Assert.True(Rank(result.After.SmallestCoalition, 4) > Rank(result.Before.SmallestCoalition, 4));
    }
}
