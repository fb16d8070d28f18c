using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Chokepoint.Analysis.Scenarios;

namespace Chokepoint.Formats.Results.Contracts;

/// <summary>The <c>scenario</c> result: what an export control does at its start, with Monte Carlo bands on request.</summary>
public sealed record ScenarioDocument(
    string Scenario,
    string Home,
    string Target,
    IReadOnlyList<string> Restricted,
    bool Reach,
    IReadOnlyList<ControlJson> ControlsInForce,
    ScopeJson Scope,
    bool TargetAvailable,
    double TargetCapacity,
    double? TargetRetained,
    double TargetBaselineCapacity,
    IReadOnlyList<string> Failed,
    IReadOnlyList<ScenarioDocument.FailureJson> Failures,
    IReadOnlyDictionary<string, double> Capacity,
    IReadOnlyDictionary<string, double?> Retained) : ResultDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ScenarioBandsDocument? Uncertainty { get; init; }

    public sealed record FailureJson(string Component, string Cause, bool Restricted, bool InputFailed, IReadOnlyList<string> PathToTarget);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.ScenarioDocument;

    public static ScenarioDocument From(ScenarioResult r, Analysis.Uncertainty.ScenarioBands? bands = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new ScenarioDocument(
            r.Name,
            r.Home,
            r.Target,
            r.Restricted,
            r.Reach,
            ControlJson.From(r.Controls),
            new ScopeJson(r.ScopeLayers, r.ScopeComponents),
            r.TargetAvailable,
            r.TargetCapacity,
            r.TargetRetained,
            r.TargetBaselineCapacity,
            r.Failed,
            r.Failures.Select(f => new FailureJson(f.Component, f.Cause, f.Restricted, f.InputFailed, f.PathToTarget)).ToList(),
            Shared.Ordered(r.Capacity, kv => kv.Key, kv => kv.Value),
            Shared.Ordered(r.Retained.OrderBy(kv => kv.Key, StringComparer.Ordinal), kv => kv.Key, kv => kv.Value))
        {
            Uncertainty = bands is null ? null : ScenarioBandsDocument.From(bands),
        };
    }
}

/// <summary>The <c>recover</c> result: the scenario month by month, with Monte Carlo bands on request.</summary>
public sealed record RecoveryDocument(
    string Scenario,
    string Home,
    string Target,
    IReadOnlyList<string> Restricted,
    IReadOnlyList<ControlJson> ControlsInForce,
    double StartMonth,
    int Months,
    int? FirstCutMonth,
    int? RecoveryMonth,
    IReadOnlyList<double> TargetCapacity,
    double TargetBaselineCapacity,
    IReadOnlyList<double?> TargetRetained,
    IReadOnlyList<bool> TargetAvailable,
    IReadOnlyDictionary<string, IReadOnlyList<double>> ComponentCapacity,
    IReadOnlyList<RecoveryDocument.SubstitutionJson> Substitutions,
    RecoveryDocument.CriticalPathJson? CriticalPath) : ResultDocument
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RecoveryBandsJson? Uncertainty { get; init; }

    public sealed record SubstitutionJson(string Component, string Jurisdiction, double Share, double LeadTimeMonths, double RampMonths, int? DelayWithout);

    /// <summary>The option whose absence delays recovery most.</summary>
    public sealed record CriticalPathJson(string Component, string Jurisdiction);

    public override JsonTypeInfo Contract() => ResultJsonContext.Default.RecoveryDocument;

    public static RecoveryDocument From(RecoveryResult r, Analysis.Uncertainty.RecoveryBands? bands = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new RecoveryDocument(
            r.Name,
            r.Home,
            r.Target,
            r.Restricted,
            ControlJson.From(r.Controls),
            r.StartMonth,
            r.Months,
            r.FirstCutMonth,
            r.RecoveryMonth,
            r.TargetCapacity,
            r.TargetBaselineCapacity,
            r.TargetRetained,
            r.TargetAvailable,
            Shared.Ordered(r.ComponentCapacity, kv => kv.Key, kv => kv.Value),
            r.Substitutions.Select(s => new SubstitutionJson(s.Component, s.Jurisdiction, s.Share, s.LeadTimeMonths, s.RampMonths, s.DelayWithout)).ToList(),
            r.CriticalPath is { } c ? new CriticalPathJson(c.Component, c.Jurisdiction) : null)
        {
            Uncertainty = bands is null ? null : RecoveryBandsJson.From(bands),
        };
    }
}
