using System.CommandLine;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;

namespace Chokepoint.Cli.Commands;

/// <summary>How a scenario is named on the command line: a saved one by name, or an ad hoc one.</summary>
internal sealed class ScenarioOptions
{
    public Option<string?> Scenario { get; } = new("--scenario") { Description = "Run a scenario saved in the model under 'scenarios:'." };
    public Option<string[]> Restrict { get; } = new("--restrict") { Description = "Restricting jurisdictions or blocs, comma-separated (an ad hoc scenario).", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Scope { get; } = new("--scope") { Description = "Limit the restriction to layer=NAME or component=ID entries (comma-separated, repeatable).", AllowMultipleArgumentsPerToken = true };

    public void AddTo(Command command)
    {
        command.Options.Add(Scenario);
        command.Options.Add(Restrict);
        command.Options.Add(Scope);
    }

    public ScenarioSpec Spec(ParseResult parse, StackModel model, StackOptions analysis)
    {
        var request = analysis.Request(parse);
        var name = parse.GetValue(Scenario);
        var restrict = StackOptions.SplitList(parse.GetValue(Restrict));
        var scope = StackOptions.SplitList(parse.GetValue(Scope));
        if (name is not null)
        {
            if (restrict.Count > 0 || scope.Count > 0)
            {
                throw new CliInputException("give either --scenario NAME or --restrict/--scope, not both.");
            }

            return ScenarioSpec.From(ScenarioSpec.Find(model, name), request.Perspective, request.Target);
        }

        if (restrict.Count == 0)
        {
            throw new CliInputException("say who restricts: --restrict US,NL,JP, or --scenario NAME for a saved scenario.");
        }

        var layers = new List<string>();
        var components = new List<string>();
        foreach (var entry in scope)
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var (kind, value) = eq > 0 ? (entry[..eq], entry[(eq + 1)..]) : ("", entry);
            switch (kind)
            {
                case "layer":
                    layers.Add(value);
                    break;
                case "component":
                    components.Add(value);
                    break;
                default:
                    throw new CliInputException($"--scope '{entry}' must be layer=NAME or component=ID.");
            }
        }

        return new ScenarioSpec
        {
            Name = "ad hoc: " + string.Join("+", restrict),
            Perspective = request.Perspective,
            Target = request.Target,
            Restrict = restrict,
            ScopeLayers = layers,
            ScopeComponents = components,
        };
    }
}
