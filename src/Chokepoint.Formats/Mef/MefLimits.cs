namespace Chokepoint.Formats.Mef;

/// <summary>Limits that keep a hostile MEF file from using unbounded time or memory.</summary>
public sealed record MefLimits
{
    /// <summary>The default: 64 MiB of characters, nesting depth 64, one million elements.</summary>
    public static readonly MefLimits Default = new();

    /// <summary>The most characters the document may have.</summary>
    public long MaxCharacters { get; init; } = 64L * 1024 * 1024;

    /// <summary>The deepest element nesting allowed.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most elements the document may have.</summary>
    public int MaxElements { get; init; } = 1_000_000;
}
