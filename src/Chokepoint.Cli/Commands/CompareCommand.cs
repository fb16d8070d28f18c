using System.CommandLine;
using System.Globalization;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// <c>chokepoint compare MODEL... [--homes ...]</c>: stacks side by side, the table that answers
/// "is Guangdong's integrated stack harder to cut off than South Korea's?". Without --homes each
/// model is analysed for its own home; with as many homes as models they pair up in order;
/// otherwise every model is analysed for every home.
/// </summary>
internal static class CompareCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("MODEL") { Description = "Model files.", Arity = ArgumentArity.OneOrMore };
        var homes = new Option<string[]>("--homes") { Description = "Homes, comma-separated (default: each model's home).", AllowMultipleArgumentsPerToken = true };
        var options = new StackOptions();
        var cluster = new ClusterOptions();
        var command = new Command("compare", "Compare stacks and homes side by side: capacity, self-sufficiency, foreign dependence, cutting coalitions, the strongest holder of leverage.") { files, homes };
        options.AddTo(command);
        command.Options.Remove(options.Home);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var fields = Operations.RecordedFields.Recording(options.Fields(parse).Add("homes", homes));
            var request = Operations.CompareOperation.Read(fields);
            var models = parse.GetValue(files)!.Select(p => (Label: Path.GetFileNameWithoutExtension(p), Model: ModelFiles.LoadOrFail(p, context))).ToList();
            using var units = cluster.Units(parse, context);
            var rows = Progress.Run(context, "compare", Operations.CompareOperation.Pairs(models, request).Count, progress => Operations.UnitRuns.Compare(models, request, fields, units is null ? null : units.For, progress, context.Cancel));
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.CompareOperation.Json(rows));
                return ExitCodes.Ok;
            }

            var withProb = rows.Any(r => r.Document.Probability is not null);
            var maxOrder = rows[0].MaxOrder;
            Report.Render(context, "stacks side by side" + (rows[0].Document.Reach ? ", with extraterritorial reach" : ""), [
                new TableSection("comparison",
                    ["stack", "home", "target", "capacity", "home alone", "home alone, % of normal", "foreign share", "cut alone by", "smallest coalition", $"coalitions ≤{maxOrder}", "strongest holder", .. withProb ? new[] { "P(cut)" } : []],
                    rows.Select(x =>
                    {
                        var r = x.Document;
                        IReadOnlyList<string> row =
                        [
                            x.Model, r.Home, r.Target, Report.Percent(r.BaselineCapacity),
                            r.DomesticOnly ? "yes" : "no",
                            Formats.Results.Text.Retained(r.DomesticOnlyRetained),
                            r.ForeignShare is { } f ? Report.Percent(f) : "-",
                            r.SingleCuts.Count == 0 ? "none" : string.Join(" ", r.SingleCuts),
                            r.SmallestCoalition is { } o ? o.ToString(CultureInfo.InvariantCulture) : $">{x.MaxOrder}",
                            r.CutSets.Count.Value.ToString(CultureInfo.InvariantCulture),
                            r.StrongestHolder is { } top ? $"{top}{(x.StrongestHolderCuts ? " (cuts)" : "")}" : "-",
                        ];
                        return withProb ? [.. row, r.Probability is { } p ? StackOptions.Num(p, 4) : "-"] : row;
                    }).ToList(),
                    "capacity: the target's accessible share of world supply with no restriction (bases differ between stacks: compare the % of normal output instead); " +
                    "home alone: can it be built from domestic providers only; home alone, % of normal: its capacity then, as a share of its capacity with no restriction; " +
                    "foreign share: mean foreign fraction of supply over the inputs the target needs; cut alone by: jurisdictions that can cut the target on their own; " +
                    "smallest coalition: the fewest jurisdictions that together cut it; strongest holder: first in the leverage ranking." +
                    string.Concat(rows.Select(x => $"\n{x.Model}: {x.Controls}"))),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
