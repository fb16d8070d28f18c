using System.Text;
using System.Text.Json;

namespace Chokepoint.Formats.Documents;

/// <summary>Reads a JSON document into a <see cref="Node"/> tree with line and column positions.</summary>
public static class JsonDocumentReader
{
    /// <summary>Parses <paramref name="text"/>. Throws <see cref="DocumentSyntaxException"/> with a position on malformed input.</summary>
    public static Node? Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = Encoding.UTF8.GetBytes(text);
        var lines = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = false, MaxDepth = 256 });
        try
        {
            if (!reader.Read())
            {
                return null;
            }

            var root = ReadValue(ref reader, bytes, lines);
            if (reader.Read())
            {
                var (l, c) = Position(bytes, lines, reader.TokenStartIndex);
                throw new DocumentSyntaxException("unexpected text after the end of the JSON document.", l, c);
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new DocumentSyntaxException(Clean(e.Message), (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static Node ReadValue(ref Utf8JsonReader reader, byte[] bytes, List<int> lines)
    {
        var (line, col) = Position(bytes, lines, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var entries = new List<KeyValuePair<ScalarNode, Node>>();
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var (kl, kc) = Position(bytes, lines, reader.TokenStartIndex);
                        var name = reader.GetString()!;
                        if (!keys.Add(name))
                        {
                            throw new DocumentSyntaxException($"key '{name}' appears twice in the same object.", kl, kc);
                        }

                        reader.Read();
                        entries.Add(new(new ScalarNode(name, true, kl, kc), ReadValue(ref reader, bytes, lines)));
                    }

                    return new MappingNode(entries, line, col);
                }

            case JsonTokenType.StartArray:
                {
                    var items = new List<Node>();
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        items.Add(ReadValue(ref reader, bytes, lines));
                    }

                    return new SequenceNode(items, line, col);
                }

            case JsonTokenType.String:
                return new ScalarNode(reader.GetString()!, true, line, col);
            case JsonTokenType.Number:
                return new ScalarNode(Encoding.UTF8.GetString(reader.ValueSpan), false, line, col);
            case JsonTokenType.True:
                return new ScalarNode("true", false, line, col);
            case JsonTokenType.False:
                return new ScalarNode("false", false, line, col);
            case JsonTokenType.Null:
                return new ScalarNode("null", false, line, col);
            default:
                throw new DocumentSyntaxException($"unexpected JSON token {reader.TokenType}.", line, col);
        }
    }

    private static List<int> LineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static (int Line, int Column) Position(byte[] bytes, List<int> lines, long index)
    {
        var i = lines.BinarySearch((int)index);
        var line = i >= 0 ? i : ~i - 1;
        // Columns count characters, not bytes.
        var col = Encoding.UTF8.GetCharCount(bytes, lines[line], (int)index - lines[line]) + 1;
        return (line + 1, col);
    }

    /// <summary>System.Text.Json appends "Path: ... | LineNumber: ..."; ours carry the position separately.</summary>
    private static string Clean(string message)
    {
        var text = message;
        foreach (var marker in new[] { " Path:", " LineNumber:" })
        {
            var i = text.IndexOf(marker, StringComparison.Ordinal);
            text = i >= 0 ? text[..i] : text;
        }

        return "malformed JSON: " + text.Trim().TrimEnd('.') + ".";
    }
}
