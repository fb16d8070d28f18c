using System.CommandLine;
using System.Globalization;
using Chokepoint.Analysis.Stack;

namespace Chokepoint.Cli.Commands;

/// <summary>The perspective and target options that every stack-analysis verb shares, declared once.</summary>
internal sealed class StackOptions
{
    public Option<string?> Home { get; } = new("--home") { Description = "The home jurisdiction (default: the model's home)." };
    public Option<string?> Target { get; } = new("--target") { Description = "A target or component id (default: the model's first target)." };
    public Option<string[]> Domestic { get; } = new("--domestic") { Description = "Narrow the domestic set to these jurisdictions and their subdivisions (comma-separated), e.g. CN-GD.", AllowMultipleArgumentsPerToken = true };
    public Option<string[]> Friendly { get; } = new("--friendly") { Description = "Foreign jurisdictions or blocs that never restrict (comma-separated).", AllowMultipleArgumentsPerToken = true };
    public Option<bool> Reach { get; } = new("--reach") { Description = "Extraterritorial reach: a restricting jurisdiction also blocks foreign providers that need its inputs (≥ de minimis share)." };
    public Option<double> DeMinimis { get; } = new("--de-minimis") { Description = "De minimis share for --reach.", DefaultValueFactory = _ => PerspectiveOptions.DefaultDeMinimis };
    public Option<string> Events { get; } = new("--events") { Description = "What can be lost: jurisdictions or firms.", DefaultValueFactory = _ => "jurisdictions" };
    public Option<int> MaxOrder { get; } = new("--max-order") { Description = "Largest coalition to look for.", DefaultValueFactory = _ => 3 };
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
        command.Options.Add(Events);
        if (withOrder)
        {
            command.Options.Add(MaxOrder);
        }

        command.Options.Add(Prob);
        command.Options.Add(Json);
    }

    public AnalysisRequest Request(ParseResult parse, string? home = null)
    {
        var events = parse.GetValue(Events) switch
        {
            "jurisdictions" => EventKind.Jurisdictions,
            "firms" => EventKind.Firms,
            var other => throw new CliInputException($"--events must be 'jurisdictions' or 'firms', not '{other}'."),
        };
        return new AnalysisRequest
        {
            Perspective = new PerspectiveOptions
            {
                Home = home ?? parse.GetValue(Home),
                Domestic = SplitList(parse.GetValue(Domestic)),
                Friendly = SplitList(parse.GetValue(Friendly)),
                Reach = parse.GetValue(Reach),
                DeMinimis = parse.GetValue(DeMinimis),
                Events = events,
            },
            Target = parse.GetValue(Target),
            MaxOrder = parse.GetValue(MaxOrder),
            Probabilities = ParseProbabilities(SplitList(parse.GetValue(Prob))),
        };
    }

    public static IReadOnlyList<string> SplitList(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    private static Dictionary<string, double> ParseProbabilities(IReadOnlyList<string> items)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || Formats.Models.ModelReader.ParseShare(item[(eq + 1)..]) is not { } p || p is < 0 or > 1)
            {
                throw new CliInputException($"--prob '{item}' is not J=p with p a probability, e.g. --prob US=0.2 or --prob US=20%.");
            }

            result[item[..eq]] = p;
        }

        return result;
    }

    public static string Num(double value, int decimals = 3) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
}
