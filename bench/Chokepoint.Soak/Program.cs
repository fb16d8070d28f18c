using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Chokepoint.Soak;

/// <summary>
/// Drives a running <c>chokepoint serve</c> for a number of minutes: a key holder at a fixed rate
/// (reads, analyses, saves, jobs and malformed requests, each with the answers it must get), and
/// beside it a hostile client without a key (deep nesting, oversized work, garbage). Every 10
/// seconds it prints one row: requests, errors, p50/p99 of the key holder, what the hostile client
/// got, and the server's resident memory. An error is a 5xx, a failed connection, or an answer
/// other than the one the request must get.
/// </summary>
public static class Program
{
    private const int MaxInFlight = 256;

    private static readonly string[] Models = ["guangdong-huawei", "korea-samsung", "india-phone", "us-ai-server"];

    public static async Task<int> Main(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(x => x.a.StartsWith("--", StringComparison.Ordinal))
            .ToDictionary(x => x.a[2..], x => x.i + 1 < args.Length ? args[x.i + 1] : "", StringComparer.Ordinal);
        if (!options.TryGetValue("url", out var url) || !options.TryGetValue("key", out var key) || !options.TryGetValue("pid", out var pidText))
        {
            Console.Error.WriteLine("usage: Chokepoint.Soak --url http://127.0.0.1:PORT --key KEY --pid SERVER_PID [--minutes M] [--rate R] [--hostile-rate H] [--model-file YAML]");
            return 2;
        }

        var minutes = double.Parse(options.GetValueOrDefault("minutes", "1"), CultureInfo.InvariantCulture);
        var rate = int.Parse(options.GetValueOrDefault("rate", "500"), CultureInfo.InvariantCulture);
        var hostileRate = int.Parse(options.GetValueOrDefault("hostile-rate", "100"), CultureInfo.InvariantCulture);
        var model = File.ReadAllText(options.GetValueOrDefault("model-file", "tests/models/valid/cuttable.yaml"));
        var pid = int.Parse(pidText, CultureInfo.InvariantCulture);

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 128, PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };
        using var hostileHandler = new SocketsHttpHandler { MaxConnectionsPerServer = 32 };
        using var hostile = new HttpClient(hostileHandler) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(60) };

        // A stored run to read back, as the dashboard does.
        using (var first = await Send(client, key, HttpMethod.Post, "/api/models/guangdong-huawei/analyze", "{}", "application/json"))
        {
            first.EnsureSuccessStatusCode();
        }

        var runId = (await client.GetStringAsync(new Uri("/api/runs?model=guangdong-huawei", UriKind.Relative))).Split("\"id\":")[1].Split(',')[0].Trim();
        var mix = Mix(model, runId);
        var window = new Window();
        var total = new Window();
        var rssStart = 0L;
        var rssPeak = 0L;
        var end = Stopwatch.StartNew();
        var duration = TimeSpan.FromMinutes(minutes);
        var random = new Random(20261203);
        var inFlight = 0;
        var sent = 0L;
        var tasks = new ConcurrentDictionary<long, Task>();

        Console.WriteLine($"{rate} req/s with the key, {hostileRate} req/s without, for {minutes} min against {url}");
        Console.WriteLine("| minute | requests | per s | errors | p50 ms | p99 ms | hostile | hostile 429 | hostile 4xx | hostile 5xx/failed | skipped | RSS MB |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        var nextReport = TimeSpan.FromSeconds(10);
        var tick = TimeSpan.FromMilliseconds(10);
        var next = TimeSpan.Zero;
        double keyedDebt = 0, hostileDebt = 0;
        while (end.Elapsed < duration)
        {
            next += tick;
            var wait = next - end.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            keyedDebt += rate * tick.TotalSeconds;
            hostileDebt += hostileRate * tick.TotalSeconds;
            for (; keyedDebt >= 1; keyedDebt--)
            {
                if (Volatile.Read(ref inFlight) >= MaxInFlight)
                {
                    window.Skip();
                    continue;
                }

                var request = Pick(mix, random);
                Interlocked.Increment(ref inFlight);
                var id = Interlocked.Increment(ref sent);
                tasks[id] = Task.Run(async () =>
                {
                    try
                    {
                        await Keyed(client, key, request, window);
                    }
                    finally
                    {
                        Interlocked.Decrement(ref inFlight);
                        tasks.TryRemove(id, out _);
                    }
                });
            }

            for (; hostileDebt >= 1; hostileDebt--)
            {
                var attack = Attacks[random.Next(Attacks.Length)];
                var id = Interlocked.Increment(ref sent);
                tasks[id] = Task.Run(async () =>
                {
                    try
                    {
                        await Hostile(hostile, attack, window);
                    }
                    finally
                    {
                        tasks.TryRemove(id, out _);
                    }
                });
            }

            if (end.Elapsed >= nextReport)
            {
                var rss = Rss(pid);
                rssStart = rssStart == 0 ? rss : rssStart;
                rssPeak = Math.Max(rssPeak, rss);
                var row = window.TakeAndReset();
                total.Add(row);
                Console.WriteLine(row.Line((nextReport.TotalSeconds / 60).ToString("0.0", CultureInfo.InvariantCulture), 10, rss));
                foreach (var example in row.Examples)
                {
                    Console.Error.WriteLine($"  {nextReport.TotalSeconds:0} s: {example}");
                }

                nextReport += TimeSpan.FromSeconds(10);
            }
        }

        await Task.WhenAll(tasks.Values);
        var last = window.TakeAndReset();
        total.Add(last);
        var rssEnd = Rss(pid);
        var all = total.TakeAndReset();
        Console.WriteLine(all.Line("all", end.Elapsed.TotalSeconds, rssEnd));
        Console.WriteLine($"RSS: {rssStart / 1024.0:0} MB after 10 s, {rssEnd / 1024.0:0} MB at the end, peak {rssPeak / 1024.0:0} MB; errors {all.Errors}, hostile failures {all.HostileFailed}{(all.Examples.Count > 0 ? ": " + string.Join("; ", all.Examples) : "")}");
        return all.Errors == 0 ? 0 : 1;
    }

    /// <summary>A request of the mix, the answers it may get, and its weight.</summary>
    private sealed record Request(string Kind, HttpMethod Method, Func<int, string> Path, string? Body, string ContentType, int[] Expected, int Weight);

    private static Request[] Mix(string model, string runId) =>
    [
        new("read model", HttpMethod.Get, i => $"/api/models/{Models[i % Models.Length]}", null, "", [200], 30),
        new("read models", HttpMethod.Get, _ => "/api/models", null, "", [200], 15),
        new("read run", HttpMethod.Get, _ => $"/api/runs/{runId}", null, "", [200], 25),
        new("read structure", HttpMethod.Get, i => $"/api/models/{Models[i % Models.Length]}/structure", null, "", [200], 4),
        new("analyze", HttpMethod.Post, i => $"/api/models/{Models[i % Models.Length]}/analyze", "{}", "application/json", [200], 4),
        new("chokepoints", HttpMethod.Post, i => $"/api/models/{Models[i % Models.Length]}/chokepoints", "{\"max_order\": 2}", "application/json", [200], 2),
        new("scenario", HttpMethod.Post, _ => "/api/models/guangdong-huawei/scenario", "{\"scenario\": \"us-tool-and-eda-controls\"}", "application/json", [200], 2),
        new("save", HttpMethod.Post, i => $"/api/models/soak-{i % 20}", model, "application/yaml", [201], 4),
        new("job", HttpMethod.Post, _ => "/api/models/guangdong-huawei/jobs/scenario-samples", "{\"scenario\": \"us-tool-and-eda-controls\", \"samples\": 200}", "application/json", [202], 1),
        new("malformed model", HttpMethod.Post, _ => "/api/validate", "components: [\n  - {id: a, providers: [", "application/yaml", [422], 4),
        new("bad parameter", HttpMethod.Post, _ => "/api/models/guangdong-huawei/recover", "{\"restrict\": [\"US\"], \"months\": -3}", "application/json", [400], 4),
        new("unknown model", HttpMethod.Get, i => $"/api/models/no-such-{i}", null, "", [404], 5),
    ];

    private static Request Pick(Request[] mix, Random random)
    {
        var n = random.Next(mix.Sum(r => r.Weight));
        foreach (var r in mix)
        {
            if ((n -= r.Weight) < 0)
            {
                return r;
            }
        }

        return mix[^1];
    }

    private static readonly (string Path, string Body, string ContentType)[] Attacks =
    [
        ("/api/validate", new string('[', 100_000) + new string(']', 100_000), "application/yaml"),
        ("/api/validate", string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000), "application/yaml"),
        ("/api/validate", new string('[', 100_000), "application/json"),
        ("/api/validate", "!!![", "application/yaml"),
        ("/api/models/guangdong-huawei/analyze", "{\"samples\": 1000000}", "application/json"),
        ("/api/models/guangdong-huawei/analyze", "{\"samples\": \"many\"}", "application/json"),
        ("/api/models/evil", "schema: chokepoint/v1\ncomponents: []\n", "application/yaml"),
        ("/api/compare", "{\"models\": [" + string.Join(", ", Enumerable.Repeat("\"guangdong-huawei\"", 500)) + "]}", "application/json"),
    ];

    private static async Task Keyed(HttpClient client, string key, Request request, Window window)
    {
        var watch = Stopwatch.StartNew();
        var n = Random.Shared.Next(1000);
        try
        {
            using var response = await Send(client, key, request.Method, request.Path(n), request.Body, request.ContentType);
            var body = await response.Content.ReadAsStringAsync();
            var code = (int)response.StatusCode;
            window.Keyed(watch.Elapsed.TotalMilliseconds, request.Expected.Contains(code) ? null : $"{request.Kind}: {code} {body[..Math.Min(body.Length, 300)]}");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            window.Keyed(watch.Elapsed.TotalMilliseconds, $"{request.Kind}: {e.GetType().Name} {e.Message}");
        }
    }

    private static async Task Hostile(HttpClient client, (string Path, string Body, string ContentType) attack, Window window)
    {
        try
        {
            using var response = await Send(client, null, HttpMethod.Post, attack.Path, attack.Body, attack.ContentType);
            await response.Content.ReadAsByteArrayAsync();
            window.Hostile((int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            window.Hostile(0, $"hostile {attack.Path}: {e.GetType().Name} {e.Message}");
        }
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, string? key, HttpMethod method, string path, string? body, string contentType)
    {
        var message = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            message.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        if (key is not null)
        {
            message.Headers.Add("X-Api-Key", key);
        }

        return client.SendAsync(message);
    }

    /// <summary>The server's resident memory in KB, from /proc.</summary>
    private static long Rss(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    /// <summary>What one interval saw; thread-safe.</summary>
    private sealed class Window
    {
        private readonly Lock _lock = new();
        private List<double> _latencies = [];
        private List<string> _examples = [];
        private long _errors, _hostile, _hostile429, _hostile4xx, _hostileFailed, _skipped;

        public long Errors => _errors;

        public long HostileFailed => _hostileFailed;

        public IReadOnlyList<string> Examples => _examples;

        public void Keyed(double ms, string? error)
        {
            lock (_lock)
            {
                _latencies.Add(ms);
                if (error is not null)
                {
                    _errors++;
                    if (_examples.Count < 5)
                    {
                        _examples.Add(error);
                    }
                }
            }
        }

        public void Hostile(int code, string? failure = null)
        {
            lock (_lock)
            {
                _hostile++;
                if (code == 429)
                {
                    _hostile429++;
                }
                else if (code is >= 400 and < 500)
                {
                    _hostile4xx++;
                }
                else if (code == 0 || code >= 500)
                {
                    _hostileFailed++;
                    if (_examples.Count < 5)
                    {
                        _examples.Add(failure ?? $"hostile: {code}");
                    }
                }
            }
        }

        public void Skip()
        {
            lock (_lock)
            {
                _skipped++;
            }
        }

        public Window TakeAndReset()
        {
            lock (_lock)
            {
                var copy = new Window();
                copy.Add(this);
                _latencies = [];
                _examples = [];
                _errors = _hostile = _hostile429 = _hostile4xx = _hostileFailed = _skipped = 0;
                return copy;
            }
        }

        public void Add(Window other)
        {
            _latencies.AddRange(other._latencies);
            _examples.AddRange(other._examples.Take(Math.Max(0, 5 - _examples.Count)));
            _errors += other._errors;
            _hostile += other._hostile;
            _hostile429 += other._hostile429;
            _hostile4xx += other._hostile4xx;
            _hostileFailed += other._hostileFailed;
            _skipped += other._skipped;
        }

        public string Line(string label, double seconds, long rssKb)
        {
            var sorted = _latencies.Order().ToList();
            double At(double q) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
            var c = CultureInfo.InvariantCulture;
            return string.Create(c, $"| {label} | {sorted.Count:N0} | {sorted.Count / seconds:0} | {_errors} | {At(0.5):0.0} | {At(0.99):0.0} | {_hostile:N0} | {_hostile429:N0} | {_hostile4xx:N0} | {_hostileFailed} | {_skipped} | {rssKb / 1024.0:0} |");
        }
    }
}
