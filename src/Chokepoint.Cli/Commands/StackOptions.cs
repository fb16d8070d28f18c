using System.CommandLine;
using System.Globalization;
using Chokepoint.Analysis.Stack;
using Chokepoint.Operations;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// The perspective and target options that every stack-analysis verb shares, declared once. They only
/// carry the request's fields (<see cref="CliFields"/>): the defaults and the checks are the
/// operations', the same for the service.
/// </summary>
internal sealed class StackOptions
{
    public Option<string?> Home { get; } = new("--home") { Description = "The home jurisdiction (default: the model's home)." };
    public Option<string?> Target { get; } = new("--target") { Description = "A target or component id (default: the model's first target)." };
    public Option<string[]> Domestic { get; } = new("--domestic") { Description = "Narrow the domestic set to these jurisdictions and their subdivisions (comma-separated), e.g. CN-GD.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Friendly { get; } = new("--friendly") { Description = "Foreign jurisdictions or blocs that never restrict (comma-separated).", AllowMultipleArgumentsPerToken = true };
    public Option<bool> Reach { get; } = new("--reach") { Description = "Extraterritorial reach: a restricting jurisdiction also blocks foreign providers that need its inputs, by its declared rule (reach: on the jurisdiction), else the uniform --de-minimis rule." };
    public Option<string?> DeMinimis { get; } = new("--de-minimis") { Description = $"De minimis share of the uniform rule for --reach, used by jurisdictions that declare no rule (default {PerspectiveOptions.DefaultDeMinimis.ToString(CultureInfo.InvariantCulture)})." };
    public Option<bool> NoStanding { get; } = new("--no-standing") { Description = "Drop the model's standing controls: the world without today's export controls (default: the controls in force apply)." };
    public Option<string?> Events { get; } = new("--events") { Description = "What can be lost: jurisdictions (the default) or firms." };
    public Option<string?> MaxOrder { get; } = new("--max-order") { Description = $"Largest coalition to look for (default {StackRequests.DefaultMaxOrder})." };
    public Option<string[]> Prob { get; } = new("--prob") { Description = "Restriction probability of an event, J=p (repeatable, comma-separated); overrides the model's restriction_probability.", AllowMultipleArgumentsPerToken = true };
    public Option<bool> Json { get; } = new("--json") { Description = "Write the results as JSON." };

    public void AddTo(Command command, bool withTarget = true, bool withOrder = true)
    {
        command.Options.Add(Home);
        if (withTarget)
        {
            command.Options.Add(Target);
        }

        command.Options.Add(Domestic);
        command.Options.Add(Friendly);
        command.Options.Add(Reach);
        command.Options.Add(DeMinimis);
        command.Options.Add(NoStanding);
        command.Options.Add(Events);
        if (withOrder)
        {
            command.Options.Add(MaxOrder);
        }

        command.Options.Add(Prob);
        command.Options.Add(Json);
    }

    /// <summary>The request's fields as given on the command line.</summary>
    public CliFields Fields(ParseResult parse) => new CliFields(parse)
        .Add("home", Home).Add("target", Target).Add("domestic", Domestic).Add("friendly", Friendly).Add("reach", Reach)
        .Add("de_minimis", DeMinimis).Add("no_standing", NoStanding).Add("events", Events).Add("max_order", MaxOrder).Add("prob", Prob);

    public AnalysisRequest Request(ParseResult parse) => StackRequests.Analysis(Fields(parse));

    public static string Num(double value, int decimals = 3) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
