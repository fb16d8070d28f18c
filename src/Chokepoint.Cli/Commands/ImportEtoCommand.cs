using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint import eto DIR -o model.yaml</c>: CSET's ETO Chip Explorer tables as a chokepoint/v1 model.</summary>
internal static class ImportEtoCommand
{
    public static Command Create(CliContext context)
    {
        var dir = new Argument<string>("DIR") { Description = "A folder with the ETO CSV tables (inputs, providers, provision, sequence, stages)." };
        var output = new Option<string?>("-o", "--output") { Description = "Write the model here (.yaml or .json); default: standard output." };
        var json = new Option<bool>("--json") { Description = "Print the import report as JSON (on standard error when the model goes to standard output)." };
        var command = new Command("eto", "Import CSET's ETO Advanced Semiconductor Supply Chain Dataset (current or 2022 release) as a model; data problems become warnings in the report.") { dir, output, json };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(output);
            var imported = Operations.ImportOperation.Run(new Operations.ImportOperation.EtoRequest(parse.GetValue(dir)!, path));
            var text = imported.Text;
            var reportTo = path is null ? context.Err : context.Out;
            if (path is null)
            {
                context.Out.Write(text);
            }
            else
            {
                FileOutput.WriteAtomically(path, text);
            }

            var r = imported.Report;
            if (parse.GetValue(json))
            {
                Json.Write(reportTo, r);
            }
            else
            {
                reportTo.WriteLine($"imported {r.Components} components, {r.Providers} providers, {r.Organizations} organizations, {r.Jurisdictions} jurisdictions, {r.Requirements} requirements, {r.Categories} categories" + (path is null ? "" : $" into {path}"));
                reportTo.WriteLine($"{r.Warnings.Count} warning{(r.Warnings.Count == 1 ? "" : "s")}:");
                foreach (var w in r.Warnings)
                {
                    reportTo.WriteLine($"  - {w}");
                }

                reportTo.WriteLine("The data is licensed CC BY-NC 4.0; its attribution is in the model's 'attribution' and printed by 'chokepoint show'.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
