using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;

namespace Chokepoint.Formats.Tests.Models;

/// <summary>Reading and validating control regimes (DESIGN.md section 2a): every mistake located, with a fix.</summary>
public sealed class ControlValidationTests
{
    private const string Base = """
        schema: chokepoint/v1
        home: CN
        jurisdictions:
          - {id: CN}
          - {id: US, reach: {de_minimis: 0.25, layers: [equipment, eda, ip]}}
          - {id: KR, reach: false}
        organizations:
          - {id: nexperia, hq: KR, controlled_by: CN}
        components:
          - {id: eda, layer: eda, providers: [{jurisdiction: US, share: 0.9}]}
          - {id: chip, layer: chip, requires: [eda], providers: [{jurisdiction: KR, share: 0.5}]}
        targets:
          - {id: phone, component: chip}

        """;

    private static IReadOnlyList<Diagnostic> Check(string controls)
    {
        var loaded = ModelLoader.Parse(Base + controls, "m.yaml");
        return loaded.Diagnostics;
    }

    [Fact]
    public void A_well_formed_regime_reads_and_validates_cleanly()
    {
        var loaded = ModelLoader.Parse(Base + """
            controls:
              - {name: fdpr, by: US, targets: [phone], scope: {layers: [chip]}, reach: {de_minimis: 0}, source: "BIS", as_of: 2020-08-17}
              - {name: declared, by: US, reach: true}
            """, "m.yaml");
        Assert.Empty(loaded.Diagnostics);
        var model = loaded.Model!;
        Assert.Equal(0.25, model.Jurisdictions[1].Reach!.DeMinimis);
        Assert.Equal(["equipment", "eda", "ip"], model.Jurisdictions[1].Reach!.Layers);
        Assert.True(model.Jurisdictions[2].NoReach);
        Assert.Equal(["phone"], model.Controls[0].Targets!);
        Assert.Equal(0, model.Controls[0].Reach!.DeMinimis);
        Assert.True(model.Controls[1].DeclaredReach);
        Assert.Null(model.Controls[1].Targets);
        Assert.Equal("2020-08-17", model.Controls[0].AsOf);
    }

    [Theory]
    [InlineData("- {name: a, by: XX}", "controls[0].by", "unknown jurisdiction 'XX'")]
    [InlineData("- {name: a, by: US, targets: [phon]}", "controls[0].targets[0]", "unknown target 'phon'")]
    [InlineData("- {name: a, by: US, scope: {layers: [edaa]}}", "controls[0].scope.layers[0]", "unknown layer 'edaa'")]
    [InlineData("- {name: a, by: US, scope: {components: [chp]}}", "controls[0].scope.components[0]", "unknown component 'chp'")]
    [InlineData("- {name: a, by: US, reach: {de_minimis: 2}}", "controls[0].reach.de_minimis", "outside [0, 1]")]
    [InlineData("- {name: a, by: US, reach: {de_minimis: 0, layers: [nope]}}", "controls[0].reach.layers[0]", "unknown layer 'nope'")]
    [InlineData("- {name: a, by: US, reach: {layers: [eda]}}", "controls[0].reach.de_minimis", "'de_minimis' is missing")]
    [InlineData("- {name: a, by: US, reach: maybe}", "controls[0].reach", "true, false or a rule")]
    [InlineData("- {name: a, by: US, scop: {}}", "controls[0].scop", "Did you mean 'scope'")]
    [InlineData("- {by: US}", "controls[0].name", "'name' is missing")]
    [InlineData("- {name: a, by: US}\n  - {name: a, by: KR}", "controls[1].id", "defined twice")]
    public void A_mistake_in_a_control_is_an_error_that_says_where(string controls, string path, string message)
    {
        var errors = Check("controls:\n  " + controls + "\n").Where(d => d.Severity == Severity.Error).ToList();
        var found = Assert.Single(errors);
        Assert.Equal("m.yaml", found.File);
        Assert.True(found.Line > 0);
        Assert.Equal(path, found.Path);
        Assert.Contains(message, found.Message + " " + found.Fix, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("- {name: a, by: CN}", "controls[0].by", "domestic for the model's home")]
    [InlineData("- {name: a, by: KR, reach: true}", "controls[0].reach", "declares reach: false")]
    [InlineData("- {name: a, by: US, targets: []}", "controls[0].targets", "never in force")]
    public void A_control_that_cannot_mean_what_was_meant_is_a_warning(string controls, string path, string message)
    {
        var found = Assert.Single(Check("controls:\n  " + controls + "\n"));
        Assert.Equal(Severity.Warning, found.Severity);
        Assert.Equal(path, found.Path);
        Assert.Contains(message, found.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reach: true", "rule or false")]
    [InlineData("reach: {de_minimis: -0.1}", "outside [0, 1]")]
    public void A_jurisdiction_s_rule_is_a_rule_or_false(string reach, string message)
    {
        var text = Base.Replace("- {id: KR, reach: false}", "- {id: KR, " + reach + "}", StringComparison.Ordinal);
        var found = Assert.Single(ModelLoader.Parse(text, "m.yaml").Diagnostics);
        Assert.Equal(Severity.Error, found.Severity);
        Assert.StartsWith("jurisdictions[2].reach", found.Path, StringComparison.Ordinal);
        Assert.Contains(message, found.Message + " " + found.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Controlled_by_an_unknown_jurisdiction_is_located()
    {
        var text = Base.Replace("controlled_by: CN", "controlled_by: CX", StringComparison.Ordinal);
        var found = Assert.Single(ModelLoader.Parse(text, "m.yaml").Diagnostics);
        Assert.Equal("organizations[0].controlled_by", found.Path);
        Assert.Contains("Did you mean 'CN'", found.Fix, StringComparison.Ordinal);
    }
}
