namespace Chokepoint.Cli.Tests;

public sealed class CliAppTests
{
    [Theory]
    [InlineData("validate")]
    [InlineData("show")]
    [InlineData("analyze")]
    [InlineData("chokepoints")]
    [InlineData("leverage")]
    [InlineData("compare")]
    [InlineData("scenario")]
    [InlineData("recover")]
    [InlineData("diff")]
    [InlineData("generate")]
    [InlineData("optimize")]
    [InlineData("fault-tree")]
    [InlineData("report")]
    [InlineData("export mef")]
    [InlineData("export dot")]
    [InlineData("export csv")]
    [InlineData("import eto")]
    [InlineData("import cyclonedx")]
    [InlineData("serve")]
    public void Every_verb_has_help(string verb)
    {
        var result = CliRunner.Run([.. verb.Split(' '), "--help"]);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Usage:", result.Out, StringComparison.Ordinal);
        Assert.Contains($" {verb} ", result.Out, StringComparison.Ordinal);
        Assert.Contains("--json", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_root_help_lists_the_verbs()
    {
        var result = CliRunner.Run("--help");
        Assert.Equal(0, result.ExitCode);
        var verbs = new[] { "validate", "show", "analyze", "chokepoints", "leverage", "compare", "scenario", "recover", "diff", "optimize", "export", "report", "serve", "fault-tree", "generate", "import" };
        var listed = result.Out.Split('\n').Select(l => l.TrimStart()).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(verbs, v => Assert.Contains(v, listed));
    }

    [Fact]
    public void Version_prints_a_version_number()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.Out);
    }

    [Fact]
    public void An_unknown_verb_exits_2_and_points_to_help()
    {
        var result = CliRunner.Run("analyse-everything");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--help", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_verb_without_its_file_exits_2()
    {
        var result = CliRunner.Run("show");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("chokepoint show --help", result.Err, StringComparison.Ordinal);
    }
}
