using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;
using Chokepoint.Operations;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint export mef|dot|csv|xlsx|table MODEL</c>: results in the formats colleagues' tools read.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Export a stack: mef (Open-PSA fault tree), dot (layered Graphviz graph, chokepoints highlighted), csv (components, providers, coalitions), xlsx (the whole model and its analyses as a workbook), table (the supplier table as CSV).");
        command.Subcommands.Add(Verb(context, "mef", "The compiled failure logic of the target for the home as Open-PSA MEF XML, weighted thresholds expanded into standard gates."));
        command.Subcommands.Add(Verb(context, "dot", "The stack as a Graphviz graph, one rank per layer; components that a single jurisdiction can cut are highlighted."));
        command.Subcommands.Add(Verb(context, "csv", "Three CSV files in the output folder: components.csv, providers.csv, coalitions.csv."));
        command.Subcommands.Add(Xlsx(context));
        command.Subcommands.Add(Table(context));
        return command;
    }

    private static Command Xlsx(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var output = new Option<string>("-o", "--output") { Description = "The workbook to write (.xlsx).", Required = true };
        var options = new StackOptions();
        var command = new Command("xlsx", "The whole model as an xlsx workbook that 'import table' reads back exactly: the supplier table (one row per provider) and a sheet per other part of the model, plus a sheet per analysis for the home and target: dependence by layer, coalitions, leverage, scenario capacities.") { file, output };
        options.AddTo(command);
        command.Options.Remove(options.Json);
        var json = new Option<bool>("--json") { Description = "Print what was written as JSON ({format, output, home, target})." };
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var path = parse.GetValue(output)!;
            var request = StackRequests.Analysis(options.Fields(parse));
            var result = TableOperation.Xlsx(model, request);
            FileOutput.WriteAtomically(path, result.Bytes);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new Formats.Results.Contracts.ExportDocument("xlsx", path, result.Home, result.TargetId));
            }
            else
            {
                context.Err.WriteLine($"wrote {path}: the model in {Formats.Tables.StackTable.DataSheets.Count} sheets, and the analyses for home {result.Home}, target {result.TargetId}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Table(CliContext context)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var output = new Option<string?>("-o", "--output") { Description = "The CSV file to write (default: standard output)." };
        var json = new Option<bool>("--json") { Description = "With -o: print what was written as JSON ({format, output})." };
        var command = new Command("table", "The supplier table alone as CSV, one row per provider: what 'import table FILE.csv --base MODEL' reads back onto the model. The rest of the model (jurisdictions, controls, scenarios...) stays in the model file; 'export xlsx' writes everything.") { file, output, json };
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var path = parse.GetValue(output);
            if (parse.GetValue(json) && path is null)
            {
                throw new CliInputException("--json describes the written file: pass -o as well.");
            }

            var text = TableOperation.Csv(model);
            if (path is null)
            {
                context.Out.Write(text);
                return ExitCodes.Ok;
            }

            FileOutput.WriteAtomically(path, text);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new Formats.Results.Contracts.ExportDocument("table", path, null, null));
            }
            else
            {
                context.Err.WriteLine($"wrote {path}: {model.Components.Sum(c => Math.Max(1, c.Providers.Count))} rows for {model.Components.Count} components");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verb(CliContext context, string name, string description)
    {
        var file = new Argument<string>("MODEL") { Description = "A model file." };
        var output = new Option<string?>("-o", "--output") { Description = name == "csv" ? "The folder to write into (created if missing)." : "The file to write (default: standard output)." };
        var options = new StackOptions();
        var command = new Command(name, description) { file, output };
        options.AddTo(command);
        command.Options.Remove(options.Json);
        var json = new Option<bool>("--json") { Description = "With -o: print what was written as JSON ({format, output, home, target})." };
        command.Options.Add(json);
        command.SetAction(parse =>
        {
            var model = ModelFiles.LoadOrFail(parse.GetValue(file)!, context);
            var request = ExportOperation.Read(name, options.Fields(parse));
            var path = parse.GetValue(output);
            if (parse.GetValue(json) && path is null)
            {
                throw new CliInputException("--json describes the written file: pass -o as well.");
            }

            if (name == "csv" && path is null)
            {
                throw new CliInputException("export csv writes three files: pass -o FOLDER.");
            }

            var result = ExportOperation.Run(model, request);
            var err = parse.GetValue(json) ? TextWriter.Null : context.Err;
            if (path is null)
            {
                context.Out.Write(result.Files[0].Text);
            }
            else if (name == "csv")
            {
                Directory.CreateDirectory(path);
                foreach (var (fileName, text) in result.Files)
                {
                    FileOutput.WriteAtomically(Path.Combine(path, fileName!), text);
                }

                err.WriteLine($"wrote {path}/{string.Join(", ", result.Files.Select(f => f.Name))}");
            }
            else
            {
                FileOutput.WriteAtomically(path, result.Files[0].Text);
                err.WriteLine($"wrote {path}");
            }

            if (parse.GetValue(json))
            {
                Json.Write(context.Out, ExportOperation.Json(result, path));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
