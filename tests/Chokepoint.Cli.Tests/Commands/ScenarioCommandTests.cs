using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ScenarioCommandTests
{
    private static string Example(string name) => Path.Combine(TestPaths.Examples, name);

    private static string Valid(string name) => Path.Combine(TestPaths.TestModels, "valid", name);

    private static JsonElement RunJson(params string[] args)
    {
        var result = CliRunner.Run([.. args, "--json"]);
        Assert.True(result.ExitCode == 0, result.All);
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    [Fact]
    public void A_scenario_reports_failures_capacities_and_the_target()
    {
        var json = RunJson("scenario", Valid("cuttable.yaml"), "--restrict", "NL,JP");
        Assert.Equal("CN-GD", json.GetProperty("home").GetString());
        Assert.Equal("ai-phone", json.GetProperty("target").GetString());
        Assert.Equal(["NL", "JP"], json.GetProperty("restricted").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(["duv-scanner", "euv-scanner", "logic-7nm", "phone"], json.GetProperty("failed").EnumerateArray().Select(x => x.GetString()));
        Assert.Equal(0, json.GetProperty("target_capacity").GetDouble());
        Assert.Equal(6, json.GetProperty("capacity").EnumerateObject().Count());
        Assert.Equal(0.97, json.GetProperty("capacity").GetProperty("eda").GetDouble(), 9);
    }

    [Fact]
    public void A_scope_limits_the_restriction_to_its_layers()
    {
        var json = RunJson("scenario", Valid("cuttable.yaml"), "--restrict", "US", "--scope", "layer=equipment");
        Assert.True(json.GetProperty("target_available").GetBoolean());
        Assert.Empty(json.GetProperty("failed").EnumerateArray());
    }

    [Fact]
    public void The_saved_scenarios_of_the_shipped_stacks_run()
    {
        var guangdong = RunJson("scenario", Example("guangdong-huawei.yaml"), "--scenario", "us-nl-jp-controls");
        Assert.False(guangdong.GetProperty("target_available").GetBoolean());
        Assert.True(guangdong.GetProperty("reach").GetBoolean());
        var korea = RunJson("scenario", Example("korea-samsung.yaml"), "--scenario", "loss-of-us-software");
        Assert.Contains("google-mobile-services", korea.GetProperty("failed").EnumerateArray().Select(x => x.GetString()));
        var india = RunJson("scenario", Example("india-phone.yaml"), "--scenario", "loss-of-chinese-components");
        Assert.Equal(["CN"], india.GetProperty("restricted").EnumerateArray().Select(x => x.GetString()));
    }

    [Fact]
    public void Recovery_follows_the_eda_substitute_in_the_guangdong_stack_without_todays_controls()
    {
        var json = RunJson("recover", Example("guangdong-huawei.yaml"), "--scenario", "us-tool-and-eda-controls", "--months", "72", "--no-standing");
        Assert.Empty(json.GetProperty("controls_in_force").EnumerateArray());
        // EDA licences last 24 months (stockpile); Chinese EDA reaches the 10% threshold 29 months later.
        Assert.Equal(24, json.GetProperty("first_cut_month").GetInt32());
        Assert.Equal(53, json.GetProperty("recovery_month").GetInt32());
        Assert.Equal(73, json.GetProperty("target_capacity").GetArrayLength());
        Assert.Equal("eda", json.GetProperty("critical_path").GetProperty("component").GetString());
    }

    [Fact]
    public void With_the_us_rule_on_huawei_in_force_the_phone_is_cut_sooner_and_does_not_recover()
    {
        // The standing control takes the foreign fabs and memory away for good: only the stockpiles of the scenario's inputs hold, and no substitute is enough.
        var json = RunJson("recover", Example("guangdong-huawei.yaml"), "--scenario", "us-tool-and-eda-controls", "--months", "72");
        Assert.Equal(["us-fdpr-huawei"], json.GetProperty("controls_in_force").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        Assert.True(json.GetProperty("first_cut_month").GetInt32() < 24);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("recovery_month").ValueKind);
        var retained = json.GetProperty("target_retained").EnumerateArray().Select(x => x.GetDouble()).ToList();
        Assert.InRange(retained[0], 0.01, 0.99);
        Assert.Equal(0, retained[^1]);
    }

    [Fact]
    public void Recover_draws_a_text_chart()
    {
        var result = CliRunner.Run("recover", Example("guangdong-huawei.yaml"), "--scenario", "us-tool-and-eda-controls", "--months", "72", "--no-standing");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("month 0", result.Out, StringComparison.Ordinal);
        Assert.Contains("#", result.Out, StringComparison.Ordinal);
        Assert.Contains("critical path: substitution of eda", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_seed_gives_byte_identical_monte_carlo_json()
    {
        string[] args = ["recover", Example("guangdong-huawei.yaml"), "--scenario", "us-tool-and-eda-controls", "--samples", "64", "--seed", "9", "--json"];
        var a = CliRunner.Run(args);
        var b = CliRunner.Run(args);
        Assert.Equal(0, a.ExitCode);
        Assert.Equal(a.Out, b.Out);
        var bands = JsonDocument.Parse(a.Out).RootElement.GetProperty("uncertainty");
        Assert.Equal(64, bands.GetProperty("samples").GetProperty("done").GetInt32());
    }

    [Fact]
    public void Diff_reports_changed_providers_leverage_shifts_and_saved_scenarios()
    {
        var json = RunJson("diff", Valid("cuttable.yaml"), Valid("cuttable-v2.yaml"));
        var providers = json.GetProperty("providers").EnumerateArray().Select(p => $"{p.GetProperty("component").GetString()}:{p.GetProperty("provider").GetString()}:{p.GetProperty("change").GetString()}").ToList();
        Assert.Equal(["duv-scanner:asml (NL):share", "eda:JP:added"], providers);
        Assert.Contains("JP", json.GetProperty("leverage").EnumerateArray().Select(l => l.GetProperty("jurisdiction").GetString()));
        Assert.Equal("us-alone", json.GetProperty("scenarios")[0].GetProperty("scenario").GetString());
        Assert.True(json.GetProperty("scenarios")[0].GetProperty("new_cut").GetBoolean());
    }

    [Theory]
    [InlineData("scenario", "--restrict", "XX", "unknown jurisdiction or bloc 'XX'")]
    [InlineData("scenario", "--restrict", "CN", "domestic")]
    [InlineData("scenario", "--scenario", "nope", "no scenario named 'nope'")]
    [InlineData("recover", "--scope", "shelf=top", "must be layer=NAME or component=ID")]
    [InlineData("scenario", "--scope", "layer=equipment", "say who restricts")]
    public void Bad_scenarios_are_clear_errors(string verb, string option, string value, string expected)
    {
        // A scope needs someone restricting before its own entries are read.
        string[] args = value.StartsWith("shelf", StringComparison.Ordinal)
            ? [verb, Valid("cuttable.yaml"), "--restrict", "US", option, value]
            : [verb, Valid("cuttable.yaml"), option, value];
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
    }
}
