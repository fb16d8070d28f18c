using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Chokepoint.Formats.Results.Contracts;

namespace Chokepoint.Formats.Results;

/// <summary>
/// Deterministic JSON output: keys in the order built, numbers rounded so runs compare byte for byte.
/// </summary>
/// <remarks>
/// <para>
/// The rule for non-finite numbers, the same in every JSON document the project writes (the command
/// line, the service's answers, jobs and stored runs): JSON has no NaN or infinity, so a figure that
/// is undefined (a ratio over zero, a band over no samples) or infinite (RRW when one event alone
/// explains every cut) is written as <c>null</c>. Writing never throws on such a figure.
/// </para>
/// <para>
/// Every result document is a record of <c>Results/Contracts</c>, written through the one
/// source-generated <see cref="ResultJsonContext"/>, whose <see cref="FigureConverter"/> applies the
/// rule to every double. Trees (a request's parameters) go through <see cref="Text(JsonNode)"/> and
/// <see cref="Compact(JsonNode)"/>, and the service's own problem documents through
/// <see cref="FiniteDoubleConverter"/>, which apply it too.
/// </para>
/// </remarks>
public static class Json
{
    private static readonly JsonWriterOptions Indented = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions Plain = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A figure rounded to 6 decimals (more is noise from floating point sums); null when it is NaN or infinite.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(Math.Round(value, 6, MidpointRounding.ToEven)) : null;

    public static JsonNode? Number(double? value) => value is { } v ? Number(v) : null;

    /// <summary>The indented text of <paramref name="node"/>, with a final newline.</summary>
    public static string Text(JsonNode? node) => Render(node, Indented) + "\n";

    /// <summary>The text of <paramref name="node"/> on one line, as runs and parameters are stored.</summary>
    public static string Compact(JsonNode? node) => Render(node, Plain);

    /// <summary>The indented text of a result document, with a final newline.</summary>
    public static string Text(ResultDocument document) => Encoding.UTF8.GetString(Render(document, Indented)) + "\n";

    /// <summary>The text of a result document on one line, as runs are stored.</summary>
    public static string Compact(ResultDocument document) => Encoding.UTF8.GetString(Render(document, Plain));

    /// <summary>The UTF-8 bytes of <see cref="Text(ResultDocument)"/>, for answers written straight to the wire.</summary>
    public static byte[] TextUtf8(ResultDocument document)
    {
        using var buffer = new MemoryStream();
        Serialize(buffer, document, Indented);
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static void Write(TextWriter output, ResultDocument document)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(Text(document));
    }

    private static byte[] Render(ResultDocument document, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        Serialize(buffer, document, options);
        return buffer.ToArray();
    }

    private static void Serialize(Stream buffer, ResultDocument document, JsonWriterOptions options)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var writer = new Utf8JsonWriter(buffer, options);
        JsonSerializer.Serialize(writer, document.Body(), document.Contract());
    }

    /// <summary>Writes a named number to a streaming writer, null when it is NaN or infinite.</summary>
    public static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static string Render(JsonNode? node, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            WriteNode(writer, node);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the tree value by value, so that a NaN or infinity anywhere in it becomes null instead of an exception.</summary>
    private static void WriteNode(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (key, value) in o)
                {
                    writer.WritePropertyName(key);
                    WriteNode(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var item in a)
                {
                    WriteNode(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue v when v.GetValueKind() == JsonValueKind.Number && IsNonFinite(v):
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    // A number parsed from text (a stored run read back) is finite by construction; only a number put
    // into the tree as a double or float can be NaN or infinite.
    private static bool IsNonFinite(JsonValue v) =>
        !v.TryGetValue<JsonElement>(out _)
        && (v.TryGetValue<double>(out var d) ? !double.IsFinite(d) : v.TryGetValue<float>(out var f) && !float.IsFinite(f));

    /// <summary>The rule for the serializer's paths (the service's problem documents and listings): a NaN or infinite double is written as null.</summary>
    public sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            ArgumentNullException.ThrowIfNull(writer);
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }

        public override bool HandleNull => true;
    }
}
