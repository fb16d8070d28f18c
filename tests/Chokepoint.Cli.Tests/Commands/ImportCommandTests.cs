using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _dir = Chokepoint.Testing.TempFolders.Create("chokepoint-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Sbom(string name) => Path.Combine(TestPaths.TestModels, "sbom", name);

    private static List<string> Sets(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("cut_sets").GetProperty("sets").EnumerateArray()
            .Select(s => string.Join("+", s.EnumerateArray().Select(x => x.GetString()))).ToList();

    private static int CountComponents(JsonElement list) =>
        list.EnumerateArray().Sum(c => 1 + (c.TryGetProperty("components", out var nested) ? CountComponents(nested) : 0));

    [Fact]
    public void The_sbom_the_cyclonedx_dotnet_tool_made_of_our_cli_imports_validates_and_analyses()
    {
        var sbom = Sbom("chokepoint-cli.cdx.json");
        using var json = JsonDocument.Parse(File.ReadAllText(sbom));
        var components = CountComponents(json.RootElement.GetProperty("components"));
        var edges = json.RootElement.GetProperty("dependencies").EnumerateArray()
            .Sum(d => d.TryGetProperty("dependsOn", out var on) ? on.GetArrayLength() : 0);
        var model = Path.Combine(_dir, "cli.yaml");

        var import = CliRunner.Run("import", "cyclonedx", sbom, "-o", model, "--home", "DE", "--json");

        Assert.True(import.ExitCode == 0, import.All);
        using var report = JsonDocument.Parse(import.Out);
        Assert.Equal(components + 1, report.RootElement.GetProperty("components").GetInt32());
        Assert.Equal(edges, report.RootElement.GetProperty("dependencies").GetInt32());
        Assert.Equal(components, report.RootElement.GetProperty("without_origin").GetArrayLength());
        Assert.Equal(0, CliRunner.Run("validate", model).ExitCode);

        var analysis = CliRunner.Run("analyze", model, "--json");
        Assert.True(analysis.ExitCode == 0, analysis.All);
        using var result = JsonDocument.Parse(analysis.Out);
        Assert.Equal("chokepoint-cli", result.RootElement.GetProperty("target").GetString());
        // With no origins in the SBOM, the unknown origin holds every package: one cut, ZZ alone.
        Assert.Equal(["ZZ"], Sets(analysis.Out));
    }

    [Fact]
    public void Origins_and_countries_of_origin_give_the_expected_single_country_cut()
    {
        var model = Path.Combine(_dir, "shop.yaml");
        var import = CliRunner.Run("import", "cyclonedx", Sbom("origins.cdx.json"), "--home", "DE", "-o", model);
        Assert.True(import.ExitCode == 0, import.All);
        // US makes crypto alone; FR and GB together make logger 2.0; web has no origin, so ZZ alone cuts it.
        Assert.Equal(["US", "ZZ", "FR+GB"], Sets(CliRunner.Run("chokepoints", model, "--json").Out));
        Assert.Contains("components without origin  1", import.Err, StringComparison.Ordinal);
        Assert.Contains("web        ZZ         web-folks", import.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_device_sbom_is_cut_by_each_country_of_origin_of_its_parts()
    {
        var model = Path.Combine(_dir, "board.json");
        Assert.Equal(0, CliRunner.Run("import", "cyclonedx", Sbom("device.cdx.json"), "-o", model).ExitCode);
        Assert.StartsWith("{", File.ReadAllText(model), StringComparison.Ordinal);
        Assert.Equal(["CN", "TW", "US"], Sets(CliRunner.Run("chokepoints", model, "--json").Out));
    }

    [Fact]
    public void Without_an_output_file_the_model_goes_to_standard_output_and_the_report_to_standard_error()
    {
        var result = CliRunner.Run("import", "cyclonedx", Sbom("device.cdx.json"));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("schema: chokepoint/v1\n", result.Out, StringComparison.Ordinal);
        Assert.Contains("imported", result.Err, StringComparison.Ordinal);
        Assert.Contains("cloud-api  ZZ         cloudy", result.Err, StringComparison.Ordinal);

        var json = CliRunner.Run("import", "cyclonedx", Sbom("device.cdx.json"), "--json");
        Assert.StartsWith("schema: chokepoint/v1\n", json.Out, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json.Err);
        Assert.Equal("sensor-board", report.RootElement.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("truncated.cdx.json", 41, "malformed JSON")]
    [InlineData("missing-spec-version.cdx.json", 1, "specVersion is missing")]
    [InlineData("spec-1.2.cdx.json", 3, "spec version 1.2 is not supported")]
    [InlineData("unknown-ref.cdx.json", 69, "refers to 'right-pad'")]
    public void Malformed_sboms_exit_2_with_file_and_line(string file, int line, string problem)
    {
        var path = Path.Combine(TestPaths.TestModels, "sbom", "broken");
        var output = Path.Combine(_dir, "never.yaml");
        var result = CliRunner.RunIn(path, "import", "cyclonedx", file, "-o", output);
        Assert.Equal(2, result.ExitCode);
        // A file that is no SBOM is one error; a wrong value inside one is a located finding, then the error.
        var first = result.Err.Split('\n')[0];
        Assert.True(first.StartsWith($"error: {file}:{line}:", StringComparison.Ordinal) || first.StartsWith($"{file}:{line}:", StringComparison.Ordinal), result.Err);
        Assert.Contains(problem, first, StringComparison.Ordinal);
        Assert.Contains("error: ", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_missing_file_and_a_bad_home_are_input_errors()
    {
        Assert.Equal(2, CliRunner.Run("import", "cyclonedx", Path.Combine(_dir, "nope.json")).ExitCode);
        var home = CliRunner.Run("import", "cyclonedx", Sbom("device.cdx.json"), "--home", "Germany");
        Assert.Equal(2, home.ExitCode);
        Assert.Contains("--home 'Germany' is not an ISO 3166 code", home.Err, StringComparison.Ordinal);
    }
}
