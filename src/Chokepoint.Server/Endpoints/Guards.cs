using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Chokepoint.Server.Endpoints;

/// <summary>
/// What protects the service from clients without a key: security headers on every answer, a
/// per-client request rate and a shared concurrency limit (429 with Retry-After beyond them), so that
/// open reads cannot exhaust the machine while key holders keep getting their answers.
/// </summary>
internal static class Guards
{
    /// <summary>The dashboard loads only its own scripts (no inline script, no eval), is never framed, and no answer is content-sniffed.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void AddServices(IServiceCollection services, ServerOptions options)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.OnRejected = async (context, cancel) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                response.ContentType = "application/problem+json";
                await response.WriteAsync(
                    $$"""{"type":"about:blank","title":"too many requests","status":429,"detail":"Requests without an API key are limited to {{options.AnonymousRequestsPerSecond}} a second per client and {{options.AnonymousConcurrency}} at once; retry after {{seconds}} s, or send a key in X-Api-Key."}""",
                    cancel);
            };
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => Anonymous(http) && options.AnonymousRequestsPerSecond > 0
                    ? RateLimitPartition.GetTokenBucketLimiter(Client(http), _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = 2 * options.AnonymousRequestsPerSecond,
                        TokensPerPeriod = options.AnonymousRequestsPerSecond,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter("keyed")),
                PartitionedRateLimiter.Create<HttpContext, string>(http => Anonymous(http)
                    ? RateLimitPartition.GetConcurrencyLimiter("anonymous", _ => new ConcurrencyLimiterOptions
                    {
                        PermitLimit = Math.Max(1, options.AnonymousConcurrency),
                        QueueLimit = 4 * Math.Max(1, options.AnonymousConcurrency),
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                    })
                    : RateLimitPartition.GetNoLimiter("keyed")));
        });
    }

    /// <summary>Headers first, then whether the request holds a valid key, then the limits.</summary>
    public static void Use(WebApplication app, ServerOptions options)
    {
        app.Use(async (http, next) =>
        {
            // The last resort: a fault of the service itself (never the client's input, which is a 4xx
            // where it is read) is written to the server's standard error with the request that met
            // it, and answered with a problem that says where to look, instead of an empty 500.
            try
            {
                await next(http);
            }
            catch (Exception e) when (!http.Response.HasStarted && !(e is OperationCanceledException && http.RequestAborted.IsCancellationRequested))
            {
                var at = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
                await Console.Error.WriteLineAsync($"{at} 500 on {http.Request.Method} {http.Request.Path}{http.Request.QueryString} ({http.TraceIdentifier}): {e}");
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                http.Response.ContentType = "application/problem+json";
                await http.Response.WriteAsync(
                    $$"""{"type":"about:blank","title":"internal error","status":500,"detail":"The service failed on this request ({{e.GetType().Name}}); the server's standard error holds the details under {{http.TraceIdentifier}}. Please report it.","trace":"{{http.TraceIdentifier}}"}""");
            }
        });
        app.Use(async (http, next) =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (http.Request.Headers.ContainsKey(Http.KeyHeader))
            {
                // Only a key the server knows lifts the limits: made-up keys are anonymous requests.
                await Http.IsValidKey(http, options);
            }

            await next(http);
        });
        app.UseRateLimiter();
    }

    /// <summary>Limits apply to the API; the dashboard's static files cost nothing to serve.</summary>
    private static bool Anonymous(HttpContext http) => http.Items[Http.ValidKeyItem] is not true && http.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal);

    private static string Client(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";
}
