using System.Text.Json;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Stack;
using Microsoft.AspNetCore.Http;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// Typed reading of a JSON parameters object. A parameter of the wrong type is a
/// <see cref="ParameterException"/> that names it and says what it should be.
/// </summary>
internal static class Parameters
{
    public static string? Str(JsonObject? p, string key) =>
        Read(p, key, "a string", k => k == JsonValueKind.String) is { } v ? v.GetValue<string>() : null;

    public static bool? Bool(JsonObject? p, string key) =>
        Read(p, key, "true or false", k => k is JsonValueKind.True or JsonValueKind.False) is { } v ? v.GetValue<bool>() : null;

    public static double? Number(JsonObject? p, string key) =>
        Read(p, key, "a number", k => k == JsonValueKind.Number) is { } v ? v.GetValue<double>() : null;

    public static int? Int(JsonObject? p, string key)
    {
        var d = Number(p, key);
        return d is null ? null
            : d == Math.Floor(d.Value) && Math.Abs(d.Value) <= int.MaxValue ? (int)d.Value
            : throw new ParameterException($"'{key}' must be a whole number, not {d.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)}.");
    }

    public static IReadOnlyList<string> List(JsonObject? p, string key) => p?[key] switch
    {
        null => [],
        JsonArray a => a.Select((x, i) => x is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw new ParameterException($"'{key}[{i}]' must be a string.")).ToList(),
        _ => throw new ParameterException($"'{key}' must be a list of strings, such as [\"US\", \"NL\"]."),
    };

    public static JsonObject? Object(JsonObject? p, string key) => p?[key] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw new ParameterException($"'{key}' must be a JSON object."),
    };

    private static JsonValue? Read(JsonObject? p, string key, string what, Func<JsonValueKind, bool> fits) => p?[key] switch
    {
        null => null,
        JsonValue v when fits(v.GetValueKind()) => v,
        var node => throw new ParameterException($"'{key}' must be {what}, not {node.ToJsonString()}."),
    };

    /// <summary>The problem for an analysis that cannot run: 400 for bad parameters, 422 for a model and parameters that do not fit.</summary>
    public static IResult Problem(Exception e) => e switch
    {
        ParameterException or Operations.RequestException => Http.Problem(StatusCodes.Status400BadRequest, "bad parameters", e.Message),
        PerspectiveException pe => Http.Problem(StatusCodes.Status422UnprocessableEntity, "the analysis cannot run", $"{e.Message} {pe.Fix}".Trim()),
        _ => Http.Problem(StatusCodes.Status422UnprocessableEntity, "the analysis cannot run", e.Message),
    };
}

/// <summary>Parameters that do not make sense: a 400 with the message.</summary>
internal sealed class ParameterException(string message) : Exception(message);
