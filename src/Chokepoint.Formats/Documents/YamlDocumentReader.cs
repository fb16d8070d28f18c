using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Chokepoint.Formats.Documents;

/// <summary>Reads one YAML document into a <see cref="Node"/> tree with positions.</summary>
public static class YamlDocumentReader
{
    /// <summary>
    /// Aliases may repeat anchored nodes; past this many nodes repeated through aliases the document is
    /// refused (billion laughs). Nodes written out count against no limit: they are bounded by the file's size.
    /// </summary>
    public const int MaxExpandedNodes = 2_000_000;

    /// <summary>Sequences and mappings nested deeper than this are refused, as in JSON, before they can exhaust the stack.</summary>
    public const int MaxDepth = 256;

    /// <summary>Parses <paramref name="text"/>. Throws <see cref="DocumentSyntaxException"/> with a position on malformed input.</summary>
    public static Node? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var anchors = new Dictionary<string, (Node Node, long Size)>(StringComparer.Ordinal);
        long expanded = 0;
        Parser? parser = null;
        try
        {
            parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.TryConsume<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, anchors, ref expanded, 0).Node;
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
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or OverflowException)
        {
            // YamlDotNet reports some malformed input (a tag that is not a URI, a broken flow
            // collection) with these instead of a YamlException; it is still the file's fault.
            var at = parser?.Current?.Start;
            var why = e is InvalidOperationException ? "a list or mapping in [ ] or { } is left open or broken"
                : e.Message.Split(" (Parameter", 2)[0].TrimEnd('.');
            throw new DocumentSyntaxException($"the YAML cannot be read near here: {why}.", (int)(at?.Line ?? 1), (int)(at?.Column ?? 1));
        }
    }

    private static (Node Node, long Size) ReadNode(IParser parser, Dictionary<string, (Node, long)> anchors, ref long expanded, int depth)
    {
        var ev = parser.Current ?? throw new DocumentSyntaxException("unexpected end of the document.", 0, 0);
        var line = (int)ev.Start.Line;
        var col = (int)ev.Start.Column;
        if (depth > MaxDepth && ev is SequenceStart or MappingStart)
        {
            throw new DocumentSyntaxException($"lists and mappings are nested more than {MaxDepth} levels deep here; a model needs fewer than ten.", line, col);
        }

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
                    throw new DocumentSyntaxException($"aliases repeat more than {MaxExpandedNodes:N0} nodes in all; refusing the document (is this a billion-laughs file?). Nodes written out have no such limit: write the repeated parts out instead of aliasing them.", line, col);
                }

                return target;
            case Scalar scalar:
                {
                    parser.MoveNext();
                    Node node = new ScalarNode(scalar.Value, scalar.Style is not ScalarStyle.Plain, line, col);
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
                        var (child, childSize) = ReadNode(parser, anchors, ref expanded, depth + 1);
                        items.Add(child);
                        size += childSize;
                    }

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
                        var (keyNode, _) = ReadNode(parser, anchors, ref expanded, depth + 1);
                        if (keyNode is not ScalarNode key)
                        {
                            throw new DocumentSyntaxException("a mapping key must be a plain word, not a list or mapping.", keyNode.Line, keyNode.Column);
                        }

                        if (!keys.Add(key.Value))
                        {
                            throw new DocumentSyntaxException($"key '{key.Value}' appears twice in the same mapping.", key.Line, key.Column);
                        }

                        var (value, valueSize) = ReadNode(parser, anchors, ref expanded, depth + 1);
                        entries.Add(new(key, value));
                        size += valueSize + 1;
                    }

                    Node node = new MappingNode(entries, line, col);
                    Remember(anchors, map.Anchor, node, size);
                    return (node, size);
                }

            default:
                throw new DocumentSyntaxException($"unexpected YAML element {ev.GetType().Name}.", line, col);
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
