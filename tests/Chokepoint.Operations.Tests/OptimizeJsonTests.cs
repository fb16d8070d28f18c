using Chokepoint.Optimize;
using CsCheck;

namespace Chokepoint.Operations.Tests;

/// <summary>The optimizer's JSON follows the project's rule for figures JSON cannot carry (docs/api.md, "Numbers").</summary>
public sealed class OptimizeJsonTests
{
    [Fact]
    public void A_plan_with_nan_infinite_tiny_or_huge_figures_serializes_to_valid_json_that_reads_back()
    {
        var path = Path.Combine(Chokepoint.Testing.TestPaths.Examples, "guangdong-huawei.yaml");
        Gen.Int.Sample(seed =>
        {
            // A fresh model each time: the plan holds the model's own action records, which the perturbation rewrites.
            var model = Chokepoint.Formats.Models.ModelLoader.Load(path).Model!;
            var result = RepositioningOptimizer.Run(model, new OptimizeRequest { Budget = 500 }, cancel: TestContext.Current.CancellationToken);
            Assert.True(Chokepoint.Testing.HostileFigures.Perturb(result, new Random(seed)) > 0);
            foreach (var frontier in new[] { false, true })
            {
                var text = Chokepoint.Formats.Results.Json.Text(OptimizeJson.Result(result, frontier));
                Assert.Equal(text, Chokepoint.Formats.Results.Json.Text(System.Text.Json.Nodes.JsonNode.Parse(text)));
            }
        }, iter: 10, threads: 1);
    }
}
