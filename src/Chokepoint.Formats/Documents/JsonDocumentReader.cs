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
        var lines = new Positions(bytes);
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
                var (l, c) = lines.At(reader.TokenStartIndex);
                throw new DocumentSyntaxException("unexpected text after the end of the JSON document.", l, c);
            }

            return root;
        }
        catch (JsonException e)
        {
            throw new DocumentSyntaxException(Clean(e.Message), (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1);
        }
    }

    private static Node ReadValue(ref Utf8JsonReader reader, byte[] bytes, Positions lines)
    {
        var (line, col) = lines.At(reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                {
                    var entries = new List<KeyValuePair<ScalarNode, Node>>();
                    var keys = new HashSet<string>(StringComparer.Ordinal);
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                    {
                        var (kl, kc) = lines.At(reader.TokenStartIndex);
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

    /// <summary>
    /// Lines and columns of byte offsets that only move forward, as a reader's tokens do: each call
    /// counts characters from the previous offset, so positions cost linear time on any line length
    /// (one line of compact JSON included), where counting from the line's start would be quadratic.
    /// </summary>
    private sealed class Positions(byte[] bytes)
    {
        private int _line = 1;
        private int _offset;
        private int _column = 1;

        public (int Line, int Column) At(long index)
        {
            var target = (int)Math.Min(index, bytes.Length);
            if (target < _offset)
            {
                // Not expected from a forward reader; start over rather than give a wrong position.
                (_line, _offset, _column) = (1, 0, 1);
            }

            while (_offset < target)
            {
                var next = Array.IndexOf(bytes, (byte)'\n', _offset, target - _offset);
                if (next < 0)
                {
                    // Columns count characters, not bytes.
                    _column += Encoding.UTF8.GetCharCount(bytes, _offset, target - _offset);
                    _offset = target;
                    break;
                }

                _line++;
                _column = 1;
                _offset = next + 1;
            }

            return (_line, _column);
        }
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
