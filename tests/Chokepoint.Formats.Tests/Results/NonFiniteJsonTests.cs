using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Chokepoint.Analysis.Diff;
using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Scenarios;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Uncertainty;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Results;
using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Testing;
using CsCheck;

namespace Chokepoint.Formats.Tests.Results;

/// <summary>
/// JSON has no NaN or infinity. Every JSON writer of the project writes such a figure as null and
/// never throws (docs/api.md, "Numbers"); these tests show it for each writer.
/// </summary>
public sealed class NonFiniteJsonTests
{
    private static StackModel Load(string name)
    {
        var loaded = ModelLoader.Load(Path.Combine(TestPaths.TestModels, "valid", name));
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        return loaded.Model!;
    }

    private static readonly AnalysisRequest Request = new() { MaxOrder = null };

    private static readonly ScenarioSpec Spec = new() { Restrict = ["US", "JP"] };

    /// <summary>Every result family, freshly computed (the perturbation rewrites it in place), with the writer that turns it into JSON.</summary>
    public static TheoryData<string> Families => ["analysis", "compare-row", "chokepoints", "scenario", "recovery", "leverage-matrix", "diff", "scenario-bands", "recovery-bands", "analysis-bands"];

    private static (object Result, Func<ResultDocument> Write) Family(string family)
    {
        var model = Load("cuttable.yaml");
        switch (family)
        {
            case "analysis":
                {
                    var r = HomeAnalysis.Run(model, Request);
                    return (r, () => AnalyzeDocument.From(model.Name, r));
                }

            case "compare-row":
                {
                    var r = HomeAnalysis.Run(model, Request);
                    return (r, () => new CompareDocument([CompareDocument.RowOf("cuttable", model.Name, r)]));
                }

            case "chokepoints":
                {
                    var r = HomeAnalysis.Run(model, Request);
                    return (r, () => ChokepointsDocument.From(r.Home, r.TargetId, r.TargetComponent, r.Events, r.MaxOrder, r.CutSets, r.EventsWithoutProbability, r.Controls));
                }

            case "scenario":
                {
                    var r = ScenarioAnalysis.Run(model, Spec);
                    return (r, () => ScenarioDocument.From(r));
                }

            case "recovery":
                {
                    var r = RecoveryAnalysis.Run(model, Spec, 12);
                    return (r, () => RecoveryDocument.From(r));
                }

            case "leverage-matrix":
                {
                    var r = LeverageMatrix.Run(model, ["CN-GD", "US", "NL"], Request);
                    return (r, () => LeverageMatrixDocument.From(r));
                }

            case "diff":
                {
                    var r = ModelDiff.Run(model, Load("cuttable-v2.yaml"), Request);
                    return (r, () => DiffDocument.From(r));
                }

            case "scenario-bands":
                {
                    var r = UncertaintyAnalysis.Scenario(model, Spec, 4, 1);
                    return (r, () => ScenarioBandsDocument.From(r));
                }

            case "recovery-bands":
                {
                    var r = UncertaintyAnalysis.Recovery(model, Spec, 12, 4, 1);
                    return (r, () => RecoveryDocument.From(RecoveryAnalysis.Run(model, Spec, 12), r));
                }

            case "analysis-bands":
                {
                    var r = UncertaintyAnalysis.Analysis(model, Request, 4, 1);
                    return (r, () => AnalyzeDocument.From(model.Name, HomeAnalysis.Run(model, Request), r));
                }

            default:
                throw new ArgumentOutOfRangeException(nameof(family), family, null);
        }
    }

