using Chokepoint.Analysis.Generation;
using Chokepoint.Analysis.Model;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;
using Chokepoint.Operations;
using Chokepoint.Testing;
using Orleans.TestingHost;

namespace Chokepoint.Cluster.Tests;

/// <summary>Two silos in this process (Orleans' InProcessTestCluster), shared by the tests of the class.</summary>
public sealed class TwoSilos : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) => ClusterSetup.AddComputing(silo));
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}

public sealed class InProcessClusterTests(TwoSilos silos) : IClassFixture<TwoSilos>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static StackModel Example(string name) => ModelLoader.Load(Path.Combine(TestPaths.Examples, name + ".yaml")).Model!;

    private static StackModel Generated(int components) => StackGenerator.Generate(components, 12, seed: 7);

    private static (T Request, RecordedFields Fields) Read<T>(Func<IRequestFields, T> read, params (string Field, object Value)[] values)
    {
        var fields = RecordedFields.Recording(new TestFields(values));
        return (read(fields), fields);
    }

    [Fact]
    public void A_leverage_matrix_on_two_silos_is_byte_identical_to_the_local_run()
    {
        foreach (var (model, homes) in new[] { (Example("guangdong-huawei"), new[] { "CN", "US", "NL", "JP", "KR", "TW" }), (Generated(3000), new[] { "J01", "J02", "J03", "J04", "J05", "J06", "J07", "J08" }) })
        {
            var (request, fields) = Read(LeverageOperation.Read, ("homes", homes), ("max_order", 2.0));
            var local = Json.Text(LeverageOperation.Json(LeverageOperation.Run(model, request, cancel: Cancel)));
            var progress = new List<(int Done, int Total)>();
            var log = new List<string>();
            var runner = new ClusterRunner(silos.Cluster.Client, model, fields, new ClusterRunOptions { Log = m => log.Add(m), UnitsPerSilo = 2 });

            var spread = Json.Text(LeverageOperation.Json(UnitRuns.Leverage(model, request, runner, new Seen(progress), Cancel)));

            Assert.Equal(local, spread);
            // Spread over both silos from the first unit, by the client's choice of silo.
            Assert.Contains(log, m => m.Contains("done on 2 silo(s)", StringComparison.Ordinal));
            Assert.Equal(homes.Length, progress.Count);
            Assert.Equal((homes.Length, homes.Length), progress[^1]);
        }
    }

    [Fact]
    public void Monte_Carlo_bands_on_two_silos_are_byte_identical_to_the_local_run()
    {
        foreach (var (model, samples) in new[] { (Example("us-ai-server"), 700), (Generated(2000), 1000) })
        {
            var (request, fields) = Read(AnalyzeOperation.Read, ("samples", (double)samples), ("seed", 42.0));
            var local = Json.Text(AnalyzeOperation.Json(AnalyzeOperation.Run(model, request, cancel: Cancel)));
            var runner = new ClusterRunner(silos.Cluster.Client, model, fields);

            var spread = Json.Text(AnalyzeOperation.Json(UnitRuns.Analyze(model, request, runner, cancel: Cancel)));

            Assert.Equal(local, spread);
            Assert.Contains("\"done\": " + samples, spread, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Scenario_and_recovery_bands_on_two_silos_are_byte_identical_to_the_local_run()
    {
        var model = Example("guangdong-huawei");
        var (scenario, fields) = Read(f => ScenarioOperation.Read(f, model), ("scenario", "us-nl-jp-controls"), ("samples", 900.0), ("seed", 3.0));
        var local = Json.Text(ScenarioOperation.Json(ScenarioOperation.Run(model, scenario, cancel: Cancel)));
        var spread = Json.Text(ScenarioOperation.Json(UnitRuns.Scenario(model, scenario, new ClusterRunner(silos.Cluster.Client, model, fields), cancel: Cancel)));
        Assert.Equal(local, spread);
        Assert.Contains("\"done\": 900", spread, StringComparison.Ordinal);

        var (recover, recoverFields) = Read(f => RecoverOperation.Read(f, model), ("restrict", new[] { "US", "NL" }), ("months", 36.0), ("samples", 700.0), ("seed", 5.0));
        var localRecovery = Json.Text(RecoverOperation.Json(RecoverOperation.Run(model, recover, cancel: Cancel)));
        var spreadRecovery = Json.Text(RecoverOperation.Json(UnitRuns.Recover(model, recover, new ClusterRunner(silos.Cluster.Client, model, recoverFields), cancel: Cancel)));
        Assert.Equal(localRecovery, spreadRecovery);
        Assert.Contains("\"done\": 700", spreadRecovery, StringComparison.Ordinal);
    }

    [Fact]
    public void A_frontier_on_two_silos_is_byte_identical_to_the_local_run_and_has_the_climbing_search_s_costs()
    {
        var built = ModelLoader.Load(Path.Combine(TestPaths.TestModels, "optimize", "frontier.yaml")).Model!;
        foreach (var (model, values, points) in new[]
        {
            (Example("guangdong-huawei"), new (string, object)[] { ("budget", 5e9), ("frontier", true), ("no_standing", true) }, 2),
            (built, [("budget", 100.0), ("frontier", true)], 4),
            (built, [("budget", 35.0), ("frontier", true), ("max_order", 6.0)], 3),
        })
        {
            var (request, fields) = Read(OptimizeOperation.Read, values);
            var local = OptimizeOperation.Run(model, request, cancel: Cancel);
            var log = new List<string>();
            var spread = UnitRuns.Optimize(model, request, new ClusterRunner(silos.Cluster.Client, model, fields, new ClusterRunOptions { Log = log.Add }), cancel: Cancel);

            Assert.Equal(Json.Text(OptimizeOperation.Json(local, request)), Json.Text(OptimizeOperation.Json(spread, request)));
            Assert.Equal(points, spread.Frontier.Count);
            Assert.Contains(log, m => m.Contains("frontier-point", StringComparison.Ordinal));
            // Each point searched on its own gives the frontier of the one search that climbs from size to size.
            var climbing = Optimize.RepositioningOptimizer.Run(model, request.Optimizer, cancel: Cancel);
            Assert.Equal(climbing.Frontier.Select(f => (f.Cost, f.SmallestCoalition)), spread.Frontier.Select(f => (f.Cost, f.SmallestCoalition)));
            Assert.Equal((climbing.Cost, climbing.After.SmallestCoalition, climbing.Optimal), (spread.Cost, spread.After.SmallestCoalition, spread.Optimal));
        }
    }

    [Fact]
    public void A_comparison_on_two_silos_is_byte_identical_to_the_local_run()
    {
        var models = new[] { "guangdong-huawei", "korea-samsung", "india-phone" }.Select(n => (Label: n, Model: Example(n))).ToList();
        foreach (var homes in new[] { Array.Empty<string>(), ["CN", "KR", "IN"], ["CN", "US"] })
        {
            var (request, fields) = Read(CompareOperation.Read, [.. homes.Length == 0 ? [] : new (string, object)[] { ("homes", homes) }, ("prob", 0.1)]);
            var local = CompareOperation.Run(models, request, cancel: Cancel);
            var progress = new List<(int Done, int Total)>();

            var spread = UnitRuns.Compare(models, request, fields, (m, f) => new ClusterRunner(silos.Cluster.Client, m, f), new Seen(progress), Cancel);

            Assert.Equal(Json.Text(CompareOperation.Json(local)), Json.Text(CompareOperation.Json(spread)));
            Assert.Equal(local.Select(r => (r.Model, r.MaxOrder, r.StrongestHolderCuts, r.Controls)), spread.Select(r => (r.Model, r.MaxOrder, r.StrongestHolderCuts, r.Controls)));
            Assert.Equal((local.Count, local.Count), progress.MaxBy(p => p.Done));
        }
    }

    [Fact]
    public void A_comparison_the_cluster_cannot_answer_fails_here_before_any_unit_is_sent()
    {
        var models = new[] { (Label: "g", Model: Example("guangdong-huawei")) };
        var (request, fields) = Read(CompareOperation.Read, ("homes", new[] { "ATLANTIS" }));
        var sent = 0;

        var e = Assert.ThrowsAny<Exception>(() => UnitRuns.Compare(models, request, fields, (m, f) => { sent++; return new ClusterRunner(silos.Cluster.Client, m, f); }, cancel: Cancel));

        Assert.IsNotType<UnitRunnerException>(e);
        Assert.Contains("ATLANTIS", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, sent);
    }

    [Fact]
    public void A_request_the_silos_cannot_compute_fails_with_its_reason_and_is_not_sent_again()
    {
        var model = Example("guangdong-huawei");
        var (_, fields) = Read(LeverageOperation.Read, ("homes", new[] { "CN", "US" }));
        var runner = new ClusterRunner(silos.Cluster.Client, model, fields);

        var e = Assert.Throws<UnitRunnerException>(() => runner.Run(new UnitWork("no-such-kind", 2), null, Cancel));

        Assert.Contains("'no-such-kind' is not a kind of unit", e.Message, StringComparison.Ordinal);
    }

    private sealed class Seen(List<(int Done, int Total)> seen) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value)
        {
            lock (seen)
            {
                seen.Add(value);
            }
        }
    }
}

/// <summary>Request fields from a table of values, as an adapter would give them.</summary>
internal sealed class TestFields(params (string Field, object Value)[] values) : IRequestFields
{
    private readonly Dictionary<string, object> _values = values.ToDictionary(v => v.Field, v => v.Value, StringComparer.Ordinal);

    public string Spell(string field) => $"'{field}'";

    public string? String(string field) => _values.GetValueOrDefault(field) as string;

    public bool? Bool(string field) => _values.GetValueOrDefault(field) as bool?;

    public double? Number(string field) => _values.GetValueOrDefault(field) as double?;

    public IReadOnlyList<string>? List(string field) => _values.GetValueOrDefault(field) as IReadOnlyList<string>;

    public IReadOnlyList<KeyValuePair<string, double>>? Map(string field) => _values.GetValueOrDefault(field) as IReadOnlyList<KeyValuePair<string, double>>;
}
