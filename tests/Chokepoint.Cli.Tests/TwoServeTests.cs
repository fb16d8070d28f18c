using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>
/// Two real <c>chokepoint serve</c> processes on one PostgreSQL store: a job started through one is
/// seen, with its progress, through the other and cancelled there; a third started beside them
/// leaves their jobs running; and the job of one that is killed is marked failed by the other.
/// </summary>
public sealed class TwoServeTests
{
    private const string LongJob = """{"scenario": "us-tool-and-eda-controls", "samples": 5000000}""";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_job_started_through_one_serve_is_seen_and_cancelled_through_another_and_a_dead_one_s_job_is_failed()
    {
        var dir = TempFolders.Create("chokepoint-two-serve-").FullName;
        string[] store = ["--postgres", TestPostgres.ConnectionFor(dir, "twoserve")];
        using var a = await ServeProcess.Start(dir, store);
        using var b = await ServeProcess.Start(dir, store);

        var id = await StartJob(a);
        await b.WaitUntil(async () => (await b.Get($"/api/runs/{id}"))["progress"]?["done"]?.GetValue<int>() > 0);
        Assert.Equal("running", (await b.Get($"/api/runs/{id}"))["status"]!.GetValue<string>());
        Assert.Contains((await b.Get("/api/runs")).AsArray(), r => r!["id"]!.GetValue<long>() == id);

        using (var cancel = await b.Send(HttpMethod.Delete, $"/api/runs/{id}", "", "text/plain"))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        await a.WaitUntil(async () => (await a.Get($"/api/runs/{id}"))["status"]!.GetValue<string>() == "cancelled");
        var cancelled = await b.Get($"/api/runs/{id}");
        Assert.StartsWith("cancelled: the result holds", cancelled["error"]!.GetValue<string>(), StringComparison.Ordinal);
        var samples = cancelled["result"]!["samples"]!;
        Assert.True(samples["done"]!.GetValue<int>() < samples["requested"]!.GetValue<int>());

        // A serve that starts beside a running job leaves it running: its owner is alive.
        var second = await StartJob(b);
        using (var c = await ServeProcess.Start(dir, store))
        {
            Assert.Equal("running", (await c.Get($"/api/runs/{second}"))["status"]!.GetValue<string>());
        }

        // Its owner killed, the job is marked failed by the serve that is left, within its sweep.
        b.Kill();
        await a.WaitUntil(async () => (await a.Get($"/api/runs/{second}"))["status"]!.GetValue<string>() == "failed");
        Assert.StartsWith("interrupted", (await a.Get($"/api/runs/{second}"))["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<long> StartJob(ServeProcess server)
    {
        using var started = await server.Send(HttpMethod.Post, "/api/models/guangdong-huawei/jobs/scenario-samples", LongJob, "application/json");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        return JsonNode.Parse(await started.Content.ReadAsStringAsync(Cancel))!["run"]!.GetValue<long>();
    }
}
