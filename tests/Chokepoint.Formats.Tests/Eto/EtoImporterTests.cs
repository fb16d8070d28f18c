using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Stack;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Eto;
using Chokepoint.Testing;

namespace Chokepoint.Formats.Tests.Eto;

public sealed class EtoImporterTests
{
    private static string Current => TestPaths.SharedData("eto-chip-explorer");

    private static string Release2022 => Path.Combine(TestPaths.SharedData("eto-chip-explorer"), "v2022-release");

    /// <summary>A jurisdiction's summed share of a component, its firms counted at their headquarters.</summary>
    private static double CountryTotal(StackModel model, Component c, string country)
    {
        var index = new ModelIndex(model);
        return c.Providers.Where(p => index.ProductionJurisdiction(p) == country).Sum(p => p.Share ?? 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Both_releases_import_into_models_that_validate(bool release2022)
    {
        var result = EtoImporter.Import(release2022 ? Release2022 : Current);
        Assert.DoesNotContain(ModelValidator.Validate(result.Model), d => d.Severity == Severity.Error);
        Assert.True(result.Model.Components.Count > 50);
        Assert.Contains(EtoImporter.Attribution, result.Model.Attribution, StringComparison.Ordinal);
    }

    [Fact]
    public void The_netherlands_alone_cuts_a_chinese_home_off_euv_tools()
    {
        var model = EtoImporter.Import(Current).Model;
        var stack = new CompiledStack(Perspective.Create(model, new PerspectiveOptions { Home = "CN" }), null);
        var cuts = CutSetAnalysis.Run(stack, stack.IndexOf("euv-lithography-tools"), maxOrder: 2);
        Assert.Contains(cuts.Sets, s => s.Members.SequenceEqual(["NL"]));
        var euv = model.Components.Single(c => c.Id == "euv-lithography-tools");
        Assert.Equal(1.0, CountryTotal(model, euv, "NL"), 9);
    }

    [Fact]
    public void The_united_states_holds_96_percent_of_eda_counted_once()
    {
        var model = EtoImporter.Import(Current).Model;
        var eda = model.Components.Single(c => c.Id == "electronic-design-automation-software");
        Assert.Equal(0.96, CountryTotal(model, eda, "US"), 9);
        Assert.Equal(0.96, Analysis.Metrics.Concentration.Of(eda, new ModelIndex(model)).ShareByCountry.Single(kv => kv.Key == "US").Value, 9);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_country_row_of_the_data_equals_the_country_total_in_the_model(bool release2022)
    {
        var dir = release2022 ? Release2022 : Current;
        var model = EtoImporter.Import(dir).Model;
        var codes = new Dictionary<string, string>
        {
            ["USA"] = "US",
            ["CHN"] = "CN",
            ["KOR"] = "KR",
            ["JPN"] = "JP",
            ["TWN"] = "TW",
            ["DEU"] = "DE",
            ["NLD"] = "NL",
        };
        var provision = Csv(Path.Combine(dir, "provision.csv"));
        var inputs = Csv(Path.Combine(dir, "inputs.csv")).ToDictionary(r => r["input_id"], r => r["input_name"]);
        var checkedRows = 0;
        foreach (var row in provision.Where(r => codes.ContainsKey(r["provider_name"]) && r["share_provided"].Length > 0))
        {
            if (!inputs.TryGetValue(row["provided_id"], out var name))
            {
                continue;
            }

            var component = model.Components.Single(c => c.Name == name);
            var expected = double.Parse(row["share_provided"].TrimEnd('%'), System.Globalization.CultureInfo.InvariantCulture) / 100;
            Assert.True(Math.Abs(CountryTotal(model, component, codes[row["provider_name"]]) - expected) < 1e-6,
                $"{component.Id}: {row["provider_name"]} row {expected}, model {CountryTotal(model, component, codes[row["provider_name"]])}");
            checkedRows++;
        }

        Assert.True(checkedRows > 100, $"{checkedRows} rows checked");
    }

    [Fact]
    public void Is_a_type_of_becomes_a_category_never_a_requirement()
    {
        var model = EtoImporter.Import(Current).Model;
        var euv = model.Components.Single(c => c.Id == "euv-lithography-tools");
        Assert.Equal("lithography-tools", euv.Category);
        Assert.DoesNotContain(model.Components.Single(c => c.Id == "lithography-tools").Requires.SelectMany(r => r.ComponentIds), id => id == "euv-lithography-tools");
    }

    [Fact]
    public void Data_problems_are_warnings_in_the_report()
    {
        var report = EtoImporter.Import(Current).Report;
        Assert.Contains(report.Warnings, w => w.Contains("appears again", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("above 100%", StringComparison.Ordinal));
        Assert.Contains(report.Warnings, w => w.Contains("pseudo-provider", StringComparison.Ordinal));
    }

    [Fact]
    public void A_folder_without_the_tables_is_a_clear_error()
    {
        var e = Assert.Throws<EtoFormatException>(() => EtoImporter.Import(Path.GetTempPath()));
        Assert.Contains("inputs.csv", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A plain CSV reader for the test's own look at the data (quotes and embedded newlines).</summary>
    private static List<Dictionary<string, string>> Csv(string path)
    {
        var text = File.ReadAllText(path).TrimStart('\uFEFF');
        var records = new List<List<string>>();
        var field = new System.Text.StringBuilder();
        var record = new List<string>();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n')
            {
                record.Add(field.ToString().TrimEnd('\r'));
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        var header = records[0];
        return records.Skip(1).Where(r => r.Count == header.Count).Select(r => header.Select((h, k) => (h, r[k])).ToDictionary(x => x.h, x => x.Item2)).ToList();
    }
}
