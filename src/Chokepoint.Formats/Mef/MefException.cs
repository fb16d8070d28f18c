namespace Chokepoint.Formats.Mef;

/// <summary>
/// An Open-PSA MEF file that cannot be read: malformed, hostile, unsupported or inconsistent.
/// The message names the file, the line and the element.
/// </summary>
public sealed class MefException : Exception
{
    public MefException()
    {
    }

    public MefException(string message)
        : base(message)
    {
    }

    public MefException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal MefException(string file, int line, string? element, string problem, Exception? inner = null)
        : base(Format(file, line, element, problem), inner)
    {
        File = file;
        Line = line;
        Element = element;
        Problem = problem;
    }

    /// <summary>The file name given to the reader.</summary>
    public string? File { get; }

    /// <summary>The 1-based line of the problem, or 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The element at fault, when there is one.</summary>
    public string? Element { get; }

    /// <summary>The problem, without the location.</summary>
    public string? Problem { get; }

    private static string Format(string file, int line, string? element, string problem)
    {
        var where = line > 0 ? $"{file}:{line}" : file;
        return element is null ? $"{where}: {problem}" : $"{where}: <{element}>: {problem}";
    }
}
