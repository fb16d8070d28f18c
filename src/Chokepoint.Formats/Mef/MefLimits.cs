namespace Chokepoint.Formats.Mef;

/// <summary>Limits that keep a hostile MEF file from using unbounded time or memory.</summary>
public sealed record MefLimits
{
    /// <summary>The default: 32 Mi characters, nesting depth 64, 500,000 elements.</summary>
    public static readonly MefLimits Default = new();

    /// <summary>The most characters the document may have.</summary>
    public long MaxCharacters { get; init; } = 32L * 1024 * 1024;

    /// <summary>The deepest element nesting allowed.</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>The most elements the document may have.</summary>
    public int MaxElements { get; init; } = 500_000;
}
