using System.Text.Json;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.CycloneDx;
using Chokepoint.Formats.Models;
using Chokepoint.Testing;

namespace Chokepoint.Formats.Tests.CycloneDx;

public sealed class CycloneDxImporterTests
{
    private static string Sbom(string name) => Path.Combine(TestPaths.TestModels, "sbom", name);

    private static CycloneDxImportResult Import(string name, string? home = null) =>
        CycloneDxImporter.Import(Sbom(name), new CycloneDxImportOptions { Home = home });

    private static Component Component(StackModel model, string id) => Assert.Single(model.Components, c => c.Id == id);

    private static List<(string? Jurisdiction, double? Share)> Providers(StackModel model, string id) =>
        Component(model, id).Providers.Select(p => (p.Jurisdiction, p.Share)).ToList();

    /// <summary>A minimal SBOM around <paramref name="body"/>, for the error cases.</summary>
    private static string Bom(string body, string spec = "1.5") => $$"""
        {
          "bomFormat": "CycloneDX",
          "specVersion": "{{spec}}",
          {{body}}
        }
        """;

    private static CycloneDxException Fails(string text) =>
        Assert.Throws<CycloneDxException>(() => CycloneDxImporter.Read(text, "test.cdx.json"));

    /// <summary>The errors an SBOM that is CycloneDX but wrong in places gives: every one, located, and no model to use.</summary>
    private static List<Diagnostic> Errors(string text)
    {
        var result = CycloneDxImporter.Read(text, "test.cdx.json");
        Assert.True(result.HasErrors, "the SBOM imported without errors");
        return result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
    }

    private static int CountComponents(JsonElement list) =>
        list.EnumerateArray().Sum(c => 1 + (c.TryGetProperty("components", out var nested) ? CountComponents(nested) : 0));

