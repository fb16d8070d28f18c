using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Formats.Models;
using Chokepoint.Testing;

namespace Chokepoint.Operations.Tests;

/// <summary>
/// The checks of the operations layer, made once for both adapters: each bad request is refused
/// with a message that names the field as the adapter spells it.
/// </summary>
public sealed class RequestTests
{
    /// <summary>Fields from a dictionary, spelled &lt;name&gt; so that a test sees which one a message names.</summary>
    private sealed class Given(Dictionary<string, object> values) : IRequestFields
    {
        public string Spell(string field) => $"<{field}>";

        public string? String(string field) => values.GetValueOrDefault(field) as string;

        public bool? Bool(string field) => values.GetValueOrDefault(field) as bool?;

        public double? Number(string field) => values.GetValueOrDefault(field) switch
        {
            int i => i,
            double d => d,
            _ => null,
        };

        public IReadOnlyList<string>? List(string field) => values.GetValueOrDefault(field) as string[];

        public IReadOnlyList<KeyValuePair<string, double>>? Map(string field) =>
            values.GetValueOrDefault(field) is Dictionary<string, double> d ? d.ToList() : null;
    }

    private static Given Fields(params (string Key, object Value)[] values) => new(values.ToDictionary(v => v.Key, v => v.Value));

    private static StackModel Guangdong { get; } = ModelLoader.Load(Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml")).Model!;

    private static void Refused(Action read, string field, string says)
    {
        var e = Assert.Throws<RequestException>(read);
        Assert.Equal(field, e.Field);
        Assert.StartsWith($"<{field}>", e.Message, StringComparison.Ordinal);
        Assert.Contains(says, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_request_takes_the_documented_defaults()
    {
        var r = StackRequests.Analysis(Fields());
        Assert.Equal(StackRequests.DefaultMaxOrder, r.MaxOrder);
        Assert.Equal(PerspectiveOptions.DefaultDeMinimis, r.Perspective.DeMinimis);
        Assert.Equal(EventKind.Jurisdictions, r.Perspective.Events);
        Assert.False(r.Perspective.Reach);
        Assert.Empty(r.Probabilities);
        Assert.Equal(SamplingRequest.None, SamplingRequest.Read(Fields()));
        Assert.Equal(RecoverOperation.DefaultMonths, RecoverOperation.Read(Fields(("restrict", new[] { "US" })), Guangdong).Months);
    }

    [Theory]
    [InlineData(-1, "must be 1 or more, not -1")]
    [InlineData(0, "must be 1 or more, not 0")]
    [InlineData(2.5, "must be a whole number, not 2.5")]
    public void The_order_limit_is_a_whole_number_of_1_or_more(double value, string says) =>
        Refused(() => StackRequests.Analysis(Fields(("max_order", value))), "max_order", says);

    [Theory]
    [InlineData(2.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_probability_outside_0_1_is_refused_before_anything_runs(double p) =>
        Refused(() => StackRequests.Analysis(Fields(("prob", new Dictionary<string, double> { ["US"] = p }))), "prob", "gives 'US'");

    [Fact]
    public void Probabilities_within_0_1_are_typed_probabilities() =>
        Assert.Equal(0.2, StackRequests.Analysis(Fields(("prob", new Dictionary<string, double> { ["US"] = 0.2 }))).Probabilities["US"].Value);

    [Theory]
    [InlineData(1.5)]
    [InlineData(-0.5)]
    public void De_minimis_is_a_share(double value) =>
        Refused(() => StackRequests.Analysis(Fields(("de_minimis", value))), "de_minimis", "must be a share in [0, 1]");

    [Fact]
    public void Events_are_jurisdictions_or_firms() =>
        Refused(() => StackRequests.Analysis(Fields(("events", "people"))), "events", "must be jurisdictions or firms, not 'people'");

    [Fact]
    public void A_saved_scenario_and_restrict_together_are_refused_not_one_silently_preferred() =>
        Refused(() => StackRequests.Scenario(Fields(("scenario", "us-tool-and-eda-controls"), ("restrict", new[] { "US" })), Guangdong), "scenario", "<restrict> and the scope cannot be given too");

    [Fact]
    public void A_scenario_needs_someone_who_restricts() =>
        Refused(() => StackRequests.Scenario(Fields(), Guangdong), "restrict", "is missing");

    [Fact]
    public void Samples_are_0_or_more_and_a_job_needs_at_least_one()
    {
        Refused(() => ScenarioOperation.Read(Fields(("restrict", new[] { "US" }), ("samples", -5)), Guangdong), "samples", "must be 0 or more");
        Refused(() => ScenarioOperation.Samples.Read(Fields(("restrict", new[] { "US" }), ("samples", 0)), Guangdong), "samples", "must be 1 or more");
        Assert.Equal(ScenarioOperation.Samples.DefaultSamples, ScenarioOperation.Samples.Read(Fields(("restrict", new[] { "US" })), Guangdong).Sampling.Samples);
    }

    [Fact]
    public void A_leverage_matrix_needs_two_distinct_homes() =>
        Refused(() => LeverageOperation.Read(Fields(("homes", new[] { "US", "US" }))), "homes", "at least two homes");

    [Theory]
    [InlineData(-1.0, "must be a number of 0 or more, not -1")]
    [InlineData(double.PositiveInfinity, "must be a number of 0 or more")]
    public void The_budget_is_a_finite_amount_of_0_or_more(double budget, string says) =>
        Refused(() => OptimizeOperation.Read(Fields(("budget", budget))), "budget", says);

    [Fact]
    public void The_budget_is_required_and_the_objective_is_one_of_three()
    {
        Refused(() => OptimizeOperation.Read(Fields()), "budget", "is missing");
        Refused(() => OptimizeOperation.Read(Fields(("budget", 1.0), ("objective", "beauty"))), "objective", "must be coalition, probability or capacity");
    }

    [Fact]
    public void The_horizon_of_a_recovery_is_bounded() =>
        Refused(() => RecoverOperation.Read(Fields(("restrict", new[] { "US" }), ("months", 5000)), Guangdong), "months", "must be between 0 and 1200");

    [Fact]
    public void The_file_verbs_refuse_bad_fields_by_name()
    {
        Refused(() => FaultTreeOperation.Read("t.xml", Fields(("limit_order", -1))), "limit_order", "must be 0 or more, not -1.");
        Refused(() => FaultTreeOperation.Read("t.xml", Fields(("limit_order", 1.5))), "limit_order", "must be a whole number");
        Refused(() => FaultTreeOperation.Read("t.xml", Fields(("cut_off", 2.0))), "cut_off", "must be a share in [0, 1]");
        Refused(() => FaultTreeOperation.Read("t.xml", Fields(("probability_only", true), ("count_only", true))), "count_only", "exclude each other");
        Refused(() => FaultTreeOperation.Read("t.xml", Fields(("probability_only", true), ("limit_order", 3))), "limit_order", "applies to cut sets");
        Refused(() => FaultTreeOperation.Read("t.xml", Fields(("probability_only", true), ("prime_implicants", true))), "prime_implicants", "applies to cut sets");
        Refused(() => ImportOperation.ReadCycloneDx("s.json", null, Fields(("home", "Germany"))), "home", "is not an ISO 3166 code");
        Refused(() => ExportOperation.Read("pdf", Fields()), "format", "is not an export format");
        Refused(() => ReportOperation.Read(Fields(("months", -3))), "months", "must be between 0 and 1200");
    }

    [Fact]
    public void The_file_verbs_take_their_documented_defaults()
    {
        var tree = FaultTreeOperation.Read("t.xml", Fields());
        Assert.Equal(new FaultTreeOperation.Request("t.xml", null, null, ListSets: true, PrimeImplicants: false), tree);
        Assert.Equal(FaultTreeOperation.Mode.Full, tree.Mode);
        Assert.Equal((FaultTreeOperation.Mode.CountOnly, false), (FaultTreeOperation.Read("t.xml", Fields(("count_only", true))).Mode, FaultTreeOperation.Read("t.xml", Fields(("count_only", true))).ListSets));
        Assert.Equal(ReportOperation.DefaultMonths, ReportOperation.Read(Fields()).Months);
        Assert.Empty(ReportOperation.Read(Fields()).Homes);
        Assert.Null(ImportOperation.ReadCycloneDx("s.json", null, Fields()).Home);
    }
}
