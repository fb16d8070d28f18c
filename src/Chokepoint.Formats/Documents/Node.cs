namespace Chokepoint.Formats.Documents;

/// <summary>
/// A parsed YAML or JSON document as a plain tree that remembers where each node was written, so
/// every later message can point at a file, line and column.
/// </summary>
public abstract class Node
{
    protected Node(int line, int column)
    {
        Line = line;
        Column = column;
    }

    /// <summary>1-based line of the node's first character.</summary>
    public int Line { get; }

    /// <summary>1-based column of the node's first character.</summary>
    public int Column { get; }

    /// <summary>A short name of the node's kind for messages: "a mapping", "a list", "a value".</summary>
    public abstract string Kind { get; }
}

/// <summary>A scalar as written. <see cref="Quoted"/> is true for quoted YAML scalars and JSON strings.</summary>
public sealed class ScalarNode(string value, bool quoted, int line, int column) : Node(line, column)
{
    public string Value { get; } = value;
    public bool Quoted { get; } = quoted;

    /// <summary>True for YAML's plain <c>~</c>, <c>null</c> or empty scalar, and for JSON <c>null</c>.</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";

    public override string Kind => "a value";
}

/// <summary>A list.</summary>
public sealed class SequenceNode(IReadOnlyList<Node> items, int line, int column) : Node(line, column)
{
    public IReadOnlyList<Node> Items { get; } = items;
    public override string Kind => "a list";
}

/// <summary>A mapping whose keys are scalars, in the order written.</summary>
public sealed class MappingNode(IReadOnlyList<KeyValuePair<ScalarNode, Node>> entries, int line, int column) : Node(line, column)
{
    public IReadOnlyList<KeyValuePair<ScalarNode, Node>> Entries { get; } = entries;
    public override string Kind => "a mapping";
}

/// <summary>A syntax error at a position in a document.</summary>
public sealed class DocumentSyntaxException(string message, int line, int column) : Exception(message)
{
    public int Line { get; } = line;
    public int Column { get; } = column;
}
