using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Operations;
using Chokepoint.Server.Jobs;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// The work of a verb on one stored model, prepared from the request: reading it checks every field
/// (a bad one fails before anything is stored or runs), and the work returned runs the operation and
/// gives its document, the same one the command line writes. With <paramref name="units"/> (a job of
/// <c>serve --cluster</c>), the verbs that are cut into units compute them there.
/// </summary>
internal delegate Func<JobReporter, CancellationToken, ResultDocument> Prepare(StackModel model, IRequestFields fields, Units? units);

/// <summary>A runner of units for a model and the request as it was read (<see cref="ServerOptions.UnitRunners"/>); made for every job, it costs nothing until a unit is sent (a request with no samples sends none, see <see cref="UnitRuns"/>).</summary>
internal delegate IUnitRunner Units(StackModel model, RecordedFields request);

/// <summary>The verbs of one model that the service runs, as endpoints and as jobs; each is an operation, adapted.</summary>
internal static class Verbs
{
    public sealed record Verb(string Kind, string Summary, Prepare Prepare, bool JobOnly = false);

    public static readonly IReadOnlyList<Verb> All =
    [
        new("analyze", "The main analysis of a model for a home, as `chokepoint analyze --json` (with samples and seed: Monte Carlo bands).", (model, f, units) =>
        {
            var fields = RecordedFields.Recording(f);
            var r = AnalyzeOperation.Read(fields);
            return (p, c) => AnalyzeOperation.Json(UnitRuns.Analyze(model, r, units?.Invoke(model, fields), p, c));
        }),
        new("chokepoints", "The minimal cutting coalitions, as `chokepoint chokepoints --json`.", (model, f, _) =>
        {
            var r = ChokepointsOperation.Read(f);
            return (_, _) => ChokepointsOperation.Json(ChokepointsOperation.Run(model, r));
        }),
        new("scenario", "An export-control scenario, as `chokepoint scenario --json`: restrict and scope {layers, components}, or scenario (a saved one); samples and seed for bands.", (model, f, units) =>
        {
            var fields = RecordedFields.Recording(f);
            var r = ScenarioOperation.Read(fields, model);
            return (p, c) => ScenarioOperation.Json(UnitRuns.Scenario(model, r, units?.Invoke(model, fields), p, c));
        }),
        new("recover", $"A scenario month by month, as `chokepoint recover --json`: the scenario parameters and months (default {RecoverOperation.DefaultMonths}).", (model, f, units) =>
        {
            var fields = RecordedFields.Recording(f);
            var r = RecoverOperation.Read(fields, model);
            return (p, c) => RecoverOperation.Json(UnitRuns.Recover(model, r, units?.Invoke(model, fields), p, c));
        }),
        new("leverage", "The leverage matrix, as `chokepoint leverage --json`: homes [..] and the analysis parameters.", (model, f, units) =>
        {
            var fields = RecordedFields.Recording(f);
            var r = LeverageOperation.Read(fields);
            return (p, c) => LeverageOperation.Json(UnitRuns.Leverage(model, r, units?.Invoke(model, fields), p, c));
        }),
        new("optimize", $"Constraint repositioning, as `chokepoint optimize --json`: budget (required), objective (coalition, probability, capacity), horizon, from_substitution, scenarios [..], max_order (default {OptimizeOperation.DefaultMaxOrder}), frontier. For long searches start it as a job (jobs/optimize), which can be cancelled and keeps the best plan so far.", (model, f, units) =>
        {
            var fields = RecordedFields.Recording(f);
            var r = OptimizeOperation.Read(fields);
            return (p, c) => OptimizeOperation.Json(UnitRuns.Optimize(model, r, units?.Invoke(model, fields), p, c), r);
        }),
        new("scenario-samples", $"Monte Carlo bands of a scenario alone: the scenario parameters plus samples (default {ScenarioOperation.Samples.DefaultSamples}) and seed; cancelling keeps the samples so far.", (model, f, units) =>
        {
            var fields = RecordedFields.Recording(f);
            var r = ScenarioOperation.Samples.Read(fields, model);
            return (p, c) => ScenarioOperation.Samples.Json(UnitRuns.ScenarioBands(model, r.Spec, r.Sampling.Samples, r.Sampling.Seed, units?.Invoke(model, fields), p, c));
        }, JobOnly: true),
    ];

    public static Verb? Find(string kind) => All.FirstOrDefault(v => v.Kind == kind);
}
