using Chokepoint.Formats.Results.Contracts;
using Chokepoint.Testing;

namespace Chokepoint.Formats.Tests.Results;

/// <summary>
/// docs/api.md documents every result document's schema, written from the generated contracts:
/// the documentation is what the serializer writes. CHOKEPOINT_APPROVE=1 writes the section anew.
/// </summary>
public sealed class ContractSchemaTests
{
    private const string Begin = "<!-- contracts:begin (written from the contracts: CHOKEPOINT_APPROVE=1 dotnet test tests/Chokepoint.Formats.Tests) -->\n";
    private const string End = "<!-- contracts:end -->";

    [Fact]
    public void The_api_page_gives_the_schema_of_every_result_document_as_the_contracts_define_it()
    {
        var path = Path.Combine(TestPaths.RepoRoot, "docs", "api.md");
        var page = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var start = page.IndexOf(Begin, StringComparison.Ordinal);
        var end = page.IndexOf(End, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{path} has no section between '{Begin.Trim()}' and '{End}'.");
        var documented = page[(start + Begin.Length)..end];
        var schema = ContractSchema.Markdown();
        if (Environment.GetEnvironmentVariable("CHOKEPOINT_APPROVE") == "1")
        {
            File.WriteAllText(path, page[..(start + Begin.Length)] + schema + page[end..]);
            documented = schema;
        }

        Assert.Equal(schema, documented);
    }

    [Fact]
    public void Every_result_document_is_in_the_schema()
    {
        var documents = typeof(ResultDocument).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ResultDocument)) && !t.IsAbstract)
            .Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(documents, ContractSchema.Documents.Select(d => d.Document.Name).Order(StringComparer.Ordinal));
    }
}
