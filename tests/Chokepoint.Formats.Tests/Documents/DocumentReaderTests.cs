using Chokepoint.Formats.Documents;

namespace Chokepoint.Formats.Tests.Documents;

public sealed class DocumentReaderTests
{
    [Fact]
    public void Yaml_positions_are_one_based_lines_and_columns()
    {
        var root = (MappingNode)YamlDocumentReader.Read("a: 1\nlist:\n  - x\n")!;
        var list = (SequenceNode)root.Entries[1].Value;
        Assert.Equal((1, 1), (root.Entries[0].Key.Line, root.Entries[0].Key.Column));
        Assert.Equal((3, 5), (list.Items[0].Line, list.Items[0].Column));
    }

    [Fact]
    public void Json_positions_are_one_based_lines_and_columns()
    {
        var root = (MappingNode)JsonDocumentReader.Read("{\n  \"a\": [1,\n   \"é\", 2]\n}")!;
        var list = (SequenceNode)root.Entries[0].Value;
        Assert.Equal((2, 3), (root.Entries[0].Key.Line, root.Entries[0].Key.Column));
        Assert.Equal((3, 9), (list.Items[2].Line, list.Items[2].Column));
    }

    [Fact]
    public void A_duplicate_key_is_a_located_error_in_yaml_and_json()
    {
        var yaml = Assert.Throws<DocumentSyntaxException>(() => YamlDocumentReader.Read("a: 1\nb: 2\na: 3\n"));
        var json = Assert.Throws<DocumentSyntaxException>(() => JsonDocumentReader.Read("{\"a\": 1,\n \"a\": 2}"));
        Assert.Equal(3, yaml.Line);
        Assert.Equal(2, json.Line);
    }

    [Fact]
    public void Anchors_and_aliases_are_expanded()
    {
        var root = (MappingNode)YamlDocumentReader.Read("a: &x [1, 2]\nb: *x\n")!;
        Assert.Same(root.Entries[0].Value, root.Entries[1].Value);
    }

    [Fact]
    public void A_billion_laughs_document_is_refused_quickly()
    {
        var lines = new List<string> { "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]" };
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]");
        }

        var e = Assert.Throws<DocumentSyntaxException>(() => YamlDocumentReader.Read(string.Join("\n", lines)));
        Assert.Contains("billion", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_yaml_documents_in_one_file_are_refused()
    {
        var e = Assert.Throws<DocumentSyntaxException>(() => YamlDocumentReader.Read("a: 1\n---\nb: 2\n"));
        Assert.Contains("more than one", e.Message, StringComparison.Ordinal);
    }
}
