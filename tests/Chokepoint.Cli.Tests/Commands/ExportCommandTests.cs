using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Chokepoint.Testing.TempFolders.Create("chokepoint-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Example(string name) => Path.Combine(TestPaths.Examples, name + ".yaml");

    private static List<string> Sets(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("cut_sets").GetProperty("sets").EnumerateArray()
            .Select(s => string.Join("+", s.EnumerateArray().Select(x => x.GetString()))).ToList();

    [Theory]
    [InlineData("guangdong-huawei", false)]
    [InlineData("guangdong-huawei", true)]
    [InlineData("korea-samsung", false)]
    [InlineData("korea-samsung", true)]
    [InlineData("india-phone", false)]
    [InlineData("india-phone", true)]
    [InlineData("us-ai-server", false)]
    [InlineData("us-ai-server", true)]
    public void Mef_export_read_back_by_fault_tree_gives_the_same_cut_sets(string stack, bool reach)
    {
        var xml = Path.Combine(_dir, stack + ".xml");
        string[] reachArg = reach ? ["--reach"] : [];
        Assert.Equal(0, CliRunner.Run(["export", "mef", Example(stack), "-o", xml, .. reachArg]).ExitCode);
        var fromMef = CliRunner.Run("fault-tree", xml, "--json");
        var direct = CliRunner.Run(["chokepoints", Example(stack), "--max-order", "60", "--json", .. reachArg]);
        Assert.True(fromMef.ExitCode == 0, fromMef.All);
        Assert.Equal(Sets(direct.Out), Sets(fromMef.Out));
        Assert.NotEmpty(Sets(direct.Out));
    }

    [Fact]
    public void Dot_export_draws_layers_and_highlights_single_country_cuts()
    {
        var result = CliRunner.Run("export", "dot", Example("guangdong-huawei"));
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("digraph", result.Out, StringComparison.Ordinal);
        Assert.Contains("subgraph \"cluster_equipment\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"eda\" [label=\"eda\\nUS 96%\", fillcolor=\"#f4a6a6\"", result.Out, StringComparison.Ordinal);
        Assert.Contains("\"eda\" -> \"kirin-design\"", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_export_writes_components_providers_and_coalitions()
    {
        var result = CliRunner.Run("export", "csv", Example("guangdong-huawei"), "-o", _dir);
        Assert.Equal(0, result.ExitCode);
        var components = File.ReadAllLines(Path.Combine(_dir, "components.csv"));
        var providers = File.ReadAllLines(Path.Combine(_dir, "providers.csv"));
        var coalitions = File.ReadAllLines(Path.Combine(_dir, "coalitions.csv"));
        Assert.Equal("id,name,layer,hhi,top_supplier,top_share,foreign_share,providers", components[0]);
        Assert.Equal(69, components.Length);
        Assert.Contains(providers, l => l.StartsWith("euv-scanner,asml,NL,no,1,", StringComparison.Ordinal));
        // Sources with commas are quoted.
        Assert.Contains(providers, l => l.Contains(",\"", StringComparison.Ordinal));
        // Under the US rule on Huawei four countries each cut the phone alone; the coalitions are listed smallest first, by name.
        Assert.StartsWith("CN-GD,huawei-ai-phone,1,GB,", coalitions[1], StringComparison.Ordinal);
        Assert.Contains(coalitions, l => l.StartsWith("CN-GD,huawei-ai-phone,1,US,", StringComparison.Ordinal));
    }

    [Fact]
    public void Csv_export_needs_a_folder()
    {
        var result = CliRunner.Run("export", "csv", Example("guangdong-huawei"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-o FOLDER", result.Err, StringComparison.Ordinal);
    }
}
