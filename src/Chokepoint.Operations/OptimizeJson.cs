using System.Text.Json.Nodes;
using Chokepoint.Formats.Results;
using Chokepoint.Optimize;

namespace Chokepoint.Operations;

/// <summary>The optimizer's JSON, the same from <c>chokepoint optimize --json</c> and from the service.</summary>
public static class OptimizeJson
{
    private static JsonObject Figures(PlanFigures f)
    {
        var o = new JsonObject { ["smallest_coalition"] = f.SmallestCoalition, ["target_capacity"] = Json.Number(f.TargetCapacity) };
        if (f.Probability is { } p)
        {
            o["probability"] = Json.Number(p);
        }

        if (f.ScenarioCapacity is { } s)
        {
            o["scenario_capacity"] = Json.Number(s);
        }

        return o;
    }

    private static JsonObject Action(Candidate c) => new()
    {
        ["component"] = c.Component,
        ["kind"] = c.Kind,
        ["jurisdiction"] = c.Action.Jurisdiction,
        ["share"] = Json.Number(c.Action.Share),
        ["months"] = Json.Number(c.Action.Months),
        ["cost"] = Json.Number(c.Cost),
        ["lead_time_months"] = Json.Number(c.LeadTimeMonths),
        ["from_substitution"] = c.FromSubstitution,
    };

    /// <summary>The optimizer's plan, its before-and-after figures and, on request, the frontier.</summary>
    public static JsonObject Result(OptimizeResult r, bool frontier)
    {
        var o = new JsonObject
        {
            ["objective"] = r.Objective.ToString().ToLowerInvariant(),
            ["controls_in_force"] = AnalysisJson.Controls(r.Controls),
            ["plan"] = new JsonArray(r.Plan.Select(p => (JsonNode)Action(p)).ToArray()),
            ["cost"] = Json.Number(r.Cost),
            ["optimal"] = r.Optimal,
            ["note"] = r.Note,
            ["max_order"] = r.MaxOrder,
            ["candidates"] = r.Candidates.Count,
            ["iterations"] = r.Iterations,
            ["before"] = Figures(r.Before),
            ["after"] = Figures(r.After),
        };
        if (frontier)
        {
            o["frontier"] = new JsonArray(r.Frontier.Select(f => (JsonNode)new JsonObject
            {
                ["cost"] = Json.Number(f.Cost),
                ["smallest_coalition"] = f.SmallestCoalition,
                ["plan"] = new JsonArray(f.Plan.Select(p => (JsonNode)Action(p)).ToArray()),
            }).ToArray());
        }

        return o;
    }
}
