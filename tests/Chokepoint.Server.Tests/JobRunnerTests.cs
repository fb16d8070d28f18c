using System.Text.Json.Nodes;
using Chokepoint.Formats.Models;
using Chokepoint.Server.Endpoints;
using Chokepoint.Server.Jobs;
using Chokepoint.Server.Storage;
using Chokepoint.Testing;

namespace Chokepoint.Server.Tests;

/// <summary>
/// Jobs cancelled at a known point, not after a sleep: the scenario-samples job before its first
/// batch (no samples: the case whose NaN bands once failed the job) and right after 128 samples, and
/// the optimizer before its first round. Each ends cancelled with what it had done. The runs are kept
/// in memory; the API tests cancel a job on every store.
/// </summary>
public sealed class JobRunnerTests
{
    private readonly InMemoryStore _store = new();
    private readonly JobRunner _jobs;
    private readonly Analysis.Model.StackModel _model = ModelLoader.Load(Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml")).Model!;

    public JobRunnerTests() => _jobs = new JobRunner(_store);

    private const int Requested = 2_000_000;

    // As the service reads them: parsed from the request's text.
    private static readonly JsonObject Parameters = JsonNode.Parse($$"""{"scenario": "us-tool-and-eda-controls", "samples": {{Requested}}}""")!.AsObject();

    /// <summary>Starts the service's own scenario-samples work through <paramref name="wrap"/>, which sees the run's id and may cancel it.</summary>
    private Task<StoredRun> RunToEnd(Func<Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument>, Func<long>, Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument>> wrap, Action<long>? afterStart = null) =>
        RunToEnd("scenario-samples", Parameters, Verbs.Find("scenario-samples")!.Prepare(_model, new JsonFields(Parameters), null), wrap, afterStart);

    private async Task<StoredRun> RunToEnd(string kind, JsonObject parameters, Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument> work,
        Func<Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument>, Func<long>, Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument>> wrap, Action<long>? afterStart)
    {
        var id = new TaskCompletionSource<long>();
        var run = await _jobs.StartAsync("guangdong-huawei", 1, kind, Formats.Results.Json.Compact(parameters), wrap(work, () => id.Task.Result));
        id.SetResult(run);
        afterStart?.Invoke(run);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (await _store.GetRunAsync(run, TestContext.Current.CancellationToken) is { Status: RunStatus.Running })
        {
            Assert.True(DateTime.UtcNow < deadline, $"run {run} still running after 2 minutes");
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        return (await _store.GetRunAsync(run, TestContext.Current.CancellationToken))!;
    }

    /// <summary>The result of a run that ended cancelled and kept what it had done.</summary>
    private static JsonNode Kept(StoredRun run)
    {
        Assert.Equal(RunStatus.Cancelled, run.Status);
        Assert.Equal(JobRunner.CancelledWithResult, run.Error);
        Assert.NotNull(run.Result);
        Assert.NotNull(run.FinishedUtc);
        return JsonNode.Parse(run.Result)!;
    }

    /// <summary>Work that waits until the cancellation has arrived before it starts.</summary>
    private static Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument> AfterCancel(Func<JobReporter, CancellationToken, Formats.Results.Contracts.ResultDocument> work) => (progress, cancel) =>
    {
        cancel.WaitHandle.WaitOne();
        return work(progress, cancel);
    };

    [Fact]
    public async Task Cancelled_before_the_first_sample_it_ends_cancelled_with_null_bands_not_failed_on_nan()
    {
        var run = await RunToEnd((work, _) => AfterCancel(work), afterStart: id => Assert.True(_jobs.Cancel(id)));

        var result = Kept(run);
        Assert.Equal(0, result["samples"]!["done"]!.GetValue<int>());
        Assert.False(result["samples"]!["complete"]!.GetValue<bool>());
        Assert.Null(result["cut_fraction"]);
        Assert.Null(result["target_capacity"]!["p5"]);
        Assert.Null(result["target_capacity"]!["mean"]);
    }

    [Fact]
    public async Task Cancelled_after_128_samples_it_keeps_exactly_those_samples()
    {
        // Cancels from the progress report of the second batch: the run stops before the third.
        var run = await RunToEnd((work, id) => (progress, cancel) => work(new JobReporter(p =>
        {
            progress.Report((p.Done, p.Total));
            if (p.Done == 2 * Analysis.Uncertainty.MonteCarlo.BatchSize)
            {
                _jobs.Cancel(id());
            }
        }), cancel));

        var result = Kept(run);
        Assert.Equal(128, result["samples"]!["done"]!.GetValue<int>());
        Assert.Equal(Requested, result["samples"]!["requested"]!.GetValue<int>());
        var capacity = result["target_capacity"]!;
        Assert.All(new[] { "p5", "p50", "p95", "mean" }, k => Assert.NotNull(capacity[k]));
        Assert.NotNull(result["cut_fraction"]);
        Assert.NotNull(result["capacity"]);
    }

    [Fact]
    public async Task An_optimize_job_cancelled_before_its_first_round_ends_cancelled_with_the_plan_so_far()
    {
        var parameters = JsonNode.Parse("""{"budget": 5e9}""")!.AsObject();
        var run = await RunToEnd("optimize", parameters, Verbs.Find("optimize")!.Prepare(_model, new JsonFields(parameters), null), (work, _) => AfterCancel(work), afterStart: id => Assert.True(_jobs.Cancel(id)));

        var result = Kept(run);
        Assert.False(result["optimal"]!.GetValue<bool>());
        Assert.Empty(result["plan"]!.AsArray());
        Assert.Equal(1, result["before"]!["smallest_coalition"]!.GetValue<int>());
        // The stored result is the verb's document as the command line writes it: the run's id is the run's, not the result's.
        Assert.False(result.AsObject().ContainsKey("run"));
    }

    [Fact]
    public async Task Work_that_fails_ends_failed_with_its_message_and_no_result()
    {
        var run = await RunToEnd("optimize", new JsonObject(), (_, _) => throw new InvalidOperationException("the solver broke"), (work, _) => work, afterStart: null);

        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Equal("the solver broke", run.Error);
        Assert.Null(run.Result);
    }
}
