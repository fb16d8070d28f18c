namespace Chokepoint.Formats.Tests;

/// <summary>
/// Finds ../shared/data next to the repository (the folder holding Chokepoint.slnx), or CHOKEPOINT_SHARED_DATA.
/// The data is never copied into the repository. When it is missing a test skips, except on CI (CI=true) where
/// it fails, so a broken checkout cannot pass silently.
/// </summary>
internal static class SharedData
{
    public static string Require(params string[] parts)
    {
        var root = Environment.GetEnvironmentVariable("CHOKEPOINT_SHARED_DATA") ?? FromRepository();
        var path = Path.Combine([root ?? "", .. parts]);
        if (root is not null && (Directory.Exists(path) || File.Exists(path)))
        {
            return path;
        }

        var message = $"Shared data not found at '{path}'. Set CHOKEPOINT_SHARED_DATA or check out ../shared/data next to the repository.";
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(message);
        }

        Assert.Skip(message);
        return path;
    }

    private static string? FromRepository()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Chokepoint.slnx")))
            {
                return Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "data"));
            }
        }

        return null;
    }
}
