using System.CommandLine;
using System.Globalization;
using Chokepoint.Operations;

namespace Chokepoint.Cli.Commands;

/// <summary>
/// The command line's side of a request: each neutral field read from its option (<c>max_order</c>
/// from <c>--max-order</c>). A field whose option was not given is null, so the defaults live in the
/// operations, once for the command line and the service. Lists are comma-separated and repeatable;
/// <c>prob</c> is <c>J=p</c> pairs; <c>--scope</c> holds both <c>layer=NAME</c> and <c>component=ID</c>.
/// </summary>
internal sealed class CliFields(ParseResult parse) : IRequestFields
{
    private readonly Dictionary<string, Option> _options = new(StringComparer.Ordinal);

    public CliFields Add(string field, Option option)
    {
        _options[field] = option;
        return this;
    }

    public string Spell(string field) => SpellField(field);

    /// <summary>The option that carries a neutral field: <c>max_order</c> is <c>--max-order</c>; both scope fields are <c>--scope</c>, <c>scenarios</c> is the repeatable <c>--scenario</c>.</summary>
    public static string SpellField(string field) => field switch
    {
        "scope_layers" or "scope_components" => "--scope",
        "scenarios" => "--scenario",
        _ => "--" + field.Replace('_', '-'),
    };

    private Option? Given(string field) =>
        _options.TryGetValue(field, out var o) && parse.GetResult(o) is { Implicit: false } ? o : null;

    public string? String(string field) => Given(field) is Option<string?> o ? parse.GetValue(o) : null;

    public bool? Bool(string field) => Given(field) is Option<bool> o ? parse.GetValue(o) : null;

    public double? Number(string field)
    {
        if (String(field) is not { } text)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? d
            : throw new RequestException(field, $"{Spell(field)} must be a number, not '{text}'.");
    }

    public IReadOnlyList<string>? List(string field)
    {
        if (field is "scope_layers" or "scope_components")
        {
            return Scope(field == "scope_layers" ? "layer" : "component");
        }

        return Given(field) is Option<string[]> o ? Split(parse.GetValue(o)) : null;
    }

    public IReadOnlyList<KeyValuePair<string, double>>? Map(string field)
    {
        if (List(field) is not { } items)
        {
            return null;
        }

        var pairs = new List<KeyValuePair<string, double>>();
        foreach (var item in items)
        {
            var eq = item.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || Formats.Models.ModelReader.ParseShare(item[(eq + 1)..]) is not { } value)
            {
                throw new RequestException(field, $"{Spell(field)} '{item}' is not J=p, such as {Spell(field)} US=0.2 or {Spell(field)} US=20%.");
            }

            pairs.Add(new(item[..eq], value));
        }

        return pairs;
    }

    /// <summary>The <c>--scope</c> entries of one kind; an entry of neither kind is an error.</summary>
    private List<string>? Scope(string kind)
    {
        if (Given("scope") is not Option<string[]> o)
        {
            return null;
        }

        var found = new List<string>();
        foreach (var entry in Split(parse.GetValue(o)))
        {
            var eq = entry.IndexOf('=', StringComparison.Ordinal);
            var (k, value) = eq > 0 ? (entry[..eq], entry[(eq + 1)..]) : ("", entry);
            if (k is not ("layer" or "component"))
            {
                throw new RequestException("scope_layers", $"--scope '{entry}' must be layer=NAME or component=ID.");
            }

            if (k == kind)
            {
                found.Add(value);
            }
        }

        return found;
    }

    public static IReadOnlyList<string> Split(string[]? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
}
