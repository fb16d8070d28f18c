using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Chokepoint.Cli.Output;

/// <summary>Deterministic JSON output: keys in the order built, numbers rounded so runs compare byte for byte.</summary>
internal static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A figure rounded to 6 decimals: more is noise from floating point sums.</summary>
    public static JsonNode Number(double value) => JsonValue.Create(Math.Round(value, 6, MidpointRounding.ToEven));

    public static JsonNode? Number(double? value) => value is { } v ? Number(v) : null;

    public static void Write(TextWriter output, JsonNode node)
    {
        output.Write(node.ToJsonString(Options).Replace("\r\n", "\n", StringComparison.Ordinal));
        output.Write('\n');
    }
}
