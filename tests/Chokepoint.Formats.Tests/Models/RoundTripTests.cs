using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;
using CsCheck;

namespace Chokepoint.Formats.Tests.Models;

public sealed class RoundTripTests
{
    [Fact]
    public void Yaml_to_model_to_json_to_model_to_yaml_gives_the_same_model() =>
        ModelGen.Model.Sample(model =>
        {
            var yaml = ModelWriter.ToYaml(model);
            var fromYaml = ReadOrFail(yaml, "model.yaml");
            var json = ModelWriter.ToJson(fromYaml);
            var fromJson = ReadOrFail(json, "model.json");
            var yamlAgain = ModelWriter.ToYaml(fromJson);

            // The writer covers every field, so equal canonical JSON means equal models.
            Assert.Equal(ModelWriter.ToJson(model), json);
            Assert.Equal(json, ModelWriter.ToJson(fromJson));
            Assert.Equal(yaml, yamlAgain);
        }, iter: 300);

    [Fact]
    public void The_shipped_design_example_survives_a_round_trip_unchanged()
    {
        var path = Path.Combine(Chokepoint.Testing.TestPaths.TestModels, "valid", "design-example.yaml");
        var loaded = ModelLoader.Load(path);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var again = ReadOrFail(ModelWriter.ToYaml(loaded.Model!), "again.yaml");
        Assert.Equal(ModelWriter.ToJson(loaded.Model!), ModelWriter.ToJson(again));
    }

    [Fact]
    public void Percent_strings_and_fractions_read_as_the_same_share()
    {
        var yaml = """
            schema: chokepoint/v1
            jurisdictions: [{id: NL}]
            components:
              - {id: a, layer: x, providers: [{jurisdiction: NL, share: "37%"}]}
              - {id: b, layer: x, providers: [{jurisdiction: NL, share: 37%}]}
              - {id: c, layer: x, providers: [{jurisdiction: NL, share: 0.37}]}
            """;
        var model = ReadOrFail(yaml, "m.yaml");
        Assert.All(model.Components, c => Assert.Equal(0.37, c.Providers[0].Share!.Value, 12));
    }

    private static Analysis.Model.StackModel ReadOrFail(string text, string name)
    {
        var result = ModelLoader.Parse(text, name);
        // Generated models need not be valid (shares may sum above one); only reading errors matter here.
        var readErrors = result.Diagnostics.Where(d => d.Code is DiagnosticCodes.MalformedSyntax or DiagnosticCodes.UnknownKey or DiagnosticCodes.WrongType or DiagnosticCodes.MissingField).ToList();
        Assert.True(result.Model is not null && readErrors.Count == 0, $"could not read back:\n{string.Join("\n", result.Diagnostics)}\n---\n{text}");
        return result.Model!;
    }
}
