using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint diff OLD NEW</c>: what changed between two versions of a model, and how leverage shifted.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var oldFile = new Argument<string>("OLD") { Description = "The earlier version of the model." };
        var newFile = new Argument<string>("NEW") { Description = "The later version." };
        var options = new StackOptions();
        var command = new Command("diff", "Compare two versions of a model: components and providers added, removed or changed, cutting coalitions gained and lost, leverage shifts per jurisdiction, and capacity under the saved scenarios.") { oldFile, newFile };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var before = ModelFiles.LoadOrFail(parse.GetValue(oldFile)!, context);
            var after = ModelFiles.LoadOrFail(parse.GetValue(newFile)!, context);
            var r = Operations.DiffOperation.Run(before, after, Operations.DiffOperation.Read(options.Fields(parse)));
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.DiffOperation.Json(r));
                return ExitCodes.Ok;
            }

            string Share(double? s) => s is { } v ? Report.Percent(v) : "-";
            Report.Render(context, $"changes seen from home {r.Home}, target {r.Target}: capacity {Report.Percent(r.OldBaseline)} → {Report.Percent(r.NewBaseline)}" +
                $"\nbefore, {Formats.Results.Text.Controls(r.OldControls)}\nafter, {Formats.Results.Text.Controls(r.NewControls)}", [
                new TableSection("control regime: controls, declared rules, ownership", ["kind", "id", "change", "before", "after"],
                    r.Regime.Select(c => (IReadOnlyList<string>)[c.Kind, c.Id, c.Change, c.Old ?? "-", c.New ?? "-"]).ToList()),
                new TableSection("cutting coalitions the control changes alone make or unmake", ["change", "coalition"],
                    [.. r.CutSetsAddedByControls.Select(s => (IReadOnlyList<string>)["new", s.Members.Count == 0 ? "(none needed: the controls cut it)" : string.Join(" + ", s.Members)]),
                        .. r.CutSetsRemovedByControls.Select(s => (IReadOnlyList<string>)["gone", s.Members.Count == 0 ? "(none needed: the controls cut it)" : string.Join(" + ", s.Members)])]),
                new TableSection("components", ["change", "component"],
                    [.. r.AddedComponents.Select(c => (IReadOnlyList<string>)["added", c]), .. r.RemovedComponents.Select(c => (IReadOnlyList<string>)["removed", c])]),
                new TableSection("providers", ["component", "provider", "change", "before", "after"],
                    r.Providers.Select(p => (IReadOnlyList<string>)[p.Component, p.Provider, p.Change, Share(p.OldShare), Share(p.NewShare)]).ToList()),
                new TableSection("cutting coalitions", ["change", "coalition"],
                    [.. r.AddedCutSets.Select(s => (IReadOnlyList<string>)["new", string.Join(" + ", s.Members)]), .. r.RemovedCutSets.Select(s => (IReadOnlyList<string>)["gone", string.Join(" + ", s.Members)])]),
                new TableSection("leverage shifts, largest first", ["jurisdiction", "cuts alone", "capacity left", "smallest coalition", "score shift"],
                    r.Leverage.Select(l => (IReadOnlyList<string>)[l.Jurisdiction,
                        $"{Yes(l.Old?.CutPower)} → {Yes(l.New?.CutPower)}",
                        $"{(l.Old is null ? "-" : Report.Percent(l.Old.CapacityAfter))} → {(l.New is null ? "-" : Report.Percent(l.New.CapacityAfter))}",
                        $"{Order(l.Old)} → {Order(l.New)}",
                        Report.Fixed(l.ScoreShift(r.OldBaseline, r.NewBaseline), 2)]).ToList()),
                new TableSection("saved scenarios: target capacity", ["scenario", "before", "after", "note"],
                    r.Scenarios.Select(s => (IReadOnlyList<string>)[s.Scenario, Cap(s.OldCapacity, s.OldCut), Cap(s.NewCapacity, s.NewCut), s.Note ?? ""]).ToList()),
            ]);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Yes(bool? b) => b is null ? "-" : b.Value ? "yes" : "no";

    private static string Order(Analysis.Stack.Leverage? l) => l?.SmallestCoalition?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static string Cap(double? capacity, bool? cut) => capacity is { } c ? Report.Percent(c) + (cut == true ? " (cut)" : "") : "-";
}
