using System.Runtime.CompilerServices;

namespace Chokepoint.Testing;

/// <summary>
/// Approved-file snapshots: the text a test produces is compared with <c>Approved/NAME.approved.txt</c>
/// beside the test's source. On a difference the actual text is written to <c>NAME.received.txt</c>
/// and the test fails; to accept it, move the received file over the approved one (or run with
/// CHOKEPOINT_APPROVE=1, which does that for every snapshot).
/// </summary>
internal static class Approvals
{
    public static void Verify(string actual, string name, [CallerFilePath] string testFile = "") =>
        VerifyIn(Path.Combine(Path.GetDirectoryName(testFile)!, "Approved"), actual, name);

    /// <summary>The snapshots that more than one test project checks: tests/Shared/Approved.</summary>
    public static string SharedFolder => Path.Combine(TestPaths.RepoRoot, "tests", "Shared", "Approved");

    /// <summary>The approved text of a shared snapshot, for a test that must produce exactly it.</summary>
    public static string Shared(string name)
    {
        var path = Path.Combine(SharedFolder, name + ".approved.txt");
        Assert.True(File.Exists(path), $"no approved file {path}: run the command line's snapshot tests first (Chokepoint.Cli.Tests, VerbSnapshotTests).");
        return File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public static void VerifyIn(string dir, string actual, string name)
    {
        Directory.CreateDirectory(dir);
        var approved = Path.Combine(dir, name + ".approved.txt");
        var received = Path.Combine(dir, name + ".received.txt");
        var normalized = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Environment.GetEnvironmentVariable("CHOKEPOINT_APPROVE") == "1")
        {
            File.WriteAllText(approved, normalized);
        }

        if (File.Exists(approved) && File.ReadAllText(approved).Replace("\r\n", "\n", StringComparison.Ordinal) == normalized)
        {
            File.Delete(received);
            return;
        }

        File.WriteAllText(received, normalized);
        Assert.Fail(File.Exists(approved)
            ? $"snapshot '{name}' differs from {approved}; the new text is in {received}. Review it and move it over the approved file if it is right."
            : $"snapshot '{name}' has no approved file yet; the text is in {received}. Review it and rename it to {Path.GetFileName(approved)}.");
    }
}
