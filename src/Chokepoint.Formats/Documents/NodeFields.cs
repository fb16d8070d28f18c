using System.Globalization;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;

namespace Chokepoint.Formats.Documents;

/// <summary>
/// The one diagnostic sink of the readers: every located finding of one file, in the order found.
/// </summary>
public sealed class DiagnosticSink(string file, List<Diagnostic>? into = null)
{
    private readonly List<Diagnostic> _items = into ?? [];

    /// <summary>The file the findings are in.</summary>
    public string File { get; } = file;

    public IReadOnlyList<Diagnostic> Items => _items;

    public bool HasErrors => _items.Exists(d => d.Severity == Severity.Error);

    public void Error(string code, int line, int column, string path, string message, string fix) =>
        _items.Add(new Diagnostic(Severity.Error, code, File, line, column, path, message, fix));

    /// <summary>An error at <paramref name="at"/> (the file's start when there is no node).</summary>
    public void Error(string code, Node? at, string path, string message, string fix) =>
        Error(code, at?.Line ?? 1, at?.Column ?? 1, path, message, fix);
}

/// <summary>
/// The one typed-node accessor: the known fields of one mapping, read with type checks that add a
/// located finding to the <see cref="DiagnosticSink"/> where they fail and give null, so a reader goes
/// on and reports every problem, not only the first. The model reader and the CycloneDX importer
/// both read through it; the <c>Json*</c> members are JSON's stricter reading (a string must be quoted).
/// </summary>
public sealed class NodeFields
{
    private readonly DiagnosticSink sink;
    private readonly string path;
    private readonly Dictionary<string, Node> byKey;

    private NodeFields(DiagnosticSink sink, string path, Dictionary<string, Node> byKey, SourceSpan span)
    {
        this.sink = sink;
        this.path = path;
        this.byKey = byKey;
        Span = span;
    }

