using System.CommandLine;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint chokepoints MODEL</c>: the minimal coalitions that cut the target, smallest first.</summary>
internal static class ChokepointsCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var options = new StackOptions();
        var command = new Command("chokepoints", "List the minimal coalitions of foreign jurisdictions (or firms) that cut the target off, smallest first.") { file };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var r = Operations.ChokepointsOperation.Run(model, Operations.ChokepointsOperation.Read(options.Fields(parse)));
            var (request, result, missing) = (r.Request, r.CutSets, r.EventsWithoutProbability);
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.ChokepointsOperation.Json(r));
                return ExitCodes.Ok;
            }

            var heading = $"{r.TargetId} for home {r.Home}: {result.Count} minimal cutting coalition{(result.Count == 1 ? "" : "s")} of at most {request.MaxOrder} " +
                (request.Perspective.Events == EventKind.Firms ? "firms" : "jurisdictions") + (request.Perspective.Reach ? ", with extraterritorial reach" : "") +
                (r.Controls.Count > 0 ? ", on top of the controls in force" : "") + "\n" + Text.Controls(r.Controls);
            var rows = result.Sets.Select(s => (IReadOnlyList<string>)[s.Order.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Members.Count == 0 ? (r.Controls.Count > 0 ? "(none needed: the controls in force already cut the target)" : "(none needed: the target is unavailable with no restriction at all)") : string.Join(" + ", s.Members)]).ToList();
            var note = result.Count == 0 ? "No coalition of this size can cut the target." : null;
            if (result.Probability is { } prob)
            {
                note = $"P(cut) = {StackOptions.Num(prob, 6)}" + (missing.Count > 0 ? $" (no probability for {string.Join(", ", missing)}: taken as 0)" : "");
            }

            Report.Render(context, heading, [new TableSection("coalitions, smallest first", ["order", "coalition"], rows, note)]);
            return ExitCodes.Ok;
        });
        return command;
    }
}
