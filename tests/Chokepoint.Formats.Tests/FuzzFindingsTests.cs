using Chokepoint.Formats.Eto;
using Chokepoint.Testing;

namespace Chokepoint.Formats.Tests;

/// <summary>Every input the fuzzing campaigns found (tests/models/fuzz, see its README), replayed: each now ends in a located refusal.</summary>
public sealed class FuzzFindingsTests
{
    private static readonly string[] EtoTables = ["inputs.csv", "providers.csv", "provision.csv", "sequence.csv", "stages.csv"];

    public static TheoryData<string> EtoFindings => new(Directory.GetFiles(Path.Combine(TestPaths.TestModels, "fuzz", "eto"), "*.txt").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(EtoFindings))]
    public void An_eto_finding_is_a_located_refusal_that_names_the_table(string file)
    {
        var folder = TempFolders.Create("chokepoint-eto-fuzz-").FullName;
        var parts = File.ReadAllText(Path.Combine(TestPaths.TestModels, "fuzz", "eto", file)).Split("--8<--\n");
        for (var i = 0; i < EtoTables.Length; i++)
        {
            File.WriteAllText(Path.Combine(folder, EtoTables[i]), i < parts.Length ? parts[i] : "");
        }

        var e = Assert.Throws<EtoFormatException>(() => EtoImporter.Import(folder));
        Assert.Matches(@"(inputs|providers|provision|sequence|stages)\.csv", e.Message);
        Assert.Contains("not readable as CSV", e.Message, StringComparison.Ordinal);
    }
}
