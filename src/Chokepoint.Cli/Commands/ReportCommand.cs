using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Reports;
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
        var months = new Option<int>("--months") { Description = "Months of the recovery charts.", DefaultValueFactory = _ => 60 };
        var options = new StackOptions();
        var command = new Command("report", "Write one self-contained HTML report: summary, stack by layer, coalitions, leverage heat map, scenario charts, sources and licences.") { file, output, homes, months };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            var model = ModelFiles.LoadOrFail(path, context);
            var html = HtmlReport.Write(model, Path.GetFileName(path), new ReportRequest
            {
                Analysis = options.Request(parse),
                Homes = CliFields.Split(parse.GetValue(homes)),
                Months = parse.GetValue(months),
            });
            var target = parse.GetValue(output)!;
            FileOutput.WriteAtomically(target, html);
            if (parse.GetValue(options.Json))
            {
                Json.Write(context.Out, new System.Text.Json.Nodes.JsonObject { ["output"] = target, ["bytes"] = System.Text.Encoding.UTF8.GetByteCount(html) });
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
