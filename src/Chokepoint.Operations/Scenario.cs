using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Operations;

/// <summary><c>scenario</c>: what an export control does at its start, with Monte Carlo bands on request.</summary>
public static class ScenarioOperation
{
    public sealed record Request(ScenarioSpec Spec, SamplingRequest Sampling);

    public sealed record Result(ScenarioResult Scenario, ScenarioBands? Bands);

    public static Request Read(IRequestFields fields, StackModel model) => new(StackRequests.Scenario(fields, model), SamplingRequest.Read(fields));

    public static Result Run(StackModel model, Request request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = ScenarioAnalysis.Run(model, request.Spec);
        var bands = request.Sampling.Bands((n, seed) => UncertaintyAnalysis.Scenario(model, request.Spec, n, seed, progress, cancel));
        return new Result(result, bands);
    }

    public static ScenarioDocument Json(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return ScenarioDocument.From(result.Scenario, result.Bands);
    }

    /// <summary>
    /// The service's <c>scenario-samples</c> job: the bands alone, at least one sample (1,000 unless
    /// asked). Cancelled, it keeps the samples so far.
    /// </summary>
    public static class Samples
    {
        public const int DefaultSamples = 1000;

        public static Request Read(IRequestFields fields, StackModel model) =>
            new(StackRequests.Scenario(fields, model), SamplingRequest.Read(fields, DefaultSamples, minimum: 1));

        public static ScenarioBands Run(StackModel model, Request request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
        {
            ArgumentNullException.ThrowIfNull(request);
            return UncertaintyAnalysis.Scenario(model, request.Spec, request.Sampling.Samples, request.Sampling.Seed, progress, cancel);
        }

        public static ScenarioBandsDocument Json(ScenarioBands bands) => ScenarioBandsDocument.From(bands);
    }
}

/// <summary><c>recover</c>: the scenario month by month, with Monte Carlo bands on request.</summary>
public static class RecoverOperation
{
    public const int DefaultMonths = 60;

    public sealed record Request(ScenarioSpec Spec, int Months, SamplingRequest Sampling);

    public sealed record Result(RecoveryResult Recovery, RecoveryBands? Bands);

    public static Request Read(IRequestFields fields, StackModel model) =>
        new(StackRequests.Scenario(fields, model), fields.Int("months", min: 0, max: 1200) ?? DefaultMonths, SamplingRequest.Read(fields));

    public static Result Run(StackModel model, Request request, IProgress<(int Done, int Total)>? progress = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var result = RecoveryAnalysis.Run(model, request.Spec, request.Months);
        var bands = request.Sampling.Bands((n, seed) => UncertaintyAnalysis.Recovery(model, request.Spec, request.Months, n, seed, progress, cancel));
        return new Result(result, bands);
    }

    public static RecoveryDocument Json(Result result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return RecoveryDocument.From(result.Recovery, result.Bands);
    }
}
