using System.CommandLine;
using System.Globalization;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint recover MODEL --scenario NAME</c>: the scenario month by month, stockpiles running down, substitutes ramping up.</summary>
internal static class RecoverCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var months = new Option<string?>("--months") { Description = $"Horizon in months (default {Operations.RecoverOperation.DefaultMonths})." };
        var analysis = new StackOptions();
        var scenario = new ScenarioOptions();
        var sampling = new SamplingOptions();
        var cluster = new ClusterOptions();
        var command = new Command("recover", "Run a scenario over months: when the target is available again, the capacity curves, and which substitution is the critical path.") { file, months };
        scenario.AddTo(command);
        analysis.AddTo(command, withOrder: false);
        sampling.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var fields = Operations.RecordedFields.Recording(sampling.AddTo(scenario.AddTo(analysis.Fields(parse).Add("months", months))));
            var request = Operations.RecoverOperation.Read(fields, model);
            using var units = cluster.Units(parse, context);
            var run = Progress.Run(context, "samples", request.Sampling.Samples, progress => Operations.UnitRuns.Recover(model, request, units?.For(model, fields), progress, context.Cancel));
            var (result, bands, horizon) = (run.Recovery, run.Bands, request.Months);
            if (parse.GetValue(analysis.Json))
            {
                Json.Write(context.Out, Operations.RecoverOperation.Json(run));
                return ExitCodes.Ok;
            }

            var m0 = result.StartMonth;
            string Month(int t) => (m0 + t).ToString("0.#", CultureInfo.InvariantCulture);
            var verdict = result.FirstCutMonth is not { } cut
                ? $"the target is never cut within {result.Months} months"
                : result.RecoveryMonth is { } r
                    ? $"the target is cut from month {Month(cut)} and available again at month {Month(r)} ({r - cut} months later)"
                    : $"the target is cut from month {Month(cut)} and does NOT recover within {result.Months} months";
            context.Out.WriteLine($"scenario {result.Name}: {string.Join(", ", result.Restricted)} restrict home {result.Home}; target {result.Target}");
            context.Out.WriteLine(Formats.Results.Text.Controls(result.Controls));
            context.Out.WriteLine(verdict + ".");
            if (result.CriticalPath is { } critical)
            {
                context.Out.WriteLine($"critical path: substitution of {critical.Component} in {critical.Jurisdiction} (lead {critical.LeadTimeMonths} months, ramp {critical.RampMonths})" +
                    (critical.DelayWithout is { } d ? $"; without it recovery comes {d} months later." : "; without it the target does not recover."));
            }

            if (bands is not null)
            {
                context.Out.WriteLine($"over share uncertainty ({SamplingOptions.Note(bands.Samples)}): recovery month {SamplingOptions.Text(bands.RecoveryMonth, m => m > horizon ? "never" : Month((int)Math.Round(m)))}; " +
                    $"recovers within {horizon} months in {Report.Percent(bands.RecoveredFraction)} of the samples where it is cut; never cut in {Report.Percent(bands.NeverCutFraction)}.");
            }

            context.Out.WriteLine();
            context.Out.WriteLine($"capacity of {result.Target} by month:");
            context.Out.Write(TextChart.Draw(result.TargetCapacity, Math.Max(result.TargetCapacity.Max(), 1e-9), monthOffset: m0));
            var rows = result.ComponentCapacity.Select(kv =>
            {
                var back = Enumerable.Range(0, kv.Value.Count).Where(t => t > 0 && kv.Value[t] > 0 && kv.Value[t - 1] == 0).Select(t => (int?)t).FirstOrDefault();
                var cutAt = Enumerable.Range(0, kv.Value.Count).First(t => kv.Value[t] == 0);
                return (IReadOnlyList<string>)[kv.Key, Month(cutAt), back is { } b ? Month(b) : "-", Report.Percent(kv.Value[^1])];
            }).ToList();
            context.Out.WriteLine($"at the end: {Report.Percent(result.TargetCapacity[^1])} of world supply, {Formats.Results.Text.Retained(result.TargetRetained[^1])} of normal output ({Report.Percent(result.TargetBaselineCapacity)} of world supply).");
            Report.Render(context, "", [
                new TableSection("components cut at some month", ["component", "cut from", "back at", "capacity at the end"], rows),
                new TableSection("substitutions in play before recovery", ["component", "in", "share", "lead", "ramp", "delay without it"],
                    result.Substitutions.Select(s => (IReadOnlyList<string>)[s.Component, s.Jurisdiction, Report.Percent(s.Share), Num(s.LeadTimeMonths), Num(s.RampMonths),
                        s.DelayWithout is { } d ? $"{d} months" : "never recovers"]).ToList()),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Num(double x) => x.ToString("0.#", CultureInfo.InvariantCulture);
}
