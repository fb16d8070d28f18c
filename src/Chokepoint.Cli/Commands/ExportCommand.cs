using System.CommandLine;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Exports;
using Chokepoint.Formats.Mef;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint export mef|dot|csv MODEL</c>: results in the formats colleagues' tools read.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("export", "Export a stack compiled for a home: mef (Open-PSA fault tree), dot (layered Graphviz graph, chokepoints highlighted), csv (components, providers, coalitions).");
        command.Subcommands.Add(Verb(context, "mef", "The compiled failure logic of the target for the home as Open-PSA MEF XML, weighted thresholds expanded into standard gates.", Mef));
        command.Subcommands.Add(Verb(context, "dot", "The stack as a Graphviz graph, one rank per layer; components that a single jurisdiction can cut are highlighted.", Dot));
        command.Subcommands.Add(Verb(context, "csv", "Three CSV files in the output folder: components.csv, providers.csv, coalitions.csv.", Csv));
        return command;
    }

    private delegate void Writer(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context);

    private static Command Verb(CliContext context, string name, string description, Writer write)
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
            var request = options.Request(parse);
            var analysis = HomeAnalysis.Run(model, request);
            var stack = new CompiledStack(Perspective.Create(model, request.Perspective), analysis.TargetComponent);
            var path = parse.GetValue(output);
            if (parse.GetValue(json) && path is null)
            {
                throw new CliInputException("--json describes the written file: pass -o as well.");
            }

            write(model, analysis, stack, path, parse.GetValue(json) ? context with { Err = TextWriter.Null } : context);
            if (parse.GetValue(json))
            {
                Json.Write(context.Out, new System.Text.Json.Nodes.JsonObject { ["format"] = name, ["output"] = path, ["home"] = analysis.Home, ["target"] = analysis.TargetId });
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Emit(string text, string? output, CliContext context)
    {
        if (output is null)
        {
            context.Out.Write(text);
        }
        else
        {
            FileOutput.WriteAtomically(output, text);
            context.Err.WriteLine($"wrote {output}");
        }
    }

    private static void Mef(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context)
    {
        var (probabilities, _) = HomeAnalysis.EventProbabilities(stack.Perspective, new Dictionary<string, Logic.Probability>());
        var compiled = FailureCompiler.Compile(stack, stack.IndexOf(analysis.TargetComponent), probabilities);
        Emit(MefWriter.Write(compiled.Graph, $"{analysis.TargetId}-cut-for-{analysis.Home}"), output, context);
    }

    private static void Dot(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context) =>
        Emit(StackExports.Dot(model, analysis, stack), output, context);

    private static void Csv(StackModel model, HomeAnalysisResult analysis, CompiledStack stack, string? output, CliContext context)
    {
        if (output is null)
        {
            throw new CliInputException("export csv writes three files: pass -o FOLDER.");
        }

        Directory.CreateDirectory(output);
        foreach (var (name, text) in StackExports.Csv(model, analysis, stack))
        {
            FileOutput.WriteAtomically(Path.Combine(output, name), text);
        }

        context.Err.WriteLine($"wrote {output}/components.csv, providers.csv, coalitions.csv");
    }
}