    /// <summary>Valid JSON that reads back to itself: parsing the text and writing it again gives the same bytes.</summary>
    private static void AssertReadsBack(string text, string what)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(text);
        }
        catch (JsonException e)
        {
            throw new Xunit.Sdk.XunitException($"{what}: not valid JSON ({e.Message}):\n{text}");
        }

        Assert.Equal(text, Json.Text(parsed));
    }

    [Theory]
    [MemberData(nameof(Families))]
    public void Any_result_with_nan_infinite_tiny_or_huge_figures_serializes_to_valid_json_that_reads_back(string family) =>
        Gen.Int.Sample(seed =>
        {
            var (result, write) = Family(family);
            var rewritten = HostileFigures.Perturb(result, new Random(seed));
            Assert.True(rewritten > 0, $"{family}: the result has no figure to rewrite");
            var document = write();
            AssertReadsBack(Json.Text(document), family);
            AssertReadsBack(Json.Text(JsonNode.Parse(Json.Compact(document))), family + " (compact)");
        }, iter: 40, threads: 1);

    [Fact]
    public void Text_and_compact_write_every_non_finite_value_as_null_however_it_entered_the_tree()
    {
        var node = new JsonObject
        {
            ["number"] = Json.Number(double.NaN),
            ["implicit"] = double.PositiveInfinity,
            ["created"] = JsonValue.Create(double.NegativeInfinity),
            ["single"] = JsonValue.Create(float.NaN),
            ["nested"] = new JsonArray(1.5, double.NaN, new JsonObject { ["deep"] = double.NegativeInfinity }),
            ["huge"] = double.MaxValue,
            ["tiny"] = double.Epsilon,
        };

        Assert.Equal("""{"number":null,"implicit":null,"created":null,"single":null,"nested":[1.5,null,{"deep":null}],"huge":1.7976931348623157E+308,"tiny":5E-324}""", Json.Compact(node));
        var indented = Json.Text(node);
        Assert.EndsWith("\n", indented, StringComparison.Ordinal);
        Assert.Equal(Json.Compact(node), Json.Compact(JsonNode.Parse(indented)));
    }

    [Fact]
    public void The_streaming_writer_helper_writes_null_for_non_finite_numbers()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in new[] { ("nan", double.NaN), ("inf", double.PositiveInfinity), ("ninf", double.NegativeInfinity), ("one", 1.0) })
            {
                Json.WriteNumber(writer, name, value);
            }

            writer.WriteEndObject();
        }

        Assert.Equal("""{"nan":null,"inf":null,"ninf":null,"one":1}""", Encoding.UTF8.GetString(buffer.ToArray()));
    }

    [Fact]
    public void The_serializer_converter_writes_null_for_non_finite_doubles_and_reads_null_back_as_nan()
    {
        var options = new JsonSerializerOptions { Converters = { new Json.FiniteDoubleConverter() } };
        var text = JsonSerializer.Serialize(new Dictionary<string, double> { ["a"] = double.NaN, ["b"] = double.NegativeInfinity, ["c"] = 2.5 }, options);
        Assert.Equal("""{"a":null,"b":null,"c":2.5}""", text);
        var back = JsonSerializer.Deserialize<Dictionary<string, double>>(text, options)!;
        Assert.True(double.IsNaN(back["a"]));
        Assert.Equal(2.5, back["c"]);
    }

    [Fact]
    public void The_model_writer_leaves_out_a_non_finite_figure_instead_of_writing_text_no_reader_accepts()
    {
        var model = Load("cuttable.yaml");
        var c = model.Components[0];
        var broken = model with
        {
            ShareTolerance = double.PositiveInfinity,
            Components = [c with { Threshold = double.NaN, Providers = [c.Providers[0] with { Share = double.NaN, ShareRange = new ShareRange(double.NegativeInfinity, 1) }, .. c.Providers.Skip(1)] }, .. model.Components.Skip(1)],
        };

        var json = ModelWriter.ToJson(broken);
        AssertReadsBack(Json.Text(JsonNode.Parse(json)), "model JSON");
        Assert.DoesNotContain("NaN", json, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", json, StringComparison.Ordinal);
        var yaml = ModelWriter.ToYaml(broken);
        Assert.DoesNotContain("NaN", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("nan", yaml, StringComparison.OrdinalIgnoreCase);
        var again = ModelLoader.Parse(yaml, "again.yaml");
        Assert.False(again.HasErrors, string.Join("\n", again.Diagnostics));
        Assert.Null(again.Model!.Components[0].Providers[0].Share);
    }

    [Fact]
    public void Bands_over_no_samples_are_null_and_over_one_sample_are_that_sample()
    {
        var none = BandJson.From(Band.Of([]));
        Assert.Equal("""{"p5":null,"p50":null,"p95":null,"mean":null}""", System.Text.Json.JsonSerializer.Serialize(none, ResultJsonContext.Default.BandJson));
        var one = Band.Of([0.25]);
        Assert.Equal(new Band(0.25, 0.25, 0.25, 0.25), one);
        Assert.True(double.IsNaN(UncertaintyAnalysis.Fraction(0, 0)));
        Assert.Equal(0.5, UncertaintyAnalysis.Fraction(1, 2));
    }

    [Fact]
    public void Scenario_bands_of_a_run_cancelled_before_its_first_sample_are_written_as_nulls()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var bands = UncertaintyAnalysis.Scenario(Load("cuttable.yaml"), Spec, 1000, 1, cancel: cancelled.Token);
        Assert.Equal(0, bands.Samples.Done);
        var json = JsonNode.Parse(Json.Text(ScenarioBandsDocument.From(bands)))!;
        Assert.Equal(0, json["samples"]!["done"]!.GetValue<int>());
        Assert.False(json["samples"]!["complete"]!.GetValue<bool>());
        Assert.Null(json["cut_fraction"]);
        Assert.Null(json["target_capacity"]!["p50"]);
    }
}
