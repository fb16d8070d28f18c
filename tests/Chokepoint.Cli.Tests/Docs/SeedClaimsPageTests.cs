using System.Text.Json;
using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Docs;

/// <summary>
/// docs/seed-claims.md states the tool's figures for the essay's five claims, each followed by a
/// figure marker (see <see cref="FigureMarker"/>). These tests keep every one of them true.
/// </summary>
public sealed class SeedClaimsPageTests
{
    private static string PagePath => Path.Combine(TestPaths.RepoRoot, "docs", "seed-claims.md");

    [Fact]
    public void Every_figure_on_the_seed_claims_page_is_what_the_tool_answers()
    {
        var page = FigureMarker.Read(File.ReadAllText(PagePath));
        Assert.NotEmpty(page.Markers);
        var failures = new List<string>(page.Malformed);
        foreach (var marker in page.Markers)
        {
            if (!page.ListedCommands.Contains(marker.Command))
            {
                failures.Add($"line {marker.Line}: {marker.Text}: the command is not on any 'chokepoint ...' line of the page");
            }

            if (!marker.Arguments.Contains("--json"))
            {
                failures.Add($"line {marker.Line}: {marker.Text}: the command needs --json");
            }
        }

        // Each distinct command runs once, from the repository root, as a reader would run it.
        foreach (var command in page.Markers.GroupBy(m => m.Command, StringComparer.Ordinal))
        {
            var result = CliRunner.RunIn(TestPaths.RepoRoot, command.First().Arguments);
            JsonNode? output = null;
            var error = result.ExitCode != 0 ? $"exit code {result.ExitCode}: {result.Err.Trim()}" : null;
            if (error is null)
            {
                try
                {
                    output = JsonNode.Parse(result.Out);
                }
                catch (JsonException e)
                {
                    error = $"output is not JSON: {e.Message}";
                }
            }

            foreach (var marker in command)
            {
                if ((error ?? marker.Check(output)) is { } problem)
                {
                    failures.Add($"line {marker.Line}: {marker.Text}: {problem}");
                }
            }
        }

        Assert.True(failures.Count == 0,
            $"{failures.Count} of {page.Markers.Count} figures on docs/seed-claims.md do not hold (update the prose and the marker from the same run):\n"
            + string.Join("\n", failures));
    }

    [Fact]
    public void A_figure_marker_reports_a_wrong_value_a_missing_key_and_prose_that_says_otherwise()
    {
        const string Markdown = """
            ```sh
            chokepoint analyze m.yaml --json
            ```
            Kept 44.6% <!-- figure: analyze m.yaml --json | leverage[jurisdiction=CN].retained = 44.6% -->,
            cut by CN, US <!-- figure: analyze m.yaml --json | cut_sets.sets = [CN, US+TW] -->,
            smallest 1 <!-- figure: analyze m.yaml --json | cut_sets.sets[0].length = 2 -->,
            breaks eda <!-- figure: analyze m.yaml --json | cut_sets.sets[*] has [CN, eda] -->,
            said 45% <!-- figure: analyze m.yaml --json | leverage[jurisdiction=CN].retained = 44.6% -->,
            gone <!-- figure: analyze m.yaml --json | nothing.here = null -->, <!-- figure: unreadable -->
            """;
        var output = JsonNode.Parse("""{"cut_sets": {"sets": [["CN"], ["US", "TW"]]}, "leverage": [{"jurisdiction": "CN", "retained": 0.445534}]}""");

        var page = FigureMarker.Read(Markdown);

        Assert.Equal(["analyze m.yaml --json"], page.ListedCommands);
        Assert.Single(page.Malformed);
        Assert.Equal([null, null, "actual 1", "expected it to contain eda; actual [[\"CN\"],[\"US\",\"TW\"]]",
            "the text before the marker does not say '44.6%'", "no key 'nothing'"], page.Markers.Select(m => m.Check(output)));
    }
}
