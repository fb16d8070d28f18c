namespace Chokepoint.Formats.CycloneDx;

/// <summary>
/// A CycloneDX SBOM that cannot be imported: malformed JSON, a spec version outside 1.4–1.6, a
/// value of the wrong type, a dependency on an unknown component. The message names the file,
/// the line and the column.
/// </summary>
public sealed class CycloneDxException : Exception
{
    public CycloneDxException()
    {
    }

    public CycloneDxException(string message)
        : base(message)
    {
    }

    public CycloneDxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal CycloneDxException(string file, int line, int column, string problem, Exception? inner = null)
        : base(line > 0 ? $"{file}:{line}:{column}: {problem}" : $"{file}: {problem}", inner)
    {
        File = file;
        Line = line;
        Column = column;
        Problem = problem;
    }

    /// <summary>The file name given to the importer.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the problem, or 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The problem, without the location.</summary>
    public string? Problem { get; }
}
