using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>
/// The real <c>chokepoint serve</c> process, killed with SIGKILL in the middle of a long job and
/// started again on the same store: no stored model is lost and the job is marked failed.
/// </summary>
public sealed class ServeProcessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Killing_the_server_during_a_long_job_loses_no_model_and_marks_the_job_failed(string store)
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-kill-").FullName;
        var storeArgs = store == "sqlite" ? new[] { "--db", Path.Combine(dir, "store.db") } : ["--postgres", TestPostgres.ConnectionFor(dir, "k")];
        var cuttable = await File.ReadAllTextAsync(Path.Combine(TestPaths.TestModels, "valid", "cuttable.yaml"), Cancel);

        long jobId;
        int modelsBefore;
        using (var first = await ServeProcess.Start(dir, storeArgs))
        {
            // A model saved twice (two versions) besides the shipped examples.
            Assert.Equal(HttpStatusCode.Created, (await first.Send(HttpMethod.Post, "/api/models/cuttable", cuttable, "application/yaml")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await first.Send(HttpMethod.Post, "/api/models/cuttable", cuttable.Replace("0.96", "0.9", StringComparison.Ordinal), "application/yaml")).StatusCode);
            modelsBefore = (await first.Get("/api/models")).AsArray().Count;

            // A Monte Carlo job far too long to finish, killed once it is under way.
            var started = await first.Send(HttpMethod.Post, "/api/models/guangdong-huawei/jobs/scenario-samples",
                """{"scenario": "us-tool-and-eda-controls", "samples": 100000000}""", "application/json");
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            jobId = JsonNode.Parse(await started.Content.ReadAsStringAsync(Cancel))!["run"]!.GetValue<long>();
            await first.WaitUntil(async () => (await first.Get($"/api/runs/{jobId}"))["progress"]?["done"]?.GetValue<int>() > 0);
            Assert.Equal("running", (await first.Get($"/api/runs/{jobId}"))["status"]!.GetValue<string>());
            first.Kill();
        }

        using var second = await ServeProcess.Start(dir, storeArgs);
        var models = (await second.Get("/api/models")).AsArray();
        Assert.Equal(modelsBefore, models.Count);
        Assert.Equal(2, (await second.Get("/api/models/cuttable"))["version"]!.GetValue<int>());
        Assert.Contains("0.96", (await second.Get("/api/models/cuttable/versions/1"))["text"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (var m in models)
        {
            var id = m!["id"]!.GetValue<string>();
            Assert.Equal(HttpStatusCode.OK, (await second.Send(HttpMethod.Post, "/api/validate", (await second.Get($"/api/models/{id}"))["text"]!.GetValue<string>(), "application/yaml")).StatusCode);
        }

        var job = await second.Get($"/api/runs/{jobId}");
        Assert.Equal("failed", job["status"]!.GetValue<string>());
        Assert.Contains("interrupted", job["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Null(job["result"]);
        Assert.NotNull(job["finished_utc"]);

        // The restarted server works as before: a new analysis is stored as a run.
        Assert.Equal(HttpStatusCode.OK, (await second.Send(HttpMethod.Post, "/api/models/cuttable/analyze", "{}", "application/json")).StatusCode);
    }

    [Fact]
    public async Task Sigterm_stops_the_server_and_a_port_in_use_is_a_clear_error()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-term-").FullName;
        using var server = await ServeProcess.Start(dir, ["--db", Path.Combine(dir, "store.db")]);

        using (var busy = Process.Start(ServeProcess.StartInfo(dir, server.Port, ["--db", Path.Combine(dir, "other.db")]))!)
        {
            var err = await busy.StandardError.ReadToEndAsync(Cancel);
            await busy.WaitForExitAsync(Cancel);
            Assert.Equal(2, busy.ExitCode);
            Assert.Contains($"port {server.Port} on 127.0.0.1 is already in use", err, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", err, StringComparison.Ordinal);
        }

        // SIGTERM, as kill, systemctl stop or docker stop send it: the server stops cleanly with 0.
        Assert.Equal(0, server.Terminate());
    }
}
