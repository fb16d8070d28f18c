using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Optimize;

namespace Chokepoint.Operations;

/// <summary><c>optimize</c>: constraint repositioning within a budget, with the frontier on request.</summary>
public static class OptimizeOperation
{
    public const int DefaultMaxOrder = 4;

    public sealed record Request(OptimizeRequest Optimizer, bool Frontier);

    public static Request Read(IRequestFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var budget = fields.Amount("budget") ?? throw fields.Fail("budget", "is missing: say how much may be spent, such as 100.");
        var objective = fields.Choice("objective", "coalition", "probability", "capacity") switch
        {
            "probability" => Objective.Probability,
            "capacity" => Objective.Capacity,
            _ => Objective.Coalition,
        };
        return new Request(new OptimizeRequest
        {
            Analysis = StackRequests.Analysis(fields),
            Budget = budget,
            Objective = objective,
            HorizonMonths = fields.Amount("horizon"),
            FromSubstitution = fields.Bool("from_substitution") ?? false,
            Scenarios = fields.List("scenarios") ?? [],
            MaxOrder = fields.Int("max_order", min: 1) ?? DefaultMaxOrder,
        }, fields.Bool("frontier") ?? false);
    }

    /// <summary>
    /// The optimizer's run; with the frontier asked for the coalition objective, its points are
    /// searched each on its own (<see cref="FrontierProblem"/>), side by side, as on a cluster.
    /// </summary>
    public static OptimizeResult Run(StackModel model, Request request, IProgress<string>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SearchesFrontier(request)
            ? RepositioningOptimizer.RunFrontier(model, request.Optimizer, progress, cancel)
            : RepositioningOptimizer.Run(model, request.Optimizer, progress, cancel);
    }

    /// <summary>True when the run is cut into frontier searches (the frontier asked for the coalition objective), the one part of optimize that a cluster can spread.</summary>
    public static bool SearchesFrontier(Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Frontier && request.Optimizer.Objective == Objective.Coalition;
    }

    public static OptimizeDocument Json(OptimizeResult result, Request request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OptimizeJson.Result(result, request.Frontier);
    }
}
