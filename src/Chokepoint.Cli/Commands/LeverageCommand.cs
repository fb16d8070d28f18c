using System.CommandLine;
using System.Globalization;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint leverage MODEL --homes A,B,...</c>: who holds what over whom, and how lopsided it is.</summary>
internal static class LeverageCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var homes = new Option<string[]>("--homes") { Description = "The homes, comma-separated; each is also a potential holder of leverage over the others.", Required = true, AllowMultipleArgumentsPerToken = true };
        var options = new StackOptions();
        var cluster = new ClusterOptions();
        var command = new Command("leverage", "The leverage matrix: for every pair of homes, whether one alone can cut the other's target, the capacity it removes, the smallest coalition it belongs to, RAW; with asymmetry and a ranking.") { file, homes };
        options.AddTo(command);
        command.Options.Remove(options.Home);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var fields = Operations.RecordedFields.Recording(options.Fields(parse).Add("homes", homes));
            var request = Operations.LeverageOperation.Read(fields);
            using var units = cluster.Units(parse, context);
            var result = Progress.Run(context, "leverage matrix (homes)", request.Homes.Count, progress => Operations.UnitRuns.Leverage(model, request, units?.For(model, fields), progress, context.Cancel));
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.LeverageOperation.Json(result));
            }
            else
            {
                Render(result, context);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Render(LeverageMatrixResult r, CliContext context)
    {
        var matrix = r.Homes.Select(holder => (IReadOnlyList<string>)[holder, .. r.Homes.Select(home => holder == home ? "" : Cell(r.Cell(holder, home)))]).ToList();
        var pairs = r.AsymmetricPairs().OrderByDescending(p => Math.Abs(p.Value)).ThenBy(p => p.A, StringComparer.Ordinal).ThenBy(p => p.B, StringComparer.Ordinal).ToList();
        Report.Render(context, $"leverage over target {r.TargetId}: rows hold leverage over columns", [
            new TableSection("leverage matrix", ["holder \\ home", .. r.Homes], matrix,
                "CUT: the holder alone cuts the home's target; a percentage: the share of the home's target capacity its restriction removes (100% less the % of normal output left); n/a: domestic or friendly." +
                (r.Controls.Values.Any(k => k.Count > 0)
                    ? string.Concat(r.Homes.Distinct(StringComparer.Ordinal).Select(h => $"\nfor {h}, {Formats.Results.Text.Controls(r.Controls.TryGetValue(h, out var k) ? k : [])}"))
                    : "\ncontrols in force: none")),
            new TableSection("asymmetry L(A,B) − L(B,A), most lopsided first", ["A", "B", "L(A,B)", "L(B,A)", "asymmetry"],
                pairs.Select(p => (IReadOnlyList<string>)[p.A, p.B, Report.Fixed(r.Cell(p.A, p.B).Score, 2), Report.Fixed(r.Cell(p.B, p.A).Score, 2), Report.Fixed(p.Value, 2)]).ToList()),
            new TableSection("ranking by total leverage over the other homes", ["jurisdiction", "total", "homes it cuts alone"],
                r.Ranking().Select(x => (IReadOnlyList<string>)[x.Holder, Report.Fixed(x.Total, 2), x.Cuts.ToString(CultureInfo.InvariantCulture)]).ToList()),
        ]);
    }

    private static string Cell(LeverageCell c) => !c.Applicable ? "n/a" : c.CutPower ? "CUT" : Report.Percent(c.Score);
}
