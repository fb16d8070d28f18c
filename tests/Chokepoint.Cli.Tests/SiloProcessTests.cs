using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Generation;
using Chokepoint.Formats.Models;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>
/// Two real <c>chokepoint silo</c> processes on loopback with their membership in PostgreSQL, and
/// the command line as their client: one silo is killed with SIGKILL in the middle of a run, its
/// units are sent to the other, and the output is byte for byte the one of the run in one process.
/// With no silo left, the client fails with exit 4 and a message that says what to do.
/// </summary>
public sealed class SiloProcessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_killed_mid_run_loses_only_its_units_and_the_output_is_byte_identical_to_the_local_run()
    {
        var dir = TempFolders.Create("chokepoint-silo-").FullName;
        var postgres = TestPostgres.ConnectionFor(dir, "silo");
        var clusterId = "test-" + Path.GetFileName(dir).ToLowerInvariant();
        var model = Path.Combine(dir, "firm.json");
        await File.WriteAllTextAsync(model, ModelWriter.ToJson(StackGenerator.Generate(Components, 24, seed: 11)), Cancel);
        string[] args = ["leverage", model, "--homes", string.Join(',', Enumerable.Range(1, Homes).Select(h => $"J{h:00}")), "--max-order", "2", "--json"];

        var watch = Stopwatch.StartNew();
        var local = await Cli(dir, args);
        var localSeconds = watch.Elapsed.TotalSeconds;
        Assert.True(local.Code == 0, local.Err);

        using var first = await SiloProcess.Start(dir, postgres, clusterId);
        using var second = await SiloProcess.Start(dir, postgres, clusterId);
        await first.WaitFor(e => e["event"]!.GetValue<string>() == "joined" && e["active"]?.GetValue<int>() == 2);

        // The run on the cluster, and a kill of the second silo once it computes its units.
        var spread = Cli(dir, [.. args, "--cluster-postgres", postgres, "--cluster-id", clusterId]);
        await second.WaitFor(e => e["event"]!.GetValue<string>() == "computing");
        await Task.Delay(500, Cancel);
        Assert.False(spread.IsCompleted, $"the run ended before the silo could be killed (one process took {localSeconds:0.0} s); make the model larger");
        second.Kill();
        var result = await spread;
        TestContext.Current.TestOutputHelper?.WriteLine($"one process: {localSeconds:0.0} s; the run on the cluster wrote on stderr:\n{result.Err}");

        Assert.True(result.Code == 0, result.Err);
        Assert.Equal(local.Out, result.Out);
        Assert.Contains("is sent again", result.Err, StringComparison.Ordinal);
        await first.WaitFor(e => e["event"]!.GetValue<string>() == "left" && e["self"]!.GetValue<bool>() == false);

        // No silo left: a clear failure, not a hang.
        first.Kill();
        var none = await Cli(dir, [.. args, "--cluster-postgres", postgres, "--cluster-id", clusterId]);
        Assert.Equal(4, none.Code);
        Assert.Contains("chokepoint silo", none.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", none.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_with_a_cluster_runs_its_jobs_there_with_the_result_of_the_local_endpoint()
    {
        var dir = TempFolders.Create("chokepoint-silo-").FullName;
        var clusterId = "serve-" + Path.GetFileName(dir).ToLowerInvariant();
        using var silo = await SiloProcess.Start(dir, postgres: null, clusterId);
        using var server = await ServeProcess.Start(dir, ["--db", Path.Combine(dir, "store.db"), "--cluster", $"127.0.0.1:{silo.GatewayPort}", "--cluster-id", clusterId]);
        var requests = new[]
        {
            ("leverage", """{"homes": ["CN", "US", "NL", "JP", "KR", "TW"], "max_order": 2}"""),
            ("analyze", """{"samples": 1500, "seed": 9}"""),
            ("recover", """{"scenario": "us-tool-and-eda-controls", "months": 24, "samples": 800}"""),
            ("optimize", """{"budget": 5e9, "frontier": true, "no_standing": true}"""),
        };
        foreach (var (kind, body) in requests)
        {
            using var direct = await server.Send(HttpMethod.Post, $"/api/models/guangdong-huawei/{kind}", body, "application/json");
            var local = JsonNode.Parse(await direct.EnsureSuccessStatusCode().Content.ReadAsStringAsync(Cancel));
            var run = await Job(server, kind, body);
            Assert.True(run["status"]!.GetValue<string>() == "done", run.ToJsonString());
            Assert.True(JsonNode.DeepEquals(local, run["result"]), $"{kind}: the job on the cluster answered otherwise than the endpoint");
        }

        // The command line on the same silo: compare and the frontier print what the local run prints.
        var examples = new[] { "guangdong-huawei", "korea-samsung", "india-phone" }.Select(n => Path.Combine(TestPaths.Examples, n + ".yaml")).ToArray();
        var frontier = Path.Combine(TestPaths.TestModels, "optimize", "frontier.yaml");
        foreach (var args in new[] { ["compare", .. examples], ["compare", .. examples, "--homes", "CN,US", "--json"], new[] { "optimize", frontier, "--budget", "100", "--frontier" } })
        {
            var local = await Cli(dir, args);
            var spread = await Cli(dir, [.. args, "--cluster", $"127.0.0.1:{silo.GatewayPort}", "--cluster-id", clusterId]);
            Assert.True(local.Code == 0 && spread.Code == 0, local.Err + spread.Err);
            Assert.Equal(local.Out, spread.Out);
            Assert.Contains("done on 1 silo(s)", spread.Err, StringComparison.Ordinal);
        }

        // With the silo gone, a job fails and says why: it was computed there.
        silo.Kill();
        var failed = await Job(server, "leverage", requests[0].Item2);
        Assert.Equal("failed", failed["status"]!.GetValue<string>());
        Assert.Contains("no silo of the cluster is left", failed["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    /// <summary>Starts a job and waits for its end; the run as the service answers it.</summary>
    private static async Task<JsonNode> Job(ServeProcess server, string kind, string body)
    {
        using var started = await server.Send(HttpMethod.Post, $"/api/models/guangdong-huawei/jobs/{kind}", body, "application/json");
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var id = JsonNode.Parse(await started.Content.ReadAsStringAsync(Cancel))!["run"]!.GetValue<long>();
        await server.WaitUntil(async () => (await server.Get($"/api/runs/{id}"))["status"]!.GetValue<string>() != "running");
        return await server.Get($"/api/runs/{id}");
    }

    [Fact]
    public async Task A_silo_stops_cleanly_on_SIGTERM_and_says_so()
    {
        var dir = TempFolders.Create("chokepoint-silo-").FullName;
        using var silo = await SiloProcess.Start(dir, postgres: null, "term-" + Path.GetFileName(dir).ToLowerInvariant());

        Assert.Equal(0, silo.Terminate());
        await silo.WaitFor(e => e["event"]!.GetValue<string>() == "stopped");
    }

    [Theory]
    [InlineData("--primary", "nowhere", "is not host:port")]
    [InlineData("--silo-port", "0", "--silo-port and --gateway-port must be two different ports")]
    [InlineData("--address", "10.0.0.5", "--address applies with --postgres")]
    public async Task Bad_silo_options_are_exit_2_with_a_message(string option, string value, string message)
    {
        var dir = TempFolders.Create("chokepoint-silo-").FullName;
        var r = await Cli(dir, ["silo", option, value]);
        Assert.Equal(2, r.Code);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cluster_options_are_checked_before_any_work()
    {
        var dir = TempFolders.Create("chokepoint-silo-").FullName;
        var model = Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml");
        var both = await Cli(dir, ["leverage", model, "--homes", "CN,US", "--cluster", "127.0.0.1:30000", "--cluster-postgres", "Host=x"]);
        Assert.Equal(2, both.Code);
        Assert.Contains("not both", both.Err, StringComparison.Ordinal);
        var bad = await Cli(dir, ["analyze", model, "--samples", "100", "--cluster", "127.0.0.1"]);
        Assert.Equal(2, bad.Code);
        Assert.Contains("is not host:port", bad.Err, StringComparison.Ordinal);

        // Nothing of this run is spread (no frontier): it is done here, and the note says so.
        var here = await Cli(dir, ["optimize", model, "--budget", "5e9", "--cluster", "127.0.0.1:1"]);
        Assert.True(here.Code == 0, here.Err);
        Assert.Contains("this run is done here", here.Err, StringComparison.Ordinal);
    }

    /// <summary>Components and homes of the run that is cut in the middle: large enough that one process takes several seconds.</summary>
    private const int Components = 20000;

    private const int Homes = 16;

    private static async Task<(int Code, string Out, string Err)> Cli(string dir, string[] args)
    {
        var start = CliProcess.StartInfo(dir, args);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Cancel);
        var error = process.StandardError.ReadToEndAsync(Cancel);
        await process.WaitForExitAsync(Cancel).WaitAsync(TimeSpan.FromMinutes(5), Cancel);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>One <c>chokepoint silo --json</c> process on free loopback ports, its events read as they come.</summary>
    private sealed class SiloProcess : IDisposable
    {
        private readonly Process _process;
        private readonly List<JsonObject> _events = [];
        private readonly SemaphoreSlim _changed = new(0);
        private readonly System.Text.StringBuilder _err = new();

        private SiloProcess(Process process, string gatewayPort)
        {
            _process = process;
            GatewayPort = gatewayPort;
            _ = Task.Run(async () =>
            {
                while (await process.StandardOutput.ReadLineAsync() is { } line)
                {
                    lock (_events)
                    {
                        _events.Add(JsonNode.Parse(line)!.AsObject());
                    }

                    _changed.Release();
                }

                _changed.Release();
            });
            _ = Task.Run(async () =>
            {
                while (await process.StandardError.ReadLineAsync() is { } line)
                {
                    lock (_err)
                    {
                        _err.AppendLine(line);
                    }
                }
            });
        }

        public static async Task<SiloProcess> Start(string dir, string? postgres, string clusterId)
        {
            var gateway = FreePort();
            var start = CliProcess.StartInfo(dir, ["silo", "--silo-port", FreePort(), "--gateway-port", gateway, "--cluster-id", clusterId, "--json", .. postgres is null ? Array.Empty<string>() : ["--postgres", postgres]]);
            var silo = new SiloProcess(Process.Start(start)!, gateway);
            await silo.WaitFor(e => e["event"]!.GetValue<string>() == "started");
            return silo;
        }

        public string GatewayPort { get; }

        /// <summary>Waits (at most 60 s) for an event that <paramref name="match"/> accepts.</summary>
        public async Task WaitFor(Func<JsonObject, bool> match)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (true)
            {
                lock (_events)
                {
                    if (_events.Any(match))
                    {
                        return;
                    }
                }

                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || (_process.HasExited && !await _changed.WaitAsync(TimeSpan.FromSeconds(1), Cancel)))
                {
                    string seen;
                    lock (_events)
                    {
                        seen = string.Join("\n", _events.Select(e => e.ToJsonString()));
                    }

                    lock (_err)
                    {
                        Assert.Fail($"the silo did not write the expected event within 60 s; it wrote:\n{seen}\nand on stderr:\n{_err}");
                    }
                }

                await _changed.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.FromSeconds(1), Cancel);
            }
        }

        public int Terminate() => CliProcess.Terminate(_process, "the silo");

        /// <summary>SIGKILL: no shutdown code runs, as when the machine loses the process.</summary>
        public void Kill() => CliProcess.Kill(_process);

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _process.Dispose();
            _changed.Dispose();
        }
    }

    private static string FreePort() => CliProcess.FreePort().ToString(CultureInfo.InvariantCulture);
}
