using System.Runtime.CompilerServices;

namespace Chokepoint.Testing;

/// <summary>Where the repository, its examples, and the shared reference data are, seen from a test.</summary>
internal static class TestPaths
{
    /// <summary>The repository root: the folder holding Chokepoint.slnx.</summary>
    public static string RepoRoot { get; } = FindRoot();

    public static string Examples => Path.Combine(RepoRoot, "examples");

    /// <summary>tests/models: fixtures the tests read, such as the broken models.</summary>
    public static string TestModels => Path.Combine(RepoRoot, "tests", "models");

    /// <summary>
    /// The shared reference data (../shared/data beside the repository, or CHOKEPOINT_SHARED_DATA).
    /// When it is missing the test fails under CI=true and is skipped otherwise, with a message saying so.
    /// </summary>
    public static string SharedData(string subfolder)
    {
        var root = Environment.GetEnvironmentVariable("CHOKEPOINT_SHARED_DATA") is { Length: > 0 } env
            ? env
            : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data"));
        var path = Path.Combine(root, subfolder);
        if (Directory.Exists(path))
        {
            return path;
        }

        Missing($"reference data not found at {path}; set CHOKEPOINT_SHARED_DATA to the shared data folder.");
        return path;
    }

    /// <summary>
    /// Something a test needs is not on this machine: the test fails under CI=true, where everything
    /// must be installed, and is skipped otherwise, with <paramref name="message"/> saying what to do.
    /// </summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Missing(string message)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        throw new InvalidOperationException(message);   // not reached: Assert.Skip throws
    }

    private static string FindRoot([CallerFilePath] string here = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(here) ?? "" })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Chokepoint.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("Chokepoint.slnx not found above the test assembly.");
    }
}
