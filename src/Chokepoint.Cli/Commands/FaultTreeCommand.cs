using System.CommandLine;
using System.Globalization;
using Chokepoint.Formats.Mef;
using Chokepoint.Logic.Analysis;
using Chokepoint.Operations;
using Spectre.Console;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>chokepoint fault-tree FILE</c>: analyses an Open-PSA MEF fault tree — minimal cut sets by order, exact
/// top-event probability with the rare-event and min-cut-upper-bound approximations, importance, time taken.
/// </summary>
internal static class FaultTreeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "An Open-PSA MEF XML file with one fault tree." };
        var limit = new Option<string?>("--limit-order") { Description = "Keep only cut sets of at most N events.", HelpName = "N" };
        var cutOff = new Option<string?>("--cut-off") { Description = "Drop cut sets whose probability is below P.", HelpName = "P" };
        var noCutSets = new Option<bool>("--no-cut-sets") { Description = "Do not list the cut sets (counts only)." };
        var primes = new Option<bool>("--prime-implicants") { Description = "Prime implicants (with negated events) instead of minimal cut sets." };
        var probabilityOnly = new Option<bool>("--probability-only") { Description = "Compute the exact probability alone: no cut sets, no importance (the fastest mode)." };
        var countOnly = new Option<bool>("--count-only") { Description = "Count the cut sets by order (and give the exact probability): no listing, no importance, no approximations." };
        var json = new Option<bool>("--json") { Description = "Write JSON: top_event, basic_events, gates, cut_sets, probability, importance, seconds." };

        var command = new Command("fault-tree", "Analyse an Open-PSA MEF fault tree: minimal cut sets, exact probability, importance.")
        {
            file, limit, cutOff, noCutSets, primes, probabilityOnly, countOnly, json,
        };
        command.SetAction(parse =>
        {
            var fields = new CliFields(parse).Add("limit_order", limit).Add("cut_off", cutOff).Add("no_cut_sets", noCutSets).Add("prime_implicants", primes)
                .Add("probability_only", probabilityOnly).Add("count_only", countOnly);
            return Run(FaultTreeOperation.Read(parse.GetValue(file)!, fields), parse.GetValue(json), context.Out, context.Err, context.IsTerminal);
        });
        return command;
    }

    /// <summary>Runs the verb. Returns 0, 2 for bad input (a message naming file and line), 3 when over the memory budget.</summary>
    public static int Run(FaultTreeOperation.Request request, bool json, TextWriter output, TextWriter error, bool terminal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            var result = FaultTreeOperation.Run(request);
            if (json)
            {
                Formats.Results.Json.Write(output, FaultTreeOperation.Json(result));
            }
            else
            {
                WriteText(result, output, terminal);
            }

            return 0;
        }
        catch (MefException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (RequestException e)
        {
            error.WriteLine(e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (AnalysisLimitException e)
        {
            error.WriteLine($"{request.File}: {e.Message}");
            if (!json)
            {
                WriteBounds(request.File, output);
            }

            return ExitCodes.BudgetExceeded;
        }
    }

    /// <summary>When the exact engine is out of reach, guaranteed bounds for a coherent tree, stated as bounds.</summary>
    private static void WriteBounds(string file, TextWriter output)
    {
        const int order = 5;
        const int coverOrder = 3;
        try
        {
            var model = MefReader.ReadFile(file);
            var b = FaultTreeAnalyzer.Bounds(model.Graph, order, coverOrder);
            output.WriteLine($"{file}: top event {model.TopEvent}, {model.BasicEventCount} basic events, {model.GateCount} gates");
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

    // -0 (an empty product subtracted from 1) reads as 0.
    private static string F(double x) => (x == 0 ? 0 : x).ToString("G6", CultureInfo.InvariantCulture);

    private static void WriteText(FaultTreeOperation.Result r, TextWriter output, bool terminal)
    {
        var (model, result, settings) = (r.Model, r.Analysis, r.Request);
        var full = settings.Mode == FaultTreeOperation.Mode.Full;
        if (full && terminal)
        {
            WriteTables(r, output);
            return;
        }

        // Plain lines; the lean modes write them in a terminal too, so that nothing of the table library is loaded.
        output.WriteLine($"{settings.File}: top event {model.TopEvent}, {model.BasicEventCount} basic events, {model.GateCount} gates");
        if (result.CutSets is { } family)
        {
            output.WriteLine($"{What(family)}: {family.Count.ToString(CultureInfo.InvariantCulture)}{Limits(settings)}");
            foreach (var (order, n) in family.CountByOrder)
            {
                output.WriteLine($"  order {order}: {n.ToString(CultureInfo.InvariantCulture)}");
            }
        }

        output.WriteLine($"Probability (exact): {F(result.Probability.Value)}");
        if (full && result.CutSets is { } sets)
        {
            output.WriteLine($"  rare-event approximation: {F(sets.RareEvent)}");
            output.WriteLine($"  min-cut upper bound: {UpperBound(sets)}");
            output.WriteLine("Most important events (by Fussell–Vesely):");
            output.WriteLine("  event\tbirnbaum\tcriticality\tfussell_vesely\traw\trrw");
            foreach (var i in MostImportant(result))
            {
                output.WriteLine($"  {i.Event}\t{F(i.Birnbaum)}\t{F(i.Criticality)}\t{F(i.FussellVesely)}\t{F(i.RiskAchievementWorth)}\t{F(i.RiskReductionWorth)}");
            }
        }

        output.WriteLine($"Time: {r.Elapsed.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} s");
    }

    private static string What(CutSetFamily family) => family.ArePrimeImplicants ? "Prime implicants" : "Minimal cut sets";

    private static string Limits(FaultTreeOperation.Request settings) =>
        (settings.LimitOrder is { } k ? $", order ≤ {k}" : "") + (settings.CutOff is { } c ? $", probability ≥ {F(c.Value)}" : "");

    private static string UpperBound(CutSetFamily family) =>
        family.Count <= FaultTreeOperation.MaxSetsForUpperBound ? F(family.MinCutUpperBound()) : $"not computed ({family.Count:N0} sets)";

    /// <summary>The ten most important events by Fussell–Vesely.</summary>
    private static List<Importance> MostImportant(FaultTreeResult result) => result.Importance
        .OrderByDescending(i => double.IsNaN(i.FussellVesely) ? -1 : i.FussellVesely)
        .ThenBy(i => i.Event, StringComparer.Ordinal)
        .Take(10)
        .ToList();

    /// <summary>The full result as tables, for a terminal (a method of its own, so that the plain paths never load Spectre.Console).</summary>
    private static void WriteTables(FaultTreeOperation.Result r, TextWriter output)
    {
        var (model, result, settings, family) = (r.Model, r.Analysis, r.Request, r.Analysis.CutSets!);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        console.MarkupLine($"[bold]{Markup.Escape(settings.File)}[/]: top event [bold]{Markup.Escape(model.TopEvent)}[/], {model.BasicEventCount} basic events, {model.GateCount} gates");
        var orders = new Table().AddColumns("order", "sets");
        orders.Title = new TableTitle($"{What(family)}: {family.Count:N0}{Limits(settings)}");
        foreach (var (order, n) in family.CountByOrder)
        {
            orders.AddRow(order.ToString(CultureInfo.InvariantCulture), n.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(orders);
        console.MarkupLine($"Probability (exact): [bold]{F(result.Probability.Value)}[/]   rare-event: {F(family.RareEvent)}   min-cut upper bound: {UpperBound(family)}");
        var table = new Table().AddColumns("event", "Birnbaum", "criticality", "Fussell–Vesely", "RAW", "RRW");
        table.Title = new TableTitle("Most important events (by Fussell–Vesely)");
        foreach (var i in MostImportant(result))
        {
            table.AddRow(Markup.Escape(i.Event), F(i.Birnbaum), F(i.Criticality), F(i.FussellVesely), F(i.RiskAchievementWorth), F(i.RiskReductionWorth));
        }

        console.Write(table);
        console.MarkupLine($"Time: {r.Elapsed.TotalSeconds:F2} s");
    }
}
