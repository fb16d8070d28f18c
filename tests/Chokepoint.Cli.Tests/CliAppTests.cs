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
    [InlineData("examples")]
    [InlineData("examples list")]
    [InlineData("examples copy")]
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
        var verbs = new[] { "validate", "show", "analyze", "chokepoints", "leverage", "compare", "scenario", "recover", "diff", "optimize", "export", "report", "serve", "fault-tree", "generate", "import", "examples" };
        var listed = result.Out.Split('\n').Select(l => l.TrimStart()).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Assert.All(verbs, v => Assert.Contains(v, listed));
    }

    [Fact]
    public void Version_prints_the_version_and_the_commit_it_was_built_from()
    {
        var result = CliRunner.Run("--version");
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.]+)? \(commit [0-9a-f]{40}\)\n$", result.Out);
    }

    [Theory]
    [InlineData("0.2.0+0123456789abcdef0123456789abcdef01234567", "0.2.0 (commit 0123456789abcdef0123456789abcdef01234567)")]
    [InlineData("0.1.0-preview.0.12+abc", "0.1.0-preview.0.12 (commit abc)")]
    [InlineData("0.1.0-preview.0", "0.1.0-preview.0 (commit unknown: built outside a git clone)")]
    public void The_version_line_splits_the_commit_off_the_informational_version(string informational, string line)
    {
        Assert.Equal(line, VersionAction.Text(informational));
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
