using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ValidateCommandTests
{
    public static TheoryData<string, string, int, string> BrokenModels()
    {
        var data = new TheoryData<string, string, int, string>();
        var lines = File.ReadAllLines(Path.Combine(TestPaths.TestModels, "broken", "expectations.tsv")).Skip(1);
        foreach (var line in lines.Where(l => l.Length > 0))
        {
            var cells = line.Split('\t');
            data.Add(cells[0], cells[1], int.Parse(cells[2], System.Globalization.CultureInfo.InvariantCulture), cells.Length > 3 ? cells[3] : "");
        }

        return data;
    }

    [Fact]
    public void Every_broken_model_has_an_expectation_and_every_expectation_a_model()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.TestModels, "broken")).Select(f => Path.GetFileName(f))
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal)).Order().ToList();
        var expected = BrokenModels().Select(row => (string)row.Data.Item1).Order().ToList();
        Assert.Equal(expected, files);
    }

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public void A_broken_model_exits_2_naming_the_file_the_line_and_the_path(string file, string code, int line, string path)
    {
        var dir = Path.Combine(TestPaths.TestModels, "broken");
        var result = CliRunner.RunIn(dir, "validate", file);

        Assert.Equal(2, result.ExitCode);
        var finding = result.Out.Split('\n').FirstOrDefault(l => l.Contains($" {code}", StringComparison.Ordinal));
        Assert.True(finding is not null, $"no {code} finding in:\n{result.All}");
        // An include cycle is found in the included file, which the message names instead.
        var namedFile = code == "CP012" ? "lib/cycle-back.yaml" : file;
        Assert.StartsWith($"{namedFile}:{line}:", finding, StringComparison.Ordinal);
        if (path.Length > 0)
        {
            Assert.Contains($" at {path}: ", finding, StringComparison.Ordinal);
        }

        Assert.Contains("fix: ", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.All, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_shipped_example_validates()
    {
        var examples = Directory.GetFiles(TestPaths.Examples, "*.yaml").Order().ToArray();
        Assert.NotEmpty(examples);
        var result = CliRunner.Run(["validate", .. examples]);
        Assert.True(result.ExitCode == 0, result.All);
    }

    [Fact]
    public void Validate_json_lists_each_finding_with_its_location()
    {
        var file = Path.Combine(TestPaths.TestModels, "broken", "share-out-of-range.yaml");
        var result = CliRunner.Run("validate", "--json", file);
        Assert.Equal(2, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Out);
        var entry = doc.RootElement[0];
        Assert.False(entry.GetProperty("valid").GetBoolean());
        var d = entry.GetProperty("diagnostics")[0];
        Assert.Equal("CP030", d.GetProperty("code").GetString());
        Assert.Equal(14, d.GetProperty("line").GetInt32());
        Assert.Equal("components[0].providers[0].share", d.GetProperty("path").GetString());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var result = CliRunner.Run("validate", "no-such-model.yaml");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no-such-model.yaml: error CP007", result.Out, StringComparison.Ordinal);
    }
}
