using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Analysis.Uncertainty;

/// <summary>How many samples ran: all that were asked for, or fewer when the run was stopped.</summary>
public sealed record SampleCount(int Done, int Requested, int Seed)
{
    public bool Complete => Done == Requested;
}

/// <summary>
/// Bands of a scenario's outcome over share uncertainty. <see cref="Capacity"/> covers the target and
/// the components whose capacity the scenario lowers in the point run (at most
/// <see cref="UncertaintyAnalysis.MaxComponentBands"/>, upstream first).
/// </summary>
public sealed record ScenarioBands(SampleCount Samples, Band TargetCapacity, double CutFraction, IReadOnlyDictionary<string, Band> Capacity)
{
    /// <summary>The target's capacity as a share of its normal output in the same sample (DESIGN.md section 2a), over the samples where that is defined.</summary>
    public Band? TargetRetained { get; init; }
}

/// <summary>Bands of a recovery: the month the target is available again (never = horizon + 1) and the final capacity.</summary>
public sealed record RecoveryBands(SampleCount Samples, Band RecoveryMonth, double RecoveredFraction, double NeverCutFraction, Band FinalTargetCapacity)
{
    /// <summary>The final capacity as a share of normal output in the same sample, over the samples where that is defined.</summary>
    public Band? FinalTargetRetained { get; init; }
}

/// <summary>Bands of an analysis: P(cut) with probabilities, and each jurisdiction's leverage (the target's capacity when it alone restricts).</summary>
public sealed record AnalysisBands(SampleCount Samples, Band? CutProbability, Band BaselineCapacity, IReadOnlyDictionary<string, Band> CapacityAfter, IReadOnlyDictionary<string, double> CutPowerFraction)
{
    /// <summary>Each event's capacity after, as a share of normal output in the same sample, over the samples where that is defined.</summary>
    public IReadOnlyDictionary<string, Band> RetainedAfter { get; init; } = new Dictionary<string, Band>();
}

/// <summary>Monte Carlo bands for the scenario, recovery and analysis figures.</summary>
public static class UncertaintyAnalysis
{
    /// <summary>How many components get their own capacity band in a scenario run; bands for every component of a large stack would cost more than the samples.</summary>
    public const int MaxComponentBands = 200;

    /// <summary>A fraction of samples; NaN (undefined, written as null) when there are none, as after a run stopped before its first batch.</summary>
    public static double Fraction(int count, int of) => of == 0 ? double.NaN : count / (double)of;

    public static ScenarioBands Scenario(StackModel model, ScenarioSpec spec, int samples, int seed, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var sampler = ScenarioSampler.Prepare(model, spec);
        return sampler.Summarize(MonteCarlo.Run(samples, seed, (_, rng) => sampler.Sample(rng), progress, cancel), samples, seed);
    }

    public static RecoveryBands Recovery(StackModel model, ScenarioSpec spec, int months, int samples, int seed, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var sampler = RecoverySampler.Prepare(model, spec, months);
        return sampler.Summarize(MonteCarlo.Run(samples, seed, (_, rng) => sampler.Sample(rng), progress, cancel), samples, seed);
    }

    /// <summary>The band of the defined values, or null when no sample defines one (no normal output to retain).</summary>
    internal static Band? Defined(IEnumerable<double?> values)
    {
        var list = values.OfType<double>().ToList();
        return list.Count == 0 ? null : Band.Of(list);
    }

    public static AnalysisBands Analysis(StackModel model, AnalysisRequest request, int samples, int seed, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        var sampler = AnalysisSampler.Prepare(model, request);
        var runs = MonteCarlo.Run(samples, seed, (_, rng) => sampler.Sample(rng), progress, cancel);
        return sampler.Summarize(runs, samples, seed);
    }
}

/// <summary>One sample of an analysis: the target's normal capacity, its capacity when each event alone restricts, whether that cuts it, and P(cut).</summary>
public sealed record AnalysisSample(double Baseline, double[] After, bool[] Cuts, double? P);

