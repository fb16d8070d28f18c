using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>
/// The <c>optimize</c> result: the plan, its cost, the figures before and after it, and, on request,
/// the frontier of cost against the smallest coalition. Filled in by the operations layer, which knows the optimizer.
/// </summary>
public sealed record OptimizeDocument(
    string Objective,
    IReadOnlyList<ControlJson> ControlsInForce,
    IReadOnlyList<OptimizeDocument.ActionJson> Plan,
    double Cost,
    bool Optimal,
    string? Note,
    int MaxOrder,
    int Candidates,
    int Iterations,
    OptimizeDocument.PlanFiguresJson Before,
    OptimizeDocument.PlanFiguresJson After) : ResultDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FrontierJson>? Frontier { get; init; }

    /// <summary>One localization action of a plan.</summary>
    public sealed record ActionJson(string Component, string Kind, string? Jurisdiction, double? Share, double? Months, double Cost, double LeadTimeMonths, bool FromSubstitution);

    /// <summary>The target's figures under a plan; probability and scenario capacity are present when asked for.</summary>
    public sealed record PlanFiguresJson(int? SmallestCoalition, double TargetCapacity)
    {
        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? Probability { get; init; }

        [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
        public double? ScenarioCapacity { get; init; }
    }

    public sealed record FrontierJson(double Cost, int? SmallestCoalition, IReadOnlyList<ActionJson> Plan);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.OptimizeDocument;
}
