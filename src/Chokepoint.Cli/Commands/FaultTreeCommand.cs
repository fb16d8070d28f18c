using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Chokepoint.Formats.Mef;
using Chokepoint.Logic;
using Chokepoint.Logic.Analysis;
using Spectre.Console;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>chokepoint fault-tree FILE</c>: analyses an Open-PSA MEF fault tree — minimal cut sets by order, exact
/// top-event probability with the rare-event and min-cut-upper-bound approximations, importance, time taken.
/// </summary>
internal static class FaultTreeCommand
{
    /// <summary>Above this many sets, listing them (JSON) is refused rather than exhausting memory.</summary>
    public const long MaxListedSets = 10_000_000;

    /// <summary>The min-cut upper bound enumerates the sets; it is skipped above this many.</summary>
    public const long MaxSetsForUpperBound = 2_000_000;

    /// <summary>The parsed options of one run.</summary>
    public sealed record Settings(
        string File,
        int? LimitOrder,
        double? CutOff,
        bool NoCutSets,
        bool PrimeImplicants,
        bool Json);

    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "An Open-PSA MEF XML file with one fault tree." };
        var limit = new Option<int?>("--limit-order") { Description = "Keep only cut sets of at most N events.", HelpName = "N" };
        limit.Validators.Add(r =>
        {
            if (r.GetValue(limit) is < 0)
            {
                r.AddError("--limit-order must be 0 or more.");
            }
        });
        var cutOff = new Option<double?>("--cut-off") { Description = "Drop cut sets whose probability is below P.", HelpName = "P" };
        cutOff.Validators.Add(r =>
        {
            if (r.GetValue(cutOff) is { } p && !(p >= 0 && p <= 1))
            {
                r.AddError("--cut-off must lie in [0, 1].");
            }
        });
        var noCutSets = new Option<bool>("--no-cut-sets") { Description = "Do not list the cut sets (counts only)." };
        var primes = new Option<bool>("--prime-implicants") { Description = "Prime implicants (with negated events) instead of minimal cut sets." };
        var json = new Option<bool>("--json") { Description = "Write JSON: top_event, basic_events, gates, cut_sets, probability, importance, seconds." };

        var command = new Command("fault-tree", "Analyse an Open-PSA MEF fault tree: minimal cut sets, exact probability, importance.")
        {
            file, limit, cutOff, noCutSets, primes, json,
        };
        command.SetAction(parse => Run(
            new Settings(
                parse.GetValue(file)!,
                parse.GetValue(limit),
                parse.GetValue(cutOff),
                parse.GetValue(noCutSets),
                parse.GetValue(primes),
                parse.GetValue(json)),
            context.Out,
            context.Err,
            context.IsTerminal));
        return command;
    }

    /// <summary>Runs the verb. Returns 0, 2 for bad input (a message naming file and line), 3 when over the memory budget.</summary>
    public static int Run(Settings settings, TextWriter output, TextWriter error, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var watch = Stopwatch.StartNew();
        try
        {
            var model = MefReader.ReadFile(settings.File);
            var options = new AnalysisOptions
            {
                LimitOrder = settings.LimitOrder,
                CutOff = settings.CutOff is { } c ? new Probability(c) : null,
                PrimeImplicants = settings.PrimeImplicants,
            };
            var result = FaultTreeAnalyzer.Analyze(model.Graph, options);
            var family = result.CutSets!;
            var count = family.Count;
            if (settings.Json && !settings.NoCutSets && count > MaxListedSets)
            {
                error.WriteLine($"{settings.File}: {count:N0} cut sets are too many to list; use --no-cut-sets, --limit-order or --cut-off.");
                return ExitCodes.InvalidInput;
            }

            var report = new Report(model, result, count, settings);
            if (settings.Json)
            {
                report.WriteJson(output, watch);
            }
            else
            {
                report.WriteText(output, watch, terminal);
            }

            return 0;
        }
        catch (MefException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (AnalysisLimitException e)
        {
            error.WriteLine($"{settings.File}: {e.Message}");
            if (!settings.Json)
            {
                WriteBounds(settings, output);
            }

            return 3;
        }
    }

    /// <summary>When the exact engine is out of reach, guaranteed bounds for a coherent tree, stated as bounds.</summary>
    private static void WriteBounds(Settings settings, TextWriter output)
    {
        const int order = 5;
        const int coverOrder = 3;
        try
        {
            var model = MefReader.ReadFile(settings.File);
            var b = FaultTreeAnalyzer.Bounds(model.Graph, order, coverOrder);
            output.WriteLine($"{settings.File}: top event {model.TopEvent}, {model.BasicEventCount} basic events, {model.GateCount} gates");
            output.WriteLine($"Exact analysis out of reach; guaranteed bounds instead:");
            output.WriteLine($"  {F(b.Lower.Value)} ≤ P(top) ≤ {F(b.Upper.Value)}");
            output.WriteLine($"  minimal cut sets of order ≤ {order}: {b.CutSets.Count.ToString(CultureInfo.InvariantCulture)} (the full count is at least this)");
            foreach (var (k, n) in b.CutSets.CountByOrder)
            {
                output.WriteLine($"    order {k}: {n.ToString(CultureInfo.InvariantCulture)}");
            }
        }
        catch (Exception e) when (e is AnalysisLimitException or NotSupportedException)
        {
            output.WriteLine($"No bounds either: {e.Message}");
        }
    }

    private static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);

    private sealed class Report(MefModel model, FaultTreeResult result, BigInteger count, Settings settings)
    {
        public void WriteJson(TextWriter output, Stopwatch watch)
        {
            var family = result.CutSets!;
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                json.WriteStartObject();
                json.WriteString("top_event", model.TopEvent);
                json.WriteNumber("basic_events", model.BasicEventCount);
                json.WriteNumber("gates", model.GateCount);
                json.WritePropertyName("cut_sets");
                json.WriteStartObject();
                json.WritePropertyName("count");
                json.WriteRawValue(count.ToString(CultureInfo.InvariantCulture));
                json.WritePropertyName("by_order");
                json.WriteStartObject();
                foreach (var (order, n) in family.CountByOrder)
                {
                    json.WritePropertyName(order.ToString(CultureInfo.InvariantCulture));
                    json.WriteRawValue(n.ToString(CultureInfo.InvariantCulture));
                }

                json.WriteEndObject();
                if (!settings.NoCutSets)
                {
                    json.WritePropertyName("sets");
                    json.WriteStartArray();
                    foreach (var set in family.ToSortedList())
                    {
                        json.WriteStartArray();
                        foreach (var name in set.Names)
                        {
                            json.WriteStringValue(name);
                        }

                        json.WriteEndArray();
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
                Number(json, "probability", result.Probability.Value);
                json.WritePropertyName("importance");
                json.WriteStartArray();
                foreach (var i in result.Importance)
                {
                    json.WriteStartObject();
                    json.WriteString("event", i.Event);
                    Number(json, "birnbaum", i.Birnbaum);
                    Number(json, "criticality", i.Criticality);
                    Number(json, "fussell_vesely", i.FussellVesely);
                    Number(json, "raw", i.RiskAchievementWorth);
                    Number(json, "rrw", i.RiskReductionWorth);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                Number(json, "seconds", Math.Round(watch.Elapsed.TotalSeconds, 3));
                json.WriteEndObject();
            }

            output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
        }

        // JSON has no infinity or NaN: an undefined or infinite ratio is written as null (the rule of Formats.Results.Json).
        private static void Number(Utf8JsonWriter json, string name, double value) => Formats.Results.Json.WriteNumber(json, name, value);

        public void WriteText(TextWriter output, Stopwatch watch, bool terminal)
        {
            var family = result.CutSets!;
            var what = family.ArePrimeImplicants ? "Prime implicants" : "Minimal cut sets";
            var limits = (settings.LimitOrder is { } k ? $", order ≤ {k}" : "") + (settings.CutOff is { } c ? $", probability ≥ {F(c)}" : "");
            var upperBound = count <= MaxSetsForUpperBound ? F(family.MinCutUpperBound()) : $"not computed ({count:N0} sets)";
            var top = result.Importance
                .OrderByDescending(i => double.IsNaN(i.FussellVesely) ? -1 : i.FussellVesely)
                .ThenBy(i => i.Event, StringComparer.Ordinal)
                .Take(10)
                .ToList();

            if (terminal)
            {
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
                console.MarkupLine($"[bold]{Markup.Escape(settings.File)}[/]: top event [bold]{Markup.Escape(model.TopEvent)}[/], {model.BasicEventCount} basic events, {model.GateCount} gates");
                var orders = new Table().AddColumns("order", "sets");
                orders.Title = new TableTitle($"{what}: {count:N0}{limits}");
                foreach (var (order, n) in family.CountByOrder)
                {
                    orders.AddRow(order.ToString(CultureInfo.InvariantCulture), n.ToString("N0", CultureInfo.InvariantCulture));
                }

                console.Write(orders);
                console.MarkupLine($"Probability (exact): [bold]{F(result.Probability.Value)}[/]   rare-event: {F(family.RareEvent)}   min-cut upper bound: {upperBound}");
                var table = new Table().AddColumns("event", "Birnbaum", "criticality", "Fussell–Vesely", "RAW", "RRW");
                table.Title = new TableTitle("Most important events (by Fussell–Vesely)");
                foreach (var i in top)
                {
                    table.AddRow(Markup.Escape(i.Event), F(i.Birnbaum), F(i.Criticality), F(i.FussellVesely), F(i.RiskAchievementWorth), F(i.RiskReductionWorth));
                }

                console.Write(table);
                console.MarkupLine($"Time: {watch.Elapsed.TotalSeconds:F2} s");
                return;
            }

            output.WriteLine($"{settings.File}: top event {model.TopEvent}, {model.BasicEventCount} basic events, {model.GateCount} gates");
            output.WriteLine($"{what}: {count.ToString(CultureInfo.InvariantCulture)}{limits}");
            foreach (var (order, n) in family.CountByOrder)
            {
                output.WriteLine($"  order {order}: {n.ToString(CultureInfo.InvariantCulture)}");
            }

            output.WriteLine($"Probability (exact): {F(result.Probability.Value)}");
            output.WriteLine($"  rare-event approximation: {F(family.RareEvent)}");
            output.WriteLine($"  min-cut upper bound: {upperBound}");
            output.WriteLine("Most important events (by Fussell–Vesely):");
            output.WriteLine("  event\tbirnbaum\tcriticality\tfussell_vesely\traw\trrw");
            foreach (var i in top)
            {
                output.WriteLine($"  {i.Event}\t{F(i.Birnbaum)}\t{F(i.Criticality)}\t{F(i.FussellVesely)}\t{F(i.RiskAchievementWorth)}\t{F(i.RiskReductionWorth)}");
            }

            output.WriteLine($"Time: {watch.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
        }

        private static string F(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
    }
}
