using System.Text.Json.Nodes;
using Chokepoint.Analysis.Model;
using Chokepoint.Optimize;
using Chokepoint.Server.Jobs;

namespace Chokepoint.Server.Endpoints;

/// <summary>The optimizer's parameters, read from JSON with the command line's names, for the endpoint and the job.</summary>
internal static class OptimizeEndpoints
{
    /// <summary>
    /// Reads the parameters now (a bad one is a <see cref="ParameterException"/> before anything runs)
    /// and returns the work: the optimizer's JSON, as <c>chokepoint optimize --json</c>.
    /// </summary>
    public static Func<JobReporter, CancellationToken, JsonObject> Work(StackModel model, JsonObject? p)
    {
        var budget = Parameters.Number(p, "budget") ?? throw new ParameterException("say how much may be spent: \"budget\": 100.");
        var objective = Parameters.Str(p, "objective") switch
        {
            null or "coalition" => Objective.Coalition,
            "probability" => Objective.Probability,
            "capacity" => Objective.Capacity,
            var other => throw new ParameterException($"'objective' must be coalition, probability or capacity, not '{other}'."),
        };
        var request = new OptimizeRequest
        {
            Analysis = AnalysisEndpoints.Request(p),
            Budget = budget,
            Objective = objective,
            HorizonMonths = Parameters.Number(p, "horizon"),
            FromSubstitution = Parameters.Bool(p, "from_substitution") ?? false,
            Scenarios = Parameters.List(p, "scenarios"),
            MaxOrder = Parameters.Int(p, "max_order") ?? 4,
        };
        var frontier = Parameters.Bool(p, "frontier") ?? false;
        return (progress, cancel) => Operations.OptimizeJson.Result(RepositioningOptimizer.Run(model, request, progress, cancel), frontier);
    }
}
