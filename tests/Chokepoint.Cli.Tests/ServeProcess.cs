using System.Diagnostics;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests;

/// <summary>One <c>chokepoint serve</c> process on a free loopback port.</summary>
internal sealed class ServeProcess : IDisposable
{
    public const string Key = "kill-test-key";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly Process _process;
    private readonly HttpClient _client;

    private ServeProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        var url = $"http://127.0.0.1:{port}";
        _client = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<ServeProcess> Start(string dir, string[] storeArgs)
    {
        var port = FreePort();
        var process = Process.Start(StartInfo(dir, port, ["--api-key", Key, "--examples", TestPaths.Examples, "--json", .. storeArgs]))!;
        var server = new ServeProcess(process, port);
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

    /// <summary>Sends SIGTERM and returns the exit code once the process has stopped.</summary>
    public int Terminate() => CliProcess.Terminate(_process, "the server");

    /// <summary><c>chokepoint serve --port PORT ARGS...</c> in <paramref name="dir"/>, its output captured.</summary>
    public static ProcessStartInfo StartInfo(string dir, int port, string[] args) =>
        CliProcess.StartInfo(dir, ["serve", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args]);

    /// <summary>GETs with the key, so that checks are not rate-limited as anonymous reads are.</summary>
    public async Task<JsonNode> Get(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", Key);
        using var response = await _client.SendAsync(request, Cancel);
        return JsonNode.Parse(await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync(Cancel))!;
    }

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
    public void Kill() => CliProcess.Kill(_process);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _client.Dispose();
        _process.Dispose();
    }

    private static int FreePort() => CliProcess.FreePort();
}
