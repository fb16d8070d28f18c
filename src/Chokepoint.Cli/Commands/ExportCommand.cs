using System.CommandLine;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Results;
using Chokepoint.Operations;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint export mef|dot|csv MODEL</c>: results in the formats colleagues' tools read.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Export a stack compiled for a home: mef (Open-PSA fault tree), dot (layered Graphviz graph, chokepoints highlighted), csv (components, providers, coalitions).");
        command.Subcommands.Add(Verb(context, "mef", "The compiled failure logic of the target for the home as Open-PSA MEF XML, weighted thresholds expanded into standard gates."));
        command.Subcommands.Add(Verb(context, "dot", "The stack as a Graphviz graph, one rank per layer; components that a single jurisdiction can cut are highlighted."));
        command.Subcommands.Add(Verb(context, "csv", "Three CSV files in the output folder: components.csv, providers.csv, coalitions.csv."));
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
