namespace Chokepoint.Cli.Output;

/// <summary>Writing result files so that a failure never leaves half a file behind.</summary>
internal static class FileOutput
{
    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    public static void WriteAtomically(string path, string text) => WriteAtomically(path, temp => File.WriteAllText(temp, text));

    /// <summary>Writes bytes (a workbook) the same way.</summary>
    public static void WriteAtomically(string path, byte[] bytes) => WriteAtomically(path, temp => File.WriteAllBytes(temp, bytes));

    private static void WriteAtomically(string path, Action<string> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new CliInputException($"cannot write {path}: the folder {dir} does not exist.");
        }

        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            write(temp);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new CliInputException($"cannot write {path}: {e.Message}");
        }
    }
}
