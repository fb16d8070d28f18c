using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class AnalysisCommandTests
{
    private static string Example(string name) => Path.Combine(TestPaths.Examples, name);

    private static string DesignExample => Path.Combine(TestPaths.TestModels, "valid", "design-example.yaml");

    /// <summary>The design example with thresholds on DUV and EDA, so that {US} and {JP, NL} cut it.</summary>
    private static string Cuttable => Path.Combine(TestPaths.TestModels, "valid", "cuttable.yaml");

    private static JsonDocument RunJson(params string[] args)
    {
        var result = CliRunner.Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.Out);
    }

    private static List<string> Sets(JsonDocument doc) =>
        doc.RootElement.GetProperty("cut_sets").GetProperty("sets").EnumerateArray()
            .Select(s => string.Join("+", s.EnumerateArray().Select(x => x.GetString()))).ToList();

    [Fact]
    public void The_netherlands_alone_cuts_a_chinese_home_off_euv_lithography()
    {
        using var doc = RunJson("chokepoints", Example("guangdong-huawei.yaml"), "--target", "euv-scanner");
        Assert.Contains("NL", Sets(doc));
        Assert.Equal("CN-GD", doc.RootElement.GetProperty("home").GetString());
    }

    [Fact]
    public void With_reach_a_us_restriction_cuts_guangdong_off_foreign_leading_edge_foundries()
    {
        using var withReach = RunJson("chokepoints", Example("guangdong-huawei.yaml"), "--target", "foundry-leading-edge", "--reach");
        using var withoutReach = RunJson("chokepoints", Example("guangdong-huawei.yaml"), "--target", "foundry-leading-edge");
        Assert.Contains("US", Sets(withReach));
        Assert.DoesNotContain("US", Sets(withoutReach));
    }

    [Fact]
    public void The_compare_table_runs_for_the_four_shipped_stacks()
    {
        var stacks = new[] { "guangdong-huawei.yaml", "korea-samsung.yaml", "india-phone.yaml", "us-ai-server.yaml" }.Select(Example).ToArray();
        using var doc = RunJson(["compare", .. stacks]);
        var rows = doc.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(["CN-GD", "KR", "IN", "US"], rows.Select(r => r.GetProperty("home").GetString()));
        Assert.All(rows, r => Assert.InRange(r.GetProperty("baseline_capacity").GetDouble(), 0, 1));

        var text = CliRunner.Run(["compare", .. stacks]);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("strongest holder", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Analyze_of_the_design_example_matches_its_snapshot()
    {
        var dir = Path.Combine(TestPaths.TestModels, "valid");
        var text = CliRunner.RunIn(dir, "analyze", "cuttable.yaml");
        var json = CliRunner.RunIn(dir, "analyze", "cuttable.yaml", "--json");
        Assert.Equal(0, text.ExitCode);
        Approvals.Verify(text.Out, "analyze-cuttable");
        Approvals.Verify(json.Out, "analyze-cuttable-json");
    }

    [Fact]
    public void The_design_example_with_thresholds_is_cut_by_the_us_alone_and_by_the_netherlands_with_japan()
    {
        using var doc = RunJson("chokepoints", Cuttable);
        Assert.Equal(["US", "JP+NL"], Sets(doc));
        Assert.Equal(1, doc.RootElement.GetProperty("cut_sets").GetProperty("by_order").GetProperty("1").GetInt32());
    }

    [Fact]
    public void Probabilities_from_the_command_line_give_the_exact_probability_of_a_cut()
    {
        using var doc = RunJson("chokepoints", Cuttable, "--prob", "US=0.5", "--prob", "NL=0.2,JP=10%");
        // P(US or (NL and JP)) = 0.5 + 0.5 · 0.02.
        Assert.Equal(0.5 + 0.5 * 0.02, doc.RootElement.GetProperty("probability").GetDouble(), 9);
    }

    [Fact]
    public void The_models_restriction_probabilities_are_used_when_none_are_given()
    {
        using var doc = RunJson("chokepoints", Cuttable);
        Assert.Equal(0.3 + 0.7 * 0.02, doc.RootElement.GetProperty("probability").GetDouble(), 9);
    }

    [Fact]
    public void Without_thresholds_a_domestic_provider_keeps_the_design_example_uncuttable()
    {
        using var doc = RunJson("chokepoints", DesignExample);
        Assert.Empty(Sets(doc));
        using var narrowed = RunJson("chokepoints", DesignExample, "--domestic", "CN-GD", "--reach");
        Assert.Equal(["CN", "JP", "NL", "US"], Sets(narrowed));
    }

    [Fact]
    public void Firms_can_be_the_events()
    {
        using var doc = RunJson("chokepoints", DesignExample, "--events", "firms");
        // Only ASML is a foreign firm; the US and Japanese providers are not firms, so no firm can cut the phone.
        Assert.Empty(Sets(doc));
        using var euv = RunJson("chokepoints", DesignExample, "--events", "firms", "--target", "euv-scanner");
        Assert.Equal(["asml"], Sets(euv));
    }

    [Theory]
    [InlineData("analyze")]
    [InlineData("chokepoints")]
    public void The_same_inputs_give_byte_identical_json(string verb)
    {
        var a = CliRunner.Run(verb, Example("korea-samsung.yaml"), "--reach", "--json");
        var b = CliRunner.Run(verb, Example("korea-samsung.yaml"), "--reach", "--json");
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Out, b.Out);
    }

    [Theory]
    [InlineData("analyze", "--home", "XX", "unknown jurisdiction 'XX'")]
    [InlineData("chokepoints", "--home", "C", "unknown jurisdiction 'C'")]
    [InlineData("analyze", "--target", "phonee", "Did you mean 'phone'?")]
    [InlineData("chokepoints", "--domestic", "ZZ", "unknown jurisdiction 'ZZ'")]
    [InlineData("analyze", "--friendly", "QQ", "unknown jurisdiction 'QQ'")]
    [InlineData("chokepoints", "--prob", "US=2", "--prob gives 'US' 2, which is not a probability")]
    [InlineData("chokepoints", "--prob", "FR=0.1", "not a restriction event")]
    [InlineData("analyze", "--events", "people", "--events must be")]
    public void Unknown_homes_jurisdictions_and_components_are_clear_errors(string verb, string option, string value, string expected)
    {
        var result = CliRunner.Run(verb, DesignExample, option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Leverage_and_compare_reject_unknown_homes()
    {
        Assert.Equal(2, CliRunner.Run("leverage", DesignExample, "--homes", "CN,XX").ExitCode);
        Assert.Equal(2, CliRunner.Run("compare", DesignExample, "--homes", "XX").ExitCode);
    }

    [Fact]
    public void The_leverage_matrix_shows_who_cuts_whom_and_the_asymmetry()
    {
        using var doc = RunJson("leverage", Cuttable, "--homes", "CN-GD,US,NL");
        var cells = doc.RootElement.GetProperty("cells").EnumerateArray().ToList();
        var usOverGd = cells.Single(c => c.GetProperty("holder").GetString() == "US" && c.GetProperty("home").GetString() == "CN-GD");
        Assert.True(usOverGd.GetProperty("cut_power").GetBoolean());
        Assert.Equal(1, usOverGd.GetProperty("smallest_coalition").GetInt32());
        double Score(string holder, string home) => cells.Single(c => c.GetProperty("holder").GetString() == holder && c.GetProperty("home").GetString() == home).GetProperty("score").GetDouble();

        // Every pair once, oriented so that A holds more over B, with the value L(A,B) − L(B,A) of the cells.
        var pairs = doc.RootElement.GetProperty("asymmetry").EnumerateArray().Select(x => (A: x.GetProperty("a").GetString()!, B: x.GetProperty("b").GetString()!, Value: x.GetProperty("value").GetDouble())).ToList();
        Assert.Equal(3, pairs.Count);
        Assert.All(pairs, p => Assert.Equal(Score(p.A, p.B) - Score(p.B, p.A), p.Value, 9));

        // CN-GD alone cuts the Dutch target; NL's restriction only removes part of CN-GD's capacity: CN-GD holds more.
        var (a, b, value) = pairs.Single(p => new[] { p.A, p.B }.Order(StringComparer.Ordinal).SequenceEqual(["CN-GD", "NL"]));
        Assert.Equal(("CN-GD", "NL"), (a, b));
        Assert.Equal(1, Score("CN-GD", "NL"));
        Assert.InRange(Score("NL", "CN-GD"), 0.01, 0.99);
        Assert.Equal(1 - Score("NL", "CN-GD"), value, 9);
        Assert.Equal(3, doc.RootElement.GetProperty("ranking").GetArrayLength());
    }
}
