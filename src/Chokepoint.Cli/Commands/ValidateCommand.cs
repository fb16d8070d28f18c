using System.CommandLine;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint validate FILE...</c>: every problem in every file, with where and what to do.</summary>
internal static class ValidateCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("FILE") { Description = "Model files (YAML or JSON, chokepoint/v1).", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Write the findings as JSON." };
        var command = new Command("validate", "Check model files and report every problem: file, line, column, path in the model, and a fix.")
        {
            files,
            json,
        };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(json), context));
        return command;
    }

    private static int Run(string[] files, bool asJson, CliContext context)
    {
        var results = files.Select(f => (File: f, Result: ModelLoader.Load(f))).ToList();
        if (asJson)
        {
            Json.Write(context.Out, Operations.ValidateOperation.Json(results));
        }
        else
        {
            foreach (var (file, result) in results)
            {
                foreach (var d in result.Diagnostics)
                {
                    context.Out.WriteLine(d.ToString());
                }

                var errors = result.Diagnostics.Count(d => d.Severity == Severity.Error);
                var warnings = result.Diagnostics.Count(d => d.Severity == Severity.Warning);
                context.Out.WriteLine(errors == 0
                    ? $"{file}: valid ({result.Model!.Components.Count} components, {warnings} warning{(warnings == 1 ? "" : "s")})"
                    : $"{file}: {errors} error{(errors == 1 ? "" : "s")}, {warnings} warning{(warnings == 1 ? "" : "s")}");
            }
        }

        return results.Any(r => r.Result.HasErrors) ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }
}
