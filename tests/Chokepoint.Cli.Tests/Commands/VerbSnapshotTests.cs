using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

/// <summary>
/// Every verb's text and JSON output for the requests of <see cref="VerbCase.All"/>, kept as approved
/// files in tests/Shared/Approved. The service's tests hold its answers to the same requests to the
/// JSON files, so the two adapters cannot drift apart.
/// </summary>
public sealed class VerbSnapshotTests
{
    public static TheoryData<string> Cases => [.. VerbCase.All.Select(c => c.Name)];

    private static VerbCase Case(string name) => VerbCase.All.Single(c => c.Name == name);

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_json_output_is_the_approved_one(string name)
    {
        var c = Case(name);
        if (c.Cli[0] == "export")
        {
            return; // export writes its own formats (CSV, DOT, MEF): the text snapshot is the output.
        }

        var result = CliRunner.Run([.. c.Cli, "--json"]);
        Assert.True(result.ExitCode == 0, result.All);
        Approvals.VerifyIn(Approvals.SharedFolder, VerbCase.Scrub(result.Out), $"verb-{name}-json");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void The_text_output_is_the_approved_one(string name)
    {
        var result = CliRunner.Run(Case(name).Cli);
        Assert.True(result.ExitCode == 0, result.All);
        Approvals.VerifyIn(Approvals.SharedFolder, VerbCase.Scrub(result.Out), $"verb-{name}");
    }
}
