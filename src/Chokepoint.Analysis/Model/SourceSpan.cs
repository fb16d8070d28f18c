namespace Chokepoint.Analysis.Model;

/// <summary>A position in a model file: 1-based line and column.</summary>
public readonly record struct SourcePosition(int Line, int Column);

/// <summary>
/// Where a model element was written: the file, the element's path inside that file's document
/// (such as <c>components[12].providers[1]</c>), its position, and the positions of its fields.
/// Models built in code have no span; validation then reports paths in the merged model.
/// </summary>
public sealed record SourceSpan(string File, string Path, SourcePosition Position)
{
    /// <summary>Positions of the element's fields by key, so a message can point at <c>share</c> itself.</summary>
    public IReadOnlyDictionary<string, SourcePosition> Fields { get; init; } = new Dictionary<string, SourcePosition>();

    /// <summary>The position of <paramref name="field"/>, or of the element when the field was not written.</summary>
    public SourcePosition PositionOf(string? field) =>
        field is not null && Fields.TryGetValue(field, out var p) ? p : Position;
}

/// <summary>A model element that may remember where it was written.</summary>
public interface ILocated
{
    /// <summary>Where the element was read from, or null for a model built in code.</summary>
    SourceSpan? Span { get; }
}
