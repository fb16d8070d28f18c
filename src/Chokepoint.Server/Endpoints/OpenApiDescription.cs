using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// What the OpenAPI document says beyond the endpoints' own metadata: its title, the API key, and the
/// request bodies. The endpoints read their bodies themselves (to locate errors and bound sizes), so
/// the document is told here what they take, with an example that the reference page's "Try it out"
/// starts from.
/// </summary>
internal static class OpenApiDescription
{
    private static readonly (string Suffix, string Example)[] Examples =
    [
        ("/compare", """{"models": ["guangdong-huawei", "korea-samsung"], "reach": false}"""),
        ("/optimize", """{"budget": 5e9, "frontier": true}"""),
        ("/leverage", """{"homes": ["CN-GD", "US", "NL", "JP"]}"""),
        ("/scenario", """{"restrict": ["US", "NL", "JP"], "reach": true}"""),
        ("/recover", """{"scenario": "us-tool-and-eda-controls", "months": 72}"""),
        ("/diff", """{"old_version": 1}"""),
        ("/chokepoints", """{"target": "euv-scanner"}"""),
        ("/analyze", """{"reach": true}"""),
        ("/jobs/{kind}", """{"homes": ["CN-GD", "US", "NL", "JP"]}"""),
    ];

    /// <summary>The title, and the API key as a security scheme, so that the reference page's "Authorize" sends it.</summary>
    public static Task Document(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancel)
    {
        document.Info = new OpenApiInfo
        {
            Title = "Chokepoint API",
            Version = "v1",
            Description = "Stored stack models with versions, and analyses of them with the command line's parameters and JSON. Errors are RFC 7807 problem documents.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["ApiKey"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Http.KeyHeader,
            Description = "Writes need a key: the one given to 'serve --api-key', or one made with 'serve --add-key'. Reads need one only when the server was started with --closed-reads.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("ApiKey", document)] = [] });
        return Task.CompletedTask;
    }

    /// <summary>The request body of each POST: a model's text, or the parameters with an example.</summary>
    public static Task Body(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancel)
    {
        var method = context.Description.HttpMethod;
        var path = "/" + (context.Description.RelativePath ?? "");
        if (!string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase) || operation.RequestBody is not null)
        {
            return Task.CompletedTask;
        }

        if (path is "/api/models/{id}" or "/api/validate")
        {
            var text = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "The model: chokepoint/v1 YAML, or JSON with a JSON content type.",
                Content = new Dictionary<string, OpenApiMediaType> { ["application/yaml"] = text, ["application/json"] = text },
            };
            return Task.CompletedTask;
        }

        var example = Examples.FirstOrDefault(e => path.EndsWith(e.Suffix, StringComparison.Ordinal)).Example ?? "{}";
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = false,
            Description = "The parameters, a JSON object with the command line's names (see the summary); an empty body takes the defaults.",
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.Object }, Example = JsonNode.Parse(example) },
            },
        };
        return Task.CompletedTask;
    }
}
