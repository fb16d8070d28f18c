using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Chokepoint.Cli.Tests.Docs;

/// <summary>
/// A figure a documentation page states, with the command that produces it:
/// <c>&lt;!-- figure: COMMAND | PATH = EXPECTED --&gt;</c> or <c>&lt;!-- figure: COMMAND | PATH has ITEMS --&gt;</c>,
/// written right after the figure. COMMAND is what follows <c>chokepoint</c>, with <c>--json</c>; PATH
/// walks its JSON output (<c>key</c>, <c>[2]</c>, <c>[key=value,...]</c>, <c>[*]</c>, <c>length</c>);
/// EXPECTED is a number (to the precision written; <c>%</c> and <c> billion</c> scale it), <c>true</c>,
/// <c>false</c>, <c>null</c>, a string, or a list <c>[a, b+c]</c> (an inner list reads as its items joined by <c>+</c>).
/// </summary>
/// <param name="Line">The 1-based line of the page.</param>
/// <param name="Text">The marker as written, for messages.</param>
/// <param name="Command">The command, without <c>chokepoint</c>.</param>
/// <param name="Path">The path into the command's JSON output.</param>
/// <param name="Has">True for <c>has</c> (the list contains the items), false for <c>=</c>.</param>
/// <param name="Expected">The expected value as written.</param>
/// <param name="ProseBefore">The text of the line between the previous marker (or the line's start) and this one.</param>
internal sealed partial record FigureMarker(int Line, string Text, string Command, string Path, bool Has, string Expected, string ProseBefore)
{
    /// <summary>The command's arguments, as the command line receives them.</summary>
    public string[] Arguments => Command.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The page read: its markers, the commands listed in its code blocks (without <c>chokepoint</c>), and markers it could not read.</summary>
    public sealed record Page(IReadOnlyList<FigureMarker> Markers, IReadOnlySet<string> ListedCommands, IReadOnlyList<string> Malformed);

    /// <summary>Reads every marker outside code blocks, and every <c>chokepoint ...</c> line inside them.</summary>
    public static Page Read(string markdown)
    {
        var markers = new List<FigureMarker>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var malformed = new List<string>();
        var inCode = false;
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inCode = !inCode;
                continue;
            }

            if (inCode)
            {
                if (line.StartsWith("chokepoint ", StringComparison.Ordinal))
                {
                    listed.Add(line["chokepoint ".Length..].Trim());
                }

                continue;
            }

            var proseStart = 0;
            foreach (Match m in AnyMarker().Matches(line))
            {
                var full = Marker().Match(m.Value);
                if (!full.Success)
                {
                    malformed.Add($"line {i + 1}: cannot read {m.Value}");
                }
                else
                {
                    markers.Add(new FigureMarker(i + 1, m.Value, full.Groups["command"].Value.Trim(), full.Groups["path"].Value,
                        full.Groups["op"].Value == "has", full.Groups["expected"].Value.Trim(), line[proseStart..m.Index]));
                }

                proseStart = m.Index + m.Length;
            }
        }

        return new Page(markers, listed, malformed);
    }

    /// <summary>Checks the figure against the command's JSON output: null when it holds, else what is wrong.</summary>
    public string? Check(JsonNode? output)
    {
        JsonNode? actual;
        try
        {
            actual = Walk(output, Tokens().Matches(Path).Select(t => t.Value).ToList());
        }
        catch (KeyNotFoundException e)
        {
            return e.Message;
        }

        if (Has)
        {
            var items = Expected.StartsWith('[') ? ListItems(Expected) : [Expected];
            var present = actual is JsonArray a ? a.Select(Render).ToList() : null;
            var missing = present is null ? items : items.Where(x => !present.Contains(x)).ToList();
            return missing.Count == 0 ? null : $"expected it to contain {string.Join(", ", missing)}; actual {Show(actual)}";
        }

        if (Number().Match(Expected) is { Success: true } n)
        {
            var scale = n.Groups["unit"].Value switch { "%" => 0.01, " billion" => 1e9, _ => 1.0 };
            var value = double.Parse(n.Groups["value"].Value, CultureInfo.InvariantCulture) * scale;
            var tolerance = 0.5 * Math.Pow(10, -n.Groups["decimals"].Value.Length) * scale;
            if (actual is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
            {
                return $"expected a number; actual {Show(actual)}";
            }

            if (Math.Abs(v.GetValue<double>() - value) > tolerance + 1e-12)
            {
                return $"actual {Show(actual)}";
            }

            // The prose must print the figure the marker checks, in the same form.
            return ProseBefore.Contains(Expected, StringComparison.Ordinal) ? null : $"the text before the marker does not say '{Expected}'";
        }

        var same = Expected switch
        {
            "null" => actual is null,
            "true" or "false" => actual is JsonValue b && (b.GetValueKind() is JsonValueKind.True or JsonValueKind.False) && Render(b) == Expected,
            _ when Expected.StartsWith('[') => actual is JsonArray list && list.Select(Render).SequenceEqual(ListItems(Expected)),
            _ => actual is JsonValue s && s.GetValueKind() == JsonValueKind.String && s.GetValue<string>() == Expected.Trim('"'),
        };
        return same ? null : $"actual {Show(actual)}";
    }

    private static JsonNode? Walk(JsonNode? node, List<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token == "length" && node is JsonArray counted)
            {
                node = JsonValue.Create((double)counted.Count);
            }
            else if (token == "[*]")
            {
                var rest = tokens[(i + 1)..];
                return new JsonArray([.. AsArray(node, token).Select(e => Walk(e, rest)?.DeepClone())]);
            }
            else if (token.StartsWith('['))
            {
                var inner = token[1..^1];
                var array = AsArray(node, token);
                if (int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    node = index < array.Count ? array[index] : throw new KeyNotFoundException($"{token}: the list has {array.Count} elements");
                    continue;
                }

                var conditions = inner.Split(',').Select(c => c.Split('=', 2)).ToList();
                var matches = array.Where(e => e is JsonObject o && conditions.All(c => c.Length == 2 && o.TryGetPropertyValue(c[0], out var v) && Render(v) == c[1])).ToList();
                node = matches.Count == 1 ? matches[0] : throw new KeyNotFoundException($"{token}: {matches.Count} elements match");
            }
            else
            {
                node = node is JsonObject o && o.TryGetPropertyValue(token, out var child) ? child : throw new KeyNotFoundException($"no key '{token}'");
            }
        }

        return node;
    }

    private static JsonArray AsArray(JsonNode? node, string token) =>
        node as JsonArray ?? throw new KeyNotFoundException($"{token}: not a list");

    /// <summary>A value as a marker writes it: a list as its items joined by <c>+</c>.</summary>
    private static string Render(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray a => string.Join("+", a.Select(Render)),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>().ToString(CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    private static List<string> ListItems(string list) =>
        list[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";

    [GeneratedRegex(@"<!--\s*figure:.*?-->")]
    private static partial Regex AnyMarker();

    [GeneratedRegex(@"^<!--\s*figure:(?<command>[^|]+)\|\s*(?<path>\S+)\s+(?<op>=|has)\s+(?<expected>.+?)\s*-->$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"\[[^\]]*\]|[^.\[]+")]
    private static partial Regex Tokens();

    [GeneratedRegex(@"^(?<value>-?\d+(?:\.(?<decimals>\d+))?)(?<unit>%| billion)?$")]
    private static partial Regex Number();
}
