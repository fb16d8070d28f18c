using System.Text.Json.Nodes;
using Chokepoint.Formats.Models;
using Chokepoint.Server.Endpoints;
using Chokepoint.Server.Jobs;
using Chokepoint.Server.Storage;
using Chokepoint.Testing;

namespace Chokepoint.Server.Tests;

/// <summary>
/// The scenario-samples job cancelled at a known sample count, not after a sleep: before its first
/// batch (no samples: the case whose NaN bands once failed the job) and right after 128 samples.
/// </summary>
public sealed class JobRunnerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chokepoint-jobs-").FullName;
    private readonly ModelStore _store;
    private readonly JobRunner _jobs;
    private readonly Analysis.Model.StackModel _model;

    public JobRunnerTests()
    {
        _store = new ModelStore(Path.Combine(_directory, "store.db"));
        _jobs = new JobRunner(_store);
        var text = File.ReadAllText(Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml"));
        _model = ModelLoader.Load(Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml")).Model!;
        _store.SaveModel("guangdong-huawei", _model.Name, text);
    }

    private const int Requested = 2_000_000;

    // As the service reads them: parsed from the request's text.
    private static readonly JsonObject Parameters = JsonNode.Parse($$"""{"scenario": "us-tool-and-eda-controls", "samples": {{Requested}}}""")!.AsObject();

    /// <summary>Starts the service's own scenario-samples work through <paramref name="wrap"/>, which sees the run's id and may cancel it.</summary>
    private StoredRun RunToEnd(Func<Func<JobReporter, CancellationToken, JsonObject>, Func<long>, Func<JobReporter, CancellationToken, JsonObject>> wrap, Action<long>? afterStart = null)
    {
        var work = JobEndpoints.ScenarioSamples(_model, Parameters);
        var id = new TaskCompletionSource<long>();
        var run = _jobs.Start("guangdong-huawei", 1, "scenario-samples", Formats.Results.Json.Compact(Parameters), wrap(work, () => id.Task.Result));
        id.SetResult(run);
        afterStart?.Invoke(run);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (_store.GetRun(run) is { Status: "running" })
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {run} still running after 2 minutes");
            Thread.Sleep(20);
        }

        return _store.GetRun(run)!;
    }

    private static JsonNode Samples(StoredRun run)
    {
        Assert.Equal("failed", run.Status);
        Assert.StartsWith("cancelled", run.Error, StringComparison.Ordinal);
        Assert.NotNull(run.Result);
        return JsonNode.Parse(run.Result)!;
    }

    [Fact]
    public void Cancelled_before_the_first_sample_it_ends_cancelled_with_null_bands_not_failed_on_nan()
    {
        // The work waits until the cancellation has arrived, so no sample runs at all.
        var run = RunToEnd((work, _) => (progress, cancel) =>
        {
            cancel.WaitHandle.WaitOne();
            return work(progress, cancel);
        }, afterStart: id => Assert.True(_jobs.Cancel(id)));

        var result = Samples(run);
        Assert.Equal(0, result["samples"]!["done"]!.GetValue<int>());
        Assert.False(result["samples"]!["complete"]!.GetValue<bool>());
        Assert.Null(result["cut_fraction"]);
        Assert.Null(result["target_capacity"]!["p5"]);
        Assert.Null(result["target_capacity"]!["mean"]);
    }

    [Fact]
    public void Cancelled_after_128_samples_it_keeps_exactly_those_samples()
    {
        // Cancels from the progress report of the second batch: the run stops before the third.
        var run = RunToEnd((work, id) => (progress, cancel) => work(new JobReporter(p =>
        {
            progress.Report((p.Done, p.Total));
            if (p.Done == 2 * Analysis.Uncertainty.MonteCarlo.BatchSize)
            {
                _jobs.Cancel(id());
            }
        }), cancel));

        var result = Samples(run);
        Assert.Equal(128, result["samples"]!["done"]!.GetValue<int>());
        Assert.Equal(Requested, result["samples"]!["requested"]!.GetValue<int>());
        var capacity = result["target_capacity"]!;
        Assert.All(new[] { "p5", "p50", "p95", "mean" }, k => Assert.NotNull(capacity[k]));
        Assert.NotNull(result["cut_fraction"]);
        Assert.NotNull(result["capacity"]);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
