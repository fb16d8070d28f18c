namespace Chokepoint.Cli.Output;

/// <summary>Writing result files so that a failure never leaves half a file behind.</summary>
internal static class FileOutput
{
    /// <summary>Writes to a temporary file beside <paramref name="path"/>, then renames it into place.</summary>
    public static void WriteAtomically(string path, string text)
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
            File.WriteAllText(temp, text);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temp);
            throw new CliInputException($"cannot write {path}: {e.Message}");
        }
    }
}