    [Fact]
    public void The_sbom_of_our_own_cli_imports_with_the_counts_of_the_json_itself()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Sbom("chokepoint-cli.cdx.json")));
        var components = CountComponents(json.RootElement.GetProperty("components"));
        var edges = json.RootElement.GetProperty("dependencies").EnumerateArray()
            .Sum(d => d.TryGetProperty("dependsOn", out var on) ? on.GetArrayLength() : 0);

        var result = Import("chokepoint-cli.cdx.json", home: "DE");

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Equal(components + 1, result.Model.Components.Count); // and the subject, metadata.component
        Assert.Equal(components + 1, result.Report.Components);
        Assert.Equal(edges, result.Model.Components.Sum(c => c.Requires.Count));
        Assert.Equal(edges, result.Report.Dependencies);
        Assert.Equal("chokepoint-cli", Assert.Single(result.Model.Targets).Component);
        Assert.Equal("DE", result.Model.Home);
        // The .NET tool records no countries of origin: every package is reported, and placed in ZZ.
        Assert.Equal(components, result.Report.WithoutOrigin.Count);
        Assert.All(result.Report.WithoutOrigin, w => Assert.Equal(CycloneDxImporter.UnknownOrigin, w.PlacedIn));
        Assert.Contains(result.Model.Jurisdictions, j => j is { Id: "ZZ", Name: "unknown origin" });
        Assert.Equal("framework", Component(result.Model, "yamldotnet").Layer);
        Assert.Equal("app", Component(result.Model, "chokepoint-cli").Layer);
    }

    [Fact]
    public void Imported_models_read_back_identically_from_what_the_writer_wrote()
    {
        var model = Import("origins.cdx.json", home: "DE").Model;
        var yaml = ModelWriter.ToYaml(model);
        var again = ModelReader.Read(Chokepoint.Formats.Documents.YamlDocumentReader.Read(yaml), "again.yaml", []);
        Assert.Equal(yaml, ModelWriter.ToYaml(again));
        Assert.Equal(ModelWriter.ToJson(model), ModelWriter.ToJson(again));
    }

    [Fact]
    public void Origins_give_one_provider_per_country_with_its_share()
    {
        var model = Import("origins.cdx.json", home: "DE").Model;
        Assert.Equal([("US", 0.7), ("CN", 0.3)], Providers(model, "ui-kit"));
        // Percentages are read too; the nested component is imported.
        Assert.Equal([("JP", 0.5), ("KR", 0.5)], Providers(model, "icons"));
        Assert.Equal(["icons"], Component(model, "ui-kit").Requires.SelectMany(r => r.ComponentIds));
        // Same name, two versions: both ids carry the version.
        Assert.Equal([("US", 0.5), ("FR", 0.5)], Providers(model, "logger-1-0"));
        Assert.Equal([("GB", 0.5), ("FR", 0.5)], Providers(model, "logger-2-0"));
    }

    [Fact]
    public void Country_of_origin_gives_one_provider_with_the_whole_share_and_the_supplier_as_its_firm()
    {
        var model = Import("origins.cdx.json", home: "DE").Model;
        var crypto = Assert.Single(Component(model, "crypto").Providers);
        Assert.Equal(("acme-crypto-inc", "US", 1.0), (crypto.Org, crypto.Jurisdiction, crypto.Share));
        Assert.Contains(model.Organizations, o => o is { Id: "acme-crypto-inc", Name: "Acme Crypto Inc", Hq: "US" });
    }

    [Fact]
    public void A_component_without_origin_is_reported_and_placed_at_its_suppliers_headquarters_or_in_zz()
    {
        var result = Import("origins.cdx.json", home: "DE");
        var web = Assert.Single(result.Report.WithoutOrigin);
        Assert.Equal(new ComponentWithoutOrigin("web", "ZZ", "web-folks"), web);
        var provider = Assert.Single(Component(result.Model, "web").Providers);
        Assert.Equal(("web-folks", null), (provider.Org, provider.Jurisdiction));
        Assert.Contains(result.Model.Organizations, o => o is { Id: "web-folks", Hq: "ZZ" });
    }

    [Fact]
    public void The_subject_is_the_target_and_is_built_at_home()
    {
        var result = Import("origins.cdx.json", home: "DE");
        Assert.Equal(new Target { Id = "shop-app", Name = "Shop App", Component = "shop-app" }, Assert.Single(result.Model.Targets));
        var p = Assert.Single(Component(result.Model, "shop-app").Providers);
        Assert.Equal(("example-gmbh", "DE", 1.0), (p.Org, p.Jurisdiction, p.Share));
        Assert.Equal(6, Component(result.Model, "shop-app").Requires.Count);
    }

    [Fact]
    public void Without_a_home_an_unplaced_subject_is_reported_and_the_model_has_no_home()
    {
        var result = Import("origins.cdx.json");
        Assert.Null(result.Model.Home);
        Assert.Contains(result.Report.WithoutOrigin, w => w == new ComponentWithoutOrigin("shop-app", "DE", "example-gmbh"));
    }

    [Fact]
    public void A_device_sbom_uses_the_manufacturer_services_and_the_subjects_country_as_home()
    {
        var result = Import("device.cdx.json");
        var model = result.Model;
        Assert.Equal("DE", model.Home);
        Assert.Equal("sensor-board", Assert.Single(model.Targets).Component);
        Assert.Equal("device", Component(model, "sensor-board").Layer);
        Assert.Equal("os", Component(model, "firmware").Layer);
        Assert.Equal("service", Component(model, "cloud-api").Layer);
        var mcu = Assert.Single(Component(model, "mcu").Providers);
        Assert.Equal(("chip-corp", "TW", 1.0), (mcu.Org, mcu.Jurisdiction, mcu.Share));
        Assert.Equal([("US", 1.0)], Providers(model, "firmware")); // "us" is read as US
        Assert.Equal(["chip-corp", "distri-gmbh", "cloudy"], model.Organizations.Select(o => o.Id));
        Assert.Equal([new ComponentWithoutOrigin("cloud-api", "ZZ", "cloudy")], result.Report.WithoutOrigin);
    }

    [Fact]
    public void Dependency_cycles_are_broken_with_a_warning_so_the_model_validates()
    {
        var result = CycloneDxImporter.Read(Bom("""
            "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
            "components": [
              {"type": "library", "name": "a", "bom-ref": "a"},
              {"type": "library", "name": "b", "bom-ref": "b"}
            ],
            "dependencies": [
              {"ref": "app", "dependsOn": ["a"]},
              {"ref": "a", "dependsOn": ["b", "a"]},
              {"ref": "b", "dependsOn": ["a"]}
            ]
            """), "cycle.cdx.json", new CycloneDxImportOptions { Home = "FR" });
        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        Assert.Contains(result.Report.Warnings, w => w.Contains("dependency cycle a → b → a", StringComparison.Ordinal));
        Assert.Contains(result.Report.Warnings, w => w.Contains("depends on itself", StringComparison.Ordinal));
        Assert.Equal(2, result.Report.Dependencies);
    }

    [Fact]
    public void The_subject_listed_among_the_components_too_is_one_component()
    {
        var result = CycloneDxImporter.Read(Bom("""
            "metadata": {"component": {"type": "application", "name": "app", "bom-ref": "app"}},
            "components": [{"type": "application", "name": "app", "bom-ref": "app"}, {"type": "library", "name": "a", "bom-ref": "a"}],
            "dependencies": [{"ref": "app", "dependsOn": ["a"]}]
            """), "dup.cdx.json", new CycloneDxImportOptions { Home = "FR" });
        Assert.Equal(["app", "a"], result.Model.Components.Select(c => c.Id));
        Assert.Equal("FR", Assert.Single(Component(result.Model, "app").Providers).Jurisdiction);
    }

    [Fact]
    public void Clashing_names_get_readable_ids_from_group_then_version()
    {
        var result = CycloneDxImporter.Read(Bom("""
            "components": [
              {"type": "library", "name": "Core", "purl": "pkg:maven/org.one/core@1.0", "bom-ref": "x1"},
              {"type": "library", "name": "core", "purl": "pkg:maven/org.two/core@1.0", "bom-ref": "x2"},
              {"type": "library", "name": "util", "group": "org.one", "version": "1", "bom-ref": "x3"},
              {"type": "library", "name": "util", "group": "org.one", "version": "2", "bom-ref": "x4"},
              {"type": "library", "name": "solo", "bom-ref": "x5"}
            ]
            """), "ids.cdx.json");
        Assert.Equal(["org-one-core", "org-two-core", "org-one-util-1", "org-one-util-2", "solo"], result.Model.Components.Select(c => c.Id));
    }

    [Theory]
    [InlineData("library", "framework")]
    [InlineData("framework", "framework")]
    [InlineData("application", "app")]
    [InlineData("operating-system", "os")]
    [InlineData("firmware", "os")]
    [InlineData("device", "device")]
    [InlineData("container", "cloud")]
    [InlineData("platform", "cloud")]
    [InlineData("data", "app")]
    [InlineData(null, "app")]
    public void Component_types_map_to_layers(string? type, string layer) => Assert.Equal(layer, CycloneDxImporter.LayerOf(type));

    [Theory]
    [InlineData("broken/truncated.cdx.json", 41, "malformed JSON")]
    [InlineData("broken/missing-spec-version.cdx.json", 1, "specVersion is missing")]
    [InlineData("broken/spec-1.2.cdx.json", 3, "spec version 1.2 is not supported")]
    public void Malformed_sboms_are_errors_with_file_and_line(string file, int line, string problem)
    {
        var e = Assert.Throws<CycloneDxException>(() => Import(file));
        Assert.Equal(line, e.Line);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"{Sbom(file)}:{line}:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"components\": {\"name\": \"a\"}", 4, "components must be a list, not an object")]
    [InlineData("\"components\": [{\"type\": \"library\", \"name\": 7}]", 4, "components[0].name must be a string, not the number 7")]
    [InlineData("\"components\": [{\"type\": \"library\", \"name\": \"a\", \"bom-ref\": \"r\"},\n{\"type\": \"library\", \"name\": \"b\", \"bom-ref\": \"r\"}]", 5, "bom-ref 'r' is used twice (first at line 4)")]
    [InlineData("\"components\": [{\"type\": \"library\", \"name\": \"a\", \"properties\": [{\"name\": \"cdx:chokepoint:origins\", \"value\": \"US=0.7,CN=0.6\"}]}]", 4, "sum to 1.3, above 1")]
    [InlineData("\"components\": [{\"type\": \"library\", \"name\": \"a\", \"properties\": [{\"name\": \"cdx:chokepoint:origins\", \"value\": \"USA=1\"}]}]", 4, "'USA' is not an ISO 3166 code")]
    [InlineData("\"components\": [{\"type\": \"library\", \"name\": \"a\", \"properties\": [{\"name\": \"cdx:chokepoint:origins\", \"value\": \"US=lots\"}]}]", 4, "the share 'lots' of US")]
    [InlineData("\"components\": [{\"type\": \"device\", \"name\": \"a\", \"properties\": [{\"name\": \"cdx:device:countryOfOrigin\", \"value\": \"Germany\"}]}]", 4, "'Germany' is not an ISO 3166-1 alpha-2 code")]
    [InlineData("\"dependencies\": [{\"dependsOn\": [\"a\"]}]", 4, "dependencies[0] has no ref")]
    public void Wrong_types_and_values_are_errors_at_their_line(string body, int line, string problem)
    {
        var e = Assert.Single(Errors(Bom(body)));
        Assert.Equal(line, e.Line);
        Assert.Equal("test.cdx.json", e.File);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_reference_is_an_error_at_its_line()
    {
        var result = Import("broken/unknown-ref.cdx.json");
        var e = Assert.Single(result.Diagnostics, d => d.Severity == Severity.Error);
        Assert.Equal(69, e.Line);
        Assert.Contains("refers to 'right-pad'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_of_an_sbom_is_reported_at_once_not_only_the_first()
    {
        var errors = Errors(Bom("""
            "components": [
            {"type": "library", "name": 7},
            {"type": "library", "name": "b", "properties": [{"name": "cdx:chokepoint:origins", "value": "USA=1"}]},
            {"type": "library", "name": "c", "bom-ref": "c"}],
            "dependencies": [{"ref": "c", "dependsOn": ["nowhere"]}]
            """));
        Assert.Equal([5, 6, 8], errors.Select(e => e.Line));
        Assert.Contains("components[0].name must be a string", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("'USA' is not an ISO 3166 code", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("refers to 'nowhere'", errors[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bom_format_and_spec_version_must_be_cyclonedx_strings()
    {
        Assert.Contains("bomFormat is missing", Fails("{\"specVersion\": \"1.5\"}").Message, StringComparison.Ordinal);
        Assert.Contains("bomFormat is 'SPDX'", Fails("{\"bomFormat\": \"SPDX\", \"specVersion\": \"1.5\"}").Message, StringComparison.Ordinal);
        Assert.Contains("specVersion must be a string, not the number 1.5", Fails("{\"bomFormat\": \"CycloneDX\", \"specVersion\": 1.5}").Message, StringComparison.Ordinal);
        Assert.Contains("spec version 1.7 is not supported", Fails(Bom("\"version\": 1", spec: "1.7")).Message, StringComparison.Ordinal);
        Assert.Contains("the file is empty", Fails("").Message, StringComparison.Ordinal);
        Assert.Contains("this looks like XML", Fails("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"/>").Message, StringComparison.Ordinal);
        Assert.Contains("the document must be a JSON object", Fails("[1]").Message, StringComparison.Ordinal);
    }
}