/// <summary>
/// An analysis's Monte Carlo in three steps, so that its samples can be computed anywhere (a cluster
/// computes batches apart) and summed up in one place: <see cref="Prepare"/> once, <see cref="Sample"/>
/// for each sample with its own stream, <see cref="Summarize"/> over the samples in order.
/// </summary>
public sealed class AnalysisSampler
{
    private readonly StackModel _model;
    private readonly string _componentId;
    private readonly IReadOnlyList<string> _events;
    private readonly double[]? _probabilities;
    private readonly CompiledStack _compiled;

    private AnalysisSampler(StackModel model, string componentId, IReadOnlyList<string> events, double[]? probabilities, CompiledStack compiled)
    {
        _model = model;
        _componentId = componentId;
        _events = events;
        _probabilities = probabilities;
        _compiled = compiled;
    }

    /// <summary>Resolves the target and perspective and compiles the stack; a bad request fails here, before any sampling.</summary>
    public static AnalysisSampler Prepare(StackModel model, AnalysisRequest request)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        var (_, componentId) = HomeAnalysis.ResolveTarget(model, request.Target);
        var perspective = Perspective.Create(model, request.Perspective);
        var (probabilities, _) = HomeAnalysis.EventProbabilities(perspective, request.Probabilities);
        return new AnalysisSampler(model, componentId, perspective.Events, probabilities, new CompiledStack(perspective, componentId));
    }

    /// <summary>One sample, its shares drawn with <paramref name="rng"/> (the sample's own stream, <see cref="MonteCarlo.Stream"/>).</summary>
    public AnalysisSample Sample(Random rng)
    {
        var stack = _compiled.WithShares(MonteCarlo.SampleShareArrays(_model, rng));
        var target = stack.IndexOf(_componentId);
        var n = stack.EventCount;
        var after = new double[n];
        var cuts = new bool[n];
        for (var e = 0; e < n; e++)
        {
            var restricted = new bool[n];
            restricted[e] = true;
            var state = stack.Evaluate(restricted);
            after[e] = state.Capacity[target];
            cuts[e] = !state.Available[target];
        }

        double? p = _probabilities is null ? null : CutSetAnalysis.Probability(stack, target, _probabilities);
        return new AnalysisSample(stack.Evaluate(new bool[n]).Capacity[target], after, cuts, p);
    }

    /// <summary>The bands over <paramref name="runs"/>, the first samples of a run of <paramref name="samples"/> under <paramref name="seed"/>, in sample order.</summary>
    public AnalysisBands Summarize(IReadOnlyList<AnalysisSample> runs, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var events = _events;
        var capacityAfter = new SortedDictionary<string, Band>(StringComparer.Ordinal);
        var cutPower = new SortedDictionary<string, double>(StringComparer.Ordinal);
        for (var e = 0; e < events.Count; e++)
        {
            capacityAfter[events[e]] = Band.Of(runs.Select(r => r.After[e]).ToList());
            cutPower[events[e]] = UncertaintyAnalysis.Fraction(runs.Count(r => r.Cuts[e]), runs.Count);
        }

        return new AnalysisBands(new SampleCount(runs.Count, samples, seed),
            _probabilities is null ? null : Band.Of(runs.Select(r => r.P!.Value).ToList()),
            Band.Of(runs.Select(r => r.Baseline).ToList()), capacityAfter, cutPower)
        {
            RetainedAfter = events.Select((id, e) => (id, Band: UncertaintyAnalysis.Defined(runs.Select(r => Retained.Of(r.After[e], r.Baseline)))))
                .Where(x => x.Band is not null).ToDictionary(x => x.id, x => x.Band!, StringComparer.Ordinal),
        };
    }
}

/// <summary>One sample of a scenario: the tracked components' capacity (the target first), whether the target is cut, and its capacity as a share of normal output.</summary>
public sealed record ScenarioSample(double[] Capacity, bool Cut, double? Retained);

/// <summary>A scenario's Monte Carlo in three steps, as <see cref="AnalysisSampler"/>: prepare once, sample anywhere, summarize in sample order.</summary>
public sealed class ScenarioSampler
{
    private readonly StackModel _model;
    private readonly PreparedScenario _point;
    private readonly int[] _tracked;

    private ScenarioSampler(StackModel model, PreparedScenario point, int[] tracked)
    {
        _model = model;
        _point = point;
        _tracked = tracked;
    }

