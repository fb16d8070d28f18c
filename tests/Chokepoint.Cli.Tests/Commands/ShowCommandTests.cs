using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ShowCommandTests
{
    private static string DesignExample => Path.Combine(TestPaths.TestModels, "valid", "design-example.yaml");

    [Fact]
    public void Show_prints_the_design_example_layer_by_layer()
    {
        var result = CliRunner.RunIn(Path.Combine(TestPaths.TestModels, "valid"), "show", "design-example.yaml");
        Assert.Equal(0, result.ExitCode);
        Approvals.Verify(result.Out, "show-design-example");
    }

    [Fact]
    public void Show_json_of_the_design_example_matches_its_snapshot()
    {
        var result = CliRunner.RunIn(Path.Combine(TestPaths.TestModels, "valid"), "show", "design-example.yaml", "--json");
        Assert.Equal(0, result.ExitCode);
        Approvals.Verify(result.Out, "show-design-example-json");
    }

    [Fact]
    public void Show_json_gives_per_layer_figures_and_hhi_per_component()
    {
        var result = CliRunner.Run("show", DesignExample, "--json");
        using var doc = JsonDocument.Parse(result.Out);
        var layers = doc.RootElement.GetProperty("layers");
        Assert.Equal(["equipment", "eda", "fabrication", "device", "os"], layers.EnumerateArray().Select(l => l.GetProperty("layer").GetString()));
        var duv = layers[0].GetProperty("components")[0];
        Assert.Equal("duv-scanner", duv.GetProperty("id").GetString());
        Assert.Equal(0.5078, duv.GetProperty("hhi").GetDouble(), 6);
    }

    [Fact]
    public void Show_of_the_guangdong_example_is_valid_json_with_hhi_for_every_component()
    {
        var file = Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml");
        var result = CliRunner.Run("show", file, "--json");
        Assert.True(result.ExitCode == 0, result.All);
        using var doc = JsonDocument.Parse(result.Out);
        var components = doc.RootElement.GetProperty("layers").EnumerateArray().SelectMany(l => l.GetProperty("components").EnumerateArray()).ToList();
        Assert.True(components.Count >= 40, $"{components.Count} components");
        Assert.All(components, c => Assert.InRange(c.GetProperty("hhi").GetDouble(), 0, 1));
        Assert.True(doc.RootElement.GetProperty("layers").GetArrayLength() >= 8);
    }

    [Fact]
    public void The_same_model_gives_byte_identical_json()
    {
        var a = CliRunner.Run("show", DesignExample, "--json");
        var b = CliRunner.Run("show", DesignExample, "--json");
        Assert.Equal(a.Out, b.Out);
    }

    [Fact]
    public void Show_on_an_invalid_model_exits_2_and_analyses_nothing()
    {
        var result = CliRunner.Run("show", Path.Combine(TestPaths.TestModels, "broken", "requires-cycle.yaml"));
        Assert.Equal(2, result.ExitCode);
        Assert.Empty(result.Out);
        Assert.Contains("CP022", result.Err, StringComparison.Ordinal);
    }
}
