using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint report MODEL -o report.html</c>: one self-contained HTML file to share.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var output = new Option<string>("-o", "--output") { Description = "The HTML file to write.", Required = true };
        var homes = new Option<string[]>("--homes") { Description = "Homes for the leverage heat map (default: the home and its strongest holders).", AllowMultipleArgumentsPerToken = true };
        var months = new Option<string?>("--months") { Description = $"Months of the recovery charts (default {Operations.ReportOperation.DefaultMonths}).", HelpName = "N" };
        var options = new StackOptions();
        var command = new Command("report", "Write one self-contained HTML report: summary, stack by layer, coalitions, leverage heat map, scenario charts, sources and licences.") { file, output, homes, months };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var model = ModelFiles.LoadOrFail(path, context);
            var html = Operations.ReportOperation.Run(model, Path.GetFileName(path), Operations.ReportOperation.Read(options.Fields(parse).Add("homes", homes).Add("months", months)));
            var target = parse.GetValue(output)!;
            FileOutput.WriteAtomically(target, html);
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, Operations.ReportOperation.Json(target, html));
            }
            else
            {
                context.Err.WriteLine($"wrote {target} ({html.Length / 1024} KiB)");
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