    /// <summary>Runs the scenario once at the written shares (a bad request fails here, before any sampling) and picks the components to track: the target and those the scenario lowers.</summary>
    public static ScenarioSampler Prepare(StackModel model, ScenarioSpec spec)
    {
        ArgumentNullException.ThrowIfNull(model);
        var point = PreparedScenario.Create(model, spec);
        var before = point.Baseline();
        var after = point.Evaluate();
        var tracked = point.Stack.Order.Where(c => after.Capacity[c] < before.Capacity[c] - 1e-12 && c != point.Target).Take(UncertaintyAnalysis.MaxComponentBands - 1).Prepend(point.Target).ToArray();
        return new ScenarioSampler(model, point, tracked);
    }

    public ScenarioSample Sample(Random rng)
    {
        var prepared = _point.WithShares(MonteCarlo.SampleShareArrays(_model, rng));
        var state = prepared.Evaluate();
        var normal = prepared.Baseline().Capacity[prepared.Target];
        return new ScenarioSample(_tracked.Select(c => state.Capacity[c]).ToArray(), !state.Available[prepared.Target], Retained.Of(state.Capacity[prepared.Target], normal));
    }

    public ScenarioBands Summarize(IReadOnlyList<ScenarioSample> runs, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var ids = _point.Stack.Ids;
        var capacity = new SortedDictionary<string, Band>(StringComparer.Ordinal);
        for (var k = 0; k < _tracked.Length; k++)
        {
            capacity[ids[_tracked[k]]] = Band.Of(runs.Select(r => r.Capacity[k]).ToList());
        }

        return new ScenarioBands(new SampleCount(runs.Count, samples, seed), capacity[ids[_point.Target]], UncertaintyAnalysis.Fraction(runs.Count(r => r.Cut), runs.Count), capacity)
        {
            TargetRetained = UncertaintyAnalysis.Defined(runs.Select(r => r.Retained)),
        };
    }
}

/// <summary>One sample of a recovery: the month the target is first cut and the month it is available again (null: never), its final capacity, and that as a share of normal output.</summary>
public sealed record RecoverySample(int? FirstCutMonth, int? RecoveryMonth, double Final, double? FinalRetained);

/// <summary>A recovery's Monte Carlo in three steps, as <see cref="AnalysisSampler"/>.</summary>
public sealed class RecoverySampler
{
    private readonly StackModel _model;
    private readonly PreparedScenario _point;
    private readonly int _months;

    private RecoverySampler(StackModel model, PreparedScenario point, int months)
    {
        _model = model;
        _point = point;
        _months = months;
    }

    /// <summary>Prepares the scenario and checks it once at the written shares, so that a bad request fails before any sampling.</summary>
    public static RecoverySampler Prepare(StackModel model, ScenarioSpec spec, int months)
    {
        ArgumentNullException.ThrowIfNull(model);
        var point = PreparedScenario.Create(model, spec);
        _ = RecoveryAnalysis.Run(point, Math.Min(months, 0));
        return new RecoverySampler(model, point, months);
    }

    public RecoverySample Sample(Random rng)
    {
        var r = RecoveryAnalysis.Run(_point.WithShares(MonteCarlo.SampleShareArrays(_model, rng)), _months);
        return new RecoverySample(r.FirstCutMonth, r.RecoveryMonth, r.TargetCapacity[^1], Retained.Of(r.TargetCapacity[^1], r.TargetBaselineCapacity));
    }

    public RecoveryBands Summarize(IReadOnlyList<RecoverySample> runs, int samples, int seed)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var cut = runs.Where(r => r.FirstCutMonth is not null).ToList();
        return new RecoveryBands(new SampleCount(runs.Count, samples, seed),
            Band.Of(cut.Select(r => (double)(r.RecoveryMonth ?? _months + 1)).ToList()),
            UncertaintyAnalysis.Fraction(cut.Count(r => r.RecoveryMonth is not null), cut.Count),
            UncertaintyAnalysis.Fraction(runs.Count - cut.Count, runs.Count),
            Band.Of(runs.Select(r => r.Final).ToList()))
        {
            FinalTargetRetained = UncertaintyAnalysis.Defined(runs.Select(r => r.FinalRetained)),
        };
    }
}
