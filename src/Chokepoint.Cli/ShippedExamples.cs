namespace Chokepoint.Cli;

/// <summary>
/// The curated example stacks that ship with chokepoint: copied next to the assembly by the build,
/// so they are found the same way in a clone, a build output and an installed tool.
/// </summary>
internal static class ShippedExamples
{
    /// <summary>The folder of the shipped stacks (<c>examples/</c> beside the assembly), with their includes.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "examples");

    /// <summary>The stacks themselves: the top-level model files, ordered by name; includes live in subfolders.</summary>
    public static IReadOnlyList<string> Stacks() =>
        [.. Directory.GetFiles(Existing(), "*.yaml").Order(StringComparer.Ordinal)];

    /// <summary>Every shipped file (stacks, their includes, the notes on their sources), relative to <see cref="Folder"/>, with '/' separators.</summary>
    public static IReadOnlyList<string> Files()
    {
        var folder = Existing();
        return [.. Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    private static string Existing()
    {
        var folder = Folder;
        return Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"the shipped examples are missing from {folder}; reinstall chokepoint (dotnet tool update) or build it again.");
    }
}
