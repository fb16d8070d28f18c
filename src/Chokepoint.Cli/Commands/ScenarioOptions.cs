using System.CommandLine;

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

    /// <summary>Adds the scenario's fields to <paramref name="fields"/>.</summary>
    public CliFields AddTo(CliFields fields) => fields.Add("scenario", Scenario).Add("restrict", Restrict).Add("scope", Scope);
}
