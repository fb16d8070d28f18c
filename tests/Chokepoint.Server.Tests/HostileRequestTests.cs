using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Server.Storage;
using Chokepoint.Testing;

namespace Chokepoint.Server.Tests;

/// <summary>Requests an attacker sends without a key: each gets a located 4xx, and the service stays up for everyone else.</summary>
public sealed class HostileRequestTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Bodies => new()
    {
        { "deeply nested YAML", "application/yaml", new string('[', 100_000) + new string(']', 100_000) },
        { "deeply nested YAML mappings", "application/yaml", string.Concat(Enumerable.Repeat("{a: ", 50_000)) + "1" + new string('}', 50_000) },
        { "deeply nested JSON", "application/json", new string('[', 100_000) + new string(']', 100_000) },
        { "a tag that is not a URI", "application/yaml", "!!![" },
        { "a broken flow collection", "application/yaml", "jurisdictions: [\nd-a\n" },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task A_hostile_model_posted_to_validate_is_a_located_422_and_the_service_stays_up(string what, string contentType, string body)
    {
        await using var service = await TestService.Start(store: new InMemoryStore());

        var response = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/validate", body, key: null, contentType), Cancel);

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
        var d = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["diagnostics"]![0]!;
        Assert.Equal("CP001", d["code"]!.GetValue<string>());
        Assert.True(d["line"]!.GetValue<int>() >= 1, what);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/api/models", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_seven_megabyte_compact_json_model_without_a_key_is_validated_and_the_service_stays_up()
    {
        await using var service = await TestService.Start(store: new InMemoryStore());
        var model = Analysis.Generation.StackGenerator.Generate(components: 26_000, jurisdictions: 50, seed: 3);
        var compact = System.Text.Json.Nodes.JsonNode.Parse(Formats.Models.ModelWriter.ToJson(model))!.ToJsonString();
        Assert.InRange(compact.Length, 6_000_000, 8_000_000);

        var response = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/validate", compact, key: null, "application/json"), Cancel);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.UnprocessableEntity, response.StatusCode.ToString());
        Assert.Equal(model.Components.Count, JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["components"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/api/models", Cancel)).StatusCode);
    }

    [Fact]
    public async Task A_model_posted_with_includes_is_refused_without_reading_the_files()
    {
        await using var service = await TestService.Start(store: new InMemoryStore());
        var body = "schema: chokepoint/v1\ninclude: [/etc/passwd, ../../lib/upstream.yaml]\ncomponents: []\n";

        var response = await service.Client.SendAsync(service.Request(HttpMethod.Post, "/api/validate", body, key: null), Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("CP010", text, StringComparison.Ordinal);
        Assert.DoesNotContain("root:", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deeply_nested_analysis_parameters_are_a_400_problem()
    {
        await using var service = await TestService.Start(store: new InMemoryStore());

        var response = await service.PostJson("/api/models/guangdong-huawei/analyze", new string('[', 10_000) + new string(']', 10_000), key: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/api/models", Cancel)).StatusCode);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_and_the_policy_allows_no_inline_script()
    {
        await using var service = await TestService.Start(store: new InMemoryStore());

        foreach (var url in new[] { "/", "/api/models", "/api/models/nope" })
        {
            var response = await service.Client.GetAsync(url, Cancel);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        }
    }

    [Fact]
    public async Task A_client_without_a_key_past_its_rate_gets_429_with_retry_after_while_a_key_holder_is_not_limited()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-server-").FullName;
        await using var service = await TestService.Start(dir, new ServerOptions
        {
            DatabasePath = Path.Combine(dir, "unused.db"),
            ApiKey = TestService.Key,
            ExamplesFolder = TestPaths.Examples,
            AnonymousRequestsPerSecond = 5,
        }, new InMemoryStore(), ownsDirectory: true);

        var anonymous = new List<HttpResponseMessage>();
        for (var i = 0; i < 30; i++)
        {
            anonymous.Add(await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/models", key: null), Cancel));
        }

        var keyed = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            keyed.Add((await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/models"), Cancel)).StatusCode);
        }

        var limited = anonymous.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 15, 20); // a burst of 10, then a token or so while the loop runs
        Assert.All(limited, r => Assert.True(int.Parse(r.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1));
        Assert.Contains("X-Api-Key", await limited[0].Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.All(keyed, code => Assert.Equal(HttpStatusCode.OK, code));

        // A made-up key is no key.
        var fake = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            fake.Add((await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/models", key: $"made-up-{i}"), Cancel)).StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, fake);
    }

    [Fact]
    public async Task A_hundred_concurrent_slow_anonymous_analyses_get_answers_or_429_and_a_key_holder_keeps_getting_answers()
    {
        await using var service = await TestService.Start(store: new InMemoryStore());
        var slow = Enumerable.Range(0, 100).Select(_ => service.PostJson("/api/models/guangdong-huawei/analyze", """{"samples": 300}""", key: null)).ToList();

        var latencies = new List<double>();
        var answered = new List<HttpStatusCode>();
        var watch = Stopwatch.StartNew();
        while (slow.Any(t => !t.IsCompleted) && watch.Elapsed < TimeSpan.FromSeconds(60))
        {
            var one = Stopwatch.StartNew();
            answered.Add((await service.Client.SendAsync(service.Request(HttpMethod.Get, "/api/models/guangdong-huawei"), Cancel)).StatusCode);
            latencies.Add(one.Elapsed.TotalSeconds);
        }

        var codes = (await Task.WhenAll(slow)).Select(r => r.StatusCode).ToList();
        Assert.All(codes, c => Assert.True(c is HttpStatusCode.OK or HttpStatusCode.TooManyRequests, c.ToString()));
        Assert.Contains(HttpStatusCode.TooManyRequests, codes);
        Assert.All(answered, c => Assert.Equal(HttpStatusCode.OK, c));
        Assert.NotEmpty(latencies);
        var p99 = latencies.Order().ElementAt((int)Math.Ceiling(0.99 * latencies.Count) - 1);
        Assert.True(p99 < 1.0, $"key holder's p99 {p99:F3} s over {latencies.Count} requests");
    }
    [Fact]
    public async Task An_analysis_over_the_request_time_budget_is_stopped_with_a_422_that_points_to_jobs()
    {
        var directory = TempFolders.Create("chokepoint-server-").FullName;
        var options = new ServerOptions { DatabasePath = Path.Combine(directory, "store.db"), ApiKey = TestService.Key, ExamplesFolder = TestPaths.Examples, RequestTimeBudget = TimeSpan.FromMilliseconds(300) };
        await using var service = await TestService.Start(directory, options, ownsDirectory: true);
        var watch = Stopwatch.StartNew();

        var response = await service.PostJson("/api/models/guangdong-huawei/analyze", """{"samples": 1000000}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"stopped after {watch.Elapsed.TotalSeconds:F1} s");
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!;
        Assert.Equal("over the request's time budget", problem["title"]!.GetValue<string>());
        Assert.Contains("/api/models/guangdong-huawei/jobs/analyze", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        var runs = await service.Client.GetStringAsync("/api/runs?model=guangdong-huawei", Cancel);
        Assert.Contains("\"failed\"", runs, StringComparison.Ordinal);

        var quick = await service.PostJson("/api/models/guangdong-huawei/analyze", "{}");
        Assert.Equal(HttpStatusCode.OK, quick.StatusCode);
    }

    [Fact]
    public async Task An_analysis_without_a_key_has_the_shorter_anonymous_budget_and_is_told_how_to_get_more()
    {
        var directory = TempFolders.Create("chokepoint-server-").FullName;
        var options = new ServerOptions
        {
            DatabasePath = Path.Combine(directory, "store.db"),
            ApiKey = TestService.Key,
            ExamplesFolder = TestPaths.Examples,
            RequestTimeBudget = TimeSpan.FromSeconds(120),
            AnonymousRequestTimeBudget = TimeSpan.FromMilliseconds(300),
        };
        await using var service = await TestService.Start(directory, options, ownsDirectory: true);
        var watch = Stopwatch.StartNew();
        var request = service.Request(HttpMethod.Post, "/api/models/guangdong-huawei/analyze", key: null);
        request.Content = new StringContent("""{"samples": 1000000}""", System.Text.Encoding.UTF8, "application/json");

        var response = await service.Client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"stopped after {watch.Elapsed.TotalSeconds:F1} s, not at the anonymous budget");
        var detail = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!["detail"]!.GetValue<string>();
        Assert.Contains("0.3 s for one request without an API key", detail, StringComparison.Ordinal);
        Assert.Contains("X-Api-Key", detail, StringComparison.Ordinal);
        Assert.Contains("120 s", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(30, 10, true, 30)]
    [InlineData(30, 10, false, 10)]
    [InlineData(5, 10, false, 5)]
    [InlineData(30, 0, false, 30)]
    [InlineData(0, 10, false, 10)]
    [InlineData(0, 10, true, 0)]
    [InlineData(0, 0, false, 0)]
    public void The_budget_of_a_request_is_the_shorter_one_without_a_key(double keyed, double anonymous, bool keyHolder, double expected) =>
        Assert.Equal(TimeSpan.FromSeconds(expected), new ServerOptions { RequestTimeBudget = TimeSpan.FromSeconds(keyed), AnonymousRequestTimeBudget = TimeSpan.FromSeconds(anonymous) }.BudgetFor(keyHolder));
}
