using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Server.Storage;

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
    public async Task Deeply_nested_analysis_parameters_are_a_400_problem()
    {
        await using var service = await TestService.Start(store: new InMemoryStore());

        var response = await service.PostJson("/api/models/guangdong-huawei/analyze", new string('[', 10_000) + new string(']', 10_000), key: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync("/api/models", Cancel)).StatusCode);
    }
}
