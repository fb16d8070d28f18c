using System.Collections.Concurrent;

namespace Chokepoint.Testing;

/// <summary>
/// Temporary folders for tests, all deleted when the test process exits, so that a run leaves no
/// chokepoint-* folder behind even where a test cannot delete its own (a server still holding a file,
/// a failed assertion before the cleanup).
/// </summary>
internal static class TempFolders
{
    private static readonly ConcurrentBag<string> Made = [];

    static TempFolders() => AppDomain.CurrentDomain.ProcessExit += (_, _) => DeleteAll();

    /// <summary>A new empty folder under the temporary folder, named with <paramref name="prefix"/>.</summary>
    public static DirectoryInfo Create(string prefix)
    {
        var dir = Directory.CreateTempSubdirectory(prefix);
        Made.Add(dir.FullName);
        return dir;
    }

    private static void DeleteAll()
    {
        foreach (var dir in Made)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A folder still in use is left to the system's cleanup of the temporary folder.
            }
        }
    }
}
