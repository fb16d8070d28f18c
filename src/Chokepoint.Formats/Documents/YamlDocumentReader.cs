using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Chokepoint.Formats.Documents;

/// <summary>Reads one YAML document into a <see cref="Node"/> tree with positions.</summary>
public static class YamlDocumentReader
{
    /// <summary>Aliases may repeat anchored nodes; past this many nodes the document is refused (billion laughs).</summary>
    public const int MaxExpandedNodes = 2_000_000;

    /// <summary>Parses <paramref name="text"/>. Throws <see cref="DocumentSyntaxException"/> with a position on malformed input.</summary>
    public static Node? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var anchors = new Dictionary<string, (Node Node, long Size)>(StringComparer.Ordinal);
        long expanded = 0;
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, ref expanded).Node;
            parser.Consume<DocumentEnd>();
            if (!parser.TryConsume<StreamEnd>(out _))
            {
                var at = parser.Current?.Start;
                throw new DocumentSyntaxException("the file holds more than one YAML document; a model is one document.",
                    (int)(at?.Line ?? 0), (int)(at?.Column ?? 0));
            }

            return root;
        }
        catch (YamlException e)
        {
            throw new DocumentSyntaxException(Clean(e.Message), (int)e.Start.Line, (int)e.Start.Column);
        }
    }

    private static (Node Node, long Size) ReadNode(IParser parser, Dictionary<string, (Node, long)> anchors, ref long expanded)
    {
        var ev = parser.Current ?? throw new DocumentSyntaxException("unexpected end of the document.", 0, 0);
        var line = (int)ev.Start.Line;
        var col = (int)ev.Start.Column;
        switch (ev)
        {
            case AnchorAlias alias:
                parser.MoveNext();
                if (!anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw new DocumentSyntaxException($"alias *{alias.Value} refers to no anchor defined before it.", line, col);
                }

                expanded += target.Item2;
                if (expanded > MaxExpandedNodes)
                {
                    throw new DocumentSyntaxException($"aliases expand the document past {MaxExpandedNodes:N0} nodes; refusing it (is this a billion-laughs file?).", line, col);
                }

                return target;
            case Scalar scalar:
                {
                    parser.MoveNext();
                    Node node = new ScalarNode(scalar.Value, scalar.Style is not ScalarStyle.Plain, line, col);
                    Count(ref expanded, 1, line, col);
                    Remember(anchors, scalar.Anchor, node, 1);
                    return (node, 1);
                }

            case SequenceStart seq:
                {
                    parser.MoveNext();
                    var items = new List<Node>();
                    long size = 1;
                    while (!parser.TryConsume<SequenceEnd>(out _))
                    {
                        var (child, childSize) = ReadNode(parser, anchors, ref expanded);
                        items.Add(child);
                        size += childSize;
                    }

                    Count(ref expanded, 1, line, col);
                    Node node = new SequenceNode(items, line, col);
                    Remember(anchors, seq.Anchor, node, size);
                    return (node, size);
                }

            case MappingStart map:
                {
                    parser.MoveNext();
                    var entries = new List<KeyValuePair<ScalarNode, Node>>();
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    long size = 1;
                    while (!parser.TryConsume<MappingEnd>(out _))
                    {
                        var (keyNode, _) = ReadNode(parser, anchors, ref expanded);
                        if (keyNode is not ScalarNode key)
                        {
                            throw new DocumentSyntaxException("a mapping key must be a plain word, not a list or mapping.", keyNode.Line, keyNode.Column);
                        }

                        if (!keys.Add(key.Value))
                        {
                            throw new DocumentSyntaxException($"key '{key.Value}' appears twice in the same mapping.", key.Line, key.Column);
                        }

                        var (value, valueSize) = ReadNode(parser, anchors, ref expanded);
                        entries.Add(new(key, value));
                        size += valueSize + 1;
                    }

                    Count(ref expanded, 1, line, col);
                    Node node = new MappingNode(entries, line, col);
                    Remember(anchors, map.Anchor, node, size);
                    return (node, size);
                }

            default:
                throw new DocumentSyntaxException($"unexpected YAML element {ev.GetType().Name}.", line, col);
        }
    }

    private static void Count(ref long expanded, long n, int line, int col)
    {
        expanded += n;
        if (expanded > MaxExpandedNodes)
        {
            throw new DocumentSyntaxException($"the document has more than {MaxExpandedNodes:N0} nodes; refusing it.", line, col);
        }
    }

    private static void Remember(Dictionary<string, (Node, long)> anchors, AnchorName anchor, Node node, long size)
    {
        if (!anchor.IsEmpty)
        {
            anchors[anchor.Value] = (node, size);
        }
    }

    /// <summary>YamlDotNet prefixes messages with the position; ours carry it separately.</summary>
    private static string Clean(string message)
    {
        var i = message.IndexOf("): ", StringComparison.Ordinal);
        var text = message.StartsWith("(Line", StringComparison.Ordinal) && i >= 0 ? message[(i + 3)..] : message;
        return text.TrimEnd('.') + ".";
    }
}
