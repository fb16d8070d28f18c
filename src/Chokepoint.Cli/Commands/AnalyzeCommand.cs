using System.CommandLine;
using System.Globalization;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>chokepoint analyze MODEL</c>, the main job: foreign dependence by layer, whether the target can
/// be built at home alone, the most concentrated foreign inputs, the smallest cutting coalitions with
/// what they break, and the jurisdictions ranked by leverage over the home.
/// </summary>
internal static class AnalyzeCommand
{
    private const int ListedCoalitions = 15;

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var options = new StackOptions();
        var sampling = new SamplingOptions();
        var cluster = new ClusterOptions();
        var command = new Command("analyze", "Analyse a stack for a home: foreign dependence, concentration, cutting coalitions, leverage (and P(cut) with probabilities).") { file };
        options.AddTo(command);
        sampling.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var model = ModelFiles.LoadOrFail(path, context);
            var fields = Operations.RecordedFields.Recording(sampling.AddTo(options.Fields(parse)));
            var request = Operations.AnalyzeOperation.Read(fields);
            using var units = cluster.Units(parse, context);
            var run = Progress.Run(context, "samples", request.Sampling.Samples, progress => Operations.UnitRuns.Analyze(model, request, units?.For(model, fields), progress, context.Cancel));
            var (result, bands) = (run.Analysis, run.Bands);
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.AnalyzeOperation.Json(run));
            }
            else
            {
                Render(model.Name ?? path, result, context);
                if (bands is not null)
                {
                    context.Out.WriteLine();
                    context.Out.WriteLine($"over share uncertainty ({SamplingOptions.Note(bands.Samples)}): baseline capacity {SamplingOptions.Text(bands.BaselineCapacity, Report.Percent)}" +
                        (bands.CutProbability is { } p ? $"; P(cut) {SamplingOptions.Text(p, x => StackOptions.Num(x, 6))}" : ""));
                    Report.Render(context, "", [new TableSection("leverage over share uncertainty", ["jurisdiction", "cuts alone in", "capacity left, median", "5%", "95%"],
                        result.Leverage.Select(l => (IReadOnlyList<string>)[l.Event, Report.Percent(bands.CutPowerFraction[l.Event]),
                            Report.Percent(bands.CapacityAfter[l.Event].P50), Report.Percent(bands.CapacityAfter[l.Event].P5), Report.Percent(bands.CapacityAfter[l.Event].P95)]).ToList())]);
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(string name, HomeAnalysisResult r, CliContext context)
    {
        var heading = $"{name}\nhome {r.Home} (domestic: {string.Join(", ", r.Domestic)}), target {r.TargetId}" +
            (r.TargetId == r.TargetComponent ? "" : $" ({r.TargetComponent})") + (r.Reach ? ", with extraterritorial reach" : "") +
            $"\ncapacity of the target with no restriction: {Report.Percent(r.BaselineCapacity)} of world supply; " +
            (r.DomesticOnlyAvailable ? $"it CAN be built from domestic providers alone (capacity {Report.Percent(r.DomesticOnlyCapacity)}, {Formats.Results.Text.Retained(r.DomesticOnlyRetained)} of normal output)." : "it can NOT be built from domestic providers alone.") +
            "\n" + Formats.Results.Text.Controls(r.Controls);

        var sections = new List<TableSection>
        {
            new("foreign dependence by layer (components the target needs)",
                ["layer", "components", "foreign share", "no domestic provider"],
                r.Layers.Select(l => (IReadOnlyList<string>)[l.Layer, Int(l.Components), l.ForeignShare is { } f ? Report.Percent(f) : "-", Int(l.WithoutDomesticProvider)]).ToList()),
            new("most concentrated foreign-supplied inputs",
                ["component", "HHI", "top supplier", "HHI w/o top"],
                r.MostConcentrated.Select(c => (IReadOnlyList<string>)[c.ComponentId, Report.Fixed(c.Hhi), $"{c.TopSupplier} {Report.Percent(c.TopShare)}", c.HhiWithoutTop is { } w ? Report.Fixed(w) : "-"]).ToList()),
        };

        var byOrder = string.Join(", ", r.CutSets.ByOrder.OrderBy(kv => kv.Key).Select(kv => $"{kv.Value} of order {kv.Key}"));
        var coalitionNote = r.CutSets.Count == 0
            ? $"No coalition of at most {r.MaxOrder} can cut the target."
            : $"{r.CutSets.Count} minimal coalitions up to order {r.MaxOrder}: {byOrder}" + (r.CutSets.Count > ListedCoalitions ? $"; the first {ListedCoalitions} are listed." : ".");
        if (r.CutSets.Probability is { } p)
        {
            coalitionNote += $"\nP(target cut) = {StackOptions.Num(p, 6)}" + (r.EventsWithoutProbability.Count > 0 ? $" (no probability for {string.Join(", ", r.EventsWithoutProbability)}: taken as 0)" : "");
        }

        sections.Add(new TableSection(r.Controls.Count > 0 ? "smallest coalitions that cut the target, on top of the controls in force" : "smallest coalitions that cut the target",
            ["coalition", "breaks"],
            r.Coalitions.Take(ListedCoalitions).Select(c => (IReadOnlyList<string>)[
                c.Coalition.Members.Count == 0 ? (r.Controls.Count > 0 ? "(none needed: the controls in force already cut it)" : "(none needed: unavailable with no restriction)") : string.Join(" + ", c.Coalition.Members), Breaks(c.Breaks)]).ToList(),
            coalitionNote));

        var withProb = r.Leverage.Any(l => l.Raw is not null);
        sections.Add(new TableSection("leverage over the home, strongest first",
            withProb ? ["jurisdiction", "cuts alone", "capacity left", "% of normal output", "smallest coalition", "RAW", "Birnbaum"] : ["jurisdiction", "cuts alone", "capacity left", "% of normal output", "smallest coalition"],
            r.Leverage.Select(l =>
            {
                IReadOnlyList<string> row = [l.Event, l.CutPower ? "yes" : "no", Report.Percent(l.CapacityAfter), Formats.Results.Text.Retained(l.Retained), l.SmallestCoalition is { } s ? Int(s) : $">{r.MaxOrder}"];
                return withProb ? [.. row, l.Raw is { } raw && double.IsFinite(raw) ? StackOptions.Num(raw, 2) : "-", StackOptions.Num(l.Birnbaum ?? 0, 4)] : row;
            }).ToList(),
            "capacity left: the target's accessible capacity (share of world supply) when that jurisdiction alone restricts; % of normal output: the same as a share of the capacity with no further restriction."));
        Report.Render(context, heading, sections);
    }

    private static string Breaks(IReadOnlyList<string> breaks) =>
        breaks.Count <= 4 ? string.Join(", ", breaks) : string.Join(", ", breaks.Take(4)) + $" +{breaks.Count - 4} more";

    private static string Int(int n) => n.ToString(CultureInfo.InvariantCulture);
}
