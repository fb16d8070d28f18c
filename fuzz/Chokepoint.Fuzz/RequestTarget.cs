using System.Net;
using System.Text;
using Chokepoint.Server;
using Chokepoint.Server.Storage;
using Microsoft.AspNetCore.TestHost;

namespace Chokepoint.Fuzz;

/// <summary>
/// The service's requests, fuzzed: an input is a request line (<c>POST /api/models/x/analyze?y=z</c>),
/// header lines, a blank line and the body. It is sent to one service in memory (the shipped
/// examples, an in-memory store, a short time budget), and any answer of 500 or more, or an exception
/// out of the service, is a crash. Control characters in the path or a header line, which no HTTP
/// client sends, drop the request or the header. Jobs are left out: they run in the background after the answer,
/// and read their parameters with the same readers as the analyses, which this covers.
/// </summary>
internal static class RequestTarget
{
    public const string Key = "fuzz-key";

    private static readonly Lazy<HttpClient> Client = new(Start);

    private static readonly HashSet<string> Methods = ["GET", "POST", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"];

    public static void Send(Stream input)
    {
        using var reader = new StreamReader(input, Encoding.UTF8);
        var line = reader.ReadLine() ?? "";
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var method = space > 0 && Methods.Contains(line[..space]) ? line[..space] : "GET";
        var target = space > 0 ? line[(space + 1)..] : line;
        if (!target.StartsWith('/') || target.Any(char.IsControl) || target.Contains("/jobs", StringComparison.OrdinalIgnoreCase)
            || !Uri.TryCreate("http://localhost" + target, UriKind.Absolute, out var uri))
        {
            return; // not a request a client could send, or a job (see above)
        }

        using var request = new HttpRequestMessage(new HttpMethod(method), uri);
        var headers = new List<(string Name, string Value)>();
        while (reader.ReadLine() is { Length: > 0 } header)
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !header.Any(c => char.IsControl(c) && c != '\t'))
            {
                headers.Add((header[..colon].Trim(), header[(colon + 1)..].Trim()));
            }
        }

        var body = reader.ReadToEnd();
        if (body.Length > 0 || method is "POST" or "PUT" or "PATCH")
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = null;
        }

        foreach (var (name, value) in headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = Client.Value.SendAsync(request).GetAwaiter().GetResult();
        if (Environment.GetEnvironmentVariable("CHOKEPOINT_FUZZ_VERBOSE") is not null)
        {
            Console.Error.WriteLine($"{method} {target}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()[..Math.Min(200, (int)(response.Content.Headers.ContentLength ?? 200))]}");
        }

        if ((int)response.StatusCode >= 500)
        {
            throw new InvalidOperationException($"{method} {target}: {(int)response.StatusCode} {response.Content.ReadAsStringAsync().GetAwaiter().GetResult()}");
        }
    }

    private static HttpClient Start()
    {
        var examples = Environment.GetEnvironmentVariable("CHOKEPOINT_FUZZ_EXAMPLES")
            ?? throw new InvalidOperationException("set CHOKEPOINT_FUZZ_EXAMPLES to the examples folder (fuzz/run.sh does)");
        var app = ServerApp.Build(
            new ServerOptions
            {
                ApiKey = Key,
                ExamplesFolder = examples,
                AnonymousRequestsPerSecond = 0,
                AnonymousConcurrency = 64,
                RequestTimeBudget = TimeSpan.FromSeconds(1),
            },
            builder => builder.WebHost.UseTestServer(),
            new InMemoryStore());
        app.StartAsync().GetAwaiter().GetResult();
        var client = app.GetTestClient();
        using var probe = client.GetAsync(new Uri("/api/models/guangdong-huawei", UriKind.Relative)).GetAwaiter().GetResult();
        return probe.StatusCode == HttpStatusCode.OK
            ? client
            : throw new InvalidOperationException($"the fuzzed service did not load the examples from {examples}: {probe.StatusCode}");
    }
}
