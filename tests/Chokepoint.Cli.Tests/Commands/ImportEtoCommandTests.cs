using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ImportEtoCommandTests : IDisposable
{
    private readonly string _dir = Chokepoint.Testing.TempFolders.Create("chokepoint-eto-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void An_import_writes_a_model_that_show_prints_with_its_attribution()
    {
        var model = Path.Combine(_dir, "eto.yaml");
        var result = CliRunner.Run("import", "eto", TestPaths.SharedData("eto-chip-explorer"), "-o", model, "--json");
        Assert.True(result.ExitCode == 0, result.All);
        var report = JsonDocument.Parse(result.Out).RootElement;
        Assert.True(report.GetProperty("components").GetInt32() > 100);
        Assert.NotEmpty(report.GetProperty("warnings").EnumerateArray());
        var show = CliRunner.Run("show", model);
        Assert.Equal(0, show.ExitCode);
        Assert.Contains("CC BY-NC 4.0", show.Out, StringComparison.Ordinal);
        Assert.Contains("Emerging Technology Observatory", show.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_curated_stack_includes_the_imported_model_through_an_environment_variable()
    {
        var model = Path.Combine(_dir, "eto.yaml");
        Assert.Equal(0, CliRunner.Run("import", "eto", TestPaths.SharedData("eto-chip-explorer"), "-o", model).ExitCode);
        var stack = Path.Combine(TestPaths.Examples, "eto", "huawei-phone-on-eto.yaml");
        Environment.SetEnvironmentVariable("CHOKEPOINT_ETO_MODEL", model);
        try
        {
            var result = CliRunner.Run("analyze", stack, "--json");
            Assert.True(result.ExitCode == 0, result.All);
            var json = JsonDocument.Parse(result.Out).RootElement;
            Assert.Equal("huawei-phone", json.GetProperty("target").GetString());
            Assert.Contains(json.GetProperty("most_concentrated").EnumerateArray(), c => c.GetProperty("component").GetString() == "euv-lithography-tools");
        }
        finally
        {
            Environment.SetEnvironmentVariable("CHOKEPOINT_ETO_MODEL", null);
        }
    }

    [Fact]
    public void Without_the_variable_the_include_is_a_clear_error()
    {
        var stack = Path.Combine(TestPaths.Examples, "eto", "huawei-phone-on-eto.yaml");
        var result = CliRunner.Run("validate", stack);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("CHOKEPOINT_ETO_MODEL, which is not set", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_that_is_not_eto_data_is_a_clear_error()
    {
        var result = CliRunner.Run("import", "eto", _dir);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("inputs.csv: not found", result.Err, StringComparison.Ordinal);
    }
}
