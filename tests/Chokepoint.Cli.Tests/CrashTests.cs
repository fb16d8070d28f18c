using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>
/// The real <c>chokepoint serve</c> killed with SIGKILL at 50 random moments while clients save
/// models, run analyses and start jobs, and started again on the same store after each kill. What
/// the server acknowledged (a 201 with a version) is never lost, the SQLite file passes
/// <c>PRAGMA integrity_check</c> after every kill, and no run or job is left "running".
/// </summary>
public abstract class CrashTests
{
    private const int Moments = 50;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>"sqlite" or "postgres"; one class each, so that the two run side by side.</summary>
    protected abstract string Store { get; }

    [Fact]
    public async Task Killing_the_server_at_fifty_random_moments_keeps_every_acknowledged_write_and_leaves_nothing_running()
    {
        var store = Store;
        var dir = TempFolders.Create("chokepoint-crash-").FullName;
        var db = Path.Combine(dir, "store.db");
        var storeArgs = store == "sqlite" ? new[] { "--db", db } : ["--postgres", TestPostgres.ConnectionFor(dir, "crash")];
        var model = await File.ReadAllTextAsync(Path.Combine(TestPaths.TestModels, "valid", "cuttable.yaml"), Cancel);
        var random = new Random(20261203);
        var acknowledged = new ConcurrentDictionary<(string Id, int Version), string>();
        var toCheck = new ConcurrentQueue<(string Id, int Version)>();

        for (var moment = 0; moment < Moments; moment++)
        {
            using var server = await ServeProcess.Start(dir, storeArgs);

            // What the last process acknowledged before it was killed is all there.
            while (toCheck.TryDequeue(out var saved))
            {
                await AssertStored(server, saved, acknowledged[saved], moment);
            }

            await AssertNothingRunning(server);

            // One save and one analysis first, so the window below falls on warm code paths rather than on start-up.
            Assert.Equal(HttpStatusCode.Created, (await server.Send(HttpMethod.Post, "/api/models/crash-warm", model, "application/yaml")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await server.Send(HttpMethod.Post, "/api/models/crash-warm/analyze", "{}", "application/json")).StatusCode);

            using var stop = new CancellationTokenSource();
            var clients = new[]
            {
                Saves(server, moment, model, acknowledged, toCheck, stop.Token),
                Repeat(() => server.Send(HttpMethod.Post, "/api/models/guangdong-huawei/analyze", """{"samples": 200}""", "application/json"), stop.Token),
                Repeat(() => server.Send(HttpMethod.Post, "/api/models/korea-samsung/chokepoints", "{}", "application/json"), stop.Token),
                Repeat(() => server.Send(HttpMethod.Post, "/api/models/guangdong-huawei/jobs/scenario-samples", """{"scenario": "us-tool-and-eda-controls", "samples": 20000}""", "application/json"), stop.Token),
            };

            await Task.Delay(random.Next(20, 1500), Cancel);
            server.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);

            if (store == "sqlite")
            {
                Assert.Equal("ok", IntegrityCheck(db));
            }
        }

        var interrupted = 0;
        using (var last = await ServeProcess.Start(dir, storeArgs))
        {
            await AssertNothingRunning(last);
            foreach (var run in (await last.Get("/api/runs")).AsArray().Where(r => r!["status"]!.GetValue<string>() == "failed"))
            {
                var detail = await last.Get($"/api/runs/{run!["id"]!.GetValue<long>()}");
                interrupted += detail["error"]?.GetValue<string>().StartsWith("interrupted", StringComparison.Ordinal) == true && detail["finished_utc"] is not null ? 1 : 0;
            }
            foreach (var (saved, name) in acknowledged)
            {
                await AssertStored(last, saved, name, Moments);
            }
        }

        // The kills fell in the middle of work: writes were acknowledged, and runs were cut off.
        TestContext.Current.TestOutputHelper?.WriteLine($"{store}: {acknowledged.Count} saves acknowledged, {interrupted} runs interrupted over {Moments} kills");
        Assert.True(acknowledged.Count >= Moments, $"only {acknowledged.Count} saves acknowledged over {Moments} moments");
        Assert.True(interrupted >= Moments / 5, $"only {interrupted} runs were interrupted over {Moments} moments");
    }

    /// <summary>Saves new versions of a few models as fast as the server acknowledges them, each with a name of its own.</summary>
    private static async Task Saves(ServeProcess server, int moment, string model, ConcurrentDictionary<(string, int), string> acknowledged,
        ConcurrentQueue<(string, int)> toCheck, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var id = $"crash-{i % 3}";
            var name = $"crash moment {moment} save {i}";
            try
            {
                using var response = await server.Send(HttpMethod.Post, $"/api/models/{id}", model.Replace("name: AI phone, Guangdong (illustrative, with thresholds)", $"name: {name}", StringComparison.Ordinal), "application/yaml");
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var version = JsonNode.Parse(await response.Content.ReadAsStringAsync(stop))!["version"]!.GetValue<int>();
                    Assert.True(acknowledged.TryAdd((id, version), name), $"{id} version {version} was acknowledged twice");
                    toCheck.Enqueue((id, version));
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Killed mid-request: not acknowledged, so either outcome is right.
            }
        }
    }

    private static async Task Repeat(Func<Task<HttpResponseMessage>> send, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await send();
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(stop)}");
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Killed mid-request.
            }
        }
    }

    private static async Task AssertStored(ServeProcess server, (string Id, int Version) saved, string name, int moment)
    {
        var stored = await server.Get($"/api/models/{saved.Id}/versions/{saved.Version}");
        Assert.True(stored["text"]!.GetValue<string>().Contains($"name: {name}", StringComparison.Ordinal),
            $"after kill {moment}: {saved.Id} version {saved.Version} was acknowledged as '{name}' but reads back otherwise");
    }

    /// <summary>No run or job is "running" in a server that has just started: those the kill cut off are marked interrupted.</summary>
    private static async Task AssertNothingRunning(ServeProcess server) =>
        Assert.DoesNotContain((await server.Get("/api/runs")).AsArray(), r => r!["status"]!.GetValue<string>() == "running");

    private static string IntegrityCheck(string db)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={db};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}

public sealed class SqliteCrashTests : CrashTests
{
    protected override string Store => "sqlite";
}

public sealed class PostgresCrashTests : CrashTests
{
    protected override string Store => "postgres";
}
