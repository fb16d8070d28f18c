using System.Text.Json;
using System.Text.Json.Nodes;
using Chokepoint.Operations;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// The service's side of a request: each neutral field read from the JSON body under the same name
/// (<c>max_order</c>), the scope as <c>scope: {layers, components}</c> and <c>prob</c> as an object
/// of numbers. A value of the wrong JSON type is a <see cref="RequestException"/> that names it.
/// </summary>
internal sealed class JsonFields(JsonObject? body) : IRequestFields
{
    public string Spell(string field) => $"'{Path(field)}'";

    private static string Path(string field) => field switch
    {
        "scope_layers" => "scope.layers",
        "scope_components" => "scope.components",
        _ => field,
    };

    private JsonNode? Node(string field) => field switch
    {
        "scope_layers" or "scope_components" => body?["scope"] switch
        {
            null => null,
            JsonObject scope => scope[field == "scope_layers" ? "layers" : "components"],
            var other => throw Wrong("scope", "a JSON object such as {\"layers\": [\"equipment\"]}", other),
        },
        _ => body?[field],
    };

    private RequestException Wrong(string field, string what, JsonNode? node) =>
        new(field, $"{Spell(field)} must be {what}, not {(node is null ? "null" : Formats.Results.Json.Compact(node))}.");

    private JsonValue? Value(string field, string what, Func<JsonValueKind, bool> fits) => Node(field) switch
    {
        null => null,
        JsonValue v when fits(v.GetValueKind()) => v,
        var node => throw Wrong(field, what, node),
    };

    public string? String(string field) => Value(field, "a string", k => k == JsonValueKind.String)?.GetValue<string>();

    public bool? Bool(string field) => Value(field, "true or false", k => k is JsonValueKind.True or JsonValueKind.False)?.GetValue<bool>();

    public double? Number(string field) => Value(field, "a number", k => k == JsonValueKind.Number) is { } v ? ((JsonNode)v).GetValue<double>() : null;

    public IReadOnlyList<string>? List(string field) => Node(field) switch
    {
        null => null,
        JsonArray a => a.Select((x, i) => x is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new RequestException(field, $"'{Path(field)}[{i}]' must be a string.")).ToList(),
        var other => throw Wrong(field, "a list of strings, such as [\"US\", \"NL\"]", other),
    };

    public IReadOnlyList<KeyValuePair<string, double>>? Map(string field) => Node(field) switch
    {
        null => null,
        JsonObject o => o.Select(kv => kv.Value is JsonValue v && v.GetValueKind() == JsonValueKind.Number
            ? new KeyValuePair<string, double>(kv.Key, v.GetValue<double>())
            : throw new RequestException(field, $"'{Path(field)}.{kv.Key}' must be a number.")).ToList(),
        var other => throw Wrong(field, "an object of numbers, such as {\"US\": 0.2}", other),
    };
}
