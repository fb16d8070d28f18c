using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Tables;
using Chokepoint.Testing;

namespace Chokepoint.Formats.Tests.Tables;

public sealed class TemplateTests
{
    private static string Shipped => Path.Combine(TestPaths.Examples, "supplier-table-template.xlsx");

    private static byte[] Written()
    {
        var library = TableRoundTripTests.Load(Path.Combine(TestPaths.Examples, "lib", "upstream.yaml"));
        return XlsxWorkbook.Write(StackTable.Template(library, "euv-scanner"));
    }

    [Fact]
    public void The_shipped_template_is_what_the_template_writer_makes_of_the_upstream_library()
    {
        var written = Written();
        if (Environment.GetEnvironmentVariable("CHOKEPOINT_APPROVE") == "1")
        {
            File.WriteAllBytes(Shipped, written);
        }

        Assert.True(File.Exists(Shipped) && File.ReadAllBytes(Shipped).AsSpan().SequenceEqual(written),
            $"{Shipped} is not what StackTable.Template writes; run this test with CHOKEPOINT_APPROVE=1 to write it anew.");
    }

    [Fact]
    public void The_shipped_template_imports_without_a_finding_and_keeps_its_cited_shares()
    {
        var result = StackTable.Import(Shipped, new TableImportOptions());

        Assert.True(result.Model is not null && result.Diagnostics.Count == 0, string.Join("\n", result.Diagnostics));
        Assert.Equal("euv-scanner", Assert.Single(result.Model.Targets).Component);
        Assert.Contains(StackTable.ReadMeSheet, result.Report.SheetsIgnored);
        Assert.All(result.Model.Components.SelectMany(c => c.Providers), p => Assert.False(string.IsNullOrWhiteSpace(p.Source)));
        Assert.DoesNotContain(result.Diagnostics, d => d.Severity == Severity.Warning);
    }
}
