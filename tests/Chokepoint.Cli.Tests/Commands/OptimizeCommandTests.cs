using System.Text.Json;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class OptimizeCommandTests
{
    private static string Guangdong => Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml");

    [Fact]
    public void The_plan_for_guangdong_raises_the_smallest_cutting_coalition_and_is_re_verified()
    {
        // In the world without today's controls, a domestic EDA investment breaks the US's single cut.
        var result = CliRunner.Run("optimize", Guangdong, "--budget", "5e9", "--frontier", "--json", "--no-standing");
        Assert.True(result.ExitCode == 0, result.All);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.True(json.GetProperty("optimal").GetBoolean());
        Assert.Equal(1, json.GetProperty("before").GetProperty("smallest_coalition").GetInt32());
        Assert.True(json.GetProperty("after").GetProperty("smallest_coalition").GetInt32() >= 2);
        var plan = json.GetProperty("plan").EnumerateArray().ToList();
        Assert.Contains(plan, p => p.GetProperty("component").GetString() == "eda" && p.GetProperty("kind").GetString() == "domestic");
        Assert.All(plan, p => Assert.True(p.TryGetProperty("lead_time_months", out _) && p.TryGetProperty("cost", out _)));
        Assert.True(json.GetProperty("cost").GetDouble() <= 5e9);
        Assert.True(json.GetProperty("frontier").GetArrayLength() >= 2);
    }

    [Fact]
    public void The_optimizer_works_on_top_of_the_controls_in_force_and_names_them()
    {
        var result = CliRunner.Run("optimize", Guangdong, "--budget", "5e9", "--json");
        Assert.True(result.ExitCode == 0, result.All);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.Equal(["us-fdpr-huawei"], json.GetProperty("controls_in_force").EnumerateArray().Select(k => k.GetProperty("name").GetString()));
        // Under the US rule on Huawei four countries each cut the phone alone, and no affordable plan breaks all four: proven, so nothing is bought.
        Assert.Equal(1, json.GetProperty("before").GetProperty("smallest_coalition").GetInt32());
        Assert.Equal(1, json.GetProperty("after").GetProperty("smallest_coalition").GetInt32());
        Assert.True(json.GetProperty("optimal").GetBoolean());
        Assert.Empty(json.GetProperty("plan").EnumerateArray());
    }

    [Fact]
    public void A_budget_too_small_for_any_action_keeps_the_stack_as_it_is()
    {
        var json = JsonDocument.Parse(CliRunner.Run("optimize", Guangdong, "--budget", "1000", "--json").Out).RootElement;
        Assert.Empty(json.GetProperty("plan").EnumerateArray());
        Assert.Equal(json.GetProperty("before").GetProperty("smallest_coalition").GetInt32(), json.GetProperty("after").GetProperty("smallest_coalition").GetInt32());
    }

    [Fact]
    public void A_horizon_shorter_than_every_lead_time_leaves_no_candidate()
    {
        var json = JsonDocument.Parse(CliRunner.Run("optimize", Guangdong, "--budget", "5e10", "--horizon", "12", "--json").Out).RootElement;
        Assert.Equal(0, json.GetProperty("candidates").GetInt32());
    }

    [Theory]
    [InlineData("--objective", "beauty", "--objective must be")]
    [InlineData("--budget", "-1", "--budget must be a number of 0 or more, not -1")]
    [InlineData("--objective", "probability", "needs restriction probabilities")]
    [InlineData("--objective", "capacity", "needs named scenarios")]
    public void Bad_requests_are_clear_errors(string option, string value, string expected)
    {
        string[] args = option == "--budget" ? ["optimize", Guangdong, "--budget", value] : ["optimize", Guangdong, "--budget", "1e9", option, value];
        var result = CliRunner.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void The_capacity_objective_uses_saved_scenarios()
    {
        var result = CliRunner.Run("optimize", Guangdong, "--budget", "5e9", "--objective", "capacity", "--scenario", "us-tool-and-eda-controls", "--horizon", "72", "--json");
        Assert.True(result.ExitCode == 0, result.All);
        var json = JsonDocument.Parse(result.Out).RootElement;
        Assert.True(json.GetProperty("after").GetProperty("scenario_capacity").GetDouble() >= json.GetProperty("before").GetProperty("scenario_capacity").GetDouble());
    }
}
