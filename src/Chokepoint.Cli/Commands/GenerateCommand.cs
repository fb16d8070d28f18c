using System.CommandLine;
using Chokepoint.Analysis.Generation;
using Chokepoint.Cli.Output;
using Chokepoint.Formats.Models;

namespace Chokepoint.Cli.Commands;

/// <summary><c>chokepoint generate</c>: a synthetic layered stack for benchmarks, the same for the same seed.</summary>
internal static class GenerateCommand
{
    public static Command Create(CliContext context)
    {
        var components = new Option<int>("--components") { Description = "Number of components (at least 8).", DefaultValueFactory = _ => 1000 };
        var jurisdictions = new Option<int>("--jurisdictions") { Description = "Number of jurisdictions (at least 2); J0 is the home.", DefaultValueFactory = _ => 20 };
        var seed = new Option<int>("--seed") { Description = "Random seed.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("-o", "--output") { Description = "Write to this file (.yaml or .json) instead of standard output." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of YAML." };
        var command = new Command("generate", "Generate a synthetic layered stack (for benchmarks and scale tests); the same seed gives the same model.")
        {
            components, jurisdictions, seed, output, json,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(components);
            var j = parse.GetValue(jurisdictions);
            if (n < 8 || j < 2)
            {
                throw new CliInputException("--components must be at least 8 and --jurisdictions at least 2.");
            }

            var model = StackGenerator.Generate(n, j, parse.GetValue(seed));
            var path = parse.GetValue(output);
            var asJson = parse.GetValue(json) || (path?.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ?? false);
            var text = asJson ? ModelWriter.ToJson(model) : ModelWriter.ToYaml(model);
            if (path is null)
            {
                context.Out.Write(text);
            }
            else
            {
                FileOutput.WriteAtomically(path, text);
                context.Err.WriteLine($"wrote {path}: {model.Components.Count} components, {model.Jurisdictions.Count} jurisdictions");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
