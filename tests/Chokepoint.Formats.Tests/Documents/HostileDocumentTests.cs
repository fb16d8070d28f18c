using Chokepoint.Analysis.Validation;
using Chokepoint.Formats.Documents;
using Chokepoint.Formats.Models;
using CsCheck;

namespace Chokepoint.Formats.Tests.Documents;

/// <summary>Inputs an attacker or a careless user sends: each ends in a model or a located error, never a crash.</summary>
public sealed class HostileDocumentTests
{
    [Theory]
    [InlineData("[", "]")]
    [InlineData("{a: ", "}")]
    [InlineData("- ", "")]
    public void Deeply_nested_yaml_is_a_located_error_not_a_stack_overflow(string open, string close)
    {
        // 200 KB of nesting: enough to overflow the stack of a recursive reader.
        var n = 200_000 / open.Length;
        var text = open.Length == 2 && open == "- "
            ? string.Concat(Enumerable.Range(0, 2000).Select(i => new string(' ', i * 2) + "-\n"))
            : string.Concat(Enumerable.Repeat(open, n)) + "x" + string.Concat(Enumerable.Repeat(close, n));

        var e = Assert.Throws<DocumentSyntaxException>(() => YamlDocumentReader.Read(text));

        Assert.True(e.Line >= 1 && e.Column >= 1, $"{e.Line}:{e.Column}");
        Assert.Contains("nested", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deeply_nested_json_is_a_located_error()
    {
        var text = new string('[', 100_000) + new string(']', 100_000);

        var e = Assert.Throws<DocumentSyntaxException>(() => JsonDocumentReader.Read(text));

        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void Nesting_within_the_limit_still_reads()
    {
        var text = new string('[', YamlDocumentReader.MaxDepth) + new string(']', YamlDocumentReader.MaxDepth);
        Assert.IsType<SequenceNode>(YamlDocumentReader.Read(text));
    }

    [Fact]
    public void Positions_on_one_long_line_of_json_are_exact()
    {
        var items = Enumerable.Range(0, 2000).Select(i => i % 3 == 0 ? "\"é中\"" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var text = "[" + string.Join(",", items) + "]";
        var root = (SequenceNode)JsonDocumentReader.Read(text)!;
        var column = 2;
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal((1, column), (root.Items[i].Line, root.Items[i].Column));
            column += items[i].Length + 1;
        }
    }

    [Fact]
    public void A_large_legitimate_yaml_model_is_not_refused_for_its_size()
    {
        // 700,000 written-out nodes: beyond what aliases may expand to, but not aliases.
        var lines = new List<string> { "schema: chokepoint/v1", "jurisdictions: [{id: US}]", "components:" };
        for (var i = 0; i < 50_000; i++)
        {
            lines.Add($"  - {{id: c{i}, layer: chip, providers: [{{jurisdiction: US, share: 0.5, source: s, as_of: 2024}}]}}");
        }

        var result = ModelLoader.Parse(string.Join("\n", lines), "big.yaml");

        Assert.DoesNotContain(result.Diagnostics, d => d.Code == DiagnosticCodes.MalformedSyntax);
        Assert.Equal(50_000, result.Model!.Components.Count);
    }

    [Fact]
    public void Any_yaml_like_text_reads_or_is_a_located_error() =>
        ReadsOrIsLocated("ab:- \n\t[]{},&*!|>'\"#?%@`~.0", 80, text => YamlDocumentReader.Read(text));

    [Fact]
    public void Any_json_like_text_reads_or_is_a_located_error() =>
        ReadsOrIsLocated("{}[]:,\"\\ \n0-1.eEtruefalsn/u", 60, text => JsonDocumentReader.Read(text));

    /// <summary>Random texts of these characters: each reads, or is a <see cref="DocumentSyntaxException"/>, and nothing else.</summary>
    private static void ReadsOrIsLocated(string characters, int length, Action<string> read) =>
        Gen.Char[characters].Array[0, length].Select(a => new string(a)).Sample(text =>
        {
            try
            {
                read(text);
            }
            catch (DocumentSyntaxException)
            {
            }
        }, iter: 20_000);

    [Fact]
    public void Any_yaml_like_text_loads_as_a_model_or_gives_findings_never_an_exception() =>
        Gen.OneOf(
            Gen.Char["ab:- \n[]{},&*!|>'\"#?%.0"].Array[0, 60].Select(a => new string(a)),
            Gen.Select(Gen.OneOf(Gen.Const("schema: chokepoint/v1\ncomponents:\n  - "), Gen.Const("jurisdictions: ")), Gen.Char["{}[]:, abid01\n-"].Array[0, 40]).Select((h, a) => h + new string(a)))
            .Sample(text => { ModelLoader.Parse(text, "fuzz.yaml"); }, iter: 5_000);
}
