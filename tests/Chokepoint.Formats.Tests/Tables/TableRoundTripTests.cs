using Chokepoint.Analysis.Model;
using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Models;
using Chokepoint.Formats.Tables;
using Chokepoint.Formats.Tests.Models;
using Chokepoint.Testing;
using CsCheck;

namespace Chokepoint.Formats.Tests.Tables;

public sealed class TableRoundTripTests
{
    public static TheoryData<string> CuratedStacks() => [.. Directory.GetFiles(TestPaths.Examples, "*.yaml").Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal)];

    [Theory]
    [MemberData(nameof(CuratedStacks))]
    public void A_curated_stack_written_as_a_workbook_reads_back_as_the_same_model(string stack)
    {
        var model = Load(Path.Combine(TestPaths.Examples, stack));
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "stack.xlsx");
        File.WriteAllBytes(path, XlsxWorkbook.Write(StackTable.Sheets(model)));

        var back = ImportOrFail(path, new TableImportOptions());

        Assert.Equal(ModelWriter.ToYaml(model), ModelWriter.ToYaml(back));
    }

    [Theory]
    [MemberData(nameof(CuratedStacks))]
    public void A_curated_stack_written_as_a_csv_supplier_table_reads_back_onto_its_model_unchanged(string stack)
    {
        var model = Load(Path.Combine(TestPaths.Examples, stack));
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "suppliers.csv");
        File.WriteAllText(path, CsvTable.Write(StackTable.Components(model)));

        var back = ImportOrFail(path, new TableImportOptions { Base = model });

        Assert.Equal(ModelWriter.ToYaml(model), ModelWriter.ToYaml(back));
    }

    [Fact]
    public void A_csv_supplier_table_alone_keeps_every_share_and_requirement_and_declares_what_it_names()
    {
        var model = Load(Path.Combine(TestPaths.Examples, "korea-samsung.yaml"));
        using var dir = new TempFolder();
        var path = Path.Combine(dir.Path, "suppliers.csv");
        File.WriteAllText(path, CsvTable.Write(StackTable.Components(model)));

        var result = StackTable.Import(path, new TableImportOptions());

        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Error);
        var back = result.Model!;
        Assert.Equal(model.Components.Select(c => (c.Id, c.Layer, StackTable.FormatRequires(c.Requires), c.Threshold)),
            back.Components.Select(c => (c.Id, c.Layer, StackTable.FormatRequires(c.Requires), c.Threshold)));
        Assert.Equal(model.Components.SelectMany(c => c.Providers).Select(p => (p.Org, p.Jurisdiction, p.Share, p.ShareRange, p.Source, p.AsOf)),
            back.Components.SelectMany(c => c.Providers).Select(p => (p.Org, p.Jurisdiction, p.Share, p.ShareRange, p.Source, p.AsOf)));
        var used = model.Components.SelectMany(c => c.Providers).Select(p => p.Org).OfType<string>().ToHashSet();
        Assert.Equal(model.Organizations.Where(o => used.Contains(o.Id)).Select(o => (o.Id, o.Hq)).OrderBy(x => x.Id),
            back.Organizations.Select(o => (o.Id, o.Hq)).OrderBy(x => x.Id));
        Assert.Contains("CN", result.Report.InferredJurisdictions);
        Assert.NotEmpty(result.Report.InferredTargets);
    }

    [Fact]
    public void Any_model_survives_a_workbook_round_trip_with_blank_text_read_as_absent() =>
        ModelGen.Model.Sample(model =>
        {
            using var dir = new TempFolder();
            var path = Path.Combine(dir.Path, "m.xlsx");
            File.WriteAllBytes(path, XlsxWorkbook.Write(StackTable.Sheets(model)));
            var result = StackTable.Import(path, new TableImportOptions());
            Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
            Assert.Equal(ModelWriter.ToYaml(Blanks(model)), ModelWriter.ToYaml(result.Model!));
        }, iter: 100);

    [Fact]
    public void Any_model_survives_a_csv_round_trip_onto_itself() =>
        ModelGen.Model.Sample(model =>
        {
            using var dir = new TempFolder();
            var path = Path.Combine(dir.Path, "m.csv");
            File.WriteAllText(path, CsvTable.Write(StackTable.Components(model)));
            var result = StackTable.Import(path, new TableImportOptions { Base = model });
            Assert.True(result.Model is not null, string.Join("\n", result.Diagnostics));
            // Only the supplier table's own fields went through the file; the rest came from the base as it is.
            var blanked = Blanks(model);
            var expected = model with
            {
                Components = model.Components.Zip(blanked.Components, (c, b) => c with { Name = b.Name, Source = b.Source, AsOf = b.AsOf, Providers = b.Providers }).ToList(),
            };
            Assert.Equal(ModelWriter.ToYaml(expected), ModelWriter.ToYaml(result.Model!));
        }, iter: 100);

    [Fact]
    public void Writing_the_same_model_twice_gives_the_same_bytes()
    {
        var model = Load(Path.Combine(TestPaths.Examples, "india-phone.yaml"));
        Assert.Equal(XlsxWorkbook.Write(StackTable.Sheets(model)), XlsxWorkbook.Write(StackTable.Sheets(model)));
    }

    [Fact]
    public void A_written_workbook_passes_the_Open_XML_schema_validator()
    {
        var model = Load(Path.Combine(TestPaths.Examples, "guangdong-huawei.yaml"));
        using var stream = new MemoryStream(XlsxWorkbook.Write(StackTable.Sheets(model)));
        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(stream, false);
        var errors = new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Take(20)));
    }

    /// <summary>What a table cannot tell apart from an absent value: blank text in the table's own fields.</summary>
    private static StackModel Blanks(StackModel m)
    {
        static string? B(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
        return m with
        {
            Name = B(m.Name),
            Attribution = B(m.Attribution),
            Jurisdictions = m.Jurisdictions.Select(j => j with { Name = B(j.Name) }).ToList(),
            Organizations = m.Organizations.Select(o => o with { Name = B(o.Name) }).ToList(),
            Blocs = m.Blocs.Select(b => b with { Name = B(b.Name) }).ToList(),
            Targets = m.Targets.Select(t => t with { Name = B(t.Name) }).ToList(),
            Controls = m.Controls.Select(k => k with { Source = B(k.Source), AsOf = B(k.AsOf) }).ToList(),
            Components = m.Components.Select(c => c with
            {
                Name = B(c.Name),
                Source = B(c.Source),
                AsOf = B(c.AsOf),
                Providers = c.Providers.Select(p => p with { Source = B(p.Source), AsOf = B(p.AsOf) }).ToList(),
                Substitution = c.Substitution.Select(s => s with { Source = B(s.Source), AsOf = B(s.AsOf) }).ToList(),
                Actions = c.Actions.Select(a => a with { Source = B(a.Source), AsOf = B(a.AsOf) }).ToList(),
            }).ToList(),
        };
    }

    internal static StackModel Load(string path)
    {
        var loaded = ModelLoader.Load(path);
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        return loaded.Model!;
    }

    private static StackModel ImportOrFail(string path, TableImportOptions options)
    {
        var result = StackTable.Import(path, options);
        var errors = result.Diagnostics.Where(d => d.Severity == Severity.Error).ToList();
        Assert.True(result.Model is not null && errors.Count == 0, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }
}

/// <summary>A temporary folder, deleted with everything in it.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Chokepoint.Testing.TempFolders.Create("chokepoint-table-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
