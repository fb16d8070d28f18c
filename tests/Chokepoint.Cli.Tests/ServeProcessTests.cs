using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>
/// The real <c>chokepoint serve</c> process, killed with SIGKILL in the middle of a long job and
/// started again on the same store: no stored model is lost and the job is marked failed.
/// </summary>
public sealed class ServeProcessTests
{
    private const string Key = "kill-test-key";

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
        using (var first = await Server.Start(dir, storeArgs))
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

        using var second = await Server.Start(dir, storeArgs);
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
        using var server = await Server.Start(dir, ["--db", Path.Combine(dir, "store.db")]);

        using (var busy = Process.Start(Server.StartInfo(dir, server.Port, ["--db", Path.Combine(dir, "other.db")]))!)
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

    /// <summary>One <c>chokepoint serve</c> process on a free loopback port.</summary>
    private sealed class Server : IDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _client;

        private Server(Process process, int port)
        {
            _process = process;
            Port = port;
            var url = $"http://127.0.0.1:{port}";
            _client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        }

        public static async Task<Server> Start(string dir, string[] storeArgs)
        {
            var port = FreePort();
            var process = Process.Start(StartInfo(dir, port, ["--api-key", Key, "--examples", TestPaths.Examples, "--json", .. storeArgs]))!;
            var server = new Server(process, port);
            var line = await process.StandardOutput.ReadLineAsync(Cancel).AsTask().WaitAsync(TimeSpan.FromSeconds(60), Cancel);
            if (line is null)
            {
                var err = await process.StandardError.ReadToEndAsync(Cancel);
                server.Dispose();
                Assert.Fail($"chokepoint serve did not start: {err}");
            }

            // The JSON settings are printed once the server listens; drain the rest in the background.
            _ = process.StandardOutput.ReadToEndAsync(Cancel);
            _ = process.StandardError.ReadToEndAsync(Cancel);
            await server.WaitUntil(async () => (await server._client.GetAsync("/api/models", Cancel)).IsSuccessStatusCode);
            return server;
        }

        public int Port { get; }

        /// <summary>Sends SIGTERM and returns the exit code once the process has stopped (at most 30 s).</summary>
        public int Terminate()
        {
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(_process.WaitForExit(TimeSpan.FromSeconds(30)), "the server did not stop within 30 s of SIGTERM");
            return _process.ExitCode;
        }

        /// <summary><c>chokepoint serve --port PORT ARGS...</c> in <paramref name="dir"/>, its output captured.</summary>
        public static ProcessStartInfo StartInfo(string dir, int port, string[] args)
        {
            var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "chokepoint"))
            {
                WorkingDirectory = dir,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var a in (string[])["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args])
            {
                start.ArgumentList.Add(a);
            }

            return start;
        }

        public async Task<JsonNode> Get(string path) =>
            JsonNode.Parse(await (await _client.GetAsync(path, Cancel)).EnsureSuccessStatusCode().Content.ReadAsStringAsync(Cancel))!;

        public Task<HttpResponseMessage> Send(HttpMethod method, string path, string body, string contentType)
        {
            var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, System.Text.Encoding.UTF8, contentType) };
            request.Headers.Add("X-Api-Key", Key);
            return _client.SendAsync(request, Cancel);
        }

        public async Task WaitUntil(Func<Task<bool>> condition)
        {
            for (var i = 0; i < 600; i++)
            {
                try
                {
                    if (await condition())
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }

                await Task.Delay(100, Cancel);
            }

            Assert.Fail("the server did not reach the expected state within 60 s");
        }

        /// <summary>SIGKILL: no shutdown code runs, as when the machine loses the process.</summary>
        public void Kill()
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                Kill();
            }

            _client.Dispose();
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
