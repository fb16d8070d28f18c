using System.CommandLine;
using System.Globalization;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;
using Chokepoint.Optimize;
using Spectre.Console;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint optimize MODEL --budget B</c>: which components to localize or diversify, within a budget.</summary>
internal static class OptimizeCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file with candidate actions (components' actions:, or --from-substitution)." };
        var budget = new Option<string?>("--budget") { Description = "The money available, in the units of the actions' cost.", Required = true };
        var objective = new Option<string?>("--objective") { Description = "coalition (the default: largest smallest cutting coalition), probability (lowest P(cut)) or capacity (highest mean capacity under --scenario)." };
        var horizon = new Option<string?>("--horizon") { Description = "Only actions whose lead time fits within so many months; also the months averaged by the capacity objective (default 24)." };
        var fromSubstitution = new Option<bool>("--from-substitution") { Description = "Also consider one action per substitution option (its share, cost, and lead time plus ramp)." };
        var scenarios = new Option<string[]>("--scenario") { Description = "Saved scenarios for the capacity objective (repeatable, comma-separated).", AllowMultipleArgumentsPerToken = true };
        var frontier = new Option<bool>("--frontier") { Description = "Also list the budget–resilience frontier: the cheapest plan for each coalition size within the budget." };
        var options = new StackOptions();
        var cluster = new ClusterOptions();
        var command = new Command("optimize", "Constraint repositioning: choose localization and diversification actions within a budget to make the stack hardest to cut off. Every plan is re-verified on the changed model.")
        {
            file, budget, objective, horizon, fromSubstitution, scenarios, frontier,
        };
        options.AddTo(command);
        command.Options.Remove(options.MaxOrder);
        var maxOrder = new Option<string?>("--max-order") { Description = $"Largest coalition size the coalition objective works to exceed (default {Operations.OptimizeOperation.DefaultMaxOrder})." };
        command.Options.Add(maxOrder);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var fields = Operations.RecordedFields.Recording(options.Fields(parse).Add("budget", budget).Add("objective", objective).Add("horizon", horizon)
                .Add("from_substitution", fromSubstitution).Add("scenarios", scenarios).Add("frontier", frontier).Add("max_order", maxOrder));
            var request = Operations.OptimizeOperation.Read(fields);
            using var units = cluster.Units(parse, context);
            if (units is not null && !Operations.OptimizeOperation.SearchesFrontier(request))
            {
                context.Err.WriteLine("note: only the frontier's searches (--frontier, coalition objective) are spread over a cluster; this run is done here.");
            }

            var result = Status(context, progress => Operations.UnitRuns.Optimize(model, request, units?.For(model, fields), progress, context.Cancel));
            if (result.Candidates.Count == 0)
            {
                context.Err.WriteLine("note: the model has no candidate actions: add actions: to components, or pass --from-substitution.");
            }

            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.OptimizeOperation.Json(result, request));
            }
            else
            {
                Render(result, request.Frontier, context);
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>A one-line status on stderr in a terminal while the solver works.</summary>
    private static T Status<T>(CliContext context, Func<IProgress<string>, T> work)
    {
        if (!context.IsTerminal)
        {
            return work(new Progress<string>(_ => { }));
        }

        T result = default!;
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(context.Err) })
            .Status().Start("optimizing (Ctrl-C returns the best plan so far)", ctx => result = work(new Sync(s => ctx.Status(Markup.Escape(s)))));
        return result;
    }

    private sealed class Sync(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }

    private static string Coalition(int? size, int maxOrder) => size is { } s ? s.ToString(CultureInfo.InvariantCulture) : $"none ≤ {maxOrder}";

    private static void Render(OptimizeResult r, bool frontier, CliContext context)
    {
        var heading = $"optimizer, objective {r.Objective.ToString().ToLowerInvariant()}: {r.Plan.Count} action{(r.Plan.Count == 1 ? "" : "s")} costing {Money(r.Cost)}" +
            (r.Optimal ? ", proven optimal" : ", NOT proven optimal") + (r.Note is null ? "" : $"\n{r.Note}") +
            "\n" + Formats.Results.Text.Controls(r.Controls);
        var sections = new List<TableSection>
        {
            new("the plan", ["component", "action", "where", "share / months", "cost", "lead time"],
                r.Plan.Select(p => (IReadOnlyList<string>)[p.Component, p.Kind, p.Action.Jurisdiction ?? "home",
                    p.Action.Kind == Analysis.Model.ActionKind.Stockpile ? $"{p.Action.Months} months" : Report.Percent(p.Action.Share ?? 0),
                    Money(p.Cost), $"{p.LeadTimeMonths.ToString("0.#", CultureInfo.InvariantCulture)} months"]).ToList()),
            new("before and after, recomputed on the changed model", ["figure", "before", "after"],
            [
                ["smallest cutting coalition", Coalition(r.Before.SmallestCoalition, r.MaxOrder), Coalition(r.After.SmallestCoalition, r.MaxOrder)],
                ["target capacity", Report.Percent(r.Before.TargetCapacity), Report.Percent(r.After.TargetCapacity)],
                .. r.Before.Probability is { } pb ? new IReadOnlyList<string>[] { ["P(cut)", StackOptions.Num(pb, 6), StackOptions.Num(r.After.Probability ?? 0, 6)] } : [],
                .. r.Before.ScenarioCapacity is { } sb ? new IReadOnlyList<string>[] { ["mean capacity under the scenarios", Report.Percent(sb), Report.Percent(r.After.ScenarioCapacity ?? 0)] } : [],
            ]),
        };
        if (frontier)
        {
            sections.Add(new TableSection("budget–resilience frontier (cheapest plan for each coalition size)", ["cost", "smallest coalition", "actions"],
                r.Frontier.Select(f => (IReadOnlyList<string>)[Money(f.Cost), Coalition(f.SmallestCoalition, r.MaxOrder), string.Join("; ", f.Plan.Select(p => p.ToString()))]).ToList()));
        }

        Report.Render(context, heading, sections);
    }

    private static string Money(double x) => x.ToString("#,0.##", CultureInfo.InvariantCulture);
}
