using System.Text.Json.Nodes;
using Chokepoint.Testing;

namespace Chokepoint.Cli.Tests.Commands;

public sealed class ExamplesCommandTests
{
    /// <summary>The curated stacks of the repository: examples/*.yaml (examples/eto needs data that is not shipped).</summary>
    private static readonly string[] Curated = [.. Directory.GetFiles(TestPaths.Examples, "*.yaml").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    [Fact]
    public void List_names_every_curated_stack_with_its_home_and_title()
    {
        var result = CliRunner.Run("examples", "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"{Curated.Length} example stacks", result.Out, StringComparison.Ordinal);
        Assert.Contains(result.Out.Split('\n'), l => l.Contains("korea-samsung", StringComparison.Ordinal) && l.Contains(" KR ", StringComparison.Ordinal)
            && l.Contains("Samsung Galaxy S flagship, South Korea", StringComparison.Ordinal));
        Assert.All(Curated, name => Assert.Contains($"  {name} ", result.Out, StringComparison.Ordinal));
        Assert.DoesNotContain("eto", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Examples_without_a_subcommand_lists_them()
    {
        Assert.Equal(CliRunner.Run("examples", "list").Out, CliRunner.Run("examples").Out);
    }

    [Fact]
    public void List_as_json_gives_each_stack_its_file_home_size_and_targets()
    {
        var result = CliRunner.Run("examples", "list", "--json");

        Assert.Equal(0, result.ExitCode);
        var examples = JsonNode.Parse(result.Out)!["examples"]!.AsArray();
        Assert.Equal(Curated, examples.Select(e => e!["name"]!.GetValue<string>()));
        var guangdong = examples.Single(e => e!["name"]!.GetValue<string>() == "guangdong-huawei")!;
        Assert.Equal("CN-GD", guangdong["home"]!.GetValue<string>());
        Assert.Equal("guangdong-huawei.yaml", guangdong["file"]!.GetValue<string>());
        Assert.Equal(68, guangdong["components"]!.GetValue<int>());
        Assert.Contains("huawei-ai-phone", guangdong["targets"]!.AsArray().Select(t => t!.GetValue<string>()));
    }

    [Fact]
    public void Copy_writes_the_stacks_with_their_library_and_the_copies_validate()
    {
        var dir = Path.Combine(Chokepoint.Testing.TempFolders.Create("chokepoint-examples-").FullName, "mine");

        var result = CliRunner.Run("examples", "copy", dir);

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir, "lib", "upstream.yaml")), result.All);
        Assert.False(Directory.Exists(Path.Combine(dir, "eto")));
        foreach (var name in Curated)
        {
            var copy = Path.Combine(dir, name + ".yaml");
            Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.Examples, name + ".yaml")), File.ReadAllText(copy));
            Assert.Equal(0, CliRunner.Run("validate", copy).ExitCode);
        }
    }

    [Fact]
    public void Copy_refuses_to_overwrite_and_copies_nothing_unless_forced()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-examples-").FullName;
        var mine = Path.Combine(dir, "korea-samsung.yaml");
        File.WriteAllText(mine, "my own edits\n");

        var refused = CliRunner.Run("examples", "copy", dir);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains($"{mine} already exists; nothing was copied. Pass --force", refused.Err, StringComparison.Ordinal);
        Assert.Equal("my own edits\n", File.ReadAllText(mine));
        Assert.Equal(["korea-samsung.yaml"], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));

        var forced = CliRunner.Run("examples", "copy", dir, "--force", "--json");

        Assert.Equal(0, forced.ExitCode);
        Assert.Equal(["korea-samsung.yaml"], JsonNode.Parse(forced.Out)!["overwritten"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.Examples, "korea-samsung.yaml")), File.ReadAllText(mine));
    }

    [Fact]
    public void Copy_onto_a_file_or_without_a_folder_exits_2_without_a_stack_trace()
    {
        var file = Path.Combine(Chokepoint.Testing.TempFolders.Create("chokepoint-examples-").FullName, "taken");
        File.WriteAllText(file, "");

        var onto = CliRunner.Run("examples", "copy", file);
        var missing = CliRunner.Run("examples", "copy");

        Assert.Equal(2, onto.ExitCode);
        Assert.Contains($"{file} is a file, not a folder", onto.Err, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("Run 'chokepoint examples copy --help' for usage.", missing.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", onto.All + missing.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Serve_with_an_examples_folder_that_does_not_exist_exits_2_naming_it()
    {
        var dir = Chokepoint.Testing.TempFolders.Create("chokepoint-examples-").FullName;
        var missing = Path.Combine(dir, "no-such-folder");

        var result = CliRunner.Run("serve", "--examples", missing, "--db", Path.Combine(dir, "store.db"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--examples: the folder {missing} does not exist", result.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(dir, "store.db")), "nothing is started or created");
    }
}
