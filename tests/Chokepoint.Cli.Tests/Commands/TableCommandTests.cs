using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

/// <summary><c>export xlsx</c>, <c>export table</c> and <c>import table</c> on every curated stack, checked with <c>diff</c>.</summary>
public sealed class TableCommandTests : IDisposable
{
    private readonly string _dir = Chokepoint.Testing.TempFolders.Create("chokepoint-table-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> CuratedStacks() => [.. Directory.GetFiles(TestPaths.Examples, "*.yaml").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CuratedStacks))]
    public void A_stack_exported_as_xlsx_and_imported_again_shows_no_change_in_diff(string stack)
    {
        var model = Path.Combine(TestPaths.Examples, stack);
        var book = Path.Combine(_dir, "stack.xlsx");
        var back = Path.Combine(_dir, "back.yaml");

        var export = CliRunner.Run("export", "xlsx", model, "-o", book);
        Assert.True(export.ExitCode == 0, export.All);
        var import = CliRunner.Run("import", "table", book, "-o", back);
        Assert.True(import.ExitCode == 0, import.All);

        AssertNoChange(model, back);
        Assert.Equal(CliRunner.Run("show", model, "--json").Out.Replace(model, "MODEL", StringComparison.Ordinal),
            CliRunner.Run("show", back, "--json").Out.Replace(back, "MODEL", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CuratedStacks))]
    public void A_stack_exported_as_a_csv_table_and_imported_onto_its_model_shows_no_change_in_diff(string stack)
    {
        var model = Path.Combine(TestPaths.Examples, stack);
        var csv = Path.Combine(_dir, "suppliers.csv");
        var back = Path.Combine(_dir, "back.yaml");

        var export = CliRunner.Run("export", "table", model, "-o", csv);
        Assert.True(export.ExitCode == 0, export.All);
        var import = CliRunner.Run("import", "table", csv, "--base", model, "-o", back);
        Assert.True(import.ExitCode == 0, import.All);

        AssertNoChange(model, back);
    }

    [Fact]
    public void An_edited_share_in_the_csv_table_shows_up_in_diff_as_that_one_change()
    {
        var model = Path.Combine(TestPaths.Examples, "korea-samsung.yaml");
        var csv = Path.Combine(_dir, "suppliers.csv");
        var back = Path.Combine(_dir, "back.yaml");
        Assert.Equal(0, CliRunner.Run("export", "table", model, "-o", csv).ExitCode);
        var lines = File.ReadAllLines(csv);
        var row = Array.FindIndex(lines, l => l.StartsWith("silicon-wafer,material,,sumco,JP,,0.219,", StringComparison.Ordinal));
        lines[row] = lines[row].Replace(",0.219,", ",0.1,", StringComparison.Ordinal);
        File.WriteAllLines(csv, lines);

        var import = CliRunner.Run("import", "table", csv, "--base", model, "-o", back);
        Assert.True(import.ExitCode == 0, import.All);

        using var diff = JsonDocument.Parse(CliRunner.Run("diff", model, back, "--json").Out);
        var change = Assert.Single(diff.RootElement.GetProperty("providers").EnumerateArray());
        Assert.Equal("silicon-wafer", change.GetProperty("component").GetString());
        Assert.Equal(0.219, change.GetProperty("old_share").GetDouble(), 9);
        Assert.Equal(0.1, change.GetProperty("new_share").GetDouble(), 9);
    }

    [Fact]
    public void A_table_with_bad_cells_exits_2_lists_each_cell_and_writes_nothing()
    {
        var output = Path.Combine(_dir, "bad.yaml");

        var import = CliRunner.Run("import", "table", Path.Combine(TestPaths.TestModels, "tables", "bad-cells.csv"), "-o", output);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("error CP050 at row 2, column G (share): 1.3 is not a share", import.Err, StringComparison.Ordinal);
        Assert.Contains("7 cells need fixing", import.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", import.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void A_handwritten_supplier_table_imports_and_its_inferred_target_is_analysed()
    {
        var model = Path.Combine(_dir, "m.yaml");

        var import = CliRunner.Run("import", "table", Path.Combine(TestPaths.TestModels, "tables", "suppliers.csv"), "-o", model, "--home", "CN-GD", "--json");

        Assert.True(import.ExitCode == 0, import.All);
        using var report = JsonDocument.Parse(import.Out);
        Assert.Equal(["phone"], report.RootElement.GetProperty("inferred_targets").EnumerateArray().Select(e => e.GetString()));
        // All of China counts as domestic for Guangdong: SMIC, the 3% of DUV and the 1% of EDA made in China keep the phone buildable.
        using var wide = JsonDocument.Parse(CliRunner.Run("analyze", model, "--json").Out);
        Assert.Equal("phone", wide.RootElement.GetProperty("target").GetString());
        Assert.True(wide.RootElement.GetProperty("domestic_only").GetProperty("available").GetBoolean());
        Assert.Equal(0, wide.RootElement.GetProperty("cut_sets").GetProperty("count").GetInt32());

        // Guangdong alone: SMIC in Shanghai is then foreign, and the rest of China alone cuts the 7 nm logic.
        using var narrow = JsonDocument.Parse(CliRunner.Run("analyze", model, "--domestic", "CN-GD", "--json").Out);
        var sets = narrow.RootElement.GetProperty("cut_sets").GetProperty("sets").EnumerateArray().Select(s => string.Join("+", s.EnumerateArray().Select(x => x.GetString()))).ToList();
        Assert.Equal(["CN"], sets);
    }

    [Fact]
    public void Export_xlsx_without_an_output_file_says_to_pass_one()
    {
        var export = CliRunner.Run("export", "xlsx", Path.Combine(TestPaths.Examples, "india-phone.yaml"));

        Assert.Equal(2, export.ExitCode);
        Assert.Contains("-o", export.Err, StringComparison.Ordinal);
    }

    private static void AssertNoChange(string model, string back)
    {
        var diff = CliRunner.Run("diff", model, back, "--json");
        Assert.True(diff.ExitCode == 0, diff.All);
        using var json = JsonDocument.Parse(diff.Out);
        var root = json.RootElement;
        Assert.Empty(root.GetProperty("components").GetProperty("added").EnumerateArray());
        Assert.Empty(root.GetProperty("components").GetProperty("removed").EnumerateArray());
        Assert.Empty(root.GetProperty("providers").EnumerateArray());
        Assert.Empty(root.GetProperty("cut_sets").GetProperty("added").EnumerateArray());
        Assert.Empty(root.GetProperty("cut_sets").GetProperty("removed").EnumerateArray());
        Assert.Empty(root.GetProperty("regime").EnumerateArray());
        Assert.All(root.GetProperty("leverage").EnumerateArray(), l => Assert.Equal(0, l.GetProperty("score_shift").GetDouble()));
        Assert.All(root.GetProperty("scenarios").EnumerateArray(), s => Assert.Equal(s.GetProperty("old_target_capacity").ToString(), s.GetProperty("new_target_capacity").ToString()));
        Assert.Equal(root.GetProperty("baseline_capacity").GetProperty("old").GetDouble(), root.GetProperty("baseline_capacity").GetProperty("new").GetDouble());
    }
}
