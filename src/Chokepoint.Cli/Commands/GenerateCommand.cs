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
        var targetInputs = new Option<int?>("--target-inputs") { Description = "How many top-layer components the target needs (default: all of them)." };
        var actions = new Option<int>("--actions") { Description = "Also attach this many candidate actions for the optimizer.", DefaultValueFactory = _ => 0 };
        var weakPoints = new Option<bool>("--weak-points") { Description = "Put the --actions on the weak points of the smallest cutting coalitions (a third on random components), so that the optimizer has a plan to find." };
        var controls = new Option<int>("--controls") { Description = "Also declare extraterritorial rules and this many standing controls, by foreign jurisdictions from the middle of the share ranking (DESIGN.md section 2a).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("-o", "--output") { Description = "Write to this file (.yaml or .json) instead of standard output." };
        var json = new Option<bool>("--json") { Description = "Write JSON instead of YAML." };
        var command = new Command("generate", "Generate a synthetic layered stack (for benchmarks and scale tests); the same seed gives the same model.")
        {
            components, jurisdictions, seed, actions, weakPoints, targetInputs, controls, output, json,
        };
        command.SetAction(parse =>
        {
            var n = parse.GetValue(components);
            var j = parse.GetValue(jurisdictions);
            if (n < 8 || j < 2 || parse.GetValue(actions) < 0 || parse.GetValue(controls) < 0 || parse.GetValue(controls) > j - 1)
            {
                throw new CliInputException("--components must be at least 8, --jurisdictions at least 2, --actions 0 or more, and --controls between 0 and the number of foreign jurisdictions.");
            }

            var model = StackGenerator.Generate(n, j, parse.GetValue(seed), parse.GetValue(actions), parse.GetValue(targetInputs), parse.GetValue(controls), parse.GetValue(weakPoints));
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
