using System.Text.Json;
using Chokepoint.Cli.Commands;
using Chokepoint.Operations;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class FaultTreeCommandTests : IDisposable
{
    // top = (a ∧ b) ∨ (a ∧ c) ∨ 2-of-{b, c, d}: cut sets {a,b} {a,c} {b,c} {b,d} {c,d}.
    private const string Model = """
        <?xml version="1.0"?>
        <opsa-mef>
        <define-fault-tree name="t">
        <define-gate name="top"><or><gate name="g1"/><gate name="g2"/></or></define-gate>
        <define-gate name="g1"><and><basic-event name="a"/><or><basic-event name="b"/><basic-event name="c"/></or></and></define-gate>
        <define-gate name="g2"><atleast min="2"><basic-event name="b"/><basic-event name="c"/><basic-event name="d"/></atleast></define-gate>
        </define-fault-tree>
        <model-data>
        <define-basic-event name="a"><float value="0.1"/></define-basic-event>
        <define-basic-event name="b"><float value="0.2"/></define-basic-event>
        <define-basic-event name="c"><float value="0.3"/></define-basic-event>
        <define-basic-event name="d"><float value="0.4"/></define-basic-event>
        </model-data>
        </opsa-mef>
        """;

    private readonly string _dir = Chokepoint.Testing.TempFolders.Create("chokepoint-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>The options of one run, as the command line gives them.</summary>
    private sealed record Settings(string File, int? LimitOrder, double? CutOff, bool NoCutSets, bool PrimeImplicants, bool Json);

    private static (int Code, string Out, string Err) Run(Settings settings, bool terminal = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var request = new FaultTreeOperation.Request(settings.File, settings.LimitOrder, settings.CutOff is { } c ? new Logic.Probability(c) : null, !settings.NoCutSets, settings.PrimeImplicants);
        var code = FaultTreeCommand.Run(request, settings.Json, output, error, terminal);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Json_output_has_exactly_the_documented_top_level_keys_and_the_sorted_sets()
    {
        var (code, output, error) = Run(new(Write("t.xml", Model), null, null, false, false, true));
        Assert.Equal(0, code);
        Assert.Equal("", error);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal(
            ["top_event", "basic_events", "gates", "cut_sets", "probability", "importance", "seconds"],
            root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("top", root.GetProperty("top_event").GetString());
        Assert.Equal(4, root.GetProperty("basic_events").GetInt32());
        Assert.Equal(3, root.GetProperty("gates").GetInt32());
        var cutSets = root.GetProperty("cut_sets");
        Assert.Equal(5, cutSets.GetProperty("count").GetInt32());
        Assert.Equal(5, cutSets.GetProperty("by_order").GetProperty("2").GetInt32());
        Assert.Equal(
            ["a b", "a c", "b c", "b d", "c d"],
            cutSets.GetProperty("sets").EnumerateArray().Select(s => string.Join(' ', s.EnumerateArray().Select(e => e.GetString()))));
        Assert.Equal(
            ["event", "birnbaum", "criticality", "fussell_vesely", "raw", "rrw"],
            root.GetProperty("importance")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(4, root.GetProperty("importance").GetArrayLength());
    }

    [Fact]
    public void Json_probability_is_the_exact_probability_of_the_tree()
    {
        var (_, output, _) = Run(new(Write("t.xml", Model), null, null, true, false, true));
        using var doc = JsonDocument.Parse(output);

        // By hand: P = P(a∧(b∨c) ∨ 2-of-{b,c,d}), summing over b and c.
        double a = 0.1, b = 0.2, c = 0.3, d = 0.4;
        var expected = (b * c) + (b * (1 - c) * (a + ((1 - a) * d))) + ((1 - b) * c * (a + ((1 - a) * d)));
        Assert.Equal(expected, doc.RootElement.GetProperty("probability").GetDouble(), 1e-12);
    }

    [Fact]
    public void Json_output_matches_the_approved_snapshot()
    {
        var (_, output, _) = Run(new(Write("t.xml", Model), null, null, false, false, true));
        var received = System.Text.RegularExpressions.Regex.Replace(output, "\"seconds\": [0-9.Ee+-]+", "\"seconds\": 0").ReplaceLineEndings("\n");
        var approved = Path.Combine(RepositoryRoot(), "tests", "Chokepoint.Cli.Tests", "Commands", "Approved", "fault-tree.approved.json");
        if (!File.Exists(approved) || File.ReadAllText(approved) != received)
        {
            File.WriteAllText(Path.ChangeExtension(approved, ".received.json"), received);
            Assert.Fail($"The JSON differs from {approved}; the output is in fault-tree.approved.received.json next to it. Approve it by renaming if the change is intended.");
        }
    }

    private static string RepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Chokepoint.slnx")))
            {
                return d.FullName;
            }
        }

        throw new InvalidOperationException("Chokepoint.slnx not found above the test binaries.");
    }

    [Fact]
    public void No_cut_sets_omits_the_list_but_keeps_the_counts()
    {
        var (code, output, _) = Run(new(Write("t.xml", Model), null, null, true, false, true));
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var cutSets = doc.RootElement.GetProperty("cut_sets");
        Assert.False(cutSets.TryGetProperty("sets", out _));
        Assert.Equal(5, cutSets.GetProperty("count").GetInt32());
    }

    [Fact]
    public void Limit_order_counts_only_the_small_sets()
    {
        var (_, output, _) = Run(new(Write("t.xml", Model), 1, null, false, false, true));
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(0, doc.RootElement.GetProperty("cut_sets").GetProperty("count").GetInt32());
    }

    [Fact]
    public void Plain_text_output_reports_counts_by_order_probability_and_importance()
    {
        var (code, output, _) = Run(new(Write("t.xml", Model), null, null, false, false, false));
        Assert.Equal(0, code);
        Assert.Contains("Minimal cut sets: 5", output, StringComparison.Ordinal);
        Assert.Contains("  order 2: 5", output, StringComparison.Ordinal);
        Assert.Contains("Probability (exact): ", output, StringComparison.Ordinal);
        Assert.Contains("Most important events", output, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_output_draws_tables()
    {
        var (code, output, _) = Run(new(Write("t.xml", Model), null, null, false, false, false), terminal: true);
        Assert.Equal(0, code);
        Assert.Contains("Fussell–Vesely", output, StringComparison.Ordinal);
        Assert.Contains("─", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_bad_input_with_a_message_naming_it()
    {
        var path = Path.Combine(_dir, "missing.xml");
        var (code, output, error) = Run(new(path, null, null, false, false, true));
        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains(path, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_file_is_bad_input_naming_file_and_line_without_a_stack_trace()
    {
        var path = Write("bad.xml", Model.Replace("<basic-event name=\"d\"/>", "<basic-event name=\"ghost\"/>", StringComparison.Ordinal));
        var (code, _, error) = Run(new(path, null, null, false, false, false));
        Assert.Equal(2, code);
        Assert.Contains($"{path}:6:", error, StringComparison.Ordinal);
        Assert.Contains("'ghost' is not defined", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_option_value_is_bad_input()
    {
        var result = CliRunner.Run("fault-tree", "x.xml", "--cut-off", "1.5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--cut-off", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_is_available_and_succeeds()
    {
        var help = CliRunner.Run("fault-tree", "--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Equal("", help.Err);
        Assert.All(new[] { "Usage:", "fault-tree", "--json", "--cut-off", "--limit-order", "--no-cut-sets" }, word => Assert.Contains(word, help.Out, StringComparison.Ordinal));
    }

    [Fact]
    public void Probability_only_gives_the_exact_probability_alone_and_count_only_the_counts_without_importance()
    {
        var file = Write("t.xml", Model);
        var full = JsonDocument.Parse(CliRunner.Run("fault-tree", file, "--json").Out).RootElement;
        var probability = CliRunner.Run("fault-tree", file, "--probability-only", "--json");
        var count = CliRunner.Run("fault-tree", file, "--count-only", "--json");
        Assert.True(probability.ExitCode == 0 && count.ExitCode == 0, probability.Err + count.Err);

        var p = JsonDocument.Parse(probability.Out).RootElement;
        Assert.Equal(["top_event", "basic_events", "gates", "probability", "seconds"], p.EnumerateObject().Select(x => x.Name));
        Assert.Equal(full.GetProperty("probability").GetDouble(), p.GetProperty("probability").GetDouble());
        var c = JsonDocument.Parse(count.Out).RootElement;
        Assert.Equal(["top_event", "basic_events", "gates", "cut_sets", "probability", "seconds"], c.EnumerateObject().Select(x => x.Name));
        Assert.Equal(5, c.GetProperty("cut_sets").GetProperty("count").GetInt32());
        Assert.False(c.GetProperty("cut_sets").TryGetProperty("sets", out _));
        Assert.Equal(full.GetProperty("cut_sets").GetProperty("by_order").GetRawText(), c.GetProperty("cut_sets").GetProperty("by_order").GetRawText());

        var text = CliRunner.Run("fault-tree", file, "--probability-only");
        Assert.Contains("Probability (exact): ", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("cut sets", text.Out, StringComparison.Ordinal);
        var counts = CliRunner.Run("fault-tree", file, "--count-only");
        Assert.Contains("Minimal cut sets: 5", counts.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Fussell", counts.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--limit-order", "2", "applies to cut sets")]
    [InlineData("--count-only", null, "exclude each other")]
    public void Probability_only_refuses_options_about_cut_sets(string option, string? value, string message)
    {
        var file = Write("t.xml", Model);
        var r = CliRunner.Run(["fault-tree", file, "--probability-only", option, .. value is null ? Array.Empty<string>() : [value]]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Err, StringComparison.Ordinal);
    }
}
