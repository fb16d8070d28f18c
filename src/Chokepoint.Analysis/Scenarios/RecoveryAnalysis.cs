using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Analysis.Scenarios;

/// <summary>A substitution option and how much later the target would recover without it.</summary>
/// <param name="Component">The component it substitutes for.</param>
/// <param name="Jurisdiction">Where the substitute is produced.</param>
/// <param name="Share">Its full share.</param>
/// <param name="LeadTimeMonths">Months before it starts.</param>
/// <param name="RampMonths">Months from start to full share.</param>
/// <param name="DelayWithout">Extra months to recovery without this option; null when the target would not recover within the horizon without it.</param>
public sealed record SubstitutionEffect(string Component, string Jurisdiction, double Share, double LeadTimeMonths, double RampMonths, int? DelayWithout);

/// <summary>
/// A scenario over months t = 0…T (DESIGN.md section 3): stockpiles hold components at their
/// unrestricted state while t &lt; stockpile_months, substitution options ramp up after their lead
/// time. Months are counted from the restriction's start; add <see cref="StartMonth"/> for the calendar.
/// </summary>
public sealed record RecoveryResult(
    string Name,
    string Home,
    string Target,
    IReadOnlyList<string> Restricted,
    double StartMonth,
    int Months,
    IReadOnlyList<double> TargetCapacity,
    IReadOnlyList<bool> TargetAvailable,
    IReadOnlyDictionary<string, IReadOnlyList<double>> ComponentCapacity,
    int? FirstCutMonth,
    int? RecoveryMonth,
    IReadOnlyList<SubstitutionEffect> Substitutions)
{
    /// <summary>The standing controls in force, which hold at every month (DESIGN.md section 2a).</summary>
    public IReadOnlyList<ControlInForce> Controls { get; init; } = [];

    /// <summary>The target's capacity with no further restriction (under the same controls): its normal output.</summary>
    public double TargetBaselineCapacity { get; init; }

    /// <summary>The capacity curve as a share of normal output; null at every month when the normal output is 0.</summary>
    public IReadOnlyList<double?> TargetRetained => TargetCapacity.Select(c => Retained.Of(c, TargetBaselineCapacity)).ToList();

    /// <summary>The option whose absence delays recovery most (not recovering at all counts as the longest delay), or null when none matters.</summary>
    public SubstitutionEffect? CriticalPath => Substitutions
        .Where(s => s.DelayWithout is null or > 0)
        .OrderBy(s => s.DelayWithout is null ? 0 : 1).ThenByDescending(s => s.DelayWithout).FirstOrDefault();
}

/// <summary>Runs a scenario month by month.</summary>
public static class RecoveryAnalysis
{
    public static RecoveryResult Run(StackModel model, ScenarioSpec spec, int months) => Run(PreparedScenario.Create(model, spec), months);

    public static RecoveryResult Run(PreparedScenario prepared, int months)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        if (months < 0)
        {
            throw new PerspectiveException("the horizon must be 0 months or more.", "Give a horizon such as 60 months.", "months");
        }

        var stack = prepared.Stack;
        var model = stack.Perspective.Index.Model;
        var options = Options(stack);
        var curve = Curve(prepared, options, months);
        var (firstCut, recovery) = Months(curve.Select(s => s.Available[prepared.Target]).ToList());

        // Components that are cut at some month, with their capacity curve.
        var components = new SortedDictionary<string, IReadOnlyList<double>>(StringComparer.Ordinal);
        var baseline = prepared.Baseline();
        for (var c = 0; c < stack.ComponentCount; c++)
        {
            if (baseline.Available[c] && curve.Any(s => !s.Available[c]))
            {
                components[stack.Ids[c]] = curve.Select(s => s.Capacity[c]).ToList();
            }
        }

        var effects = new List<SubstitutionEffect>();
        if (recovery is { } r)
        {
            for (var i = 0; i < options.Count; i++)
            {
                var o = options[i];
                if (o.Lead > r)
                {
                    continue;
                }

                var without = options.Where((_, k) => k != i).ToList();
                var (_, rWithout) = Months(Curve(prepared, without, months).Select(s => s.Available[prepared.Target]).ToList());
                effects.Add(new SubstitutionEffect(stack.Ids[o.Component], o.Jurisdiction, o.Share, o.Lead, o.Ramp, rWithout is { } rw ? rw - r : null));
            }
        }

        return new RecoveryResult(prepared.Spec.Name, stack.Perspective.Home, prepared.TargetId, prepared.RestrictedIds, prepared.Spec.StartMonth, months,
            curve.Select(s => s.Capacity[prepared.Target]).ToList(), curve.Select(s => s.Available[prepared.Target]).ToList(), components, firstCut, recovery, effects)
        {
            Controls = stack.ControlsInForce,
            TargetBaselineCapacity = baseline.Capacity[prepared.Target],
        };
    }

    /// <summary>The first month the target is cut, and the first month after that when it is available again.</summary>
    public static (int? FirstCut, int? Recovery) Months(IReadOnlyList<bool> available)
    {
        ArgumentNullException.ThrowIfNull(available);
        var firstCut = Enumerable.Range(0, available.Count).Where(t => !available[t]).Select(t => (int?)t).FirstOrDefault();
        if (firstCut is not { } f)
        {
            return (null, null);
        }

        var recovery = Enumerable.Range(f, available.Count - f).Where(t => available[t]).Select(t => (int?)t).FirstOrDefault();
        return (f, recovery);
    }

    /// <summary>The share of a substitution option at month t: 0 before its lead time, then a linear ramp to its full share.</summary>
    public static double ShareAt(double share, double lead, double ramp, double t) =>
        t < lead ? 0 : ramp <= 0 ? share : share * Math.Min(1, (t - lead) / ramp);

    internal sealed record Option(int Component, string Jurisdiction, double Share, double Lead, double Ramp);

    internal static List<Option> Options(CompiledStack stack)
    {
        var model = stack.Perspective.Index.Model;
        return model.Components.SelectMany((c, i) => c.Substitution.Select(s => new Option(i, s.Jurisdiction, s.Share ?? 0, s.LeadTimeMonths ?? 0, s.RampMonths ?? 0)))
            .Where(o => o.Share > 0).ToList();
    }

    internal static List<StackState> Curve(PreparedScenario prepared, IReadOnlyList<Option> options, int months)
    {
        var stack = prepared.Stack;
        var model = stack.Perspective.Index.Model;
        var baseline = prepared.Baseline();
        var stockpile = model.Components.Select(c => c.StockpileMonths ?? 0).ToArray();
        // Blockers depend only on where a substitute is made: compute each option's slot once and rescale its share.
        var slots = options.Select(o => stack.SubstituteSlot(o.Component, o.Jurisdiction, 1)).ToList();
        var states = new List<StackState>(months + 1);
        for (var t = 0; t <= months; t++)
        {
            var frozen = stockpile.Select(m => t < m).ToArray();
            var extra = new List<CompiledStack.ProviderSlot>?[stack.ComponentCount];
            for (var i = 0; i < options.Count; i++)
            {
                var o = options[i];
                var s = ShareAt(o.Share, o.Lead, o.Ramp, t);
                if (s > 0)
                {
                    (extra[o.Component] ??= []).Add(slots[i] with { Share = s });
                }
            }

            states.Add(prepared.Evaluate(new EvaluationConditions(Frozen: frozen, FrozenState: baseline, ExtraProviders: extra)));
        }

        return states;
    }
}
