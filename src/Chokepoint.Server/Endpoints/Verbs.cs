using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Operations;
using Chokepoint.Server.Jobs;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// The work of a verb on one stored model, prepared from the request: reading it checks every field
/// (a bad one fails before anything is stored or runs), and the work returned runs the operation and
/// gives its document, the same one the command line writes.
/// </summary>
internal delegate Func<JobReporter, CancellationToken, ResultDocument> Prepare(StackModel model, IRequestFields fields);

/// <summary>The verbs of one model that the service runs, as endpoints and as jobs; each is an operation, adapted.</summary>
internal static class Verbs
{
    public sealed record Verb(string Kind, string Summary, Prepare Prepare, bool JobOnly = false);

    public static readonly IReadOnlyList<Verb> All =
    [
        new("analyze", "The main analysis of a model for a home, as `chokepoint analyze --json` (with samples and seed: Monte Carlo bands).", (model, f) =>
        {
            var r = AnalyzeOperation.Read(f);
            return (p, c) => AnalyzeOperation.Json(AnalyzeOperation.Run(model, r, p, c));
        }),
        new("chokepoints", "The minimal cutting coalitions, as `chokepoint chokepoints --json`.", (model, f) =>
        {
            var r = ChokepointsOperation.Read(f);
            return (_, _) => ChokepointsOperation.Json(ChokepointsOperation.Run(model, r));
        }),
        new("scenario", "An export-control scenario, as `chokepoint scenario --json`: restrict and scope {layers, components}, or scenario (a saved one); samples and seed for bands.", (model, f) =>
        {
            var r = ScenarioOperation.Read(f, model);
            return (p, c) => ScenarioOperation.Json(ScenarioOperation.Run(model, r, p, c));
        }),
        new("recover", $"A scenario month by month, as `chokepoint recover --json`: the scenario parameters and months (default {RecoverOperation.DefaultMonths}).", (model, f) =>
        {
            var r = RecoverOperation.Read(f, model);
            return (p, c) => RecoverOperation.Json(RecoverOperation.Run(model, r, p, c));
        }),
        new("leverage", "The leverage matrix, as `chokepoint leverage --json`: homes [..] and the analysis parameters.", (model, f) =>
        {
            var r = LeverageOperation.Read(f);
            return (p, c) => LeverageOperation.Json(LeverageOperation.Run(model, r, p, c));
        }),
        new("optimize", $"Constraint repositioning, as `chokepoint optimize --json`: budget (required), objective (coalition, probability, capacity), horizon, from_substitution, scenarios [..], max_order (default {OptimizeOperation.DefaultMaxOrder}), frontier. For long searches start it as a job (jobs/optimize), which can be cancelled and keeps the best plan so far.", (model, f) =>
        {
            var r = OptimizeOperation.Read(f);
            return (p, c) => OptimizeOperation.Json(OptimizeOperation.Run(model, r, p, c), r);
        }),
        new("scenario-samples", $"Monte Carlo bands of a scenario alone: the scenario parameters plus samples (default {ScenarioOperation.Samples.DefaultSamples}) and seed; cancelling keeps the samples so far.", (model, f) =>
        {
            var r = ScenarioOperation.Samples.Read(f, model);
            return (p, c) => ScenarioOperation.Samples.Json(ScenarioOperation.Samples.Run(model, r, p, c));
        }, JobOnly: true),
    ];

    public static Verb? Find(string kind) => All.FirstOrDefault(v => v.Kind == kind);
}
