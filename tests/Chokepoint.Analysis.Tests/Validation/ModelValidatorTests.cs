using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using static Chokepoint.Analysis.Tests.ModelBuilder;

namespace Chokepoint.Analysis.Tests.Validation;

public sealed class ModelValidatorTests
{
    [Fact]
    public void A_valid_model_has_no_findings()
    {
        var model = Base(
            C("euv", providers: Org("asml", 1.0)),
            C("fab", "fabrication", [Needs("euv")], Org("smic", 0.05)));
        Assert.Empty(ModelValidator.Validate(model));
    }

    [Fact]
    public void Every_problem_is_reported_not_only_the_first()
    {
        var model = Base(
            C("euv", providers: [Org("asml", 1.4), Org("nobody", 0.1)]),
            C("fab", "fabrication", [Needs("euvv")], Org("smic", 0.05)));
        var codes = ModelValidator.Validate(model).Select(d => d.Code).Order().ToList();
        Assert.Equal([DiagnosticCodes.UnknownReference, DiagnosticCodes.UnknownReference, DiagnosticCodes.ShareOutOfRange], codes);
    }

    [Fact]
    public void An_unknown_reference_suggests_the_nearest_id()
    {
        var model = Base(C("fab", "fabrication", [Needs("euv-scaner")], Org("smic", 0.05)), C("euv-scanner", providers: Org("asml", 1)));
        var d = Assert.Single(ModelValidator.Validate(model));
        Assert.Equal("components[0].requires[0]", d.Path);
        Assert.Contains("'euv-scanner'", d.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_in_requires_is_printed_in_full()
    {
        var model = Base(
            C("a", requires: [Needs("b")], providers: In("CN", 0.1)),
            C("b", requires: [Needs("c")], providers: In("CN", 0.1)),
            C("c", requires: [Needs("a")], providers: In("CN", 0.1)));
        var d = Assert.Single(ModelValidator.Validate(model));
        Assert.Equal(DiagnosticCodes.RequiresCycle, d.Code);
        Assert.Contains("a → b → c → a", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_component_that_requires_itself_is_a_cycle()
    {
        var model = Base(C("a", requires: [Needs("a")], providers: In("CN", 0.1)));
        Assert.Equal(DiagnosticCodes.RequiresCycle, Assert.Single(ModelValidator.Validate(model)).Code);
    }

    [Fact]
    public void Shares_summing_above_one_plus_tolerance_are_rejected_and_within_it_accepted()
    {
        var over = Base(C("duv", providers: [Org("asml", 0.62), In("JP", 0.35), In("CN", 0.06)]));
        var within = Base(C("duv", providers: [Org("asml", 0.62), In("JP", 0.35), In("CN", 0.04)]));
        Assert.Equal(DiagnosticCodes.SharesSumAboveOne, Assert.Single(ModelValidator.Validate(over)).Code);
        Assert.Empty(ModelValidator.Validate(within));
        Assert.Empty(ModelValidator.Validate(over with { ShareTolerance = 0.05 }));
    }

    [Theory]
    [InlineData(0, DiagnosticCodes.KLargerThanGroup)]
    [InlineData(3, DiagnosticCodes.KLargerThanGroup)]
    public void K_outside_its_group_is_rejected(int k, string code)
    {
        var model = Base(
            C("duv", providers: Org("asml", 0.6)),
            C("euv", providers: Org("asml", 1)),
            C("fab", "fabrication", [new AnyOfRequirement(["duv", "euv"], k)], Org("smic", 0.05)));
        var d = Assert.Single(ModelValidator.Validate(model));
        Assert.Equal(code, d.Code);
        Assert.Equal("components[2].requires[0].k", d.Path);
    }

    [Fact]
    public void Duplicate_ids_name_the_second_definition()
    {
        var model = Base(C("eda", "eda", providers: In("US", 0.9)), C("eda", "eda", providers: In("CN", 0.1)));
        var d = Assert.Single(ModelValidator.Validate(model));
        Assert.Equal(DiagnosticCodes.DuplicateId, d.Code);
        Assert.Equal("components[1].id", d.Path);
    }

    [Fact]
    public void Jurisdiction_parents_that_loop_are_rejected_once()
    {
        var model = Base() with
        {
            Jurisdictions = [new Jurisdiction { Id = "A", Parent = "B" }, new Jurisdiction { Id = "B", Parent = "A" }],
            Organizations = [],
        };
        var d = Assert.Single(ModelValidator.Validate(model));
        Assert.Equal(DiagnosticCodes.ParentCycle, d.Code);
    }

    [Fact]
    public void Negative_months_and_costs_are_rejected()
    {
        var component = C("euv", providers: Org("asml", 1)) with
        {
            StockpileMonths = -1,
            Substitution = [new Substitution { Jurisdiction = "CN", Share = 0.1, LeadTimeMonths = -3, RampMonths = 2, Cost = -5 }],
        };
        var codes = ModelValidator.Validate(Base(component)).Select(d => d.Code).ToList();
        Assert.Equal(3, codes.Count);
        Assert.All(codes, c => Assert.Equal(DiagnosticCodes.NegativeValue, c));
    }

    [Fact]
    public void A_component_without_providers_is_a_warning_not_an_error()
    {
        var d = Assert.Single(ModelValidator.Validate(Base(C("lonely"))));
        Assert.Equal(Severity.Warning, d.Severity);
    }

    [Fact]
    public void A_threshold_above_all_known_supply_is_a_warning()
    {
        var component = C("euv", providers: Org("asml", 0.3)) with { Threshold = 0.5 };
        var d = Assert.Single(ModelValidator.Validate(Base(component)));
        Assert.Equal((Severity.Warning, DiagnosticCodes.ThresholdUnreachable), (d.Severity, d.Code));
    }

    [Fact]
    public void A_target_must_name_a_known_component()
    {
        var model = Base(C("euv", providers: Org("asml", 1))) with { Targets = [new Target { Id = "t", Component = "phone" }] };
        Assert.Equal("targets[0].component", Assert.Single(ModelValidator.Validate(model)).Path);
    }

    [Fact]
    public void Paths_of_elements_read_from_a_file_are_relative_to_that_file()
    {
        var span = new SourceSpan("lib.yaml", "components[3]", new SourcePosition(40, 5))
        {
            Fields = new Dictionary<string, SourcePosition> { ["share"] = new(42, 20) },
        };
        var provider = Org("asml", 1.5) with { Span = span with { Path = "components[3].providers[0]" } };
        var model = Base(C("x", providers: In("CN", 0.1)), C("euv", providers: provider) with { Span = span });
        var d = Assert.Single(ModelValidator.Validate(model));
        Assert.Equal(("lib.yaml", 42, 20, "components[3].providers[0].share"), (d.File, d.Line, d.Column, d.Path));
    }
}