    /// <summary>
    /// The fields of <paramref name="map"/>; a key outside <paramref name="allowed"/> is an unknown-key
    /// finding (with the nearest valid key), and every key is kept when <paramref name="allowed"/> is null.
    /// </summary>
    public static NodeFields Open(DiagnosticSink sink, MappingNode map, string path, string[]? allowed)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(map);
        var byKey = new Dictionary<string, Node>(StringComparer.Ordinal);
        var positions = new Dictionary<string, SourcePosition>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Entries)
        {
            if (allowed is not null && Array.IndexOf(allowed, key.Value) < 0)
            {
                var near = Suggest.Nearest(key.Value, allowed);
                sink.Error(DiagnosticCodes.UnknownKey, key.Line, key.Column, Join(path, key.Value),
                    $"unknown key '{key.Value}'.",
                    near is null
                        ? $"Valid keys here: {string.Join(", ", allowed)}."
                        : $"Did you mean '{near}'? Valid keys here: {string.Join(", ", allowed)}.");
                continue;
            }

            byKey.TryAdd(key.Value, value);
            positions.TryAdd(key.Value, new SourcePosition(value.Line, value.Column));
        }

        return new NodeFields(sink, path, byKey, new SourceSpan(sink.File, path, new SourcePosition(map.Line, map.Column)) { Fields = positions });
    }

    /// <summary><paramref name="node"/> as a mapping, or a wrong-type finding and null.</summary>
    public static MappingNode? Mapping(DiagnosticSink sink, Node node, string path, string what, string example)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(node);
        if (node is MappingNode map)
        {
            return map;
        }

        sink.Error(DiagnosticCodes.WrongType, node.Line, node.Column, path, $"{what} must be a mapping, but this is {node.Kind}.", $"Write it as {example}.");
        return null;
    }

    /// <summary>JSON's reading of <paramref name="node"/> as an object, or a wrong-type finding and null.</summary>
    public static MappingNode? JsonObject(DiagnosticSink sink, Node node, string path, string expected)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(node);
        if (node is MappingNode map)
        {
            return map;
        }

        sink.Error(DiagnosticCodes.WrongType, node.Line, node.Column, path, $"{path} must be {expected}, not {Describe(node)}.", $"Write {expected}.");
        return null;
    }

    /// <summary>JSON's reading of <paramref name="node"/> as a string (quoted), or a wrong-type finding and null.</summary>
    public static string? JsonString(DiagnosticSink sink, Node node, string path)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(node);
        if (node is ScalarNode { Quoted: true } s)
        {
            return s.Value;
        }

        sink.Error(DiagnosticCodes.WrongType, node.Line, node.Column, path, $"{path} must be a string, not {Describe(node)}.", "Write it in double quotes, such as \"text\".");
        return null;
    }

    /// <summary>What a node is, in JSON's words: a boolean, the number 7, an object, a list.</summary>
    public static string Describe(Node node) => node switch
    {
        ScalarNode { Quoted: false, Value: "true" or "false" } => "a boolean",
        ScalarNode { Quoted: false, IsNull: true } => "null",
        ScalarNode { Quoted: false } s => $"the number {s.Value}",
        ScalarNode => "a string",
        MappingNode => "an object",
        _ => "a list",
    };

    /// <summary>The field's string in JSON (quoted); absent or null: null; another type: a finding and null.</summary>
    public string? JsonString(string key) => Node(key) is { } node and not ScalarNode { IsNull: true } ? JsonString(sink, node, Join(path, key)) : null;

    /// <summary>The field's list in JSON; absent or null: null; another type: a finding and null.</summary>
    public SequenceNode? JsonList(string key)
    {
        switch (Node(key))
        {
            case null:
            case ScalarNode { IsNull: true }:
                return null;
            case SequenceNode s:
                return s;
            case var other:
                sink.Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, key), $"{Join(path, key)} must be a list, not {Describe(other)}.", $"Write {key}: [ ... ].");
                return null;
        }
    }

    public SourceSpan Span { get; }

    public Node? Node(string key) => byKey.TryGetValue(key, out var n) ? n : null;

    public string? String(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case ScalarNode s:
                return s.IsNull ? null : s.Value;
            case var other:
                sink.Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, key),
                    $"{key} must be a single value, but this is {other.Kind}.", $"Write {key}: <value>.");
                return null;
        }
    }

    public string? RequiredString(string key, string hint)
    {
        var value = String(key);
        if (value is null && Node(key) is null or ScalarNode { IsNull: true })
        {
            sink.Error(DiagnosticCodes.MissingField, Span.Position.Line, Span.Position.Column, Join(path, key),
                $"the required key '{key}' is missing.", $"Add {key}: <{hint}>.");
        }

        return value;
    }

    public double? Number(string key)
    {
        if (Scalar(key) is not { } s)
        {
            return null;
        }

        if (!s.Quoted && double.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return d;
        }

        sink.Error(DiagnosticCodes.WrongType, s.Line, s.Column, Join(path, key),
            $"{key} must be a number, but it is '{s.Value}'.", $"Write a plain number such as {key}: 12.");
        return null;
    }

    public bool? Boolean(string key)
    {
        if (Scalar(key) is not { } s)
        {
            return null;
        }

        if (!s.Quoted && s.Value is "true" or "false" or "True" or "False")
        {
            return s.Value is "true" or "True";
        }

        sink.Error(DiagnosticCodes.WrongType, s.Line, s.Column, Join(path, key),
            $"{key} must be true or false, but it is '{s.Value}'.", $"Write {key}: true.");
        return null;
    }

    public int? Integer(string key)
    {
        if (Scalar(key) is not { } s)
        {
            return null;
        }

        if (!s.Quoted && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i))
        {
            return i;
        }

        sink.Error(DiagnosticCodes.WrongType, s.Line, s.Column, Join(path, key),
            $"{key} must be a whole number, but it is '{s.Value}'.", $"Write a whole number such as {key}: 2.");
        return null;
    }

    /// <summary>A share written as a fraction (0.37) or a percentage ("37%"). Range checks are validation's job.</summary>
    public double? Share(string key)
    {
        if (Scalar(key) is not { } s)
        {
            return null;
        }

        if (ModelReader.ParseShare(s.Value) is { } share)
        {
            return share;
        }

        sink.Error(DiagnosticCodes.WrongType, s.Line, s.Column, Join(path, key),
            $"{key} '{s.Value}' is not a share.", $"Write a fraction such as {key}: 0.37, or a percentage such as {key}: \"37%\".");
        return null;
    }

    public ShareRange? Range(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case SequenceNode { Items.Count: 2 } seq when seq.Items[0] is ScalarNode a && seq.Items[1] is ScalarNode b
                && ModelReader.ParseShare(a.Value) is { } low && ModelReader.ParseShare(b.Value) is { } high:
                return new ShareRange(low, high);
            case var other:
                sink.Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, key),
                    $"{key} must be a list of two shares.", $"Write {key}: [0.3, 0.45].");
                return null;
        }
    }

    public IReadOnlyList<string> StringList(string key)
    {
        switch (Node(key))
        {
            case null:
            case ScalarNode { IsNull: true }:
                return [];
            case SequenceNode seq:
                {
                    var result = new List<string>(seq.Items.Count);
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (seq.Items[i] is ScalarNode { IsNull: false } s)
                        {
                            result.Add(s.Value);
                        }
                        else
                        {
                            var item = seq.Items[i];
                            sink.Error(DiagnosticCodes.WrongType, item.Line, item.Column, $"{Join(path, key)}[{i}]",
                                $"each entry of {key} must be a single id, but this is {item.Kind}.", $"Write {key}: [a, b, c].");
                        }
                    }

                    return result;
                }

            case var other:
                sink.Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, key),
                    $"{key} must be a list, but this is {other.Kind}.", $"Write {key}: [a, b, c].");
                return [];
        }
    }

    public IReadOnlyList<T> List<T>(string key, Func<Node, string, T?> readItem)
        where T : class
    {
        switch (Node(key))
        {
            case null:
            case ScalarNode { IsNull: true }:
                return [];
            case SequenceNode seq:
                {
                    var result = new List<T>(seq.Items.Count);
                    for (var i = 0; i < seq.Items.Count; i++)
                    {
                        if (readItem(seq.Items[i], $"{Join(path, key)}[{i}]") is { } item)
                        {
                            result.Add(item);
                        }
                    }

                    return result;
                }

            case var other:
                sink.Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, key),
                    $"{key} must be a list (each entry starting with '- '), but this is {other.Kind}.", $"Write {key}: followed by entries '- ...'.");
                return [];
        }
    }

    private ScalarNode? Scalar(string key)
    {
        switch (Node(key))
        {
            case null:
                return null;
            case ScalarNode s:
                return s.IsNull ? null : s;
            case var other:
                sink.Error(DiagnosticCodes.WrongType, other.Line, other.Column, Join(path, key),
                    $"{key} must be a single value, but this is {other.Kind}.", $"Write {key}: <value>.");
                return null;
        }
    }

    private static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";
}
