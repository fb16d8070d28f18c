using System.CommandLine;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Validation;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Eto;
using Chokepoint.Formats.Models;
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
            var folder = parse.GetValue(dir)!;
            if (!Directory.Exists(folder))
            {
                throw new CliInputException($"{folder}: no such folder.");
            }

            ImportResult result;
            try
            {
                result = EtoImporter.Import(folder);
            }
            catch (EtoFormatException e)
            {
                throw new CliInputException(e.Message);
            }
            catch (Sylvan.Data.Csv.CsvFormatException e)
            {
                throw new CliInputException($"{folder}: malformed CSV: {e.Message}");
            }

            var errors = ModelValidator.Validate(result.Model).Where(d => d.Severity == Severity.Error).ToList();
            if (errors.Count > 0)
            {
                foreach (var e in errors.Take(20))
                {
                    context.Err.WriteLine(e.ToString());
                }

                throw new CliInputException($"the imported model does not validate ({errors.Count} errors); nothing was written.");
            }

            var path = parse.GetValue(output);
            var text = path?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) == true ? ModelWriter.ToJson(result.Model) : ModelWriter.ToYaml(result.Model);
            var reportTo = path is null ? context.Err : context.Out;
            if (path is null)
            {
                context.Out.Write(text);
            }
            else
            {
                FileOutput.WriteAtomically(path, text);
            }

            var r = result.Report;
            if (parse.GetValue(json))
            {
                Json.Write(reportTo, new JsonObject
                {
                    ["output"] = path,
                    ["components"] = r.Components,
                    ["providers"] = r.Providers,
                    ["organizations"] = r.Organizations,
                    ["jurisdictions"] = r.Jurisdictions,
                    ["requirements"] = r.Requirements,
                    ["categories"] = r.Categories,
                    ["warnings"] = AnalysisJson.Strings(r.Warnings),
                });
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
