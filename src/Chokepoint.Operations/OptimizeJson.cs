using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Optimize;

namespace Chokepoint.Operations;

/// <summary>The optimizer's document (<see cref="OptimizeDocument"/>), the same from <c>chokepoint optimize --json</c> and from the service.</summary>
public static class OptimizeJson
{
    private static OptimizeDocument.PlanFiguresJson Figures(PlanFigures f) => new(f.SmallestCoalition, f.TargetCapacity)
    {
        Probability = f.Probability,
        ScenarioCapacity = f.ScenarioCapacity,
    };

    private static OptimizeDocument.ActionJson Action(Candidate c) =>
        new(c.Component, c.Kind, c.Action.Jurisdiction, c.Action.Share, c.Action.Months, c.Cost, c.LeadTimeMonths, c.FromSubstitution);

    /// <summary>The optimizer's plan, its before-and-after figures and, on request, the frontier.</summary>
    public static OptimizeDocument Result(OptimizeResult r, bool frontier)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new OptimizeDocument(
            r.Objective.ToString().ToLowerInvariant(),
            ControlJson.From(r.Controls),
            r.Plan.Select(Action).ToList(),
            r.Cost,
            r.Optimal,
            r.Note,
            r.MaxOrder,
            r.Candidates.Count,
            r.Iterations,
            Figures(r.Before),
            Figures(r.After))
        {
            Frontier = frontier ? r.Frontier.Select(f => new OptimizeDocument.FrontierJson(f.Cost, f.SmallestCoalition, f.Plan.Select(Action).ToList())).ToList() : null,
        };
    }
}
