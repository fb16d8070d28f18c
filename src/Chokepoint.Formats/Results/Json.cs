using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chokepoint.Formats.Results;

/// <summary>Deterministic JSON output: keys in the order built, numbers rounded so runs compare byte for byte.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A figure rounded to 6 decimals: more is noise from floating point sums.</summary>
    public static JsonNode Number(double value) => JsonValue.Create(Math.Round(value, 6, MidpointRounding.ToEven));

    public static JsonNode? Number(double? value) => value is { } v ? Number(v) : null;

    /// <summary>The indented text of <paramref name="node"/>, with a final newline.</summary>
    public static string Text(JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return node.ToJsonString(Options).Replace("\r\n", "\n", StringComparison.Ordinal) + "\n";
    }

    public static void Write(TextWriter output, JsonNode node)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Text(node));
    }
}
