using System.Text;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Results.Contracts;
using Microsoft.AspNetCore.Http;

namespace Chokepoint.Server.Endpoints;

/// <summary>What every endpoint shares: keys, bodies, problem details, JSON results.</summary>
internal static class Http
{
    public const string KeyHeader = "X-Api-Key";

    /// <summary>
    /// Writes (and reads when they are not open) need a key: the one the server was started with, or
    /// any key stored (hashed) in the database.
    /// </summary>
    public static async Task<IResult?> CheckKey(HttpContext http, ServerOptions options, bool write)
    {
        if (!write && options.OpenReads)
        {
            return null;
        }

        var keys = http.RequestServices.GetService(typeof(Storage.IKeyStore)) as Storage.IKeyStore;
        if (options.ApiKey is null && (keys is null || !await keys.HasKeysAsync(http.RequestAborted)))
        {
            return Problem(StatusCodes.Status403Forbidden, "writes are disabled", "The server has no API key; restart it with --api-key KEY, or create one with 'chokepoint serve --add-key NAME'.");
        }

        if (http.Request.Headers[KeyHeader].ToString().Length == 0)
        {
            return Problem(StatusCodes.Status401Unauthorized, "API key required", $"Send the key in the {KeyHeader} header.");
        }

        return await IsValidKey(http, options)
            ? null
            : Problem(StatusCodes.Status403Forbidden, "wrong API key", $"The {KeyHeader} header does not match a key of this server.");
    }

    /// <summary>Whether the request's key is the server's (compared in constant time) or one of the store's named keys.</summary>
    /// <remarks>Decided once per request: the rate limiter and the endpoint's own check share the answer (a named key costs a store lookup).</remarks>
    public static async Task<bool> IsValidKey(HttpContext http, ServerOptions options)
    {
        if (http.Items.TryGetValue(ValidKeyItem, out var decided) && decided is bool known)
        {
            return known;
        }

        var given = http.Request.Headers[KeyHeader].ToString();
        var valid = given.Length > 0
            && ((options.ApiKey is not null
                 && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(options.ApiKey)))
                || (http.RequestServices.GetService(typeof(Storage.IKeyStore)) is Storage.IKeyStore keys && await keys.IsKnownKeyAsync(given, http.RequestAborted)));
        http.Items[ValidKeyItem] = valid;
        return valid;
    }

    /// <summary>Where a request keeps whether its key is valid, once decided.</summary>
    internal const string ValidKeyItem = "chokepoint.valid-key";

    /// <summary>The request body as text, or a 413 problem when it is larger than allowed.</summary>
    public static async Task<(string? Text, IResult? Error)> ReadText(HttpRequest request, ServerOptions options)
    {
        if (request.ContentLength > options.MaxBodyBytes)
        {
            return (null, TooLarge(options));
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[options.MaxBodyBytes + 1];
        var read = 0;
        int n;
        while ((n = await reader.ReadAsync(buffer.AsMemory(read, buffer.Length - read))) > 0)
        {
            read += n;
            if (read > options.MaxBodyBytes)
            {
                return (null, TooLarge(options));
            }
        }

        return (new string(buffer, 0, read), null);
    }

    /// <summary>
    /// The request body as a JSON object of analysis parameters: null for an empty body, a 400 problem
    /// for text that is not JSON or JSON that is not an object, a 413 problem above the size limit.
    /// </summary>
    public static async Task<(System.Text.Json.Nodes.JsonObject? Parameters, IResult? Error)> ReadParameters(HttpRequest request, ServerOptions options)
    {
        var (text, error) = await ReadText(request, options);
        if (error is not null || string.IsNullOrWhiteSpace(text))
        {
            return (null, error);
        }

        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(text) is System.Text.Json.Nodes.JsonObject parameters
                ? (parameters, null)
                : (null, Problem(StatusCodes.Status400BadRequest, "bad parameters", "The body must be a JSON object of parameters."));
        }
        catch (System.Text.Json.JsonException e)
        {
            return (null, Problem(StatusCodes.Status400BadRequest, "malformed parameters", $"The body is not JSON: {e.Message}"));
        }
    }

    private static IResult TooLarge(ServerOptions options) =>
        Problem(StatusCodes.Status413PayloadTooLarge, "request body too large", $"The limit is {options.MaxBodyBytes:N0} bytes.");

    /// <summary>An RFC 7807 problem; <paramref name="field"/> names the request field at fault (its neutral name, as in the body).</summary>
    public static IResult Problem(int status, string title, string detail, IReadOnlyList<Diagnostic>? diagnostics = null, string? field = null)
    {
        var extensions = new Dictionary<string, object?>();
        if (field is not null)
        {
            extensions["field"] = field;
        }

        if (diagnostics is not null)
        {
            extensions["diagnostics"] = diagnostics.Select(d => System.Text.Json.JsonSerializer.SerializeToNode(DiagnosticJson.From(d), ResultJsonContext.Default.DiagnosticJson)).ToList();
        }

        return Results.Problem(title: title, detail: detail, statusCode: status, extensions: extensions);
    }

    /// <summary>A JSON document exactly as the command line writes it.</summary>
    public static IResult Json(ResultDocument document, int status = StatusCodes.Status200OK) =>
        Results.Text(Formats.Results.Json.TextUtf8(document), "application/json; charset=utf-8", status);
}
